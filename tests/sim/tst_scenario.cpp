// SPDX-License-Identifier: GPL-3.0-or-later
#include "Domain.h"
#include "OdooDatabase.h"
#include "Scenario.h"
#include "Simulator.h"

#include <QJsonValue>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <thread>

using namespace o2c::sim;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

SimulatorOptions options(quint64 seed) {
    SimulatorOptions o;
    o.start = QDateTime(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());
    o.scenario.seed = seed;
    o.scenario.rate = 20;
    o.scenario.speed = 0;
    o.scenario.initialOrders = 120;
    o.scenario.running = false;
    return o;
}

// Every order as "name|ref|state|origin|MO states", for comparing two runs.
QStringList snapshot(OdooDatabase &db) {
    QStringList out;
    for (qint64 id : db.ids(S("sale.order"))) {
        QStringList mos;
        for (qint64 mo :
             db.value(S("sale.order"), id, S("mrp_production_ids")).value<QList<qint64>>())
            mos << db.value(S("mrp.production"), mo, S("state")).toString();
        out << QStringList{db.value(S("sale.order"), id, S("name")).toString(),
                           db.value(S("sale.order"), id, S("client_order_ref")).toString(),
                           db.value(S("sale.order"), id, S("state")).toString(),
                           db.value(S("sale.order"), id, S("origin")).toString(),
                           mos.join(QLatin1Char(','))}
                   .join(QLatin1Char('|'));
    }
    return out;
}

// The flow board's stage of a sale order, derived the way the cockpit derives it.
QString stageOf(OdooDatabase &db, qint64 so) {
    const QString state = db.value(S("sale.order"), so, S("state")).toString();
    if (state == S("cancel"))
        return S("cancelled");
    if (state != S("sale"))
        return S("quotation");
    bool posted = false;
    bool paid = true;
    for (qint64 inv : db.value(S("sale.order"), so, S("invoice_ids")).value<QList<qint64>>()) {
        if (db.value(S("account.move"), inv, S("move_type")).toString() != S("out_invoice") ||
            db.value(S("account.move"), inv, S("state")).toString() != S("posted"))
            continue;
        posted = true;
        const QString ps = db.value(S("account.move"), inv, S("payment_state")).toString();
        paid = paid && (ps == S("paid") || ps == S("in_payment"));
    }
    if (posted)
        return paid ? S("paid") : S("invoiced");
    bool shipped = false;
    bool reserved = false;
    for (qint64 p : db.value(S("sale.order"), so, S("picking_ids")).value<QList<qint64>>()) {
        if (db.value(S("stock.picking"), p, S("picking_type_code")).toString() != S("outgoing"))
            continue;
        const QString ps = db.value(S("stock.picking"), p, S("state")).toString();
        shipped = shipped || ps == S("done");
        reserved = reserved || ps == S("assigned");
    }
    if (shipped)
        return S("shipped");
    bool anyMo = false;
    bool allDone = true;
    for (qint64 mo :
         db.value(S("sale.order"), so, S("mrp_production_ids")).value<QList<qint64>>()) {
        const QString ms = db.value(S("mrp.production"), mo, S("state")).toString();
        if (ms == S("cancel"))
            continue;
        anyMo = true;
        allDone = allDone && ms == S("done");
    }
    if (anyMo && !allDone)
        return S("manufacturing");
    if (reserved)
        return S("reserved");
    return anyMo ? S("produced") : S("confirmed");
}

QHash<qint64, QString> stages(OdooDatabase &db) {
    QHash<qint64, QString> out;
    for (qint64 id : db.ids(S("sale.order")))
        out.insert(id, stageOf(db, id));
    return out;
}

QMap<QString, int> stageCounts(const QHash<qint64, QString> &s) {
    QMap<QString, int> out;
    for (const QString &stage : s)
        ++out[stage];
    return out;
}

QString describe(const QMap<QString, int> &counts) {
    QStringList parts;
    for (auto it = counts.begin(); it != counts.end(); ++it)
        parts << it.key() + QLatin1Char('=') + QString::number(it.value());
    return parts.join(QLatin1Char(' '));
}

