// SPDX-License-Identifier: GPL-3.0-or-later
// Figures the screens keep up to date from the book's changes, instead of walking every order and
// cluster each time they show them, must always equal a full recomputation over the book.
#include "AlertCenter.h"
#include "ClusterListModel.h"
#include "CockpitContext.h"
#include "HoldsPage.h"
#include "OrderDetailPage.h"
#include "ScreenFixture.h"
#include "ShiftQueuePage.h"
#include "SupervisorChartsPage.h"
#include "SupervisorFigures.h"
#include "TestOrders.h"
#include "flow/OrderBook.h"

#include <QAbstractItemModelTester>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QTest>
#include <QValueAxis>

using namespace o2c;

namespace {

// Orders 3k, 3k+1 and 3k+2 carry the same demand (one customer, one reference, the same lines):
// each triple becomes a duplicate cluster.
CanonicalOrder triple(int n) {
    CanonicalOrder o = testorders::make(n, OrderStage::Confirmed, 100.0 + n,
                                        QStringLiteral("Customer %1").arg(n / 3),
                                        QStringLiteral("PO-%1").arg(n / 3));
    o.customer.partnerId = 1000 + n / 3;
    o.channel = allChannels[size_t(n) % allChannels.size()];
    o.createdAt = QDateTime(QDate(2024, 5, 1), QTime(6, 0), Qt::UTC).addSecs(3600 * (n % 70));
    return o;
}

quint32 next(quint32 &state) {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
}

// One batch of a random stream into the book: eight orders of the triples from 30 on (new ones
// past the book's end) with a total, a channel, a day, the state or the stage changed, and now
// and then one removed.
struct StreamShape {
    int span = 130;             // orders 30 .. 30 + span
    bool bigTotals = false;     // totals jump by up to 40,000 (else up to 500)
    bool otherCurrency = false; // some orders change to CHF
    quint32 removeOneIn = 9;
};
void streamBatch(OrderBook &book, quint32 &state, const StreamShape &shape) {
    QList<CanonicalOrder> changes;
    QStringList gone;
    for (int k = 0; k < 8; ++k) {
        CanonicalOrder o = triple(30 + int(next(state) % quint32(shape.span)));
        switch (next(state) % (shape.otherCurrency ? 6 : 5)) {
        case 0:
            o.amountTotal +=
                shape.bigTotals ? double(next(state) % 5) * 10000 : double(next(state) % 500);
            break;
        case 1:
            o.channel = allChannels[next(state) % allChannels.size()];
            break;
        case 2: // moved to another day
            o.createdAt = o.createdAt.addDays(int(next(state) % 5) - 2);
            break;
        case 3:
            o.saleState = QStringLiteral("cancel");
            break;
        case 5:
            o.currency = QStringLiteral("CHF");
            break;
        default:
            o.stage = OrderStage::Shipped;
        }
        changes.append(o);
        if (next(state) % shape.removeOneIn == 0)
            gone.append(triple(30 + int(next(state) % 120)).id);
    }
    book.upsert(changes);
    if (!gone.isEmpty())
        book.remove(gone);
}

void compareFigures(const ui::SupervisorFigures &kept, const ui::SupervisorFigures &full) {
    QCOMPARE(kept.days, full.days);
    QCOMPARE(kept.orders, full.orders);
    QCOMPARE(kept.currency, full.currency);
    for (Channel c : allChannels)
        QCOMPARE(kept.duplicatesPerChannel.value(c), full.duplicatesPerChannel.value(c));
    QCOMPARE(kept.backlog, full.backlog);
    QCOMPARE(kept.duplicateRate.size(), full.duplicateRate.size());
    for (qsizetype i = 0; i < full.days.size(); ++i) {
        QVERIFY(qAbs(kept.duplicateRate.at(i) - full.duplicateRate.at(i)) < 1e-9);
        QVERIFY(qAbs(kept.valueAtRisk.at(i) - full.valueAtRisk.at(i)) < 1e-6);
        QVERIFY(qAbs(kept.valuePrevented.at(i) - full.valuePrevented.at(i)) < 1e-6);
        QVERIFY(qAbs(kept.hoursToResolve.at(i) - full.hoursToResolve.at(i)) < 1e-9);
    }
}

QList<qreal> barValues(const QBarSet *set) {
    QList<qreal> out;
    for (int i = 0; i < set->count(); ++i)
        out.append(set->at(i));
    return out;
}

template<typename T> QList<qreal> expected(const QList<T> &values, double scale = 1) {
    QList<qreal> out;
    for (T v : values)
        out.append(qreal(v) * scale);
    return out;
}

QList<qreal> lineValues(const QXYSeries *line) {
    QList<qreal> out;
    const QList<QPointF> points = line->points();
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (points.at(i).x() != double(i)) // one point per day, in order
            return {};
        out.append(points.at(i).y());
    }
    return out;
}

