// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProcessMemory.h"

#if defined(_WIN32)
#include <windows.h>
// psapi.h needs windows.h first
#include <psapi.h>
#elif defined(__unix__) || defined(__APPLE__)
#include <sys/resource.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#endif

#include <QFile>

namespace o2c::bench {

qint64 peakResidentBytes() {
#if defined(_WIN32)
    PROCESS_MEMORY_COUNTERS c{};
    if (GetProcessMemoryInfo(GetCurrentProcess(), &c, sizeof(c)))
        return qint64(c.PeakWorkingSetSize);
    return -1;
#elif defined(__unix__) || defined(__APPLE__)
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0)
        return -1;
#if defined(__APPLE__)
    return qint64(u.ru_maxrss); // bytes on macOS
#else
    return qint64(u.ru_maxrss) * 1024; // kilobytes elsewhere
#endif
#else
    return -1;
#endif
}

qint64 currentResidentBytes() {
#if defined(_WIN32)
    PROCESS_MEMORY_COUNTERS c{};
    if (GetProcessMemoryInfo(GetCurrentProcess(), &c, sizeof(c)))
        return qint64(c.WorkingSetSize);
    return -1;
#else
    // Linux: /proc/self/statm holds "size resident ..." in pages.
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> parts = statm.readAll().split(' ');
    if (parts.size() < 2)
        return -1;
#if defined(__unix__) || defined(__APPLE__)
    return parts.at(1).toLongLong() * qint64(sysconf(_SC_PAGESIZE));
#else
    return -1;
#endif
#endif
}

void releaseFreeMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace o2c::bench
