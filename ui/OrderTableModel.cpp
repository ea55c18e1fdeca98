// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderTableModel.h"

#include "CockpitColors.h"
#include "DisplayText.h"
#include "flow/OrderBook.h"

#include <QFont>
#include <QGuiApplication>
#include <QLocale>

#include <algorithm>

namespace o2c::ui {

OrderTableModel::OrderTableModel(OrderBook *book, QObject *parent)
    : QAbstractTableModel(parent)
    , m_book(book) {
    if (!book)
        return;
    connect(book, &OrderBook::ordersChanged, this, &OrderTableModel::onOrdersChanged);
    connect(book, &OrderBook::ordersRemoved, this, &OrderTableModel::removeOrders);
    connect(book, &OrderBook::clustersChanged, this, &OrderTableModel::applyClusterDelta);
    followReserve();
    upsertOrders(book->orders());
}

OrderTableModel::~OrderTableModel() = default;

int OrderTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

OrderTableModel::Row OrderTableModel::rowFrom(const CanonicalOrder &order) {
    Row r;
    r.id = order.id;
    r.name = order.saleOrderName.isEmpty() ? order.source.document : order.saleOrderName;
    r.channel = order.channel;
    r.customer = order.customer.name;
    r.reference = order.customerRef;
    r.total = order.amountTotal;
    r.currency = order.currency;
    r.stage = order.stage;
    r.created = order.createdAt;
    r.heldInOdoo = order.hasHoldTag() ||
                   std::any_of(order.manufacturingOrders.cbegin(), order.manufacturingOrders.cend(),
                               [](const ManufacturingOrderRef &mo) { return mo.heldByActivity; });
    return r;
}

bool OrderTableModel::rowHeld(const Row &row) const {
    auto it = m_heldOverride.constFind(row.id);
    return it != m_heldOverride.cend() ? *it : row.heldInOdoo;
}

QVariant OrderTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const bool held = rowHeld(r);
    const int col = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (col) {
        case NameColumn:
            return r.name;
        case ChannelColumn:
            return channelTitle(r.channel);
        case CustomerColumn:
            return r.customer;
        case ReferenceColumn:
            return r.reference;
        case TotalColumn:
            return formatMoney(r.total, r.currency);
        case StageColumn:
            return stageTitle(r.stage);
        case CreatedColumn:
            return QLocale().toString(r.created.toLocalTime(), QLocale::ShortFormat);
        case HeldColumn:
            if (m_pending.contains(r.id))
                return tr("Working…");
            return held ? tr("Held") : QString();
        case ClusterColumn:
            return m_clusterOf.value(r.id);
        }
        break;
    case SortRole:
        switch (col) {
        case NameColumn:
            return r.name;
        case ChannelColumn:
            return channelTitle(r.channel);
        case CustomerColumn:
            return r.customer;
        case ReferenceColumn:
            return r.reference;
        case TotalColumn:
            return r.total;
        case StageColumn:
            return int(r.stage);
        case CreatedColumn:
            return r.created.toMSecsSinceEpoch();
        case HeldColumn:
            return held;
        case ClusterColumn:
            return m_clusterOf.value(r.id);
        }
        break;
    case Qt::TextAlignmentRole:
        if (col == TotalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DecorationRole:
        if (col == NameColumn && held)
            return heldIcon();
        break;
    case Qt::ForegroundRole:
        if (held)
            return heldForeground(QGuiApplication::palette());
        break;
    case Qt::BackgroundRole:
        if (held)
            return heldBackground(QGuiApplication::palette());
        break;
    case Qt::FontRole:
        if (col == HeldColumn && held) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::ToolTipRole:
        if (held)
            return tr("Manufacturing is held for %1: no manufacturing demand, reservation or "
                      "procurement proceeds from it until the hold is released.")
                .arg(r.name);
        if (col == ClusterColumn && m_clusterOf.contains(r.id))
            return tr("Possible duplicate: see cluster %1").arg(m_clusterOf.value(r.id));
        break;
    case OrderIdRole:
        return r.id;
    case StageRole:
        return int(r.stage);
    case HeldRole:
        return held;
    case ClusterIdRole:
        return m_clusterOf.value(r.id);
    default:
        break;
    }
    return {};
}

