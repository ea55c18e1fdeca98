// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooError.h"

namespace o2c::odoo {

QString OdooError::kindKey(Kind k) {
    switch (k) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::AccessDenied:
        return QStringLiteral("access_denied");
    case Kind::AccessError:
        return QStringLiteral("access_error");
    case Kind::MissingRecord:
        return QStringLiteral("missing_record");
    case Kind::ValidationError:
        return QStringLiteral("validation_error");
    case Kind::UserError:
        return QStringLiteral("user_error");
    case Kind::UnknownModel:
        return QStringLiteral("unknown_model");
    case Kind::UnknownField:
        return QStringLiteral("unknown_field");
    case Kind::WrongDatabase:
        return QStringLiteral("wrong_database");
    case Kind::SessionExpired:
        return QStringLiteral("session_expired");
    case Kind::MalformedAnswer:
        return QStringLiteral("malformed_answer");
    case Kind::ServerError:
        return QStringLiteral("server_error");
    case Kind::RateLimited:
        return QStringLiteral("rate_limited");
    case Kind::SignInRequired:
        return QStringLiteral("sign_in_required");
    case Kind::NetworkFailure:
        return QStringLiteral("network_failure");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::TlsError:
        return QStringLiteral("tls_error");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

} // namespace o2c::odoo
