// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionExecutor.h"

#include "ActionQueue.h"
#include "audit/AuditTrail.h"
#include "common/Log.h"
#include "middleware/HubActionSender.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace o2c {

using odoo::OdooError;

namespace {

const QString SO = QStringLiteral("sale.order");
const QString MO = QStringLiteral("mrp.production");
const QString ACT = QStringLiteral("mail.activity");
const QString kHoldTagRef = QStringLiteral("$hold_tag");
const QString QJ = QStringLiteral("queue.job");
// Steps whose "model" is this go to the middleware hub, not to Odoo.
const QString kHub = QStringLiteral("$middleware_hub");

QString S(const char *s) {
    return QString::fromLatin1(s);
}

QJsonArray cond(const QString &field, const QString &op, const QJsonValue &value) {
    return QJsonArray{field, op, value};
}

QJsonArray domain(std::initializer_list<QJsonArray> conditions) {
    QJsonArray d;
    for (const QJsonArray &c : conditions)
        d.append(c);
    return d;
}

QJsonObject check(const QString &model, const QJsonArray &dom, bool whenNone = false) {
    return {{S("model"), model}, {S("domain"), dom}, {S("when"), whenNone ? S("none") : S("any")}};
}

QString compact(const QJsonValue &v) {
    if (v.isUndefined())
        return S("None");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QJsonValue substitute(const QJsonValue &v, qint64 tag) {
    if (v.isString() && v.toString() == kHoldTagRef)
        return tag;
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &e : v.toArray())
            out.append(substitute(e, tag));
        return out;
    }
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), substitute(it.value(), tag));
        return out;
    }
    return v;
}

// A refusal decided from Odoo's state while planning (no server error behind it: serverName
// stays empty).
OdooError planError(const QString &message) {
    OdooError e;
    e.kind = OdooError::Kind::UserError;
    e.message = message;
    return e;
}

// Odoo's own words, when its message to the planner does not already carry them.
QString withOdooWords(const OdooError &e) {
    const QString text = e.message.isEmpty() ? e.serverMessage : e.message;
    // serverName is set for Odoo's own exceptions only (not for an HTML error page).
    if (e.serverName.isEmpty() || e.serverMessage.isEmpty() || text.contains(e.serverMessage))
        return text;
    return QObject::tr("%1 (Odoo: %2)").arg(text, e.serverMessage);
}

struct Mo {
    qint64 id = 0;
    QString name;
    QString state;
    QString origin;
    bool open() const { return state != QLatin1String("done") && state != QLatin1String("cancel"); }
    bool notStarted() const {
        return state == QLatin1String("draft") || state == QLatin1String("confirmed");
    }
};

} // namespace

struct ActionExecutor::Private {
    ActionExecutor *q = nullptr;
    Store *store = nullptr;
    QPointer<odoo::OdooClient> client;
    Actor actor;
    ActionQueue queue;
    AuditTrail audit;
    StepHook hook;
    HubActionSender *hubSender = nullptr;
    int leaseMs = 60000;
    QString owner;
    QList<qint64> pending;
    bool busy = false;
    bool rerun = false;
    qint64 holdTag = 0;
    ActionExecutor::Backoff backoff;
    QRandomGenerator *random = QRandomGenerator::global();
    QTimer *wake = nullptr;

    Private(ActionExecutor *owner_, Store &s, odoo::OdooClient *c, Actor a)
        : q(owner_)
        , store(&s)
        , client(c)
        , actor(std::move(a))
        , queue(s)
        , audit(s) {
        owner = QHostInfo::localHostName() + QLatin1Char('/') +
                QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
    }

    using Done = std::function<void(const QJsonValue &, const OdooError &)>;
    void call(const QString &model, const QString &method, const QJsonArray &args,
              const QJsonObject &kwargs, Done done) {
        if (model == kHub) {
            callHub(method, args, kwargs, std::move(done));
            return;
        }
        if (!client) {
            done({}, planError(QObject::tr("Not connected to Odoo: sign in and retry.")));
            return;
        }
        QPointer<ActionExecutor> guard(q);
        client->executeKw(model, method, args, kwargs,
                          [guard, done = std::move(done)](const QJsonValue &r, const OdooError &e) {
                              if (guard)
                                  done(r, e);
                          });
    }

    // A hub step: POST /v1/transactions/{id}/{method} with the action's Idempotency-Key, so a
    // retry after a crash or a failure is answered as the first time, never applied twice.
    void callHub(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                 Done done) {
        if (!hubSender) {
            done({}, planError(QObject::tr("No middleware hub is configured: the action waits "
                                           "until one is, then retry it.")));
            return;
        }
        HubAction h;
        h.kind = method == QLatin1String("release")  ? HubAction::Kind::Release
                 : method == QLatin1String("reject") ? HubAction::Kind::Reject
                                                     : HubAction::Kind::Replay;
        h.transactionId = args.at(0).toString();
        h.idempotencyKey = kwargs.value(S("idempotency_key")).toString();
        h.actor = kwargs.value(S("actor")).toString();
        h.reason = kwargs.value(S("reason")).toString();
        QPointer<ActionExecutor> guard(q);
        hubSender->send(h, [guard, done = std::move(done)](const HubActionResult &r) {
            if (!guard)
                return;
            OdooError e;
            if (!r.ok) {
                e.kind = r.retryable ? OdooError::Kind::NetworkFailure : OdooError::Kind::UserError;
                e.message = r.message;
                e.serverName = r.errorCode;
                e.httpStatus = r.httpStatus;
            }
            done(QJsonObject{{S("status"), r.transaction.statusKey}, {S("replayed"), r.replayed}},
                 e);
        });
    }

