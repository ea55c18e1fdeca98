// SPDX-License-Identifier: GPL-3.0-or-later
// Links only while core has no duplicate engine yet (see CMakeLists.txt): finds no duplicates, so
// the order book behaves as a plain store for the Odoo suites.
#include "dedup/DuplicateEngine.h"

#include <QSet>

namespace o2c {

struct DuplicateEngine::Private {
    QSet<QString> ids;
};

DuplicateEngine::DuplicateEngine()
    : d(std::make_unique<Private>()) {}
DuplicateEngine::~DuplicateEngine() = default;

ClusterDelta DuplicateEngine::upsert(const CanonicalOrder &order) {
    d->ids.insert(order.id);
    return {};
}
ClusterDelta DuplicateEngine::remove(const QString &orderId) {
    d->ids.remove(orderId);
    return {};
}
ClusterDelta DuplicateEngine::markDistinct(const QString &, const QString &) {
    return {};
}
QList<DuplicateCluster> DuplicateEngine::clusters() const {
    return {};
}
std::optional<DuplicateCluster> DuplicateEngine::cluster(const QString &) const {
    return {};
}
std::optional<DuplicateCluster> DuplicateEngine::clusterOf(const QString &) const {
    return {};
}
qsizetype DuplicateEngine::orderCount() const {
    return d->ids.size();
}

} // namespace o2c
