// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <array>

namespace o2c {

// The order-to-cash stages shown on the flow board, in the order an order passes them.
enum class OrderStage : quint8 {
    Quotation,
    Confirmed,
    Manufacturing, // a manufacturing order exists for it and is not finished
    Reserved,      // the delivery's moves are all reserved
    Produced,      // every manufacturing order done
    Shipped,       // the outgoing picking is done
    Invoiced,      // a customer invoice is posted
    Paid,          // the invoice is paid
    Cancelled,
};

inline constexpr std::array<OrderStage, 8> flowStages{
    OrderStage::Quotation, OrderStage::Confirmed, OrderStage::Manufacturing, OrderStage::Reserved,
    OrderStage::Produced,  OrderStage::Shipped,   OrderStage::Invoiced,      OrderStage::Paid};

QString stageKey(OrderStage s);

} // namespace o2c
