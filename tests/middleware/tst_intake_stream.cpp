// SPDX-License-Identifier: GPL-3.0-or-later
#include "Scenario.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "flow/OrderBook.h"
#include "middleware/HubActionSender.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/IntakeExceptionModel.h"
#include "middleware/IntakeHub.h"
#include "middleware/IntakeMonitor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::sim;

namespace {

SimulatorOptions quietSimulator() {
    SimulatorOptions o;
    o.start = QDateTime(QDate(2025, 3, 3), QTime(8, 0), QTimeZone::utc());
    o.scenario.seed = 11;
    o.scenario.rate = 30;
    o.scenario.initialOrders = 60;
    o.scenario.running = false; // the test drives the clock
    o.scenario.speed = 0;
    return o;
}

// Collects what a stream hands out: ids in order.
struct Collected {
    QList<qint64> ids;
};

} // namespace

class TestIntakeStream final : public QObject {
    Q_OBJECT
private slots:
    void resumeAfterDropsLosesAndRepeatsNothing_data();
    void resumeAfterDropsLosesAndRepeatsNothing();
    void liveEventsAndHubRestartResume();
    void quarantinedDuplicateReachesBookBeforeOdooAndReleaseIsIdempotent();
    void newerMajorVersionRefused();
};

void TestIntakeStream::resumeAfterDropsLosesAndRepeatsNothing_data() {
    QTest::addColumn<int>("dropAfter");
    QTest::addColumn<int>("repeatEvery");
    QTest::addColumn<int>("swapEvery");
    QTest::addColumn<qint64>("slowBytes");
    QTest::newRow("clean") << 0 << 0 << 0 << qint64(0);
    QTest::newRow("drops") << 37 << 0 << 0 << qint64(0);
    QTest::newRow("repeats") << 0 << 5 << 0 << qint64(0);
    QTest::newRow("out of order") << 0 << 0 << 4 << qint64(0);
    QTest::newRow("all faults") << 23 << 3 << 7 << qint64(0);
    QTest::newRow("slow consumer") << 0 << 0 << 0 << qint64(20000);
}

void TestIntakeStream::resumeAfterDropsLosesAndRepeatsNothing() {
    QFETCH(int, dropAfter);
    QFETCH(int, repeatEvery);
    QFETCH(int, swapEvery);
    QFETCH(qint64, slowBytes);
    Simulator simulator(quietSimulator());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    HubFaults faults;
    faults.dropStreamAfterEvents = dropAfter;
    faults.repeatEveryNth = repeatEvery;
    faults.swapEveryNth = swapEvery;
    faults.slowConsumerBytes = slowBytes;
    hub.setFaults(faults);
    const qint64 total = hub.lastEventId();
    QVERIFY2(total > 200, "the scenario's history passes through the hub");

    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    stream.setGapTimeout(300);
    QList<qint64> ids;
    connect(&stream, &IntakeEventStream::eventReceived, this,
            [&ids](qint64 id, const QJsonObject &) { ids.append(id); });
    stream.start(hub.url());
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), total, 60000);
    QCOMPARE(ids.size(), total); // nothing lost, nothing twice
    for (qsizetype i = 0; i < ids.size(); ++i)
        QCOMPARE(ids[i], i + 1); // in id order
    const StreamFigures f = stream.figures();
    if (dropAfter > 0)
        QVERIFY(f.drops >= int(total / dropAfter) - 1);
    if (repeatEvery > 0)
        QVERIFY(f.repeatsIgnored > 0);
    if (swapEvery > 0)
        QVERIFY(f.reordered > 0);
}

void TestIntakeStream::liveEventsAndHubRestartResume() {
    Simulator simulator(quietSimulator());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    QList<qint64> ids;
    connect(&stream, &IntakeEventStream::eventReceived, this,
            [&ids](qint64 id, const QJsonObject &) { ids.append(id); });
    stream.start(hub.url(), hub.lastEventId()); // live only
    QTRY_VERIFY(stream.isConnected());
    const qint64 before = hub.lastEventId();
    simulator.scenario().advanceTo(simulator.clock().now().addSecs(3600));
    QVERIFY(hub.lastEventId() > before + 20);
    hub.dropStreams(); // the network cut: events published meanwhile must still arrive
    simulator.scenario().advanceTo(simulator.clock().now().addSecs(3600));
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 20000);
    QCOMPARE(ids.size(), hub.lastEventId() - before);
    QCOMPARE(ids.first(), before + 1);
    QVERIFY(stream.figures().drops >= 1);
}

