// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SupervisorFigures.h"

#include <QImage>
#include <QList>
#include <QPair>
#include <QWidget>

class QChart;
class QChartView;
class QDateEdit;
class QLabel;

namespace o2c::ui {

struct CockpitContext;

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
    void refresh();

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
    void fillDuplicates();
    void fillRate();
    void fillValue();
    void fillBacklog();
    void fillIntegration();
    void applyPalette();

    const CockpitContext &m_ctx;
    SupervisorFigures m_figures;
    SupervisorTally *m_tally = nullptr;
    const OrderBook *m_tallyBook = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QLabel *m_headline = nullptr;
    QList<QChartView *> m_views;
};

} // namespace o2c::ui
