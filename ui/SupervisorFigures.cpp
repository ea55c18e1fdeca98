// SPDX-License-Identifier: GPL-3.0-or-later
#include "SupervisorFigures.h"

#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QDateTime>

#include <QJsonArray>
#include <QSet>

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
// The value of the duplicates cancelled by resolves the desk carried out, per day of the range.
void addPrevented(SupervisorFigures &f, const ActionDesk *desk) {
    if (!desk || f.days.isEmpty())
        return;
    for (const ActionRecord &a : desk->actions({ActionState::Done})) {
        if (a.kind != ActionKind::ResolveCluster)
            continue;
        const QDateTime at = QDateTime::fromString(a.updatedAt, Qt::ISODateWithMs);
        if (!at.isValid())
            continue;
        const qint64 i = f.from.daysTo(at.toUTC().date());
        if (i < 0 || i >= f.days.size())
            continue;
        const QJsonArray cancelled = a.payload.value(QStringLiteral("duplicates")).toArray();
        for (const QJsonValue &v : cancelled)
            f.valuePrevented[i] += OrderRef::fromJson(v.toObject()).amountTotal;
    }
}

// The empty figures of a range: every day there, every series at zero.
SupervisorFigures emptyFigures(QDate from, QDate to) {
    SupervisorFigures f;
    if (!from.isValid() || !to.isValid() || to < from)
        return f;
    f.from = from;
    f.to = to;
    const qint64 n = from.daysTo(to) + 1;
    for (qint64 i = 0; i < n; ++i)
        f.days.append(from.addDays(i));
    for (Channel c : allChannels)
        f.duplicatesPerChannel.insert(c, QList<int>(n, 0));
    f.orders = QList<int>(n, 0);
    f.duplicateRate = QList<double>(n, 0);
    f.valueAtRisk = QList<double>(n, 0);
    f.valuePrevented = QList<double>(n, 0);
    f.backlog = QList<int>(n, 0);
    f.hoursToResolve = QList<double>(n, 0);
    return f;
}

// The daily rate and time to resolve from the counts, and the value prevented.
void finish(SupervisorFigures &f, const QList<QList<double>> &resolveHours,
            const ActionDesk *desk) {
    for (qsizetype i = 0; i < f.days.size(); ++i) {
        int dups = 0;
        for (const QList<int> &perDay : std::as_const(f.duplicatesPerChannel))
            dups += perDay.at(i);
        f.duplicateRate[i] = f.orders.at(i) > 0 ? double(dups) / f.orders.at(i) : 0;
        f.hoursToResolve[i] = median(resolveHours.at(i));
    }
    addPrevented(f, desk);
}

// The calendar day (UTC) of a moment as a Julian day, 0 when it is not valid: from the moment's
// milliseconds, without converting the date-time.
qint32 utcDay(const QDateTime &t) {
    if (!t.isValid())
        return 0;
    constexpr qint64 msPerDay = 86400000;
    constexpr qint64 julianDayOfEpoch = 2440588; // 1970-01-01
    const qint64 ms = t.toMSecsSinceEpoch();
    const qint64 days = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    return qint32(days + julianDayOfEpoch);
}

// The decision time of each decided cluster (the last recorded decision counts).
QHash<QString, QDateTime> decisionTimes(const ActionDesk *desk) {
    QHash<QString, QDateTime> decidedAt;
    if (desk) {
        for (const ClusterDecision &d : desk->decisions())
            decidedAt.insert(d.clusterId, QDateTime::fromString(d.decidedAt, Qt::ISODateWithMs));
    }
    return decidedAt;
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
    SupervisorFigures f = emptyFigures(from, to);
    if (f.days.isEmpty())
        return f;
    const qint64 n = f.days.size();
    const auto dayIndex = [&](const QDateTime &t) -> qint64 {
        if (!t.isValid())
            return -1;
        const qint64 i = from.daysTo(t.toUTC().date());
        return i >= 0 && i < n ? i : -1;
    };

    QHash<QString, int> currencies;
    for (const CanonicalOrder *o : book.orders()) {
        const qint64 i = dayIndex(o->createdAt);
        if (i >= 0)
            ++f.orders[i];
        ++currencies[o->currency];
    }
    int best = 0;
    for (auto it = currencies.cbegin(); it != currencies.cend(); ++it)
        if (it.value() > best || (it.value() == best && it.key() < f.currency)) {
            best = it.value();
            f.currency = it.key();
        }

    const QHash<QString, QDateTime> decidedAt = decisionTimes(desk);

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
    finish(f, resolveHours, desk);
    return f;
}

// --- SupervisorTally ---------------------------------------------------------------------------

