// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntegrationHealthPage.h"

#include "CockpitColors.h"
#include "CockpitContext.h"
#include "DisplayText.h"
#include "IntegrationLog.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "middleware/HubHealthMonitor.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/QueueJobMonitor.h"
#include "middleware/RabbitMqMonitor.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"
#include "store/Store.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>

#include <QVBoxLayout>
#include <algorithm>

namespace o2c::ui {

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent) {
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    // One line a row at the height of the cockpit's other tables.
    t->setWordWrap(false);
    t->setAlternatingRowColors(true);
    t->setShowGrid(false);
    t->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 8);
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Every column at least as wide as its title ("Unacknowledged", "Dead-letter queue" were cut).
    QFont headerFont = t->horizontalHeader()->font();
    headerFont.setBold(true);
    const QFontMetrics hfm(headerFont);
    const int padding = hfm.horizontalAdvance(QLatin1Char('M')) + 16;
    for (int c = 0; c < headers.size(); ++c)
        t->setColumnWidth(c, std::max(t->horizontalHeader()->defaultSectionSize(),
                                      hfm.horizontalAdvance(headers.at(c)) + padding));
    t->setMinimumHeight(140);
    return t;
}

// Columns to what they hold, the last one to the table's end (resizing to contents alone leaves
// the last column at its text's width and an empty strip of header beside it).
void fitToContents(QTableWidget *t) {
    t->resizeColumnsToContents();
    t->horizontalHeader()->setStretchLastSection(false);
    t->horizontalHeader()->setStretchLastSection(true);
}

QString levelText(AlertLevel level, const QString &message) {
    switch (level) {
    case AlertLevel::Critical:
        return IntegrationHealthPage::tr("Critical: %1").arg(message);
    case AlertLevel::Warning:
        return IntegrationHealthPage::tr("Warning: %1").arg(message);
    case AlertLevel::Ok:
        break;
    }
    return message;
}

QColor levelColor(AlertLevel level) {
    return level == AlertLevel::Critical  ? QColor(0xc6, 0x28, 0x28)
           : level == AlertLevel::Warning ? QColor(0xc7, 0x7c, 0x02)
                                          : QColor(0x2e, 0x7d, 0x32);
}

