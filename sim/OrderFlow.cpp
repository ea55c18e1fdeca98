// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFlow.h"

#include "Domain.h"
#include "OdooDatabase.h"
#include "OdooFault.h"
#include "OdooRpc.h"

#include <QDate>

#include <algorithm>
#include <utility>

namespace o2c::sim {

namespace {

const QString SO = QStringLiteral("sale.order");
const QString SOL = QStringLiteral("sale.order.line");
const QString MO = QStringLiteral("mrp.production");
const QString PICK = QStringLiteral("stock.picking");
const QString MOVE = QStringLiteral("stock.move");
const QString GROUP = QStringLiteral("procurement.group");
const QString AM = QStringLiteral("account.move");
const QString ACT = QStringLiteral("mail.activity");
const QString MSG = QStringLiteral("mail.message");
const QString PROD = QStringLiteral("product.product");

// Literal field and value names, without an allocation per use.
#define S(text) QStringLiteral(text)

QVariant ids(const QList<qint64> &l) {
    return QVariant::fromValue(l);
}

WireValue actWindow(std::initializer_list<std::pair<const char *, WireValue>> members) {
    WireValue o = WireValue::object();
    for (const auto &[k, v] : members)
        o.insert(QLatin1String(k), v);
    return o;
}

WireValue idList(const QList<qint64> &l) {
    WireValue a = WireValue::array();
    for (qint64 i : l)
        a.append(WireValue(i));
    return a;
}

} // namespace

OrderFlow::OrderFlow(OdooDatabase &db, OdooRpc &rpc)
    : m_db(db)
    , m_rpc(rpc) {
    registerSchemaExtras();
    registerMethods();
}

QString OrderFlow::inverseField(const QString &model, const QString &field) const {
    if (model == SO && field == QLatin1String("order_line"))
        return S("order_id");
    return {};
}

void OrderFlow::setCallContext(const QJsonObject &context, qint64 uid) {
    m_context = context;
    m_uid = uid;
}

QString OrderFlow::seqName(const QString &prefix, int digits) {
    return prefix +
           QStringLiteral("%1").arg(m_db.takeSequence(prefix), digits, 10, QLatin1Char('0'));
}

// ---- schema: computed fields, inverses, display names -------------------------------------

void OrderFlow::registerSchemaExtras() {
    auto &db = m_db;
    db.addInverse(SO, S("order_line"), SOL, S("order_id"));
    db.addInverse(PICK, S("move_ids"), MOVE, S("picking_id"));
    db.addInverse(PICK, S("move_ids_without_package"), MOVE, S("picking_id"));
    db.addInverse(MO, S("move_raw_ids"), MOVE, S("raw_material_production_id"));
    db.addInverse(MO, S("move_finished_ids"), MOVE, S("production_id"));
    db.addInverse(GROUP, S("mrp_production_ids"), MO, S("procurement_group_id"));
    db.addInverse(GROUP, S("stock_move_ids"), MOVE, S("group_id"));
    db.addInverse(SOL, S("move_ids"), MOVE, S("sale_line_id"));

    db.setDisplayName(PROD, [](const Record &r) -> QString {
        const QString code = r.values.value(S("default_code")).toString();
        const QString name = r.values.value(S("name")).toString();
        return code.isEmpty() ? name : QLatin1Char('[') + code + QLatin1String("] ") + name;
    });
    db.setDisplayName(S("res.partner"), [&db](const Record &r) -> QString {
        const qint64 parent = r.values.value(S("parent_id")).toLongLong();
        const QString name = r.values.value(S("name")).toString();
        if (!parent)
            return name;
        const QString parentName = db.displayName(S("res.partner"), parent);
        return name.isEmpty() ? parentName : parentName + QLatin1String(", ") + name;
    });
    db.setDisplayName(SOL, [&db](const Record &r) -> QString {
        const qint64 order = r.values.value(S("order_id")).toLongLong();
        const qint64 partner = db.value(SO, order, S("partner_id")).toLongLong();
        return db.displayName(SO, order) + QLatin1String(" - ") +
               db.displayName(PROD, r.values.value(S("product_id")).toLongLong()) +
               QLatin1String(" (") + db.displayName(S("res.partner"), partner) + QLatin1Char(')');
    });
    db.setDisplayName(AM, [](const Record &r) -> QString {
        const QString name = r.values.value(S("name")).toString();
        if (name.isEmpty() || name == QLatin1String("/"))
            return QStringLiteral("Draft Invoice (* %1)").arg(r.id);
        const QString ref = r.values.value(S("ref")).toString();
        return ref.isEmpty() ? name : name + QLatin1String(" (") + ref + QLatin1Char(')');
    });
    db.setDisplayName(MOVE,
                      [](const Record &r) { return r.values.value(S("reference")).toString(); });
    db.setDisplayName(S("mrp.bom"), [&db](const Record &r) -> QString {
        return db.displayName(PROD, r.values.value(S("product_id")).toLongLong());
    });

    // sale.order amounts and counters
    // untaxed + tax * taxFactor summed over the order's lines (read for every order of a page)
    auto lineSum = [&db, this](qint64 order, double untaxedFactor, double taxFactor) {
        double sum = 0;
        for (qint64 l : db.value(SO, order, S("order_line")).value<QList<qint64>>()) {
            const Record *line = db.record(SOL, l);
            if (!line)
                continue;
            const double untaxed = lineSubtotal(*line);
            sum += untaxed * untaxedFactor + lineTax(*line, untaxed) * taxFactor;
        }
        return sum;
    };
    db.addComputedField(SO, S("amount_untaxed"),
                        [lineSum](const Record &r) { return lineSum(r.id, 1, 0); });
    db.addComputedField(SO, S("amount_tax"),
                        [lineSum](const Record &r) { return lineSum(r.id, 0, 1); });
    db.addComputedField(SO, S("amount_total"),
                        [lineSum](const Record &r) { return lineSum(r.id, 1, 1); });
    db.addComputedField(SO, S("mrp_production_count"), [](const Record &r) {
        return qint64(r.values.value(S("mrp_production_ids")).value<QList<qint64>>().size());
    });
    db.addComputedField(SO, S("delivery_count"), [](const Record &r) {
        return qint64(r.values.value(S("picking_ids")).value<QList<qint64>>().size());
    });
    db.addComputedField(SO, S("invoice_count"), [](const Record &r) {
        return qint64(r.values.value(S("invoice_ids")).value<QList<qint64>>().size());
    });
    db.addComputedField(SO, S("amount_invoiced"), [&db](const Record &r) {
        double sum = 0;
        for (qint64 inv : r.values.value(S("invoice_ids")).value<QList<qint64>>()) {
            if (db.value(AM, inv, S("state")).toString() != QLatin1String("posted"))
                continue;
            const double amount = db.value(AM, inv, S("amount_total")).toDouble();
            sum += db.value(AM, inv, S("move_type")).toString() == QLatin1String("out_refund")
                       ? -amount
                       : amount;
        }
        return sum;
    });
    db.addComputedField(SO, S("amount_to_invoice"), [&db, lineSum](const Record &r) {
        if (r.values.value(S("state")).toString() != QLatin1String("sale"))
            return 0.0;
        double invoiced = 0;
        for (qint64 inv : r.values.value(S("invoice_ids")).value<QList<qint64>>()) {
            if (db.value(AM, inv, S("state")).toString() == QLatin1String("cancel"))
                continue;
            const double amount = db.value(AM, inv, S("amount_total")).toDouble();
            invoiced += db.value(AM, inv, S("move_type")).toString() == QLatin1String("out_refund")
                            ? -amount
                            : amount;
        }
        return qMax(0.0, lineSum(r.id, 1, 1) - invoiced);
    });

    // sale.order.line amounts
    db.addComputedField(SOL, S("price_subtotal"),
                        [this](const Record &r) { return lineSubtotal(r.id); });
    db.addComputedField(SOL, S("price_tax"), [this](const Record &r) { return lineTax(r.id); });
    db.addComputedField(SOL, S("price_total"),
                        [this](const Record &r) { return lineSubtotal(r.id) + lineTax(r.id); });
    db.addComputedField(SOL, S("qty_to_invoice"), [&db](const Record &r) {
        const qint64 order = r.values.value(S("order_id")).toLongLong();
        if (db.value(SO, order, S("state")).toString() != QLatin1String("sale"))
            return 0.0;
        return r.values.value(S("product_uom_qty")).toDouble() -
               r.values.value(S("qty_invoiced")).toDouble();
    });

    // product stock figures
    db.addComputedField(PROD, S("free_qty"), [](const Record &r) {
        return r.values.value(S("qty_available")).toDouble() -
               r.values.value(S("__reserved")).toDouble();
    });
    db.addComputedField(PROD, S("virtual_available"), [](const Record &r) {
        return r.values.value(S("qty_available")).toDouble() -
               r.values.value(S("__outgoing")).toDouble() +
               r.values.value(S("__incoming")).toDouble();
    });

    // stock.move operation type, from its picking or production
    db.addComputedField(MOVE, S("picking_code"), [&db](const Record &r) -> QVariant {
        const qint64 p = r.values.value(S("picking_id")).toLongLong();
        if (p)
            return db.value(PICK, p, S("picking_type_code"));
        return QString();
    });
    db.addComputedField(PICK, S("products_availability"), [&db](const Record &r) -> QVariant {
        const QString st = r.values.value(S("state")).toString();
        if (st == QLatin1String("done") || st == QLatin1String("cancel") ||
            st == QLatin1String("draft"))
            return QString();
        if (r.values.value(S("products_availability_state")).toString() ==
            QLatin1String("available"))
            return S("Available");
        const QDateTime d = r.values.value(S("scheduled_date")).toDateTime();
        Q_UNUSED(db)
        return QStringLiteral("Exp %1").arg(d.date().toString(QStringLiteral("MM/dd/yyyy")));
    });

    // mail.activity.mixin on the documents the cockpit touches
    for (const QString &model : {SO, MO, PICK, AM, S("res.partner")}) {
        auto acts = [this, model](const Record &r) { return activitiesOf(model, r.id); };
        db.addComputedField(model, S("activity_ids"),
                            [acts](const Record &r) { return ids(acts(r)); });
        auto first = [acts](const Record &r) {
            const QList<qint64> a = acts(r);
            return a.isEmpty() ? qint64(0) : a.first();
        };
        db.addComputedField(model, S("activity_summary"), [&db, first](const Record &r) {
            return db.value(ACT, first(r), S("summary"));
        });
        db.addComputedField(model, S("activity_type_id"), [&db, first](const Record &r) {
            return db.value(ACT, first(r), S("activity_type_id"));
        });
        db.addComputedField(model, S("activity_user_id"), [&db, first](const Record &r) {
            return db.value(ACT, first(r), S("user_id"));
        });
        db.addComputedField(model, S("activity_date_deadline"), [&db, first](const Record &r) {
            return db.value(ACT, first(r), S("date_deadline"));
        });
        db.addComputedField(model, S("activity_state"), [&db, first](const Record &r) {
            return db.value(ACT, first(r), S("state"));
        });
        db.addComputedField(model, S("activity_exception_decoration"),
                            [](const Record &) { return QString(); });
    }
    db.addComputedField(ACT, S("state"), [&db](const Record &r) -> QVariant {
        const QDate due = r.values.value(S("date_deadline")).toDate();
        const QDate today = db.now().date();
        if (!due.isValid())
            return QString();
        if (due < today)
            return S("overdue");
        return due == today ? S("today") : S("planned");
    });
    db.addComputedField(ACT, S("res_name"), [&db](const Record &r) {
        return db.displayName(r.values.value(S("res_model")).toString(),
                              r.values.value(S("res_id")).toLongLong());
    });
}

double OrderFlow::lineSubtotal(qint64 lineId) const {
    const Record *r = m_db.record(SOL, lineId);
    return r ? lineSubtotal(*r) : 0;
}

double OrderFlow::lineSubtotal(const Record &line) const {
    return line.values.value(S("product_uom_qty")).toDouble() *
           line.values.value(S("price_unit")).toDouble();
}

double OrderFlow::lineTax(qint64 lineId) const {
    const Record *r = m_db.record(SOL, lineId);
    return r ? lineTax(*r, lineSubtotal(*r)) : 0;
}

double OrderFlow::lineTax(const Record &line, double subtotal) const {
    const Record *product = m_db.record(PROD, line.values.value(S("product_id")).toLongLong());
    return product ? subtotal * product->values.value(S("__tax")).toDouble() : 0;
}

// ---- master data ---------------------------------------------------------------------------

qint64 OrderFlow::addProduct(const ProductSetup &p) {
    if (p.id)
        m_db.setNextId(PROD, p.id);
    QVariantList bom;
    for (const auto &[component, qty] : p.bom)
        bom << QVariant(QVariantList{component, qty});
    const qint64 id = m_db.create(PROD, {{S("name"), p.name},
                                         {S("default_code"), p.code},
                                         {S("list_price"), p.listPrice},
                                         {S("type"), S("consu")},
                                         {S("qty_available"), p.onHand},
                                         {S("__reserved"), 0.0},
                                         {S("__tax"), p.taxRate},
                                         {S("__mto"), p.makeToOrder},
                                         {S("__manufacture"), p.manufactured},
                                         {S("__bom"), bom},
                                         {S("uom_id"), qint64(1)},
                                         {S("active"), true}});
    if (p.manufactured) {
        const qint64 bomId = m_db.create(S("mrp.bom"), {{S("product_id"), id}});
        m_db.write(PROD, id, {{S("__bom_id"), bomId}});
    }
    return id;
}

void OrderFlow::setOnHand(qint64 productId, double qty) {
    m_db.write(PROD, productId, {{S("qty_available"), qty}});
    assignWaitingMoves(productId);
}

double OrderFlow::freeQty(qint64 productId) const {
    return m_db.value(PROD, productId, S("free_qty")).toDouble();
}

bool OrderFlow::isMakeToOrder(qint64 productId) const {
    return m_db.value(PROD, productId, S("__mto")).toBool() &&
           m_db.value(PROD, productId, S("__manufacture")).toBool();
}

qint64 OrderFlow::irModelId(const QString &model) const {
    const QList<qint64> found =
        m_db.searchAll(S("ir.model"), Domain::leaf(S("model"), S("="), model));
    return found.isEmpty() ? 0 : found.first();
}

// ---- create / write hooks --------------------------------------------------------------------

void OrderFlow::prepareCreate(const QString &model, QVariantHash &v) {
    const QDateTime now = m_db.now();
    auto setDefault = [&v](const char *f, const QVariant &value) {
        const QString key = QLatin1String(f);
        if (!v.contains(key))
            v.insert(key, value);
    };
    if (model == SO) {
        setDefault("state", S("draft"));
        setDefault("date_order", now);
        setDefault("validity_date", now.date().addDays(30));
        setDefault("user_id", m_uid);
        setDefault("company_id", qint64(1));
        setDefault("currency_id", qint64(1));
        setDefault("payment_term_id", qint64(4));
        setDefault("picking_policy", S("direct"));
        setDefault("invoice_status", S("no"));
        setDefault("locked", false);
        const qint64 partner = v.value(S("partner_id")).toLongLong();
        setDefault("partner_invoice_id", partner);
        setDefault("partner_shipping_id", partner);
        v.insert(S("expected_date"), now);
    } else if (model == SOL) {
        const qint64 product = v.value(S("product_id")).toLongLong();
        setDefault("price_unit", m_db.value(PROD, product, S("list_price")).toDouble());
        setDefault("name", m_db.displayName(PROD, product));
        setDefault("product_uom", qint64(1));
        setDefault("product_uom_qty", 1.0);
        setDefault("qty_delivered_method", S("stock_move"));
        setDefault("invoice_status", S("no"));
        setDefault("qty_delivered", 0.0);
        setDefault("qty_invoiced", 0.0);
        setDefault("customer_lead", 0.0);
    } else if (model == MO) {
        setDefault("state", S("draft"));
        setDefault("priority", S("0"));
        setDefault("is_locked", true);
        setDefault("product_qty", 1.0);
        setDefault("qty_producing", 0.0);
        setDefault("qty_produced", 0.0);
        setDefault("date_start", now);
        setDefault("date_finished", now.addSecs(3600));
        setDefault("date_deadline", QDateTime());
        setDefault("company_id", qint64(1));
        setDefault("product_uom_id", qint64(1));
        setDefault("bom_id",
                   m_db.value(PROD, v.value(S("product_id")).toLongLong(), S("__bom_id")));
        if (!v.contains(S("name")))
            v.insert(S("name"), seqName(S("WH/MO/"), 5));
    } else if (model == ACT) {
        const qint64 irModel = v.value(S("res_model_id")).toLongLong();
        if (irModel)
            v.insert(S("res_model"), m_db.value(S("ir.model"), irModel, S("model")));
        setDefault("activity_type_id", qint64(4));
        setDefault("user_id", m_uid);
        setDefault("date_deadline", now.date());
    } else if (model == S("crm.tag") || model == S("utm.source")) {
        setDefault("color", qint64(0));
    } else if (model == S("sale.advance.payment.inv")) {
        QList<qint64> orders;
        for (const QJsonValue &id : m_context.value(S("active_ids")).toArray())
            orders << qint64(id.toDouble());
        v.insert(S("sale_order_ids"), ids(orders));
        setDefault("advance_payment_method", S("delivered"));
        v.insert(S("count"), qint64(orders.size()));
    } else if (model == S("account.payment.register")) {
        QList<qint64> moves;
        for (const QJsonValue &id : m_context.value(S("active_ids")).toArray())
            moves << qint64(id.toDouble());
        double amount = 0;
        qint64 partner = 0;
        QStringList memo;
        QList<qint64> lines;
        for (qint64 m : moves) {
            amount += m_db.value(AM, m, S("amount_residual")).toDouble();
            partner = m_db.value(AM, m, S("partner_id")).toLongLong();
            const QString ref = m_db.value(AM, m, S("ref")).toString();
            const QString name = m_db.value(AM, m, S("name")).toString();
            memo << (ref.isEmpty() ? name : ref + QLatin1String(" - ") + name);
            const QList<qint64> ml = m_db.value(AM, m, S("line_ids")).value<QList<qint64>>();
            if (!ml.isEmpty())
                lines << ml.last();
        }
        v.insert(S("__moves"), ids(moves));
        setDefault("payment_date", now.date());
        setDefault("amount", amount);
        setDefault("currency_id", qint64(1));
        setDefault("journal_id", qint64(6));
        setDefault("payment_method_line_id", qint64(1));
        setDefault("communication", memo.join(QLatin1Char(' ')));
        setDefault("partner_id", partner);
        setDefault("payment_difference", 0.0);
        setDefault("group_payment", true);
        setDefault("can_edit_wizard", true);
        setDefault("installments_mode", S("full"));
        setDefault("line_ids", ids(lines));
    }
}

void OrderFlow::afterCreate(const QString &model, qint64 id) {
    if (model == SO) {
        m_db.write(SO, id, {{S("name"), QStringLiteral("S%1").arg(id, 5, 10, QLatin1Char('0'))}});
    } else if (model == SOL) {
        const qint64 order = m_db.value(SOL, id, S("order_id")).toLongLong();
        if (m_db.value(SO, order, S("state")).toString() == QLatin1String("sale")) {
            // a line added to a confirmed order is procured at once
            m_db.write(SOL, id, {{S("invoice_status"), S("to invoice")}});
            const qint64 move = procureLine(id, outgoingPickingOf(order),
                                            m_db.value(SOL, id, S("product_uom_qty")).toDouble());
            if (move)
                runProcurement(move);
            createPendingProductions();
            updatePickingState(outgoingPickingOf(order));
            m_db.touch(SO, order);
        }
    } else if (model == MO) {
        createRawMoves(id);
        const qint64 group = m_db.value(MO, id, S("procurement_group_id")).toLongLong();
        const qint64 order = m_db.value(GROUP, group, S("sale_id")).toLongLong();
        if (order) {
            QList<qint64> mos =
                m_db.value(SO, order, S("mrp_production_ids")).value<QList<qint64>>();
            mos << id;
            m_db.write(SO, order, {{S("mrp_production_ids"), ids(mos)}});
        }
    } else if (model == ACT) {
        const QString key = m_db.value(ACT, id, S("res_model")).toString() + QLatin1Char(',') +
                            QString::number(m_db.value(ACT, id, S("res_id")).toLongLong());
        m_activities[key].append(id);
    }
}

void OrderFlow::checkWrite(const QString &model, const QList<qint64> &idList,
                           const QJsonObject &vals) {
    if (model == S("res.partner")) {
        if (vals.contains(S("name")) && !vals.value(S("name")).toBool(true))
            throw OdooFault::validationError(
                S("The operation cannot be completed: Contacts require a name"));
        if (vals.contains(S("parent_id"))) {
            for (qint64 id : idList) {
                if (qint64(vals.value(S("parent_id")).toDouble()) == id)
                    throw OdooFault::validationError(
                        S("You cannot create recursive Partner hierarchies."));
            }
        }
    }
}

void OrderFlow::afterWrite(const QString &model, qint64 id, const QVariantHash &before,
                           const QVariantHash &written) {
    if (model == SOL && written.contains(S("product_uom_qty"))) {
        const qint64 order = m_db.value(SOL, id, S("order_id")).toLongLong();
        m_db.touch(SO, order);
        if (m_db.value(SO, order, S("state")).toString() != QLatin1String("sale"))
            return;
        const double delta = written.value(S("product_uom_qty")).toDouble() -
                             before.value(S("product_uom_qty")).toDouble();
        // The open delivery move follows the new quantity; an increase is procured again
        // (a second MO for the delta), a decrease leaves the MOs alone (163-171).
        for (qint64 move : m_db.value(SOL, id, S("move_ids")).value<QList<qint64>>()) {
            const QString st = m_db.value(MOVE, move, S("state")).toString();
            if (st == QLatin1String("done") || st == QLatin1String("cancel"))
                continue;
            const double demand = m_db.value(MOVE, move, S("product_uom_qty")).toDouble() + delta;
            m_db.write(MOVE, move, {{S("product_uom_qty"), demand}});
            const double reserved = m_db.value(MOVE, move, S("quantity")).toDouble();
            if (reserved > demand) {
                releaseMove(move);
            }
            break;
        }
        const qint64 product = m_db.value(SOL, id, S("product_id")).toLongLong();
        if (delta > 0 && isMakeToOrder(product)) {
            // Odoo procures the delta with a move of its own that merges into the open one.
            m_db.setNextId(MOVE, m_db.nextId(MOVE) + 1);
            createProduction(product, delta, m_db.value(SO, order, S("name")).toString(), order, 0,
                             true);
        }
        if (m_autoReserve) {
            for (qint64 move : m_db.value(SOL, id, S("move_ids")).value<QList<qint64>>())
                reserveMove(move);
        }
        updatePickingState(outgoingPickingOf(order));
    } else if (model == PICK && written.contains(S("priority"))) {
        for (qint64 move : m_db.value(PICK, id, S("move_ids")).value<QList<qint64>>())
            m_db.write(MOVE, move, {{S("priority"), written.value(S("priority"))}});
    }
}

void OrderFlow::beforeUnlink(const QString &model, qint64 id) {
    if (model == SO) {
        const QString st = m_db.value(SO, id, S("state")).toString();
        if (st != QLatin1String("draft") && st != QLatin1String("cancel"))
            throw OdooFault::userError(S("You can not delete a sent quotation or a confirmed "
                                         "sales order. You must first cancel it."));
    } else if (model == ACT) {
        const QString key = m_db.value(ACT, id, S("res_model")).toString() + QLatin1Char(',') +
                            QString::number(m_db.value(ACT, id, S("res_id")).toLongLong());
        m_activities[key].removeAll(id);
    }
}

QList<qint64> OrderFlow::activitiesOf(const QString &model, qint64 resId) const {
    return m_activities.value(model + QLatin1Char(',') + QString::number(resId));
}

// ---- stock -----------------------------------------------------------------------------------

void OrderFlow::reserveMove(qint64 move) {
    const QString st = m_db.value(MOVE, move, S("state")).toString();
    if (st == QLatin1String("done") || st == QLatin1String("cancel") ||
        st == QLatin1String("draft"))
        return;
    const qint64 product = m_db.value(MOVE, move, S("product_id")).toLongLong();
    const double demand = m_db.value(MOVE, move, S("product_uom_qty")).toDouble();
    const double have = m_db.value(MOVE, move, S("quantity")).toDouble();
    const double take = qMax(0.0, qMin(demand - have, freeQty(product)));
    if (take > 0) {
        m_db.write(
            PROD, product,
            {{S("__reserved"), m_db.value(PROD, product, S("__reserved")).toDouble() + take}});
    }
    const double now = have + take;
    m_db.write(MOVE, move,
               {{S("quantity"), now},
                {S("state"), now >= demand - 1e-9
                                 ? S("assigned")
                                 : (now > 0 ? S("partially_available") : S("confirmed"))}});
}

void OrderFlow::releaseMove(qint64 move) {
    const qint64 product = m_db.value(MOVE, move, S("product_id")).toLongLong();
    const double have = m_db.value(MOVE, move, S("quantity")).toDouble();
    if (have > 0) {
        m_db.write(PROD, product,
                   {{S("__reserved"),
                     qMax(0.0, m_db.value(PROD, product, S("__reserved")).toDouble() - have)}});
    }
    m_db.write(MOVE, move, {{S("quantity"), 0.0}, {S("state"), S("confirmed")}});
}

void OrderFlow::assignWaitingMoves(qint64 product) {
    // Finished goods go to the waiting delivery with the highest priority, then the oldest
    // (191-194).
    Domain d = Domain::leaf(S("product_id"), S("="), product);
    QList<qint64> moves;
    for (qint64 m : m_db.searchAll(MOVE, d)) {
        const QString st = m_db.value(MOVE, m, S("state")).toString();
        if ((st == QLatin1String("confirmed") || st == QLatin1String("partially_available")) &&
            m_db.value(MOVE, m, S("picking_id")).toLongLong())
            moves << m;
    }
    m_db.sortIds(MOVE, moves, S("priority desc, date asc, id asc"));
    for (qint64 m : moves) {
        if (freeQty(product) <= 0)
            break;
        reserveMove(m);
        updatePickingState(m_db.value(MOVE, m, S("picking_id")).toLongLong());
    }
}

void OrderFlow::updatePickingState(qint64 picking) {
    if (!picking)
        return;
    const QString st = m_db.value(PICK, picking, S("state")).toString();
    if (st == QLatin1String("done") || st == QLatin1String("cancel") ||
        st == QLatin1String("draft"))
        return;
    bool any = false;
    bool all = true;
    for (qint64 m : m_db.value(PICK, picking, S("move_ids")).value<QList<qint64>>()) {
        const QString ms = m_db.value(MOVE, m, S("state")).toString();
        any = any || ms == QLatin1String("assigned") || ms == QLatin1String("partially_available");
        all = all && ms == QLatin1String("assigned");
    }
    const QString newState = any ? S("assigned") : S("confirmed");
    const QString avail = all ? S("available") : S("expected");
    if (newState != st ||
        m_db.value(PICK, picking, S("products_availability_state")).toString() != avail)
        m_db.write(PICK, picking,
                   {{S("state"), newState}, {S("products_availability_state"), avail}});
}

qint64 OrderFlow::outgoingPickingOf(qint64 order) const {
    for (qint64 p : m_db.value(SO, order, S("picking_ids")).value<QList<qint64>>()) {
        const QString st = m_db.value(PICK, p, S("state")).toString();
        if (m_db.value(PICK, p, S("picking_type_code")).toString() == QLatin1String("outgoing") &&
            st != QLatin1String("done") && st != QLatin1String("cancel"))
            return p;
    }
    return 0;
}

qint64 OrderFlow::procureLine(qint64 line, qint64 picking, double qty) {
    const qint64 order = m_db.value(SOL, line, S("order_id")).toLongLong();
    const qint64 product = m_db.value(SOL, line, S("product_id")).toLongLong();
    if (!picking || !product || qty <= 0)
        return 0;
    const QDateTime now = m_db.now();
    const QDateTime scheduled = m_db.value(PICK, picking, S("scheduled_date")).toDateTime();
    const qint64 move =
        m_db.create(MOVE, {{S("reference"), m_db.value(PICK, picking, S("name"))},
                           {S("name"), m_db.displayName(PROD, product)},
                           {S("origin"), m_db.value(PICK, picking, S("origin"))},
                           {S("picking_id"), picking},
                           {S("product_id"), product},
                           {S("product_uom_qty"), qty},
                           {S("quantity"), 0.0},
                           {S("picked"), false},
                           {S("state"), S("confirmed")},
                           {S("procure_method"), S("make_to_stock")},
                           {S("priority"), m_db.value(PICK, picking, S("priority"))},
                           {S("date"), now},
                           {S("date_deadline"), scheduled},
                           {S("reservation_date"), now.date()},
                           {S("sale_line_id"), line},
                           {S("group_id"), m_db.value(SO, order, S("procurement_group_id"))},
                           {S("location_id"), qint64(8)},
                           {S("location_dest_id"), qint64(5)},
                           {S("to_refund"), false}});
    return move;
}

void OrderFlow::runProcurement(qint64 move) {
    // mts_else_mto: free stock first, a manufacturing order for the rest
    const qint64 product = m_db.value(MOVE, move, S("product_id")).toLongLong();
    const double qty = m_db.value(MOVE, move, S("product_uom_qty")).toDouble();
    // Without automatic reservation free stock stays unclaimed until the delivery reserves, so
    // an MTO line is made in full rather than counting on goods made for another order.
    const double free = m_autoReserve ? qMax(0.0, freeQty(product)) : 0.0;
    if (m_autoReserve)
        reserveMove(move);
    if (isMakeToOrder(product) && free < qty) {
        const qint64 line = m_db.value(MOVE, move, S("sale_line_id")).toLongLong();
        const qint64 order = m_db.value(SOL, line, S("order_id")).toLongLong();
        m_pendingProductions.append({product, qty - free, order});
    }
}

void OrderFlow::createPendingProductions() {
    const auto pending = std::exchange(m_pendingProductions, {});
    for (const PendingProduction &p : pending)
        createProduction(p.product, p.qty, m_db.value(SO, p.order, S("name")).toString(), p.order,
                         0, true);
}

// ---- sale.order ------------------------------------------------------------------------------

void OrderFlow::confirmOrder(qint64 order) {
    const QString st = m_db.value(SO, order, S("state")).toString();
    if (st != QLatin1String("draft") && st != QLatin1String("sent"))
        throw OdooFault::userError(S("Some orders are not in a state requiring confirmation."));
    const QDateTime now = m_db.now();
    const QString name = m_db.value(SO, order, S("name")).toString();
    const QString ref = m_db.value(SO, order, S("client_order_ref")).toString();
    const qint64 shipping = m_db.value(SO, order, S("partner_shipping_id")).toLongLong();
    QDateTime scheduled = m_db.value(SO, order, S("commitment_date")).toDateTime();
    if (!scheduled.isValid())
        scheduled = now;
    const qint64 group = m_db.create(GROUP, {{S("name"), name},
                                             {S("sale_id"), order},
                                             {S("partner_id"), shipping},
                                             {S("move_type"), S("direct")}});
    m_db.write(SO, order,
               {{S("state"), S("sale")},
                {S("date_order"), now},
                {S("expected_date"), scheduled},
                {S("procurement_group_id"), group},
                {S("invoice_status"), S("to invoice")},
                {S("delivery_status"), S("pending")}});
    QList<qint64> lines;
    bool anyProduct = false;
    for (qint64 l : m_db.value(SO, order, S("order_line")).value<QList<qint64>>()) {
        if (!m_db.value(SOL, l, S("display_type")).toString().isEmpty())
            continue;
        lines << l;
        m_db.write(SOL, l, {{S("invoice_status"), S("to invoice")}});
        anyProduct = anyProduct || m_db.value(SOL, l, S("product_id")).toLongLong();
    }
    if (!anyProduct)
        return;
    const qint64 picking =
        m_db.create(PICK, {{S("name"), seqName(S("WH/OUT/"), 5)},
                           {S("origin"), ref.isEmpty() ? name : name + QLatin1String(" - ") + ref},
                           {S("state"), S("confirmed")},
                           {S("picking_type_code"), S("outgoing")},
                           {S("picking_type_id"), qint64(2)},
                           {S("scheduled_date"), scheduled},
                           {S("date_deadline"), scheduled},
                           {S("date"), now},
                           {S("move_type"), S("direct")},
                           {S("priority"), S("0")},
                           {S("products_availability_state"), S("expected")},
                           {S("sale_id"), order},
                           {S("group_id"), group},
                           {S("location_id"), qint64(8)},
                           {S("location_dest_id"), qint64(5)},
                           {S("partner_id"), shipping},
                           {S("company_id"), qint64(1)}});
    m_db.write(SO, order, {{S("picking_ids"), ids({picking})}});
    // Delivery moves first, then the manufacturing orders they trigger (the order of Odoo's ids).
    QList<qint64> moves;
    for (qint64 l : lines)
        moves << procureLine(l, picking, m_db.value(SOL, l, S("product_uom_qty")).toDouble());
    for (qint64 m : moves) {
        if (m)
            runProcurement(m);
    }
    createPendingProductions();
    updatePickingState(picking);
}

void OrderFlow::cancelOrder(qint64 order) {
    m_db.write(SO, order,
               {{S("state"), S("cancel")},
                {S("invoice_status"), S("no")},
                {S("delivery_status"), QString()}});
    for (qint64 l : m_db.value(SO, order, S("order_line")).value<QList<qint64>>())
        m_db.write(SOL, l, {{S("invoice_status"), S("no")}});
    // Open deliveries are cancelled; manufacturing orders stay as they are (074, 201).
    for (qint64 p : m_db.value(SO, order, S("picking_ids")).value<QList<qint64>>()) {
        const QString st = m_db.value(PICK, p, S("state")).toString();
        if (st == QLatin1String("done") || st == QLatin1String("cancel"))
            continue;
        for (qint64 m : m_db.value(PICK, p, S("move_ids")).value<QList<qint64>>()) {
            releaseMove(m);
            m_db.write(MOVE, m, {{S("state"), S("cancel")}});
        }
        m_db.write(PICK, p,
                   {{S("state"), S("cancel")}, {S("products_availability_state"), QString()}});
    }
}

void OrderFlow::updateDeliveryStatus(qint64 order) {
    bool all = true;
    bool any = false;
    for (qint64 l : m_db.value(SO, order, S("order_line")).value<QList<qint64>>()) {
        if (!m_db.value(SOL, l, S("product_id")).toLongLong())
            continue;
        const double delivered = m_db.value(SOL, l, S("qty_delivered")).toDouble();
        any = any || delivered > 0;
        all = all && delivered >= m_db.value(SOL, l, S("product_uom_qty")).toDouble() - 1e-9;
    }
    m_db.write(SO, order,
               {{S("delivery_status"), all ? S("full") : (any ? S("partial") : S("pending"))},
                {S("effective_date"), m_db.now()}});
}

// ---- mrp.production --------------------------------------------------------------------------

qint64 OrderFlow::createProduction(qint64 product, double qty, const QString &origin, qint64 order,
                                   qint64 group, bool confirmed) {
    const QDateTime now = m_db.now();
    const QString name = seqName(S("WH/MO/"), 5);
    if (!group && order) {
        group = m_db.create(
            GROUP, {{S("name"), name}, {S("sale_id"), order}, {S("move_type"), S("direct")}});
    }
    QVariantHash v{{S("name"), name},
                   {S("origin"), origin},
                   {S("product_id"), product},
                   {S("product_qty"), qty},
                   {S("procurement_group_id"), group},
                   {S("date_start"), now.addSecs(-3600)},
                   {S("date_finished"), now},
                   {S("date_deadline"), now}};
    prepareCreate(MO, v);
    const qint64 mo = m_db.create(MO, v);
    afterCreate(MO, mo);
    if (confirmed)
        confirmProduction(mo);
    return mo;
}

void OrderFlow::createRawMoves(qint64 mo) {
    const qint64 product = m_db.value(MO, mo, S("product_id")).toLongLong();
    const double qty = m_db.value(MO, mo, S("product_qty")).toDouble();
    const QString name = m_db.value(MO, mo, S("name")).toString();
    const QDateTime start = m_db.value(MO, mo, S("date_start")).toDateTime();
    const qint64 group = m_db.value(MO, mo, S("procurement_group_id")).toLongLong();
    const QVariantList bom = m_db.value(PROD, product, S("__bom")).toList();
    for (const QVariant &c : bom) {
        const QVariantList pair = c.toList();
        m_db.create(MOVE, {{S("reference"), name},
                           {S("name"), name},
                           {S("origin"), name},
                           {S("raw_material_production_id"), mo},
                           {S("product_id"), pair.value(0).toLongLong()},
                           {S("product_uom_qty"), pair.value(1).toDouble() * qty},
                           {S("quantity"), 0.0},
                           {S("state"), S("draft")},
                           {S("procure_method"), S("make_to_stock")},
                           {S("priority"), S("0")},
                           {S("date"), start},
                           {S("group_id"), group},
                           {S("location_id"), qint64(8)},
                           {S("location_dest_id"), qint64(15)}});
    }
    m_db.create(MOVE, {{S("reference"), name},
                       {S("name"), name},
                       {S("origin"), name},
                       {S("production_id"), mo},
                       {S("product_id"), product},
                       {S("product_uom_qty"), qty},
                       {S("quantity"), 0.0},
                       {S("state"), S("draft")},
                       {S("procure_method"), S("make_to_stock")},
                       {S("priority"), S("0")},
                       {S("date"), m_db.value(MO, mo, S("date_finished"))},
                       {S("group_id"), group},
                       {S("location_id"), qint64(15)},
                       {S("location_dest_id"), qint64(8)}});
}

void OrderFlow::updateProductionReadiness(qint64 mo) {
    bool all = true;
    bool any = false;
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>()) {
        const QString st = m_db.value(MOVE, m, S("state")).toString();
        all = all && st == QLatin1String("assigned");
        any = any || st == QLatin1String("assigned") || st == QLatin1String("partially_available");
        Q_UNUSED(any)
    }
    // components_availability_state reflects free stock, reservation_state the reservation.
    bool stockSuffices = true;
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>()) {
        const double need = m_db.value(MOVE, m, S("product_uom_qty")).toDouble() -
                            m_db.value(MOVE, m, S("quantity")).toDouble();
        if (need > 1e-9 && freeQty(m_db.value(MOVE, m, S("product_id")).toLongLong()) < need - 1e-9)
            stockSuffices = false;
    }
    m_db.write(MO, mo,
               {{S("reservation_state"), all ? S("assigned") : S("confirmed")},
                {S("components_availability_state"),
                 all || stockSuffices ? S("available") : S("expected")}});
}

