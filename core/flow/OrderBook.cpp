// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderBook.h"

#include "actions/ActionDesk.h"

#include <algorithm>
#include <vector>

namespace o2c {

OrderBook::OrderBook(QObject *parent)
    : QObject(parent)
    , m_engine(std::make_unique<DuplicateEngine>())
    , m_rulesSince(QDateTime::currentDateTimeUtc()) {} // the built-in rules, from the start

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
        mergeDelta(all, m_engine->upsert(o));
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
        mergeDelta(all, m_engine->remove(id));
    }
    emitDelta(std::move(all)); // before ordersRemoved, as in upsert()
    if (!removed.isEmpty())
        emit ordersRemoved(removed);
}

void OrderBook::markDistinct(const QString &orderA, const QString &orderB) {
    if (orderA != orderB) {
        const auto pair = orderA < orderB ? qMakePair(orderA, orderB) : qMakePair(orderB, orderA);
        if (!m_distinct.contains(pair))
            m_distinct.append(pair);
    }
    ClusterDelta delta;
    mergeDelta(delta, m_engine->markDistinct(orderA, orderB));
    emitDelta(std::move(delta));
}

void OrderBook::setDuplicateRules(DuplicateRules rules) {
    auto engine = std::make_unique<DuplicateEngine>(std::move(rules));
    engine->reserve(std::max(m_reserved, m_orders.size()));

    // Oldest first, as the orders arrived: the engine's windows and retention count from the
    // newest order it has seen, and a fixed order gives the same clusters on every cockpit.
    std::vector<std::pair<qint64, const CanonicalOrder *>> sorted; // creation time in ms first
    sorted.reserve(size_t(m_orders.size()));
    for (const CanonicalOrder &o : std::as_const(m_orders))
        sorted.emplace_back(o.createdAt.toMSecsSinceEpoch(), &o);
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
    });
    constexpr size_t batch = 4096;
    std::vector<CanonicalOrder> chunk;
    chunk.reserve(std::min(batch, sorted.size()));
    for (size_t i = 0; i < sorted.size(); i += batch) {
        chunk.clear();
        for (size_t j = i; j < std::min(sorted.size(), i + batch); ++j)
            chunk.push_back(*sorted[j].second);
        engine->ingest(std::span<const CanonicalOrder>(chunk.data(), chunk.size()));
    }

    // A decision the old engine dropped (one of the orders changed since) stays dropped; one
    // about an order the engine does not hold (not seen yet, or cancelled) is kept as it was.
    QList<QPair<QString, QString>> kept;
    for (const auto &pair : std::as_const(m_distinct)) {
        const auto old = m_engine->assess(pair.first, pair.second);
        if (old && !old->markedDistinct)
            continue;
        kept.append(pair);
        engine->markDistinct(pair.first, pair.second);
    }
    m_distinct = kept;

    ClusterDelta delta;
    const QList<DuplicateCluster> before =
        m_engine->clusters(DuplicateEngine::EvidenceText::Deferred);
    delta.changed = engine->clusters();
    QSet<QString> now;
    for (const DuplicateCluster &c : std::as_const(delta.changed))
        now.insert(c.id);
    for (const DuplicateCluster &c : before)
        if (!now.contains(c.id))
            delta.removed.append(c.id);
    m_engine = std::move(engine);
    m_rulesSince = QDateTime::currentDateTimeUtc();
    m_rulesKnown = false; // applyDuplicateRules records the JSON when it came from one
    emitDelta(std::move(delta));
    emit duplicateRulesApplied();
}

QString OrderBook::applyDuplicateRules(const QByteArray &json) {
    if (m_rulesKnown && json == m_rulesJson)
        return {}; // already in force: no rebuild (the start, or another setting changed)
    if (json.trimmed().isEmpty()) {
        setDuplicateRules(DuplicateRules::defaults());
        m_rulesJson = json;
        m_rulesKnown = true;
        return {};
    }
    QString error;
    DuplicateRules rules = DuplicateRules::fromJson(json, &error);
    if (!error.isEmpty()) {
        const QString message =
            tr("The team's new duplicate rules were not applied: %1. The rules in force stay; a "
               "lead can correct the rules on the settings screen.")
                .arg(error);
        emit duplicateRulesRefused(message);
        return message;
    }
    setDuplicateRules(std::move(rules));
    m_rulesJson = json;
    m_rulesKnown = true;
    return {};
}

void OrderBook::followTeamRules(const ActionDesk *desk) {
    disconnect(m_rulesFollow);
    if (!desk)
        return;
    m_rulesFollow = connect(desk, &ActionDesk::duplicateRulesChanged, this,
                            [this, desk] { applyDuplicateRules(desk->duplicateRules()); });
    applyDuplicateRules(desk->duplicateRules());
}

void OrderBook::reserve(qsizetype orders) {
    if (orders <= m_reserved)
        return;
    m_reserved = orders;
    m_orders.reserve(orders);
    m_byName.reserve(orders);
    m_engine->reserve(orders);
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
