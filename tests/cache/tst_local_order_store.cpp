// SPDX-License-Identifier: GPL-3.0-or-later
#include "Scenario.h"
#include "Simulator.h"
#include "SimulatorClock.h"
#include "cache/LocalOrderStore.h"
#include "flow/OrderBook.h"
#include "odoo/OdooSync.h"
#include "session/CockpitSession.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace o2c;

namespace {

CanonicalOrder richOrder(int n) {
    CanonicalOrder o;
    o.id = QStringLiteral("odoo:test:sale.order:%1").arg(n);
    o.channel = Channel::Edi;
    o.customer = {100 + n, QStringLiteral("Müller Maschinenbau GmbH %1").arg(n),
                  QStringLiteral("DE1234%1").arg(n), QStringLiteral("40000000%1").arg(n)};
    o.customerRef = QStringLiteral("PO-%1").arg(5000 + n);
    o.lines = {
        {QStringLiteral("PUMP-%1").arg(n), 7, QStringLiteral("Pump"), 2, QStringLiteral("Units"),
         12.5},
        {QStringLiteral("#42"), 42, QStringLiteral("Seal kit"), 10, QStringLiteral("Units"), 1.25}};
    o.amountTotal = 37.5 + n;
    o.currency = QStringLiteral("EUR");
    o.createdAt = QDateTime(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC).addSecs(n * 60);
    o.requestedDate = QDate(2026, 12, 1);
    o.shipTo = QStringLiteral("Werk 2, Hauptstraße 1, Stuttgart");
    o.shipToId = 900 + n;
    o.source = {QStringLiteral("edi"),
                QStringLiteral("850-%1").arg(n),
                {QStringLiteral("SENDER"), QStringLiteral("%1").arg(n), QStringLiteral("7"),
                 QStringLiteral("0001")},
                QStringLiteral("ab12")};
    o.saleOrderId = n;
    o.saleOrderName = QStringLiteral("S%1").arg(n, 5, 10, QLatin1Char('0'));
    o.saleState = QStringLiteral("sale");
    o.tags = {QStringLiteral("HOLD")};
    ManufacturingOrderRef mo;
    mo.id = 30 + n;
    mo.name = QStringLiteral("WH/MO/%1").arg(n);
    mo.state = QStringLiteral("confirmed");
    mo.reservationState = QStringLiteral("waiting");
    mo.product = QStringLiteral("Pump");
    mo.qty = 2;
    mo.heldByActivity = true;
    mo.holdNote = QStringLiteral("Kunde prüft Doppelbestellung");
    mo.created = o.createdAt.addSecs(30);
    o.manufacturingOrders = {mo};
    o.pickings = {{50 + n,
                   QStringLiteral("WH/OUT/%1").arg(n),
                   QStringLiteral("assigned"),
                   QStringLiteral("outgoing"),
                   o.createdAt.addDays(2),
                   {}}};
    o.invoices = {{70 + n, QStringLiteral("INV/%1").arg(n), QStringLiteral("out_invoice"),
                   QStringLiteral("posted"), QStringLiteral("not_paid"), o.amountTotal,
                   QDate(2026, 11, 3), o.createdAt.addDays(1)}};
    o.writeDate = o.createdAt.addDays(1);
    o.stage = OrderStage::Invoiced;
    o.events = {
        {OrderEventType::QuoteCreated, OrderSystem::Sales, o.createdAt, o.saleOrderName, {}},
        {OrderEventType::Held, OrderSystem::Cockpit, o.createdAt.addSecs(60), mo.name,
         QStringLiteral("HOLD: prüfen")}};
    return o;
}

// A store of `orders` rich orders with a sale.order record each, and the cursor if given.
void writeStore(const QString &path, int orders, const QString &cursor = {}) {
    LocalOrderStore store(path);
    QList<CanonicalOrder> all;
    odoo::SyncCheckpoint records;
    for (int n = 1; n <= orders; ++n) {
        all.append(richOrder(n));
        records.records[QStringLiteral("sale.order")].append(QJsonObject{
            {QStringLiteral("id"), n}, {QStringLiteral("name"), all.last().saleOrderName}});
    }
    if (!cursor.isEmpty())
        records.cursors.insert(QStringLiteral("sale.order"), cursor);
    store.saveOrders(all);
    store.saveSync(records);
}

odoo::SyncCheckpoint someCheckpoint() {
    odoo::SyncCheckpoint c;
    c.cursors.insert(QStringLiteral("sale.order"), QStringLiteral("2026-11-03 10:00:00"));
    c.cursors.insert(QStringLiteral("mrp.production"), QStringLiteral("2026-11-03 09:59:58"));
    c.records[QStringLiteral("sale.order")] = {
        QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("name"), QStringLiteral("S00001")}},
        QJsonObject{{QStringLiteral("id"), 2}, {QStringLiteral("name"), QStringLiteral("S00002")}}};
    return c;
}

} // namespace

