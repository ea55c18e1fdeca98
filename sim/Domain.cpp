// SPDX-License-Identifier: GPL-3.0-or-later
#include "Domain.h"

#include "OdooDatabase.h"
#include "OdooFault.h"
#include "WireValue.h"

#include <QDate>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace o2c::sim {

namespace {

using NodePtr = std::shared_ptr<const Domain::Node>;

const QSet<QString> &leafOperators() {
    static const QSet<QString> ops{
        QStringLiteral("="),         QStringLiteral("!="),     QStringLiteral(">"),
        QStringLiteral(">="),        QStringLiteral("<"),      QStringLiteral("<="),
        QStringLiteral("in"),        QStringLiteral("not in"), QStringLiteral("like"),
        QStringLiteral("not like"),  QStringLiteral("ilike"),  QStringLiteral("not ilike"),
        QStringLiteral("=like"),     QStringLiteral("=ilike"), QStringLiteral("child_of"),
        QStringLiteral("parent_of"), QStringLiteral("any"),    QStringLiteral("not any"),
        QStringLiteral("<>"),        QStringLiteral("=?"),
    };
    return ops;
}

QString leafRepr(const QJsonArray &leaf) {
    QStringList parts;
    for (const QJsonValue &v : leaf)
        parts << pythonRepr(v);
    return QLatin1Char('(') + parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

NodePtr makeLeaf(const OdooDatabase &db, const QString &model, const QJsonArray &leaf) {
    if (leaf.size() != 3 || !leaf.at(0).isString() || !leaf.at(1).isString())
        throw OdooFault::valueError(QStringLiteral("Invalid leaf %1").arg(leafRepr(leaf)));
    const QString path = leaf.at(0).toString();
    const QString op = leaf.at(1).toString().toLower();
    if (!leafOperators().contains(op))
        throw OdooFault::valueError(QStringLiteral("Invalid leaf %1").arg(leafRepr(leaf)));
    // Every segment of a dotted path must be a field; all but the last must be relational.
    const QStringList parts = path.split(QLatin1Char('.'));
    QString current = model;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const ModelSpec *spec = db.model(current);
        const FieldSpec *f = spec ? spec->field(parts.at(i)) : nullptr;
        if (!f && parts.at(i) != QLatin1String("id"))
            throw OdooFault::valueError(QStringLiteral("Invalid field %1.%2 in leaf %3")
                                            .arg(current, parts.at(i), leafRepr(leaf)));
        if (i + 1 < parts.size()) {
            if (!f || !f->isRelational())
                throw OdooFault::valueError(QStringLiteral("Invalid field %1.%2 in leaf %3")
                                                .arg(current, parts.at(i + 1), leafRepr(leaf)));
            current = f->relation;
        }
    }
    auto n = std::make_shared<Domain::Node>();
    n->kind = Domain::Node::Kind::Leaf;
    n->path = parts;
    n->op = op == QLatin1String("<>") ? QStringLiteral("!=") : op;
    n->value = leaf.at(2);
    return n;
}

NodePtr constant(bool v) {
    auto n = std::make_shared<Domain::Node>();
    n->kind = v ? Domain::Node::Kind::True : Domain::Node::Kind::False;
    return n;
}

// Parse from position i (prefix notation); returns the node and advances i.
NodePtr parseAt(const OdooDatabase &db, const QString &model, const QJsonArray &d, qsizetype &i) {
    if (i >= d.size())
        throw OdooFault::valueError(
            QStringLiteral("Domain %1 is syntactically not correct.").arg(pythonRepr(d)));
    const QJsonValue item = d.at(i++);
    if (item.isString()) {
        const QString op = item.toString();
        auto n = std::make_shared<Domain::Node>();
        if (op == QLatin1String("!")) {
            n->kind = Domain::Node::Kind::Not;
            n->children.push_back(parseAt(db, model, d, i));
        } else if (op == QLatin1String("&") || op == QLatin1String("|")) {
            n->kind = op == QLatin1String("&") ? Domain::Node::Kind::And : Domain::Node::Kind::Or;
            n->children.push_back(parseAt(db, model, d, i));
            n->children.push_back(parseAt(db, model, d, i));
        } else {
            throw OdooFault::valueError(QStringLiteral("Invalid leaf %1").arg(pythonRepr(item)));
        }
        return n;
    }
    if (item.isBool())
        return constant(item.toBool());
    if (item.isArray()) {
        const QJsonArray leaf = item.toArray();
        // (1, '=', 1) and (0, '=', 1) are Odoo's TRUE_LEAF / FALSE_LEAF
        if (leaf.size() == 3 && leaf.at(0).isDouble())
            return constant(leaf.at(0).toDouble() == leaf.at(2).toDouble());
        return makeLeaf(db, model, leaf);
    }
    throw OdooFault::valueError(QStringLiteral("Invalid leaf %1").arg(pythonRepr(item)));
}

bool likeMatch(const QString &value, const QString &pattern, bool exactPattern, bool ci) {
    if (!exactPattern)
        return value.contains(pattern, ci ? Qt::CaseInsensitive : Qt::CaseSensitive);
    // SQL LIKE: % any run, _ one character
    QString rx;
    for (const QChar c : pattern) {
        if (c == QLatin1Char('%'))
            rx += QLatin1String(".*");
        else if (c == QLatin1Char('_'))
            rx += QLatin1Char('.');
        else
            rx += QRegularExpression::escape(QString(c));
    }
    QRegularExpression re(QRegularExpression::anchoredPattern(rx),
                          ci ? QRegularExpression::CaseInsensitiveOption
                             : QRegularExpression::NoPatternOption);
    return re.match(value).hasMatch();
}

// Domains compare every record with the same operand: parse it once.
QDateTime cachedDatetime(const QString &s) {
    thread_local QString lastText;
    thread_local QDateTime lastValue;
    if (s != lastText) {
        lastText = s;
        lastValue = parseDatetime(s);
    }
    return lastValue;
}

int cmpNumber(double a, double b) {
    return a < b ? -1 : (a > b ? 1 : 0);
}

bool applyCompare(int c, const QString &op) {
    if (op == QLatin1String(">"))
        return c > 0;
    if (op == QLatin1String(">="))
        return c >= 0;
    if (op == QLatin1String("<"))
        return c < 0;
    if (op == QLatin1String("<="))
        return c <= 0;
    return false;
}

// Compare one scalar stored value with one JSON operand for =, <, >, ... (not for in/like).
// Returns -2 when incomparable.
int compareScalar(const OdooDatabase &db, const FieldSpec *f, const QVariant &v,
                  const QJsonValue &operand) {
    const FieldType t = f ? f->type : FieldType::Integer;
    switch (t) {
    case FieldType::Integer:
    case FieldType::Float:
    case FieldType::Monetary:
    case FieldType::Many2oneReference:
        if (!operand.isDouble())
            return -2;
        return cmpNumber(v.toDouble(), operand.toDouble());
    case FieldType::Many2one:
        if (operand.isString()) {
            const qint64 id = v.toLongLong();
            if (!id)
                return -2;
            return db.displayName(f->relation, id).compare(operand.toString());
        }
        if (!operand.isDouble())
            return -2;
        return cmpNumber(double(v.toLongLong()), operand.toDouble());
    case FieldType::Boolean:
        return int(v.toBool()) - int(operand.toVariant().toBool());
    case FieldType::Date: {
        const QDate d = v.toDate();
        const QDate o = cachedDatetime(operand.toString()).date();
        if (!d.isValid() || !o.isValid())
            return -2;
        return cmpNumber(double(d.toJulianDay()), double(o.toJulianDay()));
    }
    case FieldType::Datetime: {
        const QDateTime d = v.toDateTime();
        const QDateTime o = cachedDatetime(operand.toString());
        if (!d.isValid() || !o.isValid())
            return -2;
        return cmpNumber(double(d.toMSecsSinceEpoch()), double(o.toMSecsSinceEpoch()));
    }
    default:
        if (!operand.isString() || isEmptyValue(v))
            return -2;
        return v.toString().compare(operand.toString());
    }
}

bool operandIsFalse(const QJsonValue &v) {
    return (v.isBool() && !v.toBool()) || v.isNull();
}

// Leaf on the final field of a path, for one record.
bool matchField(const OdooDatabase &db, const FieldSpec *f, const QVariant &v, const QString &op,
                const QJsonValue &operand) {
    const bool x2many = f && f->isX2many();
    const bool negative = op == QLatin1String("!=") || op == QLatin1String("not in") ||
                          op == QLatin1String("not like") || op == QLatin1String("not ilike");
    if (x2many) {
        // x2many: positive operators match if any related id matches; negatives if none does.
        const QList<qint64> ids = v.value<QList<qint64>>();
        if (operandIsFalse(operand))
            return (op == QLatin1String("=")) == ids.isEmpty();
        QSet<qint64> wanted;
        if (operand.isArray()) {
            for (const QJsonValue &e : operand.toArray())
                wanted.insert(qint64(e.toDouble()));
        } else if (operand.isDouble()) {
            wanted.insert(qint64(operand.toDouble()));
        } else if (operand.isString()) {
            bool any = false;
            for (qint64 id : ids) {
                const QString name = db.displayName(f->relation, id);
                any = any || likeMatch(name, operand.toString(),
                                       op == QLatin1String("=") || op == QLatin1String("!="),
                                       op.contains(QLatin1String("ilike")));
            }
            return negative ? !any : any;
        }
        bool any = false;
        for (qint64 id : ids)
            any = any || wanted.contains(id);
        return negative ? !any : any;
    }
    if (op == QLatin1String("=") || op == QLatin1String("!=")) {
        bool eq;
        if (operandIsFalse(operand) && !(f && f->type == FieldType::Boolean))
            eq = isEmptyValue(v);
        else if (f && f->type == FieldType::Boolean)
            eq = v.toBool() == operand.toVariant().toBool();
        else
            eq = compareScalar(db, f, v, operand) == 0;
        return op == QLatin1String("=") ? eq : !eq;
    }
    if (op == QLatin1String("in") || op == QLatin1String("not in")) {
        bool found = false;
        const QJsonArray list = operand.isArray() ? operand.toArray() : QJsonArray{operand};
        for (const QJsonValue &e : list) {
            if (operandIsFalse(e) && !(f && f->type == FieldType::Boolean))
                found = found || isEmptyValue(v);
            else
                found = found || ((!isEmptyValue(v) || (f && f->type == FieldType::Boolean) ||
                                   v.typeId() == QMetaType::Double) &&
                                  compareScalar(db, f, v, e) == 0);
        }
        return op == QLatin1String("in") ? found : !found;
    }
    if (op.endsWith(QLatin1String("like"))) {
        const bool ci = op.contains(QLatin1String("ilike"));
        const bool exact = op.startsWith(QLatin1Char('='));
        QString text;
        if (f && f->type == FieldType::Many2one) {
            const qint64 id = v.toLongLong();
            text = id ? db.displayName(f->relation, id) : QString();
        } else {
            text = v.toString();
        }
        if (isEmptyValue(v))
            return negative; // NULL never matches LIKE; NOT LIKE includes NULLs in Odoo
        const bool m = likeMatch(text, operand.toVariant().toString(), exact, ci);
        return negative ? !m : m;
    }
    if (op == QLatin1String("=?"))
        return operandIsFalse(operand) || compareScalar(db, f, v, operand) == 0;
    const int c = compareScalar(db, f, v, operand);
    return c != -2 && applyCompare(c, op);
}

bool matchPath(const OdooDatabase &db, const QString &model, const Record &r,
               const QStringList &path, qsizetype index, const QString &op,
               const QJsonValue &operand) {
    const ModelSpec *spec = db.model(model);
    const QString &name = path.at(index);
    const FieldSpec *f = spec ? spec->field(name) : nullptr;
    const QVariant v = db.value(model, r, name);
    if (index + 1 == path.size()) {
        if (name == QLatin1String("id")) {
            FieldSpec idSpec;
            idSpec.type = FieldType::Integer;
            return matchField(db, &idSpec, v, op, operand);
        }
        return matchField(db, f, v, op, operand);
    }
    QList<qint64> related;
    if (f->type == FieldType::Many2one) {
        if (const qint64 id = v.toLongLong())
            related << id;
    } else {
        related = v.value<QList<qint64>>();
    }
    const bool negative = op == QLatin1String("!=") || op == QLatin1String("not in") ||
                          op == QLatin1String("not like") || op == QLatin1String("not ilike");
    if (related.isEmpty())
        return negative;
    for (qint64 id : related) {
        const Record *sub = db.record(f->relation, id);
        if (sub && matchPath(db, f->relation, *sub, path, index + 1, op, operand))
            return true;
    }
    return false;
}

bool evalNode(const Domain::Node &n, const OdooDatabase &db, const QString &model,
              const Record &r) {
    switch (n.kind) {
    case Domain::Node::Kind::True:
        return true;
    case Domain::Node::Kind::False:
        return false;
    case Domain::Node::Kind::Not:
        return !evalNode(*n.children.front(), db, model, r);
    case Domain::Node::Kind::And:
        for (const auto &c : n.children) {
            if (!evalNode(*c, db, model, r))
                return false;
        }
        return true;
    case Domain::Node::Kind::Or:
        for (const auto &c : n.children) {
            if (evalNode(*c, db, model, r))
                return true;
        }
        return false;
    case Domain::Node::Kind::Leaf:
        return matchPath(db, model, r, n.path, 0, n.op, n.value);
    }
    return false;
}

} // namespace

