// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;

namespace o2c::ui {

struct CockpitContext;
class IdentityGraphWidget;
class SwimLaneTimeline;

// One order in depth: its order-to-cash timeline in swim lanes per system and the graph of the
// references it is known by.
class OrderDetailPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDetailPage)
public:
    OrderDetailPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~OrderDetailPage() override;

    // Shows the order with this cockpit id or sale order name; false when the book has neither.
    bool showOrder(const QString &idOrName);
    void refresh();
    QString orderId() const { return m_orderId; }

    QLabel *headline() const { return m_headline; }
    QLineEdit *picker() const { return m_picker; }
    // The orders matching the search (name, customer reference, customer), newest first; with an
    // empty search the most recent orders.
    QListWidget *matches() const { return m_matches; }
    void refreshMatches();
    SwimLaneTimeline *timeline() const { return m_timeline; }
    IdentityGraphWidget *identityGraph() const { return m_graph; }

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showCurrent();

    const CockpitContext &m_ctx;
    QListWidget *m_matches = nullptr;
    QTimer *m_searchDelay = nullptr;
    QString m_orderId;
    QLineEdit *m_picker = nullptr;
    QLabel *m_headline = nullptr;
    SwimLaneTimeline *m_timeline = nullptr;
    IdentityGraphWidget *m_graph = nullptr;
};

} // namespace o2c::ui
