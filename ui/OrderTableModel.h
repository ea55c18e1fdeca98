// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "OrderSearchKeys.h"
#include "dedup/DuplicateCluster.h"
#include "order/CanonicalOrder.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>

namespace o2c {
class OrderBook;
}

namespace o2c::ui {

// All orders of the OrderBook as a table. Keeps a compact copy of the shown fields per order so
// sorting a large book does not go through the book's hash for every comparison. Changes arrive in
// batches (OrderBook::ordersChanged): one beginInsertRows and one dataChanged range per batch.
class OrderTableModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderTableModel)
public:
    enum Column : int {
        NameColumn,
        ChannelColumn,
        CustomerColumn,
        ReferenceColumn,
        TotalColumn,
        StageColumn,
        CreatedColumn,
        HeldColumn,
        ClusterColumn,
        ColumnCount
    };
    enum Role : int {
        SortRole = Qt::UserRole + 1, // raw value: double, qint64 msecs, int stage, QString
        OrderIdRole,
        StageRole, // int(OrderStage)
        HeldRole,  // bool
        ClusterIdRole,
    };

    // `book` may be null (a model fed only through upsertOrders()).
    explicit OrderTableModel(OrderBook *book, QObject *parent = nullptr);
    ~OrderTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString orderId(int row) const;
    int rowOf(const QString &orderId) const; // -1 when unknown
    bool isHeld(const QString &orderId) const;

    // Adds or refreshes rows for these orders (what OrderBook::ordersChanged triggers).
    void upsertOrders(const QList<const CanonicalOrder *> &orders);
    void removeOrders(const QStringList &orderIds);
    // Fills the cluster column from the duplicate engine's changes.
    void applyClusterDelta(const ClusterDelta &delta);
    // Held state the hold service reported before the next sync brings Odoo's tags and
    // activities; the order's next refresh from the book replaces it.
    void setHeldOverride(const QString &orderId, bool held);
    // An action on the order is under way.
    void setPending(const QString &orderId, bool pending);

    // For OrderFilterModel. Every row's search text, case-folded, in UTF-8 (order, channel,
    // customer, reference, stage, total, cluster), and its stage: implicitly shared lists, so a
    // worker thread can filter a copy while the rows change.
    const OrderSearchKeys &searchKeys() const { return m_keys; }
    const QList<quint8> &stages() const { return m_stages; }
    // Sorting by a column: the rows' values (texts or numbers, by column) for a worker to sort, and
    // the same comparison for single rows (<0, 0, >0).
    struct SortValues {
        QList<QString> texts;
        QList<double> numbers;
    };
    SortValues sortValues(int column) const;
    int compareRows(int column, int a, int b) const;
    static bool isTextColumn(int column);

signals:
    // Rows whose shown values changed (new rows come with rowsInserted): what the filter re-checks.
    void rowsTouched(const QList<int> &rows);

private:
    struct Row {
        QString id;
        QString name;
        Channel channel = Channel::Unknown;
        QString customer;
        QString reference;
        double total = 0;
        QString currency;
        OrderStage stage = OrderStage::Quotation;
        QDateTime created;
        bool heldInOdoo = false;
    };
    static Row rowFrom(const CanonicalOrder &order);
    void onOrdersChanged(const QStringList &ids);
    void followReserve();
    void emitRowChanged(const QString &orderId);
    bool rowHeld(const Row &row) const;

    QPointer<OrderBook> m_book;
    void touch(const QList<int> &rows);
    QByteArray keyOf(const Row &row) const;
    double sortNumber(int column, const Row &row) const;
    QString sortText(int column, const Row &row) const;

    QList<Row> m_rows;
    OrderSearchKeys m_keys; // parallel to m_rows
    QList<quint8> m_stages; // parallel to m_rows
    QHash<QString, int> m_rowOf;
    qsizetype m_reserved = 0;
    QHash<QString, QString> m_clusterOf;     // order id -> cluster id
    QHash<QString, QStringList> m_membersOf; // cluster id -> its members as last marked
    QHash<QString, bool> m_heldOverride;
    QSet<QString> m_pending;
};

} // namespace o2c::ui
