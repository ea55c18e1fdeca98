// SPDX-License-Identifier: GPL-3.0-or-later
// A cockpit killed at every step of its actions (before sending, after sending but before the
// answer is recorded, after recording), restarted, and Odoo checked: every effect exactly once.
// And two cockpit processes on one store: a claim seen by the other, two conflicting decisions
// of which one wins and the other is told why, two executors on one outbox.
#include "SimOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionQueue.h"
#include "audit/AuditTrail.h"

#include <QDateTime>
#include <QProcess>
#include <QScopeGuard>

using namespace o2c;

namespace {

const QString SO = QStringLiteral("sale.order");
const QString MO = QStringLiteral("mrp.production");

int holdTags(sim::Simulator &s, qint64 *id = nullptr) {
    int n = 0;
    for (qint64 t : s.database().ids(QStringLiteral("crm.tag"))) {
        if (s.database().value(QStringLiteral("crm.tag"), t, QStringLiteral("name")).toString() ==
            QLatin1String("HOLD")) {
            ++n;
            if (id)
                *id = t;
        }
    }
    return n;
}

bool tagged(sim::Simulator &s, const OrderRef &o) {
    qint64 tag = 0;
    holdTags(s, &tag);
    return s.database()
        .value(SO, o.id, QStringLiteral("tag_ids"))
        .value<QList<qint64>>()
        .contains(tag);
}

QString storeText(const StoreConfig &config) {
    return config.kind == StoreConfig::Kind::Sqlite
               ? QStringLiteral("sqlite:") + config.sqlitePath
               : QStringLiteral("postgres:%1#%2").arg(config.postgres, config.postgresSchema);
}

QString helper() {
    return QCoreApplication::applicationDirPath() + QStringLiteral("/action_runner");
}

// Waits with the event loop running (the simulator answers on this thread).
bool waitDone(QProcess &p, int ms = 60000) {
    return QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, ms);
}

// The helper's answer among its log lines: the last line starting with one of its words.
QString answerOf(QProcess &p) {
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'));
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const QString l = lines.at(i).trimmed();
        for (const char *word : {"ok ", "refused ", "committed ", "seen "})
            if (l.startsWith(QLatin1String(word)))
                return l;
    }
    return {};
}

} // namespace

class TestActionCrash final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<sim::Simulator> m_sim;

    // Runs the helper's executor; returns true when it ended by itself (exit code in *code).
    bool runHelper(const QString &store, const QString &crashAt, int *code,
                   const QString &actor = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("O2C_CRASH_AT"));
        if (!crashAt.isEmpty())
            env.insert(QStringLiteral("O2C_CRASH_AT"), crashAt);
        if (!actor.isEmpty())
            env.insert(QStringLiteral("O2C_ACTOR_LOGIN"), actor);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(helper(), {store, m_sim->url().toString()});
        [&] { QVERIFY(p.waitForStarted()); }();
        if (!waitDone(p)) {
            p.kill();
            p.waitForFinished();
            return false;
        }
        *code = p.exitCode();
        return p.exitStatus() == QProcess::NormalExit;
    }

    // What each scenario queues and what Odoo must show afterwards, exactly once.
    struct Scenario {
        std::function<void(ActionDesk &, int step)> queue;
        std::function<void()> check;
        int minimumSteps = 0;
    };

    Scenario resolveAndHold() {
        auto survivor =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, false, QStringLiteral("PO-9001")));
        auto quote =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, false, QStringLiteral("PO-9001")));
        auto confirmed =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, true, QStringLiteral("PO 9001")));
        auto held =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, false, QStringLiteral("PO-9002")));
        const qint64 mo = test::productionsOf(*m_sim, *confirmed).value(0);
        Scenario s;
        s.minimumSteps = 9; // 2 + 5 steps of the resolution, 2 of the hold
        s.queue = [=](ActionDesk &desk, int step) {
            QVERIFY(desk.resolveCluster(QStringLiteral("cluster-%1").arg(step), *survivor,
                                        {*quote, *confirmed})
                        .ok);
            QVERIFY(desk.hold({}, *held, QStringLiteral("customer credit check")).ok);
        };
        s.check = [=, this] {
            QVERIFY(mo > 0);
            QCOMPARE(test::stateOf(*m_sim, SO, survivor->id), QStringLiteral("draft"));
            QCOMPARE(test::stateOf(*m_sim, SO, quote->id), QStringLiteral("cancel"));
            QCOMPARE(test::stateOf(*m_sim, SO, confirmed->id), QStringLiteral("cancel"));
            QCOMPARE(test::stateOf(*m_sim, MO, mo), QStringLiteral("cancel"));
            QCOMPARE(test::holdActivitiesOn(*m_sim, mo), 1);
            QCOMPARE(test::notesOn(*m_sim, *quote, survivor->name), 1);
            QCOMPARE(test::notesOn(*m_sim, *confirmed, survivor->name), 1);
            QCOMPARE(test::notesOn(*m_sim, *survivor, QStringLiteral("Cockpit")), 0);
            QCOMPARE(test::notesOn(*m_sim, *held, QStringLiteral("manufacturing held")), 1);
            QCOMPARE(test::stateOf(*m_sim, SO, held->id), QStringLiteral("draft"));
            QVERIFY(tagged(*m_sim, *held));
        };
        return s;
    }

    // Soft hold (confirmed order, its MO) and hard hold (quotation), each then released.
    Scenario holdAndRelease() {
        auto soft =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, true, QStringLiteral("PO-9101")));
        auto hard =
            std::make_shared<OrderRef>(test::makeOrder(*m_sim, false, QStringLiteral("PO-9102")));
        const qint64 mo = test::productionsOf(*m_sim, *soft).value(0);
        Scenario s;
        s.minimumSteps = 11; // soft 3 + hard 2, releases 3 + 3
        s.queue = [=](ActionDesk &desk, int) {
            QVERIFY(desk.hold({}, *soft, QStringLiteral("credit check")).ok);
            QVERIFY(desk.hold({}, *hard, QStringLiteral("drawing missing")).ok);
            QVERIFY(desk.release({}, *soft).ok);
            QVERIFY(desk.release({}, *hard).ok);
        };
        s.check = [=, this] {
            QVERIFY(mo > 0);
            // Soft: the HOLD activity is gone again, the components reserved again, one note
            // of each.
            QCOMPARE(test::stateOf(*m_sim, SO, soft->id), QStringLiteral("sale"));
            QCOMPARE(test::stateOf(*m_sim, MO, mo), QStringLiteral("confirmed"));
            QCOMPARE(test::holdActivitiesOn(*m_sim, mo), 0);
            QCOMPARE(
                m_sim->database().value(MO, mo, QStringLiteral("reservation_state")).toString(),
                QStringLiteral("assigned"));
            QCOMPARE(test::notesOn(*m_sim, *soft, QStringLiteral("manufacturing held")), 1);
            QCOMPARE(test::notesOn(*m_sim, *soft, QStringLiteral("hold released")), 1);
            // Hard: confirmed once (one MO), the tag removed, one note of each.
            QCOMPARE(test::stateOf(*m_sim, SO, hard->id), QStringLiteral("sale"));
            QVERIFY(!tagged(*m_sim, *hard));
            QCOMPARE(test::productionsOf(*m_sim, *hard).size(), 1);
            QCOMPARE(test::notesOn(*m_sim, *hard, QStringLiteral("manufacturing held")), 1);
            QCOMPARE(test::notesOn(*m_sim, *hard, QStringLiteral("hold released")), 1);
        };
        return s;
    }

