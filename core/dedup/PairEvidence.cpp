// SPDX-License-Identifier: GPL-3.0-or-later
#include "PairEvidence.h"

#include "CustomerName.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace o2c {

namespace {

QString channelWords(Channel c) {
    switch (c) {
    case Channel::Edi:
        return PairEvidence::tr("EDI");
    case Channel::Ecommerce:
        return PairEvidence::tr("web shop");
    case Channel::Crm:
        return PairEvidence::tr("CRM");
    case Channel::Portal:
        return PairEvidence::tr("dealer portal");
    case Channel::Email:
        return PairEvidence::tr("e-mail");
    case Channel::Manual:
        return PairEvidence::tr("manual entry");
    case Channel::Unknown:
        break;
    }
    return PairEvidence::tr("unknown channel");
}

QString apart(qint64 secs) {
    if (secs < 120)
        return PairEvidence::tr("%n seconds apart", nullptr, int(secs));
    if (secs < 2 * 3600)
        return PairEvidence::tr("%n minutes apart", nullptr, int(secs / 60));
    if (secs < 2 * 86400)
        return PairEvidence::tr("%n hours apart", nullptr, int(secs / 3600));
    return PairEvidence::tr("%n days apart", nullptr, int(secs / 86400));
}

QString money(double v) {
    return QLocale::c().toString(v, 'f', 2);
}

QString stripKey(const QString &s) {
    const qsizetype colon = s.indexOf(u':');
    return colon < 0 ? s : s.mid(colon + 1);
}

} // namespace

PairEvidence::PairEvidence(const DuplicateRules &rules,
                           const std::function<quint32(const QString &)> &intern)
    : m_rules(rules) {
    for (const RuleOverride &o : rules.overrides) {
        ResolvedOverride r;
        r.partnerIds = o.partnerIds;
        for (const QString &v : o.vats)
            r.keys.push_back(intern(QStringLiteral("vat:") + normalizeTaxId(v)));
        for (const QString &n : o.customerNames)
            r.keys.push_back(intern(QStringLiteral("name:") + normalizeCustomerName(n)));
        for (Channel c : o.channels)
            r.channelMask |= quint8(1u << quint8(c));
        r.weights = &o.weights;
        r.bounds = Bounds::of(o.weights);
        m_overrides.push_back(std::move(r));
    }
    m_defaultBounds = Bounds::of(rules.weights);
}

PairEvidence::Bounds PairEvidence::Bounds::of(const SignalWeights &w) {
    Bounds b;
    b.lines = std::max({w.linesIdentical, w.linesIdenticalSingle, w.linesChangedQuantity,
                        w.linesAdded, w.linesPartial, w.linesDisjoint});
    b.edi = std::max(w.ediSameControlNumbers, w.ediDifferentControlNumbers);
    b.payload = std::max(w.payloadIdentical, 0.0);
    return b;
}

PairEvidence::Bounds PairEvidence::boundsFor(const SignalWeights &w) const {
    if (&w == &m_rules.weights)
        return m_defaultBounds;
    for (const ResolvedOverride &o : m_overrides)
        if (o.weights == &w)
            return o.bounds;
    return Bounds::of(w); // weights of neither the rules nor an override
}

bool PairEvidence::matchesCustomer(const ResolvedOverride &o, const ResidentOrder &r) const {
    if (o.partnerIds.isEmpty() && o.keys.empty())
        return true;
    if (r.partnerId && o.partnerIds.contains(r.partnerId))
        return true;
    return std::any_of(o.keys.begin(), o.keys.end(),
                       [&](quint32 k) { return k && (k == r.vat || k == r.name || k == r.gln); });
}

const SignalWeights &PairEvidence::weightsFor(const ResidentOrder &a,
                                              const ResidentOrder &b) const {
    for (auto it = m_overrides.rbegin(); it != m_overrides.rend(); ++it) {
        const quint8 mask = it->channelMask;
        if (mask && !(mask & (1u << quint8(a.channel))) && !(mask & (1u << quint8(b.channel))))
            continue;
        if (matchesCustomer(*it, a) || matchesCustomer(*it, b))
            return *it->weights;
    }
    return m_rules.weights;
}

