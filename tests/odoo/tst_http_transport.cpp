// SPDX-License-Identifier: GPL-3.0-or-later
#include "odoo/HttpOdooTransport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace o2c::odoo;

namespace {

// A loopback HTTP peer: answers each request with `answer`, or stays silent when it is empty.
class LoopbackPeer final : public QObject {
public:
    QByteArray answer;
    QByteArray lastRequest;
    int connections = 0;

    explicit LoopbackPeer(QObject *parent = nullptr)
        : QObject(parent) {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++connections;
                connect(s, &QTcpSocket::readyRead, this, [this, s] {
                    lastRequest += s->readAll();
                    if (lastRequest.startsWith('\x16') && !answer.isEmpty()) {
                        // A TLS ClientHello on a plain port: answer in clear text as such servers
                        // do.
                        s->write(answer);
                        s->disconnectFromHost();
                        return;
                    }
                    const qsizetype headerEnd = lastRequest.indexOf("\r\n\r\n");
                    if (headerEnd < 0 || answer.isEmpty())
                        return;
                    const qsizetype cl = lastRequest.toLower().indexOf("content-length:");
                    const int length =
                        cl < 0 ? 0
                               : lastRequest.mid(cl + 15, lastRequest.indexOf("\r\n", cl) - cl - 15)
                                     .trimmed()
                                     .toInt();
                    if (lastRequest.size() < headerEnd + 4 + length)
                        return;
                    s->write(answer);
                    lastRequest.clear();
                });
            }
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    void close() { m_server.close(); }

private:
    QTcpServer m_server;
};

QByteArray httpAnswer(int status, const QByteArray &reason, const QByteArray &type,
                      const QByteArray &body) {
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

TransportReply postAndWait(HttpOdooTransport &t, const QString &path, const QByteArray &body) {
    TransportReply reply;
    bool done = false;
    t.post(path, body, [&](const TransportReply &r) {
        reply = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        reply.networkError.kind = OdooError::Kind::Cancelled; // never answered
    return reply;
}

ConnectionProfile profileFor(const QString &url, int timeoutMs = 5000) {
    ConnectionProfile p;
    p.url = QUrl(url);
    p.requestTimeoutMs = timeoutMs;
    return p;
}

} // namespace

class TestHttpTransport final : public QObject {
    Q_OBJECT
private slots:
    void postsJsonAndKeepsTheConnection() {
        LoopbackPeer peer;
        const QByteArray body = R"({"jsonrpc":"2.0","id":1,"result":9})";
        peer.answer = httpAnswer(200, "OK", "application/json; charset=utf-8", body);
        HttpOdooTransport t(profileFor(QStringLiteral("http://127.0.0.1:%1").arg(peer.port())));
        TransportReply r = postAndWait(t, QStringLiteral("/jsonrpc"), "{}");
        QVERIFY(!r.networkError.isError());
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(r.body, body);
        r = postAndWait(t, QStringLiteral("/jsonrpc"), "{}");
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(peer.connections, 1); // keep-alive: both calls on one connection
    }

    void requestIsJson() {
        LoopbackPeer peer;
        peer.answer = httpAnswer(200, "OK", "application/json", "{}");
        QByteArray seen;
        connect(&peer, &QObject::destroyed, this, [] {});
        HttpOdooTransport t(profileFor(QStringLiteral("http://127.0.0.1:%1/").arg(peer.port())));
        bool done = false;
        t.post(QStringLiteral("/web/webclient/version_info"), "{\"a\":1}",
               [&](const TransportReply &) { done = true; });
        QTRY_VERIFY(!peer.lastRequest.isEmpty() || done);
        seen = peer.lastRequest;
        QTRY_VERIFY(done);
        if (!seen.isEmpty()) {
            QVERIFY2(seen.startsWith("POST /web/webclient/version_info HTTP/1.1"),
                     seen.constData());
            QVERIFY(seen.toLower().contains("content-type: application/json"));
        }
    }

    void httpErrorsKeepTheBody() {
        LoopbackPeer peer;
        peer.answer =
            httpAnswer(400, "BAD REQUEST", "text/html; charset=utf-8", "Invalid JSON data");
        HttpOdooTransport t(profileFor(QStringLiteral("http://127.0.0.1:%1").arg(peer.port())));
        const TransportReply r = postAndWait(t, QStringLiteral("/jsonrpc"), "{");
        QVERIFY(!r.networkError.isError());
        QCOMPARE(r.httpStatus, 400);
        QCOMPARE(r.body, QByteArray("Invalid JSON data"));
        QVERIFY(r.contentType.startsWith("text/html"));
    }

    void silentServerTimesOut() {
        LoopbackPeer peer; // accepts, never answers
        HttpOdooTransport t(
            profileFor(QStringLiteral("http://127.0.0.1:%1").arg(peer.port()), 300));
        QElapsedTimer clock;
        clock.start();
        const TransportReply r = postAndWait(t, QStringLiteral("/jsonrpc"), "{}");
        QCOMPARE(r.networkError.kind, OdooError::Kind::Timeout);
        QVERIFY(r.networkError.isTransient());
        QVERIFY2(r.networkError.message.contains(QStringLiteral("did not answer")),
                 qPrintable(r.networkError.message));
        QVERIFY(clock.elapsed() < 5000);
    }

    void refusedConnection() {
        quint16 port = 0;
        {
            LoopbackPeer peer;
            port = peer.port();
            peer.close();
        }
        HttpOdooTransport t(profileFor(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const TransportReply r = postAndWait(t, QStringLiteral("/jsonrpc"), "{}");
        QCOMPARE(r.networkError.kind, OdooError::Kind::NetworkFailure);
        QVERIFY2(r.networkError.message.contains(QStringLiteral("refused")),
                 qPrintable(r.networkError.message));
        QVERIFY(r.networkError.isTransient());
    }

    void tlsToAPlainServerFailsAsTls() {
        LoopbackPeer peer;
        peer.answer = httpAnswer(200, "OK", "application/json", "{}");
        HttpOdooTransport t(profileFor(QStringLiteral("https://127.0.0.1:%1").arg(peer.port())));
        const TransportReply r = postAndWait(t, QStringLiteral("/jsonrpc"), "{}");
        QVERIFY(r.networkError.isError());
        QCOMPARE(OdooError::kindKey(r.networkError.kind),
                 OdooError::kindKey(OdooError::Kind::TlsError));
        QCOMPARE(r.httpStatus, 0);
    }

    void missingCaBundleIsReported() {
        ConnectionProfile p = profileFor(QStringLiteral("https://odoo.invalid"));
        p.caBundle = QStringLiteral("no-such-ca-file.pem");
        HttpOdooTransport t(p);
        QVERIFY(t.setupProblem().contains(QStringLiteral("no-such-ca-file.pem")));
    }

    void cancelAllSkipsCallbacks() {
        LoopbackPeer peer; // never answers
        HttpOdooTransport t(profileFor(QStringLiteral("http://127.0.0.1:%1").arg(peer.port())));
        int called = 0;
        t.post(QStringLiteral("/jsonrpc"), "{}", [&](const TransportReply &) { ++called; });
        QTRY_COMPARE(peer.connections, 1);
        t.cancelAll();
        QTest::qWait(100);
        QCOMPARE(called, 0);
        QCOMPARE(t.pendingRequests(), 0);
    }
};

QTEST_GUILESS_MAIN(TestHttpTransport)
#include "tst_http_transport.moc"
