// SPDX-License-Identifier: GPL-3.0-or-later
#include "StoreMigrations.h"

#include "Store.h"

#include <QSqlQuery>

namespace o2c {

namespace {
QString S(const char *s) {
    return QString::fromLatin1(s);
}
} // namespace

const QList<StoreMigration> &StoreMigrations::all() {
    static const QList<StoreMigration> migrations{
        {1,
         S("outbox: actions and their steps"),
         {S("CREATE TABLE actions (%AUTOID%, idem_key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
            "cluster_id TEXT NOT NULL DEFAULT '', target TEXT NOT NULL DEFAULT '', "
            "payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
            "last_error TEXT NOT NULL DEFAULT '', os_user TEXT NOT NULL, odoo_user TEXT NOT NULL, "
            "created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
            "lease_owner TEXT NOT NULL DEFAULT '', lease_until TEXT NOT NULL DEFAULT '')"),
          S("CREATE INDEX actions_state ON actions (state)"),
          S("CREATE TABLE action_steps (action_id BIGINT NOT NULL REFERENCES actions(id), "
            "seq INTEGER NOT NULL, step_key TEXT NOT NULL, description TEXT NOT NULL, "
            "model TEXT NOT NULL, method TEXT NOT NULL, args TEXT NOT NULL, kwargs TEXT NOT NULL, "
            "probe TEXT NOT NULL, state TEXT NOT NULL, answer TEXT NOT NULL DEFAULT '', "
            "error TEXT NOT NULL DEFAULT '', sent_at TEXT NOT NULL DEFAULT '', "
            "answered_at TEXT NOT NULL DEFAULT '', PRIMARY KEY (action_id, seq), "
            "UNIQUE (action_id, step_key))")}},
        {2,
         S("claims, cluster decisions and escalations"),
         {S("CREATE TABLE claims (cluster_id TEXT PRIMARY KEY, claimed_by TEXT NOT NULL, "
            "claimed_at TEXT NOT NULL)"),
          S("CREATE TABLE cluster_decisions (cluster_id TEXT PRIMARY KEY, decision TEXT NOT NULL, "
            "survivor TEXT NOT NULL DEFAULT '', action_id BIGINT NOT NULL DEFAULT 0, "
            "decided_by TEXT NOT NULL, decided_at TEXT NOT NULL)"),
          S("CREATE TABLE escalations (%AUTOID%, cluster_id TEXT NOT NULL, orders TEXT NOT NULL, "
            "reason TEXT NOT NULL, raised_by TEXT NOT NULL, raised_at TEXT NOT NULL, "
            "state TEXT NOT NULL DEFAULT 'open')")}},
        {3,
         S("hash-chained audit trail"),
         {S("CREATE TABLE audit_log (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, "
            "os_user TEXT NOT NULL, odoo_user TEXT NOT NULL, action_id BIGINT NOT NULL, "
            "what TEXT NOT NULL, sent TEXT NOT NULL, answer TEXT NOT NULL, "
            "prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"),
          // The head records the last entry, so cutting entries off the end is noticed too.
          S("CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, "
            "hash TEXT NOT NULL)"),
          S("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '')")}},
        {4,
         S("team roles and settings"),
         {S("CREATE TABLE members (login TEXT PRIMARY KEY, role TEXT NOT NULL, "
            "updated_by TEXT NOT NULL, updated_at TEXT NOT NULL)"),
          S("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
            "updated_by TEXT NOT NULL, updated_at TEXT NOT NULL)")}},
        {5,
         S("automatic retries, claim activity and escalation decisions"),
         {// When a transiently failed action is sent again, and whether its last failure was
          // transient (retried by itself) or permanent (waits for a planner).
          S("ALTER TABLE actions ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT ''"),
          S("ALTER TABLE actions ADD COLUMN failure TEXT NOT NULL DEFAULT ''"),
          // A claim lapses after a time without activity of its holder.
          S("ALTER TABLE claims ADD COLUMN active_at TEXT NOT NULL DEFAULT ''"),
          S("UPDATE claims SET active_at = claimed_at"),
          S("ALTER TABLE escalations ADD COLUMN action_id BIGINT NOT NULL DEFAULT 0"),
          S("ALTER TABLE escalations ADD COLUMN order_refs TEXT NOT NULL DEFAULT '[]'"),
          S("ALTER TABLE escalations ADD COLUMN decided_by TEXT NOT NULL DEFAULT ''"),
          S("ALTER TABLE escalations ADD COLUMN decided_at TEXT NOT NULL DEFAULT ''"),
          S("ALTER TABLE escalations ADD COLUMN decision_note TEXT NOT NULL DEFAULT ''"),
          S("CREATE INDEX escalations_state ON escalations (state)")}},
    };
    return migrations;
}

int StoreMigrations::latest() {
    return all().last().version;
}

bool StoreMigrations::apply(Store &store, QString *error, int target) {
    if (target <= 0)
        target = latest();
    if (!store.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version "
                                   "INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                   "applied_at TEXT NOT NULL)"),
                    {}, error))
        return false;
    for (const StoreMigration &m : all()) {
        if (m.version > target)
            break;
        if (!store.begin(error))
            return false;
        // Re-read inside the write lock: another process may have just applied it.
        QSqlQuery q(store.database());
        if (!store.exec(q,
                        store.dialect() == Store::Dialect::Postgres
                            ? QStringLiteral("SELECT version FROM schema_migrations WHERE "
                                             "version = ? FOR UPDATE")
                            : QStringLiteral("SELECT version FROM schema_migrations WHERE "
                                             "version = ?"),
                        {m.version}, error)) {
            store.rollback();
            return false;
        }
        if (q.next()) {
            store.rollback();
            continue;
        }
        if (store.dialect() == Store::Dialect::Postgres)
            store.exec(QStringLiteral("LOCK TABLE schema_migrations IN EXCLUSIVE MODE"));
        // Another process may have committed it while we waited for the lock.
        QSqlQuery again(store.database());
        store.exec(again, QStringLiteral("SELECT version FROM schema_migrations WHERE version = ?"),
                   {m.version}, nullptr);
        if (again.next()) {
            store.rollback();
            continue;
        }
        for (QString sql : m.statements) {
            sql.replace(QLatin1String("%AUTOID%"), store.autoIdColumn());
            QString why;
            if (!store.exec(sql, {}, &why)) {
                store.rollback();
                if (error)
                    *error = QStringLiteral("schema migration %1 (%2) failed: %3")
                                 .arg(m.version)
                                 .arg(m.description, why);
                return false;
            }
        }
        if (!store.exec(QStringLiteral("INSERT INTO schema_migrations (version, description, "
                                       "applied_at) VALUES (?, ?, ?)"),
                        {m.version, m.description, Store::nowText()}, error) ||
            !store.commit(error)) {
            store.rollback();
            return false;
        }
    }
    return true;
}

} // namespace o2c
