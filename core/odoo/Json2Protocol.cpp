// SPDX-License-Identifier: GPL-3.0-or-later
#include "Json2Protocol.h"

#include "OdooClient.h"
#include "RetryPolicy.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>

namespace o2c::odoo::json2 {

namespace {

// The names of the positional parameters after `ids` (record methods) or from the first
// (model methods), as Odoo's ORM declares them.
const QHash<QString, QStringList> &parameterNames() {
    static const QHash<QString, QStringList> names{
        {QStringLiteral("search_read"),
         {QStringLiteral("domain"), QStringLiteral("fields"), QStringLiteral("offset"),
          QStringLiteral("limit"), QStringLiteral("order")}},
        {QStringLiteral("search"),
         {QStringLiteral("domain"), QStringLiteral("offset"), QStringLiteral("limit"),
          QStringLiteral("order")}},
        {QStringLiteral("search_count"), {QStringLiteral("domain"), QStringLiteral("limit")}},
        {QStringLiteral("read"), {QStringLiteral("fields"), QStringLiteral("load")}},
        {QStringLiteral("write"), {QStringLiteral("vals")}},
        {QStringLiteral("create"), {QStringLiteral("vals_list")}},
        {QStringLiteral("unlink"), {}},
        {QStringLiteral("fields_get"), {QStringLiteral("allfields"), QStringLiteral("attributes")}},
        {QStringLiteral("default_get"), {QStringLiteral("fields_list")}},
        {QStringLiteral("name_search"),
         {QStringLiteral("name"), QStringLiteral("domain"), QStringLiteral("operator"),
          QStringLiteral("limit")}},
        {QStringLiteral("context_get"), {}},
        {QStringLiteral("activity_schedule"),
         {QStringLiteral("act_type_xmlid"), QStringLiteral("date_deadline"),
          QStringLiteral("summary"), QStringLiteral("note")}},
        {QStringLiteral("message_post"), {}},
    };
    return names;
}

bool isIdList(const QJsonValue &v) {
    if (v.isDouble())
        return true;
    if (!v.isArray())
        return false;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &x : a)
        if (!x.isDouble())
            return false;
    return true;
}

// JSON-2 answers may be any JSON value; QJsonDocument only reads arrays and objects.
bool parseValue(const QByteArray &body, QJsonValue *value, QJsonParseError *error) {
    QByteArray wrapped;
    wrapped.reserve(body.size() + 2);
    wrapped.append('[').append(body).append(']');
    const QJsonDocument doc = QJsonDocument::fromJson(wrapped, error);
    if (error->error != QJsonParseError::NoError || !doc.isArray() || doc.array().size() != 1)
        return false;
    *value = doc.array().at(0);
    return true;
}

} // namespace

QString path(const QString &model, const QString &method) {
    return QStringLiteral("/json/2/") % model % u'/' % method;
}

QList<QPair<QByteArray, QByteArray>> headers(const ConnectionProfile &profile) {
    QList<QPair<QByteArray, QByteArray>> h;
    h.append({QByteArrayLiteral("Authorization"), "bearer " + profile.secret.toUtf8()});
    if (!profile.database.isEmpty())
        h.append({QByteArrayLiteral("X-Odoo-Database"), profile.database.toUtf8()});
    return h;
}

bool isModelMethod(const QString &method) {
    static const QSet<QString> model{
        QStringLiteral("search_read"),  QStringLiteral("search"),
        QStringLiteral("search_count"), QStringLiteral("create"),
        QStringLiteral("fields_get"),   QStringLiteral("default_get"),
        QStringLiteral("name_search"),  QStringLiteral("context_get"),
        QStringLiteral("read_group"),   QStringLiteral("web_search_read"),
    };
    return model.contains(method);
}

bool namedArguments(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                    QJsonObject *body, QString *problem) {
    QJsonObject b = kwargs;
    qsizetype first = 0;
    if (!isModelMethod(method) && !args.isEmpty() && isIdList(args.at(0))) {
        const QJsonValue ids = args.at(0);
        b.insert(QStringLiteral("ids"), ids.isArray() ? ids : QJsonArray{ids});
        first = 1;
    }
    const QStringList names = parameterNames().value(method);
    for (qsizetype i = first; i < args.size(); ++i) {
        const qsizetype n = i - first;
        if (n >= names.size()) {
            if (problem)
                *problem = QStringLiteral("no parameter name known for argument %1 of %2")
                               .arg(i)
                               .arg(method);
            return false;
        }
        b.insert(names.at(n), args.at(i));
    }
    *body = b;
    return true;
}

