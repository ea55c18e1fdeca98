// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "OdooError.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace o2c::odoo {

// The raw answer of one HTTP exchange.
struct TransportReply {
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray body;
    QByteArray retryAfter;   // Retry-After header, if any
    OdooError networkError;  // set when no HTTP answer arrived (refused, reset, timeout, TLS)
};

// The seam between the Odoo client and the network: the client talks to this; production uses
// HttpOdooTransport (QNetworkAccessManager), unit tests may plug in an in-process fake.
class OdooTransport : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const TransportReply &)>;
    using QObject::QObject;
    ~OdooTransport() override = default;

    // POSTs `body` as application/json to `path` (e.g. "/jsonrpc") and calls `done` exactly once,
    // on the thread of this object, unless cancelAll() is called first.
    virtual void post(const QString &path, const QByteArray &body, Callback done) = 0;
    virtual void cancelAll() = 0;
};

} // namespace o2c::odoo
