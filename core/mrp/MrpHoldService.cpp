// SPDX-License-Identifier: GPL-3.0-or-later
#include "MrpHoldService.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "common/Log.h"
#include "flow/OrderBook.h"
#include "odoo/OdooClient.h"

#include <QJsonArray>
#include <QPointer>
#include <QSet>

namespace o2c {

using odoo::OdooError;

namespace {

const QString kHoldTag = QStringLiteral("HOLD");
const QString kHoldPrefix = QStringLiteral("HOLD: ");

bool isQuotation(const CanonicalOrder &o) {
    return o.saleState == QLatin1String("draft") || o.saleState == QLatin1String("sent");
}

bool isOpen(const ManufacturingOrderRef &mo) {
    return mo.state != QLatin1String("done") && mo.state != QLatin1String("cancel");
}

OdooError refusal(const QString &message) {
    OdooError e;
    e.kind = OdooError::Kind::UserError;
    e.message = message;
    return e;
}

// Prefixes Odoo's error with the step that failed and what state it left.
OdooError stepFailed(OdooError e, const QString &what) {
    e.message =
        QObject::tr("%1 %2", "the step that failed, then Odoo's error").arg(what, e.message);
    return e;
}

QJsonArray ids(const QList<qint64> &list) {
    QJsonArray a;
    for (qint64 id : list)
        a.append(id);
    return a;
}

} // namespace

struct MrpHoldService::Private {
    MrpHoldService *q = nullptr;
    QPointer<odoo::OdooClient> client;
    QPointer<OrderBook> book;
    QHash<QString, MrpHold> holds;
    QSet<QString> seenInOdoo;   // holds the sync has shown as present in Odoo
    QSet<QString> releasedByUs; // until the sync shows them released too
    QSet<QString> busy;
    qint64 holdTagId = 0;
    QPointer<ActionDesk> desk;
    QPointer<ActionExecutor> executor;
    QHash<qint64, QString> awaiting; // outbox action → order, for the outcome signals

    // --- through the outbox ----------------------------------------------------------------

    const CanonicalOrder *orderOfSale(const ActionRecord &a) const {
        if (!book)
            return nullptr;
        const QJsonArray orders = a.payload.value(QStringLiteral("orders")).toArray();
        if (orders.isEmpty())
            return nullptr;
        const OrderRef ref = OrderRef::fromJson(orders.at(0).toObject());
        if (const CanonicalOrder *o = book->orderBySaleOrderName(ref.name))
            return o;
        for (const CanonicalOrder *o : book->orders())
            if (o->saleOrderId == ref.id)
                return o;
        return nullptr;
    }

    static QString loginOf(const QString &odooUser) {
        return odooUser.section(QStringLiteral(" ("), 0, 0);
    }

    // Who held it, why and since when, as the outbox recorded the last hold of the order.
    void enrich(MrpHold &h, qint64 saleOrderId) const {
        if (!desk || saleOrderId <= 0)
            return;
        const QList<ActionRecord> done = desk->actionsOnOrder(
            saleOrderId, {ActionState::Done},
            {ActionKind::Hold, ActionKind::Release, ActionKind::ResolveCluster});
        if (done.isEmpty() || done.first().kind != ActionKind::Hold)
            return;
        const ActionRecord &a = done.first();
        h.reason = a.payload.value(QStringLiteral("reason")).toString();
        h.heldBy = loginOf(a.odooUser);
        const QDateTime at = QDateTime::fromString(a.updatedAt, Qt::ISODateWithMs);
        if (at.isValid())
            h.since = at;
    }

