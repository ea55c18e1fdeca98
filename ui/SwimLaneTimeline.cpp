// SPDX-License-Identifier: GPL-3.0-or-later
#include "SwimLaneTimeline.h"

#include "CockpitColors.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr std::array<OrderSystem, 7> lanes{OrderSystem::Channel,   OrderSystem::Middleware,
                                           OrderSystem::Sales,     OrderSystem::Manufacturing,
                                           OrderSystem::Warehouse, OrderSystem::Finance,
                                           OrderSystem::Cockpit};
constexpr int laneHeight = 52;
constexpr int axisHeight = 24;
} // namespace

SwimLaneTimeline::SwimLaneTimeline(QWidget *parent)
    : QWidget(parent) {
    setAccessibleName(tr("Order-to-cash timeline"));
    setFocusPolicy(Qt::StrongFocus);
}

SwimLaneTimeline::~SwimLaneTimeline() = default;

void SwimLaneTimeline::setEvents(const QList<OrderEvent> &events) {
    m_events = events;
    std::stable_sort(m_events.begin(), m_events.end(),
                     [](const OrderEvent &a, const OrderEvent &b) { return a.at < b.at; });
    QStringList described;
    for (const OrderEvent &e : m_events)
        described << tr("%1 in %2").arg(eventTitle(e.type), laneTitle(e.system));
    setAccessibleDescription(described.join(QLatin1String("; ")));
    update();
}

int SwimLaneTimeline::eventCount(OrderSystem lane) const {
    return int(std::count_if(m_events.cbegin(), m_events.cend(),
                             [lane](const OrderEvent &e) { return e.system == lane; }));
}

QString SwimLaneTimeline::laneTitle(OrderSystem lane) {
    switch (lane) {
    case OrderSystem::Channel:
        return tr("Channel");
    case OrderSystem::Middleware:
        return tr("Middleware");
    case OrderSystem::Sales:
        return tr("Sales");
    case OrderSystem::Manufacturing:
        return tr("Manufacturing");
    case OrderSystem::Warehouse:
        return tr("Warehouse");
    case OrderSystem::Finance:
        return tr("Finance");
    case OrderSystem::Cockpit:
        return tr("Cockpit");
    }
    return {};
}

QString SwimLaneTimeline::eventTitle(OrderEventType type) {
    switch (type) {
    case OrderEventType::QuoteCreated:
        return tr("Quote created");
    case OrderEventType::OrderValidated:
        return tr("Order confirmed");
    case OrderEventType::ProductionReleased:
        return tr("Production released");
    case OrderEventType::StockReserved:
        return tr("Stock reserved");
    case OrderEventType::Produced:
        return tr("Produced");
    case OrderEventType::GoodsShipped:
        return tr("Shipped");
    case OrderEventType::InvoiceIssued:
        return tr("Invoiced");
    case OrderEventType::PaymentReconciled:
        return tr("Paid");
    case OrderEventType::Amended:
        return tr("Amended");
    case OrderEventType::Cancelled:
        return tr("Cancelled");
    case OrderEventType::Returned:
        return tr("Returned");
    case OrderEventType::CreditNoteIssued:
        return tr("Credit note");
    case OrderEventType::Held:
        return tr("Held");
    case OrderEventType::Released:
        return tr("Released");
    case OrderEventType::HoldBreached:
        return tr("Hold breached");
    case OrderEventType::OrderSubmitted:
        return tr("Submitted");
    case OrderEventType::Quarantined:
        return tr("Quarantined");
    case OrderEventType::IntakeUpdate:
        return tr("Intake update");
    case OrderEventType::DuplicateFlagged:
        return tr("Duplicate flagged");
    case OrderEventType::DuplicateResolved:
        return tr("Duplicate resolved");
    }
    return {};
}

QSize SwimLaneTimeline::sizeHint() const {
    return {900, int(lanes.size()) * laneHeight + axisHeight};
}

QSize SwimLaneTimeline::minimumSizeHint() const {
    return {400, int(lanes.size()) * laneHeight + axisHeight};
}

int SwimLaneTimeline::plotLeft() const {
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (OrderSystem s : lanes)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(laneTitle(s)));
    return labelWidth + 16 + 8;
}

