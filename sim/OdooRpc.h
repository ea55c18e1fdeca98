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

// The JSON-RPC endpoint of the simulated Odoo 18: /jsonrpc (common, object) and
// /web/webclient/version_info, with Odoo's error envelope and value encoding.
class OdooRpc final {
public:
    OdooRpc(OdooDatabase &db, QString database);
    ~OdooRpc();
    OdooRpc(const OdooRpc &) = delete;
    OdooRpc &operator=(const OdooRpc &) = delete;

    HttpAnswer handle(const QByteArray &path, const QByteArray &contentType,
                      const QByteArray &body);

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
    QList<LabUser> m_users;
    QHash<QString, QHash<QString, ModelMethod>> m_methods; // model ("*" = every model)
};

} // namespace o2c::sim
