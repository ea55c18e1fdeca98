// SPDX-License-Identifier: GPL-3.0-or-later
// Odoo connector figures.
//
// 1. Cold sync: o2c-sim (its own process, so memory and CPU here are the client's) serves a
//    history of N orders with their lines, manufacturing orders, pickings and invoices; the real
//    transport, client and sync read it all into an OrderBook. Orders/s, the peak resident set,
//    and what the sync retains of Odoo's raw records. Baseline in the same run: the same models
//    and fields read page by page with plain QNetworkAccessManager + QJsonDocument (the floor set
//    by the server, loopback HTTP and JSON parsing alone).
// 2. JSON decode rate of one large search_read answer of the recorded shape: plain
//    QJsonDocument::fromJson of the bytes (baseline) against the client's JSON-RPC reply parsing
//    alone, and its full decode + map path (parseReply, then every record mapped into a
//    canonical order), and the JSON-2 reply parsing.
//
//   bench_odoo [--orders N] [--runs R] [--decode-rows N]   default: 20000 orders, 3 runs, 5000
//
// The machine may be shared and noisy: figures are medians, and ratios to the baseline measured
// in the same run are the figures to compare across machines.

#include "platform/Platform.h"

#include "flow/OrderBook.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/Json2Protocol.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooOrderMapper.h"
#include "odoo/OdooSync.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

using namespace o2c;
using namespace o2c::odoo;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double mib(qint64 bytes) {
    return bytes < 0 ? -1.0 : double(bytes) / (1024.0 * 1024.0);
}

// o2c-sim on a free port; its first line names the URL.
struct SimProcess {
    QProcess process;
    QUrl url;

    bool start(int orders) {
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start(S(O2C_SIM_EXE),
                      {S("--paused"), S("--initial-orders"), QString::number(orders), S("--seed"),
                       S("42"), S("--port"), S("0"), S("--log-level"), S("warn")});
        if (!process.waitForStarted(10000))
            return false;
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains('\n') && t.elapsed() < 900000) {
            if (!process.waitForReadyRead(1000) && process.state() != QProcess::Running)
                return false;
            out += process.readAllStandardOutput();
        }
        const auto m =
            QRegularExpression(S("(http://127\\.0\\.0\\.1:\\d+)")).match(QString::fromUtf8(out));
        if (!m.hasMatch())
            return false;
        url = QUrl(m.captured(1));
        return true;
    }
    ~SimProcess() {
        process.kill();
        process.waitForFinished(5000);
    }
};

ConnectionProfile profileFor(const QUrl &url) {
    ConnectionProfile p;
    p.url = url;
    p.database = S("o2c");
    p.login = S("planner");
    p.secret = S("planner");
    p.api = OdooApi::JsonRpc;
    p.requestTimeoutMs = 120000;
    p.pollIntervalMs = 3600000;
    return p;
}

struct SyncRun {
    double ms = 0;
    double cpuMs = 0; // this process only: the client's share
    SyncStats stats;
    qsizetype orders = 0;
    qint64 rssWithSync = -1, rssAfterSync = -1; // with the sync's retained records, without
    RetainedRecords retained;
};

SyncRun coldSync(const QUrl &url, bool measureRetained) {
    SyncRun run;
    const ConnectionProfile profile = profileFor(url);
    HttpOdooTransport transport(profile);
    OdooClient client(profile, &transport);
    OrderBook book;
    auto sync = std::make_unique<OdooSync>(&client, &book);
    QEventLoop loop;
    bool ok = false;
    QObject::connect(sync.get(), &OdooSync::syncFinished, &loop, [&](const SyncStats &s) {
        run.stats = s;
        ok = true;
        loop.quit();
    });
    QObject::connect(sync.get(), &OdooSync::syncFailed, &loop, [&](const OdooError &e) {
        std::printf("sync failed: %s\n", qPrintable(e.message));
        loop.quit();
    });
    QElapsedTimer timer;
    const std::clock_t cpu0 = std::clock();
    timer.start();
    sync->start();
    loop.exec();
    run.ms = double(timer.nsecsElapsed()) / 1e6;
    run.cpuMs = double(std::clock() - cpu0) * 1000.0 / CLOCKS_PER_SEC;
    sync->stop();
    if (!ok)
        return run;
    run.orders = book.size();
    if (measureRetained) {
        run.retained = sync->retainedRecords();
        platform::releaseFreeMemory();
        run.rssWithSync = platform::currentResidentBytes();
        sync.reset(); // the retained raw records go; the order book stays
        platform::releaseFreeMemory();
        run.rssAfterSync = platform::currentResidentBytes();
    }
    return run;
}

