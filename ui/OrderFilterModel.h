// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace o2c::ui {

// The order list as the planner narrows it: free text over every column, and optionally one
// order-to-cash stage (chosen on the flow board). Sorts on OrderTableModel::SortRole.
class OrderFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderFilterModel)
public:
    explicit OrderFilterModel(QObject *parent = nullptr);
    ~OrderFilterModel() override;

    void setStage(int stage); // int(OrderStage), or -1 for every stage
    int stage() const { return m_stage; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_stage = -1;
};

} // namespace o2c::ui