void OrderFlow::confirmProduction(qint64 mo) {
    const QString st = m_db.value(MO, mo, S("state")).toString();
    if (st != QLatin1String("draft"))
        return; // cancelled or already confirmed: action_confirm is a no-op returning true (078)
    m_db.write(MO, mo, {{S("state"), S("confirmed")}});
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>()) {
        m_db.write(MOVE, m, {{S("state"), S("confirmed")}});
        reserveMove(m);
    }
    for (qint64 m : m_db.value(MO, mo, S("move_finished_ids")).value<QList<qint64>>())
        m_db.write(MOVE, m, {{S("state"), S("confirmed")}});
    updateProductionReadiness(mo);
}

void OrderFlow::cancelProduction(qint64 mo) {
    const QString st = m_db.value(MO, mo, S("state")).toString();
    if (st == QLatin1String("done"))
        throw OdooFault::userError(S("You cannot cancel a done manufacturing order."));
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>() +
                        m_db.value(MO, mo, S("move_finished_ids")).value<QList<qint64>>()) {
        releaseMove(m);
        m_db.write(MOVE, m, {{S("state"), S("cancel")}});
    }
    m_db.write(MO, mo,
               {{S("state"), S("cancel")},
                {S("reservation_state"), QString()},
                {S("components_availability_state"), QString()}});
}

