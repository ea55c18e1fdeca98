// SPDX-License-Identifier: GPL-3.0-or-later
// The simulator playing Odoo 19: its JSON-2 endpoint answers in Odoo's documented shapes, and the
// real client detects the version, picks JSON-2, syncs and holds/releases exactly as over
// JSON-RPC; a revoked API key ends in the "sign in again" state.
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "RpcClient.h"
#include "Simulator.h"

#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/Json2Protocol.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace o2c;
using namespace o2c::odoo;

namespace {

struct Json2Result {
    int status = 0;
    QByteArray body;
    QJsonValue value() const { return QJsonDocument::fromJson("[" + body + "]").array().at(0); }
    QJsonObject error() const { return value().toObject(); }
};

Json2Result postJson2(QNetworkAccessManager &nam, const QUrl &base, const QString &path,
                      const QByteArray &body, const QByteArray &key = {},
                      const QByteArray &verb = QByteArrayLiteral("POST")) {
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Authorization",
                         "bearer " +
                             (key.isEmpty() ? sim::Simulator::plannerApiKey().toUtf8() : key));
    request.setRawHeader("X-Odoo-Database", "o2c");
    QNetworkReply *reply =
        verb == "POST" ? nam.post(request, body) : nam.sendCustomRequest(request, verb);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    Json2Result r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    reply->deleteLater();
    return r;
}

std::unique_ptr<sim::Simulator> startSimulator(int odooVersion) {
    sim::SimulatorOptions o;
    o.odooVersion = odooVersion;
    o.start = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
    o.scenario.seed = 7;
    o.scenario.initialOrders = 40;
    o.scenario.running = false;
    auto s = std::make_unique<sim::Simulator>(o);
    QString error;
    if (!s->start(&error))
        qFatal("simulator: %s", qPrintable(error));
    return s;
}

// The real transport, client and sync against the simulator.
struct Cockpit {
    ConnectionProfile profile;
    std::unique_ptr<HttpOdooTransport> transport;
    std::unique_ptr<OdooClient> client;
    OrderBook book;
    std::unique_ptr<OdooSync> sync;

    Cockpit(const sim::Simulator &s, OdooApi api, const QString &secret) {
        profile.url = s.url();
        profile.database = s.databaseName();
        profile.login = QStringLiteral("planner");
        profile.secret = secret;
        profile.api = api;
        profile.pageSize = 7; // several pages for 40 orders
        profile.requestTimeoutMs = 5000;
        profile.pollIntervalMs = 600000;
        transport = std::make_unique<HttpOdooTransport>(profile);
        client = std::make_unique<OdooClient>(profile, transport.get());
        RetryPolicy fast;
        fast.baseDelayMs = 20;
        fast.maxDelayMs = 100;
        client->setRetryPolicy(fast);
        sync = std::make_unique<OdooSync>(client.get(), &book);
    }

    bool syncOnce() {
        QSignalSpy finished(sync.get(), &OdooSync::syncFinished);
        if (sync->state() == ConnectionState::Disconnected)
            sync->start();
        else
            sync->syncNow();
        return finished.wait(30000);
    }

    // Order name -> canonical form, as the screens see it.
    QMap<QString, QJsonObject> picture() const {
        QMap<QString, QJsonObject> out;
        const auto all = book.orders();
        for (const CanonicalOrder *o : all)
            out.insert(o->saleOrderName, o->toJson());
        return out;
    }
};

QList<qint64> tagsOf(sim::Simulator &s, qint64 so) {
    return s.database()
        .value(QStringLiteral("sale.order"), so, QStringLiteral("tag_ids"))
        .value<QList<qint64>>();
}

bool taggedHold(sim::Simulator &s, qint64 so) {
    for (qint64 tag : tagsOf(s, so)) {
        if (s.database().displayName(QStringLiteral("crm.tag"), tag) == QLatin1String("HOLD"))
            return true;
    }
    return false;
}

} // namespace

