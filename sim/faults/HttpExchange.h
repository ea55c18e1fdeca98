// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace o2c::sim {

// The minimum of HTTP/1.1 the fault front needs: one request with a Content-Length body.
struct HttpRequestMessage {
    QByteArray method;
    QString path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw; // exactly as received

    QByteArray header(const QByteArray &name) const;
};

// Takes one complete request off the front of `buffer`; false while it is incomplete.
bool takeHttpRequest(QByteArray &buffer, HttpRequestMessage *request);

// A whole HTTP/1.1 answer that closes the connection afterwards.
QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

} // namespace o2c::sim
