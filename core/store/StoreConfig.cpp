// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreConfig.h"

#include <QRegularExpression>
#include <QStandardPaths>

namespace o2c {

bool StoreConfig::parse(const QString &text, StoreConfig *config, QString *error) {
    StoreConfig c;
    if (text.startsWith(QLatin1String("sqlite:"))) {
        c.kind = Kind::Sqlite;
        c.sqlitePath = text.mid(7);
    } else if (text.startsWith(QLatin1String("postgres:"))) {
        c.kind = Kind::Postgres;
        QString rest = text.mid(9);
        const qsizetype hash = rest.lastIndexOf(QLatin1Char('#'));
        if (hash >= 0) {
            c.postgresSchema = rest.mid(hash + 1);
            rest.truncate(hash);
        }
        c.postgres = rest;
    } else {
        if (error)
            *error = QStringLiteral("The store \"%1\" is neither sqlite:<file> nor "
                                    "postgres:<connection>[#schema].")
                         .arg(text.left(40));
        return false;
    }
    static const QRegularExpression schemaName(QStringLiteral("^[a-z_][a-z0-9_]{0,40}$"));
    if ((c.kind == Kind::Sqlite && c.sqlitePath.isEmpty()) ||
        (c.kind == Kind::Postgres &&
         (c.postgres.isEmpty() || !schemaName.match(c.postgresSchema).hasMatch()))) {
        if (error)
            *error = QStringLiteral("The store description is incomplete: give sqlite:<file> or "
                                    "postgres:<connection>[#schema] (schema: lower-case letters, "
                                    "digits, _).");
        return false;
    }
    *config = c;
    return true;
}

QString StoreConfig::describe() const {
    if (kind == Kind::Sqlite)
        return QStringLiteral("SQLite %1").arg(sqlitePath);
    static const QRegularExpression password(QStringLiteral("password=\\S*"));
    QString safe = postgres;
    safe.replace(password, QStringLiteral("password=***"));
    return QStringLiteral("PostgreSQL %1 schema %2").arg(safe, postgresSchema);
}

QString StoreConfig::defaultText() {
    const QString given = qEnvironmentVariable("O2C_STORE");
    if (!given.isEmpty())
        return given;
    return QStringLiteral("sqlite:") +
           QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/cockpit.db");
}

} // namespace o2c
