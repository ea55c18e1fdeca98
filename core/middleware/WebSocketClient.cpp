// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebSocketClient.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QtEndian>
#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

namespace o2c {

namespace {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};

QByteArray acceptFor(const QByteArray &key) {
    return QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                    QCryptographicHash::Sha1)
        .toBase64();
}

} // namespace

WebSocketClient::WebSocketClient(QObject *parent)
    : QObject(parent) {}

WebSocketClient::~WebSocketClient() {
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        delete m_socket;
    }
}

void WebSocketClient::open(const QUrl &url) {
    abort();
    const bool secure = url.scheme() == QLatin1String("wss");
    QTcpSocket *socket = nullptr;
#if QT_CONFIG(ssl)
    if (secure)
        socket = new QSslSocket(this);
#endif
    if (!socket && secure) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit closed(1006, tr("This build cannot open wss:// connections (no TLS)."));
            },
            Qt::QueuedConnection);
        return;
    }
    if (!socket)
        socket = new QTcpSocket(this);
    m_socket = socket;
    m_buffer.clear();
    m_message.clear();
    m_handshakeDone = false;
    m_open = false;
    m_finished = false;
    m_closeCode = 1006;
    m_closeReason.clear();
    QByteArray nonce(16, Qt::Uninitialized);
    for (char &c : nonce)
        c = char(QRandomGenerator::global()->bounded(256));
    m_key = nonce.toBase64();
    const quint16 port = quint16(url.port(secure ? 443 : 80));
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    const QByteArray host = url.host(QUrl::FullyEncoded).toUtf8() +
                            (url.port() > 0 ? ':' + QByteArray::number(url.port()) : QByteArray());
    const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: " + host +
                               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: " +
                               m_key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    auto sendRequest = [this, request] {
        if (m_socket)
            m_socket->write(request);
    };
    connect(socket, &QTcpSocket::readyRead, this, &WebSocketClient::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        finish(m_closeCode,
               m_closeReason.isEmpty() && m_socket ? m_socket->errorString() : m_closeReason);
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError && m_closeCode != 1006)
            return; // the close handshake ended it: disconnected() reports it
        finish(1006, m_socket ? m_socket->errorString() : QString());
    });
#if QT_CONFIG(ssl)
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        connect(ssl, &QSslSocket::encrypted, this, sendRequest);
        ssl->connectToHostEncrypted(url.host(), port); // verifies the peer by default
        return;
    }
#endif
    connect(socket, &QTcpSocket::connected, this, sendRequest);
    socket->connectToHost(url.host(), port);
}

void WebSocketClient::close(int code, const QByteArray &reason) {
    if (!m_socket || !m_open)
        return;
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian(quint16(code), payload.data());
    sendFrame(Close, payload + reason.left(123));
    m_open = false;
    m_socket->disconnectFromHost();
}

void WebSocketClient::abort() {
    if (!m_socket)
        return;
    QTcpSocket *s = m_socket;
    m_socket = nullptr;
    s->disconnect(this);
    s->abort();
    s->deleteLater();
    m_open = false;
    m_finished = true;
}

void WebSocketClient::finish(int code, const QString &reason) {
    if (m_finished)
        return;
    m_finished = true;
    m_open = false;
    if (m_socket) {
        QTcpSocket *s = m_socket;
        m_socket = nullptr;
        s->disconnect(this);
        s->abort();
        s->deleteLater();
    }
    emit closed(code, reason);
}

void WebSocketClient::onReadyRead() {
    if (!m_socket)
        return;
    m_buffer += m_socket->readAll();
    if (!m_handshakeDone && !readHandshake())
        return;
    readFrames();
}

bool WebSocketClient::readHandshake() {
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_buffer.size() > 16384)
            finish(1002, tr("The server's WebSocket handshake is too long."));
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(end).split('\n');
    m_buffer.remove(0, end + 4);
    const QByteArray status = lines.value(0).trimmed();
    if (!status.startsWith("HTTP/1.1 101")) {
        finish(1002, tr("The server did not accept the WebSocket connection (%1).")
                         .arg(QString::fromLatin1(status)));
        return false;
    }
    QByteArray accept;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "sec-websocket-accept")
            accept = line.mid(colon + 1).trimmed();
    }
    if (accept != acceptFor(m_key)) {
        finish(1002, tr("The server answered the WebSocket handshake with a wrong key."));
        return false;
    }
    m_handshakeDone = true;
    m_open = true;
    emit opened();
    return true;
}

