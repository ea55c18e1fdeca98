// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateCluster.h"
#include "order/CanonicalOrder.h"

#include <QSet>
#include <QWidget>

class QAction;
class QLabel;
class QStackedWidget;
class QTableView;
class QToolButton;
class QTreeWidget;

namespace o2c::ui {

class ClusterComparisonModel;

// One cluster in detail: its orders side by side with the differences highlighted, and the
// evidence that made them a cluster, each signal with its weight. The planner picks an order by
// its column; the Hold/Release buttons act on that order (the actions belong to the main window).
class ClusterDetailView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterDetailView)
public:
    explicit ClusterDetailView(QWidget *parent = nullptr);
    ~ClusterDetailView() override;

    // `orders` are the cluster's members as far as they are known, oldest first.
    void showCluster(const DuplicateCluster &cluster, const QList<CanonicalOrder> &orders);
    void clear();
    void setHeldOrders(const QSet<QString> &orderIds);
    void setActions(QAction *hold, QAction *release);

    QString clusterId() const { return m_clusterId; }
    QString currentOrderId() const;
    void selectOrder(const QString &orderId);

    ClusterComparisonModel *comparisonModel() const { return m_model; }
    QTableView *comparisonTable() const { return m_table; }
    QTreeWidget *evidenceList() const { return m_evidence; }

signals:
    // The planner picked another order, or another cluster was shown (its newest order is
    // picked). Not emitted when the same cluster is refreshed with new data.
    void currentOrderChanged(const QString &orderId);

private:
    QString m_clusterId;
    bool m_quiet = false; // refreshing: the pick did not change
    ClusterComparisonModel *m_model = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_differences = nullptr;
    QTableView *m_table = nullptr;
    QTreeWidget *m_evidence = nullptr;
    QToolButton *m_holdButton = nullptr;
    QToolButton *m_releaseButton = nullptr;
};

} // namespace o2c::ui
