// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/CanonicalOrder.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace o2c::odoo {

// Odoo records as search_read/read return them (many2one = [id, "name"] or false, empty = false),
// from which canonical orders are built.
struct OdooRecordSet {
    QList<QJsonObject> saleOrders;  // sale.order
    QList<QJsonObject> orderLines;  // sale.order.line
    QList<QJsonObject> partners;    // res.partner (customers and delivery addresses)
    QList<QJsonObject> tags;        // crm.tag
    QList<QJsonObject> productions; // mrp.production
    QList<QJsonObject> pickings;    // stock.picking
    QList<QJsonObject> invoices;    // account.move (out_invoice, out_refund)
};

// Turns Odoo's sale order and the documents it became into one canonical order with its
// order-to-cash events (odoo-wire README, "Order-to-cash lifecycle as Odoo 18 shows it").
class OdooOrderMapper final {
public:
    explicit OdooOrderMapper(QString database);

    // One canonical order per sale order in `records`, each linked to its lines, partners, tags,
    // manufacturing orders (origin == SO name, or the SO's procurement group), pickings (sale_id)
    // and invoices (invoice_origin == SO name).
    QList<CanonicalOrder> map(const OdooRecordSet &records) const;
    // `related` may hold records of other orders too; only this order's are used.
    CanonicalOrder mapOrder(const QJsonObject &saleOrder, const OdooRecordSet &related) const;

    QString canonicalId(qint64 saleOrderId) const;
    const QString &database() const { return m_database; }

    // The fields the cockpit reads, per model (explicit lists, never "all fields").
    static QStringList saleOrderFields();
    static QStringList orderLineFields();
    static QStringList partnerFields();
    static QStringList tagFields();
    static QStringList productionFields();
    static QStringList pickingFields();
    static QStringList invoiceFields();

    // Which sale order a document belongs to.
    static bool productionBelongs(const QJsonObject &production, const QJsonObject &saleOrder);
    static bool pickingBelongs(const QJsonObject &picking, const QJsonObject &saleOrder);
    static bool invoiceBelongs(const QJsonObject &invoice, const QJsonObject &saleOrder);
    // invoice_origin may name several orders: "S00001, S00002".
    static QStringList invoiceOrigins(const QJsonObject &invoice);

    // "YYYY-MM-DD HH:MM:SS" (UTC, no zone) → UTC QDateTime; false → invalid.
    static QDateTime dateTime(const QJsonValue &v);
    static QDate date(const QJsonValue &v);
    static QString text(const QJsonValue &v); // char field: false → empty
    static qint64 many2oneId(const QJsonValue &v);
    static QString many2oneName(const QJsonValue &v);
    // "EDI/850/<sender>/<isa13>/<gs06>/<st02>" → control numbers; anything else → empty.
    static EdiControlNumbers ediFromOrigin(QStringView origin);
    // The channel a source document's prefix names ("EDI/", "WEB/", "PORTAL/", "CRM/", "MAIL/").
    static Channel channelFromOrigin(QStringView origin);

private:
    QString m_database;
};

} // namespace o2c::odoo
