// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestStores.h"

#include "audit/AuditTrail.h"

#include <QBuffer>
#include <QScopeGuard>

using namespace o2c;

class TestAudit final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static void fill(Store &store, int n) {
        AuditTrail trail(store);
        for (int i = 1; i <= n; ++i) {
            AuditEntry e;
            e.osUser = QStringLiteral("alice");
            e.odooUser = QStringLiteral("planner (uid 9)");
            e.actionId = i;
            e.what = QStringLiteral("step %1, with \"quotes\", commas").arg(i);
            e.sent = QStringLiteral("{\"method\":\"action_cancel\"}");
            e.answer = QStringLiteral("true");
            QString error;
            QVERIFY2(trail.record(e, &error), qPrintable(error));
            QCOMPARE(e.seq, qint64(i));
        }
    }

private slots:
    void tamperingIsNamed_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<qint64>("firstBroken");
        QTest::addColumn<QString>("problem");
        for (const char *k : {"sqlite", "postgres"}) {
            const QString kind = QString::fromLatin1(k);
            auto row = [&](const char *name, const char *sql, qint64 broken, const char *problem) {
                QTest::newRow(qPrintable(kind + QLatin1Char(' ') + QLatin1String(name)))
                    << kind << QString::fromLatin1(sql) << broken << QString::fromLatin1(problem);
            };
            row("intact", "", 0, "");
            row("edit", "UPDATE audit_log SET answer = 'false' WHERE seq = 4", 4, "edited");
            row("edit who", "UPDATE audit_log SET os_user = 'mallory' WHERE seq = 2", 2, "edited");
            row("delete", "DELETE FROM audit_log WHERE seq = 3", 3, "missing");
            row("insert",
                "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 5;"
                "UPDATE audit_log SET seq = seq - 99 WHERE seq >= 105;"
                "INSERT INTO audit_log SELECT 5, at, os_user, odoo_user, action_id, 'forged', "
                "sent, "
                "answer, hash, hash FROM audit_log WHERE seq = 4",
                5, "edited");
            row("cut off the end", "DELETE FROM audit_log WHERE seq >= 5", 5, "cut off");
            row("appended outside",
                "INSERT INTO audit_log SELECT 7, at, os_user, odoo_user, action_id, what, sent, "
                "answer, hash, hash FROM audit_log WHERE seq = 6",
                7, "edited");
        }
    }

    void tamperingIsNamed() {
        QFETCH(QString, kind);
        QFETCH(QString, tamper);
        QFETCH(qint64, firstBroken);
        QFETCH(QString, problem);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        fill(*store, 6);
        for (const QString &sql : tamper.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
            QString error;
            QVERIFY2(store->exec(sql, {}, &error), qPrintable(error));
        }
        const AuditTrail::Verdict v = AuditTrail(*store).verify();
        QCOMPARE(v.intact, firstBroken == 0);
        QCOMPARE(v.firstBroken, firstBroken);
        QVERIFY2(v.problem.contains(problem), qPrintable(v.problem));
    }

    // A forged entry whose hash is recomputed still breaks the link of the entry after it.
    void aRecomputedForgeryBreaksTheNextLink_data() { test::addStoreRows(); }
    void aRecomputedForgeryBreaksTheNextLink() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        fill(*store, 5);
        AuditTrail trail(*store);
        AuditEntry forged = trail.entries(3, 1).first();
        forged.what = QStringLiteral("nothing happened");
        forged.hash = AuditTrail::hashOf(forged);
        QVERIFY(store->exec(QStringLiteral("UPDATE audit_log SET what = ?, hash = ? WHERE seq = 3"),
                            {forged.what, forged.hash}));
        const AuditTrail::Verdict v = trail.verify();
        QVERIFY(!v.intact);
        QCOMPARE(v.firstBroken, qint64(4));
        QVERIFY2(v.problem.contains(QLatin1String("does not follow")), qPrintable(v.problem));
    }

    void exportWritesEveryEntryAsCsv_data() { test::addStoreRows(); }
    void exportWritesEveryEntryAsCsv() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        fill(*store, 3);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QString error;
        QVERIFY(AuditTrail(*store).exportCsv(out, &error));
        const QStringList lines =
            QString::fromUtf8(out.data()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.first(),
                 QStringLiteral("seq,at,os_user,odoo_user,action_id,what,sent,answer,"
                                "prev_hash,hash"));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("2,")), qPrintable(lines.at(2)));
        QVERIFY2(lines.at(2).contains(QStringLiteral("\"step 2, with \"\"quotes\"\", commas\"")),
                 qPrintable(lines.at(2)));
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
