// SPDX-License-Identifier: GPL-3.0-or-later
#include "TableLayout.h"

#include <QHeaderView>
#include <QTableView>

#include <algorithm>

namespace o2c::ui {

void fitColumnsToSamples(QTableView *table, const QStringList &samples) {
    const QFontMetrics fm(table->font());
    QFont headerFont = table->horizontalHeader()->font();
    headerFont.setBold(true);
    const QFontMetrics hfm(headerFont);
    const int padding = fm.horizontalAdvance(QLatin1Char('M')) + 8;
    const int columns = table->model() ? table->model()->columnCount() : 0;
    for (int c = 0; c < std::min<int>(columns, int(samples.size())); ++c) {
        if (samples.at(c).isEmpty())
            continue;
        const QString header = table->model()->headerData(c, Qt::Horizontal).toString();
        table->setColumnWidth(c, std::max(fm.horizontalAdvance(samples.at(c)) + padding,
                                          hfm.horizontalAdvance(header) + padding + 16));
    }
}

} // namespace o2c::ui
