// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateCluster.h"

#include <QHash>
#include <QSet>

namespace o2c {

// Successive cluster deltas summed into one with the same effect on whoever holds the clusters:
// a cluster changed twice comes once in its latest form, one that came and went is only removed,
// one removed and then back is only changed. Expired ids count as removed. Each add() costs in
// proportion to its own delta, however many came before, so a screen that takes the deltas of a
// burst in one go does not pay twice for it.
class ClusterDeltaSum final {
public:
    void add(ClusterDelta &&later);
    bool isEmpty() const { return m_changedAt.isEmpty() && m_removedSet.isEmpty(); }
    // The sum so far (changed clusters in the order they first came); empty afterwards.
    ClusterDelta take();

private:
    QList<DuplicateCluster> m_changed; // an entry whose id is empty was removed later
    QHash<QString, qsizetype> m_changedAt;
    QStringList m_removed; // may hold ids that came back: m_removedSet has the live ones
    QSet<QString> m_removedSet;
};

} // namespace o2c
