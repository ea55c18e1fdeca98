// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterComparisonModel.h"

#include "CockpitColors.h"
#include "DisplayText.h"

#include <QFont>
#include <QGuiApplication>
#include <QHash>
#include <QLocale>

#include <algorithm>

namespace o2c::ui {

ClusterComparisonModel::ClusterComparisonModel(QObject *parent)
    : QAbstractTableModel(parent) {}

ClusterComparisonModel::~ClusterComparisonModel() = default;

int ClusterComparisonModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClusterComparisonModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_orders.size());
}

QString ClusterComparisonModel::orderIdAt(int column) const {
    return column >= 0 && column < m_orders.size() ? m_orders.at(column).id : QString();
}

int ClusterComparisonModel::differenceCount() const {
    int n = 0;
    for (const Line &l : m_rows)
        n += int(std::count_if(l.cells.cbegin(), l.cells.cend(),
                               [](const Cell &c) { return c.differs; }));
    return n;
}

void ClusterComparisonModel::setOrders(const QList<CanonicalOrder> &orders) {
    beginResetModel();
    m_orders = orders;
    m_chosen = -1;
    rebuild();
    endResetModel();
}

void ClusterComparisonModel::setChosenColumn(int column) {
    if (column == m_chosen)
        return;
    const int old = m_chosen;
    m_chosen = column;
    for (int c : {old, column}) {
        if (c < 0 || c >= m_orders.size())
            continue;
        emit headerDataChanged(Qt::Horizontal, c, c);
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, c), index(int(m_rows.size()) - 1, c), {Qt::BackgroundRole});
    }
}

void ClusterComparisonModel::setHeldOrders(const QSet<QString> &orderIds) {
    if (orderIds == m_held)
        return;
    m_held = orderIds;
    if (!m_orders.isEmpty())
        emit headerDataChanged(Qt::Horizontal, 0, int(m_orders.size()) - 1);
}

namespace {
QString orderName(const CanonicalOrder &o) {
    return o.saleOrderName.isEmpty() ? o.source.document : o.saleOrderName;
}
} // namespace

void ClusterComparisonModel::rebuild() {
    m_rows.clear();
    if (m_orders.isEmpty())
        return;
    const QLocale locale;
    const auto addRow = [&](const QString &label, auto cellOf) {
        Line line;
        line.label = label;
        for (const CanonicalOrder &o : std::as_const(m_orders))
            line.cells.append(cellOf(o));
        m_rows.append(line);
    };
    addRow(tr("Customer"), [](const CanonicalOrder &o) {
        return Cell{o.customer.name,
                    o.customer.partnerId ? QString::number(o.customer.partnerId) : o.customer.name,
                    false,
                    {}};
    });
    addRow(tr("Customer ref."), [](const CanonicalOrder &o) {
        return Cell{o.customerRef, o.customerRef.trimmed(), false, {}};
    });
    addRow(tr("Ship to"), [](const CanonicalOrder &o) {
        return Cell{o.shipTo, o.shipTo.simplified(), false, {}};
    });
    addRow(tr("Requested"), [&](const CanonicalOrder &o) {
        return Cell{locale.toString(o.requestedDate, QLocale::ShortFormat),
                    o.requestedDate.toString(Qt::ISODate),
                    false,
                    {}};
    });
    addRow(tr("Total"), [](const CanonicalOrder &o) {
        return Cell{formatMoney(o.amountTotal, o.currency),
                    QString::number(o.amountTotal, 'f', 2) % QLatin1Char(' ') % o.currency,
                    false,
                    {}};
    });

    // Product lines aligned by SKU, in the order they first appear; quantities of repeated lines
    // of one SKU are added up.
    QStringList skus;
    QHash<QString, QString> descriptionOf;
    for (const CanonicalOrder &o : std::as_const(m_orders)) {
        for (const OrderLine &l : o.lines) {
            if (!skus.contains(l.sku)) {
                skus.append(l.sku);
                descriptionOf.insert(l.sku, l.description);
            } else if (descriptionOf.value(l.sku).isEmpty()) {
                // An EDI line often carries the code alone: the name from another order.
                descriptionOf.insert(l.sku, l.description);
            }
        }
    }
    for (const QString &sku : std::as_const(skus)) {
        const QString desc = descriptionOf.value(sku);
        // Odoo's line descriptions often start with the code already ("[FURN-8888] Office
        // Lamp"): the code is not said twice.
        const QString label = desc.isEmpty()       ? sku
                              : desc.contains(sku) ? desc
                                                   : tr("%1 · %2").arg(sku, desc);
        addRow(label, [&](const CanonicalOrder &o) {
            double qty = 0, price = 0;
            QString uom;
            bool found = false;
            for (const OrderLine &l : o.lines) {
                if (l.sku != sku)
                    continue;
                qty += l.qty;
                price = l.price;
                uom = l.uom;
                found = true;
            }
            if (!found)
                return Cell{tr("—"), QStringLiteral("<absent>"), false, {}};
            const QString qtyText = uom.isEmpty()
                                        ? locale.toString(qty, 'g', 12)
                                        : tr("%1 %2").arg(locale.toString(qty, 'g', 12), uom);
            return Cell{tr("%1 × %2").arg(qtyText, formatMoney(price, o.currency)),
                        QString::number(qty, 'g', 12) % QLatin1Char('@') %
                            QString::number(price, 'f', 4),
                        false,
                        {}};
        });
    }

    if (m_orders.size() < 2)
        return;
    // With two orders both sides of a difference are marked; with more, the cells that disagree
    // with the value most orders share.
    for (Line &line : m_rows) {
        QHash<QString, int> votes;
        for (const Cell &c : std::as_const(line.cells))
            ++votes[c.key];
        if (votes.size() < 2)
            continue;
        // The value most orders share; with a tie (two orders) every cell is marked.
        int best = 0, bestCount = 0;
        QString common;
        for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
            if (it.value() > best) {
                best = it.value();
                bestCount = 1;
                common = it.key();
            } else if (it.value() == best) {
                ++bestCount;
            }
        }
        QStringList values;
        for (qsizetype i = 0; i < line.cells.size(); ++i)
            values.append(tr("%1 has %2").arg(orderName(m_orders.at(i)), line.cells.at(i).text));
        const QString tip = tr("%1 differs between the orders: %2")
                                .arg(line.label, values.join(QStringLiteral("; ")));
        for (Cell &c : line.cells) {
            c.differs = bestCount > 1 || c.key != common;
            if (c.differs)
                c.tooltip = tip;
        }
    }
    // References that read differently but normalise to the same value are the same PO.
    Line &ref = m_rows[ReferenceRow];
    const QString norm = m_orders.first().normalizedRef();
    const bool sameNormalized = !norm.isEmpty() && std::all_of(m_orders.cbegin(), m_orders.cend(),
                                                               [&](const CanonicalOrder &o) {
                                                                   return o.normalizedRef() == norm;
                                                               });
    if (sameNormalized) {
        for (Cell &c : ref.cells)
            if (c.differs)
                c.tooltip =
                    tr("Written differently, but the same reference after normalization (%1)")
                        .arg(norm);
    }
}

