// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

namespace o2c::odoo {

// Which of Odoo's external APIs the cockpit speaks. Auto: JSON-2 from Odoo 19 on (with a fallback
// to JSON-RPC while the server still has it, for passwords), JSON-RPC before.
enum class OdooApi : quint8 { Auto, JsonRpc, Json2 };
QString odooApiKey(OdooApi api); // "auto", "jsonrpc", "json2"
OdooApi odooApiFromKey(const QString &key, bool *ok = nullptr);

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
    QString caBundle;            // extra trusted CA certificates (PEM file), optional
    OdooApi api = OdooApi::Auto; // the API to speak; Auto decides from the server version
};

} // namespace o2c::odoo
