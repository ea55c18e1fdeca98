// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace o2c::ui {

// The language of the cockpit's texts: the system's, or the one the planner chose in the settings
// (CockpitSettings::language), or the one given for a single run (--language).
namespace language {

// The languages the cockpit speaks, as the codes CockpitSettings::language and --language take.
QStringList available(); // "en", "de", "fr", "es", "pl"

// True when code is "" (follow the system) or one of available().
bool isKnown(const QString &code);

// The locale to show: a one-run choice wins over the saved setting; an empty one of both follows
// the system. A system without a configured language (the "C" locale) gets US English.
QLocale choose(const QString &oneRun, const QString &setting, const QLocale &system);

// Installs the cockpit's and Qt's own translations for locale into app and makes locale the
// default for numbers, money and dates. A language the cockpit does not speak falls back to
// English. Returns the language code whose texts are now shown.
QString install(QCoreApplication &app, const QLocale &locale);

} // namespace language
} // namespace o2c::ui
