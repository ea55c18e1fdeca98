// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "flow/ClusterDeltaSum.h"
#include "odoo/ConnectionProfile.h"
#include "odoo/OdooError.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>

#include <QAction>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;

class QListWidget;
class QSplitter;
class QStackedWidget;
class QTableView;
class QVBoxLayout;

namespace o2c {
class HubHealthMonitor;
class OrderBook;
class MrpHoldService;
struct CanonicalOrder;
struct ClusterDelta;
class Store;
class LocalOrderStore;
class ActionDesk;
class ActionExecutor;
namespace odoo {
class OdooSync;
class OdooClient;
} // namespace odoo
} // namespace o2c

namespace o2c::ui {

class AlertBanner;
class AlertCenter;
class AuditLogPage;
class SettingsPage;
class ClusterDetailView;
class HoldsPage;
class IntegrationHealthPage;
class IntegrationLog;
class OrderDetailPage;
class ShiftQueuePage;
class SupervisorChartsPage;
struct CockpitContext;
class ClusterListModel;
class ClusterSortModel;
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

    // The screens reachable from the navigation on the left (Alt+1 ... Alt+8).
    enum class Page : quint8 {
        Desk,
        Exceptions,
        OrderDetail,
        Holds,
        Charts,
        Integration,
        Audit,
        Settings
    };
    // The page's key for the command line ("desk", "exceptions", ..., "settings").
    static QString pageKey(Page page);
    static std::optional<Page> pageFromKey(const QString &key);

    // The team store and its action desk: duplicate decisions, claims, holds and releases then go
    // through the outbox (ActionDesk), sent by the executor. Without it holds and releases go
    // straight through the MRP hold service and the other decisions stay disabled.
    void setTeamDesk(Store *store, ActionDesk *desk, ActionExecutor *executor);
    // The orders kept on this computer: its problems are shown, and while Odoo cannot be reached
    // the status bar says that the window works from them.
    void setLocalStore(LocalOrderStore *store);
    // For the circuit breaker shown on the integration screen.
    void setOdooClient(odoo::OdooClient *client);
    // The middleware hub's health figures, for the supervisor's integration chart.
    void setHubHealth(HubHealthMonitor *hub);

    void showPage(Page page);
    Page currentPage() const;
    QListWidget *navigation() const { return m_navigation; }
    ShiftQueuePage *shiftQueuePage() const { return m_shiftPage; }
    OrderDetailPage *orderDetailPage() const { return m_orderPage; }
    HoldsPage *holdsPage() const { return m_holdsPage; }
    SupervisorChartsPage *chartsPage() const { return m_chartsPage; }
    IntegrationHealthPage *integrationPage() const { return m_integrationPage; }
    AuditLogPage *auditPage() const { return m_auditPage; }
    IntegrationLog *integrationLog() const { return m_log; }
    SettingsPage *settingsPage() const { return m_settingsPage; }
    AlertCenter *alertCenter() const { return m_alerts; }
    AlertBanner *alertBanner() const { return m_banner; }

    // Exports (the file dialogs' work, callable directly): false and *error when writing failed.
    bool exportClusters(const QString &path, QString *error) const;
    bool exportHolds(const QString &path, QString *error) const;
    bool exportClustersPdf(const QString &path, QString *error, int *pages = nullptr) const;
    bool exportHoldsPdf(const QString &path, QString *error, int *pages = nullptr) const;
    bool exportChartsCsv(const QString &path, QString *error) const;
    bool exportChartsPdf(const QString &path, QString *error, int *pages = nullptr) const;
    // The supervisor's shift report; *text gets the report's words (what the PDF says).
    bool exportShiftReport(const QString &path, QString *error, int *pages = nullptr,
                           QString *text = nullptr) const;

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
    QAction *deskAction(const QString &name) const; // "resolve", "distinct", "escalate", ...
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
    void showOfflineState();
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
    // The duplicate queue takes the book's changes in at once after a quiet spell, and at most
    // once per interval while they stream in (summed up meanwhile).
    void takeQueueChanges();
    void applyQueueChanges();

