// SPDX-License-Identifier: GPL-3.0-or-later
#include "CanonicalOrder.h"

#include <QJsonArray>

#include <algorithm>

namespace o2c {

QString CanonicalOrder::normalizeReference(QStringView ref) {
    QString s;
    s.reserve(ref.size());
    for (QChar c : ref)
        if (c.isLetterOrNumber())
            s.append(c.toUpper());
    // A leading purchase-order marker carries no identity, however it was typed ("PO ORD/1",
    // "POORD1"); a reference that merely starts with the letters PO loses them on both sides.
    for (QStringView prefix :
         {QStringView(u"PURCHASEORDER"), QStringView(u"ORDER"), QStringView(u"PO")}) {
        if (s.startsWith(prefix) && s.size() > prefix.size()) {
            s.remove(0, prefix.size());
            break;
        }
    }
    qsizetype zeros = 0;
    while (zeros < s.size() - 1 && s.at(zeros) == u'0')
        ++zeros;
    s.remove(0, zeros);
    return s;
}

bool CanonicalOrder::hasHoldTag() const {
    return std::any_of(tags.cbegin(), tags.cend(), [](const QString &t) {
        return t.compare(QStringLiteral("HOLD"), Qt::CaseInsensitive) == 0;
    });
}

void CanonicalOrder::deriveStage() {
    if (saleState == QStringLiteral("cancel")) {
        stage = OrderStage::Cancelled;
        return;
    }
    if (saleState != QStringLiteral("sale")) {
        stage = OrderStage::Quotation;
        return;
    }
    const auto postedInvoices = [this] {
        QList<const InvoiceRef *> r;
        for (const auto &inv : invoices)
            if (inv.moveType == QStringLiteral("out_invoice") &&
                inv.state == QStringLiteral("posted"))
                r.append(&inv);
        return r;
    }();
    if (!postedInvoices.isEmpty()) {
        const bool paid = std::all_of(postedInvoices.cbegin(), postedInvoices.cend(), [](auto *i) {
            return i->paymentState == QStringLiteral("paid") ||
                   i->paymentState == QStringLiteral("in_payment");
        });
        stage = paid ? OrderStage::Paid : OrderStage::Invoiced;
        return;
    }
    const bool shipped = std::any_of(pickings.cbegin(), pickings.cend(), [](const PickingRef &p) {
        return p.typeCode == QStringLiteral("outgoing") && p.state == QStringLiteral("done");
    });
    if (shipped) {
        stage = OrderStage::Shipped;
        return;
    }
    QList<const ManufacturingOrderRef *> liveMos;
    for (const auto &mo : manufacturingOrders)
        if (mo.state != QStringLiteral("cancel"))
            liveMos.append(&mo);
    const bool reserved = std::any_of(pickings.cbegin(), pickings.cend(), [](const PickingRef &p) {
        return p.typeCode == QStringLiteral("outgoing") && p.state == QStringLiteral("assigned");
    });
    if (!liveMos.isEmpty()) {
        const bool allDone = std::all_of(liveMos.cbegin(), liveMos.cend(), [](auto *m) {
            return m->state == QStringLiteral("done");
        });
        if (allDone)
            stage = reserved ? OrderStage::Reserved : OrderStage::Produced;
        else
            stage = OrderStage::Manufacturing;
        return;
    }
    stage = reserved ? OrderStage::Reserved : OrderStage::Confirmed;
}

QJsonObject CanonicalOrder::toJson() const {
    QJsonArray jl;
    for (const auto &l : lines)
        jl.append(QJsonObject{{QStringLiteral("sku"), l.sku},
                              {QStringLiteral("qty"), l.qty},
                              {QStringLiteral("uom"), l.uom},
                              {QStringLiteral("price"), l.price}});
    QJsonObject edi{{QStringLiteral("isa13"), source.edi.isa13},
                    {QStringLiteral("gs06"), source.edi.gs06},
                    {QStringLiteral("st02"), source.edi.st02}};
    if (!source.edi.sender.isEmpty())
        edi.insert(QStringLiteral("sender"), source.edi.sender);
    QJsonObject o{
        {QStringLiteral("id"), id},
        {QStringLiteral("channel"), channelKey(channel)},
        {QStringLiteral("customer"), QJsonObject{{QStringLiteral("id"), customer.partnerId},
                                                 {QStringLiteral("name"), customer.name},
                                                 {QStringLiteral("vat"), customer.vat}}},
        {QStringLiteral("customer_ref"), customerRef},
        {QStringLiteral("lines"), jl},
        {QStringLiteral("amount_total"), amountTotal},
        {QStringLiteral("currency"), currency},
        {QStringLiteral("created_at"), createdAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("requested_date"), requestedDate.toString(Qt::ISODate)},
        {QStringLiteral("ship_to"), shipTo},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("system"), source.system},
                                               {QStringLiteral("document"), source.document},
                                               {QStringLiteral("edi"), edi}}},
    };
    if (!customer.gln.isEmpty()) {
        QJsonObject c = o.value(QStringLiteral("customer")).toObject();
        c.insert(QStringLiteral("gln"), customer.gln);
        o.insert(QStringLiteral("customer"), c);
    }
    if (!source.payloadHash.isEmpty()) {
        QJsonObject s = o.value(QStringLiteral("source")).toObject();
        s.insert(QStringLiteral("payload_hash"), source.payloadHash);
        o.insert(QStringLiteral("source"), s);
    }
    if (saleOrderId) {
        o.insert(QStringLiteral("odoo"), QJsonObject{{QStringLiteral("sale_order_id"), saleOrderId},
                                                     {QStringLiteral("name"), saleOrderName},
                                                     {QStringLiteral("state"), saleState},
                                                     {QStringLiteral("stage"), stageKey(stage)}});
    }
    return o;
}

