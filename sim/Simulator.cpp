// SPDX-License-Identifier: GPL-3.0-or-later
#include "Simulator.h"

#include "LabFixture.h"
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "QueueJobs.h"
#include "Scenario.h"
#include "SimulatorClock.h"
#include "middleware/IntakeHub.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QTimeZone>

#include <memory>

namespace o2c::sim {

namespace {

QByteArray verbName(QHttpServerRequest::Method m) {
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

} // namespace

struct Simulator::Private {
    explicit Private(const SimulatorOptions &o)
        : options(o)
        , clock(o.start, o.scenario.speed)
        , db(&clock)
        , rpc(db, o.database)
        , flow(db, rpc) {
        rpc.setFlow(&flow);
        rpc.setServerMajor(o.odooVersion);
        seedLabFixture(db, rpc, flow);
    }
    SimulatorOptions options;
    SimulatorClock clock;
    OdooDatabase db;
    OdooRpc rpc;
    OrderFlow flow;
    std::unique_ptr<Scenario> scenario;
    std::unique_ptr<QueueJobs> queueJobs;
    std::unique_ptr<QHttpServer> server;
    quint16 port = 0;
};

Simulator::Simulator(SimulatorOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(options)) {
    d->scenario = std::make_unique<Scenario>(d->db, d->flow, d->rpc, d->options.scenario, this);
    if (d->options.queueJob)
        d->queueJobs =
            std::make_unique<QueueJobs>(d->db, d->rpc, *d->scenario, d->options.scenario.seed);
}

Simulator::~Simulator() {
    stop();
}

QString Simulator::plannerApiKey() {
    return QStringLiteral("e6ba4a35d6fe0f92636a28de0da8b818f9b8b489");
}

bool Simulator::start(QString *error) {
    if (d->server)
        return true;
    if (!d->options.labFixtureOnly) {
        d->scenario->prepareHistory();
        if (d->options.scenario.running) {
            d->scenario->start();
            if (d->queueJobs)
                d->queueJobs->start();
        }
    }
    d->server = std::make_unique<QHttpServer>();
    auto serve = [this](const QByteArray &path) {
        return [this, path](const QHttpServerRequest &request) {
            const HttpAnswer a = d->rpc.handle(
                path, request.value(QByteArrayLiteral("Content-Type")), request.body());
            return QHttpServerResponse(a.contentType, a.body,
                                       QHttpServerResponse::StatusCode(a.status));
        };
    };
    d->server->route(QStringLiteral("/jsonrpc"), serve(QByteArrayLiteral("/jsonrpc")));
    d->server->route(QStringLiteral("/web/webclient/version_info"),
                     serve(QByteArrayLiteral("/web/webclient/version_info")));
    // JSON-2: model and method are path segments ("sale.order" holds no slash); every verb is
    // routed here so that a GET gets Odoo's 405 rather than the server's plain 404.
    d->server->route(
        QStringLiteral("/json/2/<arg>/<arg>"),
        [this](const QString &model, const QString &method, const QHttpServerRequest &request) {
            Json2Request call;
            call.verb = verbName(request.method());
            call.model = model;
            call.method = method;
            call.authorization = request.value(QByteArrayLiteral("Authorization"));
            call.database = request.value(QByteArrayLiteral("X-Odoo-Database"));
            call.contentType = request.value(QByteArrayLiteral("Content-Type"));
            call.body = request.body();
            const HttpAnswer a = d->rpc.handleJson2(call);
            return QHttpServerResponse(a.contentType, a.body,
                                       QHttpServerResponse::StatusCode(a.status));
        });
    d->port = d->server->listen(d->options.address, d->options.port);
    if (d->port == 0) {
        d->server.reset();
        if (error) {
            *error = tr("The Odoo simulator could not listen on %1 port %2. Choose another port "
                        "or stop the program that uses it.")
                         .arg(d->options.address.toString())
                         .arg(d->options.port);
        }
        return false;
    }
    return true;
}

void Simulator::stop() {
    if (d->scenario)
        d->scenario->stop();
    if (d->queueJobs)
        d->queueJobs->stop();
    d->server.reset();
    d->port = 0;
}

quint16 Simulator::port() const {
    return d->port;
}

QUrl Simulator::url() const {
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(d->options.address.toString());
    u.setPort(d->port);
    return u;
}

QString Simulator::databaseName() const {
    return d->options.database;
}

OdooDatabase &Simulator::database() {
    return d->db;
}

OdooRpc &Simulator::rpc() {
    return d->rpc;
}

OrderFlow &Simulator::flow() {
    return d->flow;
}

SimulatorClock &Simulator::clock() {
    return d->clock;
}

Scenario &Simulator::scenario() {
    return *d->scenario;
}

QueueJobs *Simulator::queueJobs() {
    return d->queueJobs.get();
}

SimulatorThread::SimulatorThread(SimulatorOptions options, QObject *parent)
    : QThread(parent)
    , m_options(std::move(options)) {}

SimulatorThread::~SimulatorThread() {
    quit();
    wait();
}

std::function<QDateTime()> SimulatorThread::clock() const {
    const QMutexLocker lock(&m_clockMutex);
    return m_clock;
}

QUrl SimulatorThread::hubUrl() const {
    const QMutexLocker lock(&m_clockMutex);
    return m_hubUrl;
}

void SimulatorThread::run() {
    Simulator simulator(m_options);
    std::unique_ptr<IntakeHub> hub;
    QString error;
    if (m_options.intakeHub) {
        // Before start(): the scenario's history passes through the hub too.
        HubOptions hubOptions;
        hubOptions.port = m_options.hubPort;
        hubOptions.seed = m_options.scenario.seed;
        // A few orders fail on their way to Odoo (some dead-lettered), as in a real plant.
        hubOptions.faults.odooFailureProbability = 0.04;
        hub = std::make_unique<IntakeHub>(simulator, hubOptions);
    }
    if (!simulator.start(&error) || (hub && !hub->listen(&error))) {
        emit failed(error);
        return;
    }
    if (hub) {
        const QMutexLocker lock(&m_clockMutex);
        m_hubUrl = hub->url();
    }
    m_port.storeRelease(simulator.port());
    {
        // Captured once: the running clock (a scenario step's pin is not for other threads).
        const SimulatorClock &clock = simulator.clock();
        const qint64 base = clock.runningMSecs();
        const double speed = clock.speed();
        auto elapsed = std::make_shared<QElapsedTimer>();
        elapsed->start();
        const QMutexLocker lock(&m_clockMutex);
        m_clock = [base, speed, elapsed]() {
            return QDateTime::fromMSecsSinceEpoch(base + qint64(double(elapsed->elapsed()) * speed),
                                                  QTimeZone::utc());
        };
    }
    emit ready(simulator.port(), simulator.url());
    exec();
}

} // namespace o2c::sim
