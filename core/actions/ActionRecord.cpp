// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionRecord.h"

namespace o2c {

namespace {
const char *const kKinds[] = {"resolve",     "distinct",    "hold",       "release",
                              "escalate",    "comment",     "claim",      "unclaim",
                              "requeue_job", "hub_release", "hub_reject", "hub_replay"};
const char *const kStates[] = {"queued", "running", "done", "failed", "abandoned", "retrying"};
} // namespace

QString actionKindKey(ActionKind kind) {
    return QString::fromLatin1(kKinds[int(kind)]);
}

std::optional<ActionKind> actionKindFromKey(const QString &key) {
    for (int i = 0; i < int(std::size(kKinds)); ++i) {
        if (key == QLatin1String(kKinds[i]))
            return ActionKind(i);
    }
    return std::nullopt;
}

QString actionStateKey(ActionState state) {
    return QString::fromLatin1(kStates[int(state)]);
}

std::optional<ActionState> actionStateFromKey(const QString &key) {
    for (int i = 0; i < int(std::size(kStates)); ++i) {
        if (key == QLatin1String(kStates[i]))
            return ActionState(i);
    }
    return std::nullopt;
}

QJsonObject OrderRef::toJson() const {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("amount_total"), amountTotal}};
}

OrderRef OrderRef::fromJson(const QJsonObject &o) {
    OrderRef r;
    r.id = qint64(o.value(QStringLiteral("id")).toDouble());
    r.name = o.value(QStringLiteral("name")).toString();
    r.amountTotal = o.value(QStringLiteral("amount_total")).toDouble();
    return r;
}

} // namespace o2c
