// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderBook.h"

#include "ClusterDeltaSum.h"

#include "actions/ActionDesk.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace o2c {

static_assert(std::is_nothrow_move_constructible_v<CanonicalOrder>,
              "the copy for a rebuild grows by moving orders");

namespace {

enum JournalKind : int { JournalUpsert, JournalRemove, JournalDistinct };

// A change made to the book while new rules are being put in force, with what it changed in the
// engine in force; the new engine replays it.
struct JournalEntry {
    int kind = JournalUpsert;
    CanonicalOrder order; // JournalUpsert
    QString a, b;         // JournalRemove: a; JournalDistinct: a, b
    ClusterDelta old;     // the clusters of the engine in force it changed
};
// The changes of one call (an upsert of many orders is one batch): the worker takes batches,
// so the lock the GUI thread shares with it is held for a few pointer copies only.
using JournalBatch = std::vector<JournalEntry>;
using Journal = std::vector<std::shared_ptr<const JournalBatch>>;

void record(JournalBatch *batch, int kind, const CanonicalOrder *order, const QString &a,
            const QString &b, const ClusterDelta &old) {
    if (!batch)
        return;
    JournalEntry e;
    e.kind = kind;
    if (order)
        e.order = *order;
    e.a = a;
    e.b = b;
    e.old = old;
    batch->push_back(std::move(e));
}

size_t entriesIn(const Journal &batches) {
    size_t n = 0;
    for (const auto &b : batches)
        n += b->size();
    return n;
}

// Cluster id -> cluster and, once indexed, order id -> cluster number; the highest number seen.
struct Membership {
    QHash<QString, DuplicateCluster> clusters;
    QHash<QString, quint32> clusterOf;
    bool indexed = false;
    quint32 maxNumber = 0;

