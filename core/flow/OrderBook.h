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
#include <deque>
#include <functional>
#include <memory>
#include <vector>

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

    // Puts new duplicate rules in force, off the GUI thread, and returns at once:
    //  1. the book copies its orders for the rebuild in slices of a few milliseconds over turns
    //     of the event loop, so the window never waits for it;
    //  2. a worker thread has a fresh engine under `rules` take them in (oldest first, as they
    //     arrived), carry the planners' distinct decisions, give the clusters the ids they had
    //     (carryClusterIds: a cluster keeps the id of the old cluster it shares the most members
    //     with) and list them with their evidence in words for the views;
    //  3. meanwhile the engine in force serves on: upsert(), remove() and markDistinct() change
    //     it as before and are journaled; the worker replays the journal as it grows;
    //  4. back on this thread, the last few journaled changes are replayed, the engines are
    //     swapped, and one clustersChanged delta lists every cluster under the new rules that
    //     the views do not hold as it is, and removes the ids that are gone; then
    //     duplicateRulesApplied().
    // duplicateRulesApplying() is emitted when it starts. A second call while one runs
    // supersedes it (the copy of the orders is reused). duplicates() is the engine in force
    // until the swap. See docs/duplicate-rules.md for the figures at 100k and 1M orders.
    void setDuplicateRules(DuplicateRules rules);
    // The same from a rules JSON (docs/duplicate-rules.md); an empty one means the built-in rules.
    // Invalid rules are refused: the rules in force stay, and the message names the problem.
    // Returns the message (empty when the rules are accepted: in force, or being put in force).
    QString applyDuplicateRules(const QByteArray &json);
    // Whether new duplicate rules are being put in force (between duplicateRulesApplying() and
    // duplicateRulesApplied() or duplicateRulesRefused()).
    bool applyingDuplicateRules() const { return m_rebuild != nullptr; }
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
    qsizetype size() const { return m_index.size(); }

    // Kept up to date by upsert() and remove(): no walk over the orders.
    FlowSummary flowSummary() const { return m_summary; }
    const DuplicateEngine &duplicates() const { return *m_engine; }

    // What the last change of rules took, for the benchmark and the log (milliseconds).
    struct RulesChangeFigures {
        qsizetype orders = 0;      // copied for the rebuild
        int slices = 0;            // event-loop turns the copy took
        double longestSliceMs = 0; // the longest of them
        double startMs = 0;        // the step that starts the copy (distinct decisions, ...)
        double workerMs = 0;       // the worker, from its start to handing over
        qsizetype replayed = 0;    // journaled changes the worker replayed
        qsizetype tail = 0;        // journaled changes replayed on this thread at the swap
        double swapMs = 0;         // the swap step on this thread (tail, swap, bookkeeping)
        int rounds = 0;         // extra rounds of catching up the worker was asked for at the swap
        double totalMs = 0;     // from setDuplicateRules() to duplicateRulesApplied()
        qsizetype carried = 0;  // clusters that kept the id of an old cluster
        qsizetype clusters = 0; // clusters under the new rules
        qsizetype sent = 0;     // of them in the delta (the others were shown as they are)
    };
    RulesChangeFigures lastRulesChange() const { return m_figures; }

signals:
    void ordersChanged(const QStringList &ids);
    void ordersRemoved(const QStringList &ids);
    void clustersChanged(const o2c::ClusterDelta &delta);
    // New rules are being put in force (the clusters shown are still those of the old rules).
    void duplicateRulesApplying();
    void duplicateRulesApplied();
    void duplicateRulesRefused(const QString &message);

private:
    struct Rebuild;
    struct Run;
    struct Link;
    struct Handover;

    void emitDelta(ClusterDelta &&delta);
    void count(const CanonicalOrder &o, int sign);
    void startRebuild(DuplicateRules rules, const QByteArray &json, bool known);
    void copySlice();
    void startWorker();
    void onWorkerDone(quint64 generation, std::shared_ptr<Handover> result);
    void finishRebuild(Handover &result);
    void cancelRebuild();
    void letGo(std::shared_ptr<void> what);
    void releaseHeld();

    // The orders in slots that stay put while orders come and go (a removed order's slot is
    // empty until reused), so the copy for a rebuild can go on over several event-loop turns.
    std::deque<CanonicalOrder> m_slots;
    std::vector<quint32> m_freeSlots;
    QHash<QString, quint32> m_index; // order id -> slot
    QHash<QString, QString> m_byName;
    FlowSummary m_summary;
    qsizetype m_reserved = 0;
    std::unique_ptr<DuplicateEngine> m_engine;
    // Every cluster of the engine in force as the views hold it, and the highest cluster number
    // ever published: what a rebuild needs to carry the ids over and to send only what changed.
    QHash<QString, DuplicateCluster> m_clusters;
    quint32 m_maxClusterNumber = 0;
    // Pairs planners marked distinct, to carry over to the next engine when the rules change.
    QList<QPair<QString, QString>> m_distinct;
    QDateTime m_rulesSince;
    QByteArray m_rulesJson;   // the JSON of the rules in force; empty: built-in
    bool m_rulesKnown = true; // m_rulesJson describes the rules in force
    QMetaObject::Connection m_rulesFollow;

    std::unique_ptr<Rebuild> m_rebuild;       // the change of rules under way, if any
    std::vector<std::unique_ptr<Run>> m_runs; // worker threads not joined yet
    std::shared_ptr<Link> m_link;             // how a worker reaches this book, while it lives
    quint64 m_generation = 0;
    // Changes held back while a rebuild that could not catch up finishes (see onWorkerDone).
    bool m_holding = false;
    std::vector<std::function<void()>> m_held;
    size_t m_heldNext = 0;
    RulesChangeFigures m_figures;
};

} // namespace o2c
