// SPDX-License-Identifier: GPL-3.0-or-later
#include "LocalOrderStore.h"

#include "flow/OrderBook.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDataStream>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutex>
#include <QPointer>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <spdlog/spdlog.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace o2c {

// Streamed in namespace o2c (not an anonymous one) so that QList's operators find them.
static QDataStream &operator<<(QDataStream &s, const OrderLine &l) {
    return s << l.sku << l.productId << l.description << l.qty << l.uom << l.price;
}
static QDataStream &operator>>(QDataStream &s, OrderLine &l) {
    return s >> l.sku >> l.productId >> l.description >> l.qty >> l.uom >> l.price;
}
static QDataStream &operator<<(QDataStream &s, const ManufacturingOrderRef &m) {
    return s << m.id << m.name << m.state << m.reservationState << m.product << m.qty
             << m.heldByActivity << m.holdNote << m.created << m.finished;
}
static QDataStream &operator>>(QDataStream &s, ManufacturingOrderRef &m) {
    return s >> m.id >> m.name >> m.state >> m.reservationState >> m.product >> m.qty >>
           m.heldByActivity >> m.holdNote >> m.created >> m.finished;
}
static QDataStream &operator<<(QDataStream &s, const PickingRef &p) {
    return s << p.id << p.name << p.state << p.typeCode << p.scheduled << p.done;
}
static QDataStream &operator>>(QDataStream &s, PickingRef &p) {
    return s >> p.id >> p.name >> p.state >> p.typeCode >> p.scheduled >> p.done;
}
static QDataStream &operator<<(QDataStream &s, const InvoiceRef &i) {
    return s << i.id << i.name << i.moveType << i.state << i.paymentState << i.amount
             << i.invoiceDate << i.written;
}
static QDataStream &operator>>(QDataStream &s, InvoiceRef &i) {
    return s >> i.id >> i.name >> i.moveType >> i.state >> i.paymentState >> i.amount >>
           i.invoiceDate >> i.written;
}
static QDataStream &operator<<(QDataStream &s, const OrderEvent &e) {
    return s << quint8(e.type) << quint8(e.system) << e.at << e.document << e.detail;
}
static QDataStream &operator>>(QDataStream &s, OrderEvent &e) {
    quint8 type = 0, system = 0;
    s >> type >> system >> e.at >> e.document >> e.detail;
    e.type = OrderEventType(type);
    e.system = OrderSystem(system);
    return s;
}

namespace {

// --- the order as bytes: a versioned QDataStream record ----------------------------------------
// Version 1. A field added later goes at the end, read only when the record's version has it.
constexpr quint8 kOrderRecordVersion = 1;

QByteArray encodeOrder(const CanonicalOrder &o) {
    QByteArray bytes;
    QDataStream s(&bytes, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_4);
    s << kOrderRecordVersion << o.id << quint8(o.channel) << o.customer.partnerId << o.customer.name
      << o.customer.vat << o.customer.gln << o.customerRef << o.lines << o.amountTotal << o.currency
      << o.createdAt << o.requestedDate << o.shipTo << o.shipToId << o.source.system
      << o.source.document << o.source.edi.sender << o.source.edi.isa13 << o.source.edi.gs06
      << o.source.edi.st02 << o.source.payloadHash << o.saleOrderId << o.saleOrderName
      << o.saleState << o.tags << o.manufacturingOrders << o.pickings << o.invoices << o.writeDate
      << quint8(o.stage) << o.events;
    return bytes;
}

bool decodeOrder(const QByteArray &bytes, CanonicalOrder *o) {
    QDataStream s(bytes);
    s.setVersion(QDataStream::Qt_6_4);
    quint8 version = 0, channel = 0, stage = 0;
    s >> version;
    if (version < 1 || version > kOrderRecordVersion)
        return false;
    s >> o->id >> channel >> o->customer.partnerId >> o->customer.name >> o->customer.vat >>
        o->customer.gln >> o->customerRef >> o->lines >> o->amountTotal >> o->currency >>
        o->createdAt >> o->requestedDate >> o->shipTo >> o->shipToId >> o->source.system >>
        o->source.document >> o->source.edi.sender >> o->source.edi.isa13 >> o->source.edi.gs06 >>
        o->source.edi.st02 >> o->source.payloadHash >> o->saleOrderId >> o->saleOrderName >>
        o->saleState >> o->tags >> o->manufacturingOrders >> o->pickings >> o->invoices >>
        o->writeDate >> stage >> o->events;
    if (s.status() != QDataStream::Ok || o->id.isEmpty() || stage > quint8(OrderStage::Cancelled))
        return false;
    o->channel = Channel(channel);
    o->stage = OrderStage(stage);
    return true;
}

// Memory freed in many small blocks is kept aside by glibc's allocator, unmerged, until a larger
// block is asked for; then all of it is merged at once, on whichever thread asks. Asking for one
// after each slice keeps that merge to what the slice freed (a fraction of a millisecond) instead
// of a pause of 60-180 ms at the end of 100,000 orders. Elsewhere it costs one allocation.
void consolidateFreedMemory() {
    QByteArray block;
    block.reserve(64 * 1024);
}

QString unreadableText(const QString &path, const QString &why, const QString &setAside) {
    return QCoreApplication::translate(
               "LocalOrderStore",
               "The local order store %1 could not be read (%2). It was set aside as %3 and the "
               "cockpit reads every order from Odoo again.")
        .arg(QDir::toNativeSeparators(path), why, QDir::toNativeSeparators(setAside));
}

} // namespace

