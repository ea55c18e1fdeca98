// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeExceptionModel.h"

#include <QLocale>

namespace o2c {

IntakeExceptionModel::IntakeExceptionModel(QObject *parent)
    : QAbstractTableModel(parent) {}

bool IntakeExceptionModel::needsPlanner(IntakeStatus s) {
    return s == IntakeStatus::Quarantined || s == IntakeStatus::Failed ||
           s == IntakeStatus::DeadLettered;
}

void IntakeExceptionModel::update(const IntakeTransaction &t) {
    int row = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == t.id) {
            row = i;
            break;
        }
    }
    const bool wanted = needsPlanner(t.status);
    if (row >= 0 && wanted) {
        m_rows[row] = t;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else if (row >= 0) {
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    } else if (wanted) {
        // Keep arrival order: transactions come mostly in order, so search from the end.
        int at = int(m_rows.size());
        while (at > 0 && m_rows[at - 1].receivedAt > t.receivedAt)
            --at;
        beginInsertRows({}, at, at);
        m_rows.insert(at, t);
        endInsertRows();
    }
}

const IntakeTransaction *IntakeExceptionModel::at(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int IntakeExceptionModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IntakeExceptionModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IntakeExceptionModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const IntakeTransaction &t = m_rows[index.row()];
    if (role == TransactionIdRole)
        return t.id;
    if (role != Qt::DisplayRole && role != RawRole && role != Qt::ToolTipRole)
        return {};
    const bool raw = role == RawRole;
    switch (Column(index.column())) {
    case TransactionColumn:
        return t.id;
    case StatusColumn:
        return t.statusKey;
    case ChannelColumn:
        return channelKey(t.channel);
    case CustomerColumn:
        return t.order.customer.name;
    case ReferenceColumn:
        return t.order.customerRef;
    case AmountColumn:
        if (raw)
            return t.order.amountTotal;
        return QString(QLocale().toString(t.order.amountTotal, 'f', 2) + QLatin1Char(' ') +
                       t.order.currency);
    case ReceivedColumn:
        return raw ? QVariant(t.receivedAt)
                   : QVariant(QLocale().toString(t.receivedAt.toLocalTime(), QLocale::ShortFormat));
    case ReasonColumn:
        if (t.status == IntakeStatus::Quarantined)
            return t.suspectedDuplicateOf.isEmpty()
                       ? t.quarantineReason
                       : tr("%1 (%2)", "the quarantine reason (the orders it may duplicate)")
                             .arg(t.quarantineReason,
                                  t.suspectedDuplicateOf.join(QStringLiteral(", ")));
        return t.failure;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant IntakeExceptionModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TransactionColumn:
        return tr("Transaction");
    case StatusColumn:
        return tr("Status");
    case ChannelColumn:
        return tr("Channel");
    case CustomerColumn:
        return tr("Customer");
    case ReferenceColumn:
        return tr("Reference");
    case AmountColumn:
        return tr("Amount");
    case ReceivedColumn:
        return tr("Received");
    case ReasonColumn:
        return tr("Reason");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace o2c
