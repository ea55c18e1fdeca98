// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QElapsedTimer>

namespace o2c::sim {

// Simulated UTC time: starts at a given instant and advances `speed` simulated seconds per real
// second; tests can stop it (speed 0) and advance it by hand. Millisecond resolution is kept, so
// two writes in the same simulated second stay ordered while write_date reads the same second.
class SimulatorClock final {
public:
    explicit SimulatorClock(QDateTime start = QDateTime(), double speed = 60.0);

    QDateTime now() const;
    qint64 nowMSecs() const; // now() as milliseconds since the epoch (UTC), without a QDateTime
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    void advance(qint64 msecs);
    void setNow(const QDateTime &t);

    // While pinned, now() reads `t` (the scenario stamps the records of a past step with the
    // step's time); unpin() returns to the running clock, which kept advancing meanwhile.
    void pin(const QDateTime &t);
    void unpin();
    bool isPinned() const { return m_pinned >= 0; }
    // The running clock, ignoring a pin.
    qint64 runningMSecs() const;

private:
    qint64 m_baseMs = 0; // simulated time when m_elapsed was started
    QElapsedTimer m_elapsed;
    double m_speed = 60.0;
    qint64 m_pinned = -1;
};

} // namespace o2c::sim
