// SPDX-License-Identifier: GPL-3.0-or-later
#include "SupervisorChartsPage.h"

#include "CockpitColors.h"
#include "CockpitContext.h"
#include "CsvWriter.h"
#include "DisplayText.h"
#include "IntegrationLog.h"
#include "PdfExport.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"
#include "middleware/HubHealthMonitor.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace o2c::ui {

namespace {
QStringList dayLabels(const QList<QDate> &days) {
    QStringList out;
    for (const QDate &d : days)
        out << QLocale().toString(d, QStringLiteral("dd MMM"));
    return out;
}

void resetChart(QChart *chart) {
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis *a : axes) {
        chart->removeAxis(a);
        delete a;
    }
}

QBarCategoryAxis *categoryAxis(QChart *chart, const QList<QDate> &days) {
    auto *x = new QBarCategoryAxis(chart);
    x->append(dayLabels(days));
    chart->addAxis(x, Qt::AlignBottom);
    return x;
}

// The days of the range under their points, as dates a supervisor reads ("20 Nov").
QCategoryAxis *dayAxis(QChart *chart, const QList<QDate> &days) {
    auto *x = new QCategoryAxis(chart);
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setRange(0, std::max<double>(1, double(days.size() - 1)));
    // Every day while they fit, else every n-th.
    const qsizetype step = std::max<qsizetype>(1, (days.size() + 9) / 10);
    for (qsizetype i = 0; i < days.size(); i += step)
        x->append(QLocale().toString(days.at(i), QStringLiteral("d MMM")), double(i));
    return x;
}

QValueAxis *valueAxis(QChart *chart, const QString &title, Qt::Alignment where, double max) {
    auto *y = new QValueAxis(chart);
    y->setTitleText(title);
    y->setRange(0, max > 0 ? max * 1.1 : 1);
    y->applyNiceNumbers(); // round ticks, so whole-number labels say what the grid shows
    // Whole numbers, unless the range is so small that they would repeat (0, 0, 1, 1).
    y->setLabelFormat(y->max() - y->min() < 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    chart->addAxis(y, where);
    return y;
}
} // namespace

SupervisorChartsPage::SupervisorChartsPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    head->addWidget(m_headline, 1);
    auto *fromLabel = new QLabel(tr("&From:"), this);
    m_from = new QDateEdit(this);
    m_from->setCalendarPopup(true);
    m_from->setAccessibleName(tr("First day"));
    fromLabel->setBuddy(m_from);
    auto *toLabel = new QLabel(tr("&To:"), this);
    m_to = new QDateEdit(this);
    m_to->setCalendarPopup(true);
    m_to->setAccessibleName(tr("Last day"));
    toLabel->setBuddy(m_to);
    const QDate today = m_ctx.clock().toUTC().date();
    m_from->setDate(today.addDays(-6));
    m_to->setDate(today);
    auto *apply = new QPushButton(tr("&Update"), this);
    head->addWidget(fromLabel);
    head->addWidget(m_from);
    head->addWidget(toLabel);
    head->addWidget(m_to);
    head->addWidget(apply);
    v->addLayout(head);

    auto *grid = new QGridLayout;
    const QStringList titles{tr("Duplicates per channel per day"), tr("Duplicate rate"),
                             tr("Value at risk and value prevented"),
                             tr("Backlog and time to resolve"), tr("Integration health")};
    for (int i = 0; i < ChartCount; ++i) {
        auto *chart = new QChart;
        chart->setTitle(titles.at(i));
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(4, 4, 14, 4)); // room for the last date under the axis end
        auto *view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setAccessibleName(titles.at(i));
        view->setMinimumSize(320, 220);
        m_views.append(view);
        if (i == IntegrationChart)
            grid->addWidget(view, 2, 0, 1, 2);
        else
            grid->addWidget(view, i / 2, i % 2);
    }
    v->addLayout(grid, 1);
    connect(apply, &QPushButton::clicked, this, &SupervisorChartsPage::refresh);
    applyPalette();
}

void SupervisorChartsPage::changeEvent(QEvent *event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
}

bool SupervisorChartsPage::darkCharts() const {
    return !m_views.isEmpty() && m_views.first()->chart()->theme() == QChart::ChartThemeDark;
}

void SupervisorChartsPage::applyPalette() {
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    for (QChartView *view : std::as_const(m_views)) {
        QChart *chart = view->chart();
        const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
        if (chart->theme() != theme)
            chart->setTheme(theme); // series, axes, grid and legend in colours for this ground
        // On the window's own ground, so a chart does not sit in a box of another colour.
        chart->setBackgroundBrush(pal.color(QPalette::Base));
        chart->setBackgroundPen(QPen(pal.color(QPalette::Mid)));
        chart->setTitleBrush(pal.color(QPalette::WindowText));
        chart->legend()->setLabelColor(pal.color(QPalette::WindowText));
        view->setBackgroundBrush(pal.color(QPalette::Window));
    }
}