    void holdCurrentOrder();
    void releaseCurrentOrder();
    void onActionSucceeded(const QString &orderId, const QString &message);
    void onActionFailed(const QString &orderId, const odoo::OdooError &error);

    bool isHeld(const CanonicalOrder &order) const;
    QString orderName(const QString &orderId) const;
    QSet<QString> heldAmong(const QStringList &orderIds) const;
    void showKeyboardShortcuts();
    void showAbout();

    void buildPages();
    // MainWindowExtras.cpp: the environment band, alerts, settings and the PDF exports.
    void buildBands(QVBoxLayout *layout);
    void buildExtras();
    void buildExtraActions();
    void buildDeskActions();
    // A named action with its shortcut, listed in the help overlay, calling `slot`.
    QAction *newDeskAction(const char *name, const QString &text, const QKeySequence &key);
    template<typename Slot>
    QAction *addDeskAction(const char *name, const QString &text, const QKeySequence &key,
                           Slot slot) {
        QAction *a = newDeskAction(name, text, key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    }
    void refreshCurrentPage();
    void updateDeskActions();
    QString selectedClusterId() const;
    QList<CanonicalOrder> clusterOrders(const QString &clusterId) const;
    bool reportOutcome(bool ok, const QString &message);
    void resolveCluster();
    void markDistinct();
    void escalateCluster();
    void commentOnCluster();
    void claimCluster(bool claim);
    void retryAction(bool retry);
    void showHandover();
    void exportWithDialog(const QString &title, const QString &name,
                          const std::function<bool(const QString &, QString *)> &write);

    QPointer<OrderBook> m_book;
    QPointer<odoo::OdooSync> m_sync;
    QPointer<MrpHoldService> m_holds;
    QPointer<LocalOrderStore> m_localStore;
    odoo::ConnectionProfile m_profile;

    FlowBoardWidget *m_flowBoard = nullptr;
    OrderTableModel *m_orderModel = nullptr;
    OrderFilterModel *m_orderProxy = nullptr;
    QTableView *m_orderTable = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_ordersTitle = nullptr;
    ClusterListModel *m_clusterModel = nullptr;
    ClusterSortModel *m_clusterProxy = nullptr;
    QTableView *m_clusterTable = nullptr;
    QLabel *m_clustersTitle = nullptr;
    ClusterDetailView *m_detail = nullptr;
    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_workSplitter = nullptr;
    CockpitStatusBar *m_status = nullptr;

    QAction *m_holdAction = nullptr;
    QAction *m_releaseAction = nullptr;
    QList<QAction *> m_shortcutActions;

    std::unique_ptr<CockpitContext> m_ctx;
    IntegrationLog *m_log = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    ShiftQueuePage *m_shiftPage = nullptr;
    OrderDetailPage *m_orderPage = nullptr;
    HoldsPage *m_holdsPage = nullptr;
    SupervisorChartsPage *m_chartsPage = nullptr;
    IntegrationHealthPage *m_integrationPage = nullptr;
    AuditLogPage *m_auditPage = nullptr;
    SettingsPage *m_settingsPage = nullptr;
    AlertCenter *m_alerts = nullptr;
    AlertBanner *m_banner = nullptr;
    QTimer m_alertTimer;
    QHash<QString, QAction *> m_deskActions;
    QTimer m_pageTimer;

    QString m_currentOrderId;
    bool m_currentFromDetail = false;
    QHash<QString, PendingAction> m_pending;
    QTimer m_countsTimer;
    QTimer m_agesTimer;
    ClusterDeltaSum m_queueDelta; // cluster changes the queue has not taken in yet
    QSet<QString> m_queueOrders;  // orders changed since, whose clusters' rows to refresh
    QTimer m_queueTimer;          // runs while changes wait for the interval to end
    QElapsedTimer m_queueApplied; // since the queue last took changes in
};

} // namespace o2c::ui
