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
#include <QResizeEvent>
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

// The days of the range under their points, as dates a supervisor reads ("20 Nov").
void setDayLabels(QCategoryAxis *x, const QList<QDate> &days) {
    const QStringList old = x->categoriesLabels();
    for (const QString &label : old)
        x->remove(label);
    x->setRange(0, std::max<double>(1, double(days.size() - 1)));
    // Every day while they fit, else every n-th.
    const qsizetype step = std::max<qsizetype>(1, (days.size() + 9) / 10);
    for (qsizetype i = 0; i < days.size(); i += step)
        x->append(QLocale().toString(days.at(i), QStringLiteral("d MMM")), double(i));
}

QCategoryAxis *dayAxis(QChart *chart) {
    auto *x = new QCategoryAxis(chart);
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    chart->addAxis(x, Qt::AlignBottom);
    return x;
}

QBarCategoryAxis *categoryAxis(QChart *chart) {
    auto *x = new QBarCategoryAxis(chart);
    chart->addAxis(x, Qt::AlignBottom);
    return x;
}

QValueAxis *valueAxis(QChart *chart, const QString &title, Qt::Alignment where) {
    auto *y = new QValueAxis(chart);
    y->setTitleText(title);
    y->setRange(0, 1);
    y->setLabelFormat(QStringLiteral("%.1f"));
    chart->addAxis(y, where);
    return y;
}

// Brings a value axis to the figures' largest value `top`: round ticks from 0 to a little above
// it (Qt's own nice numbers, so whole-number labels say what the grid shows). A range that still
// holds every value is kept while the values fill more than half of it, so a stream of small
// changes does not lay the chart out again each second; `fit` (a new date range) fits it anew.
// Never narrower than the values: no bar or point is cut off.
bool fitValueAxis(QValueAxis *y, double top, bool fit) {
    QValueAxis nice; // detached: computes the range without touching a chart
    nice.setRange(0, top > 0 ? top * 1.1 : 1);
    nice.applyNiceNumbers();
    const bool fits = top <= y->max() && y->min() <= 0;
    if (!fit && fits && nice.max() * 2 > y->max())
        return false;
    if (qFuzzyCompare(nice.max(), y->max()) && qFuzzyCompare(1 + nice.min(), 1 + y->min()) &&
        nice.tickCount() == y->tickCount())
        return false;
    y->setRange(nice.min(), nice.max());
    y->setTickCount(nice.tickCount());
    // Whole numbers, unless the range is so small that they would repeat (0, 0, 1, 1).
    const QString format =
        nice.max() - nice.min() < 5 ? QStringLiteral("%.1f") : QStringLiteral("%.0f");
    if (y->labelFormat() != format)
        y->setLabelFormat(format);
    return true;
}

// A bar set brought to `values`, touching only the bars that differ.
bool setBars(QBarSet *set, const QList<qreal> &values) {
    if (set->count() != values.size()) {
        if (set->count() > 0)
            set->remove(0, set->count());
        set->append(values);
        return true;
    }
    bool changed = false;
    for (qsizetype i = 0; i < values.size(); ++i)
        if (set->at(int(i)) != values.at(i)) {
            set->replace(int(i), values.at(i));
            changed = true;
        }
    return changed;
}

// A line brought to `points` with one replacement of the whole list, when they differ.
bool setPoints(QXYSeries *series, const QList<QPointF> &points) {
    if (series->count() == points.size() && series->points() == points)
        return false;
    series->replace(points);
    return true;
}

template<typename T> QList<qreal> reals(const QList<T> &values, double scale = 1) {
    QList<qreal> out;
    out.reserve(values.size());
    for (T v : values)
        out.append(qreal(v) * scale);
    return out;
}

QList<QPointF> perDay(const QList<qreal> &values) {
    QList<QPointF> out;
    out.reserve(values.size());
    for (qsizetype i = 0; i < values.size(); ++i)
        out.append(QPointF(double(i), values.at(i)));
    return out;
}

double largest(const QList<QPointF> &points, double floor = 0) {
    for (const QPointF &p : points)
        floor = std::max(floor, p.y());
    return floor;
}
} // namespace

