// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterDetailView.h"
#include "ClusterListModel.h"
#include "HoldReasonDialog.h"
#include "MainWindow.h"
#include "OrderTableModel.h"
#include "Simulator.h"
#include "session/CockpitSession.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace o2c;

// A planner's first minutes: the cockpit connects to Odoo (the simulator, over HTTP on loopback),
// duplicate clusters appear, the planner holds manufacturing for one duplicate, and the hold is
// in Odoo.
class TestCockpitEndToEnd final : public QObject {
    Q_OBJECT

    std::unique_ptr<sim::Simulator> m_sim;
    QList<qint64> m_entered; // sale order ids of the duplicate this test enters

    odoo::ConnectionProfile profileFor(const QString &login, const QString &secret) const {
        odoo::ConnectionProfile p;
        p.name = QStringLiteral("simulator");
        p.url = m_sim->url();
        p.database = m_sim->databaseName();
        p.login = login;
        p.secret = secret;
        p.pollIntervalMs = 300;
        return p;
    }

    // Reads from the simulator through the same public API Odoo offers, as an administrator.
    QJsonValue query(const QString &model, const QString &method, const QJsonArray &args,
                     const QJsonObject &kwargs) {
        odoo::ConnectionProfile admin =
            profileFor(QStringLiteral("admin"), QStringLiteral("admin"));
        odoo::HttpOdooTransport transport(admin);
        odoo::OdooClient client(admin, &transport);
        std::optional<odoo::OdooError> signIn;
        client.authenticate([&](const odoo::OdooError &e) { signIn = e; });
        if (!QTest::qWaitFor([&] { return signIn.has_value(); }, 10000) || signIn->isError())
            return QJsonValue::Undefined;
        std::optional<QJsonValue> result;
        client.executeKw(model, method, args, kwargs,
                         [&](const QJsonValue &r, const odoo::OdooError &e) {
                             result = e.isError() ? QJsonValue(QJsonValue::Undefined) : r;
                         });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
            return QJsonValue::Undefined;
        return result.value_or(QJsonValue::Undefined);
    }

private slots:
    void init() {
        sim::SimulatorOptions options;
        options.scenario.seed = 11;
        options.scenario.initialOrders = 150;
        options.scenario.running = false; // the history alone; nothing moves behind the test
        options.scenario.holdBreachProbability = 0;
        m_sim = std::make_unique<sim::Simulator>(options);
        QString error;
        QVERIFY2(m_sim->start(&error), qPrintable(error));

        // The same customer PO entered twice, once typed differently, as a manual re-entry does.
        const QJsonArray partners =
            query(QStringLiteral("res.partner"), QStringLiteral("search_read"),
                  QJsonArray{
                      QJsonArray{QJsonArray{QStringLiteral("vat"), QStringLiteral("!="), false}}},
                  QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("name")}},
                              {QStringLiteral("limit"), 1}})
                .toArray();
        const QJsonArray products =
            query(
                QStringLiteral("product.product"), QStringLiteral("search_read"),
                QJsonArray{QJsonArray{
                    QJsonArray{QStringLiteral("default_code"), QStringLiteral("!="), false}}},
                QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("default_code")}},
                            {QStringLiteral("limit"), 2}})
                .toArray();
        QCOMPARE(partners.size(), 1);
        QCOMPARE(products.size(), 2);
        m_entered.clear();
        for (const QString &ref : {QStringLiteral("PO-0088123"), QStringLiteral("po 88123")}) {
            const QJsonObject vals{
                {QStringLiteral("partner_id"),
                 partners.at(0).toObject().value(QStringLiteral("id"))},
                {QStringLiteral("client_order_ref"), ref},
                {QStringLiteral("order_line"),
                 QJsonArray{
                     QJsonArray{0, 0,
                                QJsonObject{{QStringLiteral("product_id"),
                                             products.at(0).toObject().value(QStringLiteral("id"))},
                                            {QStringLiteral("product_uom_qty"), 4}}},
                     QJsonArray{0, 0,
                                QJsonObject{{QStringLiteral("product_id"),
                                             products.at(1).toObject().value(QStringLiteral("id"))},
                                            {QStringLiteral("product_uom_qty"), 10}}}}}};
            const QJsonValue id =
                query(QStringLiteral("sale.order"), QStringLiteral("create"), QJsonArray{vals}, {});
            QVERIFY(id.isDouble());
            m_entered.append(id.toInteger());
        }
    }
    void cleanup() { m_sim.reset(); }

    void duplicateAppearsAndHoldReachesOdoo() {
        CockpitSession session(profileFor(QStringLiteral("planner"), QStringLiteral("planner")));
        ui::MainWindow window(session.book(), session.sync(), session.holds(), session.profile());
        window.show();
        session.start();

        // Clusters appear from the first sync.
        QTRY_VERIFY_WITH_TIMEOUT(window.clusterModel()->rowCount() > 0, 20000);
        QVERIFY(session.sync()->lastSync().isValid());
        // Every sale order in Odoo became one canonical order.
        const QJsonValue inOdoo =
            query(QStringLiteral("sale.order"), QStringLiteral("search_count"),
                  QJsonArray{QJsonArray{}}, {});
        QVERIFY(inOdoo.isDouble());
        QVERIFY(inOdoo.toInteger() >= 150);
        QCOMPARE(session.book()->size(), inOdoo.toInteger());

        // The cluster holding the two orders this test entered twice.
        QString target;
        int targetRow = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < window.clusterModel()->rowCount(); ++row) {
                    const DuplicateCluster *c = window.clusterModel()->clusterAt(row);
                    QStringList ours;
                    for (const QString &id : c->members)
                        if (m_entered.contains(session.book()->order(id)->saleOrderId))
                            ours << id;
                    if (ours.size() == 2 && c->kind == ClusterKind::Duplicate) {
                        target = ours.last();
                        targetRow = row;
                        return true;
                    }
                }
                return false;
            }(),
            10000);
        QVERIFY2(!window.clusterModel()->clusterAt(targetRow)->summary.isEmpty(),
                 "a cluster explains itself in words");
        QCOMPARE(session.book()->order(target)->stage, OrderStage::Quotation);
        const QString soName = session.book()->order(target)->saleOrderName;
        const qint64 soId = session.book()->order(target)->saleOrderId;

        // The queue is sorted; pick the cluster's row as the planner sees it.
        auto *sorted = qobject_cast<QAbstractProxyModel *>(window.clusterTable()->model());
        QVERIFY(sorted);
        window.clusterTable()->selectRow(
            sorted->mapFromSource(window.clusterModel()->index(targetRow, 0)).row());
        window.clusterDetail()->selectOrder(target);
        QCOMPARE(window.currentOrderId(), target);
        QVERIFY2(window.holdAction()->isEnabled(), qPrintable(window.holdAction()->toolTip()));

        // The planner gives a reason in the dialog and confirms.
        QTimer answer;
        answer.setInterval(50);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *d = qobject_cast<ui::HoldReasonDialog *>(QApplication::activeModalWidget())) {
                d->setReason(QStringLiteral("Possible duplicate of another channel's order"));
                d->accept();
            }
        });
        answer.start();
        QSignalSpy succeeded(session.holds(), &MrpHoldService::actionSucceeded);
        QSignalSpy failed(session.holds(), &MrpHoldService::actionFailed);
        window.holdAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!succeeded.isEmpty() || !failed.isEmpty(), 15000);
        answer.stop();
        QVERIFY2(failed.isEmpty(), "holding a quotation succeeds");
        QCOMPARE(succeeded.first().at(0).toString(), target);

        // In Odoo: the quotation carries the HOLD tag and is still a quotation.
        const QJsonArray rows =
            query(QStringLiteral("sale.order"), QStringLiteral("search_read"),
                  QJsonArray{QJsonArray{QJsonArray{QStringLiteral("tag_ids.name"),
                                                   QStringLiteral("="), QStringLiteral("HOLD")}}},
                  QJsonObject{{QStringLiteral("fields"),
                               QJsonArray{QStringLiteral("name"), QStringLiteral("state")}}})
                .toArray();
        bool found = false;
        for (const QJsonValue &r : rows) {
            if (r.toObject().value(QStringLiteral("id")).toInteger() == soId) {
                found = true;
                QCOMPARE(r.toObject().value(QStringLiteral("name")).toString(), soName);
                QCOMPARE(r.toObject().value(QStringLiteral("state")).toString(),
                         QStringLiteral("draft"));
            }
        }
        QVERIFY2(found, qPrintable(QStringLiteral("%1 is tagged HOLD in Odoo").arg(soName)));

        // The next sync brings the hold back from Odoo: the order shows as held in the cockpit.
        QTRY_VERIFY_WITH_TIMEOUT(session.book()->order(target)->hasHoldTag(), 10000);
        QVERIFY(session.holds()->holdOf(target));
        QVERIFY(window.releaseAction()->isEnabled());
    }
};

QTEST_MAIN(TestCockpitEndToEnd)
#include "tst_cockpit_e2e.moc"
