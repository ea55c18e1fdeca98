// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderBook.h"

namespace o2c {

OrderBook::OrderBook(QObject *parent)
    : QObject(parent)
{
}

OrderBook::~OrderBook() = default;

void OrderBook::emitDelta(ClusterDelta &&delta)
{
    if (!delta.isEmpty())
        emit clustersChanged(delta);
}

void OrderBook::upsert(const QList<CanonicalOrder> &orders)
{
    if (orders.isEmpty())
        return;
    ClusterDelta all;
    QStringList ids;
    ids.reserve(orders.size());
    for (const CanonicalOrder &o : orders) {
        auto it = m_orders.find(o.id);
        if (it != m_orders.end() && *it == o)
            continue;
        m_orders.insert(o.id, o);
        if (!o.saleOrderName.isEmpty())
            m_byName.insert(o.saleOrderName, o.id);
        ids.append(o.id);
        ClusterDelta d = m_engine.upsert(o);
        // Later changes of the same cluster replace earlier ones in this batch.
        for (const DuplicateCluster &c : d.changed) {
            all.removed.removeAll(c.id);
            auto same = std::find_if(all.changed.begin(), all.changed.end(),
                                     [&](const DuplicateCluster &x) { return x.id == c.id; });
            if (same != all.changed.end())
                *same = c;
            else
                all.changed.append(c);
        }
        for (const QString &r : d.removed) {
            all.changed.erase(std::remove_if(all.changed.begin(), all.changed.end(),
                                             [&](const DuplicateCluster &x) { return x.id == r; }),
                              all.changed.end());
            if (!all.removed.contains(r))
                all.removed.append(r);
        }
    }
    if (!ids.isEmpty())
        emit ordersChanged(ids);
    emitDelta(std::move(all));
}

void OrderBook::remove(const QStringList &orderIds)
{
    QStringList removed;
    ClusterDelta all;
    for (const QString &id : orderIds) {
        auto it = m_orders.find(id);
        if (it == m_orders.end())
            continue;
        m_byName.remove(it->saleOrderName);
        m_orders.erase(it);
        removed.append(id);
        ClusterDelta d = m_engine.remove(id);
        all.changed += d.changed;
        all.removed += d.removed;
    }
    if (!removed.isEmpty())
        emit ordersRemoved(removed);
    emitDelta(std::move(all));
}

void OrderBook::markDistinct(const QString &orderA, const QString &orderB)
{
    emitDelta(m_engine.markDistinct(orderA, orderB));
}

const CanonicalOrder *OrderBook::order(const QString &id) const
{
    auto it = m_orders.constFind(id);
    return it == m_orders.cend() ? nullptr : &*it;
}

const CanonicalOrder *OrderBook::orderBySaleOrderName(const QString &name) const
{
    auto it = m_byName.constFind(name);
    return it == m_byName.cend() ? nullptr : order(*it);
}

QList<const CanonicalOrder *> OrderBook::orders() const
{
    QList<const CanonicalOrder *> r;
    r.reserve(m_orders.size());
    for (const auto &o : m_orders)
        r.append(&o);
    return r;
}

FlowSummary OrderBook::flowSummary() const
{
    FlowSummary s;
    for (const auto &o : m_orders) {
        auto &f = s.stages[static_cast<size_t>(o.stage)];
        ++f.count;
        f.value += o.amountTotal;
    }
    return s;
}

} // namespace o2c