QVariant OrderTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section == TotalColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Order");
    case ChannelColumn:
        return tr("Channel");
    case CustomerColumn:
        return tr("Customer");
    case ReferenceColumn:
        return tr("Customer ref.");
    case TotalColumn:
        return tr("Total");
    case StageColumn:
        return tr("Stage");
    case CreatedColumn:
        return tr("Created");
    case HeldColumn:
        return tr("MRP hold");
    case ClusterColumn:
        return tr("Cluster");
    }
    return {};
}

QString OrderTableModel::orderId(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

int OrderTableModel::rowOf(const QString &orderId) const {
    return m_rowOf.value(orderId, -1);
}

bool OrderTableModel::isHeld(const QString &orderId) const {
    const int row = rowOf(orderId);
    return row >= 0 && rowHeld(m_rows.at(row));
}

// Sized with the book (while it is still small), not grown in one go under the planner.
void OrderTableModel::followReserve() {
    if (!m_book || m_book->reserved() <= m_reserved)
        return;
    m_reserved = m_book->reserved();
    m_rows.reserve(m_reserved);
    m_stages.reserve(m_reserved);
    m_keys.reserve(m_reserved);
    m_rowOf.reserve(m_reserved);
}

void OrderTableModel::onOrdersChanged(const QStringList &ids) {
    if (!m_book)
        return;
    followReserve();
    QList<const CanonicalOrder *> orders;
    orders.reserve(ids.size());
    for (const QString &id : ids)
        if (const CanonicalOrder *o = m_book->order(id))
            orders.append(o);
    upsertOrders(orders);
}

void OrderTableModel::upsertOrders(const QList<const CanonicalOrder *> &orders) {
    QList<Row> added;
    QList<int> touched;
    int first = INT_MAX, last = -1;
    for (const CanonicalOrder *o : orders) {
        if (!o)
            continue;
        const int row = m_rowOf.value(o->id, -1);
        if (row >= 0) {
            m_rows[row] = rowFrom(*o);
            m_keys.set(row, keyOf(m_rows.at(row)));
            m_stages[row] = quint8(o->stage);
            m_heldOverride.remove(o->id);
            first = std::min(first, row);
            last = std::max(last, row);
            touched.append(row);
        } else {
            added.append(rowFrom(*o));
        }
    }
    if (last >= 0) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        touch(touched);
    }
    if (added.isEmpty())
        return;
    const int start = int(m_rows.size());
    beginInsertRows({}, start, start + int(added.size()) - 1);
    // No reserve(): an exact reserve per batch would copy every row each time.
    for (Row &r : added) {
        m_rowOf.insert(r.id, int(m_rows.size()));
        m_keys.append(keyOf(r));
        m_stages.append(quint8(r.stage));
        m_rows.append(std::move(r));
    }
    endInsertRows();
}

