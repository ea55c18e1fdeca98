// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/OdooTransport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

// One recorded Odoo exchange of ../shared/odoo-wire (README "File format").
struct WireRecording {
    QString file;
    QString path;
    QJsonValue requestBody; // object, or string when the body was not JSON
    int status = 0;
    QByteArray contentType;
    QByteArray responseBody; // bytes as Odoo sent them (JSON re-serialised, text as is)
    QJsonValue response;     // parsed response body (object) or the raw string

    bool isValid() const { return status != 0; }

    o2c::odoo::TransportReply reply() const {
        o2c::odoo::TransportReply r;
        r.httpStatus = status;
        r.contentType = contentType;
        r.body = responseBody;
        return r;
    }
    QJsonObject params() const {
        return requestBody.toObject().value(QStringLiteral("params")).toObject();
    }
    QJsonArray args() const { return params().value(QStringLiteral("args")).toArray(); }
    QJsonValue result() const { return response.toObject().value(QStringLiteral("result")); }

    static QString directory() { return QStringLiteral(O2C_SHARED_DIR "/odoo-wire"); }

    // Loads the file whose name starts with `number` ("013").
    static WireRecording load(const QString &number) {
        WireRecording w;
        const QStringList files =
            QDir(directory()).entryList({number + QStringLiteral("-*.json")}, QDir::Files);
        if (files.size() != 1)
            return w;
        QFile f(directory() + u'/' + files.first());
        if (!f.open(QIODevice::ReadOnly))
            return w;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        w.file = files.first();
        w.path = o.value(QStringLiteral("path")).toString();
        w.requestBody = o.value(QStringLiteral("request_body"));
        w.status = o.value(QStringLiteral("status")).toInt();
        const QJsonObject headers = o.value(QStringLiteral("response_headers")).toObject();
        w.contentType = headers.value(QStringLiteral("Content-Type")).toString().toUtf8();
        w.response = o.value(QStringLiteral("response_body"));
        w.responseBody = w.response.isString()
                             ? w.response.toString().toUtf8()
                             : QJsonDocument(w.response.toObject()).toJson(QJsonDocument::Compact);
        return w;
    }
};

// A request body without its JSON-RPC id (which depends on the client's call count).
inline QJsonObject withoutId(QJsonObject body) {
    body.remove(QStringLiteral("id"));
    return body;
}
