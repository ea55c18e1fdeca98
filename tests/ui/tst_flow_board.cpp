// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlowBoardWidget.h"
#include "FlowStageTile.h"
#include "TestOrders.h"

#include <QSignalSpy>
#include <QTest>

using namespace o2c;
using o2c::ui::FlowBoardWidget;

class TestFlowBoard final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void countsAndValuesPerStage() {
        OrderBook book;
        FlowBoardWidget board(&book);
        board.setCurrency(QStringLiteral("USD"));
        book.upsert({testorders::make(1, OrderStage::Quotation, 100),
                     testorders::make(2, OrderStage::Quotation, 250.5),
                     testorders::make(3, OrderStage::Manufacturing, 1000),
                     testorders::make(4, OrderStage::Shipped, 40),
                     testorders::make(5, OrderStage::Shipped, 60),
                     testorders::make(6, OrderStage::Shipped, 12000)});
        // Coalesced: nothing moves until the short timer fires.
        QCOMPARE(board.tile(OrderStage::Quotation)->count(), 0);
        QTRY_COMPARE(board.tile(OrderStage::Quotation)->count(), 2);
        QCOMPARE(board.tile(OrderStage::Quotation)->value(), 350.5);
        QCOMPARE(board.tile(OrderStage::Manufacturing)->count(), 1);
        QCOMPARE(board.tile(OrderStage::Shipped)->count(), 3);
        QCOMPARE(board.tile(OrderStage::Shipped)->valueText(), QStringLiteral("$12,100"));
        QCOMPARE(board.tile(OrderStage::Paid)->count(), 0);
        // The first figures are no news: no change marks yet.
        QVERIFY(!board.tile(OrderStage::Shipped)->showsChange());
        QVERIFY(
            board.tile(OrderStage::Shipped)->accessibleName().contains(QStringLiteral("3 orders")));
    }

    void aMovedFigureIsMarked() {
        OrderBook book;
        book.upsert({testorders::make(1, OrderStage::Quotation, 100),
                     testorders::make(2, OrderStage::Confirmed, 100)});
        FlowBoardWidget board(&book);
        QCOMPARE(board.tile(OrderStage::Quotation)->count(), 1);
        QVERIFY(!board.tile(OrderStage::Quotation)->showsChange());
        book.upsert({testorders::make(1, OrderStage::Confirmed, 100)}); // the quote was accepted
        QTRY_COMPARE(board.tile(OrderStage::Confirmed)->count(), 2);
        QCOMPARE(board.tile(OrderStage::Quotation)->count(), 0);
        QVERIFY(board.tile(OrderStage::Quotation)->showsChange());
        QVERIFY(board.tile(OrderStage::Confirmed)->showsChange());
        QVERIFY(!board.tile(OrderStage::Paid)->showsChange());
    }

    void manyBatchesGiveOneRecount() {
        OrderBook book;
        FlowBoardWidget board(&book);
        for (int n = 1; n <= 30; ++n)
            book.upsert({testorders::make(n, OrderStage::Confirmed, 1)});
        QTRY_COMPARE(board.tile(OrderStage::Confirmed)->count(), 30);
    }

    void clickingAStageFilters() {
        FlowBoardWidget board(nullptr);
        QSignalSpy spy(&board, &FlowBoardWidget::stageFilterChanged);
        QTest::mouseClick(board.tile(OrderStage::Reserved), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), int(OrderStage::Reserved));
        QVERIFY(board.tile(OrderStage::Reserved)->isChecked());
        QTest::mouseClick(board.tile(OrderStage::Paid), Qt::LeftButton);
        QCOMPARE(spy.at(1).at(0).toInt(), int(OrderStage::Paid));
        QVERIFY(!board.tile(OrderStage::Reserved)->isChecked());
        // Clicking the selected stage again shows every stage.
        QTest::mouseClick(board.tile(OrderStage::Paid), Qt::LeftButton);
        QCOMPARE(spy.at(2).at(0).toInt(), -1);
        QCOMPARE(board.selectedStage(), -1);
    }
};

QTEST_MAIN(TestFlowBoard)
#include "tst_flow_board.moc"
