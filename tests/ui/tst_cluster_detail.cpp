// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterComparisonModel.h"
#include "ClusterDetailView.h"
#include "TestOrders.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace o2c;
using o2c::ui::ClusterComparisonModel;
using o2c::ui::ClusterDetailView;

class TestClusterDetail final : public QObject {
    Q_OBJECT

private:
    static QList<CanonicalOrder> twoOrders() {
        CanonicalOrder a = testorders::make(1, OrderStage::Confirmed, 205, QStringLiteral("Acme"),
                                            QStringLiteral("PO-4711"));
        CanonicalOrder b = testorders::make(2, OrderStage::Quotation, 205, QStringLiteral("Acme"),
                                            QStringLiteral("po 4711"));
        b.customer.partnerId = a.customer.partnerId;
        b.channel = Channel::Manual;
        b.lines[1].qty = 25; // WH-200: 20 on the first order, 25 on the second
        return {a, b};
    }
    static DuplicateCluster clusterOf(const QList<CanonicalOrder> &orders) {
        DuplicateCluster c;
        c.id = QStringLiteral("C-000017");
        c.score = 8.4;
        for (const auto &o : orders)
            c.members.append(o.id);
        c.evidence = {{QStringLiteral("reference"),
                       QStringLiteral("same PO after normalization (PO-4711 / po 4711)"), 3.2},
                      {QStringLiteral("lines"), QStringLiteral("1 of 2 lines identical"), -0.7}};
        return c;
    }
    static QString rowLabel(const QAbstractItemModel &m, int row) {
        return m.headerData(row, Qt::Vertical).toString();
    }

private slots:
    void exactlyTheDifferingCellsAreHighlighted() {
        ClusterComparisonModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOrders(twoOrders());
        QCOMPARE(model.columnCount(), 2);
        QCOMPARE(model.rowCount(), int(ClusterComparisonModel::FieldRowCount) + 2); // two SKUs
        QSet<QString> highlighted;
        for (int r = 0; r < model.rowCount(); ++r) {
            for (int c = 0; c < model.columnCount(); ++c) {
                const QModelIndex i = model.index(r, c);
                const bool differs = i.data(ClusterComparisonModel::DifferenceRole).toBool();
                // What the planner sees must match the flag: colour, bold, tooltip.
                QCOMPARE(i.data(Qt::BackgroundRole).isValid(), differs);
                QCOMPARE(i.data(Qt::FontRole).value<QFont>().bold(), differs);
                QCOMPARE(!i.data(Qt::ToolTipRole).toString().isEmpty(), differs);
                if (differs)
                    highlighted.insert(QStringLiteral("%1/%2").arg(rowLabel(model, r)).arg(c));
            }
        }
        const QString wheel = rowLabel(model, ClusterComparisonModel::FieldRowCount + 1);
        QVERIFY(wheel.startsWith(QStringLiteral("WH-200")));
        const QString ref = rowLabel(model, ClusterComparisonModel::ReferenceRow);
        QCOMPARE(highlighted,
                 (QSet<QString>{ref + QStringLiteral("/0"), ref + QStringLiteral("/1"),
                                wheel + QStringLiteral("/0"), wheel + QStringLiteral("/1")}));
        const QString tip = model.index(ClusterComparisonModel::FieldRowCount + 1, 1)
                                .data(Qt::ToolTipRole)
                                .toString();
        QVERIFY2(tip.contains(QStringLiteral("S00001")) && tip.contains(QStringLiteral("S00002")),
                 qPrintable(tip));
        // The references differ in writing only: the tooltip says they are the same PO.
        QVERIFY(model.index(ClusterComparisonModel::ReferenceRow, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("4711")));
    }

    void identicalOrdersHaveNoHighlight() {
        ClusterComparisonModel model;
        QList<CanonicalOrder> orders = twoOrders();
        orders[1].lines = orders[0].lines;
        orders[1].customerRef = orders[0].customerRef;
        model.setOrders(orders);
        QCOMPARE(model.differenceCount(), 0);
    }

