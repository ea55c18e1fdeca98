// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionDesk.h"

#include "ActionQueue.h"
#include "audit/AuditTrail.h"
#include "common/Log.h"
#include "store/Store.h"

#include "dedup/DuplicateRules.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QSqlQuery>
#include <QTimer>

namespace o2c {

namespace {

constexpr double kDefaultReleaseThreshold = 10000.0;
constexpr int kDefaultClaimExpirySeconds = 2 * 3600;
const QString kThresholdKey = QStringLiteral("release_lead_threshold");
const QString kRulesKey = QStringLiteral("duplicate_rules");
const QString kClaimExpiryKey = QStringLiteral("claim_expiry_seconds");

QString refsJson(const QList<OrderRef> &orders);

QString names(const QList<OrderRef> &orders) {
    QStringList n;
    for (const OrderRef &o : orders)
        n << o.name;
    return n.join(QStringLiteral(", "));
}

QJsonArray toJson(const QList<OrderRef> &orders) {
    QJsonArray a;
    for (const OrderRef &o : orders)
        a.append(o.toJson());
    return a;
}

ActionDesk::Outcome refused(const QString &message) {
    return {false, 0, message};
}

QString refsJson(const QList<OrderRef> &orders) {
    return QString::fromUtf8(QJsonDocument(toJson(orders)).toJson(QJsonDocument::Compact));
}

QString minutesText(int seconds) {
    return seconds >= 120 ? QObject::tr("%n minute(s)", nullptr, seconds / 60)
                          : QObject::tr("%n second(s)", nullptr, seconds);
}

} // namespace

struct ActionDesk::Private {
    ActionDesk *q = nullptr;
    Store *store = nullptr;
    ActionQueue queue;
    AuditTrail audit;

    QTimer *sweep = nullptr;
    QString rulesSeen; // updated_at of the rules this desk last announced

    Private(ActionDesk *owner, Store &s)
        : q(owner)
        , store(&s)
        , queue(s)
        , audit(s) {}

    QString claimCutoff() const {
        return QDateTime::currentDateTimeUtc()
            .addSecs(-q->claimExpirySeconds())
            .toString(Qt::ISODateWithMs);
    }

    // Inside a transaction: removes lapsed claims (of one cluster, or all), each audited.
    // Returns how many, or -1 on a store error.
    int dropLapsedClaims(const QString &clusterId, QString *error) {
        QSqlQuery c(store->database());
        QString sql = QStringLiteral("SELECT cluster_id, claimed_by, active_at FROM claims WHERE "
                                     "active_at < ?");
        QVariantList values{claimCutoff()};
        if (!clusterId.isEmpty()) {
            sql += QStringLiteral(" AND cluster_id = ?");
            values << clusterId;
        }
        if (!store->exec(c, sql + store->forUpdate(), values, error))
            return -1;
        QList<QStringList> lapsed;
        while (c.next())
            lapsed.append({c.value(0).toString(), c.value(1).toString(), c.value(2).toString()});
        for (const QStringList &l : std::as_const(lapsed)) {
            AuditEntry e = entry(QStringLiteral("claim on %1 by %2 lapsed: no activity since %3 "
                                                "(limit %4 s)")
                                     .arg(l.at(0), l.at(1), l.at(2))
                                     .arg(q->claimExpirySeconds()));
            if (!store->exec(QStringLiteral("DELETE FROM claims WHERE cluster_id = ? AND "
                                            "claimed_by = ?"),
                             {l.at(0), l.at(1)}, error) ||
                !audit.append(e, error))
                return -1;
        }
        return int(lapsed.size());
    }

    AuditEntry entry(const QString &what, qint64 actionId = 0) const {
        AuditEntry e;
        e.osUser = q->m_actor.osUser;
        e.odooUser = q->m_actor.odooLabel();
        e.actionId = actionId;
        e.what = what;
        return e;
    }

    // Checks, inside the write transaction, that the cluster is not claimed by someone else;
    // claims it for the actor when `take` is set. Empty when fine, else why not.
    QString guardCluster(const QString &clusterId, bool take, QString *error) {
        if (clusterId.isEmpty())
            return {};
        if (dropLapsedClaims(clusterId, error) < 0)
            return *error;
        const QString now = Store::nowText();
        if (take &&
            !store->exec(QStringLiteral("INSERT INTO claims (cluster_id, claimed_by, claimed_at, "
                                        "active_at) VALUES (?, ?, ?, ?) ON CONFLICT (cluster_id) "
                                        "DO NOTHING"),
                         {clusterId, q->m_actor.odooLogin, now, now}, error))
            return *error;
        QSqlQuery c(store->database());
        if (!store->exec(c,
                         QStringLiteral("SELECT claimed_by, claimed_at FROM claims WHERE "
                                        "cluster_id = ?") +
                             store->forUpdate(),
                         {clusterId}, error))
            return *error;
        if (!c.next())
            return {};
        if (c.value(0).toString() != q->m_actor.odooLogin)
            return QObject::tr("Cluster %1 is claimed by %2 since %3: ask them, or wait until "
                               "they release it (a claim lapses after %4 without activity).")
                .arg(clusterId, c.value(0).toString(), c.value(1).toString(),
                     minutesText(q->claimExpirySeconds()));
        // The holder is active on it: the claim lasts.
        if (!store->exec(QStringLiteral("UPDATE claims SET active_at = ? WHERE cluster_id = ?"),
                         {now, clusterId}, error))
            return *error;
        return {};
    }

