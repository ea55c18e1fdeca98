// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QSet>
#include <QWidget>

class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace o2c {
class IntakeEventStream;
class HubHealthMonitor;
class RabbitMqMonitor;
class QueueJobMonitor;
} // namespace o2c

namespace o2c::ui {

// The middleware the integration screen watches besides Odoo; each may be missing (not
// configured), and the screen says so.
struct MiddlewareSources {
    QPointer<IntakeEventStream> stream;
    QPointer<HubHealthMonitor> hub;
    QPointer<RabbitMqMonitor> rabbit;
    QPointer<QueueJobMonitor> jobs;
};

struct CockpitContext;

// The connection to Odoo and the team store at a glance: where, in which state, the circuit
// breaker, the last sync, the outbox, and the recent errors; the middleware hub's health figures
// (throughput, failures, queue depth, latency, acknowledgements), RabbitMQ's queues and
// dead-letter queues, and OCA queue_job's failed and stuck jobs, each with its alert state.
class IntegrationHealthPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntegrationHealthPage)
public:
    IntegrationHealthPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~IntegrationHealthPage() override;

    void refresh();

    QString connectionText() const;
    QString breakerText() const;
    QString lastSyncText() const;
    QString outboxText() const;
    QListWidget *errorList() const { return m_errors; }

    void setMiddleware(const MiddlewareSources &sources);
    // The alerts now shown, most severe first ("Critical: ...", "Warning: ...").
    QStringList alertTexts() const;
    QString hubText() const; // the hub's figures, one line each
    QString streamText() const;
    QString jobsText() const; // "queue_job not installed", or the counts
    QTableWidget *rabbitTable() const { return m_rabbitTable; }
    QTableWidget *jobsTable() const { return m_jobsTable; }
    QPushButton *requeueButton() const { return m_requeue; }
    // Requeues the job on the selected row of the jobs table through the outbox.
    void requeueSelected();
    QPushButton *replayButton() const { return m_replayDead; }
    QString replayResultText() const;
    // Moves the chosen messages of a dead-letter queue back to where they died (the replay
    // button asks the planner which, after reading the queue).
    void replayDeadLetters(const QString &vhost, const QString &queue, const QSet<QString> &ids);

private:
    void refreshMiddleware();
    void chooseDeadLettersToReplay();

    const CockpitContext &m_ctx;
    QLabel *m_connection = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_breaker = nullptr;
    QLabel *m_lastSync = nullptr;
    QLabel *m_passes = nullptr;
    QLabel *m_store = nullptr;
    QLabel *m_outbox = nullptr;
    QListWidget *m_errors = nullptr;
    MiddlewareSources m_mw;
    QListWidget *m_alerts = nullptr;
    QLabel *m_stream = nullptr;
    QLabel *m_hub = nullptr;
    QLabel *m_rabbit = nullptr;
    QTableWidget *m_rabbitTable = nullptr;
    QPushButton *m_replayDead = nullptr;
    QLabel *m_replayResult = nullptr;
    QLabel *m_jobs = nullptr;
    QTableWidget *m_jobsTable = nullptr;
    QPushButton *m_requeue = nullptr;
    QLabel *m_requeueResult = nullptr;
};

} // namespace o2c::ui