QList<SwimLaneTimeline::AxisLabel> SwimLaneTimeline::axis(int axisY) const {
    QList<AxisLabel> out;
    if (m_events.isEmpty())
        return out;
    const QFontMetrics fm(font());
    const QLocale l;
    const int left = plotLeft(), right = plotRight();
    const QDateTime first = m_events.first().at.toLocalTime();
    const QDateTime last = m_events.last().at.toLocalTime();
    const QString firstText = l.toString(first, QLocale::ShortFormat);
    const QString lastText = l.toString(last, QLocale::ShortFormat);
    out.append({QRect(left, axisY, fm.horizontalAdvance(firstText) + 4, axisHeight), firstText,
                Qt::AlignLeft | Qt::AlignVCenter});
    const int lastWidth = fm.horizontalAdvance(lastText) + 4;
    const AxisLabel end{QRect(right - lastWidth, axisY, lastWidth, axisHeight), lastText,
                        Qt::AlignRight | Qt::AlignVCenter};
    // Times between, where they fit beside each other: a planner reads when things happened
    // without pointing at every marker. Within one day the time alone.
    const qint64 span = first.msecsTo(last);
    const bool oneDay = first.date() == last.date();
    const auto text = [&](const QDateTime &t) {
        return oneDay ? l.toString(t.time(), QLocale::ShortFormat)
                      : l.toString(t, QLocale::ShortFormat);
    };
    // Evenly spaced, with room beside the first and the last label (which stand at the ends).
    const int room = fm.horizontalAdvance(text(last)) * 3 / 2 + 32;
    const int parts = std::clamp((right - left) / std::max(1, room), 1, 6);
    for (int i = 1; i < parts && span > 0; ++i) {
        const QDateTime t = first.addMSecs(span * i / parts);
        const int x = left + int(double(first.msecsTo(t)) / double(span) * (right - left - 1));
        const QString label = text(t);
        const int w = fm.horizontalAdvance(label) + 4;
        const QRect r(x - w / 2, axisY, w, axisHeight);
        if (r.intersects(out.last().rect.adjusted(-16, 0, 16, 0)) ||
            r.intersects(end.rect.adjusted(-16, 0, 16, 0)))
            continue;
        out.append({r, label, Qt::AlignCenter});
    }
    out.append(end);
    return out;
}

QStringList SwimLaneTimeline::axisLabels() const {
    QStringList out;
    for (const AxisLabel &a : axis(int(lanes.size()) * laneHeight))
        out << a.text;
    return out;
}

void SwimLaneTimeline::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm(font());
    const int plotLeft = this->plotLeft();
    const int labelWidth = plotLeft - 8;
    const int plotRight = this->plotRight();
    for (int i = 0; i < int(lanes.size()); ++i) {
        const QRect lane(0, i * laneHeight, width(), laneHeight);
        p.fillRect(lane, i % 2 ? pal.base() : pal.alternateBase());
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(8, lane.top(), labelWidth, laneHeight), Qt::AlignVCenter,
                   laneTitle(lanes[i]));
    }
    if (m_events.isEmpty()) {
        p.setPen(mutedText(pal));
        p.drawText(QRect(plotLeft, 0, plotRight - plotLeft, height()), Qt::AlignCenter,
                   m_emptyText.isEmpty() ? tr("No events recorded for this order.") : m_emptyText);
        return;
    }
    const QDateTime first = m_events.first().at;
    const QDateTime last = m_events.last().at;
    const qint64 span = std::max<qint64>(1, first.msecsTo(last));
    const auto xOf = [&](const QDateTime &t) {
        return plotLeft + int(double(first.msecsTo(t)) / span * (plotRight - plotLeft - 1));
    };
    const int axisY = int(lanes.size()) * laneHeight;
    p.setPen(mutedText(pal));
    for (const AxisLabel &a : axis(axisY))
        p.drawText(a.rect, int(a.align), a.text);
    QHash<int, int> placed; // lane -> markers so far, to alternate labels above and below
    // Where labels already stand, per lane and side: a label that would overlap one is left out
    // (its marker stays, and the event is in the tooltip).
    QHash<int, QList<QRect>> taken;
    QPoint previous;
    for (const OrderEvent &e : m_events) {
        const int lane = int(std::find(lanes.cbegin(), lanes.cend(), e.system) - lanes.cbegin());
        const QPoint c(xOf(e.at), lane * laneHeight + laneHeight / 2);
        if (!previous.isNull()) {
            p.setPen(QPen(mutedText(pal), 1, Qt::DotLine));
            p.drawLine(previous, c);
        }
        previous = c;
        const bool alarm = e.type == OrderEventType::HoldBreached ||
                           e.type == OrderEventType::Cancelled ||
                           e.type == OrderEventType::DuplicateFlagged;
        p.setPen(Qt::NoPen);
        p.setBrush(alarm ? productionColor() : pal.color(QPalette::Highlight));
        p.drawEllipse(c, 6, 6);
        const QString text = eventTitle(e.type);
        const int w = fm.horizontalAdvance(text);
        const int x = std::clamp(c.x() - w / 2, plotLeft, std::max(plotLeft, plotRight - w));
        const auto rectAt = [&](bool below) {
            const int baseline = below ? c.y() + 8 + fm.ascent() : c.y() - 10;
            return QRect(x - 2, baseline - fm.ascent(), w + 4, fm.height());
        };
        const auto overlaps = [&](const QRect &r) {
            const QList<QRect> &used = taken[lane];
            return std::any_of(used.cbegin(), used.cend(),
                               [&](const QRect &u) { return u.intersects(r); });
        };
        const int n = placed[lane]++;
        bool below = n % 2;
        if (overlaps(rectAt(below)))
            below = !below;
        const QRect r = rectAt(below);
        if (overlaps(r))
            continue;
        taken[lane].append(r);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QPoint(x, below ? c.y() + 8 + fm.ascent() : c.y() - 10), text);
    }
}

void SwimLaneTimeline::setEmptyText(const QString &text) {
    m_emptyText = text;
    update();
}

} // namespace o2c::ui
