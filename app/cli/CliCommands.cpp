// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "OdooCommand.h"

namespace o2c::cli {

const QList<Command> &commands()
{
    static const QList<Command> all{{QStringLiteral("odoo"), QStringLiteral("Odoo: ping, sync, orders, order, hold, release"), &runOdooCommand}};
    return all;
}

} // namespace o2c::cli
