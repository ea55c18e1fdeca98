// SPDX-License-Identifier: GPL-3.0-or-later
// Duplicate engine benchmark: full-scan throughput, incremental latency and memory at a million
// resident orders, and the SQL self-join an integrator would otherwise write (SQLite and
// PostgreSQL), with pairwise precision and recall of both on the same labeled data.
//
//   bench_dedup [--orders N] [--incremental K] [--seed S] [--no-postgres] [--engine-only]
//               [--one-by-one] [--no-two-cores] [--retention-days D] [--no-retention]
//               [--retention-only] [--scan-only R]
#include "dedup/DuplicateEngine.h"
#include "demand/DemandGenerator.h"
#include "platform/Platform.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#include <time.h>
#include <unistd.h>
#endif

using namespace o2c;
using namespace o2c::sim;

namespace {

const QDateTime start(QDate(2025, 1, 6), QTime(6, 0), Qt::UTC);
constexpr double demandsPerHour = 120.0;
constexpr qint64 baselineWindowSecs = 2 * 86400;

// The default mix plus re-entries on partner records with a mistyped name (as in the quality
// suite).
DemandMix benchMix() {
    DemandMix mix;
    mix.mistypedRecordShare = 0.3;
    return mix;
}

qint64 heapInUse() {
#if defined(__GLIBC__)
    malloc_trim(0);
    const struct mallinfo2 mi = mallinfo2();
    return qint64(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

// CPU time of the calling thread: on a shared machine the wall clock also counts the time other
// processes held the core.
double cpuSeconds() {
    return double(platform::threadCpuNs()) / 1e9;
}

// CPU time of all threads of this process: the two-core scan's own thread and its helper.
double processCpuSeconds() {
    return double(platform::processCpuNs()) / 1e9;
}

struct Quality {
    qint64 predicted = 0, correct = 0, truth = 0;
    double precision() const { return predicted ? double(correct) / double(predicted) : 0; }
    double recall() const { return truth ? double(correct) / double(truth) : 0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
};

void print(const char *fmt, auto... args) {
    std::printf(fmt, args...);
    std::fflush(stdout);
}

bool exec(QSqlQuery &q, const QString &sql) {
    if (!q.exec(sql)) {
        print("  SQL failed: %s\n  %s\n", qPrintable(q.lastError().text()),
              qPrintable(sql.left(200)));
        return false;
    }
    return true;
}

struct Row {
    QString id;
    qint64 customer;
    QString ref;
    double total;
    qint64 created;
    qint64 truth;
};

// "D-0000123" (a demand) and "D-0000123-2" (a look-alike of it, a demand of its own) as numbers.
qint64 truthNumber(const QString &group) {
    const QStringList parts = group.split(u'-');
    return parts.value(1).toLongLong() * 100 + parts.value(2).toLongLong();
}

Row rowOf(const GeneratedOrder &g) {
    return Row{
        g.order.id,          g.order.customer.partnerId,           g.order.normalizedRef(),
        g.order.amountTotal, g.order.createdAt.toSecsSinceEpoch(), truthNumber(g.truthGroup)};
}

// What the engine took, wall and thread CPU: the scan, listing the clusters with members, kind
// and score (the self-join's kind of result), and listing them with the evidence in words.
struct EngineTimes {
    double scanWall = 0, scanCpu = 0, clustersWall = 0, clustersCpu = 0, wordsWall = 0,
           wordsCpu = 0;
    // The two-core scan (ingest with ScanThreads::Two) and its cluster listing; CPU of both
    // threads. Negative when not run.
    double twoWall = -1, twoCpu = -1;
    double wall() const { return scanWall + clustersWall; }
    double cpu() const { return scanCpu + clustersCpu; }
};

// CPU seconds a local PostgreSQL spent for this session: the backend's own time plus what the
// postmaster collected from children that ended meanwhile (the parallel workers of the query,
// but also any other session on the server that closed during it). Linux only; -1 elsewhere or
// when the server is not on this machine.
struct PgCpu {
    double backend = -1, reaped = -1;
};
PgCpu pgCpuOf(qint64 backendPid) {
    PgCpu out;
#if defined(__linux__)
    const auto fields = [](qint64 pid) {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            return QList<QByteArray>();
        const QByteArray line = f.readAll();
        const qsizetype close = line.lastIndexOf(')'); // the command name may hold blanks
        return close < 0 ? QList<QByteArray>() : line.mid(close + 2).split(' ');
    };
    const double tick = double(sysconf(_SC_CLK_TCK));
    const QList<QByteArray> b = fields(backendPid);
    if (b.size() < 15)
        return out;
    // After the ')': state ppid ... utime is field 14 of the line, index 11 here.
    out.backend = (b[11].toDouble() + b[12].toDouble()) / tick;
    const QList<QByteArray> pm = fields(b[1].toLongLong());
    if (pm.size() >= 15)
        out.reaped = (pm[13].toDouble() + pm[14].toDouble()) / tick;
#else
    Q_UNUSED(backendPid);
#endif
    return out;
}

// Loads the same stream into `db`, runs the self-join, and scores it. Returns false when the
// database could not be used.
bool runBaseline(QSqlDatabase db, const char *label, quint64 seed, qint64 count,
                 const EngineTimes &engine, const Quality &engineQuality) {
    QSqlQuery q(db);
    const bool pg = db.driverName() == QLatin1String("QPSQL");
    qint64 backendPid = 0;
    if (pg && exec(q, QStringLiteral("SELECT pg_backend_pid()")) && q.next())
        backendPid = q.value(0).toLongLong();
    exec(q, QStringLiteral("DROP TABLE IF EXISTS dedup_orders"));
    exec(q, QStringLiteral("DROP TABLE IF EXISTS dedup_pairs"));
    exec(q, QStringLiteral("DROP TABLE IF EXISTS dedup_engine_pairs"));
    if (!exec(q, QStringLiteral("CREATE TABLE dedup_orders (id TEXT PRIMARY KEY, customer BIGINT, "
                                "ref TEXT, total DOUBLE PRECISION, created BIGINT, truth BIGINT)")))
        return false;

    QElapsedTimer load;
    load.start();
    DemandGenerator gen(seed, start, demandsPerHour, benchMix());
    db.transaction();
    if (pg) {
        // Multi-row inserts: one round trip per 1000 orders.
        QString sql;
        int n = 0;
        for (qint64 i = 0; i < count; ++i) {
            const Row r = rowOf(gen.next());
            QString ref = r.ref;
            ref.replace(u'\'', QStringLiteral("''"));
            sql +=
                (n ? QStringLiteral(",(") : QStringLiteral("INSERT INTO dedup_orders VALUES (")) +
                QStringLiteral("'%1',%2,'%3',%4,%5,%6)")
                    .arg(r.id)
                    .arg(r.customer)
                    .arg(ref)
                    .arg(r.total, 0, 'f', 2)
                    .arg(r.created)
                    .arg(r.truth);
            if (++n == 1000 || i + 1 == count) {
                if (!exec(q, sql))
                    return false;
                sql.clear();
                n = 0;
            }
        }
    } else {
        q.prepare(QStringLiteral("INSERT INTO dedup_orders VALUES (?, ?, ?, ?, ?, ?)"));
        for (qint64 i = 0; i < count; ++i) {
            const Row r = rowOf(gen.next());
            q.addBindValue(r.id);
            q.addBindValue(r.customer);
            q.addBindValue(r.ref);
            q.addBindValue(r.total);
            q.addBindValue(r.created);
            q.addBindValue(r.truth);
            if (!q.exec()) {
                print("  insert failed: %s\n", qPrintable(q.lastError().text()));
                return false;
            }
        }
    }
    db.commit();
    const double loadSecs = double(load.elapsed()) / 1000.0;

    // The indexes a competent integrator would give the two joins, built after the load (as one
    // would for a bulk load) and timed with the join: the engine builds its own while scanning.
    QElapsedTimer join;
    join.start();
    const double joinCpu0 = cpuSeconds();
    const PgCpu pg0 = pg ? pgCpuOf(backendPid) : PgCpu{};
    // Covering indexes: each join reads only its index, never the table (in PostgreSQL an
    // index-only scan, which needs the visibility map that VACUUM sets after a bulk load).
    if (pg) {
        exec(q,
             QStringLiteral(
                 "CREATE INDEX dedup_by_ref ON dedup_orders (customer, ref) INCLUDE (id, truth)"));
        exec(q, QStringLiteral("CREATE INDEX dedup_by_time ON dedup_orders (customer, created) "
                               "INCLUDE (total, id, truth)"));
        exec(q, QStringLiteral("VACUUM ANALYZE dedup_orders"));
    } else {
        exec(q, QStringLiteral(
                    "CREATE INDEX dedup_by_ref ON dedup_orders (customer, ref, id, truth)"));
        exec(q, QStringLiteral("CREATE INDEX dedup_by_time ON dedup_orders (customer, created, "
                               "total, id, truth)"));
        exec(q, QStringLiteral("ANALYZE"));
    }
    const double indexSecs = double(join.elapsed()) / 1000.0;
    const QString sql =
        QStringLiteral(
            "CREATE TABLE dedup_pairs AS "
            "SELECT a.id AS a, b.id AS b, a.truth = b.truth AS correct FROM dedup_orders a "
            "JOIN dedup_orders b ON b.customer = a.customer AND b.ref = a.ref AND b.id > a.id "
            "WHERE a.ref <> '' "
            "UNION "
            "SELECT CASE WHEN a.id < b.id THEN a.id ELSE b.id END, "
            "CASE WHEN a.id < b.id THEN b.id ELSE a.id END, a.truth = b.truth FROM dedup_orders a "
            "JOIN dedup_orders b ON b.customer = a.customer AND b.created >= a.created "
            "AND b.created <= a.created + %1 AND b.id <> a.id "
            "WHERE abs(a.total - b.total) <= 1.0 "
            "OR abs(a.total - b.total) <= 0.025 * (CASE WHEN a.total > b.total THEN a.total ELSE "
            "b.total END)")
            .arg(baselineWindowSecs);
    if (!exec(q, sql))
        return false;
    const double joinSecs = double(join.elapsed()) / 1000.0;
    // SQLite runs in this thread, so its CPU time compares with the engine's whatever else the
    // machine is doing; PostgreSQL runs in its own processes (and may use parallel workers).
    const double joinCpuSecs = pg ? 0.0 : cpuSeconds() - joinCpu0;
    const PgCpu pg1 = pg ? pgCpuOf(backendPid) : PgCpu{};
    int workers = -1;
    if (pg && exec(q, QStringLiteral("SHOW max_parallel_workers_per_gather")) && q.next())
        workers = q.value(0).toInt();

    Quality base;
    exec(q, QStringLiteral(
                "SELECT count(*), sum(CASE WHEN correct THEN 1 ELSE 0 END) FROM dedup_pairs"));
    if (q.next()) {
        base.predicted = q.value(0).toLongLong();
        base.correct = q.value(1).toLongLong();
    }
    base.truth = engineQuality.truth;
    print(
        "\n%s baseline (self-join: same customer and normalized reference, or same customer, total "
        "within 1.00 / 2.5 %% and created within %lld h)\n",
        label, baselineWindowSecs / 3600);
    print("  load %lld rows                 %8.2f s wall\n", count, loadSecs);
    print("  covering indexes + %s %8.2f s wall\n", pg ? "VACUUM ANALYZE" : "ANALYZE       ",
          indexSecs);
    print("  indexes + self-join            %8.2f s wall (self-join alone %.2f s)", joinSecs,
          joinSecs - indexSecs);
    if (!pg)
        print(", %.2f s thread CPU\n", joinCpuSecs);
    else if (pg0.backend >= 0 && pg1.backend >= 0)
        print(", server CPU %.2f s in the backend + %.2f s in ended server processes (parallel "
              "workers; max_parallel_workers_per_gather %d)\n",
              pg1.backend - pg0.backend, pg1.reaped - pg0.reaped, workers);
    else
        print(" (server CPU not readable here; max_parallel_workers_per_gather %d)\n", workers);
    print("  pairs flagged %lld, correct %lld: precision %.4f recall %.4f F1 %.4f "
          "(engine %.4f)\n",
          base.predicted, base.correct, base.precision(), base.recall(), base.f1(),
          engineQuality.f1());
    print("  RATIO wall, one core: engine scan + clusters %.2f s vs indexes + self-join %.2f s: "
          "%.1fx (self-join alone %.1fx, load + indexes + self-join %.1fx)\n",
          engine.wall(), joinSecs, joinSecs / engine.wall(), (joinSecs - indexSecs) / engine.wall(),
          (loadSecs + joinSecs) / engine.wall());
    if (!pg)
        print("  RATIO thread CPU, one core: engine %.2f s vs indexes + self-join %.2f s: %.1fx\n",
              engine.cpu(), joinCpuSecs, joinCpuSecs / engine.cpu());
    else if (pg0.backend >= 0 && pg1.backend >= 0) {
        const double server = (pg1.backend - pg0.backend) + (pg1.reaped - pg0.reaped);
        print("  RATIO CPU: engine thread %.2f s vs server %.2f s: %.1fx\n", engine.cpu(), server,
              server / engine.cpu());
    }
    const double wordsWall = engine.scanWall + engine.wordsWall;
    print("  with the evidence in words for every cluster (%.2f s wall, %.2f s CPU): %.1fx wall\n",
          wordsWall, engine.scanCpu + engine.wordsCpu, joinSecs / wordsWall);
    if (engine.twoWall > 0) {
        print(
            "  RATIO wall, two cores: engine scan + clusters %.2f s vs indexes + self-join %.2f s: "
            "%.1fx\n",
            engine.twoWall, joinSecs, joinSecs / engine.twoWall);
        if (!pg)
            print("  RATIO CPU, two cores: engine %.2f s (both threads) vs indexes + self-join "
                  "%.2f s: %.1fx\n",
                  engine.twoCpu, joinCpuSecs, joinCpuSecs / engine.twoCpu);
        else if (pg0.backend >= 0 && pg1.backend >= 0) {
            const double server = (pg1.backend - pg0.backend) + (pg1.reaped - pg0.reaped);
            print("  RATIO CPU, two cores: engine %.2f s (both threads) vs server %.2f s: %.1fx\n",
                  engine.twoCpu, server, server / engine.twoCpu);
        }
    }
    exec(q, QStringLiteral("DROP TABLE dedup_pairs"));
    exec(q, QStringLiteral("DROP TABLE dedup_orders"));
    return true;
}

// The stream through a retention window: every order goes in with upsert(), one at a time, as
// the sync hands them over, and the engine forgets orders older than the newest minus the window
// as it goes. The adds while the window fills expire nothing; once it is full, every add also
// takes the oldest orders out of the indexes. Both are timed in the same run, so that the cost
// of expiry shows as the difference between the two.
// Orders go to the engine in batches of this many, as a sync hands them over.
constexpr int batchOrders = 50000;

// The next batch of the stream into `batch` (emptied first), counting them in `done`.
void nextBatch(DemandGenerator &gen, std::vector<CanonicalOrder> &batch, qint64 &done,
               qint64 count) {
    batch.clear();
    batch.reserve(size_t(batchOrders));
    for (int i = 0; i < batchOrders && done < count; ++i, ++done)
        batch.push_back(gen.next().order);
}

void benchRetention(quint64 seed, qint64 count, int retentionDays) {
    DuplicateRules rules = DuplicateRules::defaults();
    rules.retentionSecs = qint64(retentionDays) * 86400;
    print("\nretention: %lld orders streamed through a %d-day window with upsert(), one at a "
          "time\n",
          count, retentionDays);
    DuplicateEngine engine(rules);
    DemandGenerator gen(seed, start, demandsPerHour, benchMix());
    std::vector<double> filling, full; // microseconds per upsert
    filling.reserve(size_t(count));
    full.reserve(size_t(count));
    qint64 expiredClusters = 0, changed = 0, peak = 0;
    QDateTime first;
    double cpu = 0, wall = 0;
    std::vector<CanonicalOrder> batch;
    for (qint64 done = 0; done < count;) {
        nextBatch(gen, batch, done, count);
        if (!first.isValid())
            first = batch.front().createdAt;
        const double cpu0 = cpuSeconds();
        const auto w0 = std::chrono::steady_clock::now();
        for (const CanonicalOrder &o : batch) {
            // Full once the stream spans the window: from then on adds expire what falls out.
            const bool inWindow = first.secsTo(o.createdAt) <= rules.retentionSecs;
            const auto t0 = std::chrono::steady_clock::now();
            const ClusterDelta d = engine.upsert(o);
            const auto t1 = std::chrono::steady_clock::now();
            (inWindow ? filling : full)
                .push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            expiredClusters += d.expired.size();
            changed += d.changed.size();
        }
        wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
        cpu += cpuSeconds() - cpu0;
        peak = std::max(peak, engine.orderCount());
    }
    const auto pct = [](std::vector<double> &v, double p) {
        if (v.empty())
            return 0.0;
        const size_t at = std::min(v.size() - 1, size_t(p * double(v.size())));
        std::nth_element(v.begin(), v.begin() + qsizetype(at), v.end());
        return v[at];
    };
    const auto maxOf = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
    };
    print("  %.2f s wall, %.2f s thread CPU: %.0f orders/s (CPU); %lld resident at the end "
          "(at most %lld), %lld clusters expired, %lld cluster changes reported\n",
          wall, cpu, double(count) / cpu, engine.orderCount(), peak, expiredClusters, changed);
    print("  while the window fills (%lld adds, nothing expires): p50 %.1f us  p99 %.1f us  "
          "max %.1f us\n",
          qint64(filling.size()), pct(filling, 0.5), pct(filling, 0.99), maxOf(filling));
    if (full.empty()) {
        print("  the stream never outgrew the window: raise --orders or lower --retention-days\n");
        return;
    }
    const double fillP50 = pct(filling, 0.5), fillP99 = pct(filling, 0.99);
    const double fullP50 = pct(full, 0.5), fullP99 = pct(full, 0.99);
    print("  with the window full (%lld adds, each expiring the oldest): p50 %.1f us  p99 %.1f us  "
          "max %.1f us\n",
          qint64(full.size()), fullP50, fullP99, maxOf(full));
    print("  RATIO with expiry / without: p50 %.2fx, p99 %.2fx\n", fullP50 / fillP50,
          fullP99 / fillP99);
}

// The scan alone, for profiling it: every order generated first, then scanned R times into a
// fresh engine each time (the same timed part as the full scan: reserve() and ingest() of
// batches of 50,000), with the clusters listed after each scan.
void benchScanOnly(quint64 seed, qint64 count, int repeats, const DuplicateRules &rules) {
    std::vector<std::vector<CanonicalOrder>> batches;
    {
        DemandGenerator gen(seed, start, demandsPerHour, benchMix());
        for (qint64 done = 0; done < count;)
            nextBatch(gen, batches.emplace_back(), done, count);
    }
    print("scan only: %lld orders generated beforehand, scanned %d times (one core)\n", count,
          repeats);
    std::vector<double> cpus;
    for (int r = 0; r < repeats; ++r) {
        auto engine = std::make_unique<DuplicateEngine>(rules);
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuSeconds();
        engine->reserve(qsizetype(count));
        const double reserveCpu = cpuSeconds() - cpu0;
        for (const auto &b : batches)
            engine->ingest(std::span<const CanonicalOrder>(b));
        const double scanCpu = cpuSeconds() - cpu0;
        const double scanWall = double(t.nsecsElapsed()) / 1e9;
        const double list0 = cpuSeconds();
        const qsizetype listed = engine->clusters(DuplicateEngine::EvidenceText::Deferred).size();
        const double listCpu = cpuSeconds() - list0;
        cpus.push_back(scanCpu + listCpu);
        print("  run %d: scan %.3f s wall, %.3f s CPU (reserve() %.3f s): %.0f orders/s (CPU); "
              "%lld clusters listed in %.3f s CPU; scan + clusters %.3f s CPU\n",
              r + 1, scanWall, scanCpu, reserveCpu, double(count) / scanCpu, qint64(listed),
              listCpu, scanCpu + listCpu);
    }
    std::sort(cpus.begin(), cpus.end());
    print("  median scan + clusters %.3f s CPU\n", cpus[cpus.size() / 2]);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    qint64 count = 1000000;
    int incremental = 10000;
    quint64 seed = 42;
    bool postgres = true;
    bool sql = true;
    bool oneByOne = false; // ingest(order) per order instead of ingest(batch)
    bool twoCores = true;  // also the two-core scan
    int retentionDays = 30;
    bool retention = true, retentionOnly = false;
    int scanOnly = 0; // repeats of the scan alone, 0: the full benchmark
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--orders") && i + 1 < args.size())
            count = args[++i].toLongLong();
        else if (args[i] == QLatin1String("--incremental") && i + 1 < args.size())
            incremental = args[++i].toInt();
        else if (args[i] == QLatin1String("--seed") && i + 1 < args.size())
            seed = args[++i].toULongLong();
        else if (args[i] == QLatin1String("--no-postgres"))
            postgres = false;
        else if (args[i] == QLatin1String("--engine-only"))
            sql = false;
        else if (args[i] == QLatin1String("--one-by-one"))
            oneByOne = true;
        else if (args[i] == QLatin1String("--no-two-cores"))
            twoCores = false;
        else if (args[i] == QLatin1String("--retention-days") && i + 1 < args.size())
            retentionDays = std::max(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--no-retention"))
            retention = false;
        else if (args[i] == QLatin1String("--retention-only"))
            retentionOnly = true;
        else if (args[i] == QLatin1String("--scan-only") && i + 1 < args.size())
            scanOnly = std::max(1, args[++i].toInt());
        else {
            print("usage: bench_dedup [--orders N] [--incremental K] [--seed S] [--no-postgres] "
                  "[--engine-only] [--one-by-one] [--no-two-cores] [--retention-days D] "
                  "[--no-retention] [--retention-only] [--scan-only R]\n");
            return 2;
        }
    }
    if (retentionOnly) {
        benchRetention(seed, count, retentionDays);
        return 0;
    }

    DuplicateRules rules = DuplicateRules::defaults();
    rules.retentionSecs = 400 * 86400; // keep every generated order resident
    if (scanOnly) {
        benchScanOnly(seed, count, scanOnly, rules);
        return 0;
    }
    print("duplicate engine benchmark: %lld orders (seed %llu, %.0f demands/h), %d incremental "
          "adds\n",
          count, seed, demandsPerHour, incremental);

    // Truth: the demand number of every order, kept outside the measured heap delta by
    // reserving it up front.
    std::vector<qint64> truthOf;
    truthOf.reserve(size_t(count + incremental));
    QHash<QString, qint32> indexOf;
    indexOf.reserve(qsizetype(count + incremental));

    const qint64 heapBefore = heapInUse();
    auto engine = std::make_unique<DuplicateEngine>(rules);
    double scanSecs = 0, scanCpuSecs = 0;
    {
        // Sizing the tables writes them, which is where the system first hands out their
        // memory: part of the scan's cost, so timed with it.
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuSeconds();
        engine->reserve(qsizetype(count + incremental));
        scanCpuSecs += cpuSeconds() - cpu0;
        scanSecs += double(t.nsecsElapsed()) / 1e9;
    }
    const double reserveSecs = scanSecs;
    DemandGenerator gen(seed, start, demandsPerHour, benchMix());
    {
        std::vector<CanonicalOrder> batch;
        batch.reserve(size_t(batchOrders));
        for (qint64 done = 0; done < count;) {
            batch.clear();
            for (int i = 0; i < batchOrders && done < count; ++i, ++done) {
                GeneratedOrder g = gen.next();
                indexOf.insert(g.order.id, qint32(truthOf.size()));
                truthOf.push_back(truthNumber(g.truthGroup));
                batch.push_back(std::move(g.order));
            }
            QElapsedTimer t;
            t.start();
            const double cpu0 = cpuSeconds();
            if (oneByOne) {
                for (const CanonicalOrder &o : batch)
                    engine->ingest(o);
            } else {
                engine->ingest(std::span<const CanonicalOrder>(batch));
            }
            scanCpuSecs += cpuSeconds() - cpu0;
            scanSecs += double(t.nsecsElapsed()) / 1e9;
        }
    }
    const qint64 heapAfter = heapInUse();
    // The truth bookkeeping's strings are part of the delta; subtract what they hold.
    qint64 truthBytes = 0;
    for (auto it = indexOf.cbegin(); it != indexOf.cend(); ++it)
        truthBytes += 32 + 2 * it.key().capacity();
    const qint64 resident = engine->orderCount();
    print("\nfull scan (one core, %s)\n",
          oneByOne ? "ingest() one order at a time" : "ingest() in batches of 50,000");
    print("  %lld orders in %.2f s wall: %.0f orders/s; %.2f s CPU: %.0f orders/s (reserve() "
          "included: %.3f s)\n",
          count, scanSecs, double(count) / scanSecs, scanCpuSecs, double(count) / scanCpuSecs,
          reserveSecs);
    if (heapBefore >= 0)
        print("  heap in use for the engine: %.1f MiB, %.0f bytes per resident order (%lld "
              "resident)\n",
              double(heapAfter - heapBefore - truthBytes) / 1048576.0,
              double(heapAfter - heapBefore - truthBytes) / double(resident), resident);
    print("  engine's own estimate: %.0f bytes per resident order\n",
          double(engine->memoryBytes()) / double(resident));

    // Engine quality on the full scan: pairs inside duplicate clusters against the truth.
    Quality quality;
    QList<DuplicateCluster> oneCoreClusters; // to compare the two-core scan's with
    double clustersSecs = 0, clustersCpuSecs = 0, evidenceSecs = 0, evidenceCpuSecs = 0;
    {
        QHash<qint64, qint64> groupSize;
        for (qint64 t : truthOf)
            ++groupSize[t];
        for (qint64 n : std::as_const(groupSize))
            quality.truth += n * (n - 1) / 2;
        qint64 amendments = 0, suspects = 0;
        // The engine's result, comparable with the self-join's pairs: every cluster with its
        // members, kind and score. The evidence in plain words is built when a cluster is shown,
        // exported or written by `o2c scan`; building it for every cluster is timed below.
        QElapsedTimer ct;
        ct.start();
        const double cpu0 = cpuSeconds();
        const QList<DuplicateCluster> all =
            engine->clusters(DuplicateEngine::EvidenceText::Deferred);
        clustersCpuSecs = cpuSeconds() - cpu0;
        clustersSecs = double(ct.nsecsElapsed()) / 1e9;
        print("  %lld clusters with members, kind and score listed in %.3f s (%.3f s CPU); "
              "scan + clusters %.2f s wall, %.2f s CPU: %.0f orders/s (CPU)\n",
              qint64(all.size()), clustersSecs, clustersCpuSecs, scanSecs + clustersSecs,
              scanCpuSecs + clustersCpuSecs, double(count) / (scanCpuSecs + clustersCpuSecs));
        {
            QElapsedTimer et;
            et.start();
            const double e0 = cpuSeconds();
            const QList<DuplicateCluster> worded = engine->clusters();
            evidenceCpuSecs = cpuSeconds() - e0;
            evidenceSecs = double(et.nsecsElapsed()) / 1e9;
            qint64 items = 0;
            for (const DuplicateCluster &c : worded)
                items += c.evidence.size();
            print(
                "  the same %lld clusters with their evidence in plain words (%lld items): %.2f s "
                "(%.2f s CPU); scan + clusters in words %.2f s CPU: %.0f orders/s\n",
                qint64(worded.size()), items, evidenceSecs, evidenceCpuSecs,
                scanCpuSecs + evidenceCpuSecs, double(count) / (scanCpuSecs + evidenceCpuSecs));
        }
        oneCoreClusters = all;
        for (const DuplicateCluster &c : all) {
            const qint64 pairs = c.members.size() * (c.members.size() - 1) / 2;
            if (c.kind == ClusterKind::Amendment) {
                amendments += pairs;
                continue;
            }
            if (c.kind == ClusterKind::Suspect) {
                suspects += pairs;
                continue;
            }
            for (qsizetype i = 0; i < c.members.size(); ++i)
                for (qsizetype j = i + 1; j < c.members.size(); ++j) {
                    ++quality.predicted;
                    quality.correct += truthOf[size_t(indexOf.value(c.members[i]))] ==
                                       truthOf[size_t(indexOf.value(c.members[j]))];
                }
        }
        print(
            "  duplicate pairs flagged %lld, correct %lld, true pairs %lld: precision %.4f recall "
            "%.4f F1 %.4f\n",
            quality.predicted, quality.correct, quality.truth, quality.precision(),
            quality.recall(), quality.f1());
        print("  also %lld amendment pairs and %lld suspect pairs for review\n", amendments,
              suspects);
    }

    // Incremental: the stream goes on, one upsert at a time, with everything above resident.
    {
        std::vector<GeneratedOrder> next;
        next.reserve(size_t(incremental));
        for (int i = 0; i < incremental; ++i)
            next.push_back(gen.next());
        std::vector<double> us;
        us.reserve(size_t(incremental));
        qint64 changed = 0;
        for (const GeneratedOrder &g : next) {
            const auto t0 = std::chrono::steady_clock::now();
            const ClusterDelta d = engine->upsert(g.order);
            const auto t1 = std::chrono::steady_clock::now();
            us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            changed += d.changed.size();
        }
        std::sort(us.begin(), us.end());
        const auto pct = [&](double p) {
            return us[std::min(us.size() - 1, size_t(p * double(us.size())))];
        };
        print("\nincremental upsert with %lld resident orders (%d adds, %lld cluster changes "
              "reported)\n",
              resident, incremental, changed);
        print("  p50 %.1f us   p90 %.1f us   p99 %.1f us   max %.1f us\n", pct(0.50), pct(0.90),
              pct(0.99), us.back());
    }
    engine.reset();
    EngineTimes times{scanSecs,        scanCpuSecs,  clustersSecs,
                      clustersCpuSecs, evidenceSecs, evidenceCpuSecs};

    // The same scan on two cores: a second thread prepares what depends on each order alone
    // for the next part of the batch while the first links and scores. Same data, a fresh
    // engine; the clusters must come out identical, ids included.
    if (twoCores) {
        auto two = std::make_unique<DuplicateEngine>(rules);
        QElapsedTimer rt;
        rt.start();
        const double rcpu0 = processCpuSeconds();
        two->reserve(qsizetype(count + incremental));
        double cpu = processCpuSeconds() - rcpu0;
        double wall = double(rt.nsecsElapsed()) / 1e9;
        DemandGenerator again(seed, start, demandsPerHour, benchMix());
        std::vector<CanonicalOrder> batch;
        for (qint64 done = 0; done < count;) {
            nextBatch(again, batch, done, count);
            QElapsedTimer t;
            t.start();
            const double cpu0 = processCpuSeconds();
            two->ingest(std::span<const CanonicalOrder>(batch), DuplicateEngine::ScanThreads::Two);
            cpu += processCpuSeconds() - cpu0;
            wall += double(t.nsecsElapsed()) / 1e9;
        }
        QElapsedTimer ct;
        ct.start();
        const double cpu0 = processCpuSeconds();
        const QList<DuplicateCluster> all = two->clusters(DuplicateEngine::EvidenceText::Deferred);
        const double listCpu = processCpuSeconds() - cpu0;
        const double listWall = double(ct.nsecsElapsed()) / 1e9;
        times.twoWall = wall + listWall;
        times.twoCpu = cpu + listCpu;
        print("\nfull scan (two cores, ingest() in batches of 50,000 with ScanThreads::Two)\n");
        print("  %lld orders in %.2f s wall: %.0f orders/s; %.2f s CPU of both threads "
              "(one core's scan %.2f s wall: %.2fx faster)\n",
              count, wall, double(count) / wall, cpu, scanSecs, scanSecs / wall);
        print("  %lld clusters listed in %.3f s; scan + clusters %.2f s wall, %.2f s CPU; "
              "clusters identical to the one-core scan (ids, kinds, scores, members): %s\n",
              qint64(all.size()), listWall, times.twoWall, times.twoCpu,
              all == oneCoreClusters ? "yes" : "NO");
    }
    if (retention)
        benchRetention(seed, count, retentionDays);
    if (!sql)
        return 0;

    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-sqlite"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery pragma(db);
            exec(pragma, QStringLiteral("PRAGMA journal_mode = OFF"));
            exec(pragma, QStringLiteral("PRAGMA synchronous = OFF"));
            runBaseline(db, "SQLite (in memory, Qt Sql)", seed, count, times, quality);
        } else {
            print("\nSQLite baseline skipped: %s\n", qPrintable(db.lastError().text()));
        }
    }
    if (postgres) {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench-pg"));
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setDatabaseName(QStringLiteral("o2c_test"));
        db.setUserName(QStringLiteral("o2c"));
        db.setPassword(QStringLiteral("o2c"));
        db.setConnectOptions(QStringLiteral("connect_timeout=3"));
        if (db.open())
            runBaseline(db, "PostgreSQL (127.0.0.1/o2c_test, Qt Sql)", seed, count, times, quality);
        else
            print("\nPostgreSQL baseline skipped: cannot connect to 127.0.0.1 database o2c_test as "
                  "o2c (%s)\n",
                  qPrintable(db.lastError().text().simplified()));
    } else {
        print("\nPostgreSQL baseline skipped (--no-postgres)\n");
    }
    return 0;
}
