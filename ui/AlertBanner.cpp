// SPDX-License-Identifier: GPL-3.0-or-later
#include "AlertBanner.h"

#include "CockpitColors.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

namespace o2c::ui {

AlertBanner::AlertBanner(QWidget *parent)
    : QFrame(parent) {
    setObjectName(QStringLiteral("alertBanner"));
    setAccessibleName(tr("Alerts"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    auto *h = new QHBoxLayout(this);
    h->setContentsMargins(10, 6, 10, 6);
    m_icon = new QLabel(this);
    const int s = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(s * 3 / 2));
    h->addWidget(m_icon, 0, Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    h->addWidget(m_text, 1);
    m_show = new QPushButton(tr("Show"), this);
    m_show->setAccessibleName(tr("Show the screen of the newest alert"));
    m_show->setFocusPolicy(Qt::TabFocus);
    m_dismiss = new QPushButton(tr("Dismiss"), this);
    m_dismiss->setAccessibleName(tr("Dismiss the alerts"));
    m_dismiss->setFocusPolicy(Qt::TabFocus);
    h->addWidget(m_show, 0, Qt::AlignTop);
    h->addWidget(m_dismiss, 0, Qt::AlignTop);
    connect(m_show, &QPushButton::clicked, this, &AlertBanner::showNewest);
    connect(m_dismiss, &QPushButton::clicked, this, &AlertBanner::dismiss);
    recolour();
    hide();
}

AlertBanner::~AlertBanner() = default;

void AlertBanner::addAlert(const Alert &alert) {
    for (qsizetype i = 0; i < m_alerts.size(); ++i)
        if (m_alerts.at(i).metric == alert.metric)
            m_alerts.removeAt(i--);
    m_alerts.prepend(alert);
    rebuild();
}

void AlertBanner::clearAlert(AlertMetric metric) {
    for (qsizetype i = 0; i < m_alerts.size(); ++i)
        if (m_alerts.at(i).metric == metric)
            m_alerts.removeAt(i--);
    rebuild();
}

void AlertBanner::dismiss() {
    m_alerts.clear();
    rebuild();
}

void AlertBanner::showNewest() {
    if (!m_alerts.isEmpty())
        emit pageRequested(m_alerts.first().page);
}

QString AlertBanner::text() const {
    return m_text->text();
}

void AlertBanner::rebuild() {
    if (m_alerts.isEmpty()) {
        m_text->clear();
        hide();
        return;
    }
    QString html;
    for (const Alert &a : m_alerts)
        html += tr("<p style=\"margin:0\"><b>%1</b><br>%2</p>")
                    .arg(a.title.toHtmlEscaped(), a.advice.toHtmlEscaped());
    m_text->setText(html);
    setToolTip(m_alerts.first().title);
    show();
}

void AlertBanner::recolour() {
    QPalette pal = palette();
    const bool dark = isDark(QApplication::palette());
    pal.setColor(QPalette::Window, dark ? QColor(0x5c, 0x40, 0x0c) : QColor(0xff, 0xe9, 0xb0));
    pal.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xf3, 0xd6) : QColor(0x3d, 0x2a, 0x00));
    setPalette(pal);
}

void AlertBanner::changeEvent(QEvent *event) {
    QFrame::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange)
        recolour();
}

} // namespace o2c::ui
