// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"
#include "Role.h"

#include <QHash>
#include <QObject>

#include <optional>

namespace o2c {

class Store;

// A cluster claimed by one planner: the others see it as taken and cannot act on it.
struct ClusterClaim {
    QString clusterId;
    QString claimedBy; // Odoo login
    QString claimedAt;
};

// What was decided about a cluster (the first decision wins).
struct ClusterDecision {
    QString clusterId;
    QString decision; // "resolved", "distinct"
    QString survivor; // order name kept, for "resolved"
    qint64 actionId = 0;
    QString decidedBy;
    QString decidedAt;
};

// What the cockpit's UI calls to act: every decision is checked against the actor's role and
// against what other planners already did, written to the outbox (with an idempotency key) and
// to the audit trail in one transaction, before anything is sent to Odoo. The ActionExecutor
// sends it afterwards.
class ActionDesk final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionDesk)
public:
    struct Outcome {
        bool ok = false;
        qint64 actionId = 0;
        QString message; // what happened, or why not and what to do
    };

    ActionDesk(Store &store, Actor actor, QObject *parent = nullptr);
    ~ActionDesk() override;

    // The actor for an Odoo user: the role the store's member list gives the login. A store
    // without members is a single planner's store: its user is lead. Otherwise unknown logins are
    // viewers.
    static Actor actorFor(Store &store, const QString &osUser, const QString &odooLogin,
                          int odooUid);
    const Actor &actor() const { return m_actor; }

    Outcome resolveCluster(const QString &clusterId, const OrderRef &survivor,
                           const QList<OrderRef> &duplicates);
    Outcome markDistinct(const QString &clusterId, const QList<OrderRef> &orders,
                         const QString &reason);
    Outcome hold(const QString &clusterId, const OrderRef &order, const QString &reason);
    Outcome release(const QString &clusterId, const OrderRef &order);
    Outcome escalate(const QString &clusterId, const QList<OrderRef> &orders,
                     const QString &reason);
    Outcome comment(const QString &clusterId, const OrderRef &order, const QString &text);
    // Requeues a failed OCA queue_job job; when it is no longer failed by the time the action
    // runs, nothing is sent.
    Outcome requeueJob(qint64 jobId, const QString &jobName);
    // A middleware hub action (HubRelease, HubReject, HubReplay) on a transaction; the action's
    // idempotency key is the Idempotency-Key the hub sees, on every retry.
    Outcome hubAction(ActionKind kind, const QString &transactionId, const QString &label,
                      const QString &reason = {});
    Outcome claim(const QString &clusterId);
    Outcome unclaim(const QString &clusterId);

    // Outbox upkeep: a failed action can be sent again (Odoo's state is read first) or given up.
    Outcome retry(qint64 actionId);
    Outcome abandon(qint64 actionId, const QString &reason);

    // Lead only.
    Outcome setMemberRole(const QString &odooLogin, Role role);
    Outcome changeDuplicateRules(const QByteArray &rulesJson);
    Outcome setReleaseLeadThreshold(double amount);

    double releaseLeadThreshold() const; // default 10000
    QByteArray duplicateRules() const;   // empty: the built-in rules
    std::optional<ClusterClaim> claimOf(const QString &clusterId) const;
    QHash<QString, ClusterClaim> claims() const;
    std::optional<ClusterDecision> decisionOf(const QString &clusterId) const;
    QList<ClusterDecision> decisions() const; // every decision, oldest first (supervisor charts)
    QList<ActionRecord> actions(const QList<ActionState> &states = {}) const;

    // Why the actor may not do this (empty: allowed). The UI greys actions out with it.
    QString refusal(ActionKind kind, const OrderRef *order = nullptr) const;

signals:
    void claimsChanged();  // this or another cockpit claimed, unclaimed or decided a cluster
    void actionsChanged(); // the outbox changed
    void auditChanged();

private:
    struct Private;
    std::unique_ptr<Private> d;
    Store &m_store;
    Actor m_actor;
};

} // namespace o2c
