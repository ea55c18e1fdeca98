// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "AuditLogPage.h"
#include "ClusterComparisonModel.h"
#include "ClusterDetailView.h"
#include "ClusterListModel.h"
#include "ClusterSortModel.h"
#include "CockpitColors.h"
#include "CockpitContext.h"
#include "CockpitStatusBar.h"
#include "CsvWriter.h"
#include "DisplayText.h"
#include "FlowBoardWidget.h"
#include "FlowStageTile.h"
#include "HoldReasonDialog.h"
#include "HoldsPage.h"
#include "IntegrationHealthPage.h"
#include "IntegrationLog.h"
#include "KeyboardShortcutsDialog.h"
#include "OrderDetailPage.h"
#include "OrderFilterModel.h"
#include "OrderTableModel.h"
#include "SettingsPage.h"
#include "ShiftQueuePage.h"
#include "SupervisorChartsPage.h"
#include "TableLayout.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "cache/LocalOrderStore.h"
#include "flow/OrderBook.h"
#include "middleware/HubHealthMonitor.h"
#include "mrp/MrpHoldService.h"
#include "odoo/OdooSync.h"
#include "store/Store.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int countsDelayMs = 200;
// While orders stream in (thousands of events a second), the duplicate queue takes their changes
// in four times a second: every change moves rows of a sorted list, and each repaint of it costs
// milliseconds of the GUI thread.
constexpr int queueIntervalMs = 250;
constexpr int agesIntervalMs = 30000;
constexpr int messageShownMs = 10000;

const QString settingsGroup = QStringLiteral("MainWindow");
// Raised whenever the arrangement of splitters or columns changes: an older saved state would
// put panes in the wrong places.
constexpr int layoutVersion = 2;