    AuditEntry entry(qint64 actionId, const QString &what) const {
        AuditEntry e;
        e.osUser = actor.osUser;
        e.odooUser = actor.odooLabel();
        e.actionId = actionId;
        e.what = what;
        return e;
    }

    // --- queue ----------------------------------------------------------------------------------

    void runPending() {
        if (busy) {
            rerun = true;
            return;
        }
        busy = true;
        wake->stop();
        pending = queue.runnable(owner, actor.odooLogin);
        next();
    }

    // Wakes up for the earliest automatic retry.
    void scheduleWake() {
        const QString at = queue.nextRetryAt(actor.odooLogin);
        if (at.isEmpty())
            return;
        const QDateTime when = QDateTime::fromString(at, Qt::ISODateWithMs);
        const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(when);
        wake->start(int(std::clamp<qint64>(ms + 5, 0, 3600 * 1000)));
    }

    // What a failure caused by `cause` makes of the action: a transient one is sent again by
    // itself after a backoff, until the attempts run out; anything else waits for a planner.
    struct Verdict {
        ActionState state = ActionState::Failed;
        QString failure;
        QString nextAttemptAt;
        QString message;
    };
    Verdict judge(const ActionRecord &a, const QString &message, const OdooError &cause) const {
        Verdict v;
        const bool transient = ActionExecutor::isTransient(cause);
        v.failure = cause.isError() ? (transient ? S("transient") : S("permanent")) : QString();
        if (transient && a.attempts < backoff.maxAttempts) {
            const int delay =
                std::max(backoff.minDelayMs, backoff.policy().delayMs(a.attempts, cause, random));
            const QDateTime at = QDateTime::currentDateTimeUtc().addMSecs(delay);
            v.state = ActionState::Retrying;
            v.nextAttemptAt = at.toString(Qt::ISODateWithMs);
            v.message = QObject::tr("%1 It is sent again by itself at %2 UTC (attempt %3 of %4).")
                            .arg(message, at.toString(QStringLiteral("HH:mm:ss")))
                            .arg(a.attempts + 1)
                            .arg(backoff.maxAttempts);
        } else if (transient) {
            v.message = QObject::tr("%1 Odoo could not be reached in %n attempt(s): retry once it "
                                    "answers again, or abandon the action.",
                                    nullptr, a.attempts)
                            .arg(message);
        } else {
            v.message = message;
        }
        return v;
    }

    void next() {
        if (!busy)
            return;
        while (!pending.isEmpty()) {
            const qint64 id = pending.takeFirst();
            QString why;
            if (!queue.lease(id, owner, leaseMs, &why)) {
                spdlog::info("action #{} skipped: {}", id, why);
                continue;
            }
            const auto a = queue.find(id);
            if (!a)
                continue;
            start(*a);
            return;
        }
        if (rerun) {
            rerun = false;
            pending = queue.runnable(owner, actor.odooLogin);
            if (!pending.isEmpty()) {
                next();
                return;
            }
        }
        busy = false;
        scheduleWake();
        emit q->idle();
    }

    void finish(const ActionRecord &a, bool ok, const QString &message) {
        QString error;
        if (ok) {
            if (!store->begin(&error)) {
                spdlog::error("action #{}: could not record completion: {}", a.id, error);
            } else {
                AuditEntry e = entry(a.id, QStringLiteral("action #%1 done").arg(a.id));
                if (!queue.setState(a.id, ActionState::Done, {}, &error) ||
                    !audit.append(e, &error) || !store->commit(&error)) {
                    store->rollback();
                    spdlog::error("action #{}: could not record completion: {}", a.id, error);
                }
            }
        }
        store->notify(QStringLiteral("actions"), QString::number(a.id));
        emit q->actionFinished(a.id, ok, message);
        next();
    }

    void fail(const ActionRecord &a, const QString &reason, const OdooError &cause = {}) {
        const Verdict v = judge(a, reason, cause);
        QString error;
        if (store->begin(&error)) {
            AuditEntry e =
                entry(a.id, v.state == ActionState::Retrying
                                ? QStringLiteral("action #%1 failed (transient), "
                                                 "retry at %2: %3")
                                      .arg(a.id)
                                      .arg(v.nextAttemptAt, reason)
                                : QStringLiteral("action #%1 failed (%2): %3")
                                      .arg(a.id)
                                      .arg(v.failure.isEmpty() ? S("store") : v.failure, reason));
            e.answer = cause.isError() ? withOdooWords(cause) : QString();
            if (!queue.setState(a.id, v.state, v.message, &error, v.failure, v.nextAttemptAt) ||
                !audit.append(e, &error) || !store->commit(&error))
                store->rollback();
        }
        spdlog::warn("action #{} failed: {}", a.id, v.message);
        finish(a, false, v.message);
    }

    // --- planning -------------------------------------------------------------------------------

    void start(ActionRecord a) {
        if (!a.steps.isEmpty()) {
            step(std::move(a), 0);
            return;
        }
        plan(a, [this, a](QList<ActionStep> steps, const OdooError &e) mutable {
            if (e.isError()) {
                // The plan's own refusals (planError) already say what Odoo's state is and that
                // nothing was sent; only a failed read is introduced as one.
                const bool refusal = e.kind == OdooError::Kind::UserError && e.serverName.isEmpty();
                fail(a,
                     refusal
                         ? e.message
                         : QObject::tr("Reading Odoo before acting failed; nothing was sent. %1")
                               .arg(withOdooWords(e)),
                     e);
                return;
            }
            for (int i = 0; i < steps.size(); ++i)
                steps[i].seq = i + 1;
            QString error;
            QStringList what;
            for (const ActionStep &s : std::as_const(steps))
                what << s.description;
            AuditEntry entry_ = entry(a.id, QStringLiteral("action #%1 planned %2 step(s): %3")
                                                .arg(a.id)
                                                .arg(steps.size())
                                                .arg(what.join(QStringLiteral("; "))));
            if (!store->begin(&error) || !queue.insertSteps(a.id, steps, &error) ||
                !audit.append(entry_, &error) || !store->commit(&error)) {
                store->rollback();
                fail(a, QObject::tr("Could not store the plan (%1); nothing was sent.").arg(error));
                return;
            }
            a.steps = steps;
            step(std::move(a), 0);
        });
    }

