// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpOdooTransport.h"

#include "common/Log.h"

#include <QFile>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>

namespace o2c::odoo {

HttpOdooTransport::HttpOdooTransport(const ConnectionProfile &profile, QObject *parent)
    : OdooTransport(parent)
    , m_base(profile.url)
    , m_timeoutMs(profile.requestTimeoutMs > 0 ? profile.requestTimeoutMs : 30000)
    , m_ssl(QSslConfiguration::defaultConfiguration()) {
    m_ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!profile.caBundle.isEmpty()) {
        if (!QFile::exists(profile.caBundle)) {
            m_setupProblem =
                tr("The CA certificate file %1 does not exist; only the system's trusted "
                   "certificates are used. Check the path in the connection profile.")
                    .arg(profile.caBundle);
        } else {
            const QList<QSslCertificate> certs =
                QSslCertificate::fromPath(profile.caBundle, QSsl::Pem);
            if (certs.isEmpty())
                m_setupProblem = tr("The CA certificate file %1 holds no PEM certificate; only the "
                                    "system's trusted certificates are used.")
                                     .arg(profile.caBundle);
            else
                m_ssl.addCaCertificates(certs);
        }
        if (!m_setupProblem.isEmpty())
            spdlog::warn("{}", m_setupProblem);
    }
}

HttpOdooTransport::~HttpOdooTransport() {
    // Callbacks must not run into a half-destroyed owner.
    const auto replies = m_pending.keys();
    m_pending.clear();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
}

void HttpOdooTransport::send(const TransportRequest &req, Callback done) {
    QUrl url = m_base;
    QString basePath = url.path();
    if (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + req.path);

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("O2C-Cockpit"));
    for (const auto &h : req.headers)
        request.setRawHeader(h.first, h.second);
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(m_ssl);

    QNetworkReply *reply = m_nam.post(request, req.body);
    Pending p;
    p.done = std::move(done);
    p.timer = new QTimer(reply);
    p.timer->setSingleShot(true);
    connect(p.timer, &QTimer::timeout, this, [this, reply] {
        auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        it->timedOut = true;
        reply->abort();
    });
    p.timer->start(req.timeoutMs > 0 ? req.timeoutMs : m_timeoutMs);
    p.timeoutMs = req.timeoutMs > 0 ? req.timeoutMs : m_timeoutMs;
    m_pending.insert(reply, std::move(p));

    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        auto it = m_pending.find(reply);
        if (it == m_pending.end())
            return;
        for (const QSslError &e : errors)
            it->sslProblems.append(e.errorString());
        // Deliberately not calling ignoreSslErrors(): the handshake fails and finish() reports it.
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
}

void HttpOdooTransport::cancelAll() {
    const auto replies = m_pending.keys();
    for (QNetworkReply *r : replies) {
        auto it = m_pending.find(r);
        if (it == m_pending.end())
            continue;
        it->cancelled = true;
        it->done = {}; // cancelAll(): the callback is not called
        r->abort();
    }
}

OdooError HttpOdooTransport::networkError(QNetworkReply *reply, const Pending &p) const {
    OdooError e;
    const QString host = m_base.host();
    const QString where = m_base.port() > 0 ? host + u':' + QString::number(m_base.port()) : host;
    e.serverMessage = reply->errorString();
    if (p.timedOut) {
        e.kind = OdooError::Kind::Timeout;
        e.message = tr("Odoo at %1 did not answer within %2 s. The server may be busy; the cockpit "
                       "will try again. Raise the request timeout in the connection profile if "
                       "this keeps happening.")
                        .arg(where)
                        .arg(p.timeoutMs / 1000.0, 0, 'g', 3);
        return e;
    }
    if (p.cancelled) {
        e.kind = OdooError::Kind::Cancelled;
        e.message = tr("The request to Odoo was cancelled.");
        return e;
    }
    if (!p.sslProblems.isEmpty() || reply->error() == QNetworkReply::SslHandshakeFailedError) {
        e.kind = OdooError::Kind::TlsError;
        const QString problems = p.sslProblems.isEmpty() ? reply->errorString()
                                                         : p.sslProblems.join(QStringLiteral("; "));
        e.message = tr("The secure connection to %1 was refused because its certificate cannot be "
                       "trusted: %2. Ask your administrator for the server's CA certificate and "
                       "add it to the connection profile.")
                        .arg(where, problems);
        return e;
    }
    e.kind = OdooError::Kind::NetworkFailure;
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        e.notDelivered = true;
        e.message = tr("Odoo at %1 refused the connection. Check that the server address and port "
                       "are right and that Odoo is running.")
                        .arg(where);
        break;
    case QNetworkReply::HostNotFoundError:
        e.notDelivered = true;
        e.message = tr("The server name %1 could not be found. Check the address in the connection "
                       "profile and your network connection.")
                        .arg(host);
        break;
    case QNetworkReply::RemoteHostClosedError:
        e.message = tr("Odoo at %1 closed the connection before answering. The cockpit will try "
                       "again.")
                        .arg(where);
        break;
    case QNetworkReply::TimeoutError:
        e.kind = OdooError::Kind::Timeout;
        e.message =
            tr("The connection to Odoo at %1 timed out. The cockpit will try again.").arg(where);
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        e.message = tr("The network proxy did not let the cockpit reach %1 (%2). Check the proxy "
                       "settings.")
                        .arg(where, reply->errorString());
        break;
    default:
        e.message = tr("The connection to Odoo at %1 failed: %2. Check your network; the cockpit "
                       "will try again.")
                        .arg(where, reply->errorString());
        break;
    }
    return e;
}

void HttpOdooTransport::finish(QNetworkReply *reply) {
    auto it = m_pending.find(reply);
    if (it == m_pending.end())
        return;
    Pending p = std::move(*it);
    m_pending.erase(it);
    if (p.timer)
        p.timer->stop();
    reply->deleteLater();
    if (!p.done)
        return;

    TransportReply r;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    // Errors below 200 are the connection's (reset, timeout, proxy): a status line may have
    // arrived, but the body is cut short and must not be read as an answer.
    const bool connectionFailed =
        reply->error() != QNetworkReply::NoError && int(reply->error()) < 200;
    if (status.isValid() && status.toInt() > 0 && !p.timedOut && !p.cancelled &&
        !connectionFailed) {
        // Any HTTP answer, even 4xx/5xx, is the client's to interpret.
        r.httpStatus = status.toInt();
        r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        r.retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        r.body = reply->readAll();
    } else {
        r.networkError = networkError(reply, p);
        spdlog::debug("Odoo transport: {} ({})", r.networkError.message,
                      r.networkError.serverMessage);
    }
    p.done(r);
}

} // namespace o2c::odoo
