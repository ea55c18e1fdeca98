// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/CanonicalOrder.h"

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

namespace o2c::sim {

// How a generated order relates to the demand it carries. Everything but Unique, StandingRepeat,
// SplitShipTo, SameProductsOtherCustomer and Amendment is a duplicate of an earlier order.
enum class DemandPattern : quint8 {
    Unique,              // an order with no duplicate
    EdiResend,           // the same EDI interchange sent again (same control numbers, payload)
    ManualReentryOfEdi,  // an EDI order typed in again by hand (manual channel)
    PortalDoubleSubmit,  // the dealer portal submitted twice within minutes
    EmailCrmDoubleEntry, // the same e-mailed PO entered from the mailbox and from CRM
    StandingRepeat,      // a weekly repeat order: same lines, new reference: NOT a duplicate
    Amendment,           // same customer and reference, changed quantities or an added line
    SplitShipTo,         // one reference split across two ship-to sites, different lines
    SameProductsOtherCustomer, // another customer ordering the same products at the same time
};
QString demandPatternKey(DemandPattern p);
bool isDuplicatePattern(DemandPattern p);

struct CatalogProduct {
    qint64 id = 0; // product.product id in the simulator
    QString sku;   // default_code
    QString name;
    double listPrice = 0;
    double taxRate = 0.15;     // sales tax Odoo adds to the lines (the simulator's default tax)
    bool manufactured = false; // has a bill of materials and route Manufacture
    bool makeToOrder = false;  // route MTO: confirming an order creates a manufacturing order
    QList<QPair<QString, double>> bom; // component sku, quantity per unit
};

struct CatalogCustomer {
    qint64 id = 0; // res.partner id in the simulator
    QString name;  // "Deco Addict GmbH"
    QString vat;
    QString gln;
    QList<QPair<qint64, QString>> shipTo; // delivery address partners (id, display string)
    QString ediSender;                    // ISA06 when the customer orders through EDI, else empty
    qint64 duplicatePartnerId = 0; // a second partner record created by manual entry, 0 if none
    QString duplicatePartnerName;  // "DECO ADDICT" (no legal form, other case)
    qint64 typoPartnerId = 0;      // a third record typed with a slip of the hand, 0 if none
    QString typoPartnerName;       // "Deco Adidct GmbH" (no VAT either)
};

struct GeneratedOrder {
    CanonicalOrder order; // channel, customer, reference as typed, lines, totals, created_at, ...
    QString truthGroup;   // orders with the same truthGroup carry the same customer demand
    DemandPattern pattern = DemandPattern::Unique;
    QString relatesTo; // id of the earlier order this one copies, repeats or amends; else empty
};

struct DemandMix {
    // Share of demands that get a duplicate (split over the duplicate patterns) and of the
    // look-alikes that are not duplicates.
    double duplicateShare = 0.12;
    double standingRepeatShare = 0.05;
    double amendmentShare = 0.04;
    double splitShipToShare = 0.02;
    double sameProductsOtherCustomerShare = 0.03;
    // Share of manual re-entries typed on a third partner record with a mistyped name and no
    // VAT. That record exists only in the generator's catalog (typoPartnerId): off by default,
    // so that a simulator seeding its partners from the catalog meets no unknown partner.
    double mistypedRecordShare = 0.0;
};

// A deterministic stream of customer orders across the six channels, with injected duplicate
// patterns and look-alikes that are not duplicates. The same seed gives the same stream on every
// platform (own random number generator and distributions, no std:: distributions).
class DemandGenerator final {
public:
    DemandGenerator(quint64 seed, QDateTime start, double demandsPerHour = 120.0,
                    DemandMix mix = {});
    ~DemandGenerator();
    DemandGenerator(const DemandGenerator &) = delete;
    DemandGenerator &operator=(const DemandGenerator &) = delete;

    const QList<CatalogCustomer> &customers() const;
    const QList<CatalogProduct> &products() const;

    // The next order, in non-decreasing created_at order.
    GeneratedOrder next();
    QDateTime peekNextTime() const;
    // Demands per hour from `from` on (the scenario thins out its older history); a demand not
    // yet handed out that the old rate placed after `from` is drawn again at the new rate.
    void setRate(double demandsPerHour, const QDateTime &from);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c::sim
