// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterListModel.h"
#include "ClusterSortModel.h"
#include "TestOrders.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace o2c;
using o2c::ui::ClusterListModel;

class TestClusterListModel final : public QObject {
    Q_OBJECT

private:
    QHash<QString, CanonicalOrder> m_orders;
    ClusterListModel::OrderLookup lookup() {
        return [this](const QString &id) -> const CanonicalOrder * {
            auto it = m_orders.constFind(id);
            return it == m_orders.cend() ? nullptr : &*it;
        };
    }
    void addOrder(const CanonicalOrder &o) { m_orders.insert(o.id, o); }
    static DuplicateCluster cluster(const QString &id, double score, const QStringList &members,
                                    ClusterKind kind = ClusterKind::Duplicate) {
        DuplicateCluster c;
        c.id = id;
        c.score = score;
        c.members = members;
        c.kind = kind;
        c.summary = QStringLiteral("same customer, same PO");
        return c;
    }
    // One cluster of orders 1 and 2.
    static ClusterDelta firstPair() {
        ClusterDelta d;
        d.changed = {cluster(
            QStringLiteral("C-000001"), 7.5,
            {QStringLiteral("odoo:test:sale.order:1"), QStringLiteral("odoo:test:sale.order:2")})};
        return d;
    }
    static QVariant sortValue(const ClusterListModel &model, int column) {
        return model.index(0, column).data(ClusterListModel::SortRole);
    }

private slots:
    void init() {
        m_orders.clear();
        for (int n = 1; n <= 6; ++n)
            addOrder(testorders::make(n, OrderStage::Confirmed, 100.0 * n, QStringLiteral("Acme")));
    }

