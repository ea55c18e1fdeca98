// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/ConnectionProfile.h"
#include "odoo/OdooSync.h"

#include <QDateTime>
#include <QStatusBar>
#include <QTimer>

#include <functional>

class QLabel;

namespace o2c::ui {

// The window's bottom line: which Odoo it talks to (a red PRODUCTION badge or a calm staging one),
// the connection state as a coloured dot and words, how long ago the last sync finished (ticking
// every second), order and cluster counts, and the last error.
class CockpitStatusBar final : public QStatusBar {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CockpitStatusBar)
public:
    explicit CockpitStatusBar(QWidget *parent = nullptr);
    ~CockpitStatusBar() override;

    void setProfile(const odoo::ConnectionProfile &profile);
    void setConnectionState(odoo::ConnectionState state);
    void setOffline(); // no Odoo connection at all (no sync given)
    void setLastSync(const QDateTime &finishedAt);
    void setCounts(qsizetype orders, qsizetype clusters);
    void setLastError(const QString &message);
    void setClock(std::function<QDateTime()> clock); // tests pin "now"

    QString badgeText() const;
    QString connectionText() const;
    QString syncText() const;
    QString countsText() const;
    QString errorText() const;

private:
    void updateSyncText();

    QLabel *m_badge = nullptr;
    QLabel *m_dot = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_sync = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_error = nullptr;
    QDateTime m_lastSync;
    QTimer m_tick;
    std::function<QDateTime()> m_clock;
};

} // namespace o2c::ui