    QString guardDecision(const QString &clusterId) const {
        const auto decided = q->decisionOf(clusterId);
        if (!decided)
            return {};
        if (decided->decision == QLatin1String("resolved"))
            return QObject::tr("Cluster %1 was already resolved by %2 at %3 (keeping %4); "
                               "nothing more to decide.")
                .arg(clusterId, decided->decidedBy, decided->decidedAt, decided->survivor);
        return QObject::tr("Cluster %1 was already marked distinct by %2 at %3.")
            .arg(clusterId, decided->decidedBy, decided->decidedAt);
    }

    // Another planner's open action on one of these orders conflicts with a new one.
    QString guardOrders(const QList<OrderRef> &orders) const {
        for (const OrderRef &o : orders) {
            const QList<ActionRecord> open = queue.openActionsOnOrder(o.id);
            for (const ActionRecord &a : open) {
                if (a.odooUser == q->m_actor.odooLabel())
                    continue;
                return QObject::tr("%1 already has action #%2 (%3) by %4, still %5: wait for "
                                   "it to finish or ask them.")
                    .arg(o.name)
                    .arg(a.id)
                    .arg(actionKindKey(a.kind), a.odooUser, actionStateKey(a.state));
            }
        }
        return {};
    }

    using Extra = std::function<bool(qint64 actionId, QString *error)>;

    // Writes one outbox action, its audit entry and `extra` in one transaction.
    Outcome enqueue(ActionKind kind, const QString &clusterId, const QList<OrderRef> &orders,
                    QJsonObject payload, const QString &what, bool takeCluster, bool checkDecision,
                    const Extra &extra = {}) {
        QString error;
        if (!store->begin(&error))
            return refused(QObject::tr("The store is not available (%1); nothing was done. "
                                       "Try again.")
                               .arg(error));
        auto fail = [this](const QString &message) {
            store->rollback();
            return refused(message);
        };
        QString why = guardCluster(clusterId, takeCluster, &error);
        if (why.isEmpty() && checkDecision)
            why = guardDecision(clusterId);
        if (why.isEmpty())
            why = guardOrders(orders);
        if (!why.isEmpty())
            return fail(why);
        payload.insert(QStringLiteral("orders"), toJson(orders));
        ActionRecord a;
        a.kind = kind;
        a.clusterId = clusterId;
        a.target = names(orders);
        if (a.target.isEmpty()) // actions on something else than orders name it themselves
            a.target = payload.value(QStringLiteral("target")).toString();
        a.payload = payload;
        a.osUser = q->m_actor.osUser;
        a.odooUser = q->m_actor.odooLabel();
        AuditEntry e = entry(QStringLiteral("queued %1: %2").arg(actionKindKey(kind), what));
        if (!queue.insert(a, &error))
            return fail(
                QObject::tr("Could not write the action (%1); nothing was sent.").arg(error));
        e.actionId = a.id;
        e.sent = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
        if (!audit.append(e, &error) || (extra && !extra(a.id, &error)))
            return fail(conflictOrError(clusterId, error));
        if (!store->commit(&error))
            return fail(conflictOrError(clusterId, error));
        store->notify(QStringLiteral("actions"), QString::number(a.id));
        if (takeCluster || checkDecision)
            store->notify(QStringLiteral("claims"), clusterId);
        spdlog::info("action #{} queued: {}", a.id, what);
        return {true, a.id,
                QObject::tr("Action #%1 queued: %2. It is sent to Odoo in the background.")
                    .arg(a.id)
                    .arg(what)};
    }

    // A unique-key failure means another planner decided at the same moment: say who.
    QString conflictOrError(const QString &clusterId, const QString &error) {
        store->rollback();
        const QString decided = guardDecision(clusterId);
        if (!decided.isEmpty())
            return decided;
        return QObject::tr("Could not write the action (%1); nothing was sent.").arg(error);
    }

    bool decide(const QString &clusterId, const QString &decision, const QString &survivor,
                qint64 actionId, QString *error) {
        return store->exec(
            QStringLiteral("INSERT INTO cluster_decisions (cluster_id, decision, "
                           "survivor, action_id, decided_by, decided_at) VALUES "
                           "(?, ?, ?, ?, ?, ?)"),
            {clusterId, decision, survivor, actionId, q->m_actor.odooLogin, Store::nowText()},
            error);
    }

    QString setting(const QString &key) const {
        QSqlQuery s(store->database());
        if (store->exec(s, QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key},
                        nullptr) &&
            s.next())
            return s.value(0).toString();
        return {};
    }

    Outcome storeOnly(const QString &what, const std::function<bool(QString *)> &change,
                      const QString &topic, const QString &payload) {
        QString error;
        if (!store->begin(&error))
            return refused(QObject::tr("The store is not available (%1).").arg(error));
        AuditEntry e = entry(what);
        if (!change(&error) || !audit.append(e, &error) || !store->commit(&error)) {
            store->rollback();
            return refused(
                QObject::tr("Could not record \"%1\" (%2); nothing changed.").arg(what, error));
        }
        store->notify(topic, payload);
        return {true, 0, what};
    }
};

