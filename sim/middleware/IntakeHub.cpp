// SPDX-License-Identifier: GPL-3.0-or-later
#include "IntakeHub.h"
#include "Dice.h"

#include "OdooDatabase.h"
#include "Scenario.h"
#include "Simulator.h"
#include "demand/DemandGenerator.h"
#include "order/Channel.h"

#include <QCryptographicHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <optional>
#include <vector>

namespace o2c::sim {

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

QString iso(const QDateTime &t) {
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

struct StatusChange {
    QString status;
    QDateTime at;
    QString detail;
};

struct Transaction {
    QString id;
    GeneratedOrder order;
    QString status;
    QDateTime receivedAt, updatedAt;
    QList<StatusChange> history;
    qint64 lastEventId = 0;
    QByteArray payload;
    QString contentType;
    QString sha256;
    QString quarantineReason;
    QStringList duplicateOf;
    qint64 saleOrderId = 0;
    QString saleOrderName;
    QDateTime acknowledgedAt;
    QString failure;
    int attempts = 0;
};

struct Event {
    qint64 id = 0;
    QByteArray json; // the Event object, compact
};

struct Consumer {
    QPointer<QTcpSocket> socket;
    QPointer<QWebSocket> ws;
    qint64 counted = 0; // events considered for this connection (drives the faults)
    qint64 sent = 0;
    std::optional<qsizetype> held; // an event index kept back to go out after its successor
    bool ended = false;
};

struct IdempotentAnswer {
    QByteArray fingerprint;
    int status = 200;
    QByteArray body;
};

QByteArray x12Payload(const CanonicalOrder &o) {
    // A short X12 850 as an EDI gateway would hand it over: enough to show and to hash.
    const EdiControlNumbers &e = o.source.edi;
    QString s =
        QStringLiteral("ISA*00*          *00*          *ZZ*%1*ZZ*O2CMANUFACT*%2*U*00401*%3*0*P*>~"
                       "GS*PO*%1*O2CMANUFACT*%2*%4*X*004010~ST*850*%5~BEG*00*SA*%6**%7~")
            .arg(e.sender.leftJustified(15, QLatin1Char(' ')),
                 o.createdAt.toUTC().toString(QStringLiteral("yyMMdd*HHmm")), e.isa13, e.gs06,
                 e.st02, o.customerRef, o.createdAt.toUTC().toString(QStringLiteral("yyyyMMdd")));
    int n = 0;
    for (const OrderLine &l : o.lines)
        s += QStringLiteral("PO1*%1*%2*EA*%3**VP*%4~")
                 .arg(++n)
                 .arg(l.qty)
                 .arg(l.price, 0, 'f', 2)
                 .arg(l.sku);
    s += QStringLiteral("CTT*%1~SE*%2*%3~GE*1*%4~IEA*1*%5~")
             .arg(n)
             .arg(n + 4)
             .arg(e.st02, e.gs06, e.isa13);
    return s.toUtf8();
}

QString lineKey(const CanonicalOrder &o) {
    QStringList parts;
    for (const OrderLine &l : o.lines)
        parts.append(l.sku + QLatin1Char('x') + QString::number(l.qty, 'g', 10));
    parts.sort();
    return parts.join(QLatin1Char(','));
}

QByteArray errorBody(const QString &code, const QString &message, const QJsonObject &extra = {}) {
    QJsonObject e = extra;
    e.insert(S("code"), code);
    e.insert(S("message"), message);
    return QJsonDocument(QJsonObject{{S("error"), e}}).toJson(QJsonDocument::Compact);
}

} // namespace

struct IntakeHub::Private {
    Private(IntakeHub *hub, Simulator &s, const HubOptions &o)
        : q(hub)
        , sim(s)
        , options(o)
        , dice{o.seed ^ 0x4855424Dull} {}

    static QString tr(const char *text) { return IntakeHub::tr(text); }

    IntakeHub *q;
    Simulator &sim;
    HubOptions options;
    Dice dice;
    std::unique_ptr<QHttpServer> server;
    quint16 port = 0;
    std::vector<Transaction> transactions;
    QHash<QString, qsizetype> byId;
    QHash<QString, QStringList> byContent; // customer+reference+lines -> transaction ids
    QHash<QString, QStringList> byPayload; // payload hash -> transaction ids
    std::vector<Event> events;
    std::vector<std::unique_ptr<Consumer>> consumers;
    QHash<QString, IdempotentAnswer> idempotency;
    QTimer keepAlive;
    QTimer flushHeld;