class TestJson2Simulator final : public QObject {
    Q_OBJECT
private slots:
    void versionReportsTheReleasePlayed_data() {
        QTest::addColumn<int>("major");
        QTest::newRow("18") << 18;
        QTest::newRow("19") << 19;
    }
    void versionReportsTheReleasePlayed() {
        QFETCH(int, major);
        auto s = startSimulator(major);
        QNetworkAccessManager nam;
        QUrl url = s->url();
        url.setPath(QStringLiteral("/web/webclient/version_info"));
        const HttpResult info =
            httpPost(nam, url, R"({"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1})");
        const QJsonObject v = info.json().value(QStringLiteral("result")).toObject();
        QCOMPARE(v.value(QStringLiteral("server_version_info")).toArray().at(0).toInt(), major);
        QCOMPARE(v.value(QStringLiteral("server_serie")).toString(),
                 QStringLiteral("%1.0").arg(major));
        url.setPath(QStringLiteral("/jsonrpc"));
        const HttpResult common = httpPost(
            nam, url,
            R"({"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "version", "args": []}, "id": 2})");
        QCOMPARE(common.json()
                     .value(QStringLiteral("result"))
                     .toObject()
                     .value(QStringLiteral("server_version_info"))
                     .toArray()
                     .at(0)
                     .toInt(),
                 major);
        // JSON-2 exists from 19 on only.
        const Json2Result r = postJson2(nam, s->url(), QStringLiteral("/json/2/res.partner/search"),
                                        R"({"domain": []})");
        QCOMPARE(r.status, major >= 19 ? 200 : 404);
    }

    void json2AnswersInOdoosShapes() {
        auto s = startSimulator(19);
        QNetworkAccessManager nam;
        const QUrl base = s->url();
        // Named arguments, bare JSON result.
        const Json2Result read = postJson2(
            nam, base, QStringLiteral("/json/2/res.partner/search_read"),
            R"({"domain": [["is_company", "=", true]], "fields": ["name"], "limit": 2, "order": "id", "context": {"lang": "en_US"}})");
        QCOMPARE(read.status, 200);
        const QJsonArray rows = read.value().toArray();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Deco Addict"));
        QCOMPARE(rows.at(0).toObject().keys(),
                 (QStringList{QStringLiteral("id"), QStringLiteral("name")}));
        // A scalar answer is a bare JSON value too.
        const Json2Result count =
            postJson2(nam, base, QStringLiteral("/json/2/res.partner/search_count"),
                      R"({"domain": [["is_company", "=", true]]})");
        QCOMPARE(count.status, 200);
        int companies = 0;
        for (qint64 id : s->database().ids(QStringLiteral("res.partner")))
            companies += s->database()
                             .value(QStringLiteral("res.partner"), id, QStringLiteral("is_company"))
                             .toBool();
        QVERIFY(companies >= 5);
        QCOMPARE(count.value().toInt(), companies);
        // Record methods take their ids by name.
        const Json2Result byIds = postJson2(nam, base, QStringLiteral("/json/2/res.partner/read"),
                                            R"({"ids": [11, 12], "fields": ["name"]})");
        QCOMPARE(byIds.value().toArray().at(1).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Ready Mat"));
        // Who the key belongs to.
        const Json2Result who =
            postJson2(nam, base, QStringLiteral("/json/2/res.users/context_get"), "{}");
        QCOMPARE(who.value().toObject().value(QStringLiteral("uid")).toInt(), 9);
        QVERIFY(!who.value().toObject().value(QStringLiteral("tz")).toString().isEmpty());
    }

    void json2ErrorsAreHttpStatusesWithTheDocumentedBody_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind"); // what the client makes of it
        const QString sr = QStringLiteral("/json/2/sale.order/search_read");
        QTest::newRow("revoked or wrong key")
            << sr << QByteArray("{}") << QByteArray("0123456789abcdef") << QByteArray("POST") << 401
            << "werkzeug.exceptions.Unauthorized" << int(OdooError::Kind::AccessDenied);
        QTest::newRow("password is not a key")
            << sr << QByteArray("{}") << QByteArray("planner") << QByteArray("POST") << 401
            << "werkzeug.exceptions.Unauthorized" << int(OdooError::Kind::AccessDenied);
        QTest::newRow("unknown model")
            << QStringLiteral("/json/2/no.such.model/search_read") << QByteArray("{}")
            << QByteArray() << QByteArray("POST") << 404 << "werkzeug.exceptions.NotFound"
            << int(OdooError::Kind::UnknownModel);
        QTest::newRow("unknown method")
            << QStringLiteral("/json/2/sale.order/no_such_method") << QByteArray("{}")
            << QByteArray() << QByteArray("POST") << 404 << "werkzeug.exceptions.NotFound"
            << int(OdooError::Kind::UnknownModel);
        QTest::newRow("private method")
            << QStringLiteral("/json/2/sale.order/_compute_amounts") << QByteArray("{}")
            << QByteArray() << QByteArray("POST") << 404 << "werkzeug.exceptions.NotFound"
            << int(OdooError::Kind::UnknownModel);
        QTest::newRow("malformed json")
            << sr << QByteArray("{\"domain\": [") << QByteArray() << QByteArray("POST") << 400
            << "werkzeug.exceptions.BadRequest" << int(OdooError::Kind::MalformedAnswer);
        QTest::newRow("body not an object")
            << sr << QByteArray("[1, 2]") << QByteArray() << QByteArray("POST") << 400
            << "werkzeug.exceptions.BadRequest" << int(OdooError::Kind::MalformedAnswer);
        QTest::newRow("argument that does not bind")
            << sr << QByteArray(R"({"domian": []})") << QByteArray() << QByteArray("POST") << 422
            << "werkzeug.exceptions.UnprocessableEntity" << int(OdooError::Kind::MalformedAnswer);
        QTest::newRow("ids to a model method")
            << sr << QByteArray(R"({"ids": [1]})") << QByteArray() << QByteArray("POST") << 422
            << "werkzeug.exceptions.UnprocessableEntity" << int(OdooError::Kind::MalformedAnswer);
        QTest::newRow("not a POST")
            << sr << QByteArray() << QByteArray() << QByteArray("GET") << 405
            << "werkzeug.exceptions.MethodNotAllowed" << int(OdooError::Kind::ServerError);
        QTest::newRow("unknown field")
            << sr << QByteArray(R"({"fields": ["no_such_field"]})") << QByteArray()
            << QByteArray("POST") << 500 << "builtins.ValueError"
            << int(OdooError::Kind::UnknownField);
        QTest::newRow("missing record")
            << QStringLiteral("/json/2/sale.order/write")
            << QByteArray(R"({"ids": [999999], "vals": {"note": "x"}})") << QByteArray()
            << QByteArray("POST") << 404 << "odoo.exceptions.MissingError"
            << int(OdooError::Kind::MissingRecord);
        QTest::newRow("access error")
            << QStringLiteral("/json/2/ir.model/search_read") << QByteArray("{}") << QByteArray()
            << QByteArray("POST") << 403 << "odoo.exceptions.AccessError"
            << int(OdooError::Kind::AccessError);
    }
    void json2ErrorsAreHttpStatusesWithTheDocumentedBody() {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, verb);
        QFETCH(int, status);
        QFETCH(QString, name);
        QFETCH(int, kind);
        auto s = startSimulator(19);
        QNetworkAccessManager nam;
        const Json2Result r = postJson2(nam, s->url(), path, body, key, verb);
        QCOMPARE(r.status, status);
        const QJsonObject e = r.error();
        QCOMPARE(e.value(QStringLiteral("name")).toString(), name);
        QVERIFY(!e.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(e.value(QStringLiteral("arguments")).isArray());
        QVERIFY(e.value(QStringLiteral("context")).isObject());
        QVERIFY(e.value(QStringLiteral("debug")).toString().startsWith(QLatin1String("Traceback")));
        // The client's reading of the same answer.
        TransportReply reply;
        reply.httpStatus = r.status;
        reply.body = r.body;
        OdooError error;
        odoo::json2::parseReply(reply, &error);
        QCOMPARE(int(error.kind), kind);
        QVERIFY(!error.message.isEmpty());
    }

    void clientDetectsNineteenAndPicksJson2() {
        auto s = startSimulator(19);
        Cockpit c(*s, OdooApi::Auto, sim::Simulator::plannerApiKey());
        QSignalSpy signedIn(c.client.get(), &OdooClient::authenticated);
        c.client->authenticate();
        QVERIFY(signedIn.wait(10000));
        QCOMPARE(c.client->serverVersion().major, 19);
        QCOMPARE(c.client->api(), OdooApi::Json2);
        QCOMPARE(c.client->uid(), 9);
        QCOMPARE(c.client->userContext().value(QStringLiteral("tz")).toString(),
                 QStringLiteral("Europe/Brussels"));
    }

    void passwordOnNineteenFallsBackToJsonRpc() {
        auto s = startSimulator(19);
        Cockpit c(*s, OdooApi::Auto, QStringLiteral("planner"));
        QSignalSpy signedIn(c.client.get(), &OdooClient::authenticated);
        c.client->authenticate();
        QVERIFY(signedIn.wait(10000));
        QCOMPARE(c.client->api(), OdooApi::JsonRpc);
        QCOMPARE(c.client->uid(), 9);
    }

    void syncOverJson2EqualsSyncOverJsonRpc() {
        auto s = startSimulator(19);
        Cockpit overJson2(*s, OdooApi::Auto, sim::Simulator::plannerApiKey());
        Cockpit overJsonRpc(*s, OdooApi::JsonRpc, sim::Simulator::plannerApiKey());
        QVERIFY(overJson2.syncOnce());
        QVERIFY(overJsonRpc.syncOnce());
        QCOMPARE(overJson2.client->api(), OdooApi::Json2);
        QCOMPARE(overJsonRpc.client->api(), OdooApi::JsonRpc);
        QCOMPARE(overJson2.book.size(),
                 qsizetype(s->database().ids(QStringLiteral("sale.order")).size()));
        QVERIFY(overJson2.book.size() >= 40);
        const SyncStats a = overJson2.sync->lastStats();
        const SyncStats b = overJsonRpc.sync->lastStats();
        QCOMPARE(a.saleOrders, b.saleOrders);
        QCOMPARE(a.orderLines, b.orderLines);
        QCOMPARE(a.manufacturingOrders, b.manufacturingOrders);
        QCOMPARE(a.pickings, b.pickings);
        QCOMPARE(a.invoices, b.invoices);
        QVERIFY(a.manufacturingOrders > 0 && a.pickings > 0 && a.invoices > 0);
        QCOMPARE(overJson2.picture(), overJsonRpc.picture());
    }

    void holdAndReleaseChangeTheRecordsAlike_data() {
        QTest::addColumn<int>("api");
        QTest::newRow("JSON-2") << int(OdooApi::Json2);
        QTest::newRow("JSON-RPC") << int(OdooApi::JsonRpc);
    }
    void holdAndReleaseChangeTheRecordsAlike() {
        QFETCH(int, api);
        auto s = startSimulator(19);
        // A fresh quotation: a hard hold tags it HOLD, the release takes the tag away.
        s->flow().setCallContext({}, 2);
        const QJsonObject line{{QStringLiteral("product_id"), 64},
                               {QStringLiteral("product_uom_qty"), 2}};
        const qint64 so = s->rpc().createRecord(
            QStringLiteral("sale.order"),
            {{QStringLiteral("partner_id"), 10},
             {QStringLiteral("client_order_ref"), QStringLiteral("PO-J2-1")},
             {QStringLiteral("order_line"), QJsonArray{QJsonArray{0, 0, line}}}});
        const QString name = s->database()
                                 .value(QStringLiteral("sale.order"), so, QStringLiteral("name"))
                                 .toString();
        Cockpit c(*s, api == int(OdooApi::Json2) ? OdooApi::Auto : OdooApi::JsonRpc,
                  sim::Simulator::plannerApiKey());
        QVERIFY(c.syncOnce());
        QCOMPARE(int(c.client->api()), api);
        const CanonicalOrder *order = c.book.orderBySaleOrderName(name);
        QVERIFY(order);
        MrpHoldService holds(c.client.get(), &c.book);
        QSignalSpy ok(&holds, &MrpHoldService::actionSucceeded);
        QSignalSpy failed(&holds, &MrpHoldService::actionFailed);
        QVERIFY(!taggedHold(*s, so));
        holds.hold(order->id, QStringLiteral("customer sent a duplicate"));
        QTRY_COMPARE_WITH_TIMEOUT(ok.size() + failed.size(), 1, 15000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? ""
                                  : qPrintable(failed.first().at(1).value<OdooError>().message));
        QVERIFY(taggedHold(*s, so));
        QCOMPARE(s->database().value(QStringLiteral("sale.order"), so, QStringLiteral("state")),
                 QVariant(QStringLiteral("draft")));
        holds.release(order->id);
        QTRY_COMPARE_WITH_TIMEOUT(ok.size() + failed.size(), 2, 15000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? ""
                                  : qPrintable(failed.first().at(1).value<OdooError>().message));
        QVERIFY(!taggedHold(*s, so));
        // Released means confirmed: Odoo plans its manufacturing now.
        QCOMPARE(s->database().value(QStringLiteral("sale.order"), so, QStringLiteral("state")),
                 QVariant(QStringLiteral("sale")));
    }

    void revokedKeyMeansSignInAgain() {
        auto s = startSimulator(19);
        Cockpit c(*s, OdooApi::Auto, sim::Simulator::plannerApiKey());
        QVERIFY(c.syncOnce());
        QCOMPARE(c.client->api(), OdooApi::Json2);
        QVERIFY(s->rpc().revokeApiKey(QStringLiteral("planner")));
        QSignalSpy signIn(c.client.get(), &OdooClient::signInRequired);
        const int before = c.client->requestsSent();
        c.sync->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(c.sync->state(), ConnectionState::SignInRequired, 10000);
        QCOMPARE(signIn.size(), 1);
        QVERIFY(c.client->needsSignIn());
        const int after = c.client->requestsSent();
        QVERIFY(after - before <= 2); // refused once, not retried
        QTest::qWait(1500); // no retry storm: nothing goes out on its own until a new sign-in
        QCOMPARE(c.client->requestsSent(), after);
        QVERIFY(c.sync->lastError().contains(QLatin1String("sign in again"), Qt::CaseInsensitive));
        QVERIFY(!connectionStateText(c.sync->state()).isEmpty());
        QVERIFY(c.book.size() >= 40); // what was read stays
    }
};

QTEST_GUILESS_MAIN(TestJson2Simulator)
#include "tst_json2_simulator.moc"
