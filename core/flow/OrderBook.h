// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateEngine.h"
#include "order/CanonicalOrder.h"

#include <QHash>
#include <QObject>

#include <array>

namespace o2c {

struct StageFigures {
    int count = 0;
    double value = 0; // sum of amount_total, in the orders' currency
};

// Count and value of open orders per order-to-cash stage (the flow board).
struct FlowSummary {
    std::array<StageFigures, 9> stages{}; // indexed by OrderStage
    const StageFigures &at(OrderStage s) const { return stages[static_cast<size_t>(s)]; }
};

// The cockpit's in-memory view of all known orders, fed by the sync, feeding the duplicate engine.
class OrderBook final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderBook)
public:
    explicit OrderBook(QObject *parent = nullptr);
    ~OrderBook() override;

    // Adds or replaces orders (by id). Emits ordersChanged once and clustersChanged when the
    // duplicate clusters changed.
    void upsert(const QList<CanonicalOrder> &orders);
    void remove(const QStringList &orderIds);
    void markDistinct(const QString &orderA, const QString &orderB);

    // Room for `orders` without growing: a hash that grows rehashes everything at once, a pause
    // a live window should not take while orders stream in. The start path sizes the book from
    // the local store's count with headroom; the views follow (reserved()).
    void reserve(qsizetype orders);
    qsizetype reserved() const { return m_reserved; }

    const CanonicalOrder *order(const QString &id) const;
    const CanonicalOrder *orderBySaleOrderName(const QString &name) const;
    QList<const CanonicalOrder *> orders() const;
    qsizetype size() const { return m_orders.size(); }

    // Kept up to date by upsert() and remove(): no walk over the orders.
    FlowSummary flowSummary() const { return m_summary; }
    const DuplicateEngine &duplicates() const { return m_engine; }

signals:
    void ordersChanged(const QStringList &ids);
    void ordersRemoved(const QStringList &ids);
    void clustersChanged(const o2c::ClusterDelta &delta);

private:
    static void mergeDelta(ClusterDelta &into, ClusterDelta &&later);
    void emitDelta(ClusterDelta &&delta);

    QHash<QString, CanonicalOrder> m_orders;
    void count(const CanonicalOrder &o, int sign);

    QHash<QString, QString> m_byName;
    FlowSummary m_summary;
    qsizetype m_reserved = 0;
    DuplicateEngine m_engine;
};

} // namespace o2c
