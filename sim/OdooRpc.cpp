// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooRpc.h"

#include "Domain.h"
#include "OdooDatabase.h"
#include "OdooFault.h"
#include "OrderFlow.h"

#include <QDate>
#include <QJsonDocument>
#include <QJsonParseError>

namespace o2c::sim {

namespace {

QByteArray envelope(const QJsonValue &id, const std::optional<WireValue> &result) {
    // Written around the result rather than copying a page of records into an envelope value.
    QByteArray out = QByteArrayLiteral("{\"jsonrpc\": \"2.0\", \"id\": ");
    WireValue::fromJson(id).appendJson(out);
    if (result) {
        out += ", \"result\": ";
        result->appendJson(out);
    }
    out += '}';
    return out;
}

QByteArray errorEnvelope(const QJsonValue &id, const OdooFault &f) {
    WireValue args = WireValue::array();
    args.append(f.message);
    WireValue data = WireValue::object();
    data.insert(QStringLiteral("name"), f.name);
    data.insert(QStringLiteral("debug"), f.traceback());
    data.insert(QStringLiteral("message"), f.message);
    data.insert(QStringLiteral("arguments"), args);
    data.insert(QStringLiteral("context"), WireValue::object());
    WireValue error = WireValue::object();
    error.insert(QStringLiteral("code"), f.code);
    error.insert(QStringLiteral("message"), f.errorMessage);
    error.insert(QStringLiteral("data"), data);
    WireValue o = WireValue::object();
    o.insert(QStringLiteral("jsonrpc"), QStringLiteral("2.0"));
    o.insert(QStringLiteral("id"), WireValue::fromJson(id));
    o.insert(QStringLiteral("error"), error);
    return o.toJson();
}

HttpAnswer htmlAnswer(int status, const QByteArray &body) {
    HttpAnswer a;
    a.status = status;
    a.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    a.body = body;
    return a;
}

// JSON-2 errors: the status and the documented body {name, message, arguments, context, debug}.
HttpAnswer json2Error(int status, const OdooFault &f, const QJsonObject &context = {}) {
    WireValue args = WireValue::array();
    args.append(f.message);
    WireValue body = WireValue::object();
    body.insert(QStringLiteral("name"), f.name);
    body.insert(QStringLiteral("message"), f.message);
    body.insert(QStringLiteral("arguments"), args);
    body.insert(QStringLiteral("context"), WireValue::fromJson(context));
    body.insert(QStringLiteral("debug"), f.traceback());
    HttpAnswer a;
    a.status = status;
    a.body = body.toJson();
    return a;
}

// werkzeug's HTTP exceptions, as Odoo serialises them: the message is str(exception).
HttpAnswer json2HttpError(int status, const char *exception, const char *title,
                          const QString &description) {
    OdooFault f = OdooFault::named(
        QStringLiteral("werkzeug.exceptions.") + QLatin1String(exception),
        QStringLiteral("%1 %2: %3").arg(status).arg(QLatin1String(title), description));
    return json2Error(status, f);
}

// The HTTP status Odoo gives its business exceptions (their http_status), 500 for the rest.
int json2Status(const OdooFault &f) {
    if (f.name == QLatin1String("odoo.exceptions.AccessError") ||
        f.name == QLatin1String("odoo.exceptions.AccessDenied"))
        return 403;
    if (f.name == QLatin1String("odoo.exceptions.MissingError"))
        return 404;
    if (f.name == QLatin1String("odoo.exceptions.UserError") ||
        f.name == QLatin1String("odoo.exceptions.ValidationError") ||
        f.name == QLatin1String("builtins.TypeError"))
        return 422;
    return 500;
}

// Methods of the model (@api.model), called without ids.
bool isModelMethod(const QString &method) {
    static const QStringList methods{
        QStringLiteral("search_read"),  QStringLiteral("search"),
        QStringLiteral("search_count"), QStringLiteral("create"),
        QStringLiteral("fields_get"),   QStringLiteral("default_get"),
        QStringLiteral("name_search"),  QStringLiteral("context_get"),
    };
    return methods.contains(method);
}

// The parameters of the ORM's generic methods (after self), to refuse what would not bind.
const QHash<QString, QStringList> &genericParameters() {
    static const QHash<QString, QStringList> p{
        {QStringLiteral("search_read"),
         {QStringLiteral("domain"), QStringLiteral("fields"), QStringLiteral("offset"),
          QStringLiteral("limit"), QStringLiteral("order"), QStringLiteral("load")}},
        {QStringLiteral("search"),
         {QStringLiteral("domain"), QStringLiteral("offset"), QStringLiteral("limit"),
          QStringLiteral("order")}},
        {QStringLiteral("search_count"), {QStringLiteral("domain"), QStringLiteral("limit")}},
        {QStringLiteral("read"), {QStringLiteral("fields"), QStringLiteral("load")}},
        {QStringLiteral("write"), {QStringLiteral("vals")}},
        {QStringLiteral("create"), {QStringLiteral("vals_list")}},
        {QStringLiteral("unlink"), {}},
        {QStringLiteral("fields_get"), {QStringLiteral("allfields"), QStringLiteral("attributes")}},
        {QStringLiteral("context_get"), {}},
    };
    return p;
}

QString missingArgsMessage(const char *function, const QStringList &missing) {
    QStringList quoted;
    for (const QString &m : missing)
        quoted << QLatin1Char('\'') + m + QLatin1Char('\'');
    QString list;
    if (quoted.size() == 1)
        list = quoted.first();
    else
        list = quoted.mid(0, quoted.size() - 1).join(QLatin1String(", ")) + QLatin1String(" and ") +
               quoted.last();
    return QStringLiteral("%1() missing %2 required positional argument%3: %4")
        .arg(QLatin1String(function))
        .arg(missing.size())
        .arg(missing.size() == 1 ? QString() : QStringLiteral("s"), list);
}

} // namespace

QList<qint64> MethodCall::ids() const {
    QList<qint64> out;
    const QJsonValue first = args.isEmpty() ? QJsonValue() : args.at(0);
    if (first.isArray()) {
        for (const QJsonValue &v : first.toArray())
            out << qint64(v.toDouble());
    } else if (first.isDouble()) {
        out << qint64(first.toDouble());
    }
    return out;
}

OdooRpc::OdooRpc(OdooDatabase &db, QString database)
    : m_db(db)
    , m_database(std::move(database)) {}

OdooRpc::~OdooRpc() = default;

QString OdooRpc::serverVersionText() const {
    return m_major == 18 ? QStringLiteral("18.0+e-20241005") : QStringLiteral("%1.0").arg(m_major);
}

WireValue OdooRpc::versionInfo() const {
    WireValue info = WireValue::array();
    info.append(m_major)
        .append(0)
        .append(0)
        .append(QStringLiteral("final"))
        .append(0)
        .append(QString());
    const QString version = serverVersionText();
    WireValue v = WireValue::object();
    v.insert(QStringLiteral("server_version"), version);
    v.insert(QStringLiteral("server_version_info"), info);
    v.insert(QStringLiteral("server_serie"), QStringLiteral("%1.0").arg(m_major));
    v.insert(QStringLiteral("protocol_version"), 1);
    return v;
}

bool OdooRpc::revokeApiKey(const QString &login) {
    for (LabUser &u : m_users) {
        if (u.login == login && !u.apiKey.isEmpty()) {
            u.apiKey.clear();
            return true;
        }
    }
    return false;
}

HttpAnswer OdooRpc::handleJson2(const Json2Request &request) {
    if (!servesJson2()) {
        return htmlAnswer(
            404, QByteArrayLiteral("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
                                   "<h1>Not Found</h1>\n<p>The requested URL was not found on the "
                                   "server.</p>\n"));
    }
    if (request.verb != "POST")
        return json2HttpError(405, "MethodNotAllowed", "Method Not Allowed",
                              QStringLiteral("The method is not allowed for the requested URL."));
    // auth='bearer': the API key alone says who calls.
    const QByteArray auth = request.authorization.trimmed();
    const QByteArray scheme = auth.left(7).toLower();
    const QString key = scheme == "bearer " ? QString::fromUtf8(auth.mid(7).trimmed()) : QString();
    const LabUser *caller = nullptr;
    for (const LabUser &u : m_users) {
        if (!key.isEmpty() && !u.apiKey.isEmpty() && u.apiKey == key)
            caller = &u;
    }
    if (!caller)
        return json2HttpError(401, "Unauthorized", "Unauthorized",
                              QStringLiteral("Invalid apikey"));
    if (!request.database.isEmpty() && QString::fromUtf8(request.database) != m_database)
        return json2Error(500, OdooFault::unknownDatabase(QString::fromUtf8(request.database)));
    return json2Call(request, caller->uid);
}

HttpAnswer OdooRpc::json2Call(const Json2Request &request, qint64 uid) {
    const QString &model = request.model;
    const QString &method = request.method;
    if (!m_db.hasModel(model))
        return json2HttpError(404, "NotFound", "Not Found",
                              QStringLiteral("the model '%1' does not exist").arg(model));
    const bool generic =
        genericParameters().contains(method) ||
        (method == QLatin1String("context_get") && model == QLatin1String("res.users"));
    const bool known = generic || m_methods.value(model).contains(method) ||
                       m_methods.value(QStringLiteral("*")).contains(method);
    if (method.startsWith(QLatin1Char('_')) || !known)
        return json2HttpError(
            404, "NotFound", "Not Found",
            QStringLiteral("the method '%1' does not exist on the model '%2'").arg(method, model));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &err);
    if (err.error != QJsonParseError::NoError)
        return json2HttpError(400, "BadRequest", "Bad Request",
                              QStringLiteral("could not parse the body as json"));
    if (!doc.isObject())
        return json2HttpError(400, "BadRequest", "Bad Request",
                              QStringLiteral("could not parse the body, root must be an object"));
    QJsonObject params = doc.object();
    const QJsonObject context = params.take(QStringLiteral("context")).toObject();
    const QJsonValue idsValue = params.take(QStringLiteral("ids"));
    // The controller also takes positional "args" and "kwargs"; the documented form is by name.
    QJsonArray positional = params.take(QStringLiteral("args")).toArray();
    const QJsonObject extra = params.take(QStringLiteral("kwargs")).toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        params.insert(it.key(), it.value());
    QJsonArray ids;
    if (idsValue.isArray()) {
        ids = idsValue.toArray();
    } else if (idsValue.isDouble()) {
        ids.append(idsValue);
    } else if (!idsValue.isUndefined() && !idsValue.isNull()) {
        return json2HttpError(422, "UnprocessableEntity", "Unprocessable Entity",
                              QStringLiteral("ids must be a list of record ids"));
    }
    const bool modelMethod = isModelMethod(method);
    if (modelMethod && !ids.isEmpty())
        return json2HttpError(422, "UnprocessableEntity", "Unprocessable Entity",
                              QStringLiteral("cannot call %1.%2 with ids").arg(model, method));
    if (generic) {
        const QStringList accepted = genericParameters().value(method);
        for (auto it = params.begin(); it != params.end(); ++it) {
            if (!accepted.contains(it.key()))
                return json2HttpError(422, "UnprocessableEntity", "Unprocessable Entity",
                                      QStringLiteral("%1() got an unexpected keyword argument '%2'")
                                          .arg(method, it.key()));
        }
    }
    QJsonArray args;
    if (!modelMethod)
        args.append(ids);
    for (const QJsonValue &v : std::as_const(positional))
        args.append(v);
    LabUser *u = user(uid);
    MethodCall call{m_db, *u, model, method, args, params, context};
    try {
        checkModelAccess(*u, model);
        std::optional<WireValue> result = callModel(call);
        HttpAnswer answer;
        if (result)
            result->appendJson(answer.body);
        else
            answer.body = QByteArrayLiteral("null");
        return answer;
    } catch (const OdooFault &f) {
        return json2Error(json2Status(f), f, context);
    }
}

