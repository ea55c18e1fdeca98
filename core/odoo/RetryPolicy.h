// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "OdooError.h"

#include <QByteArray>
#include <QDateTime>

class QRandomGenerator;

namespace o2c::odoo {

// How often and how late a failed call to Odoo is sent again: exponential backoff with full
// jitter (so many cockpits do not come back in step), never sooner than the server's Retry-After.
struct RetryPolicy {
    int maxAttempts = 4;          // the first try included; 1 disables retries
    int baseDelayMs = 500;        // the ceiling of the first wait
    int maxDelayMs = 30000;       // the ceiling of any wait
    int maxRetryAfterMs = 120000; // a Retry-After beyond this is not waited for: the call fails

    // Whether attempt number `attempt` (1 = the first try) that failed with `error` is sent
    // again. `idempotent`: reads may be resent after any transient failure, writes only when
    // Odoo surely did not run them.
    bool shouldRetry(int attempt, const OdooError &error, bool idempotent) const;
    // The wait before attempt `attempt + 1`.
    int delayMs(int attempt, const OdooError &error, QRandomGenerator *random) const;

    // Retry-After as seconds or as an HTTP date; -1 when absent or unreadable.
    static int parseRetryAfter(const QByteArray &value,
                               const QDateTime &now = QDateTime::currentDateTimeUtc());
};

} // namespace o2c::odoo
