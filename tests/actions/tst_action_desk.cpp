// SPDX-License-Identifier: GPL-3.0-or-later
// Roles, two planners on one store, and failed actions a planner can see, retry or abandon.
#include "SimOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "audit/AuditTrail.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>

using namespace o2c;

namespace {
Actor person(const QString &login, Role role) {
    return {login + QStringLiteral("-os"), login, 9, role};
}
OrderRef order(qint64 id, const QString &name, double amount = 100) {
    return {id, name, amount};
}
} // namespace

class TestActionDesk final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<sim::Simulator> m_sim;

private slots:
    void initTestCase() { m_sim = test::startSimulator(); }

    void rolesAreEnforced_data() { test::addStoreRows(); }
    void rolesAreEnforced() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        // The first user of an empty store is its lead and names the others.
        Actor lead = ActionDesk::actorFor(*store, QStringLiteral("os"), QStringLiteral("lena"), 2);
        QCOMPARE(lead.role, Role::Lead);
        ActionDesk leadDesk(*store, lead);
        QVERIFY(leadDesk.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        QVERIFY(leadDesk.setMemberRole(QStringLiteral("paul"), Role::Planner).ok);
        QVERIFY(leadDesk.setReleaseLeadThreshold(5000).ok);
        QCOMPARE(ActionDesk::actorFor(*store, {}, QStringLiteral("paul"), 9).role, Role::Planner);
        QCOMPARE(ActionDesk::actorFor(*store, {}, QStringLiteral("vera"), 8).role, Role::Viewer);

        ActionDesk viewer(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("vera"), 8));
        const auto seen = viewer.comment({}, order(1, QStringLiteral("S1")), QStringLiteral("x"));
        QVERIFY(!seen.ok);
        QVERIFY2(seen.message.contains(QLatin1String("viewer")), qPrintable(seen.message));
        QVERIFY(!viewer.claim(QStringLiteral("c")).ok);

        ActionDesk planner(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("paul"), 9));
        QVERIFY(planner.release({}, order(2, QStringLiteral("S2"), 4999)).ok);
        const auto big = planner.release({}, order(3, QStringLiteral("S3"), 12500));
        QVERIFY(!big.ok);
        QVERIFY2(big.message.contains(QLatin1String("needs a lead")) &&
                     big.message.contains(QLatin1String("12500.00")) &&
                     big.message.contains(QLatin1String("5000.00")),
                 qPrintable(big.message));
        QVERIFY(!planner.changeDuplicateRules("{}").ok);
        QVERIFY(!planner.setMemberRole(QStringLiteral("paul"), Role::Lead).ok);
        QVERIFY(leadDesk.release({}, order(3, QStringLiteral("S3"), 12500)).ok);
        QVERIFY(leadDesk.changeDuplicateRules(R"({"threshold": 0.8})").ok);
        QCOMPARE(leadDesk.duplicateRules(), QByteArray(R"({"threshold": 0.8})"));
        QVERIFY(!leadDesk.changeDuplicateRules("{not json").ok);
        QVERIFY(AuditTrail(*store).verify().intact);
    }

    // Two cockpits on one store: a claim shows at the other within 2 s; of two resolutions of
    // the same cluster one wins and the other planner is told who decided what.
    void twoPlannersOnOneStore_data() { test::addStoreRows(); }
    void twoPlannersOnOneStore() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        QString error;
        auto second = Store::open(config, &error); // the other cockpit's own connection
        QVERIFY2(second, qPrintable(error));
        ActionDesk alice(*store, person(QStringLiteral("alice"), Role::Planner));
        ActionDesk bob(*second, person(QStringLiteral("bob"), Role::Planner));
        QSignalSpy bobSees(&bob, &ActionDesk::claimsChanged);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(alice.claim(QStringLiteral("c-1")).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!bobSees.isEmpty(), 2000);
        const qint64 ms = clock.elapsed();
        QCOMPARE(bob.claimOf(QStringLiteral("c-1"))->claimedBy, QStringLiteral("alice"));
        qInfo("%s: claim visible to the other planner after %lld ms", qPrintable(kind), ms);

        const auto blocked =
            bob.resolveCluster(QStringLiteral("c-1"), order(1, QStringLiteral("S1")),
                               {order(2, QStringLiteral("S2"))});
        QVERIFY(!blocked.ok);
        QVERIFY2(blocked.message.contains(QLatin1String("claimed by alice")),
                 qPrintable(blocked.message));

        // Unclaimed cluster: both decide; the first wins.
        QVERIFY(alice
                    .resolveCluster(QStringLiteral("c-2"), order(3, QStringLiteral("S3")),
                                    {order(4, QStringLiteral("S4"))})
                    .ok);
        const auto lost = bob.markDistinct(
            QStringLiteral("c-2"), {order(3, QStringLiteral("S3")), order(4, QStringLiteral("S4"))},
            QStringLiteral("different sites"));
        QVERIFY(!lost.ok);
        QVERIFY2(lost.message.contains(QLatin1String("alice")), qPrintable(lost.message));
        QCOMPARE(bob.decisionOf(QStringLiteral("c-2"))->survivor, QStringLiteral("S3"));
        // An order with another planner's open action cannot be acted on by a second one.
        const auto busy = bob.hold({}, order(4, QStringLiteral("S4")), QStringLiteral("check"));
        QVERIFY(!busy.ok);
        QVERIFY2(busy.message.contains(QLatin1String("by alice")), qPrintable(busy.message));
        QVERIFY(!bob.unclaim(QStringLiteral("c-1")).ok);
        QVERIFY(alice.unclaim(QStringLiteral("c-1")).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!bob.claimOf(QStringLiteral("c-1")), 2000);
    }

    // An action Odoo refuses stays failed with Odoo's reason; retry reads Odoo first, abandon
    // ends it.
    void failedActionsCanBeRetriedOrAbandoned_data() { test::addStoreRows(); }
    void failedActionsCanBeRetriedOrAbandoned() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        odoo::ConnectionProfile p;
        p.url = m_sim->url();
        p.database = QStringLiteral("o2c");
        p.login = QStringLiteral("planner");
        p.secret = QStringLiteral("planner");
        odoo::HttpOdooTransport transport(p);
        odoo::OdooClient client(p, &transport);
        bool signedIn = false;
        client.authenticate([&](const odoo::OdooError &) { signedIn = true; });
        QTRY_VERIFY(signedIn);
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, &client, me);

        m_sim->flow().setOnHand(64, 0); // so confirming makes a manufacturing order
        const OrderRef keep = test::makeOrder(*m_sim, false, QStringLiteral("PO-77"));
        const OrderRef dup = test::makeOrder(*m_sim, true, QStringLiteral("PO-77"));
        const qint64 mo = test::productionsOf(*m_sim, dup).value(0);
        QVERIFY(mo > 0);
        // Production finished behind our back: cancelling the MO is no longer possible and the
        // cancel-MO step is skipped; the order itself is still cancelled.
        m_sim->flow().markDone(mo);
        const auto queued = desk.resolveCluster(QStringLiteral("c-9"), keep, {dup});
        QVERIFY(queued.ok);
        QSignalSpy finished(&executor, &ActionExecutor::actionFinished);
        executor.runPending();
        QTRY_VERIFY(!finished.isEmpty());
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(test::stateOf(*m_sim, QStringLiteral("sale.order"), dup.id),
                 QStringLiteral("cancel"));
        QCOMPARE(test::stateOf(*m_sim, QStringLiteral("mrp.production"), mo),
                 QStringLiteral("done"));

        // Holding the cancelled duplicate: Odoo's state refuses it, the action fails visibly.
        const auto ghost = desk.hold({}, dup, QStringLiteral("late check"));
        QVERIFY(ghost.ok);
        finished.clear();
        executor.runPending();
        QTRY_VERIFY(!finished.isEmpty());
        QVERIFY(!finished.first().at(1).toBool());
        const auto failed = desk.actions({ActionState::Failed});
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().id, ghost.actionId);
        QVERIFY2(failed.first().lastError.contains(QLatin1String("is cancel in Odoo")),
                 qPrintable(failed.first().lastError));
        QVERIFY(!desk.retry(queued.actionId).ok); // done actions are not retried
        QVERIFY(desk.retry(ghost.actionId).ok);
        finished.clear();
        executor.runPending();
        QTRY_VERIFY(!finished.isEmpty());
        QVERIFY(!finished.first().at(1).toBool());
        const auto abandoned = desk.abandon(ghost.actionId, QStringLiteral("order deleted"));
        QVERIFY2(abandoned.ok, qPrintable(abandoned.message));
        QCOMPARE(desk.actions({ActionState::Failed}).size(), 0);
        QCOMPARE(desk.actions({ActionState::Abandoned}).size(), 1);
        QVERIFY(AuditTrail(*store).verify().intact);
    }
};

QTEST_GUILESS_MAIN(TestActionDesk)
#include "tst_action_desk.moc"
