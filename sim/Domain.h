// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <vector>

namespace o2c::sim {

class OdooDatabase;
struct Record;

// An Odoo search domain: prefix operators &, |, ! over leaves (path, operator, value) and the
// constant leaves True/False. Parsing validates fields and operators the way Odoo 18 does and
// throws OdooFault (builtins.ValueError) with the server's message.
class Domain final {
public:
    Domain(); // matches everything
    static Domain parse(const OdooDatabase &db, const QString &model, const QJsonArray &domain);
    static Domain leaf(const QString &path, const QString &op, const QJsonValue &value);

    bool matches(const OdooDatabase &db, const QString &model, const Record &r) const;
    bool isEmpty() const { return !m_root; }

    struct Node;
    struct CompiledNode;

    // The domain bound to one model for one search: fields resolved and operands parsed once,
    // then applied to every record. Valid while the database's schema does not change.
    class Matcher final {
    public:
        bool operator()(const Record &r) const;

    private:
        friend class Domain;
        Matcher(const OdooDatabase &db, QString model);
        const OdooDatabase &m_db;
        QString m_model;
        std::shared_ptr<const CompiledNode> m_root;
    };
    Matcher matcher(const OdooDatabase &db, const QString &model) const;

private:
    std::shared_ptr<const Node> m_root;
};

struct Domain::Node {
    enum class Kind : quint8 { And, Or, Not, Leaf, True, False } kind = Kind::True;
    std::vector<std::shared_ptr<const Node>> children;
    QStringList path;
    QString op;
    QJsonValue value;
};

} // namespace o2c::sim
