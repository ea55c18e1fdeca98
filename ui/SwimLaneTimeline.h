// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/OrderEvent.h"

#include <QStringList>
#include <QWidget>

namespace o2c::ui {

// An order's order-to-cash events on a time axis, one lane per system (channel, middleware,
// sales, manufacturing, warehouse, finance, cockpit).
class SwimLaneTimeline final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SwimLaneTimeline)
public:
    explicit SwimLaneTimeline(QWidget *parent = nullptr);
    ~SwimLaneTimeline() override;

    void setEvents(const QList<OrderEvent> &events);
    // Said in the empty plot instead of the events: no order shown, or one without events.
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }
    int eventCount(OrderSystem lane) const;
    // The times written under the plot at its present width, left to right: the first and the
    // last event's, and as many between as fit.
    QStringList axisLabels() const;
    static QString laneTitle(OrderSystem lane);
    static QString eventTitle(OrderEventType type);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct AxisLabel {
        QRect rect;
        QString text;
        Qt::Alignment align;
    };
    int plotLeft() const;
    int plotRight() const { return width() - 16; }
    QList<AxisLabel> axis(int axisY) const;

    QList<OrderEvent> m_events;
    QString m_emptyText;
};

} // namespace o2c::ui
