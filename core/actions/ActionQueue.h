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
    // Actions an executor should work on: queued, and running ones whose lease ran out or that
    // this owner held before it restarted.
    QList<qint64> runnable(const QString &owner) const;

    // Takes the action's lease in a transaction of its own; false when another executor holds it
    // or the action is not runnable (*why says which).
    bool lease(qint64 id, const QString &owner, int leaseMs, QString *why);
    bool renewLease(qint64 id, const QString &owner, int leaseMs, QString *error);
    bool setState(qint64 id, ActionState state, const QString &lastError, QString *error);

    bool insertSteps(qint64 actionId, const QList<ActionStep> &steps, QString *error);
    bool updateStep(qint64 actionId, const ActionStep &step, QString *error);
    QList<ActionStep> steps(qint64 actionId) const;

    // Orders named by a queued, running or failed action of another kind or cluster.
    QList<ActionRecord> openActionsOnOrder(qint64 saleOrderId) const;

private:
    ActionRecord read(const QSqlQuery &q) const;
    Store &m_store;
};

} // namespace o2c