ActionDesk::ActionDesk(Store &store, Actor actor, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, store))
    , m_store(store)
    , m_actor(std::move(actor)) {
    d->rulesSeen = rulesStamp(m_store);
    connect(&m_store, &Store::changed, this, [this](const QString &topic, const QString &) {
        const bool any = topic == QLatin1String("any");
        if (any || topic == QLatin1String("claims"))
            emit claimsChanged();
        if (any || topic == QLatin1String("actions"))
            emit actionsChanged();
        if (any || topic == QLatin1String("audit") || topic == QLatin1String("actions"))
            emit auditChanged();
        if (any || topic == QLatin1String("escalations"))
            emit escalationsChanged();
        if (any || topic == QLatin1String("settings")) {
            const QString stamp = rulesStamp(m_store);
            if (stamp != d->rulesSeen) {
                d->rulesSeen = stamp;
                emit duplicateRulesChanged();
            }
        }
    });
    d->sweep = new QTimer(this);
    d->sweep->setInterval(15000);
    connect(d->sweep, &QTimer::timeout, this, [this] { expireClaims(); });
    d->sweep->start();
}

QString ActionDesk::rulesStamp(Store &store) {
    QSqlQuery s(store.database());
    if (store.exec(s, QStringLiteral("SELECT updated_at FROM settings WHERE key = ?"), {kRulesKey},
                   nullptr) &&
        s.next())
        return s.value(0).toString();
    return {};
}

void ActionDesk::setExpirySweepMs(int ms) {
    d->sweep->start(std::max(50, ms));
}

int ActionDesk::expireClaims() {
    // A read first: the write lock is taken only when something lapsed.
    QSqlQuery probe(m_store.database());
    if (!m_store.exec(probe, QStringLiteral("SELECT COUNT(*) FROM claims WHERE active_at < ?"),
                      {d->claimCutoff()}, nullptr) ||
        !probe.next() || probe.value(0).toLongLong() == 0)
        return 0;
    probe.finish();
    QString error;
    if (!m_store.begin(&error))
        return 0;
    const int n = d->dropLapsedClaims({}, &error);
    if (n <= 0 || !m_store.commit(&error)) {
        m_store.rollback();
        return 0;
    }
    spdlog::info("{} claim(s) lapsed after inactivity", n);
    m_store.notify(QStringLiteral("claims"), QStringLiteral("lapsed"));
    return n;
}

ActionDesk::Outcome ActionDesk::handOverClaims(const QString &toLogin) {
    if (const QString why = refusal(ActionKind::Claim); !why.isEmpty())
        return refused(why);
    if (toLogin == m_actor.odooLogin)
        return refused(tr("Hand the claims over to someone else, or release them."));
    if (!toLogin.isEmpty() && actorFor(m_store, {}, toLogin, 0).role == Role::Viewer)
        return refused(tr("%1 is not a planner of this team: they could not act on the clusters. "
                          "Release the claims instead, or ask a lead to make them a planner.")
                           .arg(toLogin));
    QString error;
    if (!m_store.begin(&error))
        return refused(tr("The store is not available (%1).").arg(error));
    QSqlQuery c(m_store.database());
    if (!m_store.exec(c,
                      QStringLiteral("SELECT cluster_id FROM claims WHERE claimed_by = ? ORDER BY "
                                     "cluster_id") +
                          m_store.forUpdate(),
                      {m_actor.odooLogin}, &error)) {
        m_store.rollback();
        return refused(tr("Could not read your claims (%1).").arg(error));
    }
    QStringList clusters;
    while (c.next())
        clusters << c.value(0).toString();
    if (clusters.isEmpty()) {
        m_store.rollback();
        return {true, 0, tr("You hold no claims; nothing to hand over.")};
    }
    const QString now = Store::nowText();
    for (const QString &cluster : std::as_const(clusters)) {
        const bool ok =
            toLogin.isEmpty()
                ? m_store.exec(QStringLiteral("DELETE FROM claims WHERE cluster_id = ?"), {cluster},
                               &error)
                : m_store.exec(QStringLiteral("UPDATE claims SET claimed_by = ?, claimed_at = ?, "
                                              "active_at = ? WHERE cluster_id = ?"),
                               {toLogin, now, now, cluster}, &error);
        AuditEntry e = d->entry(
            toLogin.isEmpty()
                ? QStringLiteral("handover: released the claim on %1").arg(cluster)
                : QStringLiteral("handover: claim on %1 passed to %2").arg(cluster, toLogin));
        if (!ok || !d->audit.append(e, &error)) {
            m_store.rollback();
            return refused(tr("Could not hand the claims over (%1); nothing changed.").arg(error));
        }
    }
    if (!m_store.commit(&error)) {
        m_store.rollback();
        return refused(tr("Could not hand the claims over (%1); nothing changed.").arg(error));
    }
    m_store.notify(QStringLiteral("claims"), QStringLiteral("handover"));
    const QString list = QLocale().createSeparatedList(clusters);
    return {true, 0,
            toLogin.isEmpty()
                ? tr("Released %n claim(s): %1.", nullptr, int(clusters.size())).arg(list)
                : tr("Handed %n claim(s) over to %2: %1.", nullptr, int(clusters.size()))
                      .arg(list, toLogin)};
}

ActionDesk::~ActionDesk() = default;