    QDateTime now() const { return sim.database().now(); }
    Transaction *find(const QString &id) {
        const auto it = byId.constFind(id);
        return it == byId.constEnd() ? nullptr : &transactions[size_t(*it)];
    }
    const Transaction *find(const QString &id) const {
        const auto it = byId.constFind(id);
        return it == byId.constEnd() ? nullptr : &transactions[size_t(*it)];
    }
    QJsonObject toJson(const Transaction &t) const;

    void publish(qsizetype index, const QString &status, const QDateTime &when,
                 const QString &detail);
    void forward(qsizetype index, QDateTime at);
    void deliver(Consumer &c, qsizetype eventIndex);
    void write(Consumer &c, qsizetype eventIndex);
    void end(Consumer &c, bool abort);
    void pruneConsumers();

    void route(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void openEventStream(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void acceptWebSockets();
    // *expired: the id is older than the events kept (410 events_expired).
    std::optional<qsizetype> resumeIndex(const QString &after, QString *error, bool *expired) const;
    qint64 oldestEventId() const {
        const qint64 n = qint64(events.size());
        if (options.retainEvents <= 0 || n <= options.retainEvents)
            return n == 0 ? 0 : 1;
        return n - options.retainEvents + 1;
    }
    QJsonObject hubInfo() const;
    QJsonObject health() const;
    QJsonObject page(const QUrlQuery &query, QString *error) const;
    std::pair<int, QByteArray> act(const QString &action, const QString &id,
                                   const QJsonObject &body);
};

QJsonObject IntakeHub::Private::toJson(const Transaction &t) const {
    QJsonArray history;
    for (const StatusChange &c : t.history) {
        QJsonObject h{{S("status"), c.status}, {S("at"), iso(c.at)}};
        if (!c.detail.isEmpty())
            h.insert(S("detail"), c.detail);
        history.append(h);
    }
    QJsonObject o{
        {S("id"), t.id},
        {S("last_event_id"), QString::number(t.lastEventId)},
        {S("channel"), channelKey(t.order.order.channel)},
        {S("status"), t.status},
        {S("received_at"), iso(t.receivedAt)},
        {S("updated_at"), iso(t.updatedAt)},
        {S("history"), history},
        {S("order"), t.order.order.toJson()},
        {S("payload"),
         QJsonObject{{S("href"), QString(S("/v1/transactions/") + t.id + S("/payload"))},
                     {S("content_type"), t.contentType},
                     {S("sha256"), t.sha256},
                     {S("bytes"), qint64(t.payload.size())}}},
        {S("quarantine"), QJsonValue::Null},
        {S("odoo"), QJsonValue::Null},
        {S("failure"), QJsonValue::Null},
    };
    if (!t.quarantineReason.isEmpty())
        o.insert(S("quarantine"), QJsonObject{{S("reason"), t.quarantineReason},
                                              {S("suspected_duplicate_of"),
                                               QJsonArray::fromStringList(t.duplicateOf)}});
    if (t.saleOrderId)
        o.insert(S("odoo"), QJsonObject{{S("model"), S("sale.order")},
                                        {S("id"), t.saleOrderId},
                                        {S("name"), t.saleOrderName},
                                        {S("acknowledged_at"), iso(t.acknowledgedAt)}});
    if (!t.failure.isEmpty())
        o.insert(S("failure"), QJsonObject{{S("message"), t.failure}, {S("attempts"), t.attempts}});
    return o;
}

IntakeHub::IntakeHub(Simulator &simulator, HubOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, simulator, options)) {
    simulator.scenario().setIntakeGate([this](const GeneratedOrder &order) {
        receive(order);
        return true;
    });
    d->keepAlive.setInterval(10000);
    connect(&d->keepAlive, &QTimer::timeout, this, [this] {
        for (const auto &c : d->consumers) {
            if (c->socket && !c->ended)
                c->socket->write(": keep-alive\n\n");
        }
        d->pruneConsumers();
    });
    // An event kept back by the swap fault goes out shortly even when no successor comes.
    d->flushHeld.setInterval(100);
    connect(&d->flushHeld, &QTimer::timeout, this, [this] {
        for (const auto &c : d->consumers) {
            if (c->held && !c->ended) {
                const qsizetype held = *c->held;
                c->held.reset();
                d->write(*c, held);
            }
        }
    });
}

IntakeHub::~IntakeHub() {
    d->sim.scenario().setIntakeGate({});
    close();
}

bool IntakeHub::listen(QString *error) {
    if (d->server)
        return true;
    d->server = std::make_unique<QHttpServer>();
    d->server->setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            d->route(request, std::move(responder));
        });
    connect(d->server.get(), &QAbstractHttpServer::newWebSocketConnection, this,
            [this] { d->acceptWebSockets(); });
    // Qt 6.4 upgrades a WebSocket request only when a route (not the missing handler) takes it;
    // the route answers nothing, the WebSocket server then owns the connection.
    d->server->route(QStringLiteral("/v1/events/ws"),
                     [](const QHttpServerRequest &, QHttpServerResponder &&) {});
    d->port = d->server->listen(d->options.address, d->options.port);
    if (d->port == 0) {
        d->server.reset();
        if (error)
            *error = tr("The middleware hub could not listen on %1 port %2. Choose another port "
                        "or stop the program that uses it.")
                         .arg(d->options.address.toString())
                         .arg(d->options.port);
        return false;
    }
    d->keepAlive.start();
    d->flushHeld.start();
    return true;
}

