// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderTableModel.h"
#include "TestOrders.h"
#include "flow/OrderBook.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace o2c;
using o2c::ui::OrderTableModel;

class TestOrderTableModel final : public QObject {
    Q_OBJECT

private slots:
    void rowsAppearAfterUpsert() {
        OrderBook book;
        OrderTableModel model(&book);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<CanonicalOrder> batch;
        for (int n = 1; n <= 50; ++n)
            batch.append(testorders::make(n, OrderStage::Confirmed, 10.0 * n));
        book.upsert(batch);
        QCOMPARE(model.rowCount(), 50);
        QCOMPARE(inserted.count(), 1); // the batch arrives as one insertion
        const int row = model.rowOf(QStringLiteral("odoo:test:sale.order:7"));
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, OrderTableModel::NameColumn).data().toString(),
                 QStringLiteral("S00007"));
        QCOMPARE(model.index(row, OrderTableModel::StageColumn).data().toString(),
                 QStringLiteral("Confirmed"));
        QCOMPARE(model.index(row, OrderTableModel::TotalColumn)
                     .data(OrderTableModel::SortRole)
                     .toDouble(),
                 70.0);
    }

    void changedOrdersGiveOneDataChangedPerBatch() {
        OrderBook book;
        QList<CanonicalOrder> batch;
        for (int n = 1; n <= 10; ++n)
            batch.append(testorders::make(n, OrderStage::Confirmed, 10.0 * n));
        book.upsert(batch);
        OrderTableModel model(&book);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 10); // what the book held before the model existed
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (auto &o : batch)
            o.stage = OrderStage::Shipped;
        book.upsert(batch);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.index(3, OrderTableModel::StageColumn).data().toString(),
                 QStringLiteral("Shipped"));
    }

    void removedOrdersDisappear() {
        OrderBook book;
        QList<CanonicalOrder> batch;
        for (int n = 1; n <= 6; ++n)
            batch.append(testorders::make(n, OrderStage::Quotation, n));
        book.upsert(batch);
        OrderTableModel model(&book);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        book.remove({QStringLiteral("odoo:test:sale.order:2"),
                     QStringLiteral("odoo:test:sale.order:3"),
                     QStringLiteral("odoo:test:sale.order:5")});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.rowOf(QStringLiteral("odoo:test:sale.order:3")), -1);
        const int row = model.rowOf(QStringLiteral("odoo:test:sale.order:6"));
        QCOMPARE(model.index(row, OrderTableModel::NameColumn).data().toString(),
                 QStringLiteral("S00006"));
    }

    void sortsByRawValue_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascending");
        QTest::newRow("total") << int(OrderTableModel::TotalColumn)
                               << QStringList{QStringLiteral("S00002"), QStringLiteral("S00003"),
                                              QStringLiteral("S00001")};
        QTest::newRow("stage") << int(OrderTableModel::StageColumn)
                               << QStringList{QStringLiteral("S00003"), QStringLiteral("S00001"),
                                              QStringLiteral("S00002")};
        QTest::newRow("created") << int(OrderTableModel::CreatedColumn)
                                 << QStringList{QStringLiteral("S00001"), QStringLiteral("S00002"),
                                                QStringLiteral("S00003")};
    }
    void sortsByRawValue() {
        QFETCH(int, column);
        QFETCH(QStringList, ascending);
        OrderBook book;
        // 1000 < 200 < 90 as text; stage Manufacturing (2) > Quotation (0) as number, not as name.
        book.upsert({testorders::make(1, OrderStage::Confirmed, 1000),
                     testorders::make(2, OrderStage::Manufacturing, 90),
                     testorders::make(3, OrderStage::Quotation, 200)});
        OrderTableModel model(&book);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(OrderTableModel::SortRole);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(column, Qt::AscendingOrder);
        QStringList names;
        for (int r = 0; r < proxy.rowCount(); ++r)
            names << proxy.index(r, OrderTableModel::NameColumn).data().toString();
        QCOMPARE(names, ascending);
    }

    void clusterColumnFollowsDeltas() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Confirmed, 10),
                     testorders::make(2, OrderStage::Confirmed, 10)});
        OrderTableModel model(&book);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        DuplicateCluster c;
        c.id = QStringLiteral("C-000042");
        c.members = {QStringLiteral("odoo:test:sale.order:1"),
                     QStringLiteral("odoo:test:sale.order:2")};
        model.applyClusterDelta({{c}, {}, {}});
        const int row = model.rowOf(QStringLiteral("odoo:test:sale.order:2"));
        QCOMPARE(model.index(row, OrderTableModel::ClusterColumn).data().toString(),
                 QStringLiteral("C-000042"));
        model.applyClusterDelta({{}, {QStringLiteral("C-000042")}, {}});
        QVERIFY(model.index(row, OrderTableModel::ClusterColumn).data().toString().isEmpty());
    }

    void heldOrdersAreMarked() {
        OrderBook book;
        CanonicalOrder held = testorders::make(1, OrderStage::Quotation, 10);
        held.tags = {QStringLiteral("HOLD")};
        book.upsert({held, testorders::make(2, OrderStage::Confirmed, 10)});
        OrderTableModel model(&book);
        const int heldRow = model.rowOf(held.id);
        const int freeRow = model.rowOf(QStringLiteral("odoo:test:sale.order:2"));
        QVERIFY(model.index(heldRow, 0).data(OrderTableModel::HeldRole).toBool());
        QVERIFY(
            !model.index(heldRow, OrderTableModel::NameColumn).data(Qt::DecorationRole).isNull());
        QVERIFY(
            model.index(freeRow, OrderTableModel::NameColumn).data(Qt::DecorationRole).isNull());
        QVERIFY(model.index(heldRow, OrderTableModel::HeldColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("Held")));
        // The hold service's answer shows before the next sync.
        model.setHeldOverride(QStringLiteral("odoo:test:sale.order:2"), true);
        QVERIFY(model.isHeld(QStringLiteral("odoo:test:sale.order:2")));
        model.setPending(QStringLiteral("odoo:test:sale.order:2"), true);
        QVERIFY(model.index(freeRow, OrderTableModel::HeldColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("Working")));
    }
};

QTEST_MAIN(TestOrderTableModel)
#include "tst_order_table_model.moc"
