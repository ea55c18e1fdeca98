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

// A stream whose block chains run long: four customers ordering from three product sets, with
// references that recur across customers, one order every 20 minutes; every seventh order is a
// channel's resend of one of the orders just before it (same customer, reference and lines).
CanonicalOrder chainOrder(int i) {
    quint64 h = quint64(i) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 31;
    int base = i;
    if (i % 7 == 6)
        base = i - 1 - int(h % 5);
    quint64 b = quint64(base) * 0x9E3779B97F4A7C15ull;
    b ^= b >> 29;
    const qint64 partner = qint64(b % 4) + 1;
    static const QList<QList<QPair<QString, double>>> sets = {
        {{QStringLiteral("FURN-7800"), 4}, {QStringLiteral("FURN-1118"), 10}},
        {{QStringLiteral("FURN-7800"), 2}},
        {{QStringLiteral("FURN-2200"), 1}, {QStringLiteral("FURN-1118"), 3}}};
    CanonicalOrder o =
        order(QStringLiteral("o:%1").arg(i), i % 7 == 6 ? Channel::Manual : Channel::Edi, partner,
              QStringLiteral("Customer %1 GmbH").arg(partner),
              QStringLiteral("PO-%1").arg(base % 40 == 0 ? base : base % 40 + 1000 * (base / 40)),
              sets[int((b >> 8) % 3)], qint64(i) * 20);
    return o;
}

// The clusters as a planner sees them, without their ids (two engines number them apart).
QStringList clusterContent(const DuplicateEngine &engine) {
    QStringList out;
    for (const DuplicateCluster &c : engine.clusters(DuplicateEngine::EvidenceText::Deferred))
        out.append(QStringLiteral("%1 %2 %3")
                       .arg(int(c.kind))
                       .arg(c.score, 0, 'f', 6)
                       .arg(c.members.join(u',')));
    out.sort();
    return out;
}

