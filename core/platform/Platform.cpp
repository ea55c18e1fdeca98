// SPDX-License-Identifier: GPL-3.0-or-later
#include "Platform.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <algorithm>

#if defined(Q_OS_WIN)
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
// After windows.h: K32GetProcessMemoryInfo is in kernel32 (no psapi library to link).
#include <psapi.h>
#elif defined(Q_OS_UNIX)
#include <time.h>
#if defined(Q_OS_LINUX)
#include <sys/mman.h>
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#endif

namespace o2c::platform {

#if defined(Q_OS_WIN)
namespace {
// A FILETIME as one number of 100 ns units.
quint64 ticks(const FILETIME &f) {
    return (quint64(f.dwHighDateTime) << 32) | quint64(f.dwLowDateTime);
}
} // namespace
#elif defined(Q_OS_UNIX)
namespace {
// A clock's reading in nanoseconds; -1 where it cannot be read.
qint64 clockNs(clockid_t clock) {
    timespec t{};
    if (clock_gettime(clock, &t) != 0)
        return -1;
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}
} // namespace
#endif

void adviseHugePages(void *p, std::size_t bytes) {
#if defined(Q_OS_LINUX) && defined(MADV_HUGEPAGE)
    // A hint: refused or unsupported leaves ordinary pages, which work the same.
    constexpr std::size_t page = 4096;
    (void)madvise(p, (bytes + page - 1) / page * page, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

double processAgeMs() {
#if defined(Q_OS_WIN)
    FILETIME created{}, exited{}, kernel{}, user{}, now{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return -1;
    GetSystemTimeAsFileTime(&now);
    return double(ticks(now) - ticks(created)) / 1e4; // 100 ns units
#elif defined(Q_OS_LINUX)
    // The start time in /proc/self/stat (field 22) and /proc/uptime count from boot on the same
    // clock, in the kernel's user-space tick of 1/100 s and in seconds with two decimals.
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray s = stat.readAll();
    const qsizetype nameEnd = s.lastIndexOf(')'); // the program's name may hold spaces
    if (nameEnd < 0)
        return -1;
    const QList<QByteArray> fields = s.mid(nameEnd + 2).split(' ');
    constexpr int startTimeField = 22 - 3; // fields after the name start with field 3
    if (fields.size() <= startTimeField)
        return -1;
    bool ok = false, upOk = false;
    const double startTicks = fields.at(startTimeField).toDouble(&ok);
    const double upSeconds = uptime.readAll().split(' ').value(0).toDouble(&upOk);
    if (!ok || !upOk)
        return -1;
    return std::max(0.0, upSeconds * 1000.0 - startTicks * 10.0);
#else
    return -1;
#endif
}

qint64 threadCpuNs() {
#if defined(Q_OS_WIN)
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user))
        return -1;
    return qint64(ticks(kernel) + ticks(user)) * 100;
#elif defined(Q_OS_UNIX)
    return clockNs(CLOCK_THREAD_CPUTIME_ID);
#else
    return -1;
#endif
}

qint64 processCpuNs() {
#if defined(Q_OS_WIN)
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return -1;
    return qint64(ticks(kernel) + ticks(user)) * 100;
#elif defined(Q_OS_UNIX)
    return clockNs(CLOCK_PROCESS_CPUTIME_ID);
#else
    return -1;
#endif
}

qint64 peakResidentBytes() {
#if defined(Q_OS_WIN)
    PROCESS_MEMORY_COUNTERS counters{};
    if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters))
        return -1;
    return qint64(counters.PeakWorkingSetSize);
#elif defined(Q_OS_LINUX)
    // "VmHWM:   123456 kB" in /proc/self/status: the high-water mark of the resident set.
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith("VmHWM:"))
            continue;
        const QList<QByteArray> parts = line.mid(6).simplified().split(' ');
        bool ok = false;
        const qint64 kb = parts.value(0).toLongLong(&ok);
        return ok ? kb * 1024 : -1;
    }
    return -1;
#else
    return -1;
#endif
}

qint64 currentResidentBytes() {
#if defined(Q_OS_WIN)
    PROCESS_MEMORY_COUNTERS counters{};
    if (!K32GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof counters))
        return -1;
    return qint64(counters.WorkingSetSize);
#elif defined(Q_OS_LINUX)
    // /proc/self/statm holds "size resident ..." in pages.
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> parts = statm.readAll().split(' ');
    bool ok = false;
    const qint64 pages = parts.value(1).toLongLong(&ok);
    return ok ? pages * qint64(sysconf(_SC_PAGESIZE)) : -1;
#else
    return -1;
#endif
}

void releaseFreeMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace o2c::platform
