// SPDX-License-Identifier: GPL-3.0-or-later
// New duplicate rules are put in force off the GUI thread: the window stays responsive, the
// engine in force serves meanwhile, changes made during the rebuild reach the new engine, a
// later change supersedes an earlier one, and the clusters keep the ids planners worked on.

#include "dedup/DuplicateEngine.h"
#include "demand/DemandGenerator.h"
#include "flow/OrderBook.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace o2c;
using o2c::sim::DemandGenerator;

namespace {

// An order of customer `customer` (partner 500 + customer), two lines, created `minute` minutes
// into the day. Two of them for one customer a minute apart under different purchase orders are
// suspects under the built-in rules; under the same purchase order, duplicates.
CanonicalOrder order(int n, int customer, int minute, const QString &ref) {
    CanonicalOrder o;
    o.id = QStringLiteral("odoo:test:sale.order:%1").arg(n);
    o.saleOrderId = n;
    o.saleOrderName = QStringLiteral("S%1").arg(n, 5, 10, QLatin1Char('0'));
    o.channel = Channel::Edi;
    o.customer.partnerId = 500 + customer;
    o.customer.name = QStringLiteral("Customer number %1").arg(customer);
    o.customerRef = ref;
    o.amountTotal = 90;
    o.currency = QStringLiteral("EUR");
    o.createdAt = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC).addSecs(60 * minute);
    o.shipTo = QStringLiteral("Werkstr. 1, 70173 Stuttgart");
    o.saleState = QStringLiteral("sale");
    o.stage = OrderStage::Confirmed;
    o.lines = {OrderLine{QStringLiteral("FR-100"), 1, QStringLiteral("Frame"), 10,
                         QStringLiteral("Units"), 4.0},
               OrderLine{QStringLiteral("WH-200"), 2, QStringLiteral("Wheel"), 20,
                         QStringLiteral("Units"), 2.5}};
    return o;
}

QString id(int n) {
    return QStringLiteral("odoo:test:sale.order:%1").arg(n);
}

// Orders from the demand generator (with its duplicates), created before the hand-made ones.
QList<CanonicalOrder> generated(int count) {
    DemandGenerator gen(7, QDateTime(QDate(2026, 1, 5), QTime(6, 0), Qt::UTC), 120.0);
    QList<CanonicalOrder> out;
    out.reserve(count);
    for (int i = 0; i < count; ++i)
        out.append(gen.next().order);
    return out;
}

DuplicateRules suspectAt(double threshold) {
    DuplicateRules r = DuplicateRules::defaults();
    r.weights.suspectThreshold = threshold;
    return r;
}

QStringList membersOf(const OrderBook &book, const QString &orderId) {
    const auto c = book.duplicates().clusterOf(orderId);
    return c ? c->members : QStringList{};
}

bool waitApplied(QSignalSpy &applied, int timeoutMs = 60000) {
    return !applied.isEmpty() || applied.wait(timeoutMs);
}

} // namespace

class TstOrderBookRebuild final : public QObject {
    Q_OBJECT

private slots:
    // setDuplicateRules returns at once; the engine in force serves its clusters until the new
    // one is swapped in, and the event loop keeps turning meanwhile.
    void rebuildLeavesTheEventLoopFree() {
        OrderBook book;
        book.upsert(generated(60000));
        const QList<DuplicateCluster> before =
            book.duplicates().clusters(DuplicateEngine::EvidenceText::Deferred);
        QVERIFY(before.size() > 100);

        QSignalSpy applying(&book, &OrderBook::duplicateRulesApplying);
        QSignalSpy applied(&book, &OrderBook::duplicateRulesApplied);
        QElapsedTimer clock;
        qint64 last = 0, longest = 0;
        int ticks = 0;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(1);
        connect(&probe, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longest = std::max(longest, now - last);
            last = now;
            ++ticks;
        });
        clock.start();
        probe.start();
        book.setDuplicateRules(suspectAt(2.5));

