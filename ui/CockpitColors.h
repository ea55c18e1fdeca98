// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QIcon>
#include <QList>
#include <QPalette>

namespace o2c::ui {

// Colours that carry meaning, chosen to read well on both light and dark palettes.
bool isDark(const QPalette &palette);
QColor differenceBackground(const QPalette &palette); // a cell that differs between orders
QColor heldForeground(const QPalette &palette);       // text of a held order
QColor heldBackground(const QPalette &palette);       // row tint of a held order
QColor chosenBackground(const QPalette &palette);     // the order the actions act on
QColor changeAccent(const QPalette &palette);         // a figure that just moved
QColor mutedText(const QPalette &palette);
// Ten colours for the series of one chart that a reader tells apart at a glance (the charts'
// own themes repeat their five hues in near shades beyond the fifth series).
QList<QColor> seriesColors(const QPalette &palette);
QColor productionColor();
QColor stagingColor();

// A small filled circle (status dots).
QIcon dotIcon(const QColor &color, int size = 10);
// The marker of an order whose manufacturing is held: a pause sign on an amber disc.
QIcon heldIcon();

} // namespace o2c::ui
