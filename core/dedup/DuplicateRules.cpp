// SPDX-License-Identifier: GPL-3.0-or-later
#include "DuplicateRules.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace o2c {

namespace {

// The built-in rules; kept identical to core/dedup/default-rules.json (a test compares them).
const char defaultRulesJson[] = R"json({
    "version": 1,
    "prior": -6.0,
    "thresholds": { "duplicate": 4.0, "suspect": 1.0 },
    "weights": {
        "customer": { "same_partner": 3.0, "same_tax_id": 3.0, "same_name": 2.0, "similar_name": 1.0, "conflict": -10.0 },
        "reference": { "same": 4.0, "different": -3.0 },
        "lines": { "identical": 4.0, "identical_single_product": 2.5, "changed_quantity": 1.5, "added": 1.0, "partial": -2.0, "disjoint": -6.0 },
        "time": { "within_hour": 2.0, "within_day": 1.0, "within_three_days": 0.0, "later": -2.0 },
        "total": { "within_tolerance": 1.0, "outside_tolerance": -1.0 },
        "ship_to": { "same": 0.5, "different": -3.0 },
        "channel": { "same": 0.0, "cross": 0.5, "pairs": { "edi+manual": 1.5, "email+crm": 1.5, "portal+manual": 1.0 } },
        "edi": { "same_control_numbers": 6.0, "different_control_numbers": -1.0 },
        "payload": { "identical": 6.0 }
    },
    "tolerances": { "total_absolute": 1.0, "total_relative": 0.025, "quantity_relative": 0.001 },
    "windows": { "candidate_days": 21, "products_days": 3, "retention_days": 90, "max_candidates_per_block": 64 },
    "overrides": []
}
)json";

struct WeightKey {
    const char *group;
    const char *key;
    double SignalWeights::*member;
};

const WeightKey weightKeys[] = {
    {"customer", "same_partner", &SignalWeights::customerSamePartner},
    {"customer", "same_tax_id", &SignalWeights::customerSameTaxId},
    {"customer", "same_name", &SignalWeights::customerSameName},
    {"customer", "similar_name", &SignalWeights::customerSimilarName},
    {"customer", "conflict", &SignalWeights::customerConflict},
    {"reference", "same", &SignalWeights::referenceSame},
    {"reference", "different", &SignalWeights::referenceDifferent},
    {"lines", "identical", &SignalWeights::linesIdentical},
    {"lines", "identical_single_product", &SignalWeights::linesIdenticalSingle},
    {"lines", "changed_quantity", &SignalWeights::linesChangedQuantity},
    {"lines", "added", &SignalWeights::linesAdded},
    {"lines", "partial", &SignalWeights::linesPartial},
    {"lines", "disjoint", &SignalWeights::linesDisjoint},
    {"time", "within_hour", &SignalWeights::timeWithinHour},
    {"time", "within_day", &SignalWeights::timeWithinDay},
    {"time", "within_three_days", &SignalWeights::timeWithinThreeDays},
    {"time", "later", &SignalWeights::timeLater},
    {"total", "within_tolerance", &SignalWeights::totalWithinTolerance},
    {"total", "outside_tolerance", &SignalWeights::totalOutsideTolerance},
    {"ship_to", "same", &SignalWeights::shipToSame},
    {"ship_to", "different", &SignalWeights::shipToDifferent},
    {"channel", "same", &SignalWeights::channelSame},
    {"channel", "cross", &SignalWeights::channelCross},
    {"edi", "same_control_numbers", &SignalWeights::ediSameControlNumbers},
    {"edi", "different_control_numbers", &SignalWeights::ediDifferentControlNumbers},
    {"payload", "identical", &SignalWeights::payloadIdentical},
};

bool readNumber(const QJsonValue &v, const QString &where, double *out, QString *error) {
    if (!v.isDouble()) {
        *error = QStringLiteral("%1 must be a number").arg(where);
        return false;
    }
    *out = v.toDouble();
    return true;
}