QJsonValue parseReply(const TransportReply &reply, OdooError *error) {
    OdooError e;
    QJsonValue result = QJsonValue::Undefined;
    const auto done = [&] {
        if (error)
            *error = e;
        return e.isError() ? QJsonValue(QJsonValue::Undefined) : result;
    };
    if (reply.networkError.isError()) {
        e = reply.networkError;
        return done();
    }
    e.httpStatus = reply.httpStatus;
    e.retryAfterMs = RetryPolicy::parseRetryAfter(reply.retryAfter);
    QJsonParseError parseError{};
    QJsonValue value;
    const bool isJson = parseValue(reply.body, &value, &parseError);
    if (reply.httpStatus == 200) {
        if (!isJson) {
            e.kind = OdooError::Kind::MalformedAnswer;
            const QByteArray t = reply.body.trimmed();
            e.incomplete = !t.isEmpty() && (t.front() == '[' || t.front() == '{') &&
                           (parseError.error == QJsonParseError::UnterminatedArray ||
                            parseError.error == QJsonParseError::UnterminatedObject ||
                            parseError.error == QJsonParseError::UnterminatedString ||
                            parseError.offset >= t.size());
            e.serverMessage = QString::fromUtf8(reply.body.left(500));
            e.message = QObject::tr("The server's answer is not JSON (%1). Check that the URL "
                                    "points at Odoo and not at a proxy or login page.")
                            .arg(parseError.errorString());
            return done();
        }
        result = value;
        return done();
    }
    // An error: {name, message, arguments, context, debug} as documented, or a JSON string with
    // the message as the controller sends it, or a proxy's HTML page.
    QString name, message;
    if (isJson && value.isObject()) {
        const QJsonObject o = value.toObject();
        name = o.value(QStringLiteral("name")).toString();
        message = o.value(QStringLiteral("message")).toString();
    } else if (isJson && value.isString()) {
        message = value.toString();
    } else {
        message = QString::fromUtf8(reply.body.left(500)).simplified();
    }
    using K = OdooError::Kind;
    const int status = reply.httpStatus;
    if (status == 401 || name == QLatin1String("odoo.exceptions.AccessDenied")) {
        e.kind = K::AccessDenied;
        e.message = QObject::tr("Sign-in refused: Odoo does not accept the API key (wrong, revoked "
                                "or expired). Create a new key in Odoo and sign in again.");
    } else if (status == 429) {
        e.kind = K::RateLimited;
        e.message = e.retryAfterMs >= 0
                        ? QObject::tr("Odoo asks the cockpit to slow down (HTTP 429); it waits "
                                      "%1 s as the server asked and tries again.")
                              .arg((e.retryAfterMs + 999) / 1000)
                        : QObject::tr("Odoo asks the cockpit to slow down (HTTP 429); it waits "
                                      "and tries again.");
    } else if (!name.isEmpty() && !name.startsWith(QLatin1String("werkzeug."))) {
        // Odoo's own exceptions; werkzeug's HTTP ones are told apart by their status below.
        e = OdooClient::classifyServerError(
            QJsonObject{
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("message"), message}}}},
            status);
        e.retryAfterMs = RetryPolicy::parseRetryAfter(reply.retryAfter);
    } else if (status == 404) {
        e.kind = K::UnknownModel;
        e.message = QObject::tr("This Odoo server has no such model or method (%1): a module the "
                                "cockpit needs is not installed, or the URL is not Odoo's.")
                        .arg(message.left(200));
    } else if (status == 400 || status == 422) {
        e.kind = K::MalformedAnswer;
        e.message = QObject::tr("Odoo could not use the cockpit's request (HTTP %1: %2). This is "
                                "a defect of the cockpit; please report it with the log.")
                        .arg(status)
                        .arg(message.left(200));
    } else if (status == 403) {
        e.kind = K::AccessError;
        e.message = QObject::tr("Odoo refused access (HTTP 403): %1 Ask your Odoo administrator.")
                        .arg(message.left(200));
    } else {
        e.kind = K::ServerError;
        e.message = QObject::tr("Odoo answered with HTTP error %1 (%2). The cockpit will try "
                                "again if this is temporary.")
                        .arg(status)
                        .arg(message.left(200));
    }
    e.httpStatus = status;
    e.serverName = name;
    e.serverMessage = message;
    return done();
}

} // namespace o2c::odoo::json2
