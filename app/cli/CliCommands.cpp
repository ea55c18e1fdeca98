// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "OdooCommand.h"

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

} // namespace o2c::cli