// The ids of `ids` that `engine` still holds (`witness` is resident).
QStringList residentOf(const DuplicateEngine &engine, const QStringList &ids,
                       const QString &witness) {
    QStringList out;
    for (const QString &id : ids)
        if (id == witness || engine.assess(id, witness))
            out.append(id);
    return out;
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

    void expiryLeavesWhatAFreshEngineOfTheRetainedOrdersHolds() {
        // Expiry takes the oldest orders off the far end of long chains. What stays must be
        // found, compared and clustered exactly as by an engine that only ever saw it, before
        // and after more orders arrive (which take the slots the expired orders left).
        DuplicateRules rules = DuplicateRules::defaults();
        rules.candidateWindowSecs = 2 * 86400;
        rules.productWindowSecs = 86400;
        rules.retentionSecs = 4 * 86400;
        DuplicateEngine streamed(rules);
        QStringList sent;
        QHash<QString, CanonicalOrder> byId;
        qint64 expired = 0;
        for (int i = 0; i < 1500; ++i) {
            const CanonicalOrder o = chainOrder(i);
            expired += streamed.upsert(o).expired.size();
            sent.append(o.id);
            byId.insert(o.id, o);
        }
        QVERIFY(expired > 20);
        QCOMPARE(streamed.checkIndexes(), QString());
        const QStringList kept = residentOf(streamed, sent, sent.constLast());
        QCOMPARE(qsizetype(streamed.orderCount()), kept.size());
        QVERIFY(kept.size() < 400); // four days of orders, and clusters reaching into them
        QVERIFY(!kept.contains(QStringLiteral("o:0")));

        DuplicateEngine fresh(rules);
        for (const QString &id : kept)
            fresh.upsert(byId.value(id));
        QCOMPARE(fresh.orderCount(), streamed.orderCount());
        const QStringList before = clusterContent(streamed);
        QVERIFY(before.size() > 10);
        QCOMPARE(clusterContent(fresh), before);

        for (int i = 1500; i < 1800; ++i) {
            streamed.upsert(chainOrder(i));
            fresh.upsert(chainOrder(i));
        }
        QCOMPARE(fresh.orderCount(), streamed.orderCount());
        QCOMPARE(clusterContent(fresh), clusterContent(streamed));
        QCOMPARE(streamed.checkIndexes(), QString());
    }

    void ordersRemovedAnywhereInTheirChainsLeaveTheRestFound() {
        // Deleted in Odoo, cancelled or changed: an order leaves its chains from wherever it
        // sits, and the slot it frees is taken by a later order of other keys. The orders that
        // stay are found as by an engine fed only them, in the order they last arrived. (Only
        // duplicates are flagged here: a suspect link an order lost to a stronger one is not
        // looked at again when that one goes, so suspects depend on the history.)
        DuplicateRules rules = DuplicateRules::defaults();
        rules.weights.suspectThreshold = rules.weights.duplicateThreshold;
        DuplicateEngine engine(rules);
        QHash<QString, CanonicalOrder> current;
        QStringList arrival; // ids in the order of their last change
        const auto send = [&](const CanonicalOrder &o) {
            engine.upsert(o);
            current.insert(o.id, o);
            arrival.removeAll(o.id);
            arrival.append(o.id);
        };
        for (int i = 0; i < 600; ++i)
            send(chainOrder(i));
        // Every fifth order deleted, newest and oldest alike; every eleventh changed.
        for (int i = 599; i >= 0; i -= 5) {
            const QString id = QStringLiteral("o:%1").arg(i);
            engine.remove(id);
            current.remove(id);
            arrival.removeAll(id);
        }
        for (int i = 3; i < 600; i += 11) {
            const QString id = QStringLiteral("o:%1").arg(i);
            if (!current.contains(id))
                continue;
            CanonicalOrder changed = current.value(id);
            changed.lines.first().qty += 1;
            changed.amountTotal += 10;
            send(changed);
        }
        for (int i = 600; i < 800; ++i)
            send(chainOrder(i));
        QCOMPARE(qsizetype(engine.orderCount()), arrival.size());
        QCOMPARE(engine.checkIndexes(), QString());

        DuplicateEngine fresh(rules);
        for (const QString &id : std::as_const(arrival))
            fresh.upsert(current.value(id));
        const QStringList held = clusterContent(engine);
        QVERIFY(held.size() > 10);
        QCOMPARE(clusterContent(fresh), held);
        // Resends of orders all along the chains, the changed ones included, are found through
        // them as in the fresh engine: every link that removals left is followed correctly.
        int found = 0;
        for (int i = 0; i < 800; i += 3) {
            const auto it = current.constFind(QStringLiteral("o:%1").arg(i));
            if (it == current.cend())
                continue;
            CanonicalOrder resend = it.value();
            resend.id = QStringLiteral("resend:%1").arg(i);
            resend.channel = Channel::Email;
            resend.createdAt = resend.createdAt.addSecs(300);
            const ClusterDelta d = engine.upsert(resend);
            fresh.upsert(resend);
            found +=
                std::any_of(d.changed.cbegin(), d.changed.cend(), [&](const DuplicateCluster &c) {
                    return c.members.contains(it.key()) && c.members.contains(resend.id);
                });
        }
        QVERIFY2(found > 150, qPrintable(QString::number(found)));
        QCOMPARE(clusterContent(engine), clusterContent(fresh));
        QCOMPARE(engine.checkIndexes(), QString());
    }

    void aJumpInTimeForgetsTheOldOrdersOverTheNextChanges() {
        // The sync catching up after a pause: the first new order leaves every order before the
        // pause behind the window. One change does not forget them all at once (it would hold
        // that change up and hand the views every expired cluster in one delta); the next
        // changes do, a few each.
        DuplicateRules rules = DuplicateRules::defaults();
        rules.retentionSecs = 30 * 86400;
        DuplicateEngine engine(rules);
        for (int i = 0; i < 400; ++i)
            engine.upsert(chainOrder(i));
        QCOMPARE(engine.orderCount(), 400);
        const auto later = [](int i) {
            CanonicalOrder o = chainOrder(i);
            o.createdAt = o.createdAt.addDays(60);
            return o;
        };
        const ClusterDelta first = engine.upsert(later(1000));
        QVERIFY(first.expired.size() <= 4);
        QVERIFY(engine.orderCount() >= 400 - 4);
        int changes = 1;
        qsizetype expired = first.expired.size();
        while (engine.orderCount() > changes && changes < 400) {
            const ClusterDelta d = engine.upsert(later(1000 + changes));
            QVERIFY(d.expired.size() <= 4);
            expired += d.expired.size();
            ++changes;
        }
        QCOMPARE(engine.orderCount(), changes); // only the orders after the pause
        QVERIFY2(changes < 200, qPrintable(QString::number(changes)));
        QVERIFY(expired > 20);
        QCOMPARE(engine.checkIndexes(), QString());
    }

    void anOrderWithoutATimeLeavesTheWindowInItsTurn() {
        // Its age is unknown: it counts from the newest order when it arrived, instead of
        // holding every later order in memory for good.
        DuplicateRules rules = DuplicateRules::defaults();
        rules.retentionSecs = 30 * 86400;
        DuplicateEngine engine(rules);
        engine.upsert(chainOrder(0));
        CanonicalOrder untimed = chainOrder(1);
        untimed.createdAt = QDateTime();
        engine.upsert(untimed);
        QCOMPARE(engine.orderCount(), 2);
        for (int day = 1; day <= 100; ++day) {
            CanonicalOrder o = chainOrder(1000 + day);
            o.createdAt = t0.addDays(day);
            engine.upsert(o);
        }
        QVERIFY(!engine.assess(untimed.id, QStringLiteral("o:1100")));
        QVERIFY(!engine.assess(QStringLiteral("o:0"), QStringLiteral("o:1100")));
        QVERIFY2(engine.orderCount() <= 32, qPrintable(QString::number(engine.orderCount())));
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

    // The scan drops a candidate pair from the first cache line only when its best possible
    // score stays under the threshold — under the weights in force for that pair: a customer
    // whose override raises what identical lines weigh gets the pair the override flags.
    void anOverrideRaisingTheLinesWeightFlagsWhatItsWeightsFlag() {
        QString error;
        const DuplicateRules rules = DuplicateRules::fromJson(
            R"({"weights": {"reference": {"different": -8.0}}, "overrides": [
            {"name": "Lumber re-orders under new references", "customers": {"partner_ids": [777]},
             "weights": {"lines": {"identical": 12.0}}}]})",
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto pair = [](DuplicateEngine &engine) {
            engine.ingest(order(QStringLiteral("edi:L-1"), Channel::Edi, 777,
                                QStringLiteral("Lumber BV"), QStringLiteral("L-100"), twoLines(),
                                0));
            engine.ingest(order(QStringLiteral("manual:L-2"), Channel::Manual, 777,
                                QStringLiteral("Lumber BV"), QStringLiteral("L-200"), twoLines(),
                                10));
        };
        DuplicateEngine overridden(rules);
        pair(overridden);
        const auto a = overridden.assess(QStringLiteral("edi:L-1"), QStringLiteral("manual:L-2"));
        QVERIFY(a && a->flagged);
        // Without the override the different reference outweighs the rest.
        DuplicateRules without = rules;
        without.overrides.clear();
        DuplicateEngine plain(without);
        pair(plain);
        const auto b = plain.assess(QStringLiteral("edi:L-1"), QStringLiteral("manual:L-2"));
        QVERIFY(b && !b->flagged);
        QVERIFY(plain.clusters().isEmpty());
        const QList<DuplicateCluster> found = overridden.clusters();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().members,
                 QStringList({QStringLiteral("edi:L-1"), QStringLiteral("manual:L-2")}));
        QCOMPARE(found.first().score, a->score);
    }

    // The list comes in the order of the ids as text, also once the numbers pass six digits
    // ("C-1000000" sorts before "C-999999"), as a planner sees them sorted by id.
    void clustersAreListedInTheOrderOfTheirIds() {
        DuplicateEngine engine;
        const auto pairAt = [&](int k) {
            const QString ref = QStringLiteral("PO-%1").arg(7000 + k);
            const QList<QPair<QString, double>> lines = {{QStringLiteral("SKU-%1").arg(k), 3}};
            engine.ingest(order(QStringLiteral("edi:%1").arg(k), Channel::Edi, 200 + k,
                                QStringLiteral("Customer %1 GmbH").arg(k), ref, lines, k * 600));
            engine.ingest(order(QStringLiteral("manual:%1").arg(k), Channel::Manual, 200 + k,
                                QStringLiteral("Customer %1 GmbH").arg(k), ref, lines,
                                k * 600 + 10));
        };
        for (int k = 0; k < 3; ++k)
            pairAt(k);
        QCOMPARE(engine.clusters().size(), 3);
        // Renumbered from 999,998 up: the clusters made later take 1,000,001 and on.
        const auto renamed = engine.carryClusterIds([](const QString &) { return 0u; }, 999998);
        QCOMPARE(renamed.size(), 3);
        for (int k = 3; k < 6; ++k)
            pairAt(k);
        const QList<DuplicateCluster> all = engine.clusters();
        QStringList ids;
        for (const DuplicateCluster &c : all)
            ids.append(c.id);
        QCOMPARE(ids, QStringList({QStringLiteral("C-1000000"), QStringLiteral("C-1000001"),
                                   QStringLiteral("C-1000002"), QStringLiteral("C-1000003"),
                                   QStringLiteral("C-999998"), QStringLiteral("C-999999")}));
        for (const DuplicateCluster &c : all)
            QCOMPARE(engine.cluster(c.id), std::optional<DuplicateCluster>(c));
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
