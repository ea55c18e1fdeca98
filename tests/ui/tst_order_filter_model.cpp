// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFilterModel.h"
#include "OrderSearchKeys.h"
#include "OrderTableModel.h"
#include "TestOrders.h"
#include "flow/OrderBook.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QRandomGenerator>
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

// A larger, varied order list (more than one block of search keys): several customer names with
// umlauts and legal forms, references in several styles.
QList<CanonicalOrder> variedOrders(int from, int to) {
    static const QStringList names = {
        QStringLiteral("Müller Maschinenbau GmbH"), QStringLiteral("Mueller Logistik AG"),
        QStringLiteral("Schmidt Logistik GmbH"),    QStringLiteral("Dupont SARL"),
        QStringLiteral("Nowak Sp. z o.o."),         QStringLiteral("Müller-Lüdenscheidt KG"),
        QStringLiteral("Weber Hydraulik GmbH"),     QStringLiteral("García Industrie S.A.")};
    QList<CanonicalOrder> r;
    for (int n = from; n <= to; ++n) {
        const QString customer =
            QStringLiteral("%1 %2").arg(names.at(n % names.size())).arg(n % 13);
        const QString ref = n % 3 == 0   ? QStringLiteral("PO-%1").arg(n % 5000)
                            : n % 3 == 1 ? QStringLiteral("%1/2025").arg(n % 700)
                                         : QStringLiteral("ORD%1").arg(n, 6, 10, QLatin1Char('0'));
        r.append(testorders::make(n, OrderStage(n % 8), 5.0 * (n % 41), customer, ref));
    }
    return r;
}

void feed(OrderTableModel &model, const QList<CanonicalOrder> &orders) {
    QList<const CanonicalOrder *> ptrs;
    for (const CanonicalOrder &o : orders)
        ptrs.append(&o);
    model.upsertOrders(ptrs);
}

// What a planner sees who pastes the whole query into a list just opened: nothing remembered,
// every row searched.
QStringList pasted(OrderTableModel &model, const QString &text, int stage = -1,
                   int column = OrderTableModel::TotalColumn,
                   Qt::SortOrder order = Qt::DescendingOrder) {
    OrderFilterModel fresh;
    fresh.setSourceModel(&model);
    fresh.sort(column, order);
    fresh.setStage(stage);
    fresh.setFilterFixedString(text);
    fresh.settle();
    return shown(fresh);
}

