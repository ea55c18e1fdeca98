// SPDX-License-Identifier: GPL-3.0-or-later
#include "flow/ClusterDeltaSum.h"

#include <QHash>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace o2c;

namespace {
DuplicateCluster cluster(const QString &id, double score) {
    DuplicateCluster c;
    c.id = id;
    c.score = score;
    c.members = {id + QStringLiteral("-a"), id + QStringLiteral("-b")};
    return c;
}

// What a screen holding the clusters makes of a delta.
void applyTo(QHash<QString, DuplicateCluster> &shown, const ClusterDelta &d) {
    for (const QString &id : d.removed)
        shown.remove(id);
    for (const QString &id : d.expired)
        shown.remove(id);
    for (const DuplicateCluster &c : d.changed)
        shown.insert(c.id, c);
}
} // namespace

class TestClusterDeltaSum final : public QObject {
    Q_OBJECT
private slots:
    void aChangeTwiceComesOnceInItsLatestForm() {
        ClusterDeltaSum sum;
        ClusterDelta a, b;
        a.changed = {cluster(QStringLiteral("C-1"), 5), cluster(QStringLiteral("C-2"), 6)};
        b.changed = {cluster(QStringLiteral("C-1"), 9)};
        sum.add(std::move(a));
        sum.add(std::move(b));
        const ClusterDelta d = sum.take();
        QCOMPARE(d.changed.size(), 2);
        QCOMPARE(d.changed.at(0).id, QStringLiteral("C-1"));
        QCOMPARE(d.changed.at(0).score, 9.0);
        QVERIFY(d.removed.isEmpty());
        QVERIFY(sum.isEmpty());
        QVERIFY(sum.take().isEmpty());
    }

    void comeAndGoneIsOnlyRemovedAndGoneAndBackIsOnlyChanged() {
        ClusterDeltaSum sum;
        ClusterDelta a, b, c;
        a.changed = {cluster(QStringLiteral("C-1"), 5)};
        a.removed = {QStringLiteral("C-2")};
        b.removed = {QStringLiteral("C-1")};
        b.expired = {QStringLiteral("C-3")};
        c.changed = {cluster(QStringLiteral("C-2"), 7)};
        sum.add(std::move(a));
        sum.add(std::move(b));
        sum.add(std::move(c));
        QVERIFY(!sum.isEmpty());
        const ClusterDelta d = sum.take();
        QCOMPARE(d.changed.size(), 1);
        QCOMPARE(d.changed.first().id, QStringLiteral("C-2"));
        QCOMPARE(d.removed, (QStringList{QStringLiteral("C-1"), QStringLiteral("C-3")}));
        QVERIFY(d.expired.isEmpty()); // an expired cluster leaves the screens as a removed one
    }

    // Any stream of deltas: a screen given their sum ends up holding what it holds after taking
    // them one by one, with no id listed twice.
    void theSumHasTheEffectOfEveryDelta() {
        QRandomGenerator rng(20261201);
        for (int round = 0; round < 200; ++round) {
            QHash<QString, DuplicateCluster> oneByOne, summed;
            for (int i = 0; i < 10; ++i) {
                const QString id = QStringLiteral("C-%1").arg(i);
                oneByOne.insert(id, cluster(id, i));
            }
            summed = oneByOne;
            ClusterDeltaSum sum;
            const int deltas = 1 + int(rng.bounded(8));
            for (int k = 0; k < deltas; ++k) {
                ClusterDelta d;
                const int changes = int(rng.bounded(6));
                for (int j = 0; j < changes; ++j) {
                    const QString id = QStringLiteral("C-%1").arg(rng.bounded(16));
                    switch (rng.bounded(3)) {
                    case 0:
                        d.removed.append(id);
                        break;
                    case 1:
                        d.expired.append(id);
                        break;
                    default:
                        if (std::none_of(d.changed.cbegin(), d.changed.cend(),
                                         [&](const DuplicateCluster &c) { return c.id == id; }))
                            d.changed.append(cluster(id, rng.bounded(100.0)));
                    }
                }
                // Within one delta an id is either changed or removed.
                for (const DuplicateCluster &c : std::as_const(d.changed)) {
                    d.removed.removeAll(c.id);
                    d.expired.removeAll(c.id);
                }
                applyTo(oneByOne, d);
                sum.add(std::move(d));
            }
            const ClusterDelta total = sum.take();
            applyTo(summed, total);
            QCOMPARE(summed, oneByOne);
            QStringList ids = total.removed;
            for (const DuplicateCluster &c : total.changed)
                ids.append(c.id);
            QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
        }
    }
};

QTEST_GUILESS_MAIN(TestClusterDeltaSum)
#include "tst_cluster_delta_sum.moc"
