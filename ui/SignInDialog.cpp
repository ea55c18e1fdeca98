// SPDX-License-Identifier: GPL-3.0-or-later
#include "SignInDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace o2c::ui {

SignInDialog::SignInDialog(const odoo::ConnectionProfile &initial, QWidget *parent)
    : QDialog(parent)
    , m_initial(initial) {
    setWindowTitle(tr("Connect to Odoo"));
    auto *form = new QFormLayout;
    m_url = new QLineEdit(initial.url.toString(), this);
    m_url->setPlaceholderText(tr("https://erp.example.com"));
    m_url->setAccessibleName(tr("Server address"));
    m_database = new QLineEdit(initial.database, this);
    m_database->setAccessibleName(tr("Database"));
    m_login = new QLineEdit(initial.login, this);
    m_login->setAccessibleName(tr("Login"));
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(tr("Password or API key"));
    m_secret->setPlaceholderText(tr("Password or API key"));
    m_production = new QCheckBox(tr("This is the production database"), this);
    m_production->setChecked(initial.production);
    m_remember = new QCheckBox(tr("Remember the password in the system keychain"), this);
    m_remember->setChecked(true);
    form->addRow(tr("&Server:"), m_url);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("&Password or API key:"), m_secret);
    form->addRow(QString(), m_production);
    form->addRow(QString(), m_remember);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight);"));
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    for (QLineEdit *e : {m_url, m_database, m_login, m_secret})
        connect(e, &QLineEdit::textChanged, this, &SignInDialog::validate);
    validate();
    (m_url->text().isEmpty() ? m_url : m_secret)->setFocus();
}

void SignInDialog::validate() {
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    const bool ok =
        url.isValid() && !url.host().isEmpty() &&
        (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
        !m_database->text().trimmed().isEmpty() && !m_login->text().trimmed().isEmpty() &&
        !m_secret->text().isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

odoo::ConnectionProfile SignInDialog::profile() const {
    odoo::ConnectionProfile p = m_initial;
    p.url = QUrl::fromUserInput(m_url->text().trimmed());
    p.database = m_database->text().trimmed();
    p.login = m_login->text().trimmed();
    p.secret = m_secret->text();
    p.production = m_production->isChecked();
    return p;
}

bool SignInDialog::rememberSecret() const {
    return m_remember->isChecked();
}

void SignInDialog::setProblem(const QString &text) {
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

} // namespace o2c::ui
