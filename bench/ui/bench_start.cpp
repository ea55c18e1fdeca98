// SPDX-License-Identifier: GPL-3.0-or-later
// Start benchmark: the cockpit program itself, launched as a user would (offscreen), against a
// profile whose local order store already holds the orders of an earlier day.
//
// The store is written first through the real LocalOrderStore, at the very file the cockpit
// uses for the profile (its data folder points into a temporary folder). Then each run launches
// the o2c-cockpit executable with --report-start --quit-after-start and reads its report lines:
//
//   - interactive: from launching the process until the first window has painted with orders
//     and its event loop answered within 50 ms (timed here, from before the launch until the line
//     arrives, and as the program counts it from its process start);
//   - everything read: until all orders are in the book and the sync's records are restored;
//   - the longest pause of the program's event loop until then (its 1 ms probe).
//
// Each run is paired with a launch of the same binary against an empty store (the baseline:
// the program's own start, libraries, QApplication, the window). A first launch of each profile
// warms the file cache and is not counted.
//
//   bench_start [--orders N] [--runs R] [--large-orders M] [--large-runs L] [--cockpit PATH]
//
// Defaults: 100,000 orders over 5 runs (target: interactive <= 2 s, no pause over 50 ms), then
// 1,000,000 orders over 1 run (no target; --large-orders 0 leaves it out). The figures are
// medians: the machine this runs on is usually shared.
#include "BenchOrders.h"
#include "cache/LocalOrderStore.h"
#include "odoo/OdooSync.h"
#include "shared/ProcessSetup.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <optional>
#include <vector>

using namespace o2c;
using o2c::bench::makeOrder;

namespace {

void say(const char *format, ...) {
    va_list args;
    va_start(args, format);
    std::vprintf(format, args);
    va_end(args);
    std::fflush(stdout);
}

double median(std::vector<double> v) {
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
double maximum(const std::vector<double> &v) {
    return v.empty() ? -1 : *std::max_element(v.begin(), v.end());
}

QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("n/a");
    return QString::fromLatin1(f.readAll().split(' ').mid(0, 3).join(' '));
}

// --- the orders of an earlier day --------------------------------------------------------------

// --- a profile: a home of its own for the cockpit ----------------------------------------------

odoo::ConnectionProfile benchProfile() {
    odoo::ConnectionProfile p;
    p.url = QUrl::fromUserInput(QStringLiteral("http://127.0.0.1:9")); // nothing answers: offline
    p.database = QStringLiteral("bench");
    p.login = QStringLiteral("planner");
    return p;
}

struct Home {
    QString root;
    QProcessEnvironment environment() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), root + QStringLiteral("/cache"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("O2C_ODOO_SECRET"), QStringLiteral("bench"));
        env.insert(QStringLiteral("O2C_LOG_LEVEL"), QStringLiteral("warn"));
        env.insert(QStringLiteral("O2C_STORE"),
                   QStringLiteral("sqlite:") + root + QStringLiteral("/team.db"));
        env.remove(QStringLiteral("O2C_HUB_URL"));
        env.remove(QStringLiteral("O2C_RABBITMQ_URL"));
        return env;
    }
    // The file the cockpit keeps this profile's orders in, as it finds it from its data folder.
    QString storePath() const {
        qputenv("XDG_DATA_HOME", (root + QStringLiteral("/data")).toLocal8Bit());
        const QString path = LocalOrderStore::defaultPath(benchProfile());
        qunsetenv("XDG_DATA_HOME");
        return path;
    }
};