    void outboxFinished(qint64 id, bool ok, const QString &message) {
        const QString waiting = awaiting.value(id);
        const std::optional<ActionRecord> action = desk ? desk->action(id) : std::nullopt;
        if (!action || (action->kind != ActionKind::Hold && action->kind != ActionKind::Release))
            return;
        const CanonicalOrder *o = orderOfSale(*action);
        const QString orderId = o ? o->id : waiting;
        if (orderId.isEmpty())
            return;
        if (ok) {
            if (action->kind == ActionKind::Hold) {
                MrpHold h;
                h.orderId = orderId;
                h.saleOrderName = o ? o->saleOrderName : action->target;
                h.kind = o && !isQuotation(*o) ? HoldKind::Soft : HoldKind::Hard;
                h.reason = action->payload.value(QStringLiteral("reason")).toString();
                h.heldBy = loginOf(action->odooUser);
                h.since = QDateTime::currentDateTimeUtc();
                if (o)
                    for (const auto &mo : o->manufacturingOrders)
                        if (isOpen(mo))
                            h.manufacturingOrderIds << mo.id;
                holds.insert(orderId, h);
                releasedByUs.remove(orderId);
            } else {
                holds.remove(orderId);
                seenInOdoo.remove(orderId);
                releasedByUs.insert(orderId);
            }
        }
        const bool final_ = action->state != ActionState::Retrying;
        if (final_) {
            awaiting.remove(id);
            busy.remove(orderId);
        }
        emit q->holdsChanged(orderId);
        if (waiting.isEmpty())
            return; // queued elsewhere: the desk reports it
        if (ok)
            emit q->actionSucceeded(orderId, message);
        else
            emit q->actionFailed(orderId, refusal(message));
    }

    void enqueue(const CanonicalOrder &o, bool hold, const QString &reason) {
        const auto cluster = book ? book->duplicates().clusterOf(o.id) : std::nullopt;
        const OrderRef ref{o.saleOrderId, o.saleOrderName, o.amountTotal};
        const ActionDesk::Outcome out =
            hold ? desk->hold(cluster ? cluster->id : QString(), ref, reason)
                 : desk->release(cluster ? cluster->id : QString(), ref);
        if (!out.ok) {
            emit q->actionFailed(o.id, refusal(out.message));
            return;
        }
        awaiting.insert(out.actionId, o.id);
        busy.insert(o.id);
        if (executor)
            executor->runPending();
    }

    using Done = std::function<void(const QJsonValue &, const OdooError &)>;
    void call(const QString &model, const QString &method, const QJsonArray &args,
              const QJsonObject &kwargs, Done done) {
        if (!client) {
            done({}, refusal(QObject::tr("Not connected to Odoo.")));
            return;
        }
        QPointer<MrpHoldService> guard(q);
        client->executeKw(model, method, args, kwargs,
                          [guard, done = std::move(done)](const QJsonValue &r, const OdooError &e) {
                              if (guard)
                                  done(r, e);
                          });
    }

    void failed(const QString &orderId, const OdooError &e) {
        busy.remove(orderId);
        spdlog::warn("MRP hold action on {} failed: {}", orderId, e.message);
        emit q->actionFailed(orderId, e);
    }

    void succeeded(const QString &orderId, const QString &message) {
        busy.remove(orderId);
        spdlog::info("{}", message);
        emit q->holdsChanged(orderId);
        emit q->actionSucceeded(orderId, message);
    }

    // --- hard hold: the quotation stays a quotation, tagged HOLD (079-083) --------------------

