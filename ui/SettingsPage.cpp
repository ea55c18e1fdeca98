// SPDX-License-Identifier: GPL-3.0-or-later
#include "SettingsPage.h"

#include "AlertCenter.h"
#include "CockpitColors.h"
#include "CockpitContext.h"
#include "LanguageSetup.h"
#include "RulesAccess.h"
#include "dedup/DuplicateRules.h"
#include "flow/OrderBook.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QVBoxLayout>

namespace o2c::ui {

namespace {
QLabel *note(const QString &text, QWidget *parent) {
    auto *l = new QLabel(text, parent);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

QLabel *heading(const QString &text, QWidget *parent) {
    auto *l = new QLabel(text, parent);
    QFont f = l->font();
    f.setWeight(QFont::DemiBold);
    l->setFont(f);
    return l;
}

void setMessage(QLabel *label, const QString &text, bool problem) {
    label->setText(text);
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText,
                 problem ? productionColor()
                         : label->parentWidget()->palette().color(QPalette::WindowText));
    label->setPalette(pal);
    label->setVisible(!text.isEmpty());
}

// The thresholds of a rules file ("thresholds": {"duplicate": 4, "suspect": 1}).
bool readThresholds(const QByteArray &json, double *duplicate, double *suspect) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return false;
    const QJsonObject t = doc.object().value(QStringLiteral("thresholds")).toObject();
    const DuplicateRules defaults = DuplicateRules::defaults();
    *duplicate = t.value(QStringLiteral("duplicate")).toDouble(defaults.weights.duplicateThreshold);
    *suspect = t.value(QStringLiteral("suspect")).toDouble(defaults.weights.suspectThreshold);
    return true;
}
} // namespace

