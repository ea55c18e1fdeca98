// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitStatusBar.h"
#include "MainWindow.h"
#include "TestOrders.h"
#include "cache/LocalOrderStore.h"
#include "session/CockpitSession.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace o2c;

// The cockpit opens on a train: Odoo cannot be reached, the orders kept on this computer are on
// screen, and the status bar says that the window works from them.
class TestOfflineStart final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void unreachableOdooShowsTheKeptOrdersAndSaysSo() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("orders.sqlite"));
        {
            LocalOrderStore store(path);
            store.saveOrders({testorders::make(1, OrderStage::Confirmed, 100),
                              testorders::make(2, OrderStage::Shipped, 200),
                              testorders::make(3, OrderStage::Invoiced, 300)});
        }
        odoo::ConnectionProfile profile;
        profile.name = QStringLiteral("Test");
        profile.url = QUrl(QStringLiteral("http://127.0.0.1:9")); // nothing listens there
        profile.database = QStringLiteral("db");
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("secret");
        CockpitSession session(profile);
        ui::MainWindow window(session.book(), session.sync(), session.holds(), profile);
        LocalOrderStore store(path);
        window.setLocalStore(&store);
        window.show();
        QObject::connect(&store, &LocalOrderStore::restored, &session,
                         [&session](qsizetype) { session.start(); });
        store.restoreInto(session.book(), session.sync());
        QTRY_COMPARE(window.orderTable()->model()->rowCount(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.cockpitStatusBar()->errorText().contains(QStringLiteral("Working offline")),
            15000);
        const QString text = window.cockpitStatusBar()->errorText();
        QVERIFY2(text.contains(QStringLiteral("The 3 orders shown are the ones kept on this "
                                              "computer")),
                 qPrintable(text));
        QCOMPARE(session.book()->size(), 3); // nothing lost while Odoo is away
    }
};

QTEST_MAIN(TestOfflineStart)
#include "tst_offline_start.moc"