    using PlanDone = std::function<void(QList<ActionStep>, const OdooError &)>;

    QString marker(const ActionRecord &a) const {
        return QStringLiteral("[o2c action %1]").arg(a.idempotencyKey.left(8));
    }

    // Most steps are one method called on one record.
    static ActionStep recordCall(const QString &key, const QString &description,
                                 const QString &model, const QString &method, qint64 id) {
        ActionStep s;
        s.key = key;
        s.description = description;
        s.model = model;
        s.method = method;
        s.args = QJsonArray{QJsonArray{id}};
        return s;
    }

    ActionStep note(const ActionRecord &a, const OrderRef &o, const QString &text) const {
        ActionStep s =
            recordCall(QStringLiteral("note:sale.order:%1").arg(o.id),
                       QObject::tr("chatter note on %1").arg(o.name), SO, S("message_post"), o.id);
        const QString body = text + QLatin1Char(' ') + marker(a);
        s.kwargs = {{S("body"), body},
                    {S("message_type"), S("comment")},
                    {S("subtype_xmlid"), S("mail.mt_note")}};
        s.probe = {{S("applied"),
                    check(S("mail.message"),
                          domain({cond(S("model"), S("="), SO), cond(S("res_id"), S("="), o.id),
                                  cond(S("body"), S("ilike"), marker(a))}))}};
        return s;
    }

    ActionStep cancelOrder(const OrderRef &o) const {
        ActionStep s =
            recordCall(QStringLiteral("cancel:sale.order:%1").arg(o.id),
                       QObject::tr("cancel %1").arg(o.name), SO, S("action_cancel"), o.id);
        // Without it Odoo 18 answers a confirmed order with the cancel wizard and cancels
        // nothing (odoo-wire 070-072).
        s.kwargs = {{S("context"), QJsonObject{{S("disable_cancel_warning"), true}}}};
        s.probe = {{S("applied"), check(SO, domain({cond(S("id"), S("="), o.id),
                                                    cond(S("state"), S("="), S("cancel"))}))},
                   {S("expect"), true}};
        return s;
    }

    ActionStep holdActivity(const ActionRecord &a, const Mo &mo, const QString &why) const {
        ActionStep s = recordCall(QStringLiteral("hold:mrp.production:%1").arg(mo.id),
                                  QObject::tr("HOLD activity on %1").arg(mo.name), MO,
                                  S("activity_schedule"), mo.id);
        s.kwargs = {
            {S("act_type_xmlid"), S("mail.mail_activity_data_todo")},
            {S("summary"), QStringLiteral("HOLD: %1 %2").arg(why, marker(a))},
            {S("note"),
             QObject::tr("Manufacturing held from the cockpit by %1.").arg(actor.odooLogin)},
            {S("user_id"), actor.odooUid}};
        s.probe = {{S("applied"), check(ACT, domain({cond(S("res_model"), S("="), MO),
                                                     cond(S("res_id"), S("="), mo.id),
                                                     cond(S("summary"), S("ilike"), marker(a))}))}};
        return s;
    }

    ActionStep moCall(const Mo &mo, const QString &method, const QString &description,
                      const QJsonArray &states) const {
        ActionStep s = recordCall(QStringLiteral("%1:mrp.production:%2").arg(method).arg(mo.id),
                                  description, MO, method, mo.id);
        s.probe = {{S("requires"), check(MO, domain({cond(S("id"), S("="), mo.id),
                                                     cond(S("state"), S("in"), states)}))}};
        return s;
    }

    ActionStep cancelProduction(const Mo &mo) const {
        ActionStep s = moCall(mo, S("action_cancel"),
                              QObject::tr("cancel manufacturing order %1").arg(mo.name),
                              QJsonArray{S("draft"), S("confirmed")});
        s.probe.insert(S("applied"), check(MO, domain({cond(S("id"), S("="), mo.id),
                                                       cond(S("state"), S("="), S("cancel"))})));
        return s;
    }

    ActionStep tagStep(const OrderRef &o, int command) const {
        ActionStep s;
        s.key = QStringLiteral("tag%1:sale.order:%2").arg(command).arg(o.id);
        s.description = command == 4 ? QObject::tr("tag %1 HOLD").arg(o.name)
                                     : QObject::tr("remove the HOLD tag from %1").arg(o.name);
        s.model = SO;
        s.method = S("write");
        // Adding or removing a tag twice changes nothing: no probe needed.
        s.args = QJsonArray{
            QJsonArray{o.id},
            QJsonObject{{S("tag_ids"), QJsonArray{QJsonArray{command, kHoldTagRef, 0}}}}};
        s.probe = {{S("needs"), S("hold_tag")}};
        return s;
    }

    void readOrders(const QList<OrderRef> &orders,
                    std::function<void(QHash<qint64, QJsonObject>, const OdooError &)> done) {
        QJsonArray ids;
        for (const OrderRef &o : orders)
            ids.append(o.id);
        call(SO, S("read"), QJsonArray{ids},
             {{S("fields"), QJsonArray{S("name"), S("state"), S("tag_ids")}}},
             [done](const QJsonValue &r, const OdooError &e) {
                 QHash<qint64, QJsonObject> out;
                 for (const QJsonValue &v : r.toArray())
                     out.insert(qint64(v.toObject().value(S("id")).toDouble()), v.toObject());
                 done(out, e);
             });
    }

