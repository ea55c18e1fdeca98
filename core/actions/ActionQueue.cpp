// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionQueue.h"

#include "store/Store.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>

namespace o2c {

namespace {

const QString kColumns = QStringLiteral(
    "id, idem_key, kind, cluster_id, target, payload, state, attempts, last_error, os_user, "
    "odoo_user, created_at, updated_at, next_attempt_at, failure");

// Waiting to run: queued, a retry whose time has come, or running under a lease that ran out
// (its executor died) or that this owner held before it restarted. Values: now, now, owner.
const QString kRunnable = QStringLiteral(
    "(state = 'queued' OR (state = 'retrying' AND next_attempt_at <= ?) OR (state = 'running' "
    "AND (lease_until < ? OR lease_owner = ?)))");

QString json(const QJsonObject &o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString json(const QJsonArray &a) {
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
QJsonObject object(const QString &s) {
    return QJsonDocument::fromJson(s.toUtf8()).object();
}
QJsonArray array(const QString &s) {
    return QJsonDocument::fromJson(s.toUtf8()).array();
}
QString leaseEnd(int leaseMs) {
    return QDateTime::currentDateTimeUtc().addMSecs(leaseMs).toString(Qt::ISODateWithMs);
}

} // namespace

ActionRecord ActionQueue::read(const QSqlQuery &q) const {
    ActionRecord a;
    a.id = q.value(0).toLongLong();
    a.idempotencyKey = q.value(1).toString();
    a.kind = actionKindFromKey(q.value(2).toString()).value_or(ActionKind::Comment);
    a.clusterId = q.value(3).toString();
    a.target = q.value(4).toString();
    a.payload = object(q.value(5).toString());
    a.state = actionStateFromKey(q.value(6).toString()).value_or(ActionState::Failed);
    a.attempts = q.value(7).toInt();
    a.lastError = q.value(8).toString();
    a.osUser = q.value(9).toString();
    a.odooUser = q.value(10).toString();
    a.createdAt = q.value(11).toString();
    a.updatedAt = q.value(12).toString();
    a.nextAttemptAt = q.value(13).toString();
    a.failure = q.value(14).toString();
    return a;
}

bool ActionQueue::insert(ActionRecord &a, QString *error) {
    if (a.idempotencyKey.isEmpty())
        a.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.createdAt = a.updatedAt = Store::nowText();
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("INSERT INTO actions (idem_key, kind, cluster_id, target, "
                                     "payload, state, os_user, odoo_user, created_at, updated_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                      {a.idempotencyKey, actionKindKey(a.kind), a.clusterId, a.target,
                       json(a.payload), actionStateKey(a.state), a.osUser, a.odooUser, a.createdAt,
                       a.updatedAt},
                      error) ||
        !q.next())
        return false;
    a.id = q.value(0).toLongLong();
    return true;
}

std::optional<ActionRecord> ActionQueue::find(qint64 id, bool withSteps) const {
    QSqlQuery q(m_store.database());
    if (!m_store.exec(
            q, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM actions WHERE id = ?"),
            {id}, nullptr) ||
        !q.next())
        return std::nullopt;
    ActionRecord a = read(q);
    if (withSteps)
        a.steps = steps(id);
    return a;
}

std::optional<ActionRecord> ActionQueue::findByKey(const QString &key) const {
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q, QStringLiteral("SELECT id FROM actions WHERE idem_key = ?"), {key},
                      nullptr) ||
        !q.next())
        return std::nullopt;
    return find(q.value(0).toLongLong());
}

QList<ActionRecord> ActionQueue::list(const QList<ActionState> &states, int limit) const {
    QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM actions");
    QVariantList values;
    if (!states.isEmpty()) {
        QStringList marks;
        for (ActionState s : states) {
            marks << QStringLiteral("?");
            values << actionStateKey(s);
        }
        sql +=
            QStringLiteral(" WHERE state IN (") + marks.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(limit);
    QList<ActionRecord> out;
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q, sql, values, nullptr))
        return out;
    while (q.next())
        out.append(read(q));
    return out;
}

QList<qint64> ActionQueue::runnable(const QString &owner, const QString &odooLogin) const {
    QList<qint64> out;
    QSqlQuery q(m_store.database());
    const QString now = Store::nowText();
    if (!m_store.exec(q,
                      QStringLiteral("SELECT id, odoo_user FROM actions WHERE ") + kRunnable +
                          QStringLiteral(" ORDER BY id"),
                      {now, now, owner}, nullptr))
        return out;
    // odoo_user is "login (uid N)": an action is sent with its own planner's Odoo rights only.
    const QString prefix = odooLogin + QStringLiteral(" (");
    QList<qint64> candidates;
    while (q.next())
        if (odooLogin.isEmpty() || q.value(1).toString().startsWith(prefix))
            candidates.append(q.value(0).toLongLong());
    if (candidates.isEmpty())
        return out;
    // Actions on one order take effect in the order they were decided: a release waits until
    // the hold before it is done (or abandoned), even while another cockpit's lease on the
    // hold has not run out yet.
    QList<ActionRecord> open = list(
        {ActionState::Queued, ActionState::Running, ActionState::Retrying, ActionState::Failed},
        100000);
    std::reverse(open.begin(), open.end());
    QSet<qint64> busyOrders;
    QSet<qint64> blocked;
    for (const ActionRecord &a : std::as_const(open)) {
        QList<qint64> orders;
        for (const QJsonValue &v : a.payload.value(QStringLiteral("orders")).toArray())
            orders << qint64(v.toObject().value(QStringLiteral("id")).toDouble());
        for (qint64 o : std::as_const(orders))
            if (o > 0 && busyOrders.contains(o))
                blocked.insert(a.id);
        for (qint64 o : std::as_const(orders))
            busyOrders.insert(o);
    }
    for (qint64 id : std::as_const(candidates))
        if (!blocked.contains(id))
            out.append(id);
    return out;
}

