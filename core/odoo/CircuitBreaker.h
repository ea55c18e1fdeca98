// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>

namespace o2c::odoo {

// Stops sending to an Odoo that keeps failing at the connection level, so the cockpit does not
// pile requests onto a server that is down: after `threshold` failures in a row the circuit opens
// and calls fail at once; after `openMs` one trial call is let through (half open); its success
// closes the circuit, its failure opens it again.
class CircuitBreaker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CircuitBreaker)
public:
    enum class State : quint8 { Closed, Open, HalfOpen };
    Q_ENUM(State)

    explicit CircuitBreaker(QObject *parent = nullptr);

    void setThreshold(int failures) { m_threshold = failures > 0 ? failures : 1; }
    void setOpenDuration(int ms) { m_openMs = ms > 0 ? ms : 1; }
    int threshold() const { return m_threshold; }

    State state() const; // an open circuit whose time is up reads as half open
    // Whether a request may go out now; in half open state only one trial at a time.
    bool allowRequest();
    void recordSuccess();
    void recordFailure(); // a connection-level failure
    void recordNeutral(); // an answer that says nothing about the connection (a business error)
    qint64 remainingOpenMs() const; // 0 unless open
    void reset();

    static QString stateText(State s); // translated, for the status bar

signals:
    void stateChanged(o2c::odoo::CircuitBreaker::State state);

private:
    void setState(State s);
    State m_state = State::Closed;
    int m_threshold = 5;
    int m_openMs = 30000;
    int m_failures = 0;
    bool m_trialOut = false;
    QElapsedTimer m_openedAt;
};

} // namespace o2c::odoo
