// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeEventStream.h"

#include "WebSocketClient.h"
#include "common/Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace o2c {

IntakeEventStream::IntakeEventStream(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_ws(new WebSocketClient(this)) {
    connect(m_ws, &WebSocketClient::opened, this, [this] {
        spdlog::info("intake stream: WebSocket open, resuming after event {}", m_lastId);
        m_streaming = true;
        emit connectedChanged(true);
    });
    connect(m_ws, &WebSocketClient::textMessage, this, [this](const QByteArray &message) {
        const QJsonObject event = QJsonDocument::fromJson(message).object();
        bool ok = false;
        const qint64 id = event.value(QLatin1String("id")).toString().toLongLong(&ok);
        if (!ok) {
            spdlog::warn("intake stream: WebSocket message without an event id skipped");
            return;
        }
        accept(id, "transaction", message);
    });
    connect(m_ws, &WebSocketClient::closed, this, [this](int code, const QString &reason) {
        if (!m_running)
            return;
        if (code == 4410) { // events_expired
            streamEnded(false);
            catchUp({});
            return;
        }
        if (code != 1000 && code != 1001 && code != 1006)
            spdlog::warn("intake stream: hub closed the WebSocket ({} {}); resuming", code, reason);
        streamEnded(true);
        scheduleReconnect();
    });
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &IntakeEventStream::connectStream);
    m_gapTimer.setSingleShot(true);
    m_gapTimer.setInterval(2000);
    connect(&m_gapTimer, &QTimer::timeout, this, [this] {
        if (m_waiting.isEmpty())
            return;
        // An earlier event did not come: ask the hub again from the last one handed out.
        ++m_figures.gapResumes;
        spdlog::info("intake stream: event {} missing, resuming after it", m_lastId + 1);
        if (m_reply) {
            m_reply->abort();
        } else if (m_ws->isOpen()) {
            m_ws->abort();
            streamEnded(false);
            scheduleReconnect();
        }
    });
}

IntakeEventStream::~IntakeEventStream() {
    stop();
}

void IntakeEventStream::start(const QUrl &hubUrl, qint64 afterEventId) {
    stop();
    m_hub = hubUrl;
    m_lastId = afterEventId;
    m_waiting.clear();
    m_running = true;
    m_versionChecked = false;
    checkVersion();
}

void IntakeEventStream::stop() {
    m_running = false;
    m_reconnectTimer.stop();
    m_gapTimer.stop();
    m_ws->abort();
    if (m_listing) {
        QNetworkReply *l = m_listing;
        m_listing = nullptr;
        l->disconnect(this);
        l->abort();
        l->deleteLater();
    }
    if (m_reply) {
        QNetworkReply *r = m_reply;
        m_reply = nullptr;
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    if (m_streaming) {
        m_streaming = false;
        emit connectedChanged(false);
    }
}

void IntakeEventStream::checkVersion() {
    QUrl url = m_hub;
    url.setPath(m_hub.path() + QStringLiteral("/v1"));
    QNetworkReply *reply = m_network->get(QNetworkRequest(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!m_running)
            return;
        const QByteArray body = reply->readAll();
        const QJsonObject info = QJsonDocument::fromJson(body).object();
        if (reply->error() != QNetworkReply::NoError &&
            reply->error() < QNetworkReply::ContentAccessDenied) {
            // not reachable: try again later, the hub may be starting
            spdlog::warn("intake stream: hub {} not reachable: {}", m_hub.toString(),
                         reply->errorString());
            scheduleReconnect();
            return;
        }
        const QString version = info.value(QLatin1String("api_version")).toString();
        const QString error = info.value(QLatin1String("error"))
                                  .toObject()
                                  .value(QLatin1String("message"))
                                  .toString();
        const int major = version.section(QLatin1Char('.'), 0, 0).toInt();
        if (version.isEmpty() || major != supportedMajorVersion) {
            const QString message =
                version.isEmpty()
                    ? tr("%1 does not answer as a middleware hub of contract version %2 (%3). "
                         "Check the hub address.")
                          .arg(m_hub.toString())
                          .arg(supportedMajorVersion)
                          .arg(error.isEmpty() ? reply->errorString() : error)
                    : tr("The middleware hub speaks contract version %1; this cockpit understands "
                         "version %2.x only. Update the cockpit, or configure the hub to serve "
                         "/v%2.")
                          .arg(version)
                          .arg(supportedMajorVersion);
            spdlog::error("intake stream: {}", message);
            m_running = false;
            emit failed(message);
            return;
        }
        m_versionChecked = true;
        connectStream();
    });
}

