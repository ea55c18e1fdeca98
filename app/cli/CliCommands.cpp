// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"

namespace o2c::cli {

int runScan(const QStringList &arguments);

const QList<Command> &commands() {
    static const QList<Command> all{
        {QStringLiteral("scan"), QStringLiteral("find duplicate clusters in a file of orders"),
         runScan},
    };
    return all;
}

} // namespace o2c::cli
