// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

namespace o2c::odoo {

// Where and as whom the cockpit connects. The secret is held only in memory; it is stored in the
// system keychain, never in settings.
struct ConnectionProfile {
    QString name = QStringLiteral("default");
    QUrl url; // http(s)://host:port of the Odoo server
    QString database;
    QString login;
    QString secret; // password or API key
    bool production = false;
    int pageSize = 1000;
    int requestTimeoutMs = 30000;
    int pollIntervalMs = 2000;
    QString caBundle; // extra trusted CA certificates (PEM file), optional
};

} // namespace o2c::odoo