Actor ActionDesk::actorFor(Store &store, const QString &osUser, const QString &odooLogin,
                           int odooUid) {
    Actor a;
    a.osUser = osUser;
    a.odooLogin = odooLogin;
    a.odooUid = odooUid;
    QSqlQuery q(store.database());
    store.exec(q, QStringLiteral("SELECT COUNT(*) FROM members"), {}, nullptr);
    const bool noMembers = q.next() && q.value(0).toLongLong() == 0;
    if (noMembers) {
        a.role = Role::Lead;
        return a;
    }
    QSqlQuery m(store.database());
    if (store.exec(m, QStringLiteral("SELECT role FROM members WHERE login = ?"), {odooLogin},
                   nullptr) &&
        m.next())
        a.role = roleFromKey(m.value(0).toString()).value_or(Role::Viewer);
    else
        a.role = Role::Viewer;
    return a;
}

QString ActionDesk::refusal(ActionKind kind, const OrderRef *order) const {
    if (m_actor.role == Role::Viewer)
        return tr("%1 is a viewer in this team store and cannot act; a lead can make them a "
                  "planner.")
            .arg(m_actor.odooLogin);
    if (kind == ActionKind::Release && order && m_actor.role != Role::Lead) {
        const double threshold = releaseLeadThreshold();
        if (order->amountTotal > threshold) {
            const QLocale c = QLocale::c();
            return tr("Releasing the hold on %1 (%2) needs a lead: holds on orders above %3 are "
                      "released by a lead. Escalate it instead.")
                .arg(order->name, c.toString(order->amountTotal, 'f', 2),
                     c.toString(threshold, 'f', 2));
        }
    }
    return {};
}

ActionDesk::Outcome ActionDesk::resolveCluster(const QString &clusterId, const OrderRef &survivor,
                                               const QList<OrderRef> &duplicates) {
    if (const QString why = refusal(ActionKind::ResolveCluster); !why.isEmpty())
        return refused(why);
    if (duplicates.isEmpty())
        return refused(
            tr("Choose at least one duplicate to cancel besides %1.").arg(survivor.name));
    QJsonObject payload{{QStringLiteral("survivor"), survivor.toJson()},
                        {QStringLiteral("duplicates"), toJson(duplicates)}};
    return d->enqueue(
        ActionKind::ResolveCluster, clusterId, QList<OrderRef>{survivor} + duplicates, payload,
        tr("resolve %1: keep %2, cancel %3").arg(clusterId, survivor.name, names(duplicates)), true,
        true, [this, clusterId, survivor](qint64 id, QString *error) {
            return d->decide(clusterId, QStringLiteral("resolved"), survivor.name, id, error);
        });
}

ActionDesk::Outcome ActionDesk::markDistinct(const QString &clusterId,
                                             const QList<OrderRef> &orders, const QString &reason) {
    if (const QString why = refusal(ActionKind::MarkDistinct); !why.isEmpty())
        return refused(why);
    QString error;
    if (!m_store.begin(&error))
        return refused(tr("The store is not available (%1).").arg(error));
    QString why = d->guardCluster(clusterId, true, &error);
    if (why.isEmpty())
        why = d->guardDecision(clusterId);
    if (!why.isEmpty()) {
        m_store.rollback();
        return refused(why);
    }
    AuditEntry e =
        d->entry(tr("marked %1 distinct (%2): %3").arg(clusterId, names(orders), reason));
    if (!d->decide(clusterId, QStringLiteral("distinct"), {}, 0, &error) ||
        !d->audit.append(e, &error) || !m_store.commit(&error))
        return refused(d->conflictOrError(clusterId, error));
    m_store.notify(QStringLiteral("claims"), clusterId);
    return {true, 0, tr("%1 marked distinct: its orders are not duplicates.").arg(clusterId)};
}

ActionDesk::Outcome ActionDesk::hold(const QString &clusterId, const OrderRef &order,
                                     const QString &reason) {
    if (const QString why = refusal(ActionKind::Hold, &order); !why.isEmpty())
        return refused(why);
    return d->enqueue(ActionKind::Hold, clusterId, {order}, {{QStringLiteral("reason"), reason}},
                      tr("hold manufacturing of %1 (%2)").arg(order.name, reason), false, false);
}

ActionDesk::Outcome ActionDesk::release(const QString &clusterId, const OrderRef &order) {
    if (const QString why = refusal(ActionKind::Release, &order); !why.isEmpty())
        return refused(why);
    return d->enqueue(ActionKind::Release, clusterId, {order}, {},
                      tr("release the manufacturing hold of %1").arg(order.name), false, false);
}

ActionDesk::Outcome ActionDesk::escalate(const QString &clusterId, const QList<OrderRef> &orders,
                                         const QString &reason) {
    if (const QString why = refusal(ActionKind::Escalate); !why.isEmpty())
        return refused(why);
    return d->enqueue(
        ActionKind::Escalate, clusterId, orders, {{QStringLiteral("reason"), reason}},
        tr("escalate %1 (%2) to a lead: %3").arg(clusterId, names(orders), reason), false, false,
        [this, clusterId, orders, reason](qint64 id, QString *error) {
            if (!m_store.exec(QStringLiteral(
                                  "INSERT INTO escalations (cluster_id, orders, reason, raised_by, "
                                  "raised_at, action_id, order_refs) VALUES (?, ?, ?, ?, ?, ?, "
                                  "?)"),
                              {clusterId, names(orders), reason, m_actor.odooLogin,
                               Store::nowText(), id, refsJson(orders)},
                              error))
                return false;
            m_store.notify(QStringLiteral("escalations"), clusterId);
            return true;
        });
}

