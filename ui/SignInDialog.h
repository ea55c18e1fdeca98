// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/ConnectionProfile.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace o2c::ui {

// Asks where and as whom to connect to Odoo. The secret goes to the caller (for the keychain),
// never to settings.
class SignInDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)
public:
    explicit SignInDialog(const odoo::ConnectionProfile &initial, QWidget *parent = nullptr);

    odoo::ConnectionProfile profile() const;
    bool rememberSecret() const;
    void setProblem(const QString &text); // shown above the buttons, e.g. why sign-in failed

private:
    void validate();

    odoo::ConnectionProfile m_initial;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_database = nullptr;
    QLineEdit *m_login = nullptr;
    QLineEdit *m_secret = nullptr;
    QCheckBox *m_production = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace o2c::ui
