// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeOdooServer.h"

#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
#include "odoo/OdooClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace o2c;
using namespace o2c::odoo;

namespace {

const QString kQuote = QStringLiteral("odoo:o2c:sale.order:27");
const QString kConfirmed = QStringLiteral("odoo:o2c:sale.order:28");

CanonicalOrder quotation() {
    CanonicalOrder o;
    o.id = kQuote;
    o.saleOrderId = 27;
    o.saleOrderName = QStringLiteral("S00027");
    o.saleState = QStringLiteral("draft");
    o.customerRef = QStringLiteral("PO-4713");
    o.deriveStage();
    return o;
}

ManufacturingOrderRef mo(qint64 id, const QString &state, bool held = false) {
    ManufacturingOrderRef m;
    m.id = id;
    m.name = QStringLiteral("WH/MO/%1").arg(id, 5, 10, QLatin1Char('0'));
    m.state = state;
    m.heldByActivity = held;
    return m;
}

CanonicalOrder confirmed(QList<ManufacturingOrderRef> mos) {
    CanonicalOrder o;
    o.id = kConfirmed;
    o.saleOrderId = 28;
    o.saleOrderName = QStringLiteral("S00028");
    o.saleState = QStringLiteral("sale");
    o.manufacturingOrders = std::move(mos);
    o.deriveStage();
    return o;
}

struct Rig {
    FakeOdooServer server;
    std::unique_ptr<OdooClient> client;
    OrderBook book;
    std::unique_ptr<MrpHoldService> service;

    explicit Rig(const QList<CanonicalOrder> &orders = {
                     quotation(), confirmed({mo(10, QStringLiteral("confirmed")),
                                             mo(11, QStringLiteral("done"))})}) {
        ConnectionProfile p;
        p.database = QStringLiteral("o2c");
        p.login = QStringLiteral("planner");
        p.secret = QStringLiteral("planner");
        client = std::make_unique<OdooClient>(p, &server);
        bool signedIn = false;
        client->authenticate([&](const OdooError &) { signedIn = true; });
        QTRY_VERIFY(signedIn);
        server.methods.insert(QStringLiteral("sale.order/message_post"),
                              [](const FakeOdooServer::Call &) { return QJsonValue(398); });
        server.methods.insert(
            QStringLiteral("mail.activity/default_get"), [](const FakeOdooServer::Call &) {
                return QJsonValue(
                    QJsonObject{{QStringLiteral("res_model"), QStringLiteral("mrp.production")},
                                {QStringLiteral("activity_type_id"), 4},
                                {QStringLiteral("user_id"), 9},
                                {QStringLiteral("date_deadline"), QStringLiteral("2026-11-26")},
                                {QStringLiteral("res_model_id"), 585}});
            });
        // do_unreserve returns None: the answer has no "result" (086).
        server.methods.insert(
            QStringLiteral("mrp.production/do_unreserve"),
            [](const FakeOdooServer::Call &) { return QJsonValue(QJsonValue::Undefined); });
        server.methods.insert(QStringLiteral("mail.activity/action_feedback"),
                              [](const FakeOdooServer::Call &) { return QJsonValue(426); });
        book.upsert(orders);
        service = std::make_unique<MrpHoldService>(client.get(), &book);
    }

    // Runs an action and waits for its outcome; returns true on success.
    bool act(const std::function<void()> &action, OdooError *error = nullptr) {
        QSignalSpy ok(service.get(), &MrpHoldService::actionSucceeded);
        QSignalSpy failed(service.get(), &MrpHoldService::actionFailed);
        action();
        if (!QTest::qWaitFor([&] { return ok.size() + failed.size() > 0; }, 5000))
            return false;
        if (!failed.isEmpty() && error)
            *error = failed.first().at(1).value<OdooError>();
        return !ok.isEmpty();
    }
};

} // namespace