// Applies the "prior", "thresholds" and "weights" of `o` on top of `w`.
bool readWeights(const QJsonObject &o, const QString &where, SignalWeights *w, QString *error) {
    if (o.contains(QLatin1String("prior")) &&
        !readNumber(o.value(QLatin1String("prior")), where + QStringLiteral("prior"), &w->prior,
                    error))
        return false;
    const QJsonObject t = o.value(QLatin1String("thresholds")).toObject();
    for (auto it = t.begin(); it != t.end(); ++it) {
        const QString path = where + QStringLiteral("thresholds.") + it.key();
        double *target = it.key() == QLatin1String("duplicate") ? &w->duplicateThreshold
                         : it.key() == QLatin1String("suspect") ? &w->suspectThreshold
                                                                : nullptr;
        if (!target) {
            *error = QStringLiteral("unknown key %1 (expected duplicate or suspect)").arg(path);
            return false;
        }
        if (!readNumber(it.value(), path, target, error))
            return false;
    }
    const QJsonObject groups = o.value(QLatin1String("weights")).toObject();
    for (auto g = groups.begin(); g != groups.end(); ++g) {
        if (!g.value().isObject()) {
            *error = QStringLiteral("%1weights.%2 must be an object").arg(where, g.key());
            return false;
        }
        const QJsonObject group = g.value().toObject();
        for (auto k = group.begin(); k != group.end(); ++k) {
            const QString path = where + QStringLiteral("weights.") + g.key() + u'.' + k.key();
            if (g.key() == QLatin1String("channel") && k.key() == QLatin1String("pairs")) {
                const QJsonObject pairs = k.value().toObject();
                for (auto p = pairs.begin(); p != pairs.end(); ++p) {
                    const QStringList names = p.key().split(u'+');
                    const Channel a =
                        names.size() == 2 ? channelFromKey(names.at(0)) : Channel::Unknown;
                    const Channel b =
                        names.size() == 2 ? channelFromKey(names.at(1)) : Channel::Unknown;
                    if (a == Channel::Unknown || b == Channel::Unknown) {
                        *error =
                            QStringLiteral("%1.%2 is not a channel pair such as \"edi+manual\"")
                                .arg(path, p.key());
                        return false;
                    }
                    double v = 0;
                    if (!readNumber(p.value(), path + u'.' + p.key(), &v, error))
                        return false;
                    w->channelPair[size_t(a)][size_t(b)] = v;
                    w->channelPair[size_t(b)][size_t(a)] = v;
                }
                continue;
            }
            const WeightKey *found = nullptr;
            for (const WeightKey &wk : weightKeys)
                if (g.key() == QLatin1String(wk.group) && k.key() == QLatin1String(wk.key))
                    found = &wk;
            if (!found) {
                *error =
                    QStringLiteral("unknown weight %1 (see docs/duplicate-rules.md)").arg(path);
                return false;
            }
            if (!readNumber(k.value(), path, &(w->*(found->member)), error))
                return false;
        }
    }
    if (w->suspectThreshold > w->duplicateThreshold) {
        *error = QStringLiteral("%1thresholds: suspect must not be above duplicate").arg(where);
        return false;
    }
    return true;
}

