// SPDX-License-Identifier: GPL-3.0-or-later
// OCA queue_job: the simulator's queue.job, the cockpit's reading of it, and requeue through the
// outbox.
#include "OdooDatabase.h"
#include "PlannerDesk.h"
#include "QueueJobScenario.h"
#include "QueueJobs.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "actions/ActionQueue.h"
#include "middleware/QueueJobMonitor.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::sim;

namespace {

QList<qint64> jobsIn(Simulator &s, const QString &state) {
    QList<qint64> out;
    for (qint64 id : s.database().ids(QueueJobs::model)) {
        if (s.database().value(QueueJobs::model, id, QStringLiteral("state")).toString() == state)
            out << id;
    }
    return out;
}

QString jobState(Simulator &s, qint64 id) {
    return s.database().value(QueueJobs::model, id, QStringLiteral("state")).toString();
}

// A planner signed in to a simulated Odoo with queue_job, with an outbox of the test's own.
struct Outbox {
    Simulator simulator{test::queueJobHistory(true)};
    std::unique_ptr<odoo::HttpOdooTransport> transport;
    std::unique_ptr<odoo::OdooClient> client;
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<ActionDesk> desk;
    std::unique_ptr<ActionExecutor> executor;

    bool open() {
        if (!simulator.start())
            return false;
        transport = std::make_unique<odoo::HttpOdooTransport>(test::plannerProfile(simulator));
        client =
            std::make_unique<odoo::OdooClient>(test::plannerProfile(simulator), transport.get());
        store = test::openTeamStore(dir);
        if (!test::signIn(*client) || !store)
            return false;
        desk = std::make_unique<ActionDesk>(*store, test::plannerActor());
        executor = std::make_unique<ActionExecutor>(*store, client.get(), test::plannerActor());
        return true;
    }
};

} // namespace

class TestQueueJobs final : public QObject {
    Q_OBJECT
private slots:
    void simulatorServesQueueJobLikeQueueJob();
    void monitorReportsFailedAndStuckJobs();
    void monitorSaysNotInstalledWithoutTheModule();
    void requeueGoesThroughTheOutboxOnlyWhileFailed();
    void stuckJobIsRequeuedOnlyWhileStillStartedSinceThen();
};

void TestQueueJobs::simulatorServesQueueJobLikeQueueJob() {
    Simulator simulator(test::queueJobHistory(true));
    QVERIFY(simulator.start());
    odoo::HttpOdooTransport transport(test::plannerProfile(simulator));
    odoo::OdooClient client(test::plannerProfile(simulator), &transport);
    QVERIFY(test::signIn(client));

    QJsonValue fields;
    bool answered = false;
    client.executeKw(QueueJobs::model, QStringLiteral("fields_get"), {},
                     {{QStringLiteral("attributes"),
                       QJsonArray{QStringLiteral("type"), QStringLiteral("selection")}}},
                     [&](const QJsonValue &r, const odoo::OdooError &e) {
                         QVERIFY2(!e.isError(), qPrintable(e.message));
                         fields = r;
                         answered = true;
                     });
    QTRY_VERIFY(answered);
    QStringList states;
    for (const QJsonValue &pair :
         fields[QStringLiteral("state")][QStringLiteral("selection")].toArray())
        states << pair.toArray().at(0).toString();
    QCOMPARE(states.join(QLatin1Char(',')),
             QStringLiteral("wait_dependencies,pending,enqueued,started,done,cancelled,failed"));
    for (const QString &f : QueueJobMonitor::fields)
        QVERIFY2(fields.toObject().contains(f), qPrintable(f));

    // The scenario's history made jobs as its orders reached Odoo: most are done, some failed
    // (at once, or after their five tries), some are stuck in started, some wait for another.
    const qint64 orders = simulator.database().count(QStringLiteral("sale.order"));
    QVERIFY(simulator.database().count(QueueJobs::model) >= orders - 40);
    const QList<qint64> failed = jobsIn(simulator, QStringLiteral("failed"));
    QVERIFY2(failed.size() >= 3, qPrintable(QString::number(failed.size())));
    QVERIFY(jobsIn(simulator, QStringLiteral("done")).size() > failed.size() * 3);
    QVERIFY(!jobsIn(simulator, QStringLiteral("started")).isEmpty());
    bool afterRetries = false;
    for (qint64 id : failed) {
        const auto v = [&](const char *f) {
            return simulator.database().value(QueueJobs::model, id, QLatin1String(f));
        };
        QVERIFY(!v("exc_name").toString().isEmpty());
        QVERIFY(v("exc_info").toString().startsWith(QLatin1String("Traceback")));
        QVERIFY(v("retry").toInt() >= 1);
        if (v("retry").toInt() == 5) {
            afterRetries = true;
            QVERIFY(v("exc_message").toString().startsWith(QLatin1String("Max. retries (5)")));
        }
    }
    QVERIFY(afterRetries);

    // The model's methods as queue_job has them: button_done and button_cancelled write the
    // state and a result naming the user; requeue puts a job back to pending, retries from 0.
    const qint64 a = failed.at(0), b = failed.at(1), c = failed.at(2);
    int calls = 0;
    for (const auto &[id, method] :
         {std::pair{a, "button_done"}, std::pair{b, "button_cancelled"}, std::pair{c, "requeue"}}) {
        client.executeKw(QueueJobs::model, QLatin1String(method), QJsonArray{QJsonArray{id}}, {},
                         [&](const QJsonValue &r, const odoo::OdooError &e) {
                             QVERIFY2(!e.isError(), qPrintable(e.message));
                             QCOMPARE(r, QJsonValue(true));
                             ++calls;
                         });
    }
    QTRY_COMPARE(calls, 3);
    QCOMPARE(jobState(simulator, a), QStringLiteral("done"));
    QVERIFY(simulator.database()
                .value(QueueJobs::model, a, QStringLiteral("result"))
                .toString()
                .startsWith(QLatin1String("Manually set to done by ")));
    QCOMPARE(jobState(simulator, b), QStringLiteral("cancelled"));
    QCOMPARE(jobState(simulator, c), QStringLiteral("pending"));
    QCOMPARE(simulator.database().value(QueueJobs::model, c, QStringLiteral("retry")).toInt(), 0);
    // The requeued job runs again on the clock.
    simulator.queueJobs()->setNextOutcome(c, QueueJobs::Outcome::Done);
    simulator.clock().setNow(simulator.clock().now().addSecs(120));
    simulator.queueJobs()->advance();
    QCOMPARE(jobState(simulator, c), QStringLiteral("done"));
    QCOMPARE(simulator.database().value(QueueJobs::model, c, QStringLiteral("retry")).toInt(), 1);
}