QString when(const QDateTime &t) {
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

IntegrationHealthPage::IntegrationHealthPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *v = new QVBoxLayout(content);
    auto *form = new QFormLayout;
    const auto value = [content] {
        auto *l = new QLabel(content);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    m_connection = value();
    m_state = value();
    m_breaker = value();
    m_lastSync = value();
    m_passes = value();
    m_store = value();
    m_outbox = value();
    form->addRow(tr("Odoo connection:"), m_connection);
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Circuit breaker:"), m_breaker);
    form->addRow(tr("Last sync:"), m_lastSync);
    form->addRow(tr("Sync passes:"), m_passes);
    form->addRow(tr("Team store:"), m_store);
    form->addRow(tr("Outbox:"), m_outbox);
    v->addLayout(form);

    auto *alertsBox = new QGroupBox(tr("Alerts"), content);
    auto *alertsLayout = new QVBoxLayout(alertsBox);
    m_alerts = new QListWidget(alertsBox);
    m_alerts->setAccessibleName(tr("Alerts"));
    m_alerts->setMaximumHeight(120);
    alertsLayout->addWidget(m_alerts);
    v->addWidget(alertsBox);

    auto *hubBox = new QGroupBox(tr("Middleware hub"), content);
    auto *hubForm = new QFormLayout(hubBox);
    m_stream = value();
    m_hub = value();
    hubForm->addRow(tr("Live stream:"), m_stream);
    hubForm->addRow(tr("Health:"), m_hub);
    v->addWidget(hubBox);

    auto *rabbitBox = new QGroupBox(tr("RabbitMQ"), content);
    auto *rabbitLayout = new QVBoxLayout(rabbitBox);
    m_rabbit = value();
    rabbitLayout->addWidget(m_rabbit);
    m_rabbitTable =
        makeTable({tr("Queue"), tr("Messages"), tr("Ready"), tr("Unacknowledged"), tr("Consumers"),
                   tr("In per s"), tr("Out per s"), tr("Dead-letter queue"), tr("Alert")},
                  rabbitBox);
    m_rabbitTable->setAccessibleName(tr("RabbitMQ queues"));
    rabbitLayout->addWidget(m_rabbitTable);
    m_replayDead = new QPushButton(tr("Replay dead-lettered messages…"), rabbitBox);
    m_replayDead->setEnabled(false);
    m_replayDead->setToolTip(tr("Select a dead-letter queue first."));
    m_replayResult = value();
    rabbitLayout->addWidget(m_replayDead, 0, Qt::AlignLeft);
    rabbitLayout->addWidget(m_replayResult);
    connect(m_replayDead, &QPushButton::clicked, this,
            &IntegrationHealthPage::chooseDeadLettersToReplay);
    connect(m_rabbitTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_rabbitTable->currentRow();
        const bool dead = row >= 0 && m_rabbitTable->item(row, 7) &&
                          m_rabbitTable->item(row, 7)->data(Qt::UserRole).toBool();
        m_replayDead->setEnabled(dead && m_mw.rabbit);
    });
    v->addWidget(rabbitBox);

    auto *jobsBox = new QGroupBox(tr("Job queue (OCA queue_job)"), content);
    auto *jobsLayout = new QVBoxLayout(jobsBox);
    m_jobs = value();
    jobsLayout->addWidget(m_jobs);
    m_jobsTable = makeTable(
        {tr("Job"), tr("State"), tr("Channel"), tr("Tries"), tr("Since"), tr("Error")}, jobsBox);
    m_jobsTable->setAccessibleName(tr("Failed and stuck jobs"));
    jobsLayout->addWidget(m_jobsTable);
    m_requeue = new QPushButton(tr("Requeue the selected job"), jobsBox);
    m_requeue->setEnabled(false);
    m_requeueResult = value();
    jobsLayout->addWidget(m_requeue, 0, Qt::AlignLeft);
    jobsLayout->addWidget(m_requeueResult);
    connect(m_requeue, &QPushButton::clicked, this, &IntegrationHealthPage::requeueSelected);
    connect(m_jobsTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_jobsTable->currentRow();
        const QString state = row >= 0 && m_jobsTable->item(row, 1)
                                  ? m_jobsTable->item(row, 1)->data(Qt::UserRole).toString()
                                  : QString();
        const bool failed = state == QLatin1String("failed");
        const bool stuck = state == QLatin1String("started");
        const QString refusal =
            m_ctx.desk ? m_ctx.desk->refusal(ActionKind::RequeueJob) : QString();
        m_requeue->setEnabled((failed || stuck) && m_ctx.desk && refusal.isEmpty());
        m_requeue->setToolTip(!m_ctx.desk          ? tr("Requeueing needs the team store.")
                              : !refusal.isEmpty() ? refusal
                              : stuck
                                  ? tr("Requeue a stuck job only when the worker that started it "
                                       "is gone; you are asked to confirm.")
                              : failed ? QString()
                                       : tr("Only a failed or stuck job can be requeued."));
    });
    v->addWidget(jobsBox);

    auto *errorsTitle = new QLabel(tr("Recent errors"), content);
    QFont f = errorsTitle->font();
    f.setWeight(QFont::DemiBold);
    errorsTitle->setFont(f);
    v->addWidget(errorsTitle);
    m_errors = new QListWidget(content);
    m_errors->setAccessibleName(tr("Recent errors"));
    m_errors->setMinimumHeight(120);
    v->addWidget(m_errors, 1);
    refreshMiddleware();
}

