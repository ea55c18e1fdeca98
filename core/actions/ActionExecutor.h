// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ActionRecord.h"
#include "Role.h"
#include "odoo/OdooError.h"
#include "odoo/RetryPolicy.h"

#include <QObject>

#include <functional>
#include <memory>

class QRandomGenerator;

namespace o2c {

class Store;
class HubActionSender;
namespace odoo {
class OdooClient;
}

// Sends queued outbox actions to Odoo, one at a time, through the signed-in user's OdooClient.
// An action is first planned (Odoo is read; the list of calls is stored), then each call is
// marked "sending" before it goes out and its answer is recorded with an audit entry after. A
// call that may have gone out before a crash or a failure is sent again only when Odoo's current
// state shows its effect is missing, so each effect happens once.
class ActionExecutor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionExecutor)
public:
    // Where a step is when the hook runs (used by the crash tests).
    enum class Point : quint8 { BeforeSend, AfterSend, AfterRecord };
    using StepHook = std::function<void(Point, const ActionRecord &, const ActionStep &)>;

    ActionExecutor(Store &store, odoo::OdooClient *client, Actor actor, QObject *parent = nullptr);
    ~ActionExecutor() override;

    void setStepHook(StepHook hook);
    // Where middleware hub actions (HubRelease, HubReject, HubReplay) are sent; without one they
    // fail with a message saying the hub is not configured.
    void setHubSender(HubActionSender *sender);

    // Automatic retries of transient failures (network, 5xx, 429, timeout, circuit open):
    // attempt n waits a random time up to min(maxDelayMs, baseDelayMs * 2^(n-1)) (full jitter),
    // never less than minDelayMs nor the server's Retry-After. The time is stored with the
    // action (state "retrying", nextAttemptAt) and the executor wakes up for it. Permanent
    // failures (access, validation or user errors, a missing record) stop at once.
    struct Backoff {
        int maxAttempts = 6; // automatic attempts in all, the first one included
        int baseDelayMs = 2000;
        int maxDelayMs = 5 * 60 * 1000;
        int minDelayMs = 500;
        odoo::RetryPolicy policy() const;
    };
    void setBackoff(const Backoff &backoff);
    const Backoff &backoff() const;
    void setRandomGenerator(QRandomGenerator *random); // tests; default the global one
    // Whether an action that failed with `e` is sent again by itself.
    static bool isTransient(const odoo::OdooError &e);
    // How long an executor's claim on a running action lasts without progress before another
    // cockpit may take it over (default 60 s).
    void setLeaseMs(int ms);
    QString owner() const; // this executor's lease name

    // Works through every runnable action; idle() when none is left.
    void runPending();
    bool isBusy() const;

signals:
    void actionFinished(qint64 id, bool ok, const QString &message);
    void idle();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c
