// SPDX-License-Identifier: GPL-3.0-or-later
#include "Scenario.h"

#include "OdooDatabase.h"
#include "OrderFlow.h"

namespace o2c::sim {

struct Scenario::Private {
    Private(OdooDatabase &database, OrderFlow &orderFlow, const ScenarioOptions &o)
        : db(database)
        , flow(orderFlow)
        , options(o) {}
    OdooDatabase &db;
    OrderFlow &flow;
    ScenarioOptions options;
    QTimer timer;
    int created = 0;
    int breaches = 0;
};

Scenario::Scenario(OdooDatabase &db, OrderFlow &flow, ScenarioOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(db, flow, options)) {
    d->timer.setInterval(250);
    connect(&d->timer, &QTimer::timeout, this, &Scenario::tick);
}

Scenario::~Scenario() = default;

void Scenario::prepareHistory() {}

void Scenario::start() {
    d->timer.start();
}

void Scenario::stop() {
    d->timer.stop();
}

void Scenario::advanceTo(const QDateTime &) {}

void Scenario::tick() {
    advanceTo(d->db.now());
}

int Scenario::ordersCreated() const {
    return d->created;
}

int Scenario::holdBreaches() const {
    return d->breaches;
}

} // namespace o2c::sim
