// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include <string_view>

// Lets spdlog format QString arguments directly, as UTF-8.
template<> struct fmt::formatter<QString> : fmt::formatter<std::string_view> {
    template<typename Ctx> auto format(const QString &s, Ctx &ctx) const {
        const QByteArray utf8 = s.toUtf8();
        return fmt::formatter<std::string_view>::format(
            std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())), ctx);
    }
};

namespace o2c::log {

struct Options {
    QString level = QStringLiteral("info"); // trace, debug, info, warn, error, critical, off
    bool console = true;
    bool file = true;
    QString fileDirectory; // empty: the platform's log folder
                           // (QStandardPaths::AppLocalDataLocation/logs)
    QString fileBaseName = QStringLiteral("o2c");
};

// Installs the process-wide logger: console on stderr and a rotating file (5 files of 5 MiB).
// Returns a message describing a problem (bad level, unwritable folder), empty when all is well.
QString setup(const Options &options);

// Path of the current log file, empty when file logging is off.
QString currentLogFile();

// Replaces anything that looks like a password, API key or session cookie by "***".
QString redact(QString text);

bool isValidLevel(const QString &level);

} // namespace o2c::log