    void withHoldTag(std::function<void(qint64, const OdooError &)> next) {
        if (holdTagId) {
            next(holdTagId, {});
            return;
        }
        call(QStringLiteral("crm.tag"), QStringLiteral("search_read"),
             QJsonArray{
                 QJsonArray{QJsonArray{QStringLiteral("name"), QStringLiteral("="), kHoldTag}}},
             {{QStringLiteral("fields"), QJsonArray{QStringLiteral("name")}},
              {QStringLiteral("limit"), 1}},
             [this, next](const QJsonValue &r, const OdooError &e) {
                 if (e.isError()) {
                     next(0, e);
                     return;
                 }
                 const QJsonArray found = r.toArray();
                 if (!found.isEmpty()) {
                     holdTagId =
                         qint64(found.first().toObject().value(QStringLiteral("id")).toDouble());
                     next(holdTagId, {});
                     return;
                 }
                 call(QStringLiteral("crm.tag"), QStringLiteral("create"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), kHoldTag}}}, {},
                      [this, next](const QJsonValue &id, const OdooError &ce) {
                          if (!ce.isError())
                              holdTagId = qint64(id.toDouble());
                          next(holdTagId, ce);
                      });
             });
    }

    void holdHard(const CanonicalOrder &o, const QString &reason) {
        const QString orderId = o.id;
        const qint64 so = o.saleOrderId;
        const QString name = o.saleOrderName;
        withHoldTag([=, this](qint64 tag, const OdooError &e) {
            if (e.isError()) {
                failed(
                    orderId,
                    stepFailed(e, QObject::tr("Hold not placed on %1: finding or creating the HOLD "
                                              "tag failed (step 1 of 3); nothing was changed.")
                                      .arg(name)));
                return;
            }
            call(QStringLiteral("sale.order"), QStringLiteral("write"),
                 QJsonArray{QJsonArray{so}, QJsonObject{{QStringLiteral("tag_ids"),
                                                         QJsonArray{QJsonArray{4, tag, 0}}}}},
                 {}, [=, this](const QJsonValue &, const OdooError &we) {
                     if (we.isError()) {
                         failed(orderId,
                                stepFailed(
                                    we, QObject::tr("Hold not placed on %1: tagging the order HOLD "
                                                    "failed (step 2 of 3); nothing was changed.")
                                            .arg(name)));
                         return;
                     }
                     const QString body =
                         QObject::tr("Cockpit: manufacturing held by %1 — %2. Do not confirm this "
                                     "quotation until the hold is released.")
                             .arg(heldBy(), reason);
                     call(QStringLiteral("sale.order"), QStringLiteral("message_post"),
                          QJsonArray{QJsonArray{so}},
                          {{QStringLiteral("body"), body},
                           {QStringLiteral("message_type"), QStringLiteral("comment")},
                           {QStringLiteral("subtype_xmlid"), QStringLiteral("mail.mt_note")}},
                          [=, this](const QJsonValue &, const OdooError &pe) {
                              if (pe.isError()) {
                                  undoTag(orderId, so, tag,
                                          stepFailed(
                                              pe, QObject::tr("Hold not placed on %1: the chatter "
                                                              "note failed (step 3 of 3).")
                                                      .arg(name)));
                                  return;
                              }
                              MrpHold h;
                              h.orderId = orderId;
                              h.saleOrderName = name;
                              h.kind = HoldKind::Hard;
                              h.reason = reason;
                              h.heldBy = heldBy();
                              h.since = QDateTime::currentDateTimeUtc();
                              holds.insert(orderId, h);
                              releasedByUs.remove(orderId);
                              succeeded(orderId,
                                        QObject::tr("%1 is held: it stays a quotation, so no "
                                                    "manufacturing starts until it is released.")
                                            .arg(name));
                          });
                 });
        });
    }

    void undoTag(const QString &orderId, qint64 so, qint64 tag, OdooError error) {
        call(QStringLiteral("sale.order"), QStringLiteral("write"),
             QJsonArray{QJsonArray{so}, QJsonObject{{QStringLiteral("tag_ids"),
                                                     QJsonArray{QJsonArray{3, tag, 0}}}}},
             {}, [=, this](const QJsonValue &, const OdooError &ue) mutable {
                 error.message =
                     ue.isError()
                         ? QObject::tr("%1 Removing the HOLD tag again failed too (%2): the order "
                                       "still carries it in Odoo; remove it there or retry.")
                               .arg(error.message, ue.message)
                         : QObject::tr("%1 The HOLD tag was removed again; the order is as before.")
                               .arg(error.message);
                 failed(orderId, error);
             });
    }

    // --- soft hold: HOLD activity and unreserved components on each open MO (085-086) ---------

    struct SoftStep {
        QString orderId, name, reason;
        QList<qint64> mos;
        QList<qint64> activities; // created so far
        QList<qint64> unreserved; // unreserved so far
        QJsonObject defaults;
        qsizetype next = 0;
    };

    void holdSoft(const CanonicalOrder &o, const QString &reason) {
        auto s = std::make_shared<SoftStep>();
        s->orderId = o.id;
        s->name = o.saleOrderName;
        s->reason = reason;
        for (const auto &mo : o.manufacturingOrders)
            if (isOpen(mo))
                s->mos << mo.id;
        // res_model_id without reading ir.model, which planners may not (062/063).
        call(QStringLiteral("mail.activity"), QStringLiteral("default_get"),
             QJsonArray{QJsonArray{QStringLiteral("res_model_id"), QStringLiteral("res_model"),
                                   QStringLiteral("activity_type_id"), QStringLiteral("user_id"),
                                   QStringLiteral("date_deadline")}},
             {{QStringLiteral("context"),
               QJsonObject{{QStringLiteral("default_res_model"), QStringLiteral("mrp.production")},
                           {QStringLiteral("default_res_id"), s->mos.first()}}}},
             [=, this](const QJsonValue &r, const OdooError &e) {
                 if (e.isError() ||
                     !r.toObject().value(QStringLiteral("res_model_id")).isDouble()) {
                     OdooError err = e.isError()
                                         ? e
                                         : refusal(QObject::tr(
                                               "Odoo did not tell the model id for activities."));
                     failed(s->orderId,
                            stepFailed(err, QObject::tr("Hold not placed on %1: preparing the HOLD "
                                                        "activity failed; nothing was changed.")
                                                .arg(s->name)));
                     return;
                 }
                 s->defaults = r.toObject();
                 nextSoftMo(s);
             });
    }

    void nextSoftMo(std::shared_ptr<SoftStep> s) {
        if (s->next >= s->mos.size()) {
            MrpHold h;
            h.orderId = s->orderId;
            h.saleOrderName = s->name;
            h.kind = HoldKind::Soft;
            h.reason = s->reason;
            h.heldBy = heldBy();
            h.since = QDateTime::currentDateTimeUtc();
            h.manufacturingOrderIds = s->mos;
            h.activityIds = s->activities;
            holds.insert(s->orderId, h);
            releasedByUs.remove(s->orderId);
            succeeded(s->orderId,
                      QObject::tr("%1 is held: its %n manufacturing order(s) carry a HOLD activity "
                                  "and their components are unreserved. Odoo does not stop "
                                  "production; the cockpit reports it if it happens.",
                                  nullptr, int(s->mos.size()))
                          .arg(s->name));
            return;
        }
        const qint64 mo = s->mos.at(s->next);
        QJsonObject values{
            {QStringLiteral("res_model_id"), s->defaults.value(QStringLiteral("res_model_id"))},
            {QStringLiteral("res_id"), mo},
            {QStringLiteral("summary"), QString(kHoldPrefix + s->reason)},
            {QStringLiteral("note"), QStringLiteral("<p>%1</p>")
                                         .arg(QObject::tr("Held by the cockpit (%1, %2)")
                                                  .arg(s->name, heldBy())
                                                  .toHtmlEscaped())}};
        for (const char *f : {"activity_type_id", "user_id", "date_deadline"}) {
            const QJsonValue v = s->defaults.value(QString::fromLatin1(f));
            if (!v.isUndefined() && !v.isNull() && v != QJsonValue(false))
                values.insert(QString::fromLatin1(f), v);
        }
        call(QStringLiteral("mail.activity"), QStringLiteral("create"), QJsonArray{values}, {},
             [=, this](const QJsonValue &id, const OdooError &e) {
                 if (e.isError()) {
                     undoSoft(
                         s, stepFailed(e, QObject::tr("Hold not placed on %1: creating the HOLD "
                                                      "activity on manufacturing order %2 failed.")
                                              .arg(s->name)
                                              .arg(mo)));
                     return;
                 }
                 s->activities << qint64(id.toDouble());
                 call(QStringLiteral("mrp.production"), QStringLiteral("do_unreserve"),
                      QJsonArray{QJsonArray{mo}}, {},
                      [=, this](const QJsonValue &, const OdooError &ue) {
                          if (ue.isError()) {
                              undoSoft(
                                  s,
                                  stepFailed(ue, QObject::tr(
                                                     "Hold not placed on %1: unreserving the "
                                                     "components of manufacturing order %2 failed.")
                                                     .arg(s->name)
                                                     .arg(mo)));
                              return;
                          }
                          s->unreserved << mo;
                          ++s->next;
                          nextSoftMo(s);
                      });
             });
    }

    // Takes back what a failed soft hold did, so it is not left half-applied.
    void undoSoft(std::shared_ptr<SoftStep> s, OdooError error) {
        const auto report = [=, this](const QStringList &problems) {
            OdooError e = error;
            e.message =
                problems.isEmpty()
                    ? QObject::tr("%1 What was done is undone; the order is as before.")
                          .arg(e.message)
                    : QObject::tr(
                          "%1 Undoing it failed too (%2): check the manufacturing orders in Odoo.")
                          .arg(e.message, problems.join(QStringLiteral("; ")));
            failed(s->orderId, e);
        };
        const auto reassign = [=, this](QStringList problems) {
            if (s->unreserved.isEmpty()) {
                report(problems);
                return;
            }
            call(QStringLiteral("mrp.production"), QStringLiteral("action_assign"),
                 QJsonArray{ids(s->unreserved)}, {},
                 [=](const QJsonValue &, const OdooError &e) mutable {
                     if (e.isError())
                         problems << e.message;
                     report(problems);
                 });
        };
        if (s->activities.isEmpty()) {
            reassign({});
            return;
        }
        call(QStringLiteral("mail.activity"), QStringLiteral("unlink"),
             QJsonArray{ids(s->activities)}, {}, [=](const QJsonValue &, const OdooError &e) {
                 reassign(e.isError() ? QStringList{e.message} : QStringList{});
             });
    }

    // --- release ---------------------------------------------------------------------------

    void releaseHard(const MrpHold &h, qint64 so) {
        const QString orderId = h.orderId;
        const QString name = h.saleOrderName;
        withHoldTag([=, this](qint64 tag, const OdooError &e) {
            if (e.isError()) {
                failed(orderId,
                       stepFailed(e, QObject::tr("%1 is still held: finding the HOLD tag failed.")
                                         .arg(name)));
                return;
            }
            // Untag first: a confirmed order still tagged HOLD would read as a breach.
            call(
                QStringLiteral("sale.order"), QStringLiteral("write"),
                QJsonArray{QJsonArray{so}, QJsonObject{{QStringLiteral("tag_ids"),
                                                        QJsonArray{QJsonArray{3, tag, 0}}}}},
                {}, [=, this](const QJsonValue &, const OdooError &we) {
                    if (we.isError()) {
                        failed(
                            orderId,
                            stepFailed(
                                we,
                                QObject::tr(
                                    "%1 is still held: removing the HOLD tag failed (step 1 of 2).")
                                    .arg(name)));
                        return;
                    }
                    call(QStringLiteral("sale.order"), QStringLiteral("action_confirm"),
                         QJsonArray{QJsonArray{so}}, {},
                         [=, this](const QJsonValue &, const OdooError &ce) {
                             if (ce.isError()) {
                                 // Put the tag back so the order is held as before.
                                 call(QStringLiteral("sale.order"), QStringLiteral("write"),
                                      QJsonArray{QJsonArray{so},
                                                 QJsonObject{{QStringLiteral("tag_ids"),
                                                              QJsonArray{QJsonArray{4, tag, 0}}}}},
                                      {}, [=, this](const QJsonValue &, const OdooError &re) {
                                          OdooError err = stepFailed(
                                              ce, QObject::tr("%1 was not released: confirming it "
                                                              "failed (step 2 of 2).")
                                                      .arg(name));
                                          err.message =
                                              (re.isError()
                                                   ? QObject::tr("%1 Re-tagging it HOLD failed "
                                                                 "too: it is an untagged "
                                                                 "quotation now; confirm or tag "
                                                                 "it in Odoo.")
                                                   : QObject::tr("%1 It is still held."))
                                                  .arg(err.message);
                                          if (re.isError())
                                              holds.remove(orderId);
                                          failed(orderId, err);
                                      });
                                 return;
                             }
                             holds.remove(orderId);
                             seenInOdoo.remove(orderId);
                             releasedByUs.insert(orderId);
                             succeeded(orderId, QObject::tr("%1 is released and confirmed: Odoo "
                                                            "now plans its manufacturing.")
                                                    .arg(name));
                         });
                });
        });
    }

    void releaseSoft(const MrpHold &h) {
        const QString orderId = h.orderId;
        const QString name = h.saleOrderName;
        const QList<qint64> mos = h.manufacturingOrderIds;
        const auto feedback = [=, this](const QList<qint64> &activities) {
            auto remaining = std::make_shared<QList<qint64>>(activities);
            auto step = std::make_shared<std::function<void()>>();
            *step = [=, this]() {
                if (remaining->isEmpty()) {
                    call(QStringLiteral("mrp.production"), QStringLiteral("action_assign"),
                         QJsonArray{ids(mos)}, {},
                         [=, this](const QJsonValue &, const OdooError &e) {
                             holds.remove(orderId);
                             seenInOdoo.remove(orderId);
                             releasedByUs.insert(orderId);
                             if (e.isError()) {
                                 // The hold is gone; only the reservation is missing.
                                 emit q->holdsChanged(orderId);
                                 *step = nullptr;
                                 failed(orderId,
                                        stepFailed(
                                            e, QObject::tr(
                                                   "%1 is released, but reserving the components "
                                                   "again failed; use Check Availability in Odoo.")
                                                   .arg(name)));
                                 return;
                             }
                             succeeded(orderId,
                                       QObject::tr("%1 is released: the HOLD activities are done "
                                                   "and components are reserved again.")
                                           .arg(name));
                             *step = nullptr; // break the self-reference
                         });
                    return;
                }
                const qint64 activity = remaining->takeFirst();
                call(QStringLiteral("mail.activity"), QStringLiteral("action_feedback"),
                     QJsonArray{QJsonArray{activity}},
                     {{QStringLiteral("feedback"), QObject::tr("Released by cockpit")}},
                     [=, this](const QJsonValue &, const OdooError &e) {
                         if (e.isError()) {
                             failed(
                                 orderId,
                                 stepFailed(
                                     e,
                                     QObject::tr(
                                         "%1 is still held: marking the HOLD activity done failed.")
                                         .arg(name)));
                             *step = nullptr;
                             return;
                         }
                         if (holds.contains(orderId))
                             holds[orderId].activityIds.removeAll(activity);
                         (*step)();
                     });
            };
            (*step)();
        };
        if (!h.activityIds.isEmpty()) {
            feedback(h.activityIds);
            return;
        }
        // A hold seen in Odoo (placed before a restart or by someone else): find its activities.
        call(QStringLiteral("mail.activity"), QStringLiteral("search_read"),
             QJsonArray{
                 QJsonArray{QJsonArray{QStringLiteral("res_model"), QStringLiteral("="),
                                       QStringLiteral("mrp.production")},
                            QJsonArray{QStringLiteral("res_id"), QStringLiteral("in"), ids(mos)},
                            QJsonArray{QStringLiteral("summary"), QStringLiteral("=like"),
                                       QStringLiteral("HOLD:%")}}},
             {{QStringLiteral("fields"),
               QJsonArray{QStringLiteral("res_id"), QStringLiteral("summary")}}},
             [=, this](const QJsonValue &r, const OdooError &e) {
                 if (e.isError()) {
                     failed(
                         orderId,
                         stepFailed(
                             e, QObject::tr("%1 is still held: finding its HOLD activities failed.")
                                    .arg(name)));
                     return;
                 }
                 QList<qint64> found;
                 const QJsonArray a = r.toArray();
                 for (const QJsonValue &v : a)
                     found << qint64(v.toObject().value(QStringLiteral("id")).toDouble());
                 feedback(found);
             });
    }

    QString heldBy() const { return client ? client->profile().login : QString(); }

    // --- what the sync shows ----------------------------------------------------------------

    void observe(const QStringList &orderIds) {
        for (const QString &id : orderIds) {
            const CanonicalOrder *o = book ? book->order(id) : nullptr;
            if (!o)
                continue;
            const bool hard = o->hasHoldTag() && o->saleState != QLatin1String("cancel");
            QList<qint64> heldMos;
            for (const auto &mo : o->manufacturingOrders)
                if (mo.heldByActivity && mo.state != QLatin1String("cancel"))
                    heldMos << mo.id;
            const bool soft = !heldMos.isEmpty();
            const bool heldInOdoo = hard || soft;
            if (busy.contains(id))
                continue; // our own action is changing it; judge the result afterwards
            if (releasedByUs.contains(id)) {
                if (heldInOdoo)
                    continue; // an older snapshot than our release
                releasedByUs.remove(id);
            }
            auto it = holds.find(id);
            if (it == holds.end()) {
                if (!heldInOdoo)
                    continue;
                MrpHold h;
                h.orderId = id;
                h.saleOrderName = o->saleOrderName;
                h.kind = hard ? HoldKind::Hard : HoldKind::Soft;
                h.reason = QObject::tr("tagged HOLD in Odoo");
                for (const auto &mo : o->manufacturingOrders)
                    if (!hard && mo.heldByActivity && !mo.holdNote.isEmpty()) {
                        h.reason = mo.holdNote; // the reason written into the MO's activity
                        break;
                    }
                h.since = o->writeDate;
                h.manufacturingOrderIds = heldMos;
                enrich(h, o->saleOrderId);
                it = holds.insert(id, h);
                seenInOdoo.insert(id);
                emit q->holdsChanged(id);
            } else if (heldInOdoo) {
                seenInOdoo.insert(id);
                if (it->kind == HoldKind::Soft)
                    for (qint64 mo : heldMos)
                        if (!it->manufacturingOrderIds.contains(mo))
                            it->manufacturingOrderIds << mo;
            } else if (seenInOdoo.contains(id)) {
                // Released in Odoo by someone else.
                holds.erase(it);
                seenInOdoo.remove(id);
                emit q->holdsChanged(id);
                continue;
            } else {
                continue; // placed by us, the sync has not read it back yet
            }
            checkBreach(*it, *o);
        }
    }

    void checkBreach(MrpHold &h, const CanonicalOrder &o) {
        if (!h.breach.isEmpty())
            return;
        QString detail;
        if (h.kind == HoldKind::Hard && o.saleState == QLatin1String("sale")) {
            detail = QObject::tr("%1 was confirmed in Odoo while held: manufacturing and "
                                 "reservations may now proceed.")
                         .arg(o.saleOrderName);
        } else if (h.kind == HoldKind::Soft) {
            for (const auto &mo : o.manufacturingOrders)
                if (h.manufacturingOrderIds.contains(mo.id) && mo.state == QLatin1String("done")) {
                    detail = QObject::tr("%1 was produced while %2 was held.")
                                 .arg(mo.name, o.saleOrderName);
                    break;
                }
        }
        if (detail.isEmpty())
            return;
        h.breach = detail;
        spdlog::warn("Hold breach: {}", detail);
        emit q->holdsChanged(h.orderId);
        emit q->breachDetected(h.orderId, detail);
    }
};