QTableView *makeTable(QWidget *parent, const QString &accessibleName) {
    auto *t = new QTableView(parent);
    t->setAccessibleName(accessibleName);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setAlternatingRowColors(true);
    t->setShowGrid(false);
    t->setWordWrap(false);
    t->setSortingEnabled(true);
    t->setTabKeyNavigation(false); // Tab leaves the table, arrows move inside it
    t->verticalHeader()->hide();
    // Fixed row heights: never measure contents on a table that may hold a million rows.
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    t->horizontalHeader()->setHighlightSections(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

QLabel *panelTitle(QWidget *parent) {
    auto *l = new QLabel(parent);
    QFont f = l->font();
    f.setWeight(QFont::DemiBold);
    l->setFont(f);
    return l;
}

// Still ahead of it: something MRP could make, reserve or procure.
bool productionAhead(const CanonicalOrder &o) {
    switch (o.stage) {
    case OrderStage::Quotation:
    case OrderStage::Confirmed:
    case OrderStage::Manufacturing:
        return true;
    case OrderStage::Reserved:
        return o.manufacturingOrders.isEmpty() ||
               std::any_of(o.manufacturingOrders.cbegin(), o.manufacturingOrders.cend(),
                           [](const ManufacturingOrderRef &m) {
                               return m.state != QLatin1String("done") &&
                                      m.state != QLatin1String("cancel");
                           });
    default:
        return false;
    }
}
} // namespace

MainWindow::MainWindow(OrderBook *book, odoo::OdooSync *sync, MrpHoldService *holds,
                       const odoo::ConnectionProfile &profile, QWidget *parent)
    : QMainWindow(parent)
    , m_book(book)
    , m_sync(sync)
    , m_holds(holds)
    , m_profile(profile)
    , m_ctx(std::make_unique<CockpitContext>()) {
    m_log = new IntegrationLog(this);
    m_log->watch(sync);
    m_ctx->book = book;
    m_ctx->sync = sync;
    m_ctx->holds = holds;
    m_ctx->profile = profile;
    m_ctx->log = m_log;
    setWindowTitle(tr("O2C Cockpit"));
    setObjectName(QStringLiteral("MainWindow"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    buildBands(layout);
    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    m_navigation = new QListWidget(central);
    m_navigation->setAccessibleName(tr("Screens"));
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    body->addWidget(m_navigation);
    m_pages = new QStackedWidget(central);
    body->addWidget(m_pages, 1);
    layout->addLayout(body, 1);
    auto *deskPage = new QWidget(m_pages);
    auto *deskLayout = new QVBoxLayout(deskPage);
    deskLayout->setContentsMargins(0, 0, 0, 0);
    deskLayout->setSpacing(0);
    m_pages->addWidget(deskPage);
    m_flowBoard = new FlowBoardWidget(book, deskPage);
    deskLayout->addWidget(m_flowBoard);

    // The duplicate work (queue beside the compared orders) above, every order below it at full
    // width so its columns have room.
    m_mainSplitter = new QSplitter(Qt::Vertical, deskPage);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    m_workSplitter = new QSplitter(Qt::Horizontal, m_mainSplitter);
    m_workSplitter->setObjectName(QStringLiteral("workSplitter"));
    m_workSplitter->setChildrenCollapsible(false);
    m_workSplitter->addWidget(buildClustersPanel());
    m_detail = new ClusterDetailView(m_workSplitter);
    m_workSplitter->addWidget(m_detail);
    m_workSplitter->setStretchFactor(0, 1);
    m_workSplitter->setStretchFactor(1, 1);
    m_mainSplitter->addWidget(m_workSplitter);
    m_mainSplitter->addWidget(buildOrdersPanel());
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);
    deskLayout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);
    buildPages();

    m_status = new CockpitStatusBar(this);
    m_status->setProfile(profile);
    setStatusBar(m_status);

    buildActions();
    buildDeskActions();
    buildExtraActions();
    buildMenus();
    buildExtras();
    m_detail->setActions(m_holdAction, m_releaseAction);

    connect(m_flowBoard, &FlowBoardWidget::stageFilterChanged, this, [this](int stage) {
        m_orderProxy->setStage(stage);
        refreshCounts();
    });
    connect(m_clusterTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showSelectedCluster);
    connect(m_orderTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                m_currentFromDetail = false;
                setCurrentOrder(current.data(OrderTableModel::OrderIdRole).toString());
            });
    connect(m_orderTable, &QTableView::activated, this, [this](const QModelIndex &index) {
        // Enter on an order that belongs to a cluster opens the cluster.
        const QString cluster = index.data(OrderTableModel::ClusterIdRole).toString();
        const int row = m_clusterModel->rowOf(cluster);
        if (row < 0)
            return;
        const QModelIndex proxied = m_clusterProxy->mapFromSource(m_clusterModel->index(row, 0));
        m_clusterTable->setCurrentIndex(proxied);
        m_detail->selectOrder(index.data(OrderTableModel::OrderIdRole).toString());
    });
    connect(m_detail, &ClusterDetailView::currentOrderChanged, this,
            [this](const QString &orderId) {
                // An emptied detail takes away only a target it gave.
                if (orderId.isEmpty() && !m_currentFromDetail)
                    return;
                m_currentFromDetail = !orderId.isEmpty();
                setCurrentOrder(orderId);
            });

    m_queueTimer.setSingleShot(true);
    connect(&m_queueTimer, &QTimer::timeout, this, &MainWindow::applyQueueChanges);
    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(countsDelayMs);
    connect(&m_countsTimer, &QTimer::timeout, this, &MainWindow::refreshCounts);
    m_agesTimer.setInterval(agesIntervalMs);
    connect(&m_agesTimer, &QTimer::timeout, m_clusterModel, &ClusterListModel::refreshAges);
    m_agesTimer.start();

    m_pageTimer.setSingleShot(true);
    m_pageTimer.setInterval(countsDelayMs * 5);
    connect(&m_pageTimer, &QTimer::timeout, this, &MainWindow::refreshCurrentPage);
    if (m_log)
        connect(m_log, &IntegrationLog::recorded, this, [this] {
            if (!m_pageTimer.isActive())
                m_pageTimer.start();
        });

    wireBook();
    wireSync();
    wireHolds();
    refreshCounts();
    updateActions();
    updateDeskActions();
    restoreLayout();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::buildClustersPanel() {
    auto *panel = new QWidget(this);
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(8, 4, 4, 4);
    v->setSpacing(4);
    auto *head = new QHBoxLayout;
    m_clustersTitle = panelTitle(panel);
    head->addWidget(m_clustersTitle);
    head->addStretch(1);
    auto *hint = new QLabel(tr("J / K: next / previous"), panel);
    hint->setForegroundRole(QPalette::PlaceholderText);
    head->addWidget(hint);
    v->addLayout(head);

    m_clusterModel = new ClusterListModel(
        [this](const QString &id) -> const CanonicalOrder * {
            return m_book ? m_book->order(id) : nullptr;
        },
        this);
    m_clusterProxy = new ClusterSortModel(this);
    m_clusterProxy->setSourceModel(m_clusterModel);
    m_clusterTable = makeTable(panel, tr("Duplicate clusters"));
    m_clusterTable->setModel(m_clusterProxy);
    m_clusterTable->sortByColumn(ClusterListModel::ScoreColumn, Qt::DescendingOrder);
    fitColumnsToSamples(
        m_clusterTable,
        {QStringLiteral("C-000000"), clusterKindTitle(ClusterKind::Duplicate),
         QStringLiteral("99.9"), QStringLiteral("99"), QStringLiteral("Customer name of"),
         formatMoney(999999, QStringLiteral("EUR")), formatAge(23 * 3600 + 59 * 60)});
    // What the queue is worked by, value at risk and age, before the customer, whose name can
    // take what width is left (the panel is narrower than all the columns).
    QHeaderView *columns = m_clusterTable->horizontalHeader();
    columns->moveSection(columns->visualIndex(ClusterListModel::CustomerColumn),
                         columns->visualIndex(ClusterListModel::AgeColumn));
    v->addWidget(m_clusterTable);
    return panel;
}

QWidget *MainWindow::buildOrdersPanel() {
    auto *panel = new QWidget(this);
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(8, 4, 4, 4);
    v->setSpacing(4);
    auto *head = new QHBoxLayout;
    m_ordersTitle = panelTitle(panel);
    head->addWidget(m_ordersTitle);
    head->addStretch(1);
    m_filter = new QLineEdit(panel);
    m_filter->setPlaceholderText(tr("Filter orders (Ctrl+F)"));
    m_filter->setAccessibleName(tr("Filter orders"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 18);
    head->addWidget(m_filter);
    v->addLayout(head);

    m_orderModel = new OrderTableModel(m_book, this);
    m_orderProxy = new OrderFilterModel(this);
    m_orderProxy->setSourceModel(m_orderModel);
    m_orderTable = makeTable(panel, tr("Orders"));
    m_orderTable->setModel(m_orderProxy);
    m_orderTable->sortByColumn(OrderTableModel::CreatedColumn, Qt::DescendingOrder);
    fitColumnsToSamples(m_orderTable,
                        // The held icon sits beside the order name.
                        {QStringLiteral("S000000MMM"), channelTitle(Channel::Manual),
                         QStringLiteral("A customer name of some length"),
                         QStringLiteral("PO-0000000"), formatMoney(999999, QStringLiteral("EUR")),
                         stageTitle(OrderStage::Manufacturing),
                         QLocale().toString(QDateTime(QDate(2000, 12, 28), QTime(23, 59, 59)),
                                            QLocale::ShortFormat),
                         tr("Working…")});
    v->addWidget(m_orderTable);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_orderProxy->setFilterFixedString(text);
        refreshCounts();
    });
    // Down from the filter goes to the results; Escape clears it.
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_orderTable->setFocus();
        if (!m_orderTable->currentIndex().isValid() && m_orderProxy->rowCount() > 0)
            m_orderTable->setCurrentIndex(m_orderProxy->index(0, 0));
    });
    return panel;
}

void MainWindow::buildActions() {
    const auto make = [this](const QString &text, const QList<QKeySequence> &keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        connect(a, &QAction::triggered, this, slot);
        addAction(a); // shortcuts work even while the menu bar is hidden
        return a;
    };
    m_holdAction =
        make(tr("&Hold MRP…"), {QKeySequence(Qt::CTRL | Qt::Key_H)}, &MainWindow::holdCurrentOrder);
    m_holdAction->setIcon(heldIcon());
    m_releaseAction = make(tr("&Release hold"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)},
                           &MainWindow::releaseCurrentOrder);
    m_releaseAction->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
}