private slots:
    void initTestCase() { m_sim = test::startSimulator(); }

    void killedAtEveryStep_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("point");
        for (const char *k : {"sqlite", "postgres"})
            for (const char *sc : {"resolve+hold", "hold+release"})
                for (const char *p : {"before-send", "after-send", "after-record"})
                    QTest::newRow(
                        qPrintable(QStringLiteral("%1 %2 %3")
                                       .arg(QLatin1String(k), QLatin1String(sc), QLatin1String(p))))
                        << QString::fromLatin1(k) << QString::fromLatin1(sc)
                        << QString::fromLatin1(p);
    }

    void killedAtEveryStep() {
        QFETCH(QString, kind);
        QFETCH(QString, scenario);
        QFETCH(QString, point);
        int cases = 0;
        int minimum = 0;
        for (int step = 1; step < 40; ++step) {
            O2C_FRESH_STORE(kind, m_dir, config, store);
            const Scenario s =
                scenario == QLatin1String("resolve+hold") ? resolveAndHold() : holdAndRelease();
            minimum = s.minimumSteps;
            ActionDesk desk(
                *store, {QStringLiteral("tester"), QStringLiteral("planner"), 9, Role::Planner});
            s.queue(desk, step);
            if (QTest::currentTestFailed())
                return;
            const QString text = storeText(config);

            int code = -1;
            const bool ended = runHelper(text, QStringLiteral("%1:%2").arg(point).arg(step), &code);
            if (ended) {
                // Fewer steps than `step`: every step had its crash; this run simply finished.
                QCOMPARE(code, 0);
                QVERIFY2(step > 1, "the helper never reached a step");
            } else {
                ++cases;
                QVERIFY2(runHelper(text, {}, &code), "the restarted helper did not end");
                QCOMPARE(code, 0);
            }

            // Exactly once, as Odoo shows it.
            s.check();
            if (QTest::currentTestFailed()) {
                qWarning("after a kill at %s:%d", qPrintable(point), step);
                return;
            }
            QCOMPARE(holdTags(*m_sim), 1);
            ActionQueue queue(*store);
            for (const ActionRecord &a : queue.list())
                QCOMPARE(actionStateKey(a.state), QStringLiteral("done"));
            const AuditTrail::Verdict verdict = AuditTrail(*store).verify();
            QVERIFY2(verdict.intact, qPrintable(verdict.problem));
            if (ended)
                break;
        }
        qInfo("%s %s: killed and restarted at %d steps", qPrintable(scenario), qPrintable(point),
              cases);
        QVERIFY(cases >= minimum);
    }

    // Two cockpit processes on one store: a claim by one shows at the other within 2 s; two
    // conflicting resolutions of one cluster, started at the same instant: one wins, the other
    // is told who and why; two executors working the same outbox: every effect once.
    void twoCockpitProcesses_data() { test::addStoreRows(); }
    void twoCockpitProcesses() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        const QString text = storeText(config);

        QProcess watcher;
        watcher.start(helper(), {QStringLiteral("--watch"), text, QStringLiteral("bob"),
                                 QStringLiteral("c-7"), QStringLiteral("10000")});
        QVERIFY(watcher.waitForStarted());
        QVERIFY(QTest::qWaitFor(
            [&] {
                while (watcher.canReadLine())
                    if (QString::fromUtf8(watcher.readLine()).trimmed() == QLatin1String("ready"))
                        return true;
                return false;
            },
            10000));
        QProcess claimer;
        claimer.start(helper(), {QStringLiteral("--claim"), text, QStringLiteral("alice"),
                                 QStringLiteral("c-7")});
        QVERIFY(waitDone(claimer));
        QCOMPARE(claimer.exitCode(), 0);
        const QString committed = answerOf(claimer);
        QVERIFY(waitDone(watcher));
        QCOMPARE(watcher.exitCode(), 0);
        const QString seen = answerOf(watcher);
        QVERIFY2(seen.endsWith(QLatin1String(" alice")), qPrintable(seen));
        const qint64 ms = seen.section(QLatin1Char(' '), 1, 1).toLongLong() -
                          committed.section(QLatin1Char(' '), 1, 1).toLongLong();
        qInfo("%s: claim made by one process, seen by the other at most %lld ms after the "
              "claim started",
              qPrintable(kind), ms);
        QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));

        // The race: alice keeps the first order, bob the second, at the same instant.
        const OrderRef first = test::makeOrder(*m_sim, false, QStringLiteral("PO-RACE"));
        const OrderRef second = test::makeOrder(*m_sim, false, QStringLiteral("PO-RACE"));
        const QString start = QString::number(QDateTime::currentMSecsSinceEpoch() + 1500);
        QProcess alice, bob;
        alice.start(helper(), {QStringLiteral("--resolve"), text, QStringLiteral("alice"),
                               QStringLiteral("c-8"), start, QString::number(first.id), first.name,
                               QString::number(second.id), second.name});
        bob.start(helper(), {QStringLiteral("--resolve"), text, QStringLiteral("bob"),
                             QStringLiteral("c-8"), start, QString::number(second.id), second.name,
                             QString::number(first.id), first.name});
        QVERIFY(waitDone(alice) && waitDone(bob));
        QCOMPARE(alice.exitCode() + bob.exitCode(), 1); // one 0 (won), one 1 (refused)
        QProcess &winner = alice.exitCode() == 0 ? alice : bob;
        QProcess &loser = alice.exitCode() == 0 ? bob : alice;
        const QString winnerName =
            &winner == &alice ? QStringLiteral("alice") : QStringLiteral("bob");
        const QString won = answerOf(winner);
        const QString lost = answerOf(loser);
        QVERIFY2(won.startsWith(QLatin1String("ok ")), qPrintable(won));
        QVERIFY2(lost.startsWith(QLatin1String("refused ")), qPrintable(lost));
        // Told who won and why: the cluster is theirs (claimed or already resolved by them).
        QVERIFY2(lost.contains(winnerName) && (lost.contains(QLatin1String("claimed by")) ||
                                               lost.contains(QLatin1String("already resolved"))),
                 qPrintable(lost));
        ActionDesk reader(*store, {QStringLiteral("t"), QStringLiteral("reader"), 1, Role::Viewer});
        QCOMPARE(reader.decisionOf(QStringLiteral("c-8"))->decidedBy, winnerName);
        qInfo("%s: %s won; the other was told: %s", qPrintable(kind), qPrintable(winnerName),
              qPrintable(lost.mid(8)));

        // Two executor processes on one outbox at once: the winner's cancellation happens once.
        const OrderRef cancelled = &winner == &alice ? second : first;
        QProcess one, two;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("O2C_CRASH_AT"));
        env.insert(QStringLiteral("O2C_ACTOR_LOGIN"), winnerName);
        for (QProcess *p : {&one, &two}) {
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p->start(helper(), {text, m_sim->url().toString()});
        }
        QVERIFY(waitDone(one) && waitDone(two));
        QCOMPARE(one.exitCode(), 0);
        QCOMPARE(two.exitCode(), 0);
        QCOMPARE(test::stateOf(*m_sim, SO, cancelled.id), QStringLiteral("cancel"));
        QCOMPARE(test::notesOn(*m_sim, cancelled, QStringLiteral("duplicate of")), 1);
        const AuditTrail::Verdict verdict = AuditTrail(*store).verify();
        QVERIFY2(verdict.intact, qPrintable(verdict.problem));
    }
};

QTEST_GUILESS_MAIN(TestActionCrash)
#include "tst_action_crash.moc"
