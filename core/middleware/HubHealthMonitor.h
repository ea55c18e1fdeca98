// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace o2c {

struct RabbitQueue;
struct QueueJobFigures;

// The hub's health figures (docs/middleware-api.yaml, Health).
struct HubHealth {
    QDateTime at;        // the hub's time
    QDateTime sampledAt; // this cockpit's time when the figures arrived
    int windowSeconds = 0;
    double throughputPerMinute = 0;
    int received = 0;
    int acknowledged = 0;
    int failed = 0;       // failures in the window
    int deadLettered = 0; // now
    int quarantined = 0;  // now
    int queueDepth = 0;   // validated or forwarded, not acknowledged yet
    double latencyP50Ms = 0, latencyP95Ms = 0, latencyMaxMs = 0;
    double ackSuccessRate = 1; // 0..1

    static HubHealth fromJson(const QJsonObject &o);
};

// How much a figure needs attention.
enum class AlertLevel : quint8 { Ok, Warning, Critical };

struct Alert {
    AlertLevel level = AlertLevel::Ok;
    QString message; // empty when Ok: what is wrong and what to do
};

// Where the alerts start. The defaults suit a plant taking a few hundred orders a day.
struct AlertThresholds {
    double ackSuccessWarning = 0.98, ackSuccessCritical = 0.90;
    int queueDepthWarning = 25, queueDepthCritical = 100;
    double latencyP95WarningMs = 120000, latencyP95CriticalMs = 600000;
    int failuresWarning = 1, failuresCritical = 10;
    int rabbitDepthWarning = 1000, rabbitDepthCritical = 10000;
    int failedJobsWarning = 1, failedJobsCritical = 20;
    int stuckJobsWarning = 1, stuckJobsCritical = 5;
};

// The alert of each figure, one sentence each.
namespace alerts {
Alert ackSuccess(const HubHealth &h, const AlertThresholds &t = {});
Alert queueDepth(const HubHealth &h, const AlertThresholds &t = {});
Alert latency(const HubHealth &h, const AlertThresholds &t = {});
Alert failures(const HubHealth &h, const AlertThresholds &t = {});   // failed + dead-lettered
Alert quarantine(const HubHealth &h, const AlertThresholds &t = {}); // waiting for a planner
Alert rabbitQueue(const RabbitQueue &q, const AlertThresholds &t = {});
Alert failedJobs(const QueueJobFigures &f, const AlertThresholds &t = {});
Alert stuckJobs(const QueueJobFigures &f, qint64 stuckAfterSeconds, const AlertThresholds &t = {});
AlertLevel worst(const QList<Alert> &list);
} // namespace alerts

// Reads GET /v1/health on a schedule and keeps the last day of samples for charts.
class HubHealthMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubHealthMonitor)
public:
    HubHealthMonitor(QNetworkAccessManager *network, QUrl hubUrl, QObject *parent = nullptr);
    ~HubHealthMonitor() override;

    void setInterval(int msecs) { m_timer.setInterval(msecs); }
    void start(); // now, then on the interval
    void stop() { m_timer.stop(); }
    void refresh();

    QUrl hubUrl() const { return m_hub; }
    bool hasHealth() const { return m_health.at.isValid(); }
    const HubHealth &health() const { return m_health; }
    // Empty while the hub answers; otherwise what went wrong (the figures are the last ones).
    QString problem() const { return m_problem; }
    QDateTime lastSuccess() const { return m_lastSuccess; }
    const QList<HubHealth> &history() const { return m_history; } // oldest first, at most 1440

signals:
    void refreshed();

private:
    QNetworkAccessManager *m_network;
    QUrl m_hub;
    QTimer m_timer;
    QPointer<QNetworkReply> m_reply;
    HubHealth m_health;
    QString m_problem;
    QDateTime m_lastSuccess;
    QList<HubHealth> m_history;
};

} // namespace o2c
