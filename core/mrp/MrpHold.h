// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace o2c {

// How manufacturing is held back for an order, as Odoo 18 allows it (odoo-wire 079-096):
// Hard: the order stays a quotation, tagged HOLD, so no manufacturing order, reservation or
//       procurement exists; release confirms it.
// Soft: the order is confirmed; its manufacturing orders are unreserved and carry a "HOLD:"
// activity
//       (advisory: Odoo does not stop production); release marks the activity done and reserves
//       again.
enum class HoldKind : quint8 { Hard, Soft };

struct MrpHold {
    QString orderId;       // canonical order id
    QString saleOrderName; // S00025
    HoldKind kind = HoldKind::Hard;
    QString reason;
    QString heldBy;
    QDateTime since;                     // UTC
    QList<qint64> manufacturingOrderIds; // soft holds
    QList<qint64> activityIds;           // soft holds
    QString breach; // non-empty once the order was confirmed or produced behind the hold
};

} // namespace o2c
