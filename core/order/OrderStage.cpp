// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderStage.h"
#include "OrderEvent.h"

namespace o2c {

QString stageKey(OrderStage s) {
    switch (s) {
    case OrderStage::Quotation:
        return QStringLiteral("quotation");
    case OrderStage::Confirmed:
        return QStringLiteral("confirmed");
    case OrderStage::Manufacturing:
        return QStringLiteral("manufacturing");
    case OrderStage::Reserved:
        return QStringLiteral("reserved");
    case OrderStage::Produced:
        return QStringLiteral("produced");
    case OrderStage::Shipped:
        return QStringLiteral("shipped");
    case OrderStage::Invoiced:
        return QStringLiteral("invoiced");
    case OrderStage::Paid:
        return QStringLiteral("paid");
    case OrderStage::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString eventTypeKey(OrderEventType t) {
    switch (t) {
    case OrderEventType::QuoteCreated:
        return QStringLiteral("quote_created");
    case OrderEventType::OrderValidated:
        return QStringLiteral("order_validated");
    case OrderEventType::ProductionReleased:
        return QStringLiteral("production_released");
    case OrderEventType::StockReserved:
        return QStringLiteral("stock_reserved");
    case OrderEventType::Produced:
        return QStringLiteral("produced");
    case OrderEventType::GoodsShipped:
        return QStringLiteral("goods_shipped");
    case OrderEventType::InvoiceIssued:
        return QStringLiteral("invoice_issued");
    case OrderEventType::PaymentReconciled:
        return QStringLiteral("payment_reconciled");
    case OrderEventType::Amended:
        return QStringLiteral("amended");
    case OrderEventType::Cancelled:
        return QStringLiteral("cancelled");
    case OrderEventType::Returned:
        return QStringLiteral("returned");
    case OrderEventType::CreditNoteIssued:
        return QStringLiteral("credit_note_issued");
    case OrderEventType::Held:
        return QStringLiteral("held");
    case OrderEventType::Released:
        return QStringLiteral("released");
    case OrderEventType::HoldBreached:
        return QStringLiteral("hold_breached");
    case OrderEventType::DuplicateFlagged:
        return QStringLiteral("duplicate_flagged");
    case OrderEventType::DuplicateResolved:
        return QStringLiteral("duplicate_resolved");
    case OrderEventType::OrderSubmitted:
        return QStringLiteral("order_submitted");
    case OrderEventType::Quarantined:
        return QStringLiteral("quarantined");
    case OrderEventType::IntakeUpdate:
        return QStringLiteral("intake_update");
    }
    return {};
}

QString systemKey(OrderSystem s) {
    switch (s) {
    case OrderSystem::Channel:
        return QStringLiteral("channel");
    case OrderSystem::Middleware:
        return QStringLiteral("middleware");
    case OrderSystem::Sales:
        return QStringLiteral("sales");
    case OrderSystem::Manufacturing:
        return QStringLiteral("manufacturing");
    case OrderSystem::Warehouse:
        return QStringLiteral("warehouse");
    case OrderSystem::Finance:
        return QStringLiteral("finance");
    case OrderSystem::Cockpit:
        return QStringLiteral("cockpit");
    }
    return {};
}

} // namespace o2c
