// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace o2c::cli {

// `o2c odoo ping|sync|orders|order NAME|hold NAME|release NAME`: talks to one Odoo server for
// scripts. arguments[0] is "o2c odoo". The password or API key comes from O2C_ODOO_SECRET or the
// keychain, never from the command line. Returns 0 on success, 1 when Odoo or the network
// failed, 2 on a usage error.
int runOdooCommand(const QStringList &arguments);

} // namespace o2c::cli
