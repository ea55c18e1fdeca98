// SPDX-License-Identifier: GPL-3.0-or-later
// The real cockpit sync against the simulator behind the fault-injecting front, while the
// simulator's scenario keeps changing records between the sync's requests. Once the faults stop,
// the cockpit's picture must equal the simulator's records: nothing lost, nothing doubled.
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "Scenario.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "faults/FaultInjectingProxy.h"

#include "flow/OrderBook.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::odoo;
using Fault = o2c::sim::FaultInjectingProxy::Fault;
using FaultKind = Fault::Kind;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

struct Cockpit {
    ConnectionProfile profile;
    std::unique_ptr<HttpOdooTransport> transport;
    std::unique_ptr<OdooClient> client;
    OrderBook book;
    std::unique_ptr<OdooSync> sync;

    Cockpit(const QUrl &url, OdooApi api, int timeoutMs) {
        profile.url = url;
        profile.database = S("o2c");
        profile.login = S("planner");
        profile.secret = sim::Simulator::plannerApiKey();
        profile.api = api;
        profile.pageSize = 20;
        profile.requestTimeoutMs = timeoutMs;
        profile.pollIntervalMs = 600000;
        transport = std::make_unique<HttpOdooTransport>(profile);
        client = std::make_unique<OdooClient>(profile, transport.get());
        RetryPolicy fast;
        fast.baseDelayMs = 20;
        fast.maxDelayMs = 150;
        client->setRetryPolicy(fast);
        sync = std::make_unique<OdooSync>(client.get(), &book);
        sync->setReconcileEvery(1);
    }

    // One pass (signing in first when needed); false when it failed or did not end.
    bool pass(OdooError *error = nullptr) {
        QSignalSpy finished(sync.get(), &OdooSync::syncFinished);
        QSignalSpy failed(sync.get(), &OdooSync::syncFailed);
        if (sync->state() == ConnectionState::Disconnected)
            sync->start();
        else
            sync->syncNow();
        QElapsedTimer waited;
        waited.start();
        while (finished.isEmpty() && failed.isEmpty() && waited.elapsed() < 30000)
            QTest::qWait(20);
        if (!failed.isEmpty() && error)
            *error = failed.first().first().value<OdooError>();
        return failed.isEmpty() && !finished.isEmpty();
    }

    QMap<QString, QJsonObject> picture() const {
        QMap<QString, QJsonObject> out;
        const auto all = book.orders();
        for (const CanonicalOrder *o : all)
            out.insert(o->saleOrderName, o->toJson());
        return out;
    }
};

// The scenario moves on while the cockpit reads: new orders, stage changes, edits, deletions.
struct MovingSimulator {
    std::unique_ptr<sim::Simulator> s;
    bool moving = true;
    int changes = 0;
    QStringList deleted;

    explicit MovingSimulator(int odooVersion) {
        sim::SimulatorOptions o;
        o.odooVersion = odooVersion;
        o.start = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
        o.scenario.seed = 11;
        o.scenario.rate = 60;
        o.scenario.speed = 0;
        o.scenario.initialOrders = 40;
        o.scenario.running = false;
        s = std::make_unique<sim::Simulator>(o);
        QString error;
        if (!s->start(&error))
            qFatal("simulator: %s", qPrintable(error));
    }

