// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooOrderMapper.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace o2c::odoo {

namespace {

QString str(const char *s) {
    return QString::fromLatin1(s);
}
QString field(const QJsonObject &o, const char *name) {
    return OdooOrderMapper::text(o.value(str(name)));
}
QJsonValue val(const QJsonObject &o, const char *name) {
    return o.value(str(name));
}
qint64 idOf(const QJsonObject &o) {
    return qint64(o.value(QStringLiteral("id")).toDouble());
}

bool idListContains(const QJsonValue &list, qint64 id) {
    const QJsonArray a = list.toArray();
    return std::any_of(a.cbegin(), a.cend(),
                       [id](const QJsonValue &v) { return qint64(v.toDouble()) == id; });
}

// "[CW-MTO] Cockpit Widget (made to order)" → "CW-MTO"
QString skuFromProductName(const QString &name) {
    if (!name.startsWith(u'['))
        return {};
    const qsizetype end = name.indexOf(u']');
    return end > 1 ? name.mid(1, end - 1) : QString();
}

OrderEvent event(OrderEventType type, OrderSystem system, const QDateTime &at,
                 const QString &document, const QString &detail = {}) {
    OrderEvent e;
    e.type = type;
    e.system = system;
    e.at = at;
    e.document = document;
    e.detail = detail;
    return e;
}

// invoice_date has no time of day; the invoice was created (as a draft) no later than it was
// posted, so its creation time places the event on the right side of shipping on the same day.
QDateTime invoiceEventTime(const QJsonObject &inv) {
    const QDate d = OdooOrderMapper::date(val(inv, "invoice_date"));
    const QDateTime created = OdooOrderMapper::dateTime(val(inv, "create_date"));
    if (!d.isValid())
        return created;
    const QDateTime dayStart(d, QTime(0, 0), Qt::UTC);
    if (created.isValid() && created.date() == d)
        return created;
    return dayStart;
}

QString addressOf(const QJsonObject &partner) {
    QStringList parts;
    for (const char *f : {"name", "street", "street2"}) {
        const QString s = field(partner, f);
        if (!s.isEmpty())
            parts << s;
    }
    const QString zipCity =
        QString(field(partner, "zip") + u' ' + field(partner, "city")).trimmed();
    if (!zipCity.isEmpty())
        parts << zipCity;
    const QString country = OdooOrderMapper::many2oneName(val(partner, "country_id"));
    if (!country.isEmpty())
        parts << country;
    return parts.join(QStringLiteral(", "));
}

} // namespace

OdooOrderMapper::OdooOrderMapper(QString database)
    : m_database(std::move(database)) {}

QString OdooOrderMapper::canonicalId(qint64 saleOrderId) const {
    return QStringLiteral("odoo:") % m_database % QStringLiteral(":sale.order:") %
           QString::number(saleOrderId);
}

QStringList OdooOrderMapper::saleOrderFields() {
    return {QStringLiteral("name"),
            QStringLiteral("client_order_ref"),
            QStringLiteral("partner_id"),
            QStringLiteral("partner_shipping_id"),
            QStringLiteral("state"),
            QStringLiteral("amount_total"),
            QStringLiteral("currency_id"),
            QStringLiteral("date_order"),
            QStringLiteral("create_date"),
            QStringLiteral("write_date"),
            QStringLiteral("commitment_date"),
            QStringLiteral("origin"),
            QStringLiteral("source_id"),
            QStringLiteral("tag_ids"),
            QStringLiteral("order_line"),
            QStringLiteral("procurement_group_id")};
}

QStringList OdooOrderMapper::orderLineFields() {
    return {QStringLiteral("order_id"),      QStringLiteral("product_id"),
            QStringLiteral("name"),          QStringLiteral("product_uom_qty"),
            QStringLiteral("product_uom"),   QStringLiteral("price_unit"),
            QStringLiteral("qty_delivered"), QStringLiteral("display_type")};
}

QStringList OdooOrderMapper::partnerFields() {
    return {QStringLiteral("name"),      QStringLiteral("vat"), QStringLiteral("street"),
            QStringLiteral("street2"),   QStringLiteral("zip"), QStringLiteral("city"),
            QStringLiteral("country_id")};
}

