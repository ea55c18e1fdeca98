// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Simulator.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace o2c::sim {

class OdooDatabase;
class OdooRpc;
class OrderFlow;
struct GeneratedOrder;

// Drives the simulated Odoo like its users would: customer orders from the demand generator
// become sale.order records, which are then confirmed, produced, shipped, invoiced and paid on
// the simulated clock. Holds (HOLD tag on a quotation, "HOLD:" activity on an MO) are respected
// except for a small breach probability. Deterministic for a given seed.
class Scenario final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scenario)
public:
    Scenario(OdooDatabase &db, OrderFlow &flow, OdooRpc &rpc, ScenarioOptions options,
             QObject *parent = nullptr);
    ~Scenario() override;

    // Creates options.initialOrders orders in the simulated past and moves them along.
    void prepareHistory();
    void start(); // follow the clock (a timer polls it)
    void stop();
    // Processes everything due up to the clock's current time.
    void advanceTo(const QDateTime &until);
    void tick();

    // The middleware hub in front of Odoo. A gate that returns true has taken the order over: it
    // calls admit() when (and if) it forwards the order to Odoo.
    using IntakeGate = std::function<bool(const GeneratedOrder &)>;
    void setIntakeGate(IntakeGate gate);
    // Creates (or, for an amendment, writes) the sale order now; returns its id, 0 if refused.
    qint64 admit(const GeneratedOrder &order);

    int ordersCreated() const;
    int holdBreaches() const;

signals:
    void orderCreated(qint64 saleOrderId);

private:
    void ensureCatalog();
    void process(const GeneratedOrder &order);
    void runStep(int step, qint64 id);
    void releaseHolds(const QDateTime &now);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c::sim
