// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Store.h"

namespace o2c {

// The team store: PostgreSQL, tables in their own schema. Changes reach the other cockpits
// through LISTEN/NOTIFY on a channel named after the schema.
class PostgresStore final : public Store {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PostgresStore)
public:
    explicit PostgresStore(StoreConfig config, QObject *parent = nullptr);
    ~PostgresStore() override;

    QString autoIdColumn() const override { return QStringLiteral("id BIGSERIAL PRIMARY KEY"); }
    QString channel() const;

protected:
    bool openConnection(QString *error) override;
    void sendNotification(const QString &topic, const QString &payload) override;
    QString beginStatement() const override { return QStringLiteral("BEGIN"); }
};

} // namespace o2c
