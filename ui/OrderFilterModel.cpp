// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderFilterModel.h"

#include "OrderTableModel.h"

#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
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
// are put in order by their place in it (`position`, when given); many: the permutation is
// walked, without a branch per row.
QList<int> walk(const QList<int> &perm, const QList<int> &position, qsizetype count,
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
    if (hit && hitCount * sparseShare <= count && position.size() >= count) {
        std::vector<std::pair<int, int>> placed; // (place in the permutation, row)
        placed.reserve(size_t(hitCount));
        forEachSet(hit, 0, count, [&](qsizetype r) {
            if ((stage < 0 || stageOf[r] == stage) && position.at(r) >= 0)
                placed.emplace_back(position.at(r), int(r));
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
    : QAbstractProxyModel(parent) {
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
    m_permPos.clear();
    m_rev.clear();
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
    const QList<int> position = resort ? QList<int>{} : m_permPos;
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
        if (resort)
            r.permutation = sortedRows(count, column, order, values);
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
        r.rows = walk(resort ? r.permutation : perm, resort ? QList<int>{} : position,
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
        rebuildPermutationPositions();
    }
    m_revDirty = true;
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

void OrderFilterModel::rebuildPermutationPositions() {
    const int count = m_source ? m_source->rowCount() : 0;
    m_permPos.fill(-1, count);
    for (int i = 0; i < m_permutation.size(); ++i)
        if (m_permutation.at(i) < count)
            m_permPos[m_permutation.at(i)] = i;
}

void OrderFilterModel::rebuildReverse() const {
    const int count = m_source ? m_source->rowCount() : 0;
    m_rev.assign(size_t(count), -1);
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i) < count)
            m_rev[size_t(m_rows.at(i))] = i;
    m_revDirty = false;
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
    m_dirty.assign(size_t(m_source->rowCount()), 0);
    for (int r : std::as_const(m_dirtyRows))
        m_dirty[size_t(r)] = 1;
    rebuildPermutationPositions();
    m_revDirty = true;
    endResetModel();
}

void OrderFilterModel::onSourceReset() {
    beginResetModel();
    ++m_generation;
    m_remembered.clear();
    m_rows.clear();
    m_permutation.clear();
    m_dirty.clear();
    m_dirtyRows.clear();
    rebuildPermutationPositions();
    m_revDirty = true;
    endResetModel();
    if (m_busy) {
        m_pendingRefilter = m_pendingResort = true;
        return;
    }
    requestRefilter(true);
}

// Folds the gathered source changes into the permutation and the shown rows, and tells the views
// as a few runs of removed and inserted rows and one changed range.
void OrderFilterModel::processBatch() {
    m_batchTimer.stop();
    if (!m_source || m_busy || m_dirtyRows.isEmpty())
        return;
    const int count = m_source->rowCount();
    if (m_permPos.size() < count)
        m_permPos.resize(count, -1);
    if (m_dirty.size() < size_t(count))
        m_dirty.resize(size_t(count), 0);
    if (m_revDirty || m_rev.size() < size_t(count))
        rebuildReverse();
    refreshRemembered(m_dirtyRows);
    const Matches *const current = remembered(m_text.toUtf8());

    // 1. Rows to (re)place in the permutation: new ones, and changed ones that broke the order.
    // The rows that did not change are still in order among themselves, so the permutation stays
    // sorted once every changed row next to a pair out of order is placed again.
    std::vector<char> relocated(size_t(count), 0);
    QList<int> relocate;
    const auto mark = [&](int r) {
        if (!relocated[size_t(r)]) {
            relocated[size_t(r)] = 1;
            relocate.append(r);
        }
    };
    for (int r : std::as_const(m_dirtyRows))
        if (r < count && m_permPos.at(r) < 0)
            mark(r);
    QList<int> rest = m_permutation;
    if (m_sortColumn >= 0) {
        for (int round = 0;; ++round) {
            bool again = false;
            QList<int> kept;
            if (!relocate.isEmpty()) {
                kept.reserve(rest.size());
                for (int r : std::as_const(rest))
                    if (!relocated[size_t(r)])
                        kept.append(r);
                rest = std::move(kept);
            }
            // Only pairs with a changed row can be out of order.
            for (qsizetype i = 0; i + 1 < rest.size(); ++i) {
                const int a = rest.at(i), b = rest.at(i + 1);
                if (!m_dirty[size_t(a)] && !m_dirty[size_t(b)])
                    continue;
                if (rowLess(a, b))
                    continue;
                if (m_dirty[size_t(a)])
                    mark(a);
                if (m_dirty[size_t(b)])
                    mark(b);
                again = true;
            }
            if (!again)
                break;
            if (round > 4) { // scattered: place every changed row again
                for (int r : std::as_const(m_dirtyRows))
                    if (r < count)
                        mark(r);
            }
        }
    }
    QList<int> perm;
    if (relocate.isEmpty()) {
        perm = m_permutation;
    } else {
        if (m_sortColumn < 0) {
            QList<int> kept;
            kept.reserve(rest.size());
            for (int r : std::as_const(rest))
                if (!relocated[size_t(r)])
                    kept.append(r);
            rest = std::move(kept);
        }
        std::sort(relocate.begin(), relocate.end(), [this](int a, int b) { return rowLess(a, b); });
        perm.reserve(rest.size() + relocate.size());
        auto from = rest.cbegin();
        for (int r : std::as_const(relocate)) {
            auto at = std::lower_bound(from, rest.cend(), r,
                                       [this](int x, int y) { return rowLess(x, y); });
            for (; from != at; ++from)
                perm.append(*from);
            perm.append(r);
        }
        for (; from != rest.cend(); ++from)
            perm.append(*from);
    }

    // 2. The rows shown after the batch.
    QList<int> rows;
    rows.reserve(m_rows.size() + relocate.size());
    std::vector<char> shown(size_t(count), 0);
    for (int r : std::as_const(perm)) {
        const bool in = m_dirty[size_t(r)] ? accepts(r, current) : m_rev[size_t(r)] >= 0;
        if (in) {
            rows.append(r);
            shown[size_t(r)] = 1;
        }
    }

    // 3. Which of the shown rows go and which come: runs of proxy rows.
    QList<QPair<int, int>> removedRuns, insertedRuns;
    for (int i = 0; i < m_rows.size(); ++i) {
        const int r = m_rows.at(i);
        if (shown[size_t(r)] && !relocated[size_t(r)])
            continue;
        if (!removedRuns.isEmpty() && removedRuns.last().second == i - 1)
            removedRuns.last().second = i;
        else
            removedRuns.append({i, i});
    }
    for (int j = 0; j < rows.size(); ++j) {
        const int r = rows.at(j);
        if (m_rev[size_t(r)] >= 0 && !relocated[size_t(r)])
            continue;
        if (!insertedRuns.isEmpty() && insertedRuns.last().second == j - 1)
            insertedRuns.last().second = j;
        else
            insertedRuns.append({j, j});
    }
    QList<int> changed; // shown before and after, in place, with new values
    for (int r : std::as_const(m_dirtyRows)) {
        m_dirty[size_t(r)] = 0;
        if (r < count && shown[size_t(r)] && !relocated[size_t(r)] && m_rev[size_t(r)] >= 0)
            changed.append(r);
    }
    m_dirtyRows.clear();
    m_permutation = std::move(perm);
    if (!relocate.isEmpty())
        rebuildPermutationPositions();

    if (removedRuns.size() + insertedRuns.size() > maxRunsPerBatch) {
        // Too scattered for row signals: one layout change, keeping what the views hold on to.
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList before = persistentIndexList();
        QList<int> sourceRows;
        sourceRows.reserve(before.size());
        for (const QModelIndex &i : before)
            sourceRows.append(i.row() < m_rows.size() ? m_rows.at(i.row()) : -1);
        m_rows = std::move(rows);
        rebuildReverse();
        QModelIndexList after;
        after.reserve(before.size());
        for (qsizetype k = 0; k < before.size(); ++k) {
            const int r = sourceRows.at(k);
            const int p = r >= 0 ? m_rev[size_t(r)] : -1;
            after.append(p >= 0 ? createIndex(p, before.at(k).column()) : QModelIndex());
        }
        changePersistentIndexList(before, after);
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        return;
    }
    for (auto run = removedRuns.crbegin(); run != removedRuns.crend(); ++run) {
        beginRemoveRows({}, run->first, run->second);
        m_rows.remove(run->first, run->second - run->first + 1);
        m_revDirty = true;
        endRemoveRows();
    }
    for (const auto &run : std::as_const(insertedRuns)) {
        beginInsertRows({}, run.first, run.second);
        m_rows.insert(run.first, run.second - run.first + 1, 0);
        std::copy(rows.cbegin() + run.first, rows.cbegin() + run.second + 1,
                  m_rows.begin() + run.first);
        m_revDirty = true;
        endInsertRows();
    }
    if (m_revDirty)
        rebuildReverse();
    // Rows that stayed and changed: one range.
    int first = INT_MAX, last = -1;
    for (int r : std::as_const(changed)) {
        const int p = m_rev[size_t(r)];
        first = std::min(first, p);
        last = std::max(last, p);
    }
    if (last >= 0)
        emit dataChanged(index(first, 0), index(last, columnCount() - 1));
}

QModelIndex OrderFilterModel::index(int row, int column, const QModelIndex &parent) const {
    if (parent.isValid() || row < 0 || row >= m_rows.size() || column < 0 ||
        column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex OrderFilterModel::parent(const QModelIndex &) const {
    return {};
}

int OrderFilterModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderFilterModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() || !m_source ? 0 : m_source->columnCount();
}

bool OrderFilterModel::hasChildren(const QModelIndex &parent) const {
    return !parent.isValid() && !m_rows.isEmpty();
}

QModelIndex OrderFilterModel::mapToSource(const QModelIndex &proxyIndex) const {
    if (!m_source || !proxyIndex.isValid() || proxyIndex.row() >= m_rows.size())
        return {};
    return m_source->index(m_rows.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex OrderFilterModel::mapFromSource(const QModelIndex &sourceIndex) const {
    if (!m_source || !sourceIndex.isValid())
        return {};
    if (m_revDirty || m_rev.size() < size_t(m_source->rowCount()))
        rebuildReverse();
    const int row = sourceIndex.row();
    if (row < 0 || size_t(row) >= m_rev.size() || m_rev[size_t(row)] < 0)
        return {};
    return createIndex(m_rev[size_t(row)], sourceIndex.column());
}

QVariant OrderFilterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal)
        return m_source ? m_source->headerData(section, orientation, role) : QVariant();
    if (role == Qt::DisplayRole)
        return section + 1;
    return {};
}

} // namespace o2c::ui
