// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>
#include <QString>

namespace o2c::odoo {

// What went wrong talking to Odoo, classified so the cockpit can react (retry, sign in again,
// tell the planner). `serverName`/`serverMessage` keep Odoo's own words for the log.
struct OdooError {
    enum class Kind : quint8 {
        None,
        AccessDenied,    // wrong password or API key, revoked key (odoo.exceptions.AccessDenied)
        AccessError,     // no right on a model, record or field (odoo.exceptions.AccessError)
        MissingRecord,   // odoo.exceptions.MissingError
        ValidationError, // odoo.exceptions.ValidationError (constraints)
        UserError,       // odoo.exceptions.UserError (business refusal)
        UnknownModel,    // UserError "Object x doesn't exist"
        UnknownField,    // builtins.ValueError "Invalid field ..."
        WrongDatabase,   // psycopg2.OperationalError: database does not exist
        SessionExpired,  // odoo.http.SessionExpiredException
        MalformedAnswer, // not JSON, not JSON-RPC, unexpected shape
        ServerError,     // any other server-side exception, HTTP 5xx
        RateLimited,     // HTTP 429 Too Many Requests (a proxy or Odoo's own rate limit)
        SignInRequired,  // the key or password was refused earlier; nothing is sent until sign-in
        NetworkFailure,  // connection refused, reset, DNS, TLS, timeout
        Timeout,
        TlsError,
        Cancelled,
    };

    Kind kind = Kind::None;
    QString message;       // for the planner: what happened and what to do
    QString serverName;    // error.data.name, e.g. "odoo.exceptions.UserError"
    QString serverMessage; // error.data.message as Odoo wrote it
    int httpStatus = 0;

    int retryAfterMs = -1;     // the server's Retry-After, -1 when none was given
    bool notDelivered = false; // the request surely never reached Odoo (refused, no such host)
    bool incomplete = false;   // an answer cut short (truncated JSON), not a wrong one

    bool isError() const { return kind != Kind::None; }
    // Only what can succeed when simply sent again: the network, a server that is restarting or
    // overloaded (502/503/504), a rate limit, an answer cut short.
    bool isTransient() const {
        return kind == Kind::NetworkFailure || kind == Kind::Timeout || kind == Kind::RateLimited ||
               (kind == Kind::MalformedAnswer && incomplete) ||
               (kind == Kind::ServerError &&
                (httpStatus == 502 || httpStatus == 503 || httpStatus == 504));
    }
    // Transient and certainly not executed by Odoo, so even a write may be sent again.
    bool safeToResend() const {
        return notDelivered || kind == Kind::RateLimited ||
               (kind == Kind::ServerError && httpStatus == 503);
    }
    // The connection itself is at fault (feeds the circuit breaker).
    bool isConnectionProblem() const {
        return kind == Kind::NetworkFailure || kind == Kind::Timeout ||
               (kind == Kind::ServerError && httpStatus >= 502 && httpStatus <= 504);
    }
    static QString kindKey(Kind k);
};

} // namespace o2c::odoo

Q_DECLARE_METATYPE(o2c::odoo::OdooError)
