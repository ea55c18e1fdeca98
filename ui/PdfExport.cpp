// SPDX-License-Identifier: GPL-3.0-or-later
#include "PdfExport.h"

#include <QAbstractItemModel>
#include <QChart>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace o2c::ui {

// The context of this file's texts in the translations.
struct PdfExport {
    Q_DECLARE_TR_FUNCTIONS(o2c::ui::PdfExport)
};

bool writeDocumentPdf(QTextDocument &document, const QString &path, const QString &title,
                      QString *error, int *pages) {
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        if (error)
            *error =
                PdfExport::tr("The folder %1 does not exist. Choose another place for the file.")
                    .arg(QDir::toNativeSeparators(info.absolutePath()));
        return false;
    }
    QPdfWriter writer(path);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("O2C Cockpit"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    // Screen pixels: the document's font sizes and pictures keep the proportions they have on
    // screen; text stays vector text.
    writer.setResolution(96);
    QPainter painter;
    if (!painter.begin(&writer)) {
        if (error)
            *error = PdfExport::tr(
                         "%1 could not be written. Check that the folder is writable and the file "
                         "is not open in another program.")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    const QSizeF page(writer.width(), writer.height());
    document.setPageSize(page);
    const int count = document.pageCount();
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            writer.newPage();
        painter.save();
        painter.translate(0, -page.height() * i);
        document.drawContents(&painter, QRectF(QPointF(0, page.height() * i), page));
        painter.restore();
        // The page number at the foot of every page.
        painter.save();
        QFont f = document.defaultFont();
        f.setPointSizeF(f.pointSizeF() * 0.8);
        painter.setFont(f);
        painter.setPen(Qt::darkGray);
        painter.drawText(QRectF(0, page.height() - 2, page.width(), 20),
                         Qt::AlignRight | Qt::AlignTop,
                         PdfExport::tr("Page %1 of %2").arg(i + 1).arg(count));
        painter.restore();
    }
    const bool ok = painter.end();
    if (!ok && error)
        *error = PdfExport::tr("%1 could not be completed. Check the free space on the disk.")
                     .arg(QDir::toNativeSeparators(path));
    if (pages)
        *pages = count;
    return ok;
}

QString modelHtmlTable(const QAbstractItemModel &model, int maxRows) {
    QString html = QStringLiteral(
        "<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\" border=\"0\"><tr>");
    const int columns = model.columnCount();
    for (int c = 0; c < columns; ++c)
        html += QStringLiteral("<th align=\"left\" bgcolor=\"#e4e7eb\">%1</th>")
                    .arg(model.headerData(c, Qt::Horizontal).toString().toHtmlEscaped());
    html += QStringLiteral("</tr>");
    const int rows = maxRows < 0 ? model.rowCount() : std::min(maxRows, model.rowCount());
    for (int r = 0; r < rows; ++r) {
        html += r % 2 ? QStringLiteral("<tr bgcolor=\"#f5f6f8\">") : QStringLiteral("<tr>");
        for (int c = 0; c < columns; ++c)
            html += QStringLiteral("<td>%1</td>")
                        .arg(model.index(r, c).data().toString().toHtmlEscaped());
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    return html;
}

bool writeModelPdf(const QString &path, const QString &title, const QString &subtitle,
                   const QAbstractItemModel &model, QString *error, int *pages) {
    QTextDocument doc;
    QFont f = doc.defaultFont();
    f.setPointSizeF(9);
    doc.setDefaultFont(f);
    doc.setHtml(QStringLiteral("<h2>%1</h2><p>%2</p>%3")
                    .arg(title.toHtmlEscaped(), subtitle.toHtmlEscaped(), modelHtmlTable(model)));
    return writeDocumentPdf(doc, path, title, error, pages);
}

QImage renderChart(QChart *chart, QSize size) {
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    if (!chart || !chart->scene())
        return image;
    const QSizeF before = chart->size();
    const QPointF at = chart->pos();
    chart->resize(size);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    chart->scene()->render(&p, QRectF(QPointF(0, 0), QSizeF(size)),
                           QRectF(chart->mapToScene(QPointF(0, 0)), QSizeF(size)));
    p.end();
    if (before.isValid() && !before.isEmpty())
        chart->resize(before);
    chart->setPos(at);
    return image;
}

} // namespace o2c::ui
