// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooFault.h"

namespace o2c::sim {

namespace {

QString frame(const char *file, int line, const char *function) {
    return QStringLiteral("  File \"/usr/lib/python3/dist-packages/odoo/%1\", line %2, in %3")
        .arg(QLatin1String(file))
        .arg(line)
        .arg(QLatin1String(function));
}

OdooFault make(const char *name, const QString &message) {
    OdooFault f;
    f.name = QLatin1String(name);
    f.message = message;
    return f;
}

} // namespace

OdooFault OdooFault::named(const QString &name, const QString &message) {
    OdooFault f;
    f.name = name;
    f.message = message;
    return f;
}

OdooFault OdooFault::userError(const QString &message) {
    return make("odoo.exceptions.UserError", message);
}
OdooFault OdooFault::accessError(const QString &message) {
    return make("odoo.exceptions.AccessError", message);
}
OdooFault OdooFault::accessDenied() {
    OdooFault f = make("odoo.exceptions.AccessDenied", QStringLiteral("Access Denied"));
    f.frames << frame("service/security.py", 11, "check")
             << frame("addons/base/models/res_users.py", 983, "check")
             << frame("addons/base/models/res_users.py", 2273, "_check_credentials");
    return f;
}
OdooFault OdooFault::missingError(const QString &model, const QList<qint64> &ids, qint64 uid) {
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return make(
        "odoo.exceptions.MissingError",
        QStringLiteral("Record does not exist or has been deleted.\n(Record: %1(%2,), User: %3)")
            .arg(model, parts.join(QLatin1String(", ")))
            .arg(uid));
}
OdooFault OdooFault::validationError(const QString &message) {
    return make("odoo.exceptions.ValidationError", message);
}
OdooFault OdooFault::valueError(const QString &message) {
    return make("builtins.ValueError", message);
}
OdooFault OdooFault::typeError(const QString &message) {
    return make("builtins.TypeError", message);
}
OdooFault OdooFault::attributeError(const QString &message) {
    return make("builtins.AttributeError", message);
}
OdooFault OdooFault::unknownDatabase(const QString &db) {
    return make("psycopg2.OperationalError",
                QStringLiteral("connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  "
                               "database \"%1\" does not exist\n")
                    .arg(db));
}

QString OdooFault::traceback() const {
    QStringList lines;
    lines << QStringLiteral("Traceback (most recent call last):")
          << frame("http.py", 1954, "_transactioning") << frame("service/model.py", 137, "retrying")
          << frame("http.py", 1921, "_serve_ir_http") << frame("http.py", 2168, "dispatch")
          << frame("addons/base/models/ir_http.py", 330, "_dispatch")
          << frame("http.py", 728, "route_wrapper")
          << frame("addons/base/controllers/rpc.py", 170, "jsonrpc")
          << frame("http.py", 399, "dispatch_rpc");
    lines << frames;
    // Python prints builtins without their module and KeyError with the repr of its argument.
    QString shown = name.startsWith(QLatin1String("builtins.")) ? name.mid(9) : name;
    QString text = message;
    if (shown == QLatin1String("KeyError"))
        text = QLatin1Char('\'') + message + QLatin1Char('\'');
    lines << shown + QLatin1String(": ") + text;
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace o2c::sim
