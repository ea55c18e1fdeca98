// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresStore.h"

#include <QSqlDriver>
#include <QSqlError>

namespace o2c {

PostgresStore::PostgresStore(StoreConfig config, QObject *parent)
    : Store(Dialect::Postgres, std::move(config), parent) {}

PostgresStore::~PostgresStore() {
    QSqlDatabase db = database();
    if (db.isOpen() && db.driver())
        db.driver()->unsubscribeFromNotification(channel());
}

QString PostgresStore::channel() const {
    return QStringLiteral("o2c_") + m_config.postgresSchema;
}

bool PostgresStore::openConnection(QString *error) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    // Qt's QPSQL takes the libpq keywords as separate settings; the rest go as options.
    QStringList options;
    const QStringList parts = m_config.postgres.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        const QString key = part.left(eq);
        const QString value = part.mid(eq + 1);
        if (key == QLatin1String("host"))
            db.setHostName(value);
        else if (key == QLatin1String("port"))
            db.setPort(value.toInt());
        else if (key == QLatin1String("dbname"))
            db.setDatabaseName(value);
        else if (key == QLatin1String("user"))
            db.setUserName(value);
        else if (key == QLatin1String("password"))
            db.setPassword(value);
        else
            options << part;
    }
    options << QStringLiteral("connect_timeout=5");
    db.setConnectOptions(options.join(QLatin1Char(';')));
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    exec(QStringLiteral("SET client_min_messages TO warning")); // no NOTICEs in the log
    const QString schema = m_config.postgresSchema;
    // Two cockpits starting together must not both create the schema.
    if (!exec(QStringLiteral("SELECT pg_advisory_lock(hashtext(?))"), {schema}, error))
        return false;
    const bool created =
        exec(QStringLiteral("CREATE SCHEMA IF NOT EXISTS %1").arg(schema), {}, error);
    exec(QStringLiteral("SELECT pg_advisory_unlock(hashtext(?))"), {schema});
    if (!created || !exec(QStringLiteral("SET search_path TO %1").arg(schema), {}, error))
        return false;
    if (!db.driver()->subscribeToNotification(channel())) {
        *error =
            QStringLiteral("LISTEN %1 failed: %2").arg(channel(), db.driver()->lastError().text());
        return false;
    }
    connect(db.driver(), &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (name != channel())
                    return;
                const QString text = payload.toString();
                const qsizetype colon = text.indexOf(QLatin1Char(':'));
                emit changed(colon < 0 ? text : text.left(colon),
                             colon < 0 ? QString() : text.mid(colon + 1));
            });
    return true;
}

void PostgresStore::sendNotification(const QString &topic, const QString &payload) {
    // Delivered to every listener, this connection included, when the transaction commits.
    const QString message = topic + QLatin1Char(':') + payload;
    exec(QStringLiteral("SELECT pg_notify(?, ?)"), QVariantList{channel(), message});
}

} // namespace o2c