QByteArray postJson(QNetworkAccessManager &nam, const QUrl &base, const QByteArray &body) {
    QUrl url = base;
    url.setPath(S("/jsonrpc"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray answer = reply->readAll();
    reply->deleteLater();
    return answer;
}

QByteArray searchRead(const QString &model, const QStringList &fields, const QJsonArray &domain,
                      int offset, int limit) {
    QJsonArray f;
    for (const QString &x : fields)
        f.append(x);
    const QJsonObject kwargs{
        {S("fields"), f}, {S("offset"), offset}, {S("limit"), limit}, {S("order"), S("id asc")}};
    const QJsonArray args{S("o2c"),           9,     S("planner"), model, S("search_read"),
                          QJsonArray{domain}, kwargs};
    return QJsonDocument(QJsonObject{{S("jsonrpc"), S("2.0")},
                                     {S("method"), S("call")},
                                     {S("id"), 1},
                                     {S("params"), QJsonObject{{S("service"), S("object")},
                                                               {S("method"), S("execute_kw")},
                                                               {S("args"), args}}}})
        .toJson(QJsonDocument::Compact);
}

// The floor: the sync's models and fields, page by page, parsed and dropped.
double plainRead(const QUrl &url, qint64 *bytes, qint64 *records) {
    QNetworkAccessManager nam;
    const QList<QPair<QString, QStringList>> models{
        {S("sale.order"), OdooOrderMapper::saleOrderFields()},
        {S("sale.order.line"), OdooOrderMapper::orderLineFields()},
        {S("res.partner"), OdooOrderMapper::partnerFields()},
        {S("mrp.production"), OdooOrderMapper::productionFields()},
        {S("stock.picking"), OdooOrderMapper::pickingFields()},
        {S("account.move"), OdooOrderMapper::invoiceFields()},
    };
    *bytes = 0;
    *records = 0;
    QElapsedTimer timer;
    timer.start();
    for (const auto &[model, fields] : models) {
        for (int offset = 0;; offset += 1000) {
            const QByteArray answer =
                postJson(nam, url, searchRead(model, fields, {}, offset, 1000));
            *bytes += answer.size();
            const qsizetype n =
                QJsonDocument::fromJson(answer).object().value(S("result")).toArray().size();
            *records += n;
            if (n < 1000)
                break;
        }
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

double medianMs(int runs, const std::function<void()> &f) {
    std::vector<double> v;
    f(); // warm up
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        v.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return medianOf(v);
}

void decodeRate(const QUrl &url, int rows, int runs) {
    QNetworkAccessManager nam;
    const QByteArray answer = postJson(
        nam, url, searchRead(S("sale.order"), OdooOrderMapper::saleOrderFields(), {}, 0, rows));
    TransportReply reply;
    reply.httpStatus = 200;
    reply.contentType = QByteArrayLiteral("application/json");
    reply.body = answer;
    // The JSON-2 answer is the bare result: the same records without the envelope.
    const qsizetype start = answer.indexOf("\"result\"");
    TransportReply reply2 = reply;
    reply2.body = answer.mid(answer.indexOf('[', start), -1);
    reply2.body.chop(1);
    OdooError e;
    const qsizetype n = OdooClient::parseReply(reply, &e).toArray().size();
    const double mb = double(answer.size()) / 1e6;
    std::printf("\nJSON decode: one search_read answer of %lld sale orders, %.2f MB (%s)\n",
                qlonglong(n), mb, e.isError() ? qPrintable(e.message) : "parsed");
    volatile qsizetype sink = 0;
    const double plain =
        medianMs(runs, [&] { sink = sink + QJsonDocument::fromJson(answer).object().size(); });
    const double client =
        medianMs(runs, [&] { sink = sink + OdooClient::parseReply(reply, &e).toArray().size(); });
    const double client2 =
        medianMs(runs, [&] { sink = sink + json2::parseReply(reply2, &e).toArray().size(); });
    const OdooOrderMapper mapper(S("o2c"));
    const double full = medianMs(runs, [&] {
        OdooRecordSet set;
        const QJsonArray records = OdooClient::parseReply(reply, &e).toArray();
        set.saleOrders.reserve(records.size());
        for (const QJsonValue &v : records)
            set.saleOrders << v.toObject();
        sink = sink + mapper.map(set).size();
    });
    std::printf("  %-46s %8.1f ms  %7.1f MB/s  x%.2f\n", "baseline QJsonDocument::fromJson", plain,
                mb / (plain / 1000.0), 1.0);
    std::printf("  %-46s %8.1f ms  %7.1f MB/s  x%.2f\n", "client JSON-RPC parseReply", client,
                mb / (client / 1000.0), client / plain);
    std::printf("  %-46s %8.1f ms  %7.1f MB/s  x%.2f\n", "client JSON-2 parseReply", client2,
                mb / (client2 / 1000.0), client2 / plain);
    std::printf("  %-46s %8.1f ms  %7.1f MB/s  x%.2f\n", "client parseReply + map to orders", full,
                mb / (full / 1000.0), full / plain);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    int orders = 20000;
    int runs = 3;
    int decodeRows = 5000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--orders"))
            orders = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--decode-rows"))
            decodeRows = args.at(i + 1).toInt();
    }
    std::printf("bench_odoo: %d orders of history, %d runs (medians; a shared machine is noisy)\n",
                orders, runs);
    const qint64 rssAtStart = platform::currentResidentBytes();
    SimProcess sim;
    QElapsedTimer t;
    t.start();
    if (!sim.start(orders)) {
        std::printf("o2c-sim did not start: %s\n", sim.process.readAllStandardError().constData());
        return 1;
    }
    std::printf("o2c-sim ready at %s after %.1f s\n", qPrintable(sim.url.toString()),
                double(t.elapsed()) / 1000.0);

    // Cold syncs: the first also sizes the retained raw records.
    std::vector<double> syncMs, syncCpuMs, floorMs;
    SyncRun first;
    qint64 peakAfterFirst = -1;
    qint64 floorBytes = 0, floorRecords = 0;
    for (int i = 0; i < runs; ++i) {
        const SyncRun r = coldSync(sim.url, i == 0);
        if (r.orders == 0)
            return 1;
        if (i == 0) {
            first = r;
            peakAfterFirst = platform::peakResidentBytes();
        }
        syncMs.push_back(r.ms);
        syncCpuMs.push_back(r.cpuMs);
        floorMs.push_back(plainRead(sim.url, &floorBytes, &floorRecords));
    }
    const double sync = medianOf(syncMs);
    const double floor = medianOf(floorMs);
    const SyncStats &s = first.stats;
    std::printf("\nCold sync of %lld orders (JSON-RPC, pages of 1000, 2 in flight)\n",
                qlonglong(first.orders));
    std::printf("  records: %d sale orders, %d lines, %d partners, %d manufacturing orders, %d "
                "pickings, %d invoices; %d requests\n",
                s.saleOrders, s.orderLines, s.partners, s.manufacturingOrders, s.pickings,
                s.invoices, s.requests);
    std::printf("  %-46s %8.0f ms  %8.0f orders/s  x%.2f\n", "baseline: plain paged read + parse",
                floor, double(first.orders) / (floor / 1000.0), 1.0);
    std::printf("  %-46s %8.0f ms  %8.0f orders/s  x%.2f\n", "sync (transport, client, map, book)",
                sync, double(first.orders) / (sync / 1000.0), sync / floor);
    std::printf(
        "  client CPU in the sync %.0f ms (%.0f orders per CPU second); the rest of the wall "
        "time is the simulator answering its keyset queries\n",
        medianOf(syncCpuMs), double(first.orders) / (medianOf(syncCpuMs) / 1000.0));
    std::printf("  baseline read %lld records, %.1f MB of JSON\n", qlonglong(floorRecords),
                double(floorBytes) / 1e6);
    std::printf("\nMemory (this process; the simulator runs in its own)\n");
    std::printf("  resident at start %.1f MiB, peak after the first cold sync %.1f MiB (+%.1f "
                "MiB)\n",
                mib(rssAtStart), mib(peakAfterFirst), mib(peakAfterFirst - rssAtStart));
    std::printf("  retained raw records: %lld records, %.1f MB as compact JSON\n",
                qlonglong(first.retained.records), double(first.retained.jsonBytes) / 1e6);
    if (first.rssWithSync >= 0 && first.rssAfterSync >= 0)
        std::printf("  resident with the sync's records %.1f MiB, after releasing them %.1f MiB: "
                    "they hold %.1f MiB (%.0f bytes per order)\n",
                    mib(first.rssWithSync), mib(first.rssAfterSync),
                    mib(first.rssWithSync - first.rssAfterSync),
                    double(first.rssWithSync - first.rssAfterSync) / double(first.orders));

    decodeRate(sim.url, decodeRows, std::max(5, runs * 3));
    return 0;
}