QList<QPair<QString, QImage>> SupervisorChartsPage::chartImages(QSize size) const {
    QList<QPair<QString, QImage>> out;
    for (QChartView *view : m_views)
        out.append({view->chart()->title(), renderChart(view->chart(), size)});
    return out;
}

bool SupervisorChartsPage::exportCsv(const QString &path, QString *error) const {
    QStandardItemModel model;
    QStringList headers{tr("Day"), tr("Orders")};
    for (Channel c : allChannels)
        headers << tr("Duplicates via %1").arg(channelTitle(c));
    headers << tr("Duplicate rate (%)") << tr("Value at risk") << tr("Value prevented")
            << tr("Open clusters") << tr("Median hours to resolve") << tr("Currency");
    model.setHorizontalHeaderLabels(headers);
    const SupervisorFigures &f = m_figures;
    for (qsizetype d = 0; d < f.days.size(); ++d) {
        QList<QStandardItem *> row;
        const auto cell = [&row](const QString &text) { row.append(new QStandardItem(text)); };
        cell(f.days.at(d).toString(Qt::ISODate));
        cell(QString::number(f.orders.value(d)));
        for (Channel c : allChannels)
            cell(QString::number(f.duplicatesPerChannel.value(c).value(d)));
        cell(QString::number(f.duplicateRate.value(d) * 100.0, 'f', 2));
        cell(QString::number(f.valueAtRisk.value(d), 'f', 2));
        cell(QString::number(f.valuePrevented.value(d), 'f', 2));
        cell(QString::number(f.backlog.value(d)));
        cell(QString::number(f.hoursToResolve.value(d), 'f', 1));
        cell(f.currency);
        model.appendRow(row);
    }
    return writeModelCsv(path, model, error);
}

SupervisorChartsPage::~SupervisorChartsPage() = default;

void SupervisorChartsPage::setRange(QDate from, QDate to) {
    m_from->setDate(from);
    m_to->setDate(to);
    refresh();
}

void SupervisorChartsPage::refresh() {
    if (!m_ctx.book) {
        m_figures = {};
    } else {
        // Kept from the book's changes from the first refresh on (filled from the book then).
        if (!m_tally || m_tallyBook != m_ctx.book) {
            delete m_tally;
            m_tally = new SupervisorTally(m_ctx.book, this);
            m_tallyBook = m_ctx.book;
        }
        m_figures = m_tally->figures(m_ctx.desk, m_from->date(), m_to->date());
    }
    fillDuplicates();
    fillRate();
    fillValue();
    fillBacklog();
    fillIntegration();
    m_headline->setText(headlineText());
}

QString SupervisorChartsPage::headlineText() const {
    return tr("%n duplicates found, %1 still at risk, %2 prevented.", nullptr,
              int(m_figures.totalDuplicates()))
        .arg(formatMoneyShort(m_figures.totalValueAtRisk(), m_figures.currency),
             formatMoneyShort(m_figures.totalValuePrevented(), m_figures.currency));
}

int SupervisorChartsPage::pointCount(int index) const {
    const QChartView *view = m_views.value(index);
    if (!view)
        return 0;
    int n = 0;
    const auto series = view->chart()->series();
    for (QAbstractSeries *s : series) {
        if (auto *line = qobject_cast<QLineSeries *>(s))
            n += int(line->count());
        else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
            for (QBarSet *set : bars->barSets())
                for (int i = 0; i < set->count(); ++i)
                    n += set->at(i) != 0;
    }
    return n;
}

void SupervisorChartsPage::fillDuplicates() {
    QChart *chart = m_views.at(DuplicatesChart)->chart();
    resetChart(chart);
    auto *series = new QStackedBarSeries(chart);
    int top = 0;
    QList<int> perDay(m_figures.days.size(), 0);
    for (Channel c : allChannels) {
        const QList<int> values = m_figures.duplicatesPerChannel.value(c);
        auto *set = new QBarSet(channelTitle(c), series);
        for (qsizetype i = 0; i < values.size(); ++i) {
            *set << values.at(i);
            perDay[i] += values.at(i);
        }
        series->append(set);
    }
    for (int d : perDay)
        top = std::max(top, d);
    chart->addSeries(series);
    series->attachAxis(categoryAxis(chart, m_figures.days));
    series->attachAxis(valueAxis(chart, tr("duplicates"), Qt::AlignLeft, top));
}

