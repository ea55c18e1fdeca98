// SPDX-License-Identifier: GPL-3.0-or-later
// TLS against a real HTTPS server on loopback (test-only certificates in tests/odoo/tls):
// verified by default, a profile's CA bundle makes a private CA trusted, certificate errors are
// shown and never ignored - and nothing, the secret least of all, is sent over a refused channel.
#include "faults/HttpExchange.h"

#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace o2c;
using namespace o2c::odoo;

namespace {

QString tlsFile(const char *name) {
    return QStringLiteral(O2C_SOURCE_DIR "/tests/odoo/tls/") + QLatin1String(name);
}

// An Odoo that only knows the two sign-in calls, over HTTPS.
class HttpsOdoo final : public QObject {
public:
    HttpsOdoo() {
        QFile keyFile(tlsFile("server.key"));
        if (!keyFile.open(QIODevice::ReadOnly))
            qFatal("no test key");
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setLocalCertificate(QSslCertificate::fromPath(tlsFile("server.pem")).value(0));
        c.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
        c.setPeerVerifyMode(QSslSocket::VerifyNone); // the client shows no certificate
        m_server.setSslConfiguration(c);
        connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                serve(s);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const {
        return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort()));
    }
    int requests = 0;
    QByteArray received; // every request byte that arrived decrypted

private:
    void serve(QTcpSocket *s) {
        auto buffer = std::make_shared<QByteArray>();
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
            const QByteArray bytes = s->readAll();
            received += bytes;
            buffer->append(bytes);
            sim::HttpRequestMessage r;
            while (sim::takeHttpRequest(*buffer, &r)) {
                ++requests;
                const QByteArray result =
                    r.path == QLatin1String("/web/webclient/version_info")
                        ? QByteArrayLiteral(
                              R"({"server_version": "18.0", "server_version_info": [18, 0, 0, "final", 0, ""], "server_serie": "18.0", "protocol_version": 1})")
                        : QByteArrayLiteral("9");
                s->write(
                    sim::httpResponse(200, "application/json",
                                      R"({"jsonrpc": "2.0", "id": 1, "result": )" + result + '}'));
                s->disconnectFromHost();
            }
        });
    }
    QSslServer m_server;
};

ConnectionProfile profile(const QUrl &url, const QString &caBundle) {
    ConnectionProfile p;
    p.url = url;
    p.database = QStringLiteral("o2c");
    p.login = QStringLiteral("planner");
    p.secret = QStringLiteral("tls-test-secret-5c1d");
    p.caBundle = caBundle;
    p.requestTimeoutMs = 5000;
    return p;
}

OdooError signIn(const ConnectionProfile &p) {
    HttpOdooTransport transport(p);
    OdooClient client(p, &transport);
    OdooError result;
    bool done = false;
    client.authenticate([&](const OdooError &e) {
        result = e;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        result.kind = OdooError::Kind::Timeout;
    return result;
}

} // namespace

class TestTls final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!QSslSocket::supportsSsl())
            QFAIL("Qt has no TLS backend here; the cockpit could not reach an HTTPS Odoo either");
    }

    void untrustedCertificateIsRefusedWithAClearMessage() {
        HttpsOdoo odoo;
        const OdooError e = signIn(profile(odoo.url(), {}));
        QCOMPARE(e.kind, OdooError::Kind::TlsError);
        QVERIFY2(e.message.contains(QLatin1String("certificate cannot be trusted")),
                 qPrintable(e.message));
        QVERIFY(e.message.contains(QLatin1String("CA certificate"))); // what to do
        QVERIFY(e.message.contains(QLatin1String("127.0.0.1")));      // where
        QVERIFY2(e.message.contains(QLatin1String("self signed")) ||
                     e.message.contains(QLatin1String("issuer")) ||
                     e.message.contains(QLatin1String("local issuer")),
                 qPrintable(e.message)); // the certificate's own problem, named
        QCOMPARE(odoo.requests, 0);
        QVERIFY(!odoo.received.contains("tls-test-secret-5c1d"));
        QVERIFY(!e.isTransient()); // never retried into the same refusal
    }

    void profileCaBundleMakesThePrivateCaTrusted() {
        HttpsOdoo odoo;
        const OdooError e = signIn(profile(odoo.url(), tlsFile("ca.pem")));
        QVERIFY2(!e.isError(), qPrintable(e.message));
        QCOMPARE(odoo.requests, 2); // version_info, authenticate
    }

    void wrongNameIsRefusedEvenWithTheCa() {
        HttpsOdoo odoo;
        QUrl byName = odoo.url();
        byName.setHost(QStringLiteral("localhost")); // the certificate is for 127.0.0.1 only
        const OdooError e = signIn(profile(byName, tlsFile("ca.pem")));
        if (e.kind == OdooError::Kind::NetworkFailure)
            QSKIP("localhost does not resolve to 127.0.0.1 here");
        QCOMPARE(e.kind, OdooError::Kind::TlsError);
        QVERIFY2(e.message.contains(QLatin1String("host name")) ||
                     e.message.contains(QLatin1String("hostname")),
                 qPrintable(e.message));
        QCOMPARE(odoo.requests, 0);
    }

    void aBundleThatIsNotThereIsSaidAndNothingIsTrustedInstead() {
        HttpsOdoo odoo;
        const QString missing = tlsFile("no-such-ca.pem");
        HttpOdooTransport transport(profile(odoo.url(), missing));
        QVERIFY(transport.setupProblem().contains(missing));
        const OdooError e = signIn(profile(odoo.url(), missing));
        QCOMPARE(e.kind, OdooError::Kind::TlsError);
        QCOMPARE(odoo.requests, 0);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