LabUser *OdooRpc::user(qint64 uid) {
    for (LabUser &u : m_users) {
        if (u.uid == uid)
            return &u;
    }
    return nullptr;
}

void OdooRpc::registerMethod(const QString &model, const QString &method, ModelMethod m) {
    m_methods[model].insert(method, std::move(m));
}

HttpAnswer OdooRpc::handle(const QByteArray &path, const QByteArray &contentType,
                           const QByteArray &body) {
    const QByteArray mime = contentType.split(';').first().trimmed().toLower();
    if (mime != "application/json" && mime != "application/json-rpc") {
        return htmlAnswer(
            400,
            QByteArrayLiteral("<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n"
                              "<h1>Bad Request</h1>\n<p>Request inferred type is compatible "
                              "with [&#39;http&#39;] but &#39;") +
                QString::fromUtf8(path).toHtmlEscaped().toUtf8() +
                QByteArrayLiteral("&#39; is type=&#39;json&#39;.</p>\n"));
    }
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return htmlAnswer(400, QByteArrayLiteral("Invalid JSON data"));
    if (!doc.isObject())
        return htmlAnswer(400, QByteArrayLiteral("Invalid JSON-RPC data"));
    const QJsonObject request = doc.object();
    const QJsonValue id = request.value(QLatin1String("id"));
    const QJsonValue params = request.value(QLatin1String("params"));
    HttpAnswer answer;
    try {
        if (!params.isObject() && !params.isUndefined() && !params.isNull()) {
            OdooFault f = OdooFault::typeError(QStringLiteral(
                "cannot convert dictionary update sequence element #0 to a sequence"));
            throw f;
        }
        if (path == "/web/webclient/version_info") {
            answer.body = envelope(id, versionInfo());
        } else {
            answer.body = envelope(id, dispatch(params.toObject()));
        }
    } catch (const OdooFault &f) {
        answer.body = errorEnvelope(id, f);
    }
    return answer;
}

