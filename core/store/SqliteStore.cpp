// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqliteStore.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QSqlError>
#include <QTimer>

namespace o2c {

SqliteStore::SqliteStore(StoreConfig config, QObject *parent)
    : Store(Dialect::Sqlite, std::move(config), parent) {}

SqliteStore::~SqliteStore() = default;

bool SqliteStore::openConnection(QString *error) {
    const QFileInfo file(m_config.sqlitePath);
    if (!QDir().mkpath(file.absolutePath())) {
        *error = QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(file.absoluteFilePath());
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_config.busyTimeoutMs));
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    // WAL lets readers (the UI, `o2c actions list`) run while the executor writes.
    for (const char *pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
        if (!exec(QString::fromLatin1(pragma), {}, error))
            return false;
    }
    pollDataVersion(); // the baseline: changes from now on are reported
    m_poll = new QTimer(this);
    m_poll->setInterval(250);
    connect(m_poll, &QTimer::timeout, this, &SqliteStore::pollDataVersion);
    m_poll->start();
    return true;
}

void SqliteStore::pollDataVersion() {
    if (m_depth > 0)
        return;
    QSqlQuery q(database());
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return;
    const qint64 version = q.value(0).toLongLong();
    // data_version changes only for commits of other connections.
    if (m_dataVersion >= 0 && version != m_dataVersion)
        emit changed(QStringLiteral("any"), QString());
    m_dataVersion = version;
}

void SqliteStore::sendNotification(const QString &topic, const QString &payload) {
    // This process learns at once; others through data_version.
    QMetaObject::invokeMethod(
        this, [this, topic, payload] { emit changed(topic, payload); }, Qt::QueuedConnection);
}

} // namespace o2c
