// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "OdooError.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <functional>

namespace o2c::odoo {

// One HTTP POST to Odoo.
struct TransportRequest {
    QString path;    // e.g. "/jsonrpc", "/json/2/sale.order/search_read"
    QByteArray body; // JSON
    QList<QPair<QByteArray, QByteArray>> headers; // extra headers (Authorization, X-Odoo-Database)
    int timeoutMs = 0;                            // 0: the transport's default
};

// The raw answer of one HTTP exchange.
struct TransportReply {
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray body;
    QByteArray retryAfter;  // Retry-After header, if any
    OdooError networkError; // set when no HTTP answer arrived (refused, reset, timeout, TLS)
};

// The seam between the Odoo client and the network: the client talks to this; production uses
// HttpOdooTransport (QNetworkAccessManager), unit tests may plug in an in-process fake.
class OdooTransport : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const TransportReply &)>;
    using QObject::QObject;
    ~OdooTransport() override = default;

    // POSTs the request as application/json and calls `done` exactly once, on the thread of this
    // object, unless cancelAll() is called first.
    virtual void send(const TransportRequest &request, Callback done) = 0;
    virtual void cancelAll() = 0;

    void post(const QString &path, const QByteArray &body, Callback done) {
        send(TransportRequest{path, body, {}, 0}, std::move(done));
    }
};

} // namespace o2c::odoo
