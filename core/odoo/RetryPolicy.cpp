// SPDX-License-Identifier: GPL-3.0-or-later
#include "RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

namespace o2c::odoo {

bool RetryPolicy::shouldRetry(int attempt, const OdooError &error, bool idempotent) const {
    if (attempt >= maxAttempts || !error.isTransient())
        return false;
    if (!idempotent && !error.safeToResend())
        return false;
    if (error.retryAfterMs > maxRetryAfterMs)
        return false;
    return true;
}

int RetryPolicy::delayMs(int attempt, const OdooError &error, QRandomGenerator *random) const {
    const int exponent = std::clamp(attempt - 1, 0, 20);
    const qint64 ceiling =
        std::min<qint64>(maxDelayMs, qint64(std::max(1, baseDelayMs)) << exponent);
    QRandomGenerator *r = random ? random : QRandomGenerator::global();
    const int jittered = int(r->bounded(quint32(ceiling) + 1));
    return std::max(jittered, error.retryAfterMs);
}

int RetryPolicy::parseRetryAfter(const QByteArray &value, const QDateTime &now) {
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? -1 : int(std::min<qint64>(seconds * 1000, 24 * 3600 * 1000));
    // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT"
    QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(v).chopped(4).trimmed(),
                                           QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!at.isValid())
        return -1;
    at.setTimeSpec(Qt::UTC);
    return int(std::clamp<qint64>(now.msecsTo(at), 0, 24 * 3600 * 1000));
}

} // namespace o2c::odoo
