// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeOdooServer.h"

#include "flow/OrderBook.h"
#include "odoo/OdooSync.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace o2c;
using namespace o2c::odoo;

namespace {

const QString kSecond = QStringLiteral("2026-11-26 13:49:31");

QJsonObject saleOrder(qint64 id, const QString &writeDate,
                      const QString &state = QStringLiteral("draft")) {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("name"), QStringLiteral("S%1").arg(id, 5, 10, QLatin1Char('0'))},
            {QStringLiteral("state"), state},
            {QStringLiteral("client_order_ref"), QStringLiteral("PO-%1").arg(id)},
            {QStringLiteral("partner_id"), QJsonArray{10, QStringLiteral("Deco Addict")}},
            {QStringLiteral("amount_total"), 100.0 * double(id)},
            {QStringLiteral("currency_id"), QJsonArray{1, QStringLiteral("USD")}},
            {QStringLiteral("date_order"), writeDate},
            {QStringLiteral("create_date"), writeDate},
            {QStringLiteral("write_date"), writeDate},
            {QStringLiteral("origin"), false},
            {QStringLiteral("tag_ids"), QJsonArray{}},
            {QStringLiteral("order_line"), QJsonArray{}}};
}

struct Rig {
    FakeOdooServer server;
    ConnectionProfile profile;
    std::unique_ptr<OdooClient> client;
    OrderBook book;
    std::unique_ptr<OdooSync> sync;

    explicit Rig(int pageSize = 1000) {
        profile.url = QUrl(QStringLiteral("http://fake"));
        profile.database = QStringLiteral("o2c");
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("planner");
        profile.pageSize = pageSize;
        profile.pollIntervalMs = 600000; // passes are driven by syncNow()
        client = std::make_unique<OdooClient>(profile, &server);
        sync = std::make_unique<OdooSync>(client.get(), &book);
        server.add(QStringLiteral("res.partner"),
                   {{QStringLiteral("id"), 10},
                    {QStringLiteral("name"), QStringLiteral("Deco Addict")},
                    {QStringLiteral("vat"), QStringLiteral("US123")}});
    }
    // Runs one pass (the first one starts the sync) and returns its stats.
    SyncStats pass() {
        QSignalSpy finished(sync.get(), &OdooSync::syncFinished);
        if (sync->state() == ConnectionState::Disconnected)
            sync->start();
        else
            sync->syncNow();
        if (!finished.wait(5000))
            return {};
        return finished.first().first().value<SyncStats>();
    }
    QString id(qint64 so) const { return QStringLiteral("odoo:o2c:sale.order:%1").arg(so); }
};

} // namespace

