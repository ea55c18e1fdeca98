// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterSortModel.h"

#include "ClusterListModel.h"

#include <QHash>

#include <algorithm>
#include <limits>
#include <numeric>

namespace o2c::ui {

namespace {

template<typename T> int threeWay(const T &a, const T &b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

// The age column orders like the moment the duplicate arrived, newest (youngest) first when
// ascending; a cluster without that moment shows no age and comes before every other.
qint64 ageKey(const ClusterListModel::Row &r) {
    return r.since.isValid() ? -r.since.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

} // namespace

ClusterSortModel::ClusterSortModel(QObject *parent)
    : FlatProxyModel(parent) {}

ClusterSortModel::~ClusterSortModel() = default;

void ClusterSortModel::setSourceModel(QAbstractItemModel *source) {
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_source = qobject_cast<ClusterListModel *>(source);
    Q_ASSERT(m_source || !source);
    QAbstractProxyModel::setSourceModel(m_source);
    if (m_source) {
        m_connections = {
            connect(
                m_source, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); }),
            connect(m_source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    [this](const QModelIndex &, int first, int last) {
                        onRowsAboutToBeRemoved(first, last);
                    }),
            connect(
                m_source, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int first, int last) { onRowsRemoved(first, last); }),
            connect(
                m_source, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &tl, const QModelIndex &br) { onDataChanged(tl, br); }),
            connect(m_source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                    &ClusterSortModel::onLayoutAboutToBeChanged),
            connect(m_source, &QAbstractItemModel::layoutChanged, this,
                    &ClusterSortModel::onLayoutChanged),
            connect(m_source, &QAbstractItemModel::modelAboutToBeReset, this,
                    [this] { beginResetModel(); }),
            connect(m_source, &QAbstractItemModel::modelReset, this, &ClusterSortModel::onReset),
            connect(m_source, &QAbstractItemModel::headerDataChanged, this,
                    &QAbstractItemModel::headerDataChanged),
            connect(m_source, &ClusterListModel::deltaAboutToBeApplied, this,
                    &ClusterSortModel::beginBatch),
            connect(m_source, &ClusterListModel::deltaApplied, this, &ClusterSortModel::endBatch),
        };
    }
    std::vector<int> all(m_source ? size_t(m_source->rowCount()) : 0, 0);
    std::iota(all.begin(), all.end(), 0);
    mergeIn({}, std::move(all));
    rebuildPositions();
    endResetModel();
}

bool ClusterSortModel::less(int a, int b) const {
    if (m_column < 0)
        return a < b;
    const ClusterListModel::Row &x = m_source->rowAt(a);
    const ClusterListModel::Row &y = m_source->rowAt(b);
    int c = 0;
    switch (m_column) {
    case ClusterListModel::KindColumn:
        c = threeWay(int(x.cluster.kind), int(y.cluster.kind));
        break;
    case ClusterListModel::ScoreColumn:
        c = threeWay(x.cluster.score, y.cluster.score);
        break;
    case ClusterListModel::MembersColumn:
        c = threeWay(x.cluster.members.size(), y.cluster.members.size());
        break;
    case ClusterListModel::CustomerColumn:
        c = x.customer.compare(y.customer, Qt::CaseInsensitive);
        break;
    case ClusterListModel::ValueAtRiskColumn:
        c = threeWay(x.valueAtRisk, y.valueAtRisk);
        break;
    case ClusterListModel::AgeColumn:
        c = threeWay(ageKey(x), ageKey(y));
        break;
    case ClusterListModel::SummaryColumn:
        c = x.cluster.summary.compare(y.cluster.summary, Qt::CaseInsensitive);
        break;
    default: // the id: below
        break;
    }
    if (m_order == Qt::DescendingOrder)
        c = -c;
    if (c != 0)
        return c < 0;
    // Ties by cluster id, so that the order is total and the same after every change.
    const int byId = x.cluster.id.compare(y.cluster.id);
    if (byId != 0)
        return m_column == ClusterListModel::IdColumn && m_order == Qt::DescendingOrder ? byId > 0
                                                                                        : byId < 0;
    return a < b;
}

void ClusterSortModel::rebuildPositions() {
    m_pos.assign(m_source ? size_t(m_source->rowCount()) : 0, -1);
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (size_t(m_rows[i]) < m_pos.size())
            m_pos[size_t(m_rows[i])] = int(i);
}

