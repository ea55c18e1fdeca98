// SPDX-License-Identifier: GPL-3.0-or-later
#include "Domain.h"
#include "OdooDatabase.h"
#include "Scenario.h"
#include "Simulator.h"
#include "demand/DemandGenerator.h"
#include "flow/OrderBook.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/IntakeHub.h"
#include "middleware/IntakeMonitor.h"
#include "odoo/OdooSync.h"
#include "session/CockpitSession.h"

#include <QNetworkAccessManager>
#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::sim;

// The demo's wiring: the simulator's scenario feeds its middleware hub, the hub forwards each
// order to the simulator's Odoo, and the cockpit's one order book is fed by the hub's stream
// (IntakeMonitor) and by the Odoo sync. A transaction that Odoo acknowledged must give way to the
// sale order it became, never sit beside it as a duplicate of itself.
class TestIntakeOdooMerge final : public QObject {
    Q_OBJECT
private slots:
    void acknowledgedIntakeGivesWayToItsOdooOrder();
};

void TestIntakeOdooMerge::acknowledgedIntakeGivesWayToItsOdooOrder() {
    SimulatorOptions options;
    options.start = QDateTime(QDate(2025, 3, 3), QTime(8, 0), QTimeZone::utc());
    options.scenario.seed = 7;
    options.scenario.rate = 30;
    options.scenario.initialOrders = 200;
    options.scenario.running = false; // the test moves the clock
    options.scenario.speed = 0;
    Simulator simulator(options);
    HubOptions hubOptions;
    hubOptions.seed = options.scenario.seed;
    IntakeHub hub(simulator, hubOptions);
    // The hub's own gate, counting the duplicates the demand generator injects.
    int injectedDuplicates = 0;
    simulator.scenario().setIntakeGate([&](const GeneratedOrder &g) {
        if (isDuplicatePattern(g.pattern))
            ++injectedDuplicates;
        hub.receive(g);
        return true;
    });
    QString error;
    QVERIFY2(simulator.start(&error), qPrintable(error));
    QVERIFY2(hub.listen(&error), qPrintable(error));

    odoo::ConnectionProfile profile;
    profile.name = QStringLiteral("simulator");
    profile.url = simulator.url();
    profile.database = simulator.databaseName();
    profile.login = QStringLiteral("planner");
    profile.secret = QStringLiteral("planner");
    profile.pollIntervalMs = 200;
    CockpitSession session(profile);
    OrderBook *book = session.book();
    IntakeMonitor monitor(book);
    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    connect(&stream, &IntakeEventStream::eventReceived, &monitor, &IntakeMonitor::applyEvent);
    // What a view knows: the clusters as the book's deltas told them, in the order they came.
    QHash<QString, QStringList> shown;
    connect(book, &OrderBook::clustersChanged, this, [&](const ClusterDelta &delta) {
        for (const QString &r : delta.removed + delta.expired)
            shown.remove(r);
        for (const DuplicateCluster &c : delta.changed)
            shown.insert(c.id, c.members);
    });
    session.start();
    stream.start(hub.url());

    const auto saleOrders = [&] {
        return simulator.database().searchAll(QStringLiteral("sale.order"), Domain()).size();
    };
    const auto odooOrdersInBook = [&] {
        qsizetype n = 0;
        for (const CanonicalOrder *o : book->orders())
            n += o->saleOrderId != 0 ? 1 : 0;
        return n;
    };
    // The history, then a few hours of live orders, each time until both feeds caught up.
    for (int round = 0; round < 4; ++round) {
        if (round > 0)
            simulator.scenario().advanceTo(simulator.clock().now().addSecs(3600));
        QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(odooOrdersInBook(), saleOrders(), 30000);
    }
    QVERIFY(saleOrders() > 150);

    QHash<QString, QString> txOfOrder; // book order id -> transaction id
    int acknowledged = 0;
    for (const QString &id : hub.transactionIds()) {
        const IntakeTransaction *t = monitor.transaction(id);
        QVERIFY2(t, qPrintable(id));
        const QString intakeId = IntakeMonitor::intakeOrderId(*t);
        txOfOrder.insert(intakeId, id);
        if (t->status != IntakeStatus::Acknowledged)
            continue;
        ++acknowledged;
        QVERIFY2(!t->odooName.isEmpty(), qPrintable(id));
        const CanonicalOrder *odooOrder = book->orderBySaleOrderName(t->odooName);
        QVERIFY2(odooOrder, qPrintable(id + QStringLiteral(" -> ") + t->odooName));
        QCOMPARE(odooOrder->saleOrderId, t->odooId);
        // The transaction and the sale order carry the same demand.
        QCOMPARE(odooOrder->customer.partnerId, t->order.customer.partnerId);
        QCOMPARE(odooOrder->customerRef, t->order.customerRef);
        QCOMPARE(odooOrder->currency, t->order.currency);
        QVERIFY2(!book->order(intakeId),
                 qPrintable(QStringLiteral("%1 still in the book beside %2").arg(id, t->odooName)));
    }
    QVERIFY(acknowledged > 150);

    // One currency throughout: the hub's orders and Odoo's are in the company's currency.
    QSet<QString> currencies;
    for (const CanonicalOrder *o : book->orders())
        currencies.insert(o->currency);
    QCOMPARE(currencies.size(), 1);

    // No cluster pairs a transaction with the sale order it became, and there are no more
    // clusters than the scenario injected duplicates.
    const QList<DuplicateCluster> clusters = book->duplicates().clusters();
    for (const DuplicateCluster &c : clusters) {
        for (const QString &member : c.members) {
            const auto tx = txOfOrder.constFind(member);
            if (tx == txOfOrder.constEnd())
                continue;
            const IntakeTransaction *t = monitor.transaction(*tx);
            if (t->odooName.isEmpty())
                continue;
            const CanonicalOrder *became = book->orderBySaleOrderName(t->odooName);
            QVERIFY2(!became || !c.members.contains(became->id),
                     qPrintable(QStringLiteral("%1 clustered with %2, the order it became")
                                    .arg(*tx, t->odooName)));
        }
    }
    // The views show the book's clusters, not ones the hand-over removed.
    QHash<QString, QStringList> inBook;
    for (const DuplicateCluster &c : clusters)
        inBook.insert(c.id, c.members);
    QCOMPARE(shown.size(), inBook.size());
    for (auto it = shown.cbegin(); it != shown.cend(); ++it)
        QVERIFY2(inBook.value(it.key()) == it.value(),
                 qPrintable(it.key() + QStringLiteral(": ") + it.value().join(u' ')));
    qInfo("%lld orders, %lld clusters, %d injected duplicates, %d acknowledged transactions",
          qlonglong(book->size()), qlonglong(clusters.size()), injectedDuplicates, acknowledged);
    QVERIFY(!clusters.isEmpty());
    QVERIFY2(clusters.size() <= injectedDuplicates,
             qPrintable(QStringLiteral("%1 clusters for %2 injected duplicates")
                            .arg(clusters.size())
                            .arg(injectedDuplicates)));
}

QTEST_GUILESS_MAIN(TestIntakeOdooMerge)
#include "tst_intake_odoo_merge.moc"
