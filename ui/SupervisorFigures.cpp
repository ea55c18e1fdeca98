// SPDX-License-Identifier: GPL-3.0-or-later
#include "SupervisorFigures.h"

#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QJsonArray>

#include <algorithm>

namespace o2c::ui {

namespace {
double median(QList<double> values) {
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}
} // namespace

int SupervisorFigures::totalDuplicates() const {
    int n = 0;
    for (const QList<int> &perDay : duplicatesPerChannel)
        for (int v : perDay)
            n += v;
    return n;
}

double SupervisorFigures::totalValueAtRisk() const {
    double v = 0;
    for (double d : valueAtRisk)
        v += d;
    return v;
}

double SupervisorFigures::totalValuePrevented() const {
    double v = 0;
    for (double d : valuePrevented)
        v += d;
    return v;
}

SupervisorFigures SupervisorFigures::compute(const OrderBook &book, const ActionDesk *desk,
                                             QDate from, QDate to) {
    SupervisorFigures f;
    if (!from.isValid() || !to.isValid() || to < from)
        return f;
    f.from = from;
    f.to = to;
    const qint64 n = from.daysTo(to) + 1;
    for (qint64 i = 0; i < n; ++i)
        f.days.append(from.addDays(i));
    const auto dayIndex = [&](const QDateTime &t) -> qint64 {
        if (!t.isValid())
            return -1;
        const qint64 i = from.daysTo(t.toUTC().date());
        return i >= 0 && i < n ? i : -1;
    };
    for (Channel c : allChannels)
        f.duplicatesPerChannel.insert(c, QList<int>(n, 0));
    f.orders = QList<int>(n, 0);
    f.duplicateRate = QList<double>(n, 0);
    f.valueAtRisk = QList<double>(n, 0);
    f.valuePrevented = QList<double>(n, 0);
    f.backlog = QList<int>(n, 0);
    f.hoursToResolve = QList<double>(n, 0);

    QHash<QString, int> currencies;
    for (const CanonicalOrder *o : book.orders()) {
        const qint64 i = dayIndex(o->createdAt);
        if (i >= 0)
            ++f.orders[i];
        ++currencies[o->currency];
    }
    int best = 0;
    for (auto it = currencies.cbegin(); it != currencies.cend(); ++it)
        if (it.value() > best) {
            best = it.value();
            f.currency = it.key();
        }

    QHash<QString, QDateTime> decidedAt;
    if (desk) {
        for (const ClusterDecision &d : desk->decisions())
            decidedAt.insert(d.clusterId, QDateTime::fromString(d.decidedAt, Qt::ISODateWithMs));
    }

    QList<QList<double>> resolveHours(n);
    const QList<DuplicateCluster> clusters = book.duplicates().clusters();
    for (const DuplicateCluster &c : clusters) {
        QList<const CanonicalOrder *> members;
        for (const QString &id : c.members)
            if (const CanonicalOrder *o = book.order(id))
                members.append(o);
        if (members.size() < 2)
            continue;
        const QDateTime since = members.at(1)->createdAt;
        const QDateTime decided = decidedAt.value(c.id);
        if (c.kind != ClusterKind::Amendment) {
            for (qsizetype m = 1; m < members.size(); ++m) {
                const qint64 i = dayIndex(members.at(m)->createdAt);
                if (i < 0)
                    continue;
                ++f.duplicatesPerChannel[members.at(m)->channel][i];
                if (!decided.isValid())
                    f.valueAtRisk[i] += members.at(m)->amountTotal;
            }
        }
        for (qint64 i = 0; i < n; ++i) {
            const QDateTime endOfDay(f.days.at(i).addDays(1).startOfDay(Qt::UTC));
            if (since.isValid() && since < endOfDay && (!decided.isValid() || decided >= endOfDay))
                ++f.backlog[i];
        }
        const qint64 di = dayIndex(decided);
        if (di >= 0 && since.isValid())
            resolveHours[di].append(std::max<qint64>(0, since.secsTo(decided)) / 3600.0);
    }
    for (qint64 i = 0; i < n; ++i) {
        int dups = 0;
        for (const QList<int> &perDay : f.duplicatesPerChannel)
            dups += perDay.at(i);
        f.duplicateRate[i] = f.orders.at(i) > 0 ? double(dups) / f.orders.at(i) : 0;
        f.hoursToResolve[i] = median(resolveHours.at(i));
    }

    if (desk) {
        for (const ActionRecord &a : desk->actions({ActionState::Done})) {
            if (a.kind != ActionKind::ResolveCluster)
                continue;
            const qint64 i = dayIndex(QDateTime::fromString(a.updatedAt, Qt::ISODateWithMs));
            if (i < 0)
                continue;
            const QJsonArray cancelled = a.payload.value(QStringLiteral("duplicates")).toArray();
            for (const QJsonValue &v : cancelled)
                f.valuePrevented[i] += OrderRef::fromJson(v.toObject()).amountTotal;
        }
    }
    return f;
}

} // namespace o2c::ui
