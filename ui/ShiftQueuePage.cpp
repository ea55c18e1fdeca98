// SPDX-License-Identifier: GPL-3.0-or-later
#include "ShiftQueuePage.h"

#include "ClusterListModel.h"
#include "CockpitColors.h"
#include "CockpitContext.h"
#include "DisplayText.h"
#include "TableLayout.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace o2c::ui {

namespace {
constexpr int queueSortRole = Qt::UserRole + 1;
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
    i->setData(sort.isValid() ? sort : QVariant(text), queueSortRole);
    return i;
}
} // namespace

// The duplicate desk's clusters in the queue's columns, with the desk's claims and escalations and
// the SLA clock; row for row the cluster list, so its changes arrive as they happen.
class QueueColumns final : public QIdentityProxyModel {
public:
    QueueColumns(const ShiftQueuePage::QueueState &state, QWidget *page)
        : QIdentityProxyModel(page)
        , m_state(state)
        , m_page(page) {}

    void setSourceModel(QAbstractItemModel *source) override {
        QIdentityProxyModel::setSourceModel(source);
        m_clusters = static_cast<ClusterListModel *>(source);
        if (source) // the waiting and SLA columns move with any column of the row
            connect(source, &QAbstractItemModel::dataChanged, this,
                    [this](const QModelIndex &from, const QModelIndex &to) {
                        if (from.column() > 0 || to.column() < ClusterListModel::ColumnCount - 1)
                            emit dataChanged(index(from.row(), 0),
                                             index(to.row(), ShiftQueuePage::ColumnCount - 1));
                    });
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case ShiftQueuePage::ClusterColumn:
            return ShiftQueuePage::tr("Cluster");
        case ShiftQueuePage::CustomerColumn:
            return ShiftQueuePage::tr("Customer");
        case ShiftQueuePage::ValueColumn:
            return ShiftQueuePage::tr("Value at risk");
        case ShiftQueuePage::WaitingColumn:
            return ShiftQueuePage::tr("Waiting");
        case ShiftQueuePage::SlaColumn:
            return ShiftQueuePage::tr("SLA");
        case ShiftQueuePage::ClaimedByColumn:
            return ShiftQueuePage::tr("Claimed by");
        case ShiftQueuePage::EscalatedColumn:
            return ShiftQueuePage::tr("Escalated");
        }
        return {};
    }
    Qt::ItemFlags flags(const QModelIndex &index) const override {
        return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable : Qt::NoItemFlags;
    }
    QVariant data(const QModelIndex &index, int role) const override {
        if (!m_clusters || !index.isValid() || index.row() >= m_clusters->rowCount())
            return {};
        const ClusterListModel::Row &r = m_clusters->rowAt(index.row());
        const QString &id = r.cluster.id;
        const qint64 waiting =
            r.since.isValid() ? std::max<qint64>(0, r.since.secsTo(m_state.now)) : 0;
        const qint64 left = qint64(m_state.slaHours) * 3600 - waiting;
        const auto claim = m_state.claimedBy.constFind(id);
        const bool unassigned = claim == m_state.claimedBy.cend();
        const double value = r.cluster.kind == ClusterKind::Amendment ? 0 : r.valueAtRisk;
        switch (role) {
        case Qt::DisplayRole:
        case queueSortRole:
            switch (index.column()) {
            case ShiftQueuePage::ClusterColumn:
                return id;
            case ShiftQueuePage::CustomerColumn:
                return r.customer;
            case ShiftQueuePage::ValueColumn:
                return role == queueSortRole ? QVariant(value) : formatMoney(value, r.currency);
            case ShiftQueuePage::WaitingColumn:
                return role == queueSortRole ? QVariant(waiting) : formatAge(waiting);
            case ShiftQueuePage::SlaColumn:
                if (role == queueSortRole)
                    return left;
                return left >= 0 ? ShiftQueuePage::tr("%1 left").arg(formatAge(left))
                                 : ShiftQueuePage::tr("breached by %1").arg(formatAge(-left));
            case ShiftQueuePage::ClaimedByColumn:
                return unassigned ? ShiftQueuePage::tr("nobody") : claim.value();
            case ShiftQueuePage::EscalatedColumn:
                return m_state.escalated.value(id);
            }
            break;
        case idRole:
            return id;
        case Qt::ForegroundRole:
            if (index.column() == ShiftQueuePage::SlaColumn && left < 0)
                return productionColor();
            break;
        case Qt::ToolTipRole:
            if (index.column() == ShiftQueuePage::SlaColumn && left < 0)
                return ShiftQueuePage::tr("The SLA of %1 h is breached.").arg(m_state.slaHours);
            break;
        case Qt::BackgroundRole:
            if (!unassigned && claim.value() == m_state.me)
                return chosenBackground(m_page->palette());
            break;
        default:
            break;
        }
        return {};
    }