        QCOMPARE(applying.size(), 1);
        QVERIFY(applied.isEmpty());
        QVERIFY(book.applyingDuplicateRules());
        QCOMPARE(book.duplicates().rules().weights.suspectThreshold,
                 DuplicateRules::defaults().weights.suspectThreshold);
        QCOMPARE(book.duplicates().clusters(DuplicateEngine::EvidenceText::Deferred), before);

        QVERIFY(waitApplied(applied));
        probe.stop();
        const qint64 total = clock.elapsed();
        QVERIFY(!book.applyingDuplicateRules());
        QCOMPARE(book.duplicates().rules().weights.suspectThreshold, 2.5);
        // A frozen window gets no tick until the end; this one kept handling events, with no
        // pause near the length of the whole change (generous: the machine is shared).
        QVERIFY2(ticks >= 5, qPrintable(QString::number(ticks)));
        QVERIFY2(
            longest * 2 < total || longest < 60,
            qPrintable(QStringLiteral("longest pause %1 ms of %2 ms").arg(longest).arg(total)));
        const OrderBook::RulesChangeFigures f = book.lastRulesChange();
        QCOMPARE(f.orders, book.size());
        QVERIFY(f.slices >= 1);
        QVERIFY(f.clusters > 0);
    }

    // Orders that arrive, change or go while the rebuild runs, and a planner's decision taken
    // meanwhile, are all in the new engine.
    void changesDuringTheRebuildReachTheNewEngine() {
        OrderBook book;
        book.upsert(generated(20000));
        // A duplicate pair that is there before the change, one of whose orders goes during it.
        book.upsert(
            {order(1, 1, 0, QStringLiteral("PO-1")), order(2, 1, 1, QStringLiteral("PO-1"))});
        QCOMPARE(membersOf(book, id(1)).size(), 2);

        QSignalSpy applied(&book, &OrderBook::duplicateRulesApplied);
        book.setDuplicateRules(suspectAt(0.5));
        // During the copy of the orders:
        book.upsert(
            {order(3, 3, 10, QStringLiteral("PO-3")), order(4, 3, 11, QStringLiteral("PO-3"))});
        book.remove({id(2)});
        QTest::qWait(30);
        // Later, while the worker takes the orders in or lists its clusters:
        book.upsert(
            {order(5, 5, 20, QStringLiteral("PO-5")), order(6, 5, 21, QStringLiteral("PO-5")),
             order(7, 7, 30, QStringLiteral("PO-7")), order(8, 7, 31, QStringLiteral("PO-7"))});
        book.markDistinct(id(7), id(8));
        QVERIFY(applied.isEmpty());
        QVERIFY(waitApplied(applied));

        QCOMPARE(book.duplicates().rules().weights.suspectThreshold, 0.5);
        QCOMPARE(membersOf(book, id(3)), QStringList({id(3), id(4)}));
        QCOMPARE(membersOf(book, id(5)), QStringList({id(5), id(6)}));
        QVERIFY(membersOf(book, id(1)).isEmpty());
        QVERIFY(!book.duplicates().assess(id(1), id(2))); // order 2 is gone from the engine
        QCOMPARE(book.duplicates().orderCount(), book.size());
        QVERIFY(membersOf(book, id(7)).isEmpty()); // marked distinct during the rebuild
        const auto pair = book.duplicates().assess(id(7), id(8));
        QVERIFY(pair && pair->markedDistinct);
    }

    // The views hear of every cluster under the new rules in one delta, in step with the engine.
    void theDeltaListsTheNewClusters() {
        OrderBook book;
        book.upsert(generated(5000));
        QHash<QString, DuplicateCluster> shown; // what a view holds
        for (const DuplicateCluster &c : book.duplicates().clusters())
            shown.insert(c.id, c);
        connect(&book, &OrderBook::clustersChanged, this, [&](const ClusterDelta &d) {
            for (const QString &r : d.removed)
                shown.remove(r);
            for (const QString &r : d.expired)
                shown.remove(r);
            for (const DuplicateCluster &c : d.changed)
                shown.insert(c.id, c);
        });
        QSignalSpy applied(&book, &OrderBook::duplicateRulesApplied);
        book.setDuplicateRules(suspectAt(3.0));
        QTest::qWait(5);
        book.upsert(
            {order(11, 11, 0, QStringLiteral("PO-11")), order(12, 11, 1, QStringLiteral("PO-11"))});
        QVERIFY(waitApplied(applied));
        const QList<DuplicateCluster> now = book.duplicates().clusters();
        QCOMPARE(shown.size(), now.size());
        for (const DuplicateCluster &c : now) {
            QVERIFY2(shown.contains(c.id), qPrintable(c.id));
            QCOMPARE(shown.value(c.id).members, c.members);
            QCOMPARE(shown.value(c.id).kind, c.kind);
            QVERIFY(!shown.value(c.id).summary.isEmpty()); // the words, for the list
        }
    }

    // A second change while the first is under way wins; the first never comes into force.
    void aLaterChangeSupersedes() {
        OrderBook book;
        book.upsert(generated(20000));
        QSignalSpy applying(&book, &OrderBook::duplicateRulesApplying);
        QSignalSpy applied(&book, &OrderBook::duplicateRulesApplied);
        book.setDuplicateRules(suspectAt(2.0));
        QTest::qWait(40); // the worker under way, or the copy still going
        QVERIFY(applied.isEmpty());
        book.setDuplicateRules(suspectAt(1.5));
        QCOMPARE(applying.size(), 2);
        QVERIFY(waitApplied(applied));
        QCOMPARE(book.duplicates().rules().weights.suspectThreshold, 1.5);
        QTest::qWait(200);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(book.duplicates().rules().weights.suspectThreshold, 1.5);

        // Back to the rules in force while a change is on its way: the change is dropped.
        applied.clear();
        QByteArray json = R"({"thresholds": {"suspect": 1.5}})";
        QVERIFY(book.applyDuplicateRules(json).isEmpty()); // recorded as the rules in force
        QVERIFY(waitApplied(applied));
        applied.clear();
        book.setDuplicateRules(suspectAt(3.0));
        QVERIFY(book.applyDuplicateRules(json).isEmpty());
        QVERIFY(!book.applyingDuplicateRules());
        QCOMPARE(applied.size(), 1);
        QTest::qWait(200);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(book.duplicates().rules().weights.suspectThreshold, 1.5);
    }

    // A cluster keeps its id over a change of rules, even where a rebuild from scratch would
    // number the clusters otherwise (by the age of their orders, not by when they formed);
    // a cluster formed by the new rules takes a number no cluster ever had.
    void clusterIdsAreCarriedOver() {
        OrderBook book;
        // The younger pair first: it forms C-000001, the older pair C-000002.
        book.upsert(
            {order(3, 3, 100, QStringLiteral("PO-3")), order(4, 3, 101, QStringLiteral("PO-3"))});
        book.upsert(
            {order(1, 1, 0, QStringLiteral("PO-1")), order(2, 1, 1, QStringLiteral("PO-1"))});
        // A suspect pair (different purchase orders), and a pair that is too weak for a cluster.
        book.upsert(
            {order(5, 5, 200, QStringLiteral("PO-5a")), order(6, 5, 201, QStringLiteral("PO-5b"))});
        CanonicalOrder weakA = order(7, 7, 300, QStringLiteral("PO-7a"));
        CanonicalOrder weakB = order(8, 7, 300 + 60 * 30, QStringLiteral("PO-7b"));
        weakB.amountTotal = 900;
        book.upsert({weakA, weakB});
        const QString younger = book.duplicates().clusterOf(id(3))->id;
        const QString older = book.duplicates().clusterOf(id(1))->id;
        const QString suspect = book.duplicates().clusterOf(id(5))->id;
        QCOMPARE(younger, QStringLiteral("C-000001"));
        QCOMPARE(older, QStringLiteral("C-000002"));
        QVERIFY(!book.duplicates().clusterOf(id(7)));
        const auto weak = book.duplicates().assess(id(7), id(8));
        QVERIFY(weak && !weak->flagged);
        quint32 highest = 0;
        for (const DuplicateCluster &c : book.duplicates().clusters())
            highest = std::max(highest, DuplicateEngine::clusterNumber(c.id));

        // Every pair flagged now, the weak one too.
        QSignalSpy applied(&book, &OrderBook::duplicateRulesApplied);
        book.setDuplicateRules(suspectAt(weak->score - 0.5));
        QVERIFY(waitApplied(applied));
        QCOMPARE(book.duplicates().clusterOf(id(3))->id, younger);
        QCOMPARE(book.duplicates().clusterOf(id(1))->id, older);
        QCOMPARE(book.duplicates().clusterOf(id(5))->id, suspect);
        const auto formed = book.duplicates().clusterOf(id(7));
        QVERIFY(formed);
        QVERIFY2(DuplicateEngine::clusterNumber(formed->id) > highest, qPrintable(formed->id));
        QVERIFY(book.lastRulesChange().carried >= 3);
    }

    // The engine's rule for carrying ids: most shared members first, each old id once, ties to
    // the lower old number, fresh numbers from the one given.
    void carryRuleOfTheEngine() {
        DuplicateEngine engine;
        for (const CanonicalOrder &o :
             {order(1, 1, 0, QStringLiteral("PO-1")), order(2, 1, 1, QStringLiteral("PO-1")),
              order(3, 1, 2, QStringLiteral("PO-1")), order(4, 1, 3, QStringLiteral("PO-1")),
              order(5, 5, 100, QStringLiteral("PO-5")), order(6, 5, 101, QStringLiteral("PO-5")),
              order(7, 7, 200, QStringLiteral("PO-7")), order(8, 7, 201, QStringLiteral("PO-7"))})
            engine.ingest(o);
        QCOMPARE(engine.clusters().size(), 3); // {1,2,3,4}, {5,6}, {7,8}
        // Before: 1, 2 and 5 in C-000009; 3, 4 in C-000004; 7, 8 in none. The first cluster shares
        // two members with each old one: the lower number, C-000004, is its; C-000009 then goes
        // to the second; the third takes the first fresh number.
        const QHash<QString, quint32> previous{
            {id(1), 9}, {id(2), 9}, {id(3), 4}, {id(4), 4}, {id(5), 9}};
        const auto renamed =
            engine.carryClusterIds([&](const QString &o) { return previous.value(o, 0); }, 20);
        QCOMPARE(engine.clusterOf(id(1))->id, QStringLiteral("C-000004"));
        QCOMPARE(engine.clusterOf(id(5))->id, QStringLiteral("C-000009"));
        QCOMPARE(engine.clusterOf(id(7))->id, QStringLiteral("C-000020"));
        QCOMPARE(renamed.size(), 3);
        // New clusters go on above.
        engine.upsert(order(9, 9, 300, QStringLiteral("PO-9")));
        const ClusterDelta d = engine.upsert(order(10, 9, 301, QStringLiteral("PO-9")));
        QCOMPARE(d.changed.size(), 1);
        QVERIFY(DuplicateEngine::clusterNumber(d.changed.first().id) > 20);
    }

    // The book can go while a rebuild runs, at any stage, without waiting for it.
    void destroyedDuringARebuild() {
        const QList<CanonicalOrder> orders = generated(30000);
        for (int waitMs : {0, 15, 60, 150}) {
            auto book = std::make_unique<OrderBook>();
            book->upsert(orders);
            book->setDuplicateRules(suspectAt(2.0));
            QTest::qWait(waitMs);
            QElapsedTimer t;
            t.start();
            book.reset();
            QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        }
        QTest::qWait(50); // nothing is delivered to the books that are gone
    }
};

QTEST_MAIN(TstOrderBookRebuild)
#include "tst_order_book_rebuild.moc"
