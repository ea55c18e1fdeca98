// SPDX-License-Identifier: GPL-3.0-or-later
#include "RulesAccess.h"

#include "dedup/DuplicateRules.h"

namespace o2c::ui {

QByteArray RulesAccess::currentJson(const ActionDesk *desk) {
    const QByteArray stored = desk ? desk->duplicateRules() : QByteArray();
    return stored.isEmpty() ? DuplicateRules::defaultJson() : stored;
}

bool RulesAccess::isBuiltIn(const ActionDesk *desk) {
    return !desk || desk->duplicateRules().isEmpty();
}

QString RulesAccess::editRefusal(const ActionDesk *desk) {
    if (!desk)
        return tr("No team store: the rules can be viewed, not changed.");
    return desk->settingsRefusal(); // the desk's role check, the same one it applies on saving
}

QString RulesAccess::problemIn(const QByteArray &json) {
    QString error;
    DuplicateRules::fromJson(json, &error);
    return error;
}

ActionDesk::Outcome RulesAccess::save(ActionDesk *desk, const QByteArray &json) {
    if (const QString why = editRefusal(desk); !why.isEmpty())
        return {false, 0, why};
    if (const QString problem = problemIn(json); !problem.isEmpty())
        return {false, 0,
                tr("The rules were not saved: %1. Correct the rules and save again.").arg(problem)};
    return desk->changeDuplicateRules(json);
}

} // namespace o2c::ui
