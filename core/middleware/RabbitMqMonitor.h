// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace o2c {

// One queue as the RabbitMQ management API reports it.
struct RabbitQueue {
    QString vhost;
    QString name;
    qint64 messages = 0; // depth: ready + unacknowledged
    qint64 ready = 0;
    qint64 unacknowledged = 0;
    int consumers = 0;
    double publishRate = 0; // messages per second
    double deliverRate = 0;
    QString deadLetterExchange;     // x-dead-letter-exchange of this queue, if any
    bool isDeadLetterQueue = false; // bound to an exchange another queue dead-letters into
};

// A dead-lettered message as a planner chooses it for replay.
struct RabbitDeadLetter {
    QString messageId;
    QString reason;        // x-death reason: rejected, expired, maxlen, delivery_limit
    QString originalQueue; // where it died
    QString exchange;      // where a replay publishes it
    QString routingKey;
    qint64 count = 0; // how often it died there
    QString preview;  // the start of the payload
};

struct RabbitReplayResult {
    bool ok = false;
    int moved = 0; // published back to their original exchange and routing key
    int kept = 0;  // not chosen: put back into the dead-letter queue
    QString message;
};

// Reads the RabbitMQ management HTTP API (queues, depth, dead-letter queues, rates, consumers)
// on a schedule, and moves dead-lettered messages back for replay on request. The URL carries
// the credentials (http://user:password@host:15672); they never reach the log.
class RabbitMqMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RabbitMqMonitor)
public:
    RabbitMqMonitor(QNetworkAccessManager *network, const QUrl &managementUrl,
                    QObject *parent = nullptr);

    void setInterval(int msecs) { m_timer.setInterval(msecs); }
    void start(); // refresh now and then on the interval
    void stop() { m_timer.stop(); }
    void refresh();
    const QList<RabbitQueue> &queues() const { return m_queues; }
    const RabbitQueue *queue(const QString &vhost, const QString &name) const;

    // Takes every message out of the dead-letter queue (ackmode ack_requeue_false) and
    // publishes the chosen ones (by message_id property) to the exchange and routing key of
    // their first x-death entry; the others go back into the dead-letter queue.
    void replayDeadLetters(const QString &vhost, const QString &deadLetterQueue,
                           const QSet<QString> &messageIds,
                           std::function<void(const RabbitReplayResult &)> done);
    // Reads (without taking) up to `limit` messages of a dead-letter queue, so that a planner
    // can choose which to replay. `error` is empty on success.
    void peekDeadLetters(
        const QString &vhost, const QString &deadLetterQueue, int limit,
        std::function<void(const QList<RabbitDeadLetter> &, const QString &error)> done);

signals:
    void refreshed();
    void unavailable(const QString &message);

private:
    QNetworkRequest request(const QString &path) const;
    QString redacted() const;

    QNetworkAccessManager *m_network;
    QUrl m_url;
    QTimer m_timer;
    QList<RabbitQueue> m_queues;
};

} // namespace o2c
