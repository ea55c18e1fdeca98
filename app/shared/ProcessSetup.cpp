// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProcessSetup.h"

#include "common/Log.h"
#include "o2c/BuildInfo.h"

#include <QCoreApplication>
#include <QTextStream>

namespace o2c::app {

void setApplicationIdentity(const QString &applicationName) {
    QCoreApplication::setOrganizationName(QString::fromLatin1(build::organization));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(build::organizationDomain));
    QCoreApplication::setApplicationName(applicationName);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(build::version));
}

void addLoggingOptions(QCommandLineParser &parser) {
    parser.addOption({QStringLiteral("log-level"),
                      QStringLiteral("Log level: trace, debug, info, warn, error, critical or off "
                                     "(default: info, or the O2C_LOG_LEVEL environment variable)."),
                      QStringLiteral("level")});
    parser.addOption({QStringLiteral("log-file-dir"),
                      QStringLiteral("Folder for the rotating log file (default: the platform's "
                                     "application data folder, subfolder logs)."),
                      QStringLiteral("dir")});
}

bool setupLogging(const QCommandLineParser &parser, const QString &fileBaseName) {
    log::Options options;
    options.fileBaseName = fileBaseName;
    const QString envLevel = qEnvironmentVariable("O2C_LOG_LEVEL");
    if (parser.isSet(QStringLiteral("log-level")))
        options.level = parser.value(QStringLiteral("log-level"));
    else if (!envLevel.isEmpty())
        options.level = envLevel;
    if (!log::isValidLevel(options.level)) {
        QTextStream(stderr) << QStringLiteral("Unknown log level \"%1\". Use one of: trace, debug, "
                                              "info, warn, error, critical, off.\n")
                                   .arg(options.level);
        return false;
    }
    options.fileDirectory = parser.value(QStringLiteral("log-file-dir"));
    log::setup(options);
    return true;
}

bool wantsHelpOrVersion(int argc, char **argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--")
            break;
        if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" ||
            a == "--version")
            return true;
    }
    return false;
}

} // namespace o2c::app
