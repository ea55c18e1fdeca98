// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AuditEntry.h"

#include <QList>

class QIODevice;

namespace o2c {

class Store;

// The append-only, hash-chained audit trail: every entry commits to the one before it, and a head
// row commits to the last one, so an edited, inserted or deleted entry breaks the chain at a
// place verify() names.
class AuditTrail final {
public:
    explicit AuditTrail(Store &store)
        : m_store(store) {}

    // Appends inside the caller's store transaction (so the entry and the change it describes
    // commit together). Fills seq, at, prevHash and hash.
    bool append(AuditEntry &entry, QString *error);
    // Appends in a transaction of its own.
    bool record(AuditEntry &entry, QString *error);

    struct Verdict {
        bool intact = true;
        qint64 entries = 0;
        qint64 firstBroken = 0; // the first entry whose link does not hold (0 when intact)
        QString problem;        // what is wrong there, for the planner / auditor
    };
    Verdict verify() const;

    QList<AuditEntry> entries(qint64 fromSeq = 1, qint64 limit = -1) const;
    // Comma-separated, RFC 4180 quoting, one header line; false and *error when writing fails.
    bool exportCsv(QIODevice &out, QString *error) const;

    static QString hashOf(const AuditEntry &e);

private:
    Store &m_store;
};

} // namespace o2c
