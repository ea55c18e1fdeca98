// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitColors.h"

#include <QPainter>
#include <QPixmap>

namespace o2c::ui {

bool isDark(const QPalette &palette) {
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor differenceBackground(const QPalette &palette) {
    return isDark(palette) ? QColor(0x6b, 0x4e, 0x12) : QColor(0xff, 0xe8, 0xa8);
}

QColor heldForeground(const QPalette &palette) {
    return isDark(palette) ? QColor(0xff, 0xb7, 0x4d) : QColor(0xa8, 0x4b, 0x00);
}

QColor heldBackground(const QPalette &palette) {
    return isDark(palette) ? QColor(0x4a, 0x33, 0x14) : QColor(0xff, 0xf1, 0xe0);
}

QColor chosenBackground(const QPalette &palette) {
    // A light wash of the highlight colour over the base: visible, but never louder than a
    // difference.
    const QColor base = palette.color(QPalette::Base);
    const QColor hi = palette.color(QPalette::Highlight);
    const float a = isDark(palette) ? 0.22f : 0.10f;
    return QColor::fromRgbF(base.redF() * (1 - a) + hi.redF() * a,
                            base.greenF() * (1 - a) + hi.greenF() * a,
                            base.blueF() * (1 - a) + hi.blueF() * a);
}

QColor changeAccent(const QPalette &palette) {
    return isDark(palette) ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
}

QColor mutedText(const QPalette &palette) {
    QColor c = palette.color(QPalette::WindowText);
    c.setAlphaF(0.62f);
    return c;
}

QList<QColor> seriesColors(const QPalette &palette) {
    if (isDark(palette))
        return {QColor(0x5d, 0xa5, 0xf0), QColor(0xff, 0xa0, 0x40), QColor(0x66, 0xcc, 0x66),
                QColor(0xff, 0x6b, 0x6b), QColor(0xc3, 0x9b, 0xf5), QColor(0x4d, 0xd0, 0xe1),
                QColor(0xf0, 0xd0, 0x50), QColor(0xf0, 0x8c, 0xc8), QColor(0xc8, 0xa0, 0x7a),
                QColor(0xb0, 0xb0, 0xb0)};
    return {QColor(0x1f, 0x6f, 0xc0), QColor(0xf0, 0x85, 0x00), QColor(0x2e, 0x9a, 0x3c),
            QColor(0xd6, 0x27, 0x28), QColor(0x80, 0x50, 0xc0), QColor(0x00, 0x9c, 0xb0),
            QColor(0xb8, 0x96, 0x00), QColor(0xe0, 0x60, 0xa8), QColor(0x8c, 0x56, 0x3a),
            QColor(0x6e, 0x6e, 0x6e)};
}

QColor productionColor() {
    return QColor(0xc6, 0x28, 0x28);
}

QColor stagingColor() {
    return QColor(0x2e, 0x7d, 0x76);
}

QIcon dotIcon(const QColor &color, int size) {
    QPixmap pm(size * 2, size * 2); // drawn at 2x so it stays crisp on high-DPI screens
    pm.setDevicePixelRatio(2);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return QIcon(pm);
}

QIcon heldIcon() {
    static const QIcon icon = [] {
        const int s = 32;
        QPixmap pm(s, s);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xef, 0x8a, 0x00));
        p.drawEllipse(QRectF(2, 2, s - 4, s - 4));
        p.setBrush(Qt::white);
        p.drawRoundedRect(QRectF(10.5, 9, 4, 14), 1, 1);
        p.drawRoundedRect(QRectF(17.5, 9, 4, 14), 1, 1);
        return QIcon(pm);
    }();
    return icon;
}

} // namespace o2c::ui