SettingsPage::SettingsPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context)
    , m_settings(CockpitSettings::load()) {
    auto *v = new QVBoxLayout(this);
    auto *title = heading(tr("Settings"), this);
    v->addWidget(title);
    m_tabs = new QTabWidget(this);
    m_tabs->setAccessibleName(tr("Settings sections"));
    m_tabs->addTab(buildConnections(), tr("&Connections"));
    m_tabs->addTab(buildRules(), tr("Duplicate &rules"));
    m_tabs->addTab(buildAlerts(), tr("A&lerts and shift"));
    m_tabs->addTab(buildAppearance(), tr("Appea&rance"));
    v->addWidget(m_tabs, 1);
    fillProfiles();
    refresh();
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::setHooks(SettingsHooks hooks) {
    m_hooks = std::move(hooks);
    m_restart->setEnabled(bool(m_hooks.restart));
}

void SettingsPage::showTab(Tab tab) {
    m_tabs->setCurrentIndex(int(tab));
}

// ---- Connections ---------------------------------------------------------------------------

QWidget *SettingsPage::buildConnections() {
    auto *page = new QWidget(this);
    auto *h = new QHBoxLayout(page);
    auto *left = new QVBoxLayout;
    left->addWidget(heading(tr("Saved connections"), page));
    m_profiles = new QListWidget(page);
    m_profiles->setAccessibleName(tr("Saved connections"));
    left->addWidget(m_profiles, 1);
    m_noProfiles = new QLabel(tr("No connection is saved yet: fill in the form and choose Save "
                                 "connection. A connection you sign in to joins the list."),
                              page);
    m_noProfiles->setWordWrap(true);
    m_noProfiles->setForegroundRole(QPalette::PlaceholderText);
    left->addWidget(m_noProfiles);
    auto *listButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&New"), page);
    add->setAccessibleName(tr("New connection"));
    m_removeProfile = new QPushButton(tr("Re&move"), page);
    m_removeProfile->setAccessibleName(tr("Remove the selected connection"));
    listButtons->addWidget(add);
    listButtons->addWidget(m_removeProfile);
    left->addLayout(listButtons);
    h->addLayout(left, 2);

    auto *right = new QVBoxLayout;
    right->addWidget(heading(tr("Connection"), page));
    auto *form = new QFormLayout;
    m_name = new QLineEdit(page);
    m_name->setAccessibleName(tr("Connection name"));
    m_name->setPlaceholderText(tr("Plant Lyon production"));
    m_url = new QLineEdit(page);
    m_url->setAccessibleName(tr("Odoo server address"));
    m_url->setPlaceholderText(QStringLiteral("https://erp.example.com"));
    m_database = new QLineEdit(page);
    m_database->setAccessibleName(tr("Odoo database"));
    m_login = new QLineEdit(page);
    m_login->setAccessibleName(tr("Odoo login"));
    m_secret = new QLineEdit(page);
    m_secret->setAccessibleName(tr("Password or API key"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("Empty: keep the stored one"));
    m_production = new QCheckBox(tr("This is a &production database"), page);
    m_production->setAccessibleName(tr("Production database"));
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Server &address:"), m_url);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("&Password:"), m_secret);
    form->addRow(QString(), m_production);
    right->addLayout(form);
    right->addWidget(note(tr("Passwords and API keys go to the system keychain, never into the "
                             "settings file. Production connections are marked red on every "
                             "window; staging ones teal."),
                          page));
    auto *formButtons = new QHBoxLayout;
    auto *save = new QPushButton(tr("&Save connection"), page);
    save->setAccessibleName(tr("Save the connection"));
    m_useProfile = new QPushButton(tr("&Use at next start"), page);
    m_useProfile->setAccessibleName(tr("Use this connection at the next start"));
    formButtons->addWidget(save);
    formButtons->addWidget(m_useProfile);
    formButtons->addStretch(1);
    right->addLayout(formButtons);
    m_profileMessage = new QLabel(page);
    m_profileMessage->setWordWrap(true);
    m_profileMessage->hide();
    right->addWidget(m_profileMessage);
    right->addStretch(1);
    h->addLayout(right, 3);

    connect(m_profiles, &QListWidget::currentRowChanged, this, &SettingsPage::showProfile);
    connect(add, &QPushButton::clicked, this, &SettingsPage::newProfile);
    connect(save, &QPushButton::clicked, this, [this] {
        QString message;
        saveProfile(&message);
    });
    connect(m_removeProfile, &QPushButton::clicked, this, [this] {
        const int row = m_profiles->currentRow();
        if (row < 0 || row >= m_settings.profiles.size())
            return;
        if (QMessageBox::question(this, tr("Remove connection"),
                                  tr("Remove the connection %1 and forget its password?")
                                      .arg(m_settings.profiles.at(row).name),
                                  QMessageBox::Yes | QMessageBox::Cancel,
                                  QMessageBox::Cancel) == QMessageBox::Yes)
            removeProfile(row);
    });
    connect(m_useProfile, &QPushButton::clicked, this, [this] {
        QString message;
        if (switchToProfile(m_profiles->currentRow(), &message) && m_hooks.restart)
            askRestart(message);
    });
    return page;
}

void SettingsPage::fillProfiles() {
    const int keep = m_profiles->currentRow();
    m_profiles->clear();
    const SavedProfile active = CockpitSettings::activeConnection();
    for (const SavedProfile &p : m_settings.profiles) {
        const bool inUse = p.name == m_ctx.profile.name && p.url == m_ctx.profile.url;
        const bool next = p.name == active.name && p.url == active.url;
        QString text =
            p.production ? tr("%1 — production").arg(p.name) : tr("%1 — staging").arg(p.name);
        if (inUse)
            text = tr("%1 (in use)").arg(text);
        else if (next)
            text = tr("%1 (at next start)").arg(text);
        auto *item = new QListWidgetItem(dotIcon(p.production ? productionColor() : stagingColor()),
                                         text, m_profiles);
        item->setToolTip(
            tr("%1, database %2, login %3").arg(p.url.toDisplayString(), p.database, p.login));
        if (inUse) {
            QFont f = item->font();
            f.setBold(true);
            item->setFont(f);
        }
    }
    if (!m_settings.profiles.isEmpty())
        m_profiles->setCurrentRow(std::clamp(keep, 0, int(m_settings.profiles.size()) - 1));
    else
        newProfile();
    m_removeProfile->setEnabled(!m_settings.profiles.isEmpty());
    m_useProfile->setEnabled(!m_settings.profiles.isEmpty());
    m_noProfiles->setHidden(!m_settings.profiles.isEmpty());
}

void SettingsPage::showProfile(int row) {
    if (row < 0 || row >= m_settings.profiles.size())
        return;
    const SavedProfile &p = m_settings.profiles.at(row);
    m_editingRow = row;
    m_name->setText(p.name);
    m_url->setText(p.url.toString());
    m_database->setText(p.database);
    m_login->setText(p.login);
    m_secret->clear();
    m_production->setChecked(p.production);
    setProfileMessage({}, false);
}

void SettingsPage::newProfile() {
    m_editingRow = -1;
    m_profiles->setCurrentRow(-1);
    for (QLineEdit *e : {m_name, m_url, m_database, m_login, m_secret})
        e->clear();
    m_production->setChecked(false);
    setProfileMessage({}, false);
    m_name->setFocus(Qt::OtherFocusReason);
}

bool SettingsPage::saveProfile(QString *message) {
    const auto fail = [&](const QString &why, QWidget *field) {
        *message = why;
        setProfileMessage(why, true);
        field->setFocus(Qt::OtherFocusReason);
        return false;
    };
    SavedProfile p;
    p.name = m_name->text().trimmed();
    p.url = QUrl::fromUserInput(m_url->text().trimmed());
    p.database = m_database->text().trimmed();
    p.login = m_login->text().trimmed();
    p.production = m_production->isChecked();
    if (p.name.isEmpty())
        return fail(tr("Give the connection a name."), m_name);
    for (int i = 0; i < m_settings.profiles.size(); ++i)
        if (i != m_editingRow && m_settings.profiles.at(i).name == p.name)
            return fail(
                tr("A connection named %1 exists already; choose another name.").arg(p.name),
                m_name);
    if (m_url->text().trimmed().isEmpty() || !p.url.isValid() ||
        (p.url.scheme() != QLatin1String("https") && p.url.scheme() != QLatin1String("http")))
        return fail(tr("The server address must be an http or https address, e.g. "
                       "https://erp.example.com."),
                    m_url);
    if (p.database.isEmpty())
        return fail(tr("Name the Odoo database."), m_database);
    if (p.login.isEmpty())
        return fail(tr("Give the Odoo login."), m_login);

    QString secretNote;
    const QString secret = m_secret->text();
    if (!secret.isEmpty()) {
        QString problem;
        if (!m_hooks.storeSecret)
            secretNote = tr("No keychain is available here: the password was not stored and "
                            "will be asked at sign-in.");
        else if (!m_hooks.storeSecret(p, secret, &problem))
            secretNote = tr("The password was not stored in the keychain (%1); it will be asked "
                            "at sign-in.")
                             .arg(problem);
        m_secret->clear();
    }
    if (m_editingRow >= 0 && m_editingRow < m_settings.profiles.size())
        m_settings.profiles[m_editingRow] = p;
    else {
        m_settings.profiles.append(p);
        m_editingRow = int(m_settings.profiles.size()) - 1;
    }
    m_settings.save();
    const int row = m_editingRow;
    fillProfiles();
    m_profiles->setCurrentRow(row);
    *message = secretNote.isEmpty() ? tr("Connection %1 saved.").arg(p.name)
                                    : tr("Connection %1 saved. %2").arg(p.name, secretNote);
    setProfileMessage(*message, !secretNote.isEmpty());
    return true;
}

bool SettingsPage::removeProfile(int row) {
    if (row < 0 || row >= m_settings.profiles.size())
        return false;
    const SavedProfile p = m_settings.profiles.takeAt(row);
    m_settings.save();
    QString problem;
    if (m_hooks.forgetSecret)
        m_hooks.forgetSecret(p, &problem);
    fillProfiles();
    setProfileMessage(problem.isEmpty()
                          ? tr("Connection %1 removed.").arg(p.name)
                          : tr("Connection %1 removed; its password could not be removed from "
                               "the keychain: %2")
                                .arg(p.name, problem),
                      !problem.isEmpty());
    return true;
}

bool SettingsPage::switchToProfile(int row, QString *message) {
    if (row < 0 || row >= m_settings.profiles.size()) {
        *message = tr("Select a saved connection first.");
        setProfileMessage(*message, true);
        return false;
    }
    const SavedProfile &p = m_settings.profiles.at(row);
    CockpitSettings::saveActiveConnection(p);
    fillProfiles();
    *message = p.production
                   ? tr("The cockpit signs in to %1 (PRODUCTION) when it starts again.").arg(p.name)
                   : tr("The cockpit signs in to %1 (staging) when it starts again.").arg(p.name);
    setProfileMessage(*message, false);
    return true;
}

QString SettingsPage::profileMessage() const {
    return m_profileMessage->text();
}

void SettingsPage::setProfileMessage(const QString &text, bool problem) {
    m_profileMessage->setProperty("problem", problem);
    setMessage(m_profileMessage, text, problem);
}

void SettingsPage::askRestart(const QString &why) {
    if (!m_hooks.restart)
        return;
    if (QMessageBox::question(this, tr("Restart the cockpit"),
                              tr("%1 Restart now? Queued actions are kept and sent after the "
                                 "restart.")
                                  .arg(why),
                              QMessageBox::Yes | QMessageBox::No,
                              QMessageBox::No) == QMessageBox::Yes)
        m_hooks.restart();
}

// ---- Duplicate rules -----------------------------------------------------------------------

QWidget *SettingsPage::buildRules() {
    auto *page = new QWidget(this);
    auto *v = new QVBoxLayout(page);
    m_rulesState = new QLabel(page);
    m_rulesState->setWordWrap(true);
    v->addWidget(m_rulesState);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint); // numbers need no full width
    m_duplicateThreshold = new QDoubleSpinBox(page);
    m_duplicateThreshold->setAccessibleName(tr("Duplicate threshold"));
    m_duplicateThreshold->setRange(-50, 50);
    m_duplicateThreshold->setDecimals(1);
    m_duplicateThreshold->setSingleStep(0.5);
    m_suspectThreshold = new QDoubleSpinBox(page);
    m_suspectThreshold->setAccessibleName(tr("Suspect threshold"));
    m_suspectThreshold->setRange(-50, 50);
    m_suspectThreshold->setDecimals(1);
    m_suspectThreshold->setSingleStep(0.5);
    form->addRow(tr("&Duplicate at a score of at least:"), m_duplicateThreshold);
    form->addRow(tr("&Suspect at a score of at least:"), m_suspectThreshold);
    v->addLayout(form);
    v->addWidget(note(tr("A pair of orders scores the sum of its evidence's weights (see the "
                         "comparison on the duplicate desk). Every weight, tolerance, window and "
                         "customer override is in the rules below."),
                      page));
    auto *rulesLabel = new QLabel(tr("R&ules (JSON):"), page);
    v->addWidget(rulesLabel);
    m_rulesEditor = new QPlainTextEdit(page);
    m_rulesEditor->setAccessibleName(tr("Duplicate rules"));
    m_rulesEditor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rulesEditor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rulesEditor->setTabChangesFocus(true);
    rulesLabel->setBuddy(m_rulesEditor);
    v->addWidget(m_rulesEditor, 1);
    auto *buttons = new QHBoxLayout;
    m_saveRules = new QPushButton(tr("Save &rules for the team"), page);
    m_saveRules->setAccessibleName(tr("Save the duplicate rules for the team"));
    m_loadRules = new QPushButton(tr("&Open rules file…"), page);
    m_loadRules->setAccessibleName(tr("Open a rules file"));
    auto *exportRules = new QPushButton(tr("&Export rules file…"), page);
    exportRules->setAccessibleName(tr("Export the rules to a file"));
    m_builtInRules = new QPushButton(tr("&Built-in rules"), page);
    m_builtInRules->setAccessibleName(tr("Put the built-in rules in the editor"));
    buttons->addWidget(m_saveRules);
    buttons->addWidget(m_loadRules);
    buttons->addWidget(exportRules);
    buttons->addWidget(m_builtInRules);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_rulesMessage = new QLabel(page);
    m_rulesMessage->setWordWrap(true);
    m_rulesMessage->hide();
    v->addWidget(m_rulesMessage);

    connect(m_rulesEditor, &QPlainTextEdit::textChanged, this, &SettingsPage::rulesTextEdited);
    connect(m_duplicateThreshold, &QDoubleSpinBox::valueChanged, this,
            &SettingsPage::thresholdEdited);
    connect(m_suspectThreshold, &QDoubleSpinBox::valueChanged, this,
            &SettingsPage::thresholdEdited);
    connect(m_saveRules, &QPushButton::clicked, this, [this] {
        QString message;
        saveRules(&message);
    });
    connect(m_builtInRules, &QPushButton::clicked, this, [this] {
        m_rulesEditor->setPlainText(QString::fromUtf8(DuplicateRules::defaultJson()));
    });
    connect(m_loadRules, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open rules file"),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
            tr("Rules files (*.json)"));
        if (path.isEmpty())
            return;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            setRulesMessage(
                tr("%1 could not be read: %2").arg(QDir::toNativeSeparators(path), f.errorString()),
                true);
            return;
        }
        m_rulesEditor->setPlainText(QString::fromUtf8(f.readAll()));
    });
    connect(exportRules, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export rules file"),
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) +
                QStringLiteral("/duplicate-rules.json"),
            tr("Rules files (*.json)"));
        if (path.isEmpty())
            return;
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(m_rulesEditor->toPlainText().toUtf8()) < 0 ||
            !f.commit()) {
            setRulesMessage(tr("%1 could not be written: %2")
                                .arg(QDir::toNativeSeparators(path), f.errorString()),
                            true);
            return;
        }
        setRulesMessage(tr("Rules written to %1.").arg(QDir::toNativeSeparators(path)), false);
    });
    return page;
}

