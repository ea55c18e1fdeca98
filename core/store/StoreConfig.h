// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace o2c {

// Where the cockpit keeps its team data (outbox, claims, audit trail, roles). SQLite is the
// embedded default for one planner; PostgreSQL is shared by a team.
struct StoreConfig {
    enum class Kind : quint8 { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString sqlitePath; // file of the SQLite store
    QString postgres;   // libpq style: "host=... port=... dbname=... user=... password=..."
    QString postgresSchema = QStringLiteral("o2c"); // all tables live in this schema
    int busyTimeoutMs = 5000;

    // "sqlite:<file>" or "postgres:<conninfo>[#schema]"; false when neither.
    static bool parse(const QString &text, StoreConfig *config, QString *error);
    QString describe() const;
    // The store to use when none is given: $O2C_STORE, else the cockpit's own SQLite file in the
    // platform's application data folder.
    static QString defaultText(); // for messages: never contains the password
};

} // namespace o2c
