// SPDX-License-Identifier: GPL-3.0-or-later
// Roles, two planners on one store, and failed actions a planner can see, retry or abandon.
#include "SimOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "audit/AuditTrail.h"
#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
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

// Answers chosen requests as an overloaded server or a rate-limiting proxy would (503, 429 with
// Retry-After) without passing them on; everything else goes to Odoo.
class FlakyTransport final : public odoo::OdooTransport {
public:
    struct Fault {
        QByteArray bodyContains;
        int status = 503;
        QByteArray retryAfter;
        int times = 1; // -1: for ever
    };
    explicit FlakyTransport(odoo::OdooTransport *inner)
        : m_inner(inner) {}
    void inject(const Fault &f) { m_faults.append(f); }
    void clear() { m_faults.clear(); }
    int applied() const { return m_applied; }
    void send(const odoo::TransportRequest &request, Callback done) override {
        for (Fault &f : m_faults) {
            if (f.times == 0 || !request.body.contains(f.bodyContains))
                continue;
            if (f.times > 0)
                --f.times;
            ++m_applied;
            odoo::TransportReply r;
            r.httpStatus = f.status;
            r.contentType = "text/html";
            r.body = "<html><body>Service unavailable</body></html>";
            r.retryAfter = f.retryAfter;
            QMetaObject::invokeMethod(
                this, [done, r] { done(r); }, Qt::QueuedConnection);
            return;
        }
        m_inner->send(request, std::move(done));
    }
    void cancelAll() override { m_inner->cancelAll(); }

private:
    odoo::OdooTransport *m_inner;
    QList<Fault> m_faults;
    int m_applied = 0;
};

// A signed-in Odoo connection for `login` (password = login in the lab fixture).
struct Odoo {
    odoo::ConnectionProfile profile;
    std::unique_ptr<odoo::HttpOdooTransport> transport;
    std::unique_ptr<FlakyTransport> flaky;
    std::unique_ptr<odoo::OdooClient> client;

    Odoo(const QUrl &url, const QString &login) {
        profile.url = url;
        profile.database = QStringLiteral("o2c");
        profile.login = login;
        profile.secret = login;
        transport = std::make_unique<odoo::HttpOdooTransport>(profile);
        flaky = std::make_unique<FlakyTransport>(transport.get());
        client = std::make_unique<odoo::OdooClient>(profile, flaky.get());
    }
    bool signIn() {
        bool done = false, ok = false;
        client->authenticate([&](const odoo::OdooError &e) {
            done = true;
            ok = !e.isError();
        });
        return QTest::qWaitFor([&] { return done; }, 10000) && ok;
    }
};

// Runs the executor until it is idle with nothing left to send soon; returns the outcomes.
QList<QList<QVariant>> runAll(ActionExecutor &executor, int timeoutMs = 20000) {
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);
    QSignalSpy idle(&executor, &ActionExecutor::idle);
    executor.runPending();
    if (!QTest::qWaitFor([&] { return !idle.isEmpty() && !executor.isBusy(); }, timeoutMs))
        qWarning("the executor did not become idle within %d ms", timeoutMs);
    QList<QList<QVariant>> out;
    for (const auto &f : finished)
        out.append(f);
    return out;
}

QString reservationOf(sim::Simulator &s, qint64 mo) {
    return s.database()
        .value(QStringLiteral("mrp.production"), mo, QStringLiteral("reservation_state"))
        .toString();
}

