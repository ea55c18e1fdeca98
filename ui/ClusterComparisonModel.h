// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/CanonicalOrder.h"

#include <QAbstractTableModel>
#include <QSet>

namespace o2c::ui {

// The orders of one cluster side by side: one column per order, one row per compared field, then
// one row per product (aligned by SKU). Cells whose value differs from the other orders carry
// DifferenceRole = true, a highlight background, a bold font and a tooltip saying what differs.
class ClusterComparisonModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterComparisonModel)
public:
    enum FieldRow : int {
        CustomerRow,
        ReferenceRow,
        ShipToRow,
        RequestedRow,
        TotalRow,
        FieldRowCount
    };
    enum Role : int {
        DifferenceRole = Qt::UserRole + 1, // bool
        OrderIdRole,                       // the column's order
    };

    explicit ClusterComparisonModel(QObject *parent = nullptr);
    ~ClusterComparisonModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setOrders(const QList<CanonicalOrder> &orders);
    void setHeldOrders(const QSet<QString> &orderIds);
    const QList<CanonicalOrder> &orders() const { return m_orders; }
    QString orderIdAt(int column) const;
    // The order the planner picked (the actions' target): its column is tinted, -1 for none.
    void setChosenColumn(int column);
    int chosenColumn() const { return m_chosen; }
    int differenceCount() const;

private:
    struct Cell {
        QString text;
        QString key; // what is compared (raw, not formatted)
        bool differs = false;
        QString tooltip;
    };
    struct Line {
        QString label;
        QList<Cell> cells;
    };
    void rebuild();

    QList<CanonicalOrder> m_orders;
    QSet<QString> m_held;
    QList<Line> m_rows;
    int m_chosen = -1;
};

} // namespace o2c::ui
