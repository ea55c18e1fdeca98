// SPDX-License-Identifier: GPL-3.0-or-later
// o2c: the command line for scripts. `o2c <command> --help` explains each command.
#include "CliCommands.h"
#include "shared/ProcessSetup.h"

#include "o2c/BuildInfo.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace o2c;

namespace {

QString usage() {
    QString text = QStringLiteral("Usage: o2c <command> [options]\n\n"
                                  "O2C Cockpit's command line: duplicate scans and Odoo checks "
                                  "for scripts.\n\nCommands:\n");
    for (const cli::Command &c : cli::commands())
        text += QStringLiteral("  %1  %2\n").arg(c.name.leftJustified(10), c.summary);
    text +=
        QStringLiteral("\nOptions:\n  -h, --help     Show this help.\n  -v, --version  Show the "
                       "version.\n\n`o2c <command> --help` describes a command's options.\n");
    return text;
}

} // namespace

int main(int argc, char **argv) {
    app::setApplicationIdentity(QStringLiteral("o2c"));
    QCoreApplication application(argc, argv);
    QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 2) {
        err << usage();
        return 2;
    }
    const QString first = args.at(1);
    if (first == QLatin1String("-h") || first == QLatin1String("--help") ||
        first == QLatin1String("help")) {
        out << usage();
        return 0;
    }
    if (first == QLatin1String("-v") || first == QLatin1String("--version") ||
        first == QLatin1String("version")) {
        out << QStringLiteral("o2c %1\n").arg(QString::fromLatin1(build::version));
        return 0;
    }
    for (const cli::Command &c : cli::commands()) {
        if (c.name == first) {
            args.removeAt(1); // the command's own parser sees "o2c <options>"
            args[0] = QStringLiteral("o2c %1").arg(c.name);
            return c.run(args);
        }
    }
    err << QStringLiteral("Unknown command \"%1\".\n\n").arg(first) << usage();
    return 2;
}
