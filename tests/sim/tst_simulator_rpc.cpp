// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "RpcClient.h"
#include "Simulator.h"
#include "SimulatorClock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace o2c::sim;

namespace {
QString S(const char *s) {
    return QLatin1String(s);
}
// [[path, op, value]]: built with append, a nested brace list would copy the inner array.
QJsonArray domain(const QString &path, const QString &op, const QJsonValue &value) {
    QJsonArray d;
    d.append(QJsonArray{path, op, value});
    return d;
}
} // namespace

class TestSimulatorRpc final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<Simulator> m_sim;
    QNetworkAccessManager m_nam;
    int m_id = 0;

    QJsonObject call(const QString &service, const QString &method, const QJsonArray &args) {
        const QJsonObject body{
            {S("jsonrpc"), S("2.0")},
            {S("method"), S("call")},
            {S("params"),
             QJsonObject{{S("service"), service}, {S("method"), method}, {S("args"), args}}},
            {S("id"), ++m_id}};
        QUrl url = m_sim->url();
        url.setPath(S("/jsonrpc"));
        const HttpResult r = httpPost(m_nam, url, QJsonDocument(body).toJson());
        [&] { QCOMPARE(r.status, 200); }();
        return r.json();
    }
    QJsonObject kw(const QString &model, const QString &method, const QJsonArray &args,
                   const QJsonObject &kwargs = {},
                   const QString &secret = Simulator::plannerApiKey()) {
        return call(S("object"), S("execute_kw"),
                    {S("o2c"), 9, secret, model, method, args, kwargs});
    }
    QJsonValue result(const QJsonObject &o) { return o.value(S("result")); }

