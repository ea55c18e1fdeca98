// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooClient.h"

#include "Json2Protocol.h"
#include "common/Log.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

namespace o2c::odoo {

namespace {

// HTML error pages (HTTP 400 from werkzeug) reduced to their readable text.
QString plainText(const QByteArray &body) {
    QString s = QString::fromUtf8(body);
    static const QRegularExpression title(QStringLiteral("<title>.*?</title>"),
                                          QRegularExpression::DotMatchesEverythingOption |
                                              QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression blanks(QStringLiteral("\\s+"));
    s.remove(title);
    s.remove(tags);
    s.replace(QStringLiteral("&#39;"), QStringLiteral("'"));
    s.replace(QStringLiteral("&quot;"), QStringLiteral("\""));
    s.replace(QStringLiteral("&lt;"), QStringLiteral("<"));
    s.replace(QStringLiteral("&gt;"), QStringLiteral(">"));
    s.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    s.replace(blanks, QStringLiteral(" "));
    return s.trimmed();
}

QString firstLine(const QString &s) {
    const qsizetype nl = s.indexOf(u'\n');
    return (nl < 0 ? s : s.left(nl)).trimmed();
}

OdooError serverError(const QJsonObject &error, int httpStatus) {
    OdooError e;
    e.httpStatus = httpStatus;
    const QJsonObject data = error.value(QStringLiteral("data")).toObject();
    e.serverName = data.value(QStringLiteral("name")).toString();
    e.serverMessage = data.value(QStringLiteral("message")).toString();
    if (e.serverMessage.isEmpty())
        e.serverMessage = error.value(QStringLiteral("message")).toString();
    const QString &name = e.serverName;
    const QString &msg = e.serverMessage;
    using K = OdooError::Kind;

    if (error.value(QStringLiteral("code")).toInt() == 100 ||
        name == QLatin1String("odoo.http.SessionExpiredException")) {
        e.kind = K::SessionExpired;
        e.message = QObject::tr("The Odoo session expired. Sign in again.");
    } else if (name == QLatin1String("odoo.exceptions.AccessDenied")) {
        e.kind = K::AccessDenied;
        e.message = QObject::tr("Sign-in refused: check the login and password or API key");
    } else if (name == QLatin1String("odoo.exceptions.AccessError")) {
        e.kind = K::AccessError;
        e.message = QObject::tr("Odoo refused access: %1 Ask your Odoo administrator for the "
                                "missing rights.")
                        .arg(firstLine(msg));
    } else if (name == QLatin1String("odoo.exceptions.MissingError")) {
        e.kind = K::MissingRecord;
        e.message = QObject::tr("The record no longer exists in Odoo (it was deleted). Refresh the "
                                "orders and try again.");
    } else if (name == QLatin1String("odoo.exceptions.ValidationError")) {
        e.kind = K::ValidationError;
        e.message = QObject::tr("Odoo rejected the change: %1").arg(firstLine(msg));
    } else if (name == QLatin1String("odoo.exceptions.UserError") ||
               name.startsWith(QLatin1String("odoo.exceptions."))) {
        static const QRegularExpression noModel(QStringLiteral("^Object (\\S+) doesn't exist"));
        const auto m = noModel.match(msg);
        if (m.hasMatch()) {
            e.kind = K::UnknownModel;
            e.message = QObject::tr("This Odoo server has no model %1: the module that provides it "
                                    "is not installed. Ask your Odoo administrator.")
                            .arg(m.captured(1));
        } else {
            e.kind = K::UserError;
            e.message = QObject::tr("Odoo refused: %1").arg(firstLine(msg));
        }
    } else if (name == QLatin1String("builtins.ValueError") &&
               msg.startsWith(QLatin1String("Invalid field"))) {
        e.kind = K::UnknownField;
        e.message =
            QObject::tr("Odoo does not know a field the cockpit asked for (%1). The server's "
                        "version or installed modules differ from what the cockpit expects.")
                .arg(firstLine(msg));
    } else if (name == QLatin1String("psycopg2.OperationalError") &&
               msg.contains(QLatin1String("does not exist"))) {
        static const QRegularExpression db(QStringLiteral("database \"([^\"]+)\" does not exist"));
        const auto m = db.match(msg);
        e.kind = K::WrongDatabase;
        e.message = QObject::tr("The database \"%1\" does not exist on this Odoo server. Check the "
                                "database name in the connection profile.")
                        .arg(m.hasMatch() ? m.captured(1) : QObject::tr("(unnamed)"));
    } else {
        e.kind = K::ServerError;
        e.message = QObject::tr("Odoo reported an internal error (%1: %2). If it persists, give "
                                "the log to your Odoo administrator.")
                        .arg(name.isEmpty() ? QObject::tr("no name") : name, firstLine(msg));
    }
    return e;
}

QString rateLimitedMessage(int retryAfterMs) {
    return retryAfterMs >= 0
               ? QObject::tr("Odoo asks the cockpit to slow down (HTTP 429); it waits %1 s as the "
                             "server asked and tries again.")
                     .arg((retryAfterMs + 999) / 1000)
               : QObject::tr("Odoo asks the cockpit to slow down (HTTP 429); it waits and tries "
                             "again.");
}

bool looksTruncated(const QByteArray &body, const QJsonParseError &error) {
    const QByteArray t = body.trimmed();
    if (t.isEmpty() || (t.front() != '{' && t.front() != '['))
        return false;
    return error.error == QJsonParseError::UnterminatedObject ||
           error.error == QJsonParseError::UnterminatedArray ||
           error.error == QJsonParseError::UnterminatedString || error.offset >= t.size() - 1;
}

bool isReadMethod(const QString &method) {
    static const QSet<QString> reads{
        QStringLiteral("search_read"),
        QStringLiteral("read"),
        QStringLiteral("search"),
        QStringLiteral("search_count"),
        QStringLiteral("fields_get"),
        QStringLiteral("name_search"),
        QStringLiteral("context_get"),
        QStringLiteral("default_get"),
        QStringLiteral("read_group"),
        QStringLiteral("web_search_read"),
        QStringLiteral("check_access_rights"),
        QStringLiteral("has_group"),
    };
    return reads.contains(method);
}

} // namespace

OdooClient::OdooClient(ConnectionProfile profile, OdooTransport *transport, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_transport(transport) {}

OdooClient::~OdooClient() = default;

QByteArray OdooClient::buildRequest(const QString &service, const QString &method,
                                    const QJsonArray &args) {
    const QJsonObject body{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("method"), QStringLiteral("call")},
        {QStringLiteral("params"), QJsonObject{{QStringLiteral("service"), service},
                                               {QStringLiteral("method"), method},
                                               {QStringLiteral("args"), args}}},
        {QStringLiteral("id"), m_nextId++},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray OdooClient::buildVersionInfoRequest() {
    const QJsonObject body{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("method"), QStringLiteral("call")},
        {QStringLiteral("params"), QJsonObject{}},
        {QStringLiteral("id"), m_nextId++},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonArray OdooClient::executeKwArgs(const QString &model, const QString &method,
                                     const QJsonArray &args, const QJsonObject &kwargs) const {
    QJsonArray a{m_profile.database, m_uid, m_profile.secret, model, method, args};
    if (!kwargs.isEmpty())
        a.append(kwargs);
    return a;
}

QJsonValue OdooClient::parseReply(const TransportReply &reply, OdooError *error) {
    OdooError e;
    QJsonValue result = QJsonValue::Undefined;
    auto done = [&] {
        if (error)
            *error = e;
        return e.isError() ? QJsonValue(QJsonValue::Undefined) : result;
    };
    if (reply.networkError.isError()) {
        e = reply.networkError;
        return done();
    }
    e.httpStatus = reply.httpStatus;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &parseError);
    const bool isJson = parseError.error == QJsonParseError::NoError && doc.isObject();

    e.retryAfterMs = RetryPolicy::parseRetryAfter(reply.retryAfter);
    if (reply.httpStatus != 200 && !(isJson && doc.object().contains(QStringLiteral("error")))) {
        const QString text = plainText(reply.body).left(500);
        e.serverMessage = text;
        if (reply.httpStatus == 429) {
            e.kind = OdooError::Kind::RateLimited;
            e.message = rateLimitedMessage(e.retryAfterMs);
        } else if (reply.httpStatus == 400) {
            e.kind = OdooError::Kind::MalformedAnswer;
            e.message =
                QObject::tr("Odoo could not read the cockpit's request (HTTP 400: %1). "
                            "This is a defect of the cockpit; please report it with the log.")
                    .arg(text);
        } else if (reply.httpStatus == 404) {
            e.kind = OdooError::Kind::MalformedAnswer;
            e.message =
                QObject::tr("The server answered \"not found\" (HTTP 404): the address does "
                            "not look like an Odoo server. Check the URL in the connection "
                            "profile.");
        } else {
            e.kind = OdooError::Kind::ServerError;
            e.message =
                text.isEmpty()
                    ? QObject::tr("Odoo answered with HTTP error %1. The cockpit will try again "
                                  "if this is temporary.")
                          .arg(reply.httpStatus)
                    : QObject::tr("Odoo answered with HTTP error %1 (%2). The cockpit will try "
                                  "again if this is temporary.")
                          .arg(reply.httpStatus)
                          .arg(text);
        }
        return done();
    }
    if (!isJson) {
        e.kind = OdooError::Kind::MalformedAnswer;
        e.incomplete = looksTruncated(reply.body, parseError);
        e.serverMessage = QString::fromUtf8(reply.body.left(500));
        e.message = QObject::tr("The server's answer is not Odoo JSON-RPC (%1). Check that the URL "
                                "points at Odoo and not at a proxy or login page.")
                        .arg(parseError.error == QJsonParseError::NoError
                                 ? QObject::tr("JSON but not an object")
                                 : parseError.errorString());
        return done();
    }
    const QJsonObject o = doc.object();
    const QJsonValue err = o.value(QStringLiteral("error"));
    if (!err.isUndefined() && !err.isNull()) {
        if (!err.isObject()) {
            e.kind = OdooError::Kind::MalformedAnswer;
            e.message = QObject::tr("Odoo sent an error the cockpit cannot read.");
            return done();
        }
        e = serverError(err.toObject(), reply.httpStatus);
        return done();
    }
    // No "result" member: the method returned None (057) — a success without a value.
    result = o.value(QStringLiteral("result"));
    return done();
}

OdooError OdooClient::classifyServerError(const QJsonObject &jsonRpcError, int httpStatus) {
    return serverError(jsonRpcError, httpStatus);
}

OdooApi OdooClient::chooseApi(const ServerVersion &version, OdooApi forced) {
    if (forced != OdooApi::Auto)
        return forced;
    return version.major >= 19 ? OdooApi::Json2 : OdooApi::JsonRpc;
}

bool OdooClient::parseServerVersion(const QJsonValue &result, ServerVersion *version) {
    const QJsonObject o = result.toObject();
    const QJsonArray info = o.value(QStringLiteral("server_version_info")).toArray();
    if (info.size() < 2)
        return false;
    ServerVersion v;
    if (info.at(0).isDouble()) {
        v.major = info.at(0).toInt();
    } else {
        // Odoo Online names its versions "saas~18" (release 18.3 is ["saas~18", 3, ...]).
        QString major = info.at(0).toString();
        major.remove(QStringLiteral("saas~"));
        bool ok = false;
        v.major = major.toInt(&ok);
        if (!ok)
            return false;
    }
    v.minor = info.at(1).toInt();
    v.serie = o.value(QStringLiteral("server_serie")).toString();
    v.raw = o.value(QStringLiteral("server_version")).toString();
    if (version)
        *version = v;
    return true;
}

void OdooClient::post(const QString &path, const QByteArray &body, ResultCallback done,
                      bool idempotent) {
    auto c = std::make_shared<PendingCall>();
    c->request.path = path;
    c->request.body = body;
    c->idempotent = idempotent;
    c->parse = &OdooClient::parseReply;
    c->done = std::move(done);
    send(std::move(c));
}

void OdooClient::send(std::shared_ptr<PendingCall> c) {
    OdooError refused;
    if (!m_transport) {
        refused.kind = OdooError::Kind::NetworkFailure;
        refused.message = tr("No connection to Odoo is configured.");
    } else if (m_signInRequired && !c->signIn) {
        refused = m_signInError;
        refused.kind = OdooError::Kind::SignInRequired;
    } else if (!m_breaker.allowRequest()) {
        refused.kind = OdooError::Kind::NetworkFailure;
        refused.notDelivered = true;
        refused.message = tr("Odoo did not answer the last %1 requests; the cockpit pauses for "
                             "%2 s before it tries again.")
                              .arg(m_breaker.threshold())
                              .arg((m_breaker.remainingOpenMs() + 999) / 1000);
    }
    if (refused.isError()) {
        c->done(QJsonValue::Undefined, refused);
        return;
    }
    if (spdlog::should_log(spdlog::level::trace)) {
        QString text = QString::fromUtf8(c->request.body);
        if (!m_profile.secret.isEmpty())
            text.replace(m_profile.secret, QStringLiteral("***"));
        spdlog::trace("Odoo POST {} {}", c->request.path, o2c::log::redact(text));
    }
    ++m_requestsSent;
    QPointer<OdooClient> self(this);
    m_transport->send(c->request, [self, c](const TransportReply &r) {
        if (!self)
            return;
        OdooError e;
        const QJsonValue result = c->parse(r, &e);
        if (!e.isError()) {
            self->m_breaker.recordSuccess();
            c->done(result, e);
            return;
        }
        if (e.kind == OdooError::Kind::Cancelled) {
            c->done(result, e);
            return;
        }
        if (e.isConnectionProblem())
            self->m_breaker.recordFailure();
        else
            self->m_breaker.recordNeutral();
        spdlog::debug("Odoo {} failed (attempt {}): {} [{}] {}", c->request.path, c->attempt,
                      OdooError::kindKey(e.kind), e.serverName, e.serverMessage.left(300));
        if (self->m_retry.shouldRetry(c->attempt, e, c->idempotent)) {
            const int delay = self->m_retry.delayMs(c->attempt, e, self->m_random);
            ++c->attempt;
            emit self->retrying(e, delay);
            QTimer::singleShot(delay, self.data(), [self, c] {
                if (self)
                    self->send(c);
            });
            return;
        }
        if (e.kind == OdooError::Kind::AccessDenied && !c->signIn && self->m_uid > 0) {
            // A key revoked or a password changed while signed in: stop here, one clear state,
            // no more calls until someone signs in again.
            self->requireSignIn(e);
        }
        emit self->requestFailed(e);
        c->done(result, e);
    });
}

void OdooClient::requireSignIn(const OdooError &error) {
    m_uid = 0;
    if (m_signInRequired)
        return;
    m_signInRequired = true;
    m_signInError = error;
    m_signInError.message =
        tr("Odoo no longer accepts the password or API key of %1 (it may have "
           "been revoked or expired). Sign in again.")
            .arg(m_profile.login.isEmpty() ? tr("this connection") : m_profile.login);
    spdlog::warn("Odoo: {}", m_signInError.message);
    emit signInRequired(m_signInError);
}

void OdooClient::call(const QString &service, const QString &method, const QJsonArray &args,
                      ResultCallback done, bool idempotent) {
    post(QStringLiteral("/jsonrpc"), buildRequest(service, method, args), std::move(done),
         idempotent);
}

void OdooClient::executeKw(const QString &model, const QString &method, const QJsonArray &args,
                           const QJsonObject &kwargs, ResultCallback done) {
    if (m_signInRequired) {
        OdooError e = m_signInError;
        e.kind = OdooError::Kind::SignInRequired;
        done(QJsonValue::Undefined, e);
        return;
    }
    if (!isAuthenticated()) {
        OdooError e;
        e.kind = OdooError::Kind::AccessDenied;
        e.message = tr("Not signed in to Odoo. Sign in first.");
        done(QJsonValue::Undefined, e);
        return;
    }
    if (m_api == OdooApi::Json2) {
        postJson2(model, method, args, kwargs, std::move(done));
        return;
    }
    call(QStringLiteral("object"), QStringLiteral("execute_kw"),
         executeKwArgs(model, method, args, kwargs), std::move(done), isReadMethod(method));
}

void OdooClient::finishAuthentication(const OdooError &error,
                                      const std::function<void(const OdooError &)> &done) {
    if (error.isError()) {
        m_uid = 0;
        spdlog::warn("Odoo sign-in to {} as {} failed: {}", m_profile.url.toDisplayString(),
                     m_profile.login, error.message);
        emit authenticationFailed(error);
    } else {
        spdlog::info("Signed in to Odoo {} ({}) database {} as {} (uid {})",
                     m_profile.url.toDisplayString(), m_version.serie, m_profile.database,
                     m_profile.login, m_uid);
        emit authenticated(m_uid);
    }
    if (done)
        done(error);
}

void OdooClient::postJson2(const QString &model, const QString &method, const QJsonArray &args,
                           const QJsonObject &kwargs, ResultCallback done) {
    QJsonObject body;
    QString problem;
    if (!json2::namedArguments(method, args, kwargs, &body, &problem)) {
        OdooError e;
        e.kind = OdooError::Kind::MalformedAnswer;
        e.serverMessage = problem;
        e.message = tr("The cockpit cannot express the call %1.%2 for Odoo's JSON-2 API (%3). "
                       "This is a defect of the cockpit; choose JSON-RPC in the connection "
                       "profile meanwhile.")
                        .arg(model, method, problem);
        done(QJsonValue::Undefined, e);
        return;
    }
    auto c = std::make_shared<PendingCall>();
    c->request.path = json2::path(model, method);
    c->request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    c->request.headers = json2::headers(m_profile);
    c->idempotent = isReadMethod(method);
    c->parse = &json2::parseReply;
    c->done = std::move(done);
    send(std::move(c));
}

void OdooClient::readServerVersion(std::function<void(const OdooError &)> done) {
    post(QStringLiteral("/web/webclient/version_info"), buildVersionInfoRequest(),
         [this, done](const QJsonValue &result, const OdooError &error) {
             if (!error.isError() && parseServerVersion(result, &m_version)) {
                 done({});
                 return;
             }
             if (error.isError() &&
                 (error.isTransient() || error.kind == OdooError::Kind::TlsError)) {
                 done(error);
                 return;
             }
             // Some proxies only let the external API through: ask common.version instead.
             call(QStringLiteral("common"), QStringLiteral("version"), {},
                  [this, done](const QJsonValue &r2, const OdooError &e2) {
                      if (e2.isError()) {
                          done(e2);
                          return;
                      }
                      if (!parseServerVersion(r2, &m_version)) {
                          OdooError e;
                          e.kind = OdooError::Kind::MalformedAnswer;
                          e.message = tr("The server did not report an Odoo version. Check that "
                                         "the URL points at an Odoo server.");
                          done(e);
                          return;
                      }
                      done({});
                  });
         });
}

void OdooClient::authenticate(std::function<void(const OdooError &)> done) {
    m_uid = 0;
    m_signInRequired = false;
    m_breaker.reset(); // someone asked for this attempt: let it through
    readServerVersion([this, done](const OdooError &error) {
        if (error.isError()) {
            finishAuthentication(error, done);
            return;
        }
        m_api = chooseApi(m_version, m_profile.api);
        if (m_api == OdooApi::Json2)
            authenticateJson2(done);
        else
            authenticateJsonRpc(done);
    });
}

void OdooClient::authenticateJson2(std::function<void(const OdooError &)> done) {
    // The key alone identifies the user; context_get tells who that is (uid) and their language
    // and time zone.
    postJson2(QStringLiteral("res.users"), QStringLiteral("context_get"), {}, {},
              [this, done](const QJsonValue &result, const OdooError &error) {
                  if (error.isError()) {
                      if (error.kind == OdooError::Kind::AccessDenied &&
                          m_profile.api == OdooApi::Auto && m_version.major < 22) {
                          // A password, not an API key: JSON-RPC still takes it on this server.
                          spdlog::info("Odoo JSON-2 refused the secret; signing in with JSON-RPC");
                          m_api = OdooApi::JsonRpc;
                          authenticateJsonRpc(done);
                          return;
                      }
                      finishAuthentication(error, done);
                      return;
                  }
                  const QJsonObject context = result.toObject();
                  const int uid = context.value(QStringLiteral("uid")).toInt();
                  if (uid <= 0) {
                      OdooError e;
                      e.kind = OdooError::Kind::MalformedAnswer;
                      e.message = tr("Odoo accepted the API key but did not say which user it "
                                     "belongs to. Check that the server is Odoo 19 or later.");
                      finishAuthentication(e, done);
                      return;
                  }
                  m_userContext = userContextFrom(context);
                  m_uid = uid;
                  finishAuthentication({}, done);
              });
}

void OdooClient::authenticateJsonRpc(std::function<void(const OdooError &)> done) {
    const QJsonArray args{m_profile.database, m_profile.login, m_profile.secret, QJsonObject{}};
    call(QStringLiteral("common"), QStringLiteral("authenticate"), args,
         [this, done](const QJsonValue &uid, const OdooError &authError) {
             if (authError.isError()) {
                 finishAuthentication(authError, done);
                 return;
             }
             // Bad credentials are not an error on this route: the result is false (006).
             if (!uid.isDouble() || uid.toInt() <= 0) {
                 OdooError e;
                 e.kind = OdooError::Kind::AccessDenied;
                 e.message = tr("Sign-in refused: check the login and password or API key");
                 e.serverMessage = QStringLiteral("common.authenticate returned false");
                 finishAuthentication(e, done);
                 return;
             }
             m_uid = uid.toInt();
             finishAuthentication({}, done);
         });
}

QJsonObject OdooClient::userContextFrom(const QJsonObject &context) {
    QJsonObject c;
    for (const char *key : {"lang", "tz"}) {
        const QJsonValue v = context.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            c.insert(QLatin1String(key), v);
    }
    return c;
}

void OdooClient::fetchUserContext(std::function<void(const OdooError &)> done) {
    executeKw(QStringLiteral("res.users"), QStringLiteral("context_get"), {}, {},
              [this, done](const QJsonValue &result, const OdooError &error) {
                  if (!error.isError())
                      m_userContext = userContextFrom(result.toObject());
                  if (done)
                      done(error);
              });
}

} // namespace o2c::odoo
