// SPDX-License-Identifier: GPL-3.0-or-later
#include "Scenario.h"
#include "Dice.h"

#include "Domain.h"
#include "OdooDatabase.h"
#include "OdooFault.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "SimulatorClock.h"
#include "demand/DemandGenerator.h"
#include "order/Channel.h"

#include <QJsonArray>
#include <QSet>
#include <QTimeZone>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace o2c::sim {

namespace {

// Literal field and value names, without an allocation per use.
#define S(text) QStringLiteral(text)

enum class Step : quint8 { Confirm, Cancel, Produce, Reserve, Ship, Invoice, Post, Pay };

// How long each stage takes, in simulated minutes (log-uniform between the bounds).
struct StageWait {
    double lo;
    double hi;
};
constexpr StageWait confirmWait{5, 120};         // quotation → confirmed
constexpr StageWait cancelWait{30, 2880};        // a quotation the customer withdraws
constexpr StageWait produceWait{30, 360};        // MO confirmed → done
constexpr StageWait reserveWait{15, 240};        // confirmed (no MO) → delivery reserved
constexpr StageWait reserveAfterMoWait{20, 240}; // produced → delivery reserved
constexpr StageWait shipWait{20, 240};           // reserved → shipped
constexpr StageWait invoiceWait{20, 180};        // shipped → invoice drafted
constexpr StageWait postWait{5, 60};             // draft → posted
constexpr StageWait payWait{60, 4320};           // posted → paid (an hour to three days)
constexpr StageWait retryWait{60, 240};          // waiting for goods: look again
constexpr StageWait releaseWait{5, 30};          // a planner released a hold: work resumes
constexpr double holdQuotationShare = 0.05;
constexpr double holdProductionShare = 0.06;
constexpr double cancelShare = 0.03;

// The history: half of it in the last hours at up to the live rate (so every stage holds
// orders when serving starts), the other half thinly over the weeks before (paid by now).
constexpr double recentShare = 0.5;
constexpr double recentMinHours = 10.0;
constexpr double olderDays = 21.0;

// Scenario steps run with reservation by hand and stamped with the step's time; RPC calls in
// between see Odoo's automatic reservation and the running clock again.
class StepScope final {
public:
    StepScope(OrderFlow &flow, SimulatorClock &clock, const QDateTime &at)
        : m_flow(flow)
        , m_clock(clock)
        , m_auto(flow.automaticDeliveryReservation()) {
        m_flow.setAutomaticDeliveryReservation(false);
        m_clock.pin(at);
    }
    ~StepScope() {
        m_flow.setAutomaticDeliveryReservation(m_auto);
        m_clock.unpin();
    }
    StepScope(const StepScope &) = delete;
    StepScope &operator=(const StepScope &) = delete;

private:
    OrderFlow &m_flow;
    SimulatorClock &m_clock;
    bool m_auto;
};

QString originOf(const CanonicalOrder &o) {
    const QString doc = o.source.document;
    const QString number = doc.mid(doc.lastIndexOf(QLatin1Char('-')) + 1);
    switch (o.channel) {
    case Channel::Edi: {
        const EdiControlNumbers &e = o.source.edi;
        return QStringLiteral("EDI/850/%1/%2/%3/%4").arg(e.sender, e.isa13, e.gs06, e.st02);
    }
    case Channel::Ecommerce:
        return S("WEB/") + number;
    case Channel::Crm:
        return S("CRM/") + number;
    case Channel::Portal:
        return S("PORTAL/") + number;
    case Channel::Email:
        return S("MAIL/") + number;
    default:
        return {};
    }
}

} // namespace

struct Scenario::Private {
    Private(OdooDatabase &database, OrderFlow &orderFlow, OdooRpc &odooRpc,
            const ScenarioOptions &o)
        : db(database)
        , flow(orderFlow)
        , rpc(odooRpc)
        , options(o)
        , dice{o.seed ^ 0x5EEDull} {}
    OdooDatabase &db;
    OrderFlow &flow;
    OdooRpc &rpc;
    ScenarioOptions options;
    Dice dice;
    QTimer timer;
    std::unique_ptr<DemandGenerator> demand;
    std::map<std::tuple<qint64, quint64>, std::pair<Step, qint64>> agenda; // (msecs, seq)
    quint64 sequence = 0;
    QHash<QString, qint64> orderOf;          // generated order id -> sale.order id
    QHash<qint64, qint64> orderOfProduction; // mrp.production -> sale.order
    // ordered sets: releases are handed out in id order, whatever the hash seed
    std::set<qint64> heldQuotations;  // HOLD-tagged and not scheduled
    std::set<qint64> heldProductions; // "HOLD:" activity and not scheduled
    QSet<qint64> scheduledProductions;
    qint64 lastSweepMs = 0;
    QHash<int, qint64> sources; // channel -> utm.source id
    qint64 holdTag = 0;
    bool seeded = false;
    int created = 0;
    int breaches = 0;
    int attempts = 0;
    IntakeGate gate;

