// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;

namespace o2c::ui {

// Asks why manufacturing is held for an order. The reason goes to Odoo with the hold, so a
// colleague reading the order later knows why it waits.
class HoldReasonDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HoldReasonDialog)
public:
    HoldReasonDialog(const QString &orderName, QWidget *parent = nullptr);
    ~HoldReasonDialog() override;

    QString reason() const;
    void setReason(const QString &reason);

    // Shows the dialog; the reason, or nothing when the planner cancelled.
    static std::optional<QString> ask(const QString &orderName, QWidget *parent);

private:
    QComboBox *m_reason = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace o2c::ui
