// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace o2c {

class Store;

// The schema's history: migration N turns schema N-1 into N. Applied in order, each in its own
// transaction, recorded in schema_migrations. Never edit a released migration; add one.
struct StoreMigration {
    int version = 0;
    QString description;
    QStringList statements; // "%AUTOID%" becomes the dialect's generated primary key column
};

class StoreMigrations final {
public:
    static const QList<StoreMigration> &all();
    static int latest();
    // Brings the store up to `target` (latest when 0). false and *error when a step fails; the
    // failed migration leaves nothing behind.
    static bool apply(Store &store, QString *error, int target = 0);
};

} // namespace o2c
