// SPDX-License-Identifier: GPL-3.0-or-later
// What the team store's roles look like on screen: what a viewer cannot do is disabled with the
// reason, a planner's release above the lead threshold says it needs a lead, only leads answer
// escalations.
#include "HoldsPage.h"
#include "MainWindow.h"
#include "ShiftQueuePage.h"
#include "TestOrders.h"
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionQueue.h"
#include "flow/OrderBook.h"

#include <QAction>
#include <QApplication>
#include <QPushButton>
#include <QScopeGuard>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>

using namespace o2c;
using o2c::ui::MainWindow;

class TestActionRolesUi final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    static odoo::ConnectionProfile profile() {
        odoo::ConnectionProfile p;
        p.name = QStringLiteral("Test");
        p.url = QUrl(QStringLiteral("https://odoo.example"));
        p.database = QStringLiteral("db");
        p.login = QStringLiteral("paul");
        return p;
    }

    // Selects the held order on the holds screen, which makes it the hold actions' order.
    static void pickHeld(MainWindow &w) {
        w.showPage(MainWindow::Page::Holds);
        w.holdsPage()->refresh();
        QCOMPARE(w.holdsPage()->model()->rowCount(), 1);
        w.holdsPage()->table()->selectRow(0);
        QCOMPARE(w.currentOrderId(), QStringLiteral("odoo:test:sale.order:3"));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_action_roles_ui"));
    }

    void rolesShowOnScreen() {
        O2C_FRESH_STORE(QStringLiteral("sqlite"), m_dir, config, store);
        ActionDesk lead(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(lead.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        QVERIFY(lead.setMemberRole(QStringLiteral("paul"), Role::Planner).ok);
        QVERIFY(lead.setReleaseLeadThreshold(400).ok);
        ActionDesk planner(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("paul"), 9));
        ActionDesk viewer(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("vera"), 8));
        QCOMPARE(viewer.actor().role, Role::Viewer);

        OrderBook book;
        CanonicalOrder first = testorders::make(1, OrderStage::Confirmed, 1200,
                                                QStringLiteral("Acme"), QStringLiteral("PO-77"));
        CanonicalOrder second = first;
        second.id = QStringLiteral("odoo:test:sale.order:2");
        second.saleOrderId = 2;
        second.saleOrderName = QStringLiteral("S00002");
        second.channel = Channel::Portal;
        second.createdAt = first.createdAt.addSecs(600);
        CanonicalOrder held = testorders::make(3, OrderStage::Quotation, 500);
        held.tags = {QStringLiteral("HOLD")};
        book.upsert({first, second, held});

        // A planner: the release of a 500.00 hold above the 400.00 threshold needs a lead.
        MainWindow w(&book, nullptr, nullptr, profile());
        w.setTeamDesk(store.get(), &planner, nullptr);
        pickHeld(w);
        QVERIFY(!w.releaseAction()->isEnabled());
        QVERIFY2(w.releaseAction()->toolTip().contains(QLatin1String("needs a lead")),
                 qPrintable(w.releaseAction()->toolTip()));
        QVERIFY(w.deskAction(QStringLiteral("retry"))->isEnabled());
        w.showPage(MainWindow::Page::Exceptions);
        ui::ShiftQueuePage *queue = w.shiftQueuePage();
        QVERIFY(queue->queueModel()->rowCount() >= 1);
        queue->queueTable()->selectRow(0);
        QVERIFY(!queue->approveButton()->isEnabled());
        QVERIFY2(queue->approveButton()->toolTip().contains(QLatin1String("Only a lead")),
                 qPrintable(queue->approveButton()->toolTip()));

        // A lead may release it; with an open escalation selected, approve is offered.
        const QString cluster = queue->currentClusterId();
        QVERIFY(planner
                    .escalate(cluster, {{1, QStringLiteral("S00001"), 1200}},
                              QStringLiteral("which one is real?"))
                    .ok);
        MainWindow l(&book, nullptr, nullptr, profile());
        l.setTeamDesk(store.get(), &lead, nullptr);
        pickHeld(l);
        QVERIFY2(l.releaseAction()->isEnabled(), qPrintable(l.releaseAction()->toolTip()));
        l.showPage(MainWindow::Page::Exceptions);
        ui::ShiftQueuePage *leadQueue = l.shiftQueuePage();
        leadQueue->setScope(ui::ShiftQueuePage::Scope::Escalated);
        QCOMPARE(leadQueue->queueModel()->rowCount(), 1);
        QVERIFY(leadQueue->queueModel()
                    ->index(0, ui::ShiftQueuePage::EscalatedColumn)
                    .data()
                    .toString()
                    .contains(QLatin1String("which one is real?")));
        leadQueue->queueTable()->selectRow(0);
        QVERIFY2(leadQueue->approveButton()->isEnabled(),
                 qPrintable(leadQueue->approveButton()->toolTip()));
        bool ok = false;
        const QString said = leadQueue->decideEscalation(true, QStringLiteral("keep S00001"), &ok);
        QVERIFY2(ok, qPrintable(said));
        QCOMPARE(leadQueue->queueModel()->rowCount(), 0); // answered: no longer escalated

        // The outbox table shows an automatic retry with its time, a permanent failure as
        // waiting for a planner.
        ActionQueue outboxQueue(*store);
        const QList<ActionRecord> queued = lead.actions({ActionState::Queued});
        QCOMPARE(queued.size(), 2); // the escalation's note and the lead's answer
        const QString at = QDateTime::currentDateTimeUtc().addSecs(90).toString(Qt::ISODateWithMs);
        QString error;
        QVERIFY(outboxQueue.setState(queued.at(0).id, ActionState::Retrying,
                                     QStringLiteral("Odoo answered with HTTP error 503."), &error,
                                     QStringLiteral("transient"), at));
        QVERIFY(outboxQueue.setState(queued.at(1).id, ActionState::Failed,
                                     QStringLiteral("Odoo refused access."), &error,
                                     QStringLiteral("permanent")));
        leadQueue->refresh();
        QStandardItemModel *outbox = leadQueue->outboxModel();
        QCOMPARE(outbox->rowCount(), 2);
        for (int r = 0; r < outbox->rowCount(); ++r) {
            const qint64 id =
                outbox->item(r, ui::ShiftQueuePage::OutboxIdColumn)->text().toLongLong();
            const QString state = outbox->item(r, ui::ShiftQueuePage::OutboxStateColumn)->text();
            const QString next =
                outbox->item(r, ui::ShiftQueuePage::OutboxNextAttemptColumn)->text();
            if (id == queued.at(0).id) {
                QCOMPARE(state, QStringLiteral("Retrying"));
                QCOMPARE(next, QLocale().toString(
                                   QDateTime::fromString(at, Qt::ISODateWithMs).toLocalTime(),
                                   QLocale::ShortFormat));
            } else {
                QCOMPARE(state, QStringLiteral("Failed"));
                QCOMPARE(next, QStringLiteral("waits for a planner"));
            }
        }

        // A viewer: every decision is disabled and says why.
        MainWindow v(&book, nullptr, nullptr, profile());
        v.setTeamDesk(store.get(), &viewer, nullptr);
        pickHeld(v);
        QVERIFY(!v.releaseAction()->isEnabled());
        QVERIFY2(v.releaseAction()->toolTip().contains(QLatin1String("viewer")),
                 qPrintable(v.releaseAction()->toolTip()));
        for (const char *name :
             {"claim", "resolve", "distinct", "escalate", "comment", "retry", "abandon"}) {
            QAction *a = v.deskAction(QLatin1String(name));
            QVERIFY2(!a->isEnabled(), name);
            QVERIFY2(a->toolTip().contains(QLatin1String("viewer")), qPrintable(a->toolTip()));
        }
        v.showPage(MainWindow::Page::Exceptions);
        QVERIFY(!v.shiftQueuePage()->releaseClaimsButton()->isEnabled());
        QVERIFY(
            v.shiftQueuePage()->releaseClaimsButton()->toolTip().contains(QLatin1String("viewer")));
    }
};

QTEST_MAIN(TestActionRolesUi)
#include "tst_action_roles_ui.moc"