QStringList OdooOrderMapper::tagFields() {
    return {QStringLiteral("name")};
}

QStringList OdooOrderMapper::productionFields() {
    return {QStringLiteral("name"),
            QStringLiteral("origin"),
            QStringLiteral("state"),
            QStringLiteral("reservation_state"),
            QStringLiteral("product_id"),
            QStringLiteral("product_qty"),
            QStringLiteral("procurement_group_id"),
            QStringLiteral("date_start"),
            QStringLiteral("date_finished"),
            QStringLiteral("create_date"),
            QStringLiteral("write_date"),
            QStringLiteral("activity_summary")};
}

QStringList OdooOrderMapper::pickingFields() {
    return {QStringLiteral("name"),
            QStringLiteral("origin"),
            QStringLiteral("state"),
            QStringLiteral("picking_type_code"),
            QStringLiteral("scheduled_date"),
            QStringLiteral("date_done"),
            QStringLiteral("sale_id"),
            QStringLiteral("return_id"),
            QStringLiteral("products_availability_state"),
            QStringLiteral("create_date"),
            QStringLiteral("write_date")};
}

QStringList OdooOrderMapper::invoiceFields() {
    return {QStringLiteral("name"),           QStringLiteral("move_type"),
            QStringLiteral("invoice_origin"), QStringLiteral("state"),
            QStringLiteral("payment_state"),  QStringLiteral("amount_total"),
            QStringLiteral("invoice_date"),   QStringLiteral("reversed_entry_id"),
            QStringLiteral("create_date"),    QStringLiteral("write_date")};
}

QDateTime OdooOrderMapper::dateTime(const QJsonValue &v) {
    // Odoo's "yyyy-MM-dd HH:mm:ss", always UTC. Read by hand: QDateTime::fromString with a format
    // builds a local time first, which asks the C library for the system time zone (a stat of
    // /etc/localtime on glibc) for every value - most of the time of mapping an order.
    if (!v.isString())
        return {};
    const QString text = v.toString();
    if (text.size() != 19 || text.at(4) != u'-' || text.at(7) != u'-' || text.at(10) != u' ' ||
        text.at(13) != u':' || text.at(16) != u':')
        return {};
    const auto number = [&text](qsizetype from, qsizetype length) {
        int n = 0;
        for (qsizetype i = from; i < from + length; ++i) {
            const char16_t c = text.at(i).unicode();
            if (c < u'0' || c > u'9')
                return -1;
            n = n * 10 + int(c - u'0');
        }
        return n;
    };
    const QDate d(number(0, 4), number(5, 2), number(8, 2));
    const int h = number(11, 2), m = number(14, 2), sec = number(17, 2);
    if (!d.isValid() || !QTime::isValid(h, m, sec))
        return {};
    return QDateTime(d, QTime(h, m, sec), QTimeZone::utc());
}

QDate OdooOrderMapper::date(const QJsonValue &v) {
    return v.isString() ? QDate::fromString(v.toString().left(10), Qt::ISODate) : QDate();
}

QString OdooOrderMapper::text(const QJsonValue &v) {
    return v.isString() ? v.toString() : QString();
}

qint64 OdooOrderMapper::many2oneId(const QJsonValue &v) {
    if (v.isArray())
        return qint64(v.toArray().at(0).toDouble());
    if (v.isDouble())
        return qint64(v.toDouble());
    return 0;
}

QString OdooOrderMapper::many2oneName(const QJsonValue &v) {
    return v.isArray() ? v.toArray().at(1).toString() : QString();
}

EdiControlNumbers OdooOrderMapper::ediFromOrigin(QStringView origin) {
    EdiControlNumbers edi;
    const QList<QStringView> parts = origin.split(u'/');
    if (parts.size() == 6 && parts.at(0).compare(u"EDI", Qt::CaseInsensitive) == 0) {
        edi.sender = parts.at(2).trimmed().toString();
        edi.isa13 = parts.at(3).trimmed().toString();
        edi.gs06 = parts.at(4).trimmed().toString();
        edi.st02 = parts.at(5).trimmed().toString();
    }
    return edi;
}