QVariant ClusterComparisonModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Cell &c = m_rows.at(index.row()).cells.at(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return c.text;
    case Qt::ToolTipRole:
        return c.tooltip.isEmpty() ? QVariant() : QVariant(c.tooltip);
    case Qt::BackgroundRole:
        if (c.differs)
            return differenceBackground(QGuiApplication::palette());
        if (index.column() == m_chosen)
            return chosenBackground(QGuiApplication::palette());
        break;
    case Qt::FontRole:
        if (c.differs) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.row() == TotalRow || index.row() >= FieldRowCount)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case DifferenceRole:
        return c.differs;
    case OrderIdRole:
        return m_orders.at(index.column()).id;
    default:
        break;
    }
    return {};
}

QVariant ClusterComparisonModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= m_rows.size())
            return {};
        if (role == Qt::DisplayRole)
            return m_rows.at(section).label;
        return {};
    }
    if (section < 0 || section >= m_orders.size())
        return {};
    const CanonicalOrder &o = m_orders.at(section);
    const bool held = m_held.contains(o.id);
    switch (role) {
    case Qt::DisplayRole: {
        const QString state =
            held ? tr("%1, MRP held").arg(stageTitle(o.stage)) : stageTitle(o.stage);
        return tr("%1\n%2 · %3\n%4")
            .arg(orderName(o), channelTitle(o.channel),
                 QLocale().toString(o.createdAt.toLocalTime(), QLocale::ShortFormat), state);
    }
    case Qt::DecorationRole:
        if (held)
            return heldIcon();
        break;
    case Qt::ForegroundRole:
        if (held)
            return heldForeground(QGuiApplication::palette());
        break;
    case Qt::BackgroundRole:
        if (section == m_chosen)
            return chosenBackground(QGuiApplication::palette());
        break;
    case Qt::FontRole:
        if (section == m_chosen) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case Qt::ToolTipRole:
        return held ? tr("%1: manufacturing is held").arg(orderName(o)) : orderName(o);
    case OrderIdRole:
        return o.id;
    default:
        break;
    }
    return {};
}

} // namespace o2c::ui
