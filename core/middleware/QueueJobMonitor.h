// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace o2c {

namespace odoo {
class OdooClient;
struct OdooError;
} // namespace odoo

// One OCA queue_job job (queue.job) as the cockpit shows it.
struct QueueJob {
    qint64 id = 0;
    QString uuid;
    QString name;       // "Export S00042 to the warehouse"
    QString state;      // wait_dependencies, pending, enqueued, started, done, cancelled, failed
    QString channel;    // root.edi
    QString modelName;  // sale.order
    QString methodName; // export_to_warehouse
    QString funcString; // sale.order(42,).export_to_warehouse()
    QString excName, excMessage, excInfo, result;
    int retry = 0;
    int maxRetries = 0; // 0: retried without limit
    int priority = 0;
    QDateTime created, enqueued, started, done;
};

struct QueueJobFigures {
    enum class Availability : quint8 {
        Unknown,      // not read yet
        Available,    // the module is installed and readable
        NotInstalled, // Odoo answered that queue.job does not exist
        NotAllowed,   // the user may not read queue.job (Queue Job Manager group)
        Unreachable,  // the last read failed; the figures are from the read before
    };
    Availability availability = Availability::Unknown;
    QString message; // what went wrong, for NotAllowed and Unreachable
    int waiting = 0; // pending, enqueued and wait_dependencies
    int started = 0;
    int failed = 0;
    int stuck = 0;              // started longer ago than the threshold
    int retrying = 0;           // waiting again after at least one try
    QList<QueueJob> failedJobs; // newest first (at most 200)
    QList<QueueJob> stuckJobs;  // oldest start first
    QDateTime readAt;
};

// Reads OCA queue_job's queue.job through the Odoo connection, where the module exists: failed
// jobs, jobs started longer ago than a threshold, retries, and how many wait. An Odoo without
// the module answers "Object queue.job doesn't exist"; that is reported as NotInstalled, not as
// an error. Requeueing goes through the outbox (ActionDesk::requeueJob).
class QueueJobMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueJobMonitor)
public:
    static const QString model; // "queue.job"
    static const QStringList fields;

    explicit QueueJobMonitor(odoo::OdooClient *client, QObject *parent = nullptr);
    ~QueueJobMonitor() override;

    void setInterval(int msecs) { m_timer.setInterval(msecs); }
    // A job started more than this long ago counts as stuck (default one hour).
    void setStuckAfterSeconds(qint64 seconds) { m_stuckAfter = seconds; }
    qint64 stuckAfterSeconds() const { return m_stuckAfter; }
    // Odoo's now (the demo's simulated Odoo runs on a faster clock).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    void start(); // refresh now and then on the interval
    void stop() { m_timer.stop(); }
    void refresh();
    bool isRefreshing() const { return m_pending > 0; }

    const QueueJobFigures &figures() const { return m_figures; }
    static QueueJob fromJson(const QJsonObject &o);

signals:
    void refreshed();

private:
    void failedRead(const odoo::OdooError &e);
    void finishPart();

    QPointer<odoo::OdooClient> m_client;
    QTimer m_timer;
    qint64 m_stuckAfter = 3600;
    std::function<QDateTime()> m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    QueueJobFigures m_figures;
    QueueJobFigures m_next;
    int m_pending = 0;
    bool m_partFailed = false;
    quint64 m_generation = 0;
};

} // namespace o2c
