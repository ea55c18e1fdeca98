// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace o2c::sim {

// A Python exception as the Odoo server reports it in error.data: the qualified class name
// ("odoo.exceptions.UserError", "builtins.ValueError") and its message. Thrown by the simulated
// models, turned into the JSON-RPC error envelope by the server.
struct OdooFault {
    QString name;
    QString message;
    QStringList frames; // innermost "File ..., line N, in f" lines, without the RPC prefix
    int code = 200;
    QString errorMessage = QStringLiteral("Odoo Server Error");

    static OdooFault named(const QString &name, const QString &message);
    static OdooFault userError(const QString &message);
    static OdooFault accessError(const QString &message);
    static OdooFault accessDenied();
    static OdooFault missingError(const QString &model, const QList<qint64> &ids, qint64 uid);
    static OdooFault validationError(const QString &message);
    static OdooFault valueError(const QString &message);
    static OdooFault typeError(const QString &message);
    static OdooFault attributeError(const QString &message);
    static OdooFault unknownDatabase(const QString &db);

    // The traceback text carried in error.data.debug.
    QString traceback() const;
};

} // namespace o2c::sim
