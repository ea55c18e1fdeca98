// SPDX-License-Identifier: GPL-3.0-or-later
#include "HoldReasonDialog.h"
#include "KeyboardShortcutsDialog.h"
#include "MainWindow.h"
#include "OrderDetailPage.h"
#include "ScreenFixture.h"
#include "SettingsPage.h"
#include "SignInDialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextEdit>

using namespace o2c;
using o2c::testscreens::Fixture;
using o2c::ui::MainWindow;

namespace {
// The actions a user can trigger: every menu's, every window's and every widget's, without Qt's
// own helpers (a line edit's clear button) and separators.
void collectMenu(QMenu *menu, QSet<QAction *> &into) {
    for (QAction *a : menu->actions()) {
        if (a->isSeparator())
            continue;
        if (a->menu()) {
            collectMenu(a->menu(), into);
            continue;
        }
        into.insert(a);
    }
}

bool isQtHelper(const QAction *a) {
    return a->objectName().startsWith(QLatin1String("_q_")) || a->text().isEmpty();
}

QString describe(const QWidget *w) {
    QStringList chain;
    for (const QWidget *p = w; p && !p->isWindow(); p = p->parentWidget())
        chain.prepend(QString::fromLatin1(p->metaObject()->className()) +
                      (p->objectName().isEmpty() ? QString() : QLatin1Char('#') + p->objectName()));
    return chain.join(QLatin1String(" > "));
}

// A control a keyboard or screen-reader user reaches, not a part of another control.
bool isControl(const QWidget *w) {
    if (qobject_cast<const QHeaderView *>(w) || qobject_cast<const QScrollBar *>(w))
        return false;
    for (const QWidget *p = w->parentWidget(); p; p = p->parentWidget())
        if (qobject_cast<const QAbstractSpinBox *>(p) || qobject_cast<const QComboBox *>(p))
            return false;
    if (w->inherits("QTableCornerButton") || w->inherits("QLineEditIconButton"))
        return false;
    return qobject_cast<const QAbstractButton *>(w) || qobject_cast<const QLineEdit *>(w) ||
           qobject_cast<const QComboBox *>(w) || qobject_cast<const QAbstractSpinBox *>(w) ||
           qobject_cast<const QAbstractItemView *>(w) || qobject_cast<const QPlainTextEdit *>(w) ||
           qobject_cast<const QTextEdit *>(w) || qobject_cast<const QAbstractSlider *>(w) ||
           qobject_cast<const QTabWidget *>(w);
}

// What a screen reader announces: the accessible name Qt gives the control (its own, or its
// label's through the buddy, or a button's text).
QString spokenName(QWidget *w) {
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

QStringList unnamedControls(QWidget *root, int *checked = nullptr) {
    QStringList missing;
    const auto widgets = root->findChildren<QWidget *>();
    for (QWidget *w : widgets) {
        if (!w->isVisible() || !isControl(w))
            continue;
        if (checked)
            ++*checked;
        if (spokenName(w).isEmpty())
            missing << describe(w);
    }
    return missing;
}
} // namespace

// Keyboard first: every action has a shortcut that the F1 overlay lists, no two actions share a
// key, and every control on every screen and dialog has a name a screen reader can say.
class TestKeyboard final : public QObject {
    Q_OBJECT

