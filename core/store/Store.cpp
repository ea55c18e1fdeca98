// SPDX-License-Identifier: GPL-3.0-or-later
#include "Store.h"

#include "PostgresStore.h"
#include "SqliteStore.h"
#include "StoreMigrations.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QSqlError>

namespace o2c {

namespace {
QAtomicInteger<int> g_connections{0};
}

Store::Store(Dialect dialect, StoreConfig config, QObject *parent)
    : QObject(parent)
    , m_dialect(dialect)
    , m_config(std::move(config))
    , m_connectionName(QStringLiteral("o2c-store-%1").arg(g_connections.fetchAndAddRelaxed(1))) {}

Store::~Store() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

std::unique_ptr<Store> Store::open(const StoreConfig &config, QString *error) {
    std::unique_ptr<Store> store;
    if (config.kind == StoreConfig::Kind::Sqlite)
        store = std::make_unique<SqliteStore>(config);
    else
        store = std::make_unique<PostgresStore>(config);
    QString why;
    if (!store->openConnection(&why) || !StoreMigrations::apply(*store, &why)) {
        if (error)
            *error =
                QStringLiteral("Could not open the store (%1): %2").arg(config.describe(), why);
        return nullptr;
    }
    return store;
}

QSqlDatabase Store::database() const {
    return QSqlDatabase::database(m_connectionName, false);
}

int Store::schemaVersion() const {
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool Store::begin(QString *error) {
    Q_ASSERT(m_depth == 0);
    if (!exec(beginStatement(), {}, error))
        return false;
    m_depth = 1;
    return true;
}

bool Store::commit(QString *error) {
    m_depth = 0;
    return exec(QStringLiteral("COMMIT"), {}, error);
}

void Store::rollback() {
    m_depth = 0;
    exec(QStringLiteral("ROLLBACK"));
}

QString Store::forUpdate() const {
    return m_dialect == Dialect::Postgres ? QStringLiteral(" FOR UPDATE") : QString();
}

bool Store::exec(QSqlQuery &query, const QString &sql, const QVariantList &values, QString *error) {
    bool ok = false;
    if (values.isEmpty()) {
        ok = query.exec(sql);
    } else {
        ok = query.prepare(sql);
        if (ok) {
            for (const QVariant &v : values) {
                // Columns are NOT NULL text: an unset QString means "".
                if (v.typeId() == QMetaType::QString && v.toString().isNull())
                    query.addBindValue(QStringLiteral(""));
                else
                    query.addBindValue(v);
            }
            ok = query.exec();
        }
    }
    if (!ok && error) {
        const QSqlError e = query.lastError();
        *error = e.databaseText().isEmpty() ? e.text() : e.databaseText();
        if (error->trimmed().isEmpty())
            *error = QStringLiteral("the database refused the statement");
    }
    return ok;
}

bool Store::exec(const QString &sql, const QVariantList &values, QString *error) {
    QSqlQuery q(database());
    return exec(q, sql, values, error);
}

void Store::notify(const QString &topic, const QString &payload) {
    sendNotification(topic, payload);
}

QString Store::nowText() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace o2c
