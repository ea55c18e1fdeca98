// SPDX-License-Identifier: GPL-3.0-or-later
// The figures the start report and the benchmarks print come from these calls: they must follow
// what the process really does.
#include "platform/Platform.h"

#include <QTest>
#include <QThread>

#include <atomic>
#include <cstring>
#include <memory>

namespace {

// A fixed amount of work: about 150 ms of processor time on a 2020s machine, whatever the load
// (a loaded machine stretches the wall time, not the processor time).
void work() {
    std::atomic<quint64> sink = 0;
    for (int i = 0; i < 150'000'000; ++i)
        sink.fetch_add(quint64(i), std::memory_order_relaxed);
}

bool supported() {
#if defined(Q_OS_LINUX) || defined(Q_OS_WIN)
    return true;
#else
    return false;
#endif
}

} // namespace

class TestPlatform final : public QObject {
    Q_OBJECT

private slots:
    void threadTimeCountsWorkNotSleep() {
        if (!supported())
            QSKIP("no thread times on this system");
        const qint64 before = o2c::platform::threadCpuNs();
        QVERIFY(before >= 0);
        QThread::msleep(150);
        const qint64 slept = o2c::platform::threadCpuNs() - before;
        work();
        const qint64 worked = o2c::platform::threadCpuNs() - before - slept;
        QVERIFY2(slept < 50'000'000, qPrintable(QString::number(slept)));
        QVERIFY2(worked > 20'000'000, qPrintable(QString::number(worked)));
    }

    void processTimeCountsEveryThread() {
        if (!supported())
            QSKIP("no process times on this system");
        const qint64 before = o2c::platform::processCpuNs();
        QVERIFY(before >= 0);
        const qint64 mine = o2c::platform::threadCpuNs();
        std::unique_ptr<QThread> other(QThread::create([] { work(); }));
        other->start();
        QVERIFY(other->wait(10000));
        const qint64 process = o2c::platform::processCpuNs() - before;
        const qint64 thisThread = o2c::platform::threadCpuNs() - mine;
        // The other thread's work is in the process's time, not in this thread's.
        QVERIFY2(process - thisThread > 20'000'000,
                 qPrintable(QStringLiteral("%1 %2").arg(process).arg(thisThread)));
    }

    void residentMemoryFollowsWhatWasTouched() {
        if (!supported())
            QSKIP("no peak memory figure on this system");
        const qint64 before = o2c::platform::peakResidentBytes();
        QVERIFY(before > 0);
        const qint64 residentBefore = o2c::platform::currentResidentBytes();
        QVERIFY(residentBefore > 0);
        constexpr std::size_t size = 256u * 1024 * 1024; // well above anything the test held
        {
            std::unique_ptr<char[]> block(new char[size]);
            std::memset(block.get(), 1, size); // resident only once written
            QCOMPARE(block[size - 1], char(1));
            // Held now, not only at some peak.
            QVERIFY(o2c::platform::currentResidentBytes() - residentBefore > qint64(size) / 2);
        }
        o2c::platform::releaseFreeMemory();
        // Given back: what the process holds now falls again.
        QVERIFY(o2c::platform::currentResidentBytes() - residentBefore < qint64(size) / 2);
        const qint64 after = o2c::platform::peakResidentBytes();
        QVERIFY2(after - before > qint64(size) / 2,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        // A peak: freeing does not lower it.
        QVERIFY(o2c::platform::peakResidentBytes() >= after);
    }

    void processAgeIsSinceTheProcessBegan() {
        if (!supported())
            QSKIP("no process age on this system");
        const double age = o2c::platform::processAgeMs();
        QVERIFY(age >= 0);
        QThread::msleep(120);
        const double later = o2c::platform::processAgeMs();
        // Linux counts in ticks of 10 ms.
        QVERIFY2(later - age >= 90 && later - age < 5000,
                 qPrintable(QStringLiteral("%1 -> %2").arg(age).arg(later)));
    }
};

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