SupervisorTally::SupervisorTally(OrderBook *book, QObject *parent)
    : QObject(parent)
    , m_book(book) {
    if (!book)
        return;
    connect(book, &OrderBook::ordersChanged, this, &SupervisorTally::noteOrders);
    connect(book, &OrderBook::ordersRemoved, this, &SupervisorTally::forgetOrders);
    connect(book, &OrderBook::clustersChanged, this, &SupervisorTally::noteClusters);
    // New rules rebuild every cluster: start again from the book on the next use.
    connect(book, &OrderBook::duplicateRulesApplied, this, [this] {
        m_filled = false;
        m_orders.clear();
        m_ordersPerDay.clear();
        m_ordersPerCurrency.fill(0);
        m_clusters.clear();
        m_clusterOf.clear();
    });
}

SupervisorTally::~SupervisorTally() = default;

qint32 SupervisorTally::currencyIndex(const QString &code) {
    // A book holds a handful of currencies: comparing three letters with each beats hashing.
    for (qsizetype i = 0; i < m_currencies.size(); ++i)
        if (m_currencies.at(i) == code)
            return qint32(i);
    m_currencies.append(code);
    m_ordersPerCurrency.append(0);
    return qint32(m_currencies.size() - 1);
}

void SupervisorTally::fill() {
    m_filled = true;
    if (!m_book)
        return;
    reserveForBook();
    for (const CanonicalOrder *o : m_book->orders())
        markOrder(*o);
    const QList<DuplicateCluster> clusters =
        m_book->duplicates().clusters(DuplicateEngine::EvidenceText::Deferred);
    m_clusters.reserve(clusters.size());
    for (const DuplicateCluster &c : clusters)
        markCluster(c.id, c.members, c.kind == ClusterKind::Amendment);
}

void SupervisorTally::markOrder(const QString &id) {
    const CanonicalOrder *o = m_book ? m_book->order(id) : nullptr;
    if (o)
        markOrder(*o);
    else
        unmarkOrder(id);
}

void SupervisorTally::markOrder(const CanonicalOrder &o) {
    const OrderMark mark{utcDay(o.createdAt), currencyIndex(o.currency)};
    OrderMark &slot = m_orders[o.id]; // one lookup; a new slot has no currency yet
    if (slot.currency >= 0) {
        if (slot.day == mark.day && slot.currency == mark.currency)
            return;
        uncount(slot);
    }
    slot = mark;
    if (mark.day != 0)
        ++m_ordersPerDay[mark.day];
    ++m_ordersPerCurrency[mark.currency];
}

void SupervisorTally::uncount(const OrderMark &mark) {
    if (mark.day != 0) {
        auto perDay = m_ordersPerDay.find(mark.day);
        if (perDay != m_ordersPerDay.end() && --perDay.value() <= 0)
            m_ordersPerDay.erase(perDay);
    }
    --m_ordersPerCurrency[mark.currency];
}

void SupervisorTally::unmarkOrder(const QString &id) {
    const auto it = m_orders.constFind(id);
    if (it == m_orders.cend())
        return;
    uncount(it.value());
    m_orders.erase(it);
}

void SupervisorTally::markCluster(const QString &clusterId, const QStringList &members,
                                  bool amendment) {
    unmarkCluster(clusterId);
    ClusterMark c;
    c.amendment = amendment;
    c.members = members;
    QList<const CanonicalOrder *> present;
    for (const QString &id : members) {
        m_clusterOf.insert(id, clusterId);
        if (const CanonicalOrder *o = m_book ? m_book->order(id) : nullptr)
            present.append(o);
    }
    c.counted = present.size() >= 2;
    if (c.counted) {
        const QDateTime &since = present.at(1)->createdAt;
        c.sinceValid = since.isValid();
        c.sinceMs = c.sinceValid ? since.toMSecsSinceEpoch() : 0;
        for (qsizetype m = 1; m < present.size(); ++m) {
            const CanonicalOrder *o = present.at(m);
            c.extras.append({utcDay(o->createdAt), o->channel, o->amountTotal});
        }
    }
    m_clusters.insert(clusterId, std::move(c));
}

void SupervisorTally::unmarkCluster(const QString &clusterId) {
    const auto it = m_clusters.constFind(clusterId);
    if (it == m_clusters.cend())
        return;
    for (const QString &id : it->members) {
        const auto of = m_clusterOf.constFind(id);
        if (of != m_clusterOf.cend() && of.value() == clusterId)
            m_clusterOf.erase(of);
    }
    m_clusters.erase(it);
}