void compareValues(const QList<qreal> &shown, const QList<qreal> &full, const char *what) {
    QVERIFY2(shown.size() == full.size(), what);
    for (qsizetype i = 0; i < full.size(); ++i)
        QVERIFY2(qAbs(shown.at(i) - full.at(i)) < 1e-6,
                 qPrintable(QStringLiteral("%1, day %2: shown %3, in the book %4")
                                .arg(QLatin1String(what))
                                .arg(i)
                                .arg(shown.at(i))
                                .arg(full.at(i))));
}

QLineSeries *lineNamed(QChart *chart, const QString &name) {
    for (QAbstractSeries *s : chart->series())
        if (s->name() == name)
            return qobject_cast<QLineSeries *>(s);
    return nullptr;
}

// Every axis of the chart holds its series' values: none cut off at the top.
void axesHoldValues(QChart *chart, double top, const char *what) {
    const auto axes = chart->axes(Qt::Vertical);
    QVERIFY2(!axes.isEmpty(), what);
    const auto *y = qobject_cast<QValueAxis *>(axes.first());
    QVERIFY2(y && y->min() <= 0 && y->max() >= top, what);
}

// What the charts show, read from their series, equals the figures of the book.
void compareCharts(ui::SupervisorChartsPage &page, const ui::SupervisorFigures &full) {
    QChart *dup = page.chartView(ui::SupervisorChartsPage::DuplicatesChart)->chart();
    QCOMPARE(dup->series().size(), 1);
    auto *stacked = qobject_cast<QStackedBarSeries *>(dup->series().first());
    QVERIFY(stacked);
    QCOMPARE(stacked->count(), int(allChannels.size()));
    QList<int> perDay(full.days.size(), 0);
    for (qsizetype c = 0; c < qsizetype(allChannels.size()); ++c) {
        const QList<int> &values = full.duplicatesPerChannel.value(allChannels[size_t(c)]);
        compareValues(barValues(stacked->barSets().at(c)), expected(values), "duplicates");
        for (qsizetype i = 0; i < values.size(); ++i)
            perDay[i] += values.at(i);
    }
    const auto *days = qobject_cast<QBarCategoryAxis *>(dup->axes(Qt::Horizontal).first());
    QVERIFY(days);
    QCOMPARE(days->count(), int(full.days.size()));
    axesHoldValues(dup, *std::max_element(perDay.cbegin(), perDay.cend()), "duplicates axis");

    QChart *rate = page.chartView(ui::SupervisorChartsPage::RateChart)->chart();
    QCOMPARE(rate->series().size(), 1);
    const QList<qreal> rates = expected(full.duplicateRate, 100);
    compareValues(lineValues(qobject_cast<QLineSeries *>(rate->series().first())), rates,
                  "duplicate rate");
    axesHoldValues(rate, *std::max_element(rates.cbegin(), rates.cend()), "rate axis");

    QChart *value = page.chartView(ui::SupervisorChartsPage::ValueChart)->chart();
    auto *bars = qobject_cast<QBarSeries *>(value->series().first());
    QVERIFY(bars);
    QCOMPARE(bars->count(), 2);
    compareValues(barValues(bars->barSets().at(0)), full.valueAtRisk, "value at risk");
    compareValues(barValues(bars->barSets().at(1)), full.valuePrevented, "value prevented");
    axesHoldValues(value, *std::max_element(full.valueAtRisk.cbegin(), full.valueAtRisk.cend()),
                   "value axis");

    QChart *backlog = page.chartView(ui::SupervisorChartsPage::BacklogChart)->chart();
    QLineSeries *open = lineNamed(backlog, QStringLiteral("open clusters"));
    QLineSeries *hours = lineNamed(backlog, QStringLiteral("median hours to resolve"));
    QVERIFY(open && hours);
    compareValues(lineValues(open), expected(full.backlog), "backlog");
    compareValues(lineValues(hours), full.hoursToResolve, "hours to resolve");
    axesHoldValues(backlog, *std::max_element(full.backlog.cbegin(), full.backlog.cend()),
                   "backlog axis");

    QCOMPARE(page.pointCount(ui::SupervisorChartsPage::RateChart), int(full.days.size()));
    QVERIFY(page.headlineText().startsWith(QString::number(full.totalDuplicates())));
}

} // namespace

