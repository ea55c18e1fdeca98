// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace o2c::ui {

// Lists the window's actions and their keys (Help > Keyboard shortcuts, F1), built from the
// actions themselves so it never disagrees with what the keys do.
class KeyboardShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyboardShortcutsDialog)
public:
    KeyboardShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
    ~KeyboardShortcutsDialog() override;

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table = nullptr;
};

} // namespace o2c::ui