    void readProductions(const QStringList &origins,
                         std::function<void(QList<Mo>, const OdooError &)> done) {
        if (origins.isEmpty()) {
            done({}, {});
            return;
        }
        call(MO, S("search_read"),
             QJsonArray{domain({cond(S("origin"), S("in"), QJsonArray::fromStringList(origins))})},
             {{S("fields"), QJsonArray{S("name"), S("state"), S("origin")}}, {S("order"), S("id")}},
             [done](const QJsonValue &r, const OdooError &e) {
                 QList<Mo> out;
                 for (const QJsonValue &v : r.toArray()) {
                     const QJsonObject o = v.toObject();
                     out.append({qint64(o.value(S("id")).toDouble()), o.value(S("name")).toString(),
                                 o.value(S("state")).toString(), o.value(S("origin")).toString()});
                 }
                 done(out, e);
             });
    }

    static QList<OrderRef> refs(const QJsonArray &a) {
        QList<OrderRef> out;
        for (const QJsonValue &v : a)
            out.append(OrderRef::fromJson(v.toObject()));
        return out;
    }

    static bool isQuotation(const QString &state) {
        return state == QLatin1String("draft") || state == QLatin1String("sent");
    }

    void plan(const ActionRecord &a, PlanDone done) {
        const QList<OrderRef> orders = refs(a.payload.value(S("orders")).toArray());
        switch (a.kind) {
        case ActionKind::ResolveCluster:
            planResolve(a, std::move(done));
            return;
        case ActionKind::Hold:
        case ActionKind::Release:
            planHold(a, orders.value(0), a.kind == ActionKind::Hold, std::move(done));
            return;
        case ActionKind::Comment: {
            // A planner's comment names them; a lead's answer to an escalation is its own text.
            const QString text = a.payload.value(S("text")).toString();
            const QString body =
                a.payload.value(S("verbatim")).toBool()
                    ? text
                    : QObject::tr("Cockpit comment by %1: %2").arg(actor.odooLogin, text);
            QList<ActionStep> steps;
            for (const OrderRef &o : orders)
                steps << note(a, o, body);
            done(steps, {});
            return;
        }
        case ActionKind::RequeueJob: {
            const qint64 job = qint64(a.payload.value(S("job_id")).toDouble());
            ActionStep s =
                recordCall(QStringLiteral("requeue:queue.job:%1").arg(job),
                           QObject::tr("requeue job \"%1\"").arg(a.target), QJ, S("requeue"), job);
            // Only while it is still as the planner saw it: failed, or started at that very
            // time (a stuck job). Requeued by someone else, set done or cancelled, or started
            // again meanwhile, nothing is sent.
            if (a.payload.value(S("state")).toString() == QLatin1String("started")) {
                // Within the second it was seen at: Odoo answers whole seconds.
                const QString seen = a.payload.value(S("date_started")).toString();
                QDateTime next = QDateTime::fromString(seen, S("yyyy-MM-dd HH:mm:ss"));
                next.setTimeSpec(Qt::UTC);
                s.probe = {{S("requires"), check(QJ, domain({cond(S("id"), S("="), job),
                                                             cond(S("state"), S("="), S("started")),
                                                             cond(S("date_started"), S(">="), seen),
                                                             cond(S("date_started"), S("<"),
                                                                  next.addSecs(1).toString(S(
                                                                      "yyyy-MM-dd HH:mm:ss")))}))}};
            } else
                s.probe = {
                    {S("requires"), check(QJ, domain({cond(S("id"), S("="), job),
                                                      cond(S("state"), S("="), S("failed"))}))}};
            done({s}, {});
            return;
        }
        case ActionKind::HubRelease:
        case ActionKind::HubReject:
        case ActionKind::HubReplay: {
            const QString method = a.kind == ActionKind::HubRelease  ? S("release")
                                   : a.kind == ActionKind::HubReject ? S("reject")
                                                                     : S("replay");
            const QString tx = a.payload.value(S("transaction_id")).toString();
            ActionStep s;
            s.key = QStringLiteral("%1:hub:%2").arg(method, tx);
            s.description = a.kind == ActionKind::HubRelease
                                ? QObject::tr("release %1 from the hub's quarantine").arg(a.target)
                            : a.kind == ActionKind::HubReject
                                ? QObject::tr("reject %1 in the hub").arg(a.target)
                                : QObject::tr("replay %1 through the hub").arg(a.target);
            s.model = kHub;
            s.method = method;
            s.args = QJsonArray{tx};
            s.kwargs = {{S("idempotency_key"), a.idempotencyKey},
                        {S("actor"), actor.odooLogin},
                        {S("reason"), a.payload.value(S("reason")).toString()}};
            done({s}, {});
            return;
        }
        case ActionKind::Escalate: {
            QList<ActionStep> steps;
            for (const OrderRef &o : orders)
                steps << note(a, o,
                              QObject::tr("Cockpit: escalated to a lead by %1 — %2")
                                  .arg(actor.odooLogin, a.payload.value(S("reason")).toString()));
            done(steps, {});
            return;
        }
        default:
            done({}, {});
            return;
        }
    }

