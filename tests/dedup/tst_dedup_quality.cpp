// SPDX-License-Identifier: GPL-3.0-or-later
// Pairwise precision and recall of the duplicate engine on labeled generated demand: every
// duplicate pattern must be found, and no look-alike may be flagged as a duplicate.
#include "dedup/DuplicateEngine.h"
#include "demand/DemandGenerator.h"

#include <QSet>
#include <QTest>

#include <span>
#include <vector>

using namespace o2c;
using namespace o2c::sim;

namespace {

using Pair = QPair<QString, QString>;
Pair pairOf(const QString &a, const QString &b) {
    return a < b ? Pair(a, b) : Pair(b, a);
}

struct Counts {
    int truth = 0, found = 0;       // recall: labeled pairs and those predicted
    int predicted = 0, correct = 0; // precision: predicted pairs attributed to the pattern
};

struct Run {
    QList<GeneratedOrder> orders;
    QHash<QString, qsizetype> indexOf;
    QSet<Pair> duplicatePairs, amendmentPairs, suspectPairs;
    std::unique_ptr<DuplicateEngine> engine;
};

Run runEngine(quint64 seed, int count) {
    Run run;
    DemandMix mix;
    mix.mistypedRecordShare = 0.3; // the hardest re-entries too
    DemandGenerator generator(seed, QDateTime(QDate(2025, 1, 6), QTime(6, 0), Qt::UTC), 40.0, mix);
    run.engine = std::make_unique<DuplicateEngine>();
    DuplicateEngine &engine = *run.engine;
    for (int i = 0; i < count; ++i) {
        run.orders.append(generator.next());
        run.indexOf.insert(run.orders.last().order.id, i);
        engine.ingest(run.orders.last().order);
    }
    for (const DuplicateCluster &c : engine.clusters()) {
        QSet<Pair> *into = c.kind == ClusterKind::Duplicate   ? &run.duplicatePairs
                           : c.kind == ClusterKind::Amendment ? &run.amendmentPairs
                                                              : &run.suspectPairs;
        for (qsizetype i = 0; i < c.members.size(); ++i)
            for (qsizetype j = i + 1; j < c.members.size(); ++j)
                into->insert(pairOf(c.members.at(i), c.members.at(j)));
    }
    return run;
}

} // namespace

