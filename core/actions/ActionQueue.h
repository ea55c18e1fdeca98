// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"

#include <QList>

#include <optional>

class QSqlQuery;

namespace o2c {

class Store;

// The outbox tables: actions and their steps. Writes run inside the caller's store transaction
// unless said otherwise.
class ActionQueue final {
public:
    explicit ActionQueue(Store &store)
        : m_store(store) {}

    // Inserts a queued action; fills id, idempotencyKey (when empty), timestamps.
    bool insert(ActionRecord &action, QString *error);
    std::optional<ActionRecord> find(qint64 id, bool withSteps = true) const;
    std::optional<ActionRecord> findByKey(const QString &idempotencyKey) const;
    // Newest first; `states` empty: all.
    QList<ActionRecord> list(const QList<ActionState> &states = {}, int limit = 500) const;
    // Actions an executor should work on: queued, retries whose time has come, and running ones
    // whose lease ran out or that this owner held before it restarted. `odooLogin` non-empty:
    // only that planner's actions (each is sent with its own planner's Odoo rights).
    QList<qint64> runnable(const QString &owner, const QString &odooLogin = {}) const;
    // The earliest automatic retry waiting (empty: none).
    QString nextRetryAt(const QString &odooLogin = {}) const;

    // Takes the action's lease in a transaction of its own; false when another executor holds it
    // or the action is not runnable (*why says which).
    bool lease(qint64 id, const QString &owner, int leaseMs, QString *why);
    bool renewLease(qint64 id, const QString &owner, int leaseMs, QString *error);
    // `failure` ("transient"/"permanent") and `nextAttemptAt` (retrying) are stored with it.
    bool setState(qint64 id, ActionState state, const QString &lastError, QString *error,
                  const QString &failure = {}, const QString &nextAttemptAt = {});
    bool resetAttempts(qint64 id, QString *error); // a planner's retry starts a new series

    bool insertSteps(qint64 actionId, const QList<ActionStep> &steps, QString *error);
    bool updateStep(qint64 actionId, const ActionStep &step, QString *error);
    QList<ActionStep> steps(qint64 actionId) const;

    // Orders named by a queued, running or failed action of another kind or cluster.
    QList<ActionRecord> openActionsOnOrder(qint64 saleOrderId) const;
    // Actions naming the order, newest first, of these states and kinds (empty: any).
    QList<ActionRecord> onOrder(qint64 saleOrderId, const QList<ActionState> &states,
                                const QList<ActionKind> &kinds = {}) const;

private:
    ActionRecord read(const QSqlQuery &q) const;
    Store &m_store;
};

} // namespace o2c
