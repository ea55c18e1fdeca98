// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DuplicateCluster.h"
#include "DuplicateRules.h"
#include "order/CanonicalOrder.h"

#include <QHash>
#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace o2c {

// Finds orders that carry the same customer demand, incrementally, as orders arrive or change.
class DuplicateEngine final {
public:
    DuplicateEngine();
    explicit DuplicateEngine(DuplicateRules rules);
    ~DuplicateEngine();
    DuplicateEngine(const DuplicateEngine &) = delete;
    DuplicateEngine &operator=(const DuplicateEngine &) = delete;

    // Adds or replaces an order (same id) and returns the clusters this changed. An order whose
    // matching fields did not change gives an empty delta; a cancelled order is removed.
    ClusterDelta upsert(const CanonicalOrder &order);
    ClusterDelta remove(const QString &orderId);

    // Like upsert without building the delta: for loading or scanning many orders at once.
    void ingest(const CanonicalOrder &order);
    // The same for a batch, in order: faster than one at a time, as the engine starts loading
    // what the next orders need while it works on the current one. With two threads, a second
    // one computes what depends on each order alone (hashes, times, product multisets) for the
    // next part of the batch while the calling thread links and scores: the same clusters, ids
    // included, in less wall time.
    enum class ScanThreads : quint8 { One, Two };
    void ingest(std::span<const CanonicalOrder> orders, ScanThreads threads = ScanThreads::One);

    // Sizes the indexes for `orders` resident orders ahead of a bulk load (optional).
    void reserve(qsizetype orders);

    // A planner's decision that two orders are distinct; stays until one of them changes.
    ClusterDelta markDistinct(const QString &orderA, const QString &orderB);

    // Whether a listed cluster carries its evidence in plain words. Members, kind and score are
    // always there; the words cost more than finding the clusters, so a caller that shows or
    // writes only some of them can list without and fill in the ones it shows (withEvidence()).
    enum class EvidenceText : quint8 { InWords, Deferred };

    QList<DuplicateCluster> clusters(EvidenceText detail = EvidenceText::InWords) const;
    std::optional<DuplicateCluster> cluster(const QString &clusterId) const;
    std::optional<DuplicateCluster> clusterOf(const QString &orderId) const;
    // Fills in the evidence and summary of a cluster listed with EvidenceText::Deferred, from the
    // engine's current state; false when the cluster no longer exists.
    bool withEvidence(DuplicateCluster &cluster) const;
    qsizetype orderCount() const;

    // Compares two resident orders with every signal's contribution, whether flagged or not.
    std::optional<PairAssessment> assess(const QString &orderA, const QString &orderB) const;

    // Checks the engine's own links (for tests and diagnostics; linear in the resident orders):
    // every block chain runs both ways between resident orders that hold its key, from the head
    // its index names, and no chain reaches a free slot. Returns what is wrong, empty when
    // nothing is.
    QString checkIndexes() const;

    const DuplicateRules &rules() const;
    // Bytes held by the engine for its resident orders, indexes and clusters (an estimate from
    // container capacities; allocator overhead not included).
    qsizetype memoryBytes() const;
    // Bytes of the id and blocking indexes alone (their capacity): after reserve(n), loading n
    // orders of the usual mix leaves it unchanged, as no index grows on the way.
    qsizetype indexBytes() const;

    // ---- Cluster ids carried over a rebuild (a change of rules) ----------------------------
    // The number of a cluster id ("C-000017" -> 17); 0 when `clusterId` is not one.
    static quint32 clusterNumber(QStringView clusterId);
    // Renumbers the clusters of an engine that took the orders in anew, so that the ids planners
    // worked on stay: a cluster takes the number of the previous cluster it shares the most
    // members with (`previousOf`: an order's previous cluster number, 0 for none). Each previous
    // number goes to one cluster at most: pairs are granted by shared members, most first, ties
    // to the lower previous number (then the lower current number). A cluster left without one
    // takes a fresh number, `firstFresh` and up, in the order of its current number; the caller
    // passes a `firstFresh` above every previous number, so none is reused. With `scope`, only
    // the listed clusters (ids; unknown ones are ignored) are renumbered, and the numbers of all
    // others count as taken. Returns the ids that changed (id before -> id after); later
    // clusters are numbered above every number in use.
    QHash<QString, QString>
    carryClusterIds(const std::function<quint32(const QString &)> &previousOf, quint32 firstFresh,
                    const QStringList *scope = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c
