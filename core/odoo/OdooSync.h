// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "OdooClient.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

namespace o2c {
class OrderBook;
}

namespace o2c::odoo {

enum class ConnectionState : quint8 {
    Disconnected,
    Connecting,
    Syncing,
    Connected,
    Failing,
    SignInRequired
};
QString connectionStateText(ConnectionState s); // translated, for the status bar

struct SyncStats {
    int saleOrders = 0, orderLines = 0, partners = 0, manufacturingOrders = 0, pickings = 0,
        invoices = 0;
    int removedOrders = 0, removedDocuments = 0; // found deleted or archived in Odoo
    int requests = 0;
    qint64 elapsedMs = 0;
    QDateTime finishedAt; // UTC
};

// What the sync has read from Odoo, so a later run resumes from it instead of reading everything
// again (the cockpit's local order store keeps it). Models are Odoo model names.
struct SyncCheckpoint {
    QHash<QString, QString> cursors; // model -> newest write_date of a finished pass
    QHash<QString, QList<QJsonObject>>
        records;                           // model -> raw records (the changed ones in a delta)
    QHash<QString, QList<qint64>> removed; // model -> ids no longer known (deltas only)
    // Optional, for resumeFrom(): model -> the compact JSON text of records[model][i], as the
    // local store keeps it, so that the sync keeps that text instead of writing it again. Only
    // used where it has as many entries as records[model].
    QHash<QString, QList<QByteArray>> recordTexts;
    bool isEmpty() const { return cursors.isEmpty() && records.isEmpty() && removed.isEmpty(); }
};

// What the sync holds of Odoo's records between passes (to re-map an order when one of its
// documents changes): how many, and the size of their compact JSON.
struct RetainedRecords {
    qsizetype records = 0;
    qsizetype jsonBytes = 0;
};

// Keeps the OrderBook in step with Odoo: a first full pass, then incremental passes by write_date
// (with an overlap for records written in the cursor's second), every pollIntervalMs.
class OdooSync final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OdooSync)
public:
    OdooSync(OdooClient *client, OrderBook *book, QObject *parent = nullptr);
    ~OdooSync() override;

    void start(); // authenticates if needed, then syncs and polls
    void stop();
    void syncNow(); // an extra pass as soon as the current one ends

    // Sent as kwargs context with every read, e.g. {"lang": "de_DE", "tz": "Europe/Berlin"}.
    void setContext(const QJsonObject &context);
    // Incremental reads start this many seconds before the newest write_date seen: write_date is
    // the transaction start, so a slow transaction can commit an older stamp after a pass (069).
    void setOverlapSeconds(int seconds);
    // Every `passes` passes, the ids the cockpit knows are checked against Odoo, so orders and
    // documents deleted (or archived) in Odoo leave the order book. 0 turns the check off.
    void setReconcileEvery(int passes);
    // Before start(): continue from what an earlier run read. The records are known again (the
    // order book is expected to hold the orders mapped from them) and the first pass reads only
    // what was written since the cursors, less the overlap. May be given in parts (the sale
    // orders before their documents); a part without cursors leaves them as they are.
    void resumeFrom(const SyncCheckpoint &checkpoint);
    // Before resumeFrom() in parts: room for all the records of `whole` at once, so that no part
    // grows the sync's tables (a rehash of a few hundred thousand records is a long pause).
    void reserveToResume(const SyncCheckpoint &whole);
    // The same from the number of records of each model (model -> count).
    void reserveToResume(const QHash<QString, qsizetype> &perModel);
    // Records what passes read or drop, for takeChanges(). Off unless turned on or resumed.
    void setTrackChanges(bool on);
    // The records read or dropped since the last call, with the cursors of the last finished pass.
    SyncCheckpoint takeChanges();
    int consecutiveFailures() const;
    qint64 nextRetryInMs() const; // -1 when no retry is scheduled

    // Walks every retained record (costly: for benchmarks and diagnostics).
    RetainedRecords retainedRecords() const;

    ConnectionState state() const { return m_state; }
    QDateTime lastSync() const { return m_lastStats.finishedAt; }
    SyncStats lastStats() const { return m_lastStats; }
    QString lastError() const { return m_lastError.message; }

signals:
    void stateChanged(o2c::odoo::ConnectionState state);
    void syncFinished(const o2c::odoo::SyncStats &stats);
    void syncFailed(const o2c::odoo::OdooError &error);

private:
    void setState(ConnectionState s);
    void passOrSignIn();
    void signIn();
    void runPass();
    void prepareSession(); // the user's language, time zone and companies into the context
    void reconcileOrFinish();
    void finishPass();
    void fail(const OdooError &error);
    struct Private;
    std::unique_ptr<Private> d;
    ConnectionState m_state = ConnectionState::Disconnected;
    SyncStats m_lastStats;
    OdooError m_lastError;
};

} // namespace o2c::odoo
