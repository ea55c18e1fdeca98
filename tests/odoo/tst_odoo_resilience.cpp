// SPDX-License-Identifier: GPL-3.0-or-later
// Retries, backoff, Retry-After, the circuit breaker and the "sign in again" state of the client.
#include "WireRecording.h"

#include "odoo/OdooClient.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace o2c::odoo;
using Kind = OdooError::Kind;

namespace {

// Answers each request through `answer`, asynchronously like the network would.
class ScriptedTransport final : public OdooTransport {
public:
    QList<TransportRequest> sent;
    std::function<TransportReply(const TransportRequest &, int index)> answer;

    void send(const TransportRequest &request, Callback done) override {
        sent.append(request);
        const TransportReply r = answer(request, int(sent.size()) - 1);
        QTimer::singleShot(0, this, [done = std::move(done), r] { done(r); });
    }
    void cancelAll() override {}
};

TransportReply json(const QByteArray &body, int status = 200) {
    TransportReply r;
    r.httpStatus = status;
    r.contentType = "application/json";
    r.body = body;
    return r;
}

TransportReply ok(const QByteArray &resultJson) {
    return json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + resultJson + "}");
}

TransportReply networkDown(Kind kind = Kind::NetworkFailure) {
    TransportReply r;
    r.networkError.kind = kind;
    r.networkError.message = QStringLiteral("down");
    return r;
}

TransportReply odooError(const char *name, const char *message) {
    return json(QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":200,\"message\":"
                           "\"Odoo Server Error\",\"data\":{\"name\":\"") +
                name + "\",\"message\":\"" + message + "\"}}}");
}

ConnectionProfile profile() {
    ConnectionProfile p;
    p.url = QUrl(QStringLiteral("http://odoo.test:8069"));
    p.database = QStringLiteral("o2c");
    p.login = QStringLiteral("planner");
    p.secret = QStringLiteral("secret-key");
    return p;
}

RetryPolicy fastPolicy(int attempts = 4) {
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.baseDelayMs = 5;
    p.maxDelayMs = 20;
    return p;
}

struct Outcome {
    bool finished = false;
    QJsonValue result;
    OdooError error;
};

Outcome callAndWait(OdooClient &client, const QString &method, const QJsonArray &args = {}) {
    Outcome o;
    client.executeKw(QStringLiteral("sale.order"), method, args, {},
                     [&](const QJsonValue &r, const OdooError &e) {
                         o.result = r;
                         o.error = e;
                         o.finished = true;
                     });
    o.finished = QTest::qWaitFor([&] { return o.finished; }, 10000);
    return o;
}

bool signIn(OdooClient &client, ScriptedTransport &t) {
    t.answer = [](const TransportRequest &r, int) {
        if (r.path == QLatin1String("/web/webclient/version_info"))
            return WireRecording::load(QStringLiteral("001")).reply();
        return ok("9");
    };
    bool finished = false;
    client.authenticate([&](const OdooError &) { finished = true; });
    return QTest::qWaitFor([&] { return finished; }) && client.uid() == 9;
}

} // namespace

