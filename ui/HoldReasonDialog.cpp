// SPDX-License-Identifier: GPL-3.0-or-later
#include "HoldReasonDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace o2c::ui {

HoldReasonDialog::HoldReasonDialog(const QString &orderName, QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("Hold manufacturing for %1").arg(orderName));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("No manufacturing demand, reservation or procurement will proceed "
                                "from %1 until the hold is released.\nWhy is it held?")
                                 .arg(orderName),
                             this);
    intro->setWordWrap(true);
    setMinimumWidth(460);
    layout->addWidget(intro);

    // Editable with the usual reasons offered: most holds have one of a few causes.
    m_reason = new QComboBox(this);
    m_reason->setEditable(true);
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_reason->addItems({QString(), tr("Suspected duplicate order"),
                        tr("Waiting for the customer to confirm"), tr("Credit check pending"),
                        tr("Amendment under review")});
    m_reason->lineEdit()->setPlaceholderText(tr("Reason (required)"));
    m_reason->setAccessibleName(tr("Reason for the hold"));
    m_reason->setMinimumContentsLength(36);
    intro->setBuddy(m_reason);
    layout->addWidget(m_reason);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Hold MRP"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto updateOk = [this] {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
    };
    connect(m_reason, &QComboBox::editTextChanged, this, updateOk);
    updateOk();
    m_reason->setFocus();
}

HoldReasonDialog::~HoldReasonDialog() = default;

QString HoldReasonDialog::reason() const {
    return m_reason->currentText().trimmed();
}

void HoldReasonDialog::setReason(const QString &reason) {
    m_reason->setEditText(reason);
}

std::optional<QString> HoldReasonDialog::ask(const QString &orderName, QWidget *parent) {
    HoldReasonDialog dialog(orderName, parent);
    if (dialog.exec() != QDialog::Accepted || dialog.reason().isEmpty())
        return std::nullopt;
    return dialog.reason();
}

} // namespace o2c::ui
