// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "OdooCommand.h"

#include <QCoreApplication>
#include <QDir>

namespace o2c::cli {

int runScan(const QStringList &arguments);
int runActions(const QStringList &arguments);
int runAudit(const QStringList &arguments);

const QList<Command> &commands() {
    static const QList<Command> all{
        {QStringLiteral("scan"), QStringLiteral("find duplicate clusters in a file of orders"),
         runScan},
        {QStringLiteral("odoo"),
         QStringLiteral("ping, sync, read, hold and release orders in Odoo"), runOdooCommand},
        {QStringLiteral("actions"),
         QStringLiteral("list the outbox of planner actions; retry or abandon one"), runActions},
        {QStringLiteral("audit"), QStringLiteral("verify the audit trail or export it as CSV"),
         runAudit},
    };
    return all;
}

QString helpText(const QCommandLineParser &parser, const QStringList &arguments) {
    QString text = parser.helpText();
    const QStringList args = QCoreApplication::arguments();
    if (args.isEmpty() || arguments.isEmpty())
        return text;
    const QString usage = QStringLiteral("Usage: ");
    const QString program = QDir::toNativeSeparators(args.constFirst());
    if (text.startsWith(usage + program))
        text.replace(usage.size(), program.size(), arguments.constFirst());
    return text;
}

} // namespace o2c::cli
