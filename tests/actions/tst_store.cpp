// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionQueue.h"
#include "store/StoreMigrations.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace o2c;

class TestStore final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void migrationsBringAFreshStoreToTheLatestSchema_data() { test::addStoreRows(); }
    void migrationsBringAFreshStoreToTheLatestSchema() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        QCOMPARE(store->schemaVersion(), StoreMigrations::latest());
        for (const char *table : {"actions", "action_steps", "claims", "cluster_decisions",
                                  "escalations", "audit_log", "audit_head", "members", "settings"})
            QVERIFY2(
                store->exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))),
                table);
        QSqlQuery q(store->database());
        QVERIFY(
            store->exec(q, QStringLiteral("SELECT COUNT(*) FROM schema_migrations"), {}, nullptr));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), StoreMigrations::all().size());
    }

    // An older store is upgraded step by step, keeping its data; reopening applies nothing.
    void anOlderStoreIsUpgradedKeepingItsData_data() { test::addStoreRows(); }
    void anOlderStoreIsUpgradedKeepingItsData() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        // Roll the fresh store back to schema 1 by hand, as an old cockpit left it.
        for (const char *t : {"claims", "cluster_decisions", "escalations", "audit_log",
                              "audit_head", "members", "settings"})
            QVERIFY(store->exec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(t))));
        for (const char *c : {"next_attempt_at", "failure"})
            QVERIFY(store->exec(
                QStringLiteral("ALTER TABLE actions DROP COLUMN %1").arg(QLatin1String(c))));
        QVERIFY(store->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 1")));
        QCOMPARE(store->schemaVersion(), 1);
        ActionQueue queue(*store);
        ActionRecord a;
        a.kind = ActionKind::Comment;
        a.payload = {{QStringLiteral("text"), QStringLiteral("kept across upgrades")}};
        a.osUser = QStringLiteral("alice");
        a.odooUser = QStringLiteral("planner (uid 9)");
        QString error;
        QVERIFY2(queue.insert(a, &error), qPrintable(error));
        store.reset();

        QString openError;
        auto upgraded = Store::open(config, &openError);
        QVERIFY2(upgraded, qPrintable(openError));
        QCOMPARE(upgraded->schemaVersion(), StoreMigrations::latest());
        ActionQueue again(*upgraded);
        const auto kept = again.find(a.id);
        QVERIFY(kept);
        QCOMPARE(kept->payload.value(QStringLiteral("text")).toString(),
                 QStringLiteral("kept across upgrades"));
        QCOMPARE(kept->idempotencyKey, a.idempotencyKey);
        QVERIFY(upgraded->exec(QStringLiteral("SELECT seq FROM audit_head")));
    }

    // Schema 4 → 5: claims get their activity time (their claim time), escalations keep their
    // orders and can be decided.
    void schemaFiveKeepsClaimsAndEscalations_data() { test::addStoreRows(); }
    void schemaFiveKeepsClaimsAndEscalations() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        QVERIFY(store->exec(QStringLiteral("DROP INDEX escalations_state")));
        for (const char *c :
             {"actions.next_attempt_at", "actions.failure", "claims.active_at",
              "escalations.action_id", "escalations.order_refs", "escalations.decided_by",
              "escalations.decided_at", "escalations.decision_note"}) {
            const QString tc = QLatin1String(c);
            QVERIFY(store->exec(
                QStringLiteral("ALTER TABLE %1 DROP COLUMN %2")
                    .arg(tc.section(QLatin1Char('.'), 0, 0), tc.section(QLatin1Char('.'), 1, 1))));
        }
        QVERIFY(store->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version = 5")));
        const QString now = Store::nowText();
        QVERIFY(
            store->exec(QStringLiteral("INSERT INTO claims (cluster_id, claimed_by, claimed_at) "
                                       "VALUES ('c-old', 'alice', ?)"),
                        {now}));
        QVERIFY(store->exec(QStringLiteral("INSERT INTO escalations (cluster_id, orders, reason, "
                                           "raised_by, raised_at) VALUES ('c-old', 'S1, S2', "
                                           "'which one?', 'alice', ?)"),
                            {now}));
        store.reset();

        QString openError;
        auto upgraded = Store::open(config, &openError);
        QVERIFY2(upgraded, qPrintable(openError));
        QCOMPARE(upgraded->schemaVersion(), StoreMigrations::latest());
        ActionDesk desk(*upgraded, {QStringLiteral("os"), QStringLiteral("lena"), 2, Role::Lead});
        const auto claim = desk.claimOf(QStringLiteral("c-old"));
        QVERIFY(claim);
        QCOMPARE(claim->activeAt, now);
        const QList<Escalation> open = desk.escalations();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().orders.size(), 2);
        QCOMPARE(open.first().orders.at(1).name, QStringLiteral("S2"));
        const auto decided =
            desk.decideEscalation(open.first().id, false, QStringLiteral("keep both"));
        QVERIFY2(decided.ok, qPrintable(decided.message));
        QCOMPARE(decided.actionId, 0); // no order ids from before schema 5: nothing to note
        QVERIFY(desk.escalations().isEmpty());
    }

    void anIdempotencyKeyIsWrittenOnce_data() { test::addStoreRows(); }
    void anIdempotencyKeyIsWrittenOnce() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        ActionQueue queue(*store);
        ActionRecord a;
        a.idempotencyKey = QStringLiteral("key-1");
        a.osUser = a.odooUser = QStringLiteral("x");
        QString error;
        QVERIFY(queue.insert(a, &error));
        ActionRecord b = a;
        QVERIFY(!queue.insert(b, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(queue.list().size(), 1);
    }

    // What one process commits, another process's store reports through Store::changed.
    void otherProcessesHearOfChanges_data() { test::addStoreRows(); }
    void otherProcessesHearOfChanges() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        QString error;
        auto other = Store::open(config, &error);
        QVERIFY2(other, qPrintable(error));
        QSignalSpy heard(other.get(), &Store::changed);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(store->begin(&error));
        QVERIFY(store->exec(QStringLiteral("INSERT INTO claims (cluster_id, claimed_by, "
                                           "claimed_at) VALUES ('c1', 'alice', 'now')")));
        store->notify(QStringLiteral("claims"), QStringLiteral("c1"));
        QVERIFY(store->commit(&error));
        QTRY_VERIFY_WITH_TIMEOUT(!heard.isEmpty(), 2000);
        qInfo("%s: change heard by the other connection after %lld ms", qPrintable(kind),
              clock.elapsed());
        if (kind == QLatin1String("postgres")) {
            QCOMPARE(heard.first().at(0).toString(), QStringLiteral("claims"));
            QCOMPARE(heard.first().at(1).toString(), QStringLiteral("c1"));
        }
    }

    void configurationText_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("described");
        QTest::newRow("sqlite") << QStringLiteral("sqlite:/tmp/x.db") << true
                                << QStringLiteral("SQLite /tmp/x.db");
        QTest::newRow("postgres hides the password")
            << QStringLiteral("postgres:host=h dbname=d user=u password=secret#team_a") << true
            << QStringLiteral("PostgreSQL host=h dbname=d user=u password=*** schema team_a");
        QTest::newRow("bad schema")
            << QStringLiteral("postgres:host=h#Drop;") << false << QString();
        QTest::newRow("unknown") << QStringLiteral("mysql:x") << false << QString();
    }
    void configurationText() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, described);
        StoreConfig c;
        QString error;
        QCOMPARE(StoreConfig::parse(text, &c, &error), valid);
        if (valid)
            QCOMPARE(c.describe(), described);
        else
            QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
