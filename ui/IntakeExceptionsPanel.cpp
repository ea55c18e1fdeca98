// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeExceptionsPanel.h"

#include "DisplayText.h"
#include "TableLayout.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "middleware/IntakeExceptionModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace o2c::ui {

namespace {

// A hub status in the planner's words; a status of a newer contract as the hub sent it.
QString statusTitle(const IntakeTransaction &t) {
    switch (t.status) {
    case IntakeStatus::Received:
        return IntakeExceptionsPanel::tr("Received");
    case IntakeStatus::Validated:
        return IntakeExceptionsPanel::tr("Validated");
    case IntakeStatus::Quarantined:
        return IntakeExceptionsPanel::tr("Quarantined");
    case IntakeStatus::Forwarded:
        return IntakeExceptionsPanel::tr("Sent to Odoo");
    case IntakeStatus::Acknowledged:
        return IntakeExceptionsPanel::tr("Acknowledged");
    case IntakeStatus::Failed:
        return IntakeExceptionsPanel::tr("Failed");
    case IntakeStatus::DeadLettered:
        return IntakeExceptionsPanel::tr("Dead-lettered");
    case IntakeStatus::Rejected:
        return IntakeExceptionsPanel::tr("Rejected");
    case IntakeStatus::Unknown:
        break;
    }
    return t.statusKey;
}

// The hub's rows as the rest of the cockpit shows them: translated status and channel, the
// amount in the locale's money format. The model underneath keeps the wire's values.
class IntakeDisplayModel : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override {
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            const auto *model = static_cast<const IntakeExceptionModel *>(sourceModel());
            if (const IntakeTransaction *t = model->at(index.row())) {
                switch (index.column()) {
                case IntakeExceptionModel::StatusColumn:
                    return statusTitle(*t);
                case IntakeExceptionModel::ChannelColumn:
                    return channelTitle(t->channel);
                case IntakeExceptionModel::AmountColumn:
                    return formatMoney(t->order.amountTotal, t->order.currency);
                default:
                    break;
                }
            }
        }
        if (role == Qt::TextAlignmentRole && index.column() == IntakeExceptionModel::AmountColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

IntakeExceptionsPanel::IntakeExceptionsPanel(IntakeExceptionModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model) {
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    QFont f = m_title->font();
    f.setWeight(QFont::DemiBold);
    m_title->setFont(f);
    v->addWidget(m_title);
    m_table = new QTableView(this);
    auto *display = new IntakeDisplayModel(this);
    display->setSourceModel(m_model);
    m_table->setModel(display);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setTabKeyNavigation(false);
    // One line a row, as in the other tables of the queue: no cell wraps to a second line.
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    fitColumnsToSamples(
        m_table, {QStringLiteral("TX-0000000"), tr("Dead-lettered"), channelTitle(Channel::Manual),
                  QStringLiteral("A customer name of some length"),
                  QStringLiteral("ORD/2025/00000"), formatMoney(999999, QStringLiteral("EUR")),
                  QLocale().toString(QDateTime(QDate(2000, 12, 28), QTime(23, 59, 59)),
                                     QLocale::ShortFormat)});
    m_table->setAccessibleName(tr("Transactions held in the middleware hub"));
    v->addWidget(m_table, 1);
    auto *buttons = new QHBoxLayout;
    m_release = new QPushButton(tr("Release to Odoo"), this);
    m_reject = new QPushButton(tr("Reject…"), this);
    m_replay = new QPushButton(tr("Replay"), this);
    m_release->setToolTip(tr("Not a duplicate after all: the hub sends it on to Odoo."));
    m_reject->setToolTip(tr("The order must not reach Odoo: the hub drops it, with your reason."));
    m_replay->setToolTip(tr("Send a failed or dead-lettered order to Odoo again."));
    for (QPushButton *b : {m_release, m_reject, m_replay})
        buttons->addWidget(b);
    buttons->addStretch(1);
    v->addLayout(buttons);
    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_result);
    connect(m_release, &QPushButton::clicked, this, [this] { act(ActionKind::HubRelease); });
    connect(m_reject, &QPushButton::clicked, this, [this] { act(ActionKind::HubReject); });
    connect(m_replay, &QPushButton::clicked, this, [this] { act(ActionKind::HubReplay); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &IntakeExceptionsPanel::updateButtons);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &IntakeExceptionsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &IntakeExceptionsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &IntakeExceptionsPanel::updateButtons);
    updateButtons();
}

IntakeExceptionsPanel::~IntakeExceptionsPanel() = default;

void IntakeExceptionsPanel::setDesk(ActionDesk *desk, ActionExecutor *executor) {
    m_desk = desk;
    m_executor = executor;
    updateButtons();
}

QString IntakeExceptionsPanel::resultText() const {
    return m_result->text();
}

QString IntakeExceptionsPanel::selectedTransaction() const {
    const QModelIndex i = m_table->currentIndex();
    if (!i.isValid() || !m_table->selectionModel()->isRowSelected(i.row(), {}))
        return {};
    return m_model->index(i.row(), 0).data(IntakeExceptionModel::TransactionIdRole).toString();
}

void IntakeExceptionsPanel::selectTransaction(const QString &id) {
    for (int r = 0; r < m_model->rowCount(); ++r) {
        if (m_model->index(r, 0).data(IntakeExceptionModel::TransactionIdRole).toString() == id) {
            m_table->selectRow(r);
            return;
        }
    }
}

void IntakeExceptionsPanel::updateButtons() {
    m_title->setText(
        tr("Held in the middleware hub before Odoo: %n", nullptr, m_model->rowCount()));
    const QString id = selectedTransaction();
    const IntakeTransaction *t = nullptr;
    for (int r = 0; !id.isEmpty() && r < m_model->rowCount(); ++r) {
        if (m_model->at(r) && m_model->at(r)->id == id)
            t = m_model->at(r);
    }
    const QString why = !m_desk ? tr("Acting on hub transactions needs the team store.")
                        : !t    ? tr("Select a transaction first.")
                                : m_desk->refusal(ActionKind::HubRelease);
    const bool can = why.isEmpty();
    const IntakeStatus s = t ? t->status : IntakeStatus::Unknown;
    const bool quarantined = s == IntakeStatus::Quarantined;
    const bool failed = s == IntakeStatus::Failed || s == IntakeStatus::DeadLettered;
    m_release->setEnabled(can && quarantined);
    m_reject->setEnabled(can && (quarantined || failed));
    m_replay->setEnabled(can && failed);
    for (QPushButton *b : {m_release, m_reject, m_replay})
        if (!can)
            b->setToolTip(why);
}

void IntakeExceptionsPanel::act(ActionKind kind, const QString &givenReason) {
    const QString id = selectedTransaction();
    if (id.isEmpty() || !m_desk)
        return;
    QString reason = givenReason;
    if (kind == ActionKind::HubReject && reason.isEmpty()) {
        bool ok = false;
        reason = QInputDialog::getText(this, tr("Reject %1").arg(id),
                                       tr("Why must this order not reach Odoo?"), QLineEdit::Normal,
                                       {}, &ok);
        if (!ok)
            return;
    }
    QString label = id;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const IntakeTransaction *t = m_model->at(r);
        if (t && t->id == id && !t->order.customerRef.isEmpty())
            label = tr("%1 (%2)").arg(id, t->order.customerRef);
    }
    const ActionDesk::Outcome o = m_desk->hubAction(kind, id, label, reason);
    m_result->setText(o.message);
    if (o.ok && m_executor)
        m_executor->runPending();
}

} // namespace o2c::ui
