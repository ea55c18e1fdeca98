// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace o2c::sim {

// The fields_get maps of every model the simulator serves, as compact JSON objects
// ({"field": {"string": ..., "type": ..., "relation"/"selection": ...}}), keyed by model name.
QList<QPair<QString, QByteArray>> labFieldMaps();

} // namespace o2c::sim
