// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "actions/ActionRecord.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace o2c {
class ActionDesk;
class ActionExecutor;
class IntakeExceptionModel;
} // namespace o2c

namespace o2c::ui {

// The middleware hub's transactions that wait for a planner (quarantined as suspected
// duplicates, failed, dead-lettered), for the exception queue: release, reject (with a reason)
// or replay, each written to the outbox and sent to the hub with its Idempotency-Key.
class IntakeExceptionsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntakeExceptionsPanel)
public:
    explicit IntakeExceptionsPanel(IntakeExceptionModel *model, QWidget *parent = nullptr);
    ~IntakeExceptionsPanel() override;

    // Without a desk (no team store) the actions stay disabled and say why.
    void setDesk(ActionDesk *desk, ActionExecutor *executor);

    QTableView *table() const { return m_table; }
    QPushButton *releaseButton() const { return m_release; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *replayButton() const { return m_replay; }
    QString resultText() const;
    QString selectedTransaction() const;
    void selectTransaction(const QString &id);
    // What the buttons do; Reject asks for the reason unless one is given.
    void act(ActionKind kind, const QString &reason = {});

private:
    void updateButtons();

    IntakeExceptionModel *m_model;
    QPointer<ActionDesk> m_desk;
    QPointer<ActionExecutor> m_executor;
    QLabel *m_title = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_release = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_replay = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace o2c::ui
