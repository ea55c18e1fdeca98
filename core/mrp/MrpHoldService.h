// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MrpHold.h"
#include "odoo/OdooError.h"

#include <QHash>
#include <QObject>

namespace o2c {
class OrderBook;
namespace odoo {
class OdooClient;
}

// Holds and releases MRP for orders through the Odoo client, and watches the order book for
// orders confirmed or produced behind their hold.
class MrpHoldService final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MrpHoldService)
public:
    MrpHoldService(odoo::OdooClient *client, OrderBook *book, QObject *parent = nullptr);
    ~MrpHoldService() override;

    // A quotation gets a hard hold, a confirmed order a soft hold. Fails (actionFailed) for an
    // order that is cancelled, fully produced or already held.
    void hold(const QString &orderId, const QString &reason);
    void release(const QString &orderId);

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
