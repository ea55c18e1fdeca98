// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"
#include "Role.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <optional>

namespace o2c {

class Store;

// A cluster claimed by one planner: the others see it as taken and cannot act on it.
// A claim lapses after claimExpirySeconds() without activity of its holder (claiming again, or
// any action of theirs on the cluster), so a cluster is never stuck with a planner who left.
struct ClusterClaim {
    QString clusterId;
    QString claimedBy; // Odoo login
    QString claimedAt;
    QString activeAt; // the holder's last activity on it
};

// A planner's request for a lead's decision, and what the lead decided.
struct Escalation {
    qint64 id = 0;
    QString clusterId;
    QList<OrderRef> orders;
    QString reason;
    QString raisedBy;
    QString raisedAt;
    QString state; // "open", "approved", "declined"
    QString decidedBy;
    QString decidedAt;
    QString note;        // the lead's words
    qint64 actionId = 0; // the escalate action
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
    // Requeues a job stuck in "started" since `startedAt` (UTC), as read from Odoo: for a worker
    // that died with it. Sent only while the job is still started since that very time, so a job
    // that finished, failed or was started again meanwhile is left alone. A worker still running
    // the job would run it a second time: the caller asks the planner first.
    Outcome requeueStuckJob(qint64 jobId, const QString &jobName, const QDateTime &startedAt);
    // A middleware hub action (HubRelease, HubReject, HubReplay) on a transaction; the action's
    // idempotency key is the Idempotency-Key the hub sees, on every retry.
    Outcome hubAction(ActionKind kind, const QString &transactionId, const QString &label,
                      const QString &reason = {});
    Outcome claim(const QString &clusterId);
    Outcome unclaim(const QString &clusterId);

    // The end of a shift: every cluster the actor claimed is released (`toLogin` empty) or
    // handed to another planner of the team, each with an audit entry. Others see it at once.
    Outcome handOverClaims(const QString &toLogin = {});
    // Removes claims whose holder has been inactive longer than claimExpirySeconds(), with an
    // audit entry each; returns how many lapsed. The desk runs it by itself every
    // expirySweepMs (default 15 s) and before every check of a claim.
    int expireClaims();
    void setExpirySweepMs(int ms);

    // Outbox upkeep: a failed action (or one waiting for its automatic retry) is sent again
    // now (Odoo's state is read first), or given up.
    Outcome retry(qint64 actionId);
    Outcome abandon(qint64 actionId, const QString &reason);

    // Escalations: planners raise them (escalate()), leads see the open ones and approve or
    // decline each with a note; the decision is audited and written to the orders' chatter.
    QList<Escalation> escalations(bool openOnly = true) const;
    Outcome decideEscalation(qint64 escalationId, bool approve, const QString &note);

    // Lead only.
    Outcome setMemberRole(const QString &odooLogin, Role role);
    // The team's duplicate rules (the JSON of docs/duplicate-rules.md). Checked to parse as
    // rules, stored in the team store for every cockpit, audited; duplicateRulesChanged() tells
    // every cockpit of the team. A planner or viewer is refused with the reason.
    Outcome changeDuplicateRules(const QByteArray &rulesJson);
    Outcome setReleaseLeadThreshold(double amount);
    Outcome setClaimExpirySeconds(int seconds);
    // Why the actor may not change team settings (rules, roles, thresholds); empty for a lead.
    // The settings screen greys its controls out with it.
    QString settingsRefusal() const;

    double releaseLeadThreshold() const; // default 10000
    int claimExpirySeconds() const;      // default 7200 (2 h)
    QByteArray duplicateRules() const;   // empty: the built-in rules
    std::optional<ClusterClaim> claimOf(const QString &clusterId) const;
    QHash<QString, ClusterClaim> claims() const;
    std::optional<ClusterDecision> decisionOf(const QString &clusterId) const;
    QList<ClusterDecision> decisions() const; // every decision, oldest first (supervisor charts)
    QList<ActionRecord> actions(const QList<ActionState> &states = {}) const;
    std::optional<ActionRecord> action(qint64 actionId) const; // with its steps
    // Actions naming one sale order, newest first, of these states and kinds (empty: any).
    QList<ActionRecord> actionsOnOrder(qint64 saleOrderId, const QList<ActionState> &states = {},
                                       const QList<ActionKind> &kinds = {}) const;

    // Why the actor may not do this (empty: allowed). The UI greys actions out with it.
    QString refusal(ActionKind kind, const OrderRef *order = nullptr) const;

signals:
    void claimsChanged();  // this or another cockpit claimed, unclaimed or decided a cluster
    void actionsChanged(); // the outbox changed
    void auditChanged();
    void escalationsChanged();
    void duplicateRulesChanged();

private:
    static QString rulesStamp(Store &store);
    struct Private;
    std::unique_ptr<Private> d;
    Store &m_store;
    Actor m_actor;
};

} // namespace o2c