bool WebSocketClient::readFrames() {
    for (;;) {
        if (!m_socket || m_finished)
            return false;
        if (m_buffer.size() < 2)
            return true;
        const auto *b = reinterpret_cast<const uchar *>(m_buffer.constData());
        const bool fin = b[0] & 0x80;
        const quint8 opcode = b[0] & 0x0F;
        const bool masked = b[1] & 0x80;
        quint64 length = b[1] & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return true;
            length = qFromBigEndian<quint16>(b + 2);
            header = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return true;
            length = qFromBigEndian<quint64>(b + 2);
            header = 10;
        }
        if (length > quint64(maxMessageBytes)) {
            finish(1009, tr("A WebSocket message is larger than %1 bytes.").arg(maxMessageBytes));
            return false;
        }
        const qsizetype maskBytes = masked ? 4 : 0;
        if (m_buffer.size() < header + maskBytes + qsizetype(length))
            return true;
        QByteArray payload = m_buffer.mid(header + maskBytes, qsizetype(length));
        if (masked) { // servers must not mask, but a tolerant reader unmasks
            const QByteArray mask = m_buffer.mid(header, 4);
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ mask[i % 4]);
        }
        m_buffer.remove(0, header + maskBytes + qsizetype(length));
        switch (opcode) {
        case Ping:
            sendFrame(Pong, payload);
            break;
        case Pong:
            break;
        case Close: {
            m_closeCode =
                payload.size() >= 2
                    ? qFromBigEndian<quint16>(reinterpret_cast<const uchar *>(payload.constData()))
                    : 1005;
            m_closeReason = QString::fromUtf8(payload.mid(2));
            if (m_open) {
                sendFrame(Close, payload.left(2));
                m_open = false;
            }
            // The server closes the TCP connection after the close handshake; do not cut it
            // before our reply is out.
            if (m_socket) {
                QTcpSocket *s = m_socket;
                m_socket = nullptr;
                s->disconnect(this);
                s->disconnectFromHost();
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                if (s->state() == QAbstractSocket::UnconnectedState)
                    s->deleteLater();
            }
            finish(m_closeCode, m_closeReason);
            return false;
        }
        case Text:
        case Binary:
            m_messageOpcode = opcode;
            m_message = payload;
            break;
        case Continuation:
            m_message += payload;
            break;
        default:
            finish(1002, tr("The server sent an unknown WebSocket frame (%1).").arg(opcode));
            return false;
        }
        if (m_message.size() > maxMessageBytes) {
            finish(1009, tr("A WebSocket message is larger than %1 bytes.").arg(maxMessageBytes));
            return false;
        }
        if (fin && (opcode == Text || opcode == Binary || opcode == Continuation)) {
            const QByteArray message = std::exchange(m_message, {});
            if (m_messageOpcode == Text)
                emit textMessage(message);
        }
    }
}

void WebSocketClient::sendFrame(quint8 opcode, const QByteArray &payload) {
    if (!m_socket)
        return;
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const qsizetype n = payload.size();
    if (n < 126) {
        frame.append(char(0x80 | n));
    } else if (n <= 0xFFFF) {
        frame.append(char(0x80 | 126));
        QByteArray len(2, Qt::Uninitialized);
        qToBigEndian(quint16(n), len.data());
        frame += len;
    } else {
        frame.append(char(0x80 | 127));
        QByteArray len(8, Qt::Uninitialized);
        qToBigEndian(quint64(n), len.data());
        frame += len;
    }
    const quint32 maskValue = QRandomGenerator::global()->generate();
    QByteArray mask(4, Qt::Uninitialized);
    qToBigEndian(maskValue, mask.data());
    frame += mask;
    for (qsizetype i = 0; i < n; ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    m_socket->write(frame);
}

} // namespace o2c
