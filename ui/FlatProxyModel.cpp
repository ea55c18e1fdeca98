// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlatProxyModel.h"

namespace o2c::ui {

QModelIndex FlatProxyModel::index(int row, int column, const QModelIndex &parent) const {
    if (parent.isValid() || row < 0 || row >= shownRows() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex FlatProxyModel::parent(const QModelIndex &) const {
    return {};
}

int FlatProxyModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : shownRows();
}

int FlatProxyModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool FlatProxyModel::hasChildren(const QModelIndex &parent) const {
    return !parent.isValid() && shownRows() > 0;
}

QModelIndex FlatProxyModel::mapToSource(const QModelIndex &proxyIndex) const {
    if (!sourceModel() || !proxyIndex.isValid() || proxyIndex.row() >= shownRows())
        return {};
    return sourceModel()->index(sourceRowAt(proxyIndex.row()), proxyIndex.column());
}

QVariant FlatProxyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal)
        return sourceModel() ? sourceModel()->headerData(section, orientation, role) : QVariant();
    if (role == Qt::DisplayRole)
        return section + 1;
    return {};
}

} // namespace o2c::ui