void OrderFlow::unreserveProduction(qint64 mo) {
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>()) {
        const QString st = m_db.value(MOVE, m, S("state")).toString();
        if (st == QLatin1String("assigned") || st == QLatin1String("partially_available"))
            releaseMove(m);
    }
    if (m_db.value(MO, mo, S("state")).toString() == QLatin1String("confirmed"))
        updateProductionReadiness(mo);
}

void OrderFlow::assignProduction(qint64 mo) {
    const QString st = m_db.value(MO, mo, S("state")).toString();
    if (st == QLatin1String("draft") || st == QLatin1String("done") ||
        st == QLatin1String("cancel"))
        return;
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>())
        reserveMove(m);
    updateProductionReadiness(mo);
}

void OrderFlow::markDone(qint64 mo) {
    const QString st = m_db.value(MO, mo, S("state")).toString();
    if (st == QLatin1String("done") || st == QLatin1String("cancel"))
        throw OdooFault::userError(S("It is not possible to produce a manufacturing order that "
                                     "is done or cancelled."));
    if (st == QLatin1String("draft"))
        confirmProduction(mo);
    const QDateTime now = m_db.now();
    const double qty = m_db.value(MO, mo, S("product_qty")).toDouble();
    // Components are consumed whether reserved or not: an unreserved ("held") MO completes too.
    for (qint64 m : m_db.value(MO, mo, S("move_raw_ids")).value<QList<qint64>>()) {
        const qint64 product = m_db.value(MOVE, m, S("product_id")).toLongLong();
        const double demand = m_db.value(MOVE, m, S("product_uom_qty")).toDouble();
        releaseMove(m);
        m_db.write(PROD, product,
                   {{S("qty_available"),
                     m_db.value(PROD, product, S("qty_available")).toDouble() - demand}});
        m_db.write(MOVE, m,
                   {{S("state"), S("done")}, {S("quantity"), demand}, {S("picked"), true}});
    }
    const qint64 product = m_db.value(MO, mo, S("product_id")).toLongLong();
    for (qint64 m : m_db.value(MO, mo, S("move_finished_ids")).value<QList<qint64>>())
        m_db.write(MOVE, m, {{S("state"), S("done")}, {S("quantity"), qty}, {S("picked"), true}});
    m_db.write(
        PROD, product,
        {{S("qty_available"), m_db.value(PROD, product, S("qty_available")).toDouble() + qty}});
    m_db.write(MO, mo,
               {{S("state"), S("done")},
                {S("qty_producing"), qty},
                {S("qty_produced"), qty},
                {S("reservation_state"), QString()},
                {S("components_availability_state"), QString()},
                {S("date_finished"), now}});
    if (m_autoReserve)
        assignWaitingMoves(product);
}

