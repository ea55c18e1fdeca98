// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QAction;

namespace o2c::ui {

struct CockpitContext;
class ClusterListModel;
class QueueColumns;
class QueueFilter;

// The shift's exception queue: open duplicate clusters that are mine, unassigned or escalated,
// with the time left on their SLA; the outbox's waiting and failed actions (retry, abandon); and
// a handover summary for the next shift.
class ShiftQueuePage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShiftQueuePage)
public:
    enum class Scope : quint8 { Mine, Unassigned, Escalated, All };
    enum Column : int {
        ClusterColumn,
        CustomerColumn,
        ValueColumn,
        WaitingColumn,
        SlaColumn,
        ClaimedByColumn,
        EscalatedColumn,
        ColumnCount
    };

    ShiftQueuePage(const CockpitContext &context, QWidget *parent = nullptr);
    ~ShiftQueuePage() override;

    // The clusters to queue, as the duplicate desk lists them (kept from the book's changes);
    // without one the page keeps its own list of the book's clusters.
    void setClusters(ClusterListModel *clusters);
    void setScope(Scope scope);
    void setSlaHours(int hours);
    void refresh();
    // Another source of exceptions shown below the queue (e.g. the middleware hub's held
    // transactions); the page takes ownership.
    void addSection(QWidget *section, int stretch = 2);

    QString currentClusterId() const;
    qint64 currentActionId() const;
    QString handoverSummary() const;

    // A lead's answer to the open escalation of the selected cluster (asks for the note when
    // `note` is null). Returns the desk's message; `ok` tells whether it was recorded.
    QString decideEscalation(bool approve, const QString &note, bool *ok = nullptr);
    // End of shift: releases every claim of the signed-in planner.
    QString releaseMyClaims(bool *ok = nullptr);

    QTableView *queueTable() const { return m_queue; }
    QTableView *outboxTable() const { return m_outbox; }
    QLabel *outboxEmptyLabel() const { return m_outboxEmpty; }
    // The queue as shown: sorted and filtered to the scope (rows of the shown table).
    QAbstractItemModel *queueModel() const;
    QStandardItemModel *outboxModel() const { return m_outboxModel; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *approveButton() const { return m_approve; }
    QPushButton *declineButton() const { return m_decline; }
    QPushButton *releaseClaimsButton() const { return m_releaseClaims; }

    enum OutboxColumn : int {
        OutboxIdColumn,
        OutboxActionColumn,
        OutboxOrdersColumn,
        OutboxStateColumn,
        OutboxAttemptsColumn,
        OutboxNextAttemptColumn,
        OutboxByColumn,
        OutboxErrorColumn,
        OutboxColumnCount
    };

    // What the queue reads besides the clusters: the desk's claims, decisions and escalations
    // as of the last refresh, and the clock.
    struct QueueState {
        QHash<QString, QString> claimedBy; // cluster -> login
        QSet<QString> decided;
        QHash<QString, QString> escalated; // cluster -> the open escalation's words
        QString me;
        QDateTime now;
        int slaHours = 4;
        Scope scope = Scope::All;
        friend bool operator==(const QueueState &, const QueueState &) = default;
    };

signals:
    void clusterActivated(const QString &clusterId);

private:
    void updateEscalationButtons();
    qint64 openEscalationOf(const QString &clusterId) const;
    void ensureClusters();
    void fitQueueColumns();

    const CockpitContext &m_ctx;
    Scope m_scope = Scope::All;
    int m_slaHours = 4;
    QueueState m_state;
    ClusterListModel *m_clusters = nullptr;
    ClusterListModel *m_ownClusters = nullptr; // when none was given
    QueueColumns *m_columns = nullptr;
    QueueFilter *m_filter = nullptr;
    QComboBox *m_scopeBox = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_queue = nullptr;
    QTableView *m_outbox = nullptr;
    QLabel *m_outboxEmpty = nullptr;
    QStandardItemModel *m_outboxModel = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_decline = nullptr;
    QPushButton *m_releaseClaims = nullptr;
};

} // namespace o2c::ui