class TestLocalOrderStore final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString freshPath(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private slots:
    void ordersAndCursorsSurviveARestart() {
        const QString path = freshPath("roundtrip.sqlite");
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= 25; ++n)
            orders.append(richOrder(n));
        {
            LocalOrderStore store(path);
            QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
            store.load();
            QVERIFY(finished.wait(5000));
            QCOMPARE(finished.at(0).at(1).value<qsizetype>(), 0); // a new file is empty
            store.saveOrders(orders);
            store.saveSync(someCheckpoint());
            store.removeOrders({orders.at(4).id});
        } // closing writes what is pending

        LocalOrderStore store(path);
        QSignalSpy chunks(&store, &LocalOrderStore::ordersLoaded);
        QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
        store.load(10, 5);
        QVERIFY(finished.wait(5000));
        QList<CanonicalOrder> loaded;
        for (const auto &args : std::as_const(chunks))
            loaded += args.at(0).value<QList<CanonicalOrder>>();
        QCOMPARE(loaded.size(), 24);
        // The first chunk is the newest orders: what the first screen (newest first) shows.
        const auto first = chunks.at(0).at(0).value<QList<CanonicalOrder>>();
        QCOMPARE(first.size(), 10);
        QCOMPARE(first.at(0).id, orders.at(24).id);
        for (const CanonicalOrder &o : std::as_const(loaded)) {
            const int n = o.saleOrderId;
            QCOMPARE(o, orders.at(n - 1)); // every field, documents and events included
        }
        const auto checkpoint = finished.at(0).at(0).value<odoo::SyncCheckpoint>();
        QCOMPARE(checkpoint.cursors, someCheckpoint().cursors);
        const QList<QJsonObject> records = checkpoint.records.value(QStringLiteral("sale.order"));
        QCOMPARE(records.size(), 2);
        // Each record comes with its stored text, which the sync keeps as it is.
        const QList<QByteArray> texts = checkpoint.recordTexts.value(QStringLiteral("sale.order"));
        QCOMPARE(texts.size(), records.size());
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(QJsonDocument::fromJson(texts.at(i)).object(), records.at(i));
    }

    void unreadableFileIsSetAsideAndAFreshOneStarted() {
        const QString path = freshPath("garbage.sqlite");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray junk(64 * 1024, '\0');
            for (int i = 0; i < junk.size(); ++i)
                junk[i] = char((i * 7919) % 251);
            f.write(junk);
        }
        LocalOrderStore store(path);
        QSignalSpy problem(&store, &LocalOrderStore::problem);
        QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
        store.load();
        QVERIFY(finished.wait(5000));
        QCOMPARE(problem.size(), 1);
        const QString message = problem.at(0).at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("could not be read")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("reads every order from Odoo again")),
                 qPrintable(message));
        QCOMPARE(finished.at(0).at(1).value<qsizetype>(), 0);
        // The old file is kept beside for inspection, and the fresh one works.
        const QStringList aside =
            QDir(m_dir.path()).entryList({QStringLiteral("garbage.sqlite.unreadable-*")});
        QCOMPARE(aside.size(), 1);
        store.saveOrders({richOrder(1)});
        store.flush();
        QList<CanonicalOrder> back;
        QString error;
        QVERIFY2(LocalOrderStore::readAll(path, &back, nullptr, &error), qPrintable(error));
        QCOMPARE(back.size(), 1);
    }

    void aLargeStoreReachesTheBookNewestFirstAndInSlices() {
        // The first screen does not wait for the whole file: the newest orders come first, in
        // slices the window can take between two turns of its event loop, and none is lost.
        const QString path = freshPath("large.sqlite");
        constexpr int orders = 6000;
        writeStore(path, orders, QStringLiteral("2026-11-03 10:00:00"));
        odoo::ConnectionProfile profile;
        profile.url = QUrl(QStringLiteral("http://127.0.0.1:9")); // never started here
        profile.database = QStringLiteral("db");
        profile.login = QStringLiteral("planner");
        CockpitSession session(profile);
        OrderBook &book = *session.book();
        odoo::OdooSync &sync = *session.sync();
        LocalOrderStore store(path);
        QList<qsizetype> sizes; // the book's size after each batch
        QString firstNewest;
        connect(&book, &OrderBook::ordersChanged, this, [&](const QStringList &ids) {
            if (sizes.isEmpty())
                firstNewest = ids.contains(richOrder(orders).id) ? richOrder(orders).id : QString();
            sizes.append(book.size());
        });
        QSignalSpy restored(&store, &LocalOrderStore::restored);
        store.restoreInto(&book, &sync);
        QVERIFY(restored.wait(30000));
        QCOMPARE(restored.at(0).at(0).value<qsizetype>(), qsizetype(orders));
        QCOMPARE(book.size(), qsizetype(orders));
        QVERIFY2(sizes.size() >= 3, qPrintable(QString::number(sizes.size())));
        QVERIFY(sizes.first() < orders);
        QCOMPARE(firstNewest, richOrder(orders).id);
        // The sync resumes from the file: its records and cursor are back.
        QCOMPARE(sync.retainedRecords().records, qsizetype(orders));
        QCOMPARE(sync.takeChanges().cursors.value(QStringLiteral("sale.order")),
                 QStringLiteral("2026-11-03 10:00:00"));
    }

    void closingWhileTheStartReadsKeepsTheFile() {
        // The reader stays only a few chunks ahead of the window. A cockpit closed during the
        // start (nothing taken in yet) must close at once and leave the file whole.
        const QString path = freshPath("closing.sqlite");
        constexpr int orders = 30000;
        writeStore(path, orders);
        {
            OrderBook book;
            LocalOrderStore store(path);
            store.restoreInto(&book, nullptr);
            // The window is busy: the reader reads its few chunks ahead and then waits.
            QThread::msleep(300);
            QCOMPARE(book.size(), 0);
        } // closed here: must not wait for a read nobody takes in any more
        QList<CanonicalOrder> back;
        odoo::SyncCheckpoint checkpoint;
        QString error;
        QVERIFY2(LocalOrderStore::readAll(path, &back, &checkpoint, &error), qPrintable(error));
        QCOMPARE(back.size(), orders);
        QCOMPARE(checkpoint.records.value(QStringLiteral("sale.order")).size(), orders);
    }

    void fileOfANewerVersionIsNotMisread() {
        const QString path = freshPath("newer.sqlite");
        {
            LocalOrderStore store(path);
            store.saveOrders({richOrder(1)});
            QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
            store.load();
            QVERIFY(finished.wait(5000));
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bump"));
        LocalOrderStore store(path);
        QSignalSpy problem(&store, &LocalOrderStore::problem);
        QSignalSpy chunks(&store, &LocalOrderStore::ordersLoaded);
        QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
        store.load();
        QVERIFY(finished.wait(5000));
        QCOMPARE(chunks.size(), 0);
        QCOMPARE(problem.size(), 1);
        QVERIFY(problem.at(0).at(0).toString().contains(QStringLiteral("newer")));
    }

    void undecodableOrderMeansAFullSyncNotAGap() {
        const QString path = freshPath("damaged-row.sqlite");
        {
            LocalOrderStore store(path);
            QSignalSpy finished(&store, &LocalOrderStore::loadFinished);
            store.load();
            QVERIFY(finished.wait(5000));
            store.saveOrders({richOrder(1), richOrder(2)});
            store.saveSync(someCheckpoint());
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(
                q.exec(QStringLiteral("UPDATE orders SET data = x'01ff00' WHERE id LIKE '%:2'")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("damage"));
        QList<CanonicalOrder> back;
        odoo::SyncCheckpoint checkpoint;
        QString error;
        QVERIFY2(LocalOrderStore::readAll(path, &back, &checkpoint, &error), qPrintable(error));
        QCOMPARE(back.size(), 1);
        // The cursors would skip the lost order: the next pass reads everything instead.
        QVERIFY(checkpoint.cursors.isEmpty());
    }

    void restartResumesFromTheCursors() {
        sim::SimulatorOptions options;
        options.scenario.seed = 5;
        options.scenario.initialOrders = 40;
        options.scenario.running = false;
        sim::Simulator simulator(options);
        QString error;
        QVERIFY2(simulator.start(&error), qPrintable(error));
        odoo::ConnectionProfile profile;
        profile.name = QStringLiteral("simulator");
        profile.url = simulator.url();
        profile.database = simulator.databaseName();
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("planner");
        profile.pollIntervalMs = 60000; // one pass per run, the test decides when
        const QString path = freshPath("resume.sqlite");

        const auto runUntilSynced = [&](CockpitSession &session, LocalOrderStore &store,
                                        qsizetype *fromStore) -> std::optional<odoo::SyncStats> {
            QSignalSpy restored(&store, &LocalOrderStore::restored);
            QSignalSpy synced(session.sync(), &odoo::OdooSync::syncFinished);
            QObject::connect(&store, &LocalOrderStore::restored, &session, [&](qsizetype n) {
                *fromStore = session.book()->size();
                Q_UNUSED(n);
                session.start();
            });
            store.restoreInto(session.book(), session.sync());
            if (!synced.wait(20000))
                return std::nullopt;
            return synced.at(0).at(0).value<odoo::SyncStats>();
        };

        qsizetype firstRun = 0;
        QHash<QString, QDateTime> before; // write_date of each order as the first run left it
        {
            CockpitSession session(profile);
            LocalOrderStore store(path);
            qsizetype fromStore = -1;
            const auto stats = runUntilSynced(session, store, &fromStore);
            QVERIFY(stats.has_value());
            QCOMPARE(fromStore, 0);
            firstRun = session.book()->size();
            QVERIFY(firstRun >= 40);
            for (const CanonicalOrder *o : session.book()->orders())
                before.insert(o->id, o->writeDate);
        } // the cockpit closes

        // While it is closed, Odoo moves on: new orders, and older ones move along the stages.
        simulator.scenario().advanceTo(simulator.clock().now().addSecs(3 * 3600));

        // A cockpit that reads everything from scratch: what the resumed one must equal.
        QHash<QString, CanonicalOrder> truth;
        {
            CockpitSession full(profile);
            QSignalSpy synced(full.sync(), &odoo::OdooSync::syncFinished);
            full.start();
            QVERIFY(synced.wait(20000));
            for (const CanonicalOrder *o : full.book()->orders())
                truth.insert(o->id, *o);
        }
        QVERIFY(truth.size() > firstRun); // the scenario did add orders

        CockpitSession session(profile);
        LocalOrderStore store(path);
        qsizetype fromStore = -1;
        const auto stats = runUntilSynced(session, store, &fromStore);
        QVERIFY(stats.has_value());
        QCOMPARE(fromStore, firstRun); // on screen before Odoo answered
        // Only what changed was read, and nothing is doubled or missing.
        QVERIFY2(stats->saleOrders < truth.size(),
                 qPrintable(QStringLiteral("%1 of %2").arg(stats->saleOrders).arg(truth.size())));
        QCOMPARE(session.book()->size(), truth.size());
        int changedWhileClosed = 0;
        for (const CanonicalOrder *o : session.book()->orders()) {
            QVERIFY2(truth.contains(o->id), qPrintable(o->id));
            const CanonicalOrder &t = truth.value(o->id);
            QCOMPARE(o->stage, t.stage);
            QCOMPARE(o->manufacturingOrders.size(), t.manufacturingOrders.size());
            QCOMPARE(o->pickings.size(), t.pickings.size());
            QCOMPARE(o->invoices.size(), t.invoices.size());
            QCOMPARE(o->writeDate, t.writeDate);
            if (before.contains(o->id) && before.value(o->id) != o->writeDate)
                ++changedWhileClosed;
        }
        QVERIFY(changedWhileClosed > 0); // orders known before moved on, and show it
        store.flush();
        QList<CanonicalOrder> kept;
        QVERIFY2(LocalOrderStore::readAll(path, &kept, nullptr, &error), qPrintable(error));
        QCOMPARE(kept.size(), truth.size()); // the file caught up too
    }
};

QTEST_GUILESS_MAIN(TestLocalOrderStore)
#include "tst_local_order_store.moc"
