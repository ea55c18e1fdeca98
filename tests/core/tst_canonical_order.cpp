// SPDX-License-Identifier: GPL-3.0-or-later
#include "order/CanonicalOrder.h"

#include <QJsonDocument>
#include <QTest>

using namespace o2c;

class TestCanonicalOrder final : public QObject {
    Q_OBJECT
private slots:
    void normalizeReference_data() {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("dash and zeros") << QStringLiteral("PO-00123") << QStringLiteral("123");
        QTest::newRow("lower case, blank") << QStringLiteral("po 123") << QStringLiteral("123");
        QTest::newRow("hash") << QStringLiteral("PO#123") << QStringLiteral("123");
        QTest::newRow("padded") << QStringLiteral(" 123 ") << QStringLiteral("123");
        QTest::newRow("dotted marker") << QStringLiteral("P.O. 4711") << QStringLiteral("4711");
        QTest::newRow("letters kept") << QStringLiteral("ab-77/x") << QStringLiteral("AB77X");
        QTest::newRow("PO alone is a reference") << QStringLiteral("PO") << QStringLiteral("PO");
        QTest::newRow("marker before letters")
            << QStringLiteral("po ORD/2025/17") << QStringLiteral("ORD202517");
        QTest::newRow("order marker") << QStringLiteral("Order 0042") << QStringLiteral("42");
        QTest::newRow("all zeros keeps one") << QStringLiteral("000") << QStringLiteral("0");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("punctuation only") << QStringLiteral(" - ") << QString();
    }
    void normalizeReference() {
        QFETCH(QString, typed);
        QFETCH(QString, normalized);
        QCOMPARE(CanonicalOrder::normalizeReference(typed), normalized);
    }

    void differentReferencesStayDifferent() {
        QVERIFY(CanonicalOrder::normalizeReference(u"PO-123") !=
                CanonicalOrder::normalizeReference(u"PO-1230"));
    }

    void stageFollowsOdooDocuments_data() {
        QTest::addColumn<QString>("saleState");
        QTest::addColumn<QString>("moState");
        QTest::addColumn<QString>("pickingState");
        QTest::addColumn<QString>("invoiceState");
        QTest::addColumn<QString>("paymentState");
        QTest::addColumn<int>("stage");
        QTest::newRow("quotation") << "draft"
                                   << ""
                                   << ""
                                   << ""
                                   << "" << int(OrderStage::Quotation);
        QTest::newRow("sent quotation") << "sent"
                                        << ""
                                        << ""
                                        << ""
                                        << "" << int(OrderStage::Quotation);
        QTest::newRow("confirmed, waiting stock") << "sale"
                                                  << ""
                                                  << "confirmed"
                                                  << ""
                                                  << "" << int(OrderStage::Confirmed);
        QTest::newRow("manufacturing") << "sale"
                                       << "confirmed"
                                       << "confirmed"
                                       << ""
                                       << "" << int(OrderStage::Manufacturing);
        QTest::newRow("produced, delivery waiting") << "sale"
                                                    << "done"
                                                    << "confirmed"
                                                    << ""
                                                    << "" << int(OrderStage::Produced);
        QTest::newRow("produced and reserved") << "sale"
                                               << "done"
                                               << "assigned"
                                               << ""
                                               << "" << int(OrderStage::Reserved);
        QTest::newRow("stock order reserved") << "sale"
                                              << ""
                                              << "assigned"
                                              << ""
                                              << "" << int(OrderStage::Reserved);
        QTest::newRow("shipped") << "sale"
                                 << "done"
                                 << "done"
                                 << ""
                                 << "" << int(OrderStage::Shipped);
        QTest::newRow("draft invoice is not invoiced") << "sale"
                                                       << "done"
                                                       << "done"
                                                       << "draft"
                                                       << "not_paid" << int(OrderStage::Shipped);
        QTest::newRow("invoiced") << "sale"
                                  << "done"
                                  << "done"
                                  << "posted"
                                  << "not_paid" << int(OrderStage::Invoiced);
        QTest::newRow("paid") << "sale"
                              << "done"
                              << "done"
                              << "posted"
                              << "paid" << int(OrderStage::Paid);
        QTest::newRow("cancelled") << "cancel"
                                   << "confirmed"
                                   << "cancel"
                                   << ""
                                   << "" << int(OrderStage::Cancelled);
    }
    void stageFollowsOdooDocuments() {
        QFETCH(QString, saleState);
        QFETCH(QString, moState);
        QFETCH(QString, pickingState);
        QFETCH(QString, invoiceState);
        QFETCH(QString, paymentState);
        QFETCH(int, stage);
        CanonicalOrder o;
        o.saleState = saleState;
        if (!moState.isEmpty()) {
            ManufacturingOrderRef mo;
            mo.name = QStringLiteral("WH/MO/00007");
            mo.state = moState;
            o.manufacturingOrders.append(mo);
        }
        if (!pickingState.isEmpty()) {
            PickingRef p;
            p.name = QStringLiteral("WH/OUT/00017");
            p.state = pickingState;
            p.typeCode = QStringLiteral("outgoing");
            o.pickings.append(p);
        }
        if (!invoiceState.isEmpty()) {
            InvoiceRef inv;
            inv.name = QStringLiteral("INV/2026/00001");
            inv.moveType = QStringLiteral("out_invoice");
            inv.state = invoiceState;
            inv.paymentState = paymentState;
            o.invoices.append(inv);
        }
        o.deriveStage();
        QCOMPARE(stageKey(o.stage), stageKey(OrderStage(stage)));
    }

