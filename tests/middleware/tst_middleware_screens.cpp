// SPDX-License-Identifier: GPL-3.0-or-later
// The integration screen's middleware figures and the exception queue's hub panel, offscreen,
// fed by the simulator (and by the real RabbitMQ server when O2C_TEST_RABBITMQ is set).
#include "CockpitContext.h"
#include "DisplayText.h"
#include "IntakeExceptionsPanel.h"
#include "IntegrationHealthPage.h"
#include "OdooDatabase.h"
#include "PlannerDesk.h"
#include "QueueJobScenario.h"
#include "QueueJobs.h"
#include "Scenario.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "SupervisorChartsPage.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "flow/OrderBook.h"
#include "middleware/HubActionSender.h"
#include "middleware/HubHealthMonitor.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/IntakeExceptionModel.h"
#include "middleware/IntakeHub.h"
#include "middleware/IntakeMonitor.h"
#include "middleware/QueueJobMonitor.h"
#include "middleware/RabbitMqMonitor.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::sim;

namespace {

bool anyStartsWith(const QStringList &list, const QString &prefix, const QString &contains) {
    return std::any_of(list.begin(), list.end(), [&](const QString &s) {
        return s.startsWith(prefix) && s.contains(contains);
    });
}

} // namespace

class TestMiddlewareScreens final : public QObject {
    Q_OBJECT
private slots:
    void hubFiguresAndAlertsOnTheIntegrationScreen();
    void queueJobFailuresAndRequeueOnTheIntegrationScreen();
    void queueJobNotInstalledIsNotAnError();
    void rabbitQueuesAndDeadLettersOnTheIntegrationScreen();
    void heldTransactionsInTheExceptionQueueActThroughTheOutbox();
};

void TestMiddlewareScreens::hubFiguresAndAlertsOnTheIntegrationScreen() {
    Simulator simulator(test::queueJobHistory());
    HubOptions hubOptions;
    hubOptions.faults.odooFailureProbability = 0.35; // failures and dead letters
    hubOptions.faults.maxAttempts = 2;
    IntakeHub hub(simulator, hubOptions);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    QVERIFY(!hub.transactionIds(QStringLiteral("dead_lettered")).isEmpty());
    QVERIFY(!hub.transactionIds(QStringLiteral("quarantined")).isEmpty());
    // Orders of the last hour, so that the window's figures are not empty.
    simulator.scenario().advanceTo(simulator.clock().now().addSecs(3600));

    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    HubHealthMonitor health(&network, hub.url());
    QSignalSpy refreshed(&health, &HubHealthMonitor::refreshed);
    ui::CockpitContext ctx;
    ui::IntegrationHealthPage page(ctx);
    page.setMiddleware({&stream, &health, nullptr, nullptr});
    QVERIFY(page.streamText().contains(QStringLiteral("Not connected")));
    stream.start(hub.url());
    health.refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QTRY_VERIFY(stream.isConnected());
    QTRY_VERIFY(page.streamText().startsWith(QStringLiteral("Connected (Server-Sent Events)")));

    // The figures the hub computed are the ones on screen.
    QNetworkReply *reply =
        network.get(QNetworkRequest(QUrl(hub.url().toString() + QStringLiteral("/v1/health"))));
    QTRY_VERIFY(reply->isFinished());
    const HubHealth h = HubHealth::fromJson(QJsonDocument::fromJson(reply->readAll()).object());
    delete reply;
    const QString text = page.hubText();
    QVERIFY2(text.contains(QStringLiteral("Failures: %1 failed attempt").arg(h.failed)) &&
                 text.contains(QStringLiteral("%1 dead-lettered").arg(h.deadLettered)),
             qPrintable(text));
    QVERIFY(h.deadLettered > 0);
    QVERIFY(text.contains(QStringLiteral("Queue depth: %1 waiting for Odoo").arg(h.queueDepth)));
    QVERIFY(text.contains(QStringLiteral("Acknowledgement success: %1%")
                              .arg(QLocale().toString(h.ackSuccessRate * 100, 'f', 1))));
    QVERIFY(text.contains(QStringLiteral("Quarantined: %1").arg(h.quarantined)));
    QVERIFY(text.contains(QStringLiteral("Processing latency: ")));
    QVERIFY(text.contains(QStringLiteral("Throughput: ")));
    // Dead letters are critical and come first; quarantined transactions are a warning; a
    // success rate this low is critical too.
    const QStringList alerts = page.alertTexts();
    QVERIFY2(alerts.first().startsWith(QStringLiteral("Critical: ")), qPrintable(alerts.first()));
    QVERIFY(anyStartsWith(alerts, QStringLiteral("Critical: "), QStringLiteral("dead-lettered")));
    QVERIFY(anyStartsWith(alerts, QStringLiteral("Warning: "), QStringLiteral("quarantined")));
    QVERIFY(h.ackSuccessRate < 0.9);
    QVERIFY(anyStartsWith(alerts, QStringLiteral("Critical: "), QStringLiteral("acknowledged")));

    // The supervisor's integration chart plots the hub's samples (five series, one point each
    // per sample) beside the sync passes (none here).
    OrderBook book;
    ui::CockpitContext chartsContext;
    chartsContext.book = &book;
    chartsContext.hub = &health;
    ui::SupervisorChartsPage charts(chartsContext);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    charts.setRange(today.addDays(-1), today.addDays(1));
    charts.refresh();
    QCOMPARE(charts.pointCount(ui::SupervisorChartsPage::IntegrationChart), 5);
    health.refresh();
    QTRY_COMPARE(refreshed.size(), 2);
    charts.refresh();
    QCOMPARE(charts.pointCount(ui::SupervisorChartsPage::IntegrationChart), 10);

    // The hub goes away: the last figures stay, marked, and the stream shows it is down.
    hub.close();
    health.refresh();
    QTRY_COMPARE(refreshed.size(), 3);
    QVERIFY(!health.problem().isEmpty());
    QVERIFY(page.hubText().contains(QStringLiteral("could not be read")));
    QVERIFY(page.hubText().contains(QStringLiteral("Quarantined: %1").arg(h.quarantined)));
    QTRY_VERIFY(page.streamText().startsWith(QStringLiteral("Not connected")));
    QVERIFY(anyStartsWith(page.alertTexts(), QStringLiteral("Warning: "),
                          QStringLiteral("live stream is down")));
}