    void schedule(const QDateTime &at, Step step, qint64 id) {
        agenda.emplace(std::make_tuple(at.toMSecsSinceEpoch(), ++sequence),
                       std::make_pair(step, id));
    }
    QDateTime after(const QDateTime &t, StageWait w) {
        return t.addMSecs(qint64(dice.spread(w.lo, w.hi) * 60000.0));
    }
};

Scenario::Scenario(OdooDatabase &db, OrderFlow &flow, OdooRpc &rpc, ScenarioOptions options,
                   QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(db, flow, rpc, options)) {
    d->timer.setInterval(250);
    connect(&d->timer, &QTimer::timeout, this, &Scenario::tick);
}

Scenario::~Scenario() = default;

void Scenario::prepareHistory() {
    ensureCatalog();
    const QDateTime now = d->db.now();
    const double n = d->options.initialOrders;
    const double rate = d->options.rate;
    if (n > 0 && rate > 0) {
        const double recentRate = qMin(rate, n * recentShare / recentMinHours);
        const double recentHours = n * recentShare / recentRate;
        const double olderRate = qMin(recentRate, n * (1 - recentShare) / (olderDays * 24));
        const double olderHours = n * (1 - recentShare) / olderRate;
        const QDateTime recentStart = now.addMSecs(-qint64(recentHours * 3600000.0));
        d->demand = std::make_unique<DemandGenerator>(
            d->options.seed, recentStart.addMSecs(-qint64(olderHours * 3600000.0)), olderRate);
        advanceTo(recentStart);
        d->demand->setRate(recentRate, recentStart);
        advanceTo(now);
        d->demand->setRate(rate, now);
        // Simulated time stands still while the history is made: serving starts at `now`, not
        // minutes later with a gap no order fills.
        d->db.clock().setNow(now);
    }
    d->lastSweepMs = now.toMSecsSinceEpoch();
}

void Scenario::ensureCatalog() {
    if (d->seeded)
        return;
    d->seeded = true;
    if (!d->demand)
        d->demand =
            std::make_unique<DemandGenerator>(d->options.seed, d->db.now(), d->options.rate);
    OdooDatabase &db = d->db;
    for (const CatalogCustomer &c : d->demand->customers()) {
        db.setNextId(S("res.partner"), c.id);
        db.create(S("res.partner"), {{S("name"), c.name},
                                     {S("vat"), c.vat},
                                     {S("is_company"), true},
                                     {S("type"), S("contact")}});
        for (const auto &[id, display] : c.shipTo) {
            if (db.exists(S("res.partner"), id))
                continue;
            db.setNextId(S("res.partner"), id);
            db.create(S("res.partner"),
                      {{S("name"), display}, {S("parent_id"), c.id}, {S("type"), S("delivery")}});
        }
        if (c.duplicatePartnerId && !db.exists(S("res.partner"), c.duplicatePartnerId)) {
            db.setNextId(S("res.partner"), c.duplicatePartnerId);
            db.create(S("res.partner"),
                      {{S("name"), c.duplicatePartnerName}, {S("is_company"), true}});
        }
    }
    QHash<QString, qint64> bySku;
    for (const CatalogProduct &p : d->demand->products())
        bySku.insert(p.sku, p.id);
    for (const CatalogProduct &p : d->demand->products()) {
        ProductSetup s;
        s.id = p.id;
        s.code = p.sku;
        s.name = p.name;
        s.listPrice = p.listPrice;
        s.taxRate = p.taxRate;
        s.manufactured = p.manufactured;
        s.makeToOrder = p.makeToOrder;
        // Components and stocked goods are kept plentiful; MTO goods are made per order.
        s.onHand = p.makeToOrder ? 0 : 100000;
        for (const auto &[sku, qty] : p.bom)
            s.bom.append({bySku.value(sku), qty});
        d->flow.addProduct(s);
    }
    for (Channel ch : allChannels) {
        d->sources.insert(int(ch),
                          db.create(S("utm.source"), {{S("name"), channelOdooSource(ch)}}));
    }
    const QList<qint64> tags =
        db.searchAll(S("crm.tag"), Domain::leaf(S("name"), S("="), S("HOLD")));
    d->holdTag = tags.isEmpty() ? db.create(S("crm.tag"), {{S("name"), S("HOLD")}}) : tags.first();
}

