// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateCluster.h"
#include "order/CanonicalOrder.h"

#include <QAbstractTableModel>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace o2c::ui {

// The duplicate queue: one row per cluster, fed by ClusterDelta values
// (OrderBook::clustersChanged). Customer, value at risk and age come from the member orders through
// an order lookup.
class ClusterListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterListModel)
public:
    enum Column : int {
        IdColumn,
        KindColumn,
        ScoreColumn,
        MembersColumn,
        CustomerColumn,
        ValueAtRiskColumn,
        AgeColumn,
        SummaryColumn,
        ColumnCount
    };
    enum Role : int {
        SortRole = Qt::UserRole + 1, // raw value: double, int, qint64 seconds, QString
        ClusterIdRole,
    };
    using OrderLookup = std::function<const CanonicalOrder *(const QString &orderId)>;
    using Clock = std::function<QDateTime()>;

    explicit ClusterListModel(OrderLookup lookup = {}, QObject *parent = nullptr);
    ~ClusterListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void applyDelta(const ClusterDelta &delta);
    // Member orders changed (customer, totals): refresh the rows of their clusters.
    void refreshOrders(const QStringList &orderIds);
    // The age column moves with the clock; one dataChanged for the column.
    void refreshAges();
    void setClock(Clock clock); // tests pin "now"

    const DuplicateCluster *clusterAt(int row) const;
    std::optional<DuplicateCluster> cluster(const QString &clusterId) const;
    int rowOf(const QString &clusterId) const; // -1 when unknown

    // What a row shows, for other views of the same clusters (the shift's exception queue).
    struct Row {
        DuplicateCluster cluster;
        QString customer;
        QString currency;
        double valueAtRisk = 0;
        QDateTime since; // when the second member arrived: the moment the duplicate appeared
        int present = 0; // members found in the order book
    };
    const Row &rowAt(int row) const { return *m_rows.at(size_t(row)); }

signals:
    // Around the row signals of one applyDelta() or refreshOrders(), with how many clusters or
    // orders it brings: a sorting view above may take all of it in as one change.
    void deltaAboutToBeApplied(qsizetype changes);
    void deltaApplied();

private:
    void applyDeltaRows(const ClusterDelta &delta);
    Row rowFrom(const DuplicateCluster &c) const;
    // Takes rows first..last out, telling the views.
    void removeRun(int first, int last);
    // Takes these rows (ascending) out as one layout change.
    void removeScattered(const QList<int> &rows);
    // Gives rows their new values and tells the views: one dataChanged per run of neighbouring
    // rows, so a sorting view above re-checks only those rows and not everything between them.
    void changeRows(std::vector<std::pair<int, Row>> rows);
    void indexMembers(const DuplicateCluster &cluster);
    void unindexMembers(const DuplicateCluster &cluster);

    OrderLookup m_lookup;
    Clock m_clock;
    // The rows, each with a slot number that never changes while it is shown and ascends down
    // the list (new rows get the next one; a new cluster taking an old one's row takes its slot
    // too): a cluster's row is a binary search for its slot, so rows that move up when others go
    // need no renumbering.
    std::vector<std::unique_ptr<Row>> m_rows;
    std::vector<qint64> m_slots;     // parallel to m_rows, ascending
    QHash<QString, qint64> m_slotOf; // cluster id -> slot
    qint64 m_nextSlot = 0;
    QHash<QString, QString> m_clusterOfOrder; // member order id -> cluster id
};

} // namespace o2c::ui
