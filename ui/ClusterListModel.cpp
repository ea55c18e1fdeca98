// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterListModel.h"

#include "DisplayText.h"

#include <QLocale>
#include <QSet>

#include <algorithm>

namespace o2c::ui {

ClusterListModel::ClusterListModel(OrderLookup lookup, QObject *parent)
    : QAbstractTableModel(parent)
    , m_lookup(std::move(lookup))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); }) {}

ClusterListModel::~ClusterListModel() = default;

int ClusterListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterListModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

ClusterListModel::Row ClusterListModel::rowFrom(const DuplicateCluster &c) const {
    Row r;
    r.cluster = c;
    QList<const CanonicalOrder *> orders;
    if (m_lookup) {
        for (const QString &id : c.members)
            if (const CanonicalOrder *o = m_lookup(id))
                orders.append(o);
    }
    r.present = int(orders.size());
    if (orders.isEmpty())
        return r;
    r.customer = orders.first()->customer.name;
    r.currency = orders.first()->currency;
    // Members are oldest first: the first is the order to keep, the others are extra demand.
    // An amendment replaces its order rather than adding demand, so nothing is at risk.
    if (c.kind != ClusterKind::Amendment) {
        for (qsizetype i = 1; i < orders.size(); ++i)
            r.valueAtRisk += orders.at(i)->amountTotal;
    }
    r.since = orders.size() > 1 ? orders.at(1)->createdAt : orders.first()->createdAt;
    return r;
}

QVariant ClusterListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const int col = index.column();
    const qint64 age = r.since.isValid() ? r.since.secsTo(m_clock()) : -1;
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case IdColumn:
            return r.cluster.id;
        case KindColumn:
            return clusterKindTitle(r.cluster.kind);
        case ScoreColumn:
            return QLocale().toString(r.cluster.score, 'f', 1);
        case MembersColumn:
            return QLocale().toString(r.cluster.members.size());
        case CustomerColumn:
            return r.customer;
        case ValueAtRiskColumn:
            return formatMoney(r.valueAtRisk, r.currency);
        case AgeColumn:
            return age < 0 ? QString() : formatAge(age);
        case SummaryColumn:
            return r.cluster.summary;
        }
        break;
    case SortRole:
        switch (col) {
        case IdColumn:
            return r.cluster.id;
        case KindColumn:
            return int(r.cluster.kind);
        case ScoreColumn:
            return r.cluster.score;
        case MembersColumn:
            return int(r.cluster.members.size());
        case CustomerColumn:
            return r.customer;
        case ValueAtRiskColumn:
            return r.valueAtRisk;
        case AgeColumn:
            return age;
        case SummaryColumn:
            return r.cluster.summary;
        }
        break;
    case Qt::TextAlignmentRole:
        switch (col) {
        case ScoreColumn:
        case MembersColumn:
        case ValueAtRiskColumn:
        case AgeColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    case Qt::ToolTipRole:
        if (col == SummaryColumn || col == ScoreColumn)
            return r.cluster.summary;
        if (col == AgeColumn && r.since.isValid())
            return tr("Duplicate demand arrived %1")
                .arg(QLocale().toString(r.since.toLocalTime(), QLocale::LongFormat));
        break;
    case ClusterIdRole:
        return r.cluster.id;
    default:
        break;
    }
    return {};
}

QVariant ClusterListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole) {
        switch (section) {
        case ScoreColumn:
        case MembersColumn:
        case ValueAtRiskColumn:
        case AgeColumn:
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        }
    }
    if (role == Qt::ToolTipRole && section == ValueAtRiskColumn)
        return tr("Total of the orders beyond the first: demand that would be made twice");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Cluster");
    case KindColumn:
        return tr("Kind");
    case ScoreColumn:
        return tr("Score");
    case MembersColumn:
        return tr("Orders");
    case CustomerColumn:
        return tr("Customer");
    case ValueAtRiskColumn:
        return tr("Value at risk");
    case AgeColumn:
        return tr("Age");
    case SummaryColumn:
        return tr("Evidence");
    }
    return {};
}

void ClusterListModel::indexMembers(const DuplicateCluster &cluster) {
    for (const QString &id : cluster.members)
        m_clusterOfOrder.insert(id, cluster.id);
}

void ClusterListModel::unindexMembers(const DuplicateCluster &cluster) {
    for (const QString &id : cluster.members) {
        const auto it = m_clusterOfOrder.constFind(id);
        if (it != m_clusterOfOrder.cend() && it.value() == cluster.id)
            m_clusterOfOrder.erase(it);
    }
}