std::optional<WireValue> OdooRpc::dispatch(const QJsonObject &params) {
    const QString service = params.value(QLatin1String("service")).toString();
    const QString method = params.value(QLatin1String("method")).toString();
    const QJsonArray args = params.value(QLatin1String("args")).toArray();
    if (service == QLatin1String("common")) {
        if (method == QLatin1String("version"))
            return versionInfo();
        if (method == QLatin1String("login") || method == QLatin1String("authenticate")) {
            const QStringList names =
                method == QLatin1String("login")
                    ? QStringList{QStringLiteral("db"), QStringLiteral("login"),
                                  QStringLiteral("password")}
                    : QStringList{QStringLiteral("db"), QStringLiteral("login"),
                                  QStringLiteral("password"), QStringLiteral("user_agent_env")};
            if (args.size() < names.size())
                throw OdooFault::typeError(missingArgsMessage(
                    method == QLatin1String("login") ? "exp_login" : "exp_authenticate",
                    names.mid(args.size())));
            const QString db = args.at(0).toString();
            if (db != m_database)
                throw OdooFault::unknownDatabase(db);
            for (const LabUser &u : m_users) {
                if (u.login == args.at(1).toString() && u.acceptsSecret(args.at(2).toString()))
                    return WireValue(u.uid);
            }
            return WireValue(false);
        }
        throw OdooFault::named(QStringLiteral("builtins.Exception"),
                               QStringLiteral("Method not found: %1").arg(method));
    }
    if (service == QLatin1String("object")) {
        if (method == QLatin1String("execute_kw"))
            return executeKw(args);
        throw OdooFault::named(QStringLiteral("builtins.NameError"),
                               QStringLiteral("Method not available %1").arg(method));
    }
    if (service == QLatin1String("db")) {
        if (method == QLatin1String("list")) {
            WireValue l = WireValue::array();
            l.append(m_database);
            return l;
        }
        if (method == QLatin1String("server_version"))
            return WireValue(serverVersionText());
    }
    throw OdooFault::named(QStringLiteral("builtins.KeyError"), service);
}

