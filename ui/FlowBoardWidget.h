// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "flow/OrderBook.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <array>

namespace o2c::ui {

class FlowStageTile;

// The order-to-cash stages side by side with their order count and value. Follows the OrderBook:
// a burst of ordersChanged signals causes one recount after a short single-shot timer, never one
// per order. Clicking a stage filters the order list to it (stageFilterChanged); clicking it again
// shows every stage.
class FlowBoardWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowBoardWidget)
public:
    // `book` may be null: the board then shows what setSummary() gives it.
    explicit FlowBoardWidget(OrderBook *book, QWidget *parent = nullptr);
    ~FlowBoardWidget() override;

    void setSummary(const FlowSummary &summary);
    // The ISO code the values are shown in; taken from the orders when not set.
    void setCurrency(const QString &currencyCode);

    FlowStageTile *tile(OrderStage stage) const;
    // -1 when no stage is selected.
    int selectedStage() const { return m_selected; }
    void selectStage(int stage);
    // Recounts now instead of waiting for the timer (tests, first show).
    void refreshNow();

signals:
    void stageFilterChanged(int stage); // int(OrderStage), or -1 for all stages

private:
    void scheduleRefresh();

    QPointer<OrderBook> m_book;
    std::array<FlowStageTile *, 8> m_tiles{};
    QTimer m_refresh;
    QString m_currency;
    int m_selected = -1;
    bool m_hasFigures = false; // the first figures arrive without change marks
};

} // namespace o2c::ui