    void planResolve(const ActionRecord &a, PlanDone done) {
        const OrderRef survivor = OrderRef::fromJson(a.payload.value(S("survivor")).toObject());
        const QList<OrderRef> dups = refs(a.payload.value(S("duplicates")).toArray());
        readOrders(dups, [=, this](QHash<qint64, QJsonObject> read, const OdooError &e) {
            if (e.isError()) {
                done({}, e);
                return;
            }
            QStringList confirmed;
            for (const OrderRef &o : dups) {
                if (!read.contains(o.id)) {
                    done({}, planError(QObject::tr("%1 no longer exists in Odoo (or you may not "
                                                   "read it); nothing was sent.")
                                           .arg(o.name)));
                    return;
                }
                if (read.value(o.id).value(S("state")).toString() == QLatin1String("sale"))
                    confirmed << o.name;
            }
            readProductions(confirmed, [=, this](QList<Mo> mos, const OdooError &me) {
                if (me.isError()) {
                    done({}, me);
                    return;
                }
                QList<ActionStep> steps;
                for (const OrderRef &o : dups) {
                    const QString state = read.value(o.id).value(S("state")).toString();
                    QString text = QObject::tr("Cockpit: duplicate of %1, which is kept; this "
                                               "order is cancelled (decided by %2).")
                                       .arg(survivor.name, actor.odooLogin);
                    if (state == QLatin1String("sale")) {
                        QList<Mo> mine;
                        for (const Mo &m : mos)
                            if (m.origin == o.name)
                                mine << m;
                        // Hold first, so nothing starts while the order is being cancelled.
                        for (const Mo &m : std::as_const(mine)) {
                            if (!m.open())
                                continue;
                            steps << holdActivity(
                                a, m, QObject::tr("duplicate of %1").arg(survivor.name));
                            steps << moCall(
                                m, S("do_unreserve"),
                                QObject::tr("unreserve the components of %1").arg(m.name),
                                QJsonArray{S("confirmed"), S("progress")});
                        }
                        QStringList kept;
                        for (const Mo &m : std::as_const(mine))
                            if (m.open() && !m.notStarted())
                                kept << m.name;
                        if (!kept.isEmpty())
                            text = QObject::tr("%1 Started manufacturing stays, held: %2.")
                                       .arg(text, kept.join(QStringLiteral(", ")));
                        steps << note(a, o, text) << cancelOrder(o);
                        for (const Mo &m : std::as_const(mine))
                            if (m.notStarted())
                                steps << cancelProduction(m);
                    } else if (isQuotation(state)) {
                        steps << note(a, o, text) << cancelOrder(o);
                    } else {
                        steps << note(a, o, text); // already cancelled
                    }
                }
                done(steps, {});
            });
        });
    }

    void planHold(const ActionRecord &a, const OrderRef &o, bool hold, PlanDone done) {
        readOrders({o}, [=, this](QHash<qint64, QJsonObject> read, const OdooError &e) {
            if (e.isError() || !read.contains(o.id)) {
                done({}, e.isError()
                             ? e
                             : planError(QObject::tr("%1 no longer exists in Odoo.").arg(o.name)));
                return;
            }
            const QString state = read.value(o.id).value(S("state")).toString();
            const QString reason = a.payload.value(S("reason")).toString();
            if (isQuotation(state)) {
                // Odoo tells whether it is held: a second hold would only add a second note,
                // releasing an order nobody held would confirm it.
                call(SO, S("search_count"),
                     QJsonArray{domain({cond(S("id"), S("="), o.id),
                                        cond(S("tag_ids.name"), S("="), S("HOLD"))})},
                     {}, [=, this](const QJsonValue &n, const OdooError &ce) {
                         if (ce.isError()) {
                             done({}, ce);
                             return;
                         }
                         const bool tagged = n.toDouble() > 0;
                         if (tagged == hold) {
                             done({}, planError(hold ? QObject::tr("%1 is already held in Odoo "
                                                                   "(tagged HOLD); nothing was "
                                                                   "sent.")
                                                           .arg(o.name)
                                                     : QObject::tr("%1 is not held in Odoo (no "
                                                                   "HOLD tag); nothing was sent.")
                                                           .arg(o.name)));
                             return;
                         }
                         planQuotationHold(a, o, hold, reason, done);
                     });
                return;
            }
            planConfirmedHold(a, o, state, hold, reason, std::move(done));
        });
    }

    void planQuotationHold(const ActionRecord &a, const OrderRef &o, bool hold,
                           const QString &reason, const PlanDone &done) {
        QList<ActionStep> steps{tagStep(o, hold ? 4 : 3)};
        if (!hold) {
            ActionStep confirm;
            confirm.key = QStringLiteral("confirm:sale.order:%1").arg(o.id);
            confirm.description = QObject::tr("confirm %1").arg(o.name);
            confirm.model = SO;
            confirm.method = S("action_confirm");
            confirm.args = QJsonArray{QJsonArray{o.id}};
            confirm.probe = {
                {S("applied"), check(SO, domain({cond(S("id"), S("="), o.id),
                                                 cond(S("state"), S("="), S("sale"))}))}};
            steps << confirm;
        }
        steps << note(a, o,
                      hold ? QObject::tr("Cockpit: manufacturing held by %1 — %2. Do not confirm "
                                         "this quotation until it is released.")
                                 .arg(actor.odooLogin, reason)
                           : QObject::tr("Cockpit: hold released by %1; the order is confirmed.")
                                 .arg(actor.odooLogin));
        done(steps, {});
    }