// --- the worker: owns the connection, runs on the store's thread ---------------------------------

class LocalOrderStore::Worker final : public QObject {
    Q_OBJECT
public:
    explicit Worker(QString path)
        : m_path(std::move(path))
        , m_connection(QStringLiteral("o2c-local-%1").arg(quintptr(this))) {}

    ~Worker() override { close(); }

    void close() {
        if (!QSqlDatabase::contains(m_connection))
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }

    QSqlDatabase db() const { return QSqlDatabase::database(m_connection, false); }

    bool exec(const QString &sql, QString *error) {
        QSqlQuery q(db());
        if (q.exec(sql))
            return true;
        if (error)
            *error = q.lastError().text();
        return false;
    }

    // Opens (and creates) the file with this schema version; false and *error when it is not a
    // readable store.
    bool openFile(QString *error) {
        close();
        const QFileInfo file(m_path);
        if (!QDir().mkpath(file.absolutePath())) {
            *error = QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
            return false;
        }
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        d.setDatabaseName(file.absoluteFilePath());
        d.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!d.open()) {
            *error = d.lastError().text();
            return false;
        }
        QSqlQuery q(d);
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
            *error = q.lastError().text();
            return false;
        }
        const int version = q.value(0).toInt();
        q.finish();
        if (version > schemaVersion) {
            *error = QStringLiteral("written by a newer O2C Cockpit (schema %1)").arg(version);
            return false;
        }
        for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"})
            if (!exec(QString::fromLatin1(pragma), error))
                return false;
        if (version == schemaVersion)
            return true;
        // Version 0 is an empty file: create schema 1. Later versions migrate step by step here.
        const char *schema[] = {
            "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, created INTEGER NOT NULL, "
            "data BLOB NOT NULL)",
            "CREATE INDEX IF NOT EXISTS orders_created ON orders (created)",
            "CREATE TABLE IF NOT EXISTS sync_records (model TEXT NOT NULL, id INTEGER NOT NULL, "
            "data BLOB NOT NULL, PRIMARY KEY (model, id)) WITHOUT ROWID",
            "CREATE TABLE IF NOT EXISTS sync_cursors (model TEXT PRIMARY KEY, cursor TEXT NOT "
            "NULL)",
            "PRAGMA user_version = 1",
        };
        if (!d.transaction()) {
            *error = d.lastError().text();
            return false;
        }
        for (const char *sql : schema) {
            if (!exec(QString::fromLatin1(sql), error)) {
                d.rollback();
                return false;
            }
        }
        if (!d.commit()) {
            *error = d.lastError().text();
            return false;
        }
        return true;
    }

    // Sets the unreadable file aside (never deletes what a user might want to inspect) and starts
    // a fresh one. Returns the message for the user.
    QString startFresh(const QString &why) {
        close();
        const QString aside =
            m_path + QStringLiteral(".unreadable-") +
            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QFile::remove(aside);
        if (!QFile::rename(m_path, aside))
            QFile::remove(m_path);
        for (const char *suffix : {"-wal", "-shm"})
            QFile::remove(m_path + QString::fromLatin1(suffix));
        spdlog::warn("local order store {} unreadable ({}), set aside as {}", m_path.toStdString(),
                     why.toStdString(), aside.toStdString());
        QString error;
        m_open = openFile(&error);
        if (!m_open) {
            spdlog::error("local order store {} cannot be created: {}", m_path.toStdString(),
                          error.toStdString());
            return QCoreApplication::translate(
                       "LocalOrderStore",
                       "The local order store %1 could not be read or created (%2). The cockpit "
                       "works without it: every start reads all orders from Odoo.")
                .arg(QDir::toNativeSeparators(m_path), error);
        }
        return unreadableText(m_path, why, aside);
    }

    // `paced`: the sync's records are streamed too (recordsLoaded()), and the reader keeps at
    // most `chunksAhead` chunks of orders or records ahead of the owner, who gives each back with
    // handedOver() once it is in: what waits in memory stays small however large the file.
    void load(int firstChunk, int chunk, bool paced = false) {
        m_tried = true;
        m_paced = paced;
        QString error;
        m_open = openFile(&error);
        if (!m_open) {
            emit problem(startFresh(error));
            emit loadFinished({}, 0);
            return;
        }
        odoo::SyncCheckpoint checkpoint;
        qsizetype count = 0;
        const bool read = readInto(firstChunk, chunk, &checkpoint, &count, &error);
        if (m_stopping.load())
            return; // the store closes: the file is as good as it was
        if (!read) {
            emit problem(startFresh(error));
            emit replaced();
            emit loadFinished({}, count);
            return;
        }
        emit loadFinished(checkpoint, count);
    }

    // Streams the orders (newest first) through `ordersLoaded`, then reads the checkpoint.
    bool readInto(int firstChunk, int chunk, odoo::SyncCheckpoint *checkpoint, qsizetype *count,
                  QString *error) {
        QSqlQuery q(db());
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("SELECT COUNT(*) FROM orders")) && q.next())
            emit sizeKnown(q.value(0).toLongLong());
        q.finish();
        if (!q.exec(QStringLiteral("SELECT data FROM orders ORDER BY created DESC"))) {
            *error = q.lastError().text();
            return false;
        }
        QList<CanonicalOrder> batch;
        int want = std::max(1, firstChunk);
        int undecodable = 0;
        while (q.next()) {
            CanonicalOrder o;
            if (!decodeOrder(q.value(0).toByteArray(), &o)) {
                ++undecodable;
                continue;
            }
            batch.append(std::move(o));
            if (batch.size() >= want) {
                if (!waitForRoom())
                    return false;
                *count += batch.size();
                emit ordersLoaded(batch);
                batch.clear();
                freeBuried();
                want = std::max(1, chunk);
            }
        }
        if (q.lastError().isValid()) {
            *error = q.lastError().text();
            return false;
        }
        if (!batch.isEmpty()) {
            if (!waitForRoom())
                return false;
            *count += batch.size();
            emit ordersLoaded(batch);
            batch.clear();
        }
        q.finish();

        // The sync's records, model by model in the order the sync takes them back (the sale
        // orders before the documents that refer to them), each record with its stored text.
        QHash<QString, qsizetype> perModel;
        if (!q.exec(QStringLiteral("SELECT model, COUNT(*) FROM sync_records GROUP BY model"))) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next())
            perModel.insert(q.value(0).toString(), q.value(1).toLongLong());
        q.finish();
        if (m_paced)
            emit recordsCounted(perModel);
        QStringList models;
        for (const char *model : resumeOrder)
            models.append(QString::fromLatin1(model));
        QStringList others = perModel.keys();
        others.sort();
        for (const QString &model : std::as_const(others))
            if (!models.contains(model))
                models.append(model);
        QSqlQuery r(db());
        r.setForwardOnly(true);
        r.prepare(QStringLiteral("SELECT data FROM sync_records WHERE model = ?"));
        for (const QString &model : std::as_const(models)) {
            if (!perModel.contains(model))
                continue;
            r.bindValue(0, model);
            if (!r.exec()) {
                *error = r.lastError().text();
                return false;
            }
            QList<QJsonObject> records;
            QList<QByteArray> texts;
            const auto handOver = [&]() -> bool {
                if (records.isEmpty())
                    return true;
                if (!m_paced) {
                    checkpoint->records[model] += records;
                    checkpoint->recordTexts[model] += texts;
                } else {
                    if (!waitForRoom())
                        return false;
                    emit recordsLoaded(model, records, texts);
                    freeBuried();
                }
                records.clear();
                texts.clear();
                return true;
            };
            while (r.next()) {
                QJsonParseError parse{};
                QByteArray text = r.value(0).toByteArray();
                const QJsonDocument doc = QJsonDocument::fromJson(text, &parse);
                if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
                    ++undecodable;
                    continue;
                }
                // The text goes along, so that the sync keeps it instead of writing it again.
                records.append(doc.object());
                texts.append(std::move(text));
                if (records.size() >= recordChunk && !handOver())
                    return false;
            }
            if (r.lastError().isValid()) {
                *error = r.lastError().text();
                return false;
            }
            if (!handOver())
                return false;
            r.finish();
        }
        if (!q.exec(QStringLiteral("SELECT model, cursor FROM sync_cursors"))) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next())
            checkpoint->cursors.insert(q.value(0).toString(), q.value(1).toString());
        if (undecodable > 0) {
            // Something is missing: the cursors would skip it, so the next pass reads everything.
            spdlog::warn("local order store {}: {} records unreadable, full sync follows",
                         m_path.toStdString(), undecodable);
            checkpoint->cursors.clear();
        }
        return true;
    }

    void write(const QList<CanonicalOrder> &orders, const QStringList &removed,
               const odoo::SyncCheckpoint &sync) {
        if (!m_open && !m_tried) { // written before it was read
            m_tried = true;
            QString error;
            m_open = openFile(&error);
            if (!m_open)
                emit problem(startFresh(error));
        }
        if (!m_open)
            return;
        QSqlDatabase d = db();
        QString error;
        if (!d.transaction() || !writeAll(orders, removed, sync, &error)) {
            if (error.isEmpty())
                error = d.lastError().text();
            d.rollback();
            reportWriteFailure(error);
            return;
        }
        if (!d.commit()) {
            error = d.lastError().text();
            d.rollback();
            reportWriteFailure(error);
            return;
        }
        m_writeFailed = false;
    }

    bool writeAll(const QList<CanonicalOrder> &orders, const QStringList &removed,
                  const odoo::SyncCheckpoint &sync, QString *error) {
        QSqlDatabase d = db();
        const auto fail = [error](const QSqlQuery &q) {
            *error = q.lastError().text();
            return false;
        };
        QSqlQuery put(d);
        put.prepare(QStringLiteral("INSERT OR REPLACE INTO orders (id, created, data) VALUES "
                                   "(?, ?, ?)"));
        for (const CanonicalOrder &o : orders) {
            put.bindValue(0, o.id);
            put.bindValue(1, o.createdAt.isValid() ? o.createdAt.toMSecsSinceEpoch() : 0);
            put.bindValue(2, encodeOrder(o));
            if (!put.exec())
                return fail(put);
        }
        QSqlQuery del(d);
        del.prepare(QStringLiteral("DELETE FROM orders WHERE id = ?"));
        for (const QString &id : removed) {
            del.bindValue(0, id);
            if (!del.exec())
                return fail(del);
        }
        QSqlQuery rec(d);
        rec.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_records (model, id, data) VALUES "
                                   "(?, ?, ?)"));
        for (auto it = sync.records.cbegin(); it != sync.records.cend(); ++it) {
            for (const QJsonObject &r : *it) {
                rec.bindValue(0, it.key());
                rec.bindValue(1, qint64(r.value(QStringLiteral("id")).toDouble()));
                rec.bindValue(2, QJsonDocument(r).toJson(QJsonDocument::Compact));
                if (!rec.exec())
                    return fail(rec);
            }
        }
        QSqlQuery drop(d);
        drop.prepare(QStringLiteral("DELETE FROM sync_records WHERE model = ? AND id = ?"));
        for (auto it = sync.removed.cbegin(); it != sync.removed.cend(); ++it) {
            for (qint64 id : *it) {
                drop.bindValue(0, it.key());
                drop.bindValue(1, id);
                if (!drop.exec())
                    return fail(drop);
            }
        }
        QSqlQuery cur(d);
        cur.prepare(
            QStringLiteral("INSERT OR REPLACE INTO sync_cursors (model, cursor) VALUES (?, ?)"));
        for (auto it = sync.cursors.cbegin(); it != sync.cursors.cend(); ++it) {
            cur.bindValue(0, it.key());
            cur.bindValue(1, it.value());
            if (!cur.exec())
                return fail(cur);
        }
        return true;
    }

    void reportWriteFailure(const QString &error) {
        spdlog::warn("local order store {}: write failed: {}", m_path.toStdString(),
                     error.toStdString());
        if (m_writeFailed)
            return; // said once until a write succeeds again
        m_writeFailed = true;
        emit problem(QCoreApplication::translate(
                         "LocalOrderStore",
                         "The local order store %1 could not be written (%2). The cockpit keeps "
                         "working; the next start reads the missing orders from Odoo again.")
                         .arg(QDir::toNativeSeparators(m_path), error));
    }

    // The owner took a chunk in (paced loads): the reader may read one more ahead.
    void handedOver() { m_room.release(); }
    // The store closes: a paced read that waits for room gives up.
    void stop() { m_stopping.store(true); }

    // The models whose records the sync resumes from, in the order it takes them back.
    static constexpr const char *resumeOrder[] = {"sale.order",  "sale.order.line", "res.partner",
                                                  "crm.tag",     "mrp.production",  "stock.picking",
                                                  "account.move"};
    static constexpr int chunksAhead = 8;
    static constexpr qsizetype recordChunk = 2000;