void Scenario::setIntakeGate(IntakeGate gate) {
    d->gate = std::move(gate);
}

void Scenario::process(const GeneratedOrder &g) {
    // advanceTo hands out orders and steps in time order
    const StepScope scope(d->flow, d->db.clock(), g.order.createdAt);
    if (d->gate && d->gate(g))
        return;
    admit(g);
}

qint64 Scenario::admit(const GeneratedOrder &g) {
    OdooDatabase &db = d->db;
    const CanonicalOrder &o = g.order;
    d->flow.setCallContext({}, 2);
    // An amendment of a confirmed order changes its quantities instead of creating an order.
    if (g.pattern == DemandPattern::Amendment && d->orderOf.contains(g.relatesTo)) {
        const qint64 so = d->orderOf.value(g.relatesTo);
        if (db.value(S("sale.order"), so, S("state")).toString() == QLatin1String("sale") &&
            !o.lines.isEmpty()) {
            const QList<qint64> lines =
                db.value(S("sale.order"), so, S("order_line")).value<QList<qint64>>();
            if (!lines.isEmpty()) {
                // the same path as an RPC write of [1, line, {"product_uom_qty": qty}]
                QJsonArray cmds;
                cmds.append(QJsonArray{1, lines.first(),
                                       QJsonObject{{S("product_uom_qty"), o.lines.first().qty}}});
                d->rpc.writeRecord(S("sale.order"), so, {{S("order_line"), cmds}});
                d->orderOf.insert(o.id, so);
                return so;
            }
        }
    }
    QJsonArray lines;
    for (const OrderLine &l : o.lines) {
        QJsonObject v{{S("product_id"), l.productId}, {S("product_uom_qty"), l.qty}};
        if (l.price > 0)
            v.insert(S("price_unit"), l.price);
        QJsonArray cmd{0, 0, v};
        lines.append(cmd);
    }
    QJsonObject vals{{S("partner_id"), o.customer.partnerId},
                     {S("order_line"), lines},
                     {S("source_id"), d->sources.value(int(o.channel))}};
    if (o.shipToId)
        vals.insert(S("partner_shipping_id"), o.shipToId);
    if (!o.customerRef.isEmpty())
        vals.insert(S("client_order_ref"), o.customerRef);
    const QString origin = originOf(o);
    if (!origin.isEmpty())
        vals.insert(S("origin"), origin);
    if (o.requestedDate.isValid())
        vals.insert(
            S("commitment_date"),
            QString(o.requestedDate.toString(QStringLiteral("yyyy-MM-dd")) + S(" 12:00:00")));
    qint64 so = 0;
    try {
        so = d->rpc.createRecord(S("sale.order"), vals);
    } catch (const OdooFault &f) {
        qWarning("scenario order refused: %s", qPrintable(f.message));
        return 0; // an order the catalog cannot express is dropped
    }
    d->orderOf.insert(o.id, so);
    ++d->created;
    emit orderCreated(so);
    const double dice = d->dice.uniform();
    if (dice < holdQuotationShare) {
        db.write(S("sale.order"), so,
                 {{S("tag_ids"), QVariant::fromValue(QList<qint64>{d->holdTag})}});
        if (d->dice.uniform() < d->options.holdBreachProbability) {
            ++d->breaches;
            d->schedule(d->after(db.now(), {30, 240}), Step::Confirm, so);
        } else {
            d->heldQuotations.insert(so);
        }
        return so;
    }
    if (dice < holdQuotationShare + cancelShare) {
        d->schedule(d->after(db.now(), cancelWait), Step::Cancel, so);
        return so;
    }
    d->schedule(d->after(db.now(), confirmWait), Step::Confirm, so);
    return so;
}

