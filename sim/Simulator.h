// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <functional>

#include <memory>

namespace o2c::sim {

class OdooDatabase;
class OdooRpc;
class OrderFlow;
class QueueJobs;
class Scenario;
class SimulatorClock;

struct ScenarioOptions {
    quint64 seed = 42;
    double rate = 6.0;       // customer demands per simulated hour, all channels together
    double speed = 60.0;     // simulated seconds per real second
    int initialOrders = 150; // history created before serving (already moved along the stages)
    bool running = true; // false: no orders emitted on the clock (tests drive the scenario by hand)
    double holdBreachProbability = 0.03; // a held quotation confirmed / held MO produced anyway
};

struct SimulatorOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: chosen by the OS
    QString database = QStringLiteral("o2c");
    // Simulated time at start; invalid: the current UTC time.
    QDateTime start;
    // true: the recorded lab's master data only (no scenario history, clock at `speed`).
    bool labFixtureOnly = false;
    // The Odoo release played, 16 to 19: reported by version_info and common.version; from 19 on
    // JSON-2 (/json/2/<model>/<method>) is served beside JSON-RPC.
    int odooVersion = 18;
    // OCA queue_job installed (the queue.job model); false: Odoo without the module.
    bool queueJob = true;
    // SimulatorThread only: also run the middleware intake hub (sim/middleware/IntakeHub) on
    // this port (0: chosen by the OS); its address is hubUrl().
    bool intakeHub = false;
    quint16 hubPort = 0;
    ScenarioOptions scenario;
};

// The Odoo simulator: an in-memory Odoo 18 database behind Odoo's external API on loopback
// (JSON-RPC; JSON-2 too when it plays Odoo 19), driven by a deterministic scenario. Lives on the
// thread that creates it.
class Simulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Simulator)
public:
    explicit Simulator(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~Simulator() override;

    // Seeds the data (lab fixture, then the scenario's history unless labFixtureOnly) and listens.
    bool start(QString *error = nullptr);
    void stop();
    quint16 port() const;
    QUrl url() const; // http://127.0.0.1:<port>
    QString databaseName() const;

    OdooDatabase &database();
    OdooRpc &rpc();
    OrderFlow &flow();
    SimulatorClock &clock();
    Scenario &scenario();
    QueueJobs *queueJobs(); // nullptr when options.queueJob is false

    // The lab users (as in the recordings): admin/admin (uid 2), monitor/monitor (uid 8),
    // planner/planner (uid 9) with API key plannerApiKey().
    static QString plannerApiKey();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Runs a Simulator on its own thread (for the GUI demo): the simulator is built, seeded and
// started inside run(); ready() reports the port, failed() the reason it could not start.
class SimulatorThread final : public QThread {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatorThread)
public:
    explicit SimulatorThread(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~SimulatorThread() override;

    quint16 port() const { return m_port.loadAcquire(); }
    // The simulated clock, callable from any thread once ready() was emitted (before: an empty
    // function). It computes simulated now from values fixed at start (base time, speed, an
    // elapsed timer), so it agrees with the simulator's clock without touching the simulator.
    std::function<QDateTime()> clock() const;
    // The intake hub's address once ready() was emitted (empty without options.intakeHub).
    QUrl hubUrl() const;

signals:
    void ready(quint16 port, const QUrl &url);
    void failed(const QString &error);

protected:
    void run() override;

private:
    SimulatorOptions m_options;
    QAtomicInteger<quint16> m_port{0};
    mutable QMutex m_clockMutex;
    std::function<QDateTime()> m_clock;
    QUrl m_hubUrl;
};

} // namespace o2c::sim
