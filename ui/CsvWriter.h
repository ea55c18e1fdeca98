// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace o2c::ui {

// Writes a table as comma-separated values (RFC 4180 quoting, UTF-8, a header line). The text
// of what went wrong in *error when the file cannot be written.
bool writeCsv(const QString &path, const QStringList &header, const QList<QStringList> &rows,
              QString *error);
// The displayed text of every row and column of a model, with its horizontal header.
bool writeModelCsv(const QString &path, const QAbstractItemModel &model, QString *error);

} // namespace o2c::ui
