// SPDX-License-Identifier: GPL-3.0-or-later
#include "middleware/RabbitMqMonitor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace o2c;

namespace {
const QString vhost = QStringLiteral("/");
const QString exchange = QStringLiteral("o2c.test.orders");
const QString dlx = QStringLiteral("o2c.test.dlx");
const QString intake = QStringLiteral("o2c.test.intake");
const QString dlq = QStringLiteral("o2c.test.intake.dlq");
} // namespace

class TestRabbitMq final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void depthDeadLettersAndReplayMatchWhatWasPublished();

private:
    QJsonDocument call(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
                       int *status = nullptr);
    QSet<QString> peek(const QString &queue);

    QNetworkAccessManager m_network;
    QUrl m_url;
};

QJsonDocument TestRabbitMq::call(const QByteArray &verb, const QString &path,
                                 const QJsonObject &body, int *status) {
    QUrl u = m_url;
    u.setUserInfo({});
    u.setPath(QStringLiteral("/api/") + path, QUrl::TolerantMode);
    QNetworkRequest r(u);
    r.setRawHeader(
        "Authorization",
        "Basic " + (m_url.userName() + QLatin1Char(':') + m_url.password()).toUtf8().toBase64());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network.sendCustomRequest(
        r, verb, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QSignalSpy done(reply, &QNetworkReply::finished);
    done.wait(10000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
    reply->deleteLater();
    return doc;
}

QSet<QString> TestRabbitMq::peek(const QString &queue) {
    const QJsonArray messages =
        call("POST", QStringLiteral("queues/%2F/") + queue + QStringLiteral("/get"),
             {{QStringLiteral("count"), 1000},
              {QStringLiteral("ackmode"), QStringLiteral("ack_requeue_true")},
              {QStringLiteral("encoding"), QStringLiteral("auto")}})
            .array();
    QSet<QString> ids;
    for (const QJsonValue &m : messages)
        ids.insert(m[QStringLiteral("properties")][QStringLiteral("message_id")].toString());
    return ids;
}

void TestRabbitMq::initTestCase() {
    const QString env = qEnvironmentVariable("O2C_TEST_RABBITMQ");
    const bool ci = qEnvironmentVariable("CI") == QLatin1String("true");
    if (env.isEmpty()) {
        if (ci)
            QFAIL("O2C_TEST_RABBITMQ is not set; scripts/test.sh exports it after "
                  "scripts/services.sh starts RabbitMQ");
        QSKIP("O2C_TEST_RABBITMQ is not set (e.g. http://guest:guest@127.0.0.1:15672)");
    }
    m_url = QUrl(env);
    int status = 0;
    call("GET", QStringLiteral("overview"), {}, &status);
    if (status != 200) {
        const QByteArray why = "RabbitMQ management API at " +
                               m_url.toString(QUrl::RemoveUserInfo).toUtf8() +
                               " does not answer (HTTP " + QByteArray::number(status) +
                               "); run scripts/services.sh start";
        if (ci)
            QFAIL(why.constData());
        QSKIP(why.constData());
    }
}

void TestRabbitMq::depthDeadLettersAndReplayMatchWhatWasPublished() {
    // A fresh topology: orders -> intake (dead-letters into dlx) ; dlx -> dlq.
    for (const QString &q : {intake, dlq})
        call("DELETE", QStringLiteral("queues/%2F/") + q);
    call("PUT", QStringLiteral("exchanges/%2F/") + exchange,
         {{QStringLiteral("type"), QStringLiteral("direct")}, {QStringLiteral("durable"), false}});
    call("PUT", QStringLiteral("exchanges/%2F/") + dlx,
         {{QStringLiteral("type"), QStringLiteral("fanout")}, {QStringLiteral("durable"), false}});
    call("PUT", QStringLiteral("queues/%2F/") + intake,
         {{QStringLiteral("durable"), false},
          {QStringLiteral("arguments"),
           QJsonObject{{QStringLiteral("x-dead-letter-exchange"), dlx}}}});
    call("PUT", QStringLiteral("queues/%2F/") + dlq, {{QStringLiteral("durable"), false}});
    call("POST", QStringLiteral("bindings/%2F/e/") + exchange + QStringLiteral("/q/") + intake,
         {{QStringLiteral("routing_key"), QStringLiteral("order")}});
    call("POST", QStringLiteral("bindings/%2F/e/") + dlx + QStringLiteral("/q/") + dlq,
         {{QStringLiteral("routing_key"), QString()}});

    for (int i = 1; i <= 7; ++i) {
        const QJsonDocument r =
            call("POST", QStringLiteral("exchanges/%2F/") + exchange + QStringLiteral("/publish"),
                 {{QStringLiteral("routing_key"), QStringLiteral("order")},
                  {QStringLiteral("payload"), QStringLiteral("{\"order\":%1}").arg(i)},
                  {QStringLiteral("payload_encoding"), QStringLiteral("string")},
                  {QStringLiteral("properties"),
                   QJsonObject{{QStringLiteral("message_id"), QStringLiteral("m%1").arg(i)}}}});
        QVERIFY(r[QStringLiteral("routed")].toBool());
    }
    // A consumer rejects the first four: RabbitMQ dead-letters them.
    const QJsonArray rejected =
        call("POST", QStringLiteral("queues/%2F/") + intake + QStringLiteral("/get"),
             {{QStringLiteral("count"), 4},
              {QStringLiteral("ackmode"), QStringLiteral("reject_requeue_false")},
              {QStringLiteral("encoding"), QStringLiteral("auto")}})
            .array();
    QCOMPARE(rejected.size(), 4);

    RabbitMqMonitor monitor(&m_network, m_url);
    QSignalSpy refreshed(&monitor, &RabbitMqMonitor::refreshed);
    // The management API's figures lag by its statistics interval (5 s by default).
    auto figuresMatch = [&](qint64 intakeDepth, qint64 dlqDepth) {
        monitor.refresh();
        if (!refreshed.wait(5000))
            return false;
        const RabbitQueue *in = monitor.queue(vhost, intake);
        const RabbitQueue *dead = monitor.queue(vhost, dlq);
        return in && dead && in->messages == intakeDepth && dead->messages == dlqDepth;
    };
    QTRY_VERIFY_WITH_TIMEOUT(figuresMatch(3, 4), 20000);
    QCOMPARE(monitor.queue(vhost, intake)->deadLetterExchange, dlx);
    QVERIFY(monitor.queue(vhost, dlq)->isDeadLetterQueue);
    QVERIFY(!monitor.queue(vhost, intake)->isDeadLetterQueue);
    QCOMPARE(monitor.queue(vhost, intake)->consumers, 0);

    // Replay exactly m2 and m4.
    RabbitReplayResult result;
    bool finished = false;
    monitor.replayDeadLetters(vhost, dlq, {QStringLiteral("m2"), QStringLiteral("m4")},
                              [&](const RabbitReplayResult &r) {
                                  result = r;
                                  finished = true;
                              });
    QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.moved, 2);
    QCOMPARE(result.kept, 2);
    QCOMPARE(peek(intake),
             (QSet<QString>{QStringLiteral("m2"), QStringLiteral("m4"), QStringLiteral("m5"),
                            QStringLiteral("m6"), QStringLiteral("m7")}));
    QCOMPARE(peek(dlq), (QSet<QString>{QStringLiteral("m1"), QStringLiteral("m3")}));
    QTRY_VERIFY_WITH_TIMEOUT(figuresMatch(5, 2), 20000);
}

QTEST_GUILESS_MAIN(TestRabbitMq)
#include "tst_rabbitmq.moc"
