// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's environment band, alerts, settings screen and PDF exports.
#include "MainWindow.h"

#include "AlertBanner.h"
#include "AlertCenter.h"
#include "ClusterListModel.h"
#include "ClusterSortModel.h"
#include "CockpitContext.h"
#include "CockpitStatusBar.h"
#include "EnvironmentMarker.h"
#include "HoldsPage.h"
#include "PdfExport.h"
#include "SettingsPage.h"
#include "ShiftQueuePage.h"
#include "ShiftReport.h"
#include "SupervisorChartsPage.h"
#include "actions/ActionDesk.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QListWidget>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int alertIntervalMs = 15000;
constexpr int firstAlertCheckMs = 3000;
constexpr int reportMessageMs = 10000;
constexpr qint64 shiftHours = 12;

const QStringList &pageKeys() {
    static const QStringList keys{QStringLiteral("desk"),   QStringLiteral("exceptions"),
                                  QStringLiteral("order"),  QStringLiteral("holds"),
                                  QStringLiteral("charts"), QStringLiteral("integration"),
                                  QStringLiteral("audit"),  QStringLiteral("settings")};
    return keys;
}
} // namespace

QString MainWindow::pageKey(Page page) {
    return pageKeys().value(int(page));
}

std::optional<MainWindow::Page> MainWindow::pageFromKey(const QString &key) {
    const qsizetype i = pageKeys().indexOf(key.trimmed().toLower());
    if (i < 0)
        return std::nullopt;
    return Page(i);
}

void MainWindow::buildBands(QVBoxLayout *layout) {
    // Every window and dialog of the application names the Odoo it acts on.
    EnvironmentMarker::install(m_profile);
    setProperty(EnvironmentMarker::ownBandProperty(), true);
    layout->addWidget(makeEnvironmentBand(m_profile, this));
    m_banner = new AlertBanner(this);
    layout->addWidget(m_banner);
}

void MainWindow::buildExtraActions() {

    // A little air between the screens' names.
    m_navigation->setSpacing(2);
    m_navigation->setContentsMargins(0, 4, 0, 0);

    // The settings screen, last in the navigation.
    m_settingsPage = new SettingsPage(*m_ctx, m_pages);
    m_pages->addWidget(m_settingsPage);
    const QString title = tr("Settings");
    m_navigation->addItem(title);
    m_navigation->setFixedWidth(
        std::max(m_navigation->width(), m_navigation->fontMetrics().horizontalAdvance(title) + 32));
    auto *nav = new QAction(title, this);
    nav->setShortcut(QKeySequence(Qt::ALT | Qt::Key_8));
    connect(nav, &QAction::triggered, this, [this] { showPage(Page::Settings); });
    addAction(nav);
    m_navigation->addAction(nav);
    m_shortcutActions.append(nav);
    addDeskAction("settings", tr("&Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), [this] {
        showPage(Page::Settings);
    })->setMenuRole(QAction::PreferencesRole);

    addDeskAction("alertShow", tr("Show the &alert's screen"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N),
                  [this] { m_banner->showNewest(); });
    addDeskAction("alertDismiss", tr("&Dismiss alerts"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), [this] { m_banner->dismiss(); });

    addDeskAction("exportCharts", tr("C&harts to CSV…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), [this] {
                      exportWithDialog(
                          tr("Export chart figures"), QStringLiteral("charts.csv"),
                          [this](const QString &p, QString *e) { return exportChartsCsv(p, e); });
                  });
    addDeskAction("exportClustersPdf", tr("Clusters to &PDF…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), [this] {
                      exportWithDialog(
                          tr("Export clusters"), QStringLiteral("clusters.pdf"),
                          [this](const QString &p, QString *e) { return exportClustersPdf(p, e); });
                  });
    addDeskAction("exportHoldsPdf", tr("Holds to P&DF…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_J), [this] {
                      exportWithDialog(
                          tr("Export holds"), QStringLiteral("holds.pdf"),
                          [this](const QString &p, QString *e) { return exportHoldsPdf(p, e); });
                  });
    addDeskAction("exportChartsPdf", tr("Charts to PD&F…"),
                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F), [this] {
                      exportWithDialog(
                          tr("Export charts"), QStringLiteral("charts.pdf"),
                          [this](const QString &p, QString *e) { return exportChartsPdf(p, e); });
                  });
    addDeskAction(
        "exportShiftReport", tr("Shift &report (PDF)…"), QKeySequence(Qt::CTRL | Qt::Key_P),
        [this] {
            exportWithDialog(
                tr("Shift report"),
                QStringLiteral("shift-report-%1.pdf")
                    .arg(m_ctx->clock().toLocalTime().toString(QStringLiteral("yyyy-MM-dd-HHmm"))),
                [this](const QString &p, QString *e) { return exportShiftReport(p, e); });
        });
}