std::optional<WireValue> OdooRpc::executeKw(const QJsonArray &args) {
    if (args.size() < 3)
        throw OdooFault::typeError(
            QStringLiteral("dispatch() missing required positional arguments"));
    const QString db = args.at(0).toString();
    if (db != m_database)
        throw OdooFault::unknownDatabase(db);
    const qint64 uid = qint64(args.at(1).toDouble());
    LabUser *u = user(uid);
    if (!u || !u->acceptsSecret(args.at(2).toString()))
        throw OdooFault::accessDenied();
    if (args.size() < 6) {
        const QStringList names{QStringLiteral("obj"), QStringLiteral("method"),
                                QStringLiteral("args")};
        throw OdooFault::typeError(missingArgsMessage("execute_kw", names.mid(args.size() - 3)));
    }
    MethodCall call{m_db,
                    *u,
                    args.at(3).toString(),
                    args.at(4).toString(),
                    args.at(5).toArray(),
                    args.size() > 6 ? args.at(6).toObject() : QJsonObject(),
                    {}};
    call.context = call.kwargs.value(QLatin1String("context")).toObject();
    call.kwargs.remove(QStringLiteral("context"));
    if (call.method.startsWith(QLatin1Char('_')))
        throw OdooFault::accessError(
            QStringLiteral("Private methods (such as %1) cannot be called remotely.")
                .arg(call.method));
    if (!m_db.hasModel(call.model))
        throw OdooFault::userError(QStringLiteral("Object %1 doesn't exist").arg(call.model));
    checkModelAccess(*u, call.model);
    return callModel(call);
}

void OdooRpc::checkModelAccess(const LabUser &u, const QString &model) const {
    auto denied = [&model, this](const QString &groups) {
        const ModelSpec *spec = m_db.model(model);
        return OdooFault::accessError(
            QStringLiteral("You are not allowed to access '%1' (%2) records.\n\nThis operation is "
                           "allowed for the following groups:\n%3\n\nContact your administrator "
                           "to request access if necessary.")
                .arg(spec ? spec->description : model, model, groups));
    };
    if (model == QLatin1String("ir.model") && !u.administrator)
        throw denied(QStringLiteral("\t- Administration/Access Rights"));
    if (model == QLatin1String("mrp.workcenter") && !u.manufacturingUser)
        throw denied(QStringLiteral("\t- Manufacturing/Administrator\n\t- Manufacturing/User"));
}

bool OdooRpc::visible(const LabUser &u, const QString &model, qint64 id) const {
    if (u.ownDocumentsOnly && model == QLatin1String("sale.order"))
        return m_db.value(model, id, QStringLiteral("user_id")).toLongLong() == u.uid;
    return true;
}