void IntegrationHealthPage::setMiddleware(const MiddlewareSources &sources) {
    m_mw = sources;
    if (m_mw.stream)
        connect(m_mw.stream, &IntakeEventStream::connectedChanged, this,
                &IntegrationHealthPage::refreshMiddleware, Qt::UniqueConnection);
    if (m_mw.hub)
        connect(m_mw.hub, &HubHealthMonitor::refreshed, this,
                &IntegrationHealthPage::refreshMiddleware, Qt::UniqueConnection);
    if (m_mw.rabbit) {
        connect(m_mw.rabbit, &RabbitMqMonitor::refreshed, this,
                &IntegrationHealthPage::refreshMiddleware, Qt::UniqueConnection);
        connect(m_mw.rabbit, &RabbitMqMonitor::unavailable, this, [this](const QString &message) {
            m_rabbit->setText(tr("Not reachable: %1").arg(message));
        });
    }
    if (m_mw.jobs)
        connect(m_mw.jobs, &QueueJobMonitor::refreshed, this,
                &IntegrationHealthPage::refreshMiddleware, Qt::UniqueConnection);
    refreshMiddleware();
}

QStringList IntegrationHealthPage::alertTexts() const {
    QStringList out;
    for (int i = 0; i < m_alerts->count(); ++i)
        out << m_alerts->item(i)->text();
    return out;
}

QString IntegrationHealthPage::hubText() const {
    return m_hub->text();
}

QString IntegrationHealthPage::streamText() const {
    return m_stream->text();
}

QString IntegrationHealthPage::jobsText() const {
    return m_jobs->text();
}

