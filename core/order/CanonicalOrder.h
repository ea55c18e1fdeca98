// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Channel.h"
#include "OrderEvent.h"
#include "OrderStage.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace o2c {

struct OrderLine {
    QString sku; // product default_code, or "#<product id>" when the product has none
    qint64 productId = 0;
    QString description;
    double qty = 0;
    QString uom;
    double price = 0; // unit price

    friend bool operator==(const OrderLine &, const OrderLine &) = default;
};

struct Customer {
    qint64 partnerId = 0; // Odoo res.partner id, 0 when unknown
    QString name;
    QString vat;
    QString gln;

    friend bool operator==(const Customer &, const Customer &) = default;
};

struct EdiControlNumbers {
    QString sender; // ISA06
    QString isa13;  // interchange control number
    QString gs06;   // group control number
    QString st02;   // transaction set control number
    bool isEmpty() const { return isa13.isEmpty() && gs06.isEmpty() && st02.isEmpty(); }

    friend bool operator==(const EdiControlNumbers &, const EdiControlNumbers &) = default;
};

struct OrderSource {
    QString system;   // "odoo", a middleware name, a channel system
    QString document; // the document id in that system
    EdiControlNumbers edi;
    QString payloadHash; // hash of the raw payload when known (identical resubmission)

    friend bool operator==(const OrderSource &, const OrderSource &) = default;
};

struct ManufacturingOrderRef {
    qint64 id = 0;
    QString name;
    QString state;            // draft, confirmed, progress, to_close, done, cancel
    QString reservationState; // confirmed, assigned, waiting, or empty
    QString product;
    double qty = 0;
    bool heldByActivity = false; // carries a "HOLD:" activity
    QString holdNote;            // the activity's text after "HOLD:", the planner's reason
    QDateTime created, finished;

    friend bool operator==(const ManufacturingOrderRef &, const ManufacturingOrderRef &) = default;
};

struct PickingRef {
    qint64 id = 0;
    QString name;
    QString state;    // draft, waiting, confirmed, assigned, done, cancel
    QString typeCode; // outgoing, incoming, internal
    QDateTime scheduled, done;

    friend bool operator==(const PickingRef &, const PickingRef &) = default;
};

struct InvoiceRef {
    qint64 id = 0;
    QString name;
    QString moveType;     // out_invoice, out_refund
    QString state;        // draft, posted, cancel
    QString paymentState; // not_paid, in_payment, paid, partial, reversed
    double amount = 0;
    QDate invoiceDate;
    QDateTime written;

    friend bool operator==(const InvoiceRef &, const InvoiceRef &) = default;
};

// One order as the cockpit sees it, whatever channel it came from (PRODUCT.md, "The canonical
// order and its identity").
struct CanonicalOrder {
    QString id; // stable cockpit id: "odoo:<db>:sale.order:<id>" or "<channel>:<document>"
    Channel channel = Channel::Unknown;
    Customer customer;
    QString customerRef; // as typed by the customer
    QList<OrderLine> lines;
    double amountTotal = 0;
    QString currency;
    QDateTime createdAt; // UTC
    QDate requestedDate;
    QString shipTo; // delivery address as a display string
    qint64 shipToId = 0;
    OrderSource source;

    // Odoo documents the order became
    qint64 saleOrderId = 0;
    QString saleOrderName;
    QString saleState; // draft, sent, sale, cancel
    QStringList tags;
    QList<ManufacturingOrderRef> manufacturingOrders;
    QList<PickingRef> pickings;
    QList<InvoiceRef> invoices;
    QDateTime writeDate; // latest write_date among its Odoo documents

    OrderStage stage = OrderStage::Quotation;
    QList<OrderEvent> events; // sorted by time

    // Customer reference reduced to what identifies it: case, punctuation, blanks, a leading
    // "PO"/"P.O."/"order" marker and leading zeros dropped. "PO-00123", "po 123", "PO#123" and
    // " 123 " all give "123". Empty in, empty out.
    static QString normalizeReference(QStringView ref);
    QString normalizedRef() const { return normalizeReference(customerRef); }

    bool isOpen() const { return stage != OrderStage::Cancelled; }
    bool hasHoldTag() const;

    // Recomputes `stage` from the Odoo documents.
    void deriveStage();

    QJsonObject toJson() const;
    // Reads the scan input format (docs/formats.md). Missing fields stay default.
    static CanonicalOrder fromJson(const QJsonObject &o, QString *error = nullptr);

    friend bool operator==(const CanonicalOrder &, const CanonicalOrder &) = default;
};

} // namespace o2c
