// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeTransaction.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace o2c {

namespace {
constexpr std::array<std::pair<IntakeStatus, const char *>, 8> statusKeys{{
    {IntakeStatus::Received, "received"},
    {IntakeStatus::Validated, "validated"},
    {IntakeStatus::Quarantined, "quarantined"},
    {IntakeStatus::Forwarded, "forwarded"},
    {IntakeStatus::Acknowledged, "acknowledged"},
    {IntakeStatus::Failed, "failed"},
    {IntakeStatus::DeadLettered, "dead_lettered"},
    {IntakeStatus::Rejected, "rejected"},
}};

QDateTime timeOf(const QJsonValue &v) {
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}
} // namespace

QString intakeStatusKey(IntakeStatus s) {
    for (const auto &[status, key] : statusKeys) {
        if (status == s)
            return QLatin1String(key);
    }
    return QStringLiteral("unknown");
}

IntakeStatus intakeStatusFromKey(QStringView key) {
    for (const auto &[status, k] : statusKeys) {
        if (key == QLatin1String(k))
            return status;
    }
    return IntakeStatus::Unknown;
}

bool isFinal(IntakeStatus s) {
    return s == IntakeStatus::Acknowledged || s == IntakeStatus::Rejected;
}

bool isBeforeOdoo(IntakeStatus s) {
    return s != IntakeStatus::Acknowledged && s != IntakeStatus::Rejected;
}

bool IntakeTransaction::fromJson(const QJsonObject &o, IntakeTransaction *out, QString *error) {
    IntakeTransaction t;
    t.id = o.value(QLatin1String("id")).toString();
    if (t.id.isEmpty()) {
        if (error)
            *error = QStringLiteral("transaction without \"id\"");
        return false;
    }
    const QJsonValue order = o.value(QLatin1String("order"));
    if (!order.isObject()) {
        if (error)
            *error = QStringLiteral("transaction %1 has no \"order\" object").arg(t.id);
        return false;
    }
    t.order = CanonicalOrder::fromJson(order.toObject());
    t.lastEventId = o.value(QLatin1String("last_event_id")).toString().toLongLong();
    t.channel = channelFromKey(o.value(QLatin1String("channel")).toString());
    if (t.order.channel == Channel::Unknown)
        t.order.channel = t.channel;
    t.statusKey = o.value(QLatin1String("status")).toString();
    t.status = intakeStatusFromKey(t.statusKey);
    t.receivedAt = timeOf(o.value(QLatin1String("received_at")));
    t.updatedAt = timeOf(o.value(QLatin1String("updated_at")));
    const QJsonArray history = o.value(QLatin1String("history")).toArray();
    for (const QJsonValue &h : history) {
        const QJsonObject c = h.toObject();
        IntakeStatusChange change;
        change.statusKey = c.value(QLatin1String("status")).toString();
        change.status = intakeStatusFromKey(change.statusKey);
        change.at = timeOf(c.value(QLatin1String("at")));
        change.detail = c.value(QLatin1String("detail")).toString();
        t.history.append(change);
    }
    const QJsonObject payload = o.value(QLatin1String("payload")).toObject();
    t.payloadHref = payload.value(QLatin1String("href")).toString();
    t.payloadContentType = payload.value(QLatin1String("content_type")).toString();
    t.payloadSha256 = payload.value(QLatin1String("sha256")).toString();
    t.payloadBytes = payload.value(QLatin1String("bytes")).toInteger();
    if (t.order.source.payloadHash.isEmpty() && !t.payloadSha256.isEmpty())
        t.order.source.payloadHash = QStringLiteral("sha256:") + t.payloadSha256;
    const QJsonObject quarantine = o.value(QLatin1String("quarantine")).toObject();
    t.quarantineReason = quarantine.value(QLatin1String("reason")).toString();
    for (const QJsonValue &v : quarantine.value(QLatin1String("suspected_duplicate_of")).toArray())
        t.suspectedDuplicateOf.append(v.toString());
    const QJsonObject odoo = o.value(QLatin1String("odoo")).toObject();
    t.odooModel = odoo.value(QLatin1String("model")).toString();
    t.odooId = odoo.value(QLatin1String("id")).toInteger();
    t.odooName = odoo.value(QLatin1String("name")).toString();
    t.acknowledgedAt = timeOf(odoo.value(QLatin1String("acknowledged_at")));
    const QJsonObject failure = o.value(QLatin1String("failure")).toObject();
    t.failure = failure.value(QLatin1String("message")).toString();
    t.attempts = failure.value(QLatin1String("attempts")).toInt();
    *out = std::move(t);
    return true;
}

} // namespace o2c