// The shown rows are in the sort order: totals descending, ties in the order the table got them.
bool sortedByTotalDescending(const OrderFilterModel &proxy, const OrderTableModel &model) {
    for (int r = 1; r < proxy.rowCount(); ++r) {
        const QModelIndex a = proxy.mapToSource(proxy.index(r - 1, 0));
        const QModelIndex b = proxy.mapToSource(proxy.index(r, 0));
        const double ta = model.index(a.row(), OrderTableModel::TotalColumn)
                              .data(OrderTableModel::SortRole)
                              .toDouble();
        const double tb = model.index(b.row(), OrderTableModel::TotalColumn)
                              .data(OrderTableModel::SortRole)
                              .toDouble();
        if (ta < tb || (ta == tb && a.row() > b.row()))
            return false;
    }
    return true;
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

    // Typing a query letter by letter (each step narrows what the previous one kept, or comes
    // from remembered matches) shows exactly what pasting it at once shows, at every step, and
    // backspace widens the list again to what the shorter query shows.
    void typedLetterByLetterShowsWhatPastingShows_data() {
        QTest::addColumn<int>("asyncThreshold");
        QTest::newRow("on the GUI thread") << 1000000;
        QTest::newRow("on worker threads") << 0;
    }
    void typedLetterByLetterShowsWhatPastingShows() {
        QFETCH(int, asyncThreshold);
        OrderTableModel model(nullptr);
        feed(model, variedOrders(1, 12000));
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(asyncThreshold);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::TotalColumn, Qt::DescendingOrder);
        proxy.settle();
        for (const QString &query : {QStringLiteral("Müller Maschinenbau GmbH 1"),
                                     QStringLiteral("po-12"), QStringLiteral("ord0001")}) {
            for (qsizetype n = 1; n <= query.size(); ++n) {
                proxy.setFilterFixedString(query.left(n));
                proxy.settle();
                QCOMPARE(shown(proxy), pasted(model, query.left(n)));
            }
            QVERIFY(proxy.rowCount() > 0);
            QVERIFY(proxy.rowCount() < 2000);
            QVERIFY(sortedByTotalDescending(proxy, model));
            // Backspace, down to the first letter: the list grows back step by step.
            int before = proxy.rowCount();
            for (qsizetype n = query.size() - 1; n >= 1; --n) {
                proxy.setFilterFixedString(query.left(n));
                proxy.settle();
                QCOMPARE(shown(proxy), pasted(model, query.left(n)));
                QVERIFY(proxy.rowCount() >= before);
                before = proxy.rowCount();
            }
            proxy.setFilterFixedString({});
            proxy.settle();
            QCOMPARE(proxy.rowCount(), 12000);
        }
        // Typed faster than the search: only the last query counts.
        for (const QString &step :
             {QStringLiteral("w"), QStringLiteral("we"), QStringLiteral("web"),
              QStringLiteral("webe"), QStringLiteral("weber h")})
            proxy.setFilterFixedString(step);
        proxy.settle();
        QCOMPARE(shown(proxy), pasted(model, QStringLiteral("weber h")));
        QCOMPARE(proxy.rowCount(), 1500);
    }

    // The stage chosen on the flow board and the sort go with the remembered text: the same rows
    // as a list that searched everything.
    void stageAndSortOnARememberedQuery() {
        OrderTableModel model(nullptr);
        feed(model, variedOrders(1, 12000));
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(0);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::TotalColumn, Qt::DescendingOrder);
        proxy.setFilterFixedString(QStringLiteral("gmbh"));
        proxy.settle();
        for (int stage = 0; stage < 8; ++stage) {
            proxy.setStage(stage);
            proxy.settle();
            QCOMPARE(shown(proxy), pasted(model, QStringLiteral("gmbh"), stage));
            // The GmbHs are customers 0, 2 and 6 of eight, each on the stage of that number.
            QCOMPARE(proxy.rowCount(), stage == 0 || stage == 2 || stage == 6 ? 12000 / 8 : 0);
        }
        proxy.setStage(-1);
        proxy.sort(OrderTableModel::NameColumn, Qt::AscendingOrder);
        proxy.settle();
        QCOMPARE(shown(proxy), pasted(model, QStringLiteral("gmbh"), -1,
                                      OrderTableModel::NameColumn, Qt::AscendingOrder));
        QCOMPARE(proxy.index(0, OrderTableModel::NameColumn).data().toString(),
                 QStringLiteral("S00002")); // order 1 is an AG
    }

    // Orders that change while a query is active (and after it was typed, while backspace would
    // bring back a remembered shorter query) appear and disappear as their new values say.
    void changedRowsFollowTheActiveAndTheRememberedQueries_data() {
        QTest::addColumn<int>("asyncThreshold");
        QTest::newRow("on the GUI thread") << 1000000;
        QTest::newRow("on worker threads") << 0;
    }
    void changedRowsFollowTheActiveAndTheRememberedQueries() {
        QFETCH(int, asyncThreshold);
        QList<CanonicalOrder> all = variedOrders(1, 9000);
        OrderTableModel model(nullptr);
        feed(model, all);
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(asyncThreshold);
        proxy.setBatchInterval(1);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(OrderTableModel::TotalColumn, Qt::DescendingOrder);
        const QString query = QStringLiteral("weber hydraulik");
        for (qsizetype n = 1; n <= query.size(); ++n) {
            proxy.setFilterFixedString(query.left(n));
            proxy.settle();
        }
        const QStringList before = shown(proxy);
        QCOMPARE(before.size(), 9000 / 8);

        // One order becomes Weber's, one of Weber's becomes Nowak's, one new order is Weber's.
        CanonicalOrder joins = all.at(2); // Dupont's (n = 3)
        joins.customer.name = QStringLiteral("Weber Hydraulik GmbH 99");
        CanonicalOrder leaves = all.at(5); // Weber's (n = 6)
        leaves.customer.name = QStringLiteral("Nowak Sp. z o.o. 1");
        QList<CanonicalOrder> fresh = variedOrders(9006, 9006); // Weber's
        fresh.append(joins);
        fresh.append(leaves);
        feed(model, fresh);
        QTRY_VERIFY(!proxy.isBusy());
        proxy.settle();
        QVERIFY(shown(proxy).contains(joins.id));
        QVERIFY(shown(proxy).contains(fresh.first().id));
        QVERIFY(!shown(proxy).contains(leaves.id));
        QCOMPARE(shown(proxy), pasted(model, query));
        QVERIFY(sortedByTotalDescending(proxy, model));

        // Backspace to remembered queries: they know of the changes too.
        for (const QString &shorter : {QStringLiteral("weber"), QStringLiteral("we")}) {
            proxy.setFilterFixedString(shorter);
            proxy.settle();
            QCOMPARE(shown(proxy), pasted(model, shorter));
        }
        QVERIFY(shown(proxy).contains(joins.id));

        // A change that arrives while a search runs is applied after it.
        proxy.setFilterFixedString(QStringLiteral("nowak"));
        CanonicalOrder again = leaves;
        again.customer.name = QStringLiteral("Weber Hydraulik GmbH 7");
        feed(model, {again});
        QTRY_VERIFY(!proxy.isBusy());
        proxy.settle();
        QVERIFY(!shown(proxy).contains(leaves.id));
        QCOMPARE(shown(proxy), pasted(model, QStringLiteral("nowak")));
        proxy.setFilterFixedString(query);
        proxy.settle();
        QVERIFY(shown(proxy).contains(leaves.id));
        QCOMPARE(shown(proxy), pasted(model, query));

        // Removed orders leave every remembered query.
        model.removeOrders({joins.id, all.at(13).id}); // n = 14: Weber's
        proxy.settle();
        QCOMPARE(shown(proxy), pasted(model, query));
        proxy.setFilterFixedString(QStringLiteral("weber"));
        proxy.settle();
        QCOMPARE(shown(proxy), pasted(model, QStringLiteral("weber")));
        QVERIFY(!shown(proxy).contains(joins.id));
    }

    // Random streams of new, changed and removed orders folded in batch after batch, under each
    // sort column and order, with a text, a stage, or both: after every batch the list shows what
    // a list filtered and sorted from scratch shows, a selected order that did not change stays
    // selected, and only a removal resets the list.
    void randomStreamsFoldLikeAFreshFilter_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("stage");
        for (int column = -1; column < OrderTableModel::ColumnCount; ++column) {
            const QByteArray name = column < 0 ? QByteArray("unsorted")
                                               : QByteArray("column ") + QByteArray::number(column);
            QTest::newRow(QByteArray(name + ", ascending, a text").constData())
                << column << int(Qt::AscendingOrder) << QStringLiteral("gmbh") << -1;
            QTest::newRow(QByteArray(name + ", descending, a text and a stage").constData())
                << column << int(Qt::DescendingOrder) << QStringLiteral("müller")
                << (column + 8) % 8;
            QTest::newRow(QByteArray(name + ", descending, a stage").constData())
                << column << int(Qt::DescendingOrder) << QString() << 2;
        }
        // New orders of one stage all go to the same place among the others (crowding one gap
        // between two rows' labels until the rows around it are relabelled).
        QTest::newRow("by stage, nothing filtered, the new orders in one place")
            << int(OrderTableModel::StageColumn) << int(Qt::AscendingOrder) << QString() << -1;
    }
    void randomStreamsFoldLikeAFreshFilter() {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, text);
        QFETCH(int, stage);
        QRandomGenerator random(quint32(1000 + column * 31 + order * 7 + stage + text.size()));
        const bool crowded = column == OrderTableModel::StageColumn && text.isEmpty() && stage < 0;
        QHash<QString, CanonicalOrder> live;
        QStringList ids;
        for (const CanonicalOrder &o : variedOrders(1, 2500)) {
            live.insert(o.id, o);
            ids.append(o.id);
        }
        OrderTableModel model(nullptr);
        feed(model, live.values());
        OrderFilterModel proxy;
        proxy.setAsyncThreshold(0); // the large-list path: batched changes, filters on a worker
        proxy.setBatchInterval(1);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(column, Qt::SortOrder(order));
        proxy.setStage(stage);
        proxy.setFilterFixedString(text);
        proxy.settle();
        QTableView view;
        view.setSelectionBehavior(QAbstractItemView::SelectRows);
        view.setModel(&proxy);
        view.show();
        QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
        static const QStringList names = {
            QStringLiteral("Müller Maschinenbau GmbH 3"), QStringLiteral("Schmidt Logistik GmbH 1"),
            QStringLiteral("Dupont SARL 2"), QStringLiteral("Müller-Lüdenscheidt KG 9"),
            QStringLiteral("Nowak Sp. z o.o. 4")};
        int next = 2501;
        for (int round = 0; round < 16; ++round) {
            // The planner has an order selected that this batch does not touch.
            QString picked;
            if (proxy.rowCount() > 0) {
                const int row = int(random.bounded(proxy.rowCount()));
                picked = proxy.index(row, 0).data(OrderTableModel::OrderIdRole).toString();
                view.selectionModel()->setCurrentIndex(proxy.index(row, 0),
                                                       QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
            }
            const bool removing = !crowded && round % 6 == 5;
            for (int part = 0; part < 2; ++part) { // two source batches folded together
                QList<CanonicalOrder> batch;
                const int fresh = crowded ? 25 : int(random.bounded(12));
                for (const CanonicalOrder &o : variedOrders(next, next + fresh - 1)) {
                    CanonicalOrder n = o;
                    if (crowded)
                        n.stage = OrderStage(2);
                    live.insert(n.id, n);
                    ids.append(n.id);
                    batch.append(n);
                }
                next += fresh;
                const int changes = crowded ? 5 : 10 + int(random.bounded(30));
                for (int c = 0; c < changes; ++c) {
                    const QString &id = ids.at(int(random.bounded(ids.size())));
                    if (id == picked)
                        continue;
                    CanonicalOrder o = live.value(id);
                    switch (random.bounded(5)) {
                    case 0:
                        o.stage = OrderStage(random.bounded(8));
                        break;
                    case 1:
                        o.amountTotal = 5.0 * random.bounded(60);
                        break;
                    case 2:
                        o.customer.name = names.at(int(random.bounded(names.size())));
                        break;
                    case 3:
                        o.createdAt = o.createdAt.addSecs(60 * (int(random.bounded(400)) - 200));
                        break;
                    default:
                        o.customerRef = QStringLiteral("PO-%1").arg(random.bounded(9000));
                        break;
                    }
                    live.insert(id, o);
                    batch.append(o);
                }
                feed(model, batch);
            }
            if (removing) {
                QStringList gone;
                for (int k = 0; k < 3; ++k) {
                    const qsizetype at = random.bounded(ids.size());
                    if (ids.at(at) == picked)
                        continue;
                    gone.append(ids.at(at));
                    live.remove(ids.at(at));
                    ids.removeAt(at);
                }
                model.removeOrders(gone);
            }
            QTRY_VERIFY(!proxy.isBusy());
            proxy.settle();
            QCOMPARE(shown(proxy), pasted(model, text, stage, column, Qt::SortOrder(order)));
            QCOMPARE(view.verticalHeader()->count(), proxy.rowCount());
            if (!removing) {
                QCOMPARE(resets.count(), 0);
                if (!picked.isEmpty()) {
                    QCOMPARE(view.currentIndex().data(OrderTableModel::OrderIdRole).toString(),
                             picked);
                    QVERIFY(view.selectionModel()->isRowSelected(view.currentIndex().row()));
                }
            }
            resets.clear();
            for (int r = 0; r < proxy.rowCount(); r += 97) { // the way back from the source
                const QModelIndex source = proxy.mapToSource(proxy.index(r, 0));
                QCOMPARE(proxy.mapFromSource(source).row(), r);
            }
        }
    }

    // The packed keys against a plain search of each key: across blocks, after keys were replaced
    // (old bytes left behind until packed) and rows removed, for letters, digits, umlauts and
    // misses.
    void searchKeysFindWhatAPlainSearchFinds() {
        o2c::ui::OrderSearchKeys keys;
        QList<QByteArray> plain;
        for (int r = 0; r < 30000; ++r) {
            const QByteArray key = QStringLiteral("s%1\x1f müller gmbh %2\x1fpo-%3")
                                       .arg(r, 6, 10, QLatin1Char('0'))
                                       .arg(r % 97)
                                       .arg(r % 1000)
                                       .toUtf8();
            keys.append(key);
            plain.append(key);
        }
        for (int r = 0; r < 30000; r += 7) {
            const QByteArray key = QStringLiteral("s%1\x1fnowak sp. z o.o.\x1fzz%2")
                                       .arg(r, 6, 10, QLatin1Char('0'))
                                       .arg(r % 10)
                                       .toUtf8();
            keys.set(r, key);
            plain[r] = key;
        }
        // Rows removed one at a time and in runs, from the middle and the ends: the rows below
        // move up, and the removed rows' keys match nothing.
        QRandomGenerator dice(7);
        for (int i = 0; i < 400; ++i) {
            const int count = i % 10 == 0 ? 1 + int(dice.bounded(20)) : 1;
            const int first = int(dice.bounded(plain.size() - count));
            keys.remove(first, count);
            plain.remove(first, count);
        }
        keys.remove(0, 1);
        plain.remove(0, 1);
        keys.remove(plain.size() - 1, 1);
        plain.removeLast();
        QCOMPARE(keys.size(), plain.size());
        QVERIFY(keys.blockCount() > 1);
        for (const char *needle : {"m", "7", "ü", "müller gmbh 9", "s0299", "po-999", "zz3", "zz",
                                   "nowak sp", "gmbh 96\x1fpo", "o.o.\x1fzz", "xq", "99\x1es0"}) {
            std::vector<char> hit;
            keys.match(needle, hit);
            int expectedHits = 0;
            for (int r = 0; r < plain.size(); ++r) {
                const bool want = plain.at(r).contains(needle);
                expectedHits += want;
                QVERIFY2(bool(hit[size_t(r)]) == want,
                         qPrintable(
                             QStringLiteral("%1 in row %2").arg(QString::fromUtf8(needle)).arg(r)));
                const o2c::ui::OrderSearchKeys::Query q(keys, needle);
                QCOMPARE(keys.contains(r, q), want);
            }
            if (QByteArray(needle) == "xq" || QByteArray(needle) == "99\x1es0")
                QCOMPARE(expectedHits, 0); // no match spans two keys
            else
                QVERIFY(expectedHits > 0);
        }
    }
};

QTEST_MAIN(TestOrderFilterModel)
#include "tst_order_filter_model.moc"