    void index() {
        clusterOf.clear();
        clusterOf.reserve(clusters.size() * 2 + 16);
        for (auto it = clusters.cbegin(); it != clusters.cend(); ++it) {
            const quint32 n = DuplicateEngine::clusterNumber(it.key());
            for (const QString &m : it.value().members)
                clusterOf.insert(m, n);
        }
        indexed = true;
    }
    void unindex(const QString &id) {
        if (!indexed)
            return;
        const auto it = clusters.constFind(id);
        if (it == clusters.cend())
            return;
        const quint32 n = DuplicateEngine::clusterNumber(id);
        for (const QString &m : it.value().members) {
            auto at = clusterOf.find(m);
            if (at != clusterOf.end() && at.value() == n)
                clusterOf.erase(at);
        }
    }
    void see(const QString &id) {
        maxNumber = std::max(maxNumber, DuplicateEngine::clusterNumber(id));
    }
    void drop(const QString &id) {
        see(id);
        unindex(id);
        clusters.remove(id);
    }
    void set(const DuplicateCluster &c) {
        see(c.id);
        unindex(c.id);
        clusters.insert(c.id, c);
        if (indexed) {
            const quint32 n = DuplicateEngine::clusterNumber(c.id);
            for (const QString &m : c.members)
                clusterOf.insert(m, n);
        }
    }
    void apply(const ClusterDelta &d) {
        for (const QString &id : d.removed)
            drop(id);
        for (const QString &id : d.expired)
            drop(id);
        for (const DuplicateCluster &c : d.changed)
            set(c);
    }
};

double msSince(const QElapsedTimer &t) {
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

// What a change of rules shares with its workers: the copy of the orders (written on the GUI
// thread before the first worker starts, read-only afterwards) and the journal.
struct RebuildInput {
    std::vector<CanonicalOrder> orders;
    QHash<QString, DuplicateCluster> clusters; // of the engine in force when the copy started
    quint32 maxNumber = 0;                     // the highest cluster number published by then
    QList<QPair<QString, QString>> distinct;
    qsizetype reserve = 0;

    mutable QMutex mutex;
    Journal journal; // guarded by mutex

    void append(std::shared_ptr<const JournalBatch> batch) {
        if (batch->empty())
            return;
        QMutexLocker lock(&mutex);
        journal.push_back(std::move(batch));
    }
    size_t pendingEntries(size_t from) const {
        QMutexLocker lock(&mutex);
        size_t n = 0;
        for (size_t i = from; i < journal.size(); ++i)
            n += journal[i]->size();
        return n;
    }
    // The batches from `from` on, `max` at most.
    Journal take(size_t from, size_t max) const {
        QMutexLocker lock(&mutex);
        Journal out;
        const size_t to = std::min(journal.size(), from + std::min(max, journal.size()));
        if (from < to)
            out.assign(journal.begin() + qsizetype(from), journal.begin() + qsizetype(to));
        return out;
    }
};

// The change of rules under way (GUI thread only).
struct OrderBook::Rebuild {
    std::shared_ptr<RebuildInput> input;
    DuplicateRules rules;
    QByteArray json;
    bool known = false;
    size_t cursor = 0; // next slot to copy
    bool copied = false;
    std::shared_ptr<std::atomic<bool>> cancel; // of the worker running, if any
    quint64 generation = 0;                    // of the worker running
    QElapsedTimer since;
    RulesChangeFigures figures;
};

// What the worker hands over: the new engine, the delta for the views and what the last
// journaled changes need.
struct OrderBook::Handover {
    std::unique_ptr<DuplicateEngine> engine;
    QList<DuplicateCluster> listed;     // every cluster under the new rules
    QHash<QString, qsizetype> position; // id -> index in listed
    QSet<QString> removed;              // ids the views hold that the new engine does not
    QSet<QString> same; // ids of clusters the views hold as they are (left out of the delta)
    // The delta's clusters, built by the worker; the swap brings the ones it touches up to date.
    QList<DuplicateCluster> send;
    QHash<QString, qsizetype> sendAt;
    QSet<QString> retouched; // ids touched since `send` was built
    Membership previous;     // of the engine in force, indexed
    Membership members;      // of the new engine
    size_t done = 0;         // journal batches replayed
    qsizetype replayed = 0;
    qsizetype carried = 0;
    double workerMs = 0;
    int rounds = 0; // of catching up again, asked for at the swap
    QString error;
    bool cancelled = false;

    // Replays one journaled change into the new engine and keeps the ids carried over.
    void absorb(const JournalEntry &e);
    void unlist(const QString &id);
    void list(DuplicateCluster &&c);
    void touch(const QString &id);
    void prepareSend();
    void refreshSend();
};

// A thread the book started (a rebuild, or letting go of large containers), joined when it
// reports back or when the book goes.
struct OrderBook::Run {
    std::thread thread;
    quint64 generation = 0;
    std::shared_ptr<std::atomic<bool>> cancel;

    static void rebuild(std::shared_ptr<const RebuildInput> in, DuplicateRules rules,
                        std::shared_ptr<std::atomic<bool>> cancel, std::shared_ptr<Link> link,
                        quint64 generation);
    static bool build(const RebuildInput &in, DuplicateRules rules, const std::atomic<bool> &cancel,
                      Handover &h);
    static bool catchUp(const RebuildInput &in, const std::atomic<bool> &cancel, Handover &h);
    // Another round of catching up, when more changes came in than the swap should replay.
    static void again(std::shared_ptr<const RebuildInput> in, std::shared_ptr<Handover> h,
                      std::shared_ptr<std::atomic<bool>> cancel, std::shared_ptr<Link> link,
                      quint64 generation);
    // Hands the worker's result to the book. A cancelled or failed one keeps only why, and its
    // engine and copies are let go here, not on the GUI thread.
    static void report(std::shared_ptr<const RebuildInput> in, std::shared_ptr<Handover> h,
                       const std::shared_ptr<Link> &link, quint64 generation);
};

// How a worker reaches the book: cleared by the book's destructor before it joins the workers.
struct OrderBook::Link {
    QMutex mutex;
    OrderBook *book = nullptr;

    void deliver(quint64 generation, std::shared_ptr<Handover> result) {
        QMutexLocker lock(&mutex);
        if (!book)
            return;
        OrderBook *target = book;
        QMetaObject::invokeMethod(
            target,
            [target, generation, result]() mutable {
                target->onWorkerDone(generation, std::move(result));
            },
            Qt::QueuedConnection);
    }
};

void OrderBook::Handover::unlist(const QString &id) {
    const auto it = position.constFind(id);
    if (it == position.cend())
        return;
    const qsizetype at = it.value();
    position.erase(it);
    const qsizetype last = listed.size() - 1;
    if (at != last) {
        listed[at] = std::move(listed[last]);
        position.insert(listed[at].id, at);
    }
    listed.removeLast();
}

void OrderBook::Handover::list(DuplicateCluster &&c) {
    members.set(c);
    const auto it = position.constFind(c.id);
    if (it != position.cend()) {
        listed[it.value()] = std::move(c);
    } else {
        position.insert(c.id, listed.size());
        listed.append(std::move(c));
    }
}

// The views hold the ids of the engine in force; an id they hold that the new engine does not
// is removed from them at the swap.
void OrderBook::Handover::touch(const QString &id) {
    same.remove(id);
    retouched.insert(id);
    if (previous.clusters.contains(id) && !position.contains(id))
        removed.insert(id);
    else
        removed.remove(id);
}

void OrderBook::Handover::absorb(const JournalEntry &e) {
    previous.apply(e.old);
    ClusterDelta now;
    switch (e.kind) {
    case JournalUpsert:
        now = engine->upsert(e.order);
        break;
    case JournalRemove:
        now = engine->remove(e.a);
        break;
    default:
        now = engine->markDistinct(e.a, e.b);
        break;
    }
    ++replayed;
    // The clusters this changed on either side: their ids are decided again.
    QStringList scope;
    for (const DuplicateCluster &c : std::as_const(now.changed))
        scope.append(c.id);
    for (const DuplicateCluster &c : e.old.changed)
        scope.append(c.id);
    scope += e.old.removed;
    scope += e.old.expired;
    if (scope.isEmpty() && now.isEmpty())
        return;
    const auto previousOf = [this](const QString &order) {
        return previous.clusterOf.value(order, 0);
    };
    const QHash<QString, QString> renamed =
        engine->carryClusterIds(previousOf, previous.maxNumber + 1, &scope);

    QStringList touched = scope;
    for (const QString &id : std::as_const(now.removed)) {
        unlist(id);
        members.drop(id);
        touched.append(id);
    }
    for (const QString &id : std::as_const(now.expired)) {
        unlist(id);
        members.drop(id);
        touched.append(id);
    }
    // Renamed in two steps: numbers may pass from one cluster to another.
    std::vector<std::pair<qsizetype, QString>> moved;
    QList<DuplicateCluster> movedMembers;
    for (auto it = renamed.cbegin(); it != renamed.cend(); ++it) {
        const auto at = position.constFind(it.key());
        if (at != position.cend()) {
            moved.emplace_back(at.value(), it.value());
            position.erase(at);
        }
        const auto m = members.clusters.constFind(it.key());
        if (m != members.clusters.cend()) {
            DuplicateCluster c = m.value();
            c.id = it.value();
            movedMembers.append(std::move(c));
            members.clusters.erase(m);
        }
        touched.append(it.key());
        touched.append(it.value());
    }
    for (auto &[at, id] : moved) {
        listed[at].id = id;
        position.insert(id, at);
    }
    for (const DuplicateCluster &c : std::as_const(movedMembers))
        members.set(c);
    for (DuplicateCluster &c : now.changed) {
        c.id = renamed.value(c.id, c.id);
        list(std::move(c));
    }
    for (const QString &id : std::as_const(touched))
        touch(id);
}

bool OrderBook::Run::build(const RebuildInput &in, DuplicateRules rules,
                           const std::atomic<bool> &cancel, Handover &h) {
    const auto cancelled = [&] { return cancel.load(std::memory_order_relaxed); };
    h.engine = std::make_unique<DuplicateEngine>(std::move(rules));
    h.engine->reserve(in.reserve);

    // Oldest first, as the orders arrived: the engine's windows and retention count from the
    // newest order it has seen, and a fixed order gives the same clusters on every cockpit.
    std::vector<std::pair<qint64, quint32>> sorted; // creation time in ms, index in the copy
    sorted.reserve(in.orders.size());
    for (size_t i = 0; i < in.orders.size(); ++i)
        sorted.emplace_back(in.orders[i].createdAt.toMSecsSinceEpoch(), quint32(i));
    std::sort(sorted.begin(), sorted.end(), [&](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first
                                  : in.orders[a.second].id < in.orders[b.second].id;
    });
    constexpr size_t ingestBatch = 4096;
    std::vector<CanonicalOrder> chunk;
    chunk.reserve(std::min(ingestBatch, sorted.size()));
    for (size_t i = 0; i < sorted.size(); i += ingestBatch) {
        if (cancelled())
            return false;
        chunk.clear();
        for (size_t j = i; j < std::min(sorted.size(), i + ingestBatch); ++j)
            chunk.push_back(in.orders[sorted[j].second]);
        h.engine->ingest(std::span<const CanonicalOrder>(chunk.data(), chunk.size()));
    }
    for (const auto &pair : in.distinct)
        h.engine->markDistinct(pair.first, pair.second);

    // The changes made meanwhile, replayed as they come, without deltas: nothing is listed yet.
    h.previous.clusters = in.clusters;
    h.previous.maxNumber = in.maxNumber;
    for (;;) {
        if (cancelled())
            return false;
        const Journal batches = in.take(h.done, 256);
        for (const auto &batch : batches) {
            for (const JournalEntry &e : *batch) {
                h.previous.apply(e.old);
                if (e.kind == JournalUpsert)
                    h.engine->ingest(e.order);
                else if (e.kind == JournalRemove)
                    h.engine->remove(e.a);
                else
                    h.engine->markDistinct(e.a, e.b);
            }
        }
        h.done += batches.size();
        const size_t entries = entriesIn(batches);
        h.replayed += qsizetype(entries);
        if (entries < 64)
            break;
    }

    // The ids planners know, carried over; then the listing for the views, with the words.
    h.previous.index();
    const quint32 firstFresh = h.previous.maxNumber + 1;
    h.engine->carryClusterIds(
        [&](const QString &order) { return h.previous.clusterOf.value(order, 0); }, firstFresh);
    h.listed = h.engine->clusters(DuplicateEngine::EvidenceText::Deferred);
    h.position.reserve(h.listed.size());
    h.members.clusters.reserve(h.listed.size());
    for (qsizetype i = 0; i < h.listed.size(); ++i) {
        if (i % 1024 == 0 && cancelled())
            return false;
        DuplicateCluster &c = h.listed[i];
        h.engine->withEvidence(c);
        h.position.insert(c.id, i);
        h.members.set(c);
        if (DuplicateEngine::clusterNumber(c.id) < firstFresh) {
            ++h.carried;
            // Shown as it is (same id, orders, kind, score and words): no need to send it.
            const auto was = h.previous.clusters.constFind(c.id);
            if (was != h.previous.clusters.cend() && was.value() == c)
                h.same.insert(c.id);
        }
    }
    for (auto it = h.previous.clusters.cbegin(); it != h.previous.clusters.cend(); ++it)
        if (!h.position.contains(it.key()))
            h.removed.insert(it.key());

    // What came in while listing, now with deltas.
    if (!catchUp(in, cancel, h))
        return false;
    h.prepareSend();
    return true;
}

// The delta for the views, on the worker: every cluster not held by the views as it is.
void OrderBook::Handover::prepareSend() {
    send.clear();
    sendAt.clear();
    retouched.clear();
    send.reserve(listed.size() - same.size());
    for (const DuplicateCluster &c : std::as_const(listed)) {
        if (same.contains(c.id))
            continue;
        sendAt.insert(c.id, send.size());
        send.append(c);
    }
}

// The clusters the last replayed changes touched, brought up to date in the delta.
void OrderBook::Handover::refreshSend() {
    for (const QString &id : std::as_const(retouched)) {
        const auto at = position.constFind(id);
        const auto in = sendAt.constFind(id);
        if (at != position.cend() && !same.contains(id)) {
            if (in != sendAt.cend()) {
                send[in.value()] = listed[at.value()];
            } else {
                sendAt.insert(id, send.size());
                send.append(listed[at.value()]);
            }
        } else if (in != sendAt.cend()) {
            const qsizetype i = in.value();
            sendAt.erase(in);
            const qsizetype last = send.size() - 1;
            if (i != last) {
                send[i] = std::move(send[last]);
                sendAt.insert(send[i].id, i);
            }
            send.removeLast();
        }
    }
    retouched.clear();
}

// Replays the journal with deltas until only a few changes are left for the GUI thread.
bool OrderBook::Run::catchUp(const RebuildInput &in, const std::atomic<bool> &cancel, Handover &h) {
    // When changes come in faster than they are replayed (a loaded machine), the swap decides
    // after a second at most (onWorkerDone).
    QElapsedTimer t;
    t.start();
    for (;;) {
        if (cancel.load(std::memory_order_relaxed))
            return false;
        const Journal batches = in.take(h.done, 64);
        for (const auto &batch : batches)
            for (const JournalEntry &e : *batch)
                h.absorb(e);
        h.done += batches.size();
        if (entriesIn(batches) < 16 || t.elapsed() > 1000)
            return true;
    }
}

void OrderBook::Run::again(std::shared_ptr<const RebuildInput> in, std::shared_ptr<Handover> h,
                           std::shared_ptr<std::atomic<bool>> cancel, std::shared_ptr<Link> link,
                           quint64 generation) {
    QElapsedTimer t;
    t.start();
    try {
        h->cancelled = !catchUp(*in, *cancel, *h);
        if (!h->cancelled)
            h->prepareSend();
    } catch (const std::exception &e) {
        h->error = QString::fromLocal8Bit(e.what());
    } catch (...) {
        h->error = QStringLiteral("unknown error");
    }
    h->workerMs += msSince(t);
    ++h->rounds;
    report(std::move(in), std::move(h), link, generation);
}

void OrderBook::Run::report(std::shared_ptr<const RebuildInput> in, std::shared_ptr<Handover> h,
                            const std::shared_ptr<Link> &link, quint64 generation) {
    if (h->cancelled || !h->error.isEmpty()) {
        const QString error = h->error;
        const bool cancelled = h->cancelled;
        *h = Handover{};
        h->error = error;
        h->cancelled = cancelled;
    }
    in.reset();
    link->deliver(generation, std::move(h));
}

void OrderBook::Run::rebuild(std::shared_ptr<const RebuildInput> in, DuplicateRules rules,
                             std::shared_ptr<std::atomic<bool>> cancel, std::shared_ptr<Link> link,
                             quint64 generation) {
    QElapsedTimer t;
    t.start();
    auto h = std::make_shared<Handover>();
    try {
        h->cancelled = !build(*in, std::move(rules), *cancel, *h);
    } catch (const std::exception &e) {
        h->error = QString::fromLocal8Bit(e.what());
    } catch (...) {
        h->error = QStringLiteral("unknown error");
    }
    h->workerMs = msSince(t);
    report(std::move(in), std::move(h), link, generation);
}

OrderBook::OrderBook(QObject *parent)
    : QObject(parent)
    , m_engine(std::make_unique<DuplicateEngine>())
    , m_rulesSince(QDateTime::currentDateTimeUtc()) // the built-in rules, from the start
    , m_link(std::make_shared<Link>()) {
    m_link->book = this;
}

OrderBook::~OrderBook() {
    {
        QMutexLocker lock(&m_link->mutex);
        m_link->book = nullptr; // a worker finishing now reports to nobody
    }
    for (auto &run : m_runs)
        if (run->cancel)
            run->cancel->store(true);
    // A worker checks for cancellation at least every few thousand orders.
    for (auto &run : m_runs)
        if (run->thread.joinable())
            run->thread.join();
}

// Folds a later delta into an earlier one: the last state of a cluster wins, and a cluster that
// expired from the retention window is gone for the views as a removed one is.
void OrderBook::emitDelta(ClusterDelta &&delta) {
    if (delta.isEmpty())
        return;
    // The members of every cluster in force, for carrying the ids over the next change of rules.
    // (During a rebuild the clusters are with it, and the journal carries the changes.)
    for (const QString &id : std::as_const(delta.removed)) {
        m_maxClusterNumber = std::max(m_maxClusterNumber, DuplicateEngine::clusterNumber(id));
        if (!m_rebuild)
            m_clusters.remove(id);
    }
    for (const DuplicateCluster &c : std::as_const(delta.changed)) {
        m_maxClusterNumber = std::max(m_maxClusterNumber, DuplicateEngine::clusterNumber(c.id));
        if (!m_rebuild)
            m_clusters.insert(c.id, c);
    }
    emit clustersChanged(delta);
}

void OrderBook::upsert(const QList<CanonicalOrder> &orders) {
    if (orders.isEmpty())
        return;
    if (m_holding) {
        m_held.push_back([this, orders] { upsert(orders); });
        return;
    }
    ClusterDeltaSum all;
    QStringList ids;
    ids.reserve(orders.size());
    auto batch = m_rebuild ? std::make_shared<JournalBatch>() : nullptr;
    for (const CanonicalOrder &o : orders) {
        if (o.id.isEmpty())
            continue; // nothing to know it by
        const auto it = m_index.constFind(o.id);
        if (it != m_index.cend()) {
            CanonicalOrder &current = m_slots[it.value()];
            if (current == o)
                continue;
            count(current, -1);
            if (current.saleOrderName != o.saleOrderName)
                m_byName.remove(current.saleOrderName);
            current = o;
        } else {
            quint32 slot;
            if (!m_freeSlots.empty()) {
                slot = m_freeSlots.back();
                m_freeSlots.pop_back();
                m_slots[slot] = o;
            } else {
                slot = quint32(m_slots.size());
                m_slots.push_back(o);
            }
            m_index.insert(o.id, slot);
        }
        count(o, +1);
        if (!o.saleOrderName.isEmpty())
            m_byName.insert(o.saleOrderName, o.id);
        ids.append(o.id);
        ClusterDelta d = m_engine->upsert(o);
        record(batch.get(), JournalUpsert, &o, {}, {}, d);
        all.add(std::move(d));
    }
    if (batch)
        m_rebuild->input->append(std::move(batch));
    // The clusters first: a listener of ordersChanged may change the book again (the intake
    // monitor hands an intake order over to its Odoo order), and the views must receive that
    // later delta after this one, or they keep the clusters it removed.
    emitDelta(all.take());
    if (!ids.isEmpty())
        emit ordersChanged(ids);
}

void OrderBook::remove(const QStringList &orderIds) {
    if (m_holding) {
        m_held.push_back([this, orderIds] { remove(orderIds); });
        return;
    }
    QStringList removed;
    ClusterDeltaSum all;
    auto batch = m_rebuild ? std::make_shared<JournalBatch>() : nullptr;
    for (const QString &id : orderIds) {
        const auto it = m_index.find(id);
        if (it == m_index.end())
            continue;
        const quint32 slot = it.value();
        m_index.erase(it);
        m_byName.remove(m_slots[slot].saleOrderName);
        count(m_slots[slot], -1);
        m_slots[slot] = CanonicalOrder{};
        m_freeSlots.push_back(slot);
        removed.append(id);
        ClusterDelta d = m_engine->remove(id);
        record(batch.get(), JournalRemove, nullptr, id, {}, d);
        all.add(std::move(d));
    }
    if (batch)
        m_rebuild->input->append(std::move(batch));
    emitDelta(all.take()); // before ordersRemoved, as in upsert()
    if (!removed.isEmpty())
        emit ordersRemoved(removed);
}

void OrderBook::markDistinct(const QString &orderA, const QString &orderB) {
    if (m_holding) {
        m_held.push_back([this, orderA, orderB] { markDistinct(orderA, orderB); });
        return;
    }
    if (orderA != orderB) {
        const auto pair = orderA < orderB ? qMakePair(orderA, orderB) : qMakePair(orderB, orderA);
        if (!m_distinct.contains(pair))
            m_distinct.append(pair);
    }
    ClusterDelta d = m_engine->markDistinct(orderA, orderB);
    if (m_rebuild) {
        auto batch = std::make_shared<JournalBatch>();
        record(batch.get(), JournalDistinct, nullptr, orderA, orderB, d);
        m_rebuild->input->append(std::move(batch));
    }
    ClusterDeltaSum delta;
    delta.add(std::move(d));
    emitDelta(delta.take());
}

void OrderBook::setDuplicateRules(DuplicateRules rules) {
    startRebuild(std::move(rules), {}, false);
}

void OrderBook::startRebuild(DuplicateRules rules, const QByteArray &json, bool known) {
    if (!m_rebuild) {
        QElapsedTimer t;
        t.start();
        m_rebuild = std::make_unique<Rebuild>();
        m_rebuild->since.start();
        auto in = std::make_shared<RebuildInput>();
        // Handed over, not shared: sharing would copy the whole hash on this thread at the next
        // change of a cluster. Until the swap the journal carries what changes.
        in->clusters = std::move(m_clusters);
        m_clusters.clear();
        in->maxNumber = m_maxClusterNumber;
        // Sized as the engine in force is at least, with room to grow: an index that grows
        // rehashes at once, and the first such pause would come soon after the swap.
        in->reserve = std::max(m_reserved, size() + size() / 4);
        in->orders.reserve(size_t(size() + size() / 8 + 1024));
        // A decision the old engine dropped (one of the orders changed since) stays dropped; one
        // about an order the engine does not hold (not seen yet, or cancelled) is kept.
        QList<QPair<QString, QString>> kept;
        for (const auto &pair : std::as_const(m_distinct)) {
            const auto old = m_engine->assess(pair.first, pair.second);
            if (old && !old->markedDistinct)
                continue;
            kept.append(pair);
        }
        m_distinct = kept;
        in->distinct = kept;
        m_rebuild->input = std::move(in);
        m_rebuild->figures.startMs = msSince(t);
        QTimer::singleShot(0, this, &OrderBook::copySlice);
    } else if (m_rebuild->cancel) {
        if (m_holding) // the new rebuild starts over: no holding changes back that long
            QTimer::singleShot(0, this, &OrderBook::releaseHeld);
        m_rebuild->cancel->store(true); // superseded: its worker stops at its next check
        m_rebuild->cancel.reset();
    }
    m_rebuild->rules = std::move(rules);
    m_rebuild->json = json;
    m_rebuild->known = known;
    if (m_rebuild->copied)
        startWorker();
    emit duplicateRulesApplying();
}

// Copies orders for the rebuild for a few milliseconds, then lets the event loop run.
void OrderBook::copySlice() {
    if (!m_rebuild || m_rebuild->copied)
        return;
    QElapsedTimer t;
    t.start();
    constexpr qint64 budgetNs = 4'000'000;
    std::vector<CanonicalOrder> &out = m_rebuild->input->orders;
    size_t i = m_rebuild->cursor;
    const size_t n = m_slots.size();
    while (i < n) {
        for (const size_t end = std::min(n, i + 256); i < end; ++i)
            if (!m_slots[i].id.isEmpty())
                out.push_back(m_slots[i]);
        if (t.nsecsElapsed() > budgetNs)
            break;
    }
    m_rebuild->cursor = i;
    RulesChangeFigures &f = m_rebuild->figures;
    ++f.slices;
    f.longestSliceMs = std::max(f.longestSliceMs, msSince(t));
    if (i < n) {
        QTimer::singleShot(0, this, &OrderBook::copySlice);
        return;
    }
    // Orders that came or changed during the copy are in the journal as well.
    f.orders = qsizetype(out.size());
    m_rebuild->copied = true;
    startWorker();
}

void OrderBook::startWorker() {
    auto run = std::make_unique<Run>();
    run->generation = ++m_generation;
    run->cancel = std::make_shared<std::atomic<bool>>(false);
    m_rebuild->cancel = run->cancel;
    m_rebuild->generation = run->generation;
    run->thread = std::thread(&Run::rebuild, std::shared_ptr<const RebuildInput>(m_rebuild->input),
                              m_rebuild->rules, run->cancel, m_link, run->generation);
    m_runs.push_back(std::move(run));
}

// Lets go of large containers on a thread of their own: freeing a million orders takes longer
// than a turn of the event loop may.
void OrderBook::letGo(std::shared_ptr<void> what) {
    auto run = std::make_unique<Run>();
    run->generation = ++m_generation;
    run->thread = std::thread(
        [](std::shared_ptr<void> w, std::shared_ptr<Link> link, quint64 generation) {
            w.reset();
            link->deliver(generation, nullptr);
        },
        std::move(what), m_link, run->generation);
    m_runs.push_back(std::move(run));
}

void OrderBook::onWorkerDone(quint64 generation, std::shared_ptr<Handover> result) {
    for (auto it = m_runs.begin(); it != m_runs.end(); ++it) {
        if ((*it)->generation == generation) {
            if ((*it)->thread.joinable())
                (*it)->thread.join(); // it has nothing left to do but return
            m_runs.erase(it);
            break;
        }
    }
    if (!result || result->cancelled)
        return; // letting go, or cancelled
    if (!m_rebuild || !m_rebuild->cancel || generation != m_rebuild->generation) {
        letGo(std::move(result)); // superseded after it was done: a whole engine to free
        return;
    }
    if (!result->error.isEmpty()) {
        const QString message =
            tr("The new duplicate rules could not be applied: %1. The rules in force stay; a "
               "lead can try the change again on the settings screen.")
                .arg(result->error);
        cancelRebuild();
        emit duplicateRulesRefused(message);
        return;
    }
    // More came in than the swap should replay here (the GUI thread was busy): the worker
    // catches up once more first.
    if (m_rebuild->input->pendingEntries(result->done) > 64) {
        // Still behind after a few rounds: changes come in faster than the worker replays them.
        // The book holds new changes back (queued, applied after the swap, one call per turn of
        // the event loop) so that the journal stops growing and the worker finishes.
        if (result->rounds >= 3)
            m_holding = true;
        auto run = std::make_unique<Run>();
        run->generation = ++m_generation;
        run->cancel = m_rebuild->cancel;
        m_rebuild->generation = run->generation;
        run->thread =
            std::thread(&Run::again, std::shared_ptr<const RebuildInput>(m_rebuild->input),
                        std::move(result), run->cancel, m_link, run->generation);
        m_runs.push_back(std::move(run));
        return;
    }
    finishRebuild(*result);
}

void OrderBook::finishRebuild(Handover &h) {
    QElapsedTimer t;
    t.start();
    Rebuild &rb = *m_rebuild;
    // The changes made since the worker's last look, replayed here: a few at most.
    const Journal tail = rb.input->take(h.done, std::numeric_limits<size_t>::max());
    for (const auto &batch : tail)
        for (const JournalEntry &e : *batch)
            h.absorb(e);

    auto old = std::shared_ptr<DuplicateEngine>(std::move(m_engine));
    m_engine = std::move(h.engine);
    // The clusters as the views held them go with the old engine (freeing a hundred thousand
    // of them is a pause of its own).
    auto shown = std::make_shared<QHash<QString, DuplicateCluster>>(std::move(m_clusters));
    m_clusters = std::move(h.members.clusters);
    m_maxClusterNumber = std::max({m_maxClusterNumber, h.members.maxNumber, h.previous.maxNumber});
    m_rulesSince = QDateTime::currentDateTimeUtc();
    m_rulesJson = rb.json;
    m_rulesKnown = rb.known;

    // Every cluster under the new rules that the views do not hold as it is.
    // (Built by the worker; only what the last replayed changes touched is redone here.)
    auto delta = std::make_shared<ClusterDelta>();
    h.refreshSend();
    delta->changed = std::move(h.send);
    delta->removed = QStringList(h.removed.cbegin(), h.removed.cend());

    RulesChangeFigures f = rb.figures;
    f.workerMs = h.workerMs;
    f.replayed = h.replayed;
    f.tail = qsizetype(entriesIn(tail));
    f.rounds = h.rounds;
    f.carried = h.carried;
    f.clusters = qsizetype(m_clusters.size());
    f.sent = delta->changed.size();
    auto leftovers = std::make_shared<Handover>(std::move(h));
    auto input = std::move(rb.input);
    f.swapMs = msSince(t);
    f.totalMs = msSince(rb.since);
    m_figures = f;
    m_rebuild.reset();
    // Moved, not copied: the last reference must be the other thread's.
    letGo(std::make_shared<std::tuple<std::shared_ptr<DuplicateEngine>, std::shared_ptr<Handover>,
                                      std::shared_ptr<RebuildInput>,
                                      std::shared_ptr<QHash<QString, DuplicateCluster>>>>(
        std::move(old), std::move(leftovers), std::move(input), std::move(shown)));

    if (!delta->isEmpty())
        emit clustersChanged(*delta);
    letGo(std::move(delta));
    emit duplicateRulesApplied();
    if (m_holding)
        QTimer::singleShot(0, this, &OrderBook::releaseHeld);
}

// Applies the changes held back at the end of a rebuild, one call per turn of the event loop;
// calls made meanwhile queue behind them.
void OrderBook::releaseHeld() {
    if (m_heldNext >= m_held.size()) {
        m_held.clear();
        m_heldNext = 0;
        m_holding = false;
        return;
    }
    const std::function<void()> call = std::move(m_held[m_heldNext++]);
    m_holding = false;
    call();
    m_holding = true;
    QTimer::singleShot(0, this, &OrderBook::releaseHeld);
}

void OrderBook::cancelRebuild() {
    if (!m_rebuild)
        return;
    if (m_rebuild->cancel)
        m_rebuild->cancel->store(true);
    // The clusters back from the rebuild's input, with the changes journaled since (a copy: a
    // worker may still be reading the input).
    const RebuildInput &in = *m_rebuild->input;
    m_clusters = in.clusters;
    for (const auto &batch : in.take(0, std::numeric_limits<size_t>::max())) {
        for (const JournalEntry &e : *batch) {
            for (const QString &id : e.old.removed)
                m_clusters.remove(id);
            for (const QString &id : e.old.expired)
                m_clusters.remove(id);
            for (const DuplicateCluster &c : e.old.changed)
                m_clusters.insert(c.id, c);
        }
    }
    letGo(std::move(m_rebuild->input));
    m_rebuild.reset();
    if (m_holding)
        QTimer::singleShot(0, this, &OrderBook::releaseHeld);
}

QString OrderBook::applyDuplicateRules(const QByteArray &json) {
    const bool pendingSame = m_rebuild && m_rebuild->known && json == m_rebuild->json;
    const bool inForceSame = m_rulesKnown && json == m_rulesJson;
    if (pendingSame || (!m_rebuild && inForceSame))
        return {}; // already in force or on the way: no rebuild (the start, another setting)
    if (inForceSame) {
        cancelRebuild(); // back to the rules in force before the change was done
        emit duplicateRulesApplied();
        return {};
    }
    if (json.trimmed().isEmpty()) {
        startRebuild(DuplicateRules::defaults(), json, true);
        return {};
    }
    QString error;
    DuplicateRules rules = DuplicateRules::fromJson(json, &error);
    if (!error.isEmpty()) {
        const QString message =
            tr("The team's new duplicate rules were not applied: %1. The rules in force stay; a "
               "lead can correct the rules on the settings screen.")
                .arg(error);
        emit duplicateRulesRefused(message);
        return message;
    }
    startRebuild(std::move(rules), json, true);
    return {};
}

void OrderBook::followTeamRules(const ActionDesk *desk) {
    disconnect(m_rulesFollow);
    if (!desk)
        return;
    m_rulesFollow = connect(desk, &ActionDesk::duplicateRulesChanged, this,
                            [this, desk] { applyDuplicateRules(desk->duplicateRules()); });
    applyDuplicateRules(desk->duplicateRules());
}

void OrderBook::reserve(qsizetype orders) {
    if (orders <= m_reserved)
        return;
    m_reserved = orders;
    m_index.reserve(orders);
    m_byName.reserve(orders);
    m_engine->reserve(orders);
}

const CanonicalOrder *OrderBook::order(const QString &id) const {
    const auto it = m_index.constFind(id);
    return it == m_index.cend() ? nullptr : &m_slots[it.value()];
}

const CanonicalOrder *OrderBook::orderBySaleOrderName(const QString &name) const {
    auto it = m_byName.constFind(name);
    return it == m_byName.cend() ? nullptr : order(*it);
}

QList<const CanonicalOrder *> OrderBook::orders() const {
    QList<const CanonicalOrder *> r;
    r.reserve(m_index.size());
    for (const CanonicalOrder &o : m_slots)
        if (!o.id.isEmpty())
            r.append(&o);
    return r;
}

void OrderBook::count(const CanonicalOrder &o, int sign) {
    auto &f = m_summary.stages[static_cast<size_t>(o.stage)];
    f.count += sign;
    f.value += sign * o.amountTotal;
    if (f.count == 0)
        f.value = 0; // no rounding residue on an empty stage
}

} // namespace o2c
