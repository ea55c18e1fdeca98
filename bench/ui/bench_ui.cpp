// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop scale benchmark: what a planner feels with a million orders and a busy Odoo.
//
//   1. filter latency over 1,000,000 orders (a keystroke until the table shows the result), per
//      kind of step (first letter, narrowing, backspace, stage, no match, pasted, cleared),
//      against QSortFilterProxyModel's regular-expression filter on the same model;
//   2. scrolling: time per page step and per random jump, painted, against the same baseline;
//      2b. the fold of a sync batch into the order list (--fold-changes changed orders, a
//      quarter new), the GUI thread's time per fold, against filtering from scratch;
//      2c. deltas into the duplicate queue at --clusters clusters;
//   3. the longest gaps between GUI-thread events (a 1 ms timer probe) while 5,000 order events a
//      second stream into the main window, on each of its screens, against the same window idle;
//      every event the GUI thread handles is timed, and the long gaps are named after the work
//      that filled them (BENCH_GAPS_DETAIL=1 lists all work of 1 ms and more, per run, with
//      each widget's own painting inside a repaint of the window);
//   4. start to interactive with 100,000 orders in the local order store: the real start path
//      (session, local store, main window), until the first screen shows orders and the event
//      loop answers within 50 ms, against the same start with an empty store.
//
//   bench_ui [--orders N] [--runs R] [--events-per-second E] [--seconds S] [--gap-orders G]
//            [--gap-pages desk,exceptions,...]
//            [--store-orders M] [--baseline-runs B] [--shape-baselines 0|1]
//            [--fold-changes C] [--clusters K] [--only filter,scroll,fold,gaps,start]
//
// Every figure is the median over the runs (and p95/p99 where a distribution is shown): the
// machine this runs on is usually shared, so single samples say little.
#include "BenchOrders.h"
#include "ClusterListModel.h"
#include "ClusterSortModel.h"
#include "FlowBoardWidget.h"
#include "MainWindow.h"
#include "OrderFilterModel.h"
#include "OrderTableModel.h"
#include "SupervisorChartsPage.h"
#include "SupervisorFigures.h"
#include "cache/LocalOrderStore.h"
#include "flow/OrderBook.h"
#include "platform/Platform.h"
#include "session/CockpitSession.h"

#include <QAbstractSlider>
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

using namespace o2c;
using o2c::bench::makeOrder;
using o2c::bench::mix;

namespace {

// --- orders -----------------------------------------------------------------------------------

// --- statistics ------------------------------------------------------------------------------

double quantile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
    return v[i];
}
double median(const std::vector<double> &v) {
    return quantile(v, 0.5);
}

