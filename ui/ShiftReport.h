// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AlertCenter.h"
#include "SupervisorFigures.h"
#include "actions/ActionDesk.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QPair>
#include <QTextDocument>

#include <memory>

class QAbstractItemModel;

namespace o2c::ui {

// What a supervisor's shift report is made of; the main window gathers it from its screens.
struct ShiftReportData {
    QString preparedBy;   // "anna (lead)"
    QDateTime preparedAt; // business time
    QString environment;  // "PRODUCTION — name · host"
    SupervisorFigures figures;
    QList<QPair<QString, QImage>> charts;             // title and picture
    const QAbstractItemModel *openClusters = nullptr; // the exception queue, all open clusters
    const QAbstractItemModel *holds = nullptr;        // the holds screen's table
    int holdsBreachColumn = -1;                       // the column that names a breach
    QList<ClusterClaim> claims;                       // who holds which cluster now
    QList<ClusterDecision> decisions;                 // decided during the shift
    QString handover;                                 // the shift handover summary
    QList<Alert> alerts;                              // raised and still active
};

// The supervisor's shift report: the figures of the period, the charts, the open clusters, the
// holds with their breaches, who holds which cluster and what was decided, as a paged document
// written to PDF.
class ShiftReport final {
    Q_DECLARE_TR_FUNCTIONS(o2c::ui::ShiftReport)
public:
    explicit ShiftReport(const ShiftReportData &data);
    ~ShiftReport();
    ShiftReport(const ShiftReport &) = delete;
    ShiftReport &operator=(const ShiftReport &) = delete;

    QTextDocument &document() { return *m_doc; }
    QString plainText() const;
    bool writePdf(const QString &path, QString *error, int *pages = nullptr);

private:
    std::unique_ptr<QTextDocument> m_doc;
};

} // namespace o2c::ui
