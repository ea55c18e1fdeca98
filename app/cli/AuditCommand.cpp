// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "StoreOption.h"

#include "store/Store.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "audit/AuditTrail.h"

#include <QFile>

namespace o2c::cli {

int runAudit(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Checks or exports the hash-chained audit trail.\n"
        "  o2c audit verify            names the first broken link, if any\n"
        "  o2c audit export --output FILE   writes CSV (\"-\": standard output)\n"
        "Exit status: 0 intact / written; 1 the trail was tampered with; 2 cannot run."));
    parser.addHelpOption();
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("output"), QStringLiteral("export: the CSV file."),
                      QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("verify or export"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << helpText(parser, arguments);
        return 0;
    }
    const QString command = parser.positionalArguments().value(0);
    if (command != QLatin1String("verify") && command != QLatin1String("export")) {
        err << QStringLiteral("o2c audit needs verify or export (see --help).\n");
        return 2;
    }
    if (command == QLatin1String("export") && !parser.isSet(QStringLiteral("output"))) {
        err << QStringLiteral("o2c audit export needs --output FILE (\"-\": standard output).\n");
        return 2;
    }
    auto store = openStore(parser, err);
    if (!store)
        return 2;
    AuditTrail trail(*store);
    if (command == QLatin1String("verify")) {
        const AuditTrail::Verdict v = trail.verify();
        if (v.intact) {
            out << QStringLiteral("The audit trail is intact: %1 entries.\n").arg(v.entries);
            return 0;
        }
        out << QStringLiteral("The audit trail is broken at entry %1: %2.\n")
                   .arg(v.firstBroken)
                   .arg(v.problem);
        return 1;
    }
    QFile file;
    const QString path = parser.value(QStringLiteral("output"));
    const bool opened =
        path == QLatin1String("-")
            ? file.open(stdout, QIODevice::WriteOnly)
            : (file.setFileName(path), file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    if (!opened) {
        err << QStringLiteral("Cannot write %1: %2\n").arg(path, file.errorString());
        return 2;
    }
    QString error;
    if (!trail.exportCsv(file, &error)) {
        err << error << '\n';
        return 2;
    }
    return 0;
}

} // namespace o2c::cli
