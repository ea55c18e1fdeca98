// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractProxyModel>
#include <QFutureWatcher>
#include <QTimer>

#include <vector>

namespace o2c::ui {

class OrderTableModel;

// The order list as the planner narrows it: free text over the order, channel, customer,
// reference, stage, total and cluster (case-insensitive), and optionally one order-to-cash stage
// (chosen on the flow board). Sorts by any column.
//
// Built for a million orders: the text is matched against OrderTableModel's precomputed
// case-folded search keys, walking a sorted permutation of the rows kept up to date, so a new
// filter is one linear scan and never a sort. Above `asyncThreshold` rows the scan and any full
// sort run on a worker thread (the newest request wins); changes from the source are gathered and
// applied together every `batchIntervalMs` as inserted, removed and changed rows, so the view keeps
// its selection and scroll position while orders stream in.
class OrderFilterModel final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderFilterModel)
public:
    explicit OrderFilterModel(QObject *parent = nullptr);
    ~OrderFilterModel() override;

    // The source must be an OrderTableModel.
    void setSourceModel(QAbstractItemModel *source) override;

    void setFilterFixedString(const QString &text);
    QString filterText() const { return m_text; }
    void setStage(int stage); // int(OrderStage), or -1 for every stage
    int stage() const { return m_stage; }

    void setAsyncThreshold(int rows) { m_asyncThreshold = rows; }
    void setBatchInterval(int ms) { m_batchTimer.setInterval(ms); }
    // True while a filter or sort runs on the worker; filtered() follows when it is applied.
    bool isBusy() const { return m_busy; }
    // Applies gathered source changes now and waits for a running filter (tests, benchmarks).
    void settle();

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

signals:
    // A new filter, stage or sort is shown.
    void filtered();

private:
    struct Result {
        int generation = 0;
        bool resorted = false;
        QList<int> permutation; // when resorted
        QList<int> rows;
    };
    void requestRefilter(bool resort);
    void applyResult(Result result);
    void processBatch();
    void scheduleBatch();
    void onSourceRowsInserted(int first, int last);
    void onSourceRowsTouched(const QList<int> &rows);
    void onSourceRowsAboutToBeRemoved(int first, int last);
    void onSourceRowsRemoved(int first, int last);
    void onSourceReset();
    bool accepts(int sourceRow) const;
    bool rowLess(int a, int b) const;
    void rebuildReverse() const;
    void rebuildPermutationPositions();

    OrderTableModel *m_source = nullptr;
    QString m_text; // case-folded
    int m_stage = -1;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_asyncThreshold = 50000;

    QList<int> m_permutation;       // every source row in sort order
    std::vector<int> m_permPos;     // source row -> index in m_permutation
    QList<int> m_rows;              // proxy row -> source row
    mutable std::vector<int> m_rev; // source row -> proxy row, or -1
    mutable bool m_revDirty = false;

    std::vector<char> m_dirty; // source rows changed since the last batch
    QList<int> m_dirtyRows;
    QTimer m_batchTimer;

    int m_generation = 0;
    bool m_busy = false;
    bool m_pendingRefilter = false, m_pendingResort = false;
    QFutureWatcher<Result> m_watcher;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace o2c::ui
