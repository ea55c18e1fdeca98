// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/OdooTransport.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>

#include <functional>

// An in-process Odoo for the sync and hold suites: answers version_info, common.authenticate and
// execute_kw (search_read honouring domain, order (by id or write_date, asc or desc), limit and
// offset; read; create; write with many2many link/unlink commands; any other method through
// `methods`) from in-memory records.
class FakeOdooServer final : public o2c::odoo::OdooTransport {
public:
    struct Call {
        QString model;
        QString method;
        QJsonArray args;
        QJsonObject kwargs;
    };

    QMap<QString, QMap<qint64, QJsonObject>> records; // model → id → record
    QList<Call> calls;                                // execute_kw calls, in order
    int authentications = 0;
    int uid = 9;
    bool refuseSignIn = false;
    bool networkDown = false;
    QString now = QStringLiteral("2026-11-26 14:00:00"); // write_date stamped by create/write
    // "model/method" → handler returning the result; absent methods return true.
    QHash<QString, std::function<QJsonValue(const Call &)>> methods;
    // "model/method" → error data {"name":..., "message":...} answered once.
    QHash<QString, QJsonObject> failOnce;
    // Called after each search_read page is answered (to change records between pages).
    std::function<void(const Call &)> afterSearchRead;

    explicit FakeOdooServer(QObject *parent = nullptr)
        : OdooTransport(parent) {}

    qint64 add(const QString &model, QJsonObject record);
    void write(const QString &model, qint64 id, const QJsonObject &values,
               const QString &writeDate = {});

    void send(const o2c::odoo::TransportRequest &request, Callback done) override;
    void cancelAll() override { ++m_epoch; }

    QList<Call> callsOf(const QString &model, const QString &method) const;
    QStringList callTrace() const; // "model/method" per call

    static bool matches(const QJsonObject &record, const QJsonArray &domain);

private:
    QJsonValue execute(const Call &call, QJsonObject *error);
    int m_epoch = 0;
    qint64 m_nextId = 1000;
};
