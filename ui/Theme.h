// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>
#include <QString>

namespace o2c::ui {

// The cockpit's look: the platform's own (the default, light or dark as the system is set), or a
// light or dark palette chosen in the settings, applied to the whole application at once.
enum class ThemeChoice : quint8 { System, Light, Dark };

QString themeKey(ThemeChoice choice); // "", "light", "dark" (as kept in the settings)
ThemeChoice themeFromKey(const QString &key);

// Applies the choice to every window, live. Widgets that paint their own colours pick them from
// the palette; the charts follow through a palette change.
void applyTheme(ThemeChoice choice);
ThemeChoice appliedTheme();
// The palette the platform gave at start (what "follow the system" returns to).
QPalette systemPalette();
QPalette darkPalette();
QPalette lightPalette();

} // namespace o2c::ui
