// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/CanonicalOrder.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace o2c {

// Where a transaction stands in the hub (docs/middleware-api.yaml, Status).
enum class IntakeStatus : quint8 {
    Unknown, // a status of a newer contract minor version: shown as is, never final
    Received,
    Validated,
    Quarantined,
    Forwarded,
    Acknowledged,
    Failed,
    DeadLettered,
    Rejected,
};
QString intakeStatusKey(IntakeStatus s);
IntakeStatus intakeStatusFromKey(QStringView key);
// Acknowledged or rejected: nothing more will happen to it without a planner.
bool isFinal(IntakeStatus s);
// The order has not reached Odoo (and may never): the cockpit must hold it as an intake order.
bool isBeforeOdoo(IntakeStatus s);

struct IntakeStatusChange {
    IntakeStatus status = IntakeStatus::Unknown;
    QString statusKey; // as the hub sent it
    QDateTime at;
    QString detail;
};

// One order's passage through the middleware hub.
struct IntakeTransaction {
    QString id;
    qint64 lastEventId = 0;
    Channel channel = Channel::Unknown;
    IntakeStatus status = IntakeStatus::Unknown;
    QString statusKey;
    QDateTime receivedAt, updatedAt;
    QList<IntakeStatusChange> history;
    CanonicalOrder order;
    QString payloadHref, payloadContentType, payloadSha256;
    qint64 payloadBytes = 0;
    QString quarantineReason;
    QStringList suspectedDuplicateOf; // transaction ids
    QString odooModel;                // Odoo's acknowledgement
    qint64 odooId = 0;
    QString odooName;
    QDateTime acknowledgedAt;
    QString failure;
    int attempts = 0;

    // Reads the contract's Transaction object; unknown fields are ignored. Returns false (and
    // says why) when the id or the order is missing.
    static bool fromJson(const QJsonObject &o, IntakeTransaction *out, QString *error = nullptr);
};

} // namespace o2c
