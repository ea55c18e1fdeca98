// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

// The benchmark's view of this process's memory. The one platform-specific file of bench/odoo:
// getrusage and /proc on Linux, the process memory counters on Windows; -1 where unknown.
namespace o2c::bench {

qint64 peakResidentBytes();    // high-water mark of the resident set since the process started
qint64 currentResidentBytes(); // resident set now
// Gives memory the allocator keeps for reuse back to the system (glibc), so that
// currentResidentBytes() shows what a release really freed. A no-op elsewhere.
void releaseFreeMemory();

} // namespace o2c::bench
