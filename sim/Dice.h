// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <cmath>

namespace o2c::sim {

// splitmix64: the simulator's own random decisions, the same for a seed on every platform (the
// std:: distributions are not).
struct Dice {
    quint64 state = 0;

    quint64 next() {
        quint64 z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    qint64 between(qint64 lo, qint64 hi) { return lo + qint64(next() % quint64(hi - lo + 1)); }
    // Log-uniform between lo and hi: most waits short, a long tail (like queues in a plant).
    double spread(double lo, double hi) { return lo * std::exp(uniform() * std::log(hi / lo)); }
};

} // namespace o2c::sim
