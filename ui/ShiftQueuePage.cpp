// SPDX-License-Identifier: GPL-3.0-or-later
#include "ShiftQueuePage.h"

#include "CockpitColors.h"
#include "CockpitContext.h"
#include "DisplayText.h"
#include "TableLayout.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int sortRole = Qt::UserRole + 1;
constexpr int idRole = Qt::UserRole + 2;

QTableView *pageTable(QWidget *parent, const QString &name) {
    auto *t = new QTableView(parent);
    t->setAccessibleName(name);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setAlternatingRowColors(true);
    t->setShowGrid(false);
    t->setTabKeyNavigation(false);
    t->verticalHeader()->hide();
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->setWordWrap(false);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

QString actionTitle(ActionKind k) {
    switch (k) {
    case ActionKind::ResolveCluster:
        return ShiftQueuePage::tr("Resolve");
    case ActionKind::MarkDistinct:
        return ShiftQueuePage::tr("Mark distinct");
    case ActionKind::Hold:
        return ShiftQueuePage::tr("Hold");
    case ActionKind::Release:
        return ShiftQueuePage::tr("Release");
    case ActionKind::Escalate:
        return ShiftQueuePage::tr("Escalate");
    case ActionKind::Comment:
        return ShiftQueuePage::tr("Comment");
    case ActionKind::Claim:
        return ShiftQueuePage::tr("Claim");
    case ActionKind::Unclaim:
        return ShiftQueuePage::tr("Unclaim");
    case ActionKind::RequeueJob:
        return ShiftQueuePage::tr("Requeue job");
    case ActionKind::HubRelease:
        return ShiftQueuePage::tr("Release from quarantine");
    case ActionKind::HubReject:
        return ShiftQueuePage::tr("Reject in the hub");
    case ActionKind::HubReplay:
        return ShiftQueuePage::tr("Replay through the hub");
    }
    return {};
}

QString stateTitle(ActionState s) {
    switch (s) {
    case ActionState::Queued:
        return ShiftQueuePage::tr("Waiting");
    case ActionState::Running:
        return ShiftQueuePage::tr("Sending");
    case ActionState::Done:
        return ShiftQueuePage::tr("Done");
    case ActionState::Failed:
        return ShiftQueuePage::tr("Failed");
    case ActionState::Abandoned:
        return ShiftQueuePage::tr("Abandoned");
    case ActionState::Retrying:
        return ShiftQueuePage::tr("Retrying");
    }
    return {};
}

QString localTime(const QString &utc) {
    const QDateTime t = QDateTime::fromString(utc, Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

QStandardItem *item(const QString &text, const QVariant &sort = {}) {
    auto *i = new QStandardItem(text);
    i->setData(sort.isValid() ? sort : QVariant(text), sortRole);
    return i;
}
} // namespace

ShiftQueuePage::ShiftQueuePage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    auto *title = new QLabel(tr("Exception queue"), this);
    QFont f = title->font();
    f.setWeight(QFont::DemiBold);
    title->setFont(f);
    head->addWidget(title);
    head->addStretch(1);
    auto *showLabel = new QLabel(tr("&Show:"), this);
    m_scopeBox = new QComboBox(this);
    m_scopeBox->setAccessibleName(tr("Which clusters to show"));
    m_scopeBox->addItem(tr("All open"), int(Scope::All));
    m_scopeBox->addItem(tr("Mine"), int(Scope::Mine));
    m_scopeBox->addItem(tr("Unassigned"), int(Scope::Unassigned));
    m_scopeBox->addItem(tr("Escalated"), int(Scope::Escalated));
    showLabel->setBuddy(m_scopeBox);
    head->addWidget(showLabel);
    head->addWidget(m_scopeBox);
    m_approve = new QPushButton(tr("A&pprove escalation…"), this);
    m_decline = new QPushButton(tr("Dec&line escalation…"), this);
    m_releaseClaims = new QPushButton(tr("Release &my claims"), this);
    m_releaseClaims->setToolTip(
        tr("End of shift: every cluster you claimed becomes free for the next planner."));
    head->addWidget(m_approve);
    head->addWidget(m_decline);
    head->addWidget(m_releaseClaims);
    v->addLayout(head);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(m_summary);

    m_queueModel = new QStandardItemModel(0, ColumnCount, this);
    m_queueModel->setHorizontalHeaderLabels({tr("Cluster"), tr("Customer"), tr("Value at risk"),
                                             tr("Waiting"), tr("SLA"), tr("Claimed by"),
                                             tr("Escalated")});
    m_queueModel->setSortRole(sortRole);
    m_queue = pageTable(this, tr("Exception queue"));
    m_queue->setModel(m_queueModel);
    m_queue->setSortingEnabled(true);
    fitColumnsToSamples(
        m_queue, {QStringLiteral("C-000000"), QStringLiteral("A customer name of some length"),
                  formatMoney(999999, QStringLiteral("EUR")), formatAge(23 * 3600 + 59 * 60),
                  tr("breached by %1").arg(formatAge(23 * 3600 + 59 * 60)),
                  QStringLiteral("planner.name"), tr("Escalated")});
    v->addWidget(m_queue, 3);

    auto *outboxTitle = new QLabel(tr("Actions waiting or failed"), this);
    outboxTitle->setFont(f);
    v->addWidget(outboxTitle);
    m_outboxModel = new QStandardItemModel(0, OutboxColumnCount, this);
    m_outboxModel->setHorizontalHeaderLabels({tr("#"), tr("Action"), tr("Orders"), tr("State"),
                                              tr("Attempts"), tr("Next attempt"), tr("By"),
                                              tr("Last error")});
    m_outbox = pageTable(this, tr("Actions waiting or failed"));
    m_outbox->setModel(m_outboxModel);
    fitColumnsToSamples(m_outbox, {QStringLiteral("00000"), tr("Mark distinct"),
                                   QStringLiteral("S00000, S00000"), tr("Abandoned"),
                                   QStringLiteral("00"), QStringLiteral("planner.name")});
    v->addWidget(m_outbox, 2);

    connect(m_scopeBox, &QComboBox::currentIndexChanged, this,
            [this] { setScope(Scope(m_scopeBox->currentData().toInt())); });
    connect(m_queue, &QTableView::activated, this, [this](const QModelIndex &i) {
        emit clusterActivated(m_queueModel->item(i.row(), 0)->data(idRole).toString());
    });
    connect(m_queue->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { updateEscalationButtons(); });
    connect(m_approve, &QPushButton::clicked, this, [this] { decideEscalation(true, {}); });
    connect(m_decline, &QPushButton::clicked, this, [this] { decideEscalation(false, {}); });
    connect(m_releaseClaims, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString message = releaseMyClaims(&ok);
        if (!ok)
            QMessageBox::warning(this, tr("Claims not released"), message);
    });
    updateEscalationButtons();
}

