// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SupervisorFigures.h"

#include <QImage>
#include <QList>
#include <QPair>
#include <QTimer>
#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QDateEdit;
class QLabel;

namespace o2c::ui {

struct CockpitContext;
class HeadlineBox;

// The supervisor's charts over a date range: duplicates per channel per day, the duplicate-rate
// trend, value at risk and value prevented, backlog and time to resolve, integration health.
class SupervisorChartsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SupervisorChartsPage)
public:
    enum ChartIndex : int {
        DuplicatesChart,
        RateChart,
        ValueChart,
        BacklogChart,
        IntegrationChart,
        ChartCount
    };

    SupervisorChartsPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~SupervisorChartsPage() override;

    void setRange(QDate from, QDate to);
    // Recomputes the figures and brings every chart to them: only what changed is touched (a bar,
    // a line's points, an axis that no longer fits), so a refresh with nothing new costs no
    // layout and no painting.
    void refresh();
    // How many times a chart's series or axes were changed by a refresh (tests, the benchmark).
    int updateCount(int index) const { return m_updates.value(index); }
    // Charts a refresh of the page on screen has yet to bring to the figures (one a turn of the
    // event loop); reading the charts (pointCount, chartImages) brings them first.
    bool chartsPending() const { return m_pending != 0; }

    const SupervisorFigures &figures() const { return m_figures; }
    QChartView *chartView(int index) const { return m_views.value(index); }
    // Points or bar values shown in a chart, over all its series (tests, the report).
    int pointCount(int index) const;
    QString headlineText() const;
    // The chart theme follows the application's palette (light or dark).
    bool darkCharts() const;
    QList<QPair<QString, QImage>> chartImages(QSize size) const; // title and picture
    // The figures behind the charts, a row per day.
    bool exportCsv(const QString &path, QString *error) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Parts; // the series and axes of every chart, made once
    void buildCharts();
    bool fillChart(int index, bool fit);
    void fillNextChart();
    void settle() const;
    bool fillDuplicates(bool fit);
    bool fillRate(bool fit);
    bool fillValue(bool fit);
    bool fillBacklog(bool fit);
    bool fillIntegration(bool fit);
    void applyPalette();

    const CockpitContext &m_ctx;
    SupervisorFigures m_figures;
    SupervisorTally *m_tally = nullptr;
    const OrderBook *m_tallyBook = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    HeadlineBox *m_headBox = nullptr;
    QList<QChartView *> m_views;
    std::unique_ptr<Parts> m_parts;
    QList<QDate> m_shownDays; // the days the category axes show
    QList<int> m_updates;
    int m_pending = 0;    // a bit per chart still to be brought to m_figures
    int m_pendingFit = 0; // of them, those whose axes are to be fitted to a new range
    QTimer m_stagger;
};

} // namespace o2c::ui