void TestQueueJobs::monitorReportsFailedAndStuckJobs() {
    Simulator simulator(test::queueJobHistory(true));
    QVERIFY(simulator.start());
    odoo::HttpOdooTransport transport(test::plannerProfile(simulator));
    odoo::OdooClient client(test::plannerProfile(simulator), &transport);
    QVERIFY(test::signIn(client));
    QueueJobMonitor monitor(&client);
    monitor.setClock([&simulator] { return simulator.clock().now(); });
    monitor.setStuckAfterSeconds(3600);
    QSignalSpy refreshed(&monitor, &QueueJobMonitor::refreshed);
    monitor.refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    const QueueJobFigures &f = monitor.figures();
    QCOMPARE(f.availability, QueueJobFigures::Availability::Available);

    const QList<qint64> failed = jobsIn(simulator, QStringLiteral("failed"));
    QCOMPARE(f.failed, failed.size());
    QCOMPARE(f.failedJobs.size(), failed.size());
    const QDateTime cutoff = simulator.clock().now().addSecs(-3600);
    int stuck = 0;
    for (qint64 id : jobsIn(simulator, QStringLiteral("started"))) {
        if (simulator.database()
                .value(QueueJobs::model, id, QStringLiteral("date_started"))
                .toDateTime() < cutoff)
            ++stuck;
    }
    QVERIFY(stuck > 0);
    QCOMPARE(f.stuck, stuck);
    QCOMPARE(f.started, jobsIn(simulator, QStringLiteral("started")).size());
    for (const QueueJob &j : f.stuckJobs)
        QVERIFY(j.started < cutoff);
    // Newest failure first, with what failed and how often it was tried.
    for (qsizetype i = 1; i < f.failedJobs.size(); ++i)
        QVERIFY(f.failedJobs[i - 1].created >= f.failedJobs[i].created);
    for (const QueueJob &j : f.failedJobs) {
        QCOMPARE(j.state, QStringLiteral("failed"));
        QCOMPARE(
            j.retry,
            simulator.database().value(QueueJobs::model, j.id, QStringLiteral("retry")).toInt());
        QVERIFY(!j.excMessage.isEmpty());
        QCOMPARE(j.maxRetries, 5);
    }
    // A longer threshold: fewer stuck jobs.
    monitor.setStuckAfterSeconds(365LL * 24 * 3600);
    monitor.refresh();
    QTRY_COMPARE(refreshed.size(), 2);
    QCOMPARE(monitor.figures().stuck, 0);
}

void TestQueueJobs::monitorSaysNotInstalledWithoutTheModule() {
    Simulator simulator(test::queueJobHistory(false));
    QVERIFY(simulator.start());
    odoo::HttpOdooTransport transport(test::plannerProfile(simulator));
    odoo::OdooClient client(test::plannerProfile(simulator), &transport);
    QVERIFY(test::signIn(client));
    // Odoo's own answer (odoo-wire 032): a UserError "Object queue.job doesn't exist".
    odoo::OdooError raw;
    bool answered = false;
    client.executeKw(QueueJobMonitor::model, QStringLiteral("search_count"),
                     QJsonArray{QJsonArray{}}, {},
                     [&](const QJsonValue &, const odoo::OdooError &e) {
                         raw = e;
                         answered = true;
                     });
    QTRY_VERIFY(answered);
    QCOMPARE(raw.kind, odoo::OdooError::Kind::UnknownModel);
    QCOMPARE(raw.serverMessage, QStringLiteral("Object queue.job doesn't exist"));

    QueueJobMonitor monitor(&client);
    QSignalSpy refreshed(&monitor, &QueueJobMonitor::refreshed);
    monitor.refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QCOMPARE(monitor.figures().availability, QueueJobFigures::Availability::NotInstalled);
    QCOMPARE(monitor.figures().failed, 0);
    QVERIFY(monitor.figures().message.isEmpty()); // not an error
}

