// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "HttpExchange.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace o2c::sim {

// An HTTP front between the cockpit and an Odoo (or the simulator) that breaks exchanges on
// purpose: server errors, silence, connections cut mid-body, broken JSON, slowness, rate
// limits and a key revoked mid-sync. Each fault applies to the next `times` requests whose path
// contains `pathContains` (and whose body contains `bodyContains`); requests no fault claims are
// passed through unchanged.
class FaultInjectingProxy final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultInjectingProxy)
public:
    struct Fault {
        enum class Kind : quint8 {
            HttpError,     // answer `status` (500, 502, 503) with an HTML page
            Timeout,       // read the request, never answer
            ResetMidBody,  // forward, send the headers and half the body, then cut the connection
            TruncatedJson, // forward, answer 200 with only the first half of the body
            MalformedJson, // answer 200 with a body that is not JSON
            Slow,          // forward, answer after `delayMs`
            RateLimited,   // answer 429 with Retry-After: `retryAfterSeconds`
            RevokedKey,    // from now on every call answers as Odoo does to a revoked key
        };
        Kind kind = Kind::HttpError;
        int status = 500;
        int delayMs = 0;
        int retryAfterSeconds = 1;
        int times = 1; // -1: for ever
        QString pathContains;
        QByteArray bodyContains;
    };

    explicit FaultInjectingProxy(QUrl upstream, QObject *parent = nullptr);
    ~FaultInjectingProxy() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    quint16 port() const;
    QUrl url() const;

    void inject(const Fault &fault);
    void clearFaults();
    int requestsSeen() const { return m_requests; }
    int faultsApplied() const { return m_applied; }

signals:
    // Every request, before any fault or forwarding: a test may change the upstream's records
    // here, between the requests of one sync.
    void requestArrived(const QString &path, const QByteArray &body);
    void faultApplied(int kind, const QString &path);

private:
    void onConnection();
    void handle(QTcpSocket *client, const HttpRequestMessage &request);
    void forward(QTcpSocket *client, const HttpRequestMessage &request,
                 std::function<void(QTcpSocket *client, const QByteArray &response)> deliver);

    QUrl m_upstream;
    QTcpServer *m_server = nullptr;
    QList<Fault> m_faults;
    bool m_revoked = false;
    int m_requests = 0;
    int m_applied = 0;
};

} // namespace o2c::sim
