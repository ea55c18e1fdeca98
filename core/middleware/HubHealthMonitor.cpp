// SPDX-License-Identifier: GPL-3.0-or-later
#include "HubHealthMonitor.h"

#include "QueueJobMonitor.h"
#include "RabbitMqMonitor.h"
#include "common/Log.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace o2c {

namespace {

QString percent(double rate) {
    return QLocale().toString(rate * 100, 'f', 1);
}

QString seconds(double ms) {
    return QLocale().toString(ms / 1000.0, 'f', 0);
}

} // namespace

HubHealth HubHealth::fromJson(const QJsonObject &o) {
    HubHealth h;
    h.at = QDateTime::fromString(o.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    h.windowSeconds = o.value(QLatin1String("window_seconds")).toInt();
    h.throughputPerMinute = o.value(QLatin1String("throughput_per_minute")).toDouble();
    h.received = o.value(QLatin1String("received")).toInt();
    h.acknowledged = o.value(QLatin1String("acknowledged")).toInt();
    h.failed = o.value(QLatin1String("failed")).toInt();
    h.deadLettered = o.value(QLatin1String("dead_lettered")).toInt();
    h.quarantined = o.value(QLatin1String("quarantined")).toInt();
    h.queueDepth = o.value(QLatin1String("queue_depth")).toInt();
    const QJsonObject latency = o.value(QLatin1String("latency_ms")).toObject();
    h.latencyP50Ms = latency.value(QLatin1String("p50")).toDouble();
    h.latencyP95Ms = latency.value(QLatin1String("p95")).toDouble();
    h.latencyMaxMs = latency.value(QLatin1String("max")).toDouble();
    h.ackSuccessRate = o.value(QLatin1String("ack_success_rate")).toDouble(1.0);
    return h;
}

namespace alerts {

Alert ackSuccess(const HubHealth &h, const AlertThresholds &t) {
    if (h.ackSuccessRate < t.ackSuccessCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "Only %1% of the orders sent to Odoo were acknowledged: Odoo refuses or "
                    "times out. Check the Odoo connection and the failed transactions.")
                    .arg(percent(h.ackSuccessRate))};
    if (h.ackSuccessRate < t.ackSuccessWarning)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%1% of the orders sent to Odoo were acknowledged; some needed retries.")
                    .arg(percent(h.ackSuccessRate))};
    return {};
}

Alert queueDepth(const HubHealth &h, const AlertThresholds &t) {
    if (h.queueDepth >= t.queueDepthCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n orders wait in the hub for Odoo: orders are not getting through.", nullptr,
                    h.queueDepth)};
    if (h.queueDepth >= t.queueDepthWarning)
        return {AlertLevel::Warning,
                QCoreApplication::translate("o2c::alerts",
                                            "%n orders wait in the hub for Odoo, more than usual.",
                                            nullptr, h.queueDepth)};
    return {};
}

Alert latency(const HubHealth &h, const AlertThresholds &t) {
    if (h.latencyP95Ms >= t.latencyP95CriticalMs)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts", "Orders take %1 s (95th percentile) from the channel to Odoo.")
                    .arg(seconds(h.latencyP95Ms))};
    if (h.latencyP95Ms >= t.latencyP95WarningMs)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "Orders take %1 s (95th percentile) from the channel to Odoo, slower than "
                    "usual.")
                    .arg(seconds(h.latencyP95Ms))};
    return {};
}

Alert failures(const HubHealth &h, const AlertThresholds &t) {
    const int n = h.failed + h.deadLettered;
    if (h.deadLettered > 0 || n >= t.failuresCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n transactions failed or were dead-lettered: replay or reject them in the "
                    "exception queue.",
                    nullptr, n)};
    if (n >= t.failuresWarning)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts", "%n transactions failed in the window; the hub retries them.",
                    nullptr, n)};
    return {};
}

Alert quarantine(const HubHealth &h, const AlertThresholds &) {
    if (h.quarantined > 0)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n transactions are quarantined as suspected duplicates: release or reject "
                    "them in the exception queue.",
                    nullptr, h.quarantined)};
    return {};
}

