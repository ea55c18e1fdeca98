// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/OdooSync.h"
#include "order/CanonicalOrder.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QThread>
#include <QTimer>

#include <memory>

namespace o2c {

class OrderBook;

// What one connection profile has synced, kept between runs in a SQLite file of its own (not the
// team store): the canonical orders with their Odoo documents and events, and the sync's raw
// records and write_date cursors. The cockpit starts from it at once, works from it while Odoo
// cannot be reached, and the sync resumes from its cursors.
//
// All file work runs on a thread of its own. Writes are collected and written in one
// transaction every `flushIntervalMs`; reads arrive as signals on the owner's thread.
class LocalOrderStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalOrderStore)
public:
    static constexpr int schemaVersion = 1;
    class Worker; // the file work, on the store's thread (LocalOrderStore.cpp)

    // The file for a profile in the platform's data folder: one per server, database and login.
    static QString defaultPath(const odoo::ConnectionProfile &profile);

    explicit LocalOrderStore(QString path, QObject *parent = nullptr);
    ~LocalOrderStore() override; // writes what is pending, then closes the file

    QString path() const { return m_path; }
    void setFlushInterval(int ms) { m_flushTimer.setInterval(ms); }

    // Opens the file and reads it back: ordersLoaded() first with the `firstChunk` newest orders
    // (what the first screen shows), then the rest in chunks of `chunk`, then loadFinished() with
    // the sync's checkpoint. A file that cannot be read is set aside and a fresh one started;
    // problem() says so.
    void load(int firstChunk = 2000, int chunk = 10000);

    // Queued for the next batch write.
    void saveOrders(const QList<CanonicalOrder> &orders);
    void removeOrders(const QStringList &ids);
    void saveSync(const odoo::SyncCheckpoint &delta);
    // Writes what is queued now and waits until it is on disk.
    void flush();

    // Keeps the file in step with the book (every change batch) and the sync (every finished
    // pass). Turns on the sync's change tracking.
    void follow(OrderBook *book, odoo::OdooSync *sync);

    // The start path: load() into `book` (the first screen's orders first), then the sync resumes
    // from the file's checkpoint and the file follows the book and the sync; restored() says when.
    // Start the sync after restored().
    void restoreInto(OrderBook *book, odoo::OdooSync *sync);

    // Reads a whole file on the calling thread (tests, tools); false and *error when it cannot.
    static bool readAll(const QString &path, QList<CanonicalOrder> *orders,
                        odoo::SyncCheckpoint *checkpoint, QString *error);

signals:
    void ordersLoaded(const QList<o2c::CanonicalOrder> &orders);
    void loadFinished(const o2c::odoo::SyncCheckpoint &checkpoint, qsizetype orderCount);
    // Translated, for the status bar: the file could not be read or written, and what happens now.
    void problem(const QString &message);
    void restored(qsizetype orderCount);

private:
    void scheduleFlush();
    void flushPending(bool wait);

    QString m_path;
    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    QTimer m_flushTimer;
    QHash<QString, CanonicalOrder> m_pendingOrders;
    QSet<QString> m_pendingRemovals;
    odoo::SyncCheckpoint m_pendingSync;
};

} // namespace o2c
