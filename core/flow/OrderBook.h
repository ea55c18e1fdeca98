// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateEngine.h"
#include "order/CanonicalOrder.h"

#include <QDateTime>
#include <QHash>
#include <QMetaObject>
#include <QObject>
#include <QPair>

#include <array>
#include <memory>

namespace o2c {

class ActionDesk;

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

    // Puts new duplicate rules in force: a fresh engine under `rules` takes in every order of the
    // book (in batches, oldest first), keeps the planners' distinct decisions the old engine still
    // held, and replaces the old one; clustersChanged then removes every old cluster and lists
    // every new one. Cluster ids are numbers the engine hands out as clusters form, not names
    // derived from the members: after a change of rules the clusters are renumbered, so a
    // cluster's id may differ from the one it had before (and a cluster may be split, merged or
    // gone). Runs on the calling thread: about 0.3 s at 100k orders (bench_rules_change,
    // docs/duplicate-rules.md).
    void setDuplicateRules(DuplicateRules rules);
    // The same from a rules JSON (docs/duplicate-rules.md); an empty one means the built-in rules.
    // Invalid rules are refused: the rules in force stay, and the message names the problem.
    // Returns the message (empty when the rules are now in force).
    QString applyDuplicateRules(const QByteArray &json);
    // Applies the team's rules from `desk` now and whenever they change, in this or another
    // cockpit (ActionDesk::duplicateRulesChanged). Refused rules are reported through
    // duplicateRulesRefused(). A null desk stops following (the rules in force stay).
    void followTeamRules(const ActionDesk *desk);
    // When the rules in force were put in force (the book's creation for the built-in rules).
    QDateTime duplicateRulesSince() const { return m_rulesSince; }

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
    const DuplicateEngine &duplicates() const { return *m_engine; }

signals:
    void ordersChanged(const QStringList &ids);
    void ordersRemoved(const QStringList &ids);
    void clustersChanged(const o2c::ClusterDelta &delta);
    void duplicateRulesApplied();
    void duplicateRulesRefused(const QString &message);

private:
    static void mergeDelta(ClusterDelta &into, ClusterDelta &&later);
    void emitDelta(ClusterDelta &&delta);

    QHash<QString, CanonicalOrder> m_orders;
    void count(const CanonicalOrder &o, int sign);

    QHash<QString, QString> m_byName;
    FlowSummary m_summary;
    qsizetype m_reserved = 0;
    std::unique_ptr<DuplicateEngine> m_engine;
    // Pairs planners marked distinct, to carry over to the next engine when the rules change.
    QList<QPair<QString, QString>> m_distinct;
    QDateTime m_rulesSince;
    QByteArray m_rulesJson;   // the JSON of the rules in force; empty: built-in
    bool m_rulesKnown = true; // m_rulesJson describes the rules in force
    QMetaObject::Connection m_rulesFollow;
};

} // namespace o2c
