// SPDX-License-Identifier: GPL-3.0-or-later
#include "PlannerDesk.h"
#include "Scenario.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "actions/ActionQueue.h"
#include "flow/OrderBook.h"
#include "middleware/HubActionSender.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/IntakeExceptionModel.h"
#include "middleware/IntakeHub.h"
#include "middleware/IntakeMonitor.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
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
    void expiredResumeCatchesUpFromTheListing_data();
    void expiredResumeCatchesUpFromTheListing();
    void hubActionsGoThroughTheOutboxWithOneKey();
};

void TestIntakeStream::resumeAfterDropsLosesAndRepeatsNothing_data() {
    QTest::addColumn<int>("dropAfter");
    QTest::addColumn<int>("repeatEvery");
    QTest::addColumn<int>("swapEvery");
    QTest::addColumn<qint64>("slowBytes");
    QTest::addColumn<bool>("webSocket");
    for (const bool ws : {false, true}) {
        const char *t = ws ? "websocket" : "sse";
        QTest::addRow("%s clean", t) << 0 << 0 << 0 << qint64(0) << ws;
        QTest::addRow("%s drops", t) << 37 << 0 << 0 << qint64(0) << ws;
        QTest::addRow("%s repeats", t) << 0 << 5 << 0 << qint64(0) << ws;
        QTest::addRow("%s out of order", t) << 0 << 0 << 4 << qint64(0) << ws;
        QTest::addRow("%s all faults", t) << 23 << 3 << 7 << qint64(0) << ws;
    }
    QTest::newRow("sse slow consumer") << 0 << 0 << 0 << qint64(20000) << false;
}

void TestIntakeStream::resumeAfterDropsLosesAndRepeatsNothing() {
    QFETCH(int, dropAfter);
    QFETCH(int, repeatEvery);
    QFETCH(int, swapEvery);
    QFETCH(qint64, slowBytes);
    QFETCH(bool, webSocket);
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
    if (webSocket)
        stream.setTransport(IntakeEventStream::Transport::WebSocket);
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

void TestIntakeStream::expiredResumeCatchesUpFromTheListing_data() {
    QTest::addColumn<bool>("webSocket");
    QTest::newRow("sse") << false;
    QTest::newRow("websocket") << true;
}

// The hub keeps only its latest events: a client that comes back after a long absence gets
// 410 events_expired, lists what changed since (every transaction once, at its latest state),
// and resumes the stream after it, live events included.
void TestIntakeStream::expiredResumeCatchesUpFromTheListing() {
    QFETCH(bool, webSocket);
    Simulator simulator(quietSimulator());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    OrderBook book;
    IntakeMonitor monitor(&book);
    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    if (webSocket)
        stream.setTransport(IntakeEventStream::Transport::WebSocket);
    QList<qint64> ids;
    connect(&stream, &IntakeEventStream::eventReceived, this,
            [&](qint64 id, const QJsonObject &event) {
                ids.append(id);
                monitor.applyEvent(id, event);
            });
    QSignalSpy caughtUp(&stream, &IntakeEventStream::caughtUp);

    // Phase 1: stream everything, then go away at event `left`.
    stream.start(hub.url());
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 20000);
    const qint64 left = stream.lastEventId();
    stream.stop();
    // Hours pass; the hub keeps only its last 25 events.
    simulator.scenario().advanceTo(simulator.clock().now().addSecs(4 * 3600));
    QVERIFY(hub.lastEventId() > left + 100);
    hub.setRetainEvents(25);
    QVERIFY(hub.oldestEventId() > left + 1);
    QNetworkReply *gone = [&] {
        QUrl u = hub.url();
        u.setPath(QStringLiteral("/v1/events"));
        QNetworkRequest r(u);
        r.setRawHeader("Last-Event-ID", QByteArray::number(left));
        return network.get(r);
    }();
    QTRY_VERIFY(gone->isFinished());
    QCOMPARE(gone->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 410);
    QCOMPARE(QJsonDocument::fromJson(gone->readAll())
                 .object()[QStringLiteral("error")][QStringLiteral("code")]
                 .toString(),
             QStringLiteral("events_expired"));
    delete gone;

    // Phase 2: resume after `left`: 410, catch-up, stream again.
    const qsizetype before = ids.size();
    stream.start(hub.url(), left);
    QTRY_COMPARE_WITH_TIMEOUT(caughtUp.size(), 1, 20000);
    QCOMPARE(caughtUp.first().at(0).toLongLong(), left);
    QTRY_VERIFY_WITH_TIMEOUT(stream.isConnected(), 10000);
    // Live events after the catch-up arrive on the stream, each once.
    const qint64 resumedAfter = stream.lastEventId();
    simulator.scenario().advanceTo(simulator.clock().now().addSecs(1800));
    QVERIFY(hub.lastEventId() > resumedAfter);
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 20000);

    // Nothing repeated: ids strictly increase; nothing lost: every transaction the hub has is
    // in the cockpit at the hub's latest state.
    for (qsizetype i = 1; i < ids.size(); ++i)
        QVERIFY2(ids[i] > ids[i - 1], qPrintable(QString::number(ids[i])));
    QVERIFY(ids.size() - before < hub.lastEventId() - left); // fewer than the events missed
    QCOMPARE(monitor.size(), qsizetype(hub.transactionCount()));
    for (const QString &id : hub.transactionIds()) {
        const QJsonObject h = hub.transaction(id);
        const IntakeTransaction *mine = monitor.transaction(id);
        QVERIFY2(mine, qPrintable(id));
        QCOMPARE(mine->statusKey, h[QStringLiteral("status")].toString());
        QCOMPARE(mine->lastEventId, h[QStringLiteral("last_event_id")].toString().toLongLong());
        QCOMPARE(mine->history.size(), h[QStringLiteral("history")].toArray().size());
    }
    // The live events after the catch-up are consecutive again.
    const qsizetype resumedAt = ids.indexOf(resumedAfter);
    QVERIFY(resumedAt >= 0);
    for (qsizetype i = resumedAt + 1; i < ids.size(); ++i)
        QCOMPARE(ids[i], ids[i - 1] + 1);
    QCOMPARE(stream.figures().catchUps, 1);
    qInfo("missed events %lld..%lld (%lld), caught up with %d transactions, then %lld live events",
          left + 1, caughtUp.first().at(1).toLongLong(), caughtUp.first().at(1).toLongLong() - left,
          caughtUp.first().at(2).toInt(), hub.lastEventId() - resumedAfter);
}

