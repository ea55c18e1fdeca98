// SPDX-License-Identifier: GPL-3.0-or-later
#include "QueueJobs.h"

#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "Scenario.h"

namespace o2c::sim {

namespace {

QString S(const char *s) {
    return QString::fromLatin1(s);
}

// queue.job's fields as fields_get reports them with queue_job 16.0-18.0 installed (the ones a
// monitoring client reads; serialized and technical fields left out).
const char *const kFields = R"json({
"id":{"string":"ID","type":"integer"},
"display_name":{"string":"Display Name","type":"char"},
"uuid":{"string":"UUID","type":"char"},
"graph_uuid":{"string":"Graph UUID","type":"char"},
"user_id":{"string":"User ID","type":"many2one","relation":"res.users"},
"company_id":{"string":"Company","type":"many2one","relation":"res.company"},
"name":{"string":"Description","type":"char"},
"model_name":{"string":"Model","type":"char"},
"method_name":{"string":"Method Name","type":"char"},
"func_string":{"string":"Task","type":"char"},
"state":{"string":"State","type":"selection","selection":[["wait_dependencies","Wait Dependencies"],["pending","Pending"],["enqueued","Enqueued"],["started","Started"],["done","Done"],["cancelled","Cancelled"],["failed","Failed"]]},
"priority":{"string":"Priority","type":"integer"},
"exc_name":{"string":"Exception","type":"char"},
"exc_message":{"string":"Exception Message","type":"char"},
"exc_info":{"string":"Exception Info","type":"text"},
"result":{"string":"Result","type":"text"},
"date_created":{"string":"Created Date","type":"datetime"},
"date_started":{"string":"Start Date","type":"datetime"},
"date_enqueued":{"string":"Enqueue Time","type":"datetime"},
"date_done":{"string":"Date Done","type":"datetime"},
"date_cancelled":{"string":"Date Cancelled","type":"datetime"},
"exec_time":{"string":"Execution Time (avg)","type":"float"},
"eta":{"string":"Execute only after","type":"datetime"},
"retry":{"string":"Current try","type":"integer"},
"max_retries":{"string":"Max. retries","type":"integer"},
"channel_method_name":{"string":"Complete Method Name","type":"char"},
"channel":{"string":"Channel","type":"char"},
"identity_key":{"string":"Identity Key","type":"char"},
"worker_pid":{"string":"Worker Pid","type":"integer"}
})json";

constexpr int kMaxRetries = 5;

QString traceback(const QString &frames, const QString &exception) {
    return S("Traceback (most recent call last):\n"
             "  File \"/opt/odoo/addons/queue_job/controllers/main.py\", line 34, in "
             "_try_perform_job\n    job.perform()\n"
             "  File \"/opt/odoo/addons/queue_job/job.py\", line 507, in perform\n"
             "    self.result = self.func(*tuple(self.args), **self.kwargs)\n") +
           frames + exception + QLatin1Char('\n');
}

} // namespace

const QString QueueJobs::model = QStringLiteral("queue.job");

QueueJobs::QueueJobs(OdooDatabase &db, OdooRpc &rpc, Scenario &scenario, quint64 seed,
                     QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_rpc(rpc)
    , m_dice{seed ^ 0x51554A42ull} {
    registerModel();
    registerMethods();
    connect(&scenario, &Scenario::orderCreated, this, &QueueJobs::onOrderCreated);
    connect(&m_timer, &QTimer::timeout, this, &QueueJobs::advance);
}

QueueJobs::~QueueJobs() = default;

void QueueJobs::registerModel() {
    m_db.addModel(model, S("Queue Job"), S("date_created desc, date_done desc"),
                  QByteArray(kFields));
    m_db.setDisplayName(model,
                        [](const Record &r) { return r.values.value(S("name")).toString(); });
}

void QueueJobs::start(int intervalMs) {
    m_timer.start(intervalMs);
}

void QueueJobs::stop() {
    m_timer.stop();
}

qint64 QueueJobs::jobOf(qint64 saleOrderId) const {
    return m_exportOf.value(saleOrderId);
}

void QueueJobs::setNextOutcome(qint64 jobId, Outcome outcome) {
    auto it = m_plans.find(jobId);
    if (it != m_plans.end())
        it->outcome = outcome;
}

QString QueueJobs::uuid() {
    const quint64 a = m_dice.next(), b = m_dice.next();
    const QString hex =
        QStringLiteral("%1%2").arg(a, 16, 16, QLatin1Char('0')).arg(b, 16, 16, QLatin1Char('0'));
    return hex.left(8) + QLatin1Char('-') + hex.mid(8, 4) + S("-4") + hex.mid(13, 3) +
           QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20, 12);
}