void OrderTableModel::removeOrders(const QStringList &orderIds) {
    QList<int> rows;
    for (const QString &id : orderIds) {
        const int row = m_rowOf.value(id, -1);
        if (row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    // Remove contiguous runs from the bottom up so earlier row numbers stay valid.
    qsizetype i = 0;
    while (i < rows.size()) {
        int high = rows.at(i), low = high;
        while (i + 1 < rows.size() && rows.at(i + 1) == low - 1)
            low = rows.at(++i);
        ++i;
        beginRemoveRows({}, low, high);
        for (int r = low; r <= high; ++r) {
            m_clusterOf.remove(m_rows.at(r).id);
            m_heldOverride.remove(m_rows.at(r).id);
            m_pending.remove(m_rows.at(r).id);
        }
        for (int r = low; r <= high; ++r)
            m_rowOf.remove(m_rows.at(r).id);
        m_rows.remove(low, high - low + 1);
        m_keys.remove(low, high - low + 1);
        m_stages.remove(low, high - low + 1);
        endRemoveRows();
    }
    // Only the rows below the first removed one moved.
    for (int r = rows.last(); r < m_rows.size(); ++r)
        m_rowOf.insert(m_rows.at(r).id, r);
}

void OrderTableModel::applyClusterDelta(const ClusterDelta &delta) {
    // By cluster, through its members: never a walk over every marked order.
    QSet<QString> touched;
    const auto unmark = [&](const QString &member, const QString &cluster) {
        auto it = m_clusterOf.find(member);
        if (it != m_clusterOf.end() && *it == cluster) {
            m_clusterOf.erase(it);
            touched.insert(member);
        }
    };
    for (const QString &r : delta.removed)
        for (const QString &m : m_membersOf.take(r))
            unmark(m, r);
    for (const DuplicateCluster &c : delta.changed) {
        // Members that left a changed cluster lose their mark.
        for (const QString &m : m_membersOf.value(c.id))
            if (!c.members.contains(m))
                unmark(m, c.id);
        for (const QString &m : c.members) {
            m_clusterOf.insert(m, c.id);
            touched.insert(m);
        }
        m_membersOf.insert(c.id, c.members);
    }
    int first = INT_MAX, last = -1;
    QList<int> rows;
    for (const QString &id : std::as_const(touched)) {
        const int row = rowOf(id);
        if (row < 0)
            continue;
        m_keys.set(row, keyOf(m_rows.at(row)));
        rows.append(row);
        first = std::min(first, row);
        last = std::max(last, row);
    }
    if (last >= 0) {
        emit dataChanged(index(first, ClusterColumn), index(last, ClusterColumn));
        touch(rows);
    }
}

void OrderTableModel::emitRowChanged(const QString &orderId) {
    const int row = rowOf(orderId);
    if (row >= 0) {
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        touch({row});
    }
}

void OrderTableModel::touch(const QList<int> &rows) {
    if (!rows.isEmpty())
        emit rowsTouched(rows);
}

QByteArray OrderTableModel::keyOf(const Row &r) const {
    const QChar sep(u'\x1f');
    QString key;
    const QString cluster = m_clusterOf.value(r.id);
    const QString channel = channelTitle(r.channel);
    const QString stage = stageTitle(r.stage);
    const QString total = QString::number(r.total, 'f', 2);
    key.reserve(r.name.size() + channel.size() + r.customer.size() + r.reference.size() +
                stage.size() + total.size() + cluster.size() + 6);
    key += r.name;
    key += sep;
    key += channel;
    key += sep;
    key += r.customer;
    key += sep;
    key += r.reference;
    key += sep;
    key += stage;
    key += sep;
    key += total;
    key += sep;
    key += cluster;
    return key.toCaseFolded().toUtf8();
}

bool OrderTableModel::isTextColumn(int column) {
    switch (column) {
    case NameColumn:
    case ChannelColumn:
    case CustomerColumn:
    case ReferenceColumn:
    case ClusterColumn:
        return true;
    default:
        return false;
    }
}

double OrderTableModel::sortNumber(int column, const Row &r) const {
    switch (column) {
    case TotalColumn:
        return r.total;
    case StageColumn:
        return int(r.stage);
    case CreatedColumn:
        return double(r.created.isValid() ? r.created.toMSecsSinceEpoch() : 0);
    case HeldColumn:
        return rowHeld(r) ? 1 : 0;
    default:
        return 0;
    }
}

QString OrderTableModel::sortText(int column, const Row &r) const {
    switch (column) {
    case NameColumn:
        return r.name;
    case ChannelColumn:
        return channelTitle(r.channel);
    case CustomerColumn:
        return r.customer;
    case ReferenceColumn:
        return r.reference;
    case ClusterColumn:
        return m_clusterOf.value(r.id);
    default:
        return {};
    }
}

OrderTableModel::SortValues OrderTableModel::sortValues(int column) const {
    SortValues v;
    if (isTextColumn(column)) {
        v.texts.reserve(m_rows.size());
        for (const Row &r : m_rows)
            v.texts.append(sortText(column, r));
    } else {
        v.numbers.reserve(m_rows.size());
        for (const Row &r : m_rows)
            v.numbers.append(sortNumber(column, r));
    }
    return v;
}

int OrderTableModel::compareRows(int column, int a, int b) const {
    const Row &ra = m_rows.at(a), &rb = m_rows.at(b);
    if (isTextColumn(column))
        return QString::compare(sortText(column, ra), sortText(column, rb), Qt::CaseInsensitive);
    const double x = sortNumber(column, ra), y = sortNumber(column, rb);
    return x < y ? -1 : (y < x ? 1 : 0);
}

void OrderTableModel::setHeldOverride(const QString &orderId, bool held) {
    m_heldOverride.insert(orderId, held);
    emitRowChanged(orderId);
}

void OrderTableModel::setPending(const QString &orderId, bool pending) {
    if (pending == m_pending.contains(orderId))
        return;
    if (pending)
        m_pending.insert(orderId);
    else
        m_pending.remove(orderId);
    emitRowChanged(orderId);
}

} // namespace o2c::ui
