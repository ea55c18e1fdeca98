// SPDX-License-Identifier: GPL-3.0-or-later
#include "Role.h"

#include <QtGlobal>

namespace o2c {

QString roleKey(Role role) {
    switch (role) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Planner:
        return QStringLiteral("planner");
    case Role::Lead:
        return QStringLiteral("lead");
    }
    return {};
}

std::optional<Role> roleFromKey(const QString &key) {
    for (Role r : {Role::Viewer, Role::Planner, Role::Lead}) {
        if (roleKey(r) == key)
            return r;
    }
    return std::nullopt;
}

QString Actor::odooLabel() const {
    return QStringLiteral("%1 (uid %2)").arg(odooLogin).arg(odooUid);
}

QString Actor::currentOsUser() {
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME"); // Windows
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

} // namespace o2c