void TestMiddlewareScreens::queueJobFailuresAndRequeueOnTheIntegrationScreen() {
    Simulator simulator(test::queueJobHistory());
    QVERIFY(simulator.start());
    const odoo::ConnectionProfile p = test::plannerProfile(simulator);
    odoo::HttpOdooTransport transport(p);
    odoo::OdooClient client(p, &transport);
    QVERIFY(test::signIn(client));
    QTemporaryDir dir;
    auto store = test::openTeamStore(dir);
    QVERIFY(store);
    ActionDesk desk(*store, test::plannerActor());
    ActionExecutor executor(*store, &client, test::plannerActor());
    ui::CockpitContext ctx;
    ctx.desk = &desk;
    ctx.executor = &executor;
    QueueJobMonitor jobs(&client);
    jobs.setClock([&simulator] { return simulator.clock().now(); });
    QSignalSpy refreshed(&jobs, &QueueJobMonitor::refreshed);
    ui::IntegrationHealthPage page(ctx);
    page.setMiddleware({nullptr, nullptr, nullptr, &jobs});
    QCOMPARE(page.jobsText(), QStringLiteral("not read yet"));
    jobs.refresh();
    QTRY_COMPARE(refreshed.size(), 1);

    const QueueJobFigures f = jobs.figures(); // a copy: the next read replaces the figures
    QVERIFY(f.failed > 0 && f.stuck > 0);
    QVERIFY2(page.jobsText().startsWith(QStringLiteral("%1 failed, %2 started longer than 60 "
                                                       "minutes ago")
                                            .arg(f.failed)
                                            .arg(f.stuck)),
             qPrintable(page.jobsText()));
    QCOMPARE(page.jobsTable()->rowCount(), f.failed + f.stuck);
    QVERIFY(anyStartsWith(page.alertTexts(), QStringLiteral("Warning: "),
                          QStringLiteral("%1 queue jobs failed").arg(f.failed)));
    QVERIFY(anyStartsWith(page.alertTexts(), QString(), QStringLiteral("worker may have died")));
    // Tries are shown as queue_job counts them.
    const QueueJob &first = f.failedJobs.first();
    QCOMPARE(page.jobsTable()->item(0, 3)->text(),
             QStringLiteral("%1 of %2").arg(first.retry).arg(first.maxRetries));

    // A failed row is requeued through the outbox at once.
    page.jobsTable()->selectRow(0);
    QVERIFY(page.requeueButton()->isEnabled());
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);
    page.requeueButton()->click();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(simulator.database().value(QueueJobs::model, first.id, QStringLiteral("state")),
             QVariant(QStringLiteral("pending")));
    jobs.refresh();
    QTRY_COMPARE(refreshed.size(), 2);
    QCOMPARE(jobs.figures().failed, f.failed - 1);
    QCOMPARE(page.jobsTable()->rowCount(), f.failed - 1 + f.stuck);

    // A stuck row asks first, as its worker may still be running it: Cancel sends nothing,
    // "Requeue it" puts the job back to pending through the outbox.
    const int stuckRow = page.jobsTable()->rowCount() - 1;
    const qint64 stuckId = page.jobsTable()->item(stuckRow, 0)->data(Qt::UserRole).toLongLong();
    page.jobsTable()->selectRow(stuckRow);
    QVERIFY(page.requeueButton()->isEnabled());
    const auto confirm = [&page]() -> QMessageBox * {
        return page.findChild<QMessageBox *>(QStringLiteral("requeueStuckJob"));
    };
    page.requeueButton()->click();
    QTRY_VERIFY(confirm() && confirm()->isVisible());
    QVERIFY2(confirm()->text().contains(QStringLiteral("run it a second time")),
             qPrintable(confirm()->text()));
    confirm()->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!confirm());
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(simulator.database().value(QueueJobs::model, stuckId, QStringLiteral("state")),
             QVariant(QStringLiteral("started")));
    page.requeueButton()->click();
    QTRY_VERIFY(confirm() && confirm()->isVisible());
    QAbstractButton *requeueIt = nullptr;
    for (QAbstractButton *b : confirm()->buttons())
        if (b->text() == QLatin1String("Requeue it"))
            requeueIt = b;
    QVERIFY(requeueIt);
    requeueIt->click();
    QTRY_COMPARE(finished.size(), 2);
    QVERIFY2(finished.last().at(1).toBool(), qPrintable(finished.last().at(2).toString()));
    QCOMPARE(simulator.database().value(QueueJobs::model, stuckId, QStringLiteral("state")),
             QVariant(QStringLiteral("pending")));
}