class TestLiveFigures : public QObject {
    Q_OBJECT
private slots:
    // A stream of new orders, changed amounts, channels and dates, cancellations and removals,
    // with a decision on the desk: after every batch the kept figures equal the full ones.
    void supervisorFiguresFollowTheBook() {
        testscreens::Fixture fx;
        QString error;
        QVERIFY2(fx.open(&error), qPrintable(error));
        OrderBook &book = *fx.book;
        ui::SupervisorTally tally(&book);
        const QDate from(2024, 4, 30), to(2024, 5, 5);
        // Filled on first use from the book as it is (the fixture's pair among them).
        compareFigures(tally.figures(fx.desk.get(), from, to),
                       ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));
        QVERIFY(tally.isFilled());
        QCOMPARE(tally.figures(fx.desk.get(), from, to).totalDuplicates(), 1);

        QList<CanonicalOrder> first;
        for (int n = 30; n < 150; ++n)
            first.append(triple(n));
        book.upsert(first);
        const QList<DuplicateCluster> clusters = book.duplicates().clusters();
        QVERIFY(clusters.size() > 20);
        // A planner resolved one cluster: its value is no longer at risk, its backlog ends.
        const DuplicateCluster &decided = clusters.at(3);
        const CanonicalOrder *keep = book.order(decided.members.at(0));
        const CanonicalOrder *cancel = book.order(decided.members.at(1));
        QVERIFY(fx.desk
                    ->resolveCluster(decided.id, {keep->saleOrderId, keep->saleOrderName, 1},
                                     {{cancel->saleOrderId, cancel->saleOrderName, 2}})
                    .ok);
        compareFigures(tally.figures(fx.desk.get(), from, to),
                       ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));

        quint32 state = 7;
        StreamShape shape;
        shape.span = 130; // some new ones above 150
        shape.otherCurrency = true;
        shape.removeOneIn = 9;
        for (int batch = 0; batch < 40; ++batch) {
            streamBatch(book, state, shape);
            compareFigures(tally.figures(fx.desk.get(), from, to),
                           ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("after batch %1").arg(batch)));
        }
        const ui::SupervisorFigures f = tally.figures(fx.desk.get(), from, to);
        QVERIFY(f.totalDuplicates() > 10);
        QVERIFY(f.totalValueAtRisk() > 0);
        // Another range from the same records.
        compareFigures(tally.figures(fx.desk.get(), QDate(2024, 5, 2), QDate(2024, 5, 3)),
                       ui::SupervisorFigures::compute(book, fx.desk.get(), QDate(2024, 5, 2),
                                                      QDate(2024, 5, 3)));
    }

    // The charts are brought to the figures in place (a bar, a line's points, an axis) instead
    // of being built anew: after every batch of a stream of changes what each chart shows, read
    // from its series, equals a full recomputation over the book, and a refresh with nothing
    // new changes no chart.
    void chartsFollowTheBook() {
        testscreens::Fixture fx;
        QString error;
        QVERIFY2(fx.open(&error), qPrintable(error));
        OrderBook &book = *fx.book;
        ui::CockpitContext ctx = fx.context();
        ui::SupervisorChartsPage page(ctx);
        QDate from(2024, 4, 30), to(2024, 5, 5);
        page.setRange(from, to);
        compareCharts(page, ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));

        QList<CanonicalOrder> first;
        for (int n = 30; n < 150; ++n)
            first.append(triple(n));
        book.upsert(first);
        const QList<DuplicateCluster> clusters = book.duplicates().clusters();
        const DuplicateCluster &decided = clusters.at(5);
        const CanonicalOrder *keep = book.order(decided.members.at(0));
        const CanonicalOrder *cancel = book.order(decided.members.at(1));
        QVERIFY(fx.desk
                    ->resolveCluster(decided.id, {keep->saleOrderId, keep->saleOrderName, 1},
                                     {{cancel->saleOrderId, cancel->saleOrderName, 2}})
                    .ok);
        page.refresh();
        compareCharts(page, ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));

        // Nothing new: no chart is touched.
        QList<int> before;
        for (int i = 0; i < ui::SupervisorChartsPage::ChartCount; ++i)
            before.append(page.updateCount(i));
        page.refresh();
        for (int i = 0; i < ui::SupervisorChartsPage::ChartCount; ++i)
            QCOMPARE(page.updateCount(i), before.at(i));

        quint32 state = 11;
        StreamShape shape;
        shape.span = 150;
        shape.bigTotals = true; // far more at once: the value axis has to grow
        shape.removeOneIn = 7;
        for (int batch = 0; batch < 40; ++batch) {
            streamBatch(book, state, shape);
            if (batch == 20) { // another range, and back: the days laid out anew
                page.setRange(QDate(2024, 5, 2), QDate(2024, 5, 3));
                compareCharts(page, ui::SupervisorFigures::compute(
                                        book, fx.desk.get(), QDate(2024, 5, 2), QDate(2024, 5, 3)));
                page.setRange(from, to);
            } else {
                page.refresh();
            }
            compareCharts(page, ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));
            if (QTest::currentTestFailed())
                QFAIL(qPrintable(QStringLiteral("after batch %1").arg(batch)));
        }
        // The stream changed what the charts show, more than once.
        QVERIFY(page.updateCount(ui::SupervisorChartsPage::DuplicatesChart) > before.at(0) + 5);
        QVERIFY(page.figures().totalDuplicates() > 10);

        // On screen a refresh brings the charts one per turn of the event loop; all of them
        // arrive, and reading a chart brings it at once.
        page.resize(900, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        for (int round = 0; round < 2; ++round) {
            QList<CanonicalOrder> more;
            for (int n = 150 + round * 30; n < 180 + round * 30; ++n)
                more.append(triple(n));
            book.upsert(more);
            page.refresh();
            QVERIFY(page.chartsPending());
            if (round == 0)
                QTRY_VERIFY(!page.chartsPending());
            else
                QVERIFY(page.pointCount(ui::SupervisorChartsPage::DuplicatesChart) > 0);
            QVERIFY(!page.chartsPending());
            compareCharts(page, ui::SupervisorFigures::compute(book, fx.desk.get(), from, to));
        }
        // A new range on screen comes the same way, every chart laid out on the new days.
        page.setRange(QDate(2024, 5, 2), QDate(2024, 5, 3));
        QVERIFY(page.chartsPending());
        QTRY_VERIFY(!page.chartsPending());
        compareCharts(page, ui::SupervisorFigures::compute(book, fx.desk.get(), QDate(2024, 5, 2),
                                                           QDate(2024, 5, 3)));
    }

    // The holds screen follows HOLD tags and activities that arrive, change and go after it was
    // first shown, without walking the book again.
    void holdsFollowTheBook() {
        OrderBook book;
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= 50; ++n)
            orders.append(testorders::make(n, OrderStage::Confirmed, 100));
        orders[4].tags = {QStringLiteral("HOLD")};
        book.upsert(orders);
        ui::CockpitContext ctx;
        ctx.book = &book;
        ui::HoldsPage page(ctx);
        const auto shown = [&] {
            QStringList names;
            for (int r = 0; r < page.model()->rowCount(); ++r)
                names.append(page.model()->item(r, ui::HoldsPage::OrderColumn)->text());
            names.sort();
            return names;
        };
        page.refresh();
        QCOMPARE(shown(), QStringList{QStringLiteral("S00005")});

        CanonicalOrder tagged = orders.at(9);
        tagged.tags = {QStringLiteral("HOLD")};
        CanonicalOrder activity = orders.at(19);
        activity.manufacturingOrders = {ManufacturingOrderRef{}};
        activity.manufacturingOrders[0].name = QStringLiteral("WH/MO/00020");
        activity.manufacturingOrders[0].heldByActivity = true;
        activity.manufacturingOrders[0].state = QStringLiteral("progress");
        CanonicalOrder untagged = orders.at(4);
        untagged.tags.clear();
        book.upsert({tagged, activity, untagged});
        page.refresh();
        QCOMPARE(shown(), (QStringList{QStringLiteral("S00010"), QStringLiteral("S00020")}));
        // Confirmed while tagged, and produced while held.
        QCOMPARE(page.breachCount(), 2);

        book.remove({tagged.id});
        page.refresh();
        QCOMPARE(shown(), QStringList{QStringLiteral("S00020")});
    }

    // The order screen's list of matches (the newest first) follows new and changed orders while
    // it is shown, and equals a new search over the whole book.
    void orderMatchesFollowTheBook_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("the newest") << QString();
        QTest::newRow("a customer") << QStringLiteral("customer 1");
    }
    void orderMatchesFollowTheBook() {
        QFETCH(QString, text);
        OrderBook book;
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= 300; ++n)
            orders.append(testorders::make(n, OrderStage::Confirmed, 100 + n));
        book.upsert(orders);
        ui::CockpitContext ctx;
        ctx.book = &book;
        ui::OrderDetailPage page(ctx);
        page.resize(900, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.picker()->setText(text);
        page.refreshMatches();
        const auto listed = [&] {
            QStringList ids;
            for (int r = 0; r < page.matches()->count(); ++r)
                ids.append(page.matches()->item(r)->text());
            return ids;
        };
        QVERIFY(page.matches()->count() > 0);
        quint32 state = 11;
        for (int batch = 0; batch < 30; ++batch) {
            QList<CanonicalOrder> changes;
            for (int k = 0; k < 6; ++k) {
                const int n = 1 + int(next(state) % 340); // new ones above 300
                CanonicalOrder o = testorders::make(n, OrderStage::Confirmed, 100 + n);
                if (next(state) % 3 == 0)
                    o.amountTotal += 7; // shown in the list's text
                if (next(state) % 4 == 0)
                    o.customer.name = QStringLiteral("Renamed %1").arg(n); // may leave the list
                changes.append(o);
            }
            book.upsert(changes);
            if (next(state) % 5 == 0)
                book.remove({testorders::make(300 - batch, OrderStage::Confirmed, 0).id});
            page.refresh();
            const QStringList kept = listed();
            page.refreshMatches();
            QCOMPARE(kept, listed());
        }
        // Hidden while the book changes, and shown again: the list has followed (what changed
        // is folded in when shown) and equals a new search.
        for (int round = 0; round < 5; ++round) {
            page.hide();
            for (int batch = 0; batch < 8; ++batch) {
                QList<CanonicalOrder> changes;
                for (int k = 0; k < 6; ++k) {
                    const int n = 1 + int(next(state) % 360);
                    CanonicalOrder o = testorders::make(n, OrderStage::Confirmed, 100 + n);
                    if (next(state) % 3 == 0)
                        o.amountTotal += 11;
                    if (next(state) % 4 == 0)
                        o.customer.name = QStringLiteral("Moved %1").arg(n);
                    changes.append(o);
                }
                book.upsert(changes);
            }
            page.show();
            QVERIFY(QTest::qWaitForWindowExposed(&page));
            const QStringList shown = listed();
            page.refreshMatches();
            QCOMPARE(shown, listed());
        }
    }

    // The screen is made with the window, before the kept orders are read: it follows them as
    // they stream in (in chunks larger and smaller than what it folds in at a time) without being
    // shown, and when first shown lists the most recent of them, as a search would.
    void orderMatchesFollowTheBookFromTheStart() {
        OrderBook book;
        ui::CockpitContext ctx;
        ctx.book = &book;
        ui::OrderDetailPage page(ctx);
        page.resize(900, 600);
        quint32 state = 29;
        for (int chunk = 0; chunk < 12; ++chunk) {
            QList<CanonicalOrder> orders;
            const int size = chunk % 3 == 0 ? 2500 : 90;
            for (int k = 0; k < size; ++k) {
                const int n = 1 + int(next(state) % 9000);
                orders.append(testorders::make(n, OrderStage::Confirmed, 100 + n));
            }
            book.upsert(orders);
        }
        QVERIFY(book.size() > 5000);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const auto listed = [&] {
            QStringList ids;
            for (int r = 0; r < page.matches()->count(); ++r)
                ids.append(page.matches()->item(r)->text());
            return ids;
        };
        const QStringList shown = listed();
        QCOMPARE(shown.size(), 40);
        page.refreshMatches();
        QCOMPARE(shown, listed());
    }

    // The alerts' backlog and today's duplicates, kept from the cluster changes, equal a count
    // over every cluster of the book after each batch of a stream, with decisions on the desk.
    void alertFiguresFollowTheBook() {
        testscreens::Fixture fx;
        QString error;
        QVERIFY2(fx.open(&error), qPrintable(error));
        OrderBook &book = *fx.book;
        ui::CockpitContext ctx = fx.context();
        const QDateTime now(QDate(2024, 5, 2), QTime(18, 0), Qt::UTC);
        ctx.clock = [now] { return now; };
        QList<CanonicalOrder> first;
        for (int n = 30; n < 90; ++n)
            first.append(triple(n));
        book.upsert(first);
        ui::AlertCenter alerts(ctx); // starts with clusters already in the book
        const auto expected = [&] {
            QSet<QString> decided;
            for (const ClusterDecision &d : fx.desk->decisions())
                decided.insert(d.clusterId);
            QPair<int, int> f; // backlog, duplicates created today
            for (const DuplicateCluster &c : book.duplicates().clusters()) {
                if (c.kind != ClusterKind::Duplicate)
                    continue;
                f.first += !decided.contains(c.id);
                for (qsizetype i = 1; i < c.members.size(); ++i) {
                    const CanonicalOrder *o = book.order(c.members.at(i));
                    f.second += o && o->createdAt.date() == now.date();
                }
            }
            return f;
        };
        const auto measured = [&] {
            const ui::AlertFigures f = alerts.measure();
            return QPair<int, int>(f.backlog, f.duplicatesToday);
        };
        QCOMPARE(measured(), expected());
        QVERIFY(expected().first > 5);
        QVERIFY(expected().second > 0);
        const DuplicateCluster decided = book.duplicates().clusters().at(2);
        const CanonicalOrder *keep = book.order(decided.members.at(0));
        const CanonicalOrder *cancel = book.order(decided.members.at(1));
        QVERIFY(fx.desk
                    ->resolveCluster(decided.id, {keep->saleOrderId, keep->saleOrderName, 1},
                                     {{cancel->saleOrderId, cancel->saleOrderName, 2}})
                    .ok);
        QCOMPARE(measured(), expected());
        quint32 state = 5;
        for (int batch = 0; batch < 30; ++batch) {
            QList<CanonicalOrder> changes;
            for (int k = 0; k < 6; ++k) {
                const int n = 30 + int(next(state) % 90); // new ones above 90
                CanonicalOrder o = triple(n);
                if (next(state) % 4 == 0)
                    o.saleState = QStringLiteral("cancel"); // leaves its cluster
                changes.append(o);
            }
            book.upsert(changes);
            if (next(state) % 4 == 0)
                book.remove({triple(30 + int(next(state) % 60)).id});
            QCOMPARE(measured(), expected());
        }
    }

    // The duplicate queue follows cluster changes and the changes of their orders (value at
    // risk, customer, age) and shows what a queue built afresh from the book shows.
    void clusterQueueFollowsTheBook() {
        OrderBook book;
        const auto lookup = [&book](const QString &id) { return book.order(id); };
        const QDateTime now(QDate(2024, 5, 4), QTime(12, 0), Qt::UTC);
        ui::ClusterListModel live(lookup);
        live.setClock([now] { return now; });
        connect(&book, &OrderBook::clustersChanged, &live, &ui::ClusterListModel::applyDelta);
        connect(&book, &OrderBook::ordersChanged, &live, &ui::ClusterListModel::refreshOrders);
        QList<CanonicalOrder> first;
        for (int n = 30; n < 120; ++n)
            first.append(triple(n));
        book.upsert(first);
        const auto rows = [](const ui::ClusterListModel &m) {
            QMap<QString, QStringList> out;
            for (int r = 0; r < m.rowCount(); ++r) {
                QStringList cells;
                for (int c = 0; c < ui::ClusterListModel::ColumnCount; ++c)
                    cells.append(m.index(r, c).data().toString());
                out.insert(cells.first(), cells);
            }
            return out;
        };
        quint32 state = 3;
        for (int batch = 0; batch < 30; ++batch) {
            QList<CanonicalOrder> changes;
            for (int k = 0; k < 6; ++k) {
                const int n = 30 + int(next(state) % 100); // new ones above 120
                CanonicalOrder o = triple(n);
                o.amountTotal += double(next(state) % 300); // not a matching field
                if (next(state) % 5 == 0)
                    o.saleState = QStringLiteral("cancel");
                changes.append(o);
            }
            book.upsert(changes);
            if (next(state) % 4 == 0)
                book.remove({triple(30 + int(next(state) % 90)).id});
            ui::ClusterListModel fresh(lookup);
            fresh.setClock([now] { return now; });
            ClusterDelta all;
            all.changed = book.duplicates().clusters();
            fresh.applyDelta(all);
            QCOMPARE(rows(live), rows(fresh));
        }
        QVERIFY(live.rowCount() > 10);
    }

    // The exception queue lists every open cluster as clusters come and go, with the value at
    // risk a count over the book gives, and its summary counts them all.
    void exceptionQueueFollowsTheBook() {
        testscreens::Fixture fx;
        QString error;
        QVERIFY2(fx.open(&error), qPrintable(error));
        OrderBook &book = *fx.book;
        ui::CockpitContext ctx = fx.context();
        ui::ShiftQueuePage page(ctx);
        page.refresh();
        // The queue keeps the item-model rules through every change (columns included).
        QAbstractItemModelTester tester(page.queueModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page.queueModel()->columnCount(), int(ui::ShiftQueuePage::ColumnCount));
        const auto expected = [&] {
            QSet<QString> decided;
            for (const ClusterDecision &d : fx.desk->decisions())
                decided.insert(d.clusterId);
            QMap<QString, double> open; // cluster -> value at risk
            for (const DuplicateCluster &c : book.duplicates().clusters()) {
                QList<const CanonicalOrder *> members;
                for (const QString &id : c.members)
                    if (const CanonicalOrder *o = book.order(id))
                        members.append(o);
                if (members.size() < 2 || decided.contains(c.id))
                    continue;
                double value = 0;
                if (c.kind != ClusterKind::Amendment)
                    for (qsizetype i = 1; i < members.size(); ++i)
                        value += members.at(i)->amountTotal;
                open.insert(c.id, value);
            }
            return open;
        };
        const auto shown = [&] {
            QMap<QString, double> rows;
            const QAbstractItemModel *m = page.queueModel();
            for (int r = 0; r < m->rowCount(); ++r)
                rows.insert(
                    m->index(r, ui::ShiftQueuePage::ClusterColumn).data().toString(),
                    m->index(r, ui::ShiftQueuePage::ValueColumn).data(Qt::UserRole + 1).toDouble());
            return rows;
        };
        QCOMPARE(shown(), expected());
        quint32 state = 9;
        for (int batch = 0; batch < 25; ++batch) {
            QList<CanonicalOrder> changes;
            for (int k = 0; k < 6; ++k) {
                const int n = 30 + int(next(state) % 90);
                CanonicalOrder o = triple(n);
                o.amountTotal += double(next(state) % 100);
                if (next(state) % 5 == 0)
                    o.saleState = QStringLiteral("cancel");
                changes.append(o);
            }
            book.upsert(changes);
            if (batch == 10) { // a decision takes its cluster off the queue
                const DuplicateCluster c = book.duplicates().clusters().at(1);
                const CanonicalOrder *keep = book.order(c.members.at(0));
                const CanonicalOrder *cancel = book.order(c.members.at(1));
                QVERIFY(fx.desk
                            ->resolveCluster(c.id, {keep->saleOrderId, keep->saleOrderName, 1},
                                             {{cancel->saleOrderId, cancel->saleOrderName, 2}})
                            .ok);
                page.refresh();
            }
            // The rows follow without a refresh; decisions come with the next one.
            QCOMPARE(shown(), expected());
        }
        page.refresh();
        QVERIFY(expected().size() > 10);
        QVERIFY2(page.summaryLabel()->text().startsWith(
                     QStringLiteral("%1 open clusters").arg(expected().size())),
                 qPrintable(page.summaryLabel()->text()));
    }
};

QTEST_MAIN(TestLiveFigures)
#include "tst_live_figures.moc"
