// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlowStageTile.h"

#include "CockpitColors.h"
#include "DisplayText.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionFocusRect>

namespace o2c::ui {

namespace {
constexpr int changeShownMs = 4000;
}

FlowStageTile::FlowStageTile(OrderStage stage, QWidget *parent)
    : QAbstractButton(parent)
    , m_stage(stage) {
    setCheckable(true);
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setText(stageTitle(stage));
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(changeShownMs);
    connect(&m_changeTimer, &QTimer::timeout, this, [this] {
        m_countChange = 0;
        update();
    });
    connect(this, &QAbstractButton::toggled, this, &FlowStageTile::updateAccessibleText);
    updateAccessibleText();
}

FlowStageTile::~FlowStageTile() = default;

void FlowStageTile::setFigures(int count, double value, const QString &valueText, bool announce) {
    const bool moved = count != m_count || !qFuzzyCompare(value + 1.0, m_value + 1.0);
    if (moved && announce) {
        m_countChange += count - m_count;
        m_changeTimer.start();
    }
    m_count = count;
    m_value = value;
    m_valueText = valueText;
    updateAccessibleText();
    update();
}

void FlowStageTile::updateAccessibleText() {
    const QString text = tr("%1: %Ln orders, %2", "stage: count, value", m_count)
                             .arg(stageTitle(m_stage), m_valueText);
    setAccessibleName(text);
    setToolTip(isChecked() ? tr("%1\nClick to show all orders again").arg(text)
                           : tr("%1\nClick to show only these orders").arg(text));
}

QSize FlowStageTile::sizeHint() const {
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(QLatin1Char('M')) * 10, fm.height() * 4 + 18};
}

QSize FlowStageTile::minimumSizeHint() const {
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(QLatin1Char('M')) * 6, fm.height() * 4 + 18};
}

void FlowStageTile::enterEvent(QEnterEvent *event) {
    m_hover = true;
    update();
    QAbstractButton::enterEvent(event);
}

void FlowStageTile::leaveEvent(QEvent *event) {
    m_hover = false;
    update();
    QAbstractButton::leaveEvent(event);
}

void FlowStageTile::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QRectF box = QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5);
    QPainterPath path;
    path.addRoundedRect(box, 6, 6);

    QColor bg = pal.color(QPalette::Base);
    QColor border = pal.color(QPalette::Mid);
    if (isChecked()) {
        bg = pal.color(QPalette::Highlight);
        bg.setAlphaF(isDark(pal) ? 0.35f : 0.14f);
        border = pal.color(QPalette::Highlight);
    } else if (m_hover) {
        bg = pal.color(QPalette::AlternateBase);
    }
    p.fillPath(path, bg);
    p.setPen(QPen(border, isChecked() || hasFocus() ? 2 : 1));
    p.drawPath(path);

    if (showsChange()) {
        // The accent bar along the top edge: seen from the corner of the eye, not alarming.
        p.save();
        p.setClipPath(path);
        p.fillRect(QRectF(box.left(), box.top(), box.width(), 3), changeAccent(pal));
        p.restore();
    }

    const int pad = 10;
    QRect inner = rect().adjusted(pad, pad - 2, -pad, -pad + 2);
    QFont titleFont = font();
    titleFont.setCapitalization(QFont::AllUppercase);
    titleFont.setLetterSpacing(QFont::PercentageSpacing, 104);
    titleFont.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(titleFont);
    p.setPen(mutedText(pal));
    const QFontMetrics tfm(titleFont);
    p.drawText(inner.left(), inner.top(), inner.width(), tfm.height(),
               Qt::AlignLeft | Qt::AlignVCenter,
               tfm.elidedText(text(), Qt::ElideRight, inner.width()));

    QFont countFont = font();
    countFont.setPointSizeF(font().pointSizeF() * 1.7);
    countFont.setWeight(QFont::DemiBold);
    p.setFont(countFont);
    p.setPen(pal.color(QPalette::Text));
    const QFontMetrics cfm(countFont);
    const int countTop = inner.top() + tfm.height() + 2;
    const QString countText = QLocale().toString(m_count);
    p.drawText(inner.left(), countTop, inner.width(), cfm.height(),
               Qt::AlignLeft | Qt::AlignVCenter, countText);

    if (showsChange() && m_countChange != 0) {
        QFont small = font();
        small.setPointSizeF(font().pointSizeF() * 0.9);
        p.setFont(small);
        p.setPen(changeAccent(pal));
        const QString change = m_countChange > 0 ? tr("+%1").arg(QLocale().toString(m_countChange))
                                                 : QLocale().toString(m_countChange);
        const int x = inner.left() + cfm.horizontalAdvance(countText) + 6;
        p.drawText(x, countTop, inner.right() - x, cfm.height(), Qt::AlignLeft | Qt::AlignVCenter,
                   change);
    }

    p.setFont(font());
    p.setPen(pal.color(QPalette::Text));
    const QFontMetrics fm(font());
    p.drawText(inner.left(), countTop + cfm.height(), inner.width(), fm.height(),
               Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(m_valueText, Qt::ElideRight, inner.width()));

    if (hasFocus()) {
        QStyleOptionFocusRect opt;
        opt.initFrom(this);
        opt.rect = rect().adjusted(4, 4, -4, -4);
        style()->drawPrimitive(QStyle::PE_FrameFocusRect, &opt, &p, this);
    }
}

} // namespace o2c::ui