void SettingsPage::refresh() {
    const QString refusal = RulesAccess::editRefusal(m_ctx.desk);
    const bool editable = refusal.isEmpty();
    // The book applies the team's rules as soon as they change (OrderBook::followTeamRules).
    const QDateTime since = m_ctx.book ? m_ctx.book->duplicateRulesSince() : QDateTime();
    const QString when = QLocale().toString(since.toLocalTime(), QLocale::ShortFormat);
    QString source;
    if (RulesAccess::isBuiltIn(m_ctx.desk))
        source = since.isValid()
                     ? tr("The team store holds no rules of its own: the built-in duplicate rules "
                          "below are in force, since %1.")
                           .arg(when)
                     : tr("The team store holds no rules of its own: the built-in duplicate rules "
                          "below are in force.");
    else
        source = since.isValid() ? tr("These are the team's duplicate rules, kept in the team "
                                      "store and in force in this cockpit since %1.")
                                       .arg(when)
                                 : tr("These are the team's duplicate rules, kept in the team "
                                      "store and in force in this cockpit.");
    m_rulesState->setText(editable ? tr("%1 You may change them: every change is recorded in "
                                        "the audit log.")
                                         .arg(source)
                                   : tr("%1 %2").arg(source, refusal));
    if (!m_rulesEditor->document()->isModified() || !editable) {
        m_syncingRules = true;
        m_rulesEditor->setPlainText(QString::fromUtf8(RulesAccess::currentJson(m_ctx.desk)));
        m_rulesEditor->document()->setModified(false);
        m_syncingRules = false;
        rulesTextEdited();
    }
    m_rulesEditor->setReadOnly(!editable);
    for (QWidget *w : std::initializer_list<QWidget *>{m_duplicateThreshold, m_suspectThreshold,
                                                       m_saveRules, m_builtInRules, m_loadRules})
        w->setEnabled(editable);
    m_saveRules->setToolTip(editable ? tr("Store the rules in the team store") : refusal);
}

