// SPDX-License-Identifier: GPL-3.0-or-later
// bench_rules_change: what putting new duplicate rules in force costs the GUI thread of a
// running cockpit. The baseline, measured in the same run, is the former synchronous rebuild
// (sort the book's orders, a fresh engine takes them in batches, both cluster listings, all on
// the calling thread: the window frozen for all of it). Against it, OrderBook::setDuplicateRules
// as it is now (copy in slices, rebuild on a worker thread, swap), while orders keep arriving at
// --events per second and a 1 ms timer probes the gaps between GUI-thread events. Medians of
// several runs; this machine is shared and noisy.

#include "dedup/DuplicateEngine.h"
#include "demand/DemandGenerator.h"
#include "flow/OrderBook.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace o2c;
using o2c::sim::DemandGenerator;

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
double ms(const QElapsedTimer &t) {
    return double(t.nsecsElapsed()) / 1e6;
}

// The longest gap between two ticks of a 1 ms timer, less the 1 ms: how long the GUI thread
// could not handle an event.
struct PauseProbe {
    QTimer timer;
    QElapsedTimer clock;
    qint64 last = 0;
    double longest = 0;
    bool verbose = false;
    PauseProbe() {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(1);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            const double gap = double(now - last) / 1e6 - 1.0;
            if (verbose && gap > 30)
                std::printf("    pause of %.1f ms ending at %.1f ms\n", gap, double(now) / 1e6);
            longest = std::max(longest, gap);
            last = now;
        });
    }
    void start() {
        longest = 0;
        clock.start();
        last = 0;
        timer.start();
    }
    double stop() {
        timer.stop();
        const double tail = double(clock.nsecsElapsed() - last) / 1e6 - 1.0;
        if (verbose && tail > 30)
            std::printf("    pause of %.1f ms at the end\n", tail);
        return std::max(longest, tail);
    }
};

