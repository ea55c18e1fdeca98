// SPDX-License-Identifier: GPL-3.0-or-later
#include "IdentityGraphWidget.h"

#include "CockpitColors.h"
#include "DisplayText.h"
#include "flow/OrderBook.h"

#include <QPainter>
#include <QtMath>

namespace o2c::ui {

IdentityGraphWidget::IdentityGraphWidget(QWidget *parent)
    : QWidget(parent) {
    setAccessibleName(tr("Identity graph"));
    setMinimumHeight(260);
}

IdentityGraphWidget::~IdentityGraphWidget() = default;

void IdentityGraphWidget::clear() {
    m_center.clear();
    m_nodes.clear();
    update();
}

void IdentityGraphWidget::setOrder(const CanonicalOrder &o, const OrderBook *book) {
    m_nodes.clear();
    m_center = o.saleOrderName.isEmpty() ? o.id : o.saleOrderName;
    if (!o.source.document.isEmpty())
        m_nodes.append({tr("%1 document").arg(channelTitle(o.channel)), o.source.document});
    if (!o.customerRef.isEmpty())
        m_nodes.append({tr("customer reference"), o.customerRef});
    if (!o.customer.name.isEmpty())
        m_nodes.append({tr("customer"), o.customer.name});
    if (!o.source.edi.isEmpty())
        m_nodes.append({tr("EDI control numbers"),
                        tr("ISA %1 / GS %2 / ST %3")
                            .arg(o.source.edi.isa13, o.source.edi.gs06, o.source.edi.st02)});
    for (const ManufacturingOrderRef &m : o.manufacturingOrders)
        m_nodes.append({tr("manufacturing order"), m.name});
    for (const PickingRef &pk : o.pickings)
        m_nodes.append({tr("transfer"), pk.name});
    for (const InvoiceRef &i : o.invoices)
        m_nodes.append({tr("invoice"), i.name});
    if (book) {
        if (const auto cluster = book->duplicates().clusterOf(o.id)) {
            for (const QString &id : cluster->members) {
                if (id == o.id)
                    continue;
                const CanonicalOrder *other = book->order(id);
                m_nodes.append(
                    {tr("possible duplicate (%1)").arg(cluster->id),
                     other && !other->saleOrderName.isEmpty() ? other->saleOrderName : id, true});
            }
        }
    }
    QStringList described;
    for (const Node &n : m_nodes)
        described << tr("%1: %2").arg(n.relation, n.label);
    setAccessibleDescription(described.join(QLatin1String("; ")));
    update();
}

void IdentityGraphWidget::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.base());
    if (m_center.isEmpty()) {
        p.setPen(mutedText(pal));
        p.drawText(rect(), Qt::AlignCenter, tr("Pick an order to see its references."));
        return;
    }
    const QFontMetrics fm(font());
    const QPointF c(width() / 2.0, height() / 2.0);
    const double rx = width() / 2.0 - 110, ry = height() / 2.0 - 40;
    const auto box = [&](const QPointF &at, const QStringList &lines, const QColor &fill,
                         const QColor &border) {
        int w = 0;
        for (const QString &l : lines)
            w = std::max(w, fm.horizontalAdvance(l));
        const QRectF r(at.x() - w / 2.0 - 8, at.y() - lines.size() * fm.height() / 2.0 - 4, w + 16,
                       lines.size() * fm.height() + 8);
        p.setPen(border);
        p.setBrush(fill);
        p.drawRoundedRect(r, 6, 6);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(r, Qt::AlignCenter, lines.join(QLatin1Char('\n')));
    };
    const qsizetype n = m_nodes.size();
    QList<QPointF> at;
    for (qsizetype i = 0; i < n; ++i) {
        const double a = 2 * M_PI * double(i) / double(std::max<qsizetype>(1, n)) - M_PI / 2;
        at.append(QPointF(c.x() + rx * std::cos(a), c.y() + ry * std::sin(a)));
        p.setPen(QPen(m_nodes.at(i).alarm ? productionColor() : mutedText(pal), 1.5,
                      m_nodes.at(i).alarm ? Qt::DashLine : Qt::SolidLine));
        p.drawLine(c, at.last());
    }
    for (qsizetype i = 0; i < n; ++i) {
        const Node &node = m_nodes.at(i);
        box(at.at(i), {node.relation, node.label},
            node.alarm ? differenceBackground(pal) : pal.color(QPalette::Window),
            node.alarm ? productionColor() : mutedText(pal));
    }
    box(c, {m_center}, pal.color(QPalette::Highlight).lighter(isDark(pal) ? 80 : 170),
        pal.color(QPalette::Highlight));
}

} // namespace o2c::ui
