// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/Channel.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace o2c {
class OrderBook;
class ActionDesk;
struct CanonicalOrder;
struct ClusterDelta;
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

    // A full recomputation over every order and cluster of the book. `desk` may be null: no
    // decisions, nothing prevented.
    static SupervisorFigures compute(const OrderBook &book, const ActionDesk *desk, QDate from,
                                     QDate to);
};

// What the supervisor's figures need from the book, kept up to date from the book's change
// signals: orders per creation day and currency, and per cluster what it adds to the daily
// figures. figures() then costs a pass over the clusters' small records instead of a walk over
// every order and a listing of every cluster with its evidence in words, so the charts can follow
// a busy book once a second. Filled from the book on first use.
class SupervisorTally final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SupervisorTally)
public:
    explicit SupervisorTally(OrderBook *book, QObject *parent = nullptr);
    ~SupervisorTally() override;

    // The same figures as SupervisorFigures::compute over the book as it is now.
    SupervisorFigures figures(const ActionDesk *desk, QDate from, QDate to);
    // Filled from the book now (else on first use) and kept from its changes from then on.
    void fillNow() {
        if (!m_filled)
            fill();
    }
    bool isFilled() const { return m_filled; }

private:
    struct OrderMark {
        qint32 day = 0;       // Julian day of creation (UTC); 0 when the order has no creation time
        qint32 currency = -1; // index into m_currencies; -1 in a slot not filled yet
    };
    struct Extra {         // a member after the first: demand made twice
        qint32 day = 0;    // of its creation, 0 when unknown
        Channel channel{}; // of the order
        double amount = 0;
    };
    struct ClusterMark {
        bool counted = false;   // two or more of its orders are in the book
        bool amendment = false; // replaces an order rather than adding demand
        qint64 sinceMs = 0;     // the second order's creation, when valid
        bool sinceValid = false;
        QList<Extra> extras;
        QStringList members;
    };
    void fill();
    void noteOrders(const QStringList &ids);
    void forgetOrders(const QStringList &ids);
    void noteClusters(const ClusterDelta &delta);
    void markOrder(const QString &id);
    void markOrder(const CanonicalOrder &order);
    void unmarkOrder(const QString &id);
    void uncount(const OrderMark &mark);
    void markCluster(const QString &clusterId, const QStringList &members, bool amendment);
    void unmarkCluster(const QString &clusterId);
    qint32 currencyIndex(const QString &code);
    void reserveForBook();

    QPointer<OrderBook> m_book;
    bool m_filled = false;
    qsizetype m_reserved = 0; // room made in m_orders
    QHash<QString, OrderMark> m_orders;
    QHash<qint32, int> m_ordersPerDay;
    QStringList m_currencies; // index -> code
    QList<qint64> m_ordersPerCurrency;
    QHash<QString, ClusterMark> m_clusters;
    QHash<QString, QString> m_clusterOf; // member order id -> cluster id
};

} // namespace o2c::ui
