// SPDX-License-Identifier: GPL-3.0-or-later
#include "WireRecording.h"

#include "odoo/OdooClient.h"

#include <QQueue>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace o2c::odoo;
using Kind = OdooError::Kind;

namespace {

// Answers each POST with the next queued reply, asynchronously like the network would.
class ScriptedTransport final : public OdooTransport {
public:
    struct Sent {
        QString path;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    QList<Sent> sent;
    QQueue<TransportReply> replies;

    void send(const TransportRequest &request, Callback done) override {
        sent.append({request.path, request.body, request.headers});
        TransportReply r;
        if (replies.isEmpty()) {
            r.networkError.kind = OdooError::Kind::NetworkFailure;
            r.networkError.message = QStringLiteral("no scripted reply");
        } else {
            r = replies.dequeue();
        }
        QTimer::singleShot(0, this, [done = std::move(done), r] { done(r); });
    }
    void cancelAll() override {}

    QJsonObject sentJson(int i) const { return QJsonDocument::fromJson(sent.at(i).body).object(); }
};

TransportReply jsonReply(const QJsonObject &body) {
    TransportReply r;
    r.httpStatus = 200;
    r.contentType = "application/json";
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

ConnectionProfile profileFor(const WireRecording &w) {
    ConnectionProfile p;
    p.url = QUrl(QStringLiteral("http://odoo.test:8069"));
    const QJsonArray a = w.args();
    p.database = a.at(0).toString();
    p.login = QStringLiteral("planner");
    p.secret = a.at(2).toString();
    return p;
}

// Signs the client in as the uid the recording uses, through the recorded version_info answer.
bool signIn(OdooClient &client, ScriptedTransport &t, int uid) {
    t.replies.enqueue(WireRecording::load(QStringLiteral("001")).reply());
    t.replies.enqueue(jsonReply({{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                 {QStringLiteral("id"), 1},
                                 {QStringLiteral("result"), uid}}));
    bool finished = false;
    client.authenticate([&](const OdooError &) { finished = true; });
    return QTest::qWaitFor([&] { return finished; }) && client.uid() == uid;
}

} // namespace

class TestOdooClient final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY2(QDir(WireRecording::directory()).exists(), "odoo-wire recordings not found");
    }

    void authenticate_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("uid");
        QTest::addColumn<int>("kind");
        QTest::newRow("password") << "004" << 9 << int(Kind::None);
        QTest::newRow("api key") << "005" << 9 << int(Kind::None);
        QTest::newRow("wrong password is false, not an error")
            << "006" << 0 << int(Kind::AccessDenied);
        QTest::newRow("unknown database") << "008" << 0 << int(Kind::WrongDatabase);
    }
    void authenticate() {
        QFETCH(QString, file);
        QFETCH(int, uid);
        QFETCH(int, kind);
        const WireRecording version = WireRecording::load(QStringLiteral("001"));
        const WireRecording w = WireRecording::load(file);
        QVERIFY(w.isValid() && version.isValid());

        ScriptedTransport t;
        ConnectionProfile p = profileFor(w);
        p.login = w.args().at(1).toString();
        OdooClient client(p, &t);
        t.replies.enqueue(version.reply());
        t.replies.enqueue(w.reply());
        QSignalSpy ok(&client, &OdooClient::authenticated);
        QSignalSpy failed(&client, &OdooClient::authenticationFailed);
        OdooError outcome;
        bool finished = false;
        client.authenticate([&](const OdooError &e) {
            outcome = e;
            finished = true;
        });
        QTRY_VERIFY(finished);

        // The same two requests as recorded: version_info first, then common.authenticate.
        QCOMPARE(t.sent.size(), 2);
        QCOMPARE(t.sent.at(0).path, QStringLiteral("/web/webclient/version_info"));
        QCOMPARE(withoutId(t.sentJson(0)), withoutId(version.requestBody.toObject()));
        QCOMPARE(t.sent.at(1).path, QStringLiteral("/jsonrpc"));
        QCOMPARE(withoutId(t.sentJson(1)), withoutId(w.requestBody.toObject()));

        QCOMPARE(int(outcome.kind), kind);
        QCOMPARE(client.uid(), uid);
        QCOMPARE(client.isAuthenticated(), uid > 0);
        QCOMPARE(ok.size(), uid > 0 ? 1 : 0);
        QCOMPARE(failed.size(), uid > 0 ? 0 : 1);
        // The version comes from server_version_info, never from "18.0+e-20241005".
        QCOMPARE(client.serverVersion().major, 18);
        QCOMPARE(client.serverVersion().minor, 0);
        QCOMPARE(client.serverVersion().serie, QStringLiteral("18.0"));
        if (kind == int(Kind::AccessDenied))
            QCOMPARE(outcome.message,
                     QStringLiteral("Sign-in refused: check the login and password or API key"));
        if (kind == int(Kind::WrongDatabase)) {
            QVERIFY2(outcome.message.contains(QStringLiteral("no_such_db")),
                     qPrintable(outcome.message));
            QVERIFY(outcome.serverMessage.contains(QStringLiteral("does not exist")));
            QCOMPARE(outcome.serverName, QStringLiteral("psycopg2.OperationalError"));
        }
    }

