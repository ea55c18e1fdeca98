// SPDX-License-Identifier: GPL-3.0-or-later
#include "RabbitMqMonitor.h"

#include "common/Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

namespace o2c {

namespace {
QString enc(const QString &s) {
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}
} // namespace

RabbitMqMonitor::RabbitMqMonitor(QNetworkAccessManager *network, const QUrl &managementUrl,
                                 QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_url(managementUrl) {
    m_timer.setInterval(15000);
    connect(&m_timer, &QTimer::timeout, this, &RabbitMqMonitor::refresh);
}

QString RabbitMqMonitor::redacted() const {
    return m_url.toString(QUrl::RemoveUserInfo);
}

QNetworkRequest RabbitMqMonitor::request(const QString &path) const {
    QUrl u = m_url;
    u.setUserInfo({});
    u.setPath(QStringLiteral("/api/") + path, QUrl::TolerantMode);
    QNetworkRequest r(u);
    const QByteArray credentials =
        (m_url.userName() + QLatin1Char(':') + m_url.password()).toUtf8();
    r.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return r;
}

void RabbitMqMonitor::start() {
    refresh();
    m_timer.start();
}

const RabbitQueue *RabbitMqMonitor::queue(const QString &vhost, const QString &name) const {
    for (const RabbitQueue &q : m_queues) {
        if (q.vhost == vhost && q.name == name)
            return &q;
    }
    return nullptr;
}

void RabbitMqMonitor::refresh() {
    QNetworkReply *queues = m_network->get(request(QStringLiteral("queues")));
    connect(queues, &QNetworkReply::finished, this, [this, queues] {
        queues->deleteLater();
        if (queues->error() != QNetworkReply::NoError) {
            const QString message =
                tr("RabbitMQ management API at %1 did not answer (%2). Check that the management "
                   "plugin is enabled and the user may read queues.")
                    .arg(redacted(), queues->errorString());
            spdlog::warn("{}", message);
            emit unavailable(message);
            return;
        }
        const QJsonArray list = QJsonDocument::fromJson(queues->readAll()).array();
        QNetworkReply *bindings = m_network->get(request(QStringLiteral("bindings")));
        connect(bindings, &QNetworkReply::finished, this, [this, bindings, list] {
            bindings->deleteLater();
            // (vhost, exchange) -> queues bound to it: a queue bound to a dead-letter exchange
            // is a dead-letter queue.
            QMultiHash<QString, QString> boundTo;
            for (const QJsonValue &v : QJsonDocument::fromJson(bindings->readAll()).array()) {
                const QJsonObject b = v.toObject();
                if (b.value(QLatin1String("destination_type")).toString() == QLatin1String("queue"))
                    boundTo.insert(b.value(QLatin1String("vhost")).toString() + QLatin1Char('/') +
                                       b.value(QLatin1String("source")).toString(),
                                   b.value(QLatin1String("destination")).toString());
            }
            QList<RabbitQueue> result;
            QSet<QString> dlqs;
            for (const QJsonValue &v : list) {
                const QJsonObject o = v.toObject();
                RabbitQueue q;
                q.vhost = o.value(QLatin1String("vhost")).toString();
                q.name = o.value(QLatin1String("name")).toString();
                q.messages = o.value(QLatin1String("messages")).toInteger();
                q.ready = o.value(QLatin1String("messages_ready")).toInteger();
                q.unacknowledged = o.value(QLatin1String("messages_unacknowledged")).toInteger();
                q.consumers = o.value(QLatin1String("consumers")).toInt();
                const QJsonObject stats = o.value(QLatin1String("message_stats")).toObject();
                q.publishRate = stats.value(QLatin1String("publish_details"))
                                    .toObject()
                                    .value(QLatin1String("rate"))
                                    .toDouble();
                q.deliverRate = stats.value(QLatin1String("deliver_get_details"))
                                    .toObject()
                                    .value(QLatin1String("rate"))
                                    .toDouble();
                q.deadLetterExchange = o.value(QLatin1String("arguments"))
                                           .toObject()
                                           .value(QLatin1String("x-dead-letter-exchange"))
                                           .toString();
                if (o.value(QLatin1String("arguments"))
                        .toObject()
                        .contains(QLatin1String("x-dead-letter-exchange"))) {
                    for (const QString &dlq :
                         boundTo.values(q.vhost + QLatin1Char('/') + q.deadLetterExchange))
                        dlqs.insert(q.vhost + QLatin1Char('/') + dlq);
                }
                result.append(q);
            }
            for (RabbitQueue &q : result)
                q.isDeadLetterQueue = dlqs.contains(q.vhost + QLatin1Char('/') + q.name);
            m_queues = result;
            emit refreshed();
        });
    });
}

void RabbitMqMonitor::peekDeadLetters(
    const QString &vhost, const QString &deadLetterQueue, int limit,
    std::function<void(const QList<RabbitDeadLetter> &, const QString &)> done) {
    const QJsonObject get{{QStringLiteral("count"), limit},
                          {QStringLiteral("ackmode"), QStringLiteral("ack_requeue_true")},
                          {QStringLiteral("encoding"), QStringLiteral("auto")},
                          {QStringLiteral("truncate"), 200}};
    QNetworkReply *reply = m_network->post(
        request(QStringLiteral("queues/%1/%2/get").arg(enc(vhost), enc(deadLetterQueue))),
        QJsonDocument(get).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this,
            [reply, deadLetterQueue, done = std::move(done)] {
                reply->deleteLater();
                if (reply->error() != QNetworkReply::NoError) {
                    done({}, tr("Could not read the dead-letter queue %1 (%2).")
                                 .arg(deadLetterQueue, reply->errorString()));
                    return;
                }
                QList<RabbitDeadLetter> out;
                for (const QJsonValue &v : QJsonDocument::fromJson(reply->readAll()).array()) {
                    const QJsonObject props = v[QLatin1String("properties")].toObject();
                    const QJsonObject death = props.value(QLatin1String("headers"))
                                                  .toObject()
                                                  .value(QLatin1String("x-death"))
                                                  .toArray()
                                                  .first()
                                                  .toObject();
                    RabbitDeadLetter d;
                    d.messageId = props.value(QLatin1String("message_id")).toString();
                    d.reason = death.value(QLatin1String("reason")).toString();
                    d.originalQueue = death.value(QLatin1String("queue")).toString();
                    d.exchange = death.value(QLatin1String("exchange")).toString();
                    d.routingKey =
                        death.value(QLatin1String("routing-keys")).toArray().first().toString();
                    d.count = qint64(death.value(QLatin1String("count")).toDouble());
                    d.preview = v[QLatin1String("payload")].toString().left(120);
                    out.append(d);
                }
                done(out, {});
            });
}

void RabbitMqMonitor::replayDeadLetters(const QString &vhost, const QString &deadLetterQueue,
                                        const QSet<QString> &messageIds,
                                        std::function<void(const RabbitReplayResult &)> done) {
    const QJsonObject get{{QStringLiteral("count"), 100000},
                          {QStringLiteral("ackmode"), QStringLiteral("ack_requeue_false")},
                          {QStringLiteral("encoding"), QStringLiteral("base64")}};
    QNetworkReply *reply = m_network->post(
        request(QStringLiteral("queues/%1/%2/get").arg(enc(vhost), enc(deadLetterQueue))),
        QJsonDocument(get).toJson(QJsonDocument::Compact));
    connect(
        reply, &QNetworkReply::finished, this,
        [this, reply, vhost, deadLetterQueue, messageIds, done = std::move(done)] {
            reply->deleteLater();
            auto result = std::make_shared<RabbitReplayResult>();
            if (reply->error() != QNetworkReply::NoError) {
                result->message = tr("Could not read the dead-letter queue %1 (%2); nothing "
                                     "was moved.")
                                      .arg(deadLetterQueue, reply->errorString());
                done(*result);
                return;
            }
            const QJsonArray messages = QJsonDocument::fromJson(reply->readAll()).array();
            auto pending = std::make_shared<int>(int(messages.size()));
            auto failures = std::make_shared<QStringList>();
            if (*pending == 0) {
                result->ok = true;
                done(*result);
                return;
            }
            for (const QJsonValue &v : messages) {
                const QJsonObject m = v.toObject();
                const QJsonObject props = m.value(QLatin1String("properties")).toObject();
                const QString id = props.value(QLatin1String("message_id")).toString();
                const bool chosen = messageIds.contains(id);
                QString exchange, routingKey = deadLetterQueue;
                if (chosen) {
                    const QJsonObject death = props.value(QLatin1String("headers"))
                                                  .toObject()
                                                  .value(QLatin1String("x-death"))
                                                  .toArray()
                                                  .first()
                                                  .toObject();
                    exchange = death.value(QLatin1String("exchange")).toString();
                    routingKey =
                        death.value(QLatin1String("routing-keys")).toArray().first().toString();
                }
                QJsonObject publish{{QStringLiteral("properties"), props},
                                    {QStringLiteral("routing_key"), routingKey},
                                    {QStringLiteral("payload"), m.value(QLatin1String("payload"))},
                                    {QStringLiteral("payload_encoding"),
                                     m.value(QLatin1String("payload_encoding"))}};
                // The default exchange is "amq.default" in the management API's paths.
                const QString target =
                    exchange.isEmpty() ? QStringLiteral("amq.default") : exchange;
                QNetworkReply *p = m_network->post(
                    request(QStringLiteral("exchanges/%1/%2/publish").arg(enc(vhost), enc(target))),
                    QJsonDocument(publish).toJson(QJsonDocument::Compact));
                connect(p, &QNetworkReply::finished, this,
                        [p, chosen, id, result, pending, failures, done] {
                            p->deleteLater();
                            const bool routed = QJsonDocument::fromJson(p->readAll())
                                                    .object()
                                                    .value(QLatin1String("routed"))
                                                    .toBool();
                            if (p->error() != QNetworkReply::NoError || !routed)
                                failures->append(id);
                            else if (chosen)
                                ++result->moved;
                            else
                                ++result->kept;
                            if (--*pending > 0)
                                return;
                            result->ok = failures->isEmpty();
                            if (!result->ok)
                                result->message =
                                    tr("%n message(s) could not be published back (%1).", nullptr,
                                       int(failures->size()))
                                        .arg(failures->join(QStringLiteral(", ")));
                            done(*result);
                        });
            }
        });
}

} // namespace o2c