Channel OdooOrderMapper::channelFromOrigin(QStringView origin) {
    const qsizetype slash = origin.indexOf(u'/');
    if (slash <= 0)
        return Channel::Unknown;
    const QStringView prefix = origin.left(slash);
    const auto is = [&](QStringView p) { return prefix.compare(p, Qt::CaseInsensitive) == 0; };
    if (is(u"EDI"))
        return Channel::Edi;
    if (is(u"WEB") || is(u"SHOP"))
        return Channel::Ecommerce;
    if (is(u"PORTAL"))
        return Channel::Portal;
    if (is(u"CRM"))
        return Channel::Crm;
    if (is(u"MAIL") || is(u"EMAIL"))
        return Channel::Email;
    return Channel::Unknown;
}

bool OdooOrderMapper::productionBelongs(const QJsonObject &production,
                                        const QJsonObject &saleOrder) {
    const QString name = field(saleOrder, "name");
    if (!name.isEmpty() && field(production, "origin") == name)
        return true;
    // A draft MO the cockpit created for the order carries the order's procurement group (099).
    const qint64 group = many2oneId(val(saleOrder, "procurement_group_id"));
    if (group && many2oneId(val(production, "procurement_group_id")) == group)
        return true;
    return idListContains(val(saleOrder, "mrp_production_ids"), idOf(production));
}

bool OdooOrderMapper::pickingBelongs(const QJsonObject &picking, const QJsonObject &saleOrder) {
    const qint64 so = idOf(saleOrder);
    if (so && many2oneId(val(picking, "sale_id")) == so)
        return true;
    // Without sale_id (incremental reads, 161) the origin names the order: "S20039 - PO-5001".
    const QString name = field(saleOrder, "name");
    const QString origin = field(picking, "origin");
    if (!name.isEmpty() && (origin == name || origin.startsWith(name + QStringLiteral(" - "))))
        return true;
    return idListContains(val(saleOrder, "picking_ids"), idOf(picking));
}

QStringList OdooOrderMapper::invoiceOrigins(const QJsonObject &invoice) {
    QStringList r;
    const QStringList parts = field(invoice, "invoice_origin").split(u',', Qt::SkipEmptyParts);
    for (const QString &p : parts)
        r << p.trimmed();
    return r;
}

bool OdooOrderMapper::invoiceBelongs(const QJsonObject &invoice, const QJsonObject &saleOrder) {
    const QString name = field(saleOrder, "name");
    if (!name.isEmpty() && invoiceOrigins(invoice).contains(name))
        return true;
    return idListContains(val(saleOrder, "invoice_ids"), idOf(invoice));
}

QList<CanonicalOrder> OdooOrderMapper::map(const OdooRecordSet &records) const {
    QList<CanonicalOrder> r;
    r.reserve(records.saleOrders.size());
    for (const QJsonObject &so : records.saleOrders)
        r.append(mapOrder(so, records));
    return r;
}