void IntakeHub::close() {
    dropStreams();
    d->keepAlive.stop();
    d->flushHeld.stop();
    d->server.reset();
    d->port = 0;
}

quint16 IntakeHub::port() const {
    return d->port;
}

QUrl IntakeHub::url() const {
    QUrl u;
    u.setScheme(S("http"));
    u.setHost(d->options.address.toString());
    u.setPort(d->port);
    return u;
}

void IntakeHub::setFaults(const HubFaults &faults) {
    d->options.faults = faults;
}

void IntakeHub::setRetainEvents(qint64 events) {
    d->options.retainEvents = events;
}

qint64 IntakeHub::oldestEventId() const {
    return d->oldestEventId();
}

HubFaults IntakeHub::faults() const {
    return d->options.faults;
}

void IntakeHub::dropStreams() {
    for (const auto &c : d->consumers)
        d->end(*c, true);
    d->pruneConsumers();
}

int IntakeHub::streamConnections() const {
    return int(std::count_if(d->consumers.begin(), d->consumers.end(),
                             [](const auto &c) { return !c->ended && (c->socket || c->ws); }));
}

qint64 IntakeHub::lastEventId() const {
    return d->events.empty() ? 0 : d->events.back().id;
}

int IntakeHub::transactionCount() const {
    return int(d->transactions.size());
}

QStringList IntakeHub::transactionIds(const QString &status) const {
    QStringList ids;
    for (const Transaction &t : d->transactions) {
        if (status.isEmpty() || t.status == status)
            ids.append(t.id);
    }
    return ids;
}

QJsonObject IntakeHub::transaction(const QString &id) const {
    const Transaction *t = d->find(id);
    return t ? d->toJson(*t) : QJsonObject();
}

// ---- the transaction's life ----------------------------------------------------------------

namespace {
// Milliseconds the hub's own steps take, so that the timeline reads like a real hub's.
constexpr qint64 validateMs = 40;
constexpr qint64 forwardMs = 120;
} // namespace