private slots:
    void initTestCase() {
        SimulatorOptions o;
        o.labFixtureOnly = true;
        o.start = QDateTime(QDate(2026, 11, 26), QTime(10, 0), QTimeZone::utc());
        o.scenario.speed = 0;
        m_sim = std::make_unique<Simulator>(o);
        QString error;
        QVERIFY2(m_sim->start(&error), qPrintable(error));
        QVERIFY(m_sim->port() > 0);
    }

    void authentication_data() {
        QTest::addColumn<QString>("login");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("password") << S("planner") << S("planner") << QJsonValue(9);
        QTest::newRow("api key") << S("planner") << Simulator::plannerApiKey() << QJsonValue(9);
        QTest::newRow("admin") << S("admin") << S("admin") << QJsonValue(2);
        QTest::newRow("bad password") << S("planner") << S("nope") << QJsonValue(false);
    }

    void authentication() {
        QFETCH(QString, login);
        QFETCH(QString, secret);
        QFETCH(QJsonValue, expected);
        QCOMPARE(
            result(call(S("common"), S("authenticate"), {S("o2c"), login, secret, QJsonObject()})),
            expected);
    }

    void errors() {
        const QJsonObject denied =
            kw(S("sale.order"), S("search_count"), {QJsonArray()}, {}, S("x"));
        QCOMPARE(denied.value(S("error")).toObject().value(S("data")).toObject().value(S("name")),
                 QJsonValue(S("odoo.exceptions.AccessDenied")));
        QVERIFY(!denied.contains(S("result")));
        const QJsonObject db = call(S("common"), S("authenticate"),
                                    {S("nope"), S("planner"), S("planner"), QJsonObject()});
        QCOMPARE(db.value(S("error")).toObject().value(S("data")).toObject().value(S("name")),
                 QJsonValue(S("psycopg2.OperationalError")));
        QUrl url = m_sim->url();
        url.setPath(S("/jsonrpc"));
        const HttpResult bad = httpPost(m_nam, url, "{\"jsonrpc\": ");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.body, QByteArray("Invalid JSON data"));
        const HttpResult text = httpPost(m_nam, url, "{}", "text/plain");
        QCOMPARE(text.status, 400);
        QVERIFY(text.contentType.startsWith("text/html"));
        const QJsonObject field = kw(S("sale.order"), S("search_read"), {QJsonArray()},
                                     {{S("fields"), QJsonArray{S("no_such_field")}}});
        QCOMPARE(field.value(S("error")).toObject().value(S("data")).toObject().value(S("message")),
                 QJsonValue(S("Invalid field 'no_such_field' on model 'sale.order'")));
    }

    void orderToProduction() {
        const QJsonArray lines{
            QJsonArray{0, 0, QJsonObject{{S("product_id"), 64}, {S("product_uom_qty"), 3}}}};
        const qint64 so = result(kw(S("sale.order"), S("create"),
                                    {QJsonObject{{S("partner_id"), 10},
                                                 {S("client_order_ref"), S("PO-4711")},
                                                 {S("order_line"), lines}}}))
                              .toInteger();
        QVERIFY(so > 0);
        QCOMPARE(result(kw(S("sale.order"), S("action_confirm"), {QJsonArray{so}})),
                 QJsonValue(true));
        const QJsonObject order =
            result(kw(S("sale.order"), S("read"), {QJsonArray{so}},
                      {{S("fields"), QJsonArray{S("name"), S("state"), S("mrp_production_ids"),
                                                S("picking_ids"), S("invoice_status")}}}))
                .toArray()
                .first()
                .toObject();
        QCOMPARE(order.value(S("state")), QJsonValue(S("sale")));
        QCOMPARE(order.value(S("invoice_status")), QJsonValue(S("to invoice")));
        const QString name = order.value(S("name")).toString();
        QCOMPARE(name, QStringLiteral("S%1").arg(so, 5, 10, QLatin1Char('0')));
        const QJsonArray mos =
            result(kw(S("mrp.production"), S("search_read"),
                      {QJsonValue(domain(S("origin"), S("="), name))},
                      {{S("fields"), QJsonArray{S("state"), S("reservation_state"),
                                                S("procurement_group_id"), S("product_qty")}}}))
                .toArray();
        QCOMPARE(mos.size(), 1);
        const QJsonObject mo = mos.first().toObject();
        QCOMPARE(order.value(S("mrp_production_ids")).toArray().first(), mo.value(S("id")));
        QCOMPARE(mo.value(S("state")), QJsonValue(S("confirmed")));
        QCOMPARE(mo.value(S("reservation_state")), QJsonValue(S("assigned")));
        QCOMPARE(mo.value(S("product_qty")).toDouble(), 3.0);
        const qint64 group = mo.value(S("procurement_group_id")).toArray().first().toInteger();
        const QJsonObject g = result(kw(S("procurement.group"), S("read"), {QJsonArray{group}},
                                        {{S("fields"), QJsonArray{S("sale_id")}}}))
                                  .toArray()
                                  .first()
                                  .toObject();
        QCOMPARE(g.value(S("sale_id")).toArray().first().toInteger(), so);
        const QJsonObject picking = result(kw(S("stock.picking"), S("search_read"),
                                              {QJsonValue(domain(S("sale_id"), S("="), so))},
                                              {{S("fields"), QJsonArray{S("origin"), S("state")}}}))
                                        .toArray()
                                        .first()
                                        .toObject();
        QCOMPARE(picking.value(S("origin")), QJsonValue(name + S(" - PO-4711")));
        QCOMPARE(picking.value(S("state")), QJsonValue(S("confirmed")));

        // hold: activity + unreserve; the hold is advisory, production still completes
        const qint64 moId = mo.value(S("id")).toInteger();
        const QJsonObject act = kw(S("mail.activity"), S("create"),
                                   {QJsonObject{{S("res_model_id"), 585},
                                                {S("res_id"), moId},
                                                {S("activity_type_id"), 4},
                                                {S("summary"), S("HOLD: wait")},
                                                {S("user_id"), 9},
                                                {S("date_deadline"), S("2026-11-28")}}});
        QVERIFY(result(act).toInteger() > 0);
        const QJsonObject unreserve =
            kw(S("mrp.production"), S("do_unreserve"), {QJsonArray{moId}});
        QVERIFY(!unreserve.contains(S("result")));
        QVERIFY(!unreserve.contains(S("error")));
        const QJsonArray held =
            result(kw(S("mrp.production"), S("search_read"),
                      {QJsonValue(domain(S("activity_ids.summary"), S("=like"), S("HOLD:%")))},
                      {{S("fields"), QJsonArray{S("reservation_state"), S("activity_summary")}}}))
                .toArray();
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first().toObject().value(S("reservation_state")), QJsonValue(S("confirmed")));
        QCOMPARE(result(kw(S("mrp.production"), S("button_mark_done"), {QJsonArray{moId}})),
                 QJsonValue(true));
        const QJsonObject done =
            result(kw(S("stock.picking"), S("read"), {QJsonArray{picking.value(S("id"))}},
                      {{S("fields"), QJsonArray{S("state")}}}))
                .toArray()
                .first()
                .toObject();
        QCOMPARE(done.value(S("state")), QJsonValue(S("assigned")));
    }

    void pagingAndCursor() {
        OdooDatabase &db = m_sim->database();
        m_sim->clock().setNow(
            QDateTime(QDate(2026, 11, 26), QTime(12, 0, 0, 100), QTimeZone::utc()));
        QList<qint64> created;
        for (int i = 0; i < 5; ++i) {
            created << m_sim->rpc().createRecord(S("sale.order"), {{S("partner_id"), 11}});
            m_sim->clock().advance(200); // same second
        }
        const QJsonArray page = result(kw(S("sale.order"), S("search_read"), {QJsonArray()},
                                          {{S("fields"), QJsonArray{S("name")}},
                                           {S("limit"), 2},
                                           {S("offset"), 1},
                                           {S("order"), S("id desc")}}))
                                    .toArray();
        QCOMPARE(page.size(), 2);
        QCOMPARE(page.at(0).toObject().value(S("id")).toInteger(), created.at(3));
        QCOMPARE(page.at(1).toObject().value(S("id")).toInteger(), created.at(2));
        // write_date is read back truncated: "> same second" returns the records again
        const QJsonArray again =
            result(kw(S("sale.order"), S("search_read"),
                      {QJsonValue(domain(S("write_date"), S(">"), S("2026-11-26 12:00:00")))},
                      {{S("fields"), QJsonArray{S("write_date")}},
                       {S("order"), S("write_date asc, id asc")}}))
                .toArray();
        QCOMPARE(again.size(), 5);
        QCOMPARE(again.first().toObject().value(S("write_date")),
                 QJsonValue(S("2026-11-26 12:00:00")));
        Q_UNUSED(db)
    }

    void performance() {
        OdooDatabase &db = m_sim->database();
        m_sim->clock().setNow(QDateTime(QDate(2026, 11, 27), QTime(8, 0), QTimeZone::utc()));
        for (int i = 0; i < 20000; ++i) {
            db.create(S("sale.order"), {{S("partner_id"), qint64(10 + i % 3)},
                                        {S("state"), S("sale")},
                                        {S("client_order_ref"), QStringLiteral("PO-%1").arg(i)}});
            if (i % 20 == 0)
                m_sim->clock().advance(1000);
        }
        QElapsedTimer t;
        t.start();
        const QJsonArray page =
            result(kw(S("sale.order"), S("search_read"),
                      {QJsonValue(domain(S("write_date"), S(">"), S("2026-11-27 07:00:00")))},
                      {{S("fields"), QJsonArray{S("name"), S("client_order_ref"), S("partner_id"),
                                                S("state"), S("amount_total"), S("write_date"),
                                                S("order_line"), S("origin")}},
                       {S("limit"), 1000},
                       {S("order"), S("write_date asc, id asc")}}))
                .toArray();
        const qint64 ms = t.elapsed();
        qInfo("search_read of 1000 out of %lld orders over HTTP: %lld ms",
              db.count(S("sale.order")), ms);
        QCOMPARE(page.size(), 1000);
        QVERIFY2(ms < 1000, "search_read of a 1000-record page took longer than a second");
    }
};

QTEST_GUILESS_MAIN(TestSimulatorRpc)
#include "tst_simulator_rpc.moc"
