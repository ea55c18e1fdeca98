// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooDatabase.h"

#include "Domain.h"
#include "LabFieldMaps.h"
#include "OdooFault.h"
#include "WireValue.h"

#include <QDate>
#include <QJsonDocument>
#include <QTimeZone>

#include <algorithm>

namespace o2c::sim {

namespace {

QString key(const QString &model, const QString &field) {
    return model + QLatin1Char('\n') + field;
}

struct ModelInfo {
    const char *name;
    const char *description;
    const char *order;
};

const ModelInfo modelInfos[] = {
    {"sale.order", "Sales Order", "date_order desc, id desc"},
    {"sale.order.line", "Sales Order Line", "order_id, id"},
    {"mrp.production", "Production", "priority desc, date_start asc, id"},
    {"stock.picking", "Transfer", "priority desc, scheduled_date asc, id desc"},
    {"stock.move", "Stock Move", "id"},
    {"account.move", "Journal Entry", "date desc, name desc, id desc"},
    {"res.partner", "Contact", "name asc, id desc"},
    {"procurement.group", "Procurement Group", "id"},
    {"mail.activity", "Activity", "date_deadline asc, id asc"},
    {"mail.message", "Message", "id desc"},
    {"mail.activity.type", "Activity Type", "id"},
    {"res.users", "User", "name asc, id"},
    {"ir.model", "Models", "id"},
    {"product.product", "Product Variant", "default_code, name, id"},
    {"crm.tag", "CRM Tag", "name"},
    {"utm.source", "Source", "id"},
    {"mrp.workcenter", "Work Center", "id"},
    {"confirm.stock.sms", "Confirm Stock SMS", "id"},
    {"sale.advance.payment.inv", "Sales Advance Payment Invoice", "id"},
    {"account.payment.register", "Pay", "id"},
    {"account.payment", "Payments", "date desc, name desc"},
};

} // namespace

FieldType fieldTypeFromName(const QString &t) {
    static const QHash<QString, FieldType> types{
        {QStringLiteral("char"), FieldType::Char},
        {QStringLiteral("text"), FieldType::Text},
        {QStringLiteral("html"), FieldType::Html},
        {QStringLiteral("integer"), FieldType::Integer},
        {QStringLiteral("float"), FieldType::Float},
        {QStringLiteral("monetary"), FieldType::Monetary},
        {QStringLiteral("boolean"), FieldType::Boolean},
        {QStringLiteral("date"), FieldType::Date},
        {QStringLiteral("datetime"), FieldType::Datetime},
        {QStringLiteral("selection"), FieldType::Selection},
        {QStringLiteral("many2one"), FieldType::Many2one},
        {QStringLiteral("one2many"), FieldType::One2many},
        {QStringLiteral("many2many"), FieldType::Many2many},
        {QStringLiteral("many2one_reference"), FieldType::Many2oneReference},
    };
    return types.value(t, FieldType::Other);
}

bool isEmptyValue(const QVariant &v) {
    if (!v.isValid() || v.isNull())
        return true;
    switch (v.typeId()) {
    case QMetaType::QString:
        return v.toString().isEmpty();
    case QMetaType::Bool:
        return !v.toBool();
    case QMetaType::LongLong:
    case QMetaType::Int:
        return v.toLongLong() == 0;
    case QMetaType::Double:
        return false;
    case QMetaType::QDate:
        return !v.toDate().isValid();
    case QMetaType::QDateTime:
        return !v.toDateTime().isValid();
    default:
        if (v.canConvert<QList<qint64>>())
            return v.value<QList<qint64>>().isEmpty();
        return false;
    }
}

QString formatDatetime(const QDateTime &t) {
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QDateTime parseDatetime(const QString &s) {
    QDateTime t = QDateTime::fromString(s.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!t.isValid()) {
        const QDate d = QDate::fromString(s.left(10), QStringLiteral("yyyy-MM-dd"));
        if (d.isValid())
            t = QDateTime(d, QTime(0, 0));
    }
    if (t.isValid())
        t.setTimeZone(QTimeZone::utc());
    return t;
}

OdooDatabase::OdooDatabase(SimulatorClock *clock)
    : m_clock(clock) {
    QHash<QString, const ModelInfo *> infos;
    for (const ModelInfo &i : modelInfos)
        infos.insert(QLatin1String(i.name), &i);
    const auto maps = labFieldMaps();
    for (const auto &[name, json] : maps) {
        ModelSpec spec;
        spec.name = name;
        if (const ModelInfo *i = infos.value(name)) {
            spec.description = QLatin1String(i->description);
            spec.defaultOrder = QLatin1String(i->order);
        }
        const QJsonObject fields = QJsonDocument::fromJson(json).object();
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            FieldSpec f;
            f.name = it.key();
            f.attributes = it.value().toObject();
            f.type = fieldTypeFromName(f.attributes.value(QLatin1String("type")).toString());
            f.relation = f.attributes.value(QLatin1String("relation")).toString();
            spec.fields.insert(f.name, f);
            spec.fieldOrder << f.name;
        }
        m_models.insert(name, spec);
        m_tables.insert(name, Table{});
    }
}

OdooDatabase::~OdooDatabase() = default;

bool OdooDatabase::hasModel(const QString &model) const {
    return m_models.contains(model);
}

const ModelSpec *OdooDatabase::model(const QString &model) const {
    auto it = m_models.constFind(model);
    return it == m_models.constEnd() ? nullptr : &it.value();
}

void OdooDatabase::addComputedField(const QString &model, const QString &field, ComputedField f) {
    m_computed[model].insert(field, std::move(f));
}

void OdooDatabase::addInverse(const QString &model, const QString &field, const QString &childModel,
                              const QString &inverseField) {
    m_inverses.insert(key(model, field), Inverse{childModel, inverseField});
    m_inverseOf[childModel].append({model, field});
    auto &index = m_inverseIndex[model][field];
    for (const auto &[id, r] : m_tables[childModel].rows) {
        const qint64 parent = r.values.value(inverseField).toLongLong();
        if (parent)
            index[parent].append(id);
    }
}

void OdooDatabase::indexInverse(const QString &model, const Record &before, const Record &after) {
    const auto it = m_inverseOf.constFind(model);
    if (it == m_inverseOf.constEnd())
        return;
    for (const auto &[parentModel, field] : it.value()) {
        const QString inverseField = m_inverses.value(key(parentModel, field)).inverseField;
        const qint64 oldParent = before.values.value(inverseField).toLongLong();
        const qint64 newParent = after.values.value(inverseField).toLongLong();
        if (oldParent == newParent && before.id == after.id)
            continue;
        auto &index = m_inverseIndex[parentModel][field];
        if (oldParent)
            index[oldParent].removeAll(before.id);
        if (newParent && after.id)
            index[newParent].append(after.id);
    }
}

qint64 OdooDatabase::create(const QString &model, const QVariantHash &values) {
    Table &t = m_tables[model];
    Record r;
    r.id = t.nextId++;
    r.values = values;
    const QDateTime now = m_clock->now();
    if (!r.values.contains(QStringLiteral("create_date")))
        r.values.insert(QStringLiteral("create_date"), now);
    r.values.insert(QStringLiteral("write_date"), now);
    const qint64 id = r.id;
    Record before;
    before.id = id;
    t.rows.emplace(id, r);
    indexInverse(model, before, t.rows.at(id));
    return id;
}

void OdooDatabase::write(const QString &model, qint64 id, const QVariantHash &values) {
    Table &t = m_tables[model];
    auto it = t.rows.find(id);
    if (it == t.rows.end())
        return;
    const Record before = it->second;
    for (auto v = values.begin(); v != values.end(); ++v)
        it->second.values.insert(v.key(), v.value());
    it->second.values.insert(QStringLiteral("write_date"), m_clock->now());
    indexInverse(model, before, it->second);
}

void OdooDatabase::touch(const QString &model, qint64 id) {
    write(model, id, {});
}

bool OdooDatabase::unlink(const QString &model, qint64 id) {
    Table &t = m_tables[model];
    auto it = t.rows.find(id);
    if (it == t.rows.end())
        return false;
    Record after;
    indexInverse(model, it->second, after);
    t.rows.erase(it);
    return true;
}

bool OdooDatabase::exists(const QString &model, qint64 id) const {
    auto t = m_tables.constFind(model);
    return t != m_tables.constEnd() && t->rows.count(id) > 0;
}

const Record *OdooDatabase::record(const QString &model, qint64 id) const {
    auto t = m_tables.constFind(model);
    if (t == m_tables.constEnd())
        return nullptr;
    auto it = t->rows.find(id);
    return it == t->rows.end() ? nullptr : &it->second;
}

QVariant OdooDatabase::value(const QString &model, qint64 id, const QString &field) const {
    const Record *r = record(model, id);
    return r ? value(model, *r, field) : QVariant();
}

QVariant OdooDatabase::value(const QString &model, const Record &r, const QString &field) const {
    if (field == QLatin1String("id"))
        return r.id;
    if (auto m = m_computed.constFind(model); m != m_computed.constEnd()) {
        if (auto c = m->constFind(field); c != m->constEnd())
            return c.value()(r);
    }
    if (auto m = m_inverseIndex.constFind(model); m != m_inverseIndex.constEnd()) {
        if (auto inv = m->constFind(field); inv != m->constEnd())
            return QVariant::fromValue(inv->value(r.id));
    }
    if (field == QLatin1String("display_name"))
        return displayName(model, r.id);
    return r.values.value(field);
}

QList<qint64> OdooDatabase::ids(const QString &model) const {
    QList<qint64> out;
    auto t = m_tables.constFind(model);
    if (t == m_tables.constEnd())
        return out;
    out.reserve(qsizetype(t->rows.size()));
    for (const auto &[id, r] : t->rows)
        out.append(id);
    return out;
}

qint64 OdooDatabase::count(const QString &model) const {
    auto t = m_tables.constFind(model);
    return t == m_tables.constEnd() ? 0 : qint64(t->rows.size());
}

QString OdooDatabase::displayName(const QString &model, qint64 id) const {
    const Record *r = record(model, id);
    if (!r)
        return {};
    if (auto f = m_displayNames.constFind(model); f != m_displayNames.constEnd())
        return f.value()(*r);
    const QString name = r->values.value(QStringLiteral("name")).toString();
    return name.isEmpty() ? model + QLatin1Char(',') + QString::number(id) : name;
}

void OdooDatabase::setDisplayName(const QString &model, std::function<QString(const Record &)> f) {
    m_displayNames.insert(model, std::move(f));
}

void OdooDatabase::setNextId(const QString &model, qint64 id) {
    m_tables[model].nextId = id;
}

qint64 OdooDatabase::nextId(const QString &model) const {
    return m_tables.value(model).nextId;
}

qint64 OdooDatabase::takeSequence(const QString &prefix) {
    qint64 &n = m_sequences[prefix];
    if (n <= 0)
        n = 1;
    return n++;
}

void OdooDatabase::setNextSequence(const QString &prefix, qint64 n) {
    m_sequences[prefix] = n;
}

QList<qint64> OdooDatabase::searchAll(const QString &model, const Domain &domain) const {
    QList<qint64> out;
    auto t = m_tables.constFind(model);
    if (t == m_tables.constEnd())
        return out;
    for (const auto &[id, r] : t->rows) {
        if (domain.matches(*this, model, r))
            out.append(id);
    }
    return out;
}

namespace {

struct OrderKey {
    QString field;
    bool descending = false;
};

QList<OrderKey> parseOrder(const QString &order) {
    QList<OrderKey> keys;
    const QStringList parts = order.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &p : parts) {
        const QStringList words = p.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        OrderKey k;
        k.field = words.first();
        k.descending = words.size() > 1 &&
                       words.at(1).compare(QLatin1String("desc"), Qt::CaseInsensitive) == 0;
        keys << k;
    }
    return keys;
}

// Sort keys compare like PostgreSQL: NULLs last ascending, first descending.
int compareVariants(const QVariant &a, const QVariant &b) {
    const bool ea = !a.isValid() || a.isNull();
    const bool eb = !b.isValid() || b.isNull();
    if (ea || eb)
        return ea == eb ? 0 : (ea ? 1 : -1);
    switch (a.typeId()) {
    case QMetaType::QString:
        return a.toString().compare(b.toString());
    case QMetaType::QDateTime: {
        const qint64 x = a.toDateTime().toMSecsSinceEpoch();
        const qint64 y = b.toDateTime().toMSecsSinceEpoch();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case QMetaType::QDate: {
        const qint64 x = a.toDate().toJulianDay();
        const qint64 y = b.toDate().toJulianDay();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case QMetaType::Bool:
        return int(a.toBool()) - int(b.toBool());
    default: {
        const double x = a.toDouble();
        const double y = b.toDouble();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    }
}

} // namespace

void OdooDatabase::checkOrder(const QString &model, const QString &order) const {
    const ModelSpec *spec = this->model(model);
    for (const OrderKey &k : parseOrder(order)) {
        if (k.field != QLatin1String("id") && (!spec || !spec->field(k.field)))
            throw OdooFault::valueError(QStringLiteral("Invalid field %1 on model %2")
                                            .arg(pythonRepr(k.field), pythonRepr(model)));
    }
}

void OdooDatabase::sortIds(const QString &model, QList<qint64> &ids, const QString &order) const {
    const ModelSpec *spec = this->model(model);
    QList<OrderKey> keys = parseOrder(order.isEmpty() && spec ? spec->defaultOrder : order);
    bool hasId = false;
    for (const OrderKey &k : keys)
        hasId = hasId || k.field == QLatin1String("id");
    if (!hasId)
        keys << OrderKey{QStringLiteral("id"), false};
    struct Row {
        qint64 id;
        QList<QVariant> values;
    };
    std::vector<Row> rows;
    rows.reserve(size_t(ids.size()));
    for (qint64 id : ids) {
        Row row{id, {}};
        const Record *r = record(model, id);
        for (const OrderKey &k : keys) {
            QVariant v = r ? value(model, *r, k.field) : QVariant();
            const FieldSpec *f = spec ? spec->field(k.field) : nullptr;
            if (f && f->type == FieldType::Many2one) {
                // Many2one sorts by the related record's display name, empty last.
                const qint64 rel = v.toLongLong();
                v = rel ? QVariant(displayName(f->relation, rel)) : QVariant();
            } else if (v.typeId() == QMetaType::QDateTime) {
                // compare instants as numbers: QDateTime comparisons convert time zones
                const QDateTime t = v.toDateTime();
                v = t.isValid() ? QVariant(double(t.toMSecsSinceEpoch())) : QVariant();
            } else if (isEmptyValue(v) && v.typeId() != QMetaType::Bool &&
                       v.typeId() != QMetaType::Double && v.typeId() != QMetaType::LongLong) {
                v = QVariant();
            }
            row.values << v;
        }
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [&keys](const Row &a, const Row &b) {
        for (qsizetype i = 0; i < keys.size(); ++i) {
            int c = compareVariants(a.values.at(i), b.values.at(i));
            if (keys.at(i).descending)
                c = -c;
            if (c != 0)
                return c < 0;
        }
        return false;
    });
    ids.clear();
    for (const Row &r : rows)
        ids << r.id;
}

QList<qint64> OdooDatabase::search(const QString &model, const Domain &domain, const QString &order,
                                   qint64 limit, qint64 offset) const {
    QList<qint64> found = searchAll(model, domain);
    sortIds(model, found, order);
    if (offset > 0)
        found = found.mid(qMin<qint64>(offset, found.size()));
    if (limit >= 0 && found.size() > limit)
        found.resize(limit);
    return found;
}

} // namespace o2c::sim
