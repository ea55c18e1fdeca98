// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterListModel.h"

#include "DisplayText.h"

#include <QLocale>
#include <QSet>

#include <algorithm>

namespace o2c::ui {

namespace {
// More separate runs of removed rows than this in one delta: one layout change instead.
constexpr qsizetype maxRemovedRuns = 32;

// Whether two versions of a row show and sort the same.
bool sameRow(const ClusterListModel::Row &a, const ClusterListModel::Row &b) {
    return a.present == b.present && a.valueAtRisk == b.valueAtRisk && a.since == b.since &&
           a.customer == b.customer && a.currency == b.currency && a.cluster == b.cluster;
}
} // namespace

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
    const Row &r = *m_rows.at(size_t(index.row()));
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

void ClusterListModel::changeRows(std::vector<std::pair<int, Row>> rows) {
    std::sort(rows.begin(), rows.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (size_t i = 0; i < rows.size();) {
        size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1].first <= rows[j].first + 1)
            ++j;
        // A run's rows take their new values just before its signal: the rows of the runs still
        // to come show their old values until then, as a sorting view above expects.
        for (size_t k = i; k <= j; ++k)
            *m_rows.at(size_t(rows[k].first)) = std::move(rows[k].second);
        emit dataChanged(index(rows[i].first, 0), index(rows[j].first, ColumnCount - 1));
        i = j + 1;
    }
}

void ClusterListModel::removeRun(int first, int last) {
    beginRemoveRows({}, first, last);
    for (int row = first; row <= last; ++row) {
        unindexMembers(m_rows.at(size_t(row))->cluster);
        m_slotOf.remove(m_rows.at(size_t(row))->cluster.id);
    }
    m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
    m_slots.erase(m_slots.begin() + first, m_slots.begin() + last + 1);
    endRemoveRows();
}