void TestMiddlewareScreens::queueJobNotInstalledIsNotAnError() {
    Simulator simulator(test::queueJobHistory(false));
    QVERIFY(simulator.start());
    const odoo::ConnectionProfile p = test::plannerProfile(simulator);
    odoo::HttpOdooTransport transport(p);
    odoo::OdooClient client(p, &transport);
    QVERIFY(test::signIn(client));
    QueueJobMonitor jobs(&client);
    QSignalSpy refreshed(&jobs, &QueueJobMonitor::refreshed);
    ui::CockpitContext ctx;
    ui::IntegrationHealthPage page(ctx);
    page.setMiddleware({nullptr, nullptr, nullptr, &jobs});
    jobs.refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QVERIFY2(page.jobsText().startsWith(QStringLiteral("queue_job not installed")),
             qPrintable(page.jobsText()));
    QCOMPARE(page.jobsTable()->rowCount(), 0);
    for (const QString &a : page.alertTexts())
        QVERIFY2(!a.startsWith(QStringLiteral("Critical")) &&
                     !a.startsWith(QStringLiteral("Warning")),
                 qPrintable(a));
}

void TestMiddlewareScreens::rabbitQueuesAndDeadLettersOnTheIntegrationScreen() {
    const QString env = qEnvironmentVariable("O2C_TEST_RABBITMQ");
    if (env.isEmpty()) {
        if (qEnvironmentVariable("CI") == QLatin1String("true"))
            QFAIL("O2C_TEST_RABBITMQ is not set; scripts/test.sh exports it");
        QSKIP("O2C_TEST_RABBITMQ is not set (e.g. http://guest:guest@127.0.0.1:15672)");
    }
    const QUrl url(env);
    QNetworkAccessManager network;
    auto call = [&](const QByteArray &verb, const QString &path, const QJsonObject &body = {}) {
        QUrl u = url;
        u.setUserInfo({});
        u.setPath(QStringLiteral("/api/") + path, QUrl::TolerantMode);
        QNetworkRequest r(u);
        r.setRawHeader(
            "Authorization",
            "Basic " + (url.userName() + QLatin1Char(':') + url.password()).toUtf8().toBase64());
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = network.sendCustomRequest(
            r, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(10000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    };
    const QString dlx = QStringLiteral("o2c.screen.dlx");
    const QString work = QStringLiteral("o2c.screen.work");
    const QString dlq = QStringLiteral("o2c.screen.work.dlq");
    for (const QString &q : {work, dlq})
        call("DELETE", QStringLiteral("queues/%2F/") + q);
    QCOMPARE(call("PUT", QStringLiteral("exchanges/%2F/") + dlx,
                  {{QStringLiteral("type"), QStringLiteral("fanout")},
                   {QStringLiteral("durable"), false}}) /
                 100,
             2);
    call("PUT", QStringLiteral("queues/%2F/") + work,
         {{QStringLiteral("durable"), false},
          {QStringLiteral("arguments"),
           QJsonObject{{QStringLiteral("x-dead-letter-exchange"), dlx}}}});
    call("PUT", QStringLiteral("queues/%2F/") + dlq, {{QStringLiteral("durable"), false}});
    call("POST", QStringLiteral("bindings/%2F/e/") + dlx + QStringLiteral("/q/") + dlq,
         {{QStringLiteral("routing_key"), QString()}});
    for (int i = 1; i <= 5; ++i)
        call("POST", QStringLiteral("exchanges/%2F/amq.default/publish"),
             {{QStringLiteral("routing_key"), work},
              {QStringLiteral("payload"), QStringLiteral("{\"order\":%1}").arg(i)},
              {QStringLiteral("payload_encoding"), QStringLiteral("string")},
              {QStringLiteral("properties"),
               QJsonObject{{QStringLiteral("message_id"), QStringLiteral("m%1").arg(i)}}}});
    // A consumer rejects the first two: RabbitMQ dead-letters them into the DLQ.
    call("POST", QStringLiteral("queues/%2F/") + work + QStringLiteral("/get"),
         {{QStringLiteral("count"), 2},
          {QStringLiteral("ackmode"), QStringLiteral("reject_requeue_false")},
          {QStringLiteral("encoding"), QStringLiteral("auto")}});
    auto cleanup = qScopeGuard([&] {
        for (const QString &q : {work, dlq})
            call("DELETE", QStringLiteral("queues/%2F/") + q);
        call("DELETE", QStringLiteral("exchanges/%2F/") + dlx);
    });

    RabbitMqMonitor rabbit(&network, url);
    QSignalSpy refreshed(&rabbit, &RabbitMqMonitor::refreshed);
    ui::CockpitContext ctx;
    ui::IntegrationHealthPage page(ctx);
    page.setMiddleware({nullptr, nullptr, &rabbit, nullptr});
    QVERIFY(page.rabbitTable()->rowCount() == 0);
    // The management API's figures lag by its statistics interval.
    auto rowOf = [&](const QString &name) {
        for (int r = 0; r < page.rabbitTable()->rowCount(); ++r)
            if (page.rabbitTable()->item(r, 0)->text() == name)
                return r;
        return -1;
    };
    auto shown = [&] {
        rabbit.refresh();
        if (!refreshed.wait(5000))
            return false;
        const int w = rowOf(work), d = rowOf(dlq);
        return w >= 0 && d >= 0 && page.rabbitTable()->item(w, 1)->text() == QLatin1String("3") &&
               page.rabbitTable()->item(d, 1)->text() == QLatin1String("2");
    };
    QTRY_VERIFY_WITH_TIMEOUT(shown(), 20000);
    const int d = rowOf(dlq), w = rowOf(work);
    QCOMPARE(page.rabbitTable()->item(d, 7)->text(), QStringLiteral("yes"));
    QCOMPARE(page.rabbitTable()->item(w, 7)->text(), QStringLiteral("no"));
    QCOMPARE(page.rabbitTable()->item(w, 4)->text(), QStringLiteral("0"));
    QVERIFY(page.rabbitTable()->item(d, 8)->text().startsWith(QStringLiteral("Critical: ")));
    QVERIFY(anyStartsWith(page.alertTexts(), QStringLiteral("Critical: "),
                          QStringLiteral("dead-lettered in %1").arg(dlq)));
    QVERIFY(anyStartsWith(page.alertTexts(), QStringLiteral("Critical: "),
                          QStringLiteral("%1 has no consumer").arg(work)));

    // The planner replays m1 from the dead-letter queue: it goes back to the work queue, m2
    // stays dead-lettered.
    page.rabbitTable()->selectRow(d);
    QVERIFY(page.replayButton()->isEnabled());
    page.rabbitTable()->selectRow(w);
    QVERIFY(!page.replayButton()->isEnabled());
    QList<RabbitDeadLetter> letters;
    bool peeked = false;
    rabbit.peekDeadLetters(QStringLiteral("/"), dlq, 100,
                           [&](const QList<RabbitDeadLetter> &l, const QString &error) {
                               QVERIFY2(error.isEmpty(), qPrintable(error));
                               letters = l;
                               peeked = true;
                           });
    QTRY_VERIFY(peeked);
    QCOMPARE(letters.size(), 2);
    QCOMPARE(letters.first().reason, QStringLiteral("rejected"));
    QCOMPARE(letters.first().originalQueue, work);
    page.replayDeadLetters(QStringLiteral("/"), dlq, {QStringLiteral("m1")});
    QTRY_VERIFY_WITH_TIMEOUT(page.replayResultText().contains(QStringLiteral("replayed")), 10000);
    QVERIFY2(page.replayResultText().contains(QStringLiteral("1 stay")),
             qPrintable(page.replayResultText()));
    auto moved = [&] {
        rabbit.refresh();
        if (!refreshed.wait(5000))
            return false;
        const int wr = rowOf(work), dr = rowOf(dlq);
        return wr >= 0 && dr >= 0 &&
               page.rabbitTable()->item(wr, 1)->text() == QLatin1String("4") &&
               page.rabbitTable()->item(dr, 1)->text() == QLatin1String("1");
    };
    QTRY_VERIFY_WITH_TIMEOUT(moved(), 20000);
}

void TestMiddlewareScreens::heldTransactionsInTheExceptionQueueActThroughTheOutbox() {
    Simulator simulator(test::queueJobHistory());
    IntakeHub hub(simulator);
    QVERIFY(simulator.start());
    QVERIFY(hub.listen());
    const QStringList quarantined = hub.transactionIds(QStringLiteral("quarantined"));
    QVERIFY(!quarantined.isEmpty());
    OrderBook book;
    IntakeMonitor monitor(&book);
    QNetworkAccessManager network;
    IntakeEventStream stream(&network);
    connect(&stream, &IntakeEventStream::eventReceived, &monitor, &IntakeMonitor::applyEvent);
    stream.start(hub.url());
    QTRY_COMPARE_WITH_TIMEOUT(stream.lastEventId(), hub.lastEventId(), 20000);

    ui::IntakeExceptionsPanel panel(monitor.exceptions());
    QCOMPARE(panel.table()->model()->rowCount(), quarantined.size());
    // In the planner's words, as everywhere else in the cockpit: not the wire's "quarantined"
    // and "crm", the amount as money; one line a row.
    const IntakeTransaction *first = monitor.exceptions()->at(0);
    QVERIFY(first);
    const QAbstractItemModel *shown = panel.table()->model();
    QCOMPARE(shown->index(0, IntakeExceptionModel::StatusColumn).data().toString(),
             QStringLiteral("Quarantined"));
    QCOMPARE(shown->index(0, IntakeExceptionModel::ChannelColumn).data().toString(),
             ui::channelTitle(first->channel));
    QCOMPARE(shown->index(0, IntakeExceptionModel::AmountColumn).data().toString(),
             ui::formatMoney(first->order.amountTotal, first->order.currency));
    QVERIFY(!panel.table()->wordWrap());
    panel.selectTransaction(quarantined.first());
    QCOMPARE(panel.selectedTransaction(), quarantined.first());
    QVERIFY(!panel.releaseButton()->isEnabled()); // no team store yet
    QVERIFY(panel.releaseButton()->toolTip().contains(QStringLiteral("team store")));

    QTemporaryDir dir;
    auto store = test::openTeamStore(dir);
    QVERIFY(store);
    ActionDesk desk(*store, test::plannerActor());
    ActionExecutor executor(*store, nullptr, test::plannerActor());
    HttpHubActionSender sender(&network, hub.url());
    executor.setHubSender(&sender);
    panel.setDesk(&desk, &executor);
    QVERIFY(panel.releaseButton()->isEnabled());
    QVERIFY(panel.rejectButton()->isEnabled());
    QVERIFY(!panel.replayButton()->isEnabled()); // only failed or dead-lettered ones
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);
    panel.releaseButton()->click();
    QVERIFY2(panel.resultText().contains(QStringLiteral("queued")), qPrintable(panel.resultText()));
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(hub.transaction(quarantined.first())[QStringLiteral("status")].toString(),
             QStringLiteral("acknowledged"));
    // The stream brings the change: the row leaves the exception queue.
    QTRY_COMPARE(panel.table()->model()->rowCount(), quarantined.size() - 1);
    const auto done = desk.actions({ActionState::Done});
    QCOMPARE(done.size(), 1);
    QCOMPARE(done.first().kind, ActionKind::HubRelease);
}

QTEST_MAIN(TestMiddlewareScreens)
#include "tst_middleware_screens.moc"