void SupervisorChartsPage::fillRate() {
    QChart *chart = m_views.at(RateChart)->chart();
    resetChart(chart);
    auto *series = new QLineSeries(chart);
    series->setName(tr("duplicates per 100 orders"));
    double top = 0;
    for (qsizetype i = 0; i < m_figures.duplicateRate.size(); ++i) {
        series->append(double(i), m_figures.duplicateRate.at(i) * 100);
        top = std::max(top, m_figures.duplicateRate.at(i) * 100);
    }
    chart->addSeries(series);
    QCategoryAxis *x = dayAxis(chart, m_figures.days);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(valueAxis(chart, tr("%"), Qt::AlignLeft, top));
}

void SupervisorChartsPage::fillValue() {
    QChart *chart = m_views.at(ValueChart)->chart();
    resetChart(chart);
    auto *series = new QBarSeries(chart);
    auto *risk = new QBarSet(tr("at risk"), series);
    auto *prevented = new QBarSet(tr("prevented"), series);
    double top = 0;
    for (qsizetype i = 0; i < m_figures.days.size(); ++i) {
        *risk << m_figures.valueAtRisk.at(i);
        *prevented << m_figures.valuePrevented.at(i);
        top = std::max({top, m_figures.valueAtRisk.at(i), m_figures.valuePrevented.at(i)});
    }
    series->append(risk);
    series->append(prevented);
    chart->addSeries(series);
    series->attachAxis(categoryAxis(chart, m_figures.days));
    series->attachAxis(valueAxis(chart, m_figures.currency, Qt::AlignLeft, top));
}

void SupervisorChartsPage::fillBacklog() {
    QChart *chart = m_views.at(BacklogChart)->chart();
    resetChart(chart);
    auto *backlog = new QLineSeries(chart);
    backlog->setName(tr("open clusters"));
    auto *hours = new QLineSeries(chart);
    hours->setName(tr("median hours to resolve"));
    double topB = 0, topH = 0;
    for (qsizetype i = 0; i < m_figures.days.size(); ++i) {
        backlog->append(double(i), m_figures.backlog.at(i));
        hours->append(double(i), m_figures.hoursToResolve.at(i));
        topB = std::max<double>(topB, m_figures.backlog.at(i));
        topH = std::max(topH, m_figures.hoursToResolve.at(i));
    }
    chart->addSeries(backlog);
    chart->addSeries(hours);
    QCategoryAxis *x = dayAxis(chart, m_figures.days);
    chart->addAxis(x, Qt::AlignBottom);
    backlog->attachAxis(x);
    hours->attachAxis(x);
    backlog->attachAxis(valueAxis(chart, tr("clusters"), Qt::AlignLeft, topB));
    hours->attachAxis(valueAxis(chart, tr("hours"), Qt::AlignRight, topH));
}