struct Domain::CompiledNode {
    // Leaves on one stored scalar compared with a constant skip the generic path.
    enum class Fast : quint8 { None, Instant, Number, IdSet };
    enum class Compare : quint8 { Eq, Ne, Lt, Le, Gt, Ge };
    const Node *node = nullptr;
    std::vector<CompiledNode> children;
    bool direct = false; // a path of one field
    FieldAccess access;
    FieldSpec idSpec;
    Fast fast = Fast::None;
    Compare compare = Compare::Eq;
    double operand = 0;   // number, or instant in ms since the epoch
    QSet<qint64> ids;     // IdSet: "id in [...]", "many2one in [...]" (a sync's lists of 1,000)
    bool negated = false; // IdSet: "not in"
};

namespace {

bool compileCompare(const QString &op, Domain::CompiledNode::Compare &out) {
    using C = Domain::CompiledNode::Compare;
    static const QHash<QString, C> ops{{QStringLiteral("="), C::Eq}, {QStringLiteral("!="), C::Ne},
                                       {QStringLiteral("<"), C::Lt}, {QStringLiteral("<="), C::Le},
                                       {QStringLiteral(">"), C::Gt}, {QStringLiteral(">="), C::Ge}};
    auto it = ops.constFind(op);
    if (it == ops.constEnd())
        return false;
    out = it.value();
    return true;
}

Domain::CompiledNode compile(const Domain::Node &n, const OdooDatabase &db, const QString &model) {
    Domain::CompiledNode c;
    c.node = &n;
    for (const auto &child : n.children)
        c.children.push_back(compile(*child, db, model));
    if (n.kind != Domain::Node::Kind::Leaf || n.path.size() != 1)
        return c;
    c.direct = true;
    c.access = db.access(model, n.path.first());
    c.idSpec.type = FieldType::Integer;
    const FieldSpec *f = c.access.kind == FieldAccess::Kind::Id ? &c.idSpec : c.access.spec;
    if (f && (n.op == QLatin1String("in") || n.op == QLatin1String("not in")) &&
        n.value.isArray() &&
        (c.access.kind == FieldAccess::Kind::Id || f->type == FieldType::Many2one)) {
        // A hash set instead of comparing every record with every element; only for lists of
        // whole numbers (false or names in the list take the generic path).
        QSet<qint64> ids;
        const QJsonArray list = n.value.toArray();
        bool plain = true;
        for (const QJsonValue &e : list) {
            const double d = e.toDouble(0.5);
            if (!e.isDouble() || d != double(qint64(d)) || d <= 0) {
                plain = false;
                break;
            }
            ids.insert(qint64(d));
        }
        if (plain) {
            c.fast = Domain::CompiledNode::Fast::IdSet;
            c.ids = std::move(ids);
            c.negated = n.op == QLatin1String("not in");
        }
        return c;
    }
    if (!f || !compileCompare(n.op, c.compare))
        return c;
    switch (f->type) {
    case FieldType::Datetime:
        if (n.value.isString()) {
            const QDateTime t = parseDatetime(n.value.toString());
            if (t.isValid()) {
                c.fast = Domain::CompiledNode::Fast::Instant;
                c.operand = double(t.toMSecsSinceEpoch());
            }
        }
        break;
    case FieldType::Integer:
    case FieldType::Float:
    case FieldType::Monetary:
    case FieldType::Many2oneReference:
    case FieldType::Many2one:
        if (n.value.isDouble()) {
            c.fast = Domain::CompiledNode::Fast::Number;
            c.operand = n.value.toDouble();
        }
        break;
    default:
        break;
    }
    return c;
}

bool compareWith(Domain::CompiledNode::Compare op, double a, double b) {
    using C = Domain::CompiledNode::Compare;
    switch (op) {
    case C::Eq:
        return a == b;
    case C::Ne:
        return a != b;
    case C::Lt:
        return a < b;
    case C::Le:
        return a <= b;
    case C::Gt:
        return a > b;
    case C::Ge:
        return a >= b;
    }
    return false;
}

bool evalCompiled(const Domain::CompiledNode &c, const OdooDatabase &db, const QString &model,
                  const Record &r) {
    using Kind = Domain::Node::Kind;
    const Domain::Node &n = *c.node;
    switch (n.kind) {
    case Kind::True:
        return true;
    case Kind::False:
        return false;
    case Kind::Not:
        return !evalCompiled(c.children.front(), db, model, r);
    case Kind::And:
        for (const auto &child : c.children) {
            if (!evalCompiled(child, db, model, r))
                return false;
        }
        return true;
    case Kind::Or:
        for (const auto &child : c.children) {
            if (evalCompiled(child, db, model, r))
                return true;
        }
        return false;
    case Kind::Leaf:
        break;
    }
    if (!c.direct)
        return matchPath(db, model, r, n.path, 0, n.op, n.value);
    if (c.fast == Domain::CompiledNode::Fast::Instant &&
        c.access.kind == FieldAccess::Kind::WriteDate && r.writeMs)
        return compareWith(c.compare, double(r.writeMs), c.operand);
    const QVariant v = db.value(model, c.access, r);
    switch (c.fast) {
    case Domain::CompiledNode::Fast::Instant: {
        const QDateTime t = v.toDateTime();
        if (!t.isValid()) // NULL: only != holds
            return c.compare == Domain::CompiledNode::Compare::Ne;
        return compareWith(c.compare, double(t.toMSecsSinceEpoch()), c.operand);
    }
    case Domain::CompiledNode::Fast::Number:
        return compareWith(c.compare, v.toDouble(), c.operand);
    case Domain::CompiledNode::Fast::IdSet: {
        const qint64 id = v.toLongLong(); // 0: empty many2one, in no list of ids
        return c.negated != (id > 0 && c.ids.contains(id));
    }
    case Domain::CompiledNode::Fast::None:
        break;
    }
    const FieldSpec *f = c.access.kind == FieldAccess::Kind::Id ? &c.idSpec : c.access.spec;
    return matchField(db, f, v, n.op, n.value);
}

} // namespace