void TestIntakeStream::quarantinedDuplicateReachesBookBeforeOdooAndReleaseIsIdempotent() {
    Simulator simulator(quietSimulator());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    const QStringList quarantined = hub.transactionIds(QStringLiteral("quarantined"));
    QVERIFY2(!quarantined.isEmpty(), "the scenario's EDI resends are held by the hub");

    OrderBook book;
    IntakeMonitor monitor(&book);
    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    connect(&stream, &IntakeEventStream::eventReceived, &monitor, &IntakeMonitor::applyEvent);
    stream.start(hub.url());
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 20000);

    // Each quarantined transaction is a planner's exception and an order in the book (before
    // Odoo), clustered with the order it duplicates.
    QCOMPARE(monitor.exceptions()->rowCount(),
             quarantined.size() + hub.transactionIds(QStringLiteral("failed")).size() +
                 hub.transactionIds(QStringLiteral("dead_lettered")).size());
    const QString txId = quarantined.first();
    const IntakeTransaction *tx = monitor.transaction(txId);
    QVERIFY(tx);
    const QString orderId = IntakeMonitor::intakeOrderId(*tx);
    const CanonicalOrder *intake = book.order(orderId);
    QVERIFY(intake);
    QCOMPARE(intake->saleOrderId, 0);
    QVERIFY(std::any_of(intake->events.begin(), intake->events.end(), [](const OrderEvent &e) {
        return e.type == OrderEventType::Quarantined && e.system == OrderSystem::Middleware;
    }));
    QVERIFY2(book.duplicates().clusterOf(orderId).has_value(),
             "the duplicate engine judged the order before it reached Odoo");

    // Release twice with the same key: applied once.
    HttpHubActionSender sender(&network, hub.url());
    const HubAction release =
        HubAction::make(HubAction::Kind::Release, txId, QStringLiteral("planner"),
                        QStringLiteral("checked with the customer"));
    const int odooOrdersBefore = simulator.scenario().ordersCreated();
    QList<HubActionResult> results;
    sender.send(release, [&results](const HubActionResult &r) { results.append(r); });
    QTRY_COMPARE(results.size(), 1);
    sender.send(release, [&results](const HubActionResult &r) { results.append(r); });
    QTRY_COMPARE(results.size(), 2);
    QVERIFY2(results[0].ok, qPrintable(results[0].message));
    QVERIFY(!results[0].replayed);
    QVERIFY(results[1].ok);
    QVERIFY(results[1].replayed);
    QCOMPARE(simulator.scenario().ordersCreated(), odooOrdersBefore + 1);
    QCOMPARE(results[1].transaction.status, IntakeStatus::Acknowledged);
    // A new key on a finished transaction is refused with the reason.
    HubAction again = HubAction::make(HubAction::Kind::Release, txId, QStringLiteral("planner"));
    sender.send(again, [&results](const HubActionResult &r) { results.append(r); });
    QTRY_COMPARE(results.size(), 3);
    QVERIFY(!results[2].ok);
    QCOMPARE(results[2].httpStatus, 409);
    QCOMPARE(results[2].errorCode, QStringLiteral("invalid_state"));

    // The stream brings the acknowledgement: the transaction leaves the exception queue; its
    // intake order stands for the demand until the Odoo sync brings the sale order.
    QTRY_COMPARE(monitor.transaction(txId)->status, IntakeStatus::Acknowledged);
    QCOMPARE(monitor.exceptions()->rowCount(),
             hub.transactionIds(QStringLiteral("quarantined")).size() +
                 hub.transactionIds(QStringLiteral("failed")).size() +
                 hub.transactionIds(QStringLiteral("dead_lettered")).size());
    QVERIFY(book.order(orderId));
    const IntakeTransaction acked = *monitor.transaction(txId);
    QVERIFY(!acked.odooName.isEmpty());
    CanonicalOrder synced = acked.order;
    synced.id = QStringLiteral("odoo:o2c:sale.order:%1").arg(acked.odooId);
    synced.saleOrderId = acked.odooId;
    synced.saleOrderName = acked.odooName;
    synced.events = {{OrderEventType::QuoteCreated, OrderSystem::Sales, acked.acknowledgedAt,
                      acked.odooName, QStringLiteral("quotation created")}};
    book.upsert({synced});
    QVERIFY2(!book.order(orderId), "the intake order gave way to Odoo's order");
    const CanonicalOrder *odooOrder = book.order(synced.id);
    QVERIFY(odooOrder);
    QCOMPARE(odooOrder->events.size(), 1 + acked.history.size()); // hub steps joined the timeline
    QCOMPARE(odooOrder->events.first().type, OrderEventType::OrderSubmitted);
}

void TestIntakeStream::newerMajorVersionRefused() {
    Simulator simulator(quietSimulator());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    QNetworkAccessManager network;
    // The hub refuses a version it does not serve, with a message.
    QUrl v2 = hub.url();
    v2.setPath(QStringLiteral("/v2/transactions"));
    QNetworkReply *reply = network.get(QNetworkRequest(v2));
    QTRY_VERIFY(reply->isFinished());
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    const QJsonObject e =
        QJsonDocument::fromJson(reply->readAll()).object()[QStringLiteral("error")].toObject();
    QCOMPARE(e[QStringLiteral("code")].toString(), QStringLiteral("unsupported_version"));
    QVERIFY(e[QStringLiteral("message")].toString().contains(QStringLiteral("/v1")));
    delete reply;

    // A client refuses a hub whose /v1 is not a v1 hub (here: not a hub at all).
    IntakeEventStream stream(&network);
    QSignalSpy failed(&stream, &IntakeEventStream::failed);
    QUrl odoo = simulator.url();
    stream.start(odoo);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("Check the hub address")));
}

QTEST_GUILESS_MAIN(TestIntakeStream)
#include "tst_intake_stream.moc"
