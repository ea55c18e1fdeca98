// SPDX-License-Identifier: GPL-3.0-or-later
// bench_rules_change: how long the order book takes to put new duplicate rules in force
// (OrderBook::setDuplicateRules: a fresh engine takes in every order, the clusters are listed for
// the views), against the baseline of loading the same orders into a bare engine in one batch
// scan, measured in the same run. Medians of several runs; this machine is shared and noisy.

#include "dedup/DuplicateEngine.h"
#include "demand/DemandGenerator.h"
#include "flow/OrderBook.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace o2c;
using o2c::sim::DemandGenerator;

namespace {
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    qint64 count = 100000;
    int runs = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--orders") && i + 1 < args.size())
            count = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--runs") && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else {
            std::printf("usage: bench_rules_change [--orders N] [--runs R]\n");
            return 2;
        }
    }

    const QDateTime start(QDate(2026, 1, 5), QTime(6, 0), Qt::UTC);
    DemandGenerator gen(42, start, 120.0);
    std::vector<CanonicalOrder> orders;
    orders.reserve(size_t(count));
    for (qint64 i = 0; i < count; ++i)
        orders.push_back(gen.next().order);

    OrderBook book;
    book.reserve(count);
    int deltas = 0;
    QObject::connect(&book, &OrderBook::clustersChanged, [&](const ClusterDelta &) { ++deltas; });
    constexpr qsizetype batch = 5000;
    for (qsizetype i = 0; i < qsizetype(orders.size()); i += batch)
        book.upsert(QList<CanonicalOrder>(
            orders.begin() + i, orders.begin() + std::min(i + batch, qsizetype(orders.size()))));
    std::printf(
        "rules change benchmark: %lld orders in the book, %lld resident in the engine, "
        "%lld clusters under the built-in rules; %d runs, medians\n",
        count, qlonglong(book.duplicates().orderCount()),
        qlonglong(book.duplicates().clusters(DuplicateEngine::EvidenceText::Deferred).size()),
        runs);

    std::vector<double> baseline, rebuild, listing;
    qsizetype clusters = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        {
            DuplicateEngine engine(DuplicateRules::defaults());
            engine.reserve(count);
            engine.ingest(std::span<const CanonicalOrder>(orders.data(), orders.size()));
            baseline.push_back(double(t.nsecsElapsed()) / 1e6);
        }

        DuplicateRules rules = DuplicateRules::defaults();
        rules.weights.suspectThreshold = r % 2 ? 1.0 : 2.0; // a lead raising and lowering it
        t.restart();
        book.setDuplicateRules(rules);
        rebuild.push_back(double(t.nsecsElapsed()) / 1e6);
        t.restart();
        clusters = book.duplicates().clusters().size(); // with the words, as the delta has them
        listing.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    const double b = median(baseline), m = median(rebuild);
    std::printf("engine batch scan (baseline):  %8.1f ms\n", b);
    std::printf("OrderBook::setDuplicateRules:  %8.1f ms  (%.2fx the baseline; %lld clusters "
                "after the last change)\n",
                m, b > 0 ? m / b : 0.0, qlonglong(clusters));
    std::printf("  of which listing the clusters with their evidence words: %8.1f ms\n",
                median(listing));
    return deltas > 0 ? 0 : 1;
}
