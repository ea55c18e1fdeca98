// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConnectionProfile.h"

namespace o2c::odoo {

QString odooApiKey(OdooApi api) {
    switch (api) {
    case OdooApi::Auto:
        return QStringLiteral("auto");
    case OdooApi::JsonRpc:
        return QStringLiteral("jsonrpc");
    case OdooApi::Json2:
        return QStringLiteral("json2");
    }
    return QStringLiteral("auto");
}

OdooApi odooApiFromKey(const QString &key, bool *ok) {
    const QString k = key.trimmed().toLower();
    if (ok)
        *ok = true;
    if (k == QLatin1String("jsonrpc") || k == QLatin1String("json-rpc"))
        return OdooApi::JsonRpc;
    if (k == QLatin1String("json2") || k == QLatin1String("json-2"))
        return OdooApi::Json2;
    if (ok)
        *ok = k.isEmpty() || k == QLatin1String("auto");
    return OdooApi::Auto;
}

} // namespace o2c::odoo
