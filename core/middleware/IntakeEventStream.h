// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace o2c {

class WebSocketClient;

// Counters of what the stream had to repair, for the health view and the tests.
struct StreamFigures {
    int connects = 0;
    int drops = 0;                   // connections that ended without stop()
    qint64 delivered = 0;            // events handed out (each id exactly once)
    qint64 repeatsIgnored = 0;       // events received again (already delivered or already waiting)
    qint64 reordered = 0;            // events that arrived before an earlier id and waited for it
    int gapResumes = 0;              // reconnections because an earlier id did not arrive in time
    int catchUps = 0;                // 410 events_expired answered by listing the transactions
    qint64 caughtUpTransactions = 0; // transactions handed out from those listings
};

// Consumes a hub's Server-Sent Events stream (docs/middleware-api.yaml, /v1/events) in real
// time and hands out every event exactly once and in id order: repeats are dropped, events that
// arrive early wait for the missing ones, and after a drop the stream resumes with Last-Event-ID
// from the last event handed out, so nothing is lost. When the hub no longer keeps the events
// after that id (410 events_expired), the transactions changed since are listed
// (after_event_id, cursor pages) and handed out with their latest state, then the stream resumes
// after the newest of them. Server-Sent Events by default; WebSocket (/v1/events/ws) with the
// same guarantees. A hub speaking another major version is refused with failed().
class IntakeEventStream final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntakeEventStream)
public:
    enum class Transport : quint8 { ServerSentEvents, WebSocket };

    explicit IntakeEventStream(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~IntakeEventStream() override;

    void setTransport(Transport t) { m_transport = t; } // before start()
    Transport transport() const { return m_transport; }

    // Starts after `afterEventId` (0: every event the hub still has).
    void start(const QUrl &hubUrl, qint64 afterEventId = 0);
    void stop();
    bool isConnected() const { return m_streaming; }
    qint64 lastEventId() const { return m_lastId; }
    StreamFigures figures() const { return m_figures; }
    // How long an early event waits for a missing earlier one before the stream is resumed.
    void setGapTimeout(int msecs) { m_gapTimer.setInterval(msecs); }

    static constexpr int supportedMajorVersion = 1;

signals:
    // Each id once, increasing. Ids are consecutive except after a catch-up, which hands out
    // each changed transaction once with the id of its last event.
    void eventReceived(qint64 id, const QJsonObject &event);
    void connectedChanged(bool connected);
    // A 410 catch-up ended: `transactions` listed, the stream resumes after `lastEventId`.
    void caughtUp(qint64 fromEventId, qint64 lastEventId, int transactions);
    // The hub cannot be used (another major version, not a hub): the message says what to do.
    void failed(const QString &message);

private:
    void checkVersion();
    void connectStream();
    void connectWebSocket();
    void catchUp(const QString &cursor);
    void streamEnded(bool dropped);
    void scheduleReconnect();
    void onData();
    void onFinished();
    void handleBlock(const QByteArray &block);
    void accept(qint64 id, const QByteArray &type, const QByteArray &data);
    void emitEvent(qint64 id, const QByteArray &type, const QByteArray &data);

    QNetworkAccessManager *m_network;
    QUrl m_hub;
    Transport m_transport = Transport::ServerSentEvents;
    QPointer<QNetworkReply> m_reply;
    QPointer<QNetworkReply> m_listing;
    WebSocketClient *m_ws = nullptr;
    qint64 m_catchUpFrom = 0;
    int m_catchUpCount = 0;
    bool m_running = false;
    bool m_streaming = false;
    bool m_versionChecked = false;
    QByteArray m_buffer;
    qint64 m_lastId = 0;
    struct Waiting {
        QByteArray type, data;
    };
    QMap<qint64, Waiting> m_waiting;
    int m_retryMs = 500;
    int m_failuresInRow = 0;
    QTimer m_reconnectTimer;
    QTimer m_gapTimer;
    StreamFigures m_figures;
};

} // namespace o2c
