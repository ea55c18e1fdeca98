// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitStatusBar.h"

#include "CockpitColors.h"
#include "DisplayText.h"

#include <QLabel>
#include <QLocale>

namespace o2c::ui {

namespace {
QColor stateColor(odoo::ConnectionState s) {
    switch (s) {
    case odoo::ConnectionState::Connected:
        return QColor(0x2e, 0x9d, 0x4f);
    case odoo::ConnectionState::Syncing:
        return QColor(0x1e, 0x88, 0xe5);
    case odoo::ConnectionState::Connecting:
        return QColor(0xf0, 0xa2, 0x02);
    case odoo::ConnectionState::Failing:
    case odoo::ConnectionState::SignInRequired:
        return QColor(0xd3, 0x2f, 0x2f);
    case odoo::ConnectionState::Disconnected:
        break;
    }
    return QColor(0x9e, 0x9e, 0x9e);
}

QLabel *addSeparated(QStatusBar *bar, QLabel *label) {
    label->setContentsMargins(6, 0, 6, 0);
    bar->addPermanentWidget(label);
    return label;
}
} // namespace

CockpitStatusBar::CockpitStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); }) {
    setAccessibleName(tr("Status"));
    m_error = addSeparated(this, new QLabel(this));
    m_error->setAccessibleName(tr("Last error"));
    m_error->setMaximumWidth(420);
    m_error->hide();
    m_counts = addSeparated(this, new QLabel(this));
    m_counts->setAccessibleName(tr("Order and cluster counts"));
    m_sync = addSeparated(this, new QLabel(this));
    m_sync->setAccessibleName(tr("Last sync"));
    m_sync->setMinimumWidth(fontMetrics().horizontalAdvance(tr("synced 59 min ago")) + 12);
    m_dot = new QLabel(this);
    m_dot->setContentsMargins(6, 0, 0, 0);
    addPermanentWidget(m_dot);
    m_connection = new QLabel(this);
    m_connection->setContentsMargins(2, 0, 8, 0);
    m_connection->setAccessibleName(tr("Connection"));
    addPermanentWidget(m_connection);
    m_badge = new QLabel(this);
    m_badge->setAccessibleName(tr("Connection profile"));
    m_badge->setAlignment(Qt::AlignCenter);
    addPermanentWidget(m_badge);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &CockpitStatusBar::updateSyncText);
    m_tick.start();
    setOffline();
    setCounts(0, 0);
    updateSyncText();
}

CockpitStatusBar::~CockpitStatusBar() = default;

void CockpitStatusBar::setProfile(const odoo::ConnectionProfile &profile) {
    const QColor bg = profile.production ? productionColor() : stagingColor();
    m_badge->setText(profile.production ? tr("PRODUCTION") : tr("STAGING"));
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; font-weight: 600;"
                                          " border-radius: 3px; padding: 1px 8px; }")
                               .arg(bg.name()));
    const QString where = profile.url.isValid() ? profile.url.toDisplayString() : tr("no server");
    m_badge->setToolTip(profile.production
                            ? tr("Connected to the production Odoo: %1, database %2, as %3.\n"
                                 "Holds and releases change real orders.")
                                  .arg(where, profile.database, profile.login)
                            : tr("Connected to a staging Odoo: %1, database %2, as %3.")
                                  .arg(where, profile.database, profile.login));
}

void CockpitStatusBar::setConnectionState(odoo::ConnectionState state) {
    m_dot->setPixmap(dotIcon(stateColor(state)).pixmap(10, 10));
    m_connection->setText(odoo::connectionStateText(state));
}

void CockpitStatusBar::setOffline() {
    m_dot->setPixmap(dotIcon(stateColor(odoo::ConnectionState::Disconnected)).pixmap(10, 10));
    m_connection->setText(tr("Offline"));
}

void CockpitStatusBar::setLastSync(const QDateTime &finishedAt) {
    m_lastSync = finishedAt;
    updateSyncText();
}

void CockpitStatusBar::updateSyncText() {
    if (!m_lastSync.isValid()) {
        m_sync->setText(tr("not synced yet"));
        m_sync->setToolTip({});
        return;
    }
    m_sync->setText(tr("synced %1").arg(relativeTime(m_lastSync, m_clock())));
    m_sync->setToolTip(tr("Last sync finished %1")
                           .arg(QLocale().toString(m_lastSync.toLocalTime(), QLocale::LongFormat)));
}

void CockpitStatusBar::setCounts(qsizetype orders, qsizetype clusters) {
    m_counts->setText(tr("%1 · %2", "order count · cluster count")
                          .arg(tr("%Ln orders", nullptr, int(orders)),
                               tr("%Ln clusters", nullptr, int(clusters))));
}

void CockpitStatusBar::setLastError(const QString &message) {
    const QString line = message.section(QLatin1Char('\n'), 0, 0);
    m_error->setText(message.isEmpty()
                         ? QString()
                         : m_error->fontMetrics().elidedText(line, Qt::ElideRight, 400));
    m_error->setToolTip(message);
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText,
                 isDark(pal) ? QColor(0xef, 0x9a, 0x9a) : QColor(0xb7, 0x1c, 0x1c));
    m_error->setPalette(pal);
    m_error->setVisible(!message.isEmpty());
}

void CockpitStatusBar::setClock(std::function<QDateTime()> clock) {
    m_clock = std::move(clock);
    updateSyncText();
}

QString CockpitStatusBar::badgeText() const {
    return m_badge->text();
}
QString CockpitStatusBar::connectionText() const {
    return m_connection->text();
}
QString CockpitStatusBar::syncText() const {
    return m_sync->text();
}
QString CockpitStatusBar::countsText() const {
    return m_counts->text();
}
QString CockpitStatusBar::errorText() const {
    return m_error->toolTip();
}

} // namespace o2c::ui