void IntakeEventStream::connectStream() {
    if (!m_running)
        return;
    if (!m_versionChecked) {
        checkVersion();
        return;
    }
    m_waiting.clear(); // whatever waited comes again after m_lastId
    if (m_transport == Transport::WebSocket) {
        connectWebSocket();
        return;
    }
    QUrl url = m_hub;
    url.setPath(m_hub.path() + QStringLiteral("/v1/events"));
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Last-Event-ID", QByteArray::number(m_lastId));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    m_buffer.clear();
    m_reply = m_network->get(request);
    ++m_figures.connects;
    connect(m_reply, &QNetworkReply::readyRead, this, &IntakeEventStream::onData);
    connect(m_reply, &QNetworkReply::finished, this, &IntakeEventStream::onFinished);
}

void IntakeEventStream::connectWebSocket() {
    QUrl url = m_hub;
    url.setScheme(m_hub.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                           : QStringLiteral("ws"));
    url.setPath(m_hub.path() + QStringLiteral("/v1/events/ws"));
    url.setQuery(QStringLiteral("after=%1").arg(m_lastId));
    ++m_figures.connects;
    m_ws->open(url);
}

void IntakeEventStream::streamEnded(bool dropped) {
    if (m_streaming) {
        m_streaming = false;
        emit connectedChanged(false);
    }
    if (dropped)
        ++m_figures.drops;
    m_gapTimer.stop();
}

void IntakeEventStream::catchUp(const QString &cursor) {
    if (!m_running)
        return;
    if (cursor.isEmpty()) {
        m_catchUpFrom = m_lastId;
        m_catchUpCount = 0;
        m_waiting.clear();
        spdlog::info("intake stream: events after {} expired in the hub; listing the "
                     "transactions changed since",
                     m_lastId);
    }
    QUrl url = m_hub;
    url.setPath(m_hub.path() + QStringLiteral("/v1/transactions"));
    QUrlQuery query;
    // after_event_id: only what changed after what this client has (the cursor stays opaque).
    query.addQueryItem(QStringLiteral("after_event_id"), QString::number(m_lastId));
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), cursor);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    m_listing = m_network->get(request);
    QNetworkReply *reply = m_listing;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (reply != m_listing)
            return;
        m_listing = nullptr;
        if (!m_running)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject page = QJsonDocument::fromJson(reply->readAll()).object();
        if (status != 200 || !page.value(QLatin1String("items")).isArray()) {
            // Resumed later: the stream answers 410 again and the listing goes on from the
            // last transaction handed out.
            spdlog::warn("intake stream: listing after event {} failed (HTTP {}: {}); retrying",
                         m_lastId, status, reply->errorString());
            scheduleReconnect();
            return;
        }
        for (const QJsonValue &v : page.value(QLatin1String("items")).toArray()) {
            const QJsonObject t = v.toObject();
            const qint64 id = t.value(QLatin1String("last_event_id")).toString().toLongLong();
            if (id <= m_lastId) {
                ++m_figures.repeatsIgnored;
                continue;
            }
            m_lastId = id;
            ++m_figures.delivered;
            ++m_catchUpCount;
            emit eventReceived(
                id, QJsonObject{{QStringLiteral("id"), QString::number(id)},
                                {QStringLiteral("type"), QStringLiteral("transaction.status")},
                                {QStringLiteral("transaction"), t},
                                {QStringLiteral("catch_up"), true}});
        }
        if (page.value(QLatin1String("has_more")).toBool()) {
            catchUp(page.value(QLatin1String("next_cursor")).toString());
            return;
        }
        ++m_figures.catchUps;
        m_figures.caughtUpTransactions += m_catchUpCount;
        m_failuresInRow = 0;
        spdlog::info("intake stream: caught up with {} transactions, resuming after event {}",
                     m_catchUpCount, m_lastId);
        emit caughtUp(m_catchUpFrom, m_lastId, m_catchUpCount);
        connectStream();
    });
}