void TestQueueJobs::requeueGoesThroughTheOutboxOnlyWhileFailed() {
    Outbox rig;
    QVERIFY(rig.open());
    Simulator &simulator = rig.simulator;
    ActionDesk &desk = *rig.desk;
    ActionExecutor &executor = *rig.executor;
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);

    const QList<qint64> failed = jobsIn(simulator, QStringLiteral("failed"));
    QVERIFY(failed.size() >= 2);
    const qint64 job = failed.at(0), other = failed.at(1);
    const auto queued = desk.requeueJob(job, QStringLiteral("Export S00001 to the warehouse"));
    QVERIFY2(queued.ok, qPrintable(queued.message));
    QCOMPARE(jobState(simulator, job), QStringLiteral("failed")); // written, not sent yet
    executor.runPending();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(jobState(simulator, job), QStringLiteral("pending"));
    QCOMPARE(simulator.database().value(QueueJobs::model, job, QStringLiteral("retry")).toInt(), 0);

    // Someone set the other job done in Odoo before the requeue went out: nothing is sent.
    const auto late = desk.requeueJob(other, {});
    QVERIFY(late.ok);
    simulator.database().write(QueueJobs::model, other,
                               {{QStringLiteral("state"), QStringLiteral("done")}});
    executor.runPending();
    QTRY_COMPARE(finished.size(), 2);
    QVERIFY(finished.last().at(1).toBool());
    QCOMPARE(jobState(simulator, other), QStringLiteral("done"));
    const auto done = desk.actions({ActionState::Done});
    QCOMPARE(done.size(), 2);
    ActionQueue queue(*rig.store);
    for (const ActionRecord &listed : done) {
        const auto a = queue.find(listed.id, true);
        QVERIFY(a);
        QCOMPARE(a->kind, ActionKind::RequeueJob);
        QCOMPARE(a->steps.size(), 1);
        QCOMPARE(a->steps.first().state,
                 a->id == late.actionId ? QStringLiteral("skipped") : QStringLiteral("done"));
    }
}

// A job stuck in "started" (its worker died) can be requeued too, but only while it is still
// started since the time the planner saw: one that was started again meanwhile may have a live
// worker, and requeueing it would run it twice.
void TestQueueJobs::stuckJobIsRequeuedOnlyWhileStillStartedSinceThen() {
    Outbox rig;
    QVERIFY(rig.open());
    Simulator &simulator = rig.simulator;
    ActionDesk &desk = *rig.desk;
    ActionExecutor &executor = *rig.executor;
    QSignalSpy finished(&executor, &ActionExecutor::actionFinished);

    // What the monitor shows: the stuck jobs with their start times.
    QueueJobMonitor monitor(rig.client.get());
    monitor.setStuckAfterSeconds(3600);
    monitor.setClock([&simulator] { return simulator.clock().now(); });
    QSignalSpy read(&monitor, &QueueJobMonitor::refreshed);
    monitor.refresh();
    QTRY_COMPARE(read.size(), 1);
    const QList<QueueJob> stuck = monitor.figures().stuckJobs;
    QVERIFY2(stuck.size() >= 2, qPrintable(QString::number(stuck.size())));
    const QueueJob job = stuck.at(0), other = stuck.at(1);

    QVERIFY(!desk.requeueStuckJob(job.id, job.name, {}).ok); // no start time: refused
    const auto queued = desk.requeueStuckJob(job.id, job.name, job.started);
    QVERIFY2(queued.ok, qPrintable(queued.message));
    QCOMPARE(jobState(simulator, job.id), QStringLiteral("started")); // written, not sent yet
    executor.runPending();
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
    QCOMPARE(jobState(simulator, job.id), QStringLiteral("pending"));

    // A worker picked the other job up again before the requeue went out: nothing is sent.
    const auto late = desk.requeueStuckJob(other.id, other.name, other.started);
    QVERIFY(late.ok);
    simulator.database().write(QueueJobs::model, other.id,
                               {{QStringLiteral("date_started"), simulator.clock().now()}});
    executor.runPending();
    QTRY_COMPARE(finished.size(), 2);
    QVERIFY(finished.last().at(1).toBool());
    QCOMPARE(jobState(simulator, other.id), QStringLiteral("started"));
    const auto a = ActionQueue(*rig.store).find(late.actionId, true);
    QVERIFY(a);
    QCOMPARE(a->steps.size(), 1);
    QCOMPARE(a->steps.first().state, QStringLiteral("skipped"));
}

QTEST_GUILESS_MAIN(TestQueueJobs)
#include "tst_queue_jobs.moc"