ActionDesk::Outcome ActionDesk::comment(const QString &clusterId, const OrderRef &order,
                                        const QString &text) {
    if (const QString why = refusal(ActionKind::Comment); !why.isEmpty())
        return refused(why);
    if (text.trimmed().isEmpty())
        return refused(tr("Write the comment first."));
    return d->enqueue(ActionKind::Comment, clusterId, {order}, {{QStringLiteral("text"), text}},
                      tr("comment on %1").arg(order.name), false, false);
}

ActionDesk::Outcome ActionDesk::requeueJob(qint64 jobId, const QString &jobName) {
    if (const QString why = refusal(ActionKind::RequeueJob); !why.isEmpty())
        return refused(why);
    const QString label = jobName.isEmpty() ? tr("job %1").arg(jobId) : jobName;
    return d->enqueue(ActionKind::RequeueJob, {}, {},
                      {{QStringLiteral("job_id"), jobId}, {QStringLiteral("target"), label}},
                      tr("requeue the failed job \"%1\"").arg(label), false, false);
}

ActionDesk::Outcome ActionDesk::requeueStuckJob(qint64 jobId, const QString &jobName,
                                                const QDateTime &startedAt) {
    if (const QString why = refusal(ActionKind::RequeueJob); !why.isEmpty())
        return refused(why);
    if (!startedAt.isValid())
        return refused(tr("The job's start time is not known: refresh the jobs and try again."));
    const QString label = jobName.isEmpty() ? tr("job %1").arg(jobId) : jobName;
    return d->enqueue(ActionKind::RequeueJob, {}, {},
                      {{QStringLiteral("job_id"), jobId},
                       {QStringLiteral("target"), label},
                       {QStringLiteral("state"), QStringLiteral("started")},
                       {QStringLiteral("date_started"),
                        startedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))}},
                      tr("requeue the stuck job \"%1\"").arg(label), false, false);
}

ActionDesk::Outcome ActionDesk::hubAction(ActionKind kind, const QString &transactionId,
                                          const QString &label, const QString &reason) {
    if (kind != ActionKind::HubRelease && kind != ActionKind::HubReject &&
        kind != ActionKind::HubReplay)
        return refused(tr("%1 is not a middleware hub action.").arg(actionKindKey(kind)));
    if (const QString why = refusal(kind); !why.isEmpty())
        return refused(why);
    if (kind == ActionKind::HubReject && reason.trimmed().isEmpty())
        return refused(tr("Say why the transaction is rejected."));
    const QString target = label.isEmpty() ? transactionId : label;
    // One open decision per hub transaction: a second planner is told who is on it.
    for (const ActionRecord &a : d->queue.list({ActionState::Queued, ActionState::Running,
                                                ActionState::Retrying, ActionState::Failed})) {
        if (a.payload.value(QStringLiteral("transaction_id")).toString() != transactionId ||
            (a.kind != ActionKind::HubRelease && a.kind != ActionKind::HubReject &&
             a.kind != ActionKind::HubReplay))
            continue;
        return refused(tr("%1 already has action #%2 (%3) by %4, still %5: wait for it to "
                          "finish, or retry or abandon it in the outbox.")
                           .arg(target)
                           .arg(a.id)
                           .arg(actionKindKey(a.kind), a.odooUser, actionStateKey(a.state)));
    }
    QString what;
    switch (kind) {
    case ActionKind::HubRelease:
        what = tr("release %1 from the hub's quarantine").arg(target);
        break;
    case ActionKind::HubReject:
        what = tr("reject %1 in the hub (%2)").arg(target, reason);
        break;
    default:
        what = tr("replay %1 through the hub").arg(target);
        break;
    }
    return d->enqueue(kind, {}, {},
                      {{QStringLiteral("transaction_id"), transactionId},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("target"), target}},
                      what, false, false);
}

ActionDesk::Outcome ActionDesk::claim(const QString &clusterId) {
    if (const QString why = refusal(ActionKind::Claim); !why.isEmpty())
        return refused(why);
    QString error;
    if (!m_store.begin(&error))
        return refused(tr("The store is not available (%1).").arg(error));
    const QString why = d->guardCluster(clusterId, true, &error);
    if (!why.isEmpty()) {
        m_store.rollback();
        return refused(why);
    }
    AuditEntry e = d->entry(tr("claimed %1").arg(clusterId));
    if (!d->audit.append(e, &error) || !m_store.commit(&error)) {
        m_store.rollback();
        return refused(tr("Could not claim %1 (%2).").arg(clusterId, error));
    }
    m_store.notify(QStringLiteral("claims"), clusterId);
    return {true, 0, tr("You claimed %1; other planners see it as yours.").arg(clusterId)};
}

ActionDesk::Outcome ActionDesk::unclaim(const QString &clusterId) {
    if (const QString why = refusal(ActionKind::Unclaim); !why.isEmpty())
        return refused(why);
    const auto current = claimOf(clusterId);
    if (!current)
        return refused(tr("%1 is not claimed.").arg(clusterId));
    if (current->claimedBy != m_actor.odooLogin && m_actor.role != Role::Lead)
        return refused(tr("%1 is claimed by %2; only they or a lead can release the claim.")
                           .arg(clusterId, current->claimedBy));
    return d->storeOnly(
        tr("released the claim on %1 (held by %2)").arg(clusterId, current->claimedBy),
        [this, clusterId](QString *error) {
            return m_store.exec(QStringLiteral("DELETE FROM claims WHERE cluster_id = ?"),
                                {clusterId}, error);
        },
        QStringLiteral("claims"), clusterId);
}

