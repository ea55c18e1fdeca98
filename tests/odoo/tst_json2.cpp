// SPDX-License-Identifier: GPL-3.0-or-later
// Odoo 19's JSON-2 API: requests by name with a bearer key, answers and errors by HTTP status,
// and the choice between JSON-2 and JSON-RPC from the server's version.
#include "odoo/Json2Protocol.h"
#include "odoo/OdooClient.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace o2c::odoo;
using Kind = OdooError::Kind;

namespace {

class ScriptedTransport final : public OdooTransport {
public:
    QList<TransportRequest> sent;
    std::function<TransportReply(const TransportRequest &)> answer;

    void send(const TransportRequest &request, Callback done) override {
        sent.append(request);
        const TransportReply r = answer(request);
        QTimer::singleShot(0, this, [done = std::move(done), r] { done(r); });
    }
    void cancelAll() override {}

    QByteArray header(int i, const QByteArray &name) const {
        for (const auto &h : sent.at(i).headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

TransportReply reply(int status, const QByteArray &body) {
    TransportReply r;
    r.httpStatus = status;
    r.contentType = "application/json";
    r.body = body;
    return r;
}

QByteArray versionInfo(int major) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"server_version\":\"" +
           QByteArray::number(major) + ".0\",\"server_version_info\":[" +
           QByteArray::number(major) + ",0,0,\"final\",0,\"\"],\"server_serie\":\"" +
           QByteArray::number(major) + ".0\",\"protocol_version\":1}}";
}

ConnectionProfile profile(OdooApi api = OdooApi::Auto) {
    ConnectionProfile p;
    p.url = QUrl(QStringLiteral("http://odoo.test:8069"));
    p.database = QStringLiteral("o2c");
    p.login = QStringLiteral("planner");
    p.secret = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    p.api = api;
    return p;
}

// A server of `major` whose JSON-2 accepts the key (or not) and whose JSON-RPC accepts anything.
std::function<TransportReply(const TransportRequest &)> server(int major, bool keyAccepted = true) {
    return [major, keyAccepted](const TransportRequest &r) {
        if (r.path == QLatin1String("/web/webclient/version_info"))
            return reply(200, versionInfo(major));
        if (r.path == QLatin1String("/jsonrpc"))
            return reply(200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":9}");
        if (r.path == QLatin1String("/json/2/res.users/context_get"))
            return keyAccepted
                       ? reply(200, "{\"lang\":\"de_DE\",\"tz\":\"Europe/Berlin\",\"uid\":9}")
                       : reply(401, "{\"name\":\"odoo.exceptions.AccessDenied\",\"message\":"
                                    "\"Access Denied\",\"arguments\":[\"Access Denied\"],"
                                    "\"context\":{},\"debug\":\"\"}");
        return reply(200, "[]");
    };
}

bool signIn(OdooClient &client) {
    bool finished = false;
    client.authenticate([&](const OdooError &) { finished = true; });
    return QTest::qWaitFor([&] { return finished; });
}

} // namespace

class TestJson2 final : public QObject {
    Q_OBJECT
private slots:
    void versionChoosesTheApi_data() {
        QTest::addColumn<int>("major");
        QTest::addColumn<int>("forced");
        QTest::addColumn<bool>("keyAccepted");
        QTest::addColumn<int>("expected");
        QTest::newRow("16 auto") << 16 << int(OdooApi::Auto) << true << int(OdooApi::JsonRpc);
        QTest::newRow("18 auto") << 18 << int(OdooApi::Auto) << true << int(OdooApi::JsonRpc);
        QTest::newRow("19 auto") << 19 << int(OdooApi::Auto) << true << int(OdooApi::Json2);
        QTest::newRow("22 auto") << 22 << int(OdooApi::Auto) << true << int(OdooApi::Json2);
        QTest::newRow("19 forced json-rpc")
            << 19 << int(OdooApi::JsonRpc) << true << int(OdooApi::JsonRpc);
        QTest::newRow("19 auto, password: falls back")
            << 19 << int(OdooApi::Auto) << false << int(OdooApi::JsonRpc);
    }
    void versionChoosesTheApi() {
        QFETCH(int, major);
        QFETCH(int, forced);
        QFETCH(bool, keyAccepted);
        QFETCH(int, expected);
        ScriptedTransport t;
        t.answer = server(major, keyAccepted);
        OdooClient client(profile(OdooApi(forced)), &t);
        QVERIFY(signIn(client));
        QCOMPARE(client.uid(), 9);
        QCOMPARE(int(client.api()), expected);
        QCOMPARE(client.serverVersion().major, major);
        if (expected == int(OdooApi::Json2)) {
            QCOMPARE(client.userContext().value(QStringLiteral("tz")).toString(),
                     QStringLiteral("Europe/Berlin"));
            QCOMPARE(client.userContext().value(QStringLiteral("lang")).toString(),
                     QStringLiteral("de_DE"));
        }
    }