class TestDedupQuality final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { m_run = runEngine(2025, 30000); }

    void duplicatePatternsAreFoundPrecisely() {
        // Truth: orders of one demand (same truth group) are duplicates of one another.
        QHash<QString, QStringList> groups;
        for (const GeneratedOrder &g : std::as_const(m_run.orders))
            groups[g.truthGroup].append(g.order.id);
        QSet<Pair> truth;
        for (const QStringList &ids : std::as_const(groups))
            for (qsizetype i = 0; i < ids.size(); ++i)
                for (qsizetype j = i + 1; j < ids.size(); ++j)
                    truth.insert(pairOf(ids.at(i), ids.at(j)));

        QHash<DemandPattern, Counts> per;
        for (const GeneratedOrder &g : std::as_const(m_run.orders)) {
            if (g.relatesTo.isEmpty())
                continue;
            Counts &c = per[g.pattern];
            ++c.truth;
            c.found += m_run.duplicatePairs.contains(pairOf(g.order.id, g.relatesTo));
            if (qEnvironmentVariableIsSet("O2C_DEDUP_DEBUG") && isDuplicatePattern(g.pattern) &&
                !m_run.duplicatePairs.contains(pairOf(g.order.id, g.relatesTo))) {
                const auto a = m_run.engine->assess(g.relatesTo, g.order.id);
                qInfo("MISSED %s %.2f %s", qPrintable(demandPatternKey(g.pattern)), a->score,
                      qPrintable(a->summary));
            }
        }
        // A predicted pair belongs to the pattern of its later order.
        for (const Pair &p : std::as_const(m_run.duplicatePairs)) {
            const GeneratedOrder &a = m_run.orders.at(m_run.indexOf.value(p.first));
            const GeneratedOrder &b = m_run.orders.at(m_run.indexOf.value(p.second));
            const GeneratedOrder &later = a.order.createdAt > b.order.createdAt ? a : b;
            Counts &c = per[later.pattern];
            ++c.predicted;
            c.correct += truth.contains(p);
            if (qEnvironmentVariableIsSet("O2C_DEDUP_DEBUG") && !truth.contains(p)) {
                const auto x = m_run.engine->assess(p.first, p.second);
                qInfo("FALSE %s %.2f %s", qPrintable(demandPatternKey(later.pattern)), x->score,
                      qPrintable(x->summary));
            }
        }
        const int tp = int((m_run.duplicatePairs & truth).size());
        const double precision = double(tp) / std::max<qsizetype>(1, m_run.duplicatePairs.size());
        const double recall = double(tp) / std::max<qsizetype>(1, truth.size());
        const double f1 = 2 * precision * recall / std::max(1e-9, precision + recall);
        qInfo("%d orders, %lld true duplicate pairs, %lld flagged duplicate, %lld amendment, %lld "
              "suspect pairs",
              int(m_run.orders.size()), qsizetype(truth.size()),
              qsizetype(m_run.duplicatePairs.size()), qsizetype(m_run.amendmentPairs.size()),
              qsizetype(m_run.suspectPairs.size()));
        qInfo("overall: precision %.4f recall %.4f F1 %.4f", precision, recall, f1);
        for (auto it = per.cbegin(); it != per.cend(); ++it)
            qInfo("%-30s pairs %5d found as duplicate %5d (%.4f)  flagged %5d correct %5d",
                  qPrintable(demandPatternKey(it.key())), it->truth, it->found,
                  it->truth ? double(it->found) / it->truth : 0.0, it->predicted, it->correct);

        QVERIFY2(f1 >= 0.97, qPrintable(QString::number(f1)));
        QVERIFY(precision >= 0.98);
        for (DemandPattern p :
             {DemandPattern::EdiResend, DemandPattern::ManualReentryOfEdi,
              DemandPattern::PortalDoubleSubmit, DemandPattern::EmailCrmDoubleEntry}) {
            const Counts c = per.value(p);
            QVERIFY2(c.truth > 50, qPrintable(demandPatternKey(p)));
            QVERIFY2(c.found >= 0.95 * c.truth, qPrintable(demandPatternKey(p)));
            QVERIFY2(c.correct >= 0.98 * c.predicted, qPrintable(demandPatternKey(p)));
        }
        // Look-alikes: never a duplicate.
        for (DemandPattern p : {DemandPattern::StandingRepeat, DemandPattern::SplitShipTo,
                                DemandPattern::SameProductsOtherCustomer}) {
            QVERIFY2(per.value(p).truth > 20, qPrintable(demandPatternKey(p)));
            QCOMPARE(per.value(p).found, 0);
        }
    }

    void amendmentsAreToldApart() {
        int total = 0, asAmendment = 0, asDuplicate = 0;
        for (const GeneratedOrder &g : std::as_const(m_run.orders)) {
            if (g.pattern != DemandPattern::Amendment)
                continue;
            ++total;
            const Pair p = pairOf(g.order.id, g.relatesTo);
            asAmendment += m_run.amendmentPairs.contains(p);
            asDuplicate += m_run.duplicatePairs.contains(p);
        }
        qInfo("amendments: %d, reported as amendment %d, as duplicate %d", total, asAmendment,
              asDuplicate);
        QVERIFY(total > 20);
        QVERIFY(asAmendment >= 0.95 * total);
        QCOMPARE(asDuplicate, 0);
    }

    // A batch scan, on one core or on two, must find exactly what adding the orders one at a
    // time finds: the same clusters with the same ids, kinds, scores, members and evidence, and
    // the same ids for the clusters that later orders create.
    void batchScansOnOneOrTwoCoresGiveTheSameClusters() {
        std::vector<CanonicalOrder> batch;
        const qsizetype later = 200; // upserted one by one afterwards
        for (qsizetype i = 0; i < m_run.orders.size() - later; ++i)
            batch.push_back(m_run.orders.at(i).order);
        DuplicateEngine single, oneCore, twoCores;
        for (const CanonicalOrder &o : batch)
            single.ingest(o);
        oneCore.ingest(std::span<const CanonicalOrder>(batch));
        // In uneven parts, so that the second thread prepares while the first one adds.
        const std::span<const CanonicalOrder> all(batch);
        twoCores.ingest(all.first(10000), DuplicateEngine::ScanThreads::Two);
        twoCores.ingest(all.subspan(10000), DuplicateEngine::ScanThreads::Two);

        const QList<DuplicateCluster> expected = single.clusters();
        QVERIFY(expected.size() > 1000);
        QCOMPARE(oneCore.orderCount(), single.orderCount());
        QCOMPARE(twoCores.orderCount(), single.orderCount());
        const auto sameAs = [&](const QList<DuplicateCluster> &got) {
            if (got.size() != expected.size())
                return QStringLiteral("%1 clusters instead of %2")
                    .arg(got.size())
                    .arg(expected.size());
            for (qsizetype i = 0; i < got.size(); ++i)
                if (!(got.at(i) == expected.at(i)))
                    return QStringLiteral("cluster %1 differs: %2 [%3] / %4 [%5]")
                        .arg(i)
                        .arg(got.at(i).id, got.at(i).members.join(u' '), expected.at(i).id,
                             expected.at(i).members.join(u' '));
            return QString();
        };
        QCOMPARE(sameAs(oneCore.clusters()), QString());
        QCOMPARE(sameAs(twoCores.clusters()), QString());

        int deltas = 0;
        for (qsizetype i = m_run.orders.size() - later; i < m_run.orders.size(); ++i) {
            const CanonicalOrder &o = m_run.orders.at(i).order;
            const ClusterDelta d = single.upsert(o);
            deltas += !d.changed.isEmpty();
            QCOMPARE(oneCore.upsert(o).changed, d.changed);
            QCOMPARE(twoCores.upsert(o).changed, d.changed);
        }
        QVERIFY(deltas > 5);
        QVERIFY(twoCores.clusters() == single.clusters());
        QVERIFY(oneCore.clusters() == single.clusters());
    }

    // reserve() sizes every index for the orders to come: loading them grows none (a table that
    // grows on the way is rebuilt, each time into fresh memory, in the middle of the scan).
    void reserveSizesTheIndexesForTheScan() {
        std::vector<CanonicalOrder> batch;
        for (const GeneratedOrder &g : std::as_const(m_run.orders))
            batch.push_back(g.order);
        qsizetype edi = 0;
        for (const CanonicalOrder &o : batch)
            edi += !o.source.edi.isEmpty();
        QVERIFY2(edi > qsizetype(batch.size()) / 10, "the mix holds EDI orders");
        DuplicateEngine engine;
        const qsizetype empty = engine.indexBytes();
        engine.reserve(qsizetype(batch.size()));
        const qsizetype reserved = engine.indexBytes();
        QVERIFY(reserved > empty);
        engine.ingest(std::span<const CanonicalOrder>(batch));
        QCOMPARE(engine.orderCount(), qsizetype(batch.size()));
        QCOMPARE(engine.indexBytes(), reserved);
        // Without reserve() the same load grows the indexes to about the same size.
        DuplicateEngine grown;
        grown.ingest(std::span<const CanonicalOrder>(batch));
        QVERIFY(grown.indexBytes() > empty);
        QVERIFY(grown.clusters() == engine.clusters());
    }

private:
    Run m_run;
};

QTEST_GUILESS_MAIN(TestDedupQuality)
#include "tst_dedup_quality.moc"