signals:
    void ordersLoaded(const QList<o2c::CanonicalOrder> &orders);
    // Paced loads: how many records of each model follow, then the records by chunks.
    void recordsCounted(const QHash<QString, qsizetype> &perModel);
    void recordsLoaded(const QString &model, const QList<QJsonObject> &records,
                       const QList<QByteArray> &texts);
    void loadFinished(const o2c::odoo::SyncCheckpoint &checkpoint, qsizetype orderCount);
    void problem(const QString &message);
    void replaced();
    void sizeKnown(qsizetype orders);

private:
    // Paced loads: waits until the owner has room for one more chunk (false: the store closes).
    // Meanwhile it frees what the owner gave back.
    bool waitForRoom() {
        if (!m_paced)
            return true;
        while (!m_room.tryAcquire(1, 20)) {
            if (m_stopping.load())
                return false;
            freeBuried();
        }
        return true;
    }

    QSemaphore m_room{chunksAhead};
    std::atomic<bool> m_stopping = false;
    bool m_paced = false;
    QString m_path;
    QString m_connection;
    bool m_open = false;
    bool m_tried = false; // opened (or failed to) once
    bool m_writeFailed = false;

public:
    // What the GUI thread handed over and is done with, to be freed on this thread (where it was
    // allocated): between two batches while reading, else as soon as this thread is free.
    void bury(std::shared_ptr<void> remains) {
        bool first = false;
        {
            QMutexLocker lock(&m_graveMutex);
            first = m_grave.empty();
            m_grave.push_back(std::move(remains));
        }
        if (first)
            QMetaObject::invokeMethod(this, [this] { freeBuried(); });
    }
    void freeBuried() {
        std::vector<std::shared_ptr<void>> grave;
        {
            QMutexLocker lock(&m_graveMutex);
            grave.swap(m_grave);
        }
        if (grave.empty())
            return;
        grave.clear();
        consolidateFreedMemory();
    }