    void planConfirmedHold(const ActionRecord &a, const OrderRef &o, const QString &state,
                           bool hold, const QString &reason, PlanDone done) {
        if (state != QLatin1String("sale")) {
            done({}, planError((hold ? QObject::tr("%1 is %2 in Odoo: there is no "
                                                   "manufacturing to hold.")
                                     : QObject::tr("%1 is %2 in Odoo: there is no "
                                                   "manufacturing to release."))
                                   .arg(o.name, state)));
            return;
        }
        readProductions({o.name}, [=, this](QList<Mo> mos, const OdooError &me) {
            if (me.isError()) {
                done({}, me);
                return;
            }
            QJsonArray moIds;
            for (const Mo &m : std::as_const(mos))
                moIds.append(m.id);
            // The HOLD activities already on them: Odoo's state decides what is left to do.
            call(
                ACT, S("search_read"),
                QJsonArray{
                    domain({cond(S("res_model"), S("="), MO), cond(S("res_id"), S("in"), moIds),
                            cond(S("summary"), S("=like"), S("HOLD:%"))})},
                {{S("fields"), QJsonArray{S("res_id"), S("summary")}}},
                [=, this](const QJsonValue &r, const OdooError &ae) {
                    if (ae.isError()) {
                        done({}, ae);
                        return;
                    }
                    QSet<qint64> heldMos;
                    QList<qint64> activities;
                    for (const QJsonValue &v : r.toArray()) {
                        activities << qint64(v.toObject().value(S("id")).toDouble());
                        heldMos.insert(qint64(v.toObject().value(S("res_id")).toDouble()));
                    }
                    QList<ActionStep> steps;
                    if (hold) {
                        for (const Mo &m : std::as_const(mos)) {
                            if (!m.open() || heldMos.contains(m.id))
                                continue;
                            steps << holdActivity(a, m, reason)
                                  << moCall(
                                         m, S("do_unreserve"),
                                         QObject::tr("unreserve the components of %1").arg(m.name),
                                         QJsonArray{S("confirmed"), S("progress")});
                        }
                        if (steps.isEmpty()) {
                            done({}, planError(QObject::tr("%1 has no manufacturing order left "
                                                           "to hold in Odoo (each open one "
                                                           "carries a HOLD activity already, or "
                                                           "none is open); nothing was sent.")
                                                   .arg(o.name)));
                            return;
                        }
                        steps << note(a, o,
                                      QObject::tr("Cockpit: manufacturing held by %1 — %2 "
                                                  "(advisory: Odoo does not stop production).")
                                          .arg(actor.odooLogin, reason));
                        done(steps, {});
                        return;
                    }
                    if (activities.isEmpty()) {
                        releaseTaggedConfirmed(a, o, done);
                        return;
                    }
                    for (qint64 act : std::as_const(activities)) {
                        ActionStep s;
                        s.key = QStringLiteral("feedback:mail.activity:%1").arg(act);
                        s.description = QObject::tr("mark HOLD activity %1 done").arg(act);
                        s.model = ACT;
                        s.method = S("action_feedback");
                        s.args = QJsonArray{QJsonArray{act}};
                        s.kwargs = {
                            {S("feedback"),
                             QObject::tr("Released from the cockpit by %1.").arg(actor.odooLogin)}};
                        // Done activities are deleted by Odoo (093).
                        s.probe = {
                            {S("applied"), check(ACT, domain({cond(S("id"), S("="), act)}), true)}};
                        steps << s;
                    }
                    // Reserve again what Odoo can: the components may have gone to other
                    // orders meanwhile; the MO then waits as any other would.
                    for (const Mo &m : std::as_const(mos))
                        if (m.open() && heldMos.contains(m.id))
                            steps << moCall(m, S("action_assign"),
                                            QObject::tr("reserve the components of %1").arg(m.name),
                                            QJsonArray{S("confirmed"), S("progress")});
                    steps << note(
                        a, o, QObject::tr("Cockpit: hold released by %1.").arg(actor.odooLogin));
                    done(steps, {});
                });
        });
    }

    // A confirmed order without HOLD activities may still carry the HOLD tag: a quotation held
    // in the cockpit and then confirmed in Odoo anyway (a breach). Releasing it removes the tag;
    // without the tag either, nothing is held and nothing is sent.
    void releaseTaggedConfirmed(const ActionRecord &a, const OrderRef &o, const PlanDone &done) {
        call(SO, S("search_count"),
             QJsonArray{
                 domain({cond(S("id"), S("="), o.id), cond(S("tag_ids.name"), S("="), S("HOLD"))})},
             {}, [=, this](const QJsonValue &n, const OdooError &ce) {
                 if (ce.isError()) {
                     done({}, ce);
                     return;
                 }
                 if (n.toDouble() <= 0) {
                     done({}, planError(QObject::tr("%1 is not held in Odoo (no HOLD activity on "
                                                    "its manufacturing orders); nothing was "
                                                    "sent.")
                                            .arg(o.name)));
                     return;
                 }
                 done({tagStep(o, 3),
                       note(a, o,
                            QObject::tr("Cockpit: hold released by %1.").arg(actor.odooLogin))},
                      {});
             });
    }

    // --- steps ----------------------------------------------------------------------------------

    void probe(const QJsonObject &p, std::function<void(bool, const OdooError &)> done) {
        call(p.value(S("model")).toString(), S("search_count"),
             QJsonArray{p.value(S("domain")).toArray()}, {},
             [p, done](const QJsonValue &r, const OdooError &e) {
                 const qint64 n = qint64(r.toDouble());
                 done(p.value(S("when")).toString() == QLatin1String("none") ? n == 0 : n > 0, e);
             });
    }

