// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

namespace o2c {
struct CanonicalOrder;
class OrderBook;
} // namespace o2c

namespace o2c::ui {

// The references one order is known by across systems, drawn around it: the channel document,
// the customer's PO, EDI control numbers, the Odoo documents it became and the orders the
// duplicate engine ties it to.
class IdentityGraphWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IdentityGraphWidget)
public:
    struct Node {
        QString relation; // "customer reference", "manufacturing order", ...
        QString label;
        bool alarm = false; // a possible duplicate
    };

    explicit IdentityGraphWidget(QWidget *parent = nullptr);
    ~IdentityGraphWidget() override;

    // `book` may be null (no duplicate siblings then).
    void setOrder(const CanonicalOrder &order, const OrderBook *book);
    void clear();
    const QList<Node> &nodes() const { return m_nodes; }
    QString center() const { return m_center; }

    QSize sizeHint() const override { return {600, 360}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_center;
    QList<Node> m_nodes;
};

} // namespace o2c::ui