void writeStore(const QString &path, int orders) {
    QElapsedTimer t;
    t.start();
    LocalOrderStore store(path);
    constexpr int chunk = 10000;
    for (int from = 1; from <= orders; from += chunk) {
        QList<CanonicalOrder> batch;
        odoo::SyncCheckpoint records;
        for (int n = from; n < std::min(orders + 1, from + chunk); ++n) {
            batch.append(makeOrder(n));
            bench::addRecords(records, batch.last());
        }
        if (from + chunk > orders)
            records.cursors.insert(
                QStringLiteral("sale.order"),
                batch.last().writeDate.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        store.saveOrders(batch);
        store.saveSync(records);
        store.flush();
    }
    say("store of %d orders written through LocalOrderStore in %.1f s: %.1f MB\n", orders,
        double(t.elapsed()) / 1000.0, double(QFileInfo(path).size()) / 1e6);
}

// --- one launch
// -----------------------------------------------------------------------------------

struct Launch {
    double launchToInteractiveMs = -1; // timed here
    QJsonObject interactive, restored; // the program's own lines
    QString problem;
};

Launch launch(const QString &cockpit, const Home &home) {
    Launch l;
    QProcess p;
    p.setProcessEnvironment(home.environment());
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.setStandardErrorFile(QProcess::nullDevice());
    QByteArray pending;
    QElapsedTimer clock;
    const auto readLines = [&] {
        pending += p.readAllStandardOutput();
        qsizetype end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(end).trimmed();
            pending.remove(0, end + 1);
            if (!line.startsWith("o2c-start "))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line.mid(10)).object();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("interactive")) {
                l.launchToInteractiveMs = double(clock.nsecsElapsed()) / 1e6;
                l.interactive = o;
            } else if (o.value(QStringLiteral("event")).toString() == QLatin1String("restored")) {
                l.restored = o;
            }
        }
    };
    QObject::connect(&p, &QProcess::readyReadStandardOutput, readLines);
    clock.start();
    p.start(cockpit,
            {QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--db"),
             QStringLiteral("bench"), QStringLiteral("--user"), QStringLiteral("planner"),
             QStringLiteral("--report-start"), QStringLiteral("--quit-after-start")});
    if (!p.waitForStarted(30000)) {
        l.problem = QStringLiteral("could not start %1: %2").arg(cockpit, p.errorString());
        return l;
    }
    // Read as it comes, so the interactive line is timed when it is written.
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 15 * 60 * 1000)
        p.waitForReadyRead(100);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        l.problem = QStringLiteral("the cockpit did not finish within 15 minutes");
    }
    readLines();
    if (l.problem.isEmpty() && (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0))
        l.problem = QStringLiteral("the cockpit ended with code %1").arg(p.exitCode());
    if (l.problem.isEmpty() && (l.interactive.isEmpty() || l.restored.isEmpty()))
        l.problem = QStringLiteral("the cockpit did not print both start lines");
    return l;
}

double num(const QJsonObject &o, const char *key) {
    return o.value(QString::fromLatin1(key)).toDouble(-1);
}

struct Series {
    std::vector<double> launch, selfInteractive, restored, longest, over50, shown, longestCpu, busy,
        cpu, peak;
    void add(const Launch &l) {
        launch.push_back(l.launchToInteractiveMs);
        selfInteractive.push_back(num(l.interactive, "sinceProcessStartMs"));
        restored.push_back(num(l.restored, "sinceProcessStartMs"));
        longest.push_back(num(l.restored, "longestPauseMs"));
        over50.push_back(num(l.restored, "pausesOver50Ms"));
        shown.push_back(num(l.interactive, "ordersShown"));
        longestCpu.push_back(num(l.restored, "longestPauseCpuMs"));
        busy.push_back(num(l.restored, "longestBusyMs"));
        cpu.push_back(num(l.restored, "processCpuMs"));
        peak.push_back(num(l.restored, "peakResidentMB"));
    }
};

