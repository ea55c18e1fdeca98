// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntegrationHealthPage.h"

#include "CockpitContext.h"
#include "DisplayText.h"
#include "IntegrationLog.h"
#include "actions/ActionDesk.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"
#include "store/Store.h"

#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace o2c::ui {

IntegrationHealthPage::IntegrationHealthPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    const auto value = [this] {
        auto *l = new QLabel(this);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    m_connection = value();
    m_state = value();
    m_breaker = value();
    m_lastSync = value();
    m_passes = value();
    m_store = value();
    m_outbox = value();
    form->addRow(tr("Odoo connection:"), m_connection);
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Circuit breaker:"), m_breaker);
    form->addRow(tr("Last sync:"), m_lastSync);
    form->addRow(tr("Sync passes:"), m_passes);
    form->addRow(tr("Team store:"), m_store);
    form->addRow(tr("Outbox:"), m_outbox);
    v->addLayout(form);
    auto *errorsTitle = new QLabel(tr("Recent errors"), this);
    QFont f = errorsTitle->font();
    f.setWeight(QFont::DemiBold);
    errorsTitle->setFont(f);
    v->addWidget(errorsTitle);
    m_errors = new QListWidget(this);
    m_errors->setAccessibleName(tr("Recent errors"));
    v->addWidget(m_errors, 1);
}

IntegrationHealthPage::~IntegrationHealthPage() = default;

QString IntegrationHealthPage::connectionText() const {
    return m_connection->text();
}
QString IntegrationHealthPage::breakerText() const {
    return m_breaker->text();
}
QString IntegrationHealthPage::lastSyncText() const {
    return m_lastSync->text();
}
QString IntegrationHealthPage::outboxText() const {
    return m_outbox->text();
}

void IntegrationHealthPage::refresh() {
    const odoo::ConnectionProfile &p = m_ctx.profile;
    m_connection->setText(tr("%1 — %2, database %3, user %4 (%5)")
                              .arg(p.name, p.url.toString(), p.database, p.login,
                                   p.production ? tr("production") : tr("staging")));
    m_state->setText(m_ctx.sync ? odoo::connectionStateText(m_ctx.sync->state())
                                : tr("Offline: no Odoo connection"));
    if (m_ctx.client) {
        odoo::CircuitBreaker *b = m_ctx.client->circuitBreaker();
        const auto state = b->state();
        m_breaker->setText(state == odoo::CircuitBreaker::State::Open
                               ? tr("%1, retrying in %2 s")
                                     .arg(odoo::CircuitBreaker::stateText(state))
                                     .arg((b->remainingOpenMs() + 999) / 1000)
                               : odoo::CircuitBreaker::stateText(state));
    } else {
        m_breaker->setText(tr("not in use"));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_ctx.sync && m_ctx.sync->lastSync().isValid()) {
        const odoo::SyncStats s = m_ctx.sync->lastStats();
        m_lastSync->setText(tr("%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices "
                               "in %6 ms (%7 requests)")
                                .arg(relativeTime(s.finishedAt, now))
                                .arg(s.saleOrders)
                                .arg(s.manufacturingOrders)
                                .arg(s.pickings)
                                .arg(s.invoices)
                                .arg(s.elapsedMs)
                                .arg(s.requests));
    } else {
        m_lastSync->setText(tr("never"));
    }
    m_errors->clear();
    if (m_ctx.log) {
        int ok = 0, failed = 0;
        for (const SyncPass &pass : m_ctx.log->passes())
            (pass.ok ? ok : failed)++;
        m_passes->setText(tr("%1 succeeded, %2 failed, %3 failed in a row")
                              .arg(ok)
                              .arg(failed)
                              .arg(m_ctx.log->failuresInRow()));
        for (const SyncPass &e : m_ctx.log->errors(50))
            m_errors->addItem(tr("%1 — %2").arg(
                QLocale().toString(e.finishedAt.toLocalTime(), QLocale::ShortFormat), e.error));
    } else {
        m_passes->setText(tr("not recorded"));
    }
    m_store->setText(m_ctx.store ? m_ctx.store->config().describe()
                                 : tr("none: actions are not available"));
    if (m_ctx.desk) {
        int queued = 0, running = 0, failed = 0;
        for (const ActionRecord &a : m_ctx.desk->actions(
                 {ActionState::Queued, ActionState::Running, ActionState::Failed})) {
            queued += a.state == ActionState::Queued;
            running += a.state == ActionState::Running;
            failed += a.state == ActionState::Failed;
            if (a.state == ActionState::Failed)
                m_errors->addItem(tr("Action #%1 (%2): %3").arg(a.id).arg(a.target, a.lastError));
        }
        m_outbox->setText(
            tr("%1 waiting, %2 sending, %3 failed").arg(queued).arg(running).arg(failed));
    } else {
        m_outbox->setText(tr("no team store"));
    }
    if (m_errors->count() == 0)
        m_errors->addItem(tr("No errors recorded."));
}

} // namespace o2c::ui
