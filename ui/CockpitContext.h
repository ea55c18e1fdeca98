// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/ConnectionProfile.h"

#include <QDateTime>
#include <QPointer>

#include <functional>

namespace o2c {
class OrderBook;
class MrpHoldService;
class Store;
class ActionDesk;
class ActionExecutor;
class HubHealthMonitor;
namespace odoo {
class OdooSync;
class OdooClient;
} // namespace odoo
} // namespace o2c

namespace o2c::ui {

class IntegrationLog;

// What the cockpit's screens read from: every part may be missing (offline, tests), and each
// screen says so instead of showing figures it does not have.
struct CockpitContext {
    QPointer<OrderBook> book;
    QPointer<odoo::OdooSync> sync;
    QPointer<MrpHoldService> holds;
    QPointer<odoo::OdooClient> client;
    QPointer<Store> store;
    QPointer<ActionDesk> desk;
    QPointer<ActionExecutor> executor;
    QPointer<HubHealthMonitor> hub; // the middleware hub's health figures, when there is a hub
    IntegrationLog *log = nullptr;
    odoo::ConnectionProfile profile;
    std::function<QDateTime()> clock = [] { return QDateTime::currentDateTimeUtc(); };
};

} // namespace o2c::ui