    void withHoldTag(std::function<void(qint64, const OdooError &)> next, qint64 actionId) {
        if (holdTag) {
            next(holdTag, {});
            return;
        }
        // Looked up by name before creating, so a crash between the two leaves one tag.
        call(S("crm.tag"), S("search_read"),
             QJsonArray{domain({cond(S("name"), S("="), S("HOLD"))})},
             {{S("fields"), QJsonArray{S("name")}}, {S("limit"), 1}},
             [=, this](const QJsonValue &r, const OdooError &e) {
                 if (e.isError() || !r.toArray().isEmpty()) {
                     holdTag = qint64(r.toArray().first().toObject().value(S("id")).toDouble());
                     next(holdTag, e);
                     return;
                 }
                 const QJsonArray args{QJsonObject{{S("name"), S("HOLD")}}};
                 call(S("crm.tag"), S("create"), args, {},
                      [=, this](const QJsonValue &id, const OdooError &ce) {
                          AuditEntry au = entry(actionId, QStringLiteral("created the HOLD tag"));
                          au.sent = compact(QJsonObject{{S("model"), S("crm.tag")},
                                                        {S("method"), S("create")},
                                                        {S("args"), args}});
                          au.answer = ce.isError() ? ce.message : compact(id);
                          QString error;
                          audit.record(au, &error);
                          if (!ce.isError())
                              holdTag = qint64(id.toDouble());
                          next(holdTag, ce);
                      });
             });
    }

    void step(ActionRecord a, int index) {
        if (index >= a.steps.size()) {
            finish(a, true,
                   QObject::tr("Action #%1 done: %n step(s) applied in Odoo.", nullptr,
                               int(a.steps.size()))
                       .arg(a.id));
            return;
        }
        const ActionStep &s = a.steps.at(index);
        if (s.state == QLatin1String("done") || s.state == QLatin1String("skipped")) {
            step(std::move(a), index + 1);
            return;
        }
        const bool maybeSent =
            s.state == QLatin1String("sending") || s.state == QLatin1String("failed");
        const QJsonObject applied = s.probe.value(S("applied")).toObject();
        if (maybeSent && !applied.isEmpty()) {
            probe(applied, [this, a, index](bool present, const OdooError &e) mutable {
                if (e.isError()) {
                    fail(a,
                         QObject::tr("Could not read Odoo to see whether \"%1\" already took "
                                     "effect: %2")
                             .arg(a.steps.at(index).description, withOdooWords(e)),
                         e);
                    return;
                }
                if (present) {
                    recordAlreadyApplied(a, index);
                    return;
                }
                checkRequirement(std::move(a), index);
            });
            return;
        }
        checkRequirement(std::move(a), index);
    }

    void recordAlreadyApplied(ActionRecord a, int index) {
        ActionStep &s = a.steps[index];
        s.state = S("done");
        s.answer = S("found applied in Odoo");
        s.answeredAt = Store::nowText();
        AuditEntry e = entry(a.id, QStringLiteral("action #%1 step %2: %3 — already applied in "
                                                  "Odoo, not sent again")
                                       .arg(a.id)
                                       .arg(s.seq)
                                       .arg(s.description));
        e.sent = compact(s.probe.value(S("applied")));
        e.answer = s.answer;
        QString error;
        if (!store->begin(&error) || !queue.updateStep(a.id, s, &error) ||
            !audit.append(e, &error) || !store->commit(&error)) {
            store->rollback();
            fail(a, QObject::tr("Could not record a step (%1).").arg(error));
            return;
        }
        step(std::move(a), index + 1);
    }

    void checkRequirement(ActionRecord a, int index) {
        const QJsonObject requires_ = a.steps.at(index).probe.value(S("requires")).toObject();
        if (requires_.isEmpty()) {
            send(std::move(a), index);
            return;
        }
        probe(requires_, [this, a, index](bool ok, const OdooError &e) mutable {
            if (e.isError()) {
                fail(a,
                     QObject::tr("Could not read Odoo before \"%1\": %2")
                         .arg(a.steps.at(index).description, withOdooWords(e)),
                     e);
                return;
            }
            if (ok) {
                send(std::move(a), index);
                return;
            }
            ActionStep &s = a.steps[index];
            s.state = S("skipped");
            s.answer = S("not applicable any more in Odoo");
            AuditEntry au = entry(a.id, QStringLiteral("action #%1 step %2: %3 — skipped, the "
                                                       "record is no longer in that state")
                                            .arg(a.id)
                                            .arg(s.seq)
                                            .arg(s.description));
            QString error;
            if (!store->begin(&error) || !queue.updateStep(a.id, s, &error) ||
                !audit.append(au, &error) || !store->commit(&error))
                store->rollback();
            step(std::move(a), index + 1);
        });
    }

    void send(ActionRecord a, int index) {
        if (a.steps.at(index).probe.value(S("needs")).toString() == QLatin1String("hold_tag")) {
            withHoldTag(
                [this, a, index](qint64 tag, const OdooError &e) mutable {
                    if (e.isError() || !tag) {
                        fail(a,
                             QObject::tr("Finding or creating the HOLD tag failed: %1")
                                 .arg(withOdooWords(e)),
                             e);
                        return;
                    }
                    ActionStep &s = a.steps[index];
                    s.args = substitute(s.args, tag).toArray();
                    s.probe.remove(S("needs"));
                    sendNow(std::move(a), index);
                },
                a.id);
            return;
        }
        sendNow(std::move(a), index);
    }

