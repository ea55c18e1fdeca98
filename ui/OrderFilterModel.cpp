// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFilterModel.h"

#include "OrderTableModel.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>
#include <numeric>
#include <string_view>

namespace o2c::ui {

namespace {

constexpr int defaultBatchIntervalMs = 100;
// More separate runs of inserted and removed rows than this in one batch: one layout change
// instead (each run costs the view a pass over its sections).
constexpr int maxRunsPerBatch = 32;
// The queries whose matches are remembered (one byte per row each: 1 MB at a million rows).
constexpr qsizetype rememberedQueries = 8;
// A query extending a remembered one searches only that one's matches when they are at most this
// share of the rows; above it, the rows' scattered keys cost more than reading all blocks.
constexpr qsizetype narrowingShare = 4; // 1/4
// A narrowing among at most this share of the rows is done on the GUI thread.
constexpr qsizetype lightNarrowingShare = 16; // 1/16
// Matches at most this share of the rows are put in order by their places in the permutation
// instead of walking all of it.
constexpr qsizetype sparseShare = 16; // 1/16
// Rows per task when the rows a narrowing query searches are shared out between threads.
constexpr qsizetype rowsPerTask = 1 << 16;

// Place labels (OrderFilterModel::m_label): a row not in the permutation, the distance between
// neighbours when labels are handed out afresh, and how far they may drift from zero before all
// are handed out again (rows placed before the first or after the last again and again).
constexpr qint64 notPlaced = std::numeric_limits<qint64>::min();
constexpr qint64 labelSpacing = qint64(1) << 32;
constexpr qint64 labelLimit = qint64(1) << 61;
// A crowded gap is relabelled over the smallest window around it (doubling) whose labels leave at
// least this distance between neighbours.
constexpr qint64 relabelSpacing = qint64(1) << 12;

QList<qint64> labelsFor(const QList<int> &perm, qsizetype count) {
    QList<qint64> label(count, notPlaced);
    qint64 *const out = label.data();
    for (qsizetype i = 0; i < perm.size(); ++i)
        if (perm.at(i) < count)
            out[perm.at(i)] = qint64(i) * labelSpacing;
    return label;
}

// The index of the first of `rows` (ascending labels) whose label is not below `l`.
qsizetype lowerBoundByLabel(const QList<int> &rows, const qint64 *label, qint64 l) {
    const auto at = std::lower_bound(rows.cbegin(), rows.cend(), l,
                                     [label](int r, qint64 v) { return label[r] < v; });
    return at - rows.cbegin();
}

// Takes the elements at `at` (ascending indices) out of `list`, moving the rest up.
template<typename Index> void eraseSorted(QList<int> &list, const Index &at) {
    if (at.empty())
        return;
    int *const d = list.data();
    qsizetype to = qsizetype(at[0]);
    for (size_t k = 0; k < size_t(at.size()); ++k) {
        const qsizetype from = qsizetype(at[k]) + 1;
        const qsizetype end = k + 1 < size_t(at.size()) ? qsizetype(at[k + 1]) : list.size();
        std::copy(d + from, d + end, d + to);
        to += end - from;
    }
    list.resize(to);
}

// Sorted indices as runs of neighbours (first, last).
QList<QPair<int, int>> runsOf(const QList<int> &sorted) {
    QList<QPair<int, int>> runs;
    for (int i : sorted) {
        if (!runs.isEmpty() && runs.last().second == i - 1)
            runs.last().second = i;
        else
            runs.append({i, i});
    }
    return runs;
}

// The rows in sort order; ties keep the source order (new orders last).
QList<int> sortedRows(int count, int column, Qt::SortOrder order,
                      const OrderTableModel::SortValues &values) {
    QList<int> perm(count);
    std::iota(perm.begin(), perm.end(), 0);
    if (column < 0)
        return perm;
    const bool descending = order == Qt::DescendingOrder;
    if (!values.texts.isEmpty()) {
        QList<QString> folded;
        folded.reserve(values.texts.size());
        for (const QString &t : values.texts)
            folded.append(t.toCaseFolded());
        std::stable_sort(perm.begin(), perm.end(), [&](int a, int b) {
            const int c = QString::compare(folded.at(a), folded.at(b));
            return descending ? c > 0 : c < 0;
        });
    } else if (!values.numbers.isEmpty()) {
        const QList<double> &n = values.numbers;
        std::stable_sort(perm.begin(), perm.end(), [&](int a, int b) {
            return descending ? n.at(b) < n.at(a) : n.at(a) < n.at(b);
        });
    }
    return perm;
}

// Runs task(0) .. task(tasks - 1) on the calling thread and `helpers` more threads of the pool,
// each taking the next task not yet taken (a thread the machine schedules late takes fewer).
template<typename Task>
void shareOut(QThreadPool *pool, int helpers, qsizetype tasks, const Task &task) {
    std::atomic<qsizetype> next = 0;
    const auto drain = [&] {
        for (qsizetype t = next.fetch_add(1); t < tasks; t = next.fetch_add(1))
            task(t);
    };
    QList<QFuture<void>> running;
    for (qsizetype h = 0; h < std::min<qsizetype>(helpers, tasks - 1); ++h)
        running.append(QtConcurrent::run(pool, drain));
    drain();
    for (QFuture<void> &f : running)
        f.waitForFinished(); // runs it here when no thread of the pool has taken it yet
}

// The rows whose key contains the text: every block searched, or (narrowing) only the rows a
// query contained in this one matched. Both sides are case-folded UTF-8. Returns how many match,
// or -1 when cancelled.
template<typename Cancelled>
qsizetype findMatches(const OrderSearchKeys &keys, const QByteArray &text, const QByteArray *within,
                      QThreadPool *pool, int helpers, const Cancelled &cancelled,
                      QByteArray &hits) {
    const qsizetype count = keys.size();
    hits = QByteArray(count, 0);
    const OrderSearchKeys::Query query(keys,
                                       std::string_view(text.constData(), size_t(text.size())));
    char *const hit = hits.data();
    std::atomic<qsizetype> found = 0;
    if (!within && !query.signatureDecides()) {
        shareOut(pool, helpers, keys.blockCount(), [&](qsizetype block) {
            if (!cancelled())
                found += keys.matchBlock(block, query, hit);
        });
    } else {
        // Row by row: one letter or digit (the signatures answer), or only the rows a query
        // contained in this one matched. Rows the remembered matches do not cover yet are
        // searched in full.
        const char *const candidate = within ? within->constData() : nullptr;
        const qsizetype known = within ? std::min(count, within->size()) : count;
        shareOut(pool, helpers, (count + rowsPerTask - 1) / rowsPerTask, [&](qsizetype task) {
            if (cancelled())
                return;
            const qsizetype from = task * rowsPerTask, to = std::min(count, from + rowsPerTask);
            qsizetype n = 0;
            if (from < known)
                n += keys.matchRows(from, std::min(to, known), query, hit, candidate);
            if (to > known)
                n += keys.matchRows(std::max(from, known), to, query, hit);
            found += n;
        });
    }
    return cancelled() ? -1 : found.load();
}

// The shown rows: the matching rows of the stage in the permutation's order. Few matches: they
// are put in order by their place labels in it (`label`, when given); many: the permutation is
// walked, without a branch per row.
QList<int> walk(const QList<int> &perm, const QList<qint64> &label, qsizetype count,
                const char *hit, qsizetype hitCount, const QList<quint8> &stages, int stage) {
    if (!hit && stage < 0) {
        if (perm.size() == count)
            return perm; // every row, in sort order: shared, not copied
        QList<int> rows;
        rows.reserve(perm.size());
        for (int r : perm)
            if (r < count)
                rows.append(r);
        return rows;
    }
    const quint8 *const stageOf = stages.constData();
    if (hit && hitCount * sparseShare <= count && label.size() >= count) {
        std::vector<std::pair<qint64, int>> placed; // (place label in the permutation, row)
        placed.reserve(size_t(hitCount));
        forEachSet(hit, 0, count, [&](qsizetype r) {
            if ((stage < 0 || stageOf[r] == stage) && label.at(r) != notPlaced)
                placed.emplace_back(label.at(r), int(r));
        });
        std::sort(placed.begin(), placed.end());
        QList<int> rows(qsizetype(placed.size()));
        for (size_t i = 0; i < placed.size(); ++i)
            rows[qsizetype(i)] = placed[i].second;
        return rows;
    }
    QList<int> rows(perm.size());
    int *const out = rows.data();
    qsizetype n = 0;
    for (int r : perm) {
        out[n] = r;
        const bool in = r < count && (!hit || hit[r]) && (stage < 0 || stageOf[r] == stage);
        n += in;
    }
    rows.resize(n);
    return rows;
}

} // namespace

OrderFilterModel::OrderFilterModel(QObject *parent)
    : FlatProxyModel(parent) {
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(defaultBatchIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &OrderFilterModel::processBatch);
    // The filter's own threads: one for the work, one more per other core for its helpers (a
    // thread of the global pool could be taken by someone else's long job).
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        if (m_busy && m_watcher.future().isValid() && m_watcher.future().resultCount() > 0)
            applyResult(m_watcher.future().result());
    });
}