bool SettingsPage::rulesEditable() const {
    return RulesAccess::editRefusal(m_ctx.desk).isEmpty();
}

QString SettingsPage::rulesStatus() const {
    return m_rulesState->text();
}

bool SettingsPage::saveRules(QString *message) {
    const ActionDesk::Outcome out =
        RulesAccess::save(m_ctx.desk, m_rulesEditor->toPlainText().toUtf8());
    *message = out.ok ? tr("The duplicate rules are saved for the team and recorded in the "
                           "audit log.")
                      : out.message;
    setRulesMessage(*message, !out.ok);
    if (out.ok) {
        m_rulesEditor->document()->setModified(false);
        refresh();
    }
    return out.ok;
}

void SettingsPage::setRulesMessage(const QString &text, bool problem) {
    setMessage(m_rulesMessage, text, problem);
}

void SettingsPage::rulesTextEdited() {
    if (m_syncingRules && !m_rulesEditor->toPlainText().isEmpty())
        return;
    const QByteArray json = m_rulesEditor->toPlainText().toUtf8();
    const QString problem = RulesAccess::problemIn(json);
    double duplicate = 0, suspect = 0;
    if (problem.isEmpty() && readThresholds(json, &duplicate, &suspect)) {
        m_syncingRules = true;
        m_duplicateThreshold->setValue(duplicate);
        m_suspectThreshold->setValue(suspect);
        m_syncingRules = false;
    }
    if (!m_rulesEditor->isReadOnly())
        setRulesMessage(problem.isEmpty() ? QString()
                                          : tr("These rules cannot be used: %1").arg(problem),
                        !problem.isEmpty());
}