// Release, reject and replay written to the outbox and sent by the executor with the action's
// idempotency key: a retry after the answer was lost is answered as the first time.
void TestIntakeStream::hubActionsGoThroughTheOutboxWithOneKey() {
    SimulatorOptions options = quietSimulator();
    Simulator simulator(options);
    HubOptions hubOptions;
    hubOptions.faults.odooFailureProbability = 0.3; // some transactions dead-letter
    hubOptions.faults.maxAttempts = 1;
    IntakeHub hub(simulator, hubOptions);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    const QStringList quarantined = hub.transactionIds(QStringLiteral("quarantined"));
    const QStringList dead = hub.transactionIds(QStringLiteral("dead_lettered"));
    QVERIFY(quarantined.size() >= 2);
    QVERIFY(!dead.isEmpty());
    hub.setFaults({}); // Odoo answers again

    QTemporaryDir dir;
    const std::unique_ptr<Store> store = test::openTeamStore(dir);
    QVERIFY(store);
    const Actor me = test::plannerActor();
    ActionDesk desk(*store, me);
    ActionExecutor executor(*store, nullptr, me);
    QNetworkAccessManager network;
    HttpHubActionSender sender(&network, hub.url());
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);

    // Without a hub sender the action fails with a message and stays for a retry.
    const auto release = desk.hubAction(ActionKind::HubRelease, quarantined[0], {});
    QVERIFY2(release.ok, qPrintable(release.message));
    executor.runPending();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(!finished.last().at(1).toBool());
    QVERIFY(finished.last().at(2).toString().contains(QStringLiteral("hub")));
    QCOMPARE(hub.transaction(quarantined[0])[QStringLiteral("status")].toString(),
             QStringLiteral("quarantined"));

    // While it waits for a retry, nobody decides the same transaction twice.
    const auto twice =
        desk.hubAction(ActionKind::HubReject, quarantined[0], {}, QStringLiteral("duplicate"));
    QVERIFY(!twice.ok);
    QVERIFY2(twice.message.contains(QStringLiteral("already has action #%1").arg(release.actionId)),
             qPrintable(twice.message));
    executor.setHubSender(&sender);
    QVERIFY(desk.retry(release.actionId).ok);
    QVERIFY(!desk.hubAction(ActionKind::HubReject, quarantined[1], {}).ok); // needs a reason
    const auto reject =
        desk.hubAction(ActionKind::HubReject, quarantined[1], {}, QStringLiteral("test order"));
    const auto replay = desk.hubAction(ActionKind::HubReplay, dead[0], {});
    QVERIFY(reject.ok && replay.ok);
    executor.runPending();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 10000);
    for (int i = 1; i < 4; ++i)
        QVERIFY2(finished[i].at(1).toBool(), qPrintable(finished[i].at(2).toString()));
    QCOMPARE(hub.transaction(quarantined[0])[QStringLiteral("status")].toString(),
             QStringLiteral("acknowledged"));
    QCOMPARE(hub.transaction(quarantined[1])[QStringLiteral("status")].toString(),
             QStringLiteral("rejected"));
    QCOMPARE(hub.transaction(dead[0])[QStringLiteral("status")].toString(),
             QStringLiteral("acknowledged"));

    // The answer to the release is lost (a crash after sending): the same action, sent again,
    // carries the same key and the hub answers as before instead of refusing or applying twice.
    ActionQueue queue(*store);
    const auto record = queue.find(release.actionId, true);
    QVERIFY(record);
    QCOMPARE(record->steps.size(), 1);
    ActionStep step = record->steps.first();
    QCOMPARE(step.kwargs[QStringLiteral("idempotency_key")].toString(), record->idempotencyKey);
    const int orders = simulator.scenario().ordersCreated();
    HubAction again;
    again.kind = HubAction::Kind::Release;
    again.transactionId = quarantined[0];
    again.idempotencyKey = record->idempotencyKey;
    again.actor = QStringLiteral("planner");
    HubActionResult result;
    bool answered = false;
    sender.send(again, [&](const HubActionResult &r) {
        result = r;
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(result.ok);
    QVERIFY(result.replayed);
    QCOMPARE(simulator.scenario().ordersCreated(), orders);
}

QTEST_GUILESS_MAIN(TestIntakeStream)
#include "tst_intake_stream.moc"
