// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditLogPage.h"
#include "HoldsPage.h"
#include "IdentityGraphWidget.h"
#include "IntegrationHealthPage.h"
#include "IntegrationLog.h"
#include "MainWindow.h"
#include "OrderDetailPage.h"
#include "ShiftQueuePage.h"
#include "SupervisorChartsPage.h"
#include "SwimLaneTimeline.h"
#include "TestOrders.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"
#include "store/Store.h"

#include <QAction>
#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QListWidgetItem>
#include <QSortFilterProxyModel>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <QValueAxis>
#include <algorithm>

using namespace o2c;
using o2c::ui::MainWindow;

// The screens behind the main window's navigation, each opened with orders that hold a
// duplicate pair, a held order and a full order-to-cash history.
class TestScreens final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<ActionDesk> m_desk;
    std::unique_ptr<OrderBook> m_book;

    static odoo::ConnectionProfile profile() {
        odoo::ConnectionProfile p;
        p.name = QStringLiteral("Test");
        p.url = QUrl(QStringLiteral("https://odoo.example"));
        p.database = QStringLiteral("db");
        p.login = QStringLiteral("planner");
        return p;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_screens"));
    }

    void init() {
        StoreConfig config;
        QString error;
        QVERIFY(StoreConfig::parse(
            QStringLiteral("sqlite:") +
                m_dir.filePath(QString::number(QDateTime::currentMSecsSinceEpoch()) +
                               QStringLiteral(".db")),
            &config, &error));
        m_store = Store::open(config, &error);
        QVERIFY2(m_store, qPrintable(error));
        m_desk = std::make_unique<ActionDesk>(
            *m_store,
            ActionDesk::actorFor(*m_store, QStringLiteral("os"), QStringLiteral("planner"), 2));
        m_book = std::make_unique<OrderBook>();
        CanonicalOrder first = testorders::make(1, OrderStage::Confirmed, 1200,
                                                QStringLiteral("Acme"), QStringLiteral("PO-77"));
        CanonicalOrder second = first;
        second.id = QStringLiteral("odoo:test:sale.order:2");
        second.saleOrderId = 2;
        second.saleOrderName = QStringLiteral("S00002");
        second.channel = Channel::Portal;
        second.createdAt = first.createdAt.addSecs(600);
        CanonicalOrder held = testorders::make(3, OrderStage::Quotation, 500);
        held.tags = {QStringLiteral("HOLD")};
        CanonicalOrder history = testorders::make(4, OrderStage::Paid, 800);
        history.events = {
            {OrderEventType::QuoteCreated, OrderSystem::Sales, history.createdAt, {}, {}},
            {OrderEventType::OrderValidated,
             OrderSystem::Sales,
             history.createdAt.addSecs(3600),
             {},
             {}},
            {OrderEventType::Produced,
             OrderSystem::Manufacturing,
             history.createdAt.addSecs(7200),
             {},
             {}},
            {OrderEventType::GoodsShipped,
             OrderSystem::Warehouse,
             history.createdAt.addSecs(9000),
             {},
             {}},
            {OrderEventType::PaymentReconciled,
             OrderSystem::Finance,
             history.createdAt.addSecs(20000),
             {},
             {}}};
        m_book->upsert({first, second, held, history});
        QVERIFY(!m_book->duplicates().clusters().isEmpty());
    }

    void cleanup() {
        m_desk.reset();
        m_store.reset();
        m_book.reset();
    }

    void navigationShortcutsSwitchScreens() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QCOMPARE(w.navigation()->count(), 8);
        for (int i = 7; i >= 0; --i) {
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::AltModifier);
            QTRY_COMPARE(int(w.currentPage()), i);
        }
    }

    void exceptionQueueShowsClaimsAndAudit() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.showPage(MainWindow::Page::Exceptions);
        ui::ShiftQueuePage *page = w.shiftQueuePage();
        QCOMPARE(page->queueModel()->rowCount(), 1);
        QCOMPARE(
            page->queueModel()->index(0, ui::ShiftQueuePage::ClaimedByColumn).data().toString(),
            QStringLiteral("nobody"));
        const QString cluster = page->queueModel()->index(0, 0).data().toString();
        page->setScope(ui::ShiftQueuePage::Scope::Mine);
        QCOMPARE(page->queueModel()->rowCount(), 0);

        page->queueTable()->selectRow(0);
        page->setScope(ui::ShiftQueuePage::Scope::Unassigned);
        page->queueTable()->selectRow(0);
        QVERIFY(w.deskAction(QStringLiteral("claim"))->isEnabled());
        w.deskAction(QStringLiteral("claim"))->trigger();
        page->setScope(ui::ShiftQueuePage::Scope::Mine);
        QCOMPARE(page->queueModel()->rowCount(), 1);
        QCOMPARE(
            page->queueModel()->index(0, ui::ShiftQueuePage::ClaimedByColumn).data().toString(),
            QStringLiteral("planner"));
        QVERIFY(page->handoverSummary().contains(cluster));
        QVERIFY(page->summaryLabel()->text().contains(QStringLiteral("1 mine")));

        w.showPage(MainWindow::Page::Audit);
        QVERIFY(w.auditPage()->filteredModel()->rowCount() >= 1);
        QVERIFY(w.auditPage()->verdictText().contains(QStringLiteral("intact")));
        w.auditPage()->setFilter(QStringLiteral("no such text anywhere"));
        QCOMPARE(w.auditPage()->filteredModel()->rowCount(), 0);
    }

    void chartsAreFilledFromTheBook() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.integrationLog()->record(
            {QDateTime(QDate(2024, 5, 2), QTime(9, 0), Qt::UTC), true, 40, 120, 3, {}});
        w.integrationLog()->record({QDateTime(QDate(2024, 5, 2), QTime(9, 1), Qt::UTC), false, 0, 0,
                                    1, QStringLiteral("timeout")});
        w.showPage(MainWindow::Page::Charts);
        ui::SupervisorChartsPage *charts = w.chartsPage();
        charts->setRange(QDate(2024, 5, 1), QDate(2024, 5, 3));
        QCOMPARE(charts->figures().totalDuplicates(), 1);
        QCOMPARE(charts->figures().duplicatesPerChannel.value(Channel::Portal).at(1), 1);
        QCOMPARE(charts->figures().totalValueAtRisk(), 1200.0);
        QVERIFY(charts->pointCount(ui::SupervisorChartsPage::DuplicatesChart) == 1);
        QCOMPARE(charts->pointCount(ui::SupervisorChartsPage::RateChart), 3);
        QVERIFY(charts->pointCount(ui::SupervisorChartsPage::IntegrationChart) > 0);
        QVERIFY(!charts->chartView(ui::SupervisorChartsPage::ValueChart)->grab().isNull());
    }

    void chartSeriesAreToldApartAndCountsAreWhole() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.integrationLog()->record(
            {QDateTime(QDate(2024, 5, 2), QTime(9, 0), Qt::UTC), true, 40, 120, 3, {}});
        w.showPage(MainWindow::Page::Charts);
        ui::SupervisorChartsPage *charts = w.chartsPage();
        charts->setRange(QDate(2024, 5, 1), QDate(2024, 5, 3));
        QCOMPARE(charts->pointCount(ui::SupervisorChartsPage::DuplicatesChart), 1);
        // Each channel's bars in a colour of their own (the chart theme gave EDI and manual
        // entry near shades of one blue).
        QChart *chart = charts->chartView(ui::SupervisorChartsPage::DuplicatesChart)->chart();
        auto *stacked = qobject_cast<QStackedBarSeries *>(chart->series().value(0));
        QVERIFY(stacked);
        QSet<QRgb> colors;
        for (QBarSet *set : stacked->barSets())
            colors.insert(set->color().rgb());
        QCOMPARE(colors.size(), stacked->count());
        // One duplicate: the count axis reads 0, 1, 2 — never 0.5 of a duplicate.
        auto *counts = qobject_cast<QValueAxis *>(chart->axes(Qt::Vertical).value(0));
        QVERIFY(counts);
        QCOMPARE(counts->labelFormat(), QStringLiteral("%.0f"));
        QCOMPARE(counts->min(), 0.0);
        QCOMPARE(counts->tickCount(), int(counts->max()) + 1);
        QVERIFY(counts->max() >= 1);
        // Money and counts with the language's digit grouping ("60,000").
        QVERIFY(
            charts->chartView(ui::SupervisorChartsPage::ValueChart)->chart()->localizeNumbers());
        // The integration chart's lines differ in colour too.
        QSet<QRgb> lines;
        const QList<QAbstractSeries *> integration =
            charts->chartView(ui::SupervisorChartsPage::IntegrationChart)->chart()->series();
        for (QAbstractSeries *series : integration)
            lines.insert(qobject_cast<QLineSeries *>(series)->pen().color().rgb());
        QCOMPARE(lines.size(), integration.size());
    }

    void emptyPanelsSayWhyTheyAreEmpty() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.showPage(MainWindow::Page::Exceptions);
        ui::ShiftQueuePage *page = w.shiftQueuePage();
        page->refresh();
        // No action waiting or failed: a line says so, no empty table.
        QVERIFY(page->outboxTable()->isHidden());
        QVERIFY(!page->outboxEmptyLabel()->isHidden());
        QVERIFY(page->outboxEmptyLabel()->text().contains(QStringLiteral("No action")));
        // An action waits: the table is back, the line gone.
        const CanonicalOrder *held = m_book->order(QStringLiteral("odoo:test:sale.order:1"));
        QVERIFY(held);
        const ActionDesk::Outcome queued =
            m_desk->hold(m_book->duplicates().clusters().first().id,
                         OrderRef{held->saleOrderId, held->saleOrderName, held->amountTotal},
                         QStringLiteral("check the customer's PO"));
        QVERIFY2(queued.ok, qPrintable(queued.message));
        page->refresh();
        QVERIFY(!page->outboxTable()->isHidden());
        QVERIFY(page->outboxEmptyLabel()->isHidden());
        QCOMPARE(page->outboxTable()->model()->rowCount(), 1);

        // The audit log, before anything was decided, says what will appear in it.
        MainWindow fresh(m_book.get(), nullptr, nullptr, profile());
        QTemporaryDir dir;
        StoreConfig config;
        QString error;
        QVERIFY(StoreConfig::parse(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("e.db")),
                                   &config, &error));
        auto empty = Store::open(config, &error);
        QVERIFY2(empty, qPrintable(error));
        ActionDesk emptyDesk(*empty, ActionDesk::actorFor(*empty, QStringLiteral("os"),
                                                          QStringLiteral("planner"), 2));
        fresh.setTeamDesk(empty.get(), &emptyDesk, nullptr);
        fresh.showPage(MainWindow::Page::Audit);
        QVERIFY2(
            fresh.auditPage()->verdictText().startsWith(QStringLiteral("Nothing recorded yet")),
            qPrintable(fresh.auditPage()->verdictText()));
    }

    void orderDetailShowsLanesAndReferences() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.showPage(MainWindow::Page::OrderDetail);
        QVERIFY(w.orderDetailPage()->showOrder(QStringLiteral("S00004")));
        ui::SwimLaneTimeline *lanes = w.orderDetailPage()->timeline();
        QCOMPARE(lanes->eventCount(OrderSystem::Sales), 2);
        QCOMPARE(lanes->eventCount(OrderSystem::Manufacturing), 1);
        QCOMPARE(lanes->eventCount(OrderSystem::Finance), 1);
        // The time axis says more than where it starts and ends: times between, each once,
        // in order (the history spans five and a half hours of one day).
        lanes->resize(900, lanes->sizeHint().height());
        const QStringList ticks = lanes->axisLabels();
        QVERIFY2(ticks.size() >= 4, qPrintable(ticks.join(QStringLiteral(" | "))));
        QCOMPARE(QSet<QString>(ticks.cbegin(), ticks.cend()).size(), ticks.size());
        const QLocale l;
        for (qsizetype i = 1; i + 1 < ticks.size(); ++i)
            QVERIFY2(l.toTime(ticks.at(i), QLocale::ShortFormat).isValid(),
                     qPrintable(ticks.at(i)));
        QVERIFY(w.orderDetailPage()->showOrder(QStringLiteral("S00002")));
        bool sibling = false;
        for (const auto &n : w.orderDetailPage()->identityGraph()->nodes())
            sibling |= n.alarm && n.label == QStringLiteral("S00001");
        QVERIFY(sibling);
        QVERIFY(!w.orderDetailPage()->showOrder(QStringLiteral("S99999")));
    }

    void orderDetailOffersTheNewestOrdersAndASearch() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.showPage(MainWindow::Page::OrderDetail);
        ui::OrderDetailPage *page = w.orderDetailPage();
        // Before anything is picked: the newest orders, ready to be chosen.
        QCOMPARE(page->matches()->count(), 4);
        QVERIFY(page->matches()->item(0)->text().startsWith(QStringLiteral("S00002")));
        QVERIFY(page->matches()->item(3)->text().startsWith(QStringLiteral("S00001")));
        QVERIFY(page->timeline()->emptyText().contains(QStringLiteral("Pick an order")));
        // By customer, by customer reference.
        page->picker()->setText(QStringLiteral("acme"));
        page->refreshMatches();
        QCOMPARE(page->matches()->count(), 2);
        page->picker()->setText(QStringLiteral("PO-4"));
        QTest::keyClick(page->picker(), Qt::Key_Return);
        QCOMPARE(page->orderId(), QStringLiteral("odoo:test:sale.order:4"));
        QVERIFY(page->headline()->text().startsWith(QStringLiteral("S00004")));
        QCOMPARE(page->timeline()->eventCount(OrderSystem::Finance), 1);
        // Picking from the list shows that order.
        page->picker()->clear();
        page->refreshMatches();
        page->matches()->setCurrentRow(2);
        QCOMPARE(page->orderId(), QStringLiteral("odoo:test:sale.order:3"));
    }

    void queueAndHoldColumnsFitWhatTheyHold() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        const QTableView *queue = w.shiftQueuePage()->queueTable();
        const QFontMetrics fm(queue->font());
        QVERIFY(queue->columnWidth(ui::ShiftQueuePage::SlaColumn) >
                fm.horizontalAdvance(QStringLiteral("breached by 23 h 59 min")));
        QVERIFY(queue->columnWidth(ui::ShiftQueuePage::CustomerColumn) >
                fm.horizontalAdvance(QStringLiteral("A customer name of some")));
        const QTableView *holds = w.holdsPage()->table();
        QVERIFY(!holds->wordWrap());
        QVERIFY(holds->columnWidth(ui::HoldsPage::KindColumn) >
                fm.horizontalAdvance(QStringLiteral("Hard (quotation kept)")));
    }

    void holdsAreListedInTheOrderTheHeaderShows() {
        // Orders tagged HOLD in Odoo arrive in any order; the list follows the header's arrow.
        for (int n : {9, 5, 8, 6, 7}) {
            CanonicalOrder held = testorders::make(n, OrderStage::Quotation, 100.0 * n);
            held.tags = {QStringLiteral("HOLD")};
            m_book->upsert({held});
        }
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.showPage(MainWindow::Page::Holds);
        const QStandardItemModel *holds = w.holdsPage()->model();
        QCOMPARE(holds->rowCount(), 6);
        const QHeaderView *header = w.holdsPage()->table()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), 0);
        QStringList names;
        for (int r = 0; r < holds->rowCount(); ++r)
            names << holds->item(r, 0)->text();
        QStringList sorted = names;
        std::sort(sorted.begin(), sorted.end());
        if (header->sortIndicatorOrder() == Qt::DescendingOrder)
            std::reverse(sorted.begin(), sorted.end());
        QCOMPARE(names, sorted);
        // A changed order holds when the list is filled again.
        w.holdsPage()->table()->sortByColumn(ui::HoldsPage::OrderColumn, Qt::DescendingOrder);
        w.holdsPage()->refresh();
        QCOMPARE(holds->item(0, 0)->text(), QStringLiteral("S00009"));
    }

    void holdsAndIntegrationScreens() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        w.setTeamDesk(m_store.get(), m_desk.get(), nullptr);
        w.showPage(MainWindow::Page::Holds);
        QCOMPARE(w.holdsPage()->model()->rowCount(), 1);
        QCOMPARE(w.holdsPage()->model()->item(0, 0)->text(), QStringLiteral("S00003"));
        w.integrationLog()->record({QDateTime::currentDateTimeUtc(), false, 0, 0, 1,
                                    QStringLiteral("connection refused")});
        w.showPage(MainWindow::Page::Integration);
        QVERIFY(w.integrationPage()->connectionText().contains(QStringLiteral("staging")));
        QVERIFY(w.integrationPage()->errorList()->item(0)->text().contains(
            QStringLiteral("connection refused")));
        // RabbitMQ not configured: the line says how, and no empty queue table is shown.
        QTableWidget *rabbit = w.integrationPage()->rabbitTable();
        QVERIFY(rabbit->isHidden());
        // Every column title is read whole ("Unacknowledged", "Dead-letter queue").
        for (int c = 0; c < rabbit->columnCount() - 1; ++c)
            QVERIFY2(rabbit->columnWidth(c) >
                         rabbit->horizontalHeader()->fontMetrics().horizontalAdvance(
                             rabbit->horizontalHeaderItem(c)->text()),
                     qPrintable(rabbit->horizontalHeaderItem(c)->text()));
    }

    void exportsClustersAndHolds() {
        MainWindow w(m_book.get(), nullptr, nullptr, profile());
        QString error;
        const QString clusters = m_dir.filePath(QStringLiteral("clusters.csv"));
        QVERIFY2(w.exportClusters(clusters, &error), qPrintable(error));
        QFile c(clusters);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(c.readAll());
        QVERIFY(text.contains(m_book->duplicates().clusters().first().id));
        QVERIFY(text.contains(QStringLiteral("Acme")));
        const QString holds = m_dir.filePath(QStringLiteral("holds.csv"));
        QVERIFY2(w.exportHolds(holds, &error), qPrintable(error));
        QFile h(holds);
        QVERIFY(h.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(h.readAll()).contains(QStringLiteral("S00003")));
    }
};

QTEST_MAIN(TestScreens)
#include "tst_screens.moc"
