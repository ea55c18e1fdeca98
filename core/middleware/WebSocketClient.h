// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QTcpSocket;

namespace o2c {

// A minimal RFC 6455 WebSocket client for reading a hub's event stream (text messages) over
// QtNetwork alone: ws:// over TCP, wss:// over TLS with the system's certificate checks. It
// answers pings and the server's close, and reassembles fragmented messages. Binary messages
// are ignored. One connection per object; open() again after closed().
class WebSocketClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketClient)
public:
    explicit WebSocketClient(QObject *parent = nullptr);
    ~WebSocketClient() override;

    void open(const QUrl &url); // ws:// or wss://
    void close(int code = 1000, const QByteArray &reason = {});
    void abort();
    bool isOpen() const { return m_open; }

    static constexpr qint64 maxMessageBytes = 16 * 1024 * 1024;

signals:
    void opened();
    void textMessage(const QByteArray &utf8);
    // The connection ended: the close code and reason the server sent (1006 and the socket's
    // error when it just went away).
    void closed(int code, const QString &reason);

private:
    void onReadyRead();
    bool readHandshake();
    bool readFrames();
    void sendFrame(quint8 opcode, const QByteArray &payload);
    void finish(int code, const QString &reason);

    QPointer<QTcpSocket> m_socket;
    QByteArray m_key;
    QByteArray m_buffer;
    QByteArray m_message; // fragments of the message being received
    quint8 m_messageOpcode = 0;
    bool m_handshakeDone = false;
    bool m_open = false;
    bool m_finished = true;
    int m_closeCode = 1006;
    QString m_closeReason;
};

} // namespace o2c