OrderFilterModel::~OrderFilterModel() {
    m_watcher.waitForFinished();
}

void OrderFilterModel::setSourceModel(QAbstractItemModel *source) {
    beginResetModel();
    for (const auto &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    ++m_generation;
    m_watcher.waitForFinished();
    m_busy = false;
    m_source = qobject_cast<OrderTableModel *>(source);
    Q_ASSERT_X(!source || m_source, "OrderFilterModel", "the source must be an OrderTableModel");
    QAbstractProxyModel::setSourceModel(m_source);
    m_rows.clear();
    m_permutation.clear();
    m_label.clear();
    m_dirty.clear();
    m_dirtyRows.clear();
    m_remembered.clear();
    if (m_source) {
        m_sourceConnections << connect(m_source, &QAbstractItemModel::rowsInserted, this,
                                       [this](const QModelIndex &, int first, int last) {
                                           onSourceRowsInserted(first, last);
                                       })
                            << connect(m_source, &OrderTableModel::rowsTouched, this,
                                       &OrderFilterModel::onSourceRowsTouched)
                            << connect(m_source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                                       [this](const QModelIndex &, int first, int last) {
                                           onSourceRowsAboutToBeRemoved(first, last);
                                       })
                            << connect(m_source, &QAbstractItemModel::rowsRemoved, this,
                                       [this](const QModelIndex &, int first, int last) {
                                           onSourceRowsRemoved(first, last);
                                       })
                            << connect(m_source, &QAbstractItemModel::modelReset, this,
                                       &OrderFilterModel::onSourceReset)
                            << connect(m_source, &QAbstractItemModel::headerDataChanged, this,
                                       &QAbstractItemModel::headerDataChanged);
    }
    endResetModel();
    if (m_source)
        requestRefilter(true);
}

void OrderFilterModel::setFilterFixedString(const QString &text) {
    QString folded = text.trimmed().toCaseFolded();
    folded.removeIf([](QChar c) { return c.category() == QChar::Other_Control; });
    if (folded == m_text)
        return;
    m_text = folded;
    requestRefilter(false);
}

void OrderFilterModel::setStage(int stage) {
    if (stage == m_stage)
        return;
    m_stage = stage;
    requestRefilter(false);
}

void OrderFilterModel::sort(int column, Qt::SortOrder order) {
    if (column >= OrderTableModel::ColumnCount)
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    requestRefilter(true);
}

void OrderFilterModel::requestRefilter(bool resort) {
    if (!m_source)
        return;
    if (m_busy) {
        // The running one is outdated: its result is dropped, this one follows it.
        ++m_generation;
        m_pendingRefilter = true;
        m_pendingResort = m_pendingResort || resort;
        return;
    }
    // What the source gathered so far belongs in the permutation the filter walks.
    if (!resort)
        processBatch();
    // The snapshot holds every row as it is now; changes from here on are applied after it.
    refreshRemembered(m_dirtyRows);
    for (int row : std::as_const(m_dirtyRows))
        m_dirty[size_t(row)] = 0;
    m_dirtyRows.clear();

    const int count = m_source->rowCount();
    const int generation = ++m_generation;
    const int column = m_sortColumn;
    const Qt::SortOrder order = m_sortOrder;
    const OrderTableModel::SortValues values =
        resort && column >= 0 ? m_source->sortValues(column) : OrderTableModel::SortValues{};
    const QList<int> perm = resort ? QList<int>{} : m_permutation;
    const QList<qint64> position = resort ? QList<qint64>{} : m_label;
    const OrderSearchKeys keys = m_source->searchKeys();
    const QList<quint8> stages = m_source->stages();
    const QByteArray text = m_text.toUtf8();
    const int stage = m_stage;
    // What is remembered: this very query (nothing to search), or the narrowest one it extends
    // (only the rows that one matched can match), when it kept few enough rows.
    Matches known;
    bool exact = false, narrowing = false;
    if (!text.isEmpty()) {
        if (const Matches *m = remembered(text); m && m->hits.size() >= count) {
            known = *m;
            exact = true;
        } else {
            for (const Matches &candidate : std::as_const(m_remembered)) {
                if (candidate.count * narrowingShare > count || !text.contains(candidate.text))
                    continue;
                if (!narrowing || candidate.count < known.count) {
                    known = candidate;
                    narrowing = true;
                }
            }
        }
    }
    // Off the GUI thread when large and the keys are read in full: a sort, or a search through
    // every block. Walking the permutation (a remembered query, a stage, no text), one letter or
    // digit (the signatures), or a narrowing among few rows takes a few milliseconds; handing it to
    // a worker and back would cost more than that on a busy machine.
    const auto light = [&] {
        if (text.isEmpty() || exact)
            return true;
        if (narrowing)
            return known.count * lightNarrowingShare <= count;
        return OrderSearchKeys::Query(keys, std::string_view(text.constData(), size_t(text.size())))
            .signatureDecides();
    };
    const bool async = count > m_asyncThreshold && (resort || !light());
    const int helpers = async ? std::max(0, QThread::idealThreadCount() - 1) : 0;
    QThreadPool *const pool = &m_pool;
    const std::atomic<int> *const latest = &m_generation;
    auto work = [=] {
        const auto cancelled = [&] {
            return latest->load(std::memory_order_relaxed) != generation;
        };
        Result r;
        r.generation = generation;
        r.resorted = resort;
        if (resort) {
            r.permutation = sortedRows(count, column, order, values);
            r.labels = labelsFor(r.permutation, count);
        }
        if (!text.isEmpty()) {
            r.matches.text = text;
            if (exact) {
                r.matches = known;
            } else {
                r.matches.count = findMatches(keys, text, narrowing ? &known.hits : nullptr, pool,
                                              helpers, cancelled, r.matches.hits);
                if (r.matches.count < 0) {
                    r.cancelled = true;
                    return r;
                }
            }
        }
        r.rows = walk(resort ? r.permutation : perm, resort ? QList<qint64>{} : position,
                      std::min(keys.size(), stages.size()),
                      text.isEmpty() ? nullptr : r.matches.hits.constData(), r.matches.count,
                      stages, stage);
        return r;
    };
    m_busy = true;
    if (!async) {
        applyResult(work());
        return;
    }
    m_watcher.setFuture(QtConcurrent::run(pool, work));
}

void OrderFilterModel::applyResult(Result result) {
    m_busy = false;
    if (result.generation != m_generation || result.cancelled) {
        // Outdated (a newer request or a removal came meanwhile): run what is asked now. A dropped
        // resort took the gathered rows with it, so the next one sorts everything again.
        const bool resort = m_pendingResort || result.resorted;
        m_pendingRefilter = m_pendingResort = false;
        requestRefilter(resort);
        return;
    }
    if (!result.matches.text.isEmpty())
        remember(std::move(result.matches));
    beginResetModel();
    m_rows = std::move(result.rows);
    if (result.resorted) {
        m_permutation = std::move(result.permutation);
        m_label = std::move(result.labels);
    }
    endResetModel();
    emit filtered();
    if (m_pendingRefilter) {
        const bool resort = m_pendingResort;
        m_pendingRefilter = m_pendingResort = false;
        requestRefilter(resort);
        return;
    }
    if (!m_dirtyRows.isEmpty())
        scheduleBatch();
}

const OrderFilterModel::Matches *OrderFilterModel::remembered(const QByteArray &text) const {
    for (const Matches &m : m_remembered)
        if (m.text == text)
            return &m;
    return nullptr;
}

// The latest first. Over the limit, the oldest one that is found again cheaply (one letter, or a
// narrowing from another remembered query) goes (so the short, costly prefixes of what was typed
// stay for backspace); the oldest of all when there is none.
void OrderFilterModel::remember(Matches matches) {
    m_remembered.removeIf([&](const Matches &m) { return m.text == matches.text; });
    m_remembered.prepend(std::move(matches));
    if (m_remembered.size() <= rememberedQueries)
        return;
    const qsizetype rows = m_source->rowCount();
    const OrderSearchKeys &keys = m_source->searchKeys();
    const auto cheap = [&](const Matches &m) {
        if (OrderSearchKeys::Query(keys,
                                   std::string_view(m.text.constData(), size_t(m.text.size())))
                .signatureDecides())
            return true; // one letter or digit: the signatures answer it at once
        for (const Matches &other : std::as_const(m_remembered))
            if (&other != &m && other.count * narrowingShare <= rows && m.text.contains(other.text))
                return true;
        return false;
    };
    qsizetype drop = m_remembered.size() - 1;
    for (qsizetype i = m_remembered.size() - 1; i > 0; --i) {
        if (cheap(m_remembered.at(i))) {
            drop = i;
            break;
        }
    }
    m_remembered.remove(drop);
}

// The remembered matches follow the rows that changed (and the ones added).
void OrderFilterModel::refreshRemembered(const QList<int> &rows) {
    if (m_remembered.isEmpty() || rows.isEmpty())
        return;
    const OrderSearchKeys &keys = m_source->searchKeys();
    for (Matches &m : m_remembered) {
        const OrderSearchKeys::Query query(
            keys, std::string_view(m.text.constData(), size_t(m.text.size())));
        if (m.hits.size() < keys.size())
            m.hits.resize(keys.size(), 0);
        char *const hit = m.hits.data();
        for (int r : rows) {
            if (r >= keys.size())
                continue;
            const char now = keys.contains(r, query) ? 1 : 0;
            m.count += now - hit[r];
            hit[r] = now;
        }
    }
}

void OrderFilterModel::settle() {
    for (int guard = 0; guard < 100; ++guard) {
        if (m_busy) {
            m_watcher.waitForFinished();
            if (m_busy && m_watcher.future().resultCount() > 0)
                applyResult(m_watcher.future().result());
            continue;
        }
        if (m_dirtyRows.isEmpty())
            return;
        processBatch();
    }
}

qsizetype OrderFilterModel::proxyRowOf(int sourceRow) const {
    if (sourceRow < 0 || sourceRow >= m_label.size() || m_label.at(sourceRow) == notPlaced)
        return -1;
    const qsizetype at = lowerBoundByLabel(m_rows, m_label.constData(), m_label.at(sourceRow));
    return at < m_rows.size() && m_rows.at(at) == sourceRow ? at : -1;
}

bool OrderFilterModel::accepts(int sourceRow, const Matches *matches) const {
    if (m_stage >= 0 && m_source->stages().at(sourceRow) != m_stage)
        return false;
    if (m_text.isEmpty())
        return true;
    if (matches && sourceRow < matches->hits.size())
        return matches->hits.at(sourceRow) != 0;
    const QByteArray needle = m_text.toUtf8();
    const OrderSearchKeys &keys = m_source->searchKeys();
    return keys.contains(
        sourceRow,
        OrderSearchKeys::Query(keys, std::string_view(needle.constData(), size_t(needle.size()))));
}

bool OrderFilterModel::rowLess(int a, int b) const {
    if (m_sortColumn < 0)
        return a < b;
    int c = m_source->compareRows(m_sortColumn, a, b);
    if (m_sortOrder == Qt::DescendingOrder)
        c = -c;
    return c < 0 || (c == 0 && a < b);
}

void OrderFilterModel::scheduleBatch() {
    if (m_busy)
        return; // applied after the running filter
    if (m_source && m_source->rowCount() <= m_asyncThreshold) {
        processBatch(); // small: at once
        return;
    }
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void OrderFilterModel::onSourceRowsInserted(int first, int last) {
    if (m_dirty.size() < size_t(last) + 1)
        m_dirty.resize(size_t(last) + 1, 0);
    for (int r = first; r <= last; ++r) {
        if (!m_dirty[size_t(r)]) {
            m_dirty[size_t(r)] = 1;
            m_dirtyRows.append(r);
        }
    }
    scheduleBatch();
}

void OrderFilterModel::onSourceRowsTouched(const QList<int> &rows) {
    for (int r : rows) {
        if (r < 0)
            continue;
        if (m_dirty.size() <= size_t(r))
            m_dirty.resize(size_t(r) + 1, 0);
        if (!m_dirty[size_t(r)]) {
            m_dirty[size_t(r)] = 1;
            m_dirtyRows.append(r);
        }
    }
    scheduleBatch();
}

void OrderFilterModel::onSourceRowsAboutToBeRemoved(int, int) {
    // Rare (orders deleted in Odoo): a reset, and the row numbers move.
    beginResetModel();
    if (m_busy) {
        ++m_generation;
        m_pendingRefilter = true;
        m_pendingResort = true;
    }
}

void OrderFilterModel::onSourceRowsRemoved(int first, int last) {
    const int n = last - first + 1;
    const auto renumber = [&](QList<int> &rows) {
        QList<int> kept;
        kept.reserve(rows.size());
        for (int r : std::as_const(rows)) {
            if (r < first)
                kept.append(r);
            else if (r > last)
                kept.append(r - n);
        }
        rows = std::move(kept);
    };
    renumber(m_permutation);
    renumber(m_rows);
    renumber(m_dirtyRows);
    for (Matches &m : m_remembered) {
        if (first < m.hits.size()) {
            const qsizetype end = std::min<qsizetype>(m.hits.size(), last + 1);
            m.count -= std::count(m.hits.cbegin() + first, m.hits.cbegin() + end, 1);
            m.hits.remove(first, end - first);
        }
    }
    if (first < m_label.size())
        m_label.remove(first, std::min<qsizetype>(m_label.size(), last + 1) - first);
    m_dirty.assign(size_t(m_source->rowCount()), 0);
    for (int r : std::as_const(m_dirtyRows))
        m_dirty[size_t(r)] = 1;
    endResetModel();
}

void OrderFilterModel::onSourceReset() {
    beginResetModel();
    ++m_generation;
    m_remembered.clear();
    m_rows.clear();
    m_permutation.clear();
    m_label.clear();
    m_dirty.clear();
    m_dirtyRows.clear();
    endResetModel();
    if (m_busy) {
        m_pendingRefilter = m_pendingResort = true;
        return;
    }
    requestRefilter(true);
}

// Folds the gathered source changes into the permutation and the shown rows, and tells the views
// as a few runs of removed and inserted rows and one changed range. Its cost follows the rows
// that changed, not the list: each is found in the permutation and among the shown rows by a
// binary search of the place labels; a changed row stays where it is when it is still in order
// with its unchanged neighbours, and the others are placed again by binary search. What remains
// of the list's size is moving the arrays' tails (memmove) where rows come and go.
void OrderFilterModel::processBatch() {
    m_batchTimer.stop();
    if (!m_source || m_busy || m_dirtyRows.isEmpty())
        return;
    const int count = m_source->rowCount();
    if (m_label.size() < count)
        m_label.resize(count, notPlaced);
    if (m_dirty.size() < size_t(count))
        m_dirty.resize(size_t(count), 0);
    refreshRemembered(m_dirtyRows);
    const Matches *const current = remembered(m_text.toUtf8());

    // 1. The changed rows already in the permutation, by their place in it; and the new ones.
    struct Placed {
        qsizetype at;
        int row;
    };
    std::vector<Placed> placed;
    placed.reserve(size_t(m_dirtyRows.size()));
    QList<int> placing; // rows to place by binary search: new ones, and changed ones out of order
    {
        const qint64 *const label = m_label.constData();
        for (int r : std::as_const(m_dirtyRows)) {
            if (r >= count)
                continue;
            if (label[r] == notPlaced)
                placing.append(r);
            else
                placed.push_back({lowerBoundByLabel(m_permutation, label, label[r]), r});
        }
    }
    std::sort(placed.begin(), placed.end(),
              [](const Placed &x, const Placed &y) { return x.at < y.at; });

    // 2. Which changed rows stay in place. The rows that did not change are in order among
    // themselves, so a changed row can stay when it comes after the nearest unchanged row before
    // it (or after the changed one between them that stays) and before the nearest unchanged row
    // after it.
    std::vector<char> stays(placed.size(), 1);
    if (m_sortColumn >= 0 && !placed.empty()) {
        const int *const perm = m_permutation.constData();
        const qsizetype n = m_permutation.size();
        std::vector<qsizetype> after(placed.size()); // the nearest unchanged row after each
        for (size_t i = placed.size(); i-- > 0;) {
            const bool next = i + 1 < placed.size() && placed[i + 1].at == placed[i].at + 1;
            after[i] = next ? after[i + 1] : placed[i].at + 1;
        }
        qsizetype before = -1, keptAt = -1;
        int kept = -1;
        for (size_t i = 0; i < placed.size(); ++i) {
            if (i == 0 || placed[i - 1].at != placed[i].at - 1)
                before = placed[i].at - 1;
            const int r = placed[i].row;
            const int lower = keptAt > before ? kept : (before >= 0 ? perm[before] : -1);
            const bool ok =
                (lower < 0 || rowLess(lower, r)) && (after[i] >= n || rowLess(r, perm[after[i]]));
            stays[i] = ok;
            if (ok) {
                keptAt = placed[i].at;
                kept = r;
            }
        }
    }
    for (int r : std::as_const(m_dirtyRows))
        if (size_t(r) < m_dirty.size())
            m_dirty[size_t(r)] = 0;
    m_dirtyRows.clear();

    // 3. What the views are told: shown rows that go (hidden now, or placed again), shown rows
    // that stay with new values, rows to show.
    QList<int> leavingShown; // proxy rows
    QList<int> changed, showing;
    std::vector<qsizetype> leaving; // indices in the permutation of the rows placed again
    for (int r : std::as_const(placing))
        if (accepts(r, current))
            showing.append(r);
    for (size_t i = 0; i < placed.size(); ++i) {
        const int r = placed[i].row;
        const bool in = accepts(r, current);
        const qsizetype shownAt = proxyRowOf(r);
        if (!stays[i]) {
            leaving.push_back(placed[i].at);
            placing.append(r);
        }
        if (shownAt >= 0 && (!in || !stays[i]))
            leavingShown.append(int(shownAt));
        else if (shownAt >= 0)
            changed.append(r);
        if (in && (shownAt < 0 || !stays[i]))
            showing.append(r);
    }
    std::sort(leavingShown.begin(), leavingShown.end());
    const QList<QPair<int, int>> removedRuns = runsOf(leavingShown);

    // 4. Where the rows to show come in, found before anything moves (so the views are told
    // either runs of rows or one layout change, never both): the rows that stay shown are in sort
    // order, so a binary search among them (stepping over the ones that go) by the sort order,
    // less the rows that go before that place, plus the rows to show before it.
    const auto less = [this](int a, int b) { return rowLess(a, b); };
    std::sort(showing.begin(), showing.end(), less);
    QList<int> insertAt(showing.size());
    if (!showing.isEmpty()) {
        for (int p : std::as_const(leavingShown))
            m_dirty[size_t(m_rows.at(p))] = 1; // scratch: the rows that go
        const int *const rows = m_rows.constData();
        const qsizetype shownCount = m_rows.size();
        qsizetype from = 0;
        for (qsizetype j = 0; j < showing.size(); ++j) {
            const int r = showing.at(j);
            qsizetype lo = from, hi = shownCount;
            while (lo < hi) {
                const qsizetype mid = lo + (hi - lo) / 2;
                qsizetype m = mid;
                while (m < hi && m_dirty[size_t(rows[m])])
                    ++m;
                if (m < hi && less(rows[m], r))
                    lo = m + 1;
                else
                    hi = mid;
            }
            from = lo;
            const qsizetype goneBefore =
                std::lower_bound(leavingShown.cbegin(), leavingShown.cend(), int(lo)) -
                leavingShown.cbegin();
            insertAt[j] = int(lo - goneBefore + j);
        }
        for (int p : std::as_const(leavingShown))
            m_dirty[size_t(m_rows.at(p))] = 0;
    }
    const QList<QPair<int, int>> insertedRuns = runsOf(insertAt);
    // Too scattered for row signals: one layout change, keeping what the views hold on to.
    const bool relayout = removedRuns.size() + insertedRuns.size() > maxRunsPerBatch;
    QModelIndexList persistent;
    QList<int> persistentRows;
    if (relayout) {
        beginRelayout(persistent, persistentRows);
        eraseSorted(m_rows, leavingShown);
    } else {
        for (auto run = removedRuns.crbegin(); run != removedRuns.crend(); ++run) {
            beginRemoveRows({}, run->first, run->second);
            m_rows.remove(run->first, run->second - run->first + 1);
            endRemoveRows();
        }
    }
    // The permutation: the shown rows left are in its order, labels and all.
    replaceInPermutation(leaving, std::move(placing));
    if (relayout) {
        QList<int> rows(m_rows.size() + showing.size());
        int *const out = rows.data();
        const int *const in = m_rows.constData();
        qsizetype from = 0;
        for (qsizetype j = 0; j < showing.size(); ++j) {
            const qsizetype to = insertAt.at(j) - j;
            std::copy(in + from, in + to, out + from + j);
            out[insertAt.at(j)] = showing.at(j);
            from = to;
        }
        std::copy(in + from, in + m_rows.size(), out + from + showing.size());
        m_rows = std::move(rows);
        endRelayout(persistent, persistentRows);
    } else {
        qsizetype j = 0;
        for (const auto &run : insertedRuns) {
            const int n = run.second - run.first + 1;
            beginInsertRows({}, run.first, run.second);
            m_rows.insert(run.first, n, 0);
            std::copy(showing.cbegin() + j, showing.cbegin() + j + n, m_rows.begin() + run.first);
            j += n;
            endInsertRows();
        }
    }
    // Rows that stayed and changed: one range.
    qsizetype first = std::numeric_limits<qsizetype>::max(), last = -1;
    for (int r : std::as_const(changed)) {
        const qsizetype p = proxyRowOf(r);
        if (p < 0)
            continue;
        first = std::min(first, p);
        last = std::max(last, p);
    }
    if (last >= 0)
        emit dataChanged(index(int(first), 0), index(int(last), columnCount() - 1));
}

// Takes the rows at `leaving` (ascending indices) out of the permutation and puts `placing` in,
// each by binary search among the rows that stay, labelled between their new neighbours.
void OrderFilterModel::replaceInPermutation(const std::vector<qsizetype> &leaving,
                                            QList<int> placing) {
    if (placing.isEmpty())
        return;
    qint64 *const label = m_label.data();
    for (qsizetype i : leaving)
        label[m_permutation.at(i)] = notPlaced;
    eraseSorted(m_permutation, leaving);
    const auto less = [this](int a, int b) { return rowLess(a, b); };
    std::sort(placing.begin(), placing.end(), less);
    const qsizetype kept = m_permutation.size();
    std::vector<qsizetype> at(size_t(placing.size()));
    auto from = m_permutation.cbegin();
    for (qsizetype j = 0; j < placing.size(); ++j) {
        from = std::lower_bound(from, m_permutation.cend(), placing.at(j), less);
        at[size_t(j)] = from - m_permutation.cbegin();
    }
    // Open the gaps from the back: the rows before at[j] are followed by j + 1 placed ones.
    m_permutation.resize(kept + placing.size());
    int *const p = m_permutation.data();
    qsizetype end = kept;
    for (qsizetype j = placing.size(); j-- > 0;) {
        const qsizetype a = at[size_t(j)];
        std::copy_backward(p + a, p + end, p + end + j + 1);
        p[a + j] = placing.at(j);
        end = a;
    }
    // Labels, a run of neighbours (one gap) at a time, left to right; a relabelled window may
    // have taken in a later run already.
    for (qsizetype j = 0; j < placing.size();) {
        qsizetype k = j;
        while (k + 1 < placing.size() && at[size_t(k + 1)] == at[size_t(j)])
            ++k;
        const qsizetype firstAt = at[size_t(j)] + j;
        if (m_label.at(m_permutation.at(firstAt)) == notPlaced)
            labelGroup(firstAt, at[size_t(k)] + k);
        j = k + 1;
    }
}

// Labels the permutation's rows first..last (not labelled yet) between their neighbours' labels.
// A gap too narrow for them: the smallest window around them (doubling) whose labels leave room
// for every row in it is labelled afresh, evenly; at either end of the permutation there is
// always room.
void OrderFilterModel::labelGroup(qsizetype first, qsizetype last) {
    qint64 *const label = m_label.data();
    const int *const p = m_permutation.constData();
    const qsizetype n = m_permutation.size();
    qsizetype x = first, y = last;
    for (qsizetype grow = 1;; grow *= 2) {
        while (y + 1 < n && label[p[y + 1]] == notPlaced) // a later run of rows to label
            ++y;
        const qint64 m = qint64(y - x + 1);
        if (x == 0 && y + 1 >= n) {
            relabelAll();
            return;
        }
        if (x == 0) {
            const qint64 hi = label[p[y + 1]];
            if (hi < -labelLimit + m * labelSpacing) {
                relabelAll();
                return;
            }
            for (qint64 i = 0; i < m; ++i)
                label[p[x + i]] = hi - (m - i) * labelSpacing;
            return;
        }
        if (y + 1 >= n) {
            const qint64 lo = label[p[x - 1]];
            if (lo > labelLimit - m * labelSpacing) {
                relabelAll();
                return;
            }
            for (qint64 i = 0; i < m; ++i)
                label[p[x + i]] = lo + (i + 1) * labelSpacing;
            return;
        }
        const qint64 lo = label[p[x - 1]], hi = label[p[y + 1]];
        const qint64 step = (hi - lo) / (m + 1);
        if (step >= (grow == 1 ? 1 : relabelSpacing)) {
            for (qint64 i = 0; i < m; ++i)
                label[p[x + i]] = lo + (i + 1) * step;
            return;
        }
        x = std::max<qsizetype>(0, first - grow);
        y = std::min<qsizetype>(n - 1, last + grow);
    }
}

void OrderFilterModel::relabelAll() {
    m_label = labelsFor(m_permutation, m_label.size());
}

void OrderFilterModel::beginRelayout(QModelIndexList &persistent, QList<int> &persistentRows) {
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    persistent = persistentIndexList();
    persistentRows.clear();
    persistentRows.reserve(persistent.size());
    for (const QModelIndex &i : std::as_const(persistent))
        persistentRows.append(i.row() < m_rows.size() ? m_rows.at(i.row()) : -1);
}

void OrderFilterModel::endRelayout(const QModelIndexList &persistent,
                                   const QList<int> &persistentRows) {
    QModelIndexList after;
    after.reserve(persistent.size());
    for (qsizetype k = 0; k < persistent.size(); ++k) {
        const int r = persistentRows.at(k);
        const qsizetype p = r >= 0 ? proxyRowOf(r) : -1;
        after.append(p >= 0 ? createIndex(int(p), persistent.at(k).column()) : QModelIndex());
    }
    changePersistentIndexList(persistent, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QModelIndex OrderFilterModel::mapFromSource(const QModelIndex &sourceIndex) const {
    if (!m_source || !sourceIndex.isValid())
        return {};
    const qsizetype row = proxyRowOf(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(int(row), sourceIndex.column());
}

int OrderFilterModel::shownRows() const {
    return int(m_rows.size());
}

int OrderFilterModel::sourceRowAt(int row) const {
    return m_rows.at(row);
}

} // namespace o2c::ui
