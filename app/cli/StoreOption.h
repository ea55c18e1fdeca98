// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Store.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QTextStream>

#include <memory>

namespace o2c::cli {

// --store: sqlite:<file> or postgres:<connection>[#schema]; default $O2C_STORE, else the
// cockpit's own SQLite file.
QCommandLineOption storeOption();

// Opens the store the options name; on failure says why on `err` and returns null.
std::unique_ptr<Store> openStore(const QCommandLineParser &parser, QTextStream &err);

} // namespace o2c::cli