class TestMrpHold final : public QObject {
    Q_OBJECT
private slots:
    void hardHoldOnAQuotation() {
        Rig rig;
        QVERIFY(rig.act(
            [&] { rig.service->hold(kQuote, QStringLiteral("possible duplicate of S00025")); }));
        QCOMPARE(rig.server.callTrace(),
                 (QStringList{QStringLiteral("crm.tag/search_read"),
                              QStringLiteral("crm.tag/create"), QStringLiteral("sale.order/write"),
                              QStringLiteral("sale.order/message_post")}));
        const qint64 tag = rig.server.records.value(QStringLiteral("crm.tag")).firstKey();
        QCOMPARE(rig.server.records.value(QStringLiteral("crm.tag"))
                     .first()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("HOLD"));
        const auto write =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("write")).first();
        QCOMPARE(write.args,
                 (QJsonArray{QJsonArray{27}, QJsonObject{{QStringLiteral("tag_ids"),
                                                          QJsonArray{QJsonArray{4, tag, 0}}}}}));
        const auto note =
            rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("message_post"))
                .first();
        QCOMPARE(note.args, (QJsonArray{QJsonArray{27}}));
        QCOMPARE(note.kwargs.value(QStringLiteral("subtype_xmlid")).toString(),
                 QStringLiteral("mail.mt_note"));
        QVERIFY(note.kwargs.value(QStringLiteral("body"))
                    .toString()
                    .contains(QStringLiteral("possible duplicate of S00025")));

        const MrpHold *h = rig.service->holdOf(kQuote);
        QVERIFY(h);
        QCOMPARE(h->kind, HoldKind::Hard);
        QCOMPARE(h->heldBy, QStringLiteral("planner"));
        QCOMPARE(h->reason, QStringLiteral("possible duplicate of S00025"));
        QVERIFY(h->since.isValid());
        QVERIFY(!rig.service->isBusy(kQuote));
    }

    void existingHoldTagIsReused() {
        Rig rig;
        rig.server.add(
            QStringLiteral("crm.tag"),
            {{QStringLiteral("id"), 9}, {QStringLiteral("name"), QStringLiteral("HOLD")}});
        QVERIFY(rig.act([&] { rig.service->hold(kQuote, QStringLiteral("check")); }));
        QVERIFY(rig.server.callsOf(QStringLiteral("crm.tag"), QStringLiteral("create")).isEmpty());
        QCOMPARE(rig.server.records.value(QStringLiteral("sale.order"))
                     .value(27)
                     .value(QStringLiteral("tag_ids"))
                     .toArray(),
                 QJsonArray{9});
    }

    void hardReleaseConfirmsTheOrder() {
        Rig rig;
        QVERIFY(rig.act([&] { rig.service->hold(kQuote, QStringLiteral("check")); }));
        rig.server.calls.clear();
        QSignalSpy breach(rig.service.get(), &MrpHoldService::breachDetected);
        QVERIFY(rig.act([&] { rig.service->release(kQuote); }));
        QCOMPARE(rig.server.callTrace(),
                 (QStringList{QStringLiteral("sale.order/write"),
                              QStringLiteral("sale.order/action_confirm")}));
        const qint64 tag = rig.server.records.value(QStringLiteral("crm.tag")).firstKey();
        QCOMPARE(rig.server.calls.first()
                     .args.at(1)
                     .toObject()
                     .value(QStringLiteral("tag_ids"))
                     .toArray(),
                 (QJsonArray{QJsonArray{3, tag, 0}}));
        QCOMPARE(rig.server.calls.at(1).args, (QJsonArray{QJsonArray{27}}));
        QVERIFY(!rig.service->holdOf(kQuote));
        // The sync then shows the order confirmed: that is the release, not a breach.
        CanonicalOrder o = quotation();
        o.saleState = QStringLiteral("sale");
        rig.book.upsert({o});
        QCOMPARE(breach.size(), 0);
        QVERIFY(rig.service->holds().isEmpty());
    }

    void softHoldOnAConfirmedOrder() {
        Rig rig;
        QVERIFY(rig.act(
            [&] { rig.service->hold(kConfirmed, QStringLiteral("awaiting customer release")); }));
        // Only the open MO (10) is held; the done one (11) is left alone.
        QCOMPARE(rig.server.callTrace(),
                 (QStringList{QStringLiteral("mail.activity/default_get"),
                              QStringLiteral("mail.activity/create"),
                              QStringLiteral("mrp.production/do_unreserve")}));
        const auto dg = rig.server.calls.at(0);
        QCOMPARE(
            dg.kwargs.value(QStringLiteral("context")).toObject(),
            (QJsonObject{{QStringLiteral("default_res_model"), QStringLiteral("mrp.production")},
                         {QStringLiteral("default_res_id"), 10}}));
        const QJsonObject values = rig.server.calls.at(1).args.at(0).toObject();
        QCOMPARE(values.value(QStringLiteral("res_model_id")).toInt(), 585);
        QCOMPARE(values.value(QStringLiteral("res_id")).toInt(), 10);
        QCOMPARE(values.value(QStringLiteral("summary")).toString(),
                 QStringLiteral("HOLD: awaiting customer release"));
        QCOMPARE(values.value(QStringLiteral("activity_type_id")).toInt(), 4);
        QCOMPARE(rig.server.calls.at(2).args, (QJsonArray{QJsonArray{10}}));
        const MrpHold *h = rig.service->holdOf(kConfirmed);
        QVERIFY(h);
        QCOMPARE(h->kind, HoldKind::Soft);
        QCOMPARE(h->manufacturingOrderIds, QList<qint64>{10});
        QCOMPARE(h->activityIds.size(), 1);

        rig.server.calls.clear();
        QVERIFY(rig.act([&] { rig.service->release(kConfirmed); }));
        QCOMPARE(rig.server.callTrace(),
                 (QStringList{QStringLiteral("mail.activity/action_feedback"),
                              QStringLiteral("mrp.production/action_assign")}));
        QCOMPARE(rig.server.calls.at(0).args,
                 (QJsonArray{QJsonArray{
                     h ? QJsonValue(double(
                             rig.server.records.value(QStringLiteral("mail.activity")).firstKey()))
                       : QJsonValue()}}));
        QVERIFY(rig.server.calls.at(0).kwargs.contains(QStringLiteral("feedback")));
        QCOMPARE(rig.server.calls.at(1).args, (QJsonArray{QJsonArray{10}}));
        QVERIFY(!rig.service->holdOf(kConfirmed));
    }

    void confirmingAHeldQuotationIsABreach() {
        Rig rig;
        QVERIFY(rig.act([&] { rig.service->hold(kQuote, QStringLiteral("check")); }));
        QSignalSpy breach(rig.service.get(), &MrpHoldService::breachDetected);
        CanonicalOrder o = quotation();
        o.tags = {QStringLiteral("HOLD")};
        rig.book.upsert({o}); // the sync reads the hold back
        QCOMPARE(breach.size(), 0);
        o.saleState = QStringLiteral("sale"); // someone confirmed it in Odoo
        rig.book.upsert({o});
        QCOMPARE(breach.size(), 1);
        QCOMPARE(breach.first().at(0).toString(), kQuote);
        QVERIFY(breach.first().at(1).toString().contains(QStringLiteral("S00027")));
        o.amountTotal = 5; // further changes: reported once only
        rig.book.upsert({o});
        QCOMPARE(breach.size(), 1);
        QVERIFY(!rig.service->holdOf(kQuote)->breach.isEmpty());
    }

    void producingAHeldMoIsABreach() {
        Rig rig;
        QVERIFY(rig.act([&] { rig.service->hold(kConfirmed, QStringLiteral("check")); }));
        QSignalSpy breach(rig.service.get(), &MrpHoldService::breachDetected);
        rig.book.upsert({confirmed(
            {mo(10, QStringLiteral("confirmed"), true), mo(11, QStringLiteral("done"))})});
        QCOMPARE(breach.size(), 0); // MO 11 was done before the hold
        rig.book.upsert(
            {confirmed({mo(10, QStringLiteral("done"), true), mo(11, QStringLiteral("done"))})});
        QCOMPARE(breach.size(), 1);
        QVERIFY(breach.first().at(1).toString().contains(QStringLiteral("WH/MO/00010")));
        rig.book.upsert(
            {confirmed({mo(10, QStringLiteral("done"), false), mo(11, QStringLiteral("done"))})});
        QCOMPARE(breach.size(), 1);
    }

    void failedNoteUndoesTheTag() {
        Rig rig;
        rig.server.failOnce.insert(
            QStringLiteral("sale.order/message_post"),
            {{QStringLiteral("name"), QStringLiteral("odoo.exceptions.AccessError")},
             {QStringLiteral("message"), QStringLiteral("no chatter")}});
        OdooError error;
        QVERIFY(!rig.act([&] { rig.service->hold(kQuote, QStringLiteral("check")); }, &error));
        QCOMPARE(error.kind, OdooError::Kind::AccessError);
        QVERIFY2(error.message.contains(QStringLiteral("step 3 of 3")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("removed again")),
                 qPrintable(error.message));
        QCOMPARE(rig.server.callTrace().last(), QStringLiteral("sale.order/write"));
        QCOMPARE(rig.server.records.value(QStringLiteral("sale.order"))
                     .value(27)
                     .value(QStringLiteral("tag_ids"))
                     .toArray(),
                 QJsonArray{});
        QVERIFY(!rig.service->holdOf(kQuote));
        QVERIFY(!rig.service->isBusy(kQuote));
    }

    void failedUnreserveUndoesTheSoftHold() {
        Rig rig(
            {confirmed({mo(10, QStringLiteral("confirmed")), mo(12, QStringLiteral("progress"))})});
        // Fail the second do_unreserve: arm failOnce after the first one went through.
        rig.server.methods.insert(
            QStringLiteral("mail.activity/create"), [&](const FakeOdooServer::Call &c) {
                const qint64 id =
                    rig.server.add(QStringLiteral("mail.activity"), c.args.at(0).toObject());
                if (c.args.at(0).toObject().value(QStringLiteral("res_id")).toInt() == 12)
                    rig.server.failOnce.insert(
                        QStringLiteral("mrp.production/do_unreserve"),
                        {{QStringLiteral("name"), QStringLiteral("odoo.exceptions.UserError")},
                         {QStringLiteral("message"),
                          QStringLiteral("It is not possible to unreserve more products than you "
                                         "have in stock.")}});
                return QJsonValue(id);
            });
        OdooError error;
        QVERIFY(!rig.act([&] { rig.service->hold(kConfirmed, QStringLiteral("check")); }, &error));
        QCOMPARE(error.kind, OdooError::Kind::UserError);
        QVERIFY2(error.message.contains(QStringLiteral("12")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("undone")), qPrintable(error.message));
        const QStringList trace = rig.server.callTrace();
        QCOMPARE(trace.mid(trace.size() - 2),
                 (QStringList{QStringLiteral("mail.activity/unlink"),
                              QStringLiteral("mrp.production/action_assign")}));
        QCOMPARE(rig.server.calls.last().args, (QJsonArray{QJsonArray{10}}));
        QCOMPARE(rig.server.calls.at(rig.server.calls.size() - 2).args.at(0).toArray().size(), 2);
        QVERIFY(!rig.service->holdOf(kConfirmed));
    }

    void holdsSurviveARestart() {
        CanonicalOrder q = quotation();
        q.tags = {QStringLiteral("HOLD")};
        auto held = mo(10, QStringLiteral("confirmed"), true);
        held.holdNote = QStringLiteral("awaiting customer release");
        Rig rig({q, confirmed({held})});
        QCOMPARE(rig.service->holds().size(), 2);
        QCOMPARE(rig.service->holdOf(kQuote)->kind, HoldKind::Hard);
        QCOMPARE(rig.service->holdOf(kConfirmed)->kind, HoldKind::Soft);
        // The planner's reason comes back from the manufacturing order's activity.
        QCOMPARE(rig.service->holdOf(kConfirmed)->reason,
                 QStringLiteral("awaiting customer release"));
        QCOMPARE(rig.service->holdOf(kQuote)->reason, QStringLiteral("tagged HOLD in Odoo"));
        // Releasing a hold this session did not place finds its activities first.
        rig.server.add(QStringLiteral("mail.activity"),
                       {{QStringLiteral("id"), 17},
                        {QStringLiteral("res_model"), QStringLiteral("mrp.production")},
                        {QStringLiteral("res_id"), 10},
                        {QStringLiteral("summary"), QStringLiteral("HOLD: from yesterday")}});
        QVERIFY(rig.act([&] { rig.service->release(kConfirmed); }));
        QCOMPARE(rig.server.callTrace(),
                 (QStringList{QStringLiteral("mail.activity/search_read"),
                              QStringLiteral("mail.activity/action_feedback"),
                              QStringLiteral("mrp.production/action_assign")}));
        QCOMPARE(
            rig.server.callsOf(QStringLiteral("mail.activity"), QStringLiteral("action_feedback"))
                .first()
                .args,
            (QJsonArray{QJsonArray{17}}));
        // Removed in Odoo by someone else: the hold goes.
        QSignalSpy changed(rig.service.get(), &MrpHoldService::holdsChanged);
        rig.book.upsert({quotation()});
        QVERIFY(!rig.service->holdOf(kQuote));
        QCOMPARE(changed.size(), 1);
    }

    void refusals_data() {
        QTest::addColumn<QString>("orderId");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown order") << "odoo:o2c:sale.order:999"
                                       << "x"
                                       << "not known";
        QTest::newRow("no reason") << kQuote << " "
                                   << "reason";
        QTest::newRow("cancelled") << "odoo:o2c:sale.order:30"
                                   << "x"
                                   << "cancelled";
        QTest::newRow("fully produced") << "odoo:o2c:sale.order:31"
                                        << "x"
                                        << "already produced";
        // Held in the middleware hub before Odoo: named by its document, pointed to the queue.
        QTest::newRow("not in Odoo yet") << "intake:TX-000013"
                                         << "x"
                                         << "OPP-8 is not in Odoo yet";
    }
    void refusals() {
        QFETCH(QString, orderId);
        QFETCH(QString, reason);
        QFETCH(QString, messagePart);
        CanonicalOrder cancelled = quotation();
        cancelled.id = QStringLiteral("odoo:o2c:sale.order:30");
        cancelled.saleOrderId = 30;
        cancelled.saleState = QStringLiteral("cancel");
        CanonicalOrder produced = confirmed({mo(40, QStringLiteral("done"))});
        produced.id = QStringLiteral("odoo:o2c:sale.order:31");
        CanonicalOrder intake = quotation();
        intake.id = QStringLiteral("intake:TX-000013");
        intake.saleOrderId = 0;
        intake.saleOrderName.clear();
        intake.saleState.clear();
        intake.source.document = QStringLiteral("OPP-8");
        Rig rig({quotation(), cancelled, produced, intake});
        OdooError error;
        QVERIFY(!rig.act([&] { rig.service->hold(orderId, reason); }, &error));
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
        QVERIFY(rig.server.calls.isEmpty());
        QVERIFY(rig.service->holds().isEmpty());
    }

    void alreadyHeldAndBusy() {
        Rig rig;
        QSignalSpy failed(rig.service.get(), &MrpHoldService::actionFailed);
        rig.service->hold(kQuote, QStringLiteral("one"));
        QVERIFY(rig.service->isBusy(kQuote));
        rig.service->hold(kQuote, QStringLiteral("two")); // while the first is under way
        QCOMPARE(failed.size(), 1);
        QTRY_VERIFY(rig.service->holdOf(kQuote));
        rig.service->hold(kQuote, QStringLiteral("three"));
        QCOMPARE(failed.size(), 2);
        QVERIFY(failed.last().at(1).value<OdooError>().message.contains(
            QStringLiteral("already held")));
        QCOMPARE(rig.server.callsOf(QStringLiteral("sale.order"), QStringLiteral("write")).size(),
                 1);
    }
};

QTEST_GUILESS_MAIN(TestMrpHold)
#include "tst_mrp_hold.moc"
