// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace o2c::app {

// Names used by QSettings and QStandardPaths; set before anything reads either.
void setApplicationIdentity(const QString &applicationName);

// Adds --log-level and --log-file-dir to a parser.
void addLoggingOptions(QCommandLineParser &parser);
// Installs logging from the parsed options (or O2C_LOG_LEVEL). Returns false after printing a
// message when an option is invalid.
bool setupLogging(const QCommandLineParser &parser, const QString &fileBaseName);

// True when the raw arguments ask for --help or --version: the caller then answers them with a
// QCoreApplication only, so both work on a machine without a display.
bool wantsHelpOrVersion(int argc, char **argv);

} // namespace o2c::app
