// SPDX-License-Identifier: GPL-3.0-or-later
#include "CircuitBreaker.h"

namespace o2c::odoo {

CircuitBreaker::CircuitBreaker(QObject *parent)
    : QObject(parent) {}

CircuitBreaker::State CircuitBreaker::state() const {
    if (m_state == State::Open && m_openedAt.isValid() && m_openedAt.elapsed() >= m_openMs)
        return State::HalfOpen;
    return m_state;
}

bool CircuitBreaker::allowRequest() {
    switch (state()) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        setState(State::HalfOpen);
        if (m_trialOut)
            return false;
        m_trialOut = true;
        return true;
    }
    return true;
}

void CircuitBreaker::recordSuccess() {
    m_failures = 0;
    m_trialOut = false;
    setState(State::Closed);
}

void CircuitBreaker::recordNeutral() {
    // Odoo answered, so the connection works.
    recordSuccess();
}

void CircuitBreaker::recordFailure() {
    ++m_failures;
    const State s = state();
    if (s == State::HalfOpen || (s == State::Closed && m_failures >= m_threshold)) {
        m_trialOut = false;
        m_openedAt.start();
        m_state = State::Closed; // force the signal even when re-opening from half open
        setState(State::Open);
    }
}

qint64 CircuitBreaker::remainingOpenMs() const {
    if (state() != State::Open)
        return 0;
    return std::max<qint64>(0, m_openMs - m_openedAt.elapsed());
}

void CircuitBreaker::reset() {
    m_failures = 0;
    m_trialOut = false;
    setState(State::Closed);
}

void CircuitBreaker::setState(State s) {
    if (s == m_state)
        return;
    m_state = s;
    emit stateChanged(s);
}

QString CircuitBreaker::stateText(State s) {
    switch (s) {
    case State::Closed:
        return tr("Odoo reachable");
    case State::Open:
        return tr("Odoo unreachable: calls paused");
    case State::HalfOpen:
        return tr("Odoo unreachable: trying again");
    }
    return {};
}

} // namespace o2c::odoo
