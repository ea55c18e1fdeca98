// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;

namespace o2c::ui {

struct CockpitContext;

// The connection to Odoo and the team store at a glance: where, in which state, the circuit
// breaker, the last sync, the outbox, and the recent errors.
class IntegrationHealthPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntegrationHealthPage)
public:
    IntegrationHealthPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~IntegrationHealthPage() override;

    void refresh();

    QString connectionText() const;
    QString breakerText() const;
    QString lastSyncText() const;
    QString outboxText() const;
    QListWidget *errorList() const { return m_errors; }

private:
    const CockpitContext &m_ctx;
    QLabel *m_connection = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_breaker = nullptr;
    QLabel *m_lastSync = nullptr;
    QLabel *m_passes = nullptr;
    QLabel *m_store = nullptr;
    QLabel *m_outbox = nullptr;
    QListWidget *m_errors = nullptr;
};

} // namespace o2c::ui
