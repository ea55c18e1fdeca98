// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The simulator the queue_job suites share: a made history, its clock standing still, and the
// planner's connection to it.

#include "Simulator.h"
#include "odoo/ConnectionProfile.h"

#include <QTimeZone>

namespace o2c::test {

// 160 orders of history on 26 November 2026, the scenario stopped so that the jobs stay put;
// `queueJob` false plays an Odoo without the queue_job module.
inline sim::SimulatorOptions queueJobHistory(bool queueJob = true) {
    sim::SimulatorOptions o;
    o.start = QDateTime(QDate(2026, 11, 26), QTime(10, 0), QTimeZone::utc());
    o.scenario.seed = 5;
    o.scenario.rate = 30;
    o.scenario.initialOrders = 160;
    o.scenario.running = false;
    o.scenario.speed = 0;
    o.queueJob = queueJob;
    return o;
}

inline odoo::ConnectionProfile plannerProfile(const sim::Simulator &s) {
    odoo::ConnectionProfile p;
    p.url = s.url();
    p.database = QStringLiteral("o2c");
    p.login = QStringLiteral("planner");
    p.secret = QStringLiteral("planner");
    return p;
}

} // namespace o2c::test
