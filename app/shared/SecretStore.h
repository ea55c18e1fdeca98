// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace o2c::app {

// The Odoo password or API key of a connection, kept in the operating system's keychain (Secret
// Service, macOS Keychain, Windows Credential Manager), never in settings files or logs.
class SecretStore final {
public:
    // The key identifies one login on one database of one server.
    static QString keyFor(const QString &url, const QString &database, const QString &login);

    // Empty when none is stored; `error` gets a readable problem (no keychain service, denied).
    static QString read(const QString &key, QString *error = nullptr);
    static bool write(const QString &key, const QString &secret, QString *error = nullptr);
    static bool remove(const QString &key, QString *error = nullptr);
};

} // namespace o2c::app
