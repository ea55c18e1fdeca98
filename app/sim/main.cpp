// SPDX-License-Identifier: GPL-3.0-or-later
// o2c-sim: the Odoo simulator as a stand-alone server, for demos, scripts and CI.
#include "Simulator.h"
#include "middleware/IntakeHub.h"
#include "shared/ProcessSetup.h"

#include "common/Log.h"

#include <QCoreApplication>
#include <QTextStream>

#include <memory>

using namespace o2c;

int main(int argc, char **argv) {
    app::setApplicationIdentity(QStringLiteral("o2c-sim"));
    QCoreApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves the Odoo JSON-RPC calls O2C Cockpit uses (and JSON-2 with --odoo-version 19), "
        "on loopback, from an in-memory database driven by a deterministic order scenario.\n"
        "Sign in with database \"o2c\", user \"planner\", password \"planner\" (JSON-2: the "
        "planner's API key, printed at start)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("port"),
                      QStringLiteral("TCP port on 127.0.0.1 (default: 0, chosen by the system)."),
                      QStringLiteral("port"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database name (default: o2c)."),
                      QStringLiteral("name"), QStringLiteral("o2c")});
    parser.addOption(
        {QStringLiteral("seed"),
         QStringLiteral("Scenario seed: the same seed gives the same orders (default: 42)."),
         QStringLiteral("n"), QStringLiteral("42")});
    parser.addOption({QStringLiteral("rate"),
                      QStringLiteral("Customer demands per simulated hour (default: 120)."),
                      QStringLiteral("per-hour"), QStringLiteral("120")});
    parser.addOption({QStringLiteral("speed"),
                      QStringLiteral("Simulated seconds per real second (default: 60)."),
                      QStringLiteral("factor"), QStringLiteral("60")});
    parser.addOption({QStringLiteral("initial-orders"),
                      QStringLiteral("Orders of history created before serving (default: 150)."),
                      QStringLiteral("n"), QStringLiteral("150")});
    parser.addOption({QStringLiteral("odoo-version"),
                      QStringLiteral("The Odoo release to play, 16 to 19 (default: 18). 19 also "
                                     "serves JSON-2."),
                      QStringLiteral("major"), QStringLiteral("18")});
    parser.addOption({QStringLiteral("paused"),
                      QStringLiteral("Serve the initial orders only; emit no new ones.")});
    parser.addOption({QStringLiteral("hub-port"),
                      QStringLiteral("TCP port of the middleware intake hub on 127.0.0.1 "
                                     "(default: 0, chosen by the system)."),
                      QStringLiteral("port"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("no-hub"),
                      QStringLiteral("Orders go straight to Odoo, without the middleware hub.")});
    parser.addOption({QStringLiteral("hub-retain-events"),
                      QStringLiteral("Events the hub keeps for resuming streams (default: 0, "
                                     "all); older resumes get 410 events_expired."),
                      QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("hub-odoo-failures"),
                      QStringLiteral("Chance that a forwarding attempt from the hub to Odoo fails "
                                     "(default: 0.04; three failures dead-letter an order)."),
                      QStringLiteral("p"), QStringLiteral("0.04")});
    parser.addOption({QStringLiteral("no-queue-job"),
                      QStringLiteral("Serve an Odoo without OCA queue_job (no queue.job model).")});
    app::addLoggingOptions(parser);
    parser.process(app);

    if (!app::setupLogging(parser, QStringLiteral("o2c-sim")))
        return 2;

    QTextStream err(stderr);
    bool ok = true;
    auto number = [&](const QString &name, double min, double max) {
        bool isNumber = false;
        const double v = parser.value(name).toDouble(&isNumber);
        if (!isNumber || v < min || v > max) {
            err << QStringLiteral("--%1 must be a number from %2 to %3, not \"%4\".\n")
                       .arg(name)
                       .arg(min)
                       .arg(max)
                       .arg(parser.value(name));
            ok = false;
        }
        return v;
    };
    sim::SimulatorOptions options;
    options.port = quint16(number(QStringLiteral("port"), 0, 65535));
    options.database = parser.value(QStringLiteral("db"));
    options.scenario.seed = quint64(number(QStringLiteral("seed"), 0, 9.0e15));
    options.scenario.rate = number(QStringLiteral("rate"), 0, 100000);
    options.scenario.speed = number(QStringLiteral("speed"), 0.01, 100000);
    options.scenario.initialOrders = int(number(QStringLiteral("initial-orders"), 0, 2000000));
    options.scenario.running = !parser.isSet(QStringLiteral("paused"));
    options.queueJob = !parser.isSet(QStringLiteral("no-queue-job"));
    const auto hubPort = quint16(number(QStringLiteral("hub-port"), 0, 65535));
    const auto retain = qint64(number(QStringLiteral("hub-retain-events"), 0, 1.0e12));
    const double odooFailures = number(QStringLiteral("hub-odoo-failures"), 0, 1);
    options.odooVersion = int(number(QStringLiteral("odoo-version"), 16, 19));
    if (!ok)
        return 2;

    sim::Simulator simulator(options);
    std::unique_ptr<sim::IntakeHub> hub;
    if (!parser.isSet(QStringLiteral("no-hub"))) {
        // Before start(): the scenario's history passes through the hub too.
        sim::HubOptions hubOptions;
        hubOptions.port = hubPort;
        hubOptions.seed = options.scenario.seed;
        hubOptions.retainEvents = retain;
        hubOptions.faults.odooFailureProbability = odooFailures;
        hub = std::make_unique<sim::IntakeHub>(simulator, hubOptions);
    }
    QString error;
    if (!simulator.start(&error)) {
        err << QStringLiteral("The simulator could not start: %1\n").arg(error);
        return 1;
    }
    if (hub && !hub->listen(&error)) {
        err << QStringLiteral("The middleware hub could not start: %1\n").arg(error);
        return 1;
    }
    QTextStream out(stdout);
    if (options.odooVersion >= 19)
        out << QStringLiteral("O2C simulator: Odoo %1 JSON-RPC and JSON-2 on %2 (database %3, "
                              "user planner, password planner, API key %4)\n")
                   .arg(options.odooVersion)
                   .arg(simulator.url().toString(), options.database,
                        sim::Simulator::plannerApiKey());
    else
        out << QStringLiteral("O2C simulator: Odoo %1 JSON-RPC on %2 (database %3, user planner, "
                              "password planner)\n")
                   .arg(options.odooVersion)
                   .arg(simulator.url().toString(), options.database);
    if (hub)
        out << QStringLiteral("O2C simulator: middleware intake hub (contract v1) on %1\n")
                   .arg(hub->url().toString());
    out.flush();
    spdlog::info("simulator listening on {}", simulator.url().toString());
    return app.exec();
}
