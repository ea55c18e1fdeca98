// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitColors.h"
#include "EnvironmentMarker.h"
#include "MainWindow.h"
#include "ScreenFixture.h"
#include "SettingsPage.h"
#include "SupervisorChartsPage.h"
#include "Theme.h"
#include "dedup/DuplicateRules.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>

using namespace o2c;
using o2c::testscreens::Fixture;
using o2c::ui::MainWindow;
using o2c::ui::SettingsPage;

// The settings screen (connections, rules, alert thresholds, language, theme) and the marks that
// tell production from staging on every window.
class TestSettings final : public QObject {
    Q_OBJECT

    Fixture m_f;

    static void fillForm(SettingsPage *page, const QString &name, const QString &url,
                         bool production) {
        page->newProfile();
        page->nameEdit()->setText(name);
        page->urlEdit()->setText(url);
        page->databaseEdit()->setText(QStringLiteral("erp"));
        page->loginEdit()->setText(QStringLiteral("anna"));
        page->productionBox()->setChecked(production);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_settings"));
    }

    void init() {
        QSettings().clear();
        QString error;
        QVERIFY2(m_f.open(&error), qPrintable(error));
    }

    void cleanup() {
        ui::applyTheme(ui::ThemeChoice::System);
        m_f.close();
    }