void OdooRpc::checkRecordRule(const LabUser &u, const QString &model, const QList<qint64> &ids,
                              const char *operation) const {
    for (qint64 id : ids) {
        if (m_db.exists(model, id) && !visible(u, model, id)) {
            const ModelSpec *spec = m_db.model(model);
            throw OdooFault::accessError(
                QStringLiteral("Uh-oh! Looks like you have stumbled upon some top-secret "
                               "records.\n\nSorry, %1 (id=%2) doesn't have '%3' access to:\n- %4 "
                               "(%5)\n\nIf you really, really need access, perhaps you can win "
                               "over your friendly administrator with a batch of freshly baked "
                               "cookies.")
                    .arg(u.name)
                    .arg(u.uid)
                    .arg(QLatin1String(operation), spec ? spec->description : model, model));
        }
    }
}

QStringList OdooRpc::readableFields(const LabUser &u, const QString &model) const {
    QStringList out;
    const ModelSpec *spec = m_db.model(model);
    if (!spec)
        return out;
    for (const QString &f : spec->fieldOrder) {
        if (model == QLatin1String("sale.order") && !u.manufacturingUser &&
            (f == QLatin1String("mrp_production_ids") ||
             f == QLatin1String("mrp_production_count")))
            continue;
        out << f;
    }
    return out;
}

void OdooRpc::checkFieldAccess(const LabUser &u, const QString &model,
                               const QStringList &fields) const {
    if (model != QLatin1String("sale.order") || u.manufacturingUser)
        return;
    QStringList denied;
    for (const QString &f : fields) {
        if (f == QLatin1String("mrp_production_ids") || f == QLatin1String("mrp_production_count"))
            denied << f;
    }
    if (denied.isEmpty())
        return;
    QStringList lines;
    for (const QString &f : denied)
        lines << QStringLiteral("- %1 (allowed for groups 'Manufacturing / User')").arg(f);
    throw OdooFault::accessError(
        QStringLiteral("You do not have enough rights to access the fields \"%1\" on Sales Order "
                       "(sale.order). Please contact your system administrator.\n\nOperation: "
                       "read\nUser: %2\nFields:\n%3")
            .arg(denied.join(QLatin1Char(',')))
            .arg(u.uid)
            .arg(lines.join(QLatin1Char('\n'))));
}

WireValue OdooRpc::fieldValue(const QString &model, qint64 id, const QString &field) const {
    if (field == QLatin1String("id"))
        return WireValue(id);
    const Record *r = m_db.record(model, id);
    if (!r)
        return WireValue(false);
    return encode(model, m_db.access(model, field), *r, nullptr);
}

WireValue OdooRpc::encode(const QString &model, const FieldAccess &a, const Record &r,
                          QHash<qint64, QString> *names) const {
    if (a.kind == FieldAccess::Kind::Id)
        return WireValue(r.id);
    const FieldSpec *f = a.spec;
    if (!f)
        return WireValue(false);
    const QVariant v = m_db.value(model, a, r);
    switch (f->type) {
    case FieldType::Char:
    case FieldType::Text:
    case FieldType::Html:
    case FieldType::Selection:
        return v.toString().isEmpty() ? WireValue(false) : WireValue(v.toString());
    case FieldType::Integer:
    case FieldType::Many2oneReference:
        return WireValue(v.toLongLong());
    case FieldType::Float:
    case FieldType::Monetary:
        return WireValue(v.toDouble());
    case FieldType::Boolean:
        return WireValue(v.toBool());
    case FieldType::Date: {
        const QDate d = v.typeId() == QMetaType::QDateTime ? v.toDateTime().date() : v.toDate();
        return d.isValid() ? WireValue(formatDate(d)) : WireValue(false);
    }
    case FieldType::Datetime: {
        const QDateTime t = v.toDateTime();
        return t.isValid() ? WireValue(formatDatetime(t)) : WireValue(false);
    }
    case FieldType::Many2one: {
        const qint64 rel = v.toLongLong();
        if (rel <= 0)
            return WireValue(false);
        if (!names)
            return WireValue::many2one(rel, m_db.displayName(f->relation, rel));
        // many records of a page point at the same partners, currencies, ...
        auto it = names->constFind(rel);
        if (it == names->constEnd())
            it = names->insert(rel, m_db.displayName(f->relation, rel));
        return WireValue::many2one(rel, it.value());
    }
    case FieldType::One2many:
    case FieldType::Many2many: {
        WireValue l = WireValue::array();
        const QList<qint64> ids = v.value<QList<qint64>>();
        for (qint64 i : ids)
            l.append(WireValue(i));
        return l;
    }
    case FieldType::Other:
        return WireValue(false);
    }
    return WireValue(false);
}

WireValue OdooRpc::readRecord(const QString &model, qint64 id, const QStringList &fields) const {
    WireValue o = WireValue::object();
    o.insert(QStringLiteral("id"), WireValue(id));
    const Record *r = m_db.record(model, id);
    for (const QString &f : fields) {
        if (f != QLatin1String("id"))
            o.insert(f, r ? encode(model, m_db.access(model, f), *r, nullptr) : WireValue(false));
    }
    return o;
}

