// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "IntakeTransaction.h"

#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace o2c {

// A planner's decision on a hub transaction. The idempotency key is chosen once, when the
// planner decides, and kept with the action so that every retry carries the same key.
struct HubAction {
    enum class Kind : quint8 { Release, Reject, Replay };
    Kind kind = Kind::Release;
    QString transactionId;
    QString idempotencyKey;
    QString actor;
    QString reason;

    static HubAction make(Kind kind, const QString &transactionId, const QString &actor,
                          const QString &reason = {}); // with a new key
    static QString kindKey(Kind k);                    // "release", "reject", "replay"
};

struct HubActionResult {
    bool ok = false;
    bool retryable = false; // network failure or 5xx: send again with the same key
    bool replayed = false;  // the hub had applied this key before and answered as then
    int httpStatus = 0;
    QString errorCode; // the contract's error code
    QString message;   // what happened and what to do
    IntakeTransaction transaction;
};

// Sends hub actions. The cockpit's durable outbox implements this interface too, so that
// actions are stored before they are sent and retried with their key after a crash.
class HubActionSender {
public:
    virtual ~HubActionSender() = default;
    virtual void send(const HubAction &action,
                      std::function<void(const HubActionResult &)> done) = 0;
};

// Sends directly over HTTP (POST /v1/transactions/{id}/{action} with Idempotency-Key).
class HttpHubActionSender final : public QObject, public HubActionSender {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpHubActionSender)
public:
    HttpHubActionSender(QNetworkAccessManager *network, QUrl hubUrl, QObject *parent = nullptr);
    void send(const HubAction &action, std::function<void(const HubActionResult &)> done) override;

private:
    QNetworkAccessManager *m_network;
    QUrl m_hub;
};

} // namespace o2c