QString IntakeHub::receive(const GeneratedOrder &order) {
    Transaction t;
    t.id = QStringLiteral("TX-%1").arg(d->transactions.size() + 1, 6, 10, QLatin1Char('0'));
    t.order = order;
    if (order.order.channel == Channel::Edi) {
        t.payload = x12Payload(order.order);
        t.contentType = S("application/edi-x12");
    } else {
        t.payload = QJsonDocument(order.order.toJson()).toJson(QJsonDocument::Compact);
        t.contentType = S("application/json");
    }
    t.sha256 = QString::fromLatin1(
        QCryptographicHash::hash(t.payload, QCryptographicHash::Sha256).toHex());
    const QDateTime at = d->now();
    t.receivedAt = at;
    const QString id = t.id;
    const qsizetype index = qsizetype(d->transactions.size());
    d->byId.insert(id, index);
    d->transactions.push_back(std::move(t));

    d->publish(index, S("received"), at,
               tr("received from %1").arg(channelOdooSource(order.order.channel)));
    d->publish(index, S("validated"), at.addMSecs(validateMs),
               tr("payload parsed, customer and products known"));

    // The hub's own duplicate rule: the same payload again, or the same customer, reference and
    // lines. What only the cockpit can see (another partner record, changed wording) passes.
    const CanonicalOrder &o = order.order;
    const QString contentKey = QString::number(o.customer.partnerId) + QLatin1Char('|') +
                               CanonicalOrder::normalizeReference(o.customerRef) +
                               QLatin1Char('|') + lineKey(o);
    const QString payloadKey = o.source.payloadHash.isEmpty()
                                   ? d->transactions[size_t(index)].sha256
                                   : o.source.payloadHash;
    QStringList earlier = d->byPayload.value(payloadKey);
    QString reason = earlier.isEmpty() ? QString() : tr("identical payload received before");
    if (earlier.isEmpty() && !o.customerRef.isEmpty()) {
        earlier = d->byContent.value(contentKey);
        if (!earlier.isEmpty())
            reason = tr("same customer, reference and lines as an earlier order");
    }
    d->byPayload[payloadKey].append(id);
    if (!o.customerRef.isEmpty())
        d->byContent[contentKey].append(id);
    if (d->options.quarantineDuplicates && !earlier.isEmpty()) {
        Transaction &tx = d->transactions[size_t(index)];
        tx.quarantineReason = reason;
        tx.duplicateOf = earlier;
        d->publish(index, S("quarantined"), at.addMSecs(validateMs * 2),
                   reason + QStringLiteral(" (") + earlier.join(QStringLiteral(", ")) +
                       QLatin1Char(')'));
        return id;
    }
    d->forward(index, at.addMSecs(validateMs * 2));
    return id;
}

void IntakeHub::Private::forward(qsizetype index, QDateTime at) {
    const HubFaults &f = options.faults;
    for (;;) {
        const int attempt = ++transactions[size_t(index)].attempts;
        publish(index, S("forwarded"), at, tr("sent to Odoo (attempt %1)").arg(attempt));
        at = at.addMSecs(forwardMs + dice.between(150, 2500));
        if (dice.uniform() < f.odooFailureProbability) {
            transactions[size_t(index)].failure = tr("Odoo did not answer within 30 s");
            if (attempt >= qMax(1, f.maxAttempts)) {
                publish(index, S("dead_lettered"), at,
                        tr("given up after %1 attempts").arg(attempt));
                return;
            }
            publish(index, S("failed"), at, transactions[size_t(index)].failure);
            at = at.addMSecs(1000);
            continue;
        }
        const qint64 so = sim.scenario().admit(transactions[size_t(index)].order);
        Transaction &t = transactions[size_t(index)];
        if (so == 0) {
            t.failure = tr("Odoo refused the order");
            publish(index, S("dead_lettered"), at, t.failure);
            return;
        }
        t.failure.clear();
        t.saleOrderId = so;
        t.saleOrderName = sim.database().value(S("sale.order"), so, S("name")).toString();
        t.acknowledgedAt = at;
        publish(index, S("acknowledged"), at, tr("Odoo created %1").arg(t.saleOrderName));
        return;
    }
}

void IntakeHub::Private::publish(qsizetype index, const QString &status, const QDateTime &when,
                                 const QString &detail) {
    Transaction &tx = transactions[size_t(index)];
    const QString previous = tx.status;
    tx.status = status;
    tx.updatedAt = when;
    tx.history.append({status, when, detail});
    tx.lastEventId = qint64(events.size()) + 1;
    QJsonObject ev{{S("id"), QString::number(tx.lastEventId)},
                   {S("type"), S("transaction.status")},
                   {S("at"), iso(when)},
                   {S("transaction"), toJson(tx)}};
    if (!previous.isEmpty())
        ev.insert(S("previous_status"), previous);
    events.push_back({tx.lastEventId, QJsonDocument(ev).toJson(QJsonDocument::Compact)});
    for (const auto &c : consumers)
        deliver(*c, qsizetype(events.size()) - 1);
    emit q->eventPublished(tx.lastEventId);
}

// ---- streams ------------------------------------------------------------------------------

void IntakeHub::Private::deliver(Consumer &c, qsizetype eventIndex) {
    if (c.ended)
        return;
    const HubFaults &f = options.faults;
    ++c.counted;
    if (f.swapEveryNth > 0 && c.counted % f.swapEveryNth == 0 && !c.held) {
        c.held = eventIndex; // goes out right after the next one
        return;
    }
    write(c, eventIndex);
    if (f.repeatEveryNth > 0 && c.counted % f.repeatEveryNth == 0)
        write(c, eventIndex);
    if (c.held && *c.held != eventIndex) {
        const qsizetype held = *c.held;
        c.held.reset();
        write(c, held);
    }
}

