// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatorClock.h"

namespace o2c::sim {

SimulatorClock::SimulatorClock(QDateTime start, double speed)
    : m_baseMs((start.isValid() ? start : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch())
    , m_speed(speed) {
    m_elapsed.start();
}

qint64 SimulatorClock::runningMSecs() const {
    return m_baseMs + qint64(double(m_elapsed.elapsed()) * m_speed);
}

qint64 SimulatorClock::nowMSecs() const {
    return m_pinned >= 0 ? m_pinned : runningMSecs();
}

QDateTime SimulatorClock::now() const {
    // Qt::UTC rather than QTimeZone::utc(): no time zone object built for every write
    return QDateTime::fromMSecsSinceEpoch(nowMSecs(), Qt::UTC);
}

void SimulatorClock::setSpeed(double speed) {
    m_baseMs = runningMSecs();
    m_elapsed.restart();
    m_speed = speed;
}

void SimulatorClock::advance(qint64 msecs) {
    m_baseMs = nowMSecs() + msecs;
    m_pinned = -1;
    m_elapsed.restart();
}

void SimulatorClock::setNow(const QDateTime &t) {
    m_baseMs = t.toMSecsSinceEpoch();
    m_pinned = -1;
    m_elapsed.restart();
}

void SimulatorClock::pin(const QDateTime &t) {
    m_pinned = t.toMSecsSinceEpoch();
}

void SimulatorClock::unpin() {
    m_pinned = -1;
}

} // namespace o2c::sim
