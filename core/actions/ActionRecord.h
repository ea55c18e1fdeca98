// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace o2c {

enum class ActionKind : quint8 {
    ResolveCluster, // keep one order, cancel the duplicates (MRP held first), chatter notes
    MarkDistinct,   // the cluster's orders are not duplicates (store only)
    Hold,           // hold the order's manufacturing
    Release,        // release the hold
    Escalate,       // ask a lead to decide (store + chatter note)
    Comment,        // chatter note
    Claim,          // store only
    Unclaim,        // store only
    RequeueJob,     // OCA queue_job: requeue a failed queue.job (only while it is still failed)
    HubRelease,     // middleware hub: release a quarantined transaction (Idempotency-Key)
    HubReject,      // middleware hub: reject a quarantined, failed or dead-lettered transaction
    HubReplay,      // middleware hub: send a failed or dead-lettered transaction again
};
QString actionKindKey(ActionKind kind);
std::optional<ActionKind> actionKindFromKey(const QString &key);

// queued: written, nothing sent yet; running: an executor holds its lease; done; failed: stopped
// with an error a planner can read, retry or abandon (a permanent failure: Odoo refused, or the
// automatic retries ran out); abandoned: given up by a planner; retrying: a transient failure
// (network, 5xx, 429, timeout, circuit open), sent again by itself at nextAttemptAt.
enum class ActionState : quint8 { Queued, Running, Done, Failed, Abandoned, Retrying };
QString actionStateKey(ActionState state);
std::optional<ActionState> actionStateFromKey(const QString &key);

// One Odoo call of an action. `probe` says how to tell from Odoo's state whether it already took
// effect ({"applied": {model, domain, when: "any"|"none"}, "requires": {model, domain},
// "expect": true}); steps without an "applied" probe are safe to send twice.
struct ActionStep {
    int seq = 0;
    QString key; // unique within the action, e.g. "cancel:sale.order:31"
    QString description;
    QString model;
    QString method;
    QJsonArray args;
    QJsonObject kwargs;
    QJsonObject probe;
    QString state = QStringLiteral("planned"); // planned, sending, done, skipped, failed
    QString answer;
    QString error;
    QString sentAt;
    QString answeredAt;
};

struct ActionRecord {
    qint64 id = 0;
    QString idempotencyKey;
    ActionKind kind = ActionKind::Comment;
    QString clusterId;
    QString target; // order names, for lists
    QJsonObject payload;
    ActionState state = ActionState::Queued;
    int attempts = 0;
    QString lastError;
    QString nextAttemptAt; // retrying: when it is sent again (UTC, ISO 8601)
    QString failure;       // "transient" or "permanent" after a failure, else empty
    QString osUser;
    QString odooUser;
    QString createdAt;
    QString updatedAt;
    QList<ActionStep> steps;
};

// A sale order as the actions name it.
struct OrderRef {
    qint64 id = 0; // sale.order id
    QString name;  // S00031
    double amountTotal = 0;

    QJsonObject toJson() const;
    static OrderRef fromJson(const QJsonObject &o);
};

} // namespace o2c
