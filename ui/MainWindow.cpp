// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ClusterComparisonModel.h"
#include "ClusterDetailView.h"
#include "ClusterListModel.h"
#include "CockpitColors.h"
#include "CockpitStatusBar.h"
#include "DisplayText.h"
#include "FlowBoardWidget.h"
#include "FlowStageTile.h"
#include "HoldReasonDialog.h"
#include "KeyboardShortcutsDialog.h"
#include "OrderFilterModel.h"
#include "OrderTableModel.h"
#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
#include "odoo/OdooSync.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int countsDelayMs = 200;
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

// Column widths from what the columns typically hold (never measured over the rows: the table
// may hold a million), and at least the header with its sort arrow.
void fitColumns(QTableView *table, const QStringList &samples) {
    const QFontMetrics fm(table->font());
    QFont headerFont = table->horizontalHeader()->font();
    headerFont.setBold(true);
    const QFontMetrics hfm(headerFont);
    const int padding = fm.horizontalAdvance(QLatin1Char('M')) + 8;
    for (int c = 0; c < samples.size(); ++c) {
        const QString header = table->model()->headerData(c, Qt::Horizontal).toString();
        const int w = std::max(fm.horizontalAdvance(samples.at(c)) + padding,
                               hfm.horizontalAdvance(header) + padding + 16);
        table->setColumnWidth(c, w);
    }
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
    , m_profile(profile) {
    setWindowTitle(profile.production ? tr("O2C Cockpit — %1 (PRODUCTION)").arg(profile.name)
                                      : tr("O2C Cockpit — %1").arg(profile.name));
    setObjectName(QStringLiteral("MainWindow"));

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    if (profile.production) {
        // A red line along the top: production is never mistaken for staging at a glance.
        auto *strip = new QWidget(central);
        strip->setFixedHeight(3);
        strip->setAutoFillBackground(true);
        QPalette pal = strip->palette();
        pal.setColor(QPalette::Window, productionColor());
        strip->setPalette(pal);
        layout->addWidget(strip);
    }
    m_flowBoard = new FlowBoardWidget(book, central);
    layout->addWidget(m_flowBoard);

    // The duplicate work (queue beside the compared orders) above, every order below it at full
    // width so its columns have room.
    m_mainSplitter = new QSplitter(Qt::Vertical, central);
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
    layout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);

    m_status = new CockpitStatusBar(this);
    m_status->setProfile(profile);
    setStatusBar(m_status);

    buildActions();
    buildMenus();
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

    m_countsTimer.setSingleShot(true);
    m_countsTimer.setInterval(countsDelayMs);
    connect(&m_countsTimer, &QTimer::timeout, this, &MainWindow::refreshCounts);
    m_agesTimer.setInterval(agesIntervalMs);
    connect(&m_agesTimer, &QTimer::timeout, m_clusterModel, &ClusterListModel::refreshAges);
    m_agesTimer.start();

    wireBook();
    wireSync();
    wireHolds();
    refreshCounts();
    updateActions();
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
    m_clusterProxy = new QSortFilterProxyModel(this);
    m_clusterProxy->setSourceModel(m_clusterModel);
    m_clusterProxy->setSortRole(ClusterListModel::SortRole);
    m_clusterTable = makeTable(panel, tr("Duplicate clusters"));
    m_clusterTable->setModel(m_clusterProxy);
    m_clusterTable->sortByColumn(ClusterListModel::ScoreColumn, Qt::DescendingOrder);
    fitColumns(m_clusterTable,
               {QStringLiteral("C-000000"), clusterKindTitle(ClusterKind::Duplicate),
                QStringLiteral("99.9"), QStringLiteral("99"), QStringLiteral("Customer name of"),
                formatMoney(999999, QStringLiteral("EUR")), formatAge(23 * 3600 + 59 * 60)});
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
    fitColumns(m_orderTable,
               // The held icon sits beside the order name.
               {QStringLiteral("S000000MMM"), channelTitle(Channel::Manual),
                QStringLiteral("A customer name of some length"), QStringLiteral("PO-0000000"),
                formatMoney(999999, QStringLiteral("EUR")), stageTitle(OrderStage::Manufacturing),
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
    add(view, tr("&Show all stages"), {}, [this] { m_flowBoard->selectStage(-1); });

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

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    add(help, tr("&Keyboard shortcuts"), {QKeySequence(Qt::Key_F1)},
        &MainWindow::showKeyboardShortcuts);
    add(help, tr("&About O2C Cockpit"), {}, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
}

void MainWindow::wireBook() {
    if (!m_book)
        return;
    connect(m_book, &OrderBook::clustersChanged, this, &MainWindow::onClustersChanged);
    connect(m_book, &OrderBook::ordersChanged, this, &MainWindow::onOrdersChanged);
    connect(m_book, &OrderBook::ordersRemoved, this, [this] { m_countsTimer.start(); });
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
    m_clusterModel->applyDelta(delta);
    m_countsTimer.start();
    const QString shown = m_detail->clusterId();
    if (shown.isEmpty()) {
        // Nothing picked yet: put the top of the queue in front of the planner, without taking
        // the focus from wherever they are typing.
        if (!m_clusterTable->selectionModel()->hasSelection() &&
            m_clusterTable->model()->rowCount() > 0)
            m_clusterTable->selectRow(0);
        return;
    }
    if (delta.removed.contains(shown)) {
        m_detail->clear();
        return;
    }
    for (const DuplicateCluster &c : delta.changed)
        if (c.id == shown)
            showSelectedCluster();
}

void MainWindow::onOrdersChanged(const QStringList &ids) {
    m_clusterModel->refreshOrders(ids);
    if (!m_countsTimer.isActive())
        m_countsTimer.start();
    // The shown cluster's orders changed: show their new state.
    const QList<CanonicalOrder> &shown = m_detail->comparisonModel()->orders();
    if (std::any_of(shown.cbegin(), shown.cend(),
                    [&](const CanonicalOrder &o) { return ids.contains(o.id); }))
        showSelectedCluster();
    updateActions();
}

void MainWindow::setBusinessClock(std::function<QDateTime()> clock) {
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
    const bool canHold = m_holds && o && !busy && !held && productionAhead(*o);
    const bool canRelease = m_holds && o && !busy && held;
    m_holdAction->setEnabled(canHold);
    m_releaseAction->setEnabled(canRelease);

    // Say why an action is unavailable: a disabled button alone leaves the planner guessing.
    QString holdTip, releaseTip;
    if (!m_holds) {
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
    }
    m_holdAction->setToolTip(holdTip);
    m_holdAction->setStatusTip(holdTip);
    m_releaseAction->setToolTip(releaseTip);
    m_releaseAction->setStatusTip(releaseTip);
}

void MainWindow::holdCurrentOrder() {
    if (!m_holdAction->isEnabled() || !m_holds)
        return;
    const QString id = m_currentOrderId;
    const QString name = orderName(id);
    const std::optional<QString> reason = HoldReasonDialog::ask(name, this);
    if (!reason || !m_holds)
        return;
    m_pending.insert(id, PendingAction::Hold);
    m_orderModel->setPending(id, true);
    m_status->showMessage(tr("Holding manufacturing for %1…").arg(name));
    updateActions();
    m_holds->hold(id, *reason);
}

void MainWindow::releaseCurrentOrder() {
    if (!m_releaseAction->isEnabled() || !m_holds)
        return;
    const QString id = m_currentOrderId;
    const QString name = orderName(id);
    const auto answer = QMessageBox::question(
        this, tr("Release hold"),
        tr("Release the hold on %1? Manufacturing demand, reservation and procurement will "
           "proceed from it again.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
    if (answer != QMessageBox::Yes || !m_holds)
        return;
    m_pending.insert(id, PendingAction::Release);
    m_orderModel->setPending(id, true);
    m_status->showMessage(tr("Releasing the hold on %1…").arg(name));
    updateActions();
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

} // namespace o2c::ui
