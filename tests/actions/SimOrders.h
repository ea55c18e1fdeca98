// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Orders made in the simulator for the action tests, and what the tests read back from it.

#include "actions/ActionRecord.h"

#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "Simulator.h"

#include <QJsonArray>
#include <QTimeZone>

namespace o2c::test {

inline std::unique_ptr<sim::Simulator> startSimulator() {
    sim::SimulatorOptions o;
    o.labFixtureOnly = true;
    o.start = QDateTime(QDate(2026, 11, 26), QTime(10, 0), QTimeZone::utc());
    o.scenario.speed = 0;
    auto s = std::make_unique<sim::Simulator>(o);
    QString error;
    if (!s->start(&error))
        qFatal("simulator: %s", qPrintable(error));
    return s;
}

// A quotation (or, confirmed, a sale order with its manufacturing order) of 2 CW-MTO for
// partner 10.
inline OrderRef makeOrder(sim::Simulator &s, bool confirmed, const QString &ref) {
    s.flow().setCallContext({}, 2);
    const QJsonObject line{{QStringLiteral("product_id"), 64},
                           {QStringLiteral("product_uom_qty"), 2}};
    const qint64 id =
        s.rpc().createRecord(QStringLiteral("sale.order"),
                             {{QStringLiteral("partner_id"), 10},
                              {QStringLiteral("client_order_ref"), ref},
                              {QStringLiteral("order_line"), QJsonArray{QJsonArray{0, 0, line}}}});
    if (confirmed)
        s.flow().confirmOrder(id);
    OrderRef o;
    o.id = id;
    o.name =
        s.database().value(QStringLiteral("sale.order"), id, QStringLiteral("name")).toString();
    o.amountTotal = s.database()
                        .value(QStringLiteral("sale.order"), id, QStringLiteral("amount_total"))
                        .toDouble();
    return o;
}

inline QString stateOf(sim::Simulator &s, const QString &model, qint64 id) {
    return s.database().value(model, id, QStringLiteral("state")).toString();
}

inline QList<qint64> productionsOf(sim::Simulator &s, const OrderRef &o) {
    QList<qint64> out;
    for (qint64 id : s.database().ids(QStringLiteral("mrp.production"))) {
        if (s.database()
                .value(QStringLiteral("mrp.production"), id, QStringLiteral("origin"))
                .toString() == o.name)
            out << id;
    }
    return out;
}

// Records of `model` attached to (resModel, resId) whose `field` contains `text`.
inline int countAttached(sim::Simulator &s, const QString &model, const QString &modelField,
                         const QString &resModel, qint64 resId, const QString &field,
                         const QString &text) {
    int n = 0;
    for (qint64 id : s.database().ids(model)) {
        if (s.database().value(model, id, modelField).toString() == resModel &&
            s.database().value(model, id, QStringLiteral("res_id")).toLongLong() == resId &&
            s.database().value(model, id, field).toString().contains(text))
            ++n;
    }
    return n;
}

inline int notesOn(sim::Simulator &s, const OrderRef &o, const QString &text) {
    return countAttached(s, QStringLiteral("mail.message"), QStringLiteral("model"),
                         QStringLiteral("sale.order"), o.id, QStringLiteral("body"), text);
}

inline int holdActivitiesOn(sim::Simulator &s, qint64 mo) {
    return countAttached(s, QStringLiteral("mail.activity"), QStringLiteral("res_model"),
                         QStringLiteral("mrp.production"), mo, QStringLiteral("summary"),
                         QStringLiteral("HOLD:"));
}

} // namespace o2c::test
