// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QSet>
#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace o2c {
class OrderBook;
struct CanonicalOrder;
} // namespace o2c

namespace o2c::ui {

struct CockpitContext;

// Every order whose manufacturing is held: who held it, since when, why, and whether Odoo moved it
// on behind the hold (a breach). The hold service's own holds and the HOLD tags and activities
// found in Odoo (placed by another cockpit or by hand) both count.
class HoldsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HoldsPage)
public:
    enum Column : int {
        OrderColumn,
        CustomerColumn,
        KindColumn,
        HeldByColumn,
        SinceColumn,
        ReasonColumn,
        BreachColumn,
        ColumnCount
    };

    HoldsPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~HoldsPage() override;

    void refresh();
    QString currentOrderId() const;
    int breachCount() const { return m_breaches; }

    QTableView *table() const { return m_table; }
    QStandardItemModel *model() const { return m_model; }

signals:
    void currentOrderChanged(const QString &orderId);

private:
    static bool heldByActivity(const CanonicalOrder &order);
    void followBook();
    void noteOrders(const QStringList &ids);

    const CockpitContext &m_ctx;
    QPointer<OrderBook> m_followed;
    QSet<QString> m_markedInOdoo; // orders with Odoo's HOLD tag or a HOLD activity on an MO
    QLabel *m_title = nullptr;
    QTableView *m_table = nullptr;
    QStandardItemModel *m_model = nullptr;
    int m_breaches = 0;
};

} // namespace o2c::ui