// The former OrderBook::setDuplicateRules, step by step, on this thread.
qsizetype synchronousRebuild(const OrderBook &book, const DuplicateRules &rules) {
    DuplicateEngine engine(rules);
    engine.reserve(book.size());
    const QList<const CanonicalOrder *> all = book.orders();
    std::vector<std::pair<qint64, const CanonicalOrder *>> sorted;
    sorted.reserve(size_t(all.size()));
    for (const CanonicalOrder *o : all)
        sorted.emplace_back(o->createdAt.toMSecsSinceEpoch(), o);
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
    });
    constexpr size_t batch = 4096;
    std::vector<CanonicalOrder> chunk;
    for (size_t i = 0; i < sorted.size(); i += batch) {
        chunk.clear();
        for (size_t j = i; j < std::min(sorted.size(), i + batch); ++j)
            chunk.push_back(*sorted[j].second);
        engine.ingest(std::span<const CanonicalOrder>(chunk.data(), chunk.size()));
    }
    const QList<DuplicateCluster> before =
        book.duplicates().clusters(DuplicateEngine::EvidenceText::Deferred);
    const QList<DuplicateCluster> after = engine.clusters();
    (void)before; // listed for the delta, as the former code did
    return after.size();
}
} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    qint64 count = 100000;
    int runs = 5;
    int eventsPerSecond = 5000;
    bool verbose = false; // every pause over 30 ms, and each run's figures
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--orders") && i + 1 < args.size())
            count = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--verbose"))
            verbose = true;
        else if (args[i] == QLatin1String("--events") && i + 1 < args.size())
            eventsPerSecond = std::max(0, args[++i].toInt());
        else {
            std::printf(
                "usage: bench_rules_change [--orders N] [--runs R] [--events PER_SECOND]\n");
            return 2;
        }
    }

    // The book's orders within 60 days, so that all of them are resident in the engine (its
    // retention is 90 days): 120 demands an hour, more for a larger book.
    const QDateTime start(QDate(2026, 1, 5), QTime(6, 0), Qt::UTC);
    DemandGenerator gen(42, start, std::max(120.0, double(count) / (60 * 24)));
    OrderBook book;
    // Room for the orders that keep arriving during the runs, as the start path makes room for
    // the local store's orders with headroom: a growing index would pause the window by itself.
    book.reserve(count + qint64(eventsPerSecond) * (10 + runs * (4 + count / 50000)));
    int deltas = 0;
    QObject::connect(&book, &OrderBook::clustersChanged, [&](const ClusterDelta &) { ++deltas; });
    {
        constexpr qint64 batch = 5000;
        QList<CanonicalOrder> orders;
        for (qint64 i = 0; i < count; ++i) {
            orders.append(gen.next().order);
            if (orders.size() == batch || i + 1 == count) {
                book.upsert(orders);
                orders.clear();
            }
        }
    }
    std::printf(
        "rules change benchmark: %lld orders in the book, %lld resident in the engine, "
        "%lld clusters under the built-in rules; %d runs, medians; %d incoming orders/s during "
        "each rebuild\n",
        count, qlonglong(book.duplicates().orderCount()),
        qlonglong(book.duplicates().clusters(DuplicateEngine::EvidenceText::Deferred).size()), runs,
        eventsPerSecond);

    // Incoming orders, as the sync would hand them over, a batch every 10 ms: half of them new
    // orders, half a change of a recent one (confirmed, its total corrected).
    std::vector<CanonicalOrder> recent;
    {
        const QList<const CanonicalOrder *> all = book.orders();
        for (qsizetype i = std::max<qsizetype>(0, all.size() - 20000); i < all.size(); ++i)
            recent.push_back(*all[i]);
    }
    qint64 changes = 0;
    QTimer feed;
    feed.setTimerType(Qt::PreciseTimer);
    feed.setInterval(10);
    QElapsedTimer fed;
    qint64 sent = 0;
    QObject::connect(&feed, &QTimer::timeout, [&] {
        const qint64 due = fed.elapsed() * eventsPerSecond / 1000;
        QList<CanonicalOrder> batch;
        for (; sent < due; ++sent) {
            if (sent % 2 == 0 || recent.empty()) {
                batch.append(gen.next().order);
                continue;
            }
            CanonicalOrder &o = recent[size_t(++changes * 7919) % recent.size()];
            o.amountTotal = std::round(o.amountTotal * 101) / 100;
            o.stage = OrderStage::Confirmed;
            o.saleState = QStringLiteral("sale");
            batch.append(o);
        }
        QElapsedTimer u;
        u.start();
        book.upsert(batch);
        if (verbose && u.elapsed() > 30)
            std::printf("    upsert of %lld orders took %lld ms (%s)\n", qlonglong(batch.size()),
                        qlonglong(u.elapsed()),
                        book.applyingDuplicateRules() ? "during a change" : "rules in force");
    });
    const auto startFeed = [&] {
        sent = 0;
        fed.start();
        if (eventsPerSecond > 0)
            feed.start();
    };

    PauseProbe probe;
    probe.verbose = verbose;
    // The same feed without a change of rules: the pauses orders alone cause.
    std::vector<double> idlePause;
    for (int r = 0; r < std::min(runs, 3); ++r) {
        QEventLoop loop;
        startFeed();
        probe.start();
        QTimer::singleShot(2000, &loop, &QEventLoop::quit);
        loop.exec();
        idlePause.push_back(probe.stop());
        feed.stop();
    }

    std::vector<double> baseline, pause, total, swap, worker, slice, tail, replayed, carried;
    qsizetype clusters = 0;
    for (int r = 0; r < runs; ++r) {
        DuplicateRules rules = DuplicateRules::defaults();
        rules.weights.suspectThreshold = r % 2 ? 1.0 : 2.0; // a lead raising and lowering it

        QElapsedTimer t;
        t.start();
        clusters = synchronousRebuild(book, rules);
        baseline.push_back(ms(t));

        QEventLoop loop;
        QObject::connect(&book, &OrderBook::duplicateRulesApplied, &loop, &QEventLoop::quit);
        startFeed();
        probe.start();
        book.setDuplicateRules(rules);
        loop.exec();
        pause.push_back(probe.stop());
        feed.stop();
        const OrderBook::RulesChangeFigures f = book.lastRulesChange();
        if (verbose)
            std::printf(
                "  run %d: baseline %.1f ms; pause %.1f ms; start %.1f ms, copy %d slices "
                "(longest %.1f ms), worker %.1f ms (%d more rounds), swap %.1f ms (%lld changes "
                "replayed), total %.1f ms; %lld of %lld clusters sent\n",
                r, baseline.back(), pause.back(), f.startMs, f.slices, f.longestSliceMs, f.workerMs,
                f.rounds, f.swapMs, qlonglong(f.tail), f.totalMs, qlonglong(f.sent),
                qlonglong(f.clusters));
        total.push_back(f.totalMs);
        swap.push_back(f.swapMs);
        worker.push_back(f.workerMs);
        slice.push_back(f.longestSliceMs);
        tail.push_back(double(f.tail));
        replayed.push_back(double(f.replayed));
        carried.push_back(f.clusters ? 100.0 * double(f.carried) / double(f.clusters) : 0);
        clusters = f.clusters;
    }
    const double b = median(baseline), p = median(pause);
    std::printf("former synchronous rebuild (baseline): GUI thread blocked %8.1f ms\n", b);
    std::printf("OrderBook::setDuplicateRules now:\n");
    std::printf("  longest GUI-thread pause during the change: %8.1f ms  (%.1fx shorter than "
                "the baseline; %.1f ms with the same orders arriving and no change)\n",
                p, p > 0 ? b / p : 0.0, median(idlePause));
    std::printf("  from the call to the rules in force:        %8.1f ms  (%.2fx the baseline)\n",
                median(total), b > 0 ? median(total) / b : 0.0);
    std::printf("  worker thread (take in, carry ids, list with words, replay): %8.1f ms\n",
                median(worker));
    std::printf("  longest slice of the copy of the orders:    %8.1f ms\n", median(slice));
    std::printf("  swap step on the GUI thread:                %8.1f ms  (%.0f journaled changes "
                "replayed there, %.0f by the worker)\n",
                median(swap), median(tail), median(replayed));
    std::printf("  clusters after the last change: %lld, %.1f %% of them kept an old id\n",
                qlonglong(clusters), median(carried));
    return deltas > 0 ? 0 : 1;
}
