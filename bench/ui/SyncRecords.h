// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the desktop benchmarks put in a local order store besides the orders.

#include "odoo/OdooSync.h"
#include "order/CanonicalOrder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace o2c::bench {

// The raw Odoo records the sync keeps for an order, as the local store holds them: the sale
// order, its two lines, a manufacturing order and a delivery.
inline void addRecords(odoo::SyncCheckpoint &c, const CanonicalOrder &o) {
    const QString wd = o.writeDate.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QJsonArray so{o.saleOrderId, o.saleOrderName};
    const QJsonArray partner{o.customer.partnerId, o.customer.name};
    c.records[QStringLiteral("sale.order")].append(QJsonObject{
        {QStringLiteral("id"), o.saleOrderId},
        {QStringLiteral("name"), o.saleOrderName},
        {QStringLiteral("partner_id"), partner},
        {QStringLiteral("partner_shipping_id"), partner},
        {QStringLiteral("client_order_ref"), o.customerRef},
        {QStringLiteral("state"), QStringLiteral("sale")},
        {QStringLiteral("amount_total"), o.amountTotal},
        {QStringLiteral("procurement_group_id"), so},
        {QStringLiteral("date_order"), o.createdAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))},
        {QStringLiteral("write_date"), wd}});
    for (int l = 0; l < 2; ++l)
        c.records[QStringLiteral("sale.order.line")].append(QJsonObject{
            {QStringLiteral("id"), o.saleOrderId * 2 + l},
            {QStringLiteral("order_id"), so},
            {QStringLiteral("product_id"), QJsonArray{o.lines[l].productId, o.lines[l].sku}},
            {QStringLiteral("name"), o.lines[l].description},
            {QStringLiteral("product_uom_qty"), o.lines[l].qty},
            {QStringLiteral("price_unit"), o.lines[l].price},
            {QStringLiteral("write_date"), wd}});
    c.records[QStringLiteral("mrp.production")].append(
        QJsonObject{{QStringLiteral("id"), o.saleOrderId},
                    {QStringLiteral("name"), QStringLiteral("WH/MO/%1").arg(o.saleOrderId)},
                    {QStringLiteral("origin"), o.saleOrderName},
                    {QStringLiteral("state"), QStringLiteral("confirmed")},
                    {QStringLiteral("write_date"), wd}});
    c.records[QStringLiteral("stock.picking")].append(
        QJsonObject{{QStringLiteral("id"), o.saleOrderId},
                    {QStringLiteral("name"), QStringLiteral("WH/OUT/%1").arg(o.saleOrderId)},
                    {QStringLiteral("sale_id"), so},
                    {QStringLiteral("origin"), o.saleOrderName},
                    {QStringLiteral("picking_type_code"), QStringLiteral("outgoing")},
                    {QStringLiteral("state"), QStringLiteral("assigned")},
                    {QStringLiteral("write_date"), wd}});
}

} // namespace o2c::bench