bool OrderFlow::reserveDelivery(qint64 order) {
    const qint64 picking = outgoingPickingOf(order);
    if (!picking)
        return false;
    for (qint64 m : m_db.value(PICK, picking, S("move_ids")).value<QList<qint64>>())
        reserveMove(m);
    updatePickingState(picking);
    return m_db.value(PICK, picking, S("products_availability_state")).toString() ==
           QLatin1String("available");
}

// ---- stock.picking ---------------------------------------------------------------------------

void OrderFlow::validatePicking(qint64 picking) {
    const QDateTime now = m_db.now();
    QList<qint64> orders;
    for (qint64 m : m_db.value(PICK, picking, S("move_ids")).value<QList<qint64>>()) {
        const QString st = m_db.value(MOVE, m, S("state")).toString();
        if (st == QLatin1String("done") || st == QLatin1String("cancel"))
            continue;
        const double qty = m_db.value(MOVE, m, S("quantity")).toDouble();
        const qint64 product = m_db.value(MOVE, m, S("product_id")).toLongLong();
        if (qty <= 0) {
            m_db.write(MOVE, m, {{S("state"), S("cancel")}});
            continue;
        }
        m_db.write(
            PROD, product,
            {{S("qty_available"), m_db.value(PROD, product, S("qty_available")).toDouble() - qty},
             {S("__reserved"),
              qMax(0.0, m_db.value(PROD, product, S("__reserved")).toDouble() - qty)}});
        m_db.write(MOVE, m,
                   {{S("state"), S("done")},
                    {S("picked"), true},
                    {S("date"), now},
                    {S("priority"), S("0")}});
        const qint64 line = m_db.value(MOVE, m, S("sale_line_id")).toLongLong();
        if (line) {
            m_db.write(
                SOL, line,
                {{S("qty_delivered"), m_db.value(SOL, line, S("qty_delivered")).toDouble() + qty}});
            const qint64 order = m_db.value(SOL, line, S("order_id")).toLongLong();
            if (!orders.contains(order))
                orders << order;
        }
    }
    m_db.write(PICK, picking,
               {{S("state"), S("done")},
                {S("date_done"), now},
                {S("priority"), S("0")},
                {S("products_availability_state"), QString()}});
    for (qint64 order : orders)
        updateDeliveryStatus(order);
}

