// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlowBoardWidget.h"

#include "DisplayText.h"
#include "FlowStageTile.h"

#include <QHBoxLayout>

namespace o2c::ui {

namespace {
// Short enough to feel live, long enough to fold a sync page's signals into one recount.
constexpr int refreshDelayMs = 120;
} // namespace

FlowBoardWidget::FlowBoardWidget(OrderBook *book, QWidget *parent)
    : QWidget(parent)
    , m_book(book) {
    setAccessibleName(tr("Flow board"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    for (size_t i = 0; i < flowStages.size(); ++i) {
        auto *t = new FlowStageTile(flowStages[i], this);
        m_tiles[i] = t;
        layout->addWidget(t);
        connect(t, &QAbstractButton::clicked, this, [this, i] {
            const int stage = int(flowStages[i]);
            selectStage(m_selected == stage ? -1 : stage);
        });
    }
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(refreshDelayMs);
    connect(&m_refresh, &QTimer::timeout, this, &FlowBoardWidget::refreshNow);
    if (book) {
        connect(book, &OrderBook::ordersChanged, this, [this](const QStringList &ids) {
            if (m_currency.isEmpty() && m_book) {
                for (const QString &id : ids) {
                    const CanonicalOrder *o = m_book->order(id);
                    if (o && !o->currency.isEmpty()) {
                        m_currency = o->currency;
                        break;
                    }
                }
            }
            scheduleRefresh();
        });
        connect(book, &OrderBook::ordersRemoved, this, &FlowBoardWidget::scheduleRefresh);
        refreshNow();
    } else {
        setSummary({});
    }
}

FlowBoardWidget::~FlowBoardWidget() = default;

FlowStageTile *FlowBoardWidget::tile(OrderStage stage) const {
    for (FlowStageTile *t : m_tiles)
        if (t->stage() == stage)
            return t;
    return nullptr;
}

void FlowBoardWidget::scheduleRefresh() {
    if (!m_refresh.isActive())
        m_refresh.start();
}

void FlowBoardWidget::refreshNow() {
    m_refresh.stop();
    if (!m_book)
        return;
    if (m_currency.isEmpty()) {
        // Until an order with a currency arrives (after that the board keeps it).
        for (const CanonicalOrder *o : m_book->orders()) {
            if (!o->currency.isEmpty()) {
                m_currency = o->currency;
                break;
            }
        }
    }
    setSummary(m_book->flowSummary());
}

void FlowBoardWidget::setCurrency(const QString &currencyCode) {
    m_currency = currencyCode;
}

void FlowBoardWidget::setSummary(const FlowSummary &summary) {
    bool any = false;
    for (FlowStageTile *t : m_tiles) {
        const StageFigures &f = summary.at(t->stage());
        t->setFigures(f.count, f.value, formatMoneyShort(f.value, m_currency), m_hasFigures);
        any = any || f.count > 0;
    }
    m_hasFigures = m_hasFigures || any;
}

void FlowBoardWidget::selectStage(int stage) {
    for (FlowStageTile *t : m_tiles)
        t->setChecked(int(t->stage()) == stage);
    if (stage == m_selected)
        return;
    m_selected = stage;
    emit stageFilterChanged(stage);
}

} // namespace o2c::ui
