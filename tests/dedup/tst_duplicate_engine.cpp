// SPDX-License-Identifier: GPL-3.0-or-later
#include "dedup/CustomerName.h"
#include "dedup/DuplicateEngine.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace o2c;

namespace {

const QDateTime t0 = QDateTime(QDate(2025, 3, 3), QTime(9, 0), Qt::UTC);

CanonicalOrder order(const QString &id, Channel ch, qint64 partner, const QString &name,
                     const QString &ref, QList<QPair<QString, double>> lines, qint64 minutes,
                     const QString &shipTo = QStringLiteral("Deco Addict, Main St 1, Berlin")) {
    CanonicalOrder o;
    o.id = id;
    o.channel = ch;
    o.customer.partnerId = partner;
    o.customer.name = name;
    o.customerRef = ref;
    for (const auto &[sku, qty] : lines) {
        o.lines.append(OrderLine{sku, 0, QString(), qty, QStringLiteral("Units"), 10.0});
        o.amountTotal += qty * 10.0;
    }
    o.currency = QStringLiteral("EUR");
    o.createdAt = t0.addSecs(minutes * 60);
    o.shipTo = shipTo;
    return o;
}

QList<QPair<QString, double>> twoLines() {
    return {{QStringLiteral("FURN-7800"), 4}, {QStringLiteral("FURN-1118"), 10}};
}

CanonicalOrder ediOrder() {
    CanonicalOrder o =
        order(QStringLiteral("edi:850-1"), Channel::Edi, 104, QStringLiteral("Deco Addict GmbH"),
              QStringLiteral("PO-4711"), twoLines(), 0);
    o.customer.vat = QStringLiteral("DE 123 456 789");
    o.source.edi = {QStringLiteral("DECOADDICT"), QStringLiteral("000000101"),
                    QStringLiteral("101"), QStringLiteral("0001")};
    o.source.payloadHash = QStringLiteral("sha256:aa");
    return o;
}

CanonicalOrder manualReentry() {
    // Typed in again on a second partner record, lines in another order, 1.5 % price drift.
    CanonicalOrder o =
        order(QStringLiteral("manual:SO-88"), Channel::Manual, 140, QStringLiteral("DECO ADDICT"),
              QStringLiteral("po 4711"),
              {{QStringLiteral("FURN-1118"), 10}, {QStringLiteral("FURN-7800"), 4}}, 14);
    o.amountTotal *= 1.015;
    return o;
}

} // namespace