// ---- account.move ----------------------------------------------------------------------------

qint64 OrderFlow::createInvoice(qint64 order) {
    const QDateTime now = m_db.now();
    QList<qint64> invoiceLines;
    QList<qint64> lines;
    double untaxed = 0;
    double tax = 0;
    for (qint64 l : m_db.value(SO, order, S("order_line")).value<QList<qint64>>()) {
        const double toInvoice = m_db.value(SOL, l, S("qty_to_invoice")).toDouble();
        if (toInvoice <= 0)
            continue;
        lines << l;
        untaxed += lineSubtotal(l);
        tax += lineTax(l);
    }
    if (lines.isEmpty())
        throw OdooFault::userError(
            S("Cannot create an invoice. No items are available to invoice."));
    for (qsizetype i = 0; i < lines.size() + 2; ++i)
        invoiceLines << m_db.takeSequence(S("account.move.line#"));
    const qint64 partner = m_db.value(SO, order, S("partner_invoice_id")).toLongLong();
    const qint64 move = m_db.create(
        AM, {{S("name"), S("/")},
             {S("move_type"), S("out_invoice")},
             {S("state"), S("draft")},
             {S("invoice_origin"), m_db.value(SO, order, S("name"))},
             {S("ref"), m_db.value(SO, order, S("client_order_ref"))},
             {S("partner_id"), partner ? partner : m_db.value(SO, order, S("partner_id"))},
             {S("partner_shipping_id"), m_db.value(SO, order, S("partner_shipping_id"))},
             {S("journal_id"), qint64(1)},
             {S("invoice_date_due"), now.date().addDays(30)},
             {S("date"), now.date()},
             {S("invoice_payment_term_id"), qint64(4)},
             {S("amount_untaxed"), untaxed},
             {S("amount_tax"), tax},
             {S("amount_total"), untaxed + tax},
             {S("amount_residual"), untaxed + tax},
             {S("payment_state"), S("not_paid")},
             {S("status_in_payment"), S("draft")},
             {S("currency_id"), qint64(1)},
             {S("company_id"), qint64(1)},
             {S("line_ids"), ids(invoiceLines)},
             {S("invoice_line_ids"), ids(invoiceLines.mid(0, lines.size()))},
             {S("posted_before"), false},
             {S("__order"), order}});
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 l = lines.at(i);
        QList<qint64> il = m_db.value(SOL, l, S("invoice_lines")).value<QList<qint64>>();
        il.prepend(invoiceLines.at(i));
        m_db.write(SOL, l,
                   {{S("qty_invoiced"), m_db.value(SOL, l, S("product_uom_qty")).toDouble()},
                    {S("invoice_status"), S("invoiced")},
                    {S("invoice_lines"), ids(il)}});
    }
    QList<qint64> invoices = m_db.value(SO, order, S("invoice_ids")).value<QList<qint64>>();
    invoices.prepend(move);
    m_db.write(SO, order,
               {{S("invoice_ids"), ids(invoices)}, {S("invoice_status"), S("invoiced")}});
    return move;
}

