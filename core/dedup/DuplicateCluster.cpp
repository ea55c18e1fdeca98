// SPDX-License-Identifier: GPL-3.0-or-later
#include "DuplicateCluster.h"

namespace o2c {

QString clusterKindKey(ClusterKind k) {
    switch (k) {
    case ClusterKind::Duplicate:
        return QStringLiteral("duplicate");
    case ClusterKind::Suspect:
        return QStringLiteral("suspect");
    case ClusterKind::Amendment:
        return QStringLiteral("amendment");
    }
    return QStringLiteral("duplicate");
}

} // namespace o2c
