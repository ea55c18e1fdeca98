// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FlatProxyModel.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <vector>

namespace o2c::ui {

class OrderTableModel;

// The order list as the planner narrows it: free text over the order, channel, customer,
// reference, stage, total and cluster (case-insensitive), and optionally one order-to-cash stage
// (chosen on the flow board). Sorts by any column.
//
// Built for a million orders: the text is matched against OrderTableModel's precomputed
// case-folded search keys, walking a sorted permutation of the rows kept up to date, so a new
// filter is one linear scan and never a sort. The matches of the last few queries are remembered
// (one byte per row, kept up to date as rows change): a query that extends one of them searches
// only the rows that one kept (typing narrows), and going back to one of them (backspace, another
// stage, another sort) searches nothing. Above `asyncThreshold` rows the search and any full sort
// run off the GUI thread, split across the cores (the newest request wins and an outdated search
// stops early); changes from the source are gathered and applied together every `batchIntervalMs`
// as inserted, removed and changed rows, so the view keeps its selection and scroll position while
// orders stream in.
class OrderFilterModel final : public FlatProxyModel {
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
    // Forgets the remembered matches, so the next query searches every row (benchmarks of a
    // query pasted at once). What is shown does not change.
    void forgetMatches() { m_remembered.clear(); }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

protected:
    int shownRows() const override;
    int sourceRowAt(int row) const override;

signals:
    // A new filter, stage or sort is shown.
    void filtered();

private:
    // Which rows a query's text matches: hits[row] is 1 or 0, one byte per source row.
    struct Matches {
        QByteArray text; // case-folded UTF-8
        QByteArray hits;
        qsizetype count = 0;
    };
    struct Result {
        int generation = 0;
        bool resorted = false;
        bool cancelled = false;
        QList<int> permutation; // when resorted
        QList<qint64> labels;   // when resorted: the permutation's place labels
        QList<int> rows;
        Matches matches; // when there is a text
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
    bool accepts(int sourceRow, const Matches *matches) const;
    const Matches *remembered(const QByteArray &text) const;
    void remember(Matches matches);
    void refreshRemembered(const QList<int> &rows);
    bool rowLess(int a, int b) const;
    // The proxy row showing this source row, or -1: a binary search of m_rows by place label.
    qsizetype proxyRowOf(int sourceRow) const;
    // The fold's parts (processBatch): the permutation without `leaving` (indices into it,
    // ascending) and with `placing` put in by binary search, labelled; and the shown rows' changes
    // told as a layout change.
    void replaceInPermutation(const std::vector<qsizetype> &leaving, QList<int> placing);
    void labelGroup(qsizetype first, qsizetype last);
    void relabelAll();
    void beginRelayout(QModelIndexList &persistent, QList<int> &persistentRows);
    void endRelayout(const QModelIndexList &persistent, const QList<int> &persistentRows);

    OrderTableModel *m_source = nullptr;
    QString m_text; // case-folded
    int m_stage = -1;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_asyncThreshold = 50000;

    QList<int> m_permutation; // every source row in sort order
    // Source row -> its place label: ascending along m_permutation (so along m_rows too), with
    // gaps so a row is placed between two others by a label between theirs, without renumbering
    // the rows after it; `notPlaced` for rows not in the permutation yet. Finds a row's index in
    // m_permutation or m_rows by binary search, and orders few matches (shared with a worker).
    QList<qint64> m_label;
    QList<int> m_rows; // proxy row -> source row

    std::vector<char> m_dirty; // source rows changed since the last batch
    QList<int> m_dirtyRows;
    QTimer m_batchTimer;

    QList<Matches> m_remembered; // the latest first
    QThreadPool m_pool;          // the filter's work, and its helpers on the other cores

    std::atomic<int> m_generation = 0; // read by the worker: a newer one stops it
    bool m_busy = false;
    bool m_pendingRefilter = false, m_pendingResort = false;
    QFutureWatcher<Result> m_watcher;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace o2c::ui