const QStringList allStages{S("quotation"), S("confirmed"), S("manufacturing"),
                            S("reserved"),  S("produced"),  S("shipped"),
                            S("invoiced"),  S("paid"),      S("cancelled")};

bool hasHoldActivity(OdooDatabase &db, qint64 mo) {
    return db.value(S("mrp.production"), mo, S("activity_summary"))
        .toString()
        .startsWith(S("HOLD:"));
}

} // namespace

class TestScenario final : public QObject {
    Q_OBJECT

private slots:
    void historyMovesOrdersAlong() {
        Simulator sim(options(7));
        QVERIFY(sim.start());
        OdooDatabase &db = sim.database();
        const qint64 orders = db.count(S("sale.order"));
        QVERIFY2(orders >= 60, qPrintable(QString::number(orders)));
        auto count = [&db](const char *model, const char *field, const char *value) {
            return db
                .searchAll(QLatin1String(model),
                           Domain::leaf(QLatin1String(field), S("="), QLatin1String(value)))
                .size();
        };
        QVERIFY(count("sale.order", "state", "sale") > 0);
        QVERIFY(count("mrp.production", "state", "done") > 0);
        QVERIFY(count("stock.picking", "state", "done") > 0);
        QVERIFY(count("account.move", "state", "posted") > 0);
        // EDI orders carry their control numbers in origin
        bool edi = false;
        for (qint64 id : db.ids(S("sale.order")))
            edi = edi ||
                  db.value(S("sale.order"), id, S("origin")).toString().startsWith(S("EDI/850/"));
        QVERIFY(edi);
    }

    void everyStagePopulatedAtStart_data() {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("initialOrders");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("demo 240/h, 150 orders") << 240.0 << 150 << quint64(42);
        QTest::newRow("default 6/h, 150 orders") << 6.0 << 150 << quint64(42);
        QTest::newRow("20/h, 150 orders, seed 7") << 20.0 << 150 << quint64(7);
        QTest::newRow("240/h, 2000 orders") << 240.0 << 2000 << quint64(3);
    }
    void everyStagePopulatedAtStart() {
        QFETCH(double, rate);
        QFETCH(int, initialOrders);
        QFETCH(quint64, seed);
        SimulatorOptions o = options(seed);
        o.scenario.rate = rate;
        o.scenario.initialOrders = initialOrders;
        Simulator sim(o);
        QVERIFY(sim.start());
        const QMap<QString, int> counts = stageCounts(stages(sim.database()));
        qInfo("%s", qPrintable(describe(counts)));
        for (const QString &stage : allStages)
            QVERIFY2(counts.value(stage) > 0, qPrintable(stage + S(" empty: ") + describe(counts)));
        // an old history: most orders went all the way
        QVERIFY2(counts.value(S("paid")) + counts.value(S("invoiced")) >
                     counts.value(S("quotation")),
                 qPrintable(describe(counts)));
        QVERIFY2(counts.value(S("cancelled")) < counts.value(S("paid")) / 5,
                 qPrintable(describe(counts)));
    }

    void ordersMoveWithinMinutes() {
        SimulatorOptions o = options(42);
        o.scenario.rate = 240;
        o.scenario.initialOrders = 150;
        Simulator sim(o);
        QVERIFY(sim.start());
        OdooDatabase &db = sim.database();
        const QHash<qint64, QString> before = stages(db);
        // 15 simulated minutes: 15 s of the demo at speed 60
        sim.scenario().advanceTo(db.now().addSecs(15 * 60));
        const QHash<qint64, QString> after = stages(db);
        QSet<QString> reached;
        int moved = 0;
        for (auto it = before.begin(); it != before.end(); ++it) {
            const QString now = after.value(it.key());
            if (now != it.value()) {
                ++moved;
                reached.insert(now);
            }
        }
        QVERIFY2(moved >= 5, qPrintable(QString::number(moved)));
        QVERIFY2(reached.size() >= 3, qPrintable(QStringList(reached.values()).join(S(","))));
        QVERIFY(after.size() > before.size()); // new quotations arrived

        // within two simulated hours every stage receives an order that was elsewhere before
        // (an order that arrived meanwhile started as a quotation)
        sim.scenario().advanceTo(db.now().addSecs(105 * 60));
        const QHash<qint64, QString> later = stages(db);
        QSet<QString> entered;
        for (auto it = later.begin(); it != later.end(); ++it) {
            if (before.value(it.key(), S("quotation")) != it.value())
                entered.insert(it.value());
        }
        for (const QString &stage : allStages) {
            if (stage != S("quotation") && stage != S("cancelled"))
                QVERIFY2(entered.contains(stage),
                         qPrintable(stage + S(" never entered: ") +
                                    QStringList(entered.values()).join(S(","))));
        }
    }

