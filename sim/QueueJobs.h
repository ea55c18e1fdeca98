// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Dice.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace o2c::sim {

class OdooDatabase;
class OdooRpc;
class Scenario;

// OCA queue_job (16.0-18.0) as far as an operations cockpit sees it: the queue.job model with
// its fields and states (wait_dependencies, pending, enqueued, started, done, cancelled,
// failed) and the methods requeue, button_done and button_cancelled. Jobs are created as the
// scenario's orders reach Odoo (an export to the warehouse for every order, a carrier notice
// that waits for it for some), and run on the simulated clock: most finish, some fail (at once
// or after their retries), and a few stay started long after their worker died. Without this
// class the simulator answers queue.job as an Odoo without the module does.
class QueueJobs final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueJobs)
public:
    static const QString model; // "queue.job"

    QueueJobs(OdooDatabase &db, OdooRpc &rpc, Scenario &scenario, quint64 seed,
              QObject *parent = nullptr);
    ~QueueJobs() override;

    // Moves every job whose next step is due at the clock's current time.
    void advance();
    // Runs advance() on a real-time timer (the simulator does while it serves).
    void start(int intervalMs = 500);
    void stop();

    // The export job of a sale order (0: none).
    qint64 jobOf(qint64 saleOrderId) const;
    // For tests: how the job's next run ends.
    enum class Outcome : quint8 { Done, FailNow, FailAfterRetries, Stuck };
    void setNextOutcome(qint64 jobId, Outcome outcome);

private:
    struct Plan {
        Outcome outcome = Outcome::Done;
        QDateTime nextAt; // invalid: nothing scheduled (final, stuck or waiting)
        qint64 dependsOn = 0;
    };
    void registerModel();
    void registerMethods();
    void onOrderCreated(qint64 saleOrderId);
    qint64 createJob(qint64 saleOrderId, const QString &name, const QString &method,
                     const QString &channel, int priority, qint64 dependsOn, const QString &graph);
    Outcome drawOutcome();
    void step(qint64 id, Plan &plan, const QDateTime &now);
    void setPending(qint64 id, Plan &plan, const QDateTime &at);
    void releaseDependents(qint64 doneJob, const QDateTime &at);
    QString uuid();

    OdooDatabase &m_db;
    OdooRpc &m_rpc;
    Dice m_dice;
    QHash<qint64, Plan> m_plans;
    QHash<qint64, qint64> m_exportOf; // sale order -> job
    QTimer m_timer;
};

} // namespace o2c::sim
