// SPDX-License-Identifier: GPL-3.0-or-later
#include "LabFixture.h"

#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "Simulator.h"

namespace o2c::sim {

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

void named(OdooDatabase &db, const char *model, qint64 id, const char *name,
           QVariantHash extra = {}) {
    db.setNextId(QLatin1String(model), id);
    extra.insert(S("name"), QString::fromUtf8(name));
    db.create(QLatin1String(model), extra);
}

} // namespace

void seedLabFixture(OdooDatabase &db, OdooRpc &rpc, OrderFlow &flow) {
    auto &users = rpc.users();
    users.clear();
    LabUser admin{2, S("admin"), S("admin"), {}, S("Mitchell Admin"), 3, true, true, true, false};
    LabUser monitor{8, S("monitor"), S("monitor"), {},    S("Monitor (read-only-ish)"),
                    0, false,        false,        false, true};
    LabUser planner{
        9,    S("planner"), S("planner"), Simulator::plannerApiKey(), S("Planner"), 0, false,
        true, true,         false};
    users << admin << monitor << planner;
    for (const LabUser &u : users)
        named(db, "res.users", u.uid, u.name.toUtf8().constData(),
              {{S("login"), u.login}, {S("active"), true}});

    named(db, "res.partner", 3, "Mitchell Admin");
    named(db, "res.partner", 10, "Deco Addict", {{S("is_company"), true}});
    named(db, "res.partner", 11, "Gemini Furniture", {{S("is_company"), true}});
    named(db, "res.partner", 12, "Ready Mat", {{S("is_company"), true}});
    named(db, "res.partner", 13, "OpenWood", {{S("is_company"), true}});
    named(db, "res.partner", 14, "The Jackson Group", {{S("is_company"), true}});
    db.setNextId(S("res.partner"), 100);

    named(db, "res.currency", 1, "USD");
    named(db, "uom.uom", 1, "Units");
    named(db, "uom.uom", 4, "Hours");
    named(db, "account.journal", 1, "Customer Invoices");
    named(db, "account.journal", 6, "Bank");
    named(db, "account.payment.term", 4, "30 Days");
    named(db, "account.payment.method.line", 1, "Manual Payment (Bank)");
    named(db, "account.account", 7, "121000 Account Receivable");
    named(db, "stock.location", 5, "Partners/Customers");
    named(db, "stock.location", 8, "WH/Stock");
    named(db, "stock.location", 15, "Virtual Locations/Production");
    named(db, "stock.picking.type", 2, "YourCompany: Delivery Orders");
    named(db, "res.company", 1, "YourCompany");
    named(db, "mail.activity.type", 4, "To-Do", {{S("summary"), QString()}});
    named(db, "ir.model", 585, "Production", {{S("model"), S("mrp.production")}});
    named(db, "ir.model", 605, "Sales Order", {{S("model"), S("sale.order")}});
    named(db, "ir.model", 606, "Sales Order Line", {{S("model"), S("sale.order.line")}});
    named(db, "ir.model", 400, "Transfer", {{S("model"), S("stock.picking")}});
    named(db, "ir.model", 300, "Journal Entry", {{S("model"), S("account.move")}});
    named(db, "ir.model", 80, "Contact", {{S("model"), S("res.partner")}});
    named(db, "crm.tag", 1, "Product");
    named(db, "crm.tag", 2, "Services");
    named(db, "crm.tag", 3, "Information");
    named(db, "crm.tag", 4, "Design");
    named(db, "crm.tag", 5, "Training");
    named(db, "crm.tag", 6, "Consulting");
    named(db, "crm.tag", 7, "Other");
    named(db, "crm.tag", 8, "VIP");

    db.setNextId(S("mrp.bom"), 9);
    ProductSetup desk{17, S("FURN_8220"), S("Four Person Desk"), 2350.0, 0.0, 50, false, false, {}};
    flow.addProduct(desk);
    ProductSetup frame{62, S("CW-FRAME"), S("Cockpit Widget Frame"), 40.0, 0.15, 1000, false, false,
                       {}};
    flow.addProduct(frame);
    ProductSetup screw{
        63, S("CW-SCREW"), S("Cockpit Widget Screw Pack"), 1.0, 0.15, 5000, false, false, {}};
    flow.addProduct(screw);
    ProductSetup mto{64,    S("CW-MTO"), S("Cockpit Widget (made to order)"),
                     250.0, 0.15,        0,
                     true,  true,        {{62, 1.0}, {63, 4.0}}};
    flow.addProduct(mto);
    ProductSetup mts{65,    S("CW-MTS"), S("Cockpit Widget (manufactured, no MTO)"),
                     250.0, 0.15,        0,
                     true,  false,       {{62, 1.0}, {63, 4.0}}};
    flow.addProduct(mts);
    db.setNextId(S("product.product"), 100);
}

} // namespace o2c::sim
