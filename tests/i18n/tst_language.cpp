// SPDX-License-Identifier: GPL-3.0-or-later
// The cockpit shows the language chosen: the translations load into the application and the main
// window's own widgets speak German or Polish (with Polish plural forms), English is the fallback.
#include "../ui/TestOrders.h"
#include "CockpitStatusBar.h"
#include "FlowBoardWidget.h"
#include "FlowStageTile.h"
#include "LanguageSetup.h"
#include "MainWindow.h"
#include "flow/OrderBook.h"

#include <QAction>
#include <QApplication>
#include <QListWidget>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTest>

using namespace o2c;
using o2c::ui::MainWindow;
namespace language = o2c::ui::language;

class TestLanguage final : public QObject {
    Q_OBJECT

private:
    static odoo::ConnectionProfile profile() {
        odoo::ConnectionProfile p;
        p.name = QStringLiteral("Test");
        p.url = QUrl(QStringLiteral("https://odoo.example"));
        p.database = QStringLiteral("db");
        return p;
    }
    static QList<CanonicalOrder> orders(int count) {
        QList<CanonicalOrder> list;
        for (int i = 1; i <= count; ++i)
            list << testorders::make(i, i == 1 ? OrderStage::Quotation : OrderStage::Manufacturing,
                                     100.0 * i);
        return list;
    }
    static QAction *actionWithKey(const MainWindow &w, const QKeySequence &key) {
        const auto actions = w.shortcutActions();
        for (QAction *a : actions)
            if (a->shortcuts().contains(key))
                return a;
        return nullptr;
    }
    static QStringList menuTitles(const MainWindow &w) {
        QStringList titles;
        const auto actions = w.menuBar()->actions();
        for (const QAction *a : actions)
            titles << a->text();
        return titles;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_language"));
    }

    void cleanup() { language::install(*qApp, QLocale(QLocale::English, QLocale::UnitedStates)); }

    void oneRunWinsOverSettingOverSystem() {
        const QLocale system(QLocale::French, QLocale::France);
        QCOMPARE(language::choose(QStringLiteral("pl"), QStringLiteral("de"), system).language(),
                 QLocale::Polish);
        QCOMPARE(language::choose({}, QStringLiteral("de"), system).language(), QLocale::German);
        QCOMPARE(language::choose({}, {}, system), system);
        // A machine without a configured language reads US English, not the "C" locale.
        const QLocale c = language::choose({}, {}, QLocale::c());
        QCOMPARE(c.language(), QLocale::English);
        QCOMPARE(c.territory(), QLocale::UnitedStates);
        QVERIFY(language::isKnown(QStringLiteral("es")));
        QVERIFY(language::isKnown(QString()));
        QVERIFY(!language::isKnown(QStringLiteral("xx")));
    }

    void germanMainWindow() {
        QCOMPARE(language::install(*qApp, QLocale(QStringLiteral("de"))), QStringLiteral("de"));
        OrderBook book;
        book.upsert(orders(2));
        MainWindow w(&book, nullptr, nullptr, profile());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // The navigation on the left and the menus as a German planner sees them.
        QListWidget *nav = w.navigation();
        QVERIFY(nav->isVisible());
        QCOMPARE(nav->item(0)->text(), QStringLiteral("Dubletten-Arbeitsplatz"));
        QCOMPARE(nav->item(3)->text(), QStringLiteral("Sperren"));
        QVERIFY2(menuTitles(w).contains(QStringLiteral("&Datei")),
                 qPrintable(menuTitles(w).join(u',')));
        QAction *hold = actionWithKey(w, QKeySequence(Qt::CTRL | Qt::Key_H));
        QVERIFY(hold);
        QCOMPARE(hold->text(), QStringLiteral("Fertigung an&halten…"));
        QCOMPARE(w.cockpitStatusBar()->badgeText(), QStringLiteral("TESTSYSTEM"));
        QVERIFY2(w.cockpitStatusBar()->countsText().contains(QStringLiteral("2 Aufträge")),
                 qPrintable(w.cockpitStatusBar()->countsText()));
        // Numbers follow the language too.
        QCOMPARE(QLocale().toString(1234.5, 'f', 1), QStringLiteral("1.234,5"));
    }

    void polishPluralForms_data() {
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("orders");
        QTest::newRow("1") << 1 << QStringLiteral("1 zamówienie");
        QTest::newRow("3") << 3 << QStringLiteral("3 zamówienia");
        QTest::newRow("5") << 5 << QStringLiteral("5 zamówień");
        QTest::newRow("22") << 22 << QStringLiteral("22 zamówienia");
    }

    void polishPluralForms() {
        QFETCH(int, count);
        QFETCH(QString, orders);
        QCOMPARE(language::install(*qApp, QLocale(QStringLiteral("pl"))), QStringLiteral("pl"));
        OrderBook book;
        book.upsert(TestLanguage::orders(count));
        MainWindow w(&book, nullptr, nullptr, profile());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.navigation()->item(3)->text(), QStringLiteral("Wstrzymania"));
        const QString counts = w.cockpitStatusBar()->countsText();
        QVERIFY2(counts.startsWith(orders), qPrintable(counts));
        QVERIFY2(counts.contains(QStringLiteral("0 grup")), qPrintable(counts));
        if (count > 1) {
            const QString tile = w.flowBoard()->tile(OrderStage::Manufacturing)->accessibleName();
            const QString wanted = count - 1 == 4 ? QStringLiteral(": 4 zamówienia,")
                                   : count - 1 == 2
                                       ? QStringLiteral(": 2 zamówienia,")
                                       : QStringLiteral(": %1 zamówień,").arg(count - 1);
            QVERIFY2(tile.contains(wanted), qPrintable(tile));
        }
    }

    void englishSingularAndFallback() {
        // English shows its own singular; a language the cockpit does not speak falls back to it.
        QCOMPARE(language::install(*qApp, QLocale(QLocale::Italian, QLocale::Italy)),
                 QStringLiteral("en"));
        OrderBook book;
        book.upsert(orders(1));
        MainWindow w(&book, nullptr, nullptr, profile());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.navigation()->item(3)->text(), QStringLiteral("Holds"));
        QVERIFY2(w.cockpitStatusBar()->countsText().startsWith(QStringLiteral("1 order ")),
                 qPrintable(w.cockpitStatusBar()->countsText()));
    }

    void switchingReplacesTheTranslation() {
        language::install(*qApp, QLocale(QStringLiteral("de")));
        QCOMPARE(QCoreApplication::translate("o2c::ui::MainWindow", "Holds"),
                 QStringLiteral("Sperren"));
        language::install(*qApp, QLocale(QStringLiteral("fr")));
        QCOMPARE(QCoreApplication::translate("o2c::ui::MainWindow", "Holds"),
                 QStringLiteral("Blocages"));
        language::install(*qApp, QLocale(QStringLiteral("es")));
        QCOMPARE(QCoreApplication::translate("o2c::ui::MainWindow", "Holds"),
                 QStringLiteral("Retenciones"));
        // Core's messages are translated too (QtCore only, no widgets).
        QCOMPARE(QCoreApplication::translate("QObject", "Not connected to Odoo."),
                 QStringLiteral("Sin conexión con Odoo."));
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