void OrderFlow::postInvoice(qint64 move) {
    const QString st = m_db.value(AM, move, S("state")).toString();
    if (st != QLatin1String("draft")) {
        throw OdooFault::userError(QStringLiteral("The entry %1 (id %2) must be in draft.")
                                       .arg(m_db.value(AM, move, S("name")).toString())
                                       .arg(move));
    }
    const bool refund =
        m_db.value(AM, move, S("move_type")).toString() == QLatin1String("out_refund");
    const QString year = QString::number(m_db.now().date().year());
    const QString name = seqName((refund ? S("RINV/") : S("INV/")) + year + QLatin1Char('/'), 5);
    m_db.write(AM, move,
               {{S("name"), name},
                {S("state"), S("posted")},
                {S("invoice_date"), m_db.now().date()},
                {S("payment_reference"), name},
                {S("posted_before"), true},
                {S("status_in_payment"), S("not_paid")}});
}

qint64 OrderFlow::registerPayment(qint64 move, const QString &memo) {
    const double amount = m_db.value(AM, move, S("amount_residual")).toDouble();
    const qint64 payment =
        m_db.create(S("account.payment"), {{S("name"), seqName(S("PAY"), 5)},
                                           {S("state"), S("paid")},
                                           {S("payment_type"), S("inbound")},
                                           {S("partner_type"), S("customer")},
                                           {S("partner_id"), m_db.value(AM, move, S("partner_id"))},
                                           {S("amount"), amount},
                                           {S("currency_id"), qint64(1)},
                                           {S("date"), m_db.now().date()},
                                           {S("memo"), memo},
                                           {S("journal_id"), qint64(6)},
                                           {S("payment_method_line_id"), qint64(1)},
                                           {S("destination_account_id"), qint64(7)},
                                           {S("is_reconciled"), false},
                                           {S("is_matched"), true},
                                           {S("invoice_ids"), ids({move})},
                                           {S("reconciled_invoice_ids"), ids({move})},
                                           {S("reconciled_invoices_count"), qint64(1)}});
    QList<qint64> matched = m_db.value(AM, move, S("matched_payment_ids")).value<QList<qint64>>();
    matched << payment;
    // No outstanding account on the payment method: paid without a journal entry (156-157).
    m_db.write(AM, move,
               {{S("payment_state"), S("paid")},
                {S("status_in_payment"), S("paid")},
                {S("matched_payment_ids"), ids(matched)}});
    return payment;
}

