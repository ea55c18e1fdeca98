// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnvironmentMarker.h"

#include "CockpitColors.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QWidget>

namespace o2c::ui {

namespace {
QPointer<EnvironmentMarker> g_marker;
const char *baseTitleProperty = "o2cBaseTitle";
const char *markedTitleProperty = "o2cMarkedTitle";
constexpr int stripHeight = 4;

bool isMarkable(const QWidget *w) {
    if (!w->isWindow())
        return false;
    const Qt::WindowType type = w->windowType();
    return type == Qt::Window || type == Qt::Dialog || type == Qt::Sheet;
}
} // namespace

EnvironmentMarker::EnvironmentMarker(const odoo::ConnectionProfile &profile)
    : QObject(qApp)
    , m_production(profile.production)
    , m_name(profile.name)
    , m_host(profile.url.host()) {}

EnvironmentMarker::~EnvironmentMarker() {
    if (qApp)
        qApp->removeEventFilter(this);
}

EnvironmentMarker *EnvironmentMarker::install(const odoo::ConnectionProfile &profile) {
    delete g_marker.data();
    auto *marker = new EnvironmentMarker(profile);
    g_marker = marker;
    qApp->installEventFilter(marker);
    // Windows already open are marked now.
    for (QWidget *w : QApplication::topLevelWidgets())
        if (isMarkable(w))
            marker->mark(w);
    return marker;
}

EnvironmentMarker *EnvironmentMarker::instance() {
    return g_marker.data();
}

QString EnvironmentMarker::stripName() {
    return QStringLiteral("o2cEnvironmentStrip");
}

const char *EnvironmentMarker::ownBandProperty() {
    return "o2cOwnEnvironmentBand";
}

QString EnvironmentMarker::titleFor(const QString &title) const {
    if (title.isEmpty())
        return m_production ? tr("PRODUCTION: %1").arg(m_name) : tr("staging: %1").arg(m_name);
    return m_production ? tr("%1 — PRODUCTION: %2").arg(title, m_name)
                        : tr("%1 — staging: %2").arg(title, m_name);
}

QString EnvironmentMarker::bandText() const {
    if (m_host.isEmpty())
        return m_production ? tr("PRODUCTION — %1").arg(m_name) : tr("Staging — %1").arg(m_name);
    return m_production ? tr("PRODUCTION — %1 · %2").arg(m_name, m_host)
                        : tr("Staging — %1 · %2").arg(m_name, m_host);
}

bool EnvironmentMarker::eventFilter(QObject *watched, QEvent *event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::Show && type != QEvent::WindowTitleChange && type != QEvent::Resize)
        return false;
    auto *w = qobject_cast<QWidget *>(watched);
    if (!w || !isMarkable(w))
        return false;
    if (type == QEvent::Resize)
        placeStrip(w);
    else
        mark(w);
    return false;
}

void EnvironmentMarker::mark(QWidget *window) {
    if (m_retitling)
        return;
    const QString current = window->windowTitle();
    // A title set by the window's own code is marked; one this (or an earlier) marker set is
    // marked again from the title it was made of.
    const QString base = current == window->property(markedTitleProperty).toString()
                             ? window->property(baseTitleProperty).toString()
                             : current;
    const QString marked = titleFor(base);
    if (marked != current) {
        window->setProperty(baseTitleProperty, base);
        window->setProperty(markedTitleProperty, marked);
        m_retitling = true;
        window->setWindowTitle(marked);
        m_retitling = false;
    }
    if (window->property(ownBandProperty()).toBool())
        return;
    auto *strip = window->findChild<QWidget *>(stripName(), Qt::FindDirectChildrenOnly);
    if (!strip) {
        strip = new QWidget(window);
        strip->setObjectName(stripName());
        strip->setAttribute(Qt::WA_TransparentForMouseEvents);
        strip->setAutoFillBackground(true);
        strip->setFocusPolicy(Qt::NoFocus);
    }
    QPalette pal = strip->palette();
    pal.setColor(QPalette::Window, m_production ? productionColor() : stagingColor());
    strip->setPalette(pal);
    strip->setToolTip(bandText());
    placeStrip(window);
    strip->show();
}

void EnvironmentMarker::placeStrip(QWidget *window) {
    if (auto *strip = window->findChild<QWidget *>(stripName(), Qt::FindDirectChildrenOnly)) {
        strip->setGeometry(0, 0, window->width(), stripHeight);
        strip->raise();
    }
}

QWidget *makeEnvironmentBand(const odoo::ConnectionProfile &profile, QWidget *parent) {
    auto *band = new QLabel(parent);
    band->setObjectName(QStringLiteral("environmentBand"));
    const EnvironmentMarker *marker = EnvironmentMarker::instance();
    const bool production = marker ? marker->production() : profile.production;
    band->setText(marker       ? marker->bandText()
                  : production ? EnvironmentMarker::tr("PRODUCTION — %1").arg(profile.name)
                               : EnvironmentMarker::tr("Staging — %1").arg(profile.name));
    band->setAccessibleName(band->text());
    band->setAlignment(Qt::AlignCenter);
    band->setAutoFillBackground(true);
    QFont f = band->font();
    f.setBold(true);
    if (production)
        f.setLetterSpacing(QFont::PercentageSpacing, 108);
    band->setFont(f);
    band->setContentsMargins(0, production ? 3 : 1, 0, production ? 3 : 1);
    QPalette pal = band->palette();
    pal.setColor(QPalette::Window, production ? productionColor() : stagingColor());
    pal.setColor(QPalette::WindowText, Qt::white);
    band->setPalette(pal);
    return band;
}

} // namespace o2c::ui