    void sendNow(ActionRecord a, int index) {
        ActionStep &s = a.steps[index];
        s.state = S("sending");
        s.sentAt = Store::nowText();
        QString error;
        // Durable before it goes out: after a crash this step is probed, not blindly resent.
        if (!store->begin(&error) || !queue.updateStep(a.id, s, &error) ||
            !queue.renewLease(a.id, owner, leaseMs, &error) || !store->commit(&error)) {
            store->rollback();
            fail(a, QObject::tr("Could not record a step before sending (%1); it was not sent.")
                        .arg(error));
            return;
        }
        if (hook)
            hook(Point::BeforeSend, a, s);
        const QString sent = compact(QJsonObject{{S("model"), s.model},
                                                 {S("method"), s.method},
                                                 {S("args"), s.args},
                                                 {S("kwargs"), s.kwargs}});
        call(s.model, s.method, s.args, s.kwargs,
             [this, a, index, sent](const QJsonValue &r, const OdooError &e) mutable {
                 ActionStep &st = a.steps[index];
                 if (hook)
                     hook(Point::AfterSend, a, st);
                 st.answeredAt = Store::nowText();
                 QString problem;
                 if (e.isError()) {
                     problem = withOdooWords(e);
                     st.error = QStringLiteral("%1: %2").arg(OdooError::kindKey(e.kind), problem);
                 } else if (st.probe.value(S("expect")).toBool() && !(r.isBool() && r.toBool())) {
                     problem = QObject::tr("Odoo did not do it: it answered %1 instead of true "
                                           "(a confirmation wizard?).")
                                   .arg(compact(r).left(200));
                     st.error = problem;
                 }
                 st.answer = compact(r);
                 st.state = problem.isEmpty() ? S("done") : S("failed");
                 AuditEntry au = entry(a.id, QStringLiteral("action #%1 step %2/%3: %4")
                                                 .arg(a.id)
                                                 .arg(st.seq)
                                                 .arg(a.steps.size())
                                                 .arg(st.description));
                 au.sent = sent;
                 au.answer = problem.isEmpty() ? st.answer : st.error;
                 QString storeError;
                 if (!problem.isEmpty()) {
                     const bool transient = ActionExecutor::isTransient(e);
                     const QString reason =
                         transient
                             ? QObject::tr("Step %1 of %2 (%3) failed: %4")
                                   .arg(st.seq)
                                   .arg(a.steps.size())
                                   .arg(st.description, problem)
                             : QObject::tr("Step %1 of %2 (%3) failed: %4 Retry once the cause "
                                           "is fixed (Odoo is read first, nothing is done "
                                           "twice), or abandon it.")
                                   .arg(st.seq)
                                   .arg(a.steps.size())
                                   .arg(st.description, problem);
                     // An answer other than true is Odoo's refusal, as final as a UserError.
                     OdooError cause = e;
                     if (!cause.isError()) {
                         cause.kind = OdooError::Kind::UserError;
                         cause.message = problem;
                     }
                     const Verdict v = judge(a, reason, cause);
                     const QString &message = v.message;
                     if (store->begin(&storeError)) {
                         if (!queue.updateStep(a.id, st, &storeError) ||
                             !audit.append(au, &storeError) ||
                             !queue.setState(a.id, v.state, message, &storeError, v.failure,
                                             v.nextAttemptAt) ||
                             !store->commit(&storeError))
                             store->rollback();
                     }
                     if (hook)
                         hook(Point::AfterRecord, a, st);
                     spdlog::warn("action #{}: {}", a.id, message);
                     store->notify(QStringLiteral("actions"), QString::number(a.id));
                     emit q->actionFinished(a.id, false, message);
                     next();
                     return;
                 }
                 if (!store->begin(&storeError) || !queue.updateStep(a.id, st, &storeError) ||
                     !audit.append(au, &storeError) || !store->commit(&storeError)) {
                     store->rollback();
                     // Odoo did it but the store could not say so: the step stays "sending",
                     // and the next run finds it applied.
                     spdlog::error("action #{}: answer not recorded: {}", a.id, storeError);
                     emit q->actionFinished(a.id, false,
                                            QObject::tr("The store failed (%1); the action "
                                                        "resumes when it is back.")
                                                .arg(storeError));
                     next();
                     return;
                 }
                 if (hook)
                     hook(Point::AfterRecord, a, st);
                 step(std::move(a), index + 1);
             });
    }
};

ActionExecutor::ActionExecutor(Store &store, odoo::OdooClient *client, Actor actor, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, store, client, std::move(actor))) {
    d->wake = new QTimer(this);
    d->wake->setSingleShot(true);
    connect(d->wake, &QTimer::timeout, this, &ActionExecutor::runPending);
}

bool ActionExecutor::isTransient(const OdooError &e) {
    if (!e.isError())
        return false;
    // Odoo's own refusals (access, validation, user errors, a missing record) come back as
    // HTTP 200 with an error envelope; a 5xx is the server or a proxy in trouble.
    return e.isTransient() || e.notDelivered || e.kind == OdooError::Kind::SessionExpired ||
           (e.kind == OdooError::Kind::ServerError && e.httpStatus >= 500);
}

odoo::RetryPolicy ActionExecutor::Backoff::policy() const {
    odoo::RetryPolicy p;
    p.maxAttempts = maxAttempts;
    p.baseDelayMs = baseDelayMs;
    p.maxDelayMs = maxDelayMs;
    return p;
}

void ActionExecutor::setBackoff(const Backoff &backoff) {
    d->backoff = backoff;
}

const ActionExecutor::Backoff &ActionExecutor::backoff() const {
    return d->backoff;
}

void ActionExecutor::setRandomGenerator(QRandomGenerator *random) {
    d->random = random ? random : QRandomGenerator::global();
}

ActionExecutor::~ActionExecutor() = default;

void ActionExecutor::setStepHook(StepHook hook) {
    d->hook = std::move(hook);
}

void ActionExecutor::setHubSender(HubActionSender *sender) {
    d->hubSender = sender;
}

void ActionExecutor::setLeaseMs(int ms) {
    d->leaseMs = ms;
}

QString ActionExecutor::owner() const {
    return d->owner;
}

void ActionExecutor::runPending() {
    d->runPending();
}

bool ActionExecutor::isBusy() const {
    return d->busy;
}

} // namespace o2c