// Room for as many orders as the book has room for (the start sizes it from the local store,
// with headroom): a hash that grows rehashes every entry at once, 37 ms at 131,072 orders and
// several times that at a million, a pause while orders stream in.
void SupervisorTally::reserveForBook() {
    const qsizetype room = std::max(m_book->size(), m_book->reserved());
    if (room <= m_reserved)
        return;
    m_reserved = room;
    m_orders.reserve(room);
}

void SupervisorTally::noteOrders(const QStringList &ids) {
    if (!m_filled)
        return;
    if (m_book)
        reserveForBook();
    QSet<QString> clusters;
    for (const QString &id : ids) {
        markOrder(id);
        const auto of = m_clusterOf.constFind(id);
        if (of != m_clusterOf.cend())
            clusters.insert(of.value());
    }
    // A member's date, channel or amount is part of its cluster's figures.
    for (const QString &clusterId : std::as_const(clusters)) {
        const auto it = m_clusters.constFind(clusterId);
        if (it != m_clusters.cend()) {
            const QStringList members = it->members;
            markCluster(clusterId, members, it->amendment);
        }
    }
}

void SupervisorTally::forgetOrders(const QStringList &ids) {
    noteOrders(ids); // orders gone from the book are unmarked, with their clusters' figures
}

void SupervisorTally::noteClusters(const ClusterDelta &delta) {
    if (!m_filled)
        return;
    for (const QString &id : delta.removed)
        unmarkCluster(id);
    for (const QString &id : delta.expired)
        unmarkCluster(id);
    for (const DuplicateCluster &c : delta.changed)
        markCluster(c.id, c.members, c.kind == ClusterKind::Amendment);
}

SupervisorFigures SupervisorTally::figures(const ActionDesk *desk, QDate from, QDate to) {
    if (!m_filled)
        fill();
    SupervisorFigures f = emptyFigures(from, to);
    if (f.days.isEmpty())
        return f;
    const qint64 n = f.days.size();
    const qint64 first = from.toJulianDay();
    const auto dayIndex = [&](qint32 day) -> qint64 {
        if (day == 0)
            return -1;
        const qint64 i = qint64(day) - first;
        return i >= 0 && i < n ? i : -1;
    };
    for (qint64 i = 0; i < n; ++i)
        f.orders[i] = m_ordersPerDay.value(qint32(first + i));
    qint64 best = 0;
    for (qsizetype c = 0; c < m_currencies.size(); ++c) {
        const qint64 count = m_ordersPerCurrency.at(c);
        if (count > 0 && (count > best || (count == best && m_currencies.at(c) < f.currency))) {
            best = count;
            f.currency = m_currencies.at(c);
        }
    }

    const QHash<QString, QDateTime> decidedAt = decisionTimes(desk);
    QList<QList<double>> resolveHours(n);
    // Backlog: a cluster is open at the end of each day from its second order's day until the
    // day before its decision; counted as a step up and a step down, summed over the days.
    QList<int> steps(n + 1, 0);
    for (auto it = m_clusters.cbegin(); it != m_clusters.cend(); ++it) {
        const ClusterMark &c = it.value();
        if (!c.counted)
            continue;
        const auto decision = decidedAt.constFind(it.key());
        const bool decided = decision != decidedAt.cend() && decision->isValid();
        if (!c.amendment) {
            for (const Extra &e : c.extras) {
                const qint64 i = dayIndex(e.day);
                if (i < 0)
                    continue;
                ++f.duplicatesPerChannel[e.channel][i];
                if (!decided)
                    f.valueAtRisk[i] += e.amount;
            }
        }
        if (!c.sinceValid)
            continue;
        const qint64 sinceDay =
            QDateTime::fromMSecsSinceEpoch(c.sinceMs, Qt::UTC).date().toJulianDay();
        const qint64 open = std::max<qint64>(0, sinceDay - first);
        qint64 closed = n; // the first day whose end finds it decided
        if (decided)
            closed = std::clamp<qint64>(decision->toUTC().date().toJulianDay() - first, 0, n);
        if (open < closed) {
            ++steps[open];
            --steps[closed];
        }
        if (decided) {
            const qint64 di = decision->toUTC().date().toJulianDay() - first;
            if (di >= 0 && di < n)
                resolveHours[di].append(
                    std::max<qint64>(0, (decision->toMSecsSinceEpoch() - c.sinceMs) / 1000) /
                    3600.0);
        }
    }
    int running = 0;
    for (qint64 i = 0; i < n; ++i) {
        running += steps.at(i);
        f.backlog[i] = running;
    }
    finish(f, resolveHours, desk);
    return f;
}

} // namespace o2c::ui
