// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterDeltaSum.h"

namespace o2c {

void ClusterDeltaSum::add(ClusterDelta &&later) {
    const auto removeOne = [this](const QString &id) {
        const auto at = m_changedAt.constFind(id);
        if (at != m_changedAt.cend()) {
            m_changed[at.value()] = DuplicateCluster{};
            m_changedAt.erase(at);
        }
        if (!m_removedSet.contains(id)) {
            m_removedSet.insert(id);
            m_removed.append(id);
        }
    };
    for (const QString &id : std::as_const(later.removed))
        removeOne(id);
    for (const QString &id : std::as_const(later.expired))
        removeOne(id);
    for (DuplicateCluster &c : later.changed) {
        m_removedSet.remove(c.id);
        const auto at = m_changedAt.constFind(c.id);
        if (at != m_changedAt.cend()) {
            m_changed[at.value()] = std::move(c);
        } else {
            m_changedAt.insert(c.id, m_changed.size());
            m_changed.append(std::move(c));
        }
    }
}

ClusterDelta ClusterDeltaSum::take() {
    ClusterDelta sum;
    sum.changed.reserve(m_changedAt.size());
    for (DuplicateCluster &c : m_changed)
        if (!c.id.isEmpty())
            sum.changed.append(std::move(c));
    sum.removed.reserve(m_removedSet.size());
    for (const QString &id : std::as_const(m_removed))
        if (m_removedSet.remove(id)) // once each, and not when it came back
            sum.removed.append(id);
    m_changed.clear();
    m_changedAt.clear();
    m_removed.clear();
    m_removedSet.clear();
    return sum;
}

} // namespace o2c
