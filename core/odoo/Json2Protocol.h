// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConnectionProfile.h"
#include "OdooTransport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace o2c::odoo {

// Odoo 19's JSON-2 API: POST /json/2/<model>/<method> with the API key as bearer token, the
// method's arguments by name, the return value as the whole answer, errors as HTTP statuses.
namespace json2 {

QString path(const QString &model, const QString &method);
QList<QPair<QByteArray, QByteArray>> headers(const ConnectionProfile &profile);

// Turns execute_kw's positional arguments into JSON-2's named ones: record ids go to "ids",
// the others take their parameter's name. Returns false (with `problem`) for a positional
// argument whose name is not known, rather than guessing.
bool namedArguments(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                    QJsonObject *body, QString *problem = nullptr);

// Methods called on the model, whose first positional argument is not a list of ids.
bool isModelMethod(const QString &method);

// The answer's value, or a typed error (HTTP status and {name, message, ...} or a plain string).
QJsonValue parseReply(const TransportReply &reply, OdooError *error);

} // namespace json2
} // namespace o2c::odoo
