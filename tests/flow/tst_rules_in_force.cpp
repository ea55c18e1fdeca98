// SPDX-License-Identifier: GPL-3.0-or-later
// The team's duplicate rules, changed by a lead through the action desk, take effect in the
// running order book: clusters appear and disappear, the list follows, bad rules are refused.

#include "ClusterListModel.h"
#include "TestOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace o2c;
using o2c::ui::ClusterListModel;

namespace {

// Two orders of one customer, same products a minute apart, but under different purchase order
// numbers: the built-in rules list them as suspects, not as duplicates.
QList<CanonicalOrder> suspectPair() {
    CanonicalOrder a = testorders::make(1, OrderStage::Confirmed, 90, QStringLiteral("Velo AG"));
    CanonicalOrder b = testorders::make(2, OrderStage::Confirmed, 90, QStringLiteral("Velo AG"));
    b.customer.partnerId = a.customer.partnerId;
    return {a, b};
}

QByteArray thresholds(double duplicate, double suspect) {
    return QStringLiteral(R"({"thresholds": {"duplicate": %1, "suspect": %2}})")
        .arg(duplicate, 0, 'g', 17)
        .arg(suspect, 0, 'g', 17)
        .toUtf8();
}

Actor lead(Store &store, const QString &login) {
    return ActionDesk::actorFor(store, {}, login, 2); // made a lead by the test's setup
}

} // namespace

class TstRulesInForce final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Screen {
        OrderBook book;
        ClusterListModel list;
        Screen()
            : list([this](const QString &id) { return book.order(id); }) {
            QObject::connect(&book, &OrderBook::clustersChanged, &list,
                             &ClusterListModel::applyDelta);
        }
    };

    static double pairScore(const OrderBook &book) {
        const auto a = book.duplicates().assess(QStringLiteral("odoo:test:sale.order:1"),
                                                QStringLiteral("odoo:test:sale.order:2"));
        return a ? a->score : qQNaN();
    }