void SupervisorChartsPage::fillIntegration() {
    QChart *chart = m_views.at(IntegrationChart)->chart();
    resetChart(chart);
    auto *throughput = new QLineSeries(chart);
    throughput->setName(tr("records per pass"));
    auto *failed = new QLineSeries(chart);
    failed->setName(tr("failed passes"));
    auto *latency = new QLineSeries(chart);
    latency->setName(tr("latency (ms)"));
    auto *queue = new QLineSeries(chart);
    queue->setName(tr("outbox queue depth"));
    auto *acks = new QLineSeries(chart);
    acks->setName(tr("acknowledged actions (%)"));
    QList<SyncPass> passes;
    if (m_ctx.log) {
        const QDateTime from = m_figures.from.startOfDay(Qt::UTC);
        const QDateTime to = m_figures.to.addDays(1).startOfDay(Qt::UTC);
        for (const SyncPass &p : m_ctx.log->passes())
            if (p.finishedAt >= from && p.finishedAt < to)
                passes.append(p);
    }
    // At most 120 buckets: a day of passes stays readable and cheap to draw.
    const qsizetype buckets = std::min<qsizetype>(120, passes.size());
    double topLeft = 1, topLatency = 1;
    int queueDepth = 0;
    double ackRate = 100;
    if (m_ctx.desk) {
        const QList<ActionRecord> all = m_ctx.desk->actions();
        int done = 0, bad = 0;
        for (const ActionRecord &a : all) {
            queueDepth += a.state == ActionState::Queued || a.state == ActionState::Running;
            done += a.state == ActionState::Done;
            bad += a.state == ActionState::Failed || a.state == ActionState::Abandoned;
        }
        ackRate = done + bad > 0 ? 100.0 * done / (done + bad) : 100;
    }
    for (qsizetype b = 0; b < buckets; ++b) {
        const qsizetype first = b * passes.size() / buckets;
        const qsizetype last = (b + 1) * passes.size() / buckets;
        double records = 0, lat = 0;
        int fails = 0, ok = 0;
        for (qsizetype i = first; i < last; ++i) {
            records += passes.at(i).records;
            if (passes.at(i).ok) {
                lat += passes.at(i).latencyMs;
                ++ok;
            } else {
                ++fails;
            }
        }
        const double x = double(passes.at(first).finishedAt.toMSecsSinceEpoch());
        throughput->append(x, records / double(std::max<qsizetype>(1, last - first)));
        failed->append(x, fails);
        latency->append(x, ok ? lat / ok : 0);
        queue->append(x, queueDepth);
        acks->append(x, ackRate);
        topLeft = std::max(
            {topLeft, throughput->at(int(b)).y(), double(fails), double(queueDepth), ackRate});
        topLatency = std::max(topLatency, latency->at(int(b)).y());
    }
    // The middleware hub's own figures, sampled while the cockpit ran.
    QList<QLineSeries *> hubSeries;
    QLineSeries *hubLatency = nullptr;
    QDateTime first = passes.isEmpty() ? QDateTime() : passes.first().finishedAt;
    QDateTime last = passes.isEmpty() ? QDateTime() : passes.last().finishedAt;
    if (m_ctx.hub && !m_ctx.hub->history().isEmpty()) {
        const QDateTime from = m_figures.from.startOfDay(Qt::UTC);
        const QDateTime to = m_figures.to.addDays(1).startOfDay(Qt::UTC);
        auto *hubThroughput = new QLineSeries(chart);
        hubThroughput->setName(tr("hub orders per minute"));
        auto *hubDepth = new QLineSeries(chart);
        hubDepth->setName(tr("hub queue depth"));
        auto *hubFailures = new QLineSeries(chart);
        hubFailures->setName(tr("hub failures"));
        auto *hubAcks = new QLineSeries(chart);
        hubAcks->setName(tr("hub acknowledged by Odoo (%)"));
        hubLatency = new QLineSeries(chart);
        hubLatency->setName(tr("hub latency, 95th percentile (ms)"));
        for (const HubHealth &h : m_ctx.hub->history()) {
            if (h.sampledAt < from || h.sampledAt >= to)
                continue;
            const double t = double(h.sampledAt.toMSecsSinceEpoch());
            hubThroughput->append(t, h.throughputPerMinute);
            hubDepth->append(t, h.queueDepth);
            hubFailures->append(t, h.failed + h.deadLettered);
            hubAcks->append(t, h.ackSuccessRate * 100);
            hubLatency->append(t, h.latencyP95Ms);
            topLeft = std::max({topLeft, h.throughputPerMinute, double(h.queueDepth),
                                double(h.failed + h.deadLettered), h.ackSuccessRate * 100});
            topLatency = std::max(topLatency, h.latencyP95Ms);
            if (!first.isValid() || h.sampledAt < first)
                first = h.sampledAt;
            if (!last.isValid() || h.sampledAt > last)
                last = h.sampledAt;
        }
        hubSeries = {hubThroughput, hubDepth, hubFailures, hubAcks};
    }
    for (QLineSeries *s : {throughput, failed, queue, acks, latency})
        chart->addSeries(s);
    for (QLineSeries *s : std::as_const(hubSeries))
        chart->addSeries(s);
    if (hubLatency)
        chart->addSeries(hubLatency);
    auto *x = new QDateTimeAxis(chart);
    x->setTitleText(tr("time"));
    x->setFormat(QStringLiteral("HH:mm"));
    if (first.isValid()) {
        const QDateTime from = first.toLocalTime();
        const QDateTime until = last.toLocalTime().addSecs(1);
        // Ticks that differ from each other: seconds over a short span, days over several.
        const qint64 span = from.secsTo(until);
        x->setFormat(span < 600         ? QStringLiteral("HH:mm:ss")
                     : span < 2 * 86400 ? QStringLiteral("HH:mm")
                                        : QStringLiteral("d MMM HH:mm"));
        x->setTickCount(span < 600 ? 5 : 7);
        x->setRange(from, until);
    }
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis *left = valueAxis(chart, tr("count, %"), Qt::AlignLeft, topLeft);
    QValueAxis *right = valueAxis(chart, tr("ms"), Qt::AlignRight, topLatency);
    for (QLineSeries *s : {throughput, failed, queue, acks}) {
        s->attachAxis(x);
        s->attachAxis(left);
    }
    for (QLineSeries *s : std::as_const(hubSeries)) {
        s->attachAxis(x);
        s->attachAxis(left);
    }
    latency->attachAxis(x);
    latency->attachAxis(right);
    if (hubLatency) {
        hubLatency->attachAxis(x);
        hubLatency->attachAxis(right);
    }
    if (passes.isEmpty() && hubSeries.isEmpty())
        chart->setTitle(tr("Integration health — no sync passes in this range"));
    else
        chart->setTitle(tr("Integration health"));
}

} // namespace o2c::ui
