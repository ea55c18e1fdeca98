// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace o2c {

// One line of the audit trail: who did what, when, what was sent to Odoo and how Odoo answered.
struct AuditEntry {
    qint64 seq = 0;      // 1, 2, 3, ... without gaps
    QString at;          // UTC, ISO 8601 with milliseconds
    QString osUser;      // operating-system account
    QString odooUser;    // Odoo login (uid)
    qint64 actionId = 0; // outbox action, 0 for store-only decisions
    QString what;
    QString sent;     // JSON sent to Odoo, empty when nothing was sent
    QString answer;   // Odoo's answer or error, empty when nothing was sent
    QString prevHash; // hash of entry seq-1 ("" for the first)
    QString hash;     // SHA-256 over prevHash and every field above
};

} // namespace o2c