// ---- mail ------------------------------------------------------------------------------------

qint64 OrderFlow::postMessage(const QString &model, qint64 resId, const QString &body) {
    return m_db.create(MSG, {{S("body"), body},
                             {S("model"), model},
                             {S("res_id"), resId},
                             {S("message_type"), S("comment")},
                             {S("date"), m_db.now()}});
}

qint64 OrderFlow::scheduleActivity(const QString &model, qint64 resId, const QString &summary,
                                   const QString &note, qint64 userId, const QDate &deadline) {
    QVariantHash v{{S("res_model_id"), irModelId(model)},
                   {S("res_model"), model},
                   {S("res_id"), resId},
                   {S("summary"), summary},
                   {S("note"), note},
                   {S("user_id"), userId},
                   {S("activity_type_id"), qint64(4)},
                   {S("date_deadline"), deadline.isValid() ? deadline : m_db.now().date()}};
    prepareCreate(ACT, v);
    const qint64 id = m_db.create(ACT, v);
    afterCreate(ACT, id);
    return id;
}

qint64 OrderFlow::activityDone(qint64 activity, const QString &feedback) {
    const QString model = m_db.value(ACT, activity, S("res_model")).toString();
    const qint64 resId = m_db.value(ACT, activity, S("res_id")).toLongLong();
    const qint64 message = postMessage(model, resId, feedback);
    beforeUnlink(ACT, activity);
    m_db.unlink(ACT, activity);
    return message;
}

// ---- RPC methods -----------------------------------------------------------------------------

