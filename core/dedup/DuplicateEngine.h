// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DuplicateCluster.h"
#include "order/CanonicalOrder.h"

#include <QHash>
#include <memory>

namespace o2c {

// Finds orders that carry the same customer demand, incrementally, as orders arrive or change.
class DuplicateEngine final {
public:
    DuplicateEngine();
    ~DuplicateEngine();
    DuplicateEngine(const DuplicateEngine &) = delete;
    DuplicateEngine &operator=(const DuplicateEngine &) = delete;

    // Adds or replaces an order (same id) and returns the clusters this changed.
    ClusterDelta upsert(const CanonicalOrder &order);
    ClusterDelta remove(const QString &orderId);

    // A planner's decision that two orders are distinct; stays until one of them changes.
    ClusterDelta markDistinct(const QString &orderA, const QString &orderB);

    QList<DuplicateCluster> clusters() const;
    std::optional<DuplicateCluster> cluster(const QString &clusterId) const;
    std::optional<DuplicateCluster> clusterOf(const QString &orderId) const;
    qsizetype orderCount() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c