    void productMissingOnOneOrderDiffers() {
        ClusterComparisonModel model;
        QList<CanonicalOrder> orders = twoOrders();
        orders[1].lines[1].qty = orders[0].lines[1].qty;
        orders[1].customerRef = orders[0].customerRef;
        orders[1].lines.append(OrderLine{QStringLiteral("BR-300"), 3, QStringLiteral("Brake"), 5,
                                         QStringLiteral("Units"), 9});
        model.setOrders(orders);
        QCOMPARE(model.rowCount(), int(ClusterComparisonModel::FieldRowCount) + 3);
        QCOMPARE(model.differenceCount(), 2);
        const QModelIndex absent = model.index(ClusterComparisonModel::FieldRowCount + 2, 0);
        QVERIFY(absent.data(ClusterComparisonModel::DifferenceRole).toBool());
    }

    void aLineNamesItsProductCodeOnce() {
        // Odoo's line descriptions carry the code already: "[FR-100] Frame", not
        // "FR-100 · [FR-100] Frame"; a description without it is still prefixed.
        QList<CanonicalOrder> orders = twoOrders();
        for (CanonicalOrder &o : orders)
            o.lines[0].description = QStringLiteral("[FR-100] Frame");
        ClusterComparisonModel model;
        model.setOrders(orders);
        QCOMPARE(rowLabel(model, ClusterComparisonModel::FieldRowCount),
                 QStringLiteral("[FR-100] Frame"));
        QCOMPARE(rowLabel(model, ClusterComparisonModel::FieldRowCount + 1),
                 QStringLiteral("WH-200 · Wheel"));
        // An EDI order's lines carry the code alone: the line is named from the other order.
        orders[0].lines[1].description.clear();
        model.setOrders(orders);
        QCOMPARE(rowLabel(model, ClusterComparisonModel::FieldRowCount + 1),
                 QStringLiteral("WH-200 · Wheel"));
    }

    void thirdOrderMarksOnlyTheOddOneOut() {
        ClusterComparisonModel model;
        QList<CanonicalOrder> orders = twoOrders();
        orders[1].customerRef = orders[0].customerRef;
        CanonicalOrder c = orders[0];
        c.id = QStringLiteral("odoo:test:sale.order:3");
        c.saleOrderName = QStringLiteral("S00003");
        orders.append(c);
        model.setOrders(orders);
        const int wheel = ClusterComparisonModel::FieldRowCount + 1;
        QVERIFY(!model.index(wheel, 0).data(ClusterComparisonModel::DifferenceRole).toBool());
        QVERIFY(model.index(wheel, 1).data(ClusterComparisonModel::DifferenceRole).toBool());
        QVERIFY(!model.index(wheel, 2).data(ClusterComparisonModel::DifferenceRole).toBool());
    }

    void viewShowsEvidenceAndPicksAnOrder() {
        ClusterDetailView view;
        QSignalSpy current(&view, &ClusterDetailView::currentOrderChanged);
        const auto orders = twoOrders();
        view.showCluster(clusterOf(orders), orders);
        QCOMPARE(view.clusterId(), QStringLiteral("C-000017"));
        QCOMPARE(view.evidenceList()->topLevelItemCount(), 2);
        QCOMPARE(view.evidenceList()->topLevelItem(0)->text(2), QStringLiteral("+3.2"));
        QCOMPARE(view.evidenceList()->topLevelItem(1)->text(2), QStringLiteral("-0.7"));
        // The newest order (the likely duplicate) is picked first.
        QCOMPARE(view.currentOrderId(), orders.last().id);
        QVERIFY(!current.isEmpty());
        // Its column is tinted; the other is not (no difference on the customer row).
        QCOMPARE(view.comparisonModel()->chosenColumn(), 1);
        QVERIFY(view.comparisonModel()->index(0, 1).data(Qt::BackgroundRole).isValid());
        QVERIFY(!view.comparisonModel()->index(0, 0).data(Qt::BackgroundRole).isValid());
        view.selectOrder(orders.first().id);
        QCOMPARE(current.last().at(0).toString(), orders.first().id);
        // Held orders are marked in their column header.
        view.setHeldOrders({orders.first().id});
        QVERIFY(
            !view.comparisonModel()->headerData(0, Qt::Horizontal, Qt::DecorationRole).isNull());
        QVERIFY(view.comparisonModel()->headerData(1, Qt::Horizontal, Qt::DecorationRole).isNull());
        view.clear();
        QVERIFY(view.currentOrderId().isEmpty());
    }
};

QTEST_MAIN(TestClusterDetail)
#include "tst_cluster_detail.moc"