namespace {
QString textOf(const QJsonValue &v) {
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    return {};
}
} // namespace

CanonicalOrder CanonicalOrder::fromJson(const QJsonObject &o, QString *error) {
    CanonicalOrder r;
    QStringList problems;
    r.id = textOf(o.value(QStringLiteral("id")));
    if (r.id.isEmpty())
        problems << QStringLiteral("\"id\" is missing");
    r.channel = channelFromKey(o.value(QStringLiteral("channel")).toString());
    const QJsonObject c = o.value(QStringLiteral("customer")).toObject();
    const QJsonValue cid = c.value(QStringLiteral("id"));
    r.customer.partnerId = cid.isDouble() ? qint64(cid.toDouble()) : textOf(cid).toLongLong();
    r.customer.name = c.value(QStringLiteral("name")).toString();
    r.customer.vat = c.value(QStringLiteral("vat")).toString();
    r.customer.gln = c.value(QStringLiteral("gln")).toString();
    r.customerRef = textOf(o.value(QStringLiteral("customer_ref")));
    const QJsonValue lines = o.value(QStringLiteral("lines"));
    if (!lines.isUndefined() && !lines.isNull() && !lines.isArray())
        problems << QStringLiteral("\"lines\" is not an array");
    for (const QJsonValue &lv : lines.toArray()) {
        if (!lv.isObject()) {
            problems << QStringLiteral("a line is not an object");
            continue;
        }
        const QJsonObject l = lv.toObject();
        OrderLine line;
        line.sku = textOf(l.value(QStringLiteral("sku")));
        line.qty = l.value(QStringLiteral("qty")).toDouble();
        line.uom = l.value(QStringLiteral("uom")).toString();
        line.price = l.value(QStringLiteral("price")).toDouble();
        r.lines.append(line);
    }
    r.amountTotal = o.value(QStringLiteral("amount_total")).toDouble();
    r.currency = o.value(QStringLiteral("currency")).toString();
    const QString created = o.value(QStringLiteral("created_at")).toString();
    if (!created.isEmpty()) {
        r.createdAt = QDateTime::fromString(created, Qt::ISODateWithMs);
        if (!r.createdAt.isValid())
            problems
                << QStringLiteral("\"created_at\" is not an ISO 8601 date-time: %1").arg(created);
        else
            r.createdAt = r.createdAt.toUTC();
    }
    const QString requested = o.value(QStringLiteral("requested_date")).toString();
    if (!requested.isEmpty())
        r.requestedDate = QDate::fromString(requested.left(10), Qt::ISODate);
    r.shipTo = textOf(o.value(QStringLiteral("ship_to")));
    const QJsonObject s = o.value(QStringLiteral("source")).toObject();
    r.source.system = s.value(QStringLiteral("system")).toString();
    r.source.document = textOf(s.value(QStringLiteral("document")));
    r.source.payloadHash = s.value(QStringLiteral("payload_hash")).toString();
    const QJsonObject edi = s.value(QStringLiteral("edi")).toObject();
    r.source.edi.sender = textOf(edi.value(QStringLiteral("sender")));
    r.source.edi.isa13 = textOf(edi.value(QStringLiteral("isa13")));
    r.source.edi.gs06 = textOf(edi.value(QStringLiteral("gs06")));
    r.source.edi.st02 = textOf(edi.value(QStringLiteral("st02")));
    if (error)
        *error = problems.join(QStringLiteral("; "));
    return r;
}

} // namespace o2c