// Normalized names (upper case, no legal form) one edit apart: a letter dropped, added, changed,
// or two neighbouring letters swapped. Short names must match exactly: "ABB" and "ABC" are two
// companies.
bool PairEvidence::similarNames(quint32 a, quint32 b) const {
    if (!m_pool || a >= quint32(m_pool->size()) || b >= quint32(m_pool->size()))
        return false;
    const QStringView x = m_pool->at(a), y = m_pool->at(b);
    constexpr qsizetype minLength = 6 + 5; // "name:" and six letters
    if (x.size() < minLength || y.size() < minLength || std::abs(x.size() - y.size()) > 1)
        return false;
    qsizetype i = 0;
    while (i < x.size() && i < y.size() && x[i] == y[i])
        ++i;
    qsizetype j = 0;
    while (j < x.size() - i && j < y.size() - i && x[x.size() - 1 - j] == y[y.size() - 1 - j])
        ++j;
    const qsizetype restX = x.size() - i - j, restY = y.size() - i - j;
    if (restX <= 1 && restY <= 1)
        return true; // one letter dropped, added or changed
    // Two neighbouring letters swapped.
    return x.size() == y.size() && restX == 2 && x[i] == y[i + 1] && x[i + 1] == y[i];
}

PairEvidence::CustomerMatch PairEvidence::customerMatch(const ResidentOrder &a,
                                                        const ResidentOrder &b) const {
    // The partner record first, then tax ids, then the normalized name.
    if (a.partnerId && a.partnerId == b.partnerId)
        return CustomerMatch::SamePartner;
    if ((a.vat && a.vat == b.vat) || (a.gln && a.gln == b.gln))
        return CustomerMatch::SameTaxId;
    if ((a.vat && b.vat) || (a.gln && b.gln))
        return CustomerMatch::Conflict;
    if (a.name && a.name == b.name)
        return CustomerMatch::SameName;
    if (a.name && b.name && similarNames(a.name, b.name))
        return CustomerMatch::SimilarName;
    if ((a.partnerId && b.partnerId) || (a.name && b.name))
        return CustomerMatch::Conflict;
    return CustomerMatch::Unknown;
}

PairEvidence::Comparison PairEvidence::compareTotals(const ResidentOrder &a,
                                                     const ResidentOrder &b) const {
    if (!(a.amount > 0 && b.amount > 0))
        return Comparison::Missing;
    const double hi = std::max(a.amount, b.amount);
    const double diff = std::abs(double(a.amount) - double(b.amount));
    const bool within =
        diff <= m_rules.totalToleranceAbsolute || diff <= m_rules.totalToleranceRelative * hi;
    return within && (a.currency == b.currency || !a.currency || !b.currency)
               ? Comparison::Same
               : Comparison::Different;
}

bool PairEvidence::cannotFlag(const ResidentOrder &a, const ResidentOrder &b,
                              const SignalWeights &w) const {
    // The signals judge() adds, each exactly where the first line tells it and at its best
    // outcome where it does not (lines, EDI, payload; a similar-name test reads the names).
    double s = w.prior;
    if (a.partnerId && a.partnerId == b.partnerId)
        s += w.customerSamePartner;
    else if ((a.vat && a.vat == b.vat) || (a.gln && a.gln == b.gln))
        s += w.customerSameTaxId;
    else if ((a.vat && b.vat) || (a.gln && b.gln))
        s += w.customerConflict;
    else if (a.name && a.name == b.name)
        s += w.customerSameName;
    else if (a.name && b.name)
        s += std::max(w.customerSimilarName, w.customerConflict);
    else if (a.partnerId && b.partnerId)
        s += w.customerConflict;

    if (a.refHash && b.refHash)
        s += a.refHash == b.refHash ? w.referenceSame : w.referenceDifferent;
    const Bounds best = boundsFor(w);
    if (a.has(ResidentOrder::HasProducts) && b.has(ResidentOrder::HasProducts))
        s += best.lines;
    if (a.created != ResidentOrder::unknownTime && b.created != ResidentOrder::unknownTime) {
        const qint64 apart = std::abs(a.created - b.created);
        s += apart <= 3600        ? w.timeWithinHour
             : apart <= 86400     ? w.timeWithinDay
             : apart <= 3 * 86400 ? w.timeWithinThreeDays
                                  : w.timeLater;
    }
    const Comparison total = compareTotals(a, b);
    if (total != Comparison::Missing)
        s += total == Comparison::Same ? w.totalWithinTolerance : w.totalOutsideTolerance;
    if (a.shipTo && b.shipTo)
        s += a.shipTo == b.shipTo ? w.shipToSame : w.shipToDifferent;
    if (a.has(ResidentOrder::HasEdi) && b.has(ResidentOrder::HasEdi))
        s += best.edi;
    if (a.has(ResidentOrder::HasPayload) && b.has(ResidentOrder::HasPayload))
        s += best.payload;
    s += w.channelWeight(a.channel, b.channel);
    // A margin for the sums being added in another order than judge() adds them.
    return s < w.suspectThreshold - 1e-9;
}

