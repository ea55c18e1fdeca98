// SPDX-License-Identifier: GPL-3.0-or-later
#include "HoldsPage.h"

#include "CockpitColors.h"
#include "CockpitContext.h"
#include "TableLayout.h"
#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int idRole = Qt::UserRole + 2;
} // namespace

HoldsPage::HoldsPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    m_title = new QLabel(this);
    QFont f = m_title->font();
    f.setWeight(QFont::DemiBold);
    m_title->setFont(f);
    v->addWidget(m_title);
    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Order"), tr("Customer"), tr("Kind"), tr("Held by"),
                                        tr("Since"), tr("Reason"), tr("Breach")});
    m_table = new QTableView(this);
    m_table->setAccessibleName(tr("Active holds"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    fitColumnsToSamples(
        m_table, {QStringLiteral("S000000"), QStringLiteral("A customer name of some length"),
                  tr("Hard (quotation kept)"), QStringLiteral("planner.name"),
                  QLocale().toString(QDateTime(QDate(2000, 12, 28), QTime(23, 59, 59)),
                                     QLocale::ShortFormat),
                  QStringLiteral("do not start - awaiting the customer's answer")});
    v->addWidget(m_table, 1);
    auto *hint = new QLabel(tr("Ctrl+Shift+H releases the selected hold; Ctrl+Shift+L exports "
                               "the holds to CSV."),
                            this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(hint);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { emit currentOrderChanged(currentOrderId()); });
    // Follows the book from now on (at the start it is empty or small), so that showing the
    // screen the first time does not walk every order.
    followBook();
}

HoldsPage::~HoldsPage() = default;

bool HoldsPage::heldByActivity(const CanonicalOrder &order) {
    return std::any_of(order.manufacturingOrders.cbegin(), order.manufacturingOrders.cend(),
                       [](const ManufacturingOrderRef &m) { return m.heldByActivity; });
}

void HoldsPage::noteOrders(const QStringList &ids) {
    for (const QString &id : ids) {
        const CanonicalOrder *o = m_ctx.book ? m_ctx.book->order(id) : nullptr;
        if (o && (o->hasHoldTag() || heldByActivity(*o)))
            m_markedInOdoo.insert(id);
        else
            m_markedInOdoo.remove(id);
    }
}

void HoldsPage::followBook() {
    if (m_followed == m_ctx.book)
        return;
    // Once per book: one walk over its orders, then only what changes.
    if (m_followed)
        disconnect(m_followed, nullptr, this, nullptr);
    m_followed = m_ctx.book;
    m_markedInOdoo.clear();
    if (!m_followed)
        return;
    connect(m_followed, &OrderBook::ordersChanged, this, &HoldsPage::noteOrders);
    connect(m_followed, &OrderBook::ordersRemoved, this, [this](const QStringList &ids) {
        for (const QString &id : ids)
            m_markedInOdoo.remove(id);
    });
    for (const CanonicalOrder *o : m_followed->orders())
        if (o->hasHoldTag() || heldByActivity(*o))
            m_markedInOdoo.insert(o->id);
}

QString HoldsPage::currentOrderId() const {
    const QModelIndex i = m_table->currentIndex();
    return i.isValid() ? m_model->item(i.row(), 0)->data(idRole).toString() : QString();
}

void HoldsPage::refresh() {
    const QString keep = currentOrderId();
    m_model->removeRows(0, m_model->rowCount());
    m_breaches = 0;
    QSet<QString> seen;
    const QLocale l;
    const auto add = [&](const QString &orderId, const QString &name, const QString &customer,
                         const QString &kind, const QString &by, const QDateTime &since,
                         const QString &reason, const QString &breach) {
        QList<QStandardItem *> row;
        for (const QString &t :
             {name, customer, kind, by,
              since.isValid() ? l.toString(since.toLocalTime(), QLocale::ShortFormat)
                              : tr("unknown"),
              reason, breach})
            row.append(new QStandardItem(t));
        row.first()->setData(orderId, idRole);
        // The whole reason and breach when the column cuts them short.
        row.at(ReasonColumn)->setToolTip(reason);
        row.at(BreachColumn)->setToolTip(breach);
        if (!breach.isEmpty()) {
            ++m_breaches;
            row.at(BreachColumn)->setForeground(productionColor());
        }
        m_model->appendRow(row);
        seen.insert(orderId);
    };
    if (m_ctx.holds) {
        for (const MrpHold &h : m_ctx.holds->holds()) {
            const CanonicalOrder *o = m_ctx.book ? m_ctx.book->order(h.orderId) : nullptr;
            add(h.orderId, h.saleOrderName, o ? o->customer.name : QString(),
                h.kind == HoldKind::Hard ? tr("Hard (quotation kept)") : tr("Soft (MO activity)"),
                h.heldBy.isEmpty() ? tr("not recorded") : h.heldBy, h.since, h.reason, h.breach);
        }
    }
    if (m_ctx.book) {
        // Holds placed elsewhere: Odoo's HOLD tag or HOLD activities on the order's MOs; only the
        // orders that carry one are looked at (kept from the book's changes).
        followBook();
        for (const QString &id : std::as_const(m_markedInOdoo)) {
            const CanonicalOrder *o = m_ctx.book->order(id);
            if (!o || seen.contains(o->id) || !o->isOpen())
                continue;
            const bool soft = heldByActivity(*o);
            if (!o->hasHoldTag() && !soft)
                continue;
            QString breach;
            if (o->hasHoldTag() && o->saleState == QLatin1String("sale"))
                breach = tr("confirmed while tagged HOLD");
            for (const ManufacturingOrderRef &m : o->manufacturingOrders)
                if (m.heldByActivity &&
                    (m.state == QLatin1String("progress") || m.state == QLatin1String("done")))
                    breach = tr("%1 produced while held").arg(m.name);
            add(o->id, o->saleOrderName, o->customer.name,
                o->hasHoldTag() ? tr("Hard (quotation kept)") : tr("Soft (MO activity)"),
                tr("in Odoo"), o->writeDate, tr("HOLD in Odoo"), breach);
        }
    }
    m_title->setText(
        tr("Active holds (%1), breaches: %2").arg(m_model->rowCount()).arg(m_breaches));
    // In the order the header's arrow says: rows filled anew are not sorted by the view.
    const QHeaderView *header = m_table->horizontalHeader();
    m_model->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->item(r, 0)->data(idRole).toString() == keep)
            m_table->selectRow(r);
}

} // namespace o2c::ui
