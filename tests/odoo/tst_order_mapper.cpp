// SPDX-License-Identifier: GPL-3.0-or-later
#include "WireRecording.h"

#include "odoo/OdooOrderMapper.h"

#include <QTest>

using namespace o2c;
using namespace o2c::odoo;

Q_DECLARE_METATYPE(o2c::OrderStage)
Q_DECLARE_METATYPE(o2c::odoo::OdooRecordSet)

namespace {

// The records a recorded read/search_read answered.
QList<QJsonObject> records(const char *file) {
    const WireRecording w = WireRecording::load(QString::fromLatin1(file));
    QList<QJsonObject> r;
    const QJsonArray a = w.result().toArray();
    for (const QJsonValue &v : a)
        r.append(v.toObject());
    return r;
}

QDateTime utc(const char *s) {
    QDateTime t =
        QDateTime::fromString(QString::fromLatin1(s), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

// "quote_created@2026-11-26 14:15:20" per event, to compare timelines at a glance.
QStringList timeline(const CanonicalOrder &o) {
    QStringList r;
    for (const OrderEvent &e : o.events)
        r << eventTypeKey(e.type) + u'@' + e.at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return r;
}

OdooRecordSet recordSet(std::initializer_list<const char *> soFiles,
                        std::initializer_list<const char *> lineFiles,
                        std::initializer_list<const char *> moFiles,
                        std::initializer_list<const char *> pickingFiles,
                        std::initializer_list<const char *> invoiceFiles) {
    OdooRecordSet s;
    for (const char *f : soFiles)
        s.saleOrders += records(f);
    for (const char *f : lineFiles)
        s.orderLines += records(f);
    for (const char *f : moFiles)
        s.productions += records(f);
    for (const char *f : pickingFiles)
        s.pickings += records(f);
    for (const char *f : invoiceFiles)
        s.invoices += records(f);
    return s;
}

} // namespace

class TestOrderMapper final : public QObject {
    Q_OBJECT
private slots:
    // PO-5001 through the recorded order-to-cash lifecycle (124-158).
    void lifecycle_data() {
        QTest::addColumn<OdooRecordSet>("records");
        QTest::addColumn<OrderStage>("stage");
        QTest::addColumn<QStringList>("events");
        const QString created = QStringLiteral("quote_created@2026-11-26 14:15:20");
        const QString validated = QStringLiteral("order_validated@2026-11-26 14:15:21");
        const QString released = QStringLiteral("production_released@2026-11-26 14:15:21");
        QTest::newRow("quotation") << recordSet({"125"}, {"126"}, {}, {}, {})
                                   << OrderStage::Quotation << QStringList{created};
        QTest::newRow("confirmed, MO released, delivery partly reserved")
            << recordSet({"128"}, {"129"}, {"130"}, {"131"}, {}) << OrderStage::Manufacturing
            << QStringList{created, validated, released};
        QTest::newRow("produced, delivery fully reserved")
            << recordSet({"128"}, {"129"}, {"135"}, {"136"}, {}) << OrderStage::Reserved
            << QStringList{created, validated, released,
                           QStringLiteral("stock_reserved@2026-11-26 14:15:21"),
                           QStringLiteral("produced@2026-11-26 14:15:23")};
        const QStringList shipped{created, validated, released,
                                  QStringLiteral("produced@2026-11-26 14:15:23"),
                                  QStringLiteral("goods_shipped@2026-11-26 14:15:24")};
        QTest::newRow("shipped") << recordSet({"142"}, {"143"}, {"135"}, {"140"}, {})
                                 << OrderStage::Shipped << shipped;
        QTest::newRow("draft invoice is not issued")
            << recordSet({"142"}, {"143"}, {"135"}, {"140"}, {"146"}) << OrderStage::Shipped
            << shipped;
        QTest::newRow("invoice posted")
            << recordSet({"142"}, {"151"}, {"135"}, {"140"}, {"150"}) << OrderStage::Invoiced
            << (QStringList(shipped) << QStringLiteral("invoice_issued@2026-11-26 14:15:25"));
        QTest::newRow("paid") << recordSet({"142"}, {"151"}, {"135"}, {"140"}, {"156"})
                              << OrderStage::Paid
                              << (QStringList(shipped)
                                  << QStringLiteral("invoice_issued@2026-11-26 14:15:25")
                                  << QStringLiteral("payment_reconciled@2026-11-26 14:15:28"));
        // What an incremental pass reads (159-162): fewer fields, the picking without sale_id.
        QTest::newRow("incremental records")
            << recordSet({"159"}, {}, {"160"}, {"161"}, {"162"}) << OrderStage::Paid
            << QStringList{QStringLiteral("payment_reconciled@2026-11-26 14:15:28")};
        QTest::newRow("cancelled quotation")
            << recordSet({"196"}, {}, {}, {}, {}) << OrderStage::Cancelled
            << QStringList{QStringLiteral("cancelled@2026-11-26 14:15:42")};
        QTest::newRow("cancelled after production")
            << recordSet({"199"}, {}, {"201"}, {"200"}, {}) << OrderStage::Cancelled
            << QStringList{QStringLiteral("production_released@2026-11-26 14:15:42"),
                           QStringLiteral("produced@2026-11-26 14:15:42"),
                           QStringLiteral("cancelled@2026-11-26 14:15:43")};
        QTest::newRow("returned and credited")
            << recordSet({"181"}, {}, {}, {"179"}, {"188"}) << OrderStage::Invoiced
            << QStringList{QStringLiteral("invoice_issued@2026-11-26 14:15:33"),
                           QStringLiteral("returned@2026-11-26 14:15:36"),
                           QStringLiteral("credit_note_issued@2026-11-26 14:15:37")};
    }
    void lifecycle() {
        QFETCH(OdooRecordSet, records);
        QFETCH(OrderStage, stage);
        QFETCH(QStringList, events);
        QVERIFY(!records.saleOrders.isEmpty());
        const QList<CanonicalOrder> orders = OdooOrderMapper(QStringLiteral("o2c")).map(records);
        QCOMPARE(orders.size(), 1);
        const CanonicalOrder &o = orders.first();
        QCOMPARE(stageKey(o.stage), stageKey(stage));
        QCOMPARE(timeline(o), events);
        QCOMPARE(o.id, QStringLiteral("odoo:o2c:sale.order:") + QString::number(o.saleOrderId));
    }

    void quotationFields() {
        const auto orders =
            OdooOrderMapper(QStringLiteral("o2c")).map(recordSet({"125"}, {"126"}, {}, {}, {}));
        QCOMPARE(orders.size(), 1);
        const CanonicalOrder &o = orders.first();
        QCOMPARE(o.id, QStringLiteral("odoo:o2c:sale.order:20039"));
        QCOMPARE(o.saleOrderName, QStringLiteral("S20039"));
        QCOMPARE(o.customerRef, QStringLiteral("PO-5001"));
        QCOMPARE(o.normalizedRef(), QStringLiteral("5001"));
        QCOMPARE(o.customer.partnerId, 10);
        QCOMPARE(o.customer.name, QStringLiteral("Deco Addict"));
        QCOMPARE(o.amountTotal, 586.5);
        QCOMPARE(o.createdAt, utc("2026-11-26 14:15:20"));
        QCOMPARE(o.channel, Channel::Manual); // origin false: typed into Odoo
        QVERIFY(o.source.document.isEmpty());
        QCOMPARE(o.lines.size(), 2);
        QCOMPARE(o.lines.at(0).sku, QStringLiteral("CW-MTO"));
        QCOMPARE(o.lines.at(0).qty, 2.0);
        QCOMPARE(o.lines.at(0).price, 250.0);
        QCOMPARE(o.lines.at(1).sku, QStringLiteral("CW-SCREW"));
        QCOMPARE(o.lines.at(1).qty, 10.0);
    }

    void documentsAreLinked() {
        // Records of other orders in the same set must not attach to PO-5001.
        OdooRecordSet s =
            recordSet({"142"}, {"143"}, {"135", "201"}, {"140", "200"}, {"156", "188"});
        const auto orders = OdooOrderMapper(QStringLiteral("o2c")).map(s);
        const CanonicalOrder &o = orders.first();
        QCOMPARE(o.manufacturingOrders.size(), 1);
        QCOMPARE(o.manufacturingOrders.first().name, QStringLiteral("WH/MO/00020"));
        QCOMPARE(o.manufacturingOrders.first().finished, utc("2026-11-26 14:15:23"));
        QCOMPARE(o.pickings.size(), 1);
        QCOMPARE(o.pickings.first().name, QStringLiteral("WH/OUT/02342"));
        QCOMPARE(o.invoices.size(), 1);
        QCOMPARE(o.invoices.first().name, QStringLiteral("INV/2026/00007"));
        QCOMPARE(o.writeDate, utc("2026-11-26 14:15:28")); // the payment touched the invoice last
    }

    void channelAndSource_data() {
        QTest::addColumn<QJsonValue>("origin");
        QTest::addColumn<QJsonValue>("source");
        QTest::addColumn<int>("channel");
        QTest::addColumn<QString>("isa13");
        QTest::newRow("edi") << QJsonValue(QStringLiteral("EDI/850/ACMECORP/000000123/45/0001"))
                             << QJsonValue(QJsonArray{3, QStringLiteral("EDI")})
                             << int(Channel::Edi) << "000000123";
        QTest::newRow("web shop") << QJsonValue(QStringLiteral("WEB/123")) << QJsonValue(false)
                                  << int(Channel::Ecommerce) << "";
        QTest::newRow("portal by source")
            << QJsonValue(QStringLiteral("PORTAL/77"))
            << QJsonValue(QJsonArray{5, QStringLiteral("Dealer Portal")}) << int(Channel::Portal)
            << "";
        QTest::newRow("mail") << QJsonValue(QStringLiteral("MAIL/<abc@x>")) << QJsonValue(false)
                              << int(Channel::Email) << "";
        QTest::newRow("crm") << QJsonValue(QStringLiteral("CRM/OPP-9"))
                             << QJsonValue(QJsonArray{4, QStringLiteral("CRM")})
                             << int(Channel::Crm) << "";
        QTest::newRow("manual") << QJsonValue(false) << QJsonValue(false) << int(Channel::Manual)
                                << "";
    }
    void channelAndSource() {
        QFETCH(QJsonValue, origin);
        QFETCH(QJsonValue, source);
        QFETCH(int, channel);
        QFETCH(QString, isa13);
        OdooRecordSet s;
        s.saleOrders << QJsonObject{
            {QStringLiteral("id"), 7},
            {QStringLiteral("name"), QStringLiteral("S00007")},
            {QStringLiteral("state"), QStringLiteral("draft")},
            {QStringLiteral("origin"), origin},
            {QStringLiteral("source_id"), source},
            {QStringLiteral("partner_id"), QJsonArray{10, QStringLiteral("Deco Addict")}},
            {QStringLiteral("partner_shipping_id"),
             QJsonArray{11, QStringLiteral("Deco Addict, Depot")}},
            {QStringLiteral("commitment_date"), QStringLiteral("2026-12-01 08:00:00")},
            {QStringLiteral("tag_ids"), QJsonArray{9, 2}}};
        s.partners << QJsonObject{{QStringLiteral("id"), 10},
                                  {QStringLiteral("name"), QStringLiteral("Deco Addict")},
                                  {QStringLiteral("vat"), QStringLiteral("US12345")}}
                   << QJsonObject{{QStringLiteral("id"), 11},
                                  {QStringLiteral("name"), QStringLiteral("Depot")},
                                  {QStringLiteral("street"), QStringLiteral("1 Dock Rd")},
                                  {QStringLiteral("zip"), QStringLiteral("10001")},
                                  {QStringLiteral("city"), QStringLiteral("New York")},
                                  {QStringLiteral("country_id"),
                                   QJsonArray{233, QStringLiteral("United States")}}};
        s.tags << QJsonObject{{QStringLiteral("id"), 9},
                              {QStringLiteral("name"), QStringLiteral("HOLD")}};
        const CanonicalOrder o = OdooOrderMapper(QStringLiteral("prod")).map(s).first();
        QCOMPARE(int(o.channel), channel);
        QCOMPARE(o.source.document, origin.toString());
        QCOMPARE(o.source.edi.isa13, isa13);
        if (!isa13.isEmpty()) {
            QCOMPARE(o.source.edi.sender, QStringLiteral("ACMECORP"));
            QCOMPARE(o.source.edi.gs06, QStringLiteral("45"));
            QCOMPARE(o.source.edi.st02, QStringLiteral("0001"));
        }
        QCOMPARE(o.id, QStringLiteral("odoo:prod:sale.order:7"));
        QCOMPARE(o.customer.vat, QStringLiteral("US12345"));
        QCOMPARE(o.shipToId, 11);
        QCOMPARE(o.shipTo, QStringLiteral("Depot, 1 Dock Rd, 10001 New York, United States"));
        QCOMPARE(o.requestedDate, QDate(2026, 12, 1));
        QCOMPARE(o.tags, QStringList{QStringLiteral("HOLD")}); // tag 2 unknown: left out
        QVERIFY(o.hasHoldTag());
    }

    void heldManufacturingOrder() {
        OdooRecordSet s = recordSet({"128"}, {}, {"130"}, {}, {});
        QJsonObject mo = s.productions.first();
        mo.insert(QStringLiteral("activity_summary"), QStringLiteral("HOLD: duplicate of S20001"));
        s.productions = {mo};
        const CanonicalOrder o = OdooOrderMapper(QStringLiteral("o2c")).map(s).first();
        QVERIFY(o.manufacturingOrders.first().heldByActivity);
        s.productions.first().insert(QStringLiteral("activity_summary"),
                                     QStringLiteral("Check the BoM"));
        QVERIFY(!OdooOrderMapper(QStringLiteral("o2c"))
                     .map(s)
                     .first()
                     .manufacturingOrders.first()
                     .heldByActivity);
    }

    void draftMoOfProcurementGroup() {
        // Hold C (099-101): a draft MO made for the order links by the order's procurement group.
        OdooRecordSet s;
        s.saleOrders = records("098");
        s.productions = records("100");
        const CanonicalOrder o = OdooOrderMapper(QStringLiteral("o2c")).map(s).first();
        QCOMPARE(o.manufacturingOrders.size(), 1);
        QCOMPARE(o.manufacturingOrders.first().state, QStringLiteral("draft"));
        // A draft MO is not released production.
        QVERIFY(std::none_of(o.events.cbegin(), o.events.cend(), [](const OrderEvent &e) {
            return e.type == OrderEventType::ProductionReleased;
        }));
    }

    void dateParsing() {
        QCOMPARE(OdooOrderMapper::dateTime(QJsonValue(QStringLiteral("2026-11-26 13:49:31"))),
                 utc("2026-11-26 13:49:31"));
        QVERIFY(!OdooOrderMapper::dateTime(QJsonValue(false)).isValid());
        QCOMPARE(OdooOrderMapper::date(QJsonValue(QStringLiteral("2026-12-26"))),
                 QDate(2026, 12, 26));
        QVERIFY(OdooOrderMapper::ediFromOrigin(u"EDI/850/X/1/2").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOrderMapper)
#include "tst_order_mapper.moc"
