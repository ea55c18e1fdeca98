// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QString>

namespace o2c {

// A business event in an order's life (PRODUCT.md, "Order-to-cash events").
enum class OrderEventType : quint8 {
    QuoteCreated,
    OrderValidated, // quote accepted: sale.order state "sale"
    ProductionReleased,
    StockReserved,
    Produced,
    GoodsShipped,
    InvoiceIssued,
    PaymentReconciled,
    Amended,
    Cancelled,
    Returned,
    CreditNoteIssued,
    Held,
    Released,
    HoldBreached,
    DuplicateFlagged,
    DuplicateResolved,
    OrderSubmitted, // a channel's order received by the middleware hub
    Quarantined,    // held back by the middleware hub before Odoo
    IntakeUpdate,   // another step in the hub: validated, forwarded, acknowledged, failed, ...
};

// The system that owns the event; the swim lanes of the order timeline.
enum class OrderSystem : quint8 {
    Channel,
    Middleware,
    Sales,
    Manufacturing,
    Warehouse,
    Finance,
    Cockpit
};

struct OrderEvent {
    OrderEventType type = OrderEventType::QuoteCreated;
    OrderSystem system = OrderSystem::Sales;
    QDateTime at;     // UTC
    QString document; // the Odoo or channel document that carries it ("S00025", "WH/MO/00007")
    QString detail;   // a short human-readable detail

    friend bool operator==(const OrderEvent &, const OrderEvent &) = default;
};

QString eventTypeKey(OrderEventType t);
QString systemKey(OrderSystem s);

} // namespace o2c