    void jsonRoundTrip() {
        const QByteArray line = R"({"id":"edi:850:000123","channel":"edi",
            "customer":{"id":10,"name":"Deco Addict","vat":"BE0477472701"},
            "customer_ref":"PO-4711","lines":[{"sku":"CW-MTO","qty":3,"uom":"Units","price":1250.5},
            {"sku":"FURN_7777","qty":1,"uom":"Units","price":149.5}],"amount_total":3901,
            "currency":"USD","created_at":"2026-11-26T14:53:15+01:00","requested_date":"2026-12-10",
            "ship_to":"Deco Addict, Warehouse 2","source":{"system":"edi","document":"850-000123",
            "edi":{"isa13":"000000123","gs06":"123","st02":"0001"}}})";
        QString error;
        const CanonicalOrder o =
            CanonicalOrder::fromJson(QJsonDocument::fromJson(line).object(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(o.channel, Channel::Edi);
        QCOMPARE(o.customer.partnerId, 10);
        QCOMPARE(o.normalizedRef(), QStringLiteral("4711"));
        QCOMPARE(o.lines.size(), 2);
        QCOMPARE(o.lines.at(0).qty, 3.0);
        QCOMPARE(o.createdAt, QDateTime(QDate(2026, 11, 26), QTime(13, 53, 15), Qt::UTC));
        QCOMPARE(o.source.edi.isa13, QStringLiteral("000000123"));
        const CanonicalOrder again = CanonicalOrder::fromJson(o.toJson(), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(again.lines, o.lines);
        QCOMPARE(again.createdAt, o.createdAt);
        QCOMPARE(again.source.edi, o.source.edi);
        QCOMPARE(again.customerRef, o.customerRef);
    }

    void badJsonIsReported() {
        QString error;
        CanonicalOrder::fromJson(
            QJsonObject{{QStringLiteral("lines"), 3},
                        {QStringLiteral("created_at"), QStringLiteral("yesterday")}},
            &error);
        QVERIFY(error.contains(QStringLiteral("id")));
        QVERIFY(error.contains(QStringLiteral("lines")));
        QVERIFY(error.contains(QStringLiteral("created_at")));
    }

    void channelKeysAndOdooSources() {
        for (Channel c : allChannels) {
            QCOMPARE(channelFromKey(channelKey(c)), c);
            QCOMPARE(channelFromOdooSource(channelOdooSource(c)), c);
        }
        QCOMPARE(channelFromKey(u"fax"), Channel::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestCanonicalOrder)
#include "tst_canonical_order.moc"