    void versionFromCommonVersion() {
        const WireRecording w = WireRecording::load(QStringLiteral("002"));
        ScriptedTransport t;
        OdooClient client(ConnectionProfile{}, &t);
        const QJsonObject built =
            QJsonDocument::fromJson(
                client.buildRequest(QStringLiteral("common"), QStringLiteral("version"), {}))
                .object();
        QCOMPARE(withoutId(built), withoutId(w.requestBody.toObject()));
        OdooError e;
        const QJsonValue result = OdooClient::parseReply(w.reply(), &e);
        QVERIFY(!e.isError());
        ServerVersion v;
        QVERIFY(OdooClient::parseServerVersion(result, &v));
        QCOMPARE(v.major, 18);
        QCOMPARE(v.raw, QStringLiteral("18.0+e-20241005"));
    }

    // execute_kw exchanges: the client sends what was recorded and reads the answer right.
    void executeKw_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        const std::pair<const char *, Kind> cases[] = {
            {"011", Kind::None},
            {"012", Kind::None},
            {"013", Kind::None},
            {"014", Kind::None},
            {"016", Kind::None},
            {"023", Kind::None},
            {"024", Kind::None},
            {"025", Kind::None},
            {"026", Kind::AccessDenied},
            {"027", Kind::None},
            {"028", Kind::AccessError},
            {"029", Kind::AccessError},
            {"030", Kind::None},
            {"031", Kind::AccessError},
            {"032", Kind::UnknownModel},
            {"033", Kind::UnknownField},
            {"034", Kind::UnknownField},
            {"035", Kind::ServerError},
            {"036", Kind::None},
            {"037", Kind::MissingRecord},
            {"038", Kind::ValidationError},
            {"039", Kind::ValidationError},
            {"040", Kind::UserError},
            {"041", Kind::WrongDatabase},
            {"042", Kind::ServerError},
            {"043", Kind::AccessError},
            {"044", Kind::ServerError},
            {"050", Kind::None},
            {"052", Kind::None},
            {"054", Kind::None},
            {"056", Kind::None},
            {"057", Kind::None},
            {"059", Kind::None},
            {"061", Kind::None},
            {"062", Kind::None},
            {"063", Kind::AccessError},
            {"064", Kind::None},
            {"066", Kind::None},
            {"067", Kind::None},
            {"069", Kind::None},
            {"070", Kind::None},
            {"072", Kind::None},
            {"080", Kind::None},
            {"081", Kind::None},
            {"082", Kind::None},
            {"083", Kind::None},
            {"085", Kind::None},
            {"086", Kind::None},
            {"089", Kind::None},
            {"093", Kind::None},
            {"095", Kind::None},
            {"148", Kind::AccessError},
            {"149", Kind::None},
            {"159", Kind::None},
            {"160", Kind::None},
            {"161", Kind::None},
            {"162", Kind::None},
            {"182", Kind::ValidationError},
            {"203", Kind::UserError},
            {"204", Kind::UserError},
        };
        for (const auto &[file, kind] : cases)
            QTest::newRow(file) << QString::fromLatin1(file) << int(kind);
    }
    void executeKw() {
        QFETCH(QString, file);
        QFETCH(int, kind);
        const WireRecording w = WireRecording::load(file);
        QVERIFY2(w.isValid(), qPrintable(file));
        const QJsonArray a = w.args();
        QCOMPARE(w.params().value(QStringLiteral("method")).toString(),
                 QStringLiteral("execute_kw"));

        ScriptedTransport t;
        OdooClient client(profileFor(w), &t);
        QVERIFY(signIn(client, t, a.at(1).toInt()));
        t.sent.clear();
        t.replies.enqueue(w.reply());

        QJsonValue result;
        OdooError error;
        bool finished = false;
        client.executeKw(a.at(3).toString(), a.at(4).toString(), a.at(5).toArray(),
                         a.size() > 6 ? a.at(6).toObject() : QJsonObject{},
                         [&](const QJsonValue &r, const OdooError &e) {
                             result = r;
                             error = e;
                             finished = true;
                         });
        QTRY_VERIFY(finished);
        QCOMPARE(t.sent.size(), 1);
        QCOMPARE(t.sent.at(0).path, w.path);
        QCOMPARE(withoutId(t.sentJson(0)), withoutId(w.requestBody.toObject()));

        QCOMPARE(OdooError::kindKey(error.kind), OdooError::kindKey(Kind(kind)));
        if (kind == int(Kind::None)) {
            // 057/086: no "result" member at all means None — a success with no value.
            QCOMPARE(result, w.result());
        } else {
            const QJsonObject data = w.response.toObject()
                                         .value(QStringLiteral("error"))
                                         .toObject()
                                         .value(QStringLiteral("data"))
                                         .toObject();
            QCOMPARE(error.serverName, data.value(QStringLiteral("name")).toString());
            QCOMPARE(error.serverMessage, data.value(QStringLiteral("message")).toString());
            QVERIFY(!error.message.isEmpty());
            QVERIFY2(!error.message.contains(QStringLiteral("Traceback")),
                     qPrintable(error.message));
            QVERIFY(!error.isTransient());
        }
    }

    // Answers the client cannot provoke with its own requests but must read.
    void parseOnly_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown common method") << "009" << int(Kind::ServerError) << "frobnicate";
        QTest::newRow("unknown service") << "010" << int(Kind::ServerError) << "builtins.KeyError";
        QTest::newRow("malformed JSON, HTTP 400")
            << "045" << int(Kind::MalformedAnswer) << "Invalid JSON data";
        QTest::newRow("not an object, HTTP 400")
            << "046" << int(Kind::MalformedAnswer) << "Invalid JSON-RPC data";
        QTest::newRow("params not an object")
            << "047" << int(Kind::ServerError) << "builtins.TypeError";
        QTest::newRow("wrong content type, HTML 400")
            << "048" << int(Kind::MalformedAnswer) << "type='json'";
        QTest::newRow("too few arguments")
            << "049" << int(Kind::ServerError) << "missing 2 required";
        QTest::newRow("web session expired")
            << "120" << int(Kind::SessionExpired) << "Sign in again";
        QTest::newRow("web sign-in refused")
            << "121" << int(Kind::AccessDenied) << "Sign-in refused";
    }
    void parseOnly() {
        QFETCH(QString, file);
        QFETCH(int, kind);
        QFETCH(QString, messagePart);
        const WireRecording w = WireRecording::load(file);
        QVERIFY2(w.isValid(), qPrintable(file));
        OdooError e;
        const QJsonValue r = OdooClient::parseReply(w.reply(), &e);
        QCOMPARE(OdooError::kindKey(e.kind), OdooError::kindKey(Kind(kind)));
        QVERIFY(r.isUndefined());
        QVERIFY2(e.message.contains(messagePart) || e.serverMessage.contains(messagePart) ||
                     e.serverName.contains(messagePart),
                 qPrintable(e.message + u'|' + e.serverMessage));
        QCOMPARE(e.httpStatus, w.status);
    }

    void malformedAnswers_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("transient");
        QTest::newRow("login page of a proxy")
            << 200 << QByteArray("<html>Sign in</html>") << int(Kind::MalformedAnswer) << false;
        QTest::newRow("empty body") << 200 << QByteArray() << int(Kind::MalformedAnswer) << false;
        QTest::newRow("bad gateway")
            << 502 << QByteArray("Bad Gateway") << int(Kind::ServerError) << true;
        QTest::newRow("service unavailable")
            << 503 << QByteArray() << int(Kind::ServerError) << true;
        QTest::newRow("internal error")
            << 500 << QByteArray("boom") << int(Kind::ServerError) << false;
        QTest::newRow("not Odoo") << 404 << QByteArray("<h1>Not Found</h1>")
                                  << int(Kind::MalformedAnswer) << false;
        QTest::newRow("error is not an object")
            << 200 << QByteArray(R"({"jsonrpc":"2.0","id":1,"error":"x"})")
            << int(Kind::MalformedAnswer) << false;
    }
    void malformedAnswers() {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(bool, transient);
        TransportReply r;
        r.httpStatus = status;
        r.body = body;
        OdooError e;
        OdooClient::parseReply(r, &e);
        QCOMPARE(OdooError::kindKey(e.kind), OdooError::kindKey(Kind(kind)));
        QCOMPARE(e.isTransient(), transient);
        QVERIFY(!e.message.isEmpty());
    }

    void networkErrorPassesThrough() {
        ScriptedTransport t;
        OdooClient client(ConnectionProfile{}, &t);
        RetryPolicy once;
        once.maxAttempts = 1;
        client.setRetryPolicy(once);
        QSignalSpy failed(&client, &OdooClient::authenticationFailed);
        bool finished = false;
        OdooError outcome;
        client.authenticate([&](const OdooError &e) {
            outcome = e;
            finished = true;
        });
        QTRY_VERIFY(finished);
        QCOMPARE(outcome.kind, Kind::NetworkFailure);
        QVERIFY(outcome.isTransient());
        QCOMPARE(failed.size(), 1);
        QCOMPARE(t.sent.size(), 1); // no authenticate call after version_info failed
    }

    void notSignedInRefusesLocally() {
        ScriptedTransport t;
        OdooClient client(ConnectionProfile{}, &t);
        OdooError error;
        client.executeKw(QStringLiteral("sale.order"), QStringLiteral("search_count"),
                         {QJsonArray{}}, {},
                         [&](const QJsonValue &, const OdooError &e) { error = e; });
        QCOMPARE(error.kind, Kind::AccessDenied);
        QVERIFY(t.sent.isEmpty());
    }

    void requestIdsIncrease() {
        OdooClient client(ConnectionProfile{}, nullptr);
        const auto id = [&] {
            return QJsonDocument::fromJson(
                       client.buildRequest(QStringLiteral("common"), QStringLiteral("version"), {}))
                .object()
                .value(QStringLiteral("id"))
                .toInt();
        };
        const int first = id();
        QCOMPARE(id(), first + 1);
    }
};

QTEST_GUILESS_MAIN(TestOdooClient)
#include "tst_odoo_client.moc"
