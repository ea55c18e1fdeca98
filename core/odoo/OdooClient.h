// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CircuitBreaker.h"
#include "ConnectionProfile.h"
#include "OdooError.h"
#include "OdooTransport.h"
#include "RetryPolicy.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QRandomGenerator;

namespace o2c::odoo {

struct ServerVersion {
    int major = 0;
    int minor = 0;
    QString serie; // "18.0"
    QString raw;   // server_version as sent (free-form, never parsed)
};

// Asynchronous Odoo client over JSON-RPC (/jsonrpc, services common and object; Odoo 16-21) or
// JSON-2 (/json/2/<model>/<method>; Odoo 19 and later), chosen from the server's version unless
// the profile forces one. Every call answers through a callback on the client's thread, with
// either a result or a typed error.
class OdooClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OdooClient)
public:
    using ResultCallback = std::function<void(const QJsonValue &result, const OdooError &error)>;

    OdooClient(ConnectionProfile profile, OdooTransport *transport, QObject *parent = nullptr);
    ~OdooClient() override;

    const ConnectionProfile &profile() const { return m_profile; }
    int uid() const { return m_uid; }
    bool isAuthenticated() const { return m_uid > 0; }
    ServerVersion serverVersion() const { return m_version; }

    // /web/webclient/version_info, then common.authenticate. Emits authenticated or
    // authenticationFailed; `done` (optional) gets the same outcome.
    void authenticate(std::function<void(const OdooError &)> done = {});

    // object.execute_kw(db, uid, secret, model, method, args, kwargs).
    void executeKw(const QString &model, const QString &method, const QJsonArray &args,
                   const QJsonObject &kwargs, ResultCallback done);

    // Builds the JSON-RPC request body (exposed for the conformance tests).
    QByteArray buildRequest(const QString &service, const QString &method, const QJsonArray &args);
    // The body POSTed to /web/webclient/version_info (params is an empty object).
    QByteArray buildVersionInfoRequest();
    // The positional arguments of object.execute_kw; kwargs are left out when empty, as Odoo's
    // own clients do.
    QJsonArray executeKwArgs(const QString &model, const QString &method, const QJsonArray &args,
                             const QJsonObject &kwargs) const;
    // Reads version_info / common.version's result. Returns false when it is not Odoo's shape.
    static bool parseServerVersion(const QJsonValue &result, ServerVersion *version);
    // The API in use after authenticate() (profile().api, or chosen by the server's version).
    OdooApi api() const { return m_api; }
    static OdooApi chooseApi(const ServerVersion &version, OdooApi forced);
    // The user's language and time zone as Odoo knows them ({"lang", "tz"}), for reads' context.
    QJsonObject userContext() const { return m_userContext; }
    // res.users.context_get; JSON-2 sign-in reads it anyway.
    void fetchUserContext(std::function<void(const OdooError &)> done = {});
    // Maps a JSON-RPC error object ({"code", "message", "data": {"name", "message"}}).
    static OdooError classifyServerError(const QJsonObject &jsonRpcError, int httpStatus);

    // Forgets the session (after AccessDenied or a profile change); authenticate() again.
    void signOut() { m_uid = 0; }

    // Odoo refused the credentials after they had worked (revoked or expired key): no request
    // goes out (each fails with Kind::SignInRequired) until authenticate() is called again.
    bool needsSignIn() const { return m_signInRequired; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }
    const RetryPolicy &retryPolicy() const { return m_retry; }
    // Shared by every call of this client; its state is what the status bar shows.
    CircuitBreaker *circuitBreaker() { return &m_breaker; }
    // Seeds the backoff jitter (tests); the default is the system's generator.
    void setRandomGenerator(QRandomGenerator *random) { m_random = random; }
    int requestsSent() const { return m_requestsSent; } // HTTP requests, retries included
    // Parses a JSON-RPC answer: result (QJsonValue::Undefined when Odoo sent none, i.e. None) or
    // a typed error.
    static QJsonValue parseReply(const TransportReply &reply, OdooError *error);

signals:
    void authenticated(int uid);
    void authenticationFailed(const o2c::odoo::OdooError &error);
    void requestFailed(const o2c::odoo::OdooError &error);
    // A transient failure will be retried after `delayMs`.
    void retrying(const o2c::odoo::OdooError &error, int delayMs);
    // Emitted once when working credentials stop working (see needsSignIn()).
    void signInRequired(const o2c::odoo::OdooError &error);

private:
    struct PendingCall {
        TransportRequest request;
        std::function<QJsonValue(const TransportReply &, OdooError *)> parse;
        ResultCallback done;
        bool idempotent = true;
        bool signIn = false;
        int attempt = 1;
    };
    void call(const QString &service, const QString &method, const QJsonArray &args,
              ResultCallback done, bool idempotent = true);
    void post(const QString &path, const QByteArray &body, ResultCallback done,
              bool idempotent = true);
    void send(std::shared_ptr<PendingCall> call);
    void requireSignIn(const OdooError &error);
    void postJson2(const QString &model, const QString &method, const QJsonArray &args,
                   const QJsonObject &kwargs, ResultCallback done);
    void readServerVersion(std::function<void(const OdooError &)> done);
    void authenticateJson2(std::function<void(const OdooError &)> done);
    void authenticateJsonRpc(std::function<void(const OdooError &)> done);
    static QJsonObject userContextFrom(const QJsonObject &context);
    void finishAuthentication(const OdooError &error,
                              const std::function<void(const OdooError &)> &done);

    ConnectionProfile m_profile;
    QPointer<OdooTransport> m_transport;
    int m_uid = 0;
    int m_nextId = 1;
    ServerVersion m_version;
    OdooApi m_api = OdooApi::JsonRpc;
    QJsonObject m_userContext;
    RetryPolicy m_retry;
    CircuitBreaker m_breaker;
    QRandomGenerator *m_random = nullptr;
    bool m_signInRequired = false;
    OdooError m_signInError;
    int m_requestsSent = 0;
};

} // namespace o2c::odoo