Domain::Matcher::Matcher(const OdooDatabase &db, QString model)
    : m_db(db)
    , m_model(std::move(model)) {}

bool Domain::Matcher::operator()(const Record &r) const {
    return !m_root || evalCompiled(*m_root, m_db, m_model, r);
}

Domain::Matcher Domain::matcher(const OdooDatabase &db, const QString &model) const {
    Matcher m(db, model);
    if (m_root)
        m.m_root = std::make_shared<const CompiledNode>(compile(*m_root, db, model));
    return m;
}

Domain::Domain() = default;

Domain Domain::parse(const OdooDatabase &db, const QString &model, const QJsonArray &domain) {
    Domain d;
    if (domain.isEmpty())
        return d;
    // Implicit '&' between consecutive top-level terms.
    std::vector<NodePtr> terms;
    qsizetype i = 0;
    while (i < domain.size())
        terms.push_back(parseAt(db, model, domain, i));
    if (terms.size() == 1) {
        d.m_root = terms.front();
    } else {
        auto n = std::make_shared<Node>();
        n->kind = Node::Kind::And;
        n->children = std::move(terms);
        d.m_root = n;
    }
    return d;
}

Domain Domain::leaf(const QString &path, const QString &op, const QJsonValue &value) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Leaf;
    n->path = path.split(QLatin1Char('.'));
    n->op = op;
    n->value = value;
    Domain d;
    d.m_root = n;
    return d;
}

bool Domain::matches(const OdooDatabase &db, const QString &model, const Record &r) const {
    return !m_root || evalNode(*m_root, db, model, r);
}

} // namespace o2c::sim
