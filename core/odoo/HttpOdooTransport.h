// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ConnectionProfile.h"
#include "OdooTransport.h"

#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QUrl>

class QNetworkReply;
class QTimer;

namespace o2c::odoo {

// The production transport: HTTP(S) POSTs through one QNetworkAccessManager, so connections are
// kept alive between calls. TLS is always verified; certificate problems fail the request with a
// TlsError that names the problem, they are never ignored.
class HttpOdooTransport final : public OdooTransport {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpOdooTransport)
public:
    explicit HttpOdooTransport(const ConnectionProfile &profile, QObject *parent = nullptr);
    ~HttpOdooTransport() override;

    void send(const TransportRequest &request, Callback done) override;
    void cancelAll() override;

    // A problem with the profile found at construction (unreadable CA bundle), empty when none.
    // Requests still go out, verified against the system's trusted certificates only.
    QString setupProblem() const { return m_setupProblem; }
    int pendingRequests() const { return int(m_pending.size()); }

private:
    struct Pending {
        Callback done;
        QTimer *timer = nullptr;
        int timeoutMs = 0;
        bool timedOut = false;
        bool cancelled = false;
        QStringList sslProblems;
    };
    void finish(QNetworkReply *reply);
    OdooError networkError(QNetworkReply *reply, const Pending &p) const;

    QNetworkAccessManager m_nam;
    QUrl m_base;
    int m_timeoutMs = 30000;
    QSslConfiguration m_ssl;
    QString m_setupProblem;
    QHash<QNetworkReply *, Pending> m_pending;
};

} // namespace o2c::odoo