    void settingsScreenIsInTheNavigation() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.show();
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Comma, Qt::ControlModifier);
        QTRY_COMPARE(w.currentPage(), MainWindow::Page::Settings);
        QTest::keyClick(&w, Qt::Key_1, Qt::AltModifier);
        QTRY_COMPARE(w.currentPage(), MainWindow::Page::Desk);
        QTest::keyClick(&w, Qt::Key_8, Qt::AltModifier);
        QTRY_COMPARE(w.currentPage(), MainWindow::Page::Settings);
        QCOMPARE(MainWindow::pageFromKey(QStringLiteral("settings")), MainWindow::Page::Settings);
        QCOMPARE(MainWindow::pageFromKey(QStringLiteral("Charts")), MainWindow::Page::Charts);
        QVERIFY(!MainWindow::pageFromKey(QStringLiteral("nowhere")));
    }

    void connectionsAreAddedEditedSwitchedAndRemoved() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        SettingsPage *page = w.settingsPage();
        QStringList stored;
        ui::SettingsHooks hooks;
        hooks.storeSecret = [&](const ui::SavedProfile &p, const QString &secret, QString *) {
            stored << p.name + QLatin1Char('=') + secret;
            return true;
        };
        hooks.forgetSecret = [&](const ui::SavedProfile &p, QString *) {
            stored.removeIf([&](const QString &s) { return s.startsWith(p.name); });
            return true;
        };
        page->setHooks(hooks);
        QString message;

        // A bad address is refused with a reason and nothing is saved.
        fillForm(page, QStringLiteral("Lyon"), QStringLiteral("ftp://erp"), true);
        QVERIFY(!page->saveProfile(&message));
        QVERIFY(message.contains(QStringLiteral("https")));
        QCOMPARE(page->profileList()->count(), 0);
        // The empty list says how it fills; the hint leaves once a connection is saved.
        QVERIFY(!page->noProfilesLabel()->isHidden());
        QVERIFY(page->noProfilesLabel()->text().contains(QStringLiteral("Save connection")));

        fillForm(page, QStringLiteral("Lyon"), QStringLiteral("https://erp.lyon.example"), true);
        page->secretEdit()->setText(QStringLiteral("s3cret"));
        QVERIFY2(page->saveProfile(&message), qPrintable(message));
        fillForm(page, QStringLiteral("Staging"), QStringLiteral("https://staging.example"), false);
        QVERIFY2(page->saveProfile(&message), qPrintable(message));
        QCOMPARE(page->profileList()->count(), 2);
        QVERIFY(page->noProfilesLabel()->isHidden());
        QVERIFY(page->profileList()->item(0)->text().contains(QStringLiteral("production")));
        QVERIFY(page->profileList()->item(1)->text().contains(QStringLiteral("staging")));
        // The password went to the keychain hook, never into the settings file.
        QCOMPARE(stored, QStringList{QStringLiteral("Lyon=s3cret")});
        QVERIFY(page->secretEdit()->text().isEmpty());
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY2(!settings.value(key).toString().contains(QStringLiteral("s3cret")),
                     qPrintable(key));

        // A duplicate name is refused.
        fillForm(page, QStringLiteral("Lyon"), QStringLiteral("https://other.example"), false);
        QVERIFY(!page->saveProfile(&message));
        QVERIFY(message.contains(QStringLiteral("exists")));

        // Edit: the second becomes production.
        page->profileList()->setCurrentRow(1);
        QCOMPARE(page->nameEdit()->text(), QStringLiteral("Staging"));
        page->productionBox()->setChecked(true);
        QVERIFY(page->saveProfile(&message));
        QVERIFY(ui::CockpitSettings::load().profiles.at(1).production);

        // Switch: the connection used at the next start.
        QVERIFY(page->switchToProfile(0, &message));
        QVERIFY(message.contains(QStringLiteral("PRODUCTION")));
        QCOMPARE(ui::CockpitSettings::activeConnection().name, QStringLiteral("Lyon"));
        QCOMPARE(ui::CockpitSettings::activeConnection().url,
                 QUrl(QStringLiteral("https://erp.lyon.example")));
        QVERIFY(page->profileList()->item(0)->text().contains(QStringLiteral("next start")));

        // Remove: gone from the list, the settings and the keychain.
        QVERIFY(page->removeProfile(0));
        QCOMPARE(page->profileList()->count(), 1);
        QCOMPARE(ui::CockpitSettings::load().profiles.size(), 1);
        QVERIFY(stored.isEmpty());
    }

    void leadChangesTheDuplicateRules() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        SettingsPage *page = w.settingsPage();
        QCOMPARE(m_f.desk->actor().role, Role::Lead);
        QVERIFY(page->rulesEditable());
        QVERIFY(page->rulesStatus().contains(QStringLiteral("built-in")));
        QCOMPARE(page->duplicateThresholdBox()->value(),
                 DuplicateRules::defaults().weights.duplicateThreshold);
        // The threshold box edits the rules text.
        page->duplicateThresholdBox()->setValue(5.5);
        const QJsonObject edited =
            QJsonDocument::fromJson(page->rulesEditor()->toPlainText().toUtf8()).object();
        QCOMPARE(edited.value(QStringLiteral("thresholds"))
                     .toObject()
                     .value(QStringLiteral("duplicate"))
                     .toDouble(),
                 5.5);
        QString message;
        QVERIFY2(page->saveRules(&message), qPrintable(message));
        QString error;
        QCOMPARE(
            DuplicateRules::fromJson(m_f.desk->duplicateRules(), &error).weights.duplicateThreshold,
            5.5);
        QVERIFY(error.isEmpty());
        QVERIFY(page->rulesStatus().contains(QStringLiteral("the team's duplicate rules")));

        // Broken rules are never stored.
        page->rulesEditor()->setPlainText(
            QStringLiteral("{\"thresholds\": {\"duplicate\": \"x\"}"));
        QVERIFY(!page->saveRules(&message));
        QVERIFY(message.contains(QStringLiteral("not saved")));
        QCOMPARE(
            DuplicateRules::fromJson(m_f.desk->duplicateRules(), &error).weights.duplicateThreshold,
            5.5);
    }

    void aPlannerSeesTheRulesButCannotChangeThem() {
        // Once the store has members, a login without the lead role cannot change the rules.
        QVERIFY(m_f.desk->setMemberRole(QStringLiteral("anna"), Role::Lead).ok);
        ActionDesk viewer(*m_f.store, ActionDesk::actorFor(*m_f.store, QStringLiteral("os"),
                                                           QStringLiteral("planner"), 2));
        QVERIFY(viewer.actor().role != Role::Lead);
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), &viewer, nullptr);
        SettingsPage *page = w.settingsPage();
        QVERIFY(!page->rulesEditable());
        QVERIFY(page->rulesEditor()->isReadOnly());
        QVERIFY(!page->duplicateThresholdBox()->isEnabled());
        QVERIFY(page->rulesStatus().contains(QStringLiteral("Only a lead")));
        QVERIFY(page->rulesEditor()->toPlainText().contains(QStringLiteral("thresholds")));
        QString message;
        QVERIFY(!page->saveRules(&message));
        QVERIFY(viewer.duplicateRules().isEmpty());
    }

    void alertThresholdsAndLanguagePersist() {
        {
            MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
            SettingsPage *page = w.settingsPage();
            QSignalSpy changed(page, &SettingsPage::alertThresholdsChanged);
            page->backlogBox()->setValue(7);
            page->latencyBox()->setValue(1500);
            page->rateBox()->setValue(12.5);
            page->slaBox()->setValue(6);
            QVERIFY(changed.count() >= 3);
            page->languageBox()->setCurrentIndex(
                page->languageBox()->findData(QStringLiteral("de")));
            QVERIFY(page->languageNote().contains(QStringLiteral("Deutsch")));
            QVERIFY(page->languageNote().contains(QStringLiteral("starts again")));
        }
        const ui::CockpitSettings s = ui::CockpitSettings::load();
        QCOMPARE(s.alerts.backlog, 7);
        QCOMPARE(s.alerts.latencyMs, 1500);
        QCOMPARE(s.alerts.duplicateRatePercent, 12.5);
        QCOMPARE(s.slaHours, 6);
        QCOMPARE(s.language, QStringLiteral("de"));
        // A new window starts from the saved values.
        MainWindow again(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        QCOMPARE(again.settingsPage()->backlogBox()->value(), 7);
    }

    void darkThemeReachesEveryWindowAndTheCharts() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.showPage(MainWindow::Page::Charts);
        w.show();
        QVERIFY(!w.chartsPage()->darkCharts());
        w.settingsPage()->setTheme(ui::ThemeChoice::Dark);
        QCOMPARE(ui::appliedTheme(), ui::ThemeChoice::Dark);
        QTRY_VERIFY(ui::isDark(w.palette()));
        QVERIFY(ui::isDark(w.orderTable()->palette()));
        QTRY_VERIFY(w.chartsPage()->darkCharts());
        QChart *chart = w.chartsPage()->chartView(0)->chart();
        QVERIFY(chart->backgroundBrush().color().lightness() < 100);
        QCOMPARE(ui::CockpitSettings::load().theme, QStringLiteral("dark"));
        // A dialog opened now is dark too.
        QDialog dialog(&w);
        QVERIFY(ui::isDark(dialog.palette()));

        w.settingsPage()->setTheme(ui::ThemeChoice::Light);
        QTRY_VERIFY(!ui::isDark(w.palette()));
        QTRY_VERIFY(!w.chartsPage()->darkCharts());
        w.settingsPage()->setTheme(ui::ThemeChoice::System);
        QCOMPARE(QApplication::palette().color(QPalette::Base),
                 ui::systemPalette().color(QPalette::Base));
    }

    void productionIsMarkedOnEveryWindow() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile(true));
        w.show();
        QVERIFY(w.windowTitle().contains(QStringLiteral("PRODUCTION: Plant")));
        auto *band = w.findChild<QLabel *>(QStringLiteral("environmentBand"));
        QVERIFY(band);
        QVERIFY(band->isVisible());
        QVERIFY(band->text().startsWith(QStringLiteral("PRODUCTION")));
        QCOMPARE(band->palette().color(QPalette::Window), ui::productionColor());

        // A dialog and a message box opened from it carry the mark in their title and a red line
        // along their top.
        QDialog dialog(&w);
        dialog.setWindowTitle(QStringLiteral("Escalate C-000001"));
        dialog.resize(300, 200);
        dialog.show();
        QVERIFY(dialog.windowTitle().startsWith(QStringLiteral("Escalate C-000001")));
        QVERIFY(dialog.windowTitle().contains(QStringLiteral("PRODUCTION: Plant")));
        auto *strip = dialog.findChild<QWidget *>(ui::EnvironmentMarker::stripName());
        QVERIFY(strip);
        QVERIFY(strip->isVisible());
        QCOMPARE(strip->width(), dialog.width());
        QCOMPARE(strip->palette().color(QPalette::Window), ui::productionColor());
        // The title the dialog's code sets later is marked too, once.
        dialog.setWindowTitle(QStringLiteral("Escalated"));
        QCOMPARE(dialog.windowTitle().count(QStringLiteral("PRODUCTION")), 1);
        QVERIFY(dialog.windowTitle().startsWith(QStringLiteral("Escalated")));

        QMessageBox box(QMessageBox::Question, QStringLiteral("Release hold"),
                        QStringLiteral("Release?"), QMessageBox::Yes, &w);
        box.show();
        QVERIFY(box.windowTitle().contains(QStringLiteral("PRODUCTION")));
        QVERIFY(box.findChild<QWidget *>(ui::EnvironmentMarker::stripName()));
    }

    void stagingIsMarkedToo() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile(false));
        QVERIFY(w.windowTitle().contains(QStringLiteral("staging: Test")));
        QVERIFY(!w.windowTitle().contains(QStringLiteral("PRODUCTION")));
        auto *band = w.findChild<QLabel *>(QStringLiteral("environmentBand"));
        QVERIFY(band);
        QCOMPARE(band->palette().color(QPalette::Window), ui::stagingColor());
        QDialog dialog(&w);
        dialog.show();
        QCOMPARE(dialog.findChild<QWidget *>(ui::EnvironmentMarker::stripName())
                     ->palette()
                     .color(QPalette::Window),
                 ui::stagingColor());
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