void Scenario::start() {
    ensureCatalog();
    d->timer.start();
}

void Scenario::stop() {
    d->timer.stop();
}

void Scenario::tick() {
    const QDateTime now = d->db.now();
    // Holds a planner released (HOLD tag removed, "HOLD:" activity done) resume within minutes.
    if (now.toMSecsSinceEpoch() - d->lastSweepMs >= 10 * 60000) {
        d->lastSweepMs = now.toMSecsSinceEpoch();
        releaseHolds(now);
    }
    advanceTo(now);
}

void Scenario::releaseHolds(const QDateTime &now) {
    OdooDatabase &db = d->db;
    for (auto it = d->heldQuotations.begin(); it != d->heldQuotations.end();) {
        const qint64 so = *it;
        const bool draft =
            db.value(S("sale.order"), so, S("state")).toString() == QLatin1String("draft");
        const bool tagged =
            db.value(S("sale.order"), so, S("tag_ids")).value<QList<qint64>>().contains(d->holdTag);
        if (draft && tagged) {
            ++it;
            continue;
        }
        if (draft)
            d->schedule(d->after(now, releaseWait), Step::Confirm, so);
        it = d->heldQuotations.erase(it);
    }
    for (auto it = d->heldProductions.begin(); it != d->heldProductions.end();) {
        const qint64 mo = *it;
        const QString state = db.value(S("mrp.production"), mo, S("state")).toString();
        const bool held = db.value(S("mrp.production"), mo, S("activity_summary"))
                              .toString()
                              .startsWith(QLatin1String("HOLD:"));
        if (state == QLatin1String("confirmed") && held) {
            ++it;
            continue;
        }
        if (state == QLatin1String("confirmed")) {
            d->scheduledProductions.insert(mo);
            d->schedule(d->after(now, releaseWait), Step::Produce, mo);
        } else if (state == QLatin1String("done")) {
            d->schedule(d->after(now, releaseWait), Step::Reserve, d->orderOfProduction.value(mo));
        }
        it = d->heldProductions.erase(it);
    }
}

int Scenario::ordersCreated() const {
    return d->created;
}

int Scenario::holdBreaches() const {
    return d->breaches;
}

void Scenario::advanceTo(const QDateTime &until) {
    ensureCatalog();
    const qint64 limit = until.toMSecsSinceEpoch();
    for (;;) {
        const qint64 nextOrder = d->demand && d->options.rate > 0
                                     ? d->demand->peekNextTime().toMSecsSinceEpoch()
                                     : std::numeric_limits<qint64>::max();
        const qint64 nextStep = d->agenda.empty() ? std::numeric_limits<qint64>::max()
                                                  : std::get<0>(d->agenda.begin()->first);
        const qint64 next = qMin(nextOrder, nextStep);
        if (next > limit)
            break;
        if (nextOrder <= nextStep) {
            process(d->demand->next());
        } else {
            const auto [step, id] = d->agenda.begin()->second;
            d->agenda.erase(d->agenda.begin());
            const StepScope scope(d->flow, d->db.clock(),
                                  QDateTime::fromMSecsSinceEpoch(nextStep, QTimeZone::utc()));
            try {
                runStep(int(step), id);
            } catch (const OdooFault &f) {
                // a step the current state refuses (cancelled meanwhile, ...) is dropped
                qWarning("scenario step %d on %lld refused: %s", int(step), id,
                         qPrintable(f.message));
            }
        }
    }
    // Tests drive a stopped clock by hand: the clock then stands at `until`.
    if (limit > d->db.clock().runningMSecs())
        d->db.clock().setNow(until);
}