void MainWindow::buildExtras() {
    m_alerts = new AlertCenter(*m_ctx, this);
    const CockpitSettings &settings = m_settingsPage->settings();
    m_alerts->setThresholds(settings.alerts);
    m_shiftPage->setSlaHours(settings.slaHours);
    connect(m_settingsPage, &SettingsPage::alertThresholdsChanged, this,
            [this](const AlertThresholds &t) {
                m_alerts->setThresholds(t);
                m_alerts->check();
            });
    connect(m_settingsPage, &SettingsPage::slaHoursChanged, this, [this](int hours) {
        m_shiftPage->setSlaHours(hours);
        m_shiftPage->refresh();
    });
    connect(m_alerts, &AlertCenter::raised, m_banner, &AlertBanner::addAlert);
    connect(m_alerts, &AlertCenter::cleared, m_banner, &AlertBanner::clearAlert);
    connect(m_alerts, &AlertCenter::raised, this,
            [this](const Alert &a) { m_status->showMessage(a.title, reportMessageMs); });
    connect(m_banner, &AlertBanner::pageRequested, this,
            [this](int page) { showPage(Page(page)); });
    m_alertTimer.setInterval(alertIntervalMs);
    connect(&m_alertTimer, &QTimer::timeout, m_alerts, &AlertCenter::check);
    m_alertTimer.start();
    QTimer::singleShot(firstAlertCheckMs, m_alerts, &AlertCenter::check);
}

namespace {
QString exportSubtitle(const CockpitContext &ctx) {
    const EnvironmentMarker *marker = EnvironmentMarker::instance();
    return MainWindow::tr("%1 — %2").arg(
        marker ? marker->bandText() : ctx.profile.name,
        QLocale().toString(ctx.clock().toLocalTime(), QLocale::LongFormat));
}
} // namespace

bool MainWindow::exportClustersPdf(const QString &path, QString *error, int *pages) const {
    return writeModelPdf(path, tr("Duplicate clusters"), exportSubtitle(*m_ctx), *m_clusterProxy,
                         error, pages);
}

bool MainWindow::exportHoldsPdf(const QString &path, QString *error, int *pages) const {
    m_holdsPage->refresh();
    return writeModelPdf(path, tr("Holds"), exportSubtitle(*m_ctx), *m_holdsPage->model(), error,
                         pages);
}

bool MainWindow::exportChartsCsv(const QString &path, QString *error) const {
    m_chartsPage->refresh();
    return m_chartsPage->exportCsv(path, error);
}

bool MainWindow::exportChartsPdf(const QString &path, QString *error, int *pages) const {
    m_chartsPage->refresh();
    QTextDocument doc;
    QString html =
        QStringLiteral("<h2>%1</h2><p>%2<br>%3</p>")
            .arg(tr("Supervisor charts").toHtmlEscaped(), exportSubtitle(*m_ctx).toHtmlEscaped(),
                 m_chartsPage->headlineText().toHtmlEscaped());
    const auto images = m_chartsPage->chartImages(QSize(760, 340));
    for (qsizetype i = 0; i < images.size(); ++i) {
        const QUrl url(QStringLiteral("chart:%1").arg(i));
        doc.addResource(QTextDocument::ImageResource, url, images.at(i).second);
        html += QStringLiteral("<p><img src=\"%1\" width=\"640\" height=\"286\"></p>")
                    .arg(url.toString());
    }
    doc.setHtml(html);
    return writeDocumentPdf(doc, path, tr("Supervisor charts"), error, pages);
}

bool MainWindow::exportShiftReport(const QString &path, QString *error, int *pages,
                                   QString *text) const {
    ShiftReportData data;
    const ActionDesk *desk = m_ctx->desk;
    data.preparedBy = desk ? tr("%1 (%2)").arg(desk->actor().odooLogin, roleKey(desk->actor().role))
                           : m_profile.login;
    data.preparedAt = m_ctx->clock();
    if (const EnvironmentMarker *marker = EnvironmentMarker::instance())
        data.environment = marker->bandText();
    m_chartsPage->refresh();
    data.figures = m_chartsPage->figures();
    data.charts = m_chartsPage->chartImages(QSize(760, 340));
    // Every open cluster, whatever the shift screen's own filter shows.
    ShiftQueuePage all(*m_ctx);
    all.setClusters(m_clusterModel);
    all.setSlaHours(m_settingsPage->settings().slaHours);
    all.setScope(ShiftQueuePage::Scope::All);
    all.refresh();
    data.openClusters = all.queueModel();
    data.handover = all.handoverSummary();
    m_holdsPage->refresh();
    data.holds = m_holdsPage->model();
    data.holdsBreachColumn = HoldsPage::BreachColumn;
    if (desk) {
        data.claims = desk->claims().values();
        std::sort(
            data.claims.begin(), data.claims.end(),
            [](const ClusterClaim &a, const ClusterClaim &b) { return a.clusterId < b.clusterId; });
        const QDateTime since = QDateTime::currentDateTimeUtc().addSecs(-shiftHours * 3600);
        for (const ClusterDecision &d : desk->decisions())
            if (QDateTime::fromString(d.decidedAt, Qt::ISODateWithMs) >= since)
                data.decisions.append(d);
    }
    if (m_alerts)
        data.alerts = m_alerts->active();
    ShiftReport report(data);
    if (text)
        *text = report.plainText();
    return report.writePdf(path, error, pages);
}

} // namespace o2c::ui
