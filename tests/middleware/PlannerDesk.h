// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the middleware suites' planner works with: a signed-in Odoo client and a team store of
// the test's own.

#include "actions/ActionDesk.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace o2c::test {

inline Actor plannerActor() {
    Actor me;
    me.osUser = QStringLiteral("os");
    me.odooLogin = QStringLiteral("planner");
    me.odooUid = 9;
    me.role = Role::Planner;
    return me;
}

// A SQLite team store in `dir`; null (with a warning saying why) when it cannot be opened.
inline std::unique_ptr<Store> openTeamStore(const QTemporaryDir &dir) {
    StoreConfig config;
    config.kind = StoreConfig::Kind::Sqlite;
    config.sqlitePath = dir.filePath(QStringLiteral("team.db"));
    QString error;
    auto store = Store::open(config, &error);
    if (!store)
        qWarning("store: %s", qPrintable(error));
    return store;
}

// Signs in and waits for it.
inline bool signIn(odoo::OdooClient &client) {
    bool done = false, ok = false;
    client.authenticate([&](const odoo::OdooError &e) {
        done = true;
        ok = !e.isError();
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

} // namespace o2c::test
