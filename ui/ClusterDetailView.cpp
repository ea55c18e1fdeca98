// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClusterDetailView.h"

#include "ClusterComparisonModel.h"
#include "CockpitColors.h"
#include "DisplayText.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace o2c::ui {

namespace {
QString signalTitle(const QString &signal) {
    // The engine's signal keys, in words a planner uses.
    if (signal == QLatin1String("customer"))
        return ClusterDetailView::tr("Customer");
    if (signal == QLatin1String("reference"))
        return ClusterDetailView::tr("Customer reference");
    if (signal == QLatin1String("lines"))
        return ClusterDetailView::tr("Products and quantities");
    if (signal == QLatin1String("time"))
        return ClusterDetailView::tr("Time apart");
    if (signal == QLatin1String("total"))
        return ClusterDetailView::tr("Order value");
    if (signal == QLatin1String("ship_to"))
        return ClusterDetailView::tr("Ship-to address");
    if (signal == QLatin1String("channel"))
        return ClusterDetailView::tr("Channels");
    if (signal == QLatin1String("edi"))
        return ClusterDetailView::tr("EDI control numbers");
    if (signal == QLatin1String("payload"))
        return ClusterDetailView::tr("Identical message");
    return signal;
}
} // namespace

ClusterDetailView::ClusterDetailView(QWidget *parent)
    : QWidget(parent)
    , m_model(new ClusterComparisonModel(this)) {
    setAccessibleName(tr("Cluster detail"));
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    auto *empty = new QLabel(tr("Select a cluster to compare its orders side by side.\n"
                                "J / K move to the next or previous cluster."),
                             m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setEnabled(false);
    m_stack->addWidget(empty);

    auto *page = new QWidget(m_stack);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);

    auto *head = new QHBoxLayout;
    m_title = new QLabel(page);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_differences = new QLabel(page);
    m_differences->setForegroundRole(QPalette::PlaceholderText);
    m_holdButton = new QToolButton(page);
    m_releaseButton = new QToolButton(page);
    for (QToolButton *b : {m_holdButton, m_releaseButton})
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    head->addWidget(m_title);
    head->addSpacing(12);
    head->addWidget(m_differences);
    head->addStretch(1);
    head->addWidget(m_holdButton);
    head->addWidget(m_releaseButton);
    layout->addLayout(head);

    m_table = new QTableView(page);
    m_table->setAccessibleName(tr("Orders side by side"));
    m_table->setModel(m_model);
    // No selection colour: it would hide the difference highlight. The chosen order's column is
    // tinted by the model instead.
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    layout->addWidget(m_table, 3);
    m_table->setMinimumHeight(m_table->verticalHeader()->defaultSectionSize() * 6);

    auto *evidenceTitle = new QLabel(tr("Why these orders look like one demand"), page);
    QFont small = evidenceTitle->font();
    small.setWeight(QFont::DemiBold);
    evidenceTitle->setFont(small);
    layout->addWidget(evidenceTitle);

    m_evidence = new QTreeWidget(page);
    m_evidence->setAccessibleName(tr("Evidence"));
    m_evidence->setColumnCount(3);
    m_evidence->setHeaderLabels({tr("Signal"), tr("What was found"), tr("Weight")});
    m_evidence->setRootIsDecorated(false);
    m_evidence->setUniformRowHeights(true);
    m_evidence->setSelectionMode(QAbstractItemView::NoSelection);
    m_evidence->setFocusPolicy(Qt::NoFocus);
    m_evidence->setStyleSheet(QStringLiteral("QTreeView::item { padding: 3px 2px; }"));
    m_evidence->header()->setStretchLastSection(false);
    m_evidence->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_evidence->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_evidence->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    // Room for the usual four to six signals without scrolling.
    m_evidence->setMinimumHeight(m_evidence->fontMetrics().height() * 9);
    layout->addWidget(m_evidence, 2);
    m_stack->addWidget(page);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentColumnChanged, this,
            [this](const QModelIndex &current) {
                m_model->setChosenColumn(current.column());
                if (!m_quiet)
                    emit currentOrderChanged(m_model->orderIdAt(current.column()));
            });
}

ClusterDetailView::~ClusterDetailView() = default;

void ClusterDetailView::setActions(QAction *hold, QAction *release) {
    m_holdButton->setDefaultAction(hold);
    m_releaseButton->setDefaultAction(release);
}

void ClusterDetailView::showCluster(const DuplicateCluster &cluster,
                                    const QList<CanonicalOrder> &orders) {
    const bool sameCluster = cluster.id == m_clusterId;
    const QString previousOrder = sameCluster ? currentOrderId() : QString();
    m_clusterId = cluster.id;
    m_quiet = true;
    m_model->setOrders(orders);
    m_title->setText(tr("%1 · %2 · score %3")
                         .arg(cluster.id, clusterKindTitle(cluster.kind),
                              QLocale().toString(cluster.score, 'f', 1)));
    m_title->setAccessibleName(m_title->text());
    const int diffs = m_model->differenceCount();
    const int count = int(orders.size());
    m_differences->setText(diffs == 0 ? tr("%Ln orders, no differences", nullptr, count)
                                      : tr("%Ln orders, highlighted cells differ", nullptr, count));

    m_evidence->clear();
    const QLocale locale;
    for (const Evidence &e : cluster.evidence) {
        auto *item = new QTreeWidgetItem(m_evidence);
        item->setText(0, signalTitle(e.signal));
        item->setText(1, e.detail);
        item->setToolTip(1, e.detail);
        const QString w = locale.toString(e.weight, 'f', 1);
        item->setText(2, e.weight > 0 ? tr("+%1").arg(w) : w);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (e.weight < 0) {
            item->setForeground(2, mutedText(palette()));
            item->setToolTip(2, tr("Speaks against these orders being the same demand"));
        } else {
            QFont f = item->font(2);
            f.setWeight(QFont::DemiBold);
            item->setFont(2, f);
            item->setToolTip(2, tr("Speaks for these orders being the same demand"));
        }
    }
    m_stack->setCurrentIndex(1);
    // Keep the planner's chosen order when the same cluster refreshes; start at the newest order
    // otherwise: the likely duplicate.
    if (!previousOrder.isEmpty())
        selectOrder(previousOrder);
    else if (!orders.isEmpty())
        selectOrder(orders.last().id);
    m_quiet = false;
    if (!sameCluster || currentOrderId() != previousOrder)
        emit currentOrderChanged(currentOrderId());
}

void ClusterDetailView::clear() {
    m_clusterId.clear();
    m_model->setOrders({});
    m_evidence->clear();
    m_stack->setCurrentIndex(0);
}

void ClusterDetailView::setHeldOrders(const QSet<QString> &orderIds) {
    m_model->setHeldOrders(orderIds);
}

QString ClusterDetailView::currentOrderId() const {
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->orderIdAt(current.column()) : QString();
}

void ClusterDetailView::selectOrder(const QString &orderId) {
    for (int c = 0; c < m_model->columnCount(); ++c) {
        if (m_model->orderIdAt(c) != orderId)
            continue;
        const int row = std::max(0, m_table->currentIndex().row());
        m_table->selectionModel()->setCurrentIndex(m_model->index(row, c),
                                                   QItemSelectionModel::NoUpdate);
        return;
    }
}

} // namespace o2c::ui
