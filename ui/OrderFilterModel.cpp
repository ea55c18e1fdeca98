// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFilterModel.h"

#include "OrderTableModel.h"

namespace o2c::ui {

OrderFilterModel::OrderFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(OrderTableModel::SortRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(-1);
    setSortLocaleAware(true);
}

OrderFilterModel::~OrderFilterModel() = default;

void OrderFilterModel::setStage(int stage) {
    if (stage == m_stage)
        return;
    m_stage = stage;
    invalidateRowsFilter();
}

bool OrderFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const {
    if (m_stage >= 0) {
        const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
        if (i.data(OrderTableModel::StageRole).toInt() != m_stage)
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace o2c::ui
