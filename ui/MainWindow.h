// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/ConnectionProfile.h"
#include "odoo/OdooError.h"

#include <QDateTime>
#include <QHash>

#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace o2c {
class OrderBook;
class MrpHoldService;
struct CanonicalOrder;
struct ClusterDelta;
namespace odoo {
class OdooSync;
}
} // namespace o2c

namespace o2c::ui {

class ClusterDetailView;
class ClusterListModel;
class CockpitStatusBar;
class FlowBoardWidget;
class OrderFilterModel;
class OrderTableModel;

// The planner's window: the flow board across the top, the duplicate queue and the order list on
// the left, the selected cluster's orders side by side on the right, hold and release of MRP for
// the selected order, and the connection's state at the bottom.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `sync` and `holds` may be null (offline, tests): the status bar then says so and the hold
    // actions stay disabled.
    MainWindow(OrderBook *book, odoo::OdooSync *sync, MrpHoldService *holds,
               const odoo::ConnectionProfile &profile, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The time the orders live in, for ages and SLAs: the wall clock unless set (the demo's
    // simulated Odoo runs on an accelerated clock).
    void setBusinessClock(std::function<QDateTime()> clock);

    // The order the hold actions act on: the last one picked in the cluster detail or the list.
    QString currentOrderId() const { return m_currentOrderId; }

    FlowBoardWidget *flowBoard() const { return m_flowBoard; }
    QTableView *orderTable() const { return m_orderTable; }
    QTableView *clusterTable() const { return m_clusterTable; }
    ClusterDetailView *clusterDetail() const { return m_detail; }
    QLineEdit *filterEdit() const { return m_filter; }
    CockpitStatusBar *cockpitStatusBar() const { return m_status; }
    OrderTableModel *orderModel() const { return m_orderModel; }
    ClusterListModel *clusterModel() const { return m_clusterModel; }
    QAction *holdAction() const { return m_holdAction; }
    QAction *releaseAction() const { return m_releaseAction; }
    QList<QAction *> shortcutActions() const { return m_shortcutActions; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    enum class PendingAction : quint8 { Hold, Release };

    void buildActions();
    void buildMenus();
    QWidget *buildOrdersPanel();
    QWidget *buildClustersPanel();
    void wireBook();
    void wireSync();
    void wireHolds();
    void restoreLayout();
    void saveLayout() const;

    void setCurrentOrder(const QString &orderId);
    void updateActions();
    void showSelectedCluster();
    void moveCluster(int step);
    void refreshCounts();
    void onClustersChanged(const ClusterDelta &delta);
    void onOrdersChanged(const QStringList &ids);

    void holdCurrentOrder();
    void releaseCurrentOrder();
    void onActionSucceeded(const QString &orderId, const QString &message);
    void onActionFailed(const QString &orderId, const odoo::OdooError &error);

    bool isHeld(const CanonicalOrder &order) const;
    QString orderName(const QString &orderId) const;
    QSet<QString> heldAmong(const QStringList &orderIds) const;
    void showKeyboardShortcuts();
    void showAbout();

    QPointer<OrderBook> m_book;
    QPointer<odoo::OdooSync> m_sync;
    QPointer<MrpHoldService> m_holds;
    odoo::ConnectionProfile m_profile;

    FlowBoardWidget *m_flowBoard = nullptr;
    OrderTableModel *m_orderModel = nullptr;
    OrderFilterModel *m_orderProxy = nullptr;
    QTableView *m_orderTable = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_ordersTitle = nullptr;
    ClusterListModel *m_clusterModel = nullptr;
    QSortFilterProxyModel *m_clusterProxy = nullptr;
    QTableView *m_clusterTable = nullptr;
    QLabel *m_clustersTitle = nullptr;
    ClusterDetailView *m_detail = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_workSplitter = nullptr;
    CockpitStatusBar *m_status = nullptr;

    QAction *m_holdAction = nullptr;
    QAction *m_releaseAction = nullptr;
    QList<QAction *> m_shortcutActions;

    QString m_currentOrderId;
    bool m_currentFromDetail = false;
    QHash<QString, PendingAction> m_pending;
    QTimer m_countsTimer;
    QTimer m_agesTimer;
};

} // namespace o2c::ui