void Scenario::runStep(int stepValue, qint64 id) {
    OdooDatabase &db = d->db;
    const QDateTime now = db.now();
    d->flow.setCallContext({}, 9);
    const auto orderState = [&db](qint64 so) {
        return db.value(S("sale.order"), so, S("state")).toString();
    };
    switch (Step(stepValue)) {
    case Step::Confirm: {
        if (orderState(id) != QLatin1String("draft"))
            return;
        d->flow.confirmOrder(id);
        const QList<qint64> mos =
            db.value(S("sale.order"), id, S("mrp_production_ids")).value<QList<qint64>>();
        for (qint64 mo : mos) {
            d->orderOfProduction.insert(mo, id);
            // A planner holds some MOs with a "HOLD:" activity and unreserves them.
            if (d->dice.uniform() < holdProductionShare) {
                d->flow.scheduleActivity(S("mrp.production"), mo,
                                         S("HOLD: do not start - awaiting customer release"),
                                         S("<p>Held by planning</p>"), 9, now.date().addDays(2));
                d->flow.unreserveProduction(mo);
                if (d->dice.uniform() >= d->options.holdBreachProbability) {
                    d->heldProductions.insert(mo);
                    continue;
                }
                ++d->breaches;
            }
            d->scheduledProductions.insert(mo);
            d->schedule(d->after(now, produceWait), Step::Produce, mo);
        }
        if (mos.isEmpty())
            d->schedule(d->after(now, reserveWait), Step::Reserve, id);
        break;
    }
    case Step::Cancel:
        if (orderState(id) == QLatin1String("draft"))
            d->flow.cancelOrder(id);
        break;
    case Step::Produce: {
        if (db.value(S("mrp.production"), id, S("state")).toString() != QLatin1String("confirmed"))
            return;
        d->flow.markDone(id);
        const qint64 so = d->orderOfProduction.value(id);
        if (!so)
            return;
        for (qint64 mo :
             db.value(S("sale.order"), so, S("mrp_production_ids")).value<QList<qint64>>()) {
            if (db.value(S("mrp.production"), mo, S("state")).toString() ==
                QLatin1String("confirmed"))
                return; // the last MO of the order to finish moves it on
        }
        d->schedule(d->after(now, reserveAfterMoWait), Step::Reserve, so);
        break;
    }
    case Step::Reserve: {
        if (orderState(id) != QLatin1String("sale"))
            return;
        bool making = false;
        for (qint64 mo :
             db.value(S("sale.order"), id, S("mrp_production_ids")).value<QList<qint64>>()) {
            if (db.value(S("mrp.production"), mo, S("state")).toString() !=
                QLatin1String("confirmed"))
                continue;
            making = true;
            d->orderOfProduction.insert(mo, id);
            // an MO of an amendment nobody scheduled yet is made like the others
            if (!d->scheduledProductions.contains(mo) && !d->heldProductions.contains(mo)) {
                d->scheduledProductions.insert(mo);
                d->schedule(d->after(now, produceWait), Step::Produce, mo);
            }
        }
        if (making)
            return; // the MO's completion schedules the reservation again
        bool open = false;
        for (qint64 p : db.value(S("sale.order"), id, S("picking_ids")).value<QList<qint64>>()) {
            const QString st = db.value(S("stock.picking"), p, S("state")).toString();
            open = open || (st != QLatin1String("done") && st != QLatin1String("cancel"));
        }
        if (!open || d->flow.reserveDelivery(id))
            d->schedule(d->after(now, shipWait), Step::Ship, id);
        else
            d->schedule(d->after(now, retryWait), Step::Reserve, id); // waiting for goods
        break;
    }
    case Step::Ship: {
        if (orderState(id) != QLatin1String("sale"))
            return;
        bool waiting = false;
        for (qint64 p : db.value(S("sale.order"), id, S("picking_ids")).value<QList<qint64>>()) {
            const QString st = db.value(S("stock.picking"), p, S("state")).toString();
            if (st == QLatin1String("done") || st == QLatin1String("cancel"))
                continue;
            if (db.value(S("stock.picking"), p, S("products_availability_state")).toString() !=
                QLatin1String("available")) {
                waiting = true;
                continue;
            }
            d->flow.validatePicking(p);
        }
        if (waiting) {
            d->schedule(d->after(now, retryWait), Step::Reserve, id);
            return;
        }
        d->schedule(d->after(now, invoiceWait), Step::Invoice, id);
        break;
    }
    case Step::Invoice: {
        const qint64 move = d->flow.createInvoice(id);
        d->schedule(d->after(now, postWait), Step::Post, move);
        break;
    }
    case Step::Post:
        d->flow.postInvoice(id);
        d->schedule(d->after(now, payWait), Step::Pay, id);
        break;
    case Step::Pay: {
        const QString ref = db.value(S("account.move"), id, S("ref")).toString();
        const QString name = db.value(S("account.move"), id, S("name")).toString();
        d->flow.registerPayment(id, ref.isEmpty() ? name : ref + S(" - ") + name);
        break;
    }
    }
}

} // namespace o2c::sim