void IntakeHub::Private::write(Consumer &c, qsizetype eventIndex) {
    if (c.ended)
        return;
    const HubFaults &f = options.faults;
    const Event &e = events[size_t(eventIndex)];
    if (c.socket) {
        if (f.slowConsumerBytes > 0 && c.socket->bytesToWrite() > f.slowConsumerBytes) {
            // A consumer that cannot keep up is cut off after what is already queued for it; it
            // resumes later.
            end(c, false);
            return;
        }
        c.socket->write("id: " + QByteArray::number(e.id) +
                        "\nevent: transaction\ndata: " + e.json + "\n\n");
    } else if (c.ws) {
        c.ws->sendTextMessage(QString::fromUtf8(e.json));
    } else {
        c.ended = true;
        return;
    }
    ++c.sent;
    if (f.dropStreamAfterEvents > 0 && c.sent >= f.dropStreamAfterEvents)
        end(c, false);
}

void IntakeHub::Private::end(Consumer &c, bool abort) {
    if (c.ended)
        return;
    c.ended = true;
    c.held.reset();
    if (c.socket) {
        if (abort)
            c.socket->abort();
        else
            c.socket->disconnectFromHost(); // what was written still goes out
    }
    if (c.ws)
        c.ws->close(QWebSocketProtocol::CloseCodeGoingAway, S("stream ended by the hub"));
}

void IntakeHub::Private::pruneConsumers() {
    consumers.erase(
        std::remove_if(consumers.begin(), consumers.end(),
                       [](const auto &c) { return c->ended || (!c->socket && !c->ws); }),
        consumers.end());
}

std::optional<qsizetype> IntakeHub::Private::resumeIndex(const QString &after, QString *error,
                                                         bool *expired) const {
    *expired = false;
    if (after.isEmpty())
        return qsizetype(events.size()); // live events only
    bool ok = false;
    const qint64 id = after.toLongLong(&ok);
    if (!ok || id < 0) {
        *error = tr("Last-Event-ID \"%1\" is not an event id of this hub.").arg(after);
        return std::nullopt;
    }
    const qint64 oldest = oldestEventId();
    if (oldest > 1 && id < oldest - 1) {
        *expired = true;
        *error = tr("Events after %1 are no longer kept (the oldest is %2): list the "
                    "transactions with after_event_id=%1, then resume the stream.")
                     .arg(id)
                     .arg(oldest);
        return std::nullopt;
    }
    // Event ids are 1..n without gaps: the event after `id` is at index `id`.
    return qsizetype(qMin<qint64>(id, qint64(events.size())));
}

void IntakeHub::Private::openEventStream(const QHttpServerRequest &request,
                                         QHttpServerResponder &&responder) {
    QString after = QUrlQuery(request.url()).queryItemValue(S("after"));
    for (const auto &[key, value] : request.headers()) {
        if (key.compare("Last-Event-ID", Qt::CaseInsensitive) == 0)
            after = QString::fromUtf8(value).trimmed();
    }
    QString error;
    bool expired = false;
    const std::optional<qsizetype> from = resumeIndex(after, &error, &expired);
    if (!from) {
        responder.write(errorBody(expired ? S("events_expired") : S("bad_request"), error),
                        "application/json",
                        expired ? QHttpServerResponder::StatusCode::Gone
                                : QHttpServerResponder::StatusCode::BadRequest);
        return;
    }
    // Qt 6.4's responder cannot stream: the hub writes the event stream on the socket itself.
    QTcpSocket *socket = responder.socket();
    auto c = std::make_unique<Consumer>();
    c->socket = socket;
    socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  "Cache-Control: no-cache\r\nConnection: close\r\n\r\nretry: 200\n\n");
    Consumer &ref = *c;
    consumers.push_back(std::move(c));
    QObject::connect(socket, &QTcpSocket::disconnected, q, [this, &ref] {
        ref.ended = true;
        QTimer::singleShot(0, q, [this] { pruneConsumers(); });
    });
    for (qsizetype i = *from; i < qsizetype(events.size()) && !ref.ended; ++i)
        deliver(ref, i);
}