class TestOdooSync final : public QObject {
    Q_OBJECT
private slots:
    void firstPassReadsEverything() {
        Rig rig;
        for (qint64 id = 1; id <= 3; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        QSignalSpy changed(&rig.book, &OrderBook::ordersChanged);
        const SyncStats s = rig.pass();
        QCOMPARE(s.saleOrders, 3);
        QCOMPARE(rig.book.size(), 3);
        QCOMPARE(changed.size(), 1); // one batch per pass
        QCOMPARE(rig.sync->state(), ConnectionState::Connected);
        const CanonicalOrder *o = rig.book.order(rig.id(2));
        QVERIFY(o);
        QCOMPARE(o->customerRef, QStringLiteral("PO-2"));
        QCOMPARE(o->customer.vat, QStringLiteral("US123"));
        // Explicit fields and pages by id on every sale.order read (one page: no horizon).
        const auto reads =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"));
        QCOMPARE(reads.size(), 1);
        QCOMPARE(reads.first().kwargs.value(QStringLiteral("order")).toString(),
                 QStringLiteral("id asc"));
        QVERIFY(reads.first()
                    .kwargs.value(QStringLiteral("fields"))
                    .toArray()
                    .contains(QStringLiteral("write_date")));
        QCOMPARE(reads.first().kwargs.value(QStringLiteral("limit")).toInt(), 1000);
    }

    // 069: records written in the cursor's second come back with "write_date >= cursor"; the ones
    // already read must not count again, the new and changed ones must not be lost.
    void sameSecondBoundary() {
        Rig rig;
        for (qint64 id = 1; id <= 3; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        QCOMPARE(rig.pass().saleOrders, 3);

        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(4, kSecond)); // committed late, same second
        rig.server.write(QStringLiteral("sale.order"), 2,
                         {{QStringLiteral("client_order_ref"), QStringLiteral("PO-2-A")}},
                         kSecond); // changed again within the same second
        QSignalSpy changed(&rig.book, &OrderBook::ordersChanged);
        const SyncStats s = rig.pass();
        QCOMPARE(s.saleOrders, 2);
        QCOMPARE(rig.book.size(), 4);
        QCOMPARE(changed.size(), 1);
        QStringList ids = changed.first().first().toStringList();
        ids.sort();
        QCOMPARE(ids, (QStringList{rig.id(2), rig.id(4)}));
        QCOMPARE(rig.book.order(rig.id(2))->customerRef, QStringLiteral("PO-2-A"));

        // The incremental read asks for write_date >= cursor less the overlap.
        const auto reads =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"));
        const QJsonArray domain = reads.last().args.at(0).toArray();
        QCOMPARE(domain.size(), 1);
        QCOMPARE(domain.at(0).toArray().at(0).toString(), QStringLiteral("write_date"));
        QCOMPARE(domain.at(0).toArray().at(1).toString(), QStringLiteral(">="));
        QVERIFY(domain.at(0).toArray().at(2).toString() <= kSecond);

        // Nothing new: nothing counted, nothing pushed.
        QSignalSpy quiet(&rig.book, &OrderBook::ordersChanged);
        QCOMPARE(rig.pass().saleOrders, 0);
        QCOMPARE(quiet.size(), 0);
    }

    void lateCommitInsideOverlap() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(1, QStringLiteral("2026-11-26 14:00:10")));
        rig.pass();
        // A long transaction that started before the newest write_date commits now.
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(2, QStringLiteral("2026-11-26 14:00:05")));
        QCOMPARE(rig.pass().saleOrders, 1);
        QVERIFY(rig.book.order(rig.id(2)));
    }

    void pagesLoseNothingWhileRecordsMove() {
        Rig rig(2);
        for (qint64 id = 1; id <= 5; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        // While the first pass pages, order 1 (already read) is written again: it moves to the end.
        bool moved = false;
        rig.server.afterSearchRead = [&](const FakeOdooServer::Call &c) {
            if (!moved && c.model == QLatin1String("sale.order")) {
                moved = true;
                rig.server.write(QStringLiteral("sale.order"), 1,
                                 {{QStringLiteral("state"), QStringLiteral("sent")}},
                                 QStringLiteral("2026-11-26 13:49:40"));
            }
        };
        const SyncStats s = rig.pass();
        QCOMPARE(rig.book.size(), 5);
        QCOMPARE(s.saleOrders, 5); // the pages go on by id: the move skips and doubles nothing
        QVERIFY(rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"))
                    .size() >= 3);
        // The change came after the pass began: the next pass reads it.
        QCOMPARE(rig.pass().saleOrders, 1);
        QCOMPARE(rig.book.order(rig.id(1))->saleState, QStringLiteral("sent"));
        QCOMPARE(rig.book.size(), 5);
        QCOMPARE(rig.pass().saleOrders, 0);
    }

    // A writer creates more orders per request than a page holds. Unbounded, the pass would never
    // catch up; bounded by the horizon it ends, shows its counts, and the next pass (the writer
    // stopped) brings the book to Odoo's records, nothing lost, nothing read twice.
    void passEndsWhileOdooIsWrittenFasterThanPagesAreRead() {
        Rig rig(2);
        for (qint64 id = 1; id <= 4; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        bool writing = true;
        qint64 nextId = 100;
        QDateTime stamp = QDateTime::fromString(kSecond, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        stamp.setTimeSpec(Qt::UTC);
        rig.server.afterSearchRead = [&](const FakeOdooServer::Call &c) {
            if (!writing || c.model != QLatin1String("sale.order") || nextId > 2000)
                return;
            for (int i = 0; i < 3; ++i) {
                stamp = stamp.addSecs(1);
                rig.server.add(
                    QStringLiteral("sale.order"),
                    saleOrder(nextId++, stamp.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
            }
        };
        const SyncStats first = rig.pass();
        QVERIFY2(first.finishedAt.isValid(), "the pass did not end while Odoo was written");
        QVERIFY(rig.sync->lastSync().isValid());
        const auto orderReads =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"));
        // The first page (orders 1, 2), the horizon (the 3 orders written meanwhile are the
        // newest), and the pages up to it by id (3, 4 | 100, 101 | 102): no request more.
        QCOMPARE(orderReads.size(), 1 + 1 + 3);
        QCOMPARE(first.saleOrders, 7);
        QCOMPARE(rig.book.size(), 7);
        QVERIFY(rig.server.records.value(QStringLiteral("sale.order")).size() > 7);

        writing = false;
        const SyncStats second = rig.pass();
        const auto &server = rig.server.records.value(QStringLiteral("sale.order"));
        QCOMPARE(first.saleOrders + second.saleOrders, int(server.size())); // nothing read twice
        QCOMPARE(rig.book.size(), int(server.size()));
        for (auto it = server.cbegin(); it != server.cend(); ++it) {
            const auto order = rig.book.order(rig.id(it.key()));
            QVERIFY2(order, qPrintable(rig.id(it.key())));
            QCOMPARE(order->customerRef,
                     it.value().value(QStringLiteral("client_order_ref")).toString());
        }
        QCOMPARE(rig.pass().saleOrders, 0);
    }

    // Records written in the horizon's own second while the pass reads it: a new one after the
    // page position is read in the pass, a change behind it in the next pass, even without overlap.
    void horizonSecondWrittenDuringThePassIsNotLost() {
        Rig rig(2);
        rig.sync->setOverlapSeconds(0);
        const QString before = QStringLiteral("2026-11-26 13:49:30");
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, before));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(2, before));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(3, kSecond));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(4, kSecond));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(5, kSecond));
        int pages = 0;
        rig.server.afterSearchRead = [&](const FakeOdooServer::Call &c) {
            if (c.model != QLatin1String("sale.order") ||
                c.kwargs.value(QStringLiteral("limit")).toInt() != 2 || ++pages != 2)
                return;
            // Orders 3 and 4 were just read: order 3 changes within the horizon's second, and a
            // new order commits with that stamp.
            rig.server.write(QStringLiteral("sale.order"), 3,
                             {{QStringLiteral("client_order_ref"), QStringLiteral("PO-3-B")}},
                             kSecond);
            rig.server.add(QStringLiteral("sale.order"), saleOrder(6, kSecond));
        };
        const SyncStats first = rig.pass();
        QCOMPARE(first.saleOrders, 6);
        QCOMPARE(rig.book.size(), 6);
        QCOMPARE(rig.book.order(rig.id(3))->customerRef, QStringLiteral("PO-3"));

        // The horizon: the newest write_date, one record, as the recorded search_read shapes.
        const auto reads =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"));
        QVERIFY(reads.size() >= 4);
        const FakeOdooServer::Call &horizon = reads.at(1);
        QCOMPARE(horizon.kwargs.value(QStringLiteral("limit")).toInt(), 1);
        QCOMPARE(horizon.kwargs.value(QStringLiteral("order")).toString(),
                 QStringLiteral("write_date desc, id desc"));
        QCOMPARE(horizon.kwargs.value(QStringLiteral("fields")).toArray(),
                 QJsonArray{QStringLiteral("write_date")});
        const QJsonArray bounded = reads.at(2).args.at(0).toArray();
        // Up to the end of the horizon's second (Odoo keeps microseconds), on by id.
        QCOMPARE(bounded.at(0).toArray(),
                 (QJsonArray{QStringLiteral("write_date"), QStringLiteral("<"),
                             QStringLiteral("2026-11-26 13:49:32")}));
        QCOMPARE(bounded.at(1).toArray(),
                 (QJsonArray{QStringLiteral("id"), QStringLiteral(">"), 2}));
        QCOMPARE(reads.at(2).kwargs.value(QStringLiteral("order")).toString(),
                 QStringLiteral("id asc"));

        const SyncStats second = rig.pass();
        QCOMPARE(second.saleOrders, 1); // the change, not the orders read unchanged
        QCOMPARE(rig.book.order(rig.id(3))->customerRef, QStringLiteral("PO-3-B"));
        QCOMPARE(rig.book.size(), 6);
        QCOMPARE(rig.pass().saleOrders, 0);
    }

    void firstPageRewrittenBeforeTheHorizonIsReadNextPass() {
        // The first page's answer and the horizon take longer than the overlap: an order of the
        // first page written again meanwhile keeps its low id, so the bounded pages pass it by;
        // the next pass must still start early enough to read it.
        Rig rig(2);
        rig.sync->setOverlapSeconds(1);
        const QString old = QStringLiteral("2026-11-26 13:40:00");
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, old));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(2, old));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(3, old));
        int pages = 0;
        rig.server.afterSearchRead = [&](const FakeOdooServer::Call &c) {
            if (c.model != QLatin1String("sale.order") ||
                c.kwargs.value(QStringLiteral("limit")).toInt() != 2 || ++pages != 1)
                return;
            QThread::msleep(2100); // a slow first page
            rig.server.write(QStringLiteral("sale.order"), 1,
                             {{QStringLiteral("client_order_ref"), QStringLiteral("PO-1-B")}},
                             QStringLiteral("2026-11-26 13:49:29"));
            rig.server.add(QStringLiteral("sale.order"), saleOrder(4, kSecond));
        };
        const SyncStats first = rig.pass();
        QCOMPARE(first.saleOrders, 4);
        QCOMPARE(rig.book.order(rig.id(1))->customerRef, QStringLiteral("PO-1"));
        const SyncStats second = rig.pass();
        QCOMPARE(rig.book.order(rig.id(1))->customerRef, QStringLiteral("PO-1-B"));
        QCOMPARE(second.saleOrders, 1); // the change only: the orders read again are unchanged
        QCOMPARE(rig.book.size(), 4);
    }

    void changedDocumentsRemapTheirOrder() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond, QStringLiteral("sale")));
        rig.server.add(QStringLiteral("mrp.production"),
                       {{QStringLiteral("id"), 7},
                        {QStringLiteral("name"), QStringLiteral("WH/MO/00007")},
                        {QStringLiteral("origin"), QStringLiteral("S00001")},
                        {QStringLiteral("state"), QStringLiteral("confirmed")},
                        {QStringLiteral("write_date"), kSecond}});
        rig.pass();
        QCOMPARE(stageKey(rig.book.order(rig.id(1))->stage), QStringLiteral("manufacturing"));

        rig.server.write(QStringLiteral("mrp.production"), 7,
                         {{QStringLiteral("state"), QStringLiteral("done")},
                          {QStringLiteral("date_finished"), QStringLiteral("2026-11-26 14:10:00")}},
                         QStringLiteral("2026-11-26 14:10:00"));
        rig.server.add(QStringLiteral("stock.picking"),
                       {{QStringLiteral("id"), 3},
                        {QStringLiteral("name"), QStringLiteral("WH/OUT/00003")},
                        {QStringLiteral("sale_id"), QJsonArray{1, QStringLiteral("S00001")}},
                        {QStringLiteral("picking_type_code"), QStringLiteral("outgoing")},
                        {QStringLiteral("state"), QStringLiteral("done")},
                        {QStringLiteral("date_done"), QStringLiteral("2026-11-26 14:11:00")},
                        {QStringLiteral("write_date"), QStringLiteral("2026-11-26 14:11:00")}});
        const SyncStats s = rig.pass();
        QCOMPARE(s.saleOrders, 0);
        QCOMPARE(s.manufacturingOrders, 1);
        QCOMPARE(s.pickings, 1);
        const CanonicalOrder *o = rig.book.order(rig.id(1));
        QCOMPARE(stageKey(o->stage), QStringLiteral("shipped"));
        QCOMPARE(o->manufacturingOrders.size(), 1);
    }

    void invoiceOfAnUnknownOrderFetchesIt() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(1, QStringLiteral("2026-11-20 10:00:00"), QStringLiteral("sale")));
        rig.sync->setOverlapSeconds(0);
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(2, QStringLiteral("2026-11-26 10:00:00"), QStringLiteral("sale")));
        rig.pass();
        // Posting and payment do not touch the order (152): only account.move shows it.
        rig.server.add(QStringLiteral("account.move"),
                       {{QStringLiteral("id"), 27},
                        {QStringLiteral("name"), QStringLiteral("INV/2026/00007")},
                        {QStringLiteral("move_type"), QStringLiteral("out_invoice")},
                        {QStringLiteral("invoice_origin"), QStringLiteral("S00001")},
                        {QStringLiteral("state"), QStringLiteral("posted")},
                        {QStringLiteral("payment_state"), QStringLiteral("paid")},
                        {QStringLiteral("invoice_date"), QStringLiteral("2026-11-26")},
                        {QStringLiteral("write_date"), QStringLiteral("2026-11-26 14:15:28")}});
        const SyncStats s = rig.pass();
        QCOMPARE(s.invoices, 1);
        QCOMPARE(stageKey(rig.book.order(rig.id(1))->stage), QStringLiteral("paid"));
    }

    void refusedSignInNeedsTheUser() {
        Rig rig;
        rig.server.refuseSignIn = true;
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        QSignalSpy states(rig.sync.get(), &OdooSync::stateChanged);
        rig.sync->start();
        QTRY_COMPARE(rig.sync->state(), ConnectionState::SignInRequired);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<OdooError>().kind, OdooError::Kind::AccessDenied);
        QCOMPARE(states.first().first().value<ConnectionState>(), ConnectionState::Connecting);
        // No retry storm: nothing more is tried until the user signs in again.
        QTest::qWait(300);
        QCOMPARE(rig.server.authentications, 1);
        QCOMPARE(rig.sync->nextRetryInMs(), -1);
        QVERIFY(rig.sync->lastError().contains(QStringLiteral("Sign-in refused")));
    }

    void revokedKeyDuringSyncNeedsTheUser() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond));
        rig.pass();
        rig.server.refuseSignIn = true; // API key revoked: execute_kw answers AccessDenied (026)
        rig.sync->syncNow();
        QTRY_COMPARE(rig.sync->state(), ConnectionState::SignInRequired);
        QVERIFY(!rig.client->isAuthenticated());
        QTest::qWait(200);
        QCOMPARE(rig.server.authentications, 1);
        QCOMPARE(rig.book.size(), 1); // what was read stays
    }

    void networkTroubleBacksOffAndRecovers() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond));
        rig.server.networkDown = true;
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->start();
        QTRY_COMPARE(rig.sync->state(), ConnectionState::Failing);
        QCOMPARE(failed.first().first().value<OdooError>().kind, OdooError::Kind::NetworkFailure);
        QCOMPARE(rig.sync->consecutiveFailures(), 1);
        QVERIFY2(rig.sync->nextRetryInMs() > 0 && rig.sync->nextRetryInMs() <= 1100,
                 qPrintable(QString::number(rig.sync->nextRetryInMs())));
        rig.server.networkDown = false;
        QTRY_COMPARE_WITH_TIMEOUT(rig.sync->state(), ConnectionState::Connected, 3000);
        QCOMPARE(rig.book.size(), 1);
        QCOMPARE(rig.sync->consecutiveFailures(), 0);
    }

    void failedPassKeepsTheCursor() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond));
        rig.pass();
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(2, QStringLiteral("2026-11-26 15:00:00")));
        // The pass fails after reading the new order, before it reached the book.
        rig.server.failOnce.insert(
            QStringLiteral("account.move/search_read"),
            {{QStringLiteral("name"), QStringLiteral("odoo.exceptions.AccessError")},
             {QStringLiteral("message"), QStringLiteral("no invoices for you")}});
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->syncNow();
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(!rig.book.order(rig.id(2)));
        QCOMPARE(rig.pass().saleOrders, 1); // read again, not lost
        QVERIFY(rig.book.order(rig.id(2)));
    }

    // A write_date Odoo could not have written (a broken import, a module writing the column)
    // would move the text cursor past records never read: the pass fails with a message naming
    // the record, nothing of it reaches the book, and once the record is fixed nothing is lost.
    void malformedWriteDateStopsThePassAndLosesNothing() {
        Rig rig;
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond));
        rig.server.add(QStringLiteral("sale.order"),
                       saleOrder(2, QStringLiteral("2026-11-26 25:61:00")));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(3, kSecond));
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->start();
        QTRY_COMPARE(failed.size(), 1);
        const OdooError e = failed.first().first().value<OdooError>();
        QCOMPARE(e.kind, OdooError::Kind::MalformedAnswer);
        QVERIFY2(e.message.contains(QStringLiteral("2026-11-26 25:61:00")) &&
                     e.message.contains(QStringLiteral("sale.order 2")),
                 qPrintable(e.message));
        QCOMPARE(rig.book.size(), 0);
        QCOMPARE(rig.sync->state(), ConnectionState::Failing);

        rig.server.write(QStringLiteral("sale.order"), 2, {}, kSecond);
        QCOMPARE(rig.pass().saleOrders, 3);
        QCOMPARE(rig.book.size(), 3);
    }

    // The same for the horizon of a pass of several pages: a pass must not end early, with its
    // cursor moved past the pages it did not read.
    void malformedHorizonStopsThePassAndLosesNothing() {
        Rig rig(2);
        for (qint64 id = 1; id <= 4; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        rig.server.add(QStringLiteral("sale.order"), saleOrder(5, QStringLiteral("yesterday")));
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        rig.sync->start();
        QTRY_COMPARE(failed.size(), 1);
        const OdooError e = failed.first().first().value<OdooError>();
        QCOMPARE(e.kind, OdooError::Kind::MalformedAnswer);
        QVERIFY2(e.message.contains(QStringLiteral("\"yesterday\"")), qPrintable(e.message));
        QCOMPARE(rig.book.size(), 0);

        rig.server.write(QStringLiteral("sale.order"), 5, {},
                         QStringLiteral("2026-11-26 13:50:00"));
        QCOMPARE(rig.pass().saleOrders, 5);
        QCOMPARE(rig.book.size(), 5);
    }

    void deletedAndArchivedOrdersLeaveTheBook() {
        Rig rig;
        rig.sync->setReconcileEvery(1);
        for (qint64 id = 1; id <= 3; ++id)
            rig.server.add(QStringLiteral("sale.order"), saleOrder(id, kSecond));
        QCOMPARE(rig.pass().saleOrders, 3);
        QCOMPARE(rig.book.size(), 3);
        rig.server.records[QStringLiteral("sale.order")].remove(2); // deleted in Odoo
        QJsonObject archived = rig.server.records[QStringLiteral("sale.order")].value(3);
        archived.insert(QStringLiteral("active"), false);
        rig.server.records[QStringLiteral("sale.order")].insert(3, archived);
        QSignalSpy removed(&rig.book, &OrderBook::ordersRemoved);
        const SyncStats s = rig.pass();
        QCOMPARE(s.removedOrders, 2);
        QCOMPARE(rig.book.size(), 1);
        QVERIFY(rig.book.order(rig.id(1)));
        QVERIFY(!rig.book.order(rig.id(2)));
        QVERIFY(!rig.book.order(rig.id(3)));
        QCOMPARE(removed.size(), 1);
        // The check asks only for ids, never for the records again.
        const auto searches =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search"));
        QVERIFY(!searches.isEmpty());
    }

    void reconciliationWaitsForItsTurn() {
        Rig rig;
        rig.sync->setReconcileEvery(3);
        rig.server.add(QStringLiteral("sale.order"), saleOrder(1, kSecond));
        rig.pass();
        rig.server.records[QStringLiteral("sale.order")].remove(1);
        rig.pass();
        QVERIFY(rig.book.order(rig.id(1))); // not checked yet
        rig.pass();
        QVERIFY(!rig.book.order(rig.id(1)));
    }

    // A pass cut off mid-way by the network resumes from the last completed cursor: every order
    // arrives once, including those written while the connection was down.
    void interruptedSyncResumesWithoutLossOrDouble() {
        Rig rig(5);
        RetryPolicy once;
        once.maxAttempts = 1;
        rig.client->setRetryPolicy(once);
        for (qint64 id = 1; id <= 23; ++id)
            rig.server.add(
                QStringLiteral("sale.order"),
                saleOrder(id,
                          QStringLiteral("2026-11-26 14:%1:00").arg(id, 2, 10, QLatin1Char('0'))));
        int pages = 0;
        rig.server.afterSearchRead = [&](const FakeOdooServer::Call &c) {
            if (c.model == QLatin1String("sale.order") && ++pages == 3) {
                rig.server.networkDown = true;
                rig.server.write(QStringLiteral("sale.order"), 1,
                                 {{QStringLiteral("client_order_ref"), QStringLiteral("PO-NEW")}},
                                 QStringLiteral("2026-11-26 14:59:00"));
                rig.server.add(QStringLiteral("sale.order"),
                               saleOrder(24, QStringLiteral("2026-11-26 14:59:30")));
            }
        };
        QSignalSpy failed(rig.sync.get(), &OdooSync::syncFailed);
        QSignalSpy finished(rig.sync.get(), &OdooSync::syncFinished);
        rig.sync->start();
        QTRY_VERIFY(failed.size() >= 1);
        QCOMPARE(rig.book.size(), 0); // nothing half-done reached the book
        rig.server.networkDown = false;
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 10000);
        const SyncStats s = finished.first().first().value<SyncStats>();
        QCOMPARE(s.saleOrders, 24);
        QCOMPARE(rig.book.size(), 24);
        QCOMPARE(rig.book.order(rig.id(1))->customerRef, QStringLiteral("PO-NEW"));
        QCOMPARE(rig.pass().saleOrders, 0); // the next pass finds nothing new
    }

    void userLanguageZoneAndCompaniesGoIntoTheContext() {
        Rig rig;
        rig.server.methods.insert(
            QStringLiteral("res.users/context_get"), [](const FakeOdooServer::Call &) {
                return QJsonValue(
                    QJsonObject{{QStringLiteral("lang"), QStringLiteral("fr_FR")},
                                {QStringLiteral("tz"), QStringLiteral("Europe/Paris")},
                                {QStringLiteral("uid"), 9}});
            });
        rig.server.records[QStringLiteral("res.users")].insert(
            9, {{QStringLiteral("id"), 9}, {QStringLiteral("company_ids"), QJsonArray{1, 3}}});
        rig.sync->setContext({{QStringLiteral("lang"), QStringLiteral("de_DE")}});
        rig.pass();
        const QJsonObject ctx =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"))
                .first()
                .kwargs.value(QStringLiteral("context"))
                .toObject();
        QCOMPARE(ctx.value(QStringLiteral("tz")).toString(), QStringLiteral("Europe/Paris"));
        QCOMPARE(ctx.value(QStringLiteral("lang")).toString(),
                 QStringLiteral("de_DE")); // explicit wins
        QCOMPARE(ctx.value(QStringLiteral("allowed_company_ids")).toArray(), (QJsonArray{1, 3}));
    }

    void contextIsSent() {
        Rig rig;
        rig.sync->setContext({{QStringLiteral("lang"), QStringLiteral("de_DE")},
                              {QStringLiteral("tz"), QStringLiteral("Europe/Berlin")}});
        rig.pass();
        const auto reads =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("search_read"));
        QCOMPARE(reads.first()
                     .kwargs.value(QStringLiteral("context"))
                     .toObject()
                     .value(QStringLiteral("lang"))
                     .toString(),
                 QStringLiteral("de_DE"));
    }
};

QTEST_GUILESS_MAIN(TestOdooSync)
#include "tst_odoo_sync.moc"