QueueJobs::Outcome QueueJobs::drawOutcome() {
    const double d = m_dice.uniform();
    if (d < 0.05)
        return Outcome::FailNow;
    if (d < 0.09)
        return Outcome::FailAfterRetries;
    if (d < 0.12)
        return Outcome::Stuck;
    return Outcome::Done;
}

qint64 QueueJobs::createJob(qint64 saleOrderId, const QString &name, const QString &method,
                            const QString &channel, int priority, qint64 dependsOn,
                            const QString &graph) {
    const QDateTime now = m_db.now();
    const QVariantHash values{
        {S("uuid"), uuid()},
        {S("graph_uuid"), graph},
        {S("user_id"), qint64(2)},
        {S("company_id"), qint64(1)},
        {S("name"), name},
        {S("model_name"), S("sale.order")},
        {S("method_name"), method},
        {S("func_string"), QStringLiteral("sale.order(%1,).%2()").arg(saleOrderId).arg(method)},
        {S("channel_method_name"), QStringLiteral("<sale.order>.%1").arg(method)},
        {S("channel"), channel},
        {S("state"), dependsOn ? S("wait_dependencies") : S("pending")},
        {S("priority"), qint64(priority)},
        {S("date_created"), now},
        {S("retry"), qint64(0)},
        {S("max_retries"), qint64(kMaxRetries)},
        {S("identity_key"), QStringLiteral("%1:sale.order:%2").arg(method).arg(saleOrderId)},
    };
    const qint64 id = m_db.create(model, values);
    Plan plan;
    plan.outcome = drawOutcome();
    plan.dependsOn = dependsOn;
    if (!dependsOn)
        plan.nextAt = now.addMSecs(m_dice.between(500, 4000));
    m_plans.insert(id, plan);
    return id;
}

void QueueJobs::onOrderCreated(qint64 saleOrderId) {
    advance(); // the history moves the clock: earlier jobs catch up first
    const QString order = m_db.value(S("sale.order"), saleOrderId, S("name")).toString();
    const QString graph = uuid();
    const qint64 exportJob =
        createJob(saleOrderId, QStringLiteral("Export %1 to the warehouse").arg(order),
                  S("export_to_warehouse"), S("root.edi"), 10, 0, graph);
    m_exportOf.insert(saleOrderId, exportJob);
    if (m_dice.uniform() < 0.35)
        createJob(saleOrderId, QStringLiteral("Notify the carrier of %1").arg(order),
                  S("notify_carrier"), S("root.edi.carrier"), 20, exportJob, graph);
}

void QueueJobs::advance() {
    const QDateTime now = m_db.now();
    // Steps can make further steps due (a finished job releases the one waiting for it).
    for (int round = 0; round < 8; ++round) {
        bool moved = false;
        for (auto it = m_plans.begin(); it != m_plans.end(); ++it) {
            if (it->nextAt.isValid() && it->nextAt <= now) {
                const QDateTime due = it->nextAt; // step() clears nextAt
                step(it.key(), *it, due);
                moved = true;
            }
        }
        if (!moved)
            return;
    }
}

void QueueJobs::setPending(qint64 id, Plan &plan, const QDateTime &at) {
    m_db.write(model, id,
               {{S("state"), S("pending")},
                {S("date_enqueued"), QDateTime()},
                {S("date_started"), QDateTime()},
                {S("date_done"), QDateTime()},
                {S("date_cancelled"), QDateTime()},
                {S("worker_pid"), qint64(0)}});
    plan.nextAt = at.addMSecs(m_dice.between(500, 3000));
}

void QueueJobs::releaseDependents(qint64 doneJob, const QDateTime &at) {
    for (auto it = m_plans.begin(); it != m_plans.end(); ++it) {
        if (it->dependsOn != doneJob || m_db.value(model, it.key(), S("state")).toString() !=
                                            QLatin1String("wait_dependencies"))
            continue;
        setPending(it.key(), *it, at);
    }
}

