// SPDX-License-Identifier: GPL-3.0-or-later
#include "OrderDetailPage.h"

#include "CockpitContext.h"
#include "DisplayText.h"
#include "IdentityGraphWidget.h"
#include "SwimLaneTimeline.h"
#include "flow/OrderBook.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

namespace o2c::ui {

OrderDetailPage::OrderDetailPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    m_headline = new QLabel(tr("No order picked."), this);
    QFont f = m_headline->font();
    f.setWeight(QFont::DemiBold);
    m_headline->setFont(f);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    head->addWidget(m_headline, 1);
    auto *label = new QLabel(tr("&Order:"), this);
    m_picker = new QLineEdit(this);
    m_picker->setPlaceholderText(tr("S00042 and Enter"));
    m_picker->setAccessibleName(tr("Order to show"));
    label->setBuddy(m_picker);
    head->addWidget(label);
    head->addWidget(m_picker);
    v->addLayout(head);
    auto *lanes = new QLabel(tr("Order-to-cash timeline"), this);
    lanes->setFont(f);
    v->addWidget(lanes);
    m_timeline = new SwimLaneTimeline(this);
    v->addWidget(m_timeline, 2);
    auto *graph = new QLabel(tr("Identity graph"), this);
    graph->setFont(f);
    v->addWidget(graph);
    m_graph = new IdentityGraphWidget(this);
    v->addWidget(m_graph, 2);
    connect(m_picker, &QLineEdit::returnPressed, this, [this] {
        if (!showOrder(m_picker->text().trimmed()))
            m_headline->setText(
                tr("No order %1 is known. Check the name, or wait for the next sync.")
                    .arg(m_picker->text().trimmed()));
    });
}

OrderDetailPage::~OrderDetailPage() = default;

bool OrderDetailPage::showOrder(const QString &idOrName) {
    if (!m_ctx.book)
        return false;
    const CanonicalOrder *o = m_ctx.book->order(idOrName);
    if (!o)
        o = m_ctx.book->orderBySaleOrderName(idOrName);
    if (!o)
        return false;
    m_orderId = o->id;
    refresh();
    return true;
}

void OrderDetailPage::refresh() {
    const CanonicalOrder *o =
        m_ctx.book && !m_orderId.isEmpty() ? m_ctx.book->order(m_orderId) : nullptr;
    if (!o) {
        m_timeline->setEvents({});
        m_graph->clear();
        return;
    }
    m_headline->setText(tr("%1 — %2, %3, %4, %5")
                            .arg(o->saleOrderName.isEmpty() ? o->id : o->saleOrderName,
                                 o->customer.name, channelTitle(o->channel),
                                 formatMoney(o->amountTotal, o->currency), stageTitle(o->stage)));
    m_timeline->setEvents(o->events);
    m_graph->setOrder(*o, m_ctx.book);
}

} // namespace o2c::ui
