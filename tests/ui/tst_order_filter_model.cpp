// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFilterModel.h"
#include "OrderTableModel.h"
#include "TestOrders.h"
#include "flow/OrderBook.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace o2c;
using o2c::ui::OrderFilterModel;
using o2c::ui::OrderTableModel;

namespace {

QList<CanonicalOrder> orders(int from, int to) {
    QList<CanonicalOrder> r;
    for (int n = from; n <= to; ++n) {
        const QString customer = n % 3 == 0 ? QStringLiteral("Müller GmbH %1").arg(n % 7)
                                            : QStringLiteral("Dupont SARL %1").arg(n % 5);
        r.append(testorders::make(n, OrderStage(n % 8), 10.0 * (n % 17), customer));
    }
    return r;
}

// What the list must show: every accepted order, in sort order (ties in the order the table got
// them), by brute force.
QStringList expected(const OrderBook &book, const OrderTableModel &model, const QString &text,
                     int stage, bool byTotalDesc) {
    QList<const CanonicalOrder *> all = book.orders();
    std::sort(all.begin(), all.end(),
              [&](auto *a, auto *b) { return model.rowOf(a->id) < model.rowOf(b->id); });
    if (byTotalDesc)
        std::stable_sort(all.begin(), all.end(),
                         [](auto *a, auto *b) { return a->amountTotal > b->amountTotal; });
    QStringList ids;
    for (const CanonicalOrder *o : all) {
        if (stage >= 0 && int(o->stage) != stage)
            continue;
        const bool hit = o->customer.name.contains(text, Qt::CaseInsensitive) ||
                         o->saleOrderName.contains(text, Qt::CaseInsensitive) ||
                         o->customerRef.contains(text, Qt::CaseInsensitive);
        if (!text.isEmpty() && !hit)
            continue;
        ids << o->id;
    }
    return ids;
}

QStringList shown(const QAbstractItemModel &m) {
    QStringList ids;
    for (int r = 0; r < m.rowCount(); ++r)
        ids << m.index(r, 0).data(OrderTableModel::OrderIdRole).toString();
    return ids;
}

} // namespace

class TestOrderFilterModel final : public QObject {
    Q_OBJECT

private slots:
    void filtersCaseInsensitivelyAcrossFields_data() {
        QTest::addColumn<int>("asyncThreshold");
        QTest::newRow("on the GUI thread") << 1000000;
        QTest::newRow("on a worker thread") << 0;
    }
    void filtersCaseInsensitivelyAcrossFields() {
        QFETCH(int, asyncThreshold);
        OrderBook book;
        book.upsert(orders(1, 300));
        OrderTableModel model(&book);
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(asyncThreshold);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::TotalColumn, Qt::DescendingOrder);
        proxy.settle();
        QCOMPARE(shown(proxy), expected(book, model, {}, -1, true));
        proxy.setFilterFixedString(QStringLiteral("MÜLLER"));
        proxy.settle();
        QCOMPARE(proxy.rowCount(), 100);
        QCOMPARE(shown(proxy), expected(book, model, QStringLiteral("müller"), -1, true));
        proxy.setStage(int(OrderStage::Shipped));
        proxy.settle();
        QCOMPARE(shown(proxy),
                 expected(book, model, QStringLiteral("müller"), int(OrderStage::Shipped), true));
        proxy.setFilterFixedString(QStringLiteral("s00012"));
        proxy.setStage(-1);
        proxy.settle();
        QCOMPARE(shown(proxy), expected(book, model, QStringLiteral("S00012"), -1, true));
        QVERIFY(proxy.rowCount() >= 1);
    }

    void streamedChangesKeepTheSelectionAndTheOrder() {
        OrderBook book;
        book.upsert(orders(1, 400));
        OrderTableModel model(&book);
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(0); // the large-list path: worker thread, batched changes
        proxy.setBatchInterval(1);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::TotalColumn, Qt::DescendingOrder);
        proxy.setFilterFixedString(QStringLiteral("gmbh"));
        proxy.settle();
        QTableView view;
        view.setModel(&proxy);
        view.show();
        const QString picked = proxy.index(5, 0).data(OrderTableModel::OrderIdRole).toString();
        view.setCurrentIndex(proxy.index(5, 0));
        QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);

        // New orders, orders whose total moves them, orders that leave the filter.
        QList<CanonicalOrder> changed = orders(401, 430);
        for (int n = 1; n <= 60; n += 3) {
            CanonicalOrder o = *book.order(QStringLiteral("odoo:test:sale.order:%1").arg(n));
            if (o.id == picked)
                continue;
            o.amountTotal += 55;
            if (n % 2)
                o.customer.name = QStringLiteral("Nowak Sp. z o.o.");
            changed.append(o);
        }
        book.upsert(changed);
        QTRY_VERIFY(!proxy.isBusy());
        proxy.settle();
        QCOMPARE(shown(proxy), expected(book, model, QStringLiteral("gmbh"), -1, true));
        QCOMPARE(resets.count(), 0); // rows inserted and removed, never a reset
        QCOMPARE(view.currentIndex().data(OrderTableModel::OrderIdRole).toString(), picked);
        QCOMPARE(view.verticalHeader()->count(), proxy.rowCount());
    }

    void removedOrdersLeaveTheList() {
        OrderBook book;
        book.upsert(orders(1, 50));
        OrderTableModel model(&book);
        OrderFilterModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::CreatedColumn, Qt::DescendingOrder);
        book.remove(
            {QStringLiteral("odoo:test:sale.order:3"), QStringLiteral("odoo:test:sale.order:9")});
        proxy.settle();
        QCOMPARE(proxy.rowCount(), 48);
        QVERIFY(!shown(proxy).contains(QStringLiteral("odoo:test:sale.order:9")));
        QCOMPARE(shown(proxy).first(), QStringLiteral("odoo:test:sale.order:50"));
        proxy.setFilterFixedString(QStringLiteral("S00010"));
        QCOMPARE(shown(proxy), QStringList{QStringLiteral("odoo:test:sale.order:10")});
    }
};

QTEST_MAIN(TestOrderFilterModel)
#include "tst_order_filter_model.moc"