private:
    const ShiftQueuePage::QueueState &m_state;
    QWidget *m_page;
    ClusterListModel *m_clusters = nullptr;
};

// The open clusters of the chosen scope, sorted as the planner asked.
class QueueFilter final : public QSortFilterProxyModel {
public:
    QueueFilter(const ShiftQueuePage::QueueState &state, QObject *parent)
        : QSortFilterProxyModel(parent)
        , m_state(state) {
        setSortRole(queueSortRole);
    }
    // The desk's state changed: which rows belong, and their order when sorted by a column that
    // shows that state (claims, escalations); the other columns keep their order.
    void refilter() {
        if (sortColumn() == ShiftQueuePage::ClaimedByColumn ||
            sortColumn() == ShiftQueuePage::EscalatedColumn)
            invalidate();
        else
            invalidateFilter();
    }
    bool open(const ClusterListModel::Row &r) const {
        return r.present >= 2 && !m_state.decided.contains(r.cluster.id);
    }

protected:
    // Row for row the cluster list, so as many columns; the queue shows its own first ones.
    bool filterAcceptsColumn(int sourceColumn, const QModelIndex &) const override {
        return sourceColumn < ShiftQueuePage::ColumnCount;
    }
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override {
        const auto *columns = static_cast<const QIdentityProxyModel *>(sourceModel());
        const auto *clusters = static_cast<const ClusterListModel *>(columns->sourceModel());
        if (!clusters || sourceRow >= clusters->rowCount())
            return false;
        const ClusterListModel::Row &r = clusters->rowAt(sourceRow);
        if (!open(r))
            return false;
        const QString &id = r.cluster.id;
        switch (m_state.scope) {
        case ShiftQueuePage::Scope::All:
            return true;
        case ShiftQueuePage::Scope::Mine:
            return m_state.claimedBy.value(id) == m_state.me && m_state.claimedBy.contains(id);
        case ShiftQueuePage::Scope::Unassigned:
            return !m_state.claimedBy.contains(id);
        case ShiftQueuePage::Scope::Escalated:
            return m_state.escalated.contains(id);
        }
        return false;
    }

private:
    const ShiftQueuePage::QueueState &m_state;
};

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

    m_columns = new QueueColumns(m_state, this);
    m_filter = new QueueFilter(m_state, this);
    m_filter->setSourceModel(m_columns);
    m_queue = pageTable(this, tr("Exception queue"));
    m_queue->setModel(m_filter);
    // Most money first, then the oldest: what the shift should look at next.
    m_queue->sortByColumn(ValueColumn, Qt::DescendingOrder);
    m_queue->setSortingEnabled(true);
    fitQueueColumns();
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
    // An empty outbox says so in a line, and leaves its room to the sections below.
    m_outboxEmpty = new QLabel(tr("No action is waiting for Odoo or has failed."), this);
    m_outboxEmpty->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(m_outboxEmpty);
    const auto showOutbox = [this] {
        const bool none = m_outboxModel->rowCount() == 0;
        m_outbox->setHidden(none);
        m_outboxEmpty->setHidden(!none);
    };
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_outboxModel, signal, this, showOutbox);
    showOutbox();

    connect(m_scopeBox, &QComboBox::currentIndexChanged, this,
            [this] { setScope(Scope(m_scopeBox->currentData().toInt())); });
    connect(m_queue, &QTableView::activated, this, [this](const QModelIndex &i) {
        emit clusterActivated(i.siblingAtColumn(ClusterColumn).data(idRole).toString());
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
    return i.isValid() ? i.siblingAtColumn(ClusterColumn).data(idRole).toString() : QString();
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

QAbstractItemModel *ShiftQueuePage::queueModel() const {
    return m_filter;
}

void ShiftQueuePage::fitQueueColumns() {
    fitColumnsToSamples(
        m_queue, {QStringLiteral("C-000000"), QStringLiteral("A customer name of some length"),
                  formatMoney(999999, QStringLiteral("EUR")), formatAge(23 * 3600 + 59 * 60),
                  tr("breached by %1").arg(formatAge(23 * 3600 + 59 * 60)),
                  QStringLiteral("planner.name"), tr("Escalated")});
}

void ShiftQueuePage::setClusters(ClusterListModel *clusters) {
    if (clusters == m_clusters)
        return;
    m_clusters = clusters;
    m_columns->setSourceModel(clusters);
    fitQueueColumns(); // the columns exist from now on
    if (clusters && m_ownClusters && clusters != m_ownClusters) {
        delete m_ownClusters;
        m_ownClusters = nullptr;
    }
}

void ShiftQueuePage::ensureClusters() {
    if (m_clusters || !m_ctx.book)
        return;
    // Standalone: a list of the book's clusters of its own, kept from the book's changes.
    OrderBook *book = m_ctx.book;
    m_ownClusters = new ClusterListModel(
        [book = QPointer<OrderBook>(book)](const QString &id) -> const CanonicalOrder * {
            return book ? book->order(id) : nullptr;
        },
        this);
    m_ownClusters->setClock(m_ctx.clock);
    ClusterDelta all;
    all.changed = book->duplicates().clusters(DuplicateEngine::EvidenceText::Deferred);
    m_ownClusters->applyDelta(all);
    connect(book, &OrderBook::clustersChanged, m_ownClusters, &ClusterListModel::applyDelta);
    connect(book, &OrderBook::ordersChanged, m_ownClusters, &ClusterListModel::refreshOrders);
    setClusters(m_ownClusters);
}

void ShiftQueuePage::refresh() {
    const QString keep = currentClusterId();
    m_outboxModel->removeRows(0, m_outboxModel->rowCount());
    if (!m_ctx.book) {
        m_summary->setText(tr("No orders are loaded."));
        return;
    }
    ensureClusters();
    // The desk's state: claims, decisions and open escalations are few; the clusters are many
    // and already listed (and kept up to date) by the cluster list.
    QueueState state;
    state.now = m_ctx.clock();
    state.slaHours = m_slaHours;
    state.scope = m_scope;
    if (m_ctx.desk) {
        const QHash<QString, ClusterClaim> claims = m_ctx.desk->claims();
        for (auto it = claims.cbegin(); it != claims.cend(); ++it)
            state.claimedBy.insert(it.key(), it->claimedBy);
        for (const ClusterDecision &d : m_ctx.desk->decisions())
            state.decided.insert(d.clusterId);
        // Open escalations only: one a lead answered is no longer waiting for them.
        for (const Escalation &e : m_ctx.desk->escalations(true))
            state.escalated.insert(e.clusterId, tr("%1 (by %2)").arg(e.reason, e.raisedBy));
        state.me = m_ctx.desk->actor().odooLogin;
    }
    const bool refilter = state.claimedBy != m_state.claimedBy ||
                          state.decided != m_state.decided ||
                          state.escalated != m_state.escalated || state.me != m_state.me ||
                          state.scope != m_state.scope;
    const bool timed = state.now != m_state.now || state.slaHours != m_state.slaHours;
    m_state = std::move(state);
    if (refilter) {
        m_filter->refilter();
    } else if (timed) {
        // Every waiting time moves by the same amount: the order stays, the texts change.
        m_queue->viewport()->update();
    }
    if (!keep.isEmpty() && currentClusterId() != keep && m_clusters) {
        const int row = m_clusters->rowOf(keep);
        const QModelIndex shown =
            row >= 0 ? m_filter->mapFromSource(m_columns->index(row, 0)) : QModelIndex();
        if (shown.isValid())
            m_queue->selectRow(shown.row());
    }

    // The figures over every open cluster, not only the scope's.
    int mine = 0, unassigned = 0, escalatedCount = 0, breached = 0, open = 0;
    if (m_clusters) {
        const QDateTime due = m_state.now.addSecs(-qint64(m_slaHours) * 3600);
        const bool anyClaims = !m_state.claimedBy.isEmpty();
        const bool anyEscalated = !m_state.escalated.isEmpty();
        for (int r = 0; r < m_clusters->rowCount(); ++r) {
            const ClusterListModel::Row &row = m_clusters->rowAt(r);
            if (!m_filter->open(row))
                continue;
            ++open;
            const auto claim =
                anyClaims ? m_state.claimedBy.constFind(row.cluster.id) : m_state.claimedBy.cend();
            const bool isUnassigned = claim == m_state.claimedBy.cend();
            unassigned += isUnassigned;
            mine += !isUnassigned && claim.value() == m_state.me;
            escalatedCount += anyEscalated && m_state.escalated.contains(row.cluster.id);
            breached += row.since.isValid() && row.since < due;
        }
    }

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
    const int n = std::min(5, m_filter->rowCount());
    for (int r = 0; r < n; ++r)
        lines << tr("- %1 %2: %3, waiting %4, %5")
                     .arg(m_filter->index(r, ClusterColumn).data().toString(),
                          m_filter->index(r, CustomerColumn).data().toString(),
                          m_filter->index(r, ValueColumn).data().toString(),
                          m_filter->index(r, WaitingColumn).data().toString(),
                          m_filter->index(r, SlaColumn).data().toString());
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
