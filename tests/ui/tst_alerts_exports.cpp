// SPDX-License-Identifier: GPL-3.0-or-later
#include "AlertBanner.h"
#include "AlertCenter.h"
#include "CockpitContext.h"
#include "IntegrationLog.h"
#include "MainWindow.h"
#include "PdfExport.h"
#include "ScreenFixture.h"
#include "SettingsPage.h"
#include "SupervisorChartsPage.h"

#include <QApplication>
#include <QChartView>
#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>

using namespace o2c;
using o2c::testscreens::Fixture;
using o2c::ui::Alert;
using o2c::ui::AlertCenter;
using o2c::ui::AlertFigures;
using o2c::ui::AlertMetric;
using o2c::ui::MainWindow;

namespace {
// The pages of a PDF file (the page objects, not the page tree).
int pdfPages(const QByteArray &pdf) {
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    int n = 0;
    auto it = page.globalMatch(QString::fromLatin1(pdf));
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool isPdf(const QByteArray &bytes) {
    return bytes.startsWith("%PDF-") && bytes.trimmed().endsWith("%%EOF");
}
} // namespace

// Alerts on thresholds (banner, tray) and the CSV and PDF exports with the shift report.
class TestAlertsExports final : public QObject {
    Q_OBJECT

    Fixture m_f;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("o2c-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alerts_exports"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init() {
        QSettings().clear();
        QString error;
        QVERIFY2(m_f.open(&error), qPrintable(error));
    }

    void cleanup() { m_f.close(); }

    void anAlertIsRaisedOnceWhenAThresholdIsCrossed() {
        ui::CockpitContext ctx;
        AlertCenter alerts(ctx);
        ui::AlertThresholds t;
        t.backlog = 10;
        t.latencyMs = 2000;
        alerts.setThresholds(t);
        QSignalSpy raised(&alerts, &AlertCenter::raised);
        QSignalSpy cleared(&alerts, &AlertCenter::cleared);

        AlertFigures f;
        f.backlog = 9;
        f.latencyMs = 300;
        alerts.evaluate(f);
        QCOMPARE(raised.count(), 0);

        f.backlog = 12;
        alerts.evaluate(f);
        QCOMPARE(raised.count(), 1);
        const Alert a = raised.at(0).at(0).value<Alert>();
        QCOMPARE(a.metric, AlertMetric::Backlog);
        // Says what crossed which threshold and where to look.
        QVERIFY2(a.title.contains(QStringLiteral("12")) && a.title.contains(QStringLiteral("10")),
                 qPrintable(a.title));
        QVERIFY(a.advice.contains(QStringLiteral("exception queue")));
        QCOMPARE(a.page, int(MainWindow::Page::Exceptions));

        // Not again while it stays above, however often it is checked.
        for (int i = 0; i < 5; ++i)
            alerts.evaluate(f);
        QCOMPARE(raised.count(), 1);
        QVERIFY(alerts.isActive(AlertMetric::Backlog));

        // Back below: cleared; above again: raised again.
        f.backlog = 3;
        alerts.evaluate(f);
        QCOMPARE(cleared.count(), 1);
        f.backlog = 10;
        alerts.evaluate(f);
        QCOMPARE(raised.count(), 2);

        f.latencyMs = 2500;
        alerts.evaluate(f);
        QCOMPARE(raised.count(), 3);
        QCOMPARE(raised.at(2).at(0).value<Alert>().metric, AlertMetric::Latency);
        QCOMPARE(alerts.active().size(), 2);
    }

    void everyFigureHasItsThreshold() {
        ui::CockpitContext ctx;
        AlertCenter alerts(ctx);
        ui::AlertThresholds t; // 5 %, 25, 20, 5000 ms, 3
        alerts.setThresholds(t);
        QSignalSpy raised(&alerts, &AlertCenter::raised);
        AlertFigures f;
        // A high rate over too few orders says nothing yet.
        f.ordersToday = 4;
        f.duplicatesToday = 2;
        alerts.evaluate(f);
        QCOMPARE(raised.count(), 0);
        f.ordersToday = 100;
        f.duplicatesToday = 6;
        f.queueDepth = 20;
        f.failures = 3;
        alerts.evaluate(f);
        QSet<AlertMetric> metrics;
        for (const QList<QVariant> &args : raised)
            metrics.insert(args.at(0).value<Alert>().metric);
        QCOMPARE(metrics, (QSet<AlertMetric>{AlertMetric::DuplicateRate, AlertMetric::QueueDepth,
                                             AlertMetric::Failures}));
        bool rateSaysFigures = false;
        for (const QList<QVariant> &args : raised) {
            const Alert a = args.at(0).value<Alert>();
            if (a.metric == AlertMetric::DuplicateRate)
                rateSaysFigures = a.title.contains(QStringLiteral("6 of 100"));
        }
        QVERIFY(rateSaysFigures);
    }

    void theWindowShowsABannerAndDegradesWithoutATray() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        w.show();
        // Offscreen there is no system tray: the banner alone tells, nothing fails.
        QVERIFY(!w.alertCenter()->trayAvailable());
        QVERIFY(!w.alertBanner()->isVisible());
        // Two failed sync passes and a failures threshold of 2.
        w.integrationLog()->record({QDateTime::currentDateTimeUtc(), false, 0, 0, 1,
                                    QStringLiteral("connection refused")});
        w.integrationLog()->record({QDateTime::currentDateTimeUtc(), false, 0, 0, 1,
                                    QStringLiteral("connection refused")});
        w.settingsPage()->failuresBox()->setValue(2); // applies and checks at once
        QVERIFY(w.alertCenter()->isActive(AlertMetric::Failures));
        QVERIFY(w.alertBanner()->isVisible());
        QVERIFY(w.alertBanner()->text().contains(QStringLiteral("Failures")));
        QVERIFY(w.alertBanner()->text().contains(QStringLiteral("integration health")));
        // The banner never takes the focus from the planner's work.
        QVERIFY(!w.alertBanner()->isAncestorOf(QApplication::focusWidget()));

        // "Show" goes to the screen that explains it.
        w.alertBanner()->showButton()->click();
        QCOMPARE(w.currentPage(), MainWindow::Page::Integration);
        // Dismissed, it stays away on later checks while the figure stays above.
        w.deskAction(QStringLiteral("alertDismiss"))->trigger();
        QVERIFY(!w.alertBanner()->isVisible());
        w.alertCenter()->check();
        w.alertCenter()->check();
        QVERIFY(!w.alertBanner()->isVisible());
        // Another threshold crossed brings it back with that alert.
        w.settingsPage()->backlogBox()->setValue(1);
        QVERIFY(w.alertBanner()->isVisible());
        QVERIFY(w.alertBanner()->text().contains(QStringLiteral("Backlog")));
        QVERIFY(!w.alertBanner()->text().contains(QStringLiteral("Failures")));
    }