QString ActionQueue::nextRetryAt(const QString &odooLogin) const {
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("SELECT next_attempt_at, odoo_user FROM actions WHERE state = "
                                     "'retrying' ORDER BY next_attempt_at"),
                      {}, nullptr))
        return {};
    const QString prefix = odooLogin + QStringLiteral(" (");
    while (q.next())
        if (odooLogin.isEmpty() || q.value(1).toString().startsWith(prefix))
            return q.value(0).toString();
    return {};
}

bool ActionQueue::lease(qint64 id, const QString &owner, int leaseMs, QString *why) {
    QString error;
    if (!m_store.begin(&error)) {
        *why = error;
        return false;
    }
    QSqlQuery q(m_store.database());
    const QString now = Store::nowText();
    if (!m_store.exec(q,
                      QStringLiteral("UPDATE actions SET state = 'running', lease_owner = ?, "
                                     "lease_until = ?, attempts = attempts + 1, updated_at = ? "
                                     "WHERE id = ? AND ") +
                          kRunnable,
                      {owner, leaseEnd(leaseMs), now, id, now, now, owner}, &error)) {
        m_store.rollback();
        *why = error;
        return false;
    }
    const bool taken = q.numRowsAffected() == 1;
    if (!m_store.commit(&error)) {
        *why = error;
        return false;
    }
    if (!taken)
        *why = QStringLiteral("action %1 is not waiting to run or another cockpit is running it")
                   .arg(id);
    return taken;
}

bool ActionQueue::renewLease(qint64 id, const QString &owner, int leaseMs, QString *error) {
    return m_store.exec(
        QStringLiteral("UPDATE actions SET lease_until = ?, updated_at = ? WHERE id = ? AND "
                       "lease_owner = ?"),
        {leaseEnd(leaseMs), Store::nowText(), id, owner}, error);
}

bool ActionQueue::setState(qint64 id, ActionState state, const QString &lastError, QString *error,
                           const QString &failure, const QString &nextAttemptAt) {
    return m_store.exec(
        QStringLiteral("UPDATE actions SET state = ?, last_error = ?, "
                       "updated_at = ?, lease_owner = '', lease_until = '', "
                       "failure = ?, next_attempt_at = ? WHERE id = ?"),
        {actionStateKey(state), lastError, Store::nowText(), failure, nextAttemptAt, id}, error);
}

bool ActionQueue::resetAttempts(qint64 id, QString *error) {
    return m_store.exec(QStringLiteral("UPDATE actions SET attempts = 0 WHERE id = ?"), {id},
                        error);
}

bool ActionQueue::insertSteps(qint64 actionId, const QList<ActionStep> &list, QString *error) {
    for (const ActionStep &s : list) {
        if (!m_store.exec(QStringLiteral("INSERT INTO action_steps (action_id, seq, step_key, "
                                         "description, model, method, args, kwargs, probe, "
                                         "state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                          {actionId, s.seq, s.key, s.description, s.model, s.method, json(s.args),
                           json(s.kwargs), json(s.probe), s.state},
                          error))
            return false;
    }
    return true;
}

bool ActionQueue::updateStep(qint64 actionId, const ActionStep &s, QString *error) {
    return m_store.exec(QStringLiteral("UPDATE action_steps SET state = ?, answer = ?, error = ?, "
                                       "sent_at = ?, answered_at = ? WHERE action_id = ? AND "
                                       "seq = ?"),
                        {s.state, s.answer, s.error, s.sentAt, s.answeredAt, actionId, s.seq},
                        error);
}

QList<ActionStep> ActionQueue::steps(qint64 actionId) const {
    QList<ActionStep> out;
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("SELECT seq, step_key, description, model, method, args, "
                                     "kwargs, probe, state, answer, error, sent_at, answered_at "
                                     "FROM action_steps WHERE action_id = ? ORDER BY seq"),
                      {actionId}, nullptr))
        return out;
    while (q.next()) {
        ActionStep s;
        s.seq = q.value(0).toInt();
        s.key = q.value(1).toString();
        s.description = q.value(2).toString();
        s.model = q.value(3).toString();
        s.method = q.value(4).toString();
        s.args = array(q.value(5).toString());
        s.kwargs = object(q.value(6).toString());
        s.probe = object(q.value(7).toString());
        s.state = q.value(8).toString();
        s.answer = q.value(9).toString();
        s.error = q.value(10).toString();
        s.sentAt = q.value(11).toString();
        s.answeredAt = q.value(12).toString();
        out.append(s);
    }
    return out;
}

QList<ActionRecord> ActionQueue::openActionsOnOrder(qint64 saleOrderId) const {
    return onOrder(saleOrderId, {ActionState::Queued, ActionState::Running, ActionState::Failed,
                                 ActionState::Retrying});
}

QList<ActionRecord> ActionQueue::onOrder(qint64 saleOrderId, const QList<ActionState> &states,
                                         const QList<ActionKind> &kinds) const {
    QList<ActionRecord> out;
    const QList<ActionRecord> open = list(states);
    for (const ActionRecord &a : open) {
        if (!kinds.isEmpty() && !kinds.contains(a.kind))
            continue;
        const QJsonArray orders = a.payload.value(QStringLiteral("orders")).toArray();
        for (const QJsonValue &v : orders) {
            if (qint64(v.toObject().value(QStringLiteral("id")).toDouble()) == saleOrderId) {
                out.append(a);
                break;
            }
        }
    }
    return out;
}

} // namespace o2c
