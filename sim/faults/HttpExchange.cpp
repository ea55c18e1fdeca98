// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpExchange.h"

namespace o2c::sim {

QByteArray HttpRequestMessage::header(const QByteArray &name) const {
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool takeHttpRequest(QByteArray &buffer, HttpRequestMessage *request) {
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    HttpRequestMessage r;
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    r.method = first.value(0);
    r.path = QString::fromLatin1(first.value(1));
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        r.headers.append({name, value});
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            length = value.toLongLong();
    }
    const qsizetype total = end + 4 + length;
    if (buffer.size() < total)
        return false;
    r.body = buffer.mid(end + 4, length);
    r.raw = buffer.left(total);
    buffer.remove(0, total);
    *request = std::move(r);
    return true;
}

bool httpResponseComplete(const QByteArray &response) {
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QList<QByteArray> lines = response.left(end).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            return response.size() >= end + 4 + value.toLongLong();
        if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0 &&
            value.toLower().contains("chunked"))
            return response.endsWith("\r\n0\r\n\r\n") || response.endsWith("\n0\r\n\r\n");
    }
    return false; // neither: the answer ends when the server closes the connection
}

QByteArray httpResponse(int status, const QByteArray &contentType, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &extraHeaders) {
    QByteArray reason = "OK";
    switch (status) {
    case 401:
        reason = "UNAUTHORIZED";
        break;
    case 404:
        reason = "NOT FOUND";
        break;
    case 429:
        reason = "TOO MANY REQUESTS";
        break;
    case 500:
        reason = "INTERNAL SERVER ERROR";
        break;
    case 502:
        reason = "BAD GATEWAY";
        break;
    case 503:
        reason = "SERVICE UNAVAILABLE";
        break;
    default:
        break;
    }
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    r += "Content-Type: " + contentType + "\r\n";
    r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &h : extraHeaders)
        r += h.first + ": " + h.second + "\r\n";
    r += "Connection: close\r\n\r\n";
    r += body;
    return r;
}

} // namespace o2c::sim
