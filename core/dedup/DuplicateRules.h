// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/Channel.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>

#include <array>

namespace o2c {

// Log-likelihood-ratio contributions of each signal (docs/duplicate-rules.md). A positive weight
// speaks for "the same demand", a negative one against; a missing value contributes nothing.
struct SignalWeights {
    double prior = -6.0; // log odds that two orders sharing a blocking key are the same demand

    double customerSamePartner = 3.0;
    double customerSameTaxId = 3.0;   // same VAT or GLN on two partner records
    double customerSameName = 2.0;    // same name after dropping case, punctuation, legal form
    double customerSimilarName = 1.0; // names one slip of the hand apart, no tax id conflict
    double customerConflict = -10.0;  // different VAT/GLN, or nothing in common

    double referenceSame = 4.0;       // same normalized customer reference
    double referenceDifferent = -3.0; // both present, different

    double linesIdentical = 4.0;       // same products and quantities (as a multiset)
    double linesIdenticalSingle = 2.5; // the same when both orders hold one product: weaker
    double linesChangedQuantity = 1.5;
    double linesAdded = 1.0; // one order has all products of the other, and more
    double linesPartial = -2.0;
    double linesDisjoint = -6.0;

    double timeWithinHour = 2.0;
    double timeWithinDay = 1.0;
    double timeWithinThreeDays = 0.0;
    double timeLater = -2.0;

    double totalWithinTolerance = 1.0;
    double totalOutsideTolerance = -1.0;

    double shipToSame = 0.5;
    double shipToDifferent = -3.0;

    double channelSame = 0.0;
    double channelCross = 0.5; // any two different channels, unless a pair weight is set
    // Pair weights indexed by Channel; NaN means "use channelCross / channelSame".
    std::array<std::array<double, 7>, 7> channelPair = filledPairs();

    double ediSameControlNumbers = 6.0;
    double ediDifferentControlNumbers = -1.0;
    double payloadIdentical = 6.0;

    double duplicateThreshold = 4.0;
    double suspectThreshold = 1.0;

    static std::array<std::array<double, 7>, 7> filledPairs();
    double channelWeight(Channel a, Channel b) const {
        const double w = channelPair[size_t(a)][size_t(b)];
        if (w == w) // not NaN
            return w;
        if (a == Channel::Unknown || b == Channel::Unknown)
            return 0;
        return a == b ? channelSame : channelCross;
    }
};

// Customer and/or channel specific weights and thresholds. An override applies to a pair when
// one of its customers matches (partner id, VAT or normalized name) and one of its channels matches
// (an empty list matches anything). The last applicable override in the file wins.
struct RuleOverride {
    QString name;
    QList<qint64> partnerIds;
    QStringList vats;          // compared without blanks and case
    QStringList customerNames; // compared after customer name normalization
    QList<Channel> channels;
    SignalWeights weights; // the defaults with this override's values applied
};

struct DuplicateRules {
    SignalWeights weights;
    QList<RuleOverride> overrides;

    double totalToleranceAbsolute = 1.0;   // currency units
    double totalToleranceRelative = 0.025; // of the larger total
    double quantityToleranceRelative = 0.001;

    qint64 candidateWindowSecs = 21 * 86400; // orders further apart are never compared
    qint64 productWindowSecs = 3 * 86400; // the same for orders sharing products, not a reference
    qint64 retentionSecs = 90 * 86400;    // orders older than the newest minus this are forgotten
    int maxCandidatesPerBlock = 64;       // bounds the work per order on huge blocks

    // The built-in rules (core/dedup/default-rules.json).
    static DuplicateRules defaults();
    static QByteArray defaultJson();
    // Reads rules; values not in the file keep their defaults. On error returns the defaults and
    // sets *error to a message naming the offending key.
    static DuplicateRules fromJson(const QByteArray &json, QString *error);
    static DuplicateRules fromFile(const QString &path, QString *error);
};

} // namespace o2c
