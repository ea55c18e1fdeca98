// SPDX-License-Identifier: GPL-3.0-or-later
#include "AlertCenter.h"

#include "CockpitContext.h"
#include "IntegrationLog.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QApplication>
#include <QLocale>
#include <QSystemTrayIcon>

#include <algorithm>

namespace o2c::ui {

namespace {
// The screens of MainWindow::Page that show each figure.
constexpr int deskPage = 0;
constexpr int exceptionsPage = 1;
constexpr int integrationPage = 5;
} // namespace

double AlertFigures::duplicateRatePercent() const {
    return ordersToday > 0 ? 100.0 * duplicatesToday / ordersToday : 0.0;
}

AlertCenter::AlertCenter(const CockpitContext &context, QObject *parent)
    : QObject(parent)
    , m_ctx(context) {
    if (m_ctx.book) {
        connect(m_ctx.book, &OrderBook::ordersChanged, this, &AlertCenter::noteOrders);
        connect(m_ctx.book, &OrderBook::clustersChanged, this, &AlertCenter::noteClusters);
        connect(m_ctx.book, &OrderBook::duplicateRulesApplied, this, &AlertCenter::seedClusters);
    }
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("O2C Cockpit"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &AlertCenter::trayActivated);
        connect(m_tray, &QSystemTrayIcon::activated, this, &AlertCenter::trayActivated);
    }
    seedToday();
    seedClusters();
}

AlertCenter::~AlertCenter() = default;

void AlertCenter::seedClusters() {
    m_duplicateExtras.clear();
    m_extraOf.clear();
    if (!m_ctx.book)
        return;
    ClusterDelta all;
    all.changed = m_ctx.book->duplicates().clusters(DuplicateEngine::EvidenceText::Deferred);
    noteClusters(all);
}

void AlertCenter::dropCluster(const QString &clusterId) {
    const auto it = m_duplicateExtras.constFind(clusterId);
    if (it == m_duplicateExtras.cend())
        return;
    for (const QString &id : it.value()) {
        const auto of = m_extraOf.constFind(id);
        if (of != m_extraOf.cend() && of.value() == clusterId)
            m_extraOf.erase(of);
    }
    m_duplicateExtras.erase(it);
}

void AlertCenter::noteClusters(const ClusterDelta &delta) {
    for (const QString &id : delta.removed)
        dropCluster(id);
    for (const QString &id : delta.expired)
        dropCluster(id);
    for (const DuplicateCluster &c : delta.changed) {
        dropCluster(c.id);
        if (c.kind != ClusterKind::Duplicate)
            continue;
        // Every member after the first is an extra order.
        const QStringList extras = c.members.mid(1);
        for (const QString &id : extras)
            m_extraOf.insert(id, c.id);
        m_duplicateExtras.insert(c.id, extras);
    }
}

void AlertCenter::setThresholds(const AlertThresholds &thresholds) {
    m_thresholds = thresholds;
}

void AlertCenter::seedToday() {
    m_today = m_ctx.clock().toUTC().date();
    m_createdToday.clear();
    if (!m_ctx.book)
        return;
    // Once per day; afterwards only the orders that change are looked at.
    for (const CanonicalOrder *o : m_ctx.book->orders())
        if (o->createdAt.toUTC().date() == m_today)
            m_createdToday.insert(o->id);
}

void AlertCenter::noteOrders(const QStringList &ids) {
    if (!m_ctx.book)
        return;
    for (const QString &id : ids)
        if (const CanonicalOrder *o = m_ctx.book->order(id);
            o && o->createdAt.toUTC().date() == m_today)
            m_createdToday.insert(id);
}

AlertFigures AlertCenter::measure() {
    if (m_ctx.clock().toUTC().date() != m_today)
        seedToday();
    AlertFigures f;
    f.ordersToday = int(m_createdToday.size());
    QSet<QString> decided;
    if (m_ctx.desk) {
        for (const ClusterDecision &d : m_ctx.desk->decisions())
            decided.insert(d.clusterId);
        f.queueDepth = int(m_ctx.desk->actions({ActionState::Queued, ActionState::Running}).size());
        f.failures += int(m_ctx.desk->actions({ActionState::Failed}).size());
    }
    if (m_ctx.book) {
        // Open duplicate clusters: all of them but the decided ones.
        f.backlog = int(m_duplicateExtras.size());
        for (const QString &id : std::as_const(decided))
            f.backlog -= m_duplicateExtras.contains(id);
        // The extra orders created today.
        for (const QString &id : std::as_const(m_createdToday))
            f.duplicatesToday += m_extraOf.contains(id);
    }
    if (m_ctx.log) {
        f.latencyMs = m_ctx.log->lastLatencyMs();
        f.failures += m_ctx.log->failuresInRow();
    }
    return f;
}