WireValue OdooRpc::readRecords(const QString &model, const QList<qint64> &ids,
                               const QStringList &fields) const {
    // Fields resolved once for the whole page, not by name for every record, and the records
    // written straight into the answer's JSON: a page is only ever sent.
    QStringList names;
    std::vector<FieldAccess> access;
    for (const QString &f : fields) {
        if (f == QLatin1String("id") || names.contains(f))
            continue;
        names << f;
        access.push_back(m_db.access(model, f));
    }
    std::vector<QByteArray> keys; // "\"name\": "
    for (const QString &n : std::as_const(names)) {
        QByteArray k = QByteArrayLiteral(", ");
        appendJsonString(k, n);
        k += ": ";
        keys.push_back(k);
    }
    std::vector<QHash<qint64, QString>> displayNames(access.size());
    QByteArray out;
    out.reserve(64 + ids.size() * (64 + 48 * qsizetype(access.size())));
    out += '[';
    bool first = true;
    for (qint64 id : ids) {
        if (!first)
            out += ", ";
        first = false;
        out += "{\"id\": ";
        out += QByteArray::number(id);
        const Record *r = m_db.record(model, id);
        for (size_t i = 0; i < access.size(); ++i) {
            out += keys[i];
            const FieldAccess &a = access[i];
            if (!r) {
                out += "false";
                continue;
            }
            if (a.spec && a.spec->type == FieldType::Many2one) {
                const qint64 rel = m_db.value(model, a, *r).toLongLong();
                if (rel <= 0) {
                    out += "false";
                    continue;
                }
                auto &cache = displayNames[i];
                auto it = cache.constFind(rel);
                if (it == cache.constEnd())
                    it = cache.insert(rel, m_db.displayName(a.spec->relation, rel));
                out += '[';
                out += QByteArray::number(rel);
                out += ", ";
                appendJsonString(out, it.value());
                out += ']';
                continue;
            }
            encode(model, a, *r, nullptr).appendJson(out);
        }
        out += '}';
    }
    out += ']';
    return WireValue::raw(std::move(out));
}

QVariantHash OdooRpc::fromWire(const QString &model, const QJsonObject &vals,
                               QList<QPair<QString, QJsonArray>> *x2manyCommands) const {
    QVariantHash out;
    const ModelSpec *spec = m_db.model(model);
    for (auto it = vals.begin(); it != vals.end(); ++it) {
        const FieldSpec *f = spec ? spec->field(it.key()) : nullptr;
        if (!f)
            throw OdooFault::valueError(
                QStringLiteral("Invalid field '%1' on model '%2'").arg(it.key(), model));
        const QJsonValue v = it.value();
        const bool unset = v.isNull() || (v.isBool() && !v.toBool());
        switch (f->type) {
        case FieldType::Char:
        case FieldType::Text:
        case FieldType::Html:
        case FieldType::Selection:
            out.insert(f->name, unset ? QString() : v.toVariant().toString());
            break;
        case FieldType::Integer:
        case FieldType::Many2oneReference:
            out.insert(f->name, qint64(v.toDouble()));
            break;
        case FieldType::Float:
        case FieldType::Monetary:
            out.insert(f->name, v.toDouble());
            break;
        case FieldType::Boolean:
            out.insert(f->name, v.toBool());
            break;
        case FieldType::Date:
            out.insert(f->name, unset ? QDate() : parseDatetime(v.toString()).date());
            break;
        case FieldType::Datetime:
            out.insert(f->name, unset ? QDateTime() : parseDatetime(v.toString()));
            break;
        case FieldType::Many2one:
            out.insert(f->name, unset ? qint64(0) : qint64(v.toDouble()));
            break;
        case FieldType::One2many:
        case FieldType::Many2many:
            if (x2manyCommands)
                x2manyCommands->append({f->name, v.toArray()});
            break;
        case FieldType::Other:
            break;
        }
    }
    return out;
}

