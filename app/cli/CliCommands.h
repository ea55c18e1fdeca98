// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace o2c::cli {

struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &arguments)> run; // arguments[0] is "o2c <name>"
};

const QList<Command> &commands();

// A command's --help text with its usage line naming the command as typed ("o2c scan"), not the
// path the binary was started from (QCommandLineParser names the program by argv[0]).
QString helpText(const QCommandLineParser &parser, const QStringList &arguments);

} // namespace o2c::cli
