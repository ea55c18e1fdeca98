// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterDetailView.h"
#include "ClusterListModel.h"
#include "CockpitStatusBar.h"
#include "FlowBoardWidget.h"
#include "FlowStageTile.h"
#include "MainWindow.h"
#include "OrderTableModel.h"
#include "TestOrders.h"
#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace o2c;
using o2c::ui::MainWindow;

class TestMainWindow final : public QObject {
    Q_OBJECT

private:
    static QAction *actionWithKey(const MainWindow &w, const QKeySequence &key) {
        const auto actions = w.shortcutActions();
        for (QAction *a : actions)
            if (a->shortcuts().contains(key))
                return a;
        return nullptr;
    }
    static odoo::ConnectionProfile profile(bool production) {
        odoo::ConnectionProfile p;
        p.name = QStringLiteral("Test");
        p.url = QUrl(QStringLiteral("https://odoo.example"));
        p.database = QStringLiteral("db");
        p.production = production;
        return p;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // window layout goes to a throwaway settings file
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
    }

    void opensWithItsParts() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Quotation, 10),
                     testorders::make(2, OrderStage::Manufacturing, 20)});
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.orderTable()->model()->rowCount(), 2);
        QCOMPARE(w.flowBoard()->tile(OrderStage::Manufacturing)->count(), 1);
        QCOMPARE(w.cockpitStatusBar()->badgeText(), QStringLiteral("STAGING"));
        QVERIFY(w.cockpitStatusBar()->countsText().contains(QStringLiteral("2 orders")));
        QCOMPARE(w.cockpitStatusBar()->connectionText(), QStringLiteral("Offline"));
        QVERIFY(!w.orderTable()->accessibleName().isEmpty());
        QVERIFY(!w.clusterTable()->accessibleName().isEmpty());
        QVERIFY(!w.filterEdit()->accessibleName().isEmpty());
    }

    void productionIsMarked() {
        OrderBook book;
        MainWindow w(&book, nullptr, nullptr, profile(true));
        QCOMPARE(w.cockpitStatusBar()->badgeText(), QStringLiteral("PRODUCTION"));
        QVERIFY(w.windowTitle().contains(QStringLiteral("PRODUCTION")));
    }

    void shortcutsArePresent_data() {
        QTest::addColumn<QKeySequence>("key");
        QTest::newRow("quit") << QKeySequence(Qt::CTRL | Qt::Key_Q);
        QTest::newRow("flow board") << QKeySequence(Qt::CTRL | Qt::Key_1);
        QTest::newRow("orders") << QKeySequence(Qt::CTRL | Qt::Key_2);
        QTest::newRow("clusters") << QKeySequence(Qt::CTRL | Qt::Key_3);
        QTest::newRow("filter") << QKeySequence(Qt::CTRL | Qt::Key_F);
        QTest::newRow("hold") << QKeySequence(Qt::CTRL | Qt::Key_H);
        QTest::newRow("release") << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H);
        QTest::newRow("next cluster") << QKeySequence(Qt::Key_J);
        QTest::newRow("next cluster alt") << QKeySequence(Qt::ALT | Qt::Key_Down);
        QTest::newRow("previous cluster") << QKeySequence(Qt::Key_K);
        QTest::newRow("previous cluster alt") << QKeySequence(Qt::ALT | Qt::Key_Up);
        QTest::newRow("shortcuts help") << QKeySequence(Qt::Key_F1);
    }
    void shortcutsArePresent() {
        QFETCH(QKeySequence, key);
        OrderBook book;
        MainWindow w(&book, nullptr, nullptr, profile(false));
        QVERIFY2(actionWithKey(w, key), qPrintable(key.toString()));
    }

    void shortcutsFocusTheRightView() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Quotation, 10)});
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));

        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w.orderTable()));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w.clusterTable()));
        QTest::keyClick(&w, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(w.filterEdit()));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(),
                     static_cast<QWidget *>(w.flowBoard()->tile(OrderStage::Quotation)));
    }

    void typingJInTheFilterFiltersInsteadOfMoving() {
        OrderBook book;
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.filterEdit()->setFocus();
        QTest::keyClicks(w.filterEdit(), QStringLiteral("jk"));
        QCOMPARE(w.filterEdit()->text(), QStringLiteral("jk"));
    }

    void nextAndPreviousClusterMoveTheSelection() {
        OrderBook book;
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= 4; ++n)
            orders.append(testorders::make(n, OrderStage::Confirmed, 100.0 * n));
        book.upsert(orders);
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        // Clusters fed as the engine would announce them.
        DuplicateCluster a, b;
        a.id = QStringLiteral("C-000001");
        a.score = 9;
        a.members = {orders[0].id, orders[1].id};
        b.id = QStringLiteral("C-000002");
        b.score = 7;
        b.members = {orders[2].id, orders[3].id};
        emit book.clustersChanged({{a, b}, {}, {}});
        QCOMPARE(w.clusterTable()->model()->rowCount(), 2);

        // The top of the queue is put in front of the planner as soon as clusters arrive.
        QCOMPARE(w.clusterDetail()->clusterId(), QStringLiteral("C-000001")); // highest score first
        w.orderTable()->setFocus();
        QTest::keyClick(&w, Qt::Key_J);
        QCOMPARE(w.clusterDetail()->clusterId(), QStringLiteral("C-000002"));
        QTest::keyClick(&w, Qt::Key_K);
        QCOMPARE(w.clusterDetail()->clusterId(), QStringLiteral("C-000001"));
        QTest::keyClick(&w, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(w.clusterDetail()->clusterId(), QStringLiteral("C-000002"));
        // Showing a cluster picks its newest order as the action target.
        QCOMPARE(w.currentOrderId(), orders[3].id);

        // The planner picks an order in the list: a refresh of the shown cluster keeps that target.
        w.orderTable()->setCurrentIndex(w.orderTable()->model()->index(0, 0));
        const QString picked = w.currentOrderId();
        QVERIFY(!picked.isEmpty());
        b.score = 7.5;
        emit book.clustersChanged({{b}, {}, {}});
        // (Changes close behind others reach the queue at the end of its interval.)
        QTRY_COMPARE(w.clusterModel()
                         ->cluster(QStringLiteral("C-000002"))
                         .value_or(DuplicateCluster{})
                         .score,
                     7.5);
        QCOMPARE(w.currentOrderId(), picked);

        // A cluster that disappears leaves the detail; the remaining one takes its place.
        emit book.clustersChanged({{}, {QStringLiteral("C-000002")}, {}});
        QTRY_COMPARE(w.clusterTable()->model()->rowCount(), 1);
        QCOMPARE(w.clusterDetail()->clusterId(), QStringLiteral("C-000001"));
        emit book.clustersChanged({{}, {QStringLiteral("C-000001")}, {}});
        QTRY_VERIFY(w.clusterDetail()->clusterId().isEmpty());
    }

    // Orders stream in by the thousand a second: the queue shows the first change at once, and
    // the changes that follow close behind it together, in one update of the sorted list, within
    // a fraction of a second (each update of it moves rows and repaints the list).
    void aBurstOfChangesReachesTheQueueInOneGo() {
        OrderBook book;
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= 40; ++n)
            orders.append(testorders::make(n, OrderStage::Confirmed, 100.0 * n));
        book.upsert(orders);
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QAbstractItemModel *queue = w.clusterTable()->model();
        QSignalSpy inserted(w.clusterModel(), &QAbstractItemModel::rowsInserted);
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 20; ++i) {
            DuplicateCluster c;
            c.id = QStringLiteral("C-%1").arg(i + 1, 6, 10, QLatin1Char('0'));
            c.score = 5 + i;
            c.members = {orders[2 * i].id, orders[2 * i + 1].id};
            emit book.clustersChanged({{c}, {}, {}});
            if (i == 0)
                QCOMPARE(queue->rowCount(), 1);
        }
        QTRY_COMPARE(queue->rowCount(), 20);
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(inserted.count(), 2); // the first cluster, then the other 19 together
        // Sorted by score, the strongest first.
        QCOMPARE(queue->index(0, 0).data(o2c::ui::ClusterListModel::ClusterIdRole).toString(),
                 QStringLiteral("C-000020"));
    }

    void holdIsDisabledWithoutSelection() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Quotation, 10)});
        MainWindow w(&book, nullptr, nullptr, profile(false));
        QVERIFY(w.currentOrderId().isEmpty());
        QVERIFY(!w.holdAction()->isEnabled());
        QVERIFY(!w.releaseAction()->isEnabled());
        QVERIFY(!w.holdAction()->toolTip().isEmpty()); // says why
        // Selecting an order without a hold service (offline) still leaves them disabled.
        w.orderTable()->setCurrentIndex(w.orderTable()->model()->index(0, 0));
        QCOMPARE(w.currentOrderId(), QStringLiteral("odoo:test:sale.order:1"));
        QVERIFY(!w.holdAction()->isEnabled());
        QVERIFY(w.holdAction()->toolTip().contains(QStringLiteral("Not connected")));
    }

    // The queue is worked by value at risk and age: both come before the customer, whose name
    // takes what width is left, so neither needs a horizontal scroll at the default size.
    void theQueueShowsValueAndAgeBeforeTheCustomer() {
        OrderBook book;
        MainWindow w(&book, nullptr, nullptr, profile(false));
        const QHeaderView *h = w.clusterTable()->horizontalHeader();
        using o2c::ui::ClusterListModel;
        QVERIFY(h->visualIndex(ClusterListModel::ValueAtRiskColumn) <
                h->visualIndex(ClusterListModel::CustomerColumn));
        QVERIFY(h->visualIndex(ClusterListModel::AgeColumn) <
                h->visualIndex(ClusterListModel::CustomerColumn));
    }

    // An order the hub or an intake channel knows but Odoo does not yet (no sale order) has
    // nothing to hold: the action stays off and says where such an order is dealt with.
    void holdIsOffForAnOrderNotInOdooYet() {
        OrderBook book;
        CanonicalOrder intake = testorders::make(2, OrderStage::Quotation, 20);
        intake.saleOrderId = 0;
        intake.saleOrderName.clear();
        intake.id = QStringLiteral("hub:MSG-00000079");
        intake.source.document = QStringLiteral("MSG-00000079");
        book.upsert({testorders::make(1, OrderStage::Quotation, 10), intake});
        MrpHoldService holds(nullptr, &book);
        MainWindow w(&book, nullptr, &holds, profile(false));
        const auto pick = [&](const QString &id) {
            for (int r = 0; r < w.orderTable()->model()->rowCount(); ++r)
                if (w.orderTable()->model()->index(r, 0).data(
                        o2c::ui::OrderTableModel::OrderIdRole) == id)
                    w.orderTable()->setCurrentIndex(w.orderTable()->model()->index(r, 0));
            return w.currentOrderId() == id;
        };
        QVERIFY(pick(QStringLiteral("odoo:test:sale.order:1")));
        QVERIFY(w.holdAction()->isEnabled());
        QVERIFY(pick(intake.id));
        QVERIFY(!w.holdAction()->isEnabled());
        QVERIFY2(w.holdAction()->toolTip().contains(QStringLiteral("not in Odoo yet")),
                 qPrintable(w.holdAction()->toolTip()));
    }

    void clickingAStageFiltersTheOrderList() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Quotation, 10),
                     testorders::make(2, OrderStage::Shipped, 20),
                     testorders::make(3, OrderStage::Shipped, 30)});
        MainWindow w(&book, nullptr, nullptr, profile(false));
        w.show();
        QTest::mouseClick(w.flowBoard()->tile(OrderStage::Shipped), Qt::LeftButton);
        QCOMPARE(w.orderTable()->model()->rowCount(), 2);
        QTest::mouseClick(w.flowBoard()->tile(OrderStage::Shipped), Qt::LeftButton);
        QCOMPARE(w.orderTable()->model()->rowCount(), 3);
        w.filterEdit()->setText(QStringLiteral("S00002"));
        QCOMPARE(w.orderTable()->model()->rowCount(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