void OdooRpc::applyX2manyCommands(const QString &model, qint64 id,
                                  const QList<QPair<QString, QJsonArray>> &commands) {
    const ModelSpec *spec = m_db.model(model);
    for (const auto &[field, list] : commands) {
        const FieldSpec *f = spec->field(field);
        QList<qint64> current = m_db.value(model, id, field).value<QList<qint64>>();
        const QString inverse = m_flow ? m_flow->inverseField(model, field) : QString();
        for (const QJsonValue &c : list) {
            const QJsonArray cmd = c.toArray();
            if (cmd.isEmpty()) {
                // a bare id list is a (6, 0, ids)
                current.clear();
                for (const QJsonValue &e : list)
                    current << qint64(e.toDouble());
                break;
            }
            const int code = cmd.at(0).toInt();
            const qint64 target = qint64(cmd.at(1).toDouble());
            switch (code) {
            case 0: {
                QJsonObject vals = cmd.at(2).toObject();
                if (!inverse.isEmpty())
                    vals.insert(inverse, id);
                const qint64 child = createRecord(f->relation, vals);
                if (inverse.isEmpty())
                    current << child;
                break;
            }
            case 1:
                writeRecord(f->relation, target, cmd.at(2).toObject());
                break;
            case 2:
                if (m_flow)
                    m_flow->beforeUnlink(f->relation, target);
                m_db.unlink(f->relation, target);
                current.removeAll(target);
                break;
            case 3:
                current.removeAll(target);
                break;
            case 4:
                if (!current.contains(target))
                    current << target;
                break;
            case 5:
                current.clear();
                break;
            case 6:
                current.clear();
                for (const QJsonValue &e : cmd.at(2).toArray())
                    current << qint64(e.toDouble());
                break;
            default:
                break;
            }
        }
        if (inverse.isEmpty())
            m_db.write(model, id, {{field, QVariant::fromValue(current)}});
    }
}

qint64 OdooRpc::createRecord(const QString &model, const QJsonObject &vals) {
    QList<QPair<QString, QJsonArray>> commands;
    QVariantHash values = fromWire(model, vals, &commands);
    if (m_flow)
        m_flow->prepareCreate(model, values);
    const qint64 id = m_db.create(model, values);
    applyX2manyCommands(model, id, commands);
    if (m_flow)
        m_flow->afterCreate(model, id);
    return id;
}

void OdooRpc::writeRecord(const QString &model, qint64 id, const QJsonObject &vals) {
    QList<QPair<QString, QJsonArray>> commands;
    const QVariantHash values = fromWire(model, vals, &commands);
    QVariantHash before;
    for (auto it = values.begin(); it != values.end(); ++it)
        before.insert(it.key(), m_db.value(model, id, it.key()));
    m_db.write(model, id, values);
    applyX2manyCommands(model, id, commands);
    if (m_flow)
        m_flow->afterWrite(model, id, before, values);
}

