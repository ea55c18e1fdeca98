// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntegrationLog.h"

#include "odoo/OdooSync.h"

namespace o2c::ui {

namespace {
// About a day of passes at one every two seconds: enough for a shift's charts, bounded memory.
constexpr qsizetype maxPasses = 50000;
} // namespace

IntegrationLog::IntegrationLog(QObject *parent)
    : QObject(parent) {}

IntegrationLog::~IntegrationLog() = default;

void IntegrationLog::watch(odoo::OdooSync *sync) {
    if (!sync)
        return;
    connect(sync, &odoo::OdooSync::syncFinished, this, [this](const odoo::SyncStats &s) {
        SyncPass p;
        p.finishedAt = s.finishedAt.isValid() ? s.finishedAt : QDateTime::currentDateTimeUtc();
        p.records = s.saleOrders + s.manufacturingOrders + s.pickings + s.invoices + s.partners;
        p.latencyMs = s.elapsedMs;
        p.requests = s.requests;
        record(p);
    });
    connect(sync, &odoo::OdooSync::syncFailed, this, [this](const odoo::OdooError &e) {
        SyncPass p;
        p.finishedAt = QDateTime::currentDateTimeUtc();
        p.ok = false;
        p.error = e.message;
        record(p);
    });
}

void IntegrationLog::record(const SyncPass &pass) {
    m_passes.append(pass);
    if (m_passes.size() > maxPasses)
        m_passes.remove(0, m_passes.size() - maxPasses);
    emit recorded(pass);
}

QList<SyncPass> IntegrationLog::errors(int limit) const {
    QList<SyncPass> out;
    for (auto it = m_passes.crbegin(); it != m_passes.crend() && out.size() < limit; ++it)
        if (!it->ok)
            out.append(*it);
    return out;
}

int IntegrationLog::failuresInRow() const {
    int n = 0;
    for (auto it = m_passes.crbegin(); it != m_passes.crend() && !it->ok; ++it)
        ++n;
    return n;
}

qint64 IntegrationLog::lastLatencyMs() const {
    for (auto it = m_passes.crbegin(); it != m_passes.crend(); ++it)
        if (it->ok)
            return it->latencyMs;
    return -1;
}

} // namespace o2c::ui