PairEvidence::Facts PairEvidence::facts(const ResidentOrder &a, const ResidentOrder &b) const {
    Facts f;
    f.customer = customerMatch(a, b);

    if (a.refHash && b.refHash)
        f.reference = a.refHash == b.refHash ? ReferenceMatch::Same : ReferenceMatch::Different;

    const quint32 na = a.productCount(), nb = b.productCount();
    if (na && nb) {
        const ProductQty *pa = a.products(), *pb = b.products();
        const double tol = m_rules.quantityToleranceRelative;
        quint32 i = 0, j = 0;
        while (i < na && j < nb) {
            if (pa[i].sku == pb[j].sku) {
                ++f.common;
                const double qa = pa[i].qty, qb = pb[j].qty;
                if (std::abs(qa - qb) <= tol * std::max(std::abs(qa), std::abs(qb)) + 1e-6)
                    ++f.identical;
                ++i;
                ++j;
            } else if (pa[i].sku < pb[j].sku) {
                ++f.onlyA;
                ++i;
            } else {
                ++f.onlyB;
                ++j;
            }
        }
        f.onlyA += na - i;
        f.onlyB += nb - j;
        if (!f.onlyA && !f.onlyB)
            f.lines = f.identical == f.common ? LinesMatch::Identical : LinesMatch::ChangedQuantity;
        else if (f.common && (!f.onlyA || !f.onlyB))
            f.lines = LinesMatch::Added;
        else if (f.common)
            f.lines = LinesMatch::Partial;
        else
            f.lines = LinesMatch::Disjoint;
    }

    if (a.created != ResidentOrder::unknownTime && b.created != ResidentOrder::unknownTime)
        f.secondsApart = std::abs(a.created - b.created);

    f.total = compareTotals(a, b);
    if (a.shipTo && b.shipTo)
        f.shipTo = a.shipTo == b.shipTo ? Comparison::Same : Comparison::Different;
    if (a.ediHash && b.ediHash)
        f.edi = a.ediHash == b.ediHash ? Comparison::Same : Comparison::Different;
    f.samePayload = a.payloadHash && a.payloadHash == b.payloadHash;
    f.channelA = a.channel;
    f.channelB = b.channel;
    return f;
}