qint64 ShiftQueuePage::openEscalationOf(const QString &clusterId) const {
    if (!m_ctx.desk || clusterId.isEmpty())
        return 0;
    for (const Escalation &e : m_ctx.desk->escalations(true))
        if (e.clusterId == clusterId)
            return e.id;
    return 0;
}

void ShiftQueuePage::updateEscalationButtons() {
    QString why;
    if (!m_ctx.desk)
        why = tr("No team store: escalations cannot be decided.");
    else if (m_ctx.desk->actor().role != Role::Lead)
        why = tr("Only a lead can approve or decline an escalation; %1 is not a lead.")
                  .arg(m_ctx.desk->actor().odooLogin);
    else if (currentClusterId().isEmpty())
        why = tr("Select an escalated cluster first.");
    else if (!openEscalationOf(currentClusterId()))
        why = tr("%1 has no open escalation.").arg(currentClusterId());
    for (QPushButton *b : {m_approve, m_decline}) {
        b->setEnabled(why.isEmpty());
        b->setToolTip(why.isEmpty()
                          ? (b == m_approve
                                 ? tr("Approve the escalation of %1").arg(currentClusterId())
                                 : tr("Decline the escalation of %1").arg(currentClusterId()))
                          : why);
    }
    const QString claimWhy = !m_ctx.desk ? tr("No team store: there are no claims.")
                                         : m_ctx.desk->refusal(ActionKind::Claim);
    m_releaseClaims->setEnabled(claimWhy.isEmpty());
    if (!claimWhy.isEmpty())
        m_releaseClaims->setToolTip(claimWhy);
}

QString ShiftQueuePage::decideEscalation(bool approve, const QString &note, bool *ok) {
    if (ok)
        *ok = false;
    const QString cluster = currentClusterId();
    const qint64 id = openEscalationOf(cluster);
    if (!m_ctx.desk || !id)
        return tr("Select a cluster with an open escalation first.");
    QString words = note;
    if (words.isNull()) {
        bool accepted = false;
        words = QInputDialog::getText(this,
                                      approve ? tr("Approve escalation of %1").arg(cluster)
                                              : tr("Decline escalation of %1").arg(cluster),
                                      approve ? tr("Note for the planner (optional):")
                                              : tr("Why is it declined?"),
                                      QLineEdit::Normal, {}, &accepted);
        if (!accepted)
            return {};
    }
    const ActionDesk::Outcome out = m_ctx.desk->decideEscalation(id, approve, words);
    if (ok)
        *ok = out.ok;
    if (!out.ok && note.isNull())
        QMessageBox::warning(this, tr("Not done"), out.message);
    refresh();
    return out.message;
}

