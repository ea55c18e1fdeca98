// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

    bool isError() const { return kind != Kind::None; }
    // Only what can succeed when simply sent again.
    bool isTransient() const
    {
        return kind == Kind::NetworkFailure || kind == Kind::Timeout ||
               (kind == Kind::ServerError && (httpStatus == 502 || httpStatus == 503 ||
                                              httpStatus == 504 || httpStatus == 429));
    }
    static QString kindKey(Kind k);
};

} // namespace o2c::odoo