    void revokedKeyOnForcedJson2IsRefused() {
        ScriptedTransport t;
        t.answer = server(19, false);
        OdooClient client(profile(OdooApi::Json2), &t);
        QSignalSpy failed(&client, &OdooClient::authenticationFailed);
        QVERIFY(signIn(client));
        QCOMPARE(client.uid(), 0);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<OdooError>().kind, Kind::AccessDenied);
        for (const TransportRequest &r : std::as_const(t.sent))
            QVERIFY(r.path != QLatin1String("/jsonrpc")); // forced: no JSON-RPC fallback
    }

    void requestsAreNamed() {
        ScriptedTransport t;
        t.answer = server(19);
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client));
        const QJsonArray domain{
            QJsonArray{QStringLiteral("state"), QStringLiteral("="), QStringLiteral("sale")}};
        const QJsonObject kwargs{{QStringLiteral("fields"), QJsonArray{QStringLiteral("name")}},
                                 {QStringLiteral("limit"), 80},
                                 {QStringLiteral("context"),
                                  QJsonObject{{QStringLiteral("lang"), QStringLiteral("de_DE")}}}};
        bool done = false;
        client.executeKw(QStringLiteral("sale.order"), QStringLiteral("search_read"),
                         QJsonArray{domain}, kwargs,
                         [&](const QJsonValue &, const OdooError &) { done = true; });
        QTRY_VERIFY(done);
        const int i = int(t.sent.size()) - 1;
        QCOMPARE(t.sent.at(i).path, QStringLiteral("/json/2/sale.order/search_read"));
        QCOMPARE(t.header(i, "Authorization"), QByteArray("bearer ") + profile().secret.toUtf8());
        QCOMPARE(t.header(i, "X-Odoo-Database"), QByteArray("o2c"));
        const QJsonObject body = QJsonDocument::fromJson(t.sent.at(i).body).object();
        QCOMPARE(body.value(QStringLiteral("domain")).toArray(), domain);
        QCOMPARE(body.value(QStringLiteral("limit")).toInt(), 80);
        QVERIFY(!body.contains(QStringLiteral("args")));
        QVERIFY(!body.contains(QStringLiteral("ids")));
        QVERIFY(!t.sent.at(i).body.contains(profile().secret.toUtf8())); // the key is a header
    }

    void namedArguments_data() {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("args");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("write") << QStringLiteral("write") << QByteArray(R"([[7],{"note":"x"}])")
                               << QByteArray(R"({"ids":[7],"vals":{"note":"x"}})");
        QTest::newRow("action") << QStringLiteral("action_confirm") << QByteArray("[[7,8]]")
                                << QByteArray(R"({"ids":[7,8]})");
        QTest::newRow("read") << QStringLiteral("read") << QByteArray(R"([[3],["name"]])")
                              << QByteArray(R"({"ids":[3],"fields":["name"]})");
        QTest::newRow("create") << QStringLiteral("create") << QByteArray(R"([[{"name":"A"}]])")
                                << QByteArray(R"({"vals_list":[{"name":"A"}]})");
        QTest::newRow("search") << QStringLiteral("search") << QByteArray(R"([[["id","in",[1]]]])")
                                << QByteArray(R"({"domain":[["id","in",[1]]]})");
        QTest::newRow("single id")
            << QStringLiteral("do_unreserve") << QByteArray("[5]") << QByteArray(R"({"ids":[5]})");
    }
    void namedArguments() {
        QFETCH(QString, method);
        QFETCH(QByteArray, args);
        QFETCH(QByteArray, expected);
        QJsonObject body;
        QVERIFY(json2::namedArguments(method, QJsonDocument::fromJson(args).array(), {}, &body));
        QCOMPARE(body, QJsonDocument::fromJson(expected).object());
    }

    void unknownPositionalNameIsRefused() {
        QJsonObject body;
        QString problem;
        QVERIFY(!json2::namedArguments(QStringLiteral("some_method"), QJsonArray{QJsonArray{1}, 5},
                                       {}, &body, &problem));
        QVERIFY(problem.contains(QLatin1String("some_method")));
    }

    void answers_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("records") << QByteArray(R"([{"id":1,"name":"S00001"}])")
                                 << QByteArray(R"([{"id":1,"name":"S00001"}])");
        QTest::newRow("count") << QByteArray("42") << QByteArray("[42]");
        QTest::newRow("true") << QByteArray("true") << QByteArray("[true]");
        QTest::newRow("none") << QByteArray("null") << QByteArray("[null]");
    }
    void answers() {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, expected);
        OdooError e;
        const QJsonValue v = json2::parseReply(reply(200, body), &e);
        QVERIFY(!e.isError());
        const QJsonArray want = QJsonDocument::fromJson(expected).array();
        QCOMPARE(body.startsWith('[') ? QJsonValue(v.toArray()) : v,
                 body.startsWith('[') ? QJsonValue(want) : want.at(0));
    }

    void errors_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("transient");
        const auto err = [](const char *name, const char *message) -> QByteArray {
            return QByteArray("{\"name\":\"") + name + "\",\"message\":\"" + message +
                   "\",\"arguments\":[\"" + message + "\"],\"context\":{},\"debug\":\"Traceback\"}";
        };
        QTest::newRow("unknown model 404")
            << 404 << QByteArray("\"Model not found\"") << int(Kind::UnknownModel) << false;
        QTest::newRow("bad arguments 422")
            << 422 << err("werkzeug.exceptions.UnprocessableEntity", "missing domain")
            << int(Kind::MalformedAnswer) << false;
        QTest::newRow("malformed json 400")
            << 400 << QByteArray("\"Invalid JSON data\"") << int(Kind::MalformedAnswer) << false;
        QTest::newRow("revoked key 401")
            << 401 << err("odoo.exceptions.AccessDenied", "Access Denied")
            << int(Kind::AccessDenied) << false;
        QTest::newRow("access error 403")
            << 403 << err("odoo.exceptions.AccessError", "You are not allowed to access")
            << int(Kind::AccessError) << false;
        QTest::newRow("missing record")
            << 404 << err("odoo.exceptions.MissingError", "Record does not exist")
            << int(Kind::MissingRecord) << false;
        QTest::newRow("validation 422")
            << 422 << err("odoo.exceptions.ValidationError", "The quantity must be positive")
            << int(Kind::ValidationError) << false;
        QTest::newRow("user error 422")
            << 422 << err("odoo.exceptions.UserError", "You can not delete a sent quotation")
            << int(Kind::UserError) << false;
        QTest::newRow("internal 500")
            << 500 << QByteArray("\"internal server error\"") << int(Kind::ServerError) << false;
        QTest::newRow("gateway 502 html")
            << 502 << QByteArray("<html>Bad Gateway</html>") << int(Kind::ServerError) << true;
        QTest::newRow("rate limited 429")
            << 429 << QByteArray("Too Many Requests") << int(Kind::RateLimited) << true;
        QTest::newRow("truncated 200")
            << 200 << QByteArray("[{\"id\":1,\"name\":\"S0") << int(Kind::MalformedAnswer) << true;
        QTest::newRow("login page 200")
            << 200 << QByteArray("<html>login</html>") << int(Kind::MalformedAnswer) << false;
    }
    void errors() {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(bool, transient);
        OdooError e;
        json2::parseReply(reply(status, body), &e);
        QCOMPARE(OdooError::kindKey(e.kind), OdooError::kindKey(Kind(kind)));
        QCOMPARE(e.isTransient(), transient);
        QCOMPARE(e.httpStatus, status);
        QVERIFY(!e.message.isEmpty());
    }

    void revokedKeyMidSessionAsksForSignIn() {
        ScriptedTransport t;
        bool revoked = false;
        const auto normal = server(19);
        t.answer = [&](const TransportRequest &r) {
            if (revoked && r.path.startsWith(QLatin1String("/json/2/")))
                return reply(
                    401,
                    "{\"name\":\"odoo.exceptions.AccessDenied\",\"message\":\"Access Denied\"}");
            return normal(r);
        };
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client));
        QCOMPARE(client.api(), OdooApi::Json2);
        revoked = true;
        QSignalSpy required(&client, &OdooClient::signInRequired);
        OdooError error;
        bool done = false;
        client.executeKw(QStringLiteral("sale.order"), QStringLiteral("search_read"),
                         {QJsonArray{}}, {}, [&](const QJsonValue &, const OdooError &e) {
                             error = e;
                             done = true;
                         });
        QTRY_VERIFY(done);
        QCOMPARE(error.kind, Kind::AccessDenied);
        QCOMPARE(required.size(), 1);
        QVERIFY(client.needsSignIn());
    }

    void apiKeys() {
        bool ok = false;
        QCOMPARE(odooApiFromKey(QStringLiteral("json2"), &ok), OdooApi::Json2);
        QVERIFY(ok);
        QCOMPARE(odooApiFromKey(QStringLiteral("JSON-RPC"), &ok), OdooApi::JsonRpc);
        QVERIFY(ok);
        odooApiFromKey(QStringLiteral("xmlrpc"), &ok);
        QVERIFY(!ok);
        QCOMPARE(odooApiKey(OdooApi::Json2), QStringLiteral("json2"));
    }
};

QTEST_GUILESS_MAIN(TestJson2)
#include "tst_json2.moc"
