// SPDX-License-Identifier: GPL-3.0-or-later
#include "SimulatorClock.h"

#include <QTimeZone>

namespace o2c::sim {

SimulatorClock::SimulatorClock(QDateTime start, double speed)
    : m_base(start.isValid() ? start.toUTC() : QDateTime::currentDateTimeUtc())
    , m_speed(speed) {
    m_elapsed.start();
}

QDateTime SimulatorClock::now() const {
    return m_base.addMSecs(qint64(double(m_elapsed.elapsed()) * m_speed));
}

void SimulatorClock::setSpeed(double speed) {
    m_base = now();
    m_elapsed.restart();
    m_speed = speed;
}

void SimulatorClock::advance(qint64 msecs) {
    m_base = now().addMSecs(msecs);
    m_elapsed.restart();
}

void SimulatorClock::setNow(const QDateTime &t) {
    m_base = t.toUTC();
    m_elapsed.restart();
}

} // namespace o2c::sim
