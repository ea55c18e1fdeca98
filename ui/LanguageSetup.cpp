// SPDX-License-Identifier: GPL-3.0-or-later
#include "LanguageSetup.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace o2c::ui::language {

namespace {

const QString kResourceFolder = QStringLiteral(":/i18n");

// The translators installed by install(): replaced, not stacked, when it runs again.
QList<QTranslator *> &installed() {
    static QList<QTranslator *> list;
    return list;
}

QString codeOf(const QLocale &locale) {
    return QLocale::languageToCode(locale.language(), QLocale::ISO639Part1);
}

} // namespace

QStringList available() {
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr"), QStringLiteral("es"),
            QStringLiteral("pl")};
}

bool isKnown(const QString &code) {
    return code.isEmpty() || available().contains(code);
}

QLocale choose(const QString &oneRun, const QString &setting, const QLocale &system) {
    const QString code = !oneRun.isEmpty() ? oneRun : setting;
    if (!code.isEmpty()) {
        const QLocale chosen(code);
        if (chosen.language() != QLocale::C)
            return chosen;
    }
    if (system.language() == QLocale::C)
        return QLocale(QLocale::English, QLocale::UnitedStates);
    return system;
}

QString install(QCoreApplication &app, const QLocale &locale) {
    for (QTranslator *t : std::as_const(installed())) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    installed().clear();
    QLocale::setDefault(locale);

    QString code = codeOf(locale);
    if (!available().contains(code))
        code = QStringLiteral("en");
    const QLocale shown = code == codeOf(locale) ? locale : QLocale(QLocale::English);

    // Qt's own texts (standard buttons, context menus) in the same language, where installed.
    auto *qt = new QTranslator(&app);
    if (qt->load(shown, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installed().append(qt);
    } else {
        delete qt;
    }
    auto *own = new QTranslator(&app);
    if (own->load(QStringLiteral("o2c_") + code, kResourceFolder)) {
        QCoreApplication::installTranslator(own);
        installed().append(own);
    } else {
        delete own;
    }
    return code;
}

} // namespace o2c::ui::language