    void pdfExportsOfClustersHoldsAndCharts() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        QString error;
        int pages = 0;
        const QString clusters = m_f.dir.filePath(QStringLiteral("clusters.pdf"));
        QVERIFY2(w.exportClustersPdf(clusters, &error, &pages), qPrintable(error));
        QByteArray bytes = readAll(clusters);
        QVERIFY(isPdf(bytes));
        QCOMPARE(pdfPages(bytes), pages);
        QVERIFY(pages >= 1);

        const QString holds = m_f.dir.filePath(QStringLiteral("holds.pdf"));
        QVERIFY2(w.exportHoldsPdf(holds, &error, &pages), qPrintable(error));
        QVERIFY(isPdf(readAll(holds)));
        QCOMPARE(pdfPages(readAll(holds)), pages);

        w.chartsPage()->setRange(QDate(2024, 5, 1), QDate(2024, 5, 3));
        const QString charts = m_f.dir.filePath(QStringLiteral("charts.pdf"));
        QVERIFY2(w.exportChartsPdf(charts, &error, &pages), qPrintable(error));
        QVERIFY(isPdf(readAll(charts)));
        QVERIFY(pages >= 2); // five charts do not fit on one A4 page
        QCOMPARE(pdfPages(readAll(charts)), pages);

        const QString csv = m_f.dir.filePath(QStringLiteral("charts.csv"));
        QVERIFY2(w.exportChartsCsv(csv, &error), qPrintable(error));
        const QStringList lines =
            QString::fromUtf8(readAll(csv)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4); // header and three days
        QVERIFY(lines.at(0).contains(QStringLiteral("Duplicates via")));
        QVERIFY(lines.at(2).startsWith(QStringLiteral("2024-05-02")));