    void step() {
        if (!moving)
            return;
        ++changes;
        sim::OdooDatabase &db = s->database();
        // Slower than the cockpit reads (a page of 20 per request), or a pass would chase the
        // writes for ever.
        const QDateTime t = db.now().addSecs(30);
        s->clock().setNow(t);
        s->scenario().advanceTo(t);
        const QList<qint64> orders = db.ids(S("sale.order"));
        if (orders.isEmpty())
            return;
        if (changes % 3 != 0)
            return;
        s->flow().setCallContext({}, 2);
        // A planner edits an order's reference in Odoo ...
        const qint64 edited = orders.at((changes * 7) % orders.size());
        s->rpc().writeRecord(S("sale.order"), edited,
                             {{S("client_order_ref"), QStringLiteral("EDIT-%1").arg(changes)}});
        // ... and now and then deletes a quotation.
        if (changes % 12 == 0) {
            for (qint64 id : orders) {
                if (db.value(S("sale.order"), id, S("state")).toString() ==
                        QLatin1String("draft") &&
                    db.value(S("sale.order"), id, S("order_line")).value<QList<qint64>>().size() <=
                        1) {
                    deleted << db.value(S("sale.order"), id, S("name")).toString();
                    s->flow().beforeUnlink(S("sale.order"), id);
                    db.unlink(S("sale.order"), id);
                    break;
                }
            }
        }
    }

    QStringList orderNames() const {
        QStringList out;
        for (qint64 id : s->database().ids(S("sale.order")))
            out << s->database().value(S("sale.order"), id, S("name")).toString();
        out.sort();
        return out;
    }
};

QString describe(const QStringList &a, const QStringList &b) {
    const QSet<QString> sa(a.begin(), a.end()), sb(b.begin(), b.end());
    QStringList missing = QStringList(QSet<QString>(sb).subtract(sa).values());
    QStringList extra = QStringList(QSet<QString>(sa).subtract(sb).values());
    return QStringLiteral("missing in the cockpit: %1; not in Odoo: %2")
        .arg(missing.join(u','), extra.join(u','));
}

} // namespace

class TestSimFaults final : public QObject {
    Q_OBJECT
private slots:
    void faultsWhileRecordsChange_data() {
        QTest::addColumn<int>("odooVersion");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("times");
        struct Row {
            const char *name;
            FaultKind kind;
            int status, times;
        };
        const Row rows[] = {
            {"HTTP 500", FaultKind::HttpError, 500, 2},
            {"HTTP 502", FaultKind::HttpError, 502, 3},
            {"timeout", FaultKind::Timeout, 0, 2},
            {"reset mid-body", FaultKind::ResetMidBody, 0, 3},
            {"malformed json", FaultKind::MalformedJson, 0, 2},
            {"truncated json", FaultKind::TruncatedJson, 0, 3},
            {"very slow answers", FaultKind::Slow, 0, 6},
            {"429 with Retry-After", FaultKind::RateLimited, 0, 2},
            {"key revoked mid-sync", FaultKind::RevokedKey, 0, 1},
        };
        for (const Row &r : rows)
            QTest::addRow("%s over JSON-RPC", r.name) << 18 << int(r.kind) << r.status << r.times;
        // JSON-2 answers faults differently (HTTP statuses, bare JSON): the kinds that differ.
        for (const Row &r : rows) {
            if (r.kind == FaultKind::HttpError || r.kind == FaultKind::TruncatedJson ||
                r.kind == FaultKind::RateLimited || r.kind == FaultKind::RevokedKey)
                QTest::addRow("%s over JSON-2", r.name) << 19 << int(r.kind) << r.status << r.times;
        }
    }