    Fixture m_f;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keyboard"));
        QSettings().clear();
        QString error;
        QVERIFY2(m_f.open(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_f.close(); }

    void everyActionHasAShortcutListedInTheOverlay() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        w.show();
        QSet<QAction *> actions;
        for (QAction *top : w.menuBar()->actions())
            if (top->menu())
                collectMenu(top->menu(), actions);
        for (QAction *a : w.actions())
            actions.insert(a);
        for (int p = 0; p <= int(MainWindow::Page::Settings); ++p) {
            w.showPage(MainWindow::Page(p));
            for (QWidget *child : w.findChildren<QWidget *>())
                for (QAction *a : child->actions())
                    if (!a->menu() && !a->isSeparator())
                        actions.insert(a);
        }
        QVERIFY(actions.size() > 30);

        const QList<QAction *> listed = w.shortcutActions();
        QStringList withoutKey, notListed;
        QHash<QString, QString> byKey;
        QStringList clashes;
        for (QAction *a : std::as_const(actions)) {
            if (isQtHelper(a))
                continue;
            const QString name = a->text().remove(QLatin1Char('&'));
            if (a->shortcuts().isEmpty())
                withoutKey << name;
            else if (!listed.contains(a))
                notListed << name;
            for (const QKeySequence &k : a->shortcuts()) {
                const QString key = k.toString();
                if (byKey.contains(key) && byKey.value(key) != name)
                    clashes << QStringLiteral("%1: %2 and %3").arg(key, byKey.value(key), name);
                byKey.insert(key, name);
            }
        }
        QVERIFY2(withoutKey.isEmpty(),
                 qPrintable(QStringLiteral("without a shortcut: ") + withoutKey.join(u", ")));
        QVERIFY2(notListed.isEmpty(),
                 qPrintable(QStringLiteral("missing from F1: ") + notListed.join(u", ")));
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u"; ")));

        // The overlay shows a row for each of them with its keys.
        ui::KeyboardShortcutsDialog overlay(listed, &w);
        auto *table = overlay.findChild<QTableWidget *>();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), int(listed.size()));
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r)
            rows << table->item(r, 0)->text() + QLatin1Char('=') + table->item(r, 1)->text();
        QVERIFY2(
            rows.contains(
                QStringLiteral("Settings=%1")
                    .arg(QKeySequence(Qt::ALT | Qt::Key_8).toString(QKeySequence::NativeText))),
            qPrintable(rows.join(u", ")));
        QVERIFY(rows.contains(
            QStringLiteral("Shift report (PDF)=%1")
                .arg(QKeySequence(Qt::CTRL | Qt::Key_P).toString(QKeySequence::NativeText))));
    }

    void aShortcutOpensTheSettings() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Comma, Qt::ControlModifier);
        QTRY_COMPARE(w.currentPage(), MainWindow::Page::Settings);
        QTest::keyClick(&w, Qt::Key_3, Qt::AltModifier);
        QTRY_COMPARE(w.currentPage(), MainWindow::Page::OrderDetail);
        // The order screen puts its search in front of the planner.
        QTRY_COMPARE(QApplication::focusWidget(), w.orderDetailPage()->picker());
    }

    void everyControlOnEveryScreenHasAName() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QStringList missing;
        int checked = 0;
        for (int p = 0; p <= int(MainWindow::Page::Settings); ++p) {
            w.showPage(MainWindow::Page(p));
            QCoreApplication::processEvents();
            if (MainWindow::Page(p) == MainWindow::Page::Settings) {
                for (int t = 0; t <= ui::SettingsPage::AppearanceTab; ++t) {
                    w.settingsPage()->showTab(ui::SettingsPage::Tab(t));
                    QCoreApplication::processEvents();
                    missing << unnamedControls(&w, &checked);
                }
            } else {
                missing << unnamedControls(&w, &checked);
            }
        }
        missing.removeDuplicates();
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        QVERIFY2(checked > 60, qPrintable(QString::number(checked)));
    }

    void aNamelessControlIsFound() {
        // The walk finds what it is meant to find: a field without label or name.
        QWidget form;
        auto *named = new QLineEdit(&form);
        named->setAccessibleName(QStringLiteral("Customer"));
        auto *nameless = new QLineEdit(&form);
        nameless->setObjectName(QStringLiteral("nameless"));
        form.show();
        QCOMPARE(unnamedControls(&form), QStringList{QStringLiteral("QLineEdit#nameless")});
    }

    void everyControlOfTheDialogsHasAName() {
        ui::HoldReasonDialog hold(QStringLiteral("S00001"));
        hold.show();
        QVERIFY2(unnamedControls(&hold).isEmpty(), qPrintable(unnamedControls(&hold).join(u"\n")));
        ui::SignInDialog signIn(Fixture::profile());
        signIn.show();
        QVERIFY2(unnamedControls(&signIn).isEmpty(),
                 qPrintable(unnamedControls(&signIn).join(u"\n")));
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
