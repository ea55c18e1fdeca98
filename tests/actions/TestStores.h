// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Stores for the action tests: a fresh SQLite file, or a fresh schema in the PostgreSQL named by
// O2C_TEST_PG. Each test run gets its own schema, so parallel test processes never meet.

#include "store/Store.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace o2c::test {

inline QString uniqueSchema() {
    return QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(12) +
           QString::number(QCoreApplication::applicationPid());
}

// The rows "sqlite" and "postgres" of a data-driven test.
inline void addStoreRows() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

// Whether PostgreSQL tests run: O2C_TEST_PG set, or required (CI=true) without it.
// Returns false with *skip set when PostgreSQL is neither configured nor required.
inline bool postgresWanted(QString *skip) {
    if (!qEnvironmentVariableIsEmpty("O2C_TEST_PG"))
        return true;
    if (qEnvironmentVariable("CI") == QLatin1String("true"))
        return true; // the test then fails on the missing connection
    *skip = QStringLiteral("O2C_TEST_PG is not set (scripts/test.sh sets it)");
    return false;
}

// A store description for `kind`, fresh for this call. `dir` holds SQLite files.
inline StoreConfig freshConfig(const QString &kind, const QTemporaryDir &dir) {
    StoreConfig c;
    if (kind == QLatin1String("sqlite")) {
        c.kind = StoreConfig::Kind::Sqlite;
        c.sqlitePath = dir.filePath(uniqueSchema() + QStringLiteral(".db"));
    } else {
        c.kind = StoreConfig::Kind::Postgres;
        c.postgres = qEnvironmentVariable("O2C_TEST_PG");
        c.postgresSchema = uniqueSchema();
    }
    return c;
}

// Drops a PostgreSQL test schema.
inline void dropSchema(const StoreConfig &c) {
    if (c.kind != StoreConfig::Kind::Postgres)
        return;
    QString error;
    auto store = Store::open(c, &error);
    if (store)
        store->exec(QStringLiteral("DROP SCHEMA %1 CASCADE").arg(c.postgresSchema));
}

} // namespace o2c::test

// Opens a fresh store for the current data row or fails/skips the test as the rules say.
#define O2C_FRESH_STORE(kind, dir, config, store)                                                  \
    if (kind == QLatin1String("postgres")) {                                                       \
        QString skip_;                                                                             \
        if (!o2c::test::postgresWanted(&skip_))                                                    \
            QSKIP(qPrintable(skip_));                                                              \
        QVERIFY2(!qEnvironmentVariableIsEmpty("O2C_TEST_PG"),                                      \
                 "CI=true but O2C_TEST_PG is unset: PostgreSQL tests cannot run");                 \
    }                                                                                              \
    const o2c::StoreConfig config = o2c::test::freshConfig(kind, dir);                             \
    QString openError_;                                                                            \
    std::unique_ptr<o2c::Store> store = o2c::Store::open(config, &openError_);                     \
    QVERIFY2(store, qPrintable(openError_));                                                       \
    auto dropLater_ = qScopeGuard([config] { o2c::test::dropSchema(config); })