QString ShiftQueuePage::releaseMyClaims(bool *ok) {
    if (ok)
        *ok = false;
    if (!m_ctx.desk)
        return tr("No team store: there are no claims.");
    const ActionDesk::Outcome out = m_ctx.desk->handOverClaims();
    if (ok)
        *ok = out.ok;
    refresh();
    return out.message;
}

ShiftQueuePage::~ShiftQueuePage() = default;

void ShiftQueuePage::setScope(Scope scope) {
    const int index = m_scopeBox->findData(int(scope));
    if (index != m_scopeBox->currentIndex())
        m_scopeBox->setCurrentIndex(index); // comes back here through the signal
    m_scope = scope;
    refresh();
}

void ShiftQueuePage::setSlaHours(int hours) {
    m_slaHours = std::max(1, hours);
    refresh();
}

QString ShiftQueuePage::currentClusterId() const {
    const QModelIndex i = m_queue->currentIndex();
    return i.isValid() ? m_queueModel->item(i.row(), 0)->data(idRole).toString() : QString();
}

qint64 ShiftQueuePage::currentActionId() const {
    const QModelIndex i = m_outbox->currentIndex();
    return i.isValid() ? m_outboxModel->item(i.row(), 0)->data(idRole).toLongLong() : 0;
}

void ShiftQueuePage::addSection(QWidget *section, int stretch) {
    section->setParent(this);
    if (auto *box = qobject_cast<QBoxLayout *>(layout()))
        box->addWidget(section, stretch);
}

