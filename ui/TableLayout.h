// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QTableView;

namespace o2c::ui {

// Column widths from what the columns typically hold (never measured over the rows), and at
// least the header with its sort arrow. An empty sample keeps the column's width.
void fitColumnsToSamples(QTableView *table, const QStringList &samples);

} // namespace o2c::ui