// The headline in a box of its own. Its text changes with nearly every refresh, and a label in
// the page's layout makes the whole window lay itself out again each time (QLabel::setText asks
// its parent's layout for new geometry: 5-15 ms a second with orders streaming in). The box
// places the label itself and asks for new geometry only when the text needs another line.
class HeadlineBox final : public QWidget {
public:
    explicit HeadlineBox(QWidget *parent)
        : QWidget(parent)
        , m_label(new QLabel(this)) {
        m_label->setWordWrap(true);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        m_height = m_label->sizeHint().height();
    }
    QLabel *label() const { return m_label; }
    void setText(const QString &text) {
        if (m_label->text() == text)
            return;
        m_label->setText(text);
        fitHeight();
    }
    QSize sizeHint() const override { return {m_label->sizeHint().width(), m_height}; }
    QSize minimumSizeHint() const override {
        return {m_label->fontMetrics().averageCharWidth() * 16, m_height};
    }

protected:
    void resizeEvent(QResizeEvent *event) override {
        QWidget::resizeEvent(event);
        m_label->setGeometry(rect());
        fitHeight();
    }

private:
    void fitHeight() {
        const int h =
            std::max(m_label->fontMetrics().height(),
                     m_label->heightForWidth(width() > 1 ? width() : m_label->sizeHint().width()));
        if (h != m_height) {
            m_height = h;
            updateGeometry();
        }
    }
    QLabel *m_label;
    int m_height = 0;
};

// Every chart's series and axes, made once with the page; a refresh changes their values.
struct SupervisorChartsPage::Parts {
    QStackedBarSeries *duplicates = nullptr;
    QList<QBarSet *> perChannel; // in the order of allChannels
    QBarCategoryAxis *duplicatesX = nullptr;
    QValueAxis *duplicatesY = nullptr;

    QLineSeries *rate = nullptr;
    QCategoryAxis *rateX = nullptr;
    QValueAxis *rateY = nullptr;

    QBarSeries *value = nullptr;
    QBarSet *atRisk = nullptr, *prevented = nullptr;
    QBarCategoryAxis *valueX = nullptr;
    QValueAxis *valueY = nullptr;

    QLineSeries *backlog = nullptr, *hours = nullptr;
    QCategoryAxis *backlogX = nullptr;
    QValueAxis *backlogY = nullptr, *hoursY = nullptr;

    QLineSeries *throughput = nullptr, *failed = nullptr, *latency = nullptr, *queue = nullptr,
                *acks = nullptr;
    // The middleware hub's figures, on the chart while a hub reports.
    QLineSeries *hubThroughput = nullptr, *hubDepth = nullptr, *hubFailures = nullptr,
                *hubAcks = nullptr, *hubLatency = nullptr;
    bool hubShown = false;
    QDateTimeAxis *timeX = nullptr;
    QValueAxis *countY = nullptr, *msY = nullptr;
};

SupervisorChartsPage::SupervisorChartsPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    m_headBox = new HeadlineBox(this);
    head->addWidget(m_headBox, 1);
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
    m_updates = QList<int>(ChartCount, 0);
    buildCharts();
    // The figures are kept from the book's changes from the page's start on: at the cockpit's
    // start the book is still empty and is read in afterwards, so the first show of the charts
    // costs a pass over the clusters, not a walk over every order (about 50 ms of the GUI
    // thread at 100,000 orders, half a second at a million).
    if (m_ctx.book) {
        m_tally = new SupervisorTally(m_ctx.book, this);
        m_tallyBook = m_ctx.book;
        m_tally->fillNow();
    }
    m_stagger.setSingleShot(true);
    m_stagger.setInterval(0);
    connect(&m_stagger, &QTimer::timeout, this, &SupervisorChartsPage::fillNextChart);
    connect(apply, &QPushButton::clicked, this, &SupervisorChartsPage::refresh);
    applyPalette();
}

