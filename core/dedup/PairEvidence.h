// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DuplicateCluster.h"
#include "DuplicateRules.h"
#include "ResidentOrder.h"

#include <QCoreApplication>

#include <functional>
#include <vector>

namespace o2c {

// Compares two resident orders signal by signal and weighs the evidence with the rules
// (docs/duplicate-rules.md). Scoring is allocation-free; the plain-words explanation is built
// only for the clusters shown to a planner.
class PairEvidence final {
    Q_DECLARE_TR_FUNCTIONS(PairEvidence)

public:
    enum class CustomerMatch : quint8 {
        Unknown,
        SamePartner,
        SameTaxId,
        SameName,
        SimilarName,
        Conflict
    };
    enum class ReferenceMatch : quint8 { Missing, Same, Different };
    enum class LinesMatch : quint8 {
        Missing,
        Identical,
        ChangedQuantity,
        Added,
        Partial,
        Disjoint
    };
    enum class Comparison : quint8 { Missing, Same, Different };

    struct Facts {
        CustomerMatch customer = CustomerMatch::Unknown;
        ReferenceMatch reference = ReferenceMatch::Missing;
        LinesMatch lines = LinesMatch::Missing;
        quint32 common = 0, identical = 0, onlyA = 0, onlyB = 0;
        qint64 secondsApart = -1; // -1: a time is missing
        Comparison total = Comparison::Missing;
        Comparison shipTo = Comparison::Missing;
        Comparison edi = Comparison::Missing;
        bool samePayload = false;
        Channel channelA = Channel::Unknown, channelB = Channel::Unknown;
    };

    struct Verdict {
        double score = 0;
        bool flagged = false;
        ClusterKind kind = ClusterKind::Suspect;
    };

    // `intern` maps override keys ("vat:..", "name:..") to the engine's interned ids.
    PairEvidence(const DuplicateRules &rules,
                 const std::function<quint32(const QString &)> &intern);

    // The engine's interned strings, for comparing names that are not identical.
    void setPool(const QStringList *pool) { m_pool = pool; }

    Facts facts(const ResidentOrder &a, const ResidentOrder &b) const;
    const SignalWeights &weightsFor(const ResidentOrder &a, const ResidentOrder &b) const;
    Verdict judge(const Facts &f, const SignalWeights &w) const;
    Verdict score(const ResidentOrder &a, const ResidentOrder &b) const {
        return judge(facts(a, b), weightsFor(a, b));
    }
    CustomerMatch customerMatch(const ResidentOrder &a, const ResidentOrder &b) const;
    // True when the pair cannot reach the suspect threshold whatever its lines, EDI control
    // numbers and payloads compare like: an upper bound of judge(facts(a, b), w) from the first
    // cache line of each order alone (ResidentOrder.h). False means "score it in full".
    bool cannotFlag(const ResidentOrder &a, const ResidentOrder &b, const SignalWeights &w) const;

    // The evidence in plain words, older order first; `pool` resolves interned strings.
    QList<Evidence> explain(const ResidentOrder &a, const ResidentOrder &b,
                            const QStringList &pool) const;
    static QString summarize(const QList<Evidence> &evidence);

private:
    // The best that the signals cannotFlag() cannot see in the first cache line can add, per set
    // of weights (computed once, not for every candidate).
    struct Bounds {
        double lines = 0, edi = 0, payload = 0;
        static Bounds of(const SignalWeights &w);
    };
    Bounds boundsFor(const SignalWeights &w) const;

    struct ResolvedOverride {
        QList<qint64> partnerIds;
        std::vector<quint32> keys; // interned "vat:" and "name:" keys
        quint8 channelMask = 0;    // bit per Channel, 0 = any
        const SignalWeights *weights = nullptr;
        Bounds bounds;
    };
    bool matchesCustomer(const ResolvedOverride &o, const ResidentOrder &r) const;
    Verdict finish(const Facts &f, const SignalWeights &w, double score) const;

    bool similarNames(quint32 a, quint32 b) const;
    Comparison compareTotals(const ResidentOrder &a, const ResidentOrder &b) const;

    const DuplicateRules &m_rules;
    const QStringList *m_pool = nullptr;
    std::vector<ResolvedOverride> m_overrides;
    Bounds m_defaultBounds;
};

} // namespace o2c
