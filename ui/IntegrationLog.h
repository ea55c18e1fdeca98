// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>

namespace o2c::odoo {
class OdooSync;
class OdooClient;
struct SyncStats;
struct OdooError;
} // namespace o2c::odoo

namespace o2c::ui {

// One sync pass with Odoo as the integration-health screens show it.
struct SyncPass {
    QDateTime finishedAt; // UTC
    bool ok = true;
    int records = 0; // documents read in the pass
    qint64 latencyMs = 0;
    int requests = 0;
    QString error; // why it failed
};

// Remembers the recent sync passes and errors (the sync itself keeps only the last one), for the
// integration health screen, the supervisor charts and the alerts.
class IntegrationLog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntegrationLog)
public:
    explicit IntegrationLog(QObject *parent = nullptr);
    ~IntegrationLog() override;

    void watch(odoo::OdooSync *sync);
    void record(const SyncPass &pass);

    const QList<SyncPass> &passes() const { return m_passes; }
    QList<SyncPass> errors(int limit) const; // newest first
    int failuresInRow() const;
    qint64 lastLatencyMs() const; // -1 when nothing was recorded

signals:
    void recorded(const o2c::ui::SyncPass &pass);

private:
    QList<SyncPass> m_passes;
};

} // namespace o2c::ui
