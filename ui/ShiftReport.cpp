// SPDX-License-Identifier: GPL-3.0-or-later
#include "ShiftReport.h"

#include "DisplayText.h"
#include "PdfExport.h"

#include <QAbstractItemModel>
#include <QLocale>
#include <QUrl>

#include <algorithm>

namespace o2c::ui {

namespace {
QString esc(const QString &s) {
    return s.toHtmlEscaped();
}

QString figureRow(const QString &label, const QString &value) {
    return QStringLiteral("<tr><td>%1</td><td align=\"right\"><b>%2</b></td></tr>")
        .arg(esc(label), esc(value));
}
} // namespace

ShiftReport::ShiftReport(const ShiftReportData &data)
    : m_doc(std::make_unique<QTextDocument>()) {
    const QLocale l;
    QFont font = m_doc->defaultFont();
    font.setPointSizeF(9.5);
    m_doc->setDefaultFont(font);
    const SupervisorFigures &f = data.figures;
    QString html;
    html += QStringLiteral("<h1>%1</h1>").arg(esc(tr("Shift report")));
    html += QStringLiteral("<p>%1<br>%2</p>")
                .arg(esc(tr("Prepared by %1 on %2")
                             .arg(data.preparedBy,
                                  l.toString(data.preparedAt.toLocalTime(), QLocale::LongFormat))),
                     esc(data.environment));

    // The figures of the period.
    int orders = 0;
    for (int n : f.orders)
        orders += n;
    const int duplicates = f.totalDuplicates();
    html += QStringLiteral("<h2>%1</h2>")
                .arg(esc(tr("Figures from %1 to %2")
                             .arg(l.toString(f.from, QLocale::ShortFormat),
                                  l.toString(f.to, QLocale::ShortFormat))));
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\">");
    html += figureRow(tr("Orders created"), l.toString(orders));
    html += figureRow(tr("Duplicate orders found"), l.toString(duplicates));
    html += figureRow(
        tr("Duplicate rate"),
        tr("%1 %").arg(l.toString(orders > 0 ? 100.0 * duplicates / orders : 0.0, 'f', 1)));
    html +=
        figureRow(tr("Value at risk (still open)"), formatMoney(f.totalValueAtRisk(), f.currency));
    html += figureRow(tr("Value prevented (duplicates cancelled)"),
                      formatMoney(f.totalValuePrevented(), f.currency));
    html += figureRow(tr("Open clusters at the end of the period"),
                      l.toString(f.backlog.isEmpty() ? 0 : f.backlog.last()));
    if (!f.hoursToResolve.isEmpty())
        html += figureRow(tr("Median hours to resolve, last day"),
                          l.toString(f.hoursToResolve.last(), 'f', 1));
    html += QStringLiteral("</table>");

    if (!data.alerts.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2><ul>").arg(esc(tr("Active alerts")));
        for (const Alert &a : data.alerts)
            html += QStringLiteral("<li><b>%1</b> — %2</li>").arg(esc(a.title), esc(a.advice));
        html += QStringLiteral("</ul>");
    }

    // The charts, as drawn on screen.
    if (!data.charts.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Charts")));
        for (qsizetype i = 0; i < data.charts.size(); ++i) {
            const QUrl url(QStringLiteral("chart:%1").arg(i));
            const QImage &image = data.charts.at(i).second;
            m_doc->addResource(QTextDocument::ImageResource, url, image);
            const QSizeF logical = image.deviceIndependentSize();
            const double scale = std::min(1.0, 640.0 / std::max(1.0, logical.width()));
            html +=
                QStringLiteral("<p><b>%1</b><br><img src=\"%2\" width=\"%3\" height=\"%4\"></p>")
                    .arg(esc(data.charts.at(i).first), url.toString())
                    .arg(int(logical.width() * scale))
                    .arg(int(logical.height() * scale));
        }
    }

    if (data.openClusters) {
        html += QStringLiteral("<h2>%1</h2>")
                    .arg(esc(tr("Open duplicate clusters (%1)")
                                 .arg(l.toString(data.openClusters->rowCount()))));
        html += data.openClusters->rowCount() > 0
                    ? modelHtmlTable(*data.openClusters)
                    : QStringLiteral("<p>%1</p>").arg(esc(tr("None: every cluster is decided.")));
    }

    if (data.holds) {
        html += QStringLiteral("<h2>%1</h2>")
                    .arg(esc(tr("Holds (%1)").arg(l.toString(data.holds->rowCount()))));
        html += data.holds->rowCount() > 0
                    ? modelHtmlTable(*data.holds)
                    : QStringLiteral("<p>%1</p>").arg(esc(tr("No order is held.")));
        QStringList breaches;
        if (data.holdsBreachColumn >= 0)
            for (int r = 0; r < data.holds->rowCount(); ++r) {
                const QString breach =
                    data.holds->index(r, data.holdsBreachColumn).data().toString();
                if (!breach.isEmpty())
                    breaches << tr("%1: %2").arg(data.holds->index(r, 0).data().toString(), breach);
            }
        html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Breaches")));
        if (breaches.isEmpty()) {
            html += QStringLiteral("<p>%1</p>")
                        .arg(esc(tr("No held order was confirmed or produced anyway.")));
        } else {
            html += QStringLiteral("<ul>");
            for (const QString &b : breaches)
                html += QStringLiteral("<li>%1</li>").arg(esc(b));
            html += QStringLiteral("</ul>");
        }
    }

    html += QStringLiteral("<h2>%1</h2>").arg(esc(tr("Handed over")));
    if (data.claims.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("No cluster is claimed by anyone.")));
    } else {
        html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr><th "
                               "align=\"left\">%1</th><th align=\"left\">%2</th><th "
                               "align=\"left\">%3</th></tr>")
                    .arg(esc(tr("Cluster")), esc(tr("Claimed by")), esc(tr("Since")));
        for (const ClusterClaim &c : data.claims)
            html +=
                QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>")
                    .arg(esc(c.clusterId), esc(c.claimedBy),
                         esc(l.toString(
                             QDateTime::fromString(c.claimedAt, Qt::ISODateWithMs).toLocalTime(),
                             QLocale::ShortFormat)));
        html += QStringLiteral("</table>");
    }
    if (!data.decisions.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3><ul>").arg(esc(tr("Decided during the shift")));
        for (const ClusterDecision &d : data.decisions)
            html +=
                QStringLiteral("<li>%1</li>")
                    .arg(esc(d.decision == QLatin1String("resolved")
                                 ? tr("%1 resolved by %2, keeping %3")
                                       .arg(d.clusterId, d.decidedBy, d.survivor)
                                 : tr("%1 marked distinct by %2").arg(d.clusterId, d.decidedBy)));
        html += QStringLiteral("</ul>");
    }
    if (!data.handover.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3><pre>%2</pre>")
                    .arg(esc(tr("Handover summary")), esc(data.handover));
    }
    m_doc->setHtml(html);
}

ShiftReport::~ShiftReport() = default;

QString ShiftReport::plainText() const {
    return m_doc->toPlainText();
}

bool ShiftReport::writePdf(const QString &path, QString *error, int *pages) {
    return writeDocumentPdf(*m_doc, path, tr("Shift report"), error, pages);
}

} // namespace o2c::ui