std::optional<WireValue> OdooRpc::callModel(MethodCall &call) {
    const QString &model = call.model;
    const QString &method = call.method;
    const LabUser &u = call.user;
    if (m_flow)
        m_flow->setCallContext(call.context, u.uid);
    auto kw = [&call](const char *name, qsizetype pos) {
        const QString n = QLatin1String(name);
        if (call.kwargs.contains(n))
            return call.kwargs.value(n);
        return pos < call.args.size() ? call.args.at(pos) : QJsonValue(QJsonValue::Undefined);
    };
    auto domainArg = [&]() { return Domain::parse(m_db, model, kw("domain", 0).toArray()); };
    auto fieldsArg = [&](qsizetype pos) {
        QStringList fields;
        const QJsonValue v = kw("fields", pos);
        for (const QJsonValue &f : v.toArray())
            fields << f.toString();
        if (fields.isEmpty())
            fields = readableFields(u, model);
        const ModelSpec *spec = m_db.model(model);
        for (const QString &f : fields) {
            if (f != QLatin1String("id") && !spec->field(f))
                throw OdooFault::valueError(
                    QStringLiteral("Invalid field '%1' on model '%2'").arg(f, model));
        }
        checkFieldAccess(u, model, fields);
        return fields;
    };
    auto intArg = [&](const char *name, qsizetype pos, qint64 fallback) {
        const QJsonValue v = kw(name, pos);
        if (v.isUndefined() || v.isNull() || (v.isBool() && !v.toBool()))
            return fallback;
        if (v.isString()) {
            throw OdooFault::named(
                QStringLiteral("psycopg2.errors.InvalidTextRepresentation"),
                QStringLiteral("invalid input syntax for type bigint: \"%1\"\n").arg(v.toString()));
        }
        return qint64(v.toDouble());
    };
    auto visibleIds = [&](QList<qint64> ids) {
        if (!u.ownDocumentsOnly)
            return ids;
        QList<qint64> out;
        for (qint64 id : ids) {
            if (visible(u, model, id))
                out << id;
        }
        return out;
    };
    auto search = [&](qsizetype limitPos, qsizetype offsetPos, qsizetype orderPos) {
        const Domain d = domainArg();
        const qint64 offset = intArg("offset", offsetPos, 0);
        const qint64 limit = intArg("limit", limitPos, -1);
        const QString order = kw("order", orderPos).toString();
        m_db.checkOrder(model, order);
        std::function<bool(qint64)> keep;
        if (u.ownDocumentsOnly)
            keep = [&](qint64 id) { return visible(u, model, id); };
        return m_db.searchPage(model, d, order, limit, offset, keep);
    };

    if (method == QLatin1String("context_get") && model == QLatin1String("res.users")) {
        // The caller's preferences and uid; JSON-2 clients learn who the key belongs to here.
        WireValue c = WireValue::object();
        c.insert(QStringLiteral("lang"), u.lang);
        c.insert(QStringLiteral("tz"), u.tz);
        c.insert(QStringLiteral("uid"), WireValue(u.uid));
        return c;
    }
    if (method == QLatin1String("search_read")) {
        const QStringList fields = fieldsArg(1);
        return readRecords(model, search(3, 2, 4), fields);
    }
    if (method == QLatin1String("search")) {
        WireValue out = WireValue::array();
        for (qint64 id : search(2, 1, 3))
            out.append(WireValue(id));
        return out;
    }
    if (method == QLatin1String("search_count")) {
        const Domain d = domainArg();
        qint64 n = visibleIds(m_db.searchAll(model, d)).size();
        const qint64 limit = intArg("limit", 1, -1);
        if (limit >= 0)
            n = qMin(n, limit);
        return WireValue(n);
    }
    if (method == QLatin1String("read")) {
        const QList<qint64> ids = call.ids();
        const QStringList fields = fieldsArg(1);
        checkRecordRule(u, model, ids, "read");
        QList<qint64> existing;
        for (qint64 id : ids) {
            if (m_db.exists(model, id))
                existing << id;
        }
        return readRecords(model, existing, fields);
    }
    if (method == QLatin1String("fields_get")) {
        QStringList wanted;
        for (const QJsonValue &v : kw("allfields", 0).toArray())
            wanted << v.toString();
        QStringList attributes;
        for (const QJsonValue &v : kw("attributes", 1).toArray())
            attributes << v.toString();
        const QStringList readable = readableFields(u, model);
        const ModelSpec *spec = m_db.model(model);
        WireValue out = WireValue::object();
        for (const QString &name : wanted.isEmpty() ? readable : wanted) {
            const FieldSpec *f = spec->field(name);
            if (!f || !readable.contains(name))
                continue;
            WireValue desc = WireValue::object();
            const QJsonObject &a = f->attributes;
            for (auto it = a.begin(); it != a.end(); ++it) {
                if (attributes.isEmpty() || attributes.contains(it.key()))
                    desc.insert(it.key(), WireValue::fromJson(it.value()));
            }
            out.insert(name, desc);
        }
        return out;
    }
    if (method == QLatin1String("create")) {
        const QJsonValue v = kw("vals_list", 0);
        if (v.isArray()) {
            WireValue out = WireValue::array();
            for (const QJsonValue &vals : v.toArray())
                out.append(WireValue(createRecord(model, vals.toObject())));
            return out;
        }
        return WireValue(createRecord(model, v.toObject()));
    }
    if (method == QLatin1String("write")) {
        const QList<qint64> ids = call.ids();
        QList<qint64> missing;
        for (qint64 id : ids) {
            if (!m_db.exists(model, id))
                missing << id;
        }
        if (!missing.isEmpty())
            throw OdooFault::missingError(model, missing, u.uid);
        checkRecordRule(u, model, ids, "write");
        const QJsonObject vals = kw("vals", 1).toObject();
        if (m_flow)
            m_flow->checkWrite(model, ids, vals);
        for (qint64 id : ids)
            writeRecord(model, id, vals);
        return WireValue(true);
    }
    if (method == QLatin1String("unlink")) {
        const QList<qint64> ids = call.ids();
        QList<qint64> missing;
        for (qint64 id : ids) {
            if (!m_db.exists(model, id))
                missing << id;
        }
        if (!missing.isEmpty())
            throw OdooFault::missingError(model, missing, u.uid);
        checkRecordRule(u, model, ids, "unlink");
        for (qint64 id : ids) {
            if (m_flow)
                m_flow->beforeUnlink(model, id);
        }
        for (qint64 id : ids)
            m_db.unlink(model, id);
        return WireValue(true);
    }
    const QHash<QString, ModelMethod> own = m_methods.value(model);
    const QHash<QString, ModelMethod> shared = m_methods.value(QStringLiteral("*"));
    if (auto it = own.constFind(method); it != own.constEnd()) {
        for (qint64 id : call.ids()) {
            if (call.args.at(0).isArray() && !m_db.exists(model, id))
                throw OdooFault::missingError(model, {id}, u.uid);
        }
        checkRecordRule(u, model, call.ids(), "write");
        return it.value()(call);
    }
    if (auto it = shared.constFind(method); it != shared.constEnd()) {
        return it.value()(call);
    }
    throw OdooFault::attributeError(
        QStringLiteral("The method '%1' does not exist on the model '%2'").arg(method, model));
}

} // namespace o2c::sim
