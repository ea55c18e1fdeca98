// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FlatProxyModel.h"

#include <functional>
#include <vector>

namespace o2c::ui {

class ClusterListModel;

// The duplicate queue as the desk shows it: ClusterListModel's rows sorted by any column (value at
// risk, age, score...), kept sorted as deltas arrive.
//
// Built for the 100,000+ clusters of a million orders: rows are compared on the model's row
// values (no QVariant), ties broken by cluster id so the order is total and stable; a changed
// row that is still in order with its neighbours stays put, one that is not moves by binary
// search; new and removed rows are placed by binary search and told as single rows, or, above
// `maxRowSignals` of them in one change, as one layout change that keeps the selection. Ages
// order like the moments the duplicates arrived, so the clock ticking never reorders anything.
// (QSortFilterProxyModel walks every row for each run of changed source rows: 59 ms for a delta
// of 80 at 121,000 clusters.)
class ClusterSortModel final : public FlatProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterSortModel)
public:
    explicit ClusterSortModel(QObject *parent = nullptr);
    ~ClusterSortModel() override;

    // The source must be a ClusterListModel.
    void setSourceModel(QAbstractItemModel *source) override;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_column; }
    Qt::SortOrder sortOrder() const { return m_order; }

    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

    static constexpr int maxRowSignals = 32;
    // Changed rows that have to move, at most this many as row moves (else a layout change).
    static constexpr int maxMoves = 8;
    // A delta of the model with more changes than this goes in as one layout change.
    static constexpr qsizetype maxRowChangesOneByOne = 4;

protected:
    int shownRows() const override;
    int sourceRowAt(int row) const override;

private:
    bool less(int a, int b) const; // source rows, in the shown order
    // The model rows of these proxy indexes (-1 for none).
    std::vector<int> sourceRowsOf(const QModelIndexList &proxy) const;
    // Points the persistent indexes `before` (on the model rows `sourceRows`) at those rows' new
    // places.
    void moveHeld(const QModelIndexList &before, const std::vector<int> &sourceRows);
    // Runs `reorder` (which sets m_rows) as one layout change that keeps the views' indexes.
    void relayout(const std::function<void()> &reorder);
    // m_rows becomes `kept` (in order already) with `placed` sorted into it.
    void mergeIn(const std::vector<int> &kept, std::vector<int> placed);
    void rebuildPositions();
    // Sorts everything again as one layout change that keeps what the views hold on to.
    void resortAll();
    void onRowsInserted(int first, int last);
    void onRowsAboutToBeRemoved(int first, int last);
    void onRowsRemoved(int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void placeChangedRows(int firstRow, int lastRow);
    void onLayoutAboutToBeChanged();
    void onLayoutChanged();
    void onReset();
    void beginBatch(qsizetype changes);
    void endBatch();

    ClusterListModel *m_source = nullptr;
    int m_column = -1; // -1: the model's own order
    Qt::SortOrder m_order = Qt::AscendingOrder;
    std::vector<int> m_rows; // proxy row -> source row
    std::vector<int> m_pos;  // source row -> proxy row
    // Between rowsAboutToBeRemoved and rowsRemoved: whether the removal went as row signals.
    bool m_removingAsRows = false;
    // Between layoutAboutToBeChanged and layoutChanged of the source: the persistent indexes.
    QModelIndexList m_layoutProxy;
    QList<QPersistentModelIndex> m_layoutSource;
    std::vector<const void *> m_layoutRows; // the shown order, by the model's row objects
    std::vector<const void *> m_layoutHeld; // in a batch: its held rows, by row objects
    // A delta taken in as one layout change: m_rows follows the model's row numbers but keeps
    // the old order; the changed and new rows are placed at its end.
    bool m_batch = false;
    std::vector<int> m_batchChanged; // model rows changed or new in the batch
    QModelIndexList m_batchProxy;    // the persistent indexes at its start
    std::vector<int> m_batchHeld;    // their model rows, -1 once gone
    QList<QMetaObject::Connection> m_connections;
};

} // namespace o2c::ui
