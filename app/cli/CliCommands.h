// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace o2c::cli {

struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &arguments)> run; // arguments[0] is "o2c <name>"
};

const QList<Command> &commands();

} // namespace o2c::cli
