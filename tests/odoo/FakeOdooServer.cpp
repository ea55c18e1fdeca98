// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeOdooServer.h"

#include <QJsonDocument>
#include <QTimer>

#include <algorithm>

namespace {

bool compareValues(const QJsonValue &a, const QString &op, const QJsonValue &b) {
    // many2one [id, "name"] compares by id; x2many [ids] matches when any id matches
    const bool many2one = a.isArray() && a.toArray().size() == 2 && a.toArray().at(1).isString();
    if (a.isArray() && !many2one) {
        const QJsonArray ids = a.toArray();
        const bool any = std::any_of(ids.cbegin(), ids.cend(), [&](const QJsonValue &v) {
            return compareValues(v, op == QLatin1String("not in") ? QStringLiteral("in") : op, b);
        });
        return op == QLatin1String("not in") ? !any : any;
    }
    const QJsonValue left = many2one ? a.toArray().at(0) : a;
    if (op == QLatin1String("in") || op == QLatin1String("not in")) {
        const bool found = b.toArray().contains(left);
        return op == QLatin1String("in") ? found : !found;
    }
    if (op == QLatin1String("=like")) {
        const QString pattern = b.toString();
        const QString s = left.toString();
        return pattern.endsWith(u'%') ? s.startsWith(pattern.chopped(1)) : s == pattern;
    }
    if (op == QLatin1String("="))
        return left == b;
    if (op == QLatin1String("!="))
        return left != b;
    const int c =
        (left.isDouble() && b.isDouble())
            ? (left.toDouble() < b.toDouble() ? -1 : (left.toDouble() > b.toDouble() ? 1 : 0))
            : QString::compare(left.toString(), b.toString());
    if (op == QLatin1String(">"))
        return c > 0;
    if (op == QLatin1String(">="))
        return c >= 0;
    if (op == QLatin1String("<"))
        return c < 0;
    if (op == QLatin1String("<="))
        return c <= 0;
    return false;
}

QJsonObject project(const QJsonObject &r, const QJsonArray &fields) {
    if (fields.isEmpty())
        return r;
    QJsonObject o{{QStringLiteral("id"), r.value(QStringLiteral("id"))}};
    for (const QJsonValue &f : fields) {
        const QJsonValue v = r.value(f.toString());
        o.insert(f.toString(), v.isUndefined() ? QJsonValue(false) : v);
    }
    return o;
}

} // namespace

namespace {

// Evaluates one term of a prefix-notation domain starting at `pos`.
bool evalTerm(const QJsonObject &record, const QJsonArray &domain, qsizetype &pos) {
    const QJsonValue t = domain.at(pos++);
    if (t.isString()) {
        const QString op = t.toString();
        if (op == QLatin1String("!"))
            return !evalTerm(record, domain, pos);
        const bool a = evalTerm(record, domain, pos);
        const bool b = evalTerm(record, domain, pos);
        return op == QLatin1String("|") ? (a || b) : (a && b);
    }
    const QJsonArray l = t.toArray();
    return compareValues(record.value(l.at(0).toString()), l.at(1).toString(), l.at(2));
}

} // namespace

bool FakeOdooServer::matches(const QJsonObject &record, const QJsonArray &domain) {
    qsizetype pos = 0;
    while (pos < domain.size()) // terms at the top level are joined by "&"
        if (!evalTerm(record, domain, pos))
            return false;
    return true;
}

qint64 FakeOdooServer::add(const QString &model, QJsonObject record) {
    qint64 id = qint64(record.value(QStringLiteral("id")).toDouble());
    if (!id)
        id = ++m_nextId;
    m_nextId = std::max(m_nextId, id);
    record.insert(QStringLiteral("id"), id);
    if (!record.contains(QStringLiteral("write_date")))
        record.insert(QStringLiteral("write_date"), now);
    if (!record.contains(QStringLiteral("create_date")))
        record.insert(QStringLiteral("create_date"), record.value(QStringLiteral("write_date")));
    records[model].insert(id, record);
    return id;
}

void FakeOdooServer::write(const QString &model, qint64 id, const QJsonObject &values,
                           const QString &writeDate) {
    QJsonObject &r = records[model][id];
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (it.value().isArray() && !it.value().toArray().isEmpty() &&
            it.value().toArray().at(0).isArray()) {
            // many2many commands: [4, id, 0] link, [3, id, 0] unlink
            QJsonArray ids = r.value(it.key()).toArray();
            const QJsonArray commands = it.value().toArray();
            for (const QJsonValue &c : commands) {
                const QJsonArray cmd = c.toArray();
                const QJsonValue target = cmd.at(1);
                if (cmd.at(0).toInt() == 4 && !ids.contains(target))
                    ids.append(target);
                if (cmd.at(0).toInt() == 3)
                    for (qsizetype i = ids.size() - 1; i >= 0; --i)
                        if (ids.at(i) == target)
                            ids.removeAt(i);
            }
            r.insert(it.key(), ids);
        } else {
            r.insert(it.key(), it.value());
        }
    }
    r.insert(QStringLiteral("write_date"), writeDate.isEmpty() ? now : writeDate);
}

QList<FakeOdooServer::Call> FakeOdooServer::callsOf(const QString &model,
                                                    const QString &method) const {
    QList<Call> r;
    for (const Call &c : calls)
        if (c.model == model && c.method == method)
            r.append(c);
    return r;
}

QStringList FakeOdooServer::callTrace() const {
    QStringList r;
    for (const Call &c : calls)
        r << c.model + u'/' + c.method;
    return r;
}

