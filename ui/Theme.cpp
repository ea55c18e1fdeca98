// SPDX-License-Identifier: GPL-3.0-or-later
#include "Theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace o2c::ui {

namespace {
struct Platform {
    QPalette palette;
    QString style;
};

// What the platform gave before the cockpit changed anything.
const Platform &platform() {
    static const Platform p{QApplication::palette(),
                            QApplication::style() ? QApplication::style()->name() : QString()};
    return p;
}

ThemeChoice g_applied = ThemeChoice::System;

void setStyle(const QString &name) {
    if (!QApplication::style() || QApplication::style()->name().compare(name, Qt::CaseInsensitive))
        if (QStyle *s = QStyleFactory::create(name))
            QApplication::setStyle(s);
}
} // namespace

QString themeKey(ThemeChoice choice) {
    switch (choice) {
    case ThemeChoice::Light:
        return QStringLiteral("light");
    case ThemeChoice::Dark:
        return QStringLiteral("dark");
    case ThemeChoice::System:
        break;
    }
    return {};
}

ThemeChoice themeFromKey(const QString &key) {
    if (key == QLatin1String("light"))
        return ThemeChoice::Light;
    if (key == QLatin1String("dark"))
        return ThemeChoice::Dark;
    return ThemeChoice::System;
}

QPalette systemPalette() {
    return platform().palette;
}

QPalette darkPalette() {
    // Greys with enough contrast for long shifts (WCAG AA for body text on every background).
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor alternate(0x26, 0x28, 0x2b);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x8a, 0x8d, 0x93);
    const QColor button(0x35, 0x37, 0x3c);
    const QColor highlight(0x2f, 0x6f, 0xb5);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x53));
    p.setColor(QPalette::Midlight, QColor(0x3e, 0x41, 0x46));
    p.setColor(QPalette::Mid, QColor(0x24, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xb2, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x9d, 0xff));
    for (const QPalette::ColorRole role :
         {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x48, 0x4e));
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

QPalette lightPalette() {
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette p = fusion ? fusion->standardPalette() : QPalette(Qt::white);
    delete fusion;
    return p;
}

void applyTheme(ThemeChoice choice) {
    const Platform &sys = platform();
    switch (choice) {
    case ThemeChoice::System:
        if (!sys.style.isEmpty())
            setStyle(sys.style);
        QApplication::setPalette(sys.palette);
        break;
    case ThemeChoice::Light:
        // Fusion honours every palette role on every platform (the native styles of Windows and
        // macOS draw some controls in their own colours).
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(lightPalette());
        break;
    case ThemeChoice::Dark:
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        break;
    }
    g_applied = choice;
}

ThemeChoice appliedTheme() {
    return g_applied;
}

} // namespace o2c::ui