void IntakeEventStream::scheduleReconnect() {
    if (!m_running)
        return;
    // Back off while the hub keeps failing, up to 10 s; a drop after progress retries quickly.
    const int delay = qMin(10000, m_retryMs << qMin(m_failuresInRow, 5));
    ++m_failuresInRow;
    m_reconnectTimer.start(delay);
}

void IntakeEventStream::onData() {
    if (!m_reply)
        return;
    if (!m_streaming) {
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200)
            return; // the error body is read in onFinished
        spdlog::info("intake stream: connected, resuming after event {}", m_lastId);
        m_streaming = true;
        emit connectedChanged(true);
    }
    m_buffer += m_reply->readAll();
    m_buffer.replace("\r\n", "\n");
    for (;;) {
        const qsizetype end = m_buffer.indexOf("\n\n");
        if (end < 0)
            break;
        const QByteArray block = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        handleBlock(block);
    }
}

void IntakeEventStream::handleBlock(const QByteArray &block) {
    QByteArray id, type = "message", data;
    bool hasId = false;
    for (const QByteArray &line : block.split('\n')) {
        if (line.isEmpty() || line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "id") {
            id = value;
            hasId = true;
        } else if (field == "event") {
            type = value;
        } else if (field == "data") {
            if (!data.isEmpty())
                data += '\n';
            data += value;
        } else if (field == "retry") {
            bool ok = false;
            const int ms = value.toInt(&ok);
            if (ok && ms > 0)
                m_retryMs = qMin(ms, 10000);
        }
    }
    if (!hasId)
        return;
    bool ok = false;
    const qint64 n = id.toLongLong(&ok);
    if (!ok)
        return;
    accept(n, type, data);
}

void IntakeEventStream::accept(qint64 id, const QByteArray &type, const QByteArray &data) {
    m_failuresInRow = 0;
    if (id <= m_lastId || m_waiting.contains(id)) {
        ++m_figures.repeatsIgnored;
        return;
    }
    if (id != m_lastId + 1) {
        ++m_figures.reordered;
        m_waiting.insert(id, {type, data});
        if (!m_gapTimer.isActive())
            m_gapTimer.start();
        return;
    }
    emitEvent(id, type, data);
    while (!m_waiting.isEmpty() && m_waiting.firstKey() == m_lastId + 1) {
        const qint64 next = m_waiting.firstKey();
        const Waiting w = m_waiting.take(next);
        emitEvent(next, w.type, w.data);
    }
    if (m_waiting.isEmpty())
        m_gapTimer.stop();
    else
        m_gapTimer.start(); // the clock restarts: progress was made
}

void IntakeEventStream::emitEvent(qint64 id, const QByteArray &type, const QByteArray &data) {
    m_lastId = id;
    ++m_figures.delivered;
    // Unknown event types still take their id; only the types of this contract are handed out.
    if (type != "transaction")
        return;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (!doc.isObject()) {
        spdlog::warn("intake stream: event {} is not a JSON object ({}); skipped", id,
                     error.errorString());
        return;
    }
    emit eventReceived(id, doc.object());
}

void IntakeEventStream::onFinished() {
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_running) {
        streamEnded(false);
        return;
    }
    if (status == 410) { // events_expired: list what changed, then stream again
        streamEnded(false);
        catchUp({});
        return;
    }
    streamEnded(status < 400);
    if (status >= 400) {
        const QJsonObject err = QJsonDocument::fromJson(reply->readAll())
                                    .object()
                                    .value(QLatin1String("error"))
                                    .toObject();
        spdlog::warn("intake stream: hub answered {} ({}); retrying", status,
                     err.value(QLatin1String("message")).toString());
    }
    scheduleReconnect();
}

} // namespace o2c