void ShiftQueuePage::refresh() {
    const QString keep = currentClusterId();
    m_queueModel->removeRows(0, m_queueModel->rowCount());
    m_outboxModel->removeRows(0, m_outboxModel->rowCount());
    if (!m_ctx.book) {
        m_summary->setText(tr("No orders are loaded."));
        return;
    }
    const QDateTime now = m_ctx.clock();
    QHash<QString, ClusterClaim> claims;
    QSet<QString> decided;
    QHash<QString, QString> escalated; // cluster → the open escalation's reason
    QString me;
    if (m_ctx.desk) {
        claims = m_ctx.desk->claims();
        for (const ClusterDecision &d : m_ctx.desk->decisions())
            decided.insert(d.clusterId);
        // Open escalations only: one a lead answered is no longer waiting for them.
        for (const Escalation &e : m_ctx.desk->escalations(true))
            escalated.insert(e.clusterId, tr("%1 (by %2)").arg(e.reason, e.raisedBy));
        me = m_ctx.desk->actor().odooLogin;
    }
    int mine = 0, unassigned = 0, escalatedCount = 0, breached = 0, open = 0;
    const QPalette pal = palette();
    const QList<DuplicateCluster> clusters = m_ctx.book->duplicates().clusters();
    for (const DuplicateCluster &c : clusters) {
        if (decided.contains(c.id))
            continue;
        QList<const CanonicalOrder *> members;
        for (const QString &id : c.members)
            if (const CanonicalOrder *o = m_ctx.book->order(id))
                members.append(o);
        if (members.size() < 2)
            continue;
        ++open;
        const auto claim = claims.constFind(c.id);
        const bool isMine = claim != claims.cend() && claim->claimedBy == me;
        const bool isUnassigned = claim == claims.cend();
        const bool isEscalated = escalated.contains(c.id);
        mine += isMine;
        unassigned += isUnassigned;
        escalatedCount += isEscalated;
        const qint64 waiting = std::max<qint64>(0, members.at(1)->createdAt.secsTo(now));
        const qint64 left = qint64(m_slaHours) * 3600 - waiting;
        breached += left < 0;
        if ((m_scope == Scope::Mine && !isMine) ||
            (m_scope == Scope::Unassigned && !isUnassigned) ||
            (m_scope == Scope::Escalated && !isEscalated))
            continue;
        double value = 0;
        if (c.kind != ClusterKind::Amendment)
            for (qsizetype i = 1; i < members.size(); ++i)
                value += members.at(i)->amountTotal;
        QList<QStandardItem *> row{item(c.id),
                                   item(members.first()->customer.name),
                                   item(formatMoney(value, members.first()->currency), value),
                                   item(formatAge(waiting), waiting),
                                   item(left >= 0 ? tr("%1 left").arg(formatAge(left))
                                                  : tr("breached by %1").arg(formatAge(-left)),
                                        left),
                                   item(isUnassigned ? tr("nobody") : claim->claimedBy),
                                   item(isEscalated ? escalated.value(c.id) : QString())};
        row.first()->setData(c.id, idRole);
        if (left < 0) {
            row.at(SlaColumn)->setForeground(productionColor());
            row.at(SlaColumn)->setToolTip(tr("The SLA of %1 h is breached.").arg(m_slaHours));
        }
        if (isMine)
            for (QStandardItem *i : row)
                i->setBackground(chosenBackground(pal));
        m_queueModel->appendRow(row);
    }
    // Most money first, then the oldest: what the shift should look at next.
    m_queueModel->sort(ValueColumn, Qt::DescendingOrder);
    m_queue->horizontalHeader()->setSortIndicator(ValueColumn, Qt::DescendingOrder);
    for (int r = 0; r < m_queueModel->rowCount(); ++r)
        if (m_queueModel->item(r, 0)->data(idRole).toString() == keep)
            m_queue->selectRow(r);

    int failed = 0, waitingActions = 0;
    if (m_ctx.desk) {
        const QList<ActionRecord> actions =
            m_ctx.desk->actions({ActionState::Queued, ActionState::Running, ActionState::Retrying,
                                 ActionState::Failed});
        for (const ActionRecord &a : actions) {
            failed += a.state == ActionState::Failed;
            waitingActions += a.state != ActionState::Failed;
            const QString next = a.state == ActionState::Retrying ? localTime(a.nextAttemptAt)
                                 : a.state == ActionState::Failed ? tr("waits for a planner")
                                                                  : QString();
            QList<QStandardItem *> row{item(QString::number(a.id), a.id),
                                       item(actionTitle(a.kind)),
                                       item(a.target),
                                       item(stateTitle(a.state)),
                                       item(QString::number(a.attempts), a.attempts),
                                       item(next, a.nextAttemptAt),
                                       item(a.odooUser),
                                       item(a.lastError)};
            row.first()->setData(a.id, idRole);
            if (a.state == ActionState::Failed)
                row.at(OutboxStateColumn)->setForeground(productionColor());
            if (a.state == ActionState::Retrying)
                row.at(OutboxStateColumn)
                    ->setToolTip(tr("A transient failure: sent again by itself at %1.").arg(next));
            else if (a.state == ActionState::Failed)
                row.at(OutboxStateColumn)
                    ->setToolTip(a.failure == QLatin1String("transient")
                                     ? tr("Odoo could not be reached in %n attempt(s): retry or "
                                          "abandon it.",
                                          nullptr, a.attempts)
                                     : tr("Odoo refused it: fix the cause, then retry or abandon "
                                          "it."));
            m_outboxModel->appendRow(row);
        }
    }
    m_summary->setText(
        tr("%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. "
           "Actions: %6 waiting, %7 failed.",
           nullptr, int(open))
            .arg(mine)
            .arg(unassigned)
            .arg(escalatedCount)
            .arg(breached)
            .arg(m_slaHours)
            .arg(waitingActions)
            .arg(failed));
    updateEscalationButtons();
}

QString ShiftQueuePage::handoverSummary() const {
    QStringList lines;
    lines << tr("Shift handover, %1")
                 .arg(QLocale().toString(m_ctx.clock().toLocalTime(), QLocale::ShortFormat));
    lines << m_summary->text();
    lines << tr("Largest open clusters:");
    const int n = std::min(5, m_queueModel->rowCount());
    for (int r = 0; r < n; ++r)
        lines << tr("- %1 %2: %3, waiting %4, %5")
                     .arg(m_queueModel->item(r, ClusterColumn)->text(),
                          m_queueModel->item(r, CustomerColumn)->text(),
                          m_queueModel->item(r, ValueColumn)->text(),
                          m_queueModel->item(r, WaitingColumn)->text(),
                          m_queueModel->item(r, SlaColumn)->text());
    if (m_outboxModel->rowCount() > 0) {
        lines << tr("Actions still open:");
        for (int r = 0; r < m_outboxModel->rowCount(); ++r)
            lines << tr("- #%1 %2 %3: %4")
                         .arg(m_outboxModel->item(r, 0)->text(), m_outboxModel->item(r, 1)->text(),
                              m_outboxModel->item(r, 2)->text(), m_outboxModel->item(r, 3)->text());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace o2c::ui
