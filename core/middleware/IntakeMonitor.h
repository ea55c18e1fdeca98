// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IntakeTransaction.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

namespace o2c {

class OrderBook;
class IntakeExceptionModel;

// The cockpit's view of the middleware hub: every transaction's latest state, built from stream
// events. An order that has not reached Odoo yet sits in the order book as an intake order (so
// the duplicate engine judges it before Odoo does); its hub steps join its timeline; once Odoo
// acknowledges it, the intake order gives way to the Odoo order, which keeps the hub steps.
class IntakeMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntakeMonitor)
public:
    explicit IntakeMonitor(OrderBook *book, QObject *parent = nullptr);
    ~IntakeMonitor() override;

    // A stream event (docs/middleware-api.yaml, Event) or a listed transaction.
    void applyEvent(qint64 eventId, const QJsonObject &event);
    void apply(const IntakeTransaction &transaction);

    const IntakeTransaction *transaction(const QString &id) const;
    qsizetype size() const { return m_transactions.size(); }
    // The id the transaction's order has in the order book while it is before Odoo.
    static QString intakeOrderId(const IntakeTransaction &t);
    static QList<OrderEvent> timelineOf(const IntakeTransaction &t);

    IntakeExceptionModel *exceptions() const { return m_exceptions; }

signals:
    void transactionChanged(const QString &id);

private:
    void mergeIntoOdooOrders(const QStringList &orderIds);

    OrderBook *m_book;
    QHash<QString, IntakeTransaction> m_transactions;
    QHash<QString, QString> m_bySaleOrderName; // acknowledged: S00042 -> transaction id
    IntakeExceptionModel *m_exceptions;
    bool m_merging = false;
};

} // namespace o2c