void IntegrationHealthPage::refreshMiddleware() {
    QList<Alert> alerts;
    // Live stream
    if (!m_mw.stream) {
        m_stream->setText(tr("No middleware hub configured: orders are seen once they reach "
                             "Odoo."));
    } else {
        const StreamFigures f = m_mw.stream->figures();
        const QString transport =
            m_mw.stream->transport() == IntakeEventStream::Transport::WebSocket
                ? tr("WebSocket")
                : tr("Server-Sent Events");
        const QString state = m_mw.stream->isConnected()
                                  ? tr("Connected (%1), last event %2.")
                                        .arg(transport)
                                        .arg(m_mw.stream->lastEventId())
                                  : tr("Not connected (%1): reconnecting, resuming after "
                                       "event %2.")
                                        .arg(transport)
                                        .arg(m_mw.stream->lastEventId());
        m_stream->setText(tr("%1 %2 events received; repaired: %3 drops, %4 repeats ignored, "
                             "%5 out of order, %6 catch-ups from the listing.")
                              .arg(state)
                              .arg(f.delivered)
                              .arg(f.drops)
                              .arg(f.repeatsIgnored)
                              .arg(f.reordered)
                              .arg(f.catchUps));
        if (!m_mw.stream->isConnected() && f.connects > 0)
            alerts.append({AlertLevel::Warning,
                           tr("The middleware hub's live stream is down; the cockpit resumes "
                              "it without losing events.")});
    }
    // Hub health
    if (!m_mw.hub) {
        m_hub->setText(tr("not configured"));
    } else if (!m_mw.hub->hasHealth()) {
        m_hub->setText(m_mw.hub->problem().isEmpty() ? tr("waiting for the first figures")
                                                     : m_mw.hub->problem());
        if (!m_mw.hub->problem().isEmpty())
            alerts.append({AlertLevel::Critical, m_mw.hub->problem()});
    } else {
        const HubHealth &h = m_mw.hub->health();
        const QLocale l;
        QStringList lines;
        lines << tr("Throughput: %1 orders per minute over the last %n minutes", nullptr,
                    h.windowSeconds / 60)
                     .arg(l.toString(h.throughputPerMinute, 'f', 2));
        lines << tr("Received %1, acknowledged by Odoo %2").arg(h.received).arg(h.acknowledged);
        lines << tr("Failures: %n failed attempts, %1 dead-lettered", nullptr, h.failed)
                     .arg(h.deadLettered);
        lines << tr("Queue depth: %n waiting for Odoo", nullptr, h.queueDepth);
        lines << tr("Processing latency: %1 s median, %2 s 95th percentile, %3 s longest")
                     .arg(l.toString(h.latencyP50Ms / 1000, 'f', 1),
                          l.toString(h.latencyP95Ms / 1000, 'f', 1),
                          l.toString(h.latencyMaxMs / 1000, 'f', 1));
        lines << tr("Acknowledgement success: %1%").arg(l.toString(h.ackSuccessRate * 100, 'f', 1));
        lines << tr("Quarantined: %n", nullptr, h.quarantined);
        if (!m_mw.hub->problem().isEmpty())
            lines << m_mw.hub->problem();
        m_hub->setText(lines.join(QLatin1Char('\n')));
        const QList<Alert> hubAlerts{alerts::failures(h), alerts::ackSuccess(h),
                                     alerts::queueDepth(h), alerts::latency(h),
                                     alerts::quarantine(h)};
        alerts += hubAlerts;
        if (!m_mw.hub->problem().isEmpty())
            alerts.append({AlertLevel::Warning, m_mw.hub->problem()});
        m_hub->setStyleSheet(
            QStringLiteral("color: %1").arg(levelColor(alerts::worst(hubAlerts)).name()));
    }
    // RabbitMQ
    m_rabbitTable->setRowCount(0);
    // Without RabbitMQ the line above says how to configure it: no empty table under it.
    m_rabbitTable->setHidden(!m_mw.rabbit);
    m_replayDead->setHidden(!m_mw.rabbit);
    if (!m_mw.rabbit) {
        m_rabbit->setText(tr("RabbitMQ is not configured (start the cockpit with --rabbitmq "
                             "http://user:password@host:15672)."));
    } else {
        const QList<RabbitQueue> &queues = m_mw.rabbit->queues();
        qint64 dead = 0;
        for (const RabbitQueue &q : queues)
            dead += q.isDeadLetterQueue ? q.messages : 0;
        m_rabbit->setText(
            tr("%n queues; %1 messages dead-lettered.", nullptr, int(queues.size())).arg(dead));
        const QLocale l;
        for (const RabbitQueue &q : queues) {
            const int row = m_rabbitTable->rowCount();
            m_rabbitTable->insertRow(row);
            const Alert a = alerts::rabbitQueue(q);
            if (a.level != AlertLevel::Ok)
                alerts.append(a);
            const QStringList cells{
                q.vhost == QLatin1String("/") ? q.name : q.vhost + QLatin1Char('/') + q.name,
                QString::number(q.messages),
                QString::number(q.ready),
                QString::number(q.unacknowledged),
                QString::number(q.consumers),
                l.toString(q.publishRate, 'f', 1),
                l.toString(q.deliverRate, 'f', 1),
                q.isDeadLetterQueue ? tr("yes") : tr("no"),
                a.level == AlertLevel::Ok ? tr("OK") : levelText(a.level, a.message)};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells[c]);
                if (c == int(cells.size()) - 1)
                    item->setForeground(levelColor(a.level));
                if (c == 0) {
                    item->setData(Qt::UserRole, q.vhost);
                    item->setData(Qt::UserRole + 1, q.name);
                }
                if (c == 7)
                    item->setData(Qt::UserRole, q.isDeadLetterQueue && q.messages > 0);
                m_rabbitTable->setItem(row, c, item);
            }
        }
    }
    if (m_rabbitTable->rowCount() > 0)
        fitToContents(m_rabbitTable);
    // queue_job
    m_jobsTable->setRowCount(0);
    if (!m_mw.jobs) {
        m_jobs->setText(tr("not read (no Odoo connection)"));
    } else {
        const QueueJobFigures &f = m_mw.jobs->figures();
        using A = QueueJobFigures::Availability;
        switch (f.availability) {
        case A::Unknown:
            m_jobs->setText(tr("not read yet"));
            break;
        case A::NotInstalled:
            m_jobs->setText(tr("queue_job not installed in this Odoo: there are no job queues "
                               "to watch."));
            break;
        case A::NotAllowed:
            m_jobs->setText(f.message);
            alerts.append({AlertLevel::Warning, f.message});
            break;
        case A::Available:
        case A::Unreachable:
            m_jobs->setText(
                tr("%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting "
                   "(%5 of them retrying), read %6.",
                   nullptr, int(m_mw.jobs->stuckAfterSeconds() / 60))
                    .arg(f.failed)
                    .arg(f.stuck)
                    .arg(f.started)
                    .arg(f.waiting)
                    .arg(f.retrying)
                    .arg(when(f.readAt)) +
                (f.availability == A::Unreachable ? QLatin1Char(' ') + f.message : QString()));
            if (f.availability == A::Unreachable)
                alerts.append({AlertLevel::Warning, f.message});
            alerts.append(alerts::failedJobs(f));
            alerts.append(alerts::stuckJobs(f, m_mw.jobs->stuckAfterSeconds()));
            break;
        }
        auto addJob = [this](const QueueJob &j, bool stuck) {
            const int row = m_jobsTable->rowCount();
            m_jobsTable->insertRow(row);
            const QString tries = j.maxRetries > 0 ? tr("%1 of %2").arg(j.retry).arg(j.maxRetries)
                                                   : QString::number(j.retry);
            const QStringList cells{j.name.isEmpty() ? j.funcString : j.name,
                                    stuck ? tr("started, stuck") : tr("failed"),
                                    j.channel,
                                    tries,
                                    when(stuck ? j.started : j.created),
                                    j.excMessage.isEmpty() ? j.excName : j.excMessage};
            for (int c = 0; c < cells.size(); ++c) {
                auto *item = new QTableWidgetItem(cells[c]);
                item->setData(Qt::UserRole, c == 0 ? QVariant(j.id) : QVariant(j.state));
                if (c == 4)
                    item->setData(Qt::UserRole + 1, j.started);
                if (c == 5)
                    item->setToolTip(j.excInfo);
                m_jobsTable->setItem(row, c, item);
            }
        };
        for (const QueueJob &j : f.failedJobs)
            addJob(j, false);
        for (const QueueJob &j : f.stuckJobs)
            addJob(j, true);
        fitToContents(m_jobsTable);
    }
    // Alerts, most severe first
    std::stable_sort(alerts.begin(), alerts.end(),
                     [](const Alert &a, const Alert &b) { return a.level > b.level; });
    m_alerts->clear();
    for (const Alert &a : std::as_const(alerts)) {
        if (a.level == AlertLevel::Ok)
            continue;
        auto *item =
            new QListWidgetItem(dotIcon(levelColor(a.level)), levelText(a.level, a.message));
        m_alerts->addItem(item);
    }
    if (m_alerts->count() == 0)
        m_alerts->addItem(new QListWidgetItem(dotIcon(levelColor(AlertLevel::Ok)),
                                              tr("No alerts: the middleware and the job queue "
                                                 "look healthy.")));
}

