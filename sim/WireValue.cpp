// SPDX-License-Identifier: GPL-3.0-or-later
#include "WireValue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <cmath>

namespace o2c::sim {

WireValue::WireValue(bool b)
    : m_kind(Kind::Bool)
    , m_bool(b) {}
WireValue::WireValue(int i)
    : m_kind(Kind::Integer)
    , m_int(i) {}
WireValue::WireValue(qint64 i)
    : m_kind(Kind::Integer)
    , m_int(i) {}
WireValue::WireValue(double d)
    : m_kind(Kind::Float)
    , m_float(d) {}
WireValue::WireValue(const QString &s)
    : m_kind(Kind::String)
    , m_string(s) {}

WireValue WireValue::array() {
    WireValue v;
    v.m_kind = Kind::Array;
    return v;
}

WireValue WireValue::object() {
    WireValue v;
    v.m_kind = Kind::Object;
    return v;
}

WireValue WireValue::many2one(qint64 id, const QString &displayName) {
    if (id <= 0)
        return WireValue(false);
    WireValue v = array();
    v.append(WireValue(id));
    v.append(WireValue(displayName));
    return v;
}

WireValue WireValue::raw(QByteArray json) {
    WireValue v;
    v.m_kind = Kind::Raw;
    v.m_raw = std::move(json);
    return v;
}

WireValue WireValue::fromJson(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Bool:
        return WireValue(v.toBool());
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return WireValue(qint64(d));
        return WireValue(d);
    }
    case QJsonValue::String:
        return WireValue(v.toString());
    case QJsonValue::Array: {
        WireValue a = array();
        const QJsonArray arr = v.toArray();
        for (const QJsonValue &e : arr)
            a.append(fromJson(e));
        return a;
    }
    case QJsonValue::Object: {
        WireValue o = object();
        const QJsonObject obj = v.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it)
            o.insert(it.key(), fromJson(it.value()));
        return o;
    }
    default:
        return {};
    }
}

WireValue &WireValue::append(WireValue v) {
    m_items.push_back(std::move(v));
    return *this;
}

WireValue &WireValue::insert(const QString &key, WireValue v) {
    for (size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == key) {
            m_items[i] = std::move(v);
            return *this;
        }
    }
    m_keys.push_back(key);
    m_items.push_back(std::move(v));
    return *this;
}

WireValue &WireValue::appendMember(const QString &key, WireValue v) {
    m_keys.push_back(key);
    m_items.push_back(std::move(v));
    return *this;
}

void WireValue::reserve(qsizetype n) {
    if (m_kind == Kind::Object)
        m_keys.reserve(size_t(n));
    m_items.reserve(size_t(n));
}

WireValue WireValue::takeFirst() {
    if (m_items.empty())
        return {};
    WireValue v = std::move(m_items.front());
    m_items.erase(m_items.begin());
    if (!m_keys.empty())
        m_keys.erase(m_keys.begin());
    return v;
}

bool WireValue::contains(const QString &key) const {
    for (const QString &k : m_keys) {
        if (k == key)
            return true;
    }
    return false;
}

void WireValue::appendJson(QByteArray &out) const {
    if (m_kind == Kind::Array)
        out.reserve(out.size() + 256 + 512 * size());
    write(out);
}

QByteArray WireValue::toJson() const {
    QByteArray out;
    out.reserve(m_kind == Kind::Array ? 256 + 512 * size() : 256);
    write(out);
    return out;
}

void appendJsonString(QByteArray &out, const QString &s) {
    static const char hex[] = "0123456789abcdef";
    // Worst case 6 bytes a UTF-16 unit; written through a raw pointer, then trimmed.
    const qsizetype start = out.size();
    out.resize(start + 2 + 6 * s.size());
    char *p = out.data() + start;
    *p++ = '"';
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\') {
            *p++ = char(u);
            continue;
        }
        *p++ = '\\';
        switch (u) {
        case u'"':
            *p++ = '"';
            break;
        case u'\\':
            *p++ = '\\';
            break;
        case u'\n':
            *p++ = 'n';
            break;
        case u'\r':
            *p++ = 'r';
            break;
        case u'\t':
            *p++ = 't';
            break;
        case u'\b':
            *p++ = 'b';
            break;
        case u'\f':
            *p++ = 'f';
            break;
        default:
            // Python's ensure_ascii: everything outside printable ASCII as \uXXXX (UTF-16 units).
            *p++ = 'u';
            *p++ = hex[(u >> 12) & 0xf];
            *p++ = hex[(u >> 8) & 0xf];
            *p++ = hex[(u >> 4) & 0xf];
            *p++ = hex[u & 0xf];
        }
    }
    *p++ = '"';
    out.resize(p - out.data());
}

namespace {

QByteArray pythonFloat(double d) {
    if (std::isnan(d))
        return QByteArrayLiteral("NaN");
    if (std::isinf(d))
        return d > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    const double a = std::abs(d);
    if (a != 0 && (a < 1e-4 || a >= 1e16))
        return QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    QByteArray s = QByteArray::number(d, 'f', QLocale::FloatingPointShortest);
    if (!s.contains('.'))
        s += ".0";
    return s;
}

} // namespace

void WireValue::write(QByteArray &out) const {
    switch (m_kind) {
    case Kind::Null:
        out += "null";
        break;
    case Kind::Bool:
        out += m_bool ? "true" : "false";
        break;
    case Kind::Integer:
        out += QByteArray::number(m_int);
        break;
    case Kind::Float:
        out += pythonFloat(m_float);
        break;
    case Kind::String:
        appendJsonString(out, m_string);
        break;
    case Kind::Raw:
        out += m_raw;
        break;
    case Kind::Array:
        out += '[';
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ", ";
            m_items[i].write(out);
        }
        out += ']';
        break;
    case Kind::Object:
        out += '{';
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ", ";
            appendJsonString(out, m_keys[i]);
            out += ": ";
            m_items[i].write(out);
        }
        out += '}';
        break;
    }
}

QJsonValue WireValue::toQJson() const {
    switch (m_kind) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::Bool:
        return m_bool;
    case Kind::Integer:
        return m_int;
    case Kind::Float:
        return m_float;
    case Kind::String:
        return m_string;
    case Kind::Array: {
        QJsonArray a;
        for (const WireValue &v : m_items)
            a.append(v.toQJson());
        return a;
    }
    case Kind::Object: {
        QJsonObject o;
        for (size_t i = 0; i < m_items.size(); ++i)
            o.insert(m_keys[i], m_items[i].toQJson());
        return o;
    }
    case Kind::Raw: {
        // wrapped so that scalars parse too
        const QJsonDocument doc = QJsonDocument::fromJson("[" + m_raw + "]");
        return doc.array().isEmpty() ? QJsonValue() : doc.array().first();
    }
    }
    return {};
}

QString pythonRepr(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("None");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::floor(d) == d && std::abs(d) < 9.0e15)
            return QString::number(qint64(d));
        return QString::fromLatin1(pythonFloat(d));
    }
    case QJsonValue::String: {
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
        s.replace(QLatin1Char('\''), QLatin1String("\\'"));
        return QLatin1Char('\'') + s + QLatin1Char('\'');
    }
    case QJsonValue::Array: {
        QStringList parts;
        const QJsonArray a = v.toArray();
        for (const QJsonValue &e : a)
            parts << pythonRepr(e);
        return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList parts;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            parts << pythonRepr(it.key()) + QLatin1String(": ") + pythonRepr(it.value());
        return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
    }
    }
    return {};
}

} // namespace o2c::sim