void SupervisorChartsPage::buildCharts() {
    m_parts = std::make_unique<Parts>();
    Parts &p = *m_parts;

    QChart *chart = m_views.at(DuplicatesChart)->chart();
    p.duplicates = new QStackedBarSeries(chart);
    for (Channel c : allChannels) {
        auto *set = new QBarSet(channelTitle(c), p.duplicates);
        p.duplicates->append(set);
        p.perChannel.append(set);
    }
    chart->addSeries(p.duplicates);
    p.duplicatesX = categoryAxis(chart);
    p.duplicatesY = valueAxis(chart, tr("duplicates"), Qt::AlignLeft);
    p.duplicates->attachAxis(p.duplicatesX);
    p.duplicates->attachAxis(p.duplicatesY);

    chart = m_views.at(RateChart)->chart();
    p.rate = new QLineSeries(chart);
    p.rate->setName(tr("duplicates per 100 orders"));
    chart->addSeries(p.rate);
    p.rateX = dayAxis(chart);
    p.rateY = valueAxis(chart, tr("%"), Qt::AlignLeft);
    p.rate->attachAxis(p.rateX);
    p.rate->attachAxis(p.rateY);

    chart = m_views.at(ValueChart)->chart();
    p.value = new QBarSeries(chart);
    p.atRisk = new QBarSet(tr("at risk"), p.value);
    p.prevented = new QBarSet(tr("prevented"), p.value);
    p.value->append(p.atRisk);
    p.value->append(p.prevented);
    chart->addSeries(p.value);
    p.valueX = categoryAxis(chart);
    p.valueY = valueAxis(chart, QString(), Qt::AlignLeft); // titled with the currency
    p.value->attachAxis(p.valueX);
    p.value->attachAxis(p.valueY);

    chart = m_views.at(BacklogChart)->chart();
    p.backlog = new QLineSeries(chart);
    p.backlog->setName(tr("open clusters"));
    p.hours = new QLineSeries(chart);
    p.hours->setName(tr("median hours to resolve"));
    chart->addSeries(p.backlog);
    chart->addSeries(p.hours);
    p.backlogX = dayAxis(chart);
    p.backlogY = valueAxis(chart, tr("clusters"), Qt::AlignLeft);
    p.hoursY = valueAxis(chart, tr("hours"), Qt::AlignRight);
    p.backlog->attachAxis(p.backlogX);
    p.hours->attachAxis(p.backlogX);
    p.backlog->attachAxis(p.backlogY);
    p.hours->attachAxis(p.hoursY);

    chart = m_views.at(IntegrationChart)->chart();
    const auto line = [this](const QString &name) {
        auto *s = new QLineSeries(this); // the chart takes it over when it is added
        s->setName(name);
        return s;
    };
    p.throughput = line(tr("records per pass"));
    p.failed = line(tr("failed passes"));
    p.latency = line(tr("latency (ms)"));
    p.queue = line(tr("outbox queue depth"));
    p.acks = line(tr("acknowledged actions (%)"));
    p.hubThroughput = line(tr("hub orders per minute"));
    p.hubDepth = line(tr("hub queue depth"));
    p.hubFailures = line(tr("hub failures"));
    p.hubAcks = line(tr("hub acknowledged by Odoo (%)"));
    p.hubLatency = line(tr("hub latency, 95th percentile (ms)"));
    for (QLineSeries *s : {p.throughput, p.failed, p.queue, p.acks, p.latency})
        chart->addSeries(s);
    p.timeX = new QDateTimeAxis(chart);
    p.timeX->setTitleText(tr("time"));
    p.timeX->setFormat(QStringLiteral("HH:mm"));
    chart->addAxis(p.timeX, Qt::AlignBottom);
    p.countY = valueAxis(chart, tr("count, %"), Qt::AlignLeft);
    p.msY = valueAxis(chart, tr("ms"), Qt::AlignRight);
    for (QLineSeries *s : {p.throughput, p.failed, p.queue, p.acks}) {
        s->attachAxis(p.timeX);
        s->attachAxis(p.countY);
    }
    p.latency->attachAxis(p.timeX);
    p.latency->attachAxis(p.msY);
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
    settle();
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
    // A new range (or the first fill) lays out the days again and fits every axis to it.
    const bool fit = m_figures.days != m_shownDays || m_updates.value(DuplicatesChart) == 0;
    if (fit) {
        const QStringList labels = dayLabels(m_figures.days);
        m_parts->duplicatesX->setCategories(labels);
        m_parts->valueX->setCategories(labels);
        setDayLabels(m_parts->rateX, m_figures.days);
        setDayLabels(m_parts->backlogX, m_figures.days);
        m_shownDays = m_figures.days;
    }
    m_pending = (1 << ChartCount) - 1;
    if (fit)
        m_pendingFit = m_pending;
    // On screen, one changed chart per turn of the event loop: each one's update and painting
    // then stand alone between input and other work, instead of all five in one stretch (a new
    // range too: fitting and painting five charts at a million orders is over 70 ms of work). A
    // page not shown takes all of them at once.
    if (!isVisible())
        settle();
    else if (!m_stagger.isActive())
        m_stagger.start();
    const QString headline = headlineText();
    m_headBox->setText(headline);
}

QString SupervisorChartsPage::headlineText() const {
    return tr("%n duplicates found, %1 still at risk, %2 prevented.", nullptr,
              int(m_figures.totalDuplicates()))
        .arg(formatMoneyShort(m_figures.totalValueAtRisk(), m_figures.currency),
             formatMoneyShort(m_figures.totalValuePrevented(), m_figures.currency));
}