void QueueJobs::step(qint64 id, Plan &plan, const QDateTime &at) {
    const QString state = m_db.value(model, id, S("state")).toString();
    plan.nextAt = {};
    if (state == QLatin1String("pending")) {
        m_db.write(model, id, {{S("state"), S("enqueued")}, {S("date_enqueued"), at}});
        plan.nextAt = at.addMSecs(m_dice.between(200, 5000));
        return;
    }
    if (state == QLatin1String("enqueued")) {
        const qint64 retry = m_db.value(model, id, S("retry")).toLongLong() + 1;
        m_db.write(model, id,
                   {{S("state"), S("started")},
                    {S("date_started"), at},
                    {S("retry"), retry},
                    {S("worker_pid"), qint64(m_dice.between(2000, 30000))}});
        if (plan.outcome != Outcome::Stuck) // its worker dies: it stays started
            plan.nextAt = at.addMSecs(m_dice.between(1500, 40000));
        return;
    }
    if (state != QLatin1String("started"))
        return;
    const QDateTime started = m_db.value(model, id, S("date_started")).toDateTime();
    const double seconds = double(started.msecsTo(at)) / 1000.0;
    const qint64 retry = m_db.value(model, id, S("retry")).toLongLong();
    const QString method = m_db.value(model, id, S("method_name")).toString();
    const QString frame =
        QStringLiteral("  File \"/opt/odoo/addons/o2c_edi/models/sale_order.py\", "
                       "line 88, in %1\n")
            .arg(method);
    switch (plan.outcome) {
    case Outcome::Done:
    case Outcome::Stuck:
        m_db.write(model, id,
                   {{S("state"), S("done")},
                    {S("date_done"), at},
                    {S("exec_time"), seconds},
                    {S("result"),
                     method == QLatin1String("export_to_warehouse")
                         ? QStringLiteral("Accepted by the warehouse as WMS-%1").arg(id * 7 + 1000)
                         : QStringLiteral("Carrier notified")},
                    {S("exc_name"), QString()},
                    {S("exc_message"), QString()},
                    {S("exc_info"), QString()}});
        releaseDependents(id, at);
        return;
    case Outcome::FailNow: {
        const QString message =
            QStringLiteral("The warehouse rejected the order: unknown article code for line 2");
        m_db.write(
            model, id,
            {{S("state"), S("failed")},
             {S("exec_time"), seconds},
             {S("exc_name"), S("odoo.exceptions.ValidationError")},
             {S("exc_message"), message},
             {S("exc_info"), traceback(frame, S("odoo.exceptions.ValidationError: ") + message)}});
        return;
    }
    case Outcome::FailAfterRetries: {
        if (retry < kMaxRetries) {
            // RetryableJobError: postponed with an eta that grows with the tries.
            const QDateTime eta = at.addSecs(30 * retry);
            m_db.write(model, id,
                       {{S("state"), S("pending")},
                        {S("eta"), eta},
                        {S("date_enqueued"), QDateTime()},
                        {S("date_started"), QDateTime()},
                        {S("result"),
                         QStringLiteral("Warehouse service unavailable (HTTP 503); retried")}});
            plan.nextAt = eta;
            return;
        }
        const QString message =
            QStringLiteral("Max. retries (%1) reached: Warehouse service unavailable (HTTP 503)")
                .arg(kMaxRetries);
        m_db.write(
            model, id,
            {{S("state"), S("failed")},
             {S("exec_time"), seconds},
             {S("exc_name"), S("odoo.addons.queue_job.exception.FailedJobError")},
             {S("exc_message"), message},
             {S("exc_info"),
              traceback(frame, S("odoo.addons.queue_job.exception.FailedJobError: ") + message)}});
        return;
    }
    }
}

void QueueJobs::registerMethods() {
    // queue.job.requeue(): back to pending (retries counted again from 0), as set_pending does.
    m_rpc.registerMethod(model, S("requeue"), [this](MethodCall &c) {
        const QDateTime now = m_db.now();
        for (qint64 id : c.ids()) {
            Plan &plan = m_plans[id];
            m_db.write(model, id, {{S("retry"), qint64(0)}, {S("eta"), QDateTime()}});
            setPending(id, plan, now);
            // A requeued job usually goes through: the cause was fixed meanwhile.
            plan.outcome = m_dice.uniform() < 0.8 ? Outcome::Done : plan.outcome;
        }
        return WireValue(true);
    });
    m_rpc.registerMethod(model, S("button_done"), [this](MethodCall &c) {
        const QDateTime now = m_db.now();
        for (qint64 id : c.ids()) {
            m_db.write(
                model, id,
                {{S("state"), S("done")},
                 {S("date_done"), now},
                 {S("result"), QStringLiteral("Manually set to done by %1").arg(c.user.name)}});
            m_plans[id].nextAt = {};
            releaseDependents(id, now);
        }
        return WireValue(true);
    });
    m_rpc.registerMethod(model, S("button_cancelled"), [this](MethodCall &c) {
        const QDateTime now = m_db.now();
        for (qint64 id : c.ids()) {
            m_db.write(model, id,
                       {{S("state"), S("cancelled")},
                        {S("date_cancelled"), now},
                        {S("result"), QStringLiteral("Cancelled by %1").arg(c.user.name)}});
            m_plans[id].nextAt = {};
        }
        return WireValue(true);
    });
}

} // namespace o2c::sim
