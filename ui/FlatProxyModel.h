// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractProxyModel>

namespace o2c::ui {

// A proxy whose rows are a list of rows of a flat source model (a table), in an order and
// selection of its own: the indexing every such proxy needs. A subclass keeps the list and says
// how long it is and which source row each of its rows shows; the columns and the horizontal
// header are the source's, and rows are numbered from 1.
class FlatProxyModel : public QAbstractProxyModel {
    Q_OBJECT
public:
    using QAbstractProxyModel::QAbstractProxyModel;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    virtual int shownRows() const = 0;
    virtual int sourceRowAt(int row) const = 0; // row: 0 .. shownRows() - 1
};

} // namespace o2c::ui
