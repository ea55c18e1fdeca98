// SPDX-License-Identifier: GPL-3.0-or-later
#include "FaultInjectingProxy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace o2c::sim {

namespace {

using Kind = FaultInjectingProxy::Fault::Kind;

// Odoo 18's answer to execute_kw with a revoked key (odoo-wire 026) and JSON-2's 401 (as the
// simulator playing Odoo 19 sends it).
QByteArray revokedAnswer(const HttpRequestMessage &request) {
    if (request.path.startsWith(QLatin1String("/json/2/")))
        return httpResponse(
            401, "application/json; charset=utf-8",
            R"({"name": "werkzeug.exceptions.Unauthorized", )"
            R"("message": "401 Unauthorized: Invalid apikey", )"
            R"("arguments": ["401 Unauthorized: Invalid apikey"], "context": {}, "debug": ""})");
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QJsonValue id = body.value(QStringLiteral("id"));
    QJsonObject answer{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), id}};
    if (request.body.contains("\"authenticate\"")) {
        answer.insert(QStringLiteral("result"), false);
    } else {
        answer.insert(
            QStringLiteral("error"),
            QJsonObject{
                {QStringLiteral("code"), 200},
                {QStringLiteral("message"), QStringLiteral("Odoo Server Error")},
                {QStringLiteral("data"),
                 QJsonObject{
                     {QStringLiteral("name"), QStringLiteral("odoo.exceptions.AccessDenied")},
                     {QStringLiteral("debug"), QString()},
                     {QStringLiteral("message"), QStringLiteral("Access Denied")},
                     {QStringLiteral("arguments"), QJsonArray{QStringLiteral("Access Denied")}},
                     {QStringLiteral("context"), QJsonObject{}}}}});
    }
    return httpResponse(200, "application/json; charset=utf-8",
                        QJsonDocument(answer).toJson(QJsonDocument::Compact));
}

} // namespace

FaultInjectingProxy::FaultInjectingProxy(QUrl upstream, QObject *parent)
    : QObject(parent)
    , m_upstream(std::move(upstream))
    , m_server(new QTcpServer(this)) {
    connect(m_server, &QTcpServer::newConnection, this, &FaultInjectingProxy::onConnection);
}

FaultInjectingProxy::~FaultInjectingProxy() = default;

bool FaultInjectingProxy::listen(const QHostAddress &address, quint16 port) {
    return m_server->listen(address, port);
}

quint16 FaultInjectingProxy::port() const {
    return m_server->serverPort();
}

QUrl FaultInjectingProxy::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

void FaultInjectingProxy::inject(const Fault &fault) {
    m_faults.append(fault);
}

void FaultInjectingProxy::clearFaults() {
    m_faults.clear();
    m_revoked = false;
}

void FaultInjectingProxy::onConnection() {
    while (QTcpSocket *client = m_server->nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
            buffer->append(client->readAll());
            HttpRequestMessage request;
            while (takeHttpRequest(*buffer, &request))
                handle(client, request);
        });
    }
}

void FaultInjectingProxy::handle(QTcpSocket *client, const HttpRequestMessage &request) {
    ++m_requests;
    emit requestArrived(request.path, request.body);
    std::optional<Fault> fault;
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        Fault &f = m_faults[i];
        if (!request.path.contains(f.pathContains) ||
            (!f.bodyContains.isEmpty() && !request.body.contains(f.bodyContains)))
            continue;
        fault = f;
        if (f.times > 0 && --f.times == 0)
            m_faults.removeAt(i);
        break;
    }
    if (fault && fault->kind == Kind::RevokedKey)
        m_revoked = true;
    const bool revokedCall =
        m_revoked && request.path != QLatin1String("/web/webclient/version_info");
    QPointer<QTcpSocket> peer(client);
    const auto send = [peer](const QByteArray &bytes) {
        if (!peer)
            return;
        peer->write(bytes);
        peer->disconnectFromHost();
    };
    if (revokedCall) {
        if (fault)
            ++m_applied;
        send(revokedAnswer(request));
        return;
    }
    if (!fault) {
        forward(client, request, [send](QTcpSocket *, const QByteArray &r) { send(r); });
        return;
    }
    ++m_applied;
    emit faultApplied(int(fault->kind), request.path);
    switch (fault->kind) {
    case Kind::HttpError:
        send(httpResponse(fault->status, "text/html",
                          "<html><head><title>" + QByteArray::number(fault->status) +
                              "</title></head><body>The server is in trouble</body></html>"));
        return;
    case Kind::Timeout:
        return; // the client's own timeout ends it
    case Kind::MalformedJson:
        send(httpResponse(200, "application/json", "<html><body>Please sign in</body></html>"));
        return;
    case Kind::RateLimited:
        send(httpResponse(429, "text/plain", "Too Many Requests",
                          {{"Retry-After", QByteArray::number(fault->retryAfterSeconds)}}));
        return;
    case Kind::Slow: {
        const int delay = fault->delayMs;
        forward(client, request, [send, delay, this](QTcpSocket *, const QByteArray &r) {
            QTimer::singleShot(delay, this, [send, r] { send(r); });
        });
        return;
    }
    case Kind::ResetMidBody:
    case Kind::TruncatedJson: {
        const bool reset = fault->kind == Kind::ResetMidBody;
        forward(client, request, [peer, reset](QTcpSocket *, const QByteArray &r) {
            if (!peer)
                return;
            const qsizetype headEnd = r.indexOf("\r\n\r\n");
            const QByteArray body = headEnd < 0 ? QByteArray() : r.mid(headEnd + 4);
            const QByteArray half = body.left(body.size() / 2);
            if (reset) {
                // The promised length never arrives: the peer sees the connection reset.
                peer->write(r.left(headEnd + 4));
                peer->write(half);
                peer->flush();
                peer->abort();
            } else {
                peer->write(httpResponse(200, "application/json; charset=utf-8", half));
                peer->disconnectFromHost();
            }
        });
        return;
    }
    case Kind::RevokedKey:
        return; // handled above
    }
}

void FaultInjectingProxy::forward(
    QTcpSocket *client, const HttpRequestMessage &request,
    std::function<void(QTcpSocket *client, const QByteArray &response)> deliver) {
    auto *up = new QTcpSocket(this);
    auto response = std::make_shared<QByteArray>();
    QByteArray out = request.method + ' ' + request.path.toLatin1() + " HTTP/1.1\r\n";
    for (const auto &h : request.headers)
        if (h.first.compare("Connection", Qt::CaseInsensitive) != 0)
            out += h.first + ": " + h.second + "\r\n";
    out += "Connection: close\r\n\r\n" + request.body;
    QPointer<QTcpSocket> peer(client);
    connect(up, &QTcpSocket::connected, up, [up, out] { up->write(out); });
    auto done = std::make_shared<bool>(false);
    const auto finish = [up, response, peer, deliver, done] {
        if (*done)
            return;
        *done = true;
        if (up->isOpen())
            response->append(up->readAll());
        up->disconnect();
        up->abort();
        up->deleteLater();
        if (peer)
            deliver(peer, response->isEmpty() ? httpResponse(502, "text/plain", "upstream gone")
                                              : *response);
    };
    connect(up, &QTcpSocket::readyRead, up, [up, response, finish] {
        response->append(up->readAll());
        if (httpResponseComplete(*response))
            finish();
    });
    connect(up, &QTcpSocket::disconnected, up, finish);
    connect(up, &QTcpSocket::errorOccurred, up, [up, finish](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError ||
            up->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
    up->connectToHost(m_upstream.host(), quint16(m_upstream.port(8069)));
}

} // namespace o2c::sim
