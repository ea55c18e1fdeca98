// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderDetailPage.h"

#include "CockpitContext.h"
#include "DisplayText.h"
#include "IdentityGraphWidget.h"
#include "SwimLaneTimeline.h"
#include "flow/OrderBook.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace o2c::ui {

namespace {
constexpr int shownMatches = 40;
// Beyond this many changed orders between two refreshes, searching the book again is cheaper.
constexpr qsizetype maxPendingOrders = 20000;
// While the screen is hidden, changed orders are folded into the list once this many gathered, so
// that showing the screen does not search the whole book again.
constexpr qsizetype hiddenMergeOrders = 2000;
constexpr int searchDelayMs = 150;
constexpr int orderIdRole = Qt::UserRole + 1;

QString nameOf(const CanonicalOrder &o) {
    return o.saleOrderName.isEmpty() ? o.source.document : o.saleOrderName;
}
// The creation time as a number, for the newest-first order of the list (a QDateTime comparison
// converts both sides each time); an order without one goes last.
qint64 createdKey(const CanonicalOrder &o) {
    return o.createdAt.isValid() ? o.createdAt.toMSecsSinceEpoch()
                                 : std::numeric_limits<qint64>::min();
}
} // namespace

OrderDetailPage::OrderDetailPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    m_headline = new QLabel(tr("No order picked yet: search for one on the left, or pick one of "
                               "the most recent."),
                            this);
    QFont f = m_headline->font();
    f.setWeight(QFont::DemiBold);
    m_headline->setFont(f);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_headline);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    auto *left = new QWidget(split);
    auto *lv = new QVBoxLayout(left);
    lv->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Find an &order:"), left);
    m_picker = new QLineEdit(left);
    m_picker->setPlaceholderText(tr("Name, customer reference or customer"));
    m_picker->setAccessibleName(tr("Find an order"));
    m_picker->setClearButtonEnabled(true);
    label->setBuddy(m_picker);
    lv->addWidget(label);
    lv->addWidget(m_picker);
    m_matches = new QListWidget(left);
    m_matches->setAccessibleName(tr("Matching orders"));
    m_matches->setUniformItemSizes(true);
    lv->addWidget(m_matches, 1);
    split->addWidget(left);

    auto *right = new QWidget(split);
    auto *rv = new QVBoxLayout(right);
    rv->setContentsMargins(0, 0, 0, 0);
    auto *lanes = new QLabel(tr("Order-to-cash timeline"), right);
    lanes->setFont(f);
    rv->addWidget(lanes);
    m_timeline = new SwimLaneTimeline(right);
    rv->addWidget(m_timeline, 2);
    auto *graph = new QLabel(tr("Identity graph"), right);
    graph->setFont(f);
    rv->addWidget(graph);
    m_graph = new IdentityGraphWidget(right);
    rv->addWidget(m_graph, 2);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setSizes({380, 1000});
    v->addWidget(split, 1);

    m_timeline->setEmptyText(tr("Pick an order on the left to see its way through the systems."));
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(searchDelayMs);
    connect(m_searchDelay, &QTimer::timeout, this, &OrderDetailPage::refreshMatches);
    connect(m_picker, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_picker, &QLineEdit::returnPressed, this, [this] {
        const QString text = m_picker->text().trimmed();
        if (showOrder(text))
            return;
        m_searchDelay->stop();
        refreshMatches();
        if (m_matches->count() > 0) {
            m_matches->setCurrentRow(0);
            showOrder(m_matches->item(0)->data(orderIdRole).toString());
            return;
        }
        m_headline->setText(
            tr("No order matches %1. Check the name, or wait for the next sync.").arg(text));
    });
    connect(m_matches, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            showOrder(item->data(orderIdRole).toString());
    });
    // Down from the search goes into the list.
    m_picker->installEventFilter(this);
    if (m_ctx.book) {
        connect(m_ctx.book, &OrderBook::ordersChanged, this, &OrderDetailPage::noteOrders);
        connect(m_ctx.book, &OrderBook::ordersRemoved, this, &OrderDetailPage::forgetOrders);
        // Made before the orders arrive (the window is up before the kept orders are read): the
        // most recent ones are known from the start and followed as they come, so showing the
        // screen never searches the whole book for them.
        if (m_ctx.book->size() == 0)
            m_searched = true;
    }
}