private:
    QMutex m_graveMutex;
    std::vector<std::shared_ptr<void>> m_grave;
};

// --- the owner's side
// -----------------------------------------------------------------------------

QString LocalOrderStore::defaultPath(const odoo::ConnectionProfile &profile) {
    const QByteArray identity = profile.url.adjusted(QUrl::StripTrailingSlash).toString().toUtf8() +
                                '\n' + profile.database.toUtf8() + '\n' + profile.login.toUtf8();
    const QString key = QString::fromLatin1(
        QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(16));
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(base).filePath(QStringLiteral("orders/%1.sqlite").arg(key));
}

LocalOrderStore::LocalOrderStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_thread(std::make_unique<QThread>()) {
    qRegisterMetaType<QList<CanonicalOrder>>();
    qRegisterMetaType<odoo::SyncCheckpoint>();
    qRegisterMetaType<QHash<QString, qsizetype>>();
    qRegisterMetaType<QList<QJsonObject>>();
    qRegisterMetaType<QList<QByteArray>>();
    m_thread->setObjectName(QStringLiteral("LocalOrderStore"));
    m_worker = new Worker(m_path);
    m_worker->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &Worker::ordersLoaded, this, &LocalOrderStore::ordersLoaded);
    connect(m_worker, &Worker::loadFinished, this, &LocalOrderStore::loadFinished);
    connect(m_worker, &Worker::problem, this, &LocalOrderStore::problem);
    m_thread->start(QThread::LowPriority);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(500);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushPending(false); });
}

