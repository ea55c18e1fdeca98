// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

namespace o2c::sim {

class OdooDatabase;
class Scenario;

struct ScenarioOptions {
    quint64 seed = 42;
    double rate = 6.0;    // customer demands per simulated hour, all channels together
    double speed = 60.0;  // simulated seconds per real second
    int initialOrders = 150; // history created before serving (already moved along the stages)
    bool running = true;  // false: no orders emitted on the clock (tests drive the scenario by hand)
};

struct SimulatorOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;     // 0: chosen by the OS
    QString database = QStringLiteral("o2c");
    ScenarioOptions scenario;
};

// The Odoo 18 simulator: an in-memory Odoo database behind a JSON-RPC server on loopback, driven
// by a deterministic scenario. Lives on the thread that creates it.
class Simulator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Simulator)
public:
    explicit Simulator(SimulatorOptions options = {}, QObject *parent = nullptr);
    ~Simulator() override;

    bool start(QString *error = nullptr);
    void stop();
    quint16 port() const;
    QUrl url() const; // http://127.0.0.1:<port>

    OdooDatabase &database();
    Scenario &scenario();

    // The lab users (as in the recordings): admin/admin (uid 2), monitor/monitor (uid 8),
    // planner/planner (uid 9) with API key plannerApiKey().
    static QString plannerApiKey();
};

} // namespace o2c::sim
