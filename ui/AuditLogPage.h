// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace o2c::ui {

struct CockpitContext;

// The team store's audit trail: who did what when, what was sent to Odoo and how it answered;
// filtered by any text, checked for tampering, exported as CSV.
class AuditLogPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogPage)
public:
    AuditLogPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~AuditLogPage() override;

    void refresh();
    void setFilter(const QString &text);
    // The rows shown (filtered) as CSV; false and *error when the file cannot be written.
    bool exportCsv(const QString &path, QString *error) const;

    QTableView *table() const { return m_table; }
    QSortFilterProxyModel *filteredModel() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    QString verdictText() const;

private:
    const CockpitContext &m_ctx;
    QLineEdit *m_filter = nullptr;
    QLabel *m_verdict = nullptr;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace o2c::ui
