// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IntakeTransaction.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace o2c {

// The hub transactions that wait for a planner: quarantined, failed and dead-lettered ones, in
// the order they arrived. A row leaves when the transaction moves on (released, rejected,
// replayed and acknowledged).
class IntakeExceptionModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntakeExceptionModel)
public:
    enum Column {
        TransactionColumn,
        StatusColumn,
        ChannelColumn,
        CustomerColumn,
        ReferenceColumn,
        AmountColumn,
        ReceivedColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role { RawRole = Qt::UserRole + 1, TransactionIdRole };

    explicit IntakeExceptionModel(QObject *parent = nullptr);

    static bool needsPlanner(IntakeStatus s);
    void update(const IntakeTransaction &t);
    const IntakeTransaction *at(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<IntakeTransaction> m_rows;
};

} // namespace o2c
