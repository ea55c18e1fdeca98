// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <memory>

namespace o2c::sim {

class Simulator;
struct GeneratedOrder;

// Faults the hub injects into its live streams and its forwarding to Odoo.
struct HubFaults {
    int dropStreamAfterEvents = 0; // end each stream connection after this many events (0: never)
    int repeatEveryNth = 0;        // send every Nth event of a connection twice
    int swapEveryNth = 0;          // send every Nth event of a connection after its successor
    qint64 slowConsumerBytes = 0;  // end a stream whose unsent bytes exceed this (0: no limit)
    double odooFailureProbability = 0; // each attempt to forward to Odoo fails with this chance
    int maxAttempts = 3;               // attempts before a transaction is dead-lettered
};

struct HubOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0;                 // 0: chosen by the OS
    bool quarantineDuplicates = true; // hold suspected duplicates back from Odoo
    // Events kept for resuming streams (0: all). A Last-Event-ID older than the kept ones
    // answers 410 events_expired; the client then catches up from the listing.
    qint64 retainEvents = 0;
    quint64 seed = 7;
    HubFaults faults;
};

// The middleware intake hub of the simulator: implements docs/middleware-api.yaml (v1). Every
// order the scenario's channels emit passes through it before it reaches the simulated Odoo:
// received, validated, then quarantined (same payload, or same customer, reference and lines as
// an earlier transaction) or forwarded and acknowledged with the sale order Odoo created.
// REST, Server-Sent Events and WebSocket share one port. Lives on the simulator's thread;
// construct it before Simulator::start() so that the scenario's history passes through it too.
class IntakeHub final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(IntakeHub)
public:
    explicit IntakeHub(Simulator &simulator, HubOptions options = {}, QObject *parent = nullptr);
    ~IntakeHub() override;

    bool listen(QString *error = nullptr);
    void close();
    quint16 port() const;
    QUrl url() const; // http://127.0.0.1:<port>

    void setFaults(const HubFaults &faults);
    void setRetainEvents(qint64 events);
    qint64 oldestEventId() const; // the oldest event a stream can still resume from
    HubFaults faults() const;
    // Ends every live stream connection now, as a hub restart or a network cut would.
    void dropStreams();
    int streamConnections() const;

    // Takes an order as a channel would deliver it; returns the transaction id.
    QString receive(const GeneratedOrder &order);

    qint64 lastEventId() const;
    int transactionCount() const;
    QStringList transactionIds(const QString &status = {}) const;
    // The transaction as the contract's Transaction schema; empty when unknown.
    QJsonObject transaction(const QString &id) const;

signals:
    void eventPublished(qint64 eventId);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace o2c::sim
