// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeEventStream.h"

#include "common/Log.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace o2c {

IntakeEventStream::IntakeEventStream(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network) {
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &IntakeEventStream::connectStream);
    m_gapTimer.setSingleShot(true);
    m_gapTimer.setInterval(2000);
    connect(&m_gapTimer, &QTimer::timeout, this, [this] {
        if (m_waiting.isEmpty() || !m_reply)
            return;
        // An earlier event did not come: ask the hub again from the last one handed out.
        ++m_figures.gapResumes;
        spdlog::info("intake stream: event {} missing, resuming after it", m_lastId + 1);
        m_reply->abort();
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
    if (m_streaming) {
        m_streaming = false;
        emit connectedChanged(false);
    }
    if (!m_running)
        return;
    if (status >= 400) {
        const QJsonObject err = QJsonDocument::fromJson(reply->readAll())
                                    .object()
                                    .value(QLatin1String("error"))
                                    .toObject();
        spdlog::warn("intake stream: hub answered {} ({}); retrying", status,
                     err.value(QLatin1String("message")).toString());
    } else {
        ++m_figures.drops;
    }
    m_gapTimer.stop();
    scheduleReconnect();
}

} // namespace o2c
