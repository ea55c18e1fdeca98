// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CockpitSettings.h"
#include "Theme.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace o2c::ui {

struct CockpitContext;

// What the settings screen needs from the application around it.
struct SettingsHooks {
    // Keeps a connection's password or API key in the system keychain (never in the settings).
    std::function<bool(const SavedProfile &profile, const QString &secret, QString *error)>
        storeSecret;
    std::function<bool(const SavedProfile &profile, QString *error)> forgetSecret;
    // Starts the cockpit again, to sign in to another connection or speak another language. Null:
    // the screen says to restart by hand.
    std::function<void()> restart;
};

// The cockpit's settings: the Odoo connections (add, edit, remove, switch; production or
// staging), the team's duplicate rules and thresholds (lead only to change), the alert
// thresholds and the shift's SLA, the language and the light or dark theme. Everything is kept in
// the settings file except passwords, which go to the system keychain.
class SettingsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)
public:
    enum Tab : int { ConnectionsTab, RulesTab, AlertsTab, AppearanceTab };

    SettingsPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~SettingsPage() override;

    void setHooks(SettingsHooks hooks);
    // Reads the rules and the role again (the team desk arrived, another lead changed them).
    void refresh();
    void showTab(Tab tab);
    const CockpitSettings &settings() const { return m_settings; }

    // Connections.
    QListWidget *profileList() const { return m_profiles; }
    QLabel *noProfilesLabel() const { return m_noProfiles; }
    void newProfile();                               // empties the form for a new connection
    bool saveProfile(QString *message);              // the form into the list; false: what is wrong
    bool removeProfile(int row);                     // also forgets its password in the keychain
    bool switchToProfile(int row, QString *message); // the one used at the next start
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *databaseEdit() const { return m_database; }
    QLineEdit *loginEdit() const { return m_login; }
    QLineEdit *secretEdit() const { return m_secret; }
    QCheckBox *productionBox() const { return m_production; }
    QString profileMessage() const;

    // Duplicate rules.
    QPlainTextEdit *rulesEditor() const { return m_rulesEditor; }
    QDoubleSpinBox *duplicateThresholdBox() const { return m_duplicateThreshold; }
    QDoubleSpinBox *suspectThresholdBox() const { return m_suspectThreshold; }
    bool rulesEditable() const;
    QString rulesStatus() const;
    bool saveRules(QString *message);

    // Alerts and shift.
    QDoubleSpinBox *rateBox() const { return m_rate; }
    QSpinBox *backlogBox() const { return m_backlog; }
    QSpinBox *queueBox() const { return m_queue; }
    QSpinBox *latencyBox() const { return m_latency; }
    QSpinBox *failuresBox() const { return m_failures; }
    QSpinBox *slaBox() const { return m_sla; }

    // Appearance.
    QComboBox *languageBox() const { return m_language; }
    QComboBox *themeBox() const { return m_theme; }
    void setTheme(ThemeChoice choice);
    QString languageNote() const;

signals:
    void alertThresholdsChanged(const o2c::ui::AlertThresholds &thresholds);
    void slaHoursChanged(int hours);

private:
    QWidget *buildConnections();
    QWidget *buildRules();
    QWidget *buildAlerts();
    QWidget *buildAppearance();
    void fillProfiles();
    void showProfile(int row);
    void setProfileMessage(const QString &text, bool problem);
    void alertsEdited();
    void rulesTextEdited();
    void thresholdEdited();
    void setRulesMessage(const QString &text, bool problem);
    void askRestart(const QString &why);

    const CockpitContext &m_ctx;
    CockpitSettings m_settings;
    SettingsHooks m_hooks;
    bool m_syncingRules = false;

    QTabWidget *m_tabs = nullptr;
    QListWidget *m_profiles = nullptr;
    QLabel *m_noProfiles = nullptr; // says how the empty list fills
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_production = nullptr;
    QLabel *m_profileMessage = nullptr;
    QPushButton *m_removeProfile = nullptr;
    QPushButton *m_useProfile = nullptr;
    int m_editingRow = -1; // -1: a new profile

    QLabel *m_rulesState = nullptr;
    QLabel *m_rulesMessage = nullptr;
    QDoubleSpinBox *m_duplicateThreshold = nullptr;
    QDoubleSpinBox *m_suspectThreshold = nullptr;
    QPlainTextEdit *m_rulesEditor = nullptr;
    QPushButton *m_saveRules = nullptr;
    QPushButton *m_builtInRules = nullptr;
    QPushButton *m_loadRules = nullptr;

    QDoubleSpinBox *m_rate = nullptr;
    QSpinBox *m_backlog = nullptr;
    QSpinBox *m_queue = nullptr;
    QSpinBox *m_latency = nullptr;
    QSpinBox *m_failures = nullptr;
    QSpinBox *m_sla = nullptr;

    QComboBox *m_language = nullptr;
    QComboBox *m_theme = nullptr;
    QLabel *m_languageNote = nullptr;
    QPushButton *m_restart = nullptr;
};

} // namespace o2c::ui