void waitFor(const std::function<bool()> &done, int timeoutMs = 600000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

void say(const char *format, auto... args) {
    std::printf(format, args...);
    std::fflush(stdout);
}

// --- 1. filter --------------------------------------------------------------------------------

struct Table {
    ui::OrderTableModel model{nullptr};
    void fill(qint64 count) {
        for (qint64 from = 1; from <= count; from += 10000) {
            QList<CanonicalOrder> chunk;
            for (qint64 n = from; n < std::min(count + 1, from + 10000); ++n)
                chunk.append(makeOrder(n));
            QList<const CanonicalOrder *> ptrs;
            for (const CanonicalOrder &o : chunk)
                ptrs.append(&o);
            model.upsertOrders(ptrs);
        }
    }
};

// Paints the visible rows now, as the next frame would (offscreen, into a pixmap).
void paint(QTableView *view) {
    QPixmap frame(view->viewport()->size());
    view->viewport()->render(&frame);
}

QTableView *makeView(QAbstractItemModel *model) {
    auto *view = new QTableView;
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->setModel(model);
    view->resize(1400, 860);
    view->show();
    waitFor([view] { return view->isVisible(); }, 2000);
    QCoreApplication::processEvents();
    return view;
}

// The queries pasted at once (each with no remembered matches), also run on the baseline.
const QStringList pastedQueries = {QStringLiteral("müller"),
                                   QStringLiteral("S0123456"),
                                   QStringLiteral("PO-4711"),
                                   QStringLiteral("gmbh"),
                                   QStringLiteral("robotics 4"),
                                   QStringLiteral("zzq-none"),
                                   QString()};
// Typed letter by letter, then taken back with backspace.
const QStringList typedQueries = {QStringLiteral("müller"), QStringLiteral("schmidt logistik"),
                                  QStringLiteral("po-4711"), QStringLiteral("s0123456"),
                                  QStringLiteral("gmbh 12")};
const QStringList firstLetters = {QStringLiteral("m"), QStringLiteral("s"), QStringLiteral("g"),
                                  QStringLiteral("p"), QStringLiteral("w"), QStringLiteral("4")};
const QStringList missQueries = {QStringLiteral("zzq-none"), QStringLiteral("robotics 4"),
                                 QStringLiteral("müller xq")};

// One kind of step a planner takes in the search field.
struct Shape {
    const char *name;
    std::vector<double> wall, cpu;
    qsizetype minHits = -1, maxHits = -1;
    QString baselineQuery; // a step of this kind on the baseline (which always searches all)
    bool hasBaseline = false;
    std::vector<double> baseline;
};

void benchFilter(Table &table, int runs, int baselineRuns, bool shapeBaselines) {
    say("\n== 1. Filter over %d orders ==\n", table.model.rowCount());
    ui::OrderFilterModel proxy;
    QElapsedTimer t;
    t.start();
    proxy.setSourceModel(&table.model);
    proxy.sort(ui::OrderTableModel::CreatedColumn, Qt::DescendingOrder);
    proxy.settle();
    say("sorted by created (newest first, as the window opens): %lld ms\n", qint64(t.elapsed()));
    QTableView *view = makeView(&proxy);
    paint(view);

    // A sample: from the change (a keystroke, a stage picked) until the result is applied and the
    // first page of it painted. The GUI thread waits in its event loop meanwhile, as the window's
    // would (no busy polling that would take a core from the search).
    const auto measure = [&](Shape &shape, const std::function<void()> &change) {
        QElapsedTimer clock;
        clock.start();
        const std::clock_t cpuStart = std::clock();
        QEventLoop loop;
        bool done = false;
        const auto c = QObject::connect(&proxy, &ui::OrderFilterModel::filtered, &loop, [&] {
            done = true;
            loop.quit();
        });
        change();
        if (proxy.isBusy() && !done) {
            QTimer::singleShot(600000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        QObject::disconnect(c);
        paint(view);
        shape.cpu.push_back(double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC);
        shape.wall.push_back(double(clock.nsecsElapsed()) / 1e6);
        const qsizetype hits = proxy.rowCount();
        shape.minHits = shape.minHits < 0 ? hits : std::min(shape.minHits, hits);
        shape.maxHits = std::max(shape.maxHits, hits);
    };
    const auto type = [&](const QString &text) { proxy.setFilterFixedString(text); };

    Shape first{"first letter", {}, {}, -1, -1, QStringLiteral("m"), true, {}};
    Shape narrowing{"narrowing", {}, {}, -1, -1, QStringLiteral("schm"), true, {}};
    Shape backspace{"backspace", {}, {}, -1, -1, QStringLiteral("schmid"), true, {}};
    Shape pasted{"pasted", {}, {}, -1, -1, {}, false, {}};
    Shape miss{"no match", {}, {}, -1, -1, QStringLiteral("zzq-none"), true, {}};
    Shape stage{"stage", {}, {}, -1, -1, {}, false, {}};
    Shape cleared{"cleared", {}, {}, -1, -1, QString(), true, {}};
    QHash<QString, std::vector<double>> perPasted;
    QHash<QString, qsizetype> pastedHits;
    for (int run = 0; run < runs; ++run) {
        proxy.forgetMatches(); // each run a planner's fresh session
        for (const QString &letter : firstLetters) {
            measure(first, [&] { type(letter); });
            measure(cleared, [&] { type({}); });
        }
        for (const QString &q : typedQueries) {
            measure(first, [&] { type(q.left(1)); });
            for (qsizetype n = 2; n <= q.size(); ++n)
                measure(narrowing, [&] { type(q.left(n)); });
            for (qsizetype n = q.size() - 1; n >= 1; --n)
                measure(backspace, [&] { type(q.left(n)); });
            measure(cleared, [&] { type({}); });
        }
        // The flow board's stage filter, on a text and on its own.
        type(QStringLiteral("gmbh"));
        proxy.settle();
        for (int s = 0; s <= int(OrderStage::Paid); ++s)
            measure(stage, [&] { proxy.setStage(s); });
        measure(stage, [&] { proxy.setStage(-1); });
        type({});
        proxy.settle();
        for (int s = 0; s <= int(OrderStage::Paid); ++s)
            measure(stage, [&] { proxy.setStage(s); });
        measure(stage, [&] { proxy.setStage(-1); });
        // Pasted at once, nothing remembered.
        for (const QString &q : pastedQueries) {
            proxy.forgetMatches();
            measure(pasted, [&] { type(q); });
            perPasted[q].push_back(pasted.wall.back());
            pastedHits[q] = proxy.rowCount();
        }
        for (const QString &q : missQueries) {
            proxy.forgetMatches();
            measure(miss, [&] { type(q); });
        }
        type({});
        proxy.settle();
    }
    delete view;

    // The baseline: QSortFilterProxyModel with a case-insensitive regular expression over every
    // column, unsorted (sorting a million rows there takes far longer still), with its own view,
    // painted the same way. It searches every row at every step, whatever the step.
    QSortFilterProxyModel baseline;
    baseline.setSourceModel(&table.model);
    baseline.setFilterKeyColumn(-1);
    QTableView *baseView = makeView(&baseline);
    paint(baseView);
    const auto baselineOnce = [&](const QString &q) {
        QElapsedTimer clock;
        clock.start();
        baseline.setFilterRegularExpression(QRegularExpression(
            QRegularExpression::escape(q), QRegularExpression::CaseInsensitiveOption));
        QCoreApplication::processEvents();
        paint(baseView);
        return double(clock.nsecsElapsed()) / 1e6;
    };
    QHash<QString, std::vector<double>> basePerQuery;
    std::vector<double> base;
    for (int run = 0; run < baselineRuns; ++run) {
        for (const QString &q : pastedQueries) {
            basePerQuery[q].push_back(baselineOnce(q));
            base.push_back(basePerQuery[q].back());
        }
        // One step of each typing kind as well (--shape-baselines 1), one after the other from
        // the cleared list the pasted ones end with. Slow: its first letter, keeping most rows,
        // took the baseline 11 minutes.
        if (shapeBaselines)
            for (Shape *shape : {&first, &narrowing, &backspace})
                shape->baseline.push_back(baselineOnce(shape->baselineQuery));
        baselineOnce({});
    }
    delete baseView;
    miss.baseline = basePerQuery.value(QStringLiteral("zzq-none"));
    cleared.baseline = basePerQuery.value(QString());
    pasted.baseline = base;
    pasted.hasBaseline = true;

    say("%-13s %7s %17s %9s %9s %9s %9s %12s %8s\n", "step", "samples", "rows shown", "median",
        "p95", "p99", "CPU med.", "baseline", "ratio");
    std::vector<double> all, allCpu;
    for (const Shape *shape : {&first, &narrowing, &backspace, &stage, &miss, &pasted, &cleared}) {
        all.insert(all.end(), shape->wall.begin(), shape->wall.end());
        allCpu.insert(allCpu.end(), shape->cpu.begin(), shape->cpu.end());
        const QString rows = shape->minHits == shape->maxHits
                                 ? QString::number(shape->minHits)
                                 : QStringLiteral("%1-%2").arg(shape->minHits).arg(shape->maxHits);
        char baseText[32] = "-", ratioText[32] = "-";
        if (shape->hasBaseline && !shape->baseline.empty()) {
            std::snprintf(baseText, sizeof baseText, "%.0f ms", median(shape->baseline));
            std::snprintf(ratioText, sizeof ratioText, "%.0fx",
                          median(shape->baseline) / std::max(0.001, median(shape->wall)));
        }
        say("%-13s %7zu %17s %6.1f ms %6.1f ms %6.1f ms %6.1f ms %12s %8s\n", shape->name,
            shape->wall.size(), rows.toUtf8().constData(), median(shape->wall),
            quantile(shape->wall, 0.95), quantile(shape->wall, 0.99), median(shape->cpu), baseText,
            ratioText);
    }
    say("\npasted at once, per query (nothing remembered):\n");
    say("%-14s %10s %12s %14s %8s\n", "query", "hits", "ours median", "baseline med.", "ratio");
    for (const QString &q : pastedQueries) {
        const double ours = median(perPasted.value(q));
        const double theirs = median(basePerQuery.value(q));
        if (basePerQuery.value(q).empty()) { // no baseline run (--baseline-runs 0)
            say("%-14s %10lld %9.1f ms %14s %8s\n",
                q.isEmpty() ? "(cleared)" : q.toUtf8().constData(), qint64(pastedHits.value(q)),
                ours, "-", "-");
            continue;
        }
        say("%-14s %10lld %9.1f ms %11.1f ms %7.0fx\n",
            q.isEmpty() ? "(cleared)" : q.toUtf8().constData(), qint64(pastedHits.value(q)), ours,
            theirs, ours > 0 ? theirs / ours : 0.0);
    }
    say("filter latency, all %zu steps (%d runs): median %.1f ms, p95 %.1f ms, p99 %.1f ms, max "
        "%.1f ms (target <= 100 ms)\n",
        all.size(), runs, median(all), quantile(all, 0.95), quantile(all, 0.99),
        all.empty() ? 0.0 : *std::max_element(all.begin(), all.end()));
    say("CPU time the process spent per step (all threads; what an idle machine would take): "
        "median %.1f ms, p95 %.1f ms\n",
        median(allCpu), quantile(allCpu, 0.95));
    if (base.empty())
        say("baseline QSortFilterProxyModel regexp: not run (--baseline-runs 0)\n");
    else
        say("baseline QSortFilterProxyModel regexp, pasted queries x %d runs: median %.1f ms, p95 "
            "%.1f ms; ratio of medians (pasted): %.0fx\n",
            baselineRuns, median(base), quantile(base, 0.95),
            median(pasted.wall) > 0 ? median(base) / median(pasted.wall) : 0.0);
}

// --- 2. scroll --------------------------------------------------------------------------------

struct ScrollFigures {
    std::vector<double> page, jump;
};

ScrollFigures scrollThrough(QAbstractItemModel *model, int runs) {
    ScrollFigures f;
    QTableView *view = makeView(model);
    paint(view);
    for (int run = 0; run < runs; ++run) {
        view->scrollToTop();
        for (int i = 0; i < 200; ++i) {
            QElapsedTimer t;
            t.start();
            view->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd);
            paint(view);
            f.page.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        QScrollBar *bar = view->verticalScrollBar();
        for (int i = 0; i < 100; ++i) {
            QElapsedTimer t;
            t.start();
            bar->setValue(int(mix(quint64(i + run * 1000)) % quint64(std::max(1, bar->maximum()))));
            paint(view);
            f.jump.push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    delete view;
    return f;
}

void benchScroll(Table &table, int runs) {
    say("\n== 2. Scroll through %d orders (painted, 1400x860) ==\n", table.model.rowCount());
    ui::OrderFilterModel proxy;
    proxy.setSourceModel(&table.model);
    proxy.sort(ui::OrderTableModel::CreatedColumn, Qt::DescendingOrder);
    proxy.settle();
    const ScrollFigures ours = scrollThrough(&proxy, runs);
    QSortFilterProxyModel baseline;
    baseline.setSourceModel(&table.model);
    const ScrollFigures base = scrollThrough(&baseline, runs);
    say("page step: median %.2f ms, p95 %.2f ms   (baseline QSortFilterProxyModel: median %.2f "
        "ms, p95 %.2f ms; ratio %.2f)\n",
        median(ours.page), quantile(ours.page, 0.95), median(base.page), quantile(base.page, 0.95),
        median(ours.page) > 0 ? median(base.page) / median(ours.page) : 0);
    say("random jump: median %.2f ms, p95 %.2f ms (baseline: median %.2f ms, p95 %.2f ms)\n",
        median(ours.jump), quantile(ours.jump, 0.95), median(base.jump), quantile(base.jump, 0.95));
    say("a frame at 60 Hz is 16.7 ms\n");
}

// --- 2b. the fold of streamed changes -----------------------------------------------------------

// What the order list costs the GUI thread when a sync batch arrives: `perFold` changed orders
// (a quarter new, the rest existing ones moving on a stage) folded into the shown list, with a
// view attached that takes the row signals. Three lists: newest first as the window opens, a
// flow-board stage picked (rows enter and leave it), and sorted by stage under a text (changed
// rows move). Baseline in the same run: the same list filtered and sorted from scratch on the GUI
// thread (what the fold spares).
void benchFold(Table &table, int runs, int perFold) {
    say("\n== 2b. Folding streamed changes into the order list (%d orders, %d changed per fold) "
        "==\n",
        table.model.rowCount(), perFold);
    struct List {
        const char *name;
        int column;
        Qt::SortOrder order;
        QString text;
        int stage;
        std::vector<double> wall, cpu, scratch;
        qsizetype minRows = -1, maxRows = 0;
    };
    std::vector<List> lists = {
        {"newest first",
         ui::OrderTableModel::CreatedColumn,
         Qt::DescendingOrder,
         {},
         -1,
         {},
         {},
         {}},
        {"newest first, a stage",
         ui::OrderTableModel::CreatedColumn,
         Qt::DescendingOrder,
         {},
         int(OrderStage::Manufacturing),
         {},
         {},
         {}},
        {"by stage, text gmbh",
         ui::OrderTableModel::StageColumn,
         Qt::AscendingOrder,
         QStringLiteral("gmbh"),
         -1,
         {},
         {},
         {}},
    };
    constexpr int foldsPerRun = 40, warmFolds = 3, scratchPerRun = 2;
    qint64 next = table.model.rowCount() + 1;
    QHash<qint64, int> versions; // how often each existing order moved on
    quint64 seed = 1;
    const auto feedFold = [&] {
        QList<CanonicalOrder> batch;
        batch.reserve(perFold);
        const qint64 known = next - 1;
        for (int k = 0; k < perFold; ++k) {
            if (k % 4 == 0) {
                batch.append(makeOrder(next++));
                continue;
            }
            const qint64 n = 1 + qint64(mix(seed++) % quint64(known));
            batch.append(makeOrder(n, ++versions[n]));
        }
        QList<const CanonicalOrder *> ptrs;
        for (const CanonicalOrder &o : batch)
            ptrs.append(&o);
        table.model.upsertOrders(ptrs);
    };
    for (List &list : lists) {
        ui::OrderFilterModel proxy;
        proxy.setSourceModel(&table.model);
        proxy.sort(list.column, list.order);
        proxy.setStage(list.stage);
        proxy.setFilterFixedString(list.text);
        proxy.settle();
        QTableView *view = makeView(&proxy);
        view->selectRow(3); // a planner's selection, kept through the folds
        paint(view);
        for (int run = 0; run < runs; ++run) {
            for (int f = 0; f < warmFolds + foldsPerRun; ++f) {
                feedFold();
                QElapsedTimer clock;
                clock.start();
                const std::clock_t cpuStart = std::clock();
                proxy.settle(); // the batch timer's fold, now
                const double cpu = double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC;
                const double wall = double(clock.nsecsElapsed()) / 1e6;
                paint(view);
                if (f < warmFolds)
                    continue;
                list.wall.push_back(wall);
                list.cpu.push_back(cpu);
                list.minRows = list.minRows < 0
                                   ? proxy.rowCount()
                                   : std::min<qsizetype>(list.minRows, proxy.rowCount());
                list.maxRows = std::max<qsizetype>(list.maxRows, proxy.rowCount());
            }
            // From scratch on the GUI thread: every row sorted and filtered again.
            proxy.setAsyncThreshold(std::numeric_limits<int>::max());
            for (int s = 0; s < scratchPerRun; ++s) {
                proxy.sort(list.column, list.order == Qt::AscendingOrder ? Qt::DescendingOrder
                                                                         : Qt::AscendingOrder);
                proxy.settle();
                QElapsedTimer clock;
                clock.start();
                proxy.sort(list.column, list.order);
                proxy.settle();
                list.scratch.push_back(double(clock.nsecsElapsed()) / 1e6);
            }
            proxy.setAsyncThreshold(50000);
            view->selectRow(3);
        }
        delete view;
    }
    say("%-24s %17s %7s %9s %9s %9s %9s %13s %8s\n", "list", "rows shown", "folds", "median", "p99",
        "max", "CPU med.", "from scratch", "ratio");
    for (const List &list : lists) {
        const QString rows = QStringLiteral("%1-%2").arg(list.minRows).arg(list.maxRows);
        say("%-24s %17s %7zu %6.2f ms %6.2f ms %6.2f ms %6.2f ms %10.1f ms %7.0fx\n", list.name,
            rows.toUtf8().constData(), list.wall.size(), median(list.wall),
            quantile(list.wall, 0.99),
            list.wall.empty() ? 0.0 : *std::max_element(list.wall.begin(), list.wall.end()),
            median(list.cpu), median(list.scratch),
            median(list.wall) > 0 ? median(list.scratch) / median(list.wall) : 0.0);
    }
    say("(the fold's GUI-thread time: applying the batch and the view taking the row signals; "
        "budget 50 ms; from scratch: the same list sorted and filtered again on the GUI thread, "
        "median of %d per run)\n",
        scratchPerRun);
}

// The duplicate queue at the size a million orders give (about 121,000 clusters): each delta
// brings new clusters, grown ones, merges (an id removed and a new one) and dissolved ones; the
// time to apply it, the model alone and with the desk's sorted view above it.
void benchClusterDeltas(int clusters, int runs) {
    say("\n== 2c. Duplicate queue deltas (%d clusters) ==\n", clusters);
    std::vector<CanonicalOrder> pool; // members' orders, looked up by id
    for (int n = 1; n <= 1000; ++n)
        pool.push_back(makeOrder(n));
    const auto lookup = [&pool](const QString &id) -> const CanonicalOrder * {
        return &pool[size_t(qHash(id) % pool.size())];
    };
    quint64 seed = 7;
    int nextId = 1;
    const auto newCluster = [&](const QString &id, int members) {
        DuplicateCluster c;
        c.id = id;
        c.kind = ClusterKind::Duplicate;
        c.score = 5.0 + double(mix(seed++) % 50) / 10.0;
        for (int m = 0; m < members; ++m)
            c.members.append(QStringLiteral("odoo:bench:sale.order:%1").arg(mix(seed++) % 1000000));
        c.summary = QStringLiteral("same customer, same reference, same lines");
        return c;
    };
    const auto nextName = [&] {
        return QStringLiteral("C-%1").arg(nextId++, 7, 10, QLatin1Char('0'));
    };
    // The model alone; with the desk's sorted view above (ClusterSortModel); and, the baseline,
    // with QSortFilterProxyModel as the sorted view (what the desk had before).
    for (const int shape : {0, 1, 2}) {
        ui::ClusterListModel model(lookup);
        QStringList ids;
        std::vector<double> fills; // a rebuild's catch-up: 10,000 new clusters a delta
        for (int from = 0; from < clusters; from += 10000) {
            ClusterDelta fill;
            for (int k = from; k < std::min(clusters, from + 10000); ++k) {
                ids.append(nextName());
                fill.changed.append(newCluster(ids.last(), 2));
            }
            QElapsedTimer clock;
            clock.start();
            model.applyDelta(fill);
            fills.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        QSortFilterProxyModel baseline;
        ui::ClusterSortModel ours;
        QTableView *view = nullptr;
        if (shape == 1) {
            ours.setSourceModel(&model);
            ours.sort(ui::ClusterListModel::ValueAtRiskColumn, Qt::DescendingOrder);
            view = makeView(&ours);
            view->selectRow(3);
            paint(view);
        } else if (shape == 2) {
            baseline.setSortRole(ui::ClusterListModel::SortRole);
            baseline.setSourceModel(&model);
            baseline.sort(ui::ClusterListModel::ValueAtRiskColumn, Qt::DescendingOrder);
            view = makeView(&baseline);
            view->selectRow(3);
            paint(view);
        }
        std::vector<double> wall, sweeps;
        for (int d = 0; d < 40 * runs; ++d) {
            if (d % 40 == 39) { // a sweep: 2,000 clusters dissolved at once
                ClusterDelta sweep;
                for (int k = 0; k < 2000; ++k)
                    sweep.removed.append(ids.takeAt(qsizetype(mix(seed++) % quint64(ids.size()))));
                QElapsedTimer clock;
                clock.start();
                model.applyDelta(sweep);
                sweeps.push_back(double(clock.nsecsElapsed()) / 1e6);
                continue;
            }
            ClusterDelta delta;
            QSet<QString> used;
            const auto pick = [&] {
                for (;;) {
                    const qsizetype at = qsizetype(mix(seed++) % quint64(ids.size()));
                    if (!used.contains(ids.at(at))) {
                        used.insert(ids.at(at));
                        return at;
                    }
                }
            };
            for (int k = 0; k < 10; ++k) { // merged into a new cluster
                const qsizetype at = pick();
                delta.removed.append(ids.at(at));
                ids[at] = nextName();
                delta.changed.append(newCluster(ids.at(at), 3));
            }
            for (int k = 0; k < 5; ++k) { // dissolved
                const qsizetype at = pick();
                delta.removed.append(ids.at(at));
                ids.removeAt(at);
            }
            for (int k = 0; k < 25; ++k) { // new
                ids.append(nextName());
                delta.changed.append(newCluster(ids.last(), 2));
            }
            for (int k = 0; k < 40; ++k) // grown
                delta.changed.append(newCluster(ids.at(pick()), 3));
            QElapsedTimer clock;
            clock.start();
            model.applyDelta(delta);
            wall.push_back(double(clock.nsecsElapsed()) / 1e6);
        }
        delete view;
        say("%s, %d clusters:\n",
            shape == 1   ? "the model with the desk's sorted view above (ClusterSortModel)"
            : shape == 2 ? "baseline: the model with QSortFilterProxyModel as the sorted view"
                         : "the model alone",
            model.rowCount());
        say("  filled in deltas of 10,000 new clusters: median %.1f ms, max %.1f ms a delta\n",
            median(fills), *std::max_element(fills.begin(), fills.end()));
        say("  %zu deltas of 80 (10 merged, 5 dissolved, 25 new, 40 grown): median %.2f ms, p99 "
            "%.2f ms, max %.2f ms\n",
            wall.size(), median(wall), quantile(wall, 0.99),
            *std::max_element(wall.begin(), wall.end()));
        say("  %zu sweeps of 2,000 dissolved clusters: median %.1f ms\n", sweeps.size(),
            median(sweeps));
    }
}

// --- 3. GUI-thread gaps under an event stream ---------------------------------------------------

// Order n of the stream, where one order in `resendEvery` is a channel's resend of the order
// before it (the same customer, reference and lines under a new number, minutes later): the
// duplicate clusters the screens list, count and chart.
constexpr qint64 resendEvery = 20;
CanonicalOrder makeStreamOrder(qint64 n, int version = 0) {
    if (n % resendEvery != 0 || n < 2)
        return makeOrder(n, version);
    const CanonicalOrder original = makeOrder(n - 1, version);
    CanonicalOrder o = makeOrder(n, version);
    o.customer = original.customer;
    o.customerRef = original.customerRef;
    o.lines = original.lines;
    o.amountTotal = original.amountTotal;
    o.requestedDate = original.requestedDate;
    o.createdAt = original.createdAt.addSecs(240);
    o.channel = allChannels[(size_t(n / resendEvery)) % allChannels.size()];
    return o;
}

// Builds the changed orders off the GUI thread (what mapping Odoo's records costs), 10 ms apart.
class EventSource final : public QObject {
    Q_OBJECT
public:
    EventSource(qint64 known, int perSecond)
        : m_known(known)
        , m_perTick(std::max(1, perSecond / 100)) {}
    void start() {
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(10);
        connect(m_timer, &QTimer::timeout, this, &EventSource::tick);
        m_clock.start();
        m_timer->start();
    }
    void stop() {
        if (m_timer)
            m_timer->stop();
    }
    std::atomic<qint64> sent{0};
signals:
    void batch(const QList<o2c::CanonicalOrder> &orders);

private:
    void tick() {
        // Catch up when a tick came late, so the rate holds.
        const qint64 due = m_clock.elapsed() * m_perTick / 10;
        QList<CanonicalOrder> orders;
        while (m_made < due) {
            const quint64 h = mix(quint64(m_made) + 99);
            if (h % 4 == 0) // a new order
                orders.append(makeStreamOrder(m_known + ++m_new));
            else // an order moves on a stage
                orders.append(
                    makeStreamOrder(qint64(h % quint64(m_known)) + 1, int((h >> 8) % 3) + 1));
            ++m_made;
        }
        if (!orders.isEmpty()) {
            sent += orders.size();
            emit batch(orders);
        }
    }
    qint64 m_known;
    int m_perTick;
    qint64 m_made = 0, m_new = 0;
    QElapsedTimer m_clock;
    QTimer *m_timer = nullptr;
};

// The GUI thread's clock, shared by the probe and the event timing below.
QElapsedTimer &guiClock() {
    static QElapsedTimer clock = [] {
        QElapsedTimer c;
        c.start();
        return c;
    }();
    return clock;
}

// One stretch of GUI-thread work: a top-level event delivery (a timer, a queued signal, a paint),
// named after what it went to.
struct Span {
    qint64 from, to; // ns on guiClock()
    QByteArray what;
};

// What an event delivered to `receiver` was for, in words a reader of the figures can place:
// the receiver's class, or for a timer its name, its owner or at least its interval.
// Objects whose member timers are named after them: a timer held by value lies inside its
// owner's storage, which places a parentless timer exactly.
struct Owner {
    const void *at;
    size_t size;
    QByteArray name;
};
std::vector<Owner> &owners() {
    static std::vector<Owner> list;
    return list;
}
template<typename T> void nameOwner(const T *object, const char *name) {
    if (object)
        owners().push_back({object, sizeof(T), name});
}

QByteArray describe(const QObject *receiver, const QEvent *event) {
    const QByteArray cls = receiver->metaObject()->className();
    if (const auto *timer = qobject_cast<const QTimer *>(receiver)) {
        const QByteArray every = QByteArray::number(timer->interval()) + " ms";
        if (!timer->objectName().isEmpty())
            return "timer " + timer->objectName().toUtf8() + ", " + every;
        const auto *at = reinterpret_cast<const char *>(timer);
        for (const Owner &o : owners())
            if (at >= static_cast<const char *>(o.at) &&
                at < static_cast<const char *>(o.at) + o.size)
                return "timer of the " + o.name + ", " + every;
        if (const QObject *owner = timer->parent())
            return QByteArray("timer of ") + owner->metaObject()->className() + ", " + every;
        return "unnamed timer, " + every;
    }
    if (event->type() == QEvent::MetaCall)
        return "queued call to " + cls;
    if (event->type() == QEvent::UpdateRequest || event->type() == QEvent::Paint)
        return "painting";
    QByteArray name = cls;
    if (!receiver->objectName().isEmpty())
        name += " " + receiver->objectName().toUtf8();
    return name + " event " + QByteArray::number(int(event->type()));
}

// Times every event the GUI thread delivers at the top level, while recording is on.
class TimedApplication final : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override {
        if (m_recording && m_depth > 0 && m_paintDetail && event->type() == QEvent::Paint &&
            QThread::currentThread() == thread()) {
            // Inside a repaint of the window: each widget's own paint event, by class and name.
            QByteArray what = receiver->metaObject()->className();
            if (const auto *w = qobject_cast<const QWidget *>(receiver)) {
                const QWidget *named = w;
                while (named && named->accessibleName().isEmpty())
                    named = named->parentWidget();
                if (named)
                    what += " in \"" + named->accessibleName().toUtf8() + "\"";
            }
            const qint64 from = guiClock().nsecsElapsed();
            const bool accepted = QApplication::notify(receiver, event);
            const qint64 to = guiClock().nsecsElapsed();
            if (to - from >= 1000000)
                m_spans.push_back({from, to, "  paint of " + what});
            return accepted;
        }
        if (!m_recording || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        // Named before: the receiver may be gone afterwards (a deferred delete).
        QByteArray what = describe(receiver, event);
        const qint64 from = guiClock().nsecsElapsed();
        const bool accepted = QApplication::notify(receiver, event);
        const qint64 to = guiClock().nsecsElapsed();
        --m_depth;
        if (to - from >= 1000000) // 1 ms and more: what can make a gap
            m_spans.push_back({from, to, std::move(what)});
        return accepted;
    }
    void record(bool on) {
        m_recording = on;
        if (on)
            m_spans.clear();
    }
    const std::vector<Span> &spans() const { return m_spans; }

private:
    bool m_recording = false;
    int m_depth = 0;
    const bool m_paintDetail = qEnvironmentVariableIsSet("BENCH_GAPS_DETAIL");
    std::vector<Span> m_spans;
};

TimedApplication *timedApp() {
    return static_cast<TimedApplication *>(QCoreApplication::instance());
}

struct Gaps {
    std::vector<double> gaps;
    std::vector<std::pair<qint64, qint64>> at; // each gap's start and end, ns on guiClock()
    double max() const { return gaps.empty() ? 0 : *std::max_element(gaps.begin(), gaps.end()); }
};

// A 1 ms timer on the GUI thread: the time between two of its timeouts is how long the thread
// was busy with something else.
Gaps probe(int ms) {
    Gaps g;
    QTimer probeTimer;
    probeTimer.setTimerType(Qt::PreciseTimer);
    probeTimer.setInterval(1);
    qint64 last = guiClock().nsecsElapsed();
    QObject::connect(&probeTimer, &QTimer::timeout, [&] {
        const qint64 now = guiClock().nsecsElapsed();
        g.gaps.push_back(double(now - last) / 1e6);
        g.at.emplace_back(last, now);
        last = now;
    });
    probeTimer.start();
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    return g;
}

// The GUI work inside each gap over `threshold` ms, by what it was for: how many such gaps it
// filled most of, the longest of those, and its time in all gaps.
struct GapCause {
    int gaps = 0;
    double longestGapMs = 0, busyMs = 0, longestSpanMs = 0;
};

QMap<QByteArray, GapCause> gapCauses(const Gaps &g, const std::vector<Span> &spans,
                                     double threshold) {
    QMap<QByteArray, GapCause> causes;
    for (size_t i = 0; i < g.gaps.size(); ++i) {
        if (g.gaps[i] <= threshold)
            continue;
        const auto [from, to] = g.at[i];
        QHash<QByteArray, qint64> inside;
        for (const Span &s : spans) {
            const qint64 overlap = std::min(to, s.to) - std::max(from, s.from);
            if (overlap > 0) {
                inside[s.what] += overlap;
                GapCause &c = causes[s.what];
                c.busyMs += double(overlap) / 1e6;
                c.longestSpanMs = std::max(c.longestSpanMs, double(s.to - s.from) / 1e6);
            }
        }
        QByteArray top = "(no single event: the thread was descheduled or busy in between)";
        qint64 most = 0;
        for (auto it = inside.cbegin(); it != inside.cend(); ++it)
            if (it.value() > most) {
                most = it.value();
                top = it.key();
            }
        // A gap mostly not covered by any one event is the machine's, not ours.
        if (double(most) < 0.5 * double(to - from))
            top = "(no single event: the thread was descheduled or busy in between)";
        GapCause &c = causes[top];
        ++c.gaps;
        c.longestGapMs = std::max(c.longestGapMs, g.gaps[i]);
    }
    return causes;
}

odoo::ConnectionProfile benchProfile() {
    odoo::ConnectionProfile p;
    p.name = QStringLiteral("bench");
    p.url = QUrl(QStringLiteral("http://127.0.0.1:9")); // nothing answers: an offline start
    p.database = QStringLiteral("bench");
    p.login = QStringLiteral("planner");
    p.secret = QStringLiteral("x");
    return p;
}

// Gaps longer than this are named after the work that filled them (half the target).
constexpr double gapNamedMs = 25;

struct PageRuns {
    ui::MainWindow::Page page;
    double switchMs = 0; // showing the page (its first fill), a planner's own click
    std::vector<double> maxima, p99s, over50;
    QMap<QByteArray, GapCause> causes; // over all runs
    double longestSpanMs = 0;
    QByteArray longestSpan;
};

// The days the supervisor charts show while run's new orders stream in (numbered from
// `known` on, 30 s apart): the two weeks up to the day of the last of them, so the orders of
// the stream land in the charts' last days and every chart has something new each second.
std::pair<QDate, QDate> chartDays(qint64 known, int perSecond, int seconds) {
    const QDate to =
        makeStreamOrder(known + qint64(perSecond) * seconds / 4 + 1).createdAt.toUTC().date();
    return {to.addDays(-13), to};
}

int chartUpdates(const ui::SupervisorChartsPage *page) {
    int n = 0;
    for (int i = 0; i < ui::SupervisorChartsPage::ChartCount; ++i)
        n += page->updateCount(i);
    return n;
}

// After a run on the charts screen: what the charts show equals a full recomputation over the
// book (so nothing was skipped to save time), and how often the charts were redrawn.
void checkCharts(const OrderBook &book, ui::SupervisorChartsPage *page, int updatesBefore) {
    const int during = chartUpdates(page) - updatesBefore;
    page->refresh();
    const ui::SupervisorFigures &shown = page->figures();
    const ui::SupervisorFigures full =
        ui::SupervisorFigures::compute(book, nullptr, shown.from, shown.to);
    bool same = shown.days == full.days && shown.orders == full.orders &&
                shown.backlog == full.backlog &&
                qAbs(shown.totalValueAtRisk() - full.totalValueAtRisk()) < 1e-6;
    for (Channel c : allChannels)
        same &= shown.duplicatesPerChannel.value(c) == full.duplicatesPerChannel.value(c);
    int bars = 0;
    for (int i = 0; i < ui::SupervisorChartsPage::ChartCount; ++i)
        bars += page->pointCount(i);
    say("  charts %s to %s: %d duplicates, %lld orders in the range, %d points and bars shown; "
        "%s a full recomputation; a chart was updated %d times in the run\n",
        qPrintable(shown.from.toString(Qt::ISODate)), qPrintable(shown.to.toString(Qt::ISODate)),
        shown.totalDuplicates(),
        qint64(std::accumulate(shown.orders.cbegin(), shown.orders.cend(), qint64(0))), bars,
        same ? "equal to" : "DIFFERENT FROM", during);
}

// One run: `seconds` of the event stream into the book while the 1 ms probe runs.
void gapRun(OrderBook &book, PageRuns &pr, qint64 known, int perSecond, int seconds, int run,
            qint64 &applied, ui::SupervisorChartsPage *charts) {
    int chartsBefore = 0;
    if (charts) {
        const auto [from, to] = chartDays(known, perSecond, seconds);
        if (charts->figures().to != to) {
            charts->setRange(from, to);
            waitFor([] { return false; }, 300); // laid out and painted before the probe runs
        }
        chartsBefore = chartUpdates(charts);
    }
    std::vector<double> upsertMs;
    QThread thread;
    EventSource source(known, perSecond);
    source.moveToThread(&thread);
    QObject::connect(&source, &EventSource::batch, &book, [&](const QList<CanonicalOrder> &orders) {
        QElapsedTimer u;
        u.start();
        book.upsert(orders);
        upsertMs.push_back(double(u.nsecsElapsed()) / 1e6);
        applied += orders.size();
    });
    thread.start();
    QMetaObject::invokeMethod(&source, &EventSource::start);
    timedApp()->record(true);
    const Gaps g = probe(seconds * 1000);
    timedApp()->record(false);
    QMetaObject::invokeMethod(&source, &EventSource::stop, Qt::BlockingQueuedConnection);
    thread.quit();
    thread.wait();
    waitFor([] { return false; }, 300); // drain what is queued

    if (charts)
        checkCharts(book, charts, chartsBefore);
    pr.maxima.push_back(g.max());
    pr.p99s.push_back(quantile(g.gaps, 0.99));
    pr.over50.push_back(
        double(std::count_if(g.gaps.begin(), g.gaps.end(), [](double x) { return x > 50; })));
    say("  run %d: %lld events sent, longest gap %.1f ms, p99 %.2f ms, gaps over 50 ms: %.0f; "
        "%zu batches into the book, median %.2f ms, longest %.1f ms each (signals to the views "
        "included)\n",
        run + 1, qint64(source.sent), g.max(), quantile(g.gaps, 0.99), pr.over50.back(),
        upsertMs.size(), median(upsertMs),
        upsertMs.empty() ? 0.0 : *std::max_element(upsertMs.begin(), upsertMs.end()));
    if (qEnvironmentVariableIsSet("BENCH_GAPS_DETAIL")) {
        // Every kind of GUI work of 1 ms and more in this run.
        QMap<QByteArray, std::vector<double>> work;
        for (const Span &sp : timedApp()->spans())
            work[sp.what].push_back(double(sp.to - sp.from) / 1e6);
        for (auto it = work.cbegin(); it != work.cend(); ++it) {
            double total = 0;
            for (double x : it.value())
                total += x;
            say("    %-64s %6zu x, median %6.1f ms, longest %6.1f ms, total %6.0f ms\n",
                it.key().constData(), it.value().size(), median(it.value()),
                *std::max_element(it->cbegin(), it->cend()), total);
        }
    }
    for (const Span &sp : timedApp()->spans())
        if (double(sp.to - sp.from) / 1e6 > pr.longestSpanMs) {
            pr.longestSpanMs = double(sp.to - sp.from) / 1e6;
            pr.longestSpan = sp.what;
        }
    const QMap<QByteArray, GapCause> causes = gapCauses(g, timedApp()->spans(), gapNamedMs);
    for (auto it = causes.cbegin(); it != causes.cend(); ++it) {
        GapCause &c = pr.causes[it.key()];
        c.gaps += it->gaps;
        c.longestGapMs = std::max(c.longestGapMs, it->longestGapMs);
    }
}

const char *pageName(ui::MainWindow::Page page) {
    static QByteArray names[8];
    QByteArray &n = names[int(page) % 8];
    if (n.isEmpty())
        n = ui::MainWindow::pageKey(page).toUtf8();
    return n.constData();
}

void benchGaps(qint64 known, int perSecond, int seconds, int runs,
               const QList<ui::MainWindow::Page> &pages, bool windowFirst) {
    say("\n== 3. GUI thread under %d order events/s for %d s (main window, %lld orders) ==\n",
        perSecond, seconds, known);
    say("each screen gets a book and a window of its own, so every one meets the same %lld "
        "orders; one order in %lld is a resend of the one before\n",
        known, resendEvery);
    std::vector<PageRuns> results;
    std::vector<double> idleMax, idleP99;
    qint64 applied = 0;
    for (ui::MainWindow::Page page : pages) {
        OrderBook book;
        // Sized as the start path sizes it from the local store's count (half again as
        // headroom), plus the orders this stream adds.
        book.reserve(known + known / 2 + 20000 + qint64(runs) * perSecond * seconds / 4);
        QElapsedTimer t;
        t.start();
        // As the cockpit starts (--window-first): the window is up on an empty book and follows
        // the orders as they are read; otherwise it is made on the loaded book.
        std::unique_ptr<ui::MainWindow> made;
        const auto makeWindow = [&] {
            made = std::make_unique<ui::MainWindow>(&book, nullptr, nullptr, benchProfile());
            made->resize(1400, 860);
            made->show();
        };
        if (windowFirst)
            makeWindow();
        const qint64 firstWindowMs = t.restart();
        double longestChunkMs = 0;
        for (qint64 from = 1; from <= known; from += 10000) {
            QList<CanonicalOrder> chunk;
            for (qint64 n = from; n < std::min(known + 1, from + 10000); ++n)
                chunk.append(makeStreamOrder(n));
            QElapsedTimer c;
            c.start();
            book.upsert(chunk);
            if (windowFirst)
                QCoreApplication::processEvents(); // the views take the chunk in
            longestChunkMs = std::max(longestChunkMs, double(c.nsecsElapsed()) / 1e6);
        }
        const qint64 loadMs = t.restart();
        if (!windowFirst)
            makeWindow();
        ui::MainWindow &window = *made;
        const qint64 windowMs = windowFirst ? firstWindowMs : t.elapsed();
        if (windowFirst)
            say("screen %s: the window made on the empty book in %lld ms, then %lld orders read "
                "into it in chunks of 10,000: %lld ms, the longest chunk (book and views) %.1f "
                "ms\n",
                pageName(page), firstWindowMs, known, loadMs, longestChunkMs);
        owners().clear();
        nameOwner(&window, "main window (MainWindow)");
        nameOwner(qobject_cast<ui::OrderFilterModel *>(window.orderTable()->model()),
                  "order table's filter (OrderFilterModel)");
        nameOwner(window.flowBoard(), "flow board (FlowBoardWidget)");
        waitFor([] { return false; }, 1500);
        const Gaps idle = probe(2000);
        idleMax.push_back(idle.max());
        idleP99.push_back(quantile(idle.gaps, 0.99));

        PageRuns pr;
        pr.page = page;
        // The charts screen over the days the first run's orders arrive on (set while the
        // screen is shown: the first fill of its figures and charts is part of showing it).
        ui::SupervisorChartsPage *charts =
            page == ui::MainWindow::Page::Charts ? window.chartsPage() : nullptr;
        QElapsedTimer s;
        s.start();
        const qint64 switchCpu = platform::threadCpuNs();
        if (charts) {
            const auto [from, to] = chartDays(known, perSecond, seconds);
            charts->setRange(from, to);
        }
        window.showPage(page);
        QCoreApplication::processEvents();
        pr.switchMs = double(s.nsecsElapsed()) / 1e6;
        const double switchCpuMs = double(platform::threadCpuNs() - switchCpu) / 1e6;
        say("screen %s: book loaded in %lld ms, window built in %lld ms (%d duplicate clusters), "
            "idle window max gap %.1f ms, p99 %.2f ms; the screen shown in %.1f ms (%.1f ms of "
            "the GUI thread's CPU)\n",
            pageName(page), loadMs, windowMs, window.clusterModel()->rowCount(), idle.max(),
            quantile(idle.gaps, 0.99), pr.switchMs, switchCpuMs);
        waitFor([] { return false; }, 500);
        qint64 next = known;
        for (int run = 0; run < runs; ++run) {
            gapRun(book, pr, next, perSecond, seconds, run, applied, charts);
            next += qint64(perSecond) * seconds;
        }
        say("  median over %d runs: longest gap %.1f ms, p99 %.2f ms (ratio to its idle window "
            "%.1fx, %.1fx); longest single piece of work: %.1f ms in %s; book now %lld orders\n",
            runs, median(pr.maxima), median(pr.p99s),
            idle.max() > 0 ? median(pr.maxima) / idle.max() : 0,
            quantile(idle.gaps, 0.99) > 0 ? median(pr.p99s) / quantile(idle.gaps, 0.99) : 0,
            pr.longestSpanMs, pr.longestSpan.isEmpty() ? "-" : pr.longestSpan.constData(),
            qint64(book.size()));
        for (auto it = pr.causes.cbegin(); it != pr.causes.cend(); ++it)
            if (it->gaps > 0)
                say("  gaps over %.0f ms in %s: %d (longest %.1f ms)\n", gapNamedMs,
                    it.key().constData(), it->gaps, it->longestGapMs);
        results.push_back(std::move(pr));
        owners().clear();
    }
    const double idleLongest = median(idleMax), idleP = median(idleP99);
    say("\nscreen           longest gap   p99 gap   ratio to idle (longest, p99)   (median over %d "
        "runs of %d s; target: never over 50 ms)\n",
        runs, seconds);
    for (const PageRuns &pr : results)
        say("%-14s %10.1f ms %7.2f ms   %6.1fx %6.1fx\n", pageName(pr.page), median(pr.maxima),
            median(pr.p99s), idleLongest > 0 ? median(pr.maxima) / idleLongest : 0,
            idleP > 0 ? median(pr.p99s) / idleP : 0);
    say("%lld events applied; idle windows: max gap %.1f ms, p99 %.2f ms (medians)\n", applied,
        idleLongest, idleP);
}

// --- 4. start to interactive --------------------------------------------------------------------

struct StartFigures {
    double interactiveMs = -1, allLoadedMs = -1, longestGapMs = 0;
    int firstScreenRows = 0;
};

// The cockpit's start path (app/cockpit/main.cpp): session, main window shown, local store read
// into the book, the sync started once it is read.
StartFigures startOnce(const QString &storePath) {
    StartFigures f;
    QElapsedTimer clock;
    clock.start();
    CockpitSession session(benchProfile());
    ui::MainWindow window(session.book(), session.sync(), session.holds(), session.profile());
    LocalOrderStore store(storePath);
    window.setLocalStore(&store);
    window.resize(1400, 860);
    window.show();
    QObject::connect(&store, &LocalOrderStore::restored, &session, [&](qsizetype) {
        f.allLoadedMs = double(clock.nsecsElapsed()) / 1e6;
        session.start();
    });
    // The longest pause of the event loop from now until everything is read.
    QTimer probeTimer;
    probeTimer.setTimerType(Qt::PreciseTimer);
    probeTimer.setInterval(1);
    qint64 lastTick = clock.nsecsElapsed();
    QObject::connect(&probeTimer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (f.allLoadedMs < 0)
            f.longestGapMs = std::max(f.longestGapMs, double(now - lastTick) / 1e6);
        lastTick = now;
    });
    probeTimer.start();
    store.restoreInto(session.book(), session.sync());
    const bool expectsOrders = QFileInfo(storePath).size() > 64 * 1024;
    // Interactive: the first screen shows orders (or the store said it has none) and a posted
    // event is answered within 50 ms.
    while (f.interactiveMs < 0 && clock.elapsed() < 60000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        const bool shown = window.isVisible() && (window.orderTable()->model()->rowCount() > 0 ||
                                                  (!expectsOrders && f.allLoadedMs >= 0));
        if (!shown)
            continue;
        paint(window.orderTable());
        QElapsedTimer answer;
        answer.start();
        bool answered = false;
        QTimer::singleShot(0, &window, [&] { answered = true; });
        while (!answered)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        if (answer.elapsed() <= 50) {
            f.interactiveMs = double(clock.nsecsElapsed()) / 1e6;
            f.firstScreenRows = window.orderTable()->model()->rowCount();
        }
    }
    waitFor([&] { return f.allLoadedMs >= 0; }, 60000);
    return f;
}

void benchStart(int orders, int runs) {
    say("\n== 4. Start to interactive with %d orders in the local order store ==\n", orders);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("orders.sqlite"));
    const QString empty = dir.filePath(QStringLiteral("empty.sqlite"));
    {
        QElapsedTimer t;
        t.start();
        LocalOrderStore store(path);
        for (int from = 1; from <= orders; from += 10000) {
            QList<CanonicalOrder> chunk;
            for (int n = from; n < std::min(orders + 1, from + 10000); ++n)
                chunk.append(makeOrder(n));
            odoo::SyncCheckpoint records;
            for (const CanonicalOrder &o : std::as_const(chunk))
                bench::addRecords(records, o);
            if (from + 10000 > orders)
                records.cursors.insert(
                    QStringLiteral("sale.order"),
                    chunk.last().writeDate.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
            store.saveOrders(chunk);
            store.saveSync(records);
            store.flush();
        }
        say("store written in %lld ms, %.1f MB\n", qint64(t.elapsed()),
            double(QFileInfo(path).size()) / 1e6);
    }
    std::vector<double> interactive, loaded, base, gaps;
    int rows = 0;
    for (int run = 0; run < runs; ++run) {
        const StartFigures f = startOnce(path);
        const StartFigures b = startOnce(empty);
        interactive.push_back(f.interactiveMs);
        loaded.push_back(f.allLoadedMs);
        base.push_back(b.interactiveMs);
        gaps.push_back(f.longestGapMs);
        rows = f.firstScreenRows;
        say("run %d: interactive after %.0f ms (%d orders on the first screen), all %d orders and "
            "the sync's records read after %.0f ms, longest event-loop pause meanwhile %.0f ms; "
            "empty store: %.0f ms\n",
            run + 1, f.interactiveMs, f.firstScreenRows, orders, f.allLoadedMs, f.longestGapMs,
            b.interactiveMs);
    }
    say("median over %d runs: interactive %.0f ms (target <= 2000 ms; first screen %d orders), "
        "everything read %.0f ms; the same start with an empty store %.0f ms (ratio %.1f)\n",
        runs, median(interactive), rows, median(loaded), median(base),
        median(base) > 0 ? median(interactive) / median(base) : 0);
    say("longest event-loop pause while the store is read: median %.0f ms\n", median(gaps));
    say("(in process: the program's own start, its libraries and QApplication, come on top)\n");
}

} // namespace

int main(int argc, char **argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen")
                                                                    : qgetenv("QT_QPA_PLATFORM"));
    TimedApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("o2c-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_ui"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    qint64 orders = 1000000, gapOrders = 100000;
    int runs = 3, perSecond = 5000, seconds = 10, storeOrders = 100000, baselineRuns = 3;
    int foldChanges = 500, clusters = 121000;
    bool shapeBaselines = false;
    bool windowFirst = false;
    QStringList only = {QStringLiteral("filter"), QStringLiteral("scroll"), QStringLiteral("fold"),
                        QStringLiteral("gaps"), QStringLiteral("start")};
    // Every screen by default: each keeps its figures live while the stream runs.
    QList<ui::MainWindow::Page> gapPages;
    for (int p = 0; p <= int(ui::MainWindow::Page::Settings); ++p)
        gapPages.append(ui::MainWindow::Page(p));
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        const QString &k = args.at(i);
        const QString &v = args.at(i + 1);
        if (k == QLatin1String("--orders"))
            orders = v.toLongLong();
        else if (k == QLatin1String("--runs"))
            runs = v.toInt();
        else if (k == QLatin1String("--events-per-second"))
            perSecond = v.toInt();
        else if (k == QLatin1String("--seconds"))
            seconds = v.toInt();
        else if (k == QLatin1String("--gap-orders"))
            gapOrders = v.toLongLong();
        else if (k == QLatin1String("--store-orders"))
            storeOrders = v.toInt();
        else if (k == QLatin1String("--fold-changes"))
            foldChanges = std::max(1, v.toInt());
        else if (k == QLatin1String("--clusters"))
            clusters = std::max(100, v.toInt());
        else if (k == QLatin1String("--baseline-runs"))
            baselineRuns = v.toInt();
        else if (k == QLatin1String("--shape-baselines"))
            shapeBaselines = v.toInt() != 0;
        else if (k == QLatin1String("--window-first"))
            windowFirst = v.toInt() != 0;
        else if (k == QLatin1String("--gap-pages")) {
            gapPages.clear();
            for (const QString &key : v.split(QLatin1Char(','))) {
                const auto page = ui::MainWindow::pageFromKey(key);
                if (!page) {
                    std::fprintf(stderr, "unknown screen %s\n", qPrintable(key));
                    return 2;
                }
                gapPages.append(*page);
            }
        } else if (k == QLatin1String("--only"))
            only = v.split(QLatin1Char(','));
        else {
            std::fprintf(stderr, "unknown option %s\n", qPrintable(k));
            return 2;
        }
    }
    say("bench_ui: %d CPU threads; a shared machine, so every figure is a median over runs\n",
        QThread::idealThreadCount());
    if (only.contains(QLatin1String("filter")) || only.contains(QLatin1String("scroll")) ||
        only.contains(QLatin1String("fold"))) {
        Table table;
        QElapsedTimer t;
        t.start();
        table.fill(orders);
        say("order table filled with %lld orders in %lld ms\n", orders, qint64(t.elapsed()));
        if (only.contains(QLatin1String("filter")))
            benchFilter(table, runs, baselineRuns, shapeBaselines);
        if (only.contains(QLatin1String("scroll")))
            benchScroll(table, runs);
        if (only.contains(QLatin1String("fold"))) // last: it adds and changes orders
            benchFold(table, runs, foldChanges);
    }
    if (only.contains(QLatin1String("fold")))
        benchClusterDeltas(clusters, runs);
    if (only.contains(QLatin1String("gaps")))
        benchGaps(gapOrders, perSecond, seconds, runs, gapPages, windowFirst);
    if (only.contains(QLatin1String("start")))
        benchStart(storeOrders, runs);
    return 0;
}

#include "bench_ui.moc"
