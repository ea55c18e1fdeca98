// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/Channel.h"

#include <QDate>
#include <QHash>
#include <QList>

namespace o2c {
class OrderBook;
class ActionDesk;
} // namespace o2c

namespace o2c::ui {

// The supervisor's daily figures over a date range, from the order book (orders and duplicate
// clusters) and the team store (decisions and actions). Days are calendar days in UTC.
struct SupervisorFigures {
    QDate from, to;
    QList<QDate> days;
    QHash<Channel, QList<int>> duplicatesPerChannel; // extra orders found per channel and day
    QList<int> orders;                               // orders created per day
    QList<double> duplicateRate;                     // duplicates / orders, per day (0..1)
    QList<double> valueAtRisk;    // value of the duplicates that appeared that day, still open
    QList<double> valuePrevented; // value of duplicates cancelled by a resolve, per day
    QList<int> backlog;           // open clusters at the end of the day
    QList<double> hoursToResolve; // median hours from a cluster's appearance to its decision
    QString currency;             // of the value figures (the most common one)

    int totalDuplicates() const;
    double totalValueAtRisk() const;
    double totalValuePrevented() const;

    // `desk` may be null: no decisions, nothing prevented.
    static SupervisorFigures compute(const OrderBook &book, const ActionDesk *desk, QDate from,
                                     QDate to);
};

} // namespace o2c::ui
