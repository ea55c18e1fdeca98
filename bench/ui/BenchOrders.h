// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The desktop benchmarks' orders, and what the sync keeps for them in a local order store.

#include "odoo/OdooSync.h"
#include "order/CanonicalOrder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <iterator>

namespace o2c::bench {

inline quint64 mix(quint64 x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline const QStringList &customerNames() {
    static const QStringList names = [] {
        const char *first[] = {"Müller",  "Schmidt", "Weber",   "Fischer",  "Becker",   "Hoffmann",
                               "Schäfer", "Koch",    "Richter", "Klein",    "Wolf",     "Neumann",
                               "Dupont",  "Lefèvre", "García",  "Nowak",    "Kowalski", "Rossi",
                               "Bianchi", "Jansen",  "Novák",   "Svensson", "Smith",    "Brown"};
        const char *second[] = {"Maschinenbau", "Antriebstechnik", "Fahrzeugteile", "Logistik",
                                "Elektronik",   "Hydraulik",       "Metallwerk",    "Industrie",
                                "Systems",      "Components",      "Robotics",      "Werkzeuge"};
        const char *form[] = {"GmbH", "AG", "SARL", "S.A.", "Sp. z o.o.", "Ltd", "KG", "s.r.o."};
        QStringList n;
        for (int i = 0; i < 20000; ++i) {
            const quint64 h = mix(quint64(i) * 7 + 3);
            n << QStringLiteral("%1 %2 %3 %4")
                     .arg(QString::fromUtf8(first[h % std::size(first)]),
                          QString::fromUtf8(second[(h >> 8) % std::size(second)]),
                          QString::fromUtf8(form[(h >> 16) % std::size(form)]))
                     .arg(i % 97 + 1);
        }
        return n;
    }();
    return names;
}

inline const QDateTime epoch(QDate(2025, 1, 6), QTime(6, 0), Qt::UTC);

// Order n, deterministic; `version` moves it along the stages as later events would.
inline CanonicalOrder makeOrder(qint64 n, int version = 0) {
    const quint64 h = mix(quint64(n));
    CanonicalOrder o;
    o.id = QStringLiteral("odoo:bench:sale.order:%1").arg(n);
    o.saleOrderId = n;
    o.saleOrderName = QStringLiteral("S%1").arg(n, 7, 10, QLatin1Char('0'));
    o.channel = allChannels[h % allChannels.size()];
    const QStringList &names = customerNames();
    o.customer.partnerId = qint64(h % quint64(names.size())) + 1;
    o.customer.name = names.at(int(h % quint64(names.size())));
    switch ((h >> 20) % 4) {
    case 0:
        o.customerRef = QStringLiteral("PO-%1").arg((h >> 24) % 100000);
        break;
    case 1:
        o.customerRef = QStringLiteral("po %1").arg((h >> 24) % 100000);
        break;
    case 2:
        o.customerRef = QStringLiteral("%1/%2").arg((h >> 24) % 1000).arg(2025);
        break;
    default:
        o.customerRef = QStringLiteral("ORD%1").arg((h >> 24) % 1000000, 6, 10, QLatin1Char('0'));
    }
    o.currency = QStringLiteral("EUR");
    o.createdAt = epoch.addSecs(n * 30);
    o.requestedDate = o.createdAt.date().addDays(14);
    o.lines = {OrderLine{QStringLiteral("FR-%1").arg((h >> 32) % 500), qint64((h >> 32) % 500),
                         QStringLiteral("Frame"), double((h >> 40) % 50 + 1),
                         QStringLiteral("Units"), 12.5},
               OrderLine{QStringLiteral("WH-%1").arg((h >> 44) % 300), qint64((h >> 44) % 300),
                         QStringLiteral("Wheel"), double((h >> 52) % 20 + 1),
                         QStringLiteral("Units"), 4.0}};
    o.amountTotal = o.lines[0].qty * 12.5 + o.lines[1].qty * 4.0;
    o.saleState = QStringLiteral("sale");
    o.stage = OrderStage(std::min<int>(int((h >> 56) % 8) + version, int(OrderStage::Paid)));
    o.writeDate = o.createdAt.addSecs(3600 * (version + 1));
    return o;
}

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
