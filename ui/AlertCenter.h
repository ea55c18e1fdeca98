// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CockpitSettings.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>

class QSystemTrayIcon;

namespace o2c {
struct ClusterDelta;
}

namespace o2c::ui {

struct CockpitContext;

// What the alerts watch, measured from the order book, the team store and the sync log.
struct AlertFigures {
    int ordersToday = 0;     // orders created today (business clock, UTC)
    int duplicatesToday = 0; // of those, the extra orders of duplicate clusters
    int backlog = 0;         // duplicate clusters without a decision
    int queueDepth = 0;      // outbox actions queued or running
    qint64 latencyMs = -1;   // the last sync pass; -1 before the first
    int failures = 0;        // failed sync passes in a row plus failed actions
    double duplicateRatePercent() const;
};

enum class AlertMetric : quint8 { DuplicateRate, Backlog, QueueDepth, Latency, Failures };

// One threshold crossed: what, by how much, and where to look.
struct Alert {
    AlertMetric metric = AlertMetric::Backlog;
    QString title;  // "Backlog: 31 open duplicate clusters (threshold 25)"
    QString advice; // what to look at
    int page = 0;   // the MainWindow::Page that shows it
    QDateTime raisedAt;
};

// Turns figures into alerts: an alert is raised when a figure reaches its threshold, once, and
// raised again only after the figure went back below it. Each raised alert becomes an in-app
// notice (the banner listens to raised()) and, where the desktop has a system tray, a tray
// notification.
class AlertCenter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertCenter)
public:
    // Below this many orders a day, the duplicate rate says nothing yet and raises no alert.
    static constexpr int minimumOrdersForRate = 20;

    explicit AlertCenter(const CockpitContext &context, QObject *parent = nullptr);
    ~AlertCenter() override;

    void setThresholds(const AlertThresholds &thresholds);
    const AlertThresholds &thresholds() const { return m_thresholds; }

    // Measures now and evaluates (the main window calls it on a timer).
    void check();
    AlertFigures measure();
    void evaluate(const AlertFigures &figures);

    QList<Alert> active() const; // raised and not yet back below, newest first
    bool isActive(AlertMetric metric) const { return m_active.contains(metric); }
    // False where there is no system tray (offscreen, some desktops): the banner alone tells.
    bool trayAvailable() const { return m_tray != nullptr; }
    int trayNotificationCount() const { return m_trayShown; }

signals:
    void raised(const o2c::ui::Alert &alert);
    void cleared(o2c::ui::AlertMetric metric);
    void trayActivated(); // the tray icon or one of its notifications was clicked

private:
    void noteOrders(const QStringList &ids);
    void noteClusters(const o2c::ClusterDelta &delta);
    void seedToday();
    void seedClusters();
    void dropCluster(const QString &clusterId);
    void notifyTray(const Alert &alert);

    const CockpitContext &m_ctx;
    AlertThresholds m_thresholds;
    QHash<AlertMetric, Alert> m_active;
    QDate m_today;
    QSet<QString> m_createdToday;
    // The duplicate clusters (kind Duplicate) with their orders after the first, kept from the
    // book's cluster changes: the backlog and today's duplicates without listing every cluster.
    QHash<QString, QStringList> m_duplicateExtras; // cluster id -> members after the first
    QHash<QString, QString> m_extraOf;             // such a member -> its cluster
    QSystemTrayIcon *m_tray = nullptr;
    int m_trayShown = 0;
};

} // namespace o2c::ui
