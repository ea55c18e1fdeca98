// SPDX-License-Identifier: GPL-3.0-or-later
#include "Domain.h"
#include "OdooDatabase.h"
#include "Scenario.h"
#include "Simulator.h"

#include <QTest>
#include <QTimeZone>

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
