// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace o2c::sim {

class OdooDatabase;
class OdooRpc;
class OrderFlow;

// Seeds the master data of the recorded lab database: users (admin 2, monitor 8, planner 9),
// partners 10 "Deco Addict", 11 "Gemini Furniture", 12 "Ready Mat", 13, 14, products 17, 62
// CW-FRAME, 63 CW-SCREW, 64 CW-MTO, 65 CW-MTS with the BoM of the recordings, ir.model 585
// mrp.production / 605 sale.order, activity type 4 "To-Do", and the small reference records
// (currency, unit, journals, locations) the many2one values name.
void seedLabFixture(OdooDatabase &db, OdooRpc &rpc, OrderFlow &flow);

} // namespace o2c::sim