class TestDuplicateEngine final : public QObject {
    Q_OBJECT

private slots:
    void customerNameNormalization_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("gmbh") << QStringLiteral("Deco Addict GmbH") << QStringLiteral("DECOADDICT");
        QTest::newRow("upper") << QStringLiteral("DECO ADDICT") << QStringLiteral("DECOADDICT");
        QTest::newRow("s.a.") << QStringLiteral("Azure Interior S.A.")
                              << QStringLiteral("AZUREINTERIOR");
        QTest::newRow("inc") << QStringLiteral("Gemini Furniture, Inc.")
                             << QStringLiteral("GEMINIFURNITURE");
        QTest::newRow("co kg") << QStringLiteral("Müller GmbH & Co. KG")
                               << QStringLiteral("MULLER");
        QTest::newRow("bv") << QStringLiteral("Lumber B.V.") << QStringLiteral("LUMBER");
        QTest::newRow("empty") << QString() << QString();
    }
    void customerNameNormalization() {
        QFETCH(QString, name);
        QFETCH(QString, normalized);
        QCOMPARE(normalizeCustomerName(name), normalized);
    }

    void manualReentryOfEdiIsOneDuplicateCluster() {
        DuplicateEngine engine;
        QVERIFY(engine.upsert(ediOrder()).isEmpty());
        const ClusterDelta d = engine.upsert(manualReentry());
        QCOMPARE(d.changed.size(), 1);
        const DuplicateCluster &c = d.changed.first();
        QCOMPARE(c.id, QStringLiteral("C-000001"));
        QCOMPARE(c.kind, ClusterKind::Duplicate);
        QCOMPARE(c.members,
                 (QStringList{QStringLiteral("edi:850-1"), QStringLiteral("manual:SO-88")}));
        QVERIFY(c.score >= engine.rules().weights.duplicateThreshold);
        QVERIFY2(
            c.summary.contains(QStringLiteral("same PO after normalization (PO-4711 / po 4711)")),
            qPrintable(c.summary));
        QVERIFY2(c.summary.contains(QStringLiteral("2 of 2 lines identical")),
                 qPrintable(c.summary));
        QVERIFY2(c.summary.contains(QStringLiteral("14 minutes apart")), qPrintable(c.summary));
        QVERIFY2(c.summary.contains(QStringLiteral("EDI and manual entry")), qPrintable(c.summary));
        QVERIFY2(c.summary.contains(QStringLiteral("same customer name without legal form")),
                 qPrintable(c.summary));
        const auto ref =
            std::find_if(c.evidence.cbegin(), c.evidence.cend(),
                         [](const Evidence &e) { return e.signal == QStringLiteral("reference"); });
        QVERIFY(ref != c.evidence.cend());
        QVERIFY(ref->weight > 0);
        QCOMPARE(engine.clusterOf(QStringLiteral("manual:SO-88"))->id, c.id);
        QCOMPARE(engine.cluster(c.id)->members, c.members);
    }

    void addingAMemberKeepsTheClusterId() {
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        const QString id = engine.upsert(manualReentry()).changed.first().id;
        CanonicalOrder resend = ediOrder();
        resend.id = QStringLiteral("edi:850-1-resend");
        resend.createdAt = resend.createdAt.addSecs(3600);
        const ClusterDelta d = engine.upsert(resend);
        QCOMPARE(d.changed.size(), 1);
        QCOMPARE(d.changed.first().id, id);
        QCOMPARE(d.changed.first().members.size(), 3);
        QVERIFY(d.removed.isEmpty());
        QCOMPARE(engine.clusters().size(), 1);
    }

    void lineSplitInTwoHalvesStillMatches() {
        DuplicateEngine engine;
        engine.upsert(order(QStringLiteral("portal:1"), Channel::Portal, 7,
                            QStringLiteral("Ready Mat"), QString(),
                            {{QStringLiteral("A"), 10}, {QStringLiteral("B"), 2}}, 0));
        const ClusterDelta d = engine.upsert(order(
            QStringLiteral("portal:2"), Channel::Portal, 7, QStringLiteral("Ready Mat"), QString(),
            {{QStringLiteral("B"), 2}, {QStringLiteral("A"), 5}, {QStringLiteral("A"), 5}}, 3));
        QCOMPARE(d.changed.size(), 1);
        QCOMPARE(d.changed.first().kind, ClusterKind::Duplicate);
        QVERIFY2(d.changed.first().summary.contains(QStringLiteral("line split")),
                 qPrintable(d.changed.first().summary));
    }

    void lookAlikesAreNotDuplicates_data() {
        QTest::addColumn<CanonicalOrder>("first");
        QTest::addColumn<CanonicalOrder>("second");
        const auto base =
            order(QStringLiteral("crm:1"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                  QStringLiteral("W-100"), twoLines(), 0);
        QTest::newRow("standing repeat next week")
            << base
            << order(QStringLiteral("crm:2"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                     QStringLiteral("W-101"), twoLines(), 7 * 24 * 60);
        QTest::newRow("split across ship-to sites")
            << base
            << order(QStringLiteral("crm:3"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                     QStringLiteral("W-100"), {{QStringLiteral("DESK-1"), 2}}, 5,
                     QStringLiteral("Wood Corner, Plant 2, Lyon"));
        QTest::newRow("other customer, same products, same time")
            << base
            << order(QStringLiteral("crm:4"), Channel::Crm, 11, QStringLiteral("Gemini Furniture"),
                     QStringLiteral("W-100"), twoLines(), 1);
        QTest::newRow("both references empty, different products")
            << order(QStringLiteral("crm:5"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                     QString(), twoLines(), 0)
            << order(QStringLiteral("crm:6"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                     QString(), {{QStringLiteral("DESK-1"), 2}}, 10);
    }
    void lookAlikesAreNotDuplicates() {
        QFETCH(CanonicalOrder, first);
        QFETCH(CanonicalOrder, second);
        DuplicateEngine engine;
        engine.upsert(first);
        const ClusterDelta d = engine.upsert(second);
        QVERIFY2(d.isEmpty(), d.isEmpty() ? "" : qPrintable(d.changed.first().summary));
        QVERIFY(engine.clusters().isEmpty());
    }

    void amendmentIsToldApart() {
        DuplicateEngine engine;
        engine.upsert(order(QStringLiteral("email:1"), Channel::Email, 9,
                            QStringLiteral("Wood Corner"), QStringLiteral("W-200"), twoLines(), 0));
        const ClusterDelta d = engine.upsert(
            order(QStringLiteral("email:2"), Channel::Email, 9, QStringLiteral("Wood Corner"),
                  QStringLiteral("W-200"),
                  {{QStringLiteral("FURN-7800"), 6}, {QStringLiteral("FURN-1118"), 10}}, 26 * 60));
        QCOMPARE(d.changed.size(), 1);
        QCOMPARE(d.changed.first().kind, ClusterKind::Amendment);
        QCOMPARE(clusterKindKey(d.changed.first().kind), QStringLiteral("amendment"));
    }

    void distinctDecisionHoldsUntilAnOrderChanges() {
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        const QString id = engine.upsert(manualReentry()).changed.first().id;
        const ClusterDelta d =
            engine.markDistinct(QStringLiteral("edi:850-1"), QStringLiteral("manual:SO-88"));
        QCOMPARE(d.removed, QStringList{id});
        QVERIFY(engine.clusters().isEmpty());

        // Unchanged re-sync: still distinct.
        QVERIFY(engine.upsert(manualReentry()).isEmpty());
        QVERIFY(engine.clusters().isEmpty());
        const auto a = engine.assess(QStringLiteral("edi:850-1"), QStringLiteral("manual:SO-88"));
        QVERIFY(a && a->markedDistinct && a->flagged);

        // A changed order is judged again.
        CanonicalOrder changed = manualReentry();
        changed.shipTo = QStringLiteral("Deco Addict, Main St 1, Berlin ");
        changed.requestedDate = QDate(2025, 3, 20);
        changed.customer.vat = QStringLiteral("DE123456789");
        const ClusterDelta again = engine.upsert(changed);
        QCOMPARE(again.changed.size(), 1);
        QVERIFY(again.changed.first().id != id); // a new cluster, not the dismissed one
    }

    void removingAnOrderDissolvesItsPair() {
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        const QString id = engine.upsert(manualReentry()).changed.first().id;
        const ClusterDelta d = engine.remove(QStringLiteral("manual:SO-88"));
        QCOMPARE(d.removed, QStringList{id});
        QCOMPARE(engine.orderCount(), 1);
        QVERIFY(!engine.clusterOf(QStringLiteral("edi:850-1")));
    }

    void cancelledOrderLeavesItsCluster() {
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        engine.upsert(manualReentry());
        CanonicalOrder cancelled = manualReentry();
        cancelled.saleState = QStringLiteral("cancel");
        cancelled.deriveStage();
        QCOMPARE(engine.upsert(cancelled).removed.size(), 1);
        QCOMPARE(engine.orderCount(), 1);
    }

    void unchangedUpsertChangesNothing() {
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        engine.upsert(manualReentry());
        CanonicalOrder synced = manualReentry();
        synced.saleState = QStringLiteral("sale");
        synced.saleOrderName = QStringLiteral("S00042");
        QVERIFY(engine.upsert(synced).isEmpty());
        QCOMPARE(engine.orderCount(), 2);
    }

    void retentionWindowForgetsOldOrders() {
        DuplicateRules rules = DuplicateRules::defaults();
        rules.retentionSecs = 30 * 86400;
        DuplicateEngine engine(rules);
        engine.upsert(ediOrder());
        const QString id = engine.upsert(manualReentry()).changed.first().id;
        CanonicalOrder later =
            order(QStringLiteral("crm:later"), Channel::Crm, 9, QStringLiteral("Wood Corner"),
                  QStringLiteral("X-1"), twoLines(), 31 * 24 * 60);
        const ClusterDelta d = engine.upsert(later);
        QCOMPARE(d.expired, QStringList{id});
        QCOMPARE(engine.orderCount(), 1);
        QVERIFY(engine.clusters().isEmpty());
    }

    void splitClusterKeepsIdForOldestPart() {
        // a-b and b-c linked through b only: removing b leaves two single orders.
        DuplicateEngine engine;
        engine.upsert(ediOrder());
        const QString id = engine.upsert(manualReentry()).changed.first().id;
        CanonicalOrder third = manualReentry();
        third.id = QStringLiteral("manual:SO-89");
        third.createdAt = third.createdAt.addSecs(120);
        QCOMPARE(engine.upsert(third).changed.first().id, id);
        const ClusterDelta d = engine.remove(QStringLiteral("manual:SO-88"));
        QCOMPARE(d.changed.size(), 1);
        QCOMPARE(d.changed.first().id, id);
        QCOMPARE(d.changed.first().members.size(), 2);
    }

    void defaultRulesFileMatchesBuiltIn() {
        QFile f(QStringLiteral(O2C_SOURCE_DIR "/core/dedup/default-rules.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), DuplicateRules::defaultJson());
    }

    void badRulesAreReported() {
        QString error;
        DuplicateRules::fromJson(R"({"weights": {"lines": {"identicle": 3}}})", &error);
        QVERIFY2(error.contains(QStringLiteral("weights.lines.identicle")), qPrintable(error));
        DuplicateRules::fromJson(R"({"thresholds": {"duplicate": 1, "suspect": 2}})", &error);
        QVERIFY(!error.isEmpty());
        DuplicateRules::fromJson("{", &error);
        QVERIFY(error.contains(QStringLiteral("not valid JSON")));
    }

    void customerOverrideChangesTheVerdict() {
        QString error;
        const DuplicateRules rules = DuplicateRules::fromJson(R"({"overrides": [
            {"name": "Deco Addict sends many corrections", "customers": {"names": ["Deco Addict"]},
             "thresholds": {"duplicate": 40, "suspect": 30}}]})",
                                                              &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        DuplicateEngine engine(rules);
        engine.upsert(ediOrder());
        QVERIFY(engine.upsert(manualReentry()).isEmpty());
    }

    void channelOverrideChangesTheVerdict() {
        QString error;
        const DuplicateRules rules = DuplicateRules::fromJson(
            R"({"overrides": [{"channels": ["portal"], "weights": {"time": {"within_hour": -20}}}]})",
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        DuplicateEngine engine(rules);
        engine.upsert(order(QStringLiteral("portal:1"), Channel::Portal, 7,
                            QStringLiteral("Ready Mat"), QStringLiteral("R-1"), twoLines(), 0));
        QVERIFY(
            engine
                .upsert(order(QStringLiteral("portal:2"), Channel::Portal, 7,
                              QStringLiteral("Ready Mat"), QStringLiteral("R-1"), twoLines(), 2))
                .isEmpty());
    }

    void clustersListedWithoutWordsGetThemOnDemand() {
        DuplicateEngine engine;
        engine.ingest(ediOrder());
        engine.ingest(manualReentry());
        engine.ingest(order(QStringLiteral("crm:77"), Channel::Crm, 9, QStringLiteral("Lumber BV"),
                            QStringLiteral("L-5"), {{QStringLiteral("DESK-1"), 1}}, 30));
        const QList<DuplicateCluster> worded = engine.clusters();
        QList<DuplicateCluster> bare = engine.clusters(DuplicateEngine::EvidenceText::Deferred);
        QCOMPARE(bare.size(), 1);
        QCOMPARE(worded.size(), 1);
        DuplicateCluster &c = bare.first();
        QVERIFY(c.evidence.isEmpty());
        QVERIFY(c.summary.isEmpty());
        QCOMPARE(c.id, worded.first().id);
        QCOMPARE(c.members, worded.first().members);
        QCOMPARE(c.kind, ClusterKind::Duplicate);
        QCOMPARE(c.score, worded.first().score);
        QVERIFY(engine.withEvidence(c));
        QCOMPARE(c, worded.first());
        QVERIFY2(c.summary.contains(QStringLiteral("same PO after normalization")),
                 qPrintable(c.summary));
        engine.remove(QStringLiteral("manual:SO-88"));
        DuplicateCluster gone = worded.first();
        QVERIFY(!engine.withEvidence(gone));
    }

    // Two different customers weigh against a pair; the rules in force and EDI control numbers
    // decide whether the rest lifts it over the threshold, in the scan as in assess().
    void differentCustomersAreFlaggedOnlyWhenTheRestOutweighsIt() {
        const auto other = [] {
            CanonicalOrder o =
                order(QStringLiteral("manual:9"), Channel::Manual, 555, QStringLiteral("Ready Mat"),
                      QStringLiteral("PO-4711"), twoLines(), 5);
            o.shipTo = QStringLiteral("Deco Addict, Main St 1, Berlin");
            return o;
        };
        {
            DuplicateEngine engine;
            engine.ingest(ediOrder());
            engine.ingest(other());
            QVERIFY(engine.clusters().isEmpty());
            const auto a = engine.assess(QStringLiteral("edi:850-1"), QStringLiteral("manual:9"));
            QVERIFY(a && !a->flagged);
            QVERIFY(a->score < engine.rules().weights.suspectThreshold);
        }
        QString error;
        const DuplicateRules lenient =
            DuplicateRules::fromJson(R"({"weights": {"customer": {"conflict": -1.0}}})", &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        DuplicateEngine engine(lenient);
        engine.ingest(ediOrder());
        engine.ingest(other());
        const QList<DuplicateCluster> all = engine.clusters();
        QCOMPARE(all.size(), 1);
        const auto a = engine.assess(QStringLiteral("edi:850-1"), QStringLiteral("manual:9"));
        QVERIFY(a && a->flagged);
        QCOMPARE(all.first().score, a->score);
        // Same control numbers from one sender lift even a pair of different customers.
        DuplicateEngine strict;
        CanonicalOrder resend = ediOrder();
        resend.id = QStringLiteral("edi:850-1-again");
        resend.customer.partnerId = 999;
        resend.customer.vat = QStringLiteral("FR 1");
        resend.createdAt = resend.createdAt.addSecs(600);
        strict.ingest(ediOrder());
        strict.ingest(resend);
        const auto r =
            strict.assess(QStringLiteral("edi:850-1"), QStringLiteral("edi:850-1-again"));
        QVERIFY(r);
        QCOMPARE(strict.clusters().size(), r->flagged ? 1 : 0);
        QVERIFY(r->flagged);
    }
};

QTEST_GUILESS_MAIN(TestDuplicateEngine)
#include "tst_duplicate_engine.moc"
