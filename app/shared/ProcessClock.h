// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace o2c::app {

// The platform's clocks for start figures (the only system calls of the programs' start path).

// How long this process has existed, in milliseconds, as the operating system counts it (from
// before the program's libraries were loaded); -1 where the system does not say.
double processAgeMs();

// The processor time the calling thread has used, in nanoseconds; -1 where unknown. Next to wall
// time it tells work on the thread from time the machine gave to others.
qint64 threadCpuNs();

} // namespace o2c::app
