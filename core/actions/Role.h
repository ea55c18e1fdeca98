// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace o2c {

// What a cockpit user may do. Viewer: look only. Planner: every action except releasing a hold on
// an order worth more than the lead threshold and changing duplicate rules. Lead: everything.
enum class Role : quint8 { Viewer, Planner, Lead };

QString roleKey(Role role); // "viewer", "planner", "lead"
std::optional<Role> roleFromKey(const QString &key);

// Who acts: the operating-system account, the Odoo user the cockpit signed in as (its own Odoo
// rights apply to everything sent) and the role the team store gives that Odoo user.
struct Actor {
    QString osUser;
    QString odooLogin;
    int odooUid = 0;
    Role role = Role::Viewer;

    QString odooLabel() const; // "planner (uid 9)"
    static QString currentOsUser();
};

} // namespace o2c