PairEvidence::Verdict PairEvidence::judge(const Facts &f, const SignalWeights &w) const {
    double s = w.prior;
    switch (f.customer) {
    case CustomerMatch::SamePartner:
        s += w.customerSamePartner;
        break;
    case CustomerMatch::SameTaxId:
        s += w.customerSameTaxId;
        break;
    case CustomerMatch::SameName:
        s += w.customerSameName;
        break;
    case CustomerMatch::SimilarName:
        s += w.customerSimilarName;
        break;
    case CustomerMatch::Conflict:
        s += w.customerConflict;
        break;
    case CustomerMatch::Unknown:
        break;
    }
    if (f.reference == ReferenceMatch::Same)
        s += w.referenceSame;
    else if (f.reference == ReferenceMatch::Different)
        s += w.referenceDifferent;
    switch (f.lines) {
    case LinesMatch::Identical:
        s += f.common == 1 ? w.linesIdenticalSingle : w.linesIdentical;
        break;
    case LinesMatch::ChangedQuantity:
        s += w.linesChangedQuantity;
        break;
    case LinesMatch::Added:
        s += w.linesAdded;
        break;
    case LinesMatch::Partial:
        s += w.linesPartial;
        break;
    case LinesMatch::Disjoint:
        s += w.linesDisjoint;
        break;
    case LinesMatch::Missing:
        break;
    }
    if (f.secondsApart >= 0) {
        if (f.secondsApart <= 3600)
            s += w.timeWithinHour;
        else if (f.secondsApart <= 86400)
            s += w.timeWithinDay;
        else if (f.secondsApart <= 3 * 86400)
            s += w.timeWithinThreeDays;
        else
            s += w.timeLater;
    }
    if (f.total != Comparison::Missing)
        s += f.total == Comparison::Same ? w.totalWithinTolerance : w.totalOutsideTolerance;
    if (f.shipTo != Comparison::Missing)
        s += f.shipTo == Comparison::Same ? w.shipToSame : w.shipToDifferent;
    if (f.edi != Comparison::Missing)
        s += f.edi == Comparison::Same ? w.ediSameControlNumbers : w.ediDifferentControlNumbers;
    if (f.samePayload)
        s += w.payloadIdentical;
    s += w.channelWeight(f.channelA, f.channelB);
    return finish(f, w, s);
}

PairEvidence::Verdict PairEvidence::finish(const Facts &f, const SignalWeights &w, double s) const {
    Verdict v;
    v.score = s;
    v.flagged = s >= w.suspectThreshold;
    if (!v.flagged)
        return v;
    const bool sameCustomer =
        f.customer == CustomerMatch::SamePartner || f.customer == CustomerMatch::SameTaxId ||
        f.customer == CustomerMatch::SameName || f.customer == CustomerMatch::SimilarName;
    const bool linesChanged =
        f.lines == LinesMatch::ChangedQuantity || f.lines == LinesMatch::Added;
    if (sameCustomer && f.reference == ReferenceMatch::Same && linesChanged &&
        f.edi != Comparison::Same && !f.samePayload)
        v.kind = ClusterKind::Amendment;
    else
        v.kind = s >= w.duplicateThreshold ? ClusterKind::Duplicate : ClusterKind::Suspect;
    return v;
}