QString IntegrationHealthPage::replayResultText() const {
    return m_replayResult->text();
}

void IntegrationHealthPage::chooseDeadLettersToReplay() {
    const int row = m_rabbitTable->currentRow();
    if (row < 0 || !m_mw.rabbit)
        return;
    const QString vhost = m_rabbitTable->item(row, 0)->data(Qt::UserRole).toString();
    const QString queue = m_rabbitTable->item(row, 0)->data(Qt::UserRole + 1).toString();
    m_replayResult->setText(tr("Reading %1…").arg(queue));
    QPointer<IntegrationHealthPage> self(this);
    m_mw.rabbit->peekDeadLetters(
        vhost, queue, 500,
        [self, vhost, queue](const QList<RabbitDeadLetter> &letters, const QString &error) {
            if (!self)
                return;
            if (!error.isEmpty()) {
                self->m_replayResult->setText(error);
                return;
            }
            QDialog dialog(self);
            dialog.setWindowTitle(tr("Replay from %1").arg(queue));
            auto *v = new QVBoxLayout(&dialog);
            v->addWidget(new QLabel(tr("Choose the messages to send back to where they were "
                                       "dead-lettered; the others stay in %1.")
                                        .arg(queue),
                                    &dialog));
            auto *list = new QListWidget(&dialog);
            for (const RabbitDeadLetter &d : letters) {
                auto *item = new QListWidgetItem(
                    tr("%1 — %2 in %3 (%n times): %4", nullptr, int(d.count))
                        .arg(d.messageId.isEmpty() ? tr("(no message id)") : d.messageId, d.reason,
                             d.originalQueue, d.preview),
                    list);
                item->setData(Qt::UserRole, d.messageId);
                item->setFlags(d.messageId.isEmpty() ? Qt::ItemIsEnabled
                                                     : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
                item->setCheckState(Qt::Unchecked);
            }
            v->addWidget(list);
            auto *buttons =
                new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
            buttons->button(QDialogButtonBox::Ok)->setText(tr("Replay the checked messages"));
            QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
            QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
            v->addWidget(buttons);
            if (dialog.exec() != QDialog::Accepted || !self)
                return;
            QSet<QString> ids;
            for (int i = 0; i < list->count(); ++i)
                if (list->item(i)->checkState() == Qt::Checked)
                    ids.insert(list->item(i)->data(Qt::UserRole).toString());
            if (ids.isEmpty()) {
                self->m_replayResult->setText(tr("Nothing was chosen; nothing was moved."));
                return;
            }
            self->replayDeadLetters(vhost, queue, ids);
        });
}

void IntegrationHealthPage::replayDeadLetters(const QString &vhost, const QString &queue,
                                              const QSet<QString> &ids) {
    if (!m_mw.rabbit)
        return;
    m_replayResult->setText(
        tr("Replaying %n messages from %1…", nullptr, int(ids.size())).arg(queue));
    QPointer<IntegrationHealthPage> self(this);
    m_mw.rabbit->replayDeadLetters(vhost, queue, ids, [self, queue](const RabbitReplayResult &r) {
        if (!self)
            return;
        self->m_replayResult->setText(
            r.ok ? tr("%n messages replayed from %1; %2 stay there.", nullptr, r.moved)
                       .arg(queue)
                       .arg(r.kept)
                 : r.message);
        if (self->m_mw.rabbit)
            self->m_mw.rabbit->refresh();
    });
}

void IntegrationHealthPage::requeueSelected() {
    const int row = m_jobsTable->currentRow();
    if (row < 0 || !m_ctx.desk)
        return;
    const qint64 id = m_jobsTable->item(row, 0)->data(Qt::UserRole).toLongLong();
    const QString name = m_jobsTable->item(row, 0)->text();
    const auto sent = [this](const ActionDesk::Outcome &o) {
        m_requeueResult->setText(o.message);
        if (o.ok && m_ctx.executor)
            m_ctx.executor->runPending();
    };
    if (m_jobsTable->item(row, 1)->data(Qt::UserRole).toString() != QLatin1String("started")) {
        sent(m_ctx.desk->requeueJob(id, name));
        return;
    }
    // A job stuck in "started" may still have a live worker: requeueing it then runs it twice.
    const QDateTime started = m_jobsTable->item(row, 4)->data(Qt::UserRole + 1).toDateTime();
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Requeue a stuck job"),
        tr("\"%1\" has been started since %2 and has not finished. Requeue it only if the worker "
           "that started it is gone (restarted or crashed): a worker still running it would run "
           "it a second time.")
            .arg(name, when(started)),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("requeueStuckJob"));
    QPushButton *requeue = box->addButton(tr("Requeue it"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this,
            [this, sent, requeue, id, name, started](QAbstractButton *clicked) {
                if (clicked == requeue && m_ctx.desk)
                    sent(m_ctx.desk->requeueStuckJob(id, name, started));
            });
    box->open();
}

IntegrationHealthPage::~IntegrationHealthPage() = default;

QString IntegrationHealthPage::connectionText() const {
    return m_connection->text();
}
QString IntegrationHealthPage::breakerText() const {
    return m_breaker->text();
}
QString IntegrationHealthPage::lastSyncText() const {
    return m_lastSync->text();
}
QString IntegrationHealthPage::outboxText() const {
    return m_outbox->text();
}

void IntegrationHealthPage::refresh() {
    refreshMiddleware();
    const odoo::ConnectionProfile &p = m_ctx.profile;
    m_connection->setText(tr("%1 — %2, database %3, user %4 (%5)")
                              .arg(p.name, p.url.toString(), p.database, p.login,
                                   p.production ? tr("production") : tr("staging")));
    m_state->setText(m_ctx.sync ? odoo::connectionStateText(m_ctx.sync->state())
                                : tr("Offline: no Odoo connection"));
    if (m_ctx.client) {
        odoo::CircuitBreaker *b = m_ctx.client->circuitBreaker();
        const auto state = b->state();
        m_breaker->setText(state == odoo::CircuitBreaker::State::Open
                               ? tr("%1, retrying in %2 s")
                                     .arg(odoo::CircuitBreaker::stateText(state))
                                     .arg((b->remainingOpenMs() + 999) / 1000)
                               : odoo::CircuitBreaker::stateText(state));
    } else {
        m_breaker->setText(tr("not in use"));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_ctx.sync && m_ctx.sync->lastSync().isValid()) {
        const odoo::SyncStats s = m_ctx.sync->lastStats();
        m_lastSync->setText(tr("%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices "
                               "in %6 ms (%7 requests)")
                                .arg(relativeTime(s.finishedAt, now))
                                .arg(s.saleOrders)
                                .arg(s.manufacturingOrders)
                                .arg(s.pickings)
                                .arg(s.invoices)
                                .arg(s.elapsedMs)
                                .arg(s.requests));
    } else {
        m_lastSync->setText(tr("never"));
    }
    m_errors->clear();
    if (m_ctx.log) {
        int ok = 0, failed = 0;
        for (const SyncPass &pass : m_ctx.log->passes())
            (pass.ok ? ok : failed)++;
        m_passes->setText(tr("%1 succeeded, %2 failed, %3 failed in a row")
                              .arg(ok)
                              .arg(failed)
                              .arg(m_ctx.log->failuresInRow()));
        for (const SyncPass &e : m_ctx.log->errors(50))
            m_errors->addItem(tr("%1 — %2").arg(
                QLocale().toString(e.finishedAt.toLocalTime(), QLocale::ShortFormat), e.error));
    } else {
        m_passes->setText(tr("not recorded"));
    }
    m_store->setText(m_ctx.store ? m_ctx.store->config().describe()
                                 : tr("none: actions are not available"));
    if (m_ctx.desk) {
        int queued = 0, running = 0, failed = 0;
        for (const ActionRecord &a : m_ctx.desk->actions(
                 {ActionState::Queued, ActionState::Running, ActionState::Failed})) {
            queued += a.state == ActionState::Queued;
            running += a.state == ActionState::Running;
            failed += a.state == ActionState::Failed;
            if (a.state == ActionState::Failed)
                m_errors->addItem(tr("Action #%1 (%2): %3").arg(a.id).arg(a.target, a.lastError));
        }
        m_outbox->setText(
            tr("%1 waiting, %2 sending, %3 failed").arg(queued).arg(running).arg(failed));
    } else {
        m_outbox->setText(tr("no team store"));
    }
    if (m_errors->count() == 0)
        m_errors->addItem(tr("No errors recorded."));
}

} // namespace o2c::ui
