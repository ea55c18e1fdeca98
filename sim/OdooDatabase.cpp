// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooDatabase.h"

#include "Domain.h"
#include "LabFieldMaps.h"
#include "OdooFault.h"
#include "WireValue.h"

#include <QDate>
#include <QJsonDocument>

#include <algorithm>
#include <vector>

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

namespace {

char *putDigits(char *p, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        p[i] = char('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

char *putDate(char *p, int year, int month, int day) {
    p = putDigits(p, year, 4);
    *p++ = '-';
    p = putDigits(p, month, 2);
    *p++ = '-';
    return putDigits(p, day, 2);
}

} // namespace

// Written digit by digit: QDateTime::toString with a format parses the format and goes through
// the locale for every value, which dominated reading a page of records.
QString formatDatetime(const QDateTime &t) {
    if (!t.isValid())
        return {};
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    const qint64 days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    const int inDay = int(secs - days * 86400);
    // civil date from days since 1970-01-01 (proleptic Gregorian, 400-year eras)
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999)
        return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    char buf[19];
    char *p = putDate(buf, int(year), month, day);
    *p++ = ' ';
    p = putDigits(p, inDay / 3600, 2);
    *p++ = ':';
    p = putDigits(p, inDay / 60 % 60, 2);
    *p++ = ':';
    putDigits(p, inDay % 60, 2);
    return QString::fromLatin1(buf, 19);
}

QString formatDate(const QDate &d) {
    if (!d.isValid())
        return {};
    if (d.year() < 1 || d.year() > 9999)
        return d.toString(QStringLiteral("yyyy-MM-dd"));
    char buf[10];
    int year = 0;
    int month = 0;
    int day = 0;
    d.getDate(&year, &month, &day);
    putDate(buf, year, month, day);
    return QString::fromLatin1(buf, 10);
}

namespace {

// Digits at [from, from + n) of s as a number, or -1.
int digitsAt(const QString &s, qsizetype from, qsizetype n) {
    int v = 0;
    for (qsizetype i = from; i < from + n; ++i) {
        const char16_t c = s.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        v = v * 10 + int(c - u'0');
    }
    return v;
}

} // namespace

// Parsed by hand: QDateTime::fromString with a format costs tens of thousands of instructions,
// and every create/write of a date field from the wire goes through here.
QDateTime parseDatetime(const QString &s) {
    if (s.size() < 10 || s.at(4) != QLatin1Char('-') || s.at(7) != QLatin1Char('-'))
        return {};
    const QDate d(digitsAt(s, 0, 4), digitsAt(s, 5, 2), digitsAt(s, 8, 2));
    if (!d.isValid() || digitsAt(s, 0, 4) < 0)
        return {};
    QTime t(0, 0);
    if (s.size() >= 19 && s.at(10) == QLatin1Char(' ') && s.at(13) == QLatin1Char(':') &&
        s.at(16) == QLatin1Char(':')) {
        const int h = digitsAt(s, 11, 2);
        const int m = digitsAt(s, 14, 2);
        const int sec = digitsAt(s, 17, 2);
        if (h >= 0 && m >= 0 && sec >= 0 && QTime::isValid(h, m, sec))
            t = QTime(h, m, sec);
    }
    return QDateTime(d, t, Qt::UTC);
}

OdooDatabase::OdooDatabase(SimulatorClock *clock)
    : m_clock(clock) {
    QHash<QString, const ModelInfo *> infos;
    for (const ModelInfo &i : modelInfos)
        infos.insert(QLatin1String(i.name), &i);
    const auto maps = labFieldMaps();
    for (const auto &[name, json] : maps) {
        const ModelInfo *i = infos.value(name);
        addModel(name, i ? QLatin1String(i->description) : QString(),
                 i ? QLatin1String(i->order) : QStringLiteral("id"), json);
    }
}

void OdooDatabase::addModel(const QString &name, const QString &description, const QString &order,
                            const QByteArray &fieldsJson) {
    ModelSpec spec;
    spec.name = name;
    spec.description = description;
    spec.defaultOrder = order;
    const QJsonObject fields = QJsonDocument::fromJson(fieldsJson).object();
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
    m_inverseOf[childModel].append({model, field, inverseField});
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
    for (const InverseLink &link : it.value()) {
        const QString &inverseField = link.inverseField;
        const qint64 oldParent = before.values.value(inverseField).toLongLong();
        const qint64 newParent = after.values.value(inverseField).toLongLong();
        if (oldParent == newParent && before.id == after.id)
            continue;
        auto &index = m_inverseIndex[link.parentModel][link.field];
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
    r.writeMs = now.toMSecsSinceEpoch();
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
    // Only the fields the inverse indexes follow: copying the whole record would make the
    // writes below detach (deep-copy) its value hash on every write.
    Record before;
    before.id = id;
    if (auto inv = m_inverseOf.constFind(model); inv != m_inverseOf.constEnd()) {
        for (const InverseLink &link : inv.value())
            before.values.insert(link.inverseField, it->second.values.value(link.inverseField));
    }
    for (auto v = values.begin(); v != values.end(); ++v)
        it->second.values.insert(v.key(), v.value());
    const qint64 nowMs = m_clock->nowMSecs();
    it->second.values.insert(QStringLiteral("write_date"),
                             QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC));
    it->second.writeMs = nowMs;
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

FieldAccess OdooDatabase::access(const QString &model, const QString &field) const {
    FieldAccess a;
    a.field = field;
    if (const ModelSpec *spec = this->model(model))
        a.spec = spec->field(field);
    if (field == QLatin1String("id")) {
        a.kind = FieldAccess::Kind::Id;
        return a;
    }
    if (auto m = m_computed.constFind(model); m != m_computed.constEnd()) {
        if (auto c = m->constFind(field); c != m->constEnd()) {
            a.kind = FieldAccess::Kind::Computed;
            a.computed = &c.value();
            return a;
        }
    }
    if (auto m = m_inverseIndex.constFind(model); m != m_inverseIndex.constEnd()) {
        if (auto inv = m->constFind(field); inv != m->constEnd()) {
            a.kind = FieldAccess::Kind::Inverse;
            a.inverse = &inv.value();
            return a;
        }
    }
    if (field == QLatin1String("display_name"))
        a.kind = FieldAccess::Kind::DisplayName;
    else if (field == QLatin1String("write_date"))
        a.kind = FieldAccess::Kind::WriteDate;
    return a;
}

QVariant OdooDatabase::value(const QString &model, const FieldAccess &a, const Record &r) const {
    switch (a.kind) {
    case FieldAccess::Kind::Id:
        return r.id;
    case FieldAccess::Kind::Computed:
        return (*a.computed)(r);
    case FieldAccess::Kind::Inverse:
        return QVariant::fromValue(a.inverse->value(r.id));
    case FieldAccess::Kind::DisplayName:
        return displayName(model, r.id);
    case FieldAccess::Kind::WriteDate:
    case FieldAccess::Kind::Stored:
        break;
    }
    return r.values.value(a.field);
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
    return searchAll(model, domain, {});
}

QList<qint64> OdooDatabase::searchAll(const QString &model, const Domain &domain,
                                      const std::function<bool(qint64)> &keep) const {
    QList<qint64> out;
    auto t = m_tables.constFind(model);
    if (t == m_tables.constEnd())
        return out;
    const Domain::Matcher match = domain.matcher(*this, model);
    for (const auto &[id, r] : t->rows) {
        if (match(r) && (!keep || keep(id)))
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

} // namespace

void OdooDatabase::checkOrder(const QString &model, const QString &order) const {
    const ModelSpec *spec = this->model(model);
    for (const OrderKey &k : parseOrder(order)) {
        if (k.field != QLatin1String("id") && (!spec || !spec->field(k.field)))
            throw OdooFault::valueError(QStringLiteral("Invalid field %1 on model %2")
                                            .arg(pythonRepr(k.field), pythonRepr(model)));
    }
}

namespace {

// One sort key of one row, typed once so comparisons need no QVariant: null, number or text.
struct SortCell {
    enum Kind : quint8 { Null, Number, Text } kind = Null;
    double number = 0;
    QString text;
};

int compareCells(const SortCell &a, const SortCell &b) {
    // NULLs last ascending, first descending (PostgreSQL)
    if (a.kind == SortCell::Null || b.kind == SortCell::Null)
        return a.kind == b.kind ? 0 : (a.kind == SortCell::Null ? 1 : -1);
    if (a.kind == SortCell::Text && b.kind == SortCell::Text)
        return a.text.compare(b.text);
    return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
}

} // namespace

QList<qint64> OdooDatabase::sortedPage(const QString &model, const QList<qint64> &ids,
                                       const QString &order, qint64 limit, qint64 offset) const {
    std::vector<const Record *> rows;
    rows.reserve(size_t(ids.size()));
    for (qint64 id : ids)
        rows.push_back(record(model, id));
    return sortRecords(model, rows, ids, order, limit, offset);
}

QList<qint64> OdooDatabase::searchPage(const QString &model, const Domain &domain,
                                       const QString &order, qint64 limit, qint64 offset,
                                       const std::function<bool(qint64)> &keep) const {
    std::vector<const Record *> rows;
    QList<qint64> ids;
    auto t = m_tables.constFind(model);
    if (t == m_tables.constEnd())
        return ids;
    const Domain::Matcher match = domain.matcher(*this, model);
    for (const auto &[id, r] : t->rows) {
        if (match(r) && (!keep || keep(id))) {
            ids.append(id);
            rows.push_back(&r);
        }
    }
    return sortRecords(model, rows, ids, order, limit, offset);
}

QList<qint64> OdooDatabase::sortRecords(const QString &model,
                                        const std::vector<const Record *> &records,
                                        const QList<qint64> &ids, const QString &order,
                                        qint64 limit, qint64 offset) const {
    const ModelSpec *spec = this->model(model);
    QList<OrderKey> keys = parseOrder(order.isEmpty() && spec ? spec->defaultOrder : order);
    bool hasId = false;
    for (const OrderKey &k : keys)
        hasId = hasId || k.field == QLatin1String("id");
    if (!hasId)
        keys << OrderKey{QStringLiteral("id"), false};
    const size_t n = size_t(ids.size());
    const size_t width = size_t(keys.size());
    std::vector<FieldAccess> access;
    for (const OrderKey &k : keys)
        access.push_back(this->access(model, k.field));
    std::vector<SortCell> cells(n * width);
    for (size_t row = 0; row < n; ++row) {
        const qint64 id = ids.at(qsizetype(row));
        const Record *r = records[row];
        for (size_t k = 0; k < width; ++k) {
            SortCell &c = cells[row * width + k];
            const FieldAccess &a = access[k];
            if (a.kind == FieldAccess::Kind::Id) {
                c.kind = SortCell::Number;
                c.number = double(id);
                continue;
            }
            if (!r)
                continue;
            if (a.kind == FieldAccess::Kind::WriteDate) {
                c.kind = SortCell::Number;
                c.number = double(r->writeMs);
                continue;
            }
            const QVariant v = value(model, a, *r);
            const FieldSpec *f = a.spec;
            if (f && f->type == FieldType::Many2one) {
                // Many2one sorts by the related record's display name, empty last.
                if (const qint64 rel = v.toLongLong()) {
                    c.kind = SortCell::Text;
                    c.text = displayName(f->relation, rel);
                }
                continue;
            }
            switch (v.typeId()) {
            case QMetaType::QDateTime: {
                // compare instants as numbers: QDateTime comparisons convert time zones
                const QDateTime dt = v.toDateTime();
                if (dt.isValid()) {
                    c.kind = SortCell::Number;
                    c.number = double(dt.toMSecsSinceEpoch());
                }
                break;
            }
            case QMetaType::QDate:
                if (v.toDate().isValid()) {
                    c.kind = SortCell::Number;
                    c.number = double(v.toDate().toJulianDay());
                }
                break;
            case QMetaType::QString:
                if (!v.toString().isEmpty()) {
                    c.kind = SortCell::Text;
                    c.text = v.toString();
                }
                break;
            case QMetaType::Bool:
                c.kind = SortCell::Number;
                c.number = v.toBool() ? 1 : 0;
                break;
            case QMetaType::Double:
            case QMetaType::LongLong:
            case QMetaType::Int:
                c.kind = SortCell::Number;
                c.number = v.toDouble();
                break;
            default:
                if (!isEmptyValue(v)) {
                    c.kind = SortCell::Number;
                    c.number = v.toDouble();
                }
                break;
            }
        }
    }
    std::vector<quint32> rows(n);
    for (size_t i = 0; i < n; ++i)
        rows[i] = quint32(i);
    auto less = [&](quint32 a, quint32 b) {
        const SortCell *x = &cells[size_t(a) * width];
        const SortCell *y = &cells[size_t(b) * width];
        for (size_t k = 0; k < width; ++k) {
            int c = compareCells(x[k], y[k]);
            if (keys.at(qsizetype(k)).descending)
                c = -c;
            if (c != 0)
                return c < 0;
        }
        return a < b; // stable: the input order decides ties
    };
    const size_t from = size_t(qBound<qint64>(0, offset, qint64(n)));
    const size_t to = limit < 0 ? n : size_t(qMin<qint64>(qint64(n), qint64(from) + limit));
    // Only the rows up to the end of the page need their order: the rest is never returned.
    if (to < n)
        std::partial_sort(rows.begin(), rows.begin() + qptrdiff(to), rows.end(), less);
    else
        std::sort(rows.begin(), rows.end(), less);
    QList<qint64> out;
    out.reserve(qsizetype(to - qMin(from, to)));
    for (size_t i = from; i < to; ++i)
        out.append(ids.at(qsizetype(rows[i])));
    return out;
}

void OdooDatabase::sortIds(const QString &model, QList<qint64> &ids, const QString &order) const {
    ids = sortedPage(model, ids, order, -1, 0);
}

QList<qint64> OdooDatabase::search(const QString &model, const Domain &domain, const QString &order,
                                   qint64 limit, qint64 offset) const {
    return searchPage(model, domain, order, limit, offset);
}

} // namespace o2c::sim