QList<Evidence> PairEvidence::explain(const ResidentOrder &a, const ResidentOrder &b,
                                      const QStringList &pool) const {
    const Facts f = facts(a, b);
    const SignalWeights &w = weightsFor(a, b);
    const auto text = [&](quint32 id) {
        return id < quint32(pool.size()) ? pool.at(id) : QString();
    };
    const auto both = [](const QString &x, const QString &y) {
        return x == y ? x : x % QStringLiteral(" / ") % y;
    };
    QList<Evidence> out;
    const auto add = [&](const char *signal, const QString &detail, double weight) {
        out.append(Evidence{QLatin1String(signal), detail, weight});
    };

    const QString names = both(text(a.rawName()), text(b.rawName()));
    switch (f.customer) {
    case CustomerMatch::SamePartner:
        add("customer", tr("same customer (%1)").arg(names), w.customerSamePartner);
        break;
    case CustomerMatch::SameTaxId:
        add("customer",
            a.vat && a.vat == b.vat
                ? tr("same VAT %1 on two partner records (%2)").arg(stripKey(text(a.vat)), names)
                : tr("same GLN %1 on two partner records (%2)").arg(stripKey(text(a.gln)), names),
            w.customerSameTaxId);
        break;
    case CustomerMatch::SameName:
        add("customer", tr("same customer name without legal form (%1)").arg(names),
            w.customerSameName);
        break;
    case CustomerMatch::SimilarName:
        add("customer",
            tr("customer names one typing slip apart, no tax id conflict (%1)").arg(names),
            w.customerSimilarName);
        break;
    case CustomerMatch::Conflict:
        add("customer", tr("different customers (%1)").arg(names), w.customerConflict);
        break;
    case CustomerMatch::Unknown:
        break;
    }

    const QString refs = both(a.rawRef().toString(), b.rawRef().toString());
    if (f.reference == ReferenceMatch::Same)
        add("reference", tr("same PO after normalization (%1)").arg(refs), w.referenceSame);
    else if (f.reference == ReferenceMatch::Different)
        add("reference", tr("different references (%1)").arg(refs), w.referenceDifferent);
    else if (a.refHash || b.refHash)
        add("reference", tr("reference only on one order"), 0);

    const quint32 total = f.common + f.onlyA + f.onlyB;
    switch (f.lines) {
    case LinesMatch::Identical: {
        const QString d = a.rawLineCount() != b.rawLineCount()
                              ? tr("%n of %n lines identical (a line split in two: %1 vs %2 lines)",
                                   nullptr, int(f.common))
                                    .arg(a.rawLineCount())
                                    .arg(b.rawLineCount())
                              : tr("%n of %n lines identical", nullptr, int(f.common));
        add("lines", d, f.common == 1 ? w.linesIdenticalSingle : w.linesIdentical);
        break;
    }
    case LinesMatch::ChangedQuantity:
        add("lines",
            tr("same %n products, %1", "%1 is the phrase \"%n quantities changed\"", int(f.common))
                .arg(tr("%n quantities changed", nullptr, int(f.common - f.identical))),
            w.linesChangedQuantity);
        break;
    case LinesMatch::Added:
        add("lines",
            tr("%n products added to %1 in common", nullptr, int(f.onlyA + f.onlyB)).arg(f.common),
            w.linesAdded);
        break;
    case LinesMatch::Partial:
        add("lines", tr("%1 of %2 products in common").arg(f.common).arg(total), w.linesPartial);
        break;
    case LinesMatch::Disjoint:
        add("lines", tr("no product in common"), w.linesDisjoint);
        break;
    case LinesMatch::Missing:
        break;
    }

    if (f.secondsApart >= 0) {
        const double tw = f.secondsApart <= 3600        ? w.timeWithinHour
                          : f.secondsApart <= 86400     ? w.timeWithinDay
                          : f.secondsApart <= 3 * 86400 ? w.timeWithinThreeDays
                                                        : w.timeLater;
        add("time", apart(f.secondsApart), tw);
    }
    if (f.total != Comparison::Missing) {
        const QString cur = text(a.currency ? a.currency : b.currency);
        const QString amounts = cur.isEmpty()
                                    ? both(money(a.amount), money(b.amount))
                                    : tr("%1 %2", "amounts, then their currency")
                                          .arg(both(money(a.amount), money(b.amount)), cur);
        if (f.total == Comparison::Same) {
            add("total", tr("totals within tolerance (%1)").arg(amounts), w.totalWithinTolerance);
        } else {
            const double hi = std::max(a.amount, b.amount);
            const int pct = int(std::lround(100.0 * std::abs(double(a.amount) - b.amount) / hi));
            add("total", tr("totals differ by %1% (%2)").arg(pct).arg(amounts),
                w.totalOutsideTolerance);
        }
    }
    if (f.shipTo == Comparison::Same)
        add("ship_to", tr("same ship-to (%1)").arg(text(a.shipTo)), w.shipToSame);
    else if (f.shipTo == Comparison::Different)
        add("ship_to", tr("different ship-to (%1 / %2)").arg(text(a.shipTo), text(b.shipTo)),
            w.shipToDifferent);

    if (a.channel != Channel::Unknown && b.channel != Channel::Unknown) {
        const QString d = a.channel == b.channel
                              ? tr("both through %1").arg(channelWords(a.channel))
                              : tr("%1 and %2", "two sales channels")
                                    .arg(channelWords(a.channel), channelWords(b.channel));
        add("channel", d, w.channelWeight(a.channel, b.channel));
    }
    if (f.edi == Comparison::Same)
        add("edi", tr("same EDI control numbers from one sender (a resubmission)"),
            w.ediSameControlNumbers);
    else if (f.edi == Comparison::Different)
        add("edi", tr("different EDI control numbers"), w.ediDifferentControlNumbers);
    if (f.samePayload)
        add("payload", tr("identical payload"), w.payloadIdentical);
    return out;
}

QString PairEvidence::summarize(const QList<Evidence> &evidence) {
    QStringList parts;
    for (const Evidence &e : evidence)
        parts.append(e.detail);
    return parts.join(QStringLiteral(", "));
}

} // namespace o2c