ActionDesk::Outcome ActionDesk::retry(qint64 actionId) {
    if (m_actor.role == Role::Viewer)
        return refused(refusal(ActionKind::Comment));
    const auto a = d->queue.find(actionId, false);
    if (!a)
        return refused(tr("There is no action #%1.").arg(actionId));
    if (a->state != ActionState::Failed && a->state != ActionState::Retrying)
        return refused(tr("Action #%1 is %2; only failed actions or those waiting for a retry "
                          "are retried.")
                           .arg(actionId)
                           .arg(actionStateKey(a->state)));
    // A planner's retry starts a new series of automatic attempts.
    return d->storeOnly(
        tr("retry action #%1 (%2) after: %3").arg(actionId).arg(a->target, a->lastError),
        [this, actionId](QString *error) {
            return d->queue.setState(actionId, ActionState::Queued, {}, error) &&
                   d->queue.resetAttempts(actionId, error);
        },
        QStringLiteral("actions"), QString::number(actionId));
}

ActionDesk::Outcome ActionDesk::abandon(qint64 actionId, const QString &reason) {
    if (m_actor.role == Role::Viewer)
        return refused(refusal(ActionKind::Comment));
    const auto a = d->queue.find(actionId, false);
    if (!a)
        return refused(tr("There is no action #%1.").arg(actionId));
    if (a->state != ActionState::Failed && a->state != ActionState::Queued &&
        a->state != ActionState::Retrying)
        return refused(tr("Action #%1 is %2; only queued, retrying or failed actions can be "
                          "abandoned.")
                           .arg(actionId)
                           .arg(actionStateKey(a->state)));
    const bool undecide = a->kind == ActionKind::ResolveCluster;
    const QString clusterId = a->clusterId;
    Outcome o = d->storeOnly(
        tr("abandoned action #%1 (%2): %3").arg(actionId).arg(a->target, reason),
        [this, actionId, undecide, clusterId](QString *error) {
            // An abandoned resolution no longer decides the cluster.
            return d->queue.setState(actionId, ActionState::Abandoned, {}, error) &&
                   (!undecide || m_store.exec(QStringLiteral("DELETE FROM cluster_decisions WHERE "
                                                             "cluster_id = ? AND action_id = ?"),
                                              {clusterId, actionId}, error));
        },
        QStringLiteral("actions"), QString::number(actionId));
    if (o.ok)
        o.message = tr("Action #%1 abandoned; steps already applied in Odoo stay applied (see "
                       "its steps).")
                        .arg(actionId);
    return o;
}

ActionDesk::Outcome ActionDesk::setMemberRole(const QString &odooLogin, Role role) {
    if (m_actor.role != Role::Lead)
        return refused(tr("Only a lead can change roles."));
    return d->storeOnly(
        tr("set the role of %1 to %2").arg(odooLogin, roleKey(role)),
        [this, odooLogin, role](QString *error) {
            return m_store.exec(
                QStringLiteral("INSERT INTO members (login, role, updated_by, updated_at) VALUES "
                               "(?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET role = "
                               "excluded.role, updated_by = excluded.updated_by, updated_at = "
                               "excluded.updated_at"),
                {odooLogin, roleKey(role), m_actor.odooLogin, Store::nowText()}, error);
        },
        QStringLiteral("members"), odooLogin);
}

