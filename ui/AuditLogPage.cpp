// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditLogPage.h"

#include "CockpitColors.h"
#include "CockpitContext.h"
#include "CsvWriter.h"
#include "TableLayout.h"
#include "audit/AuditTrail.h"
#include "store/Store.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace o2c::ui {

AuditLogPage::AuditLogPage(const CockpitContext &context, QWidget *parent)
    : QWidget(parent)
    , m_ctx(context) {
    auto *v = new QVBoxLayout(this);
    auto *head = new QHBoxLayout;
    m_verdict = new QLabel(this);
    m_verdict->setWordWrap(true);
    head->addWidget(m_verdict, 1);
    auto *label = new QLabel(tr("Fi&lter:"), this);
    m_filter = new QLineEdit(this);
    m_filter->setAccessibleName(tr("Filter the audit log"));
    m_filter->setPlaceholderText(tr("user, order, action…"));
    m_filter->setClearButtonEnabled(true);
    // Wide enough for its hint and what one types into it.
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 18);
    label->setBuddy(m_filter);
    head->addWidget(label);
    head->addWidget(m_filter);
    v->addLayout(head);
    m_model = new QStandardItemModel(0, 6, this);
    m_model->setHorizontalHeaderLabels({tr("#"), tr("When (UTC)"), tr("Computer user"),
                                        tr("Odoo user"), tr("What"), tr("Odoo answer")});
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView(this);
    m_table->setAccessibleName(tr("Audit log"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // What the columns hold: the full time stamp and a planner's decision in words; the Odoo
    // answer takes the rest.
    fitColumnsToSamples(m_table,
                        {QStringLiteral("00000"), QStringLiteral("2026-12-31T23:59:59.999Z"),
                         QStringLiteral("firstname.name"), QStringLiteral("planner.name (uid 99)"),
                         QStringLiteral("queued resolve: keep S00000, cancel S00000 and S00000")});
    v->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::textChanged, this, &AuditLogPage::setFilter);
}

AuditLogPage::~AuditLogPage() = default;

QString AuditLogPage::verdictText() const {
    return m_verdict->text();
}

void AuditLogPage::setFilter(const QString &text) {
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
}

void AuditLogPage::refresh() {
    m_model->removeRows(0, m_model->rowCount());
    if (!m_ctx.store) {
        m_verdict->setText(tr("No team store: nothing is audited."));
        return;
    }
    const AuditTrail trail(*m_ctx.store);
    const QList<AuditEntry> entries = trail.entries();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        QList<QStandardItem *> row;
        for (const QString &t :
             {QString::number(it->seq), it->at, it->osUser, it->odooUser, it->what, it->answer})
            row.append(new QStandardItem(t));
        // The whole decision and answer where the columns cut them short.
        row.at(4)->setToolTip(it->what);
        row.at(5)->setToolTip(it->answer);
        m_model->appendRow(row);
    }
    const AuditTrail::Verdict verdict = trail.verify();
    if (verdict.intact && verdict.entries == 0) {
        m_verdict->setText(tr("Nothing recorded yet: every hold, release, resolution, claim and "
                              "settings change will be listed here with Odoo's answer."));
        m_verdict->setStyleSheet({});
    } else if (verdict.intact) {
        m_verdict->setText(tr("%Ln entries, chain intact.", nullptr, int(verdict.entries)));
        m_verdict->setStyleSheet({});
    } else {
        m_verdict->setText(tr("The audit trail is broken at entry %1: %2. Keep a copy of the store "
                              "and tell your administrator.")
                               .arg(verdict.firstBroken)
                               .arg(verdict.problem));
        m_verdict->setStyleSheet(
            QStringLiteral("color: %1; font-weight: bold").arg(productionColor().name()));
    }
}

bool AuditLogPage::exportCsv(const QString &path, QString *error) const {
    return writeModelCsv(path, *m_proxy, error);
}

} // namespace o2c::ui
