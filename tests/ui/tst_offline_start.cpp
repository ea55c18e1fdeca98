// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitStatusBar.h"
#include "MainWindow.h"
#include "TestOrders.h"
#include "cache/LocalOrderStore.h"
#include "session/CockpitSession.h"

#include <QDir>
#include <QFile>
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

    void unreadableStoreIsSetAsideAndTheWindowSaysSo() {
        // A store the cockpit cannot read (a disk fault, a copy cut short): the start goes on
        // with a fresh one, the old file is kept beside for inspection, and the status bar says
        // what happened and that the orders come from Odoo again.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("orders.sqlite"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray junk(32 * 1024, '\0');
            for (int i = 0; i < junk.size(); ++i)
                junk[i] = char((i * 7919) % 251);
            f.write(junk);
        }
        odoo::ConnectionProfile profile;
        profile.name = QStringLiteral("Test");
        profile.url = QUrl(QStringLiteral("http://127.0.0.1:9"));
        profile.database = QStringLiteral("db");
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("secret");
        CockpitSession session(profile);
        ui::MainWindow window(session.book(), session.sync(), session.holds(), profile);
        LocalOrderStore store(path);
        window.setLocalStore(&store);
        window.show();
        QSignalSpy restored(&store, &LocalOrderStore::restored);
        store.restoreInto(session.book(), session.sync());
        QVERIFY(restored.wait(10000));
        QCOMPARE(restored.at(0).at(0).value<qsizetype>(), 0);
        const QString text = window.cockpitStatusBar()->errorText();
        QVERIFY2(text.contains(QStringLiteral("could not be read")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("reads every order from Odoo again")),
                 qPrintable(text));
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("orders.sqlite.unreadable-*")}).size(),
                 1);
        QCOMPARE(window.orderTable()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestOfflineStart)
#include "tst_offline_start.moc"