void MainWindow::buildMenus() {
    const auto add = [this](QMenu *menu, const QString &text, const QList<QKeySequence> &keys,
                            auto slot) {
        QAction *a = menu->addAction(text);
        a->setShortcuts(keys);
        connect(a, &QAction::triggered, this, slot);
        if (!keys.isEmpty())
            m_shortcutActions.append(a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_deskActions.value(QStringLiteral("settings")));
    file->addSeparator();
    add(file, tr("&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)}, &QWidget::close)
        ->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    add(view, tr("&Flow board"), {QKeySequence(Qt::CTRL | Qt::Key_1)}, [this] {
        const int stage = m_flowBoard->selectedStage();
        FlowStageTile *t = m_flowBoard->tile(stage >= 0 ? OrderStage(stage) : flowStages.front());
        t->setFocus(Qt::ShortcutFocusReason);
    });
    add(view, tr("&Orders"), {QKeySequence(Qt::CTRL | Qt::Key_2)}, [this] {
        m_orderTable->setFocus(Qt::ShortcutFocusReason);
        if (!m_orderTable->currentIndex().isValid() && m_orderProxy->rowCount() > 0)
            m_orderTable->setCurrentIndex(m_orderProxy->index(0, 0));
    });
    add(view, tr("&Clusters"), {QKeySequence(Qt::CTRL | Qt::Key_3)}, [this] {
        m_clusterTable->setFocus(Qt::ShortcutFocusReason);
        if (!m_clusterTable->currentIndex().isValid() && m_clusterProxy->rowCount() > 0)
            m_clusterTable->setCurrentIndex(m_clusterProxy->index(0, 0));
    });
    view->addSeparator();
    add(view, tr("F&ilter orders"), {QKeySequence(Qt::CTRL | Qt::Key_F)}, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    add(view, tr("&Show all stages"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
        [this] { m_flowBoard->selectStage(-1); });
    view->addSeparator();
    for (const char *name : {"alertShow", "alertDismiss"})
        view->addAction(m_deskActions.value(QLatin1String(name)));

    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    actions->addAction(m_holdAction);
    actions->addAction(m_releaseAction);
    m_shortcutActions << m_holdAction << m_releaseAction;
    actions->addSeparator();
    add(actions, tr("&Next cluster"),
        {QKeySequence(Qt::Key_J), QKeySequence(Qt::ALT | Qt::Key_Down)},
        [this] { moveCluster(+1); });
    add(actions, tr("&Previous cluster"),
        {QKeySequence(Qt::Key_K), QKeySequence(Qt::ALT | Qt::Key_Up)}, [this] { moveCluster(-1); });

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (QAction *a : m_navigation->actions())
        go->addAction(a);
    QMenu *decide = menuBar()->addMenu(tr("&Decisions"));
    for (const char *name : {"claim", "unclaim", "resolve", "distinct", "escalate", "comment"})
        decide->addAction(m_deskActions.value(QLatin1String(name)));
    decide->addSeparator();
    for (const char *name : {"retry", "abandon", "handover"})
        decide->addAction(m_deskActions.value(QLatin1String(name)));
    QMenu *exports = menuBar()->addMenu(tr("E&xport"));
    for (const char *name : {"exportClusters", "exportHolds", "exportCharts", "exportAudit"})
        exports->addAction(m_deskActions.value(QLatin1String(name)));
    exports->addSeparator();
    for (const char *name :
         {"exportClustersPdf", "exportHoldsPdf", "exportChartsPdf", "exportShiftReport"})
        exports->addAction(m_deskActions.value(QLatin1String(name)));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&Keyboard shortcuts"), {QKeySequence(Qt::Key_F1)},
        &MainWindow::showKeyboardShortcuts);
    add(help, tr("&About O2C Cockpit"), {QKeySequence(Qt::SHIFT | Qt::Key_F1)},
        &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
}

void MainWindow::wireBook() {
    if (!m_book)
        return;
    connect(m_book, &OrderBook::clustersChanged, this, &MainWindow::onClustersChanged);
    connect(m_book, &OrderBook::ordersChanged, this, &MainWindow::onOrdersChanged);
    connect(m_book, &OrderBook::ordersRemoved, this, [this] {
        if (!m_countsTimer.isActive())
            m_countsTimer.start();
    });
    connect(m_book, &OrderBook::duplicateRulesRefused, this, [this](const QString &message) {
        m_status->showMessage(message, messageShownMs);
        m_status->setLastError(message);
    });
    // A change of rules is rebuilt off the GUI thread; the clusters shown are the old rules'
    // until it is done.
    connect(m_book, &OrderBook::duplicateRulesApplying, this,
            [this] { m_status->showMessage(tr("Applying the new duplicate rules…")); });
    connect(m_book, &OrderBook::duplicateRulesApplied, this, [this] {
        m_status->showMessage(tr("The new duplicate rules are in force."), messageShownMs);
        if (m_settingsPage)
            m_settingsPage->refresh();
    });
    ClusterDelta existing;
    existing.changed = m_book->duplicates().clusters();
    m_clusterModel->applyDelta(existing);
    m_orderModel->applyClusterDelta(existing);
}

void MainWindow::wireSync() {
    if (!m_sync) {
        m_status->setOffline();
        return;
    }
    m_status->setConnectionState(m_sync->state());
    m_status->setLastSync(m_sync->lastSync());
    m_status->setLastError(m_sync->lastError());
    connect(m_sync, &odoo::OdooSync::stateChanged, m_status, &CockpitStatusBar::setConnectionState);
    connect(m_sync, &odoo::OdooSync::syncFinished, this, [this](const odoo::SyncStats &stats) {
        m_status->setLastSync(stats.finishedAt);
        m_status->setLastError({});
    });
    connect(m_sync, &odoo::OdooSync::syncFailed, this,
            [this](const odoo::OdooError &error) { m_status->setLastError(error.message); });
    connect(m_sync, &odoo::OdooSync::stateChanged, this, &MainWindow::showOfflineState);
}

void MainWindow::setLocalStore(LocalOrderStore *store) {
    m_localStore = store;
    if (!store)
        return;
    connect(store, &LocalOrderStore::problem, this, [this](const QString &message) {
        m_status->setLastError(message);
        m_status->showMessage(message, messageShownMs);
    });
    showOfflineState();
}

void MainWindow::showOfflineState() {
    if (!m_sync || !m_localStore || !m_book)
        return;
    if (m_sync->state() != odoo::ConnectionState::Failing || m_book->size() == 0)
        return;
    // After syncFailed: the reason stays in the sentence.
    m_status->setLastError(
        tr("Working offline: Odoo cannot be reached (%1). The %n orders shown are the ones kept "
           "on this computer; they catch up as soon as Odoo answers again.",
           nullptr, int(std::min<qsizetype>(m_book->size(), INT_MAX)))
            .arg(m_sync->lastError()));
}

void MainWindow::wireHolds() {
    if (!m_holds)
        return;
    connect(m_holds, &MrpHoldService::holdsChanged, this, [this](const QString &orderId) {
        m_orderModel->setHeldOverride(orderId, m_holds->holdOf(orderId) != nullptr);
        if (m_detail->comparisonModel()->columnCount() > 0) {
            QStringList ids;
            for (const CanonicalOrder &o : m_detail->comparisonModel()->orders())
                ids.append(o.id);
            m_detail->setHeldOrders(heldAmong(ids));
        }
        updateActions();
    });
    connect(m_holds, &MrpHoldService::actionSucceeded, this, &MainWindow::onActionSucceeded);
    connect(m_holds, &MrpHoldService::actionFailed, this, &MainWindow::onActionFailed);
    connect(m_holds, &MrpHoldService::breachDetected, this,
            [this](const QString &orderId, const QString &detail) {
                const QString text =
                    tr("%1 moved on behind its hold: %2").arg(orderName(orderId), detail);
                m_status->setLastError(text);
                m_status->showMessage(text, messageShownMs);
            });
}

void MainWindow::restoreLayout() {
    QSettings s;
    s.beginGroup(settingsGroup);
    if (!restoreGeometry(s.value(QStringLiteral("geometry")).toByteArray()))
        resize(1400, 860);
    if (s.value(QStringLiteral("layoutVersion")).toInt() != layoutVersion) {
        m_mainSplitter->setSizes({430, 300});
        m_workSplitter->setSizes({700, 700});
        return;
    }
    restoreState(s.value(QStringLiteral("state")).toByteArray());
    if (!m_mainSplitter->restoreState(s.value(QStringLiteral("mainSplitter")).toByteArray()))
        m_mainSplitter->setSizes({430, 300});
    if (!m_workSplitter->restoreState(s.value(QStringLiteral("workSplitter")).toByteArray()))
        m_workSplitter->setSizes({700, 700});
    m_orderTable->horizontalHeader()->restoreState(
        s.value(QStringLiteral("orderColumns")).toByteArray());
    m_clusterTable->horizontalHeader()->restoreState(
        s.value(QStringLiteral("clusterColumns")).toByteArray());
}

void MainWindow::saveLayout() const {
    QSettings s;
    s.beginGroup(settingsGroup);
    s.setValue(QStringLiteral("layoutVersion"), layoutVersion);
    s.setValue(QStringLiteral("geometry"), saveGeometry());
    s.setValue(QStringLiteral("state"), saveState());
    s.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    s.setValue(QStringLiteral("workSplitter"), m_workSplitter->saveState());
    s.setValue(QStringLiteral("orderColumns"), m_orderTable->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("clusterColumns"), m_clusterTable->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::onClustersChanged(const ClusterDelta &delta) {
    m_queueDelta.add(ClusterDelta(delta));
    takeQueueChanges();
}

void MainWindow::onOrdersChanged(const QStringList &ids) {
    if (m_clusterModel->rowCount() > 0 || !m_queueDelta.isEmpty())
        for (const QString &id : ids)
            m_queueOrders.insert(id);
    takeQueueChanges();
    if (!m_pageTimer.isActive())
        m_pageTimer.start();
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
    // The shown cluster's orders changed: show their new state.
    const QList<CanonicalOrder> &shown = m_detail->comparisonModel()->orders();
    if (std::any_of(shown.cbegin(), shown.cend(),
                    [&](const CanonicalOrder &o) { return ids.contains(o.id); }))
        showSelectedCluster();
    updateActions();
}

void MainWindow::takeQueueChanges() {
    if (m_queueTimer.isActive())
        return; // they go with the changes already waiting
    const qint64 since = m_queueApplied.isValid() ? m_queueApplied.elapsed() : queueIntervalMs;
    if (since < queueIntervalMs)
        m_queueTimer.start(int(queueIntervalMs - since));
    else
        applyQueueChanges();
}

void MainWindow::applyQueueChanges() {
    m_queueTimer.stop();
    m_queueApplied.start();
    const QStringList orders(m_queueOrders.cbegin(), m_queueOrders.cend());
    m_queueOrders.clear();
    if (!m_queueDelta.isEmpty()) {
        const ClusterDelta delta = m_queueDelta.take();
        m_clusterModel->applyDelta(delta);
        if (!m_countsTimer.isActive())
            m_countsTimer.start();
        const QString shown = m_detail->clusterId();
        if (shown.isEmpty()) {
            // Nothing picked yet: put the top of the queue in front of the planner, without
            // taking the focus from wherever they are typing.
            if (!m_clusterTable->selectionModel()->hasSelection() &&
                m_clusterTable->model()->rowCount() > 0)
                m_clusterTable->selectRow(0);
        } else if (delta.removed.contains(shown)) {
            m_detail->clear();
        } else if (std::any_of(delta.changed.cbegin(), delta.changed.cend(),
                               [&](const DuplicateCluster &c) { return c.id == shown; })) {
            showSelectedCluster();
        }
    }
    m_clusterModel->refreshOrders(orders);
}

void MainWindow::setBusinessClock(std::function<QDateTime()> clock) {
    m_ctx->clock = clock;
    m_clusterModel->setClock(std::move(clock));
    m_clusterModel->refreshAges();
}

void MainWindow::refreshCounts() {
    const qsizetype orders = m_book ? m_book->size() : 0;
    const QLocale l;
    m_status->setCounts(orders, m_clusterModel->rowCount());
    m_clustersTitle->setText(
        tr("Duplicate clusters (%1)").arg(l.toString(m_clusterModel->rowCount())));
    const int shown = m_orderProxy->rowCount();
    m_ordersTitle->setText(
        shown == m_orderModel->rowCount()
            ? tr("Orders (%1)").arg(l.toString(shown))
            : tr("Orders (%1 of %2)").arg(l.toString(shown), l.toString(m_orderModel->rowCount())));
}

void MainWindow::showSelectedCluster() {
    updateDeskActions();
    const QModelIndex current = m_clusterTable->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const QModelIndex source = m_clusterProxy->mapToSource(current);
    const DuplicateCluster *cluster = m_clusterModel->clusterAt(source.row());
    if (!cluster) {
        m_detail->clear();
        return;
    }
    QList<CanonicalOrder> orders;
    if (m_book) {
        for (const QString &id : cluster->members)
            if (const CanonicalOrder *o = m_book->order(id))
                orders.append(*o);
    }
    const DuplicateCluster copy = *cluster;
    m_detail->showCluster(copy, orders);
    m_detail->setHeldOrders(heldAmong(copy.members));
}

void MainWindow::moveCluster(int step) {
    const int rows = m_clusterProxy->rowCount();
    if (rows == 0)
        return;
    const QModelIndex current = m_clusterTable->currentIndex();
    const int row = current.isValid() ? std::clamp(current.row() + step, 0, rows - 1)
                                      : (step > 0 ? 0 : rows - 1);
    m_clusterTable->setCurrentIndex(
        m_clusterProxy->index(row, current.isValid() ? current.column() : 0));
    m_clusterTable->scrollTo(m_clusterTable->currentIndex());
}

void MainWindow::setCurrentOrder(const QString &orderId) {
    if (orderId == m_currentOrderId)
        return;
    m_currentOrderId = orderId;
    updateActions();
}

bool MainWindow::isHeld(const CanonicalOrder &order) const {
    return m_orderModel->isHeld(order.id);
}

QSet<QString> MainWindow::heldAmong(const QStringList &orderIds) const {
    QSet<QString> held;
    for (const QString &id : orderIds)
        if (m_orderModel->isHeld(id))
            held.insert(id);
    return held;
}

QString MainWindow::orderName(const QString &orderId) const {
    const CanonicalOrder *o = m_book ? m_book->order(orderId) : nullptr;
    if (!o)
        return orderId;
    return o->saleOrderName.isEmpty() ? o->source.document : o->saleOrderName;
}

void MainWindow::updateActions() {
    const CanonicalOrder *o =
        m_book && !m_currentOrderId.isEmpty() ? m_book->order(m_currentOrderId) : nullptr;
    const bool busy = o && (m_pending.contains(o->id) || (m_holds && m_holds->isBusy(o->id)));
    const bool held = o && isHeld(*o);
    const bool canAct = m_holds || m_ctx->desk;
    // The team store's role rules: a viewer cannot act, a release above the threshold needs a
    // lead.
    QString holdRole, releaseRole;
    if (m_ctx->desk && o) {
        const OrderRef ref{o->saleOrderId, orderName(o->id), o->amountTotal};
        holdRole = m_ctx->desk->refusal(ActionKind::Hold, &ref);
        releaseRole = m_ctx->desk->refusal(ActionKind::Release, &ref);
    }
    // What the hold service would refuse (an order not in Odoo yet, one with nothing left to
    // produce) is refused here first, in its words.
    const QString holdRefused =
        m_holds && o && !busy && !held ? m_holds->holdRefusal(o->id) : QString();
    const bool canHold = canAct && o && !busy && !held && productionAhead(*o) &&
                         holdRole.isEmpty() && holdRefused.isEmpty();
    const bool canRelease = canAct && o && !busy && held && releaseRole.isEmpty();
    m_holdAction->setEnabled(canHold);
    m_releaseAction->setEnabled(canRelease);

    // Say why an action is unavailable: a disabled button alone leaves the planner guessing.
    QString holdTip, releaseTip;
    if (!canAct) {
        holdTip = releaseTip = tr("Not connected to Odoo: holds cannot be changed.");
    } else if (!o) {
        holdTip = releaseTip = tr("Select an order first.");
    } else if (busy) {
        holdTip = releaseTip = tr("%1: an action is under way.").arg(orderName(o->id));
    } else {
        const QString name = orderName(o->id);
        holdTip = held ? tr("%1 is already held.").arg(name)
                  : productionAhead(*o)
                      ? tr("Hold manufacturing for %1 (Ctrl+H)").arg(name)
                      : tr("%1 is cancelled or already produced: nothing left to hold.").arg(name);
        releaseTip = held ? tr("Release the hold on %1 (Ctrl+Shift+H)").arg(name)
                          : tr("%1 is not held.").arg(name);
        if (!holdRefused.isEmpty() && productionAhead(*o))
            holdTip = holdRefused;
        if (!holdRole.isEmpty() && !held && productionAhead(*o))
            holdTip = holdRole; // whoever may not hold is told that first
        if (!releaseRole.isEmpty() && held)
            releaseTip = releaseRole;
    }
    m_holdAction->setToolTip(holdTip);
    m_holdAction->setStatusTip(holdTip);
    m_releaseAction->setToolTip(releaseTip);
    m_releaseAction->setStatusTip(releaseTip);
}

void MainWindow::holdCurrentOrder() {
    if (!m_holdAction->isEnabled())
        return;
    const QString id = m_currentOrderId;
    const QString name = orderName(id);
    const std::optional<QString> reason = HoldReasonDialog::ask(name, this);
    if (!reason)
        return;
    if (m_ctx->desk && !(m_holds && m_holds->hasOutbox())) {
        const CanonicalOrder *o = m_book ? m_book->order(id) : nullptr;
        if (!o)
            return;
        const auto cluster = m_book->duplicates().clusterOf(id);
        const ActionDesk::Outcome out = m_ctx->desk->hold(
            cluster ? cluster->id : QString(), {o->saleOrderId, name, o->amountTotal}, *reason);
        reportOutcome(out.ok, out.ok ? tr("Hold on %1 queued.").arg(name) : out.message);
        return;
    }
    m_pending.insert(id, PendingAction::Hold);
    m_orderModel->setPending(id, true);
    m_status->showMessage(tr("Holding manufacturing for %1…").arg(name));
    updateActions();
    if (m_holds)
        m_holds->hold(id, *reason);
}

void MainWindow::releaseCurrentOrder() {
    if (!m_releaseAction->isEnabled())
        return;
    const QString id = m_currentOrderId;
    const QString name = orderName(id);
    const auto answer = QMessageBox::question(
        this, tr("Release hold"),
        tr("Release the hold on %1? Manufacturing demand, reservation and procurement will "
           "proceed from it again.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    if (m_ctx->desk && !(m_holds && m_holds->hasOutbox())) {
        const CanonicalOrder *o = m_book ? m_book->order(id) : nullptr;
        if (!o)
            return;
        const auto cluster = m_book->duplicates().clusterOf(id);
        const ActionDesk::Outcome out = m_ctx->desk->release(
            cluster ? cluster->id : QString(), {o->saleOrderId, name, o->amountTotal});
        reportOutcome(out.ok, out.ok ? tr("Release of %1 queued.").arg(name) : out.message);
        return;
    }
    m_pending.insert(id, PendingAction::Release);
    m_orderModel->setPending(id, true);
    m_status->showMessage(tr("Releasing the hold on %1…").arg(name));
    updateActions();
    if (m_holds)
        m_holds->release(id);
}

void MainWindow::onActionSucceeded(const QString &orderId, const QString &message) {
    m_pending.remove(orderId);
    m_orderModel->setPending(orderId, false);
    if (m_holds)
        m_orderModel->setHeldOverride(orderId, m_holds->holdOf(orderId) != nullptr);
    m_status->showMessage(tr("%1: %2").arg(orderName(orderId), message), messageShownMs);
    showSelectedCluster();
    updateActions();
}

void MainWindow::onActionFailed(const QString &orderId, const odoo::OdooError &error) {
    const PendingAction action = m_pending.take(orderId);
    m_orderModel->setPending(orderId, false);
    updateActions();
    const QString name = orderName(orderId);
    const QString what = action == PendingAction::Release
                             ? tr("The hold on %1 was not released.").arg(name)
                             : tr("Manufacturing for %1 was not held.").arg(name);
    m_status->showMessage(what, messageShownMs);
    m_status->setLastError(tr("%1 %2").arg(what, error.message));
    QMessageBox box(QMessageBox::Warning, tr("Action failed"), what, QMessageBox::Ok, this);
    box.setInformativeText(error.message.isEmpty()
                               ? tr("Odoo gave no reason. Try again; if it fails again, check the "
                                    "connection in the status bar.")
                               : error.message);
    if (!error.serverMessage.isEmpty())
        box.setDetailedText(error.serverMessage);
    box.exec();
}

void MainWindow::showKeyboardShortcuts() {
    KeyboardShortcutsDialog dialog(m_shortcutActions, this);
    dialog.exec();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About O2C Cockpit"),
                       tr("<h3>O2C Cockpit %1</h3><p>Order-to-cash operations cockpit for "
                          "manufacturers that run Odoo: every order's flow, duplicate orders found "
                          "as they arrive, and MRP held until they are resolved.</p>"
                          "<p>License: GPL-3.0-or-later</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::buildPages() {
    m_shiftPage = new ShiftQueuePage(*m_ctx, m_pages);
    m_shiftPage->setClusters(m_clusterModel); // the desk's list, kept from the book's changes
    m_orderPage = new OrderDetailPage(*m_ctx, m_pages);
    m_holdsPage = new HoldsPage(*m_ctx, m_pages);
    m_chartsPage = new SupervisorChartsPage(*m_ctx, m_pages);
    m_integrationPage = new IntegrationHealthPage(*m_ctx, m_pages);
    m_auditPage = new AuditLogPage(*m_ctx, m_pages);
    for (QWidget *page : std::initializer_list<QWidget *>{
             m_shiftPage, m_orderPage, m_holdsPage, m_chartsPage, m_integrationPage, m_auditPage})
        m_pages->addWidget(page);
    const QStringList titles{
        tr("Duplicate desk"),    tr("Exception queue"),    tr("Order detail"), tr("Holds"),
        tr("Supervisor charts"), tr("Integration health"), tr("Audit log")};
    int width = 0;
    for (int i = 0; i < titles.size(); ++i) {
        m_navigation->addItem(titles.at(i));
        width = std::max(width, m_navigation->fontMetrics().horizontalAdvance(titles.at(i)));
        // Alt+1 ... Alt+7 go to the screens; the actions also carry the navigation's keys into
        // the shortcut overlay.
        auto *a = new QAction(titles.at(i), this);
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPage(Page(i)); });
        addAction(a);
        m_navigation->addAction(a);
        m_shortcutActions.append(a);
    }
    m_navigation->setFixedWidth(width + 32);
    m_navigation->setCurrentRow(0);
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_pages->setCurrentIndex(row);
        refreshCurrentPage();
    });
    connect(m_shiftPage, &ShiftQueuePage::clusterActivated, this, [this](const QString &id) {
        showPage(Page::Desk);
        const int row = m_clusterModel->rowOf(id);
        if (row >= 0)
            m_clusterTable->setCurrentIndex(
                m_clusterProxy->mapFromSource(m_clusterModel->index(row, 0)));
    });
    connect(m_shiftPage->queueTable()->selectionModel(), &QItemSelectionModel::currentRowChanged,
            this, &MainWindow::updateDeskActions);
    connect(m_holdsPage, &HoldsPage::currentOrderChanged, this, [this](const QString &id) {
        m_currentFromDetail = false;
        setCurrentOrder(id);
    });
}

QAction *MainWindow::newDeskAction(const char *name, const QString &text, const QKeySequence &key) {
    auto *a = new QAction(text, this);
    a->setShortcut(key);
    addAction(a);
    m_deskActions.insert(QLatin1String(name), a);
    m_shortcutActions.append(a);
    return a;
}

void MainWindow::buildDeskActions() {
    addDeskAction("claim", tr("&Claim cluster"), QKeySequence(Qt::CTRL | Qt::Key_T),
                  [this] { claimCluster(true); });
    addDeskAction("unclaim", tr("&Unclaim cluster"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                  [this] { claimCluster(false); });
    addDeskAction("resolve", tr("&Resolve: keep the selected order"),
                  QKeySequence(Qt::CTRL | Qt::Key_Return), &MainWindow::resolveCluster);
    addDeskAction("distinct", tr("Mark &distinct…"), QKeySequence(Qt::CTRL | Qt::Key_D),
                  &MainWindow::markDistinct);
    addDeskAction("escalate", tr("&Escalate…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                  &MainWindow::escalateCluster);
    addDeskAction("comment", tr("Co&mment…"), QKeySequence(Qt::CTRL | Qt::Key_M),
                  &MainWindow::commentOnCluster);
    addDeskAction("retry", tr("Re&try failed action"), QKeySequence(Qt::CTRL | Qt::Key_R),
                  [this] { retryAction(true); });
    addDeskAction("abandon", tr("&Abandon failed action…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), [this] { retryAction(false); });
    addDeskAction("handover", tr("Shift &handover summary"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), &MainWindow::showHandover);
    addDeskAction("exportClusters", tr("&Clusters to CSV…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] {
                      exportWithDialog(
                          tr("Export clusters"), QStringLiteral("clusters.csv"),
                          [this](const QString &p, QString *e) { return exportClusters(p, e); });
                  });
    addDeskAction("exportHolds", tr("&Holds to CSV…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), [this] {
                      exportWithDialog(
                          tr("Export holds"), QStringLiteral("holds.csv"),
                          [this](const QString &p, QString *e) { return exportHolds(p, e); });
                  });
    addDeskAction("exportAudit", tr("&Audit log to CSV…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U), [this] {
                      m_auditPage->refresh();
                      exportWithDialog(tr("Export audit log"), QStringLiteral("audit.csv"),
                                       [this](const QString &p, QString *e) {
                                           return m_auditPage->exportCsv(p, e);
                                       });
                  });
}

QAction *MainWindow::deskAction(const QString &name) const {
    return m_deskActions.value(name);
}

void MainWindow::setTeamDesk(Store *store, ActionDesk *desk, ActionExecutor *executor) {
    m_ctx->store = store;
    m_ctx->desk = desk;
    m_ctx->executor = executor;
    if (m_holds)
        m_holds->attachOutbox(desk, executor); // one record of holds: the outbox and Odoo
    if (desk) {
        connect(desk, &ActionDesk::claimsChanged, this, [this] {
            updateDeskActions();
            m_pageTimer.start();
        });
        connect(desk, &ActionDesk::actionsChanged, this, [this] {
            updateDeskActions();
            m_pageTimer.start();
            if (m_ctx->executor && !m_ctx->executor->isBusy())
                m_ctx->executor->runPending();
        });
        connect(desk, &ActionDesk::auditChanged, this, [this] { m_pageTimer.start(); });
    }
    if (executor)
        connect(executor, &ActionExecutor::actionFinished, this,
                [this](qint64 id, bool ok, const QString &message) {
                    // A done action's message names it already ("Action #7 done: ...").
                    m_status->showMessage(ok ? message
                                             : tr("Action #%1 failed: %2").arg(id).arg(message),
                                          messageShownMs);
                    if (!ok)
                        m_status->setLastError(message);
                    if (m_sync)
                        m_sync->syncNow();
                });
    updateActions();
    updateDeskActions();
    refreshCurrentPage();
    if (m_book)
        m_book->followTeamRules(desk); // the team's rules in force, now and after every change
    m_settingsPage->refresh();         // the role decides whether the rules can be changed
    if (desk)
        connect(desk, &ActionDesk::duplicateRulesChanged, m_settingsPage, &SettingsPage::refresh);
}

void MainWindow::setOdooClient(odoo::OdooClient *client) {
    m_ctx->client = client;
    refreshCurrentPage();
}

void MainWindow::setHubHealth(HubHealthMonitor *hub) {
    m_ctx->hub = hub;
    refreshCurrentPage();
}

void MainWindow::showPage(Page page) {
    m_navigation->setCurrentRow(int(page));
    if (page == Page::OrderDetail && !m_currentOrderId.isEmpty())
        m_orderPage->showOrder(m_currentOrderId);
}

MainWindow::Page MainWindow::currentPage() const {
    return Page(m_pages->currentIndex());
}

void MainWindow::refreshCurrentPage() {
    switch (currentPage()) {
    case Page::Desk:
        break;
    case Page::Exceptions:
        m_shiftPage->refresh();
        break;
    case Page::OrderDetail:
        m_orderPage->refresh();
        break;
    case Page::Holds:
        m_holdsPage->refresh();
        break;
    case Page::Charts:
        m_chartsPage->refresh();
        break;
    case Page::Integration:
        m_integrationPage->refresh();
        break;
    case Page::Audit:
        m_auditPage->refresh();
        break;
    case Page::Settings:
        m_settingsPage->refresh();
        break;
    }
}

QString MainWindow::selectedClusterId() const {
    if (currentPage() == Page::Exceptions && !m_shiftPage->currentClusterId().isEmpty())
        return m_shiftPage->currentClusterId();
    return m_detail->clusterId();
}

QList<CanonicalOrder> MainWindow::clusterOrders(const QString &clusterId) const {
    QList<CanonicalOrder> out;
    if (!m_book || clusterId.isEmpty())
        return out;
    const auto c = m_book->duplicates().cluster(clusterId);
    if (!c)
        return out;
    for (const QString &id : c->members)
        if (const CanonicalOrder *o = m_book->order(id))
            out.append(*o);
    return out;
}

namespace {
OrderRef refOf(const CanonicalOrder &o) {
    return {o.saleOrderId, o.saleOrderName.isEmpty() ? o.source.document : o.saleOrderName,
            o.amountTotal};
}
QList<OrderRef> refsOf(const QList<CanonicalOrder> &orders) {
    QList<OrderRef> out;
    for (const CanonicalOrder &o : orders)
        out.append(refOf(o));
    return out;
}
} // namespace

void MainWindow::updateDeskActions() {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    const auto set = [&](const char *name, ActionKind kind, bool needsCluster) {
        QAction *a = m_deskActions.value(QLatin1String(name));
        QString why;
        if (!desk)
            why = tr("No team store: decisions cannot be recorded.");
        else if (why = desk->refusal(kind); why.isEmpty() && needsCluster && cluster.isEmpty())
            why = tr("Select a duplicate cluster first."); // the role's reason comes first
        a->setEnabled(why.isEmpty());
        a->setToolTip(why.isEmpty() ? a->text().remove(QLatin1Char('&')) : why);
        a->setStatusTip(a->toolTip());
    };
    set("claim", ActionKind::Claim, true);
    set("unclaim", ActionKind::Unclaim, true);
    set("resolve", ActionKind::ResolveCluster, true);
    set("distinct", ActionKind::MarkDistinct, true);
    set("escalate", ActionKind::Escalate, true);
    set("comment", ActionKind::Comment, true);
    set("retry", ActionKind::Comment, false);
    set("abandon", ActionKind::Comment, false);
}

bool MainWindow::reportOutcome(bool ok, const QString &message) {
    m_status->showMessage(message, messageShownMs);
    if (!ok) {
        // A refusal says why and what to do: the planner must see it, not only the status bar.
        QMessageBox::warning(this, tr("Not done"), message);
    }
    updateDeskActions();
    m_pageTimer.start();
    return ok;
}

void MainWindow::resolveCluster() {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    const QList<CanonicalOrder> orders = clusterOrders(cluster);
    if (!desk || orders.size() < 2)
        return;
    // The order picked in the comparison survives; without a pick the oldest does.
    QString keepId = m_detail->clusterId() == cluster ? m_detail->currentOrderId() : QString();
    if (keepId.isEmpty())
        keepId = orders.first().id;
    OrderRef survivor;
    QList<OrderRef> duplicates;
    for (const CanonicalOrder &o : orders) {
        if (o.id == keepId)
            survivor = refOf(o);
        else if (o.isOpen())
            duplicates.append(refOf(o));
    }
    QStringList names;
    for (const OrderRef &r : duplicates)
        names << r.name;
    if (QMessageBox::question(this, tr("Resolve %1").arg(cluster),
                              tr("Keep %1 and cancel %2 in Odoo?")
                                  .arg(survivor.name, QLocale().createSeparatedList(names)),
                              QMessageBox::Yes | QMessageBox::Cancel,
                              QMessageBox::Yes) != QMessageBox::Yes)
        return;
    const ActionDesk::Outcome out = desk->resolveCluster(cluster, survivor, duplicates);
    reportOutcome(out.ok,
                  out.ok ? tr("%1: keeping %2, cancelling %3 (action #%4 queued).")
                               .arg(cluster, survivor.name, QLocale().createSeparatedList(names))
                               .arg(out.actionId)
                         : out.message);
}

void MainWindow::markDistinct() {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    const QList<CanonicalOrder> orders = clusterOrders(cluster);
    if (!desk || orders.size() < 2)
        return;
    bool ok = false;
    const QString reason = QInputDialog::getText(this, tr("Mark %1 distinct").arg(cluster),
                                                 tr("Why are these orders different demands?"),
                                                 QLineEdit::Normal, {}, &ok)
                               .trimmed();
    if (!ok)
        return;
    if (reason.isEmpty()) {
        reportOutcome(false, tr("Give a reason: the next planner needs to know why."));
        return;
    }
    const ActionDesk::Outcome out = desk->markDistinct(cluster, refsOf(orders), reason);
    if (out.ok && m_book) {
        for (qsizetype i = 0; i < orders.size(); ++i)
            for (qsizetype j = i + 1; j < orders.size(); ++j)
                m_book->markDistinct(orders.at(i).id, orders.at(j).id);
    }
    reportOutcome(out.ok, out.ok ? tr("%1 marked distinct.").arg(cluster) : out.message);
}

void MainWindow::escalateCluster() {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    const QList<CanonicalOrder> orders = clusterOrders(cluster);
    if (!desk || orders.isEmpty())
        return;
    bool ok = false;
    const QString reason =
        QInputDialog::getText(this, tr("Escalate %1").arg(cluster),
                              tr("What should the lead decide about %1?").arg(cluster),
                              QLineEdit::Normal, {}, &ok)
            .trimmed();
    if (!ok || reason.isEmpty())
        return;
    const ActionDesk::Outcome out = desk->escalate(cluster, refsOf(orders), reason);
    reportOutcome(out.ok, out.ok ? tr("%1 escalated.").arg(cluster) : out.message);
}

void MainWindow::commentOnCluster() {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    const QList<CanonicalOrder> orders = clusterOrders(cluster);
    if (!desk || orders.isEmpty())
        return;
    const CanonicalOrder *target = &orders.first();
    for (const CanonicalOrder &o : orders)
        if (o.id == m_currentOrderId)
            target = &o;
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Comment on %1").arg(refOf(*target).name));
    dialog.setLabelText(tr("Note for the order's chatter in Odoo:"));
    dialog.setOption(QInputDialog::UsePlainTextEditForTextInput);
    // A note is prose: wrapped at the box's edge (the dialog's own box scrolls sideways).
    if (auto *box = dialog.findChild<QPlainTextEdit *>())
        box->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString text = dialog.textValue().trimmed();
    if (text.isEmpty())
        return;
    const ActionDesk::Outcome out = desk->comment(cluster, refOf(*target), text);
    reportOutcome(out.ok,
                  out.ok ? tr("Comment on %1 queued.").arg(refOf(*target).name) : out.message);
}

void MainWindow::claimCluster(bool claim) {
    ActionDesk *desk = m_ctx->desk;
    const QString cluster = selectedClusterId();
    if (!desk || cluster.isEmpty())
        return;
    const ActionDesk::Outcome out = claim ? desk->claim(cluster) : desk->unclaim(cluster);
    reportOutcome(out.ok, out.ok ? (claim ? tr("%1 is yours.").arg(cluster)
                                          : tr("%1 is free for others.").arg(cluster))
                                 : out.message);
}

void MainWindow::retryAction(bool retry) {
    ActionDesk *desk = m_ctx->desk;
    if (!desk)
        return;
    qint64 id = m_shiftPage->currentActionId();
    if (id == 0) {
        const QList<ActionRecord> failed = desk->actions({ActionState::Failed});
        if (failed.isEmpty()) {
            m_status->showMessage(tr("No failed action to retry or abandon."), messageShownMs);
            return;
        }
        id = failed.first().id;
    }
    if (retry) {
        const ActionDesk::Outcome out = desk->retry(id);
        reportOutcome(out.ok, out.ok ? tr("Action #%1 queued again.").arg(id) : out.message);
        return;
    }
    bool ok = false;
    const QString reason =
        QInputDialog::getText(this, tr("Abandon action #%1").arg(id), tr("Why is it given up?"),
                              QLineEdit::Normal, {}, &ok)
            .trimmed();
    if (!ok || reason.isEmpty())
        return;
    const ActionDesk::Outcome out = desk->abandon(id, reason);
    reportOutcome(out.ok, out.ok ? tr("Action #%1 abandoned.").arg(id) : out.message);
}

void MainWindow::showHandover() {
    m_shiftPage->refresh();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Shift handover"));
    auto *v = new QVBoxLayout(&dialog);
    auto *text = new QPlainTextEdit(m_shiftPage->handoverSummary(), &dialog);
    text->setReadOnly(true);
    text->setAccessibleName(tr("Shift handover summary"));
    v->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    v->addWidget(buttons);
    dialog.resize(640, 420);
    dialog.exec();
}

bool MainWindow::exportClusters(const QString &path, QString *error) const {
    return writeModelCsv(path, *m_clusterProxy, error);
}

bool MainWindow::exportHolds(const QString &path, QString *error) const {
    m_holdsPage->refresh();
    return writeModelCsv(path, *m_holdsPage->model(), error);
}

void MainWindow::exportWithDialog(const QString &title, const QString &name,
                                  const std::function<bool(const QString &, QString *)> &write) {
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // The file's kind follows the suggested name: a PDF report or a CSV table.
    const bool pdf = name.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive);
    const QString path =
        QFileDialog::getSaveFileName(this, title, folder + QLatin1Char('/') + name,
                                     pdf ? tr("PDF files (*.pdf)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (write(path, &error))
        m_status->showMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)), messageShownMs);
    else
        QMessageBox::warning(this, title, error);
}

} // namespace o2c::ui
