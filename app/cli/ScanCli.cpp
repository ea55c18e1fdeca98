// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"

#include "dedup/ScanCommand.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace o2c::cli {

int runScan(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Finds duplicate clusters in a file of canonical orders (JSON lines, one order per line) "
        "and writes them as JSON. Formats: docs/formats.md.\n"
        "Exit status: 0 all lines read; 1 some lines were bad (reported with their line number "
        "and skipped); 2 nothing could be written."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("input"),
                      QStringLiteral("Orders, JSON lines (\"-\": standard input)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("output"),
                      QStringLiteral("Clusters, JSON (\"-\": standard output)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("rules"),
                      QStringLiteral("Duplicate rules, JSON (default: the built-in rules, "
                                     "docs/duplicate-rules.md)."),
                      QStringLiteral("file")});
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return ScanCommand::CannotRun;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << helpText(parser, arguments);
        return 0;
    }
    if (!parser.isSet(QStringLiteral("input")) || !parser.isSet(QStringLiteral("output"))) {
        err << QStringLiteral(
            "o2c scan needs --input FILE and --output FILE (see o2c scan --help).\n");
        return ScanCommand::CannotRun;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << QStringLiteral("o2c scan takes no arguments besides its options; got \"%1\".\n")
                   .arg(parser.positionalArguments().join(QLatin1Char(' ')));
        return ScanCommand::CannotRun;
    }
    return ScanCommand::run(parser.value(QStringLiteral("input")),
                            parser.value(QStringLiteral("output")),
                            parser.value(QStringLiteral("rules")), err);
}

} // namespace o2c::cli