MrpHoldService::MrpHoldService(odoo::OdooClient *client, OrderBook *book, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {
    d->q = this;
    d->client = client;
    d->book = book;
    if (book) {
        connect(book, &OrderBook::ordersChanged, this,
                [this](const QStringList &ids) { d->observe(ids); });
        QStringList all;
        for (const CanonicalOrder *o : book->orders())
            all << o->id;
        d->observe(all);
    }
}

MrpHoldService::~MrpHoldService() = default;

QString MrpHoldService::holdRefusal(const QString &orderId) const {
    const CanonicalOrder *o = d->book ? d->book->order(orderId) : nullptr;
    if (!o)
        return tr("The order %1 is not known; refresh and try again.").arg(orderId);
    if (d->busy.contains(orderId))
        return tr("An action on %1 is already under way; wait for it to finish.")
            .arg(o->saleOrderName);
    if (d->holds.contains(orderId))
        return tr("%1 is already held.").arg(o->saleOrderName);
    if (o->saleState == QLatin1String("cancel"))
        return tr("%1 is cancelled: there is nothing to hold.").arg(o->saleOrderName);
    if (o->saleOrderId <= 0) {
        // An order the middleware hub holds before Odoo: Odoo has nothing of it to stop yet.
        return tr("%1 is not in Odoo yet: there is no manufacturing to hold. Hold it once it is "
                  "synced, or release or reject it in the exception queue.")
            .arg(o->saleOrderName.isEmpty() ? o->source.document : o->saleOrderName);
    }
    if (isQuotation(*o))
        return {};
    if (!std::any_of(o->manufacturingOrders.cbegin(), o->manufacturingOrders.cend(), isOpen))
        return o->manufacturingOrders.isEmpty()
                   ? tr("%1 is confirmed but has no manufacturing order to hold.")
                         .arg(o->saleOrderName)
                   : tr("%1 is already produced: there is no manufacturing left to hold.")
                         .arg(o->saleOrderName);
    return {};
}

void MrpHoldService::hold(const QString &orderId, const QString &reason) {
    const auto refuse = [&](const QString &message) {
        emit actionFailed(orderId, refusal(message));
    };
    if (const QString why = holdRefusal(orderId); !why.isEmpty()) {
        refuse(why);
        return;
    }
    if (reason.trimmed().isEmpty()) {
        refuse(tr("Give a reason for the hold; it is shown to everyone in Odoo."));
        return;
    }
    const CanonicalOrder &o = *d->book->order(orderId);
    if (d->desk) {
        d->enqueue(o, true, reason.trimmed());
        return;
    }
    d->busy.insert(orderId);
    if (isQuotation(o))
        d->holdHard(o, reason.trimmed());
    else
        d->holdSoft(o, reason.trimmed());
}

void MrpHoldService::release(const QString &orderId) {
    const CanonicalOrder *o = d->book ? d->book->order(orderId) : nullptr;
    const auto refuse = [&](const QString &message) {
        emit actionFailed(orderId, refusal(message));
    };
    auto it = d->holds.constFind(orderId);
    if (!o || it == d->holds.cend()) {
        refuse(tr("%1 is not held.").arg(o ? o->saleOrderName : orderId));
        return;
    }
    if (d->busy.contains(orderId)) {
        refuse(tr("An action on %1 is already under way; wait for it to finish.")
                   .arg(o->saleOrderName));
        return;
    }
    if (d->desk) {
        d->enqueue(*o, false, {});
        return;
    }
    d->busy.insert(orderId);
    if (it->kind == HoldKind::Hard)
        d->releaseHard(*it, o->saleOrderId);
    else
        d->releaseSoft(*it);
}

QList<MrpHold> MrpHoldService::holds() const {
    return d->holds.values();
}

const MrpHold *MrpHoldService::holdOf(const QString &orderId) const {
    auto it = d->holds.constFind(orderId);
    return it == d->holds.cend() ? nullptr : &*it;
}

bool MrpHoldService::isBusy(const QString &orderId) const {
    if (d->busy.contains(orderId))
        return true;
    if (!d->desk || !d->book)
        return false;
    // A hold or release of this order waiting in the outbox, queued by anyone.
    const CanonicalOrder *o = d->book->order(orderId);
    return o &&
           !d->desk
                ->actionsOnOrder(o->saleOrderId,
                                 {ActionState::Queued, ActionState::Running, ActionState::Retrying},
                                 {ActionKind::Hold, ActionKind::Release})
                .isEmpty();
}

void MrpHoldService::attachOutbox(ActionDesk *desk, ActionExecutor *executor) {
    if (d->executor)
        disconnect(d->executor, nullptr, this, nullptr);
    d->desk = desk;
    d->executor = executor;
    d->awaiting.clear();
    if (executor)
        connect(executor, &ActionExecutor::actionFinished, this,
                [this](qint64 id, bool ok, const QString &message) {
                    d->outboxFinished(id, ok, message);
                });
    // Who held what, now that the outbox can tell.
    for (auto it = d->holds.begin(); it != d->holds.end(); ++it) {
        const CanonicalOrder *o = d->book ? d->book->order(it.key()) : nullptr;
        if (o && d->seenInOdoo.contains(it.key()))
            d->enrich(*it, o->saleOrderId);
    }
}

bool MrpHoldService::hasOutbox() const {
    return d->desk != nullptr;
}

} // namespace o2c
