// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QString>

class QAbstractItemModel;
class QTextDocument;
class QChart;

namespace o2c::ui {

// Lays the document out on A4 pages and writes them as PDF. False and *error when the file cannot
// be written; *pages gets the number of pages written.
bool writeDocumentPdf(QTextDocument &document, const QString &path, const QString &title,
                      QString *error, int *pages = nullptr);

// A table of what the model shows (header and every row), as HTML for a QTextDocument.
QString modelHtmlTable(const QAbstractItemModel &model, int maxRows = -1);

// A report of one table: title, when it was made, the rows.
bool writeModelPdf(const QString &path, const QString &title, const QString &subtitle,
                   const QAbstractItemModel &model, QString *error, int *pages = nullptr);

// The chart as a picture of the given size (at twice the pixels, for print), drawn on white with
// the chart's own colours.
QImage renderChart(QChart *chart, QSize size);

} // namespace o2c::ui