class TestOdooResilience final : public QObject {
    Q_OBJECT
private slots:
    void transientReadsAreRetried_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind"); // of the first failure; None = an HTTP status
        QTest::newRow("502 bad gateway") << 502 << int(Kind::None);
        QTest::newRow("503 unavailable") << 503 << int(Kind::None);
        QTest::newRow("504 gateway timeout") << 504 << int(Kind::None);
        QTest::newRow("429 rate limited") << 429 << int(Kind::None);
        QTest::newRow("connection reset") << 0 << int(Kind::NetworkFailure);
        QTest::newRow("timeout") << 0 << int(Kind::Timeout);
    }
    void transientReadsAreRetried() {
        QFETCH(int, status);
        QFETCH(int, kind);
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy());
        const int before = int(t.sent.size());
        t.answer = [&](const TransportRequest &, int index) {
            if (index == before)
                return status ? json("<html>busy</html>", status) : networkDown(Kind(kind));
            return ok("42");
        };
        QSignalSpy retrying(&client, &OdooClient::retrying);
        const Outcome o = callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QVERIFY(o.finished);
        QVERIFY2(!o.error.isError(), qPrintable(o.error.message));
        QCOMPARE(o.result.toInt(), 42);
        QCOMPARE(t.sent.size() - before, 2);
        QCOMPARE(retrying.size(), 1);
    }

    void permanentErrorsAreNotRetried_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<int>("kind");
        QTest::newRow("user error")
            << QByteArray("odoo.exceptions.UserError") << int(Kind::UserError);
        QTest::newRow("access error")
            << QByteArray("odoo.exceptions.AccessError") << int(Kind::AccessError);
        QTest::newRow("validation")
            << QByteArray("odoo.exceptions.ValidationError") << int(Kind::ValidationError);
        QTest::newRow("missing") << QByteArray("odoo.exceptions.MissingError")
                                 << int(Kind::MissingRecord);
        QTest::newRow("internal") << QByteArray("builtins.KeyError") << int(Kind::ServerError);
    }
    void permanentErrorsAreNotRetried() {
        QFETCH(QByteArray, name);
        QFETCH(int, kind);
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy());
        const int before = int(t.sent.size());
        t.answer = [&](const TransportRequest &, int) { return odooError(name.constData(), "no"); };
        const Outcome o = callAndWait(client, QStringLiteral("search_read"), {QJsonArray{}});
        QCOMPARE(OdooError::kindKey(o.error.kind), OdooError::kindKey(Kind(kind)));
        QCOMPARE(t.sent.size() - before, 1);
    }

    void writesAreResentOnlyWhenOdooDidNotRunThem_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("resent");
        QTest::newRow("timeout: may have run") << 0 << false;
        QTest::newRow("502: may have run") << 502 << false;
        QTest::newRow("429: did not run") << 429 << true;
        QTest::newRow("503: did not run") << 503 << true;
    }
    void writesAreResentOnlyWhenOdooDidNotRunThem() {
        QFETCH(int, status);
        QFETCH(bool, resent);
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy());
        const int before = int(t.sent.size());
        t.answer = [&](const TransportRequest &, int index) {
            if (index == before)
                return status ? json("", status) : networkDown(Kind::Timeout);
            return ok("true");
        };
        const Outcome o = callAndWait(client, QStringLiteral("action_confirm"), {QJsonArray{7}});
        QCOMPARE(!o.error.isError(), resent);
        QCOMPARE(t.sent.size() - before, resent ? 2 : 1);
    }

    void retryAfterIsHonoured() {
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy());
        const int before = int(t.sent.size());
        t.answer = [&](const TransportRequest &, int index) {
            if (index == before) {
                TransportReply r = json("Too Many Requests", 429);
                r.retryAfter = "1";
                return r;
            }
            return ok("1");
        };
        QSignalSpy retrying(&client, &OdooClient::retrying);
        QElapsedTimer clock;
        clock.start();
        const Outcome o = callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QVERIFY(!o.error.isError());
        QCOMPARE(retrying.size(), 1);
        QCOMPARE(retrying.at(0).at(1).toInt(), 1000);
        QCOMPARE(retrying.at(0).at(0).value<OdooError>().kind, Kind::RateLimited);
        QVERIFY(clock.elapsed() >= 950);
    }

    void retriesStopAfterTheLimit() {
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy(3));
        const int before = int(t.sent.size());
        t.answer = [](const TransportRequest &, int) { return json("", 502); };
        const Outcome o = callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QCOMPARE(o.error.kind, Kind::ServerError);
        QCOMPARE(o.error.httpStatus, 502);
        QCOMPARE(t.sent.size() - before, 3);
    }

    void backoffGrowsWithJitterWithinBounds() {
        RetryPolicy p;
        p.baseDelayMs = 100;
        p.maxDelayMs = 1000;
        QRandomGenerator random(7);
        OdooError e;
        e.kind = Kind::NetworkFailure;
        QSet<int> seen;
        for (int attempt = 1; attempt <= 8; ++attempt) {
            const int ceiling = std::min(1000, 100 << (attempt - 1));
            for (int i = 0; i < 50; ++i) {
                const int d = p.delayMs(attempt, e, &random);
                QVERIFY(d >= 0 && d <= ceiling);
                seen.insert(d);
            }
        }
        QVERIFY(seen.size() > 100); // jittered, not a fixed schedule
        e.retryAfterMs = 5000;
        QCOMPARE(p.delayMs(1, e, &random), 5000);
    }

    void parseRetryAfter_data() {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("ms");
        QTest::newRow("seconds") << QByteArray("120") << 120000;
        QTest::newRow("zero") << QByteArray("0") << 0;
        QTest::newRow("http date") << QByteArray("Thu, 26 Nov 2026 14:00:30 GMT") << 30000;
        QTest::newRow("absent") << QByteArray() << -1;
        QTest::newRow("garbage") << QByteArray("soon") << -1;
    }
    void parseRetryAfter() {
        QFETCH(QByteArray, value);
        QFETCH(int, ms);
        const QDateTime now(QDate(2026, 11, 26), QTime(14, 0), Qt::UTC);
        QCOMPARE(RetryPolicy::parseRetryAfter(value, now), ms);
    }

    void truncatedAnswerIsTransient() {
        TransportReply r =
            json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"id\":1,\"name\":\"S0");
        OdooError e;
        OdooClient::parseReply(r, &e);
        QCOMPARE(e.kind, Kind::MalformedAnswer);
        QVERIFY(e.isTransient());
        r = json("<html><body>Please log in</body></html>");
        OdooClient::parseReply(r, &e);
        QCOMPARE(e.kind, Kind::MalformedAnswer);
        QVERIFY(!e.isTransient()); // a login page stays a login page
    }

    void circuitOpensThenRecovers() {
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy(1));
        CircuitBreaker *breaker = client.circuitBreaker();
        breaker->setThreshold(3);
        breaker->setOpenDuration(200);
        QSignalSpy states(breaker, &CircuitBreaker::stateChanged);
        bool up = false;
        t.answer = [&](const TransportRequest &, int) { return up ? ok("5") : json("", 502); };
        for (int i = 0; i < 3; ++i)
            callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QCOMPARE(breaker->state(), CircuitBreaker::State::Open);
        QCOMPARE(states.size(), 1);
        const int sent = int(t.sent.size());
        Outcome o = callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QCOMPARE(o.error.kind, Kind::NetworkFailure);
        QVERIFY(o.error.message.contains(QLatin1String("pauses")));
        QCOMPARE(int(t.sent.size()), sent); // failed fast, nothing sent
        up = true;
        QTRY_COMPARE(breaker->state(), CircuitBreaker::State::HalfOpen);
        o = callAndWait(client, QStringLiteral("search_count"), {QJsonArray{}});
        QVERIFY(!o.error.isError());
        QCOMPARE(breaker->state(), CircuitBreaker::State::Closed);
        QCOMPARE(states.last().at(0).value<CircuitBreaker::State>(), CircuitBreaker::State::Closed);
    }

    void businessErrorsDoNotOpenTheCircuit() {
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.circuitBreaker()->setThreshold(2);
        t.answer = [](const TransportRequest &, int) {
            return odooError("odoo.exceptions.UserError", "no");
        };
        for (int i = 0; i < 5; ++i)
            callAndWait(client, QStringLiteral("action_confirm"), {QJsonArray{1}});
        QCOMPARE(client.circuitBreaker()->state(), CircuitBreaker::State::Closed);
    }

    void revokedKeyStopsCallsUntilSignIn() {
        ScriptedTransport t;
        OdooClient client(profile(), &t);
        QVERIFY(signIn(client, t));
        client.setRetryPolicy(fastPolicy());
        QSignalSpy required(&client, &OdooClient::signInRequired);
        const int before = int(t.sent.size());
        t.answer = [](const TransportRequest &, int) {
            return odooError("odoo.exceptions.AccessDenied", "Access Denied");
        };
        Outcome o = callAndWait(client, QStringLiteral("search_read"), {QJsonArray{}});
        QCOMPARE(o.error.kind, Kind::AccessDenied);
        QCOMPARE(required.size(), 1);
        QVERIFY(client.needsSignIn());
        for (int i = 0; i < 10; ++i) {
            o = callAndWait(client, QStringLiteral("search_read"), {QJsonArray{}});
            QCOMPARE(o.error.kind, Kind::SignInRequired);
            QVERIFY(o.error.message.contains(QLatin1String("Sign in again")));
        }
        QCOMPARE(t.sent.size() - before, 1); // no retry storm
        QCOMPARE(required.size(), 1);
        QVERIFY(signIn(client, t));
        QVERIFY(!client.needsSignIn());
    }
};

QTEST_GUILESS_MAIN(TestOdooResilience)
#include "tst_odoo_resilience.moc"