void ClusterListModel::removeScattered(const QList<int> &rows) {
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    qsizetype kept = 0;
    for (size_t row = 0, k = 0; row < m_rows.size(); ++row) {
        if (k < size_t(rows.size()) && rows.at(qsizetype(k)) == int(row)) {
            ++k;
            unindexMembers(m_rows.at(row)->cluster);
            m_slotOf.remove(m_rows.at(row)->cluster.id);
            continue;
        }
        if (qsizetype(row) != kept) {
            m_rows[size_t(kept)] = std::move(m_rows[row]);
            m_slots[size_t(kept)] = m_slots[row];
        }
        ++kept;
    }
    m_rows.resize(size_t(kept));
    m_slots.resize(size_t(kept));
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &i : before) {
        const auto at = std::lower_bound(rows.cbegin(), rows.cend(), i.row());
        const bool removed = at != rows.cend() && *at == i.row();
        after.append(removed ? QModelIndex()
                             : index(i.row() - int(at - rows.cbegin()), i.column()));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

// Proportional to the delta: rows are found through their slots (a hash and a binary search),
// the removed ones go as runs of neighbours, new ones are appended in one insertion.
void ClusterListModel::applyDelta(const ClusterDelta &delta) {
    emit deltaAboutToBeApplied(delta.removed.size() + delta.changed.size());
    applyDeltaRows(delta);
    emit deltaApplied();
}

void ClusterListModel::applyDeltaRows(const ClusterDelta &delta) {
    QList<int> gone;
    for (const QString &id : delta.removed) {
        const int row = rowOf(id);
        if (row >= 0)
            gone.append(row);
    }
    std::sort(gone.begin(), gone.end());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    QList<Row> added;
    QHash<QString, qsizetype> addedAt; // cluster id -> index in added (the last version wins)
    for (const DuplicateCluster &c : delta.changed) {
        if (rowOf(c.id) >= 0)
            continue;
        const auto at = addedAt.constFind(c.id);
        if (at != addedAt.cend()) {
            added[*at] = rowFrom(c);
        } else {
            addedAt.insert(c.id, added.size());
            added.append(rowFrom(c));
        }
    }
    // A cluster that grew or merged comes as a removed id and a new one: the new cluster takes
    // the row (and the slot) of the old one, so nothing below it moves (the lowest rows first, so
    // removing the rest from the bottom does not move them either).
    std::vector<std::pair<int, Row>> changed;
    QSet<int> taken;
    qsizetype reused = 0;
    for (; reused < std::min(gone.size(), added.size()); ++reused) {
        const int row = gone.at(reused);
        const Row &r = *m_rows.at(size_t(row));
        unindexMembers(r.cluster);
        m_slotOf.remove(r.cluster.id);
        m_slotOf.insert(added.at(reused).cluster.id, m_slots.at(size_t(row)));
        indexMembers(added.at(reused).cluster);
        changed.emplace_back(row, std::move(added[reused]));
        taken.insert(row);
    }
    changeRows(std::move(changed));
    changed.clear();
    added.remove(0, reused);
    gone.remove(0, reused);
    // The other removals, as runs of neighbouring rows, bottom up; many scattered ones (a sweep
    // of dissolved clusters) as one layout change, since every run costs the views above a pass
    // over their rows.
    qsizetype runs = 0;
    for (qsizetype i = 0; i < gone.size(); ++i)
        runs += i == 0 || gone.at(i - 1) != gone.at(i) - 1;
    if (runs > maxRemovedRuns) {
        removeScattered(gone);
    } else {
        for (qsizetype i = gone.size(); i > 0;) {
            qsizetype j = i - 1;
            while (j > 0 && gone.at(j - 1) == gone.at(j) - 1)
                --j;
            removeRun(gone.at(j), gone.at(i - 1));
            i = j;
        }
    }
    // The reused rows that stayed are below every removed one, so they did not move.

    for (const DuplicateCluster &c : delta.changed) {
        const int row = rowOf(c.id);
        if (row < 0 || taken.contains(row))
            continue;
        const Row &r = *m_rows.at(size_t(row));
        if (r.cluster.id != c.id)
            continue;
        taken.insert(row);
        Row now = rowFrom(c);
        if (sameRow(r, now))
            continue; // nothing a view shows or sorts by changed: no signal, no repaint
        unindexMembers(r.cluster);
        indexMembers(c);
        changed.emplace_back(row, std::move(now));
    }
    changeRows(std::move(changed));
    if (added.isEmpty())
        return;
    const int start = int(m_rows.size());
    beginInsertRows({}, start, start + int(added.size()) - 1);
    for (Row &r : added) {
        const qint64 slot = m_nextSlot++;
        m_slotOf.insert(r.cluster.id, slot);
        m_slots.push_back(slot);
        indexMembers(r.cluster);
        m_rows.push_back(std::make_unique<Row>(std::move(r)));
    }
    endInsertRows();
}

void ClusterListModel::refreshOrders(const QStringList &orderIds) {
    if (m_rows.empty() || orderIds.isEmpty())
        return;
    emit deltaAboutToBeApplied(orderIds.size());
    // Only the clusters these orders belong to.
    std::vector<std::pair<int, Row>> changed;
    QSet<int> seen;
    for (const QString &id : orderIds) {
        const auto of = m_clusterOfOrder.constFind(id);
        if (of == m_clusterOfOrder.cend())
            continue;
        const int row = rowOf(of.value());
        if (row < 0 || seen.contains(row))
            continue;
        seen.insert(row);
        // An order moving on a stage changes nothing the queue shows: only a changed customer,
        // total, currency or creation time, or a member that appeared or went, is a change.
        const Row &r = *m_rows.at(size_t(row));
        Row now = rowFrom(r.cluster);
        if (!sameRow(r, now))
            changed.emplace_back(row, std::move(now));
    }
    changeRows(std::move(changed));
    emit deltaApplied();
}

void ClusterListModel::refreshAges() {
    if (!m_rows.empty())
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn));
}

void ClusterListModel::setClock(Clock clock) {
    m_clock = std::move(clock);
    refreshAges();
}

const DuplicateCluster *ClusterListModel::clusterAt(int row) const {
    return row >= 0 && size_t(row) < m_rows.size() ? &m_rows.at(size_t(row))->cluster : nullptr;
}

std::optional<DuplicateCluster> ClusterListModel::cluster(const QString &clusterId) const {
    const int row = rowOf(clusterId);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(size_t(row))->cluster;
}

int ClusterListModel::rowOf(const QString &clusterId) const {
    const auto slot = m_slotOf.constFind(clusterId);
    if (slot == m_slotOf.cend())
        return -1;
    const auto at = std::lower_bound(m_slots.cbegin(), m_slots.cend(), *slot);
    return at != m_slots.cend() && *at == *slot ? int(at - m_slots.cbegin()) : -1;
}

} // namespace o2c::ui
