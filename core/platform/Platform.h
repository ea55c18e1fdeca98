// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <cstddef>

// The one place with calls of the operating system that Qt does not wrap: Linux and Windows
// branches, and a neutral answer elsewhere.
namespace o2c::platform {

// Asks for the memory [p, p + bytes) to be backed by huge pages where the system offers it (Linux
// transparent huge pages in "madvise" mode). A hint: refused or unsupported, the memory works the
// same with ordinary pages.
void adviseHugePages(void *p, std::size_t bytes);

// How long this process has existed, in milliseconds, as the operating system counts it (from
// before the program's libraries were loaded); -1 where the system does not say.
double processAgeMs();

// The processor time the calling thread has used, in nanoseconds; -1 where unknown. Next to wall
// time it tells work on the thread from time the machine gave to others.
qint64 threadCpuNs();

// The processor time of the whole process (all its threads, user and system), in nanoseconds;
// -1 where unknown.
qint64 processCpuNs();

// The most physical memory the process has held at once (peak resident set, Windows' peak working
// set), in bytes; -1 where the system does not say.
qint64 peakResidentBytes();

// The physical memory the process holds now (resident set, Windows' working set), in bytes; -1
// where the system does not say.
qint64 currentResidentBytes();

// Gives memory the allocator keeps for reuse back to the system (glibc's malloc_trim), so that
// currentResidentBytes() shows what a release really freed. Nothing elsewhere.
void releaseFreeMemory();

} // namespace o2c::platform