    void faultsWhileRecordsChange() {
        QFETCH(int, odooVersion);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(int, times);
        MovingSimulator moving(odooVersion);
        sim::FaultInjectingProxy proxy(moving.s->url());
        QVERIFY(proxy.listen());
        connect(&proxy, &sim::FaultInjectingProxy::requestArrived, this,
                [&moving](const QString &, const QByteArray &) { moving.step(); });
        Cockpit cockpit(proxy.url(), OdooApi::Auto, 1200);

        // A first clean pass, then the fault hits the reads of the documents of later passes.
        OdooError first;
        QVERIFY2(cockpit.pass(&first), qPrintable(first.message + u' ' + first.serverMessage));
        QCOMPARE(cockpit.client->api(), odooVersion >= 19 ? OdooApi::Json2 : OdooApi::JsonRpc);
        Fault f;
        f.kind = FaultKind(kind);
        f.status = status;
        f.times = times;
        f.delayMs = 500; // slow, within the 1.2 s timeout
        f.retryAfterSeconds = 1;
        if (odooVersion >= 19) {
            f.pathContains = S("/json/2/stock.picking");
        } else {
            f.pathContains = S("/jsonrpc");
            f.bodyContains = "\"stock.picking\"";
        }
        proxy.inject(f);
        QElapsedTimer clock;
        clock.start();
        bool signInAsked = false;
        for (int i = 0; i < 8 && proxy.faultsApplied() < times; ++i) {
            OdooError error;
            if (!cockpit.pass(&error)) {
                QVERIFY2(!error.message.isEmpty(), "a failed pass says why");
                if (cockpit.sync->state() == ConnectionState::SignInRequired) {
                    signInAsked = true;
                    // The planner signs in again (a new key): the proxy stops refusing.
                    const int sent = proxy.requestsSeen();
                    QTest::qWait(700);
                    QCOMPARE(proxy.requestsSeen(), sent); // no retry storm meanwhile
                    proxy.clearFaults();
                }
            }
        }
        QVERIFY2(proxy.faultsApplied() >= 1, "the fault hit the sync");
        if (FaultKind(kind) == FaultKind::RevokedKey)
            QVERIFY(signInAsked);
        if (FaultKind(kind) == FaultKind::RateLimited)
            QVERIFY(clock.elapsed() >= 1000); // Retry-After honoured
        // The faults stop; two more passes while the records still change, then a quiet one.
        proxy.clearFaults();
        QVERIFY(cockpit.pass());
        QVERIFY(cockpit.pass());
        moving.moving = false;
        QVERIFY(cockpit.pass());
        QVERIFY2(moving.changes >= 10, qPrintable(QString::number(moving.changes)));

        // Nothing lost, nothing doubled: the picture is the simulator's records ...
        const QStringList inOdoo = moving.orderNames();
        QStringList inCockpit = cockpit.picture().keys();
        QVERIFY2(inCockpit == inOdoo, qPrintable(describe(inCockpit, inOdoo)));
        QVERIFY(inOdoo.size() > 40); // orders arrived during the sync
        sim::OdooDatabase &db = moving.s->database();
        for (qint64 id : db.ids(S("sale.order"))) {
            const QString name = db.value(S("sale.order"), id, S("name")).toString();
            const CanonicalOrder *o = cockpit.book.orderBySaleOrderName(name);
            QVERIFY(o);
            QCOMPARE(o->saleState, db.value(S("sale.order"), id, S("state")).toString());
            QCOMPARE(o->customerRef,
                     db.value(S("sale.order"), id, S("client_order_ref")).toString());
            QCOMPARE(o->lines.size(),
                     db.value(S("sale.order"), id, S("order_line")).value<QList<qint64>>().size());
            QSet<qint64> mos;
            for (const ManufacturingOrderRef &m : o->manufacturingOrders) {
                QVERIFY2(!mos.contains(m.id), qPrintable(name + S(" has an MO twice")));
                mos.insert(m.id);
                QCOMPARE(m.state, db.value(S("mrp.production"), m.id, S("state")).toString());
            }
            for (const PickingRef &p : o->pickings)
                QCOMPARE(p.state, db.value(S("stock.picking"), p.id, S("state")).toString());
            for (const InvoiceRef &inv : o->invoices)
                QCOMPARE(inv.state, db.value(S("account.move"), inv.id, S("state")).toString());
        }
        QVERIFY(!moving.deleted.isEmpty()); // quotations were deleted during the sync
        for (const QString &gone : std::as_const(moving.deleted))
            QVERIFY2(!cockpit.book.orderBySaleOrderName(gone), qPrintable(gone));
        // ... and equals what a cold sync of the same records sees.
        Cockpit cold(moving.s->url(), OdooApi::Auto, 5000);
        QVERIFY(cold.pass());
        QCOMPARE(cockpit.picture(), cold.picture());
    }
};

QTEST_GUILESS_MAIN(TestSimFaults)
#include "tst_sim_faults.moc"
