// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeMonitor.h"

#include "IntakeExceptionModel.h"
#include "common/Log.h"
#include "flow/OrderBook.h"

#include <algorithm>

namespace o2c {

IntakeMonitor::IntakeMonitor(OrderBook *book, QObject *parent)
    : QObject(parent)
    , m_book(book)
    , m_exceptions(new IntakeExceptionModel(this)) {
    if (m_book) {
        // A sync replaces Odoo orders wholesale: put the hub steps back on their timelines.
        connect(m_book, &OrderBook::ordersChanged, this, &IntakeMonitor::mergeIntoOdooOrders);
    }
}

IntakeMonitor::~IntakeMonitor() = default;

QString IntakeMonitor::intakeOrderId(const IntakeTransaction &t) {
    return t.order.id.isEmpty() ? QStringLiteral("hub:") + t.id : t.order.id;
}

QList<OrderEvent> IntakeMonitor::timelineOf(const IntakeTransaction &t) {
    QList<OrderEvent> events;
    IntakeStatus previous = IntakeStatus::Unknown;
    for (const IntakeStatusChange &c : t.history) {
        OrderEvent e;
        e.system = OrderSystem::Middleware;
        e.at = c.at;
        e.document = t.id;
        e.detail = c.detail.isEmpty() ? c.statusKey : c.detail;
        switch (c.status) {
        case IntakeStatus::Received:
            e.type = OrderEventType::OrderSubmitted;
            break;
        case IntakeStatus::Quarantined:
            e.type = OrderEventType::Quarantined;
            break;
        case IntakeStatus::Validated:
            e.type = previous == IntakeStatus::Quarantined ? OrderEventType::Released
                                                           : OrderEventType::IntakeUpdate;
            break;
        default:
            e.type = OrderEventType::IntakeUpdate;
            break;
        }
        previous = c.status;
        events.append(e);
    }
    return events;
}

void IntakeMonitor::applyEvent(qint64 eventId, const QJsonObject &event) {
    IntakeTransaction t;
    QString error;
    if (!IntakeTransaction::fromJson(event.value(QLatin1String("transaction")).toObject(), &t,
                                     &error)) {
        spdlog::warn("intake event {} skipped: {}", eventId, error);
        return;
    }
    if (t.lastEventId == 0)
        t.lastEventId = eventId;
    apply(t);
}

void IntakeMonitor::apply(const IntakeTransaction &incoming) {
    const auto it = m_transactions.constFind(incoming.id);
    // A listing may return an older state than the stream already brought: keep the newer.
    if (it != m_transactions.constEnd() && it->lastEventId > incoming.lastEventId)
        return;
    m_transactions.insert(incoming.id, incoming);
    const IntakeTransaction &t = m_transactions[incoming.id];
    m_exceptions->update(t);
    if (m_book) {
        const QString orderId = intakeOrderId(t);
        if (t.status == IntakeStatus::Rejected) {
            m_book->remove({orderId});
        } else if (t.status == IntakeStatus::Acknowledged && !t.odooName.isEmpty() &&
                   m_book->orderBySaleOrderName(t.odooName)) {
            // Odoo's order is known: it carries the demand (and the hub steps) from now on.
            m_bySaleOrderName.insert(t.odooName, t.id);
            m_book->remove({orderId});
            mergeIntoOdooOrders({m_book->orderBySaleOrderName(t.odooName)->id});
        } else {
            // Before Odoo, or acknowledged but not synced yet: the intake order stands for it.
            if (t.status == IntakeStatus::Acknowledged && !t.odooName.isEmpty())
                m_bySaleOrderName.insert(t.odooName, t.id);
            CanonicalOrder order = t.order;
            order.id = orderId;
            order.events = timelineOf(t);
            if (!order.createdAt.isValid())
                order.createdAt = t.receivedAt;
            m_book->upsert({order});
        }
    }
    emit transactionChanged(t.id);
}

void IntakeMonitor::mergeIntoOdooOrders(const QStringList &orderIds) {
    if (m_merging || m_bySaleOrderName.isEmpty())
        return;
    QList<CanonicalOrder> merged;
    QStringList replaced;
    for (const QString &id : orderIds) {
        const CanonicalOrder *o = m_book->order(id);
        if (!o || o->saleOrderName.isEmpty())
            continue;
        const auto tx = m_bySaleOrderName.constFind(o->saleOrderName);
        if (tx == m_bySaleOrderName.constEnd())
            continue;
        const IntakeTransaction &t = m_transactions[*tx];
        const QString intakeId = intakeOrderId(t);
        if (intakeId == id)
            continue;
        if (m_book->order(intakeId))
            replaced.append(intakeId);
        CanonicalOrder copy = *o;
        bool added = false;
        for (const OrderEvent &e : timelineOf(t)) {
            if (!copy.events.contains(e)) {
                copy.events.append(e);
                added = true;
            }
        }
        if (!added)
            continue;
        std::stable_sort(copy.events.begin(), copy.events.end(),
                         [](const OrderEvent &a, const OrderEvent &b) { return a.at < b.at; });
        merged.append(copy);
    }
    if (!replaced.isEmpty()) {
        m_merging = true;
        m_book->remove(replaced);
        m_merging = false;
    }
    if (merged.isEmpty())
        return;
    m_merging = true;
    m_book->upsert(merged);
    m_merging = false;
}

const IntakeTransaction *IntakeMonitor::transaction(const QString &id) const {
    const auto it = m_transactions.constFind(id);
    return it == m_transactions.constEnd() ? nullptr : &*it;
}

} // namespace o2c