OrderDetailPage::~OrderDetailPage() = default;

bool OrderDetailPage::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_picker && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Down && m_matches->count() > 0) {
        m_matches->setFocus(Qt::OtherFocusReason);
        if (m_matches->currentRow() < 0)
            m_matches->setCurrentRow(0);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void OrderDetailPage::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    // The list followed the book while hidden: only what changed since is folded in, unless the
    // search must run again over the whole book.
    if (!m_ctx.book || !m_searched || m_needFull || m_picker->text().trimmed() != m_shownText ||
        !mergePending())
        refreshMatches();
    if (m_orderId.isEmpty())
        m_picker->setFocus(Qt::OtherFocusReason);
}

bool OrderDetailPage::matchesText(const CanonicalOrder &o, const QString &text) {
    return text.isEmpty() || nameOf(o).contains(text, Qt::CaseInsensitive) ||
           o.customerRef.contains(text, Qt::CaseInsensitive) ||
           o.customer.name.contains(text, Qt::CaseInsensitive);
}

void OrderDetailPage::refreshMatches() {
    m_pending.clear();
    m_needFull = false;
    m_shownIds.clear();
    m_shownCreated.clear();
    m_shownText = m_picker->text().trimmed();
    m_searched = m_ctx.book != nullptr;
    if (!m_ctx.book) {
        m_matches->clear();
        return;
    }
    // The newest first: what a planner usually looks for. Compared as numbers (a QDateTime
    // comparison converts both sides each time: most of a search over a million orders).
    std::vector<std::pair<qint64, const CanonicalOrder *>> found;
    const QList<const CanonicalOrder *> all = m_ctx.book->orders();
    found.reserve(size_t(m_shownText.isEmpty() ? all.size() : 1024));
    for (const CanonicalOrder *o : all)
        if (matchesText(*o, m_shownText))
            found.emplace_back(createdKey(*o), o);
    const auto newer = [](const auto &a, const auto &b) { return a.first > b.first; };
    const size_t n = std::min<size_t>(shownMatches, found.size());
    std::partial_sort(found.begin(), found.begin() + qsizetype(n), found.end(), newer);
    m_allShown = found.size() <= size_t(shownMatches);
    for (size_t i = 0; i < n; ++i) {
        m_shownIds.append(found[i].second->id);
        m_shownCreated.append(found[i].first);
    }
    fillMatches();
}

void OrderDetailPage::noteOrders(const QStringList &ids) {
    if (!m_searched)
        return;
    if (m_needFull)
        return; // searched again when shown, or on the next refresh
    if (m_pending.size() > maxPendingOrders) {
        m_needFull = true;
        m_pending.clear();
        return;
    }
    m_pending.unite(QSet<QString>(ids.cbegin(), ids.cend()));
    // Hidden: folded in as they gather, so that showing the screen costs only the last few.
    if (!isVisible() && m_pending.size() >= hiddenMergeOrders && !mergePending()) {
        m_needFull = true;
        m_pending.clear();
    }
}

void OrderDetailPage::forgetOrders(const QStringList &ids) {
    for (const QString &id : ids)
        if (m_shownIds.contains(id))
            m_needFull = true; // another order takes its place in the list
}