void SettingsPage::thresholdEdited() {
    if (m_syncingRules)
        return;
    QJsonDocument doc = QJsonDocument::fromJson(m_rulesEditor->toPlainText().toUtf8());
    if (!doc.isObject())
        return;
    QJsonObject root = doc.object();
    QJsonObject t = root.value(QStringLiteral("thresholds")).toObject();
    t.insert(QStringLiteral("duplicate"), m_duplicateThreshold->value());
    t.insert(QStringLiteral("suspect"), m_suspectThreshold->value());
    root.insert(QStringLiteral("thresholds"), t);
    m_syncingRules = true;
    m_rulesEditor->setPlainText(
        QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
    m_rulesEditor->document()->setModified(true);
    m_syncingRules = false;
    const QString problem = RulesAccess::problemIn(m_rulesEditor->toPlainText().toUtf8());
    setRulesMessage(problem.isEmpty() ? QString()
                                      : tr("These rules cannot be used: %1").arg(problem),
                    !problem.isEmpty());
}

// ---- Alerts and shift ----------------------------------------------------------------------

QWidget *SettingsPage::buildAlerts() {
    auto *page = new QWidget(this);
    auto *v = new QVBoxLayout(page);
    v->addWidget(note(tr("An alert is raised once when a figure reaches its threshold: a notice "
                         "above the screens and, where the desktop has one, a notification in "
                         "the system tray. It is raised again only after the figure went back "
                         "below."),
                      page));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    const AlertThresholds &t = m_settings.alerts;
    m_rate = new QDoubleSpinBox(page);
    m_rate->setAccessibleName(tr("Duplicate rate threshold"));
    m_rate->setRange(0.1, 100);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" %"));
    m_rate->setValue(t.duplicateRatePercent);
    m_backlog = new QSpinBox(page);
    m_backlog->setAccessibleName(tr("Backlog threshold"));
    m_backlog->setRange(1, 1000000);
    m_backlog->setValue(t.backlog);
    m_queue = new QSpinBox(page);
    m_queue->setAccessibleName(tr("Queue depth threshold"));
    m_queue->setRange(1, 1000000);
    m_queue->setValue(t.queueDepth);
    m_latency = new QSpinBox(page);
    m_latency->setAccessibleName(tr("Latency threshold"));
    m_latency->setRange(100, 600000);
    m_latency->setSingleStep(500);
    m_latency->setSuffix(tr(" ms"));
    m_latency->setValue(t.latencyMs);
    m_failures = new QSpinBox(page);
    m_failures->setAccessibleName(tr("Failures threshold"));
    m_failures->setRange(1, 10000);
    m_failures->setValue(t.failures);
    m_sla = new QSpinBox(page);
    m_sla->setAccessibleName(tr("Cluster SLA in hours"));
    m_sla->setRange(1, 240);
    m_sla->setSuffix(tr(" h"));
    m_sla->setValue(m_settings.slaHours);
    form->addRow(tr("&Duplicate rate today at least:"), m_rate);
    form->addRow(tr("&Backlog: open duplicate clusters at least:"), m_backlog);
    form->addRow(tr("&Queue depth: actions waiting for Odoo at least:"), m_queue);
    form->addRow(tr("&Latency of a sync pass at least:"), m_latency);
    form->addRow(tr("&Failures: failed passes in a row plus failed actions at least:"), m_failures);
    v->addLayout(form);
    v->addWidget(note(tr("The duplicate rate is judged once a day has at least %1 orders.")
                          .arg(AlertCenter::minimumOrdersForRate),
                      page));
    v->addSpacing(12);
    auto *shift = new QFormLayout;
    shift->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    shift->addRow(tr("Cluster &SLA: decided within"), m_sla);
    v->addLayout(shift);
    v->addStretch(1);
    for (QSpinBox *b : {m_backlog, m_queue, m_latency, m_failures})
        connect(b, &QSpinBox::valueChanged, this, &SettingsPage::alertsEdited);
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, &SettingsPage::alertsEdited);
    connect(m_sla, &QSpinBox::valueChanged, this, [this](int hours) {
        m_settings.slaHours = hours;
        m_settings.save();
        emit slaHoursChanged(hours);
    });
    return page;
}

