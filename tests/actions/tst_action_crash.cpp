// SPDX-License-Identifier: GPL-3.0-or-later
// A cockpit killed at every step of its actions (before sending, after sending but before the
// answer is recorded, after recording), restarted, and Odoo checked: every effect exactly once.
#include "SimOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionQueue.h"
#include "audit/AuditTrail.h"

#include <QProcess>
#include <QScopeGuard>

using namespace o2c;

class TestActionCrash final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<sim::Simulator> m_sim;

    // Runs the helper; returns true when it ended by itself (exit code in *code).
    bool runHelper(const QString &store, const QString &crashAt, int *code) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (crashAt.isEmpty())
            env.remove(QStringLiteral("O2C_CRASH_AT"));
        else
            env.insert(QStringLiteral("O2C_CRASH_AT"), crashAt);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationDirPath() + QStringLiteral("/action_runner"),
                {store, m_sim->url().toString()});
        // The simulator answers on this thread: wait with the event loop running.
        [&] { QVERIFY(p.waitForStarted()); }();
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000)) {
            p.kill();
            p.waitForFinished();
            return false;
        }
        *code = p.exitCode();
        return p.exitStatus() == QProcess::NormalExit;
    }

private slots:
    void initTestCase() { m_sim = test::startSimulator(); }

    void killedAtEveryStep_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("point");
        for (const char *k : {"sqlite", "postgres"})
            for (const char *p : {"before-send", "after-send", "after-record"})
                QTest::newRow(
                    qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(k), QLatin1String(p))))
                    << QString::fromLatin1(k) << QString::fromLatin1(p);
    }

    void killedAtEveryStep() {
        QFETCH(QString, kind);
        QFETCH(QString, point);
        int cases = 0;
        for (int step = 1; step < 40; ++step) {
            O2C_FRESH_STORE(kind, m_dir, config, store);
            const OrderRef survivor = test::makeOrder(*m_sim, false, QStringLiteral("PO-9001"));
            const OrderRef quote = test::makeOrder(*m_sim, false, QStringLiteral("PO-9001"));
            const OrderRef confirmed = test::makeOrder(*m_sim, true, QStringLiteral("PO 9001"));
            const OrderRef held = test::makeOrder(*m_sim, false, QStringLiteral("PO-9002"));
            const QList<qint64> mos = test::productionsOf(*m_sim, confirmed);
            QCOMPARE(mos.size(), 1);
            QCOMPARE(test::stateOf(*m_sim, QStringLiteral("mrp.production"), mos.first()),
                     QStringLiteral("confirmed"));

            ActionDesk desk(
                *store, {QStringLiteral("tester"), QStringLiteral("planner"), 9, Role::Planner});
            QVERIFY(desk.resolveCluster(QStringLiteral("cluster-%1").arg(step), survivor,
                                        {quote, confirmed})
                        .ok);
            QVERIFY(desk.hold({}, held, QStringLiteral("customer credit check")).ok);
            const QString storeText =
                kind == QLatin1String("sqlite")
                    ? QStringLiteral("sqlite:") + config.sqlitePath
                    : QStringLiteral("postgres:%1#%2").arg(config.postgres, config.postgresSchema);

            int code = -1;
            const bool ended =
                runHelper(storeText, QStringLiteral("%1:%2").arg(point).arg(step), &code);
            if (ended) {
                // Fewer steps than `step`: every step had its crash; this run simply finished.
                QCOMPARE(code, 0);
                QVERIFY2(step > 1, "the helper never reached a step");
            } else {
                ++cases;
                QVERIFY2(runHelper(storeText, {}, &code), "the restarted helper did not end");
                QCOMPARE(code, 0);
            }

            // Exactly once, as Odoo shows it.
            const QString so = QStringLiteral("sale.order");
            QCOMPARE(test::stateOf(*m_sim, so, survivor.id), QStringLiteral("draft"));
            QCOMPARE(test::stateOf(*m_sim, so, quote.id), QStringLiteral("cancel"));
            QCOMPARE(test::stateOf(*m_sim, so, confirmed.id), QStringLiteral("cancel"));
            QCOMPARE(test::stateOf(*m_sim, QStringLiteral("mrp.production"), mos.first()),
                     QStringLiteral("cancel"));
            QCOMPARE(test::holdActivitiesOn(*m_sim, mos.first()), 1);
            QCOMPARE(test::notesOn(*m_sim, quote, survivor.name), 1);
            QCOMPARE(test::notesOn(*m_sim, confirmed, survivor.name), 1);
            QCOMPARE(test::notesOn(*m_sim, survivor, QStringLiteral("Cockpit")), 0);
            QCOMPARE(test::notesOn(*m_sim, held, QStringLiteral("manufacturing held")), 1);
            QCOMPARE(test::stateOf(*m_sim, so, held.id), QStringLiteral("draft"));
            int holdTags = 0;
            qint64 holdTag = 0;
            for (qint64 t : m_sim->database().ids(QStringLiteral("crm.tag"))) {
                if (m_sim->database()
                        .value(QStringLiteral("crm.tag"), t, QStringLiteral("name"))
                        .toString() == QLatin1String("HOLD")) {
                    ++holdTags;
                    holdTag = t;
                }
            }
            QCOMPARE(holdTags, 1);
            QVERIFY(m_sim->database()
                        .value(so, held.id, QStringLiteral("tag_ids"))
                        .value<QList<qint64>>()
                        .contains(holdTag));
            ActionQueue queue(*store);
            for (const ActionRecord &a : queue.list())
                QCOMPARE(actionStateKey(a.state), QStringLiteral("done"));
            const AuditTrail::Verdict verdict = AuditTrail(*store).verify();
            QVERIFY2(verdict.intact, qPrintable(verdict.problem));
            if (ended)
                break;
        }
        qInfo("%s: killed and restarted at %d steps", qPrintable(point), cases);
        QVERIFY(cases >= 9); // 2 + 5 steps of the resolution, 2 of the hold
    }
};

QTEST_GUILESS_MAIN(TestActionCrash)
#include "tst_action_crash.moc"