namespace {
QString upsertSetting() {
    return QStringLiteral("INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, "
                          "?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                          "updated_by = excluded.updated_by, updated_at = excluded.updated_at");
}
} // namespace

QString ActionDesk::settingsRefusal() const {
    if (m_actor.role == Role::Lead)
        return {};
    return tr("Only a lead can change the team's settings (duplicate rules, roles, thresholds); "
              "%1 is not a lead in this team store.")
        .arg(m_actor.odooLogin);
}

ActionDesk::Outcome ActionDesk::setClaimExpirySeconds(int seconds) {
    if (m_actor.role != Role::Lead)
        return refused(settingsRefusal());
    if (seconds < 1)
        return refused(tr("A claim must last at least one second."));
    return d->storeOnly(
        tr("set the claim expiry to %1 s").arg(seconds),
        [this, seconds](QString *error) {
            return m_store.exec(
                upsertSetting(),
                {kClaimExpiryKey, QString::number(seconds), m_actor.odooLogin, Store::nowText()},
                error);
        },
        QStringLiteral("settings"), kClaimExpiryKey);
}

int ActionDesk::claimExpirySeconds() const {
    bool ok = false;
    const int v = d->setting(kClaimExpiryKey).toInt(&ok);
    return ok && v > 0 ? v : kDefaultClaimExpirySeconds;
}

ActionDesk::Outcome ActionDesk::changeDuplicateRules(const QByteArray &rulesJson) {
    if (m_actor.role != Role::Lead)
        return refused(
            tr("Only a lead can change the duplicate rules; %1 is not a lead in this team "
               "store.")
                .arg(m_actor.odooLogin));
    QJsonParseError parse;
    QJsonDocument::fromJson(rulesJson, &parse);
    if (parse.error != QJsonParseError::NoError)
        return refused(tr("The rules are not valid JSON (%1 at offset %2); nothing changed.")
                           .arg(parse.errorString())
                           .arg(parse.offset));
    QString rulesError;
    DuplicateRules::fromJson(rulesJson, &rulesError);
    if (!rulesError.isEmpty())
        return refused(tr("The rules were not changed: %1").arg(rulesError));
    return d->storeOnly(
        tr("changed the duplicate rules"),
        [this, rulesJson](QString *error) {
            return m_store.exec(
                upsertSetting(),
                {kRulesKey, QString::fromUtf8(rulesJson), m_actor.odooLogin, Store::nowText()},
                error);
        },
        QStringLiteral("settings"), kRulesKey);
}

ActionDesk::Outcome ActionDesk::setReleaseLeadThreshold(double amount) {
    if (m_actor.role != Role::Lead)
        return refused(tr("Only a lead can change the release threshold."));
    return d->storeOnly(
        tr("set the lead release threshold to %1").arg(amount, 0, 'f', 2),
        [this, amount](QString *error) {
            return m_store.exec(upsertSetting(),
                                {kThresholdKey, QString::number(amount, 'f', 2), m_actor.odooLogin,
                                 Store::nowText()},
                                error);
        },
        QStringLiteral("settings"), kThresholdKey);
}

double ActionDesk::releaseLeadThreshold() const {
    bool ok = false;
    const double v = d->setting(kThresholdKey).toDouble(&ok);
    return ok ? v : kDefaultReleaseThreshold;
}

QByteArray ActionDesk::duplicateRules() const {
    return d->setting(kRulesKey).toUtf8();
}

std::optional<ClusterClaim> ActionDesk::claimOf(const QString &clusterId) const {
    QSqlQuery q(m_store.database());
    // A lapsed claim counts as none even before a sweep removes it.
    if (!m_store.exec(q,
                      QStringLiteral("SELECT claimed_by, claimed_at, active_at FROM claims WHERE "
                                     "cluster_id = ? AND active_at >= ?"),
                      {clusterId, d->claimCutoff()}, nullptr) ||
        !q.next())
        return std::nullopt;
    return ClusterClaim{clusterId, q.value(0).toString(), q.value(1).toString(),
                        q.value(2).toString()};
}

QHash<QString, ClusterClaim> ActionDesk::claims() const {
    QHash<QString, ClusterClaim> out;
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("SELECT cluster_id, claimed_by, claimed_at, active_at FROM "
                                     "claims WHERE active_at >= ?"),
                      {d->claimCutoff()}, nullptr))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), {q.value(0).toString(), q.value(1).toString(),
                                           q.value(2).toString(), q.value(3).toString()});
    return out;
}

QList<Escalation> ActionDesk::escalations(bool openOnly) const {
    QList<Escalation> out;
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("SELECT id, cluster_id, reason, raised_by, raised_at, state, "
                                     "decided_by, decided_at, decision_note, action_id, "
                                     "order_refs, orders FROM escalations") +
                          (openOnly ? QStringLiteral(" WHERE state = 'open'") : QString()) +
                          QStringLiteral(" ORDER BY id"),
                      {}, nullptr))
        return out;
    while (q.next()) {
        Escalation e;
        e.id = q.value(0).toLongLong();
        e.clusterId = q.value(1).toString();
        e.reason = q.value(2).toString();
        e.raisedBy = q.value(3).toString();
        e.raisedAt = q.value(4).toString();
        e.state = q.value(5).toString();
        e.decidedBy = q.value(6).toString();
        e.decidedAt = q.value(7).toString();
        e.note = q.value(8).toString();
        e.actionId = q.value(9).toLongLong();
        for (const QJsonValue &v : QJsonDocument::fromJson(q.value(10).toString().toUtf8()).array())
            e.orders.append(OrderRef::fromJson(v.toObject()));
        if (e.orders.isEmpty()) // raised before schema 5: names only
            for (const QString &n :
                 q.value(11).toString().split(QStringLiteral(", "), Qt::SkipEmptyParts))
                e.orders.append({0, n, 0});
        out.append(e);
    }
    return out;
}

