// SPDX-License-Identifier: GPL-3.0-or-later
#include "StartReport.h"

#include "platform/Platform.h"

#include "flow/OrderBook.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QCoreApplication>
#include <QEvent>
#include <QJsonDocument>
#include <QTextStream>
#include <QWidget>

#include <algorithm>
#include <cstdio>

namespace o2c::app {

StartReport::StartReport(const QElapsedTimer &mainClock, double ageAtMainMs, QWidget *window,
                         QAbstractItemView *orderTable, const OrderBook *book, QObject *parent)
    : QObject(parent)
    , m_mainClock(mainClock)
    , m_ageAtMainMs(ageAtMainMs)
    , m_window(window)
    , m_table(orderTable)
    , m_book(book) {
    m_pausesMs.reserve(1 << 16);
    m_probe.setTimerType(Qt::PreciseTimer);
    m_probe.setInterval(1);
    connect(&m_probe, &QTimer::timeout, this, [this] {
        const qint64 now = m_mainClock.nsecsElapsed();
        const qint64 cpu = platform::threadCpuNs();
        if (m_lastTickNs >= 0) {
            const double pause = double(now - m_lastTickNs) / 1e6;
            const double busy = cpu >= 0 ? double(cpu - m_lastCpuNs) / 1e6 : -1;
            m_pausesMs.push_back(pause);
            if (pause > m_longestMs) {
                m_longestMs = pause;
                m_longestAtMs = double(m_lastTickNs) / 1e6;
                m_longestCpuMs = busy;
            }
            m_longestBusyMs = std::max(m_longestBusyMs, busy);
            if (busy > answerWithinMs)
                ++m_busyOver50;
        }
        m_lastTickNs = now;
        m_lastCpuNs = cpu;
    });
    m_probe.start(); // its first timeout comes once the event loop runs
    QCoreApplication::instance()->installEventFilter(this);
}

StartReport::~StartReport() {
    if (QCoreApplication *app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void StartReport::storeRestored(qsizetype orders) {
    if (m_restored)
        return;
    m_restored = true;
    m_restoredOrders = orders;
    m_restoredAtMs = sinceMainMs();
    m_probe.stop();
    if (orders == 0 && !m_painted) { // an empty store: the next paint is the first screen
        if (m_table && m_table->isVisible())
            m_table->viewport()->update();
        else if (m_window)
            m_window->update();
    }
    if (m_interactive)
        printRestored();
}

bool StartReport::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() != QEvent::Paint || m_painted || !watched->isWidgetType())
        return false;
    auto *widget = static_cast<QWidget *>(watched);
    if (!m_window || widget->window() != m_window)
        return false;
    // The orders' screen when it is the one shown, else any part of the window.
    const bool tableShown = m_table && m_table->isVisible();
    if (tableShown && widget != m_table->viewport())
        return false;
    const bool hasOrders = m_table && m_table->model() && m_table->model()->rowCount() > 0;
    if (!hasOrders && !(m_restored && m_restoredOrders == 0))
        return false;
    m_painted = true;
    askForAnswer(); // answered once this paint is done
    return false;
}

void StartReport::askForAnswer() {
    if (m_asking || m_interactive)
        return;
    m_asking = true;
    const double askedAt = sinceMainMs();
    QTimer::singleShot(0, this, [this, askedAt] {
        m_asking = false;
        if (sinceMainMs() - askedAt > answerWithinMs) {
            askForAnswer(); // still busy: ask again
            return;
        }
        m_interactive = true;
        QCoreApplication::instance()->removeEventFilter(this);
        QJsonObject line = stamped(QStringLiteral("interactive"));
        line.insert(QStringLiteral("ordersShown"),
                    m_table && m_table->model() ? m_table->model()->rowCount() : 0);
        line.insert(QStringLiteral("ordersInBook"), m_book ? double(m_book->size()) : 0.0);
        print(line);
        if (m_restored)
            printRestored();
    });
}

void StartReport::printRestored() {
    QJsonObject line;
    line.insert(QStringLiteral("event"), QStringLiteral("restored"));
    if (m_ageAtMainMs >= 0)
        line.insert(QStringLiteral("sinceProcessStartMs"), m_ageAtMainMs + m_restoredAtMs);
    line.insert(QStringLiteral("sinceMainMs"), m_restoredAtMs);
    line.insert(QStringLiteral("orders"), double(m_restoredOrders));
    line.insert(QStringLiteral("longestPauseMs"), m_longestMs);
    line.insert(QStringLiteral("longestPauseAtMs"), m_longestAtMs);
    if (m_lastCpuNs >= 0) {
        // The thread's own work in that pause (the rest is the machine running something
        // else), and the most work it did between two turns of its event loop.
        line.insert(QStringLiteral("longestPauseCpuMs"), m_longestCpuMs);
        line.insert(QStringLiteral("longestBusyMs"), m_longestBusyMs);
        line.insert(QStringLiteral("busyOver50Ms"), double(m_busyOver50));
    }
    // What reading the store cost the whole program: all threads' processor time, and the most
    // memory it held at once.
    if (const qint64 cpu = platform::processCpuNs(); cpu >= 0)
        line.insert(QStringLiteral("processCpuMs"), double(cpu) / 1e6);
    if (const qint64 peak = platform::peakResidentBytes(); peak >= 0)
        line.insert(QStringLiteral("peakResidentMB"), double(peak) / (1024.0 * 1024.0));
    line.insert(QStringLiteral("pausesOver50Ms"),
                double(std::count_if(m_pausesMs.cbegin(), m_pausesMs.cend(),
                                     [](double p) { return p > answerWithinMs; })));
    std::vector<double> sorted = m_pausesMs;
    std::sort(sorted.begin(), sorted.end());
    line.insert(QStringLiteral("p99PauseMs"),
                sorted.empty() ? 0.0
                               : sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)]);
    print(line);
    m_pausesMs = {};
    if (m_quit)
        QTimer::singleShot(0, QCoreApplication::instance(), &QCoreApplication::quit);
}

QJsonObject StartReport::stamped(const QString &event) const {
    const double main = sinceMainMs();
    QJsonObject line;
    line.insert(QStringLiteral("event"), event);
    if (m_ageAtMainMs >= 0)
        line.insert(QStringLiteral("sinceProcessStartMs"), m_ageAtMainMs + main);
    line.insert(QStringLiteral("sinceMainMs"), main);
    return line;
}

void StartReport::print(const QJsonObject &line) {
    QTextStream out(stdout);
    out << "o2c-start " << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    std::fflush(stdout);
}

} // namespace o2c::app