void SettingsPage::alertsEdited() {
    AlertThresholds &t = m_settings.alerts;
    t.duplicateRatePercent = m_rate->value();
    t.backlog = m_backlog->value();
    t.queueDepth = m_queue->value();
    t.latencyMs = m_latency->value();
    t.failures = m_failures->value();
    m_settings.save();
    emit alertThresholdsChanged(t);
}

// ---- Appearance ----------------------------------------------------------------------------

QWidget *SettingsPage::buildAppearance() {
    auto *page = new QWidget(this);
    auto *v = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_language = new QComboBox(page);
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("Follow the system (%1)").arg(QLocale::system().nativeLanguageName()),
                        QString());
    // Each language in its own name: whoever cannot read the current one still finds theirs.
    for (const QString &code : language::available()) {
        const QLocale l{code};
        QString name = l.nativeLanguageName();
        if (!name.isEmpty())
            name[0] = name.at(0).toUpper();
        m_language->addItem(name, code);
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language)));
    m_theme = new QComboBox(page);
    m_theme->setAccessibleName(tr("Theme"));
    m_theme->addItem(tr("Follow the system"), themeKey(ThemeChoice::System));
    m_theme->addItem(tr("Light"), themeKey(ThemeChoice::Light));
    m_theme->addItem(tr("Dark"), themeKey(ThemeChoice::Dark));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(m_settings.theme)));
    form->addRow(tr("&Language:"), m_language);
    form->addRow(tr("&Theme:"), m_theme);
    v->addLayout(form);
    m_languageNote = note(tr("A new language takes effect when the cockpit starts again; the "
                             "theme changes at once."),
                          page);
    v->addWidget(m_languageNote);
    auto *restartRow = new QHBoxLayout;
    m_restart = new QPushButton(tr("Restart &now"), page);
    m_restart->setAccessibleName(tr("Restart the cockpit now"));
    m_restart->setEnabled(false);
    restartRow->addWidget(m_restart);
    restartRow->addStretch(1);
    v->addLayout(restartRow);
    v->addStretch(1);
    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        m_settings.language = m_language->currentData().toString();
        m_settings.save();
        m_languageNote->setText(
            tr("The cockpit speaks %1 when it starts again; the theme changes at once.")
                .arg(m_language->currentText()));
    });
    connect(m_theme, &QComboBox::currentIndexChanged, this, [this] {
        m_settings.theme = m_theme->currentData().toString();
        m_settings.save();
        applyTheme(themeFromKey(m_settings.theme));
    });
    connect(m_restart, &QPushButton::clicked, this, [this] {
        if (m_hooks.restart)
            m_hooks.restart();
    });
    return page;
}

void SettingsPage::setTheme(ThemeChoice choice) {
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(themeKey(choice))));
}

QString SettingsPage::languageNote() const {
    return m_languageNote->text();
}

} // namespace o2c::ui