Alert rabbitQueue(const RabbitQueue &q, const AlertThresholds &t) {
    if (q.isDeadLetterQueue && q.messages > 0)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n messages are dead-lettered in %1: replay the ones that should go "
                    "through.",
                    nullptr, int(q.messages))
                    .arg(q.name)};
    if (q.messages > 0 && q.consumers == 0 && !q.isDeadLetterQueue)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts", "%1 has no consumer: %n messages wait and nothing takes them.",
                    nullptr, int(q.messages))
                    .arg(q.name)};
    if (q.messages >= t.rabbitDepthCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate("o2c::alerts", "%n messages wait in %1.", nullptr,
                                            int(q.messages))
                    .arg(q.name)};
    if (q.messages >= t.rabbitDepthWarning)
        return {AlertLevel::Warning, QCoreApplication::translate(
                                         "o2c::alerts", "%n messages wait in %1, more than usual.",
                                         nullptr, int(q.messages))
                                         .arg(q.name)};
    return {};
}

Alert failedJobs(const QueueJobFigures &f, const AlertThresholds &t) {
    if (f.failed >= t.failedJobsCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts", "%n queue jobs failed: requeue them once the cause is fixed.",
                    nullptr, f.failed)};
    if (f.failed >= t.failedJobsWarning)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts", "%n queue jobs failed: requeue them once the cause is fixed.",
                    nullptr, f.failed)};
    return {};
}

Alert stuckJobs(const QueueJobFigures &f, qint64 stuckAfterSeconds, const AlertThresholds &t) {
    const int minutes = int(stuckAfterSeconds / 60);
    if (f.stuck >= t.stuckJobsCritical)
        return {AlertLevel::Critical,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n queue jobs started more than %1 minutes ago and have not finished: "
                    "their worker may have died.",
                    nullptr, f.stuck)
                    .arg(minutes)};
    if (f.stuck >= t.stuckJobsWarning)
        return {AlertLevel::Warning,
                QCoreApplication::translate(
                    "o2c::alerts",
                    "%n queue jobs started more than %1 minutes ago and have not finished: "
                    "their worker may have died.",
                    nullptr, f.stuck)
                    .arg(minutes)};
    return {};
}

AlertLevel worst(const QList<Alert> &list) {
    AlertLevel w = AlertLevel::Ok;
    for (const Alert &a : list)
        w = std::max(w, a.level);
    return w;
}

} // namespace alerts

HubHealthMonitor::HubHealthMonitor(QNetworkAccessManager *network, QUrl hubUrl, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_hub(std::move(hubUrl)) {
    m_timer.setInterval(15000);
    connect(&m_timer, &QTimer::timeout, this, &HubHealthMonitor::refresh);
}

HubHealthMonitor::~HubHealthMonitor() {
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void HubHealthMonitor::start() {
    refresh();
    m_timer.start();
}

void HubHealthMonitor::refresh() {
    if (m_reply)
        return;
    QUrl url = m_hub;
    url.setPath(m_hub.path() + QStringLiteral("/v1/health"));
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    m_reply = m_network->get(request);
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_reply = nullptr;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        if (status != 200 || o.isEmpty()) {
            const QString why =
                status == 0
                    ? reply->errorString()
                    : QCoreApplication::translate("o2c::HubHealthMonitor", "HTTP %1").arg(status);
            m_problem = QCoreApplication::translate(
                            "o2c::HubHealthMonitor",
                            "The middleware hub's health could not be read (%1); the figures "
                            "shown are from the last answer.")
                            .arg(why);
            spdlog::warn("hub health: {}", why);
        } else {
            m_problem.clear();
            m_health = HubHealth::fromJson(o);
            m_lastSuccess = QDateTime::currentDateTimeUtc();
            m_health.sampledAt = m_lastSuccess;
            m_history.append(m_health);
            if (m_history.size() > 1440)
                m_history.removeFirst();
        }
        emit refreshed();
    });
}

} // namespace o2c
