// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SimulatorClock.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

#include <functional>
#include <map>
#include <vector>

namespace o2c::sim {

class Domain;

enum class FieldType : quint8 {
    Char,
    Text,
    Html,
    Integer,
    Float,
    Monetary,
    Boolean,
    Date,
    Datetime,
    Selection,
    Many2one,
    One2many,
    Many2many,
    Many2oneReference,
    Other,
};

struct FieldSpec {
    QString name;
    FieldType type = FieldType::Other;
    QString relation;
    QJsonObject attributes; // the fields_get entry: string, type, relation, selection, ...
    bool isRelational() const {
        return type == FieldType::Many2one || type == FieldType::One2many ||
               type == FieldType::Many2many;
    }
    bool isX2many() const { return type == FieldType::One2many || type == FieldType::Many2many; }
};

struct ModelSpec {
    QString name;
    QString description; // "Sales Order"
    QString defaultOrder = QStringLiteral("id");
    QHash<QString, FieldSpec> fields;
    QStringList fieldOrder;
    const FieldSpec *field(const QString &f) const {
        auto it = fields.constFind(f);
        return it == fields.constEnd() ? nullptr : &it.value();
    }
};

// Internal value representation: char/text/selection QString (empty = false), integer qint64,
// float double, boolean bool, date QDate, datetime QDateTime (UTC, milliseconds kept), many2one
// qint64 (0 = false), x2many QList<qint64>. Fields without a stored value read as empty.
struct Record {
    qint64 id = 0;
    QHash<QString, QVariant> values;
    // write_date in ms since the epoch, kept beside values by create/write: every sync pages
    // by it, so searches compare and sort it without a lookup.
    qint64 writeMs = 0;
};

using ComputedField = std::function<QVariant(const Record &)>;

// How one field of one model is read, resolved once for a whole search or read instead of by
// name for every record (a stored value, a computed field, an inverse x2many, the id, ...).
struct FieldAccess {
    enum class Kind : quint8 {
        Id,
        Computed,
        Inverse,
        DisplayName,
        WriteDate, // stored, also in Record::writeMs
        Stored
    } kind = Kind::Stored;
    QString field;
    const FieldSpec *spec = nullptr;
    const ComputedField *computed = nullptr;
    const QHash<qint64, QList<qint64>> *inverse = nullptr;
};

// The in-memory Odoo database: models with the fields Odoo 18 reports, records, sequences and a
// search that evaluates Odoo domains. No access rules here: the RPC layer applies them.
class OdooDatabase final {
public:
    explicit OdooDatabase(SimulatorClock *clock);
    ~OdooDatabase();
    OdooDatabase(const OdooDatabase &) = delete;
    OdooDatabase &operator=(const OdooDatabase &) = delete;

    // Schema
    bool hasModel(const QString &model) const;
    const ModelSpec *model(const QString &model) const;
    // A model of an optional module (e.g. OCA queue_job): `fieldsJson` is its fields_get map.
    void addModel(const QString &model, const QString &description, const QString &order,
                  const QByteArray &fieldsJson);
    void addComputedField(const QString &model, const QString &field, ComputedField f);
    // An x2many read from the records of `childModel` whose many2one `inverseField` points here.
    void addInverse(const QString &model, const QString &field, const QString &childModel,
                    const QString &inverseField);

    // Records (no access checks)
    qint64 create(const QString &model, const QVariantHash &values);
    void write(const QString &model, qint64 id, const QVariantHash &values);
    void touch(const QString &model, qint64 id); // bump write_date only
    bool unlink(const QString &model, qint64 id);
    bool exists(const QString &model, qint64 id) const;
    const Record *record(const QString &model, qint64 id) const;
    QVariant value(const QString &model, qint64 id, const QString &field) const;
    QVariant value(const QString &model, const Record &r, const QString &field) const;
    // Valid while no field is added to the model; the fast form of value() for many records.
    FieldAccess access(const QString &model, const QString &field) const;
    QVariant value(const QString &model, const FieldAccess &a, const Record &r) const;
    QList<qint64> ids(const QString &model) const;
    qint64 count(const QString &model) const;
    QString displayName(const QString &model, qint64 id) const;
    void setDisplayName(const QString &model, std::function<QString(const Record &)> f);