QJsonValue FakeOdooServer::execute(const Call &call, QJsonObject *error) {
    const QString key = call.model + u'/' + call.method;
    if (failOnce.contains(key)) {
        *error = failOnce.take(key);
        return {};
    }
    if (methods.contains(key))
        return methods.value(key)(call);
    auto &table = records[call.model];
    if (call.method == QLatin1String("search_read")) {
        const QJsonArray domain = call.args.at(0).toArray();
        QList<QJsonObject> found;
        for (const QJsonObject &r : std::as_const(table))
            if (matches(r, domain))
                found.append(r);
        const QString order = call.kwargs.value(QStringLiteral("order")).toString();
        if (order.startsWith(QLatin1String("write_date"))) {
            std::stable_sort(
                found.begin(), found.end(), [](const QJsonObject &a, const QJsonObject &b) {
                    const QString wa = a.value(QStringLiteral("write_date")).toString();
                    const QString wb = b.value(QStringLiteral("write_date")).toString();
                    if (wa != wb)
                        return wa < wb;
                    return a.value(QStringLiteral("id")).toDouble() <
                           b.value(QStringLiteral("id")).toDouble();
                });
            if (order.startsWith(QLatin1String("write_date desc")))
                std::reverse(found.begin(), found.end()); // "write_date desc, id desc"
        }
        const int offset = call.kwargs.value(QStringLiteral("offset")).toInt();
        const int limit = call.kwargs.value(QStringLiteral("limit")).toInt();
        QJsonArray result;
        const QJsonArray fields = call.kwargs.value(QStringLiteral("fields")).toArray();
        for (qsizetype i = offset; i < found.size() && (limit <= 0 || result.size() < limit); ++i)
            result.append(project(found.at(i), fields));
        return result;
    }
    if (call.method == QLatin1String("search")) {
        // Archived records (active false) are left out, as Odoo does by default.
        const QJsonArray domain = call.args.at(0).toArray();
        QJsonArray result;
        for (const QJsonObject &r : std::as_const(table))
            if (matches(r, domain) && r.value(QStringLiteral("active")) != QJsonValue(false))
                result.append(r.value(QStringLiteral("id")));
        return result;
    }
    if (call.method == QLatin1String("read")) {
        QJsonArray result;
        const QJsonArray ids = call.args.at(0).toArray();
        for (const QJsonValue &id : ids)
            if (table.contains(qint64(id.toDouble())))
                result.append(project(table.value(qint64(id.toDouble())),
                                      call.kwargs.value(QStringLiteral("fields")).toArray()));
        return result;
    }
    if (call.method == QLatin1String("create"))
        return add(call.model, call.args.at(0).toObject());
    if (call.method == QLatin1String("write")) {
        const QJsonArray ids = call.args.at(0).toArray();
        for (const QJsonValue &id : ids)
            write(call.model, qint64(id.toDouble()), call.args.at(1).toObject());
        return true;
    }
    return true;
}

void FakeOdooServer::send(const o2c::odoo::TransportRequest &httpRequest, Callback done) {
    const QString &path = httpRequest.path;
    const QJsonObject request = QJsonDocument::fromJson(httpRequest.body).object();
    const QJsonObject params = request.value(QStringLiteral("params")).toObject();
    const QJsonArray args = params.value(QStringLiteral("args")).toArray();
    QJsonObject answer{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), request.value(QStringLiteral("id"))}};
    o2c::odoo::TransportReply reply;
    if (networkDown) {
        reply.networkError.kind = o2c::odoo::OdooError::Kind::NetworkFailure;
        reply.networkError.message = QStringLiteral("Odoo at fake refused the connection.");
    } else {
        QJsonObject error;
        QJsonValue result;
        if (path == QLatin1String("/web/webclient/version_info")) {
            result = QJsonObject{{QStringLiteral("server_version"), QStringLiteral("18.0")},
                                 {QStringLiteral("server_version_info"),
                                  QJsonArray{18, 0, 0, QStringLiteral("final"), 0, QString()}},
                                 {QStringLiteral("server_serie"), QStringLiteral("18.0")},
                                 {QStringLiteral("protocol_version"), 1}};
        } else if (params.value(QStringLiteral("method")) == QLatin1String("authenticate")) {
            ++authentications;
            result = refuseSignIn ? QJsonValue(false) : QJsonValue(uid);
        } else {
            Call call{args.at(3).toString(), args.at(4).toString(), args.at(5).toArray(),
                      args.at(6).toObject()};
            if (refuseSignIn)
                error = {{QStringLiteral("name"), QStringLiteral("odoo.exceptions.AccessDenied")},
                         {QStringLiteral("message"), QStringLiteral("Access Denied")}};
            else
                result = execute(call, &error);
            calls.append(call);
            if (call.method == QLatin1String("search_read") && afterSearchRead)
                afterSearchRead(call);
        }
        if (!error.isEmpty())
            answer.insert(
                QStringLiteral("error"),
                QJsonObject{{QStringLiteral("code"), 200},
                            {QStringLiteral("message"), QStringLiteral("Odoo Server Error")},
                            {QStringLiteral("data"), error}});
        else if (!result.isUndefined())
            answer.insert(QStringLiteral("result"), result);
        reply.httpStatus = 200;
        reply.contentType = "application/json";
        reply.body = QJsonDocument(answer).toJson(QJsonDocument::Compact);
    }
    const int epoch = m_epoch;
    QTimer::singleShot(0, this, [this, epoch, reply, done = std::move(done)] {
        if (epoch == m_epoch)
            done(reply);
    });
}
