// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderBook.h"

namespace o2c {

OrderBook::OrderBook(QObject *parent)
    : QObject(parent) {}

OrderBook::~OrderBook() = default;

// Folds a later delta into an earlier one: the last state of a cluster wins, and a cluster that
// expired from the retention window is gone for the views as a removed one is.
void OrderBook::mergeDelta(ClusterDelta &into, ClusterDelta &&later) {
    later.removed += later.expired;
    for (DuplicateCluster &c : later.changed) {
        into.removed.removeAll(c.id);
        auto same = std::find_if(into.changed.begin(), into.changed.end(),
                                 [&](const DuplicateCluster &x) { return x.id == c.id; });
        if (same != into.changed.end())
            *same = std::move(c);
        else
            into.changed.append(std::move(c));
    }
    for (const QString &r : later.removed) {
        into.changed.erase(std::remove_if(into.changed.begin(), into.changed.end(),
                                          [&](const DuplicateCluster &x) { return x.id == r; }),
                           into.changed.end());
        if (!into.removed.contains(r))
            into.removed.append(r);
    }
}

void OrderBook::emitDelta(ClusterDelta &&delta) {
    if (!delta.isEmpty())
        emit clustersChanged(delta);
}

void OrderBook::upsert(const QList<CanonicalOrder> &orders) {
    if (orders.isEmpty())
        return;
    ClusterDelta all;
    QStringList ids;
    ids.reserve(orders.size());
    for (const CanonicalOrder &o : orders) {
        auto it = m_orders.find(o.id);
        if (it != m_orders.end()) {
            if (*it == o)
                continue;
            count(*it, -1);
            if (it->saleOrderName != o.saleOrderName)
                m_byName.remove(it->saleOrderName);
            *it = o;
        } else {
            m_orders.insert(o.id, o);
        }
        count(o, +1);
        if (!o.saleOrderName.isEmpty())
            m_byName.insert(o.saleOrderName, o.id);
        ids.append(o.id);
        mergeDelta(all, m_engine.upsert(o));
    }
    // The clusters first: a listener of ordersChanged may change the book again (the intake
    // monitor hands an intake order over to its Odoo order), and the views must receive that
    // later delta after this one, or they keep the clusters it removed.
    emitDelta(std::move(all));
    if (!ids.isEmpty())
        emit ordersChanged(ids);
}

void OrderBook::remove(const QStringList &orderIds) {
    QStringList removed;
    ClusterDelta all;
    for (const QString &id : orderIds) {
        auto it = m_orders.find(id);
        if (it == m_orders.end())
            continue;
        m_byName.remove(it->saleOrderName);
        count(*it, -1);
        m_orders.erase(it);
        removed.append(id);
        mergeDelta(all, m_engine.remove(id));
    }
    emitDelta(std::move(all)); // before ordersRemoved, as in upsert()
    if (!removed.isEmpty())
        emit ordersRemoved(removed);
}

void OrderBook::markDistinct(const QString &orderA, const QString &orderB) {
    ClusterDelta delta;
    mergeDelta(delta, m_engine.markDistinct(orderA, orderB));
    emitDelta(std::move(delta));
}

void OrderBook::reserve(qsizetype orders) {
    if (orders <= m_reserved)
        return;
    m_reserved = orders;
    m_orders.reserve(orders);
    m_byName.reserve(orders);
    m_engine.reserve(orders);
}

const CanonicalOrder *OrderBook::order(const QString &id) const {
    auto it = m_orders.constFind(id);
    return it == m_orders.cend() ? nullptr : &*it;
}

const CanonicalOrder *OrderBook::orderBySaleOrderName(const QString &name) const {
    auto it = m_byName.constFind(name);
    return it == m_byName.cend() ? nullptr : order(*it);
}

QList<const CanonicalOrder *> OrderBook::orders() const {
    QList<const CanonicalOrder *> r;
    r.reserve(m_orders.size());
    for (const auto &o : m_orders)
        r.append(&o);
    return r;
}

void OrderBook::count(const CanonicalOrder &o, int sign) {
    auto &f = m_summary.stages[static_cast<size_t>(o.stage)];
    f.count += sign;
    f.value += sign * o.amountTotal;
    if (f.count == 0)
        f.value = 0; // no rounding residue on an empty stage
}

} // namespace o2c
