// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariantHash>

namespace o2c::sim {

class OdooDatabase;
class OdooRpc;
struct Record;

struct ProductSetup {
    qint64 id = 0;
    QString code;
    QString name;
    double listPrice = 0;
    double taxRate = 0.15;
    double onHand = 0;
    bool manufactured = false;
    bool makeToOrder = false;
    QList<QPair<qint64, double>> bom; // component product id, quantity per unit
};

// The business behaviour of Odoo 18 sale_stock + sale_mrp + account as the recordings show it:
// confirmation creates the delivery and (MTO + Manufacture) an already confirmed MO, production,
// delivery validation, invoicing, posting, payment, cancellation, activities and messages.
// Called by the RPC layer (hooks and action methods) and directly by the scenario.
class OrderFlow final {
public:
    OrderFlow(OdooDatabase &db, OdooRpc &rpc);
    OrderFlow(const OrderFlow &) = delete;
    OrderFlow &operator=(const OrderFlow &) = delete;

    // Hooks of the generic create/write/unlink
    QString inverseField(const QString &model, const QString &x2manyField) const;
    void setCallContext(const QJsonObject &context, qint64 uid);
    void prepareCreate(const QString &model, QVariantHash &values);
    void afterCreate(const QString &model, qint64 id);
    void afterWrite(const QString &model, qint64 id, const QVariantHash &before,
                    const QVariantHash &written);
    void checkWrite(const QString &model, const QList<qint64> &ids, const QJsonObject &vals);
    void beforeUnlink(const QString &model, qint64 id);

    // Master data
    qint64 addProduct(const ProductSetup &p);
    void setOnHand(qint64 productId, double qty);
    double freeQty(qint64 productId) const;
    bool isMakeToOrder(qint64 productId) const;

    // Deliveries reserve at confirmation and when finished goods arrive (Odoo's default), or,
    // when off, only through reserveDelivery() (a warehouse reserving by hand: the scenario
    // paces its orders this way so "confirmed" and "produced" are stages one can see).
    void setAutomaticDeliveryReservation(bool on) { m_autoReserve = on; }
    bool automaticDeliveryReservation() const { return m_autoReserve; }
    // Reserves the open outgoing delivery of an order; true when every move is reserved.
    bool reserveDelivery(qint64 orderId);

    // Business actions (also used by the scenario; they behave like the RPC methods)
    void confirmOrder(qint64 orderId);
    void cancelOrder(qint64 orderId);
    void markDone(qint64 productionId);
    void confirmProduction(qint64 productionId);
    void cancelProduction(qint64 productionId);
    void unreserveProduction(qint64 productionId);
    void assignProduction(qint64 productionId);
    void validatePicking(qint64 pickingId);
    qint64 createInvoice(qint64 orderId);
    void postInvoice(qint64 moveId);
    qint64 registerPayment(qint64 moveId, const QString &memo = {});
    qint64 scheduleActivity(const QString &model, qint64 resId, const QString &summary,
                            const QString &note, qint64 userId, const QDate &deadline);
    qint64 activityDone(qint64 activityId, const QString &feedback);
    qint64 postMessage(const QString &model, qint64 resId, const QString &body);
    QList<qint64> activitiesOf(const QString &model, qint64 resId) const;
    qint64 irModelId(const QString &model) const;

private:
    void registerSchemaExtras();
    void registerMethods();
    qint64 createProduction(qint64 productId, double qty, const QString &origin, qint64 orderId,
                            qint64 groupId, bool confirmed);
    void createRawMoves(qint64 productionId);
    qint64 procureLine(qint64 lineId, qint64 pickingId, double qty);
    void runProcurement(qint64 moveId);
    void createPendingProductions();
    void reserveMove(qint64 moveId);
    void releaseMove(qint64 moveId);
    void assignWaitingMoves(qint64 productId);
    void updatePickingState(qint64 pickingId);
    void updateProductionReadiness(qint64 productionId);
    void updateDeliveryStatus(qint64 orderId);
    qint64 outgoingPickingOf(qint64 orderId) const;
    double lineSubtotal(qint64 lineId) const;
    double lineSubtotal(const Record &line) const;
    double lineTax(qint64 lineId) const;
    double lineTax(const Record &line, double subtotal) const;
    QString seqName(const QString &prefix, int digits);

    OdooDatabase &m_db;
    OdooRpc &m_rpc;
    QJsonObject m_context;
    qint64 m_uid = 2;
    bool m_smsWarningShown = false;
    bool m_autoReserve = true;
    QHash<QString, QList<qint64>> m_activities;
    struct PendingProduction {
        qint64 product = 0;
        double qty = 0;
        qint64 order = 0;
    };
    QList<PendingProduction> m_pendingProductions; // "model,id" -> activity ids
};

} // namespace o2c::sim