void IntakeHub::Private::acceptWebSockets() {
    while (server && server->hasPendingWebSocketConnections()) {
        QWebSocket *ws = server->nextPendingWebSocketConnection().release();
        ws->setParent(q);
        QObject::connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        const QUrl url = ws->requestUrl();
        if (url.path() != QLatin1String("/v1/events/ws")) {
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated,
                      tr("No WebSocket here: use /v1/events/ws."));
            continue;
        }
        QString error;
        bool expired = false;
        const std::optional<qsizetype> from =
            resumeIndex(QUrlQuery(url).queryItemValue(S("after")), &error, &expired);
        if (!from) {
            // 4410: the WebSocket form of 410 events_expired (close reasons are short).
            ws->close(expired ? QWebSocketProtocol::CloseCode(4410)
                              : QWebSocketProtocol::CloseCodeBadOperation,
                      expired ? S("events_expired") : error.left(120));
            continue;
        }
        auto c = std::make_unique<Consumer>();
        c->ws = ws;
        Consumer &ref = *c;
        consumers.push_back(std::move(c));
        QObject::connect(ws, &QWebSocket::disconnected, q, [this, &ref] {
            ref.ended = true;
            QTimer::singleShot(0, q, [this] { pruneConsumers(); });
        });
        for (qsizetype i = *from; i < qsizetype(events.size()) && !ref.ended; ++i)
            deliver(ref, i);
    }
}

// ---- REST ---------------------------------------------------------------------------------

QJsonObject IntakeHub::Private::hubInfo() const {
    return {{S("api_version"), S("1.0")},
            {S("supported_versions"), QJsonArray{S("v1")}},
            {S("hub"), S("o2c-sim intake hub")},
            {S("last_event_id"), QString::number(events.size())},
            {S("oldest_event_id"), QString::number(oldestEventId())},
            {S("streams"),
             QJsonObject{{S("sse"), S("/v1/events")}, {S("websocket"), S("/v1/events/ws")}}}};
}

QJsonObject IntakeHub::Private::health() const {
    constexpr qint64 windowSeconds = 3600;
    const QDateTime now = this->now();
    const QDateTime from = now.addSecs(-windowSeconds);
    int received = 0, acknowledged = 0, failed = 0, deadLettered = 0, quarantined = 0, depth = 0;
    QList<double> latencies;
    for (const Transaction &t : transactions) {
        if (t.receivedAt >= from)
            ++received;
        for (const StatusChange &c : t.history) {
            if (c.at < from || c.at > now)
                continue;
            if (c.status == QLatin1String("failed") || c.status == QLatin1String("dead_lettered"))
                ++failed;
        }
        if (t.acknowledgedAt.isValid() && t.acknowledgedAt >= from && t.acknowledgedAt <= now) {
            ++acknowledged;
            latencies.append(double(t.receivedAt.msecsTo(t.acknowledgedAt)));
        }
        if (t.status == QLatin1String("quarantined"))
            ++quarantined;
        else if (t.status == QLatin1String("dead_lettered"))
            ++deadLettered;
        else if (t.status == QLatin1String("validated") || t.status == QLatin1String("forwarded") ||
                 t.status == QLatin1String("failed"))
            ++depth;
    }
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&latencies](double p) {
        return latencies.isEmpty() ? 0.0
                                   : latencies[qsizetype(p * double(latencies.size() - 1) + 0.5)];
    };
    return {
        {S("at"), iso(now)},
        {S("window_seconds"), windowSeconds},
        {S("throughput_per_minute"), double(acknowledged) / (double(windowSeconds) / 60.0)},
        {S("received"), received},
        {S("acknowledged"), acknowledged},
        {S("failed"), failed},
        {S("dead_lettered"), deadLettered},
        {S("quarantined"), quarantined},
        {S("queue_depth"), depth},
        {S("latency_ms"), QJsonObject{{S("p50"), pct(0.5)},
                                      {S("p95"), pct(0.95)},
                                      {S("max"), latencies.isEmpty() ? 0.0 : latencies.last()}}},
        {S("ack_success_rate"),
         acknowledged + failed == 0 ? 1.0 : double(acknowledged) / double(acknowledged + failed)}};
}