bool parse(const QByteArray &json, DuplicateRules *r, QString *error) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = pe.error != QJsonParseError::NoError
                     ? QStringLiteral("not valid JSON at offset %1: %2")
                           .arg(pe.offset)
                           .arg(pe.errorString())
                     : QStringLiteral("the rules must be a JSON object");
        return false;
    }
    const QJsonObject o = doc.object();
    if (!readWeights(o, QString(), &r->weights, error))
        return false;
    const QJsonObject tol = o.value(QLatin1String("tolerances")).toObject();
    const struct {
        const char *key;
        double *target;
    } tolerances[] = {{"total_absolute", &r->totalToleranceAbsolute},
                      {"total_relative", &r->totalToleranceRelative},
                      {"quantity_relative", &r->quantityToleranceRelative}};
    for (const auto &t : tolerances)
        if (tol.contains(QLatin1String(t.key)) &&
            !readNumber(tol.value(QLatin1String(t.key)),
                        QStringLiteral("tolerances.") + QLatin1String(t.key), t.target, error))
            return false;
    const QJsonObject win = o.value(QLatin1String("windows")).toObject();
    const auto days = [&](const char *key, qint64 *target) {
        if (!win.contains(QLatin1String(key)))
            return true;
        double v = 0;
        if (!readNumber(win.value(QLatin1String(key)),
                        QStringLiteral("windows.") + QLatin1String(key), &v, error))
            return false;
        if (v <= 0) {
            *error = QStringLiteral("windows.%1 must be positive").arg(QLatin1String(key));
            return false;
        }
        *target = qint64(v * 86400);
        return true;
    };
    if (!days("candidate_days", &r->candidateWindowSecs) ||
        !days("retention_days", &r->retentionSecs))
        return false;
    if (win.contains(QLatin1String("max_candidates_per_block")))
        r->maxCandidatesPerBlock =
            std::max(1, win.value(QLatin1String("max_candidates_per_block")).toInt());
    if (r->retentionSecs < r->candidateWindowSecs) {
        *error = QStringLiteral(
            "windows.retention_days must not be shorter than windows.candidate_days");
        return false;
    }

    const QJsonArray overrides = o.value(QLatin1String("overrides")).toArray();
    for (qsizetype i = 0; i < overrides.size(); ++i) {
        const QJsonObject ov = overrides.at(i).toObject();
        const QString where = QStringLiteral("overrides[%1].").arg(i);
        RuleOverride ro;
        ro.name = ov.value(QLatin1String("name")).toString();
        ro.weights = r->weights;
        const QJsonObject customers = ov.value(QLatin1String("customers")).toObject();
        for (const QJsonValue v : customers.value(QLatin1String("partner_ids")).toArray())
            ro.partnerIds.append(qint64(v.toDouble()));
        for (const QJsonValue v : customers.value(QLatin1String("vats")).toArray())
            ro.vats.append(v.toString());
        for (const QJsonValue v : customers.value(QLatin1String("names")).toArray())
            ro.customerNames.append(v.toString());
        for (const QJsonValue v : ov.value(QLatin1String("channels")).toArray()) {
            const Channel c = channelFromKey(v.toString());
            if (c == Channel::Unknown) {
                *error = QStringLiteral("%1channels: unknown channel \"%2\" (edi, ecommerce, crm, "
                                        "portal, email, manual)")
                             .arg(where, v.toString());
                return false;
            }
            ro.channels.append(c);
        }
        if (!readWeights(ov, where, &ro.weights, error))
            return false;
        r->overrides.append(ro);
    }
    return true;
}

} // namespace

std::array<std::array<double, 7>, 7> SignalWeights::filledPairs() {
    std::array<std::array<double, 7>, 7> a{};
    for (auto &row : a)
        row.fill(std::numeric_limits<double>::quiet_NaN());
    return a;
}

QByteArray DuplicateRules::defaultJson() {
    return QByteArray(defaultRulesJson);
}

DuplicateRules DuplicateRules::defaults() {
    static const DuplicateRules rules = [] {
        DuplicateRules r;
        QString error;
        parse(defaultJson(), &r, &error);
        Q_ASSERT_X(error.isEmpty(), "DuplicateRules", "built-in rules do not parse");
        return r;
    }();
    return rules;
}

DuplicateRules DuplicateRules::fromJson(const QByteArray &json, QString *error) {
    DuplicateRules r = defaults();
    QString problem;
    if (!parse(json, &r, &problem)) {
        if (error)
            *error = problem;
        return defaults();
    }
    if (error)
        error->clear();
    return r;
}

DuplicateRules DuplicateRules::fromFile(const QString &path, QString *error) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read the rules file %1: %2").arg(path, f.errorString());
        return defaults();
    }
    QString problem;
    DuplicateRules r = fromJson(f.readAll(), &problem);
    if (!problem.isEmpty() && error)
        *error = QStringLiteral("rules file %1: %2").arg(path, problem);
    else if (error)
        error->clear();
    return r;
}

} // namespace o2c
