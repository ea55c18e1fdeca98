// SPDX-License-Identifier: GPL-3.0-or-later
// Simulator figures: history creation, and search_read pages of sale orders as the cockpit's
// sync asks for them ("write_date asc, id asc", 1,000 a page, keyset domain), measured in the
// database, through the JSON-RPC handler and over HTTP on loopback. A naive baseline (filter all,
// sort all with QVariant keys, then page) runs in the same process for comparison.
//
//   bench_sim [orders ...] [--runs N] [--no-startup]   default: 20000 100000, 15 runs

#include "Domain.h"
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "Simulator.h"
#include "odoo/OdooOrderMapper.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

using namespace o2c::sim;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

// Median wall time and median process CPU time (the machine may be shared: CPU time is the
// steadier figure; client and server run on this thread, so it covers both).
struct Timing {
    double wall = 0;
    double cpu = 0;
};

Timing median(int runs, const std::function<void()> &f) {
    std::vector<double> wall;
    std::vector<double> cpu;
    f(); // warm up
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        const std::clock_t c0 = std::clock();
        timer.start();
        f();
        wall.push_back(double(timer.nsecsElapsed()) / 1e6);
        cpu.push_back(double(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

// The first implementation: every match sorted by QVariant keys, then the page cut out.
QList<qint64> naivePage(const OdooDatabase &db, const Domain &domain, qint64 limit) {
    const QString model = S("sale.order");
    QList<qint64> ids = db.searchAll(model, domain);
    std::vector<std::pair<qint64, QList<QVariant>>> rows;
    for (qint64 id : ids) {
        const Record *r = db.record(model, id);
        const double wd =
            double(db.value(model, *r, S("write_date")).toDateTime().toMSecsSinceEpoch());
        rows.push_back({id, {QVariant(wd), QVariant(id)}});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) {
        for (qsizetype i = 0; i < a.second.size(); ++i) {
            const double x = a.second.at(i).toDouble();
            const double y = b.second.at(i).toDouble();
            if (x != y)
                return x < y;
        }
        return false;
    });
    QList<qint64> out;
    for (qsizetype i = 0; i < qsizetype(rows.size()) && i < limit; ++i)
        out << rows[size_t(i)].first;
    return out;
}

QByteArray searchReadBody(const QJsonArray &domain) {
    QJsonArray fields;
    for (const QString &f : o2c::odoo::OdooOrderMapper::saleOrderFields())
        fields.append(f);
    const QJsonObject kwargs{
        {S("fields"), fields}, {S("limit"), 1000}, {S("order"), S("write_date asc, id asc")}};
    const QJsonArray args{
        S("o2c"),           9,     Simulator::plannerApiKey(), S("sale.order"), S("search_read"),
        QJsonArray{domain}, kwargs};
    const QJsonObject request{{S("jsonrpc"), S("2.0")},
                              {S("method"), S("call")},
                              {S("id"), 1},
                              {S("params"), QJsonObject{{S("service"), S("object")},
                                                        {S("method"), S("execute_kw")},
                                                        {S("args"), args}}}};
    return QJsonDocument(request).toJson(QJsonDocument::Compact);
}

void runSize(int orders, int runs) {
    SimulatorOptions o;
    o.start = QDateTime(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());
    o.scenario.speed = 0;
    o.scenario.rate = 240;
    o.scenario.running = false;
    o.scenario.initialOrders = orders;
    QElapsedTimer timer;
    timer.start();
    Simulator sim(o);
    if (!sim.start()) {
        std::printf("simulator did not start\n");
        return;
    }
    const double historyMs = double(timer.nsecsElapsed()) / 1e6;
    OdooDatabase &db = sim.database();
    const qint64 count = db.count(S("sale.order"));

    // A keyset cursor in the middle of the write_date order, as the sync's second page onwards.
    QList<qint64> all = db.ids(S("sale.order"));
    db.sortIds(S("sale.order"), all, S("write_date asc, id asc"));
    const qint64 pivot = all.at(all.size() / 2);
    const QString wd =
        formatDatetime(db.value(S("sale.order"), pivot, S("write_date")).toDateTime());
    const QJsonArray keyset{S("|"), QJsonArray{S("write_date"), S(">"), wd}, S("&"),
                            QJsonArray{S("write_date"), S("="), wd},
                            QJsonArray{S("id"), S(">"), pivot}};
    const Domain domain = Domain::parse(db, S("sale.order"), keyset);

    std::printf("\n%d initial orders -> %lld sale orders; history created in %.0f ms\n", orders,
                count, historyMs);
    QList<qint64> a;
    QList<qint64> b;
    const Timing naive = median(runs, [&] { a = naivePage(db, domain, 1000); });
    const Timing search = median(
        runs, [&] { b = db.search(S("sale.order"), domain, S("write_date asc, id asc"), 1000); });
    std::printf("  search page of 1000 (database)   naive wall %7.2f cpu %7.2f ms | now wall %7.2f "
                "cpu %7.2f ms | naive/now cpu x%.1f%s\n",
                naive.wall, naive.cpu, search.wall, search.cpu, naive.cpu / qMax(search.cpu, 0.01),
                a == b ? "" : "   (PAGES DIFFER)");

    const QByteArray body = searchReadBody(keyset);
    qsizetype bytes = 0;
    const Timing handler = median(runs, [&] {
        bytes =
            sim.rpc()
                .handle(QByteArrayLiteral("/jsonrpc"), QByteArrayLiteral("application/json"), body)
                .body.size();
    });
    std::printf(
        "  search_read 1000 (JSON-RPC handler)                              | now wall %7.2f "
        "cpu %7.2f ms (%lld bytes)\n",
        handler.wall, handler.cpu, qint64(bytes));

    QNetworkAccessManager nam;
    QUrl url = sim.url();
    url.setPath(S("/jsonrpc"));
    int records = 0;
    const Timing http = median(runs, [&] {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.post(request, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        records = int(
            QJsonDocument::fromJson(reply->readAll()).object().value(S("result")).toArray().size());
        reply->deleteLater();
    });
    std::printf(
        "  search_read 1000 (HTTP, client parses the JSON)                  | now wall %7.2f "
        "cpu %7.2f ms (%d records)\n",
        http.wall, http.cpu, records);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QList<int> sizes;
    int runs = 15;
    bool startup = true;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == S("--no-startup"))
            startup = false;
        else if (args.at(i) == S("--runs") && i + 1 < args.size())
            runs = args.at(++i).toInt();
        else
            sizes << args.at(i).toInt();
    }
    if (sizes.isEmpty())
        sizes = {20000, 100000};
    // As the demo starts it: SimulatorThread with default options but 240 demands an hour; the
    // figure is the time until ready() arrives here.
    for (int initial : startup ? QList<int>{150, 20000} : QList<int>{}) {
        SimulatorOptions o;
        o.scenario.rate = 240;
        o.scenario.initialOrders = initial;
        SimulatorThread thread(o);
        QEventLoop loop;
        QObject::connect(&thread, &SimulatorThread::ready, &loop, &QEventLoop::quit);
        QObject::connect(&thread, &SimulatorThread::failed, &loop, &QEventLoop::quit);
        QElapsedTimer timer;
        timer.start();
        thread.start();
        loop.exec();
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const auto clock = thread.clock();
        std::printf("SimulatorThread ready() with %d initial orders (rate 240/h): %.0f ms; "
                    "simulated now %s\n",
                    initial, ms, clock ? qPrintable(clock().toString(Qt::ISODate)) : "(no clock)");
    }
    for (int n : sizes)
        runSize(n, runs);
    return 0;
}
