// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MrpHold.h"
#include "odoo/OdooError.h"

#include <QHash>
#include <QObject>

namespace o2c {
class ActionDesk;
class ActionExecutor;
class OrderBook;
namespace odoo {
class OdooClient;
}

// Holds and releases MRP for orders, and watches the order book for orders confirmed or produced
// behind their hold. Whether an order is held is read from Odoo (the HOLD tag, the HOLD
// activities, as the sync brings them); who held it, why and since when come from the team
// store's outbox once one is attached, so the holds screen, the command line and the duplicate
// desk tell the same story.
class MrpHoldService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MrpHoldService)
public:
    MrpHoldService(odoo::OdooClient *client, OrderBook *book, QObject *parent = nullptr);
    ~MrpHoldService() override;

    // A quotation gets a hard hold, a confirmed order a soft hold. Fails (actionFailed) for an
    // order that is cancelled, fully produced or already held.
    void hold(const QString &orderId, const QString &reason);
    // Why hold() would refuse the order now (unknown, busy, already held, cancelled, not in Odoo
    // yet, nothing left to produce), in words for the planner; empty when it can be held. The
    // reason for the hold is asked for afterwards and not part of it.
    QString holdRefusal(const QString &orderId) const;
    void release(const QString &orderId);

    // Routes hold() and release() through the outbox: the desk checks the role, the claim and
    // other planners' actions and records the decision with its audit entry, the executor sends
    // it exactly once; actionSucceeded/actionFailed follow the executor's outcome (a transient
    // failure is reported with the time of its automatic retry). Holds and releases queued on
    // the desk directly, by another cockpit or before a restart are picked up too. Without an
    // outbox (no team store) the service calls Odoo itself.
    void attachOutbox(ActionDesk *desk, ActionExecutor *executor);
    bool hasOutbox() const;

    QList<MrpHold> holds() const;
    const MrpHold *holdOf(const QString &orderId) const;
    bool isBusy(const QString &orderId) const; // an action on it is under way

signals:
    void holdsChanged(const QString &orderId);
    void actionSucceeded(const QString &orderId, const QString &message);
    void actionFailed(const QString &orderId, const o2c::odoo::OdooError &error);
    void breachDetected(const QString &orderId, const QString &detail);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c