void AlertCenter::check() {
    evaluate(measure());
}

void AlertCenter::evaluate(const AlertFigures &f) {
    const QLocale l;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto consider = [&](AlertMetric metric, bool crossed, auto describe) {
        if (!crossed) {
            if (m_active.remove(metric) > 0)
                emit cleared(metric);
            return;
        }
        if (m_active.contains(metric))
            return; // told once; again only after it went back below
        Alert a = describe();
        a.metric = metric;
        a.raisedAt = now;
        m_active.insert(metric, a);
        emit raised(a);
        notifyTray(a);
    };
    const AlertThresholds &t = m_thresholds;
    consider(AlertMetric::DuplicateRate,
             f.ordersToday >= minimumOrdersForRate &&
                 f.duplicateRatePercent() >= t.duplicateRatePercent,
             [&] {
                 return Alert{{},
                              tr("Duplicate rate today: %1 % (%2 of %3 orders; threshold %4 %)")
                                  .arg(l.toString(f.duplicateRatePercent(), 'f', 1))
                                  .arg(f.duplicatesToday)
                                  .arg(f.ordersToday)
                                  .arg(l.toString(t.duplicateRatePercent, 'f', 1)),
                              tr("Look at the duplicate desk: which channel sends the resends, "
                                 "and hold manufacturing on the clusters of high value."),
                              deskPage,
                              {}};
             });
    consider(AlertMetric::Backlog, f.backlog >= t.backlog, [&] {
        return Alert{{},
                     tr("Backlog of open duplicate clusters: %1 (threshold %2)")
                         .arg(l.toString(f.backlog), l.toString(t.backlog)),
                     tr("Look at the exception queue: claim the unassigned clusters and escalate "
                        "what cannot be decided on this shift."),
                     exceptionsPage,
                     {}};
    });
    consider(AlertMetric::QueueDepth, f.queueDepth >= t.queueDepth, [&] {
        return Alert{{},
                     tr("Outbox: actions waiting to be sent to Odoo: %1 (threshold %2)")
                         .arg(l.toString(f.queueDepth), l.toString(t.queueDepth)),
                     tr("Look at integration health: Odoo may be slow or unreachable; the actions "
                        "stay queued and go out when it answers."),
                     integrationPage,
                     {}};
    });
    consider(AlertMetric::Latency, f.latencyMs >= 0 && f.latencyMs >= t.latencyMs, [&] {
        return Alert{{},
                     tr("Sync latency: the last pass took %1 ms (threshold %2 ms)")
                         .arg(l.toString(f.latencyMs))
                         .arg(l.toString(t.latencyMs)),
                     tr("Look at integration health: the Odoo server or the network is slow; "
                        "figures on screen may lag behind Odoo."),
                     integrationPage,
                     {}};
    });
    consider(AlertMetric::Failures, f.failures >= t.failures, [&] {
        return Alert{
            {},
            tr("Failures (failed sync passes in a row and failed actions): %1 (threshold %2)")
                .arg(l.toString(f.failures), l.toString(t.failures)),
            tr("Look at integration health for the errors, and at the exception queue "
               "for failed actions to retry or abandon."),
            integrationPage,
            {}};
    });
}

QList<Alert> AlertCenter::active() const {
    QList<Alert> out = m_active.values();
    std::sort(out.begin(), out.end(), [](const Alert &a, const Alert &b) {
        return a.raisedAt != b.raisedAt ? a.raisedAt > b.raisedAt : a.metric < b.metric;
    });
    return out;
}

void AlertCenter::notifyTray(const Alert &alert) {
    if (!m_tray)
        return;
    m_tray->showMessage(alert.title, alert.advice, QSystemTrayIcon::Warning, 15000);
    ++m_trayShown;
}

} // namespace o2c::ui