std::vector<int> ClusterSortModel::sourceRowsOf(const QModelIndexList &proxy) const {
    std::vector<int> rows;
    rows.reserve(size_t(proxy.size()));
    for (const QModelIndex &i : proxy)
        rows.push_back(size_t(i.row()) < m_rows.size() ? m_rows[size_t(i.row())] : -1);
    return rows;
}

void ClusterSortModel::moveHeld(const QModelIndexList &before, const std::vector<int> &sourceRows) {
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype k = 0; k < before.size(); ++k) {
        const int r = sourceRows[size_t(k)];
        after.append(r >= 0 && size_t(r) < m_pos.size() && m_pos[size_t(r)] >= 0
                         ? createIndex(m_pos[size_t(r)], before.at(k).column())
                         : QModelIndex());
    }
    changePersistentIndexList(before, after);
}

void ClusterSortModel::relayout(const std::function<void()> &reorder) {
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    const std::vector<int> sourceRows = sourceRowsOf(before);
    reorder();
    rebuildPositions();
    moveHeld(before, sourceRows);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ClusterSortModel::mergeIn(const std::vector<int> &kept, std::vector<int> placed) {
    const auto ordered = [this](int a, int b) { return less(a, b); };
    std::sort(placed.begin(), placed.end(), ordered);
    std::vector<int> rows;
    rows.reserve(kept.size() + placed.size());
    std::merge(kept.begin(), kept.end(), placed.begin(), placed.end(), std::back_inserter(rows),
               ordered);
    m_rows = std::move(rows);
}

void ClusterSortModel::sort(int column, Qt::SortOrder order) {
    if (column == m_column && order == m_order)
        return;
    m_column = column;
    m_order = order;
    resortAll();
}

void ClusterSortModel::resortAll() {
    if (!m_source)
        return;
    relayout([this] {
        std::vector<int> all(size_t(m_source->rowCount()), 0);
        std::iota(all.begin(), all.end(), 0);
        mergeIn({}, std::move(all));
    });
}

void ClusterSortModel::onRowsInserted(int first, int last) {
    const int n = last - first + 1;
    for (int &r : m_rows)
        if (r >= first)
            r += n;
    if (m_batch) {
        for (std::vector<int> *rows : {&m_batchChanged, &m_batchHeld})
            for (int &r : *rows)
                if (r >= first)
                    r += n;
        for (int r = first; r <= last; ++r)
            m_batchChanged.push_back(r);
        return;
    }
    std::vector<int> added(static_cast<size_t>(n), 0);
    std::iota(added.begin(), added.end(), first);
    std::sort(added.begin(), added.end(), [this](int a, int b) { return less(a, b); });
    if (n <= maxRowSignals) {
        for (int r : added) {
            const auto at = std::upper_bound(m_rows.begin(), m_rows.end(), r,
                                             [this](int a, int b) { return less(a, b); });
            const int p = int(at - m_rows.begin());
            beginInsertRows({}, p, p);
            m_rows.insert(at, r);
            endInsertRows();
        }
        rebuildPositions();
        return;
    }
    // Many at once (a change of rules, the first fill): one layout change.
    relayout([this, &added] { mergeIn(std::vector<int>(m_rows), std::move(added)); });
}

void ClusterSortModel::onRowsAboutToBeRemoved(int first, int last) {
    if (m_batch)
        return;
    const int n = last - first + 1;
    m_removingAsRows = n <= maxRowSignals;
    if (m_removingAsRows) {
        std::vector<int> proxyRows;
        for (int r = first; r <= last; ++r)
            if (size_t(r) < m_pos.size() && m_pos[size_t(r)] >= 0)
                proxyRows.push_back(m_pos[size_t(r)]);
        std::sort(proxyRows.begin(), proxyRows.end(), std::greater<>());
        for (int p : proxyRows) {
            beginRemoveRows({}, p, p);
            m_rows.erase(m_rows.begin() + p);
            endRemoveRows();
        }
        return;
    }
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_layoutProxy = persistentIndexList();
}

void ClusterSortModel::onRowsRemoved(int first, int last) {
    const int n = last - first + 1;
    const auto renumber = [&](int &r) {
        if (r >= first && r <= last)
            r = -1;
        else if (r > last)
            r -= n;
    };
    const auto dropGone = [](std::vector<int> &rows) {
        rows.erase(std::remove(rows.begin(), rows.end(), -1), rows.end());
    };
    std::vector<int> sourceRows; // of the persistent indexes, when the removal is a layout change
    if (!m_batch && !m_removingAsRows)
        sourceRows = sourceRowsOf(m_layoutProxy);
    for (std::vector<int> *rows : {&m_rows, &m_batchChanged, &m_batchHeld, &sourceRows})
        for (int &r : *rows)
            renumber(r);
    dropGone(m_rows);
    dropGone(m_batchChanged);
    if (m_batch)
        return; // placed at the end of the batch
    rebuildPositions();
    if (m_removingAsRows)
        return;
    moveHeld(m_layoutProxy, sourceRows);
    m_layoutProxy.clear();
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ClusterSortModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight) {
    if (!topLeft.isValid() || !bottomRight.isValid())
        return;
    const int firstRow = topLeft.row(), lastRow = bottomRight.row();
    const int firstColumn = topLeft.column(), lastColumn = bottomRight.column();
    if (m_batch) { // placed and shown at the end of the batch
        for (int r = firstRow; r <= lastRow; ++r)
            m_batchChanged.push_back(r);
        return;
    }
    const int count = int(m_rows.size());
    if (firstRow == 0 && lastRow == count - 1) {
        // Every row (the ages ticking): the same range here.
        const bool reorders =
            m_column >= firstColumn && m_column <= lastColumn &&
            !(firstColumn == lastColumn && firstColumn == ClusterListModel::AgeColumn);
        if (reorders)
            resortAll();
        emit dataChanged(index(0, firstColumn), index(count - 1, lastColumn));
        return;
    }
    // Does the change move rows? Only when the sort column changed (ages move together, so the
    // age column alone never reorders).
    const bool mayMove = m_column >= 0 && m_column >= firstColumn && m_column <= lastColumn &&
                         !(firstColumn == lastColumn && firstColumn == ClusterListModel::AgeColumn);
    if (mayMove)
        placeChangedRows(firstRow, lastRow);
    // The changed rows where they are shown now: one signal per run, or one range when scattered.
    std::vector<int> shown;
    for (int r = firstRow; r <= lastRow; ++r)
        if (size_t(r) < m_pos.size() && m_pos[size_t(r)] >= 0)
            shown.push_back(m_pos[size_t(r)]);
    if (shown.empty())
        return;
    std::sort(shown.begin(), shown.end());
    qsizetype runs = 1;
    for (size_t i = 1; i < shown.size(); ++i)
        runs += shown[i] != shown[i - 1] + 1;
    if (runs > maxRowSignals) {
        emit dataChanged(index(shown.front(), firstColumn), index(shown.back(), lastColumn));
        return;
    }
    for (size_t i = 0; i < shown.size();) {
        size_t j = i;
        while (j + 1 < shown.size() && shown[j + 1] == shown[j] + 1)
            ++j;
        emit dataChanged(index(shown[i], firstColumn), index(shown[j], lastColumn));
        i = j + 1;
    }
}

// Changed rows out of order with their neighbours are placed again. Only the rows around a
// changed one are compared: the rows that did not change are in order among themselves, so once
// every changed row kept in place is in order with the kept rows next to it, all are.
void ClusterSortModel::placeChangedRows(int firstRow, int lastRow) {
    const int count = int(m_rows.size());
    std::vector<int> work; // proxy rows to check
    for (int r = firstRow; r <= lastRow; ++r)
        if (size_t(r) < m_pos.size() && m_pos[size_t(r)] >= 0)
            work.push_back(m_pos[size_t(r)]);
    std::vector<char> changed(size_t(count), 0), moving(size_t(count), 0);
    for (int p : work)
        changed[size_t(p)] = 1;
    const auto keptBefore = [&](int p) {
        for (--p; p >= 0 && moving[size_t(p)]; --p) {
        }
        return p;
    };
    const auto keptAfter = [&](int p) {
        for (++p; p < count && moving[size_t(p)]; ++p) {
        }
        return p < count ? p : -1;
    };
    std::vector<int> relocate; // proxy rows
    while (!work.empty()) {
        const int p = work.back();
        work.pop_back();
        if (moving[size_t(p)])
            continue;
        const int a = keptBefore(p), b = keptAfter(p);
        const bool inOrder = (a < 0 || less(m_rows[size_t(a)], m_rows[size_t(p)])) &&
                             (b < 0 || less(m_rows[size_t(p)], m_rows[size_t(b)]));
        if (inOrder)
            continue;
        moving[size_t(p)] = 1;
        relocate.push_back(p);
        // Its kept neighbours are next to each other now: a changed one is checked again.
        if (a >= 0 && changed[size_t(a)])
            work.push_back(a);
        if (b >= 0 && changed[size_t(b)])
            work.push_back(b);
    }
    if (relocate.empty())
        return;
    if (relocate.size() <= size_t(maxMoves)) {
        // A few: moved one by one, which keeps the selection on them and costs the views little.
        std::vector<int> rows;
        for (int p : relocate)
            rows.push_back(m_rows[size_t(p)]);
        for (int r : rows) {
            // Where r goes among the rows that are in place (binary search skipping the ones that
            // still move, of which there are few).
            int lo = 0, hi = count;
            while (lo < hi) {
                const int mid = lo + (hi - lo) / 2;
                int m = mid;
                while (m < hi && moving[size_t(m)])
                    ++m;
                if (m == hi) {
                    hi = mid;
                    continue;
                }
                if (less(r, m_rows[size_t(m)]))
                    hi = mid;
                else
                    lo = m + 1;
            }
            const int from = int(std::find(m_rows.begin(), m_rows.end(), r) - m_rows.begin());
            moving[size_t(from)] = 0;
            if (lo == from || lo == from + 1)
                continue; // already between the right neighbours
            beginMoveRows({}, from, from, {}, lo);
            const int to = lo > from ? lo - 1 : lo;
            m_rows.erase(m_rows.begin() + from);
            m_rows.insert(m_rows.begin() + to, r);
            const char flag = moving[size_t(from)];
            moving.erase(moving.begin() + from);
            moving.insert(moving.begin() + to, flag);
            endMoveRows();
        }
        rebuildPositions();
        return;
    }
    // Many: one layout change, keeping what the views hold on to.
    relayout([this, &moving] {
        std::vector<int> kept, moved;
        kept.reserve(m_rows.size());
        for (size_t p = 0; p < m_rows.size(); ++p)
            (moving[p] ? moved : kept).push_back(m_rows[p]);
        mergeIn(kept, std::move(moved));
    });
}

void ClusterSortModel::onLayoutAboutToBeChanged() {
    m_layoutSource.clear();
    if (!m_batch) {
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        m_layoutProxy = persistentIndexList();
        m_layoutSource.reserve(m_layoutProxy.size());
        for (const QModelIndex &i : std::as_const(m_layoutProxy))
            m_layoutSource.append(QPersistentModelIndex(mapToSource(i)));
    } else {
        // The rows the batch holds on to, by the model's row objects too.
        m_layoutHeld.clear();
        for (const std::vector<int> *rows : {&m_batchChanged, &m_batchHeld})
            for (int r : *rows)
                m_layoutHeld.push_back(r >= 0 ? &m_source->rowAt(r) : nullptr);
    }
    // The rows themselves, by address: the model keeps each row in one place while rows come,
    // go and move, so the shown order survives a compaction without sorting again.
    m_layoutRows.clear();
    m_layoutRows.reserve(m_rows.size());
    for (int r : m_rows)
        m_layoutRows.push_back(&m_source->rowAt(r));
}

void ClusterSortModel::onLayoutChanged() {
    QHash<const void *, int> rowOf;
    rowOf.reserve(m_source->rowCount());
    for (int r = 0; r < m_source->rowCount(); ++r)
        rowOf.insert(&m_source->rowAt(r), r);
    if (m_batch) {
        // Only renumbered: what moved or is new is placed at the end of the batch.
        std::vector<int> rows;
        rows.reserve(m_layoutRows.size());
        for (const void *row : m_layoutRows) {
            const auto at = rowOf.constFind(row);
            if (at != rowOf.cend())
                rows.push_back(*at);
        }
        m_layoutRows.clear();
        m_rows = std::move(rows);
        size_t k = 0;
        for (std::vector<int> *held : {&m_batchChanged, &m_batchHeld})
            for (int &r : *held) {
                const auto at = rowOf.constFind(m_layoutHeld.at(k++));
                r = at == rowOf.cend() ? -1 : *at;
            }
        m_layoutHeld.clear();
        m_batchChanged.erase(std::remove(m_batchChanged.begin(), m_batchChanged.end(), -1),
                             m_batchChanged.end());
        // Rows of the model this order does not hold yet: placed at the end too.
        std::vector<char> known(size_t(m_source->rowCount()), 0);
        for (int r : m_rows)
            known[size_t(r)] = 1;
        for (int r = 0; r < m_source->rowCount(); ++r)
            if (!known[size_t(r)])
                m_batchChanged.push_back(r);
        return;
    }
    std::vector<int> rows;
    rows.reserve(size_t(m_source->rowCount()));
    std::vector<char> seen(size_t(m_source->rowCount()), 0);
    for (const void *row : m_layoutRows) {
        const auto at = rowOf.constFind(row);
        if (at == rowOf.cend() || seen[size_t(*at)])
            continue;
        seen[size_t(*at)] = 1;
        rows.push_back(*at);
    }
    m_layoutRows.clear();
    // Rows that are new to this layout, if any, at their place.
    std::vector<int> added;
    for (int r = 0; r < m_source->rowCount(); ++r)
        if (!seen[size_t(r)])
            added.push_back(r);
    mergeIn(rows, std::move(added));
    rebuildPositions();
    QModelIndexList after;
    after.reserve(m_layoutProxy.size());
    for (qsizetype k = 0; k < m_layoutProxy.size(); ++k) {
        const QPersistentModelIndex &s = m_layoutSource.at(k);
        after.append(s.isValid() ? index(m_pos[size_t(s.row())], m_layoutProxy.at(k).column())
                                 : QModelIndex());
    }
    changePersistentIndexList(m_layoutProxy, after);
    m_layoutProxy.clear();
    m_layoutSource.clear();
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ClusterSortModel::beginBatch(qsizetype changes) {
    if (m_batch || changes <= maxRowChangesOneByOne)
        return; // a few: told row by row as they come
    // Many: one layout change at the end, keeping what the views hold on to.
    m_batch = true;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    m_batchProxy = persistentIndexList();
    m_batchHeld.clear();
    m_batchHeld.reserve(size_t(m_batchProxy.size()));
    for (const QModelIndex &i : std::as_const(m_batchProxy))
        m_batchHeld.push_back(size_t(i.row()) < m_rows.size() ? m_rows[size_t(i.row())] : -1);
    m_batchChanged.clear();
}

void ClusterSortModel::endBatch() {
    if (!m_batch)
        return;
    m_batch = false;
    const int count = m_source->rowCount();
    // The changed and new rows leave their places; the others are in order among themselves.
    std::vector<char> moving(size_t(count), 0);
    std::vector<int> relocate;
    for (int r : m_batchChanged)
        if (r >= 0 && r < count && !moving[size_t(r)]) {
            moving[size_t(r)] = 1;
            relocate.push_back(r);
        }
    m_batchChanged.clear();
    std::vector<int> kept;
    kept.reserve(m_rows.size());
    for (int r : m_rows)
        if (r >= 0 && r < count && !moving[size_t(r)])
            kept.push_back(r);
    mergeIn(kept, std::move(relocate));
    rebuildPositions();
    moveHeld(m_batchProxy, m_batchHeld);
    m_batchProxy.clear();
    m_batchHeld.clear();
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ClusterSortModel::onReset() {
    std::vector<int> all(size_t(m_source->rowCount()), 0);
    std::iota(all.begin(), all.end(), 0);
    mergeIn({}, std::move(all));
    rebuildPositions();
    endResetModel();
}

QModelIndex ClusterSortModel::mapFromSource(const QModelIndex &sourceIndex) const {
    if (!m_source || !sourceIndex.isValid() || size_t(sourceIndex.row()) >= m_pos.size())
        return {};
    const int p = m_pos[size_t(sourceIndex.row())];
    return p < 0 ? QModelIndex() : createIndex(p, sourceIndex.column());
}

int ClusterSortModel::shownRows() const {
    return int(m_rows.size());
}

int ClusterSortModel::sourceRowAt(int row) const {
    return m_rows[size_t(row)];
}

} // namespace o2c::ui