CanonicalOrder OdooOrderMapper::mapOrder(const QJsonObject &so,
                                         const OdooRecordSet &related) const {
    CanonicalOrder o;
    const qint64 soId = idOf(so);
    o.id = canonicalId(soId);
    o.saleOrderId = soId;
    o.saleOrderName = field(so, "name");
    o.saleState = field(so, "state");
    o.customerRef = field(so, "client_order_ref");
    o.amountTotal = val(so, "amount_total").toDouble();
    o.currency = many2oneName(val(so, "currency_id"));
    const QDateTime created = dateTime(val(so, "create_date"));
    const QDateTime ordered = dateTime(val(so, "date_order"));
    o.createdAt = created.isValid() ? created : ordered;
    o.requestedDate = date(val(so, "commitment_date"));
    o.writeDate = dateTime(val(so, "write_date"));

    // Where the demand came from.
    const QString origin = field(so, "origin");
    o.source.system = QStringLiteral("odoo");
    o.source.document = origin;
    o.source.edi = ediFromOrigin(origin);
    o.channel = channelFromOdooSource(many2oneName(val(so, "source_id")));
    if (o.channel == Channel::Unknown)
        o.channel = channelFromOrigin(origin);
    if (o.channel == Channel::Unknown && origin.isEmpty())
        o.channel = Channel::Manual; // typed into Odoo: no source document

    // Customer and delivery address.
    o.customer.partnerId = many2oneId(val(so, "partner_id"));
    o.customer.name = many2oneName(val(so, "partner_id"));
    o.shipToId = many2oneId(val(so, "partner_shipping_id"));
    o.shipTo = many2oneName(val(so, "partner_shipping_id"));
    for (const QJsonObject &p : related.partners) {
        const qint64 pid = idOf(p);
        if (pid == o.customer.partnerId) {
            o.customer.vat = field(p, "vat");
            if (o.customer.name.isEmpty())
                o.customer.name = field(p, "name");
        }
        if (pid == o.shipToId) {
            const QString address = addressOf(p);
            if (!address.isEmpty())
                o.shipTo = address;
        }
    }

    const QJsonArray tagIds = val(so, "tag_ids").toArray();
    for (const QJsonValue &t : tagIds) {
        const qint64 tid = qint64(t.toDouble());
        for (const QJsonObject &tag : related.tags)
            if (idOf(tag) == tid)
                o.tags << field(tag, "name");
    }

    // Lines, in the order Odoo shows them; sections and notes are not demand.
    QList<QJsonObject> lines;
    for (const QJsonObject &l : related.orderLines)
        if (many2oneId(val(l, "order_id")) == soId && !val(l, "display_type").isString())
            lines.append(l);
    const QJsonArray lineOrder = val(so, "order_line").toArray();
    std::stable_sort(lines.begin(), lines.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        const auto pos = [&](const QJsonObject &l) {
            for (qsizetype i = 0; i < lineOrder.size(); ++i)
                if (qint64(lineOrder.at(i).toDouble()) == idOf(l))
                    return i;
            return lineOrder.size() + idOf(l);
        };
        return pos(a) < pos(b);
    });
    for (const QJsonObject &l : lines) {
        OrderLine line;
        line.productId = many2oneId(val(l, "product_id"));
        const QString product = many2oneName(val(l, "product_id"));
        line.sku = skuFromProductName(product);
        if (line.sku.isEmpty())
            line.sku = QStringLiteral("#") + QString::number(line.productId);
        line.description = field(l, "name");
        if (line.description.isEmpty())
            line.description = product;
        line.qty = val(l, "product_uom_qty").toDouble();
        line.uom = many2oneName(val(l, "product_uom"));
        line.price = val(l, "price_unit").toDouble();
        o.lines.append(line);
    }

    const auto later = [&](const QDateTime &t) {
        if (t.isValid() && (!o.writeDate.isValid() || t > o.writeDate))
            o.writeDate = t;
    };

    // Sales events.
    if (o.createdAt.isValid())
        o.events << event(
            OrderEventType::QuoteCreated, OrderSystem::Sales, o.createdAt, o.saleOrderName,
            o.customerRef.isEmpty() ? QString()
                                    : QObject::tr("customer reference %1").arg(o.customerRef));
    if (o.saleState == QLatin1String("sale") && ordered.isValid())
        o.events << event(OrderEventType::OrderValidated, OrderSystem::Sales, ordered,
                          o.saleOrderName);
    if (o.saleState == QLatin1String("cancel"))
        o.events << event(OrderEventType::Cancelled, OrderSystem::Sales,
                          dateTime(val(so, "write_date")), o.saleOrderName);

    // Manufacturing.
    for (const QJsonObject &mo : related.productions) {
        if (!productionBelongs(mo, so))
            continue;
        ManufacturingOrderRef ref;
        ref.id = idOf(mo);
        ref.name = field(mo, "name");
        ref.state = field(mo, "state");
        ref.reservationState = field(mo, "reservation_state");
        ref.product = many2oneName(val(mo, "product_id"));
        ref.qty = val(mo, "product_qty").toDouble();
        const QString summary = field(mo, "activity_summary");
        ref.heldByActivity = summary.startsWith(QLatin1String("HOLD:"));
        if (ref.heldByActivity)
            ref.holdNote = summary.mid(5).trimmed();
        ref.created = dateTime(val(mo, "create_date"));
        if (!ref.created.isValid())
            ref.created = dateTime(val(mo, "date_start"));
        if (ref.state == QLatin1String("done"))
            ref.finished = dateTime(val(mo, "date_finished"));
        o.manufacturingOrders.append(ref);
        later(dateTime(val(mo, "write_date")));
        const QString what = QStringLiteral("%1 × %2").arg(ref.qty).arg(ref.product);
        if (ref.state != QLatin1String("draft") && ref.created.isValid())
            o.events << event(OrderEventType::ProductionReleased, OrderSystem::Manufacturing,
                              ref.created, ref.name, what);
        if (ref.state == QLatin1String("done") && ref.finished.isValid())
            o.events << event(OrderEventType::Produced, OrderSystem::Manufacturing, ref.finished,
                              ref.name, what);
    }
    std::sort(o.manufacturingOrders.begin(), o.manufacturingOrders.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });

    // Warehouse.
    for (const QJsonObject &p : related.pickings) {
        if (!pickingBelongs(p, so))
            continue;
        PickingRef ref;
        ref.id = idOf(p);
        ref.name = field(p, "name");
        ref.state = field(p, "state");
        ref.typeCode = field(p, "picking_type_code");
        ref.scheduled = dateTime(val(p, "scheduled_date"));
        ref.done = dateTime(val(p, "date_done"));
        o.pickings.append(ref);
        later(dateTime(val(p, "write_date")));
        const bool done = ref.state == QLatin1String("done") && ref.done.isValid();
        const bool isReturn = ref.typeCode == QLatin1String("incoming") &&
                              (many2oneId(val(p, "return_id")) != 0 ||
                               field(p, "origin").startsWith(QLatin1String("Return of")));
        if (ref.typeCode == QLatin1String("outgoing")) {
            // A picking "assigned" alone is no proof: one reserved line suffices (131).
            if (ref.state == QLatin1String("assigned") &&
                field(p, "products_availability_state") == QLatin1String("available"))
                o.events << event(OrderEventType::StockReserved, OrderSystem::Warehouse,
                                  dateTime(val(p, "write_date")), ref.name);
            if (done)
                o.events << event(OrderEventType::GoodsShipped, OrderSystem::Warehouse, ref.done,
                                  ref.name);
        } else if (isReturn && done) {
            o.events << event(OrderEventType::Returned, OrderSystem::Warehouse, ref.done, ref.name);
        }
    }
    std::sort(o.pickings.begin(), o.pickings.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });

    // Finance.
    for (const QJsonObject &inv : related.invoices) {
        if (!invoiceBelongs(inv, so))
            continue;
        InvoiceRef ref;
        ref.id = idOf(inv);
        ref.name = field(inv, "name");
        ref.moveType = field(inv, "move_type");
        ref.state = field(inv, "state");
        ref.paymentState = field(inv, "payment_state");
        ref.amount = val(inv, "amount_total").toDouble();
        ref.invoiceDate = date(val(inv, "invoice_date"));
        ref.written = dateTime(val(inv, "write_date"));
        o.invoices.append(ref);
        later(ref.written);
        if (ref.state != QLatin1String("posted"))
            continue;
        const QString amount = QStringLiteral("%1 %2").arg(ref.amount, 0, 'f', 2).arg(o.currency);
        if (ref.moveType == QLatin1String("out_invoice")) {
            o.events << event(OrderEventType::InvoiceIssued, OrderSystem::Finance,
                              invoiceEventTime(inv), ref.name, amount);
            if (ref.paymentState == QLatin1String("paid") ||
                ref.paymentState == QLatin1String("in_payment"))
                o.events << event(OrderEventType::PaymentReconciled, OrderSystem::Finance,
                                  ref.written, ref.name, amount);
        } else if (ref.moveType == QLatin1String("out_refund")) {
            o.events << event(OrderEventType::CreditNoteIssued, OrderSystem::Finance,
                              invoiceEventTime(inv), ref.name, amount);
        }
    }
    std::sort(o.invoices.begin(), o.invoices.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });

    // A record read without its date fields (a narrow incremental read) gives no datable event.
    o.events.removeIf([](const OrderEvent &e) { return !e.at.isValid(); });
    // Timeline order: by time, then by the order the stages follow when times tie.
    std::stable_sort(o.events.begin(), o.events.end(),
                     [](const OrderEvent &a, const OrderEvent &b) {
                         if (a.at != b.at)
                             return a.at < b.at;
                         return a.type < b.type;
                     });
    o.deriveStage();
    return o;
}

} // namespace o2c::odoo
