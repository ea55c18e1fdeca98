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

// True once `response` holds a whole HTTP/1.1 answer (by Content-Length, or the last chunk):
// servers that keep the connection open (Qt HttpServer) are not waited for until they close it.
bool httpResponseComplete(const QByteArray &response);

// A whole HTTP/1.1 answer that closes the connection afterwards.
QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

} // namespace o2c::sim