LocalOrderStore::~LocalOrderStore() {
    m_worker->stop(); // a paced read waiting for room gives up (nothing is written by reading)
    flushPending(true);
    m_thread->quit();
    m_thread->wait();
}

void LocalOrderStore::load(int firstChunk, int chunk) {
    QMetaObject::invokeMethod(m_worker,
                              [w = m_worker, firstChunk, chunk] { w->load(firstChunk, chunk); });
}

void LocalOrderStore::saveOrders(const QList<CanonicalOrder> &orders) {
    for (const CanonicalOrder &o : orders) {
        m_pendingRemovals.remove(o.id);
        m_pendingOrders.insert(o.id, o);
    }
    scheduleFlush();
}

void LocalOrderStore::removeOrders(const QStringList &ids) {
    for (const QString &id : ids) {
        m_pendingOrders.remove(id);
        m_pendingRemovals.insert(id);
    }
    scheduleFlush();
}

void LocalOrderStore::saveSync(const odoo::SyncCheckpoint &delta) {
    for (auto it = delta.records.cbegin(); it != delta.records.cend(); ++it)
        m_pendingSync.records[it.key()] += *it;
    for (auto it = delta.removed.cbegin(); it != delta.removed.cend(); ++it)
        m_pendingSync.removed[it.key()] += *it;
    // A record dropped and read again in the same batch: written after the removals, so it stays.
    for (auto it = delta.cursors.cbegin(); it != delta.cursors.cend(); ++it)
        m_pendingSync.cursors.insert(it.key(), it.value());
    scheduleFlush();
}

