// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"

namespace o2c::cli {

const QList<Command> &commands()
{
    static const QList<Command> all{};
    return all;
}

} // namespace o2c::cli
