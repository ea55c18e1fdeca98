// SPDX-License-Identifier: GPL-3.0-or-later
#include "Domain.h"
#include "LabFixture.h"
#include "OdooDatabase.h"
#include "OdooFault.h"
#include "OdooRpc.h"
#include "OrderFlow.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace o2c::sim;

class TestDomain final : public QObject {
    Q_OBJECT

private:
    SimulatorClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(13, 0), QTimeZone::utc()), 0};
    std::unique_ptr<OdooDatabase> m_db;
    std::unique_ptr<OdooRpc> m_rpc;
    std::unique_ptr<OrderFlow> m_flow;
    QList<qint64> m_orders;

    QList<qint64> search(const QByteArray &domainJson) {
        const QJsonArray d = QJsonDocument::fromJson(domainJson).array();
        return m_db->search(QStringLiteral("sale.order"),
                            Domain::parse(*m_db, QStringLiteral("sale.order"), d),
                            QStringLiteral("id"));
    }

private slots:
    void initTestCase() {
        m_db = std::make_unique<OdooDatabase>(&m_clock);
        m_rpc = std::make_unique<OdooRpc>(*m_db, QStringLiteral("o2c"));
        m_flow = std::make_unique<OrderFlow>(*m_db, *m_rpc);
        m_rpc->setFlow(m_flow.get());
        seedLabFixture(*m_db, *m_rpc, *m_flow);
        m_db->setNextId(QStringLiteral("sale.order"), 1);
        auto make = [this](qint64 partner, const char *ref, qint64 product, double qty) {
            QJsonObject line{{QStringLiteral("product_id"), product},
                             {QStringLiteral("product_uom_qty"), qty}};
            QJsonObject vals{{QStringLiteral("partner_id"), partner},
                             {QStringLiteral("order_line"), QJsonArray{QJsonArray{0, 0, line}}}};
            if (ref)
                vals.insert(QStringLiteral("client_order_ref"), QLatin1String(ref));
            m_orders << m_rpc->createRecord(QStringLiteral("sale.order"), vals);
            m_clock.advance(1500);
        };
        make(10, "PO-4711", 64, 3);   // 1
        make(11, "po-4711-a", 17, 1); // 2
        make(12, nullptr, 65, 2);     // 3
        make(10, "PO-9", 17, 5);      // 4
        m_flow->confirmOrder(1);
        m_flow->confirmOrder(4);
        m_db->write(QStringLiteral("sale.order"), 3,
                    {{QStringLiteral("tag_ids"), QVariant::fromValue(QList<qint64>{8})}});
    }

    void matches_data() {
        QTest::addColumn<QByteArray>("domain");
        QTest::addColumn<QList<qint64>>("expected");
        QTest::newRow("empty") << QByteArray("[]") << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("state =") << QByteArray(R"([["state","=","sale"]])") << QList<qint64>{1, 4};
        QTest::newRow("state !=") << QByteArray(R"([["state","!=","sale"]])")
                                  << QList<qint64>{2, 3};
        QTest::newRow("in") << QByteArray(R"([["id","in",[2,3,99]]])") << QList<qint64>{2, 3};
        QTest::newRow("not in") << QByteArray(R"([["id","not in",[2,3]]])") << QList<qint64>{1, 4};
        QTest::newRow("ref = false")
            << QByteArray(R"([["client_order_ref","=",false]])") << QList<qint64>{3};
        QTest::newRow("ref != false")
            << QByteArray(R"([["client_order_ref","!=",false]])") << QList<qint64>{1, 2, 4};
        QTest::newRow("like is case-sensitive")
            << QByteArray(R"([["client_order_ref","like","PO-47"]])") << QList<qint64>{1};
        QTest::newRow("ilike") << QByteArray(R"([["client_order_ref","ilike","po-47"]])")
                               << QList<qint64>{1, 2};
        QTest::newRow("not ilike")
            << QByteArray(R"([["client_order_ref","not ilike","po-47"]])") << QList<qint64>{3, 4};
        QTest::newRow("=like pattern")
            << QByteArray(R"([["client_order_ref","=like","PO-_"]])") << QList<qint64>{4};
        QTest::newRow("=ilike pattern")
            << QByteArray(R"([["client_order_ref","=ilike","po-4711%"]])") << QList<qint64>{1, 2};
        QTest::newRow("or") << QByteArray(R"(["|",["id","=",1],["id","=",3]])")
                            << QList<qint64>{1, 3};
        QTest::newRow("not") << QByteArray(R"(["!",["state","=","sale"]])") << QList<qint64>{2, 3};
        QTest::newRow("nested")
            << QByteArray(R"(["&","|",["id","=",1],["id","=",2],["state","=","draft"]])")
            << QList<qint64>{2};
        QTest::newRow("many2one id")
            << QByteArray(R"([["partner_id","=",10]])") << QList<qint64>{1, 4};
        QTest::newRow("many2one name")
            << QByteArray(R"([["partner_id","ilike","ready"]])") << QList<qint64>{3};
        QTest::newRow("dotted many2one")
            << QByteArray(R"([["partner_id.name","=","Gemini Furniture"]])") << QList<qint64>{2};
        QTest::newRow("dotted x2many")
            << QByteArray(R"([["tag_ids.name","=","VIP"]])") << QList<qint64>{3};
        QTest::newRow("dotted one2many")
            << QByteArray(R"([["order_line.product_id","=",17]])") << QList<qint64>{2, 4};
        QTest::newRow("numbers") << QByteArray(R"([["amount_total",">",1000]])")
                                 << QList<qint64>{2, 4};
        QTest::newRow("datetime >")
            << QByteArray(R"([["create_date",">","2026-11-26 13:00:02"]])") << QList<qint64>{3, 4};
        QTest::newRow("datetime same second")
            << QByteArray(R"([["create_date",">","2026-11-26 13:00:01"]])")
            << QList<qint64>{2, 3, 4};
        QTest::newRow("true leaf") << QByteArray(R"([[1,"=",1]])") << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("false leaf") << QByteArray(R"([[0,"=",1]])") << QList<qint64>{};
    }

    void matches() {
        QFETCH(QByteArray, domain);
        QFETCH(QList<qint64>, expected);
        QCOMPARE(search(domain), expected);
    }

    void errors_data() {
        QTest::addColumn<QByteArray>("domain");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown field")
            << QByteArray(R"([["no_such_field","=",1]])")
            << QStringLiteral(
                   "Invalid field sale.order.no_such_field in leaf ('no_such_field', '=', 1)");
        QTest::newRow("unknown operator")
            << QByteArray(R"([["name","contains","S0"]])")
            << QStringLiteral("Invalid leaf ('name', 'contains', 'S0')");
    }

    void errors() {
        QFETCH(QByteArray, domain);
        QFETCH(QString, message);
        try {
            search(domain);
            QFAIL("no error raised");
        } catch (const OdooFault &f) {
            QCOMPARE(f.name, QStringLiteral("builtins.ValueError"));
            QCOMPARE(f.message, message);
        }
    }
};

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