QJsonObject IntakeHub::Private::page(const QUrlQuery &query, QString *error) const {
    qint64 after = 0;
    const QString cursor = query.queryItemValue(S("cursor"));
    if (!cursor.isEmpty()) {
        bool ok = false;
        after = QString::fromLatin1(QByteArray::fromBase64(cursor.toLatin1())).toLongLong(&ok);
        if (!ok) {
            *error = tr("The cursor \"%1\" was not issued by this hub; list from the start.")
                         .arg(cursor);
            return {};
        }
    }
    if (query.hasQueryItem(S("after_event_id"))) {
        bool ok = false;
        const qint64 id = query.queryItemValue(S("after_event_id")).toLongLong(&ok);
        if (!ok || id < 0) {
            *error = tr("after_event_id must be an event id of this hub.");
            return {};
        }
        after = qMax(after, id);
    }
    int limit = 200;
    if (query.hasQueryItem(S("limit"))) {
        bool ok = false;
        limit = query.queryItemValue(S("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 1000) {
            *error = tr("limit must be a number from 1 to 1000.");
            return {};
        }
    }
    const QString status = query.queryItemValue(S("status"));
    const QString channel = query.queryItemValue(S("channel"));
    std::vector<const Transaction *> matching;
    for (const Transaction &t : transactions) {
        if (t.lastEventId <= after)
            continue;
        if (!status.isEmpty() && t.status != status)
            continue;
        if (!channel.isEmpty() && channelKey(t.order.order.channel) != channel)
            continue;
        matching.push_back(&t);
    }
    std::sort(matching.begin(), matching.end(), [](const Transaction *a, const Transaction *b) {
        return a->lastEventId < b->lastEventId;
    });
    QJsonArray items;
    qint64 last = after;
    for (size_t i = 0; i < matching.size() && i < size_t(limit); ++i) {
        items.append(toJson(*matching[i]));
        last = matching[i]->lastEventId;
    }
    QJsonObject o{{S("items"), items}, {S("has_more"), matching.size() > size_t(limit)}};
    o.insert(S("next_cursor"), QString::fromLatin1(QByteArray::number(last).toBase64()));
    return o;
}

std::pair<int, QByteArray> IntakeHub::Private::act(const QString &action, const QString &id,
                                                   const QJsonObject &body) {
    Transaction *t = find(id);
    if (!t)
        return {404, errorBody(S("not_found"), tr("No transaction %1 in this hub.").arg(id))};
    const qsizetype index = byId.value(id);
    const QString actor = body.value(S("actor")).toString();
    const QString reason = body.value(S("reason")).toString();
    QString by = actor.isEmpty() ? QString() : tr(" by %1").arg(actor);
    if (!reason.isEmpty())
        by += QStringLiteral(": ") + reason;
    const QDateTime now = this->now();
    if (action == QLatin1String("release")) {
        if (t->status != QLatin1String("quarantined"))
            return {409, errorBody(S("invalid_state"),
                                   tr("%1 is %2; only a quarantined transaction can be released.")
                                       .arg(id, t->status))};
        t->quarantineReason.clear();
        t->duplicateOf.clear();
        publish(index, S("validated"), now, tr("released from quarantine") + by);
        forward(index, now.addMSecs(validateMs));
    } else if (action == QLatin1String("reject")) {
        if (t->status != QLatin1String("quarantined") && t->status != QLatin1String("failed") &&
            t->status != QLatin1String("dead_lettered"))
            return {409, errorBody(S("invalid_state"),
                                   tr("%1 is %2; only quarantined, failed or dead-lettered "
                                      "transactions can be rejected.")
                                       .arg(id, t->status))};
        publish(index, S("rejected"), now, tr("rejected") + by);
    } else {
        if (t->status != QLatin1String("failed") && t->status != QLatin1String("dead_lettered"))
            return {409, errorBody(S("invalid_state"),
                                   tr("%1 is %2; only failed or dead-lettered transactions can be "
                                      "replayed.")
                                       .arg(id, t->status))};
        transactions[size_t(index)].attempts = 0;
        forward(index, now);
    }
    return {200, QJsonDocument(QJsonObject{{S("action"), action},
                                           {S("transaction"), toJson(transactions[size_t(index)])}})
                     .toJson(QJsonDocument::Compact)};
}

void IntakeHub::Private::route(const QHttpServerRequest &request,
                               QHttpServerResponder &&responder) {
    using Status = QHttpServerResponder::StatusCode;
    auto json = [&responder](int status, const QByteArray &body,
                             QHttpServerResponder::HeaderList extra = {}) {
        responder.writeStatusLine(Status(status));
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        for (const auto &[k, v] : extra)
            responder.writeHeader(k, v);
        responder.writeBody(body);
    };
    const QString path = request.url().path();
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty() || !parts.first().startsWith(QLatin1Char('v'))) {
        json(404, errorBody(S("not_found"),
                            tr("Nothing at %1; the contract lives under /v1.").arg(path)));
        return;
    }
    if (parts.first() != QLatin1String("v1")) {
        json(400, errorBody(S("unsupported_version"),
                            tr("This hub serves contract version 1 (/v1); %1 is not supported. "
                               "Use /v1 or update the hub.")
                                .arg(parts.first()),
                            {{S("supported_versions"), QJsonArray{S("v1")}}}));
        return;
    }
    parts.removeFirst();
    const auto method = request.method();
    const bool get = method == QHttpServerRequest::Method::Get;
    if (parts.isEmpty() && get) {
        json(200, QJsonDocument(hubInfo()).toJson(QJsonDocument::Compact));
        return;
    }
    const QString head = parts.first();
    if (head == QLatin1String("events") && parts.size() == 1 && get) {
        openEventStream(request, std::move(responder));
        return;
    }
    if (head == QLatin1String("health") && parts.size() == 1 && get) {
        json(200, QJsonDocument(health()).toJson(QJsonDocument::Compact));
        return;
    }
    if (head == QLatin1String("transactions")) {
        if (parts.size() == 1 && get) {
            QString error;
            const QJsonObject p = page(QUrlQuery(request.url()), &error);
            if (!error.isEmpty())
                json(400, errorBody(S("bad_request"), error));
            else
                json(200, QJsonDocument(p).toJson(QJsonDocument::Compact));
            return;
        }
        const QString id = parts.value(1);
        const Transaction *t = find(id);
        if (parts.size() == 2 && get) {
            if (t)
                json(200, QJsonDocument(toJson(*t)).toJson(QJsonDocument::Compact));
            else
                json(404, errorBody(S("not_found"), tr("No transaction %1 in this hub.").arg(id)));
            return;
        }
        if (parts.size() == 3 && get && parts[2] == QLatin1String("payload")) {
            if (t)
                responder.write(t->payload, t->contentType.toLatin1());
            else
                json(404, errorBody(S("not_found"), tr("No transaction %1 in this hub.").arg(id)));
            return;
        }
        const QString action = parts.value(2);
        if (parts.size() == 3 && method == QHttpServerRequest::Method::Post &&
            (action == QLatin1String("release") || action == QLatin1String("reject") ||
             action == QLatin1String("replay"))) {
            QByteArray key;
            for (const auto &[k, v] : request.headers()) {
                if (k.compare("Idempotency-Key", Qt::CaseInsensitive) == 0)
                    key = v.trimmed();
            }
            if (key.isEmpty() || key.size() > 200) {
                json(400, errorBody(S("missing_idempotency_key"),
                                    tr("Every action needs an Idempotency-Key header (1 to 200 "
                                       "characters) so that a retry is not applied twice.")));
                return;
            }
            // Unknown fields are ignored; an empty or non-JSON body counts as {}.
            const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
            const QByteArray fingerprint =
                action.toUtf8() + ' ' + id.toUtf8() + ' ' +
                QJsonDocument(QJsonObject{{S("actor"), body.value(S("actor"))},
                                          {S("reason"), body.value(S("reason"))}})
                    .toJson(QJsonDocument::Compact);
            const auto seen = idempotency.constFind(QString::fromUtf8(key));
            if (seen != idempotency.constEnd()) {
                if (seen->fingerprint != fingerprint)
                    json(422, errorBody(S("idempotency_key_reused"),
                                        tr("This Idempotency-Key was used for another request; "
                                           "use a new key for a new action.")));
                else
                    json(seen->status, seen->body, {{"Idempotent-Replayed", "true"}});
                return;
            }
            const auto [status, answer] = act(action, id, body);
            if (status != 404)
                idempotency.insert(QString::fromUtf8(key), {fingerprint, status, answer});
            json(status, answer, {{"Idempotent-Replayed", "false"}});
            return;
        }
    }
    json(404,
         errorBody(S("not_found"), tr("Nothing at %1 in contract v1 for this method.").arg(path)));
}

} // namespace o2c::sim
