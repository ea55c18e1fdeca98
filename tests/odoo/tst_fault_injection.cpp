// SPDX-License-Identifier: GPL-3.0-or-later
// The real transport, client and sync against an Odoo behind the fault-injecting HTTP front.
#include "FakeOdooHttp.h"
#include "FakeOdooServer.h"

#include "faults/FaultInjectingProxy.h"
#include "flow/OrderBook.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooSync.h"

#include <QSignalSpy>
#include <QTest>

using namespace o2c;
using namespace o2c::odoo;
using Fault = o2c::sim::FaultInjectingProxy::Fault;
using FaultKind = Fault::Kind;

namespace {

QJsonObject saleOrder(qint64 id) {
    const QString at = QStringLiteral("2026-11-26 13:%1:00").arg(id, 2, 10, QLatin1Char('0'));
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), QStringLiteral("S%1").arg(id, 5, 10, QLatin1Char('0'))},
            {QStringLiteral("state"), QStringLiteral("sale")},
            {QStringLiteral("client_order_ref"), QStringLiteral("PO-%1").arg(id)},
            {QStringLiteral("partner_id"), QJsonArray{10, QStringLiteral("Deco Addict")}},
            {QStringLiteral("amount_total"), 100.0},
            {QStringLiteral("currency_id"), QJsonArray{1, QStringLiteral("USD")}},
            {QStringLiteral("date_order"), at},
            {QStringLiteral("create_date"), at},
            {QStringLiteral("write_date"), at},
            {QStringLiteral("origin"), false},
            {QStringLiteral("tag_ids"), QJsonArray{}},
            {QStringLiteral("order_line"), QJsonArray{}}};
}

struct Rig {
    FakeOdooServer odoo;
    FakeOdooHttp http{&odoo};
    sim::FaultInjectingProxy proxy{http.url()};
    ConnectionProfile profile;
    std::unique_ptr<HttpOdooTransport> transport;
    std::unique_ptr<OdooClient> client;
    OrderBook book;
    std::unique_ptr<OdooSync> sync;

    explicit Rig(int timeoutMs = 2000) {
        proxy.listen();
        profile.url = proxy.url();
        profile.database = QStringLiteral("o2c");
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("planner-key");
        profile.pageSize = 5;
        profile.requestTimeoutMs = timeoutMs;
        profile.pollIntervalMs = 600000;
        transport = std::make_unique<HttpOdooTransport>(profile);
        client = std::make_unique<OdooClient>(profile, transport.get());
        RetryPolicy fast;
        fast.baseDelayMs = 20;
        fast.maxDelayMs = 100;
        client->setRetryPolicy(fast);
        sync = std::make_unique<OdooSync>(client.get(), &book);
        odoo.add(
            QStringLiteral("res.partner"),
            {{QStringLiteral("id"), 10}, {QStringLiteral("name"), QStringLiteral("Deco Addict")}});
        for (qint64 id = 1; id <= 12; ++id)
            odoo.add(QStringLiteral("sale.order"), saleOrder(id));
    }
};

Fault fault(FaultKind kind, const QByteArray &bodyContains = "sale.order", int times = 1) {
    Fault f;
    f.kind = kind;
    f.pathContains = QStringLiteral("/jsonrpc");
    f.bodyContains = bodyContains;
    f.times = times;
    return f;
}

} // namespace

class TestFaultInjection final : public QObject {
    Q_OBJECT
private slots:
    void transientFaultsAreRidden_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("times");
        QTest::newRow("502 bad gateway") << int(FaultKind::HttpError) << 502 << 2;
        QTest::newRow("503 unavailable") << int(FaultKind::HttpError) << 503 << 1;
        QTest::newRow("timeout") << int(FaultKind::Timeout) << 0 << 1;
        QTest::newRow("reset mid-body") << int(FaultKind::ResetMidBody) << 0 << 2;
        QTest::newRow("truncated json") << int(FaultKind::TruncatedJson) << 0 << 1;
        QTest::newRow("very slow answers") << int(FaultKind::Slow) << 0 << -1;
        QTest::newRow("429 retry-after") << int(FaultKind::RateLimited) << 0 << 1;
    }
    void transientFaultsAreRidden() {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(int, times);
        Rig rig(800);
        Fault f = fault(FaultKind(kind), "sale.order", times);
        f.status = status;
        f.delayMs = 300; // slow, but within the timeout
        f.retryAfterSeconds = 1;
        rig.proxy.inject(f);
        QSignalSpy finished(rig.sync.get(), &OdooSync::syncFinished);
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        QElapsedTimer clock;
        clock.start();
        rig.sync->start();
        QVERIFY(finished.wait(20000));
        QCOMPARE(failed.size(), 0); // the client rode it out inside the pass
        QCOMPARE(rig.book.size(), 12);
        QVERIFY(rig.proxy.faultsApplied() >= 1);
        if (FaultKind(kind) == FaultKind::RateLimited)
            QVERIFY(clock.elapsed() >= 1000); // Retry-After honoured
    }

    void serverErrorFailsThePassThenRecovers() {
        Rig rig;
        rig.proxy.inject(fault(FaultKind::HttpError, "sale.order", 1)); // 500: not retried
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().value<OdooError>().kind, OdooError::Kind::ServerError);
        QCOMPARE(rig.book.size(), 0);
        QSignalSpy finished(rig.sync.get(), &OdooSync::syncFinished);
        rig.sync->syncNow();
        QVERIFY(finished.wait(10000));
        QCOMPARE(rig.book.size(), 12);
    }

    void answerThatIsNotJsonIsNotRetried() {
        Rig rig;
        rig.proxy.inject(fault(FaultKind::MalformedJson, "sale.order", 1));
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->start();
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().first().value<OdooError>().kind, OdooError::Kind::MalformedAnswer);
        QCOMPARE(rig.proxy.faultsApplied(), 1);
    }

    void keyRevokedMidSyncStopsCalling() {
        Rig rig;
        // The key is revoked once the sale orders were read, while the sync reads the MOs.
        int seen = 0;
        rig.odoo.afterSearchRead = [&](const FakeOdooServer::Call &) { ++seen; };
        Fault revoke = fault(FaultKind::RevokedKey, "\"mrp.production\"", 1);
        rig.proxy.inject(revoke);
        QSignalSpy states(rig.sync.get(), &OdooSync::stateChanged);
        rig.sync->start();
        QTRY_COMPARE_WITH_TIMEOUT(rig.sync->state(), ConnectionState::SignInRequired, 10000);
        QVERIFY(seen >= 1); // it was revoked mid-sync, not before
        QVERIFY(rig.client->needsSignIn());
        const int requests = rig.proxy.requestsSeen();
        QTest::qWait(1500);
        QCOMPARE(rig.proxy.requestsSeen(), requests); // no retry storm
        QCOMPARE(rig.book.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "tst_fault_injection.moc"
