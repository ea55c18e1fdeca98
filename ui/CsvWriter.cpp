// SPDX-License-Identifier: GPL-3.0-or-later
#include "CsvWriter.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QSaveFile>

namespace o2c::ui {

namespace {
QString quoted(const QString &field) {
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) &&
        !field.contains(QLatin1Char('\n')) && !field.contains(QLatin1Char('\r')))
        return field;
    QString q = field;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QByteArray line(const QStringList &fields) {
    QStringList q;
    q.reserve(fields.size());
    for (const QString &f : fields)
        q.append(quoted(f));
    return (q.join(QLatin1Char(',')) + QLatin1String("\r\n")).toUtf8();
}
} // namespace

bool writeCsv(const QString &path, const QStringList &header, const QList<QStringList> &rows,
              QString *error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QCoreApplication::translate("o2c::ui::CsvWriter",
                                                 "%1 cannot be written: %2. Choose another folder.")
                         .arg(path, file.errorString());
        return false;
    }
    file.write(line(header));
    for (const QStringList &r : rows)
        file.write(line(r));
    if (!file.commit()) {
        if (error)
            *error = QCoreApplication::translate("o2c::ui::CsvWriter",
                                                 "%1 cannot be written: %2. Choose another folder.")
                         .arg(path, file.errorString());
        return false;
    }
    return true;
}

bool writeModelCsv(const QString &path, const QAbstractItemModel &model, QString *error) {
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header.append(model.headerData(c, Qt::Horizontal).toString());
    QList<QStringList> rows;
    rows.reserve(model.rowCount());
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList fields;
        for (int c = 0; c < model.columnCount(); ++c)
            fields.append(model.index(r, c).data().toString());
        rows.append(fields);
    }
    return writeCsv(path, header, rows, error);
}

} // namespace o2c::ui
