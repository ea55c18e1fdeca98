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
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    void advance(qint64 msecs);
    void setNow(const QDateTime &t);

private:
    QDateTime m_base; // simulated time when m_elapsed was started
    QElapsedTimer m_elapsed;
    double m_speed = 60.0;
};

} // namespace o2c::sim