private slots:
    void thresholdChangeShowsAndHidesTheCluster_data() { test::addStoreRows(); }
    void thresholdChangeShowsAndHidesTheCluster() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionDesk setup(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(setup.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        ActionDesk desk(*store, lead(*store, QStringLiteral("lena")));

        Screen s;
        s.book.upsert(suspectPair());
        s.book.followTeamRules(&desk);
        QCOMPARE(s.book.duplicates().clusters().size(), 1);
        QCOMPARE(s.list.rowCount(), 1);
        const double score = pairScore(s.book);
        const DuplicateRules builtIn = DuplicateRules::defaults();
        QVERIFY2(score >= builtIn.weights.suspectThreshold &&
                     score < builtIn.weights.duplicateThreshold,
                 qPrintable(QString::number(score)));

        // Raised above the pair's score: no cluster, on the book and in the list.
        QSignalSpy applied(&s.book, &OrderBook::duplicateRulesApplied);
        QVERIFY(desk.changeDuplicateRules(thresholds(score + 3, score + 1)).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 3000);
        QCOMPARE(s.book.duplicates().rules().weights.suspectThreshold, score + 1);
        QCOMPARE(s.book.duplicates().clusters().size(), 0);
        QCOMPARE(s.list.rowCount(), 0);
        QVERIFY(s.book.duplicateRulesSince().isValid());

        // Lowered below it so far that the pair counts as a duplicate: back, as a duplicate.
        applied.clear();
        QVERIFY(desk.changeDuplicateRules(thresholds(score - 0.5, score - 1)).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 3000);
        const auto clusters = s.book.duplicates().clusters();
        QCOMPARE(clusters.size(), 1);
        QCOMPARE(clusters.first().kind, ClusterKind::Duplicate);
        QCOMPARE(s.list.rowCount(), 1);
        QCOMPARE(clusters.first().members.size(), 2);
    }

    // A second cockpit (its own store connection and desk) changes the rules: this one applies
    // them too; a planner's "distinct" decision survives the change.
    void anotherCockpitsChangeIsApplied_data() { test::addStoreRows(); }
    void anotherCockpitsChangeIsApplied() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionDesk setup(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(setup.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        ActionDesk mine(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("paul"), 9));

        QString error;
        std::unique_ptr<Store> otherStore = Store::open(config, &error);
        QVERIFY2(otherStore, qPrintable(error));
        ActionDesk other(*otherStore, lead(*otherStore, QStringLiteral("lena")));

        Screen s;
        s.book.upsert(suspectPair());
        s.book.followTeamRules(&mine);
        QCOMPARE(s.list.rowCount(), 1);
        const double score = pairScore(s.book);

        QVERIFY(other.changeDuplicateRules(thresholds(score + 3, score + 1)).ok);
        QTRY_COMPARE_WITH_TIMEOUT(s.list.rowCount(), 0, 5000);
        QCOMPARE(s.book.duplicates().rules().weights.suspectThreshold, score + 1);

        // Back to the built-in rules, after a planner said the two are distinct: still no cluster.
        s.book.markDistinct(QStringLiteral("odoo:test:sale.order:1"),
                            QStringLiteral("odoo:test:sale.order:2"));
        QVERIFY(other.changeDuplicateRules(DuplicateRules::defaultJson()).ok);
        QTRY_COMPARE_WITH_TIMEOUT(s.book.duplicates().rules().weights.suspectThreshold,
                                  builtInSuspect(), 5000);
        QCOMPARE(s.book.duplicates().clusters().size(), 0);
        QCOMPARE(s.list.rowCount(), 0);
        const auto assessed = s.book.duplicates().assess(QStringLiteral("odoo:test:sale.order:1"),
                                                         QStringLiteral("odoo:test:sale.order:2"));
        QVERIFY(assessed && assessed->markedDistinct);
    }

    // A cluster a planner claimed and escalated keeps its id over a change of the team's rules,
    // so the claim and the escalation stay on the orders they were about. The younger pair
    // forms first and takes C-000001: a rebuild numbering from scratch (oldest order first)
    // would give that id to the older pair.
    void claimAndEscalationStayAttached_data() { test::addStoreRows(); }
    void claimAndEscalationStayAttached() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionDesk setup(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(setup.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        ActionDesk desk(*store, lead(*store, QStringLiteral("lena")));

        Screen s;
        CanonicalOrder a =
            testorders::make(10, OrderStage::Confirmed, 90, QStringLiteral("Rad KG"));
        CanonicalOrder b =
            testorders::make(11, OrderStage::Confirmed, 90, QStringLiteral("Rad KG"));
        b.customer.partnerId = a.customer.partnerId;
        s.book.upsert({a, b});
        s.book.upsert(suspectPair());
        s.book.followTeamRules(&desk);
        const QString claimed = s.book.duplicates().clusterOf(a.id)->id;
        QCOMPARE(claimed, QStringLiteral("C-000001"));
        QCOMPARE(s.list.rowCount(), 2);
        QVERIFY(desk.claim(claimed).ok);
        const QList<OrderRef> refs{{a.saleOrderId, a.saleOrderName, a.amountTotal},
                                   {b.saleOrderId, b.saleOrderName, b.amountTotal}};
        QVERIFY(desk.escalate(claimed, refs, QStringLiteral("Same frames twice?")).ok);

        // Both pairs become duplicates under the new rules.
        const double score = pairScore(s.book);
        QSignalSpy applied(&s.book, &OrderBook::duplicateRulesApplied);
        QVERIFY(desk.changeDuplicateRules(thresholds(score - 0.5, score - 1)).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 5000);
        const auto now = s.book.duplicates().clusterOf(a.id);
        QVERIFY(now);
        QCOMPARE(now->kind, ClusterKind::Duplicate);
        QCOMPARE(now->id, claimed);
        QCOMPARE(now->members, QStringList({a.id, b.id}));
        QVERIFY(s.book.duplicates().clusterOf(QStringLiteral("odoo:test:sale.order:1"))->id !=
                claimed);
        const auto claim = desk.claimOf(claimed);
        QVERIFY(claim);
        QCOMPARE(claim->claimedBy, QStringLiteral("lena"));
        const QList<Escalation> open = desk.escalations();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().clusterId, now->id);
        // The list shows the claimed cluster under its id, with the new kind.
        QCOMPARE(s.list.rowCount(), 2);
        bool listed = false;
        for (int row = 0; row < s.list.rowCount(); ++row)
            if (s.list.clusterAt(row)->id == claimed) {
                listed = true;
                QCOMPARE(s.list.clusterAt(row)->members, now->members);
                QCOMPARE(s.list.clusterAt(row)->kind, ClusterKind::Duplicate);
            }
        QVERIFY(listed);
    }

    // Rules the engine cannot read (written by another program into the team store) are refused
    // with the problem named; the rules in force and their clusters stay.
    void invalidRulesAreRefused() {
        const QString kind = QStringLiteral("sqlite");
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionDesk setup(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(setup.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        ActionDesk desk(*store, lead(*store, QStringLiteral("lena")));

        Screen s;
        s.book.upsert(suspectPair());
        s.book.followTeamRules(&desk);
        const double score = pairScore(s.book);
        QSignalSpy applied(&s.book, &OrderBook::duplicateRulesApplied);
        QVERIFY(desk.changeDuplicateRules(thresholds(score - 0.5, score - 1)).ok);
        QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty(), 3000);
        QCOMPARE(s.book.duplicates().clusters().first().kind, ClusterKind::Duplicate);

        // The desk refuses bad rules itself; one that reached the store anyway is refused here.
        QSignalSpy refused(&s.book, &OrderBook::duplicateRulesRefused);
        QVERIFY(
            store->exec(QStringLiteral("UPDATE settings SET value = ?, updated_at = ? WHERE "
                                       "key = 'duplicate_rules'"),
                        {QStringLiteral(R"({"thresholds": {"duplicate": 1.0, "suspect": 3.0}})"),
                         QStringLiteral("2099-01-01T00:00:00.000Z")},
                        &error_));
        store->notify(QStringLiteral("settings"), QStringLiteral("duplicate_rules"));
        QTRY_VERIFY_WITH_TIMEOUT(!refused.isEmpty(), 3000);
        const QString message = refused.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("suspect")), qPrintable(message));
        QCOMPARE(s.book.duplicates().rules().weights.suspectThreshold, score - 1);
        QCOMPARE(s.book.duplicates().clusters().size(), 1);
        QCOMPARE(s.list.rowCount(), 1);

        const QString direct = s.book.applyDuplicateRules("{not json");
        QVERIFY(!direct.isEmpty());
        QCOMPARE(s.book.duplicates().rules().weights.suspectThreshold, score - 1);
        QCOMPARE(s.list.rowCount(), 1);
    }

private:
    static double builtInSuspect() { return DuplicateRules::defaults().weights.suspectThreshold; }
    QString error_;
};

QTEST_MAIN(TstRulesInForce)
#include "tst_rules_in_force.moc"