    void rowsAppearAfterApplyDelta() {
        ClusterListModel model(lookup());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        ClusterDelta d;
        d.changed = {cluster(QStringLiteral("C-000001"), 7.5,
                             {QStringLiteral("odoo:test:sale.order:1"),
                              QStringLiteral("odoo:test:sale.order:2")}),
                     cluster(QStringLiteral("C-000002"), 9.1,
                             {QStringLiteral("odoo:test:sale.order:3"),
                              QStringLiteral("odoo:test:sale.order:4"),
                              QStringLiteral("odoo:test:sale.order:5")})};
        model.applyDelta(d);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.count(), 1); // one batch, one insertion
        const int row = model.rowOf(QStringLiteral("C-000002"));
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, ClusterListModel::MembersColumn).data().toString(),
                 QStringLiteral("3"));
        QCOMPARE(model.index(row, ClusterListModel::CustomerColumn).data().toString(),
                 QStringLiteral("Acme"));
        // Value at risk: the orders beyond the first (400 + 500).
        QCOMPARE(model.index(row, ClusterListModel::ValueAtRiskColumn)
                     .data(ClusterListModel::SortRole)
                     .toDouble(),
                 900.0);
        QVERIFY(model.index(row, ClusterListModel::ValueAtRiskColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("900")));
    }

    void changedClusterUpdatesInPlace() {
        ClusterListModel model(lookup());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ClusterDelta d = firstPair();
        model.applyDelta(d);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        d.changed.first().members.append(QStringLiteral("odoo:test:sale.order:3"));
        model.applyDelta(d);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(sortValue(model, ClusterListModel::MembersColumn).toInt(), 3);
    }

    // Orders move on through their stages all day without changing what the queue shows: such
    // changes leave the rows alone (no signal, so no repaint of the queue), while a changed total
    // still moves the value at risk.
    void onlyShownChangesReachTheViews() {
        ClusterListModel model(lookup());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ClusterDelta d = firstPair();
        model.applyDelta(d);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);

        m_orders[QStringLiteral("odoo:test:sale.order:2")].stage = OrderStage::Manufacturing;
        model.refreshOrders({QStringLiteral("odoo:test:sale.order:2")});
        model.applyDelta(d); // the same cluster again, as the book sends it after a re-score
        QCOMPARE(changed.count(), 0);
        QCOMPARE(layouts.count(), 0);

        m_orders[QStringLiteral("odoo:test:sale.order:2")].amountTotal = 250.0;
        model.refreshOrders({QStringLiteral("odoo:test:sale.order:2")});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(sortValue(model, ClusterListModel::ValueAtRiskColumn).toDouble(), 250.0);

        d.changed.first().score = 8.5;
        model.applyDelta(d);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(sortValue(model, ClusterListModel::ScoreColumn).toDouble(), 8.5);
    }

    void removedClusterDisappears() {
        ClusterListModel model(lookup());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ClusterDelta d;
        d.changed = {cluster(QStringLiteral("C-000001"), 7.5,
                             {QStringLiteral("odoo:test:sale.order:1"),
                              QStringLiteral("odoo:test:sale.order:2")}),
                     cluster(QStringLiteral("C-000002"), 8.0,
                             {QStringLiteral("odoo:test:sale.order:3"),
                              QStringLiteral("odoo:test:sale.order:4")}),
                     cluster(QStringLiteral("C-000003"), 9.0,
                             {QStringLiteral("odoo:test:sale.order:5"),
                              QStringLiteral("odoo:test:sale.order:6")})};
        model.applyDelta(d);
        ClusterDelta gone;
        gone.removed = {QStringLiteral("C-000002")};
        model.applyDelta(gone);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("C-000002")), -1);
        QVERIFY(!model.cluster(QStringLiteral("C-000002")));
        // The rows after it are still found under their own id.
        const int row = model.rowOf(QStringLiteral("C-000003"));
        QCOMPARE(model.index(row, ClusterListModel::IdColumn).data().toString(),
                 QStringLiteral("C-000003"));
    }

    // A long stream of deltas (new clusters, grown ones, merges that remove one id and bring
    // another, clusters that dissolve, several in a row): the list holds exactly the clusters
    // that exist, each found under its own id with its latest members, neighbouring removals go
    // as one run, and a cluster selected in a sorted view above stays selected while others come
    // and go.
    // The desk's sorted view over the queue follows every delta: always in order, the selected
    // cluster still selected, every cluster found under its id.
    void streamOfDeltasKeepsEveryClusterFindable_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("descending");
        QTest::newRow("value at risk, highest first")
            << int(ClusterListModel::ValueAtRiskColumn) << true;
        QTest::newRow("score") << int(ClusterListModel::ScoreColumn) << false;
        QTest::newRow("orders, most first") << int(ClusterListModel::MembersColumn) << true;
        QTest::newRow("age") << int(ClusterListModel::AgeColumn) << false;
        QTest::newRow("cluster, last first") << int(ClusterListModel::IdColumn) << true;
    }
    void streamOfDeltasKeepsEveryClusterFindable() {
        QFETCH(int, column);
        QFETCH(bool, descending);
        for (int n = 7; n <= 400; ++n) {
            CanonicalOrder o =
                testorders::make(n, OrderStage::Confirmed, 10.0 * (n % 37), QStringLiteral("Acme"));
            o.createdAt = QDateTime(QDate(2024, 5, 1), QTime(8, 0), Qt::UTC).addSecs(60 * (n % 50));
            addOrder(o);
        }
        ClusterListModel model(lookup());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::ClusterSortModel sorted;
        sorted.setSourceModel(&model);
        QAbstractItemModelTester sortedTester(
            &sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
        sorted.sort(column, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
        // In order: each row's value is not past the next one's, ties by cluster id.
        const auto inOrder = [&]() -> QString {
            for (int r = 0; r + 1 < sorted.rowCount(); ++r) {
                const QModelIndex a = sorted.index(r, column), b = sorted.index(r + 1, column);
                const QPartialOrdering c = QVariant::compare(a.data(ClusterListModel::SortRole),
                                                             b.data(ClusterListModel::SortRole));
                const bool tie = c == QPartialOrdering::Equivalent;
                const bool wrong =
                    descending ? c == QPartialOrdering::Less : c == QPartialOrdering::Greater;
                const QString idA = a.data(ClusterListModel::ClusterIdRole).toString();
                const QString idB = b.data(ClusterListModel::ClusterIdRole).toString();
                if (wrong || (tie && column != ClusterListModel::IdColumn && idA > idB))
                    return QStringLiteral("rows %1 and %2 (%3, %4) out of order")
                        .arg(r)
                        .arg(r + 1)
                        .arg(idA, idB);
            }
            return {};
        };
        QItemSelectionModel selection(&sorted);
        QRandomGenerator random(7);
        QMap<QString, QStringList> live; // what exists: cluster id -> members
        int nextId = 1;
        const auto member = [&] {
            return QStringLiteral("odoo:test:sale.order:%1").arg(1 + random.bounded(400));
        };
        const auto make = [&](const QString &id, const QStringList &members) {
            return cluster(id, 5.0 + random.bounded(5), members);
        };
        QString picked;
        for (int round = 0; round < 200; ++round) {
            ClusterDelta d;
            const QStringList ids = live.keys();
            const int added = int(random.bounded(6));
            for (int k = 0; k < added; ++k) {
                const QString id = QStringLiteral("C-%1").arg(nextId++, 6, 10, QLatin1Char('0'));
                live.insert(id, {member(), member()});
                d.changed.append(make(id, live.value(id)));
            }
            QSet<QString> touched;
            for (int k = 0; k < 4 && !ids.isEmpty(); ++k) {
                const QString id = ids.at(int(random.bounded(ids.size())));
                if (id == picked || touched.contains(id))
                    continue;
                touched.insert(id);
                switch (random.bounded(3)) {
                case 0: { // grows in place
                    live[id].append(member());
                    d.changed.append(make(id, live.value(id)));
                    break;
                }
                case 1: { // merged into a new cluster
                    const QString merged =
                        QStringLiteral("C-%1").arg(nextId++, 6, 10, QLatin1Char('0'));
                    live.insert(merged, live.take(id) << member());
                    d.removed.append(id);
                    d.changed.append(make(merged, live.value(merged)));
                    break;
                }
                default: // dissolves
                    live.remove(id);
                    d.removed.append(id);
                    break;
                }
            }
            model.applyDelta(d);
            QCOMPARE(model.rowCount(), live.size());
            QCOMPARE(sorted.rowCount(), live.size());
            const QString order = inOrder();
            QVERIFY2(order.isEmpty(), qPrintable(order));
            for (auto it = live.cbegin(); it != live.cend(); ++it) {
                const int row = model.rowOf(it.key());
                QVERIFY2(row >= 0, qPrintable(it.key()));
                QCOMPARE(model.clusterAt(row)->id, it.key());
                QCOMPARE(model.clusterAt(row)->members, it.value());
            }
            for (const QString &id : std::as_const(d.removed))
                if (!live.contains(id))
                    QCOMPARE(model.rowOf(id), -1);
            if (!picked.isEmpty()) {
                const QModelIndex current = selection.currentIndex();
                QCOMPARE(current.data(ClusterListModel::ClusterIdRole).toString(), picked);
                QVERIFY(selection.isRowSelected(current.row(), {}));
            } else if (model.rowCount() > 20) {
                const QModelIndex at = sorted.index(int(random.bounded(sorted.rowCount())), 0);
                picked = at.data(ClusterListModel::ClusterIdRole).toString();
                selection.setCurrentIndex(at, QItemSelectionModel::ClearAndSelect |
                                                  QItemSelectionModel::Rows);
            }
        }
        QVERIFY(live.size() > 100);

        // Neighbouring clusters that dissolve together leave as one run of rows.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        ClusterDelta three;
        int start = 10; // three neighbours, none of them the selected cluster
        while (model.rowOf(picked) >= start && model.rowOf(picked) < start + 3)
            start += 3;
        for (int row = start; row < start + 3; ++row)
            three.removed.append(model.clusterAt(row)->id);
        const QString after = model.clusterAt(start + 3)->id;
        model.applyDelta(three);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), start);
        QCOMPARE(removed.at(0).at(2).toInt(), start + 2);
        QCOMPARE(model.rowOf(after), start);
        for (const QString &id : std::as_const(three.removed))
            live.remove(id);

        // A sweep of many scattered clusters (every other row): one layout change, the others
        // still found under their ids, the selection kept.
        QSignalSpy layouts(&model, &QAbstractItemModel::layoutChanged);
        removed.clear();
        ClusterDelta sweep;
        for (int row = 0; row < model.rowCount(); row += 2) {
            const QString id = model.clusterAt(row)->id;
            if (id == picked)
                continue;
            sweep.removed.append(id);
            live.remove(id);
        }
        QVERIFY(sweep.removed.size() > 40);
        model.applyDelta(sweep);
        QCOMPARE(layouts.count(), 1);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(model.rowCount(), live.size());
        QCOMPARE(sorted.rowCount(), live.size());
        for (auto it = live.cbegin(); it != live.cend(); ++it) {
            const int row = model.rowOf(it.key());
            QVERIFY2(row >= 0, qPrintable(it.key()));
            QCOMPARE(model.clusterAt(row)->id, it.key());
        }
        QCOMPARE(selection.currentIndex().data(ClusterListModel::ClusterIdRole).toString(), picked);
        QVERIFY(selection.isRowSelected(selection.currentIndex().row(), {}));
        const QString order = inOrder();
        QVERIFY2(order.isEmpty(), qPrintable(order));
        // Every order's total changes: the rows move to their new places.
        for (auto &o : m_orders)
            o.amountTotal = double((o.saleOrderId * 7919) % 1000);
        model.refreshOrders(m_orders.keys());
        const QString moved = inOrder();
        QVERIFY2(moved.isEmpty(), qPrintable(moved));
        QCOMPARE(selection.currentIndex().data(ClusterListModel::ClusterIdRole).toString(), picked);
    }

    void sortsByRawValue_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("ascending");
        // Scores 10.0 > 9.5 > 2.0: as text "10.0" would sort before "2.0".
        QTest::newRow("score") << int(ClusterListModel::ScoreColumn)
                               << QStringList{QStringLiteral("C-3"), QStringLiteral("C-2"),
                                              QStringLiteral("C-1")};
        QTest::newRow("value at risk")
            << int(ClusterListModel::ValueAtRiskColumn)
            << QStringList{QStringLiteral("C-1"), QStringLiteral("C-3"), QStringLiteral("C-2")};
        QTest::newRow("age") << int(ClusterListModel::AgeColumn)
                             << QStringList{QStringLiteral("C-2"), QStringLiteral("C-3"),
                                            QStringLiteral("C-1")};
    }
    void sortsByRawValue() {
        QFETCH(int, column);
        QFETCH(QStringList, ascending);
        addOrder(testorders::make(10, OrderStage::Confirmed, 50, QStringLiteral("Acme")));
        m_orders[QStringLiteral("odoo:test:sale.order:2")].amountTotal = 20;   // C-1 at risk: 20
        m_orders[QStringLiteral("odoo:test:sale.order:4")].amountTotal = 1000; // C-2: 1000
        m_orders[QStringLiteral("odoo:test:sale.order:6")].amountTotal = 300;  // C-3: 300
        m_orders[QStringLiteral("odoo:test:sale.order:2")].createdAt =
            QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC);
        m_orders[QStringLiteral("odoo:test:sale.order:4")].createdAt =
            QDateTime(QDate(2024, 5, 3), QTime(9, 0), Qt::UTC);
        m_orders[QStringLiteral("odoo:test:sale.order:6")].createdAt =
            QDateTime(QDate(2024, 5, 2), QTime(9, 0), Qt::UTC);
        ClusterListModel model(lookup());
        model.setClock([] { return QDateTime(QDate(2024, 5, 10), QTime(9, 0), Qt::UTC); });
        ClusterDelta d;
        d.changed = {cluster(QStringLiteral("C-1"), 10.0,
                             {QStringLiteral("odoo:test:sale.order:1"),
                              QStringLiteral("odoo:test:sale.order:2")}),
                     cluster(QStringLiteral("C-2"), 9.5,
                             {QStringLiteral("odoo:test:sale.order:3"),
                              QStringLiteral("odoo:test:sale.order:4")}),
                     cluster(QStringLiteral("C-3"), 2.0,
                             {QStringLiteral("odoo:test:sale.order:5"),
                              QStringLiteral("odoo:test:sale.order:6")})};
        model.applyDelta(d);
        ui::ClusterSortModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(column, Qt::AscendingOrder);
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids << proxy.index(r, ClusterListModel::IdColumn).data().toString();
        QCOMPARE(ids, ascending);
    }

    void amendmentPutsNothingAtRisk() {
        ClusterListModel model(lookup());
        ClusterDelta d;
        d.changed = {cluster(
            QStringLiteral("C-9"), 5,
            {QStringLiteral("odoo:test:sale.order:1"), QStringLiteral("odoo:test:sale.order:2")},
            ClusterKind::Amendment)};
        model.applyDelta(d);
        QCOMPARE(model.index(0, ClusterListModel::ValueAtRiskColumn)
                     .data(ClusterListModel::SortRole)
                     .toDouble(),
                 0.0);
        QCOMPARE(model.index(0, ClusterListModel::KindColumn).data().toString(),
                 QStringLiteral("Amendment"));
    }
};

QTEST_GUILESS_MAIN(TestClusterListModel)
#include "tst_cluster_list_model.moc"