    void holdsAreRespected() {
        SimulatorOptions o = options(5);
        o.scenario.rate = 60;
        o.scenario.initialOrders = 600;
        o.scenario.holdBreachProbability = 0;
        Simulator sim(o);
        QVERIFY(sim.start());
        OdooDatabase &db = sim.database();
        sim.scenario().advanceTo(db.now().addDays(3));
        const QList<qint64> tagged = db.searchAll(
            S("sale.order"), Domain::leaf(S("tag_ids.name"), S("="), QJsonValue(S("HOLD"))));
        QVERIFY(!tagged.isEmpty());
        for (qint64 so : tagged)
            QCOMPARE(db.value(S("sale.order"), so, S("state")).toString(), S("draft"));
        int held = 0;
        for (qint64 mo : db.ids(S("mrp.production"))) {
            if (!hasHoldActivity(db, mo))
                continue;
            ++held;
            QCOMPARE(db.value(S("mrp.production"), mo, S("state")).toString(), S("confirmed"));
        }
        QVERIFY(held > 0);
        QCOMPARE(sim.scenario().holdBreaches(), 0);
    }

    void releasedHoldsMoveOn() {
        SimulatorOptions o = options(5);
        o.scenario.rate = 60;
        o.scenario.initialOrders = 600;
        o.scenario.holdBreachProbability = 0;
        Simulator sim(o);
        QVERIFY(sim.start());
        OdooDatabase &db = sim.database();
        const QList<qint64> tagged = db.searchAll(
            S("sale.order"), Domain::leaf(S("tag_ids.name"), S("="), QJsonValue(S("HOLD"))));
        QVERIFY(!tagged.isEmpty());
        const qint64 so = tagged.first();
        // the planner removes the tag
        db.write(S("sale.order"), so, {{S("tag_ids"), QVariant::fromValue(QList<qint64>{})}});
        for (int i = 0; i < 8; ++i) {
            sim.clock().setNow(db.now().addSecs(15 * 60));
            sim.scenario().tick();
        }
        QCOMPARE(db.value(S("sale.order"), so, S("state")).toString(), S("sale"));
    }

    void threadClockFollowsSimulatedTime() {
        SimulatorOptions o = options(3);
        o.scenario.speed = 60;
        o.scenario.initialOrders = 150;
        o.scenario.running = true;
        SimulatorThread thread(o);
        QVERIFY(!thread.clock()); // nothing to read before ready()
        QSignalSpy ready(&thread, &SimulatorThread::ready);
        thread.start();
        QVERIFY(ready.wait(20000));
        const std::function<QDateTime()> clock = thread.clock();
        QVERIFY(clock);
        // the history does not move the clock: serving starts at the configured time
        const QDateTime first = clock();
        QVERIFY2(qAbs(o.start.secsTo(first)) < 120, qPrintable(first.toString(Qt::ISODate)));
        QDateTime fromOtherThread;
        std::thread reader([&clock, &fromOtherThread] { fromOtherThread = clock(); });
        reader.join();
        QVERIFY(fromOtherThread >= first);
        QTest::qWait(500);
        // 0.5 s at 60 simulated seconds a second: about 30 simulated seconds later
        const qint64 advanced = first.msecsTo(clock());
        QVERIFY2(advanced >= 25000 && advanced < 120000, qPrintable(QString::number(advanced)));
        thread.quit();
        QVERIFY(thread.wait(10000));
    }

    void sameSeedSameRecords() {
        Simulator a(options(11));
        Simulator b(options(11));
        Simulator c(options(12));
        QVERIFY(a.start() && b.start() && c.start());
        QCOMPARE(snapshot(a.database()), snapshot(b.database()));
        QVERIFY(snapshot(a.database()) != snapshot(c.database()));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
