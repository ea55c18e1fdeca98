// SPDX-License-Identifier: GPL-3.0-or-later
#include "QueueJobMonitor.h"

#include "common/Log.h"
#include "odoo/OdooClient.h"

#include <QJsonArray>
#include <QJsonObject>

namespace o2c {

using odoo::OdooError;

namespace {

QString S(const char *s) {
    return QString::fromLatin1(s);
}

QDateTime odooTime(const QJsonValue &v) {
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

QString odooText(const QDateTime &t) {
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString text(const QJsonObject &o, const char *key) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isString() ? v.toString() : QString(); // false: empty
}

} // namespace

const QString QueueJobMonitor::model = QStringLiteral("queue.job");
const QStringList QueueJobMonitor::fields{
    S("uuid"),          S("name"),         S("state"),       S("channel"),     S("model_name"),
    S("method_name"),   S("func_string"),  S("exc_name"),    S("exc_message"), S("exc_info"),
    S("result"),        S("retry"),        S("max_retries"), S("priority"),    S("date_created"),
    S("date_enqueued"), S("date_started"), S("date_done")};

QueueJobMonitor::QueueJobMonitor(odoo::OdooClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client) {
    m_timer.setInterval(30000);
    connect(&m_timer, &QTimer::timeout, this, &QueueJobMonitor::refresh);
}

QueueJobMonitor::~QueueJobMonitor() = default;

void QueueJobMonitor::start() {
    refresh();
    m_timer.start();
}

QueueJob QueueJobMonitor::fromJson(const QJsonObject &o) {
    QueueJob j;
    j.id = qint64(o.value(S("id")).toDouble());
    j.uuid = text(o, "uuid");
    j.name = text(o, "name");
    j.state = text(o, "state");
    j.channel = text(o, "channel");
    j.modelName = text(o, "model_name");
    j.methodName = text(o, "method_name");
    j.funcString = text(o, "func_string");
    j.excName = text(o, "exc_name");
    j.excMessage = text(o, "exc_message");
    j.excInfo = text(o, "exc_info");
    j.result = text(o, "result");
    j.retry = o.value(S("retry")).toInt();
    j.maxRetries = o.value(S("max_retries")).toInt();
    j.priority = o.value(S("priority")).toInt();
    j.created = odooTime(o.value(S("date_created")));
    j.enqueued = odooTime(o.value(S("date_enqueued")));
    j.started = odooTime(o.value(S("date_started")));
    j.done = odooTime(o.value(S("date_done")));
    return j;
}

void QueueJobMonitor::refresh() {
    if (!m_client || m_pending > 0)
        return;
    const quint64 generation = ++m_generation;
    m_next = {};
    m_next.availability = QueueJobFigures::Availability::Available;
    m_partFailed = false;
    const QDateTime now = m_clock();
    m_next.readAt = now;
    const QString cutoff = odooText(now.addSecs(-m_stuckAfter));
    const QJsonArray fieldList = QJsonArray::fromStringList(fields);
    auto cond = [](const char *f, const char *op, const QJsonValue &v) {
        return QJsonArray{S(f), S(op), v};
    };
    auto guard = [this, generation](auto apply) {
        return [self = QPointer<QueueJobMonitor>(this), this, generation,
                apply](const QJsonValue &r, const OdooError &e) {
            if (!self || generation != m_generation)
                return;
            if (e.isError())
                failedRead(e);
            else if (!m_partFailed)
                apply(r);
            finishPart();
        };
    };
    auto count = [&](const QJsonArray &domain, int QueueJobFigures::*into) {
        ++m_pending;
        m_client->executeKw(
            model, S("search_count"), QJsonArray{domain}, {},
            guard([this, into](const QJsonValue &r) { m_next.*into = int(r.toDouble()); }));
    };
    const QJsonArray waitingStates{S("pending"), S("enqueued"), S("wait_dependencies")};
    count(QJsonArray{cond("state", "=", S("failed"))}, &QueueJobFigures::failed);
    count(QJsonArray{cond("state", "=", S("started"))}, &QueueJobFigures::started);
    count(QJsonArray{cond("state", "in", waitingStates)}, &QueueJobFigures::waiting);
    count(QJsonArray{cond("state", "in", QJsonArray{S("pending"), S("enqueued")}),
                     cond("retry", ">", 0)},
          &QueueJobFigures::retrying);
    ++m_pending;
    m_client->executeKw(
        model, S("search_read"), QJsonArray{QJsonArray{cond("state", "=", S("failed"))}},
        {{S("fields"), fieldList}, {S("order"), S("date_created desc")}, {S("limit"), 200}},
        guard([this](const QJsonValue &r) {
            for (const QJsonValue &v : r.toArray())
                m_next.failedJobs.append(fromJson(v.toObject()));
        }));
    ++m_pending;
    m_client->executeKw(
        model, S("search_read"),
        QJsonArray{QJsonArray{cond("state", "=", S("started")), cond("date_started", "<", cutoff)}},
        {{S("fields"), fieldList}, {S("order"), S("date_started asc")}, {S("limit"), 200}},
        guard([this](const QJsonValue &r) {
            for (const QJsonValue &v : r.toArray())
                m_next.stuckJobs.append(fromJson(v.toObject()));
            m_next.stuck = int(m_next.stuckJobs.size());
        }));
}

void QueueJobMonitor::failedRead(const OdooError &e) {
    if (m_partFailed)
        return;
    m_partFailed = true;
    using A = QueueJobFigures::Availability;
    if (e.kind == OdooError::Kind::UnknownModel) {
        m_next = {};
        m_next.availability = A::NotInstalled;
        m_next.readAt = m_clock();
        return;
    }
    if (e.kind == OdooError::Kind::AccessError) {
        m_next = {};
        m_next.availability = A::NotAllowed;
        m_next.message = tr("Odoo does not let this user read the job queue (%1). Ask an "
                            "administrator for the Job Queue Manager group.")
                             .arg(e.serverMessage.section(QLatin1Char('\n'), 0, 0));
        m_next.readAt = m_clock();
        return;
    }
    // Keep the figures of the last good read, marked as old.
    m_next = m_figures;
    m_next.availability = A::Unreachable;
    m_next.message = tr("The job queue could not be read: %1").arg(e.message);
    spdlog::warn("queue.job read failed: {}", e.message);
}

void QueueJobMonitor::finishPart() {
    if (--m_pending > 0)
        return;
    m_figures = m_next;
    emit refreshed();
}

} // namespace o2c
