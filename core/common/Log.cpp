// SPDX-License-Identifier: GPL-3.0-or-later
#include "Log.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <vector>

namespace o2c::log {
namespace {
QString g_logFile;
}

bool isValidLevel(const QString &level) {
    static const QStringList levels{QStringLiteral("trace"), QStringLiteral("debug"),
                                    QStringLiteral("info"),  QStringLiteral("warn"),
                                    QStringLiteral("error"), QStringLiteral("critical"),
                                    QStringLiteral("off")};
    return levels.contains(level.toLower());
}

QString setup(const Options &options) {
    QString problem;
    std::vector<spdlog::sink_ptr> sinks;
    if (options.console)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    g_logFile.clear();
    if (options.file) {
        QString dir = options.fileDirectory;
        if (dir.isEmpty())
            dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                  QStringLiteral("/logs");
        if (QDir().mkpath(dir)) {
            const QString path = QDir(dir).filePath(options.fileBaseName + QStringLiteral(".log"));
            try {
#ifdef _WIN32
                auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    path.toStdWString(), 5 * 1024 * 1024, 5);
#else
                auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                    QFile::encodeName(path).toStdString(), 5 * 1024 * 1024, 5);
#endif
                sinks.push_back(sink);
                g_logFile = path;
            } catch (const spdlog::spdlog_ex &e) {
                problem = QStringLiteral(
                              "Cannot write the log file %1 (%2); logging to the console only.")
                              .arg(QDir::toNativeSeparators(path), QString::fromUtf8(e.what()));
            }
        } else {
            problem =
                QStringLiteral("Cannot create the log folder %1; logging to the console only.")
                    .arg(QDir::toNativeSeparators(dir));
        }
    }
    auto logger = std::make_shared<spdlog::logger>("o2c", sinks.begin(), sinks.end());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z [%l] %v");
    QString level = options.level.toLower();
    if (!isValidLevel(level)) {
        problem =
            QStringLiteral("Unknown log level \"%1\"; using info. Valid levels: trace, debug, "
                           "info, warn, error, critical, off.")
                .arg(options.level);
        level = QStringLiteral("info");
    }
    logger->set_level(spdlog::level::from_str(level.toStdString()));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    if (!problem.isEmpty())
        spdlog::warn("{}", problem);
    return problem;
}

QString currentLogFile() {
    return g_logFile;
}

QString redact(QString text) {
    // JSON-RPC execute_kw carries the secret as the third positional argument; authenticate too.
    static const QRegularExpression keyValue(
        QStringLiteral(
            R"re(("(?:password|passwd|api_key|apikey|secret|token|session_id)"\s*:\s*)"[^"]*")re"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression bearer(QStringLiteral(R"((bearer\s+)[A-Za-z0-9._~+/=-]+)"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression cookie(QStringLiteral(R"((session_id=)[^;\s"]+)"));
    static const QRegularExpression hex40(QStringLiteral(R"(\b[0-9a-f]{40}\b)"));
    text.replace(keyValue, QStringLiteral(R"re(\1"***")re"));
    text.replace(bearer, QStringLiteral("\\1***"));
    text.replace(cookie, QStringLiteral("\\1***"));
    text.replace(hex40, QStringLiteral("***"));
    return text;
}

} // namespace o2c::log
