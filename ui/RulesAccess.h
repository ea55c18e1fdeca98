// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/ActionDesk.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace o2c::ui {

// The one place the settings screen reads and changes the team's duplicate rules: the rules kept
// in the team store (changed through the action desk, lead only, audited), else the built-in ones.
struct RulesAccess {
    Q_DECLARE_TR_FUNCTIONS(o2c::ui::RulesAccess)

public:
    // The rules in force for the team, as JSON.
    static QByteArray currentJson(const ActionDesk *desk);
    static bool isBuiltIn(const ActionDesk *desk);
    // Why the rules cannot be changed here (empty: they can).
    static QString editRefusal(const ActionDesk *desk);
    // Empty when the JSON is a valid rules file; else what is wrong with it.
    static QString problemIn(const QByteArray &json);
    // Checks and stores new rules. The outcome says what happened or why not.
    static ActionDesk::Outcome save(ActionDesk *desk, const QByteArray &json);
};

} // namespace o2c::ui