bool benchSize(const QString &cockpit, const QString &root, int orders, int runs, bool withTarget) {
    say("\n== Start of o2c-cockpit with %d orders in the local order store (%d runs) ==\n", orders,
        runs);
    const Home full{root + QStringLiteral("/orders-%1").arg(orders)};
    const Home empty{root + QStringLiteral("/empty-%1").arg(orders)};
    const QString path = full.storePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    writeStore(path, orders);

    // Warm-up: the binary, its libraries and the store file into the file cache.
    for (const Home *h : {&empty, &full}) {
        const Launch w = launch(cockpit, *h);
        if (!w.problem.isEmpty()) {
            say("warm-up failed: %s\n", qPrintable(w.problem));
            return false;
        }
        if (h == &full && num(w.restored, "orders") != orders) {
            say("the cockpit read %.0f orders from its store, expected %d: wrong store file?\n",
                num(w.restored, "orders"), orders);
            return false;
        }
    }
    Series ours, base;
    for (int run = 0; run < runs; ++run) {
        const QString load = loadAverage();
        const Launch b = launch(cockpit, empty);
        const Launch f = launch(cockpit, full);
        for (const Launch *l : {&b, &f})
            if (!l->problem.isEmpty()) {
                say("run %d failed: %s\n", run + 1, qPrintable(l->problem));
                return false;
            }
        base.add(b);
        ours.add(f);
        say("run %d (load %s): interactive %.0f ms from launch (the program's own count %.0f ms, "
            "%.0f orders on the first screen), all %.0f orders read %.0f ms after process start, "
            "longest event-loop pause %.1f ms (%.0f over 50 ms; the GUI thread's own processor "
            "time in it %.1f ms, at most %.1f ms in any pause), processor time of all threads "
            "%.0f ms, peak memory %.0f MB; empty store: interactive %.0f ms from launch\n",
            run + 1, qPrintable(load), f.launchToInteractiveMs,
            num(f.interactive, "sinceProcessStartMs"), num(f.interactive, "ordersShown"),
            num(f.restored, "orders"), num(f.restored, "sinceProcessStartMs"),
            num(f.restored, "longestPauseMs"), num(f.restored, "pausesOver50Ms"),
            num(f.restored, "longestPauseCpuMs"), num(f.restored, "longestBusyMs"),
            num(f.restored, "processCpuMs"), num(f.restored, "peakResidentMB"),
            b.launchToInteractiveMs);
    }
    const double mine = median(ours.launch), theirs = median(base.launch);
    say("median over %d runs, %d orders: launch to interactive %.0f ms%s (the program's own count "
        "from its process start: %.0f ms); empty-store baseline %.0f ms (ratio %.2f, difference "
        "%.0f ms)\n",
        runs, orders, mine, withTarget ? " (target <= 2000 ms)" : "", median(ours.selfInteractive),
        theirs, theirs > 0 ? mine / theirs : 0, mine - theirs);
    say("median until all %d orders are in the book: %.0f ms after process start (empty store: "
        "%.0f ms)\n",
        orders, median(ours.restored), median(base.restored));
    say("longest event-loop pause while the store is read: median %.1f ms, worst run %.1f ms%s; "
        "pauses over 50 ms: worst run %.0f (empty store: longest %.1f ms)\n",
        median(ours.longest), maximum(ours.longest),
        withTarget ? " (target: never over 50 ms)" : "", maximum(ours.over50),
        median(base.longest));
    say("the GUI thread's own processor time within one pause (what the program decides; the rest "
        "of a pause is the machine running others): median of the runs' most %.1f ms, worst run "
        "%.1f ms\n",
        median(ours.busy), maximum(ours.busy));
    say("what reading it all cost the program: processor time of all its threads median %.0f ms "
        "(empty store %.0f ms), peak resident memory median %.0f MB (empty store %.0f MB)\n",
        median(ours.cpu), median(base.cpu), median(ours.peak), median(base.peak));
    QFile::remove(path); // a million orders are some gigabytes
    return true;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication application(argc, argv);
    app::setApplicationIdentity(QStringLiteral("o2c-cockpit")); // the cockpit's data folder
    int orders = 100000, runs = 5, largeOrders = 1000000, largeRuns = 1;
    QString cockpit = QStringLiteral(O2C_COCKPIT_EXE);
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        const QString &k = args.at(i);
        const QString &v = args.at(i + 1);
        if (k == QLatin1String("--orders"))
            orders = v.toInt();
        else if (k == QLatin1String("--runs"))
            runs = std::max(1, v.toInt());
        else if (k == QLatin1String("--large-orders"))
            largeOrders = v.toInt();
        else if (k == QLatin1String("--large-runs"))
            largeRuns = std::max(1, v.toInt());
        else if (k == QLatin1String("--cockpit"))
            cockpit = v;
        else {
            std::fprintf(stderr, "unknown option %s\n", qPrintable(k));
            return 2;
        }
    }
    if (args.size() % 2 == 0) {
        std::fprintf(stderr, "option %s needs a value\n", qPrintable(args.last()));
        return 2;
    }
#if !defined(Q_OS_LINUX) && !defined(Q_OS_FREEBSD) && !defined(Q_OS_OPENBSD) &&                    \
    !defined(Q_OS_NETBSD)
    std::fprintf(stderr, "bench_start points the cockpit's data folder into a temporary folder "
                         "through XDG_DATA_HOME, which only Linux and the BSDs honour\n");
    return 2;
#endif
    QTemporaryDir root;
    say("bench_start: %s, %d CPU threads, load %s; a shared machine, so the figures are medians\n",
        qPrintable(QDir::toNativeSeparators(cockpit)), QThread::idealThreadCount(),
        qPrintable(loadAverage()));
    if (!benchSize(cockpit, root.path(), orders, runs, true))
        return 1;
    if (largeOrders > 0 && !benchSize(cockpit, root.path(), largeOrders, largeRuns, false))
        return 1;
    return 0;
}