bool hasHoldTag(sim::Simulator &s, const OrderRef &o) {
    for (qint64 t : s.database()
                        .value(QStringLiteral("sale.order"), o.id, QStringLiteral("tag_ids"))
                        .value<QList<qint64>>())
        if (s.database().value(QStringLiteral("crm.tag"), t, QStringLiteral("name")).toString() ==
            QLatin1String("HOLD"))
            return true;
    return false;
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
        QVERIFY(!planner.settingsRefusal().isEmpty());
        QVERIFY(leadDesk.settingsRefusal().isEmpty());
        QSignalSpy rulesChanged(&planner, &ActionDesk::duplicateRulesChanged);
        const QByteArray rules = R"({"thresholds": {"duplicate": 5.0, "suspect": 1.5}})";
        QVERIFY(leadDesk.changeDuplicateRules(rules).ok);
        QCOMPARE(leadDesk.duplicateRules(), rules);
        QTRY_VERIFY_WITH_TIMEOUT(!rulesChanged.isEmpty(), 2000);
        QCOMPARE(planner.duplicateRules(), rules);
        QVERIFY(!leadDesk.changeDuplicateRules("{not json").ok);
        const auto inverted =
            leadDesk.changeDuplicateRules(R"({"thresholds": {"duplicate": 1.0, "suspect": 3.0}})");
        QVERIFY(!inverted.ok);
        QVERIFY2(inverted.message.contains(QLatin1String("suspect")), qPrintable(inverted.message));
        QCOMPARE(leadDesk.duplicateRules(), rules);
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

    // Soft hold (confirmed order) and hard hold (quotation) placed and released through the
    // outbox, outside any resolution: one effect each in Odoo, reservations back afterwards.
    void holdAndReleaseThroughTheOutbox_data() { test::addStoreRows(); }
    void holdAndReleaseThroughTheOutbox() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        QVERIFY(odoo.signIn());
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, odoo.client.get(), me);

        const OrderRef confirmed = test::makeOrder(*m_sim, true, QStringLiteral("PO-SOFT"));
        const OrderRef quote = test::makeOrder(*m_sim, false, QStringLiteral("PO-HARD"));
        const QList<qint64> mos = test::productionsOf(*m_sim, confirmed);
        QCOMPARE(mos.size(), 1);
        QCOMPARE(reservationOf(*m_sim, mos.first()), QStringLiteral("assigned"));

        QVERIFY(desk.hold({}, confirmed, QStringLiteral("customer credit check")).ok);
        QVERIFY(desk.hold({}, quote, QStringLiteral("waiting for the drawing")).ok);
        for (const auto &f : runAll(executor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        // Soft: a HOLD activity on the MO, its components unreserved, one note.
        QCOMPARE(test::holdActivitiesOn(*m_sim, mos.first()), 1);
        QCOMPARE(reservationOf(*m_sim, mos.first()), QStringLiteral("confirmed"));
        QCOMPARE(test::notesOn(*m_sim, confirmed, QStringLiteral("manufacturing held")), 1);
        // Hard: still a quotation, tagged HOLD, one note, no manufacturing.
        QCOMPARE(test::stateOf(*m_sim, QStringLiteral("sale.order"), quote.id),
                 QStringLiteral("draft"));
        QVERIFY(hasHoldTag(*m_sim, quote));
        QCOMPARE(test::productionsOf(*m_sim, quote).size(), 0);

        // Holding again is refused from Odoo's state: nothing is sent twice.
        const auto again = desk.hold({}, confirmed, QStringLiteral("twice"));
        const auto againQuote = desk.hold({}, quote, QStringLiteral("twice"));
        QVERIFY(again.ok && againQuote.ok);
        for (const auto &f : runAll(executor))
            QVERIFY(!f.at(1).toBool());
        QVERIFY2(desk.action(again.actionId)->lastError.contains(QLatin1String("HOLD activity")),
                 qPrintable(desk.action(again.actionId)->lastError));
        QVERIFY2(
            desk.action(againQuote.actionId)->lastError.contains(QLatin1String("already held")),
            qPrintable(desk.action(againQuote.actionId)->lastError));
        QCOMPARE(desk.action(again.actionId)->failure, QStringLiteral("permanent"));
        QCOMPARE(test::holdActivitiesOn(*m_sim, mos.first()), 1);
        QCOMPARE(test::notesOn(*m_sim, quote, QStringLiteral("manufacturing held")), 1);
        QVERIFY(desk.abandon(again.actionId, QStringLiteral("held already")).ok);
        QVERIFY(desk.abandon(againQuote.actionId, QStringLiteral("held already")).ok);

        QVERIFY(desk.release({}, confirmed).ok);
        QVERIFY(desk.release({}, quote).ok);
        for (const auto &f : runAll(executor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        QCOMPARE(test::holdActivitiesOn(*m_sim, mos.first()), 0);
        QCOMPARE(reservationOf(*m_sim, mos.first()), QStringLiteral("assigned"));
        QCOMPARE(test::notesOn(*m_sim, confirmed, QStringLiteral("hold released")), 1);
        QCOMPARE(test::stateOf(*m_sim, QStringLiteral("sale.order"), quote.id),
                 QStringLiteral("sale"));
        QVERIFY(!hasHoldTag(*m_sim, quote));
        QCOMPARE(test::productionsOf(*m_sim, quote).size(), 1);
        QCOMPARE(test::notesOn(*m_sim, quote, QStringLiteral("hold released")), 1);
        QCOMPARE(desk.actions({ActionState::Done}).size(), 4);
        QVERIFY(AuditTrail(*store).verify().intact);
    }

    // A quotation held in the cockpit (tagged HOLD) and confirmed in Odoo anyway: its hold is
    // a breach, and releasing it takes the tag off (it has no HOLD activity to mark done).
    void releasingABreachedHardHoldRemovesTheTag() {
        O2C_FRESH_STORE(QStringLiteral("sqlite"), m_dir, config, store);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        QVERIFY(odoo.signIn());
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, odoo.client.get(), me);
        const OrderRef quote = test::makeOrder(*m_sim, false, QStringLiteral("PO-BREACH"));
        QVERIFY(desk.hold({}, quote, QStringLiteral("waiting for the drawing")).ok);
        for (const auto &f : runAll(executor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        QVERIFY(hasHoldTag(*m_sim, quote));
        m_sim->flow().confirmOrder(quote.id); // someone confirms it in Odoo
        QCOMPARE(test::stateOf(*m_sim, QStringLiteral("sale.order"), quote.id),
                 QStringLiteral("sale"));

        QVERIFY(desk.release({}, quote).ok);
        for (const auto &f : runAll(executor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        QVERIFY(!hasHoldTag(*m_sim, quote));
        QCOMPARE(test::notesOn(*m_sim, quote, QStringLiteral("hold released")), 1);
        // Released: a second release is refused from Odoo's state, nothing sent.
        const auto again = desk.release({}, quote);
        QVERIFY(again.ok);
        for (const auto &f : runAll(executor))
            QVERIFY(!f.at(1).toBool());
        // Said once, without a read failure that did not happen.
        const QString refused = desk.action(again.actionId)->lastError;
        QVERIFY2(refused.startsWith(quote.name + QStringLiteral(" is not held in Odoo")),
                 qPrintable(refused));
        QCOMPARE(refused.count(QStringLiteral("nothing was sent")), 1);
        QCOMPARE(test::notesOn(*m_sim, quote, QStringLiteral("hold released")), 1);
    }

    // The hold service with an outbox: the decision goes through the desk and the executor,
    // and who held it and why come from the store, also for a service started afterwards.
    void holdServiceUsesTheOutbox() {
        O2C_FRESH_STORE(QStringLiteral("sqlite"), m_dir, config, store);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        QVERIFY(odoo.signIn());
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, odoo.client.get(), me);
        const OrderRef quote = test::makeOrder(*m_sim, false, QStringLiteral("PO-SVC"));
        CanonicalOrder o;
        o.id = QStringLiteral("odoo:o2c:sale.order:%1").arg(quote.id);
        o.saleOrderId = quote.id;
        o.saleOrderName = quote.name;
        o.saleState = QStringLiteral("draft");
        o.amountTotal = quote.amountTotal;
        o.deriveStage();
        OrderBook book;
        book.upsert({o});
        MrpHoldService holds(odoo.client.get(), &book);
        holds.attachOutbox(&desk, &executor);
        QSignalSpy ok(&holds, &MrpHoldService::actionSucceeded);
        QSignalSpy failed(&holds, &MrpHoldService::actionFailed);
        holds.hold(o.id, QStringLiteral("drawing missing"));
        QVERIFY(holds.isBusy(o.id));
        QTRY_VERIFY_WITH_TIMEOUT(!ok.isEmpty() || !failed.isEmpty(), 10000);
        QVERIFY(failed.isEmpty());
        QVERIFY(hasHoldTag(*m_sim, quote));
        QCOMPARE(desk.actions({ActionState::Done}).size(), 1);
        QCOMPARE(desk.actions().first().kind, ActionKind::Hold);
        QVERIFY(holds.holdOf(o.id));
        QCOMPARE(holds.holdOf(o.id)->heldBy, QStringLiteral("planner"));

        // Another cockpit (or this one after a restart) reads the hold from Odoo and the reason
        // from the outbox.
        o.tags = {QStringLiteral("HOLD")};
        OrderBook later;
        later.upsert({o});
        MrpHoldService restarted(odoo.client.get(), &later);
        QCOMPARE(restarted.holdOf(o.id)->reason, QStringLiteral("tagged HOLD in Odoo"));
        restarted.attachOutbox(&desk, nullptr);
        QCOMPARE(restarted.holdOf(o.id)->reason, QStringLiteral("drawing missing"));
        QCOMPARE(restarted.holdOf(o.id)->heldBy, QStringLiteral("planner"));

        // A refusal of the desk (a release above the threshold for a planner) reaches the caller.
        const auto lead = ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2);
        ActionDesk leadDesk(*store, lead);
        QVERIFY(leadDesk.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        QVERIFY(leadDesk.setMemberRole(QStringLiteral("planner"), Role::Planner).ok);
        QVERIFY(leadDesk.setReleaseLeadThreshold(quote.amountTotal - 1).ok);
        failed.clear();
        holds.release(o.id);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().at(1).value<odoo::OdooError>().message.contains(
                     QLatin1String("needs a lead")),
                 qPrintable(failed.first().at(1).value<odoo::OdooError>().message));
    }

    // A transient failure (429 with Retry-After, a 503) is sent again by itself with backoff,
    // the next attempt stored; a permanent one (Odoo's access error) stops at once with Odoo's
    // words and waits for a planner.
    void transientFailuresAreRetriedPermanentOnesWait_data() { test::addStoreRows(); }
    void transientFailuresAreRetriedPermanentOnesWait() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        FlakyTransport &proxy = *odoo.flaky;
        QVERIFY(odoo.signIn());
        odoo::RetryPolicy once;
        once.maxAttempts = 1; // the client sends once; the outbox does the retrying
        odoo.client->setRetryPolicy(once);
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, odoo.client.get(), me);
        ActionExecutor::Backoff backoff;
        backoff.baseDelayMs = 200;
        backoff.maxAttempts = 4;
        executor.setBackoff(backoff);

        const OrderRef o = test::makeOrder(*m_sim, false, QStringLiteral("PO-RETRY"));
        FlakyTransport::Fault limited;
        limited.status = 429;
        limited.retryAfter = "1";
        limited.bodyContains = "message_post";
        proxy.inject(limited);
        FlakyTransport::Fault down;
        down.status = 503;
        down.bodyContains = "message_post";
        proxy.inject(down);
        const auto queued = desk.comment({}, o, QStringLiteral("please check the drawing"));
        QVERIFY(queued.ok);
        QSignalSpy finished(&executor, &ActionExecutor::actionFinished);
        QElapsedTimer clock;
        clock.start();
        executor.runPending();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
        QVERIFY(!finished.first().at(1).toBool());
        auto a = desk.action(queued.actionId);
        QCOMPARE(actionStateKey(a->state), QStringLiteral("retrying"));
        QCOMPARE(a->failure, QStringLiteral("transient"));
        const QDateTime next = QDateTime::fromString(a->nextAttemptAt, Qt::ISODateWithMs);
        QVERIFY(next.isValid());
        // Retry-After: 1 is honoured, however small the backoff drew.
        QVERIFY2(QDateTime::fromString(a->updatedAt, Qt::ISODateWithMs).msecsTo(next) >= 900,
                 qPrintable(a->nextAttemptAt));
        QVERIFY2(a->lastError.contains(QLatin1String("sent again by itself")),
                 qPrintable(a->lastError));
        // The executor wakes up by itself, meets the 503, then succeeds.
        QTRY_VERIFY_WITH_TIMEOUT(desk.action(queued.actionId)->state == ActionState::Done, 15000);
        QVERIFY(clock.elapsed() >= 1000);
        a = desk.action(queued.actionId);
        QCOMPARE(a->attempts, 3);
        QCOMPARE(proxy.applied(), 2);
        QCOMPARE(test::notesOn(*m_sim, o, QStringLiteral("please check the drawing")), 1);

        // Attempts run out: failed, marked transient, waiting for a planner.
        FlakyTransport::Fault always = down;
        always.times = -1;
        proxy.inject(always);
        const auto doomed = desk.comment({}, o, QStringLiteral("second note"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                executor.runPending();
                return desk.action(doomed.actionId)->state == ActionState::Failed;
            }(),
            20000);
        a = desk.action(doomed.actionId);
        QCOMPARE(a->attempts, backoff.maxAttempts);
        QCOMPARE(a->failure, QStringLiteral("transient"));
        QVERIFY2(a->lastError.contains(QLatin1String("in 4 attempt")), qPrintable(a->lastError));
        proxy.clear();
        QVERIFY(desk.retry(doomed.actionId).ok);
        QCOMPARE(desk.action(doomed.actionId)->attempts, 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                executor.runPending();
                return desk.action(doomed.actionId)->state == ActionState::Done;
            }(),
            10000);

        // Each planner's actions go out with their own Odoo rights: the planner's executor
        // leaves the monitor's action alone; the monitor's own cockpit sends it.
        Odoo monitor(m_sim->url(), QStringLiteral("monitor"));
        QVERIFY(monitor.signIn());
        const Actor mon = person(QStringLiteral("monitor"), Role::Planner);
        ActionDesk monDesk(*store, mon);
        ActionExecutor monExecutor(*store, monitor.client.get(), mon);
        const auto theirs = monDesk.comment({}, o, QStringLiteral("from the monitor"));
        QVERIFY(theirs.ok);
        runAll(executor, 2000);
        QCOMPARE(desk.action(theirs.actionId)->state, ActionState::Queued);
        QCOMPARE(test::notesOn(*m_sim, o, QStringLiteral("from the monitor")), 0);
        for (const auto &f : runAll(monExecutor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        QCOMPARE(test::notesOn(*m_sim, o, QStringLiteral("from the monitor")), 1);

        // Permanent: the monitor may not read another salesman's order (a record rule, Odoo's
        // AccessError): the hold stops at once with Odoo's words and waits for a planner.
        const auto denied = monDesk.hold({}, o, QStringLiteral("monitor's hold"));
        QVERIFY(denied.ok);
        runAll(monExecutor);
        a = desk.action(denied.actionId);
        QCOMPARE(actionStateKey(a->state), QStringLiteral("failed"));
        QCOMPARE(a->failure, QStringLiteral("permanent"));
        QCOMPARE(a->attempts, 1);
        QVERIFY(a->nextAttemptAt.isEmpty());
        QVERIFY2(a->lastError.contains(QLatin1String("Sales Order")), qPrintable(a->lastError));
        QVERIFY(!hasHoldTag(*m_sim, o));
        QVERIFY(AuditTrail(*store).verify().intact);
    }

    // Leads see the open escalations and answer them; the answer is audited and written to the
    // orders' chatter; a second lead deciding the same escalation is told who was first.
    void leadsDecideEscalations_data() { test::addStoreRows(); }
    void leadsDecideEscalations() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionDesk setup(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("admin"), 2));
        QVERIFY(setup.setMemberRole(QStringLiteral("admin"), Role::Lead).ok);
        QVERIFY(setup.setMemberRole(QStringLiteral("leo"), Role::Lead).ok);
        QVERIFY(setup.setMemberRole(QStringLiteral("planner"), Role::Planner).ok);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        QVERIFY(odoo.signIn());
        const Actor planner = ActionDesk::actorFor(*store, {}, QStringLiteral("planner"), 9);
        ActionDesk desk(*store, planner);
        ActionExecutor executor(*store, odoo.client.get(), planner);
        const OrderRef a = test::makeOrder(*m_sim, false, QStringLiteral("PO-ESC"));
        const OrderRef b = test::makeOrder(*m_sim, false, QStringLiteral("PO-ESC"));
        QVERIFY(
            desk.escalate(QStringLiteral("c-esc"), {a, b}, QStringLiteral("same PO, two sites?"))
                .ok);
        runAll(executor);
        QList<Escalation> open = desk.escalations();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().clusterId, QStringLiteral("c-esc"));
        QCOMPARE(open.first().raisedBy, QStringLiteral("planner"));
        QCOMPARE(open.first().orders.size(), 2);
        QCOMPARE(open.first().orders.at(1).id, b.id);
        const auto notLead = desk.decideEscalation(open.first().id, true, {});
        QVERIFY(!notLead.ok);
        QVERIFY2(notLead.message.contains(QLatin1String("Only a lead")),
                 qPrintable(notLead.message));

        QString error;
        auto other = Store::open(config, &error);
        QVERIFY2(other, qPrintable(error));
        ActionDesk lena(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("admin"), 2));
        ActionDesk leo(*other, ActionDesk::actorFor(*other, {}, QStringLiteral("leo"), 3));
        QSignalSpy leoSees(&leo, &ActionDesk::escalationsChanged);
        QVERIFY(!lena.decideEscalation(open.first().id, false, {}).ok); // decline needs a why
        const auto approved =
            lena.decideEscalation(open.first().id, true, QStringLiteral("cancel the second"));
        QVERIFY2(approved.ok, qPrintable(approved.message));
        QTRY_VERIFY_WITH_TIMEOUT(!leoSees.isEmpty(), 2000);
        const auto late = leo.decideEscalation(open.first().id, false, QStringLiteral("no"));
        QVERIFY(!late.ok);
        QVERIFY2(late.message.contains(QLatin1String("already approved by admin")),
                 qPrintable(late.message));
        QVERIFY(desk.escalations().isEmpty());
        const QList<Escalation> all = desk.escalations(false);
        QCOMPARE(all.first().state, QStringLiteral("approved"));
        QCOMPARE(all.first().decidedBy, QStringLiteral("admin"));
        QCOMPARE(all.first().note, QStringLiteral("cancel the second"));

        // The answer reaches both orders' chatter once, sent with the lead's own Odoo login.
        Odoo lenaOdoo(m_sim->url(), QStringLiteral("admin"));
        QVERIFY(lenaOdoo.signIn());
        ActionExecutor lenaExecutor(*store, lenaOdoo.client.get(), lena.actor());
        for (const auto &f : runAll(lenaExecutor))
            QVERIFY2(f.at(1).toBool(), qPrintable(f.at(2).toString()));
        QCOMPARE(test::notesOn(*m_sim, a, QStringLiteral("approved by admin")), 1);
        QCOMPARE(test::notesOn(*m_sim, b, QStringLiteral("approved by admin")), 1);
        QVERIFY(AuditTrail(*store).verify().intact);
    }

    // A claim lapses after the configured time without activity, and a handover passes or
    // releases claims; the other planner sees either within 2 s.
    void claimsLapseAndAreHandedOver_data() { test::addStoreRows(); }
    void claimsLapseAndAreHandedOver() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        QString error;
        auto second = Store::open(config, &error);
        QVERIFY2(second, qPrintable(error));
        ActionDesk alice(*store, person(QStringLiteral("alice"), Role::Lead));
        ActionDesk bob(*second, person(QStringLiteral("bob"), Role::Planner));
        QCOMPARE(alice.claimExpirySeconds(), 7200);
        QVERIFY(!bob.setClaimExpirySeconds(1).ok);
        QVERIFY(alice.setClaimExpirySeconds(2).ok);
        QCOMPARE(bob.claimExpirySeconds(), 2);

        QVERIFY(alice.claim(QStringLiteral("c-1")).ok);
        QVERIFY(!bob.claim(QStringLiteral("c-1")).ok);
        // Activity keeps the claim: alice comments after 1.2 s, the claim is still hers at 2.4 s.
        QTest::qWait(1200);
        QVERIFY(alice
                    .comment(QStringLiteral("c-1"), order(1, QStringLiteral("S1")),
                             QStringLiteral("looking"))
                    .ok);
        QTest::qWait(1200);
        QCOMPARE(bob.claimOf(QStringLiteral("c-1"))->claimedBy, QStringLiteral("alice"));
        QTest::qWait(1000);
        // Lapsed: gone for bob at once, removed (audited) by the next sweep of any cockpit.
        QVERIFY(!bob.claimOf(QStringLiteral("c-1")));
        QSignalSpy bobSees(&bob, &ActionDesk::claimsChanged);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(alice.expireClaims(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!bobSees.isEmpty(), 2000);
        qInfo("%s: lapsed claim seen by the other planner after %lld ms", qPrintable(kind),
              clock.elapsed());
        QVERIFY(bob.claim(QStringLiteral("c-1")).ok);
        QVERIFY(AuditTrail(*store).verify().intact);

        // Handover at the end of bob's shift: to alice, then alice releases hers.
        QVERIFY(bob.claim(QStringLiteral("c-2")).ok);
        QVERIFY(!bob.handOverClaims(QStringLiteral("bob")).ok);
        QSignalSpy aliceSees(&alice, &ActionDesk::claimsChanged);
        clock.restart();
        const auto handed = bob.handOverClaims(QStringLiteral("alice"));
        QVERIFY2(handed.ok, qPrintable(handed.message));
        QVERIFY2(handed.message.contains(QLatin1String("c-1")) &&
                     handed.message.contains(QLatin1String("c-2")),
                 qPrintable(handed.message));
        QTRY_VERIFY_WITH_TIMEOUT(!aliceSees.isEmpty(), 2000);
        qInfo("%s: handover seen after %lld ms", qPrintable(kind), clock.elapsed());
        QCOMPARE(alice.claimOf(QStringLiteral("c-2"))->claimedBy, QStringLiteral("alice"));
        QVERIFY(alice.handOverClaims().ok);
        QVERIFY(alice.claims().isEmpty());
        QVERIFY(AuditTrail(*store).verify().intact);
    }

    // An action Odoo refuses stays failed with Odoo's reason; retry reads Odoo first, abandon
    // ends it.
    void failedActionsCanBeRetriedOrAbandoned_data() { test::addStoreRows(); }
    void failedActionsCanBeRetriedOrAbandoned() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        Odoo odoo(m_sim->url(), QStringLiteral("planner"));
        QVERIFY(odoo.signIn());
        const Actor me = person(QStringLiteral("planner"), Role::Planner);
        ActionDesk desk(*store, me);
        ActionExecutor executor(*store, odoo.client.get(), me);

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
