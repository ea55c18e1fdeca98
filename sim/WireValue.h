// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace o2c::sim {

// A JSON value that keeps the member order and the int/float distinction, serialised the way
// Odoo's Python json.dumps does (", " and ": " separators, 1740.0 for floats, \uXXXX escapes).
class WireValue final {
public:
    enum class Kind : quint8 { Null, Bool, Integer, Float, String, Array, Object, Raw };

    WireValue() = default;
    WireValue(bool b);
    WireValue(int i);
    WireValue(qint64 i);
    WireValue(double d);
    WireValue(const QString &s);
    static WireValue array();
    static WireValue object();
    // many2one: [id, "display name"] or false
    static WireValue many2one(qint64 id, const QString &displayName);
    static WireValue fromJson(const QJsonValue &v);
    // JSON already written in this format (a page of records), inserted as it is.
    static WireValue raw(QByteArray json);

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    WireValue &append(WireValue v);
    WireValue &insert(const QString &key, WireValue v);
    // insert() for a key known to be new (no search for an existing member).
    WireValue &appendMember(const QString &key, WireValue v);
    void reserve(qsizetype n);
    WireValue takeFirst(); // first item of an array (or null when empty)
    bool contains(const QString &key) const;
    qsizetype size() const { return qsizetype(m_items.size()); }

    QByteArray toJson() const;
    void appendJson(QByteArray &out) const; // toJson() written at the end of `out`
    QJsonValue toQJson() const;

private:
    void write(QByteArray &out) const;

    Kind m_kind = Kind::Null;
    bool m_bool = false;
    qint64 m_int = 0;
    double m_float = 0;
    QString m_string;
    QByteArray m_raw;
    std::vector<QString> m_keys;
    std::vector<WireValue> m_items;
};

// A JSON string as WireValue writes it (\uXXXX escapes), appended to `out`.
void appendJsonString(QByteArray &out, const QString &s);

// repr() of a JSON value as Python prints it inside error messages: 'text', 1, [1, 2], True.
QString pythonRepr(const QJsonValue &v);

} // namespace o2c::sim
