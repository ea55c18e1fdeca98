// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Store.h"

class QTimer;

namespace o2c {

// The embedded store: one SQLite file in WAL mode. Other processes' changes are noticed by
// polling SQLite's data_version, which changes whenever another connection commits.
class SqliteStore final : public Store {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqliteStore)
public:
    explicit SqliteStore(StoreConfig config, QObject *parent = nullptr);
    ~SqliteStore() override;

    QString autoIdColumn() const override {
        return QStringLiteral("id INTEGER PRIMARY KEY AUTOINCREMENT");
    }

protected:
    bool openConnection(QString *error) override;
    void sendNotification(const QString &topic, const QString &payload) override;
    QString beginStatement() const override { return QStringLiteral("BEGIN IMMEDIATE"); }

private:
    void pollDataVersion();
    QTimer *m_poll = nullptr;
    qint64 m_dataVersion = -1;
};

} // namespace o2c