void OrderFlow::registerMethods() {
    OdooRpc &rpc = m_rpc;
    auto each = [](MethodCall &c, const std::function<void(qint64)> &f) {
        for (qint64 id : c.ids())
            f(id);
    };
    rpc.registerMethod(SO, S("action_confirm"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { confirmOrder(id); });
        return WireValue(true);
    });
    rpc.registerMethod(SO, S("action_cancel"), [this](MethodCall &c) -> std::optional<WireValue> {
        const QList<qint64> orders = c.ids();
        bool confirmed = false;
        for (qint64 id : orders)
            confirmed =
                confirmed || m_db.value(SO, id, S("state")).toString() == QLatin1String("sale");
        if (confirmed && !c.context.value(S("disable_cancel_warning")).toBool()) {
            WireValue ctx = WireValue::object();
            ctx.insert(S("default_template_id"), 14);
            ctx.insert(S("default_order_id"), orders.value(0));
            ctx.insert(S("mark_so_as_canceled"), true);
            ctx.insert(S("default_email_layout_xmlid"),
                       S("mail.mail_notification_layout_with_responsible_signature"));
            ctx.insert(S("model_description"), S("Sales Order"));
            return actWindow({{"name", S("Cancel Sales Order")},
                              {"view_mode", S("form")},
                              {"res_model", S("sale.order.cancel")},
                              {"view_id", 1238},
                              {"type", S("ir.actions.act_window")},
                              {"context", ctx},
                              {"target", S("new")}});
        }
        for (qint64 id : orders)
            cancelOrder(id);
        return WireValue(true);
    });
    rpc.registerMethod(SO, S("action_draft"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { m_db.write(SO, id, {{S("state"), S("draft")}}); });
        return WireValue(true);
    });
    rpc.registerMethod(MO, S("action_confirm"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { confirmProduction(id); });
        return WireValue(true);
    });
    rpc.registerMethod(MO, S("action_cancel"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { cancelProduction(id); });
        return WireValue(true);
    });
    rpc.registerMethod(MO, S("do_unreserve"),
                       [this, each](MethodCall &c) -> std::optional<WireValue> {
                           each(c, [this](qint64 id) { unreserveProduction(id); });
                           return std::nullopt;
                       });
    rpc.registerMethod(MO, S("action_assign"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { assignProduction(id); });
        return WireValue(true);
    });
    rpc.registerMethod(MO, S("button_mark_done"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) { markDone(id); });
        return WireValue(true);
    });
    rpc.registerMethod(MO, S("action_toggle_is_locked"), [this, each](MethodCall &c) {
        each(c, [this](qint64 id) {
            m_db.write(MO, id, {{S("is_locked"), !m_db.value(MO, id, S("is_locked")).toBool()}});
        });
        return WireValue(true);
    });
    rpc.registerMethod(
        PICK, S("button_validate"), [this](MethodCall &c) -> std::optional<WireValue> {
            const QList<qint64> pickings = c.ids();
            for (qint64 p : pickings) {
                bool reserved = false;
                for (qint64 m : m_db.value(PICK, p, S("move_ids")).value<QList<qint64>>())
                    reserved = reserved || m_db.value(MOVE, m, S("quantity")).toDouble() > 0;
                if (!reserved)
                    throw OdooFault::userError(
                        S("You cannot validate a transfer if no quantities are "
                          "reserved. To force the transfer, encode quantities."));
            }
            for (qint64 p : pickings) {
                for (qint64 m : m_db.value(PICK, p, S("move_ids")).value<QList<qint64>>())
                    m_db.write(MOVE, m, {{S("picked"), true}});
            }
            if (!m_smsWarningShown) {
                // stock_sms asks once per company before the first outgoing validation (138).
                const qint64 wizard =
                    m_db.create(S("confirm.stock.sms"), {{S("pick_ids"), ids(pickings)}});
                WireValue views = WireValue::array();
                WireValue view = WireValue::array();
                view.append(1208).append(S("form"));
                views.append(view);
                WireValue ctx = WireValue::object();
                ctx.insert(S("button_validate_picking_ids"), idList(pickings));
                return actWindow({{"name", S("SMS")},
                                  {"type", S("ir.actions.act_window")},
                                  {"view_mode", S("form")},
                                  {"res_model", S("confirm.stock.sms")},
                                  {"views", views},
                                  {"view_id", 1208},
                                  {"target", S("new")},
                                  {"res_id", WireValue(wizard)},
                                  {"context", ctx}});
            }
            for (qint64 p : pickings)
                validatePicking(p);
            return WireValue(true);
        });
    auto smsDone = [this](MethodCall &c) {
        m_smsWarningShown = true;
        QList<qint64> pickings;
        for (const QJsonValue &v : c.context.value(S("button_validate_picking_ids")).toArray())
            pickings << qint64(v.toDouble());
        if (pickings.isEmpty()) {
            for (qint64 w : c.ids())
                pickings +=
                    m_db.value(S("confirm.stock.sms"), w, S("pick_ids")).value<QList<qint64>>();
        }
        for (qint64 p : pickings)
            validatePicking(p);
        return WireValue(true);
    };
    rpc.registerMethod(S("confirm.stock.sms"), S("dont_send_sms"), smsDone);
    rpc.registerMethod(S("confirm.stock.sms"), S("send_sms"), smsDone);
    rpc.registerMethod(S("sale.advance.payment.inv"), S("create_invoices"), [this](MethodCall &c) {
        qint64 last = 0;
        qint64 partner = 0;
        QString origin;
        for (qint64 w : c.ids()) {
            for (qint64 order : m_db.value(S("sale.advance.payment.inv"), w, S("sale_order_ids"))
                                    .value<QList<qint64>>()) {
                last = createInvoice(order);
                partner = m_db.value(SO, order, S("partner_id")).toLongLong();
                origin = m_db.value(SO, order, S("name")).toString();
            }
        }
        WireValue ctx = WireValue::object();
        ctx.insert(S("default_move_type"), S("out_invoice"));
        ctx.insert(S("default_partner_id"), partner);
        ctx.insert(S("default_partner_shipping_id"), partner);
        ctx.insert(S("default_invoice_payment_term_id"), 4);
        ctx.insert(S("default_invoice_origin"), origin);
        WireValue views = WireValue::array();
        auto view = [](const WireValue &id, const char *kind) {
            WireValue v = WireValue::array();
            v.append(id).append(WireValue(QString::fromLatin1(kind)));
            return v;
        };
        views.append(view(716, "form")).append(view(709, "list")).append(view(false, "kanban"));
        views.append(view(false, "activity"));
        return actWindow(
            {{"id", 262},
             {"name", S("Invoices")},
             {"type", S("ir.actions.act_window")},
             {"xml_id", S("account.action_move_out_invoice_type")},
             {"path", S("invoicing")},
             {"help", S("<p class=\"o_view_nocontent_smiling_face\">\n                Create a "
                        "customer invoice\n              </p><p>\n                Create "
                        "invoices, register payments and keep track of the discussions with "
                        "your customers.\n              </p>\n            ")},
             {"binding_model_id", false},
             {"binding_type", S("action")},
             {"binding_view_types", S("list,form")},
             {"display_name", S("Invoices")},
             {"view_id", WireValue::many2one(709, S("account.out.invoice.list"))},
             {"domain", S("[('move_type', 'in', ['out_invoice', 'out_refund'])]")},
             {"context", ctx},
             {"res_id", WireValue(last)},
             {"res_model", AM},
             {"target", S("current")},
             {"view_mode", S("list,kanban,form,activity")},
             {"mobile_view_mode", S("kanban")},
             {"views", views},
             {"limit", 80},
             {"groups_id", WireValue::array()},
             {"search_view_id", WireValue::many2one(719, S("account.invoice.select"))},
             {"embedded_action_ids", WireValue::array()},
             {"filter", false}});
    });
    rpc.registerMethod(AM, S("action_post"), [this](MethodCall &c) {
        if (!c.user.billing)
            throw OdooFault::accessError(S("You don't have the access rights to post an invoice."));
        for (qint64 id : c.ids())
            postInvoice(id);
        return WireValue(false);
    });
    rpc.registerMethod(
        S("account.payment.register"), S("action_create_payments"), [this](MethodCall &c) {
            qint64 payment = 0;
            const QString reg = S("account.payment.register");
            for (qint64 w : c.ids()) {
                for (qint64 move : m_db.value(reg, w, S("__moves")).value<QList<qint64>>())
                    payment =
                        registerPayment(move, m_db.value(reg, w, S("communication")).toString());
            }
            WireValue ctx = WireValue::object();
            ctx.insert(S("create"), false);
            return actWindow({{"name", S("Payments")},
                              {"type", S("ir.actions.act_window")},
                              {"res_model", S("account.payment")},
                              {"context", ctx},
                              {"view_mode", S("form")},
                              {"res_id", WireValue(payment)}});
        });
    rpc.registerMethod(ACT, S("action_feedback"), [this](MethodCall &c) {
        qint64 message = 0;
        const QString feedback = c.kwargs.value(S("feedback")).toString();
        for (qint64 id : c.ids())
            message = activityDone(id, feedback);
        return WireValue(message);
    });
    rpc.registerMethod(ACT, S("action_done"), [this](MethodCall &c) {
        for (qint64 id : c.ids())
            activityDone(id, {});
        return WireValue(true);
    });
    rpc.registerMethod(S("*"), S("message_post"), [this](MethodCall &c) {
        qint64 message = 0;
        for (qint64 id : c.ids())
            message = postMessage(c.model, id, c.kwargs.value(S("body")).toString());
        return WireValue(message);
    });
    rpc.registerMethod(S("*"), S("activity_schedule"), [this](MethodCall &c) {
        QStringList created;
        const QDate deadline = parseDatetime(c.kwargs.value(S("date_deadline")).toString()).date();
        const qint64 user = c.kwargs.contains(S("user_id"))
                                ? qint64(c.kwargs.value(S("user_id")).toDouble())
                                : c.user.uid;
        for (qint64 id : c.ids()) {
            created << QString::number(
                scheduleActivity(c.model, id, c.kwargs.value(S("summary")).toString(),
                                 c.kwargs.value(S("note")).toString(), user, deadline));
        }
        return WireValue(ACT + QLatin1Char('(') + created.join(QLatin1String(", ")) +
                         QLatin1String(",)"));
    });
    rpc.registerMethod(S("*"), S("default_get"), [this](MethodCall &c) {
        QStringList wanted;
        const QJsonArray first = c.args.isEmpty() ? QJsonArray() : c.args.at(0).toArray();
        for (const QJsonValue &v : first)
            wanted << v.toString();
        if (c.kwargs.contains(S("fields_list")))
            for (const QJsonValue &v : c.kwargs.value(S("fields_list")).toArray())
                wanted << v.toString();
        WireValue out = WireValue::object();
        if (c.model == ACT) {
            const QString resModel = c.context.value(S("default_res_model")).toString();
            if (wanted.contains(S("res_model")) && !resModel.isEmpty())
                out.insert(S("res_model"), resModel);
            if (wanted.contains(S("activity_type_id")))
                out.insert(S("activity_type_id"), 4);
            if (wanted.contains(S("user_id")))
                out.insert(S("user_id"), c.user.uid);
            if (wanted.contains(S("date_deadline")))
                out.insert(S("date_deadline"),
                           m_db.now().date().toString(QStringLiteral("yyyy-MM-dd")));
            if (wanted.contains(S("res_id")) && c.context.contains(S("default_res_id")))
                out.insert(S("res_id"), WireValue::fromJson(c.context.value(S("default_res_id"))));
            if (wanted.contains(S("res_model_id")) && !resModel.isEmpty())
                out.insert(S("res_model_id"), irModelId(resModel));
            return out;
        }
        for (const QString &f : wanted) {
            const QJsonValue v = c.context.value(S("default_") + f);
            if (!v.isUndefined())
                out.insert(f, WireValue::fromJson(v));
        }
        return out;
    });
}

} // namespace o2c::sim