        // A folder that does not exist: a message, no file, no crash.
        QVERIFY(
            !w.exportClustersPdf(m_f.dir.filePath(QStringLiteral("no/such/dir/c.pdf")), &error));
        QVERIFY(error.contains(QStringLiteral("does not exist")));
    }

    void chartsAreRenderedForPrint() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.chartsPage()->setRange(QDate(2024, 5, 1), QDate(2024, 5, 3));
        const auto images = w.chartsPage()->chartImages(QSize(400, 200));
        QCOMPARE(images.size(), 5);
        // The duplicates chart draws something besides its white ground.
        const QImage &img = images.first().second;
        QCOMPARE(img.size(), QSize(800, 400));
        int coloured = 0;
        for (int y = 0; y < img.height(); y += 4)
            for (int x = 0; x < img.width(); x += 4)
                coloured += img.pixelColor(x, y) != QColor(Qt::white);
        QVERIFY(coloured > 100);
    }

    void theShiftReportHoldsTheShiftsFigures() {
        MainWindow w(m_f.book.get(), nullptr, nullptr, Fixture::profile());
        w.setTeamDesk(m_f.store.get(), m_f.desk.get(), nullptr);
        const QString cluster = m_f.book->duplicates().clusters().first().id;
        QVERIFY(m_f.desk->claim(cluster).ok);
        w.chartsPage()->setRange(QDate(2024, 5, 1), QDate(2024, 5, 3));
        w.integrationLog()->record(
            {QDateTime::currentDateTimeUtc(), false, 0, 0, 1, QStringLiteral("timeout")});
        QString error, text;
        int pages = 0;
        const QString path = m_f.dir.filePath(QStringLiteral("shift.pdf"));
        QVERIFY2(w.exportShiftReport(path, &error, &pages, &text), qPrintable(error));
        const QByteArray bytes = readAll(path);
        QVERIFY(isPdf(bytes));
        QVERIFY(pages >= 2);
        QCOMPARE(pdfPages(bytes), pages);
        // The figures: 4 orders, 1 duplicate, 25 % rate, 1,200 at risk.
        QVERIFY2(text.contains(QStringLiteral("Orders created")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Duplicate orders found")));
        QVERIFY(text.contains(QStringLiteral("25.0 %")));
        QVERIFY(text.contains(QStringLiteral("1,200")));
        // Open clusters, holds and who holds what.
        QVERIFY(text.contains(cluster));
        QVERIFY(text.contains(QStringLiteral("Acme")));
        QVERIFY(text.contains(QStringLiteral("S00003"))); // the held order
        QVERIFY(text.contains(QStringLiteral("No held order was confirmed or produced anyway")));
        QVERIFY(text.contains(QStringLiteral("Handed over")));
        QVERIFY(text.contains(QStringLiteral("planner")));
        QVERIFY(text.contains(QStringLiteral("Charts")));
        QVERIFY(text.contains(QStringLiteral("Duplicates per channel per day")));
        QVERIFY(text.contains(QStringLiteral("Staging — Test")));
    }
};

QTEST_MAIN(TestAlertsExports)
#include "tst_alerts_exports.moc"
