// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <vector>

class QAbstractItemView;
class QWidget;

namespace o2c {
class OrderBook;
}

namespace o2c::app {

// --report-start: tells a script (or a benchmark) how the start went, as lines on stdout that
// begin with "o2c-start " followed by one JSON object:
//
//   o2c-start {"event":"interactive", ...}  the window has painted with the orders of the local
//                                            store (or the store turned out to be empty) and the
//                                            event loop answered within 50 ms;
//   o2c-start {"event":"restored", ...}      every order of the local store is in the book, with
//                                            the longest pause of the event loop until then.
//
// Both carry sinceProcessStartMs (when the system knows the process's age) and sinceMainMs;
// "restored" also the longest pause (wall time, and the GUI thread's own processor time in it)
// and longestBusyMs, the most processor time the GUI thread spent between two turns of its loop.
// "restored" always comes after "interactive". With quitAfterRestored the program then quits.
class StartReport final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartReport)
public:
    static constexpr int answerWithinMs = 50;

    // `mainClock` started as main() began, when the process was `ageAtMainMs` old (-1: unknown).
    StartReport(const QElapsedTimer &mainClock, double ageAtMainMs, QWidget *window,
                QAbstractItemView *orderTable, const OrderBook *book, QObject *parent = nullptr);
    ~StartReport() override;

    void setQuitAfterRestored(bool quit) { m_quit = quit; }
    // The local store is in the book with `orders` orders.
    void storeRestored(qsizetype orders);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    double sinceMainMs() const { return double(m_mainClock.nsecsElapsed()) / 1e6; }
    QJsonObject stamped(const QString &event) const;
    void askForAnswer();
    void printRestored();
    static void print(const QJsonObject &line);

    QElapsedTimer m_mainClock;
    double m_ageAtMainMs;
    QPointer<QWidget> m_window;
    QPointer<QAbstractItemView> m_table;
    const OrderBook *m_book;
    bool m_painted = false; // painted while it had something to show
    bool m_asking = false;  // a 0 ms timer is posted and not answered yet
    bool m_interactive = false;
    bool m_restored = false;
    bool m_quit = false;
    qsizetype m_restoredOrders = -1;
    double m_restoredAtMs = -1;
    // The 1 ms probe: the time between two of its timeouts is how long the event loop was busy.
    QTimer m_probe;
    qint64 m_lastTickNs = -1;
    std::vector<double> m_pausesMs;
    double m_longestMs = 0, m_longestAtMs = 0;
    // The GUI thread's processor time: in the longest pause, and the most within any one pause.
    qint64 m_lastCpuNs = -1;
    double m_longestCpuMs = 0, m_longestBusyMs = 0;
    int m_busyOver50 = 0;
};

} // namespace o2c::app