bool OrderDetailPage::mergePending() {
    bool changed = false;
    for (const QString &id : std::as_const(m_pending)) {
        const CanonicalOrder *o = m_ctx.book->order(id);
        const qint64 created = o ? createdKey(*o) : 0;
        const qsizetype at = m_shownIds.indexOf(id);
        // Most changed orders are older than every shown one of a full list: passed over first.
        if (at < 0 && (!o || (!m_allShown && !m_shownCreated.isEmpty() &&
                              created < m_shownCreated.constLast())))
            continue;
        const bool matches = o && matchesText(*o, m_shownText);
        if (at >= 0) {
            changed = true; // shown: its text may have changed
            if (matches && created == m_shownCreated.at(at))
                continue; // same place in the list
            m_shownIds.removeAt(at);
            m_shownCreated.removeAt(at);
            // It left the list or moved in it; with more matches than shown, the one that
            // follows the list's end is not known.
            if (!m_allShown)
                return false;
        }
        if (!matches)
            continue;
        const auto pos = std::lower_bound(m_shownCreated.cbegin(), m_shownCreated.cend(), created,
                                          [](qint64 shown, qint64 t) { return shown > t; });
        const qsizetype i = pos - m_shownCreated.cbegin();
        if (!m_allShown && i >= m_shownIds.size())
            continue; // older than every shown one
        m_shownIds.insert(i, id);
        m_shownCreated.insert(i, created);
        changed = true;
        if (m_shownIds.size() > shownMatches) {
            m_shownIds.removeLast();
            m_shownCreated.removeLast();
            m_allShown = false;
        }
    }
    m_pending.clear();
    if (changed)
        fillMatches();
    return true;
}

void OrderDetailPage::fillMatches() {
    const QString keepId = m_matches->currentItem()
                               ? m_matches->currentItem()->data(orderIdRole).toString()
                               : QString();
    const QSignalBlocker block(m_matches);
    m_matches->clear();
    for (const QString &id : std::as_const(m_shownIds)) {
        const CanonicalOrder *o = m_ctx.book ? m_ctx.book->order(id) : nullptr;
        if (!o)
            continue;
        auto *item = new QListWidgetItem(
            tr("%1 — %2, %3")
                .arg(nameOf(*o), o->customer.name, formatMoney(o->amountTotal, o->currency)),
            m_matches);
        item->setData(orderIdRole, o->id);
        item->setToolTip(
            tr("%1, %2, created %3")
                .arg(channelTitle(o->channel), stageTitle(o->stage),
                     QLocale().toString(o->createdAt.toLocalTime(), QLocale::ShortFormat)));
        if (o->id == keepId || o->id == m_orderId)
            m_matches->setCurrentItem(item);
    }
}

bool OrderDetailPage::showOrder(const QString &idOrName) {
    if (!m_ctx.book)
        return false;
    const CanonicalOrder *o = m_ctx.book->order(idOrName);
    if (!o)
        o = m_ctx.book->orderBySaleOrderName(idOrName);
    if (!o)
        return false;
    m_orderId = o->id;
    showCurrent();
    return true;
}

void OrderDetailPage::refresh() {
    // The list follows the book while the screen is shown (it is refreshed only then): from the
    // orders that changed since, unless the search must run again over the whole book.
    if (!m_ctx.book || !m_searched || m_needFull || m_picker->text().trimmed() != m_shownText ||
        !mergePending())
        refreshMatches();
    showCurrent();
}

void OrderDetailPage::showCurrent() {
    const CanonicalOrder *o =
        m_ctx.book && !m_orderId.isEmpty() ? m_ctx.book->order(m_orderId) : nullptr;
    if (!o) {
        m_timeline->setEmptyText(tr("Pick an order on the left to see its way through the "
                                    "systems."));
        m_timeline->setEvents({});
        m_graph->clear();
        return;
    }
    m_timeline->setEmptyText({});
    m_headline->setText(tr("%1 — %2, %3, %4, %5")
                            .arg(nameOf(*o), o->customer.name, channelTitle(o->channel),
                                 formatMoney(o->amountTotal, o->currency), stageTitle(o->stage)));
    m_timeline->setEvents(o->events);
    m_graph->setOrder(*o, m_ctx.book);
}

} // namespace o2c::ui