void LocalOrderStore::scheduleFlush() {
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void LocalOrderStore::flush() {
    flushPending(true);
}

void LocalOrderStore::flushPending(bool wait) {
    m_flushTimer.stop();
    QList<CanonicalOrder> orders = m_pendingOrders.values();
    QStringList removed(m_pendingRemovals.cbegin(), m_pendingRemovals.cend());
    odoo::SyncCheckpoint sync = std::move(m_pendingSync);
    m_pendingOrders.clear();
    m_pendingRemovals.clear();
    m_pendingSync = {};
    if (!orders.isEmpty() || !removed.isEmpty() || !sync.isEmpty())
        QMetaObject::invokeMethod(
            m_worker, [w = m_worker, orders = std::move(orders), removed = std::move(removed),
                       sync = std::move(sync)] { w->write(orders, removed, sync); });
    if (wait) // everything queued before is done when this returns
        QMetaObject::invokeMethod(
            m_worker, [] {}, Qt::BlockingQueuedConnection);
}

void LocalOrderStore::follow(OrderBook *book, odoo::OdooSync *sync) {
    if (book) {
        connect(book, &OrderBook::ordersChanged, this, [this, book](const QStringList &ids) {
            QList<CanonicalOrder> changed;
            changed.reserve(ids.size());
            for (const QString &id : ids)
                if (const CanonicalOrder *o = book->order(id))
                    changed.append(*o);
            saveOrders(changed);
        });
        connect(book, &OrderBook::ordersRemoved, this, &LocalOrderStore::removeOrders);
        // A file replaced while it was read: what the book holds goes into the fresh one.
        connect(m_worker, &Worker::replaced, this, [this, book] {
            QList<CanonicalOrder> all;
            all.reserve(book->size());
            for (const CanonicalOrder *o : book->orders())
                all.append(*o);
            saveOrders(all);
        });
    }
    if (sync) {
        sync->setTrackChanges(true);
        connect(sync, &odoo::OdooSync::syncFinished, this,
                [this, sync] { saveSync(sync->takeChanges()); });
    }
}

namespace {

// What the reader decoded was allocated on its thread, so it is freed there: freed on the GUI
// thread, it piles up in the reader's part of the heap, which nobody tidies while the reader
// waits, and the last large block given back (a list of 100,000 records) merges all of it at once
// on the GUI thread. `done` holds the handed-over part; `rest`, after the last slice, the list.
template<typename T>
void disposeOn(LocalOrderStore::Worker *reader, QList<T> done, std::shared_ptr<QList<T>> rest) {
    reader->bury(std::make_shared<std::pair<QList<T>, std::shared_ptr<QList<T>>>>(std::move(done),
                                                                                  std::move(rest)));
}

// The hand-over of what the reader read to the GUI thread. The reader is faster than the book:
// what it read waits here and goes in by slices, one per turn of the event loop, so that input
// and painting get their turn between them. A slice is sized from how long the last one of its
// kind took, to last about `sliceBudgetMs` of wall time: the cost of an order grows with the book
// (the duplicate engine, the views) and with what else the machine runs, so no fixed count is short
// at a million orders on a busy machine and still quick on an idle one.
class Handover final : public QObject {
public:
    static constexpr double sliceBudgetMs = 12;
    static constexpr qsizetype smallestSlice = 32, largestSlice = 4000;

    // Work of one kind (orders, or the records of one Odoo model) that can go in by parts.
    struct Job {
        int kind = 0;
        qsizetype size = 0;
        std::function<void(qsizetype from, qsizetype count)> run;
    };

    explicit Handover(QObject *parent)
        : QObject(parent) {
        m_tick.setSingleShot(true);
        m_tick.setInterval(0);
        connect(&m_tick, &QTimer::timeout, this, &Handover::step);
    }

    void push(Job job) {
        if (job.size > 0 || job.kind < 0)
            m_jobs.append(std::move(job));
        if (!m_tick.isActive())
            m_tick.start();
    }
    // Runs once everything pushed before has gone in.
    void then(std::function<void()> done) {
        push(Job{-1, 0, [done](qsizetype, qsizetype) { done(); }});
    }

private:
    void step() {
        if (m_jobs.isEmpty())
            return;
        Job &job = m_jobs.first();
        if (job.kind < 0) { // a final step
            const auto run = std::move(job.run);
            m_jobs.removeFirst();
            run(0, 0);
        } else {
            qsizetype &slice = m_slice[job.kind];
            if (slice == 0)
                slice = 250; // a first guess: well inside the budget on any machine
            const qsizetype count = std::min(slice, job.size - m_done);
            QElapsedTimer clock;
            clock.start();
            job.run(m_done, count);
            consolidateFreedMemory();
            const double ms = double(clock.nsecsElapsed()) / 1e6;
            m_done += count;
            // Towards the budget, growing at most twofold so that one quick slice (the machine
            // idle for a moment) does not make the next one long.
            const double wanted = double(count) * sliceBudgetMs / std::max(ms, 0.05);
            slice = std::clamp(qsizetype(std::min(wanted, 2.0 * double(count))), smallestSlice,
                               largestSlice);
            if (m_done >= job.size) {
                m_jobs.removeFirst();
                m_done = 0;
            }
        }
        if (!m_jobs.isEmpty())
            m_tick.start();
    }

    QList<Job> m_jobs;
    qsizetype m_done = 0; // of the first job
    QHash<int, qsizetype> m_slice;
    QTimer m_tick;
};

} // namespace

void LocalOrderStore::restoreInto(OrderBook *book, odoo::OdooSync *sync) {
    QPointer<OrderBook> b(book);
    QPointer<odoo::OdooSync> sy(sync);
    // Room for what is kept and what arrives during the day, before the first order lands.
    connect(
        m_worker, &Worker::sizeKnown, this,
        [b](qsizetype n) {
            if (b)
                b->reserve(n + n / 2 + 20000);
        },
        Qt::SingleShotConnection);
    auto *handover = new Handover(this);
    Worker *reader = m_worker;
    // The reader stays a few chunks ahead: each chunk, once in, makes room for the next one.
    connect(m_worker, &Worker::ordersLoaded, handover,
            [b, handover, reader](const QList<CanonicalOrder> &chunk) {
                auto orders = std::make_shared<QList<CanonicalOrder>>(chunk);
                handover->push(
                    {0, chunk.size(), [b, orders, reader](qsizetype from, qsizetype count) mutable {
                         QList<CanonicalOrder> done = orders->mid(from, count);
                         if (b)
                             b->upsert(done);
                         for (qsizetype i = from; i < from + count; ++i)
                             (*orders)[i] = CanonicalOrder();
                         const bool last = from + count >= orders->size();
                         disposeOn(reader, std::move(done), last ? std::move(orders) : nullptr);
                         if (last)
                             reader->handedOver();
                     }});
            });
    // The sync's records follow the orders the same way, the sale orders first; the sync grows
    // its tables once, for all of them, before the first.
    connect(
        m_worker, &Worker::recordsCounted, handover,
        [sy](const QHash<QString, qsizetype> &perModel) {
            if (sy)
                sy->reserveToResume(perModel);
        },
        Qt::SingleShotConnection);
    connect(m_worker, &Worker::recordsLoaded, handover,
            [sy, handover, reader](const QString &model, const QList<QJsonObject> &records,
                                   const QList<QByteArray> &texts) {
                // One kind per model: a slice is sized from the last one of its kind.
                int kind = 1;
                for (const char *m : Worker::resumeOrder) {
                    if (model == QLatin1String(m))
                        break;
                    ++kind;
                }
                auto all = std::make_shared<QList<QJsonObject>>(records);
                auto text = std::make_shared<QList<QByteArray>>(texts);
                handover->push(
                    {kind, all->size(),
                     [sy, model, all, text, reader](qsizetype from, qsizetype n) mutable {
                         QList<QJsonObject> done = all->mid(from, n);
                         {
                             odoo::SyncCheckpoint piece;
                             piece.records.insert(model, done);
                             piece.recordTexts.insert(model, text->mid(from, n));
                             if (sy)
                                 sy->resumeFrom(piece);
                         }
                         for (qsizetype i = from; i < from + n; ++i)
                             (*all)[i] = QJsonObject();
                         const bool last = from + n >= all->size();
                         disposeOn(reader, std::move(done), last ? std::move(all) : nullptr);
                         if (last) {
                             // The sync shares the texts now: none is freed here.
                             text->clear();
                             reader->handedOver();
                         }
                     }});
            });
    connect(
        m_worker, &Worker::loadFinished, handover,
        [this, b, sy, handover](const odoo::SyncCheckpoint &checkpoint, qsizetype count) {
            const QHash<QString, QString> cursors = checkpoint.cursors;
            handover->then([this, b, sy, cursors, count, handover] {
                if (sy && !cursors.isEmpty()) {
                    odoo::SyncCheckpoint last;
                    last.cursors = cursors;
                    sy->resumeFrom(last);
                }
                follow(b, sy);
                handover->deleteLater();
                emit restored(count);
            });
        },
        Qt::SingleShotConnection);
    // The worker's chunks are only the unit of the queued signals; the slices are cut here.
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->load(2000, 1000, true); });
}

bool LocalOrderStore::readAll(const QString &path, QList<CanonicalOrder> *orders,
                              odoo::SyncCheckpoint *checkpoint, QString *error) {
    if (!QFileInfo::exists(path)) {
        *error = QStringLiteral("no such file");
        return false;
    }
    Worker worker(path);
    if (!worker.openFile(error))
        return false;
    connect(&worker, &Worker::ordersLoaded, &worker,
            [orders](const QList<CanonicalOrder> &chunk) { *orders += chunk; });
    qsizetype count = 0;
    odoo::SyncCheckpoint c;
    if (!worker.readInto(INT_MAX, INT_MAX, &c, &count, error))
        return false;
    if (checkpoint)
        *checkpoint = std::move(c);
    return true;
}

} // namespace o2c

#include "LocalOrderStore.moc"