void ClusterListModel::emitRowsChanged(QList<int> rows) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        emit dataChanged(index(rows.at(i), 0), index(rows.at(j), ColumnCount - 1));
        i = j + 1;
    }
}

void ClusterListModel::applyDelta(const ClusterDelta &delta) {
    QList<int> gone;
    for (const QString &id : delta.removed) {
        const int row = rowOf(id);
        if (row >= 0)
            gone.append(row);
    }
    std::sort(gone.begin(), gone.end());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    QList<Row> added;
    for (const DuplicateCluster &c : delta.changed) {
        if (rowOf(c.id) >= 0)
            continue;
        auto dup = std::find_if(added.begin(), added.end(),
                                [&](const Row &r) { return r.cluster.id == c.id; });
        if (dup != added.end())
            *dup = rowFrom(c);
        else
            added.append(rowFrom(c));
    }
    // A cluster that grew or merged comes as a removed id and a new one: the new cluster takes
    // the row of the old one, so nothing below it moves (the lowest rows first, so removing the
    // rest from the bottom does not move them either).
    QList<int> changed;
    qsizetype reused = 0;
    for (; reused < std::min(gone.size(), added.size()); ++reused) {
        const int row = gone.at(reused);
        unindexMembers(m_rows.at(row).cluster);
        m_rowOf.remove(m_rows.at(row).cluster.id);
        m_rows[row] = std::move(added[reused]);
        m_rowOf.insert(m_rows.at(row).cluster.id, row);
        indexMembers(m_rows.at(row).cluster);
        changed.append(row);
    }
    emitRowsChanged(changed);
    changed.clear();
    added.remove(0, reused);
    gone.remove(0, reused);
    // The other removals, bottom up.
    for (auto it = gone.crbegin(); it != gone.crend(); ++it) {
        const int row = *it;
        beginRemoveRows({}, row, row);
        unindexMembers(m_rows.at(row).cluster);
        m_rowOf.remove(m_rows.at(row).cluster.id);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    if (!gone.isEmpty())
        reindex(gone.first()); // the rows after the first removed one moved up

    for (const DuplicateCluster &c : delta.changed) {
        const int row = rowOf(c.id);
        if (row < 0 ||
            std::any_of(changed.cbegin(), changed.cend(), [&](int r) { return r == row; }))
            continue;
        if (m_rows.at(row).cluster.id != c.id)
            continue;
        unindexMembers(m_rows.at(row).cluster);
        m_rows[row] = rowFrom(c);
        indexMembers(c);
        changed.append(row);
    }
    emitRowsChanged(std::move(changed));
    if (added.isEmpty())
        return;
    const int start = int(m_rows.size());
    beginInsertRows({}, start, start + int(added.size()) - 1);
    for (Row &r : added) {
        m_rowOf.insert(r.cluster.id, int(m_rows.size()));
        indexMembers(r.cluster);
        m_rows.append(std::move(r));
    }
    endInsertRows();
}

void ClusterListModel::refreshOrders(const QStringList &orderIds) {
    if (m_rows.isEmpty() || orderIds.isEmpty())
        return;
    // Only the clusters these orders belong to.
    QList<int> changed;
    for (const QString &id : orderIds) {
        const auto of = m_clusterOfOrder.constFind(id);
        if (of == m_clusterOfOrder.cend())
            continue;
        const int row = rowOf(of.value());
        if (row < 0 || changed.contains(row))
            continue;
        m_rows[row] = rowFrom(m_rows.at(row).cluster);
        changed.append(row);
    }
    emitRowsChanged(std::move(changed));
}

void ClusterListModel::refreshAges() {
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn));
}

void ClusterListModel::setClock(Clock clock) {
    m_clock = std::move(clock);
    refreshAges();
}

const DuplicateCluster *ClusterListModel::clusterAt(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).cluster : nullptr;
}

std::optional<DuplicateCluster> ClusterListModel::cluster(const QString &clusterId) const {
    const int row = rowOf(clusterId);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(row).cluster;
}

int ClusterListModel::rowOf(const QString &clusterId) const {
    return m_rowOf.value(clusterId, -1);
}

void ClusterListModel::reindex(int fromRow) {
    if (fromRow <= 0)
        m_rowOf.clear();
    for (int r = std::max(0, fromRow); r < m_rows.size(); ++r)
        m_rowOf.insert(m_rows.at(r).cluster.id, r);
}

} // namespace o2c::ui