int SupervisorChartsPage::pointCount(int index) const {
    settle();
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

bool SupervisorChartsPage::fillChart(int index, bool fit) {
    m_pending &= ~(1 << index);
    bool changed = false;
    switch (index) {
    case DuplicatesChart:
        changed = fillDuplicates(fit);
        break;
    case RateChart:
        changed = fillRate(fit);
        break;
    case ValueChart:
        changed = fillValue(fit);
        break;
    case BacklogChart:
        changed = fillBacklog(fit);
        break;
    case IntegrationChart:
        changed = fillIntegration(fit);
        break;
    default:
        return false;
    }
    changed |= fit;
    m_updates[index] += changed;
    return changed;
}

void SupervisorChartsPage::settle() const {
    auto *self = const_cast<SupervisorChartsPage *>(this); // what is shown catches up
    self->m_stagger.stop();
    for (int i = 0; i < ChartCount; ++i)
        if (m_pending & (1 << i))
            self->fillChart(i, m_pendingFit & (1 << i));
    self->m_pendingFit = 0;
}

void SupervisorChartsPage::fillNextChart() {
    // Charts whose figures did not change cost a comparison: go on to the next that did.
    for (int i = 0; i < ChartCount; ++i) {
        if (!(m_pending & (1 << i)))
            continue;
        const bool fit = m_pendingFit & (1 << i);
        m_pendingFit &= ~(1 << i);
        if (fillChart(i, fit))
            break;
    }
    if (m_pending)
        m_stagger.start();
}

bool SupervisorChartsPage::fillDuplicates(bool fit) {
    const Parts &p = *m_parts;
    bool changed = false;
    QList<int> perDay(m_figures.days.size(), 0);
    for (qsizetype c = 0; c < qsizetype(allChannels.size()); ++c) {
        const QList<int> values = m_figures.duplicatesPerChannel.value(allChannels[size_t(c)]);
        for (qsizetype i = 0; i < values.size() && i < perDay.size(); ++i)
            perDay[i] += values.at(i);
        changed |= setBars(p.perChannel.at(c), reals(values));
    }
    int top = 0;
    for (int d : std::as_const(perDay))
        top = std::max(top, d);
    changed |= fitValueAxis(p.duplicatesY, top, fit);
    return changed;
}

bool SupervisorChartsPage::fillRate(bool fit) {
    const Parts &p = *m_parts;
    const QList<QPointF> points = perDay(reals(m_figures.duplicateRate, 100));
    bool changed = setPoints(p.rate, points);
    changed |= fitValueAxis(p.rateY, largest(points), fit);
    return changed;
}

bool SupervisorChartsPage::fillValue(bool fit) {
    const Parts &p = *m_parts;
    bool changed = setBars(p.atRisk, m_figures.valueAtRisk);
    changed |= setBars(p.prevented, m_figures.valuePrevented);
    double top = 0;
    for (double v : m_figures.valueAtRisk)
        top = std::max(top, v);
    for (double v : m_figures.valuePrevented)
        top = std::max(top, v);
    if (p.valueY->titleText() != m_figures.currency) {
        p.valueY->setTitleText(m_figures.currency);
        changed = true;
    }
    changed |= fitValueAxis(p.valueY, top, fit);
    return changed;
}

bool SupervisorChartsPage::fillBacklog(bool fit) {
    const Parts &p = *m_parts;
    const QList<QPointF> backlog = perDay(reals(m_figures.backlog));
    const QList<QPointF> hours = perDay(m_figures.hoursToResolve);
    bool changed = setPoints(p.backlog, backlog);
    changed |= setPoints(p.hours, hours);
    changed |= fitValueAxis(p.backlogY, largest(backlog), fit);
    changed |= fitValueAxis(p.hoursY, largest(hours), fit);
    return changed;
}

bool SupervisorChartsPage::fillIntegration(bool fit) {
    Parts &p = *m_parts;
    QChart *chart = m_views.at(IntegrationChart)->chart();
    QList<SyncPass> passes;
    if (m_ctx.log) {
        const QDateTime from = m_figures.from.startOfDay(Qt::UTC);
        const QDateTime to = m_figures.to.addDays(1).startOfDay(Qt::UTC);
        for (const SyncPass &pass : m_ctx.log->passes())
            if (pass.finishedAt >= from && pass.finishedAt < to)
                passes.append(pass);
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
    QList<QPointF> throughput, failed, latency, queue, acks;
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
        const double perPass = records / double(std::max<qsizetype>(1, last - first));
        throughput.append(QPointF(x, perPass));
        failed.append(QPointF(x, fails));
        latency.append(QPointF(x, ok ? lat / ok : 0));
        queue.append(QPointF(x, queueDepth));
        acks.append(QPointF(x, ackRate));
        topLeft = std::max({topLeft, perPass, double(fails), double(queueDepth), ackRate});
        topLatency = std::max(topLatency, latency.last().y());
    }
    // The middleware hub's own figures, sampled while the cockpit ran.
    QList<QPointF> hubThroughput, hubDepth, hubFailures, hubAcks, hubLatency;
    QDateTime first = passes.isEmpty() ? QDateTime() : passes.first().finishedAt;
    QDateTime last = passes.isEmpty() ? QDateTime() : passes.last().finishedAt;
    const bool hubShown = m_ctx.hub && !m_ctx.hub->history().isEmpty();
    if (hubShown) {
        const QDateTime from = m_figures.from.startOfDay(Qt::UTC);
        const QDateTime to = m_figures.to.addDays(1).startOfDay(Qt::UTC);
        for (const HubHealth &h : m_ctx.hub->history()) {
            if (h.sampledAt < from || h.sampledAt >= to)
                continue;
            const double t = double(h.sampledAt.toMSecsSinceEpoch());
            hubThroughput.append(QPointF(t, h.throughputPerMinute));
            hubDepth.append(QPointF(t, h.queueDepth));
            hubFailures.append(QPointF(t, h.failed + h.deadLettered));
            hubAcks.append(QPointF(t, h.ackSuccessRate * 100));
            hubLatency.append(QPointF(t, h.latencyP95Ms));
            topLeft = std::max({topLeft, h.throughputPerMinute, double(h.queueDepth),
                                double(h.failed + h.deadLettered), h.ackSuccessRate * 100});
            topLatency = std::max(topLatency, h.latencyP95Ms);
            if (!first.isValid() || h.sampledAt < first)
                first = h.sampledAt;
            if (!last.isValid() || h.sampledAt > last)
                last = h.sampledAt;
        }
    }
    bool changed = false;
    if (hubShown != p.hubShown) {
        // The hub's lines join the chart (after the cockpit's own) while a hub reports.
        const QList<QLineSeries *> left{p.hubThroughput, p.hubDepth, p.hubFailures, p.hubAcks};
        for (QLineSeries *s : left) {
            if (hubShown) {
                chart->addSeries(s);
                s->attachAxis(p.timeX);
                s->attachAxis(p.countY);
            } else {
                chart->removeSeries(s);
                s->setParent(this);
            }
        }
        if (hubShown) {
            chart->addSeries(p.hubLatency);
            p.hubLatency->attachAxis(p.timeX);
            p.hubLatency->attachAxis(p.msY);
        } else {
            chart->removeSeries(p.hubLatency);
            p.hubLatency->setParent(this);
        }
        p.hubShown = hubShown;
        changed = true;
    }
    changed |= setPoints(p.throughput, throughput);
    changed |= setPoints(p.failed, failed);
    changed |= setPoints(p.latency, latency);
    changed |= setPoints(p.queue, queue);
    changed |= setPoints(p.acks, acks);
    changed |= setPoints(p.hubThroughput, hubThroughput);
    changed |= setPoints(p.hubDepth, hubDepth);
    changed |= setPoints(p.hubFailures, hubFailures);
    changed |= setPoints(p.hubAcks, hubAcks);
    changed |= setPoints(p.hubLatency, hubLatency);
    if (first.isValid()) {
        const QDateTime from = first.toLocalTime();
        const QDateTime until = last.toLocalTime().addSecs(1);
        // Ticks that differ from each other: seconds over a short span, days over several.
        const qint64 span = from.secsTo(until);
        const QString format = span < 600         ? QStringLiteral("HH:mm:ss")
                               : span < 2 * 86400 ? QStringLiteral("HH:mm")
                                                  : QStringLiteral("d MMM HH:mm");
        const int ticks = span < 600 ? 5 : 7;
        if (p.timeX->format() != format || p.timeX->tickCount() != ticks ||
            p.timeX->min() != from || p.timeX->max() != until) {
            p.timeX->setFormat(format);
            p.timeX->setTickCount(ticks);
            p.timeX->setRange(from, until);
            changed = true;
        }
    }
    changed |= fitValueAxis(p.countY, topLeft, fit);
    changed |= fitValueAxis(p.msY, topLatency, fit);
    const QString title = passes.isEmpty() && !hubShown
                              ? tr("Integration health — no sync passes in this range")
                              : tr("Integration health");
    if (chart->title() != title) {
        chart->setTitle(title);
        changed = true;
    }
    return changed;
}

} // namespace o2c::ui