ActionDesk::Outcome ActionDesk::decideEscalation(qint64 escalationId, bool approve,
                                                 const QString &note) {
    if (m_actor.role != Role::Lead)
        return refused(tr("Only a lead can approve or decline an escalation; %1 is not a lead in "
                          "this team store.")
                           .arg(m_actor.odooLogin));
    const QString words = note.trimmed();
    if (!approve && words.isEmpty())
        return refused(tr("Say why the escalation is declined: the planner needs to know."));
    QString error;
    if (!m_store.begin(&error))
        return refused(tr("The store is not available (%1); nothing was done.").arg(error));
    auto fail = [this](const QString &message) {
        m_store.rollback();
        return refused(message);
    };
    QSqlQuery q(m_store.database());
    if (!m_store.exec(
            q,
            QStringLiteral("SELECT state, decided_by, decided_at, cluster_id, "
                           "order_refs, reason, raised_by FROM escalations WHERE id = ?") +
                m_store.forUpdate(),
            {escalationId}, &error))
        return fail(tr("Could not read escalation #%1 (%2).").arg(escalationId).arg(error));
    if (!q.next())
        return fail(tr("There is no escalation #%1.").arg(escalationId));
    const QString state = q.value(0).toString();
    if (state != QLatin1String("open"))
        return fail((state == QLatin1String("approved")
                         ? tr("Escalation #%1 was already approved by %2 at %3.")
                         : tr("Escalation #%1 was already declined by %2 at %3."))
                        .arg(escalationId)
                        .arg(q.value(1).toString(), q.value(2).toString()));
    const QString clusterId = q.value(3).toString();
    QList<OrderRef> orders;
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array())
        orders.append(OrderRef::fromJson(v.toObject()));
    const QString reason = q.value(5).toString();
    const QString raisedBy = q.value(6).toString();
    const QString decision = approve ? QStringLiteral("approved") : QStringLiteral("declined");
    const QString now = Store::nowText();
    if (!m_store.exec(QStringLiteral("UPDATE escalations SET state = ?, decided_by = ?, "
                                     "decided_at = ?, decision_note = ? WHERE id = ?"),
                      {decision, m_actor.odooLogin, now, words, escalationId}, &error))
        return fail(tr("Could not record the decision (%1); nothing changed.").arg(error));
    AuditEntry e = d->entry(QStringLiteral("escalation #%1 on %2 (%3, raised by %4) %5: %6")
                                .arg(escalationId)
                                .arg(clusterId, reason, raisedBy, decision, words));
    if (!d->audit.append(e, &error))
        return fail(tr("Could not record the decision (%1); nothing changed.").arg(error));
    qint64 actionId = 0;
    QList<OrderRef> known;
    for (const OrderRef &o : std::as_const(orders))
        if (o.id > 0)
            known << o;
    if (!known.isEmpty()) {
        // The planner reads the answer where they asked: in the orders' chatter.
        const QString text =
            approve
                ? (words.isEmpty()
                       ? tr("Cockpit: escalation approved by %1 (lead).").arg(m_actor.odooLogin)
                       : tr("Cockpit: escalation approved by %1 (lead): %2")
                             .arg(m_actor.odooLogin, words))
                : tr("Cockpit: escalation declined by %1 (lead): %2").arg(m_actor.odooLogin, words);
        ActionRecord a;
        a.kind = ActionKind::Comment;
        a.clusterId = clusterId;
        a.target = names(known);
        a.payload = {{QStringLiteral("text"), text},
                     {QStringLiteral("verbatim"), true},
                     {QStringLiteral("escalation"), escalationId},
                     {QStringLiteral("orders"), toJson(known)}};
        a.osUser = m_actor.osUser;
        a.odooUser = m_actor.odooLabel();
        AuditEntry queued = d->entry(QStringLiteral("queued comment: escalation #%1 %2 noted on %3")
                                         .arg(escalationId)
                                         .arg(decision, a.target));
        if (!d->queue.insert(a, &error))
            return fail(tr("Could not record the decision (%1); nothing changed.").arg(error));
        queued.actionId = a.id;
        queued.sent = QString::fromUtf8(QJsonDocument(a.payload).toJson(QJsonDocument::Compact));
        if (!d->audit.append(queued, &error))
            return fail(tr("Could not record the decision (%1); nothing changed.").arg(error));
        actionId = a.id;
    }
    if (!m_store.commit(&error))
        return fail(tr("Could not record the decision (%1); nothing changed.").arg(error));
    m_store.notify(QStringLiteral("escalations"), QString::number(escalationId));
    if (actionId)
        m_store.notify(QStringLiteral("actions"), QString::number(actionId));
    return {true, actionId,
            approve ? tr("Escalation #%1 on %2 approved.").arg(escalationId).arg(clusterId)
                    : tr("Escalation #%1 on %2 declined.").arg(escalationId).arg(clusterId)};
}

std::optional<ClusterDecision> ActionDesk::decisionOf(const QString &clusterId) const {
    QSqlQuery q(m_store.database());
    if (!m_store.exec(q,
                      QStringLiteral("SELECT decision, survivor, action_id, decided_by, "
                                     "decided_at FROM cluster_decisions WHERE cluster_id = ?"),
                      {clusterId}, nullptr) ||
        !q.next())
        return std::nullopt;
    return ClusterDecision{clusterId,
                           q.value(0).toString(),
                           q.value(1).toString(),
                           q.value(2).toLongLong(),
                           q.value(3).toString(),
                           q.value(4).toString()};
}

QList<ClusterDecision> ActionDesk::decisions() const {
    QList<ClusterDecision> out;
    QSqlQuery q(m_store.database());
    if (!m_store.exec(
            q,
            QStringLiteral("SELECT cluster_id, decision, survivor, action_id, decided_by, "
                           "decided_at FROM cluster_decisions ORDER BY decided_at"),
            {}, nullptr))
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toString()});
    return out;
}

QList<ActionRecord> ActionDesk::actions(const QList<ActionState> &states) const {
    return d->queue.list(states);
}

std::optional<ActionRecord> ActionDesk::action(qint64 actionId) const {
    return d->queue.find(actionId);
}

QList<ActionRecord> ActionDesk::actionsOnOrder(qint64 saleOrderId, const QList<ActionState> &states,
                                               const QList<ActionKind> &kinds) const {
    return d->queue.onOrder(saleOrderId, states, kinds);
}

} // namespace o2c
