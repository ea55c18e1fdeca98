// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LabUser.h"
#include "WireValue.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QVariantHash>

#include <functional>
#include <optional>

namespace o2c::sim {

class OdooDatabase;
class OrderFlow;
struct FieldAccess;
struct Record;

// One execute_kw call as a model method sees it.
struct MethodCall {
    OdooDatabase &db;
    const LabUser &user;
    QString model;
    QString method;
    QJsonArray args;
    QJsonObject kwargs;
    QJsonObject context;
    QList<qint64> ids() const; // args[0] as a list of record ids
};

// std::nullopt: the method returned None (the response then has no "result" member).
using ModelMethod = std::function<std::optional<WireValue>(MethodCall &)>;

struct HttpAnswer {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QByteArray body;
};

// One request to Odoo 19's JSON-2 endpoint, POST /json/2/<model>/<method>.
struct Json2Request {
    QByteArray verb = QByteArrayLiteral("POST");
    QString model;
    QString method;
    QByteArray authorization; // "bearer <API key>"
    QByteArray database;      // X-Odoo-Database, may be empty
    QByteArray contentType;
    QByteArray body;
};

// The external API of the simulated Odoo: JSON-RPC (/jsonrpc: common, object, db, and
// /web/webclient/version_info) with Odoo's error envelope and value encoding, and, when it
// plays Odoo 19 or later, JSON-2 (POST /json/2/<model>/<method>) with bearer API keys, named
// arguments, bare JSON results and errors as HTTP statuses.
class OdooRpc final {
public:
    OdooRpc(OdooDatabase &db, QString database);
    ~OdooRpc();
    OdooRpc(const OdooRpc &) = delete;
    OdooRpc &operator=(const OdooRpc &) = delete;

    HttpAnswer handle(const QByteArray &path, const QByteArray &contentType,
                      const QByteArray &body);
    // JSON-2; only answered (otherwise 404, as Odoo 18 does) when serverMajor() >= 19.
    HttpAnswer handleJson2(const Json2Request &request);

    // The Odoo release the simulator reports (version_info, common.version) and behaves as:
    // 16 to 19; 18 (the recorded one) by default.
    void setServerMajor(int major) { m_major = major; }
    int serverMajor() const { return m_major; }
    bool servesJson2() const { return m_major >= 19; }
    // The user's API key stops working, as after res.users.apikeys revoke. False: no such key.
    bool revokeApiKey(const QString &login);

    void registerMethod(const QString &model, const QString &method, ModelMethod m);
    void setFlow(OrderFlow *flow) { m_flow = flow; }
    QList<LabUser> &users() { return m_users; }
    LabUser *user(qint64 uid);
    const QString &database() const { return m_database; }

    // Record I/O with Odoo's encoding, also used by the business methods.
    WireValue readRecord(const QString &model, qint64 id, const QStringList &fields) const;
    // A list of records (ids that do not exist read as false values), as read/search_read.
    WireValue readRecords(const QString &model, const QList<qint64> &ids,
                          const QStringList &fields) const;
    WireValue fieldValue(const QString &model, qint64 id, const QString &field) const;
    // Converts create/write values; x2many commands are returned separately.
    QVariantHash fromWire(const QString &model, const QJsonObject &vals,
                          QList<QPair<QString, QJsonArray>> *x2manyCommands) const;
    qint64 createRecord(const QString &model, const QJsonObject &vals);
    void writeRecord(const QString &model, qint64 id, const QJsonObject &vals);

private:
    WireValue encode(const QString &model, const FieldAccess &a, const Record &r,
                     QHash<qint64, QString> *displayNames) const;
    std::optional<WireValue> dispatch(const QJsonObject &params);
    std::optional<WireValue> executeKw(const QJsonArray &args);
    std::optional<WireValue> callModel(MethodCall &call);
    WireValue versionInfo() const;
    // 18 as the recorded server ("18.0+e-20241005"), the others as a community build ("19.0").
    QString serverVersionText() const;
    HttpAnswer json2Call(const Json2Request &request, qint64 uid);
    void checkModelAccess(const LabUser &u, const QString &model) const;
    void checkRecordRule(const LabUser &u, const QString &model, const QList<qint64> &ids,
                         const char *operation) const;
    void checkFieldAccess(const LabUser &u, const QString &model, const QStringList &fields) const;
    QStringList readableFields(const LabUser &u, const QString &model) const;
    bool visible(const LabUser &u, const QString &model, qint64 id) const;
    void applyX2manyCommands(const QString &model, qint64 id,
                             const QList<QPair<QString, QJsonArray>> &commands);

    OdooDatabase &m_db;
    QString m_database;
    OrderFlow *m_flow = nullptr;
    int m_major = 18;
    QList<LabUser> m_users;
    QHash<QString, QHash<QString, ModelMethod>> m_methods; // model ("*" = every model)
};

} // namespace o2c::sim
