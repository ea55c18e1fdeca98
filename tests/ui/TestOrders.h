// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/CanonicalOrder.h"

#include <QString>

// Small hand-made orders for the widget and model suites.
namespace o2c::testorders {

inline CanonicalOrder make(int n, OrderStage stage, double total, const QString &customer = {},
                           const QString &ref = {}) {
    CanonicalOrder o;
    o.id = QStringLiteral("odoo:test:sale.order:%1").arg(n);
    o.saleOrderId = n;
    o.saleOrderName = QStringLiteral("S%1").arg(n, 5, 10, QLatin1Char('0'));
    o.channel = Channel::Edi;
    o.customer.partnerId = 100 + n;
    o.customer.name = customer.isEmpty() ? QStringLiteral("Customer %1").arg(n) : customer;
    o.customerRef = ref.isEmpty() ? QStringLiteral("PO-%1").arg(n) : ref;
    o.amountTotal = total;
    o.currency = QStringLiteral("EUR");
    o.createdAt = QDateTime(QDate(2024, 5, 2), QTime(8, 0), Qt::UTC).addSecs(60 * n);
    o.requestedDate = QDate(2024, 5, 20);
    o.shipTo = QStringLiteral("Werkstr. 1, 70173 Stuttgart");
    o.saleState = stage == OrderStage::Quotation ? QStringLiteral("draft") : QStringLiteral("sale");
    o.stage = stage;
    o.lines = {OrderLine{QStringLiteral("FR-100"), 1, QStringLiteral("Frame"), 10,
                         QStringLiteral("Units"), 12.5},
               OrderLine{QStringLiteral("WH-200"), 2, QStringLiteral("Wheel"), 20,
                         QStringLiteral("Units"), 4.0}};
    return o;
}

} // namespace o2c::testorders