    // Next id handed out by create (so a replay can reproduce recorded ids).
    void setNextId(const QString &model, qint64 id);
    qint64 nextId(const QString &model) const;
    // Named sequences ("WH/OUT/", "WH/MO/", "INV/2026/", ...): next number and its setter.
    qint64 takeSequence(const QString &prefix);
    void setNextSequence(const QString &prefix, qint64 n);

    // Ordered search. limit < 0: all.
    QList<qint64> search(const QString &model, const Domain &domain, const QString &order = {},
                         qint64 limit = -1, qint64 offset = 0) const;
    QList<qint64> searchAll(const QString &model, const Domain &domain) const;
    // searchAll, keeping only the ids `keep` accepts (record rules).
    QList<qint64> searchAll(const QString &model, const Domain &domain,
                            const std::function<bool(qint64)> &keep) const;
    // Sort ids by an "a desc, b asc" order spec (the model's default order when empty).
    void sortIds(const QString &model, QList<qint64> &ids, const QString &order) const;
    // The page [offset, offset + limit) of `ids` in that order (limit < 0: to the end); only
    // the page is fully sorted.
    QList<qint64> sortedPage(const QString &model, const QList<qint64> &ids, const QString &order,
                             qint64 limit, qint64 offset) const;
    // search() in one pass over the table (sort keys read while matching), keeping only the ids
    // `keep` accepts when given (record rules).
    QList<qint64> searchPage(const QString &model, const Domain &domain, const QString &order,
                             qint64 limit, qint64 offset,
                             const std::function<bool(qint64)> &keep = {}) const;
    // Validates an order spec; throws OdooFault on an unknown field.
    void checkOrder(const QString &model, const QString &order) const;

    SimulatorClock &clock() { return *m_clock; }
    QDateTime now() const { return m_clock->now(); }

private:
    struct Table {
        std::map<qint64, Record> rows;
        qint64 nextId = 1;
    };
    struct Inverse {
        QString childModel;
        QString inverseField;
    };
    void indexInverse(const QString &model, const Record &before, const Record &after);
    QList<qint64> sortRecords(const QString &model, const std::vector<const Record *> &rows,
                              const QList<qint64> &ids, const QString &order, qint64 limit,
                              qint64 offset) const;

    SimulatorClock *m_clock;
    QHash<QString, ModelSpec> m_models;
    QHash<QString, Table> m_tables;
    QHash<QString, QHash<QString, ComputedField>> m_computed; // model -> field
    QHash<QString, Inverse> m_inverses;                       // "model\nfield"
    struct InverseLink {
        QString parentModel;
        QString field;        // the x2many on the parent
        QString inverseField; // the many2one on the child
    };
    QHash<QString, QList<InverseLink>> m_inverseOf; // child model -> links
    QHash<QString, QHash<QString, QHash<qint64, QList<qint64>>>> m_inverseIndex; // model, field
    QHash<QString, std::function<QString(const Record &)>> m_displayNames;
    QHash<QString, qint64> m_sequences;
};

FieldType fieldTypeFromName(const QString &typeName);
// Empty means Odoo's false: 0 for a many2one, "" for char, an empty x2many, null date.
bool isEmptyValue(const QVariant &v);
QString formatDatetime(const QDateTime &t); // "YYYY-MM-DD HH:MM:SS", UTC
QString formatDate(const QDate &d);         // "YYYY-MM-DD"
QDateTime parseDatetime(const QString &s);  // accepts "YYYY-MM-DD[ HH:MM:SS]"

} // namespace o2c::sim
