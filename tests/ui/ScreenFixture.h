// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CockpitContext.h"
#include "TestOrders.h"
#include "actions/ActionDesk.h"
#include "flow/OrderBook.h"
#include "odoo/ConnectionProfile.h"
#include "store/Store.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A team store, its desk (lead: a store without members is a single lead's) and a book holding a
// duplicate pair, a held order and one with a full order-to-cash history.
namespace o2c::testscreens {

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<ActionDesk> desk;
    std::unique_ptr<OrderBook> book;

    static odoo::ConnectionProfile profile(bool production = false) {
        odoo::ConnectionProfile p;
        p.name = production ? QStringLiteral("Plant") : QStringLiteral("Test");
        p.url = QUrl(QStringLiteral("https://odoo.example"));
        p.database = QStringLiteral("db");
        p.login = QStringLiteral("planner");
        p.production = production;
        return p;
    }

    bool open(QString *error) {
        StoreConfig config;
        if (!StoreConfig::parse(
                QStringLiteral("sqlite:") +
                    dir.filePath(QString::number(QDateTime::currentMSecsSinceEpoch()) +
                                 QStringLiteral(".db")),
                &config, error))
            return false;
        store = Store::open(config, error);
        if (!store)
            return false;
        desk = std::make_unique<ActionDesk>(
            *store,
            ActionDesk::actorFor(*store, QStringLiteral("os"), QStringLiteral("planner"), 2));
        book = std::make_unique<OrderBook>();
        CanonicalOrder first = testorders::make(1, OrderStage::Confirmed, 1200,
                                                QStringLiteral("Acme"), QStringLiteral("PO-77"));
        CanonicalOrder second = first;
        second.id = QStringLiteral("odoo:test:sale.order:2");
        second.saleOrderId = 2;
        second.saleOrderName = QStringLiteral("S00002");
        second.channel = Channel::Portal;
        second.createdAt = first.createdAt.addSecs(600);
        CanonicalOrder held = testorders::make(3, OrderStage::Quotation, 500);
        held.tags = {QStringLiteral("HOLD")};
        CanonicalOrder history = testorders::make(4, OrderStage::Paid, 800);
        book->upsert({first, second, held, history});
        return !book->duplicates().clusters().isEmpty();
    }

    // What the screens are given: this book and this desk.
    ui::CockpitContext context() const {
        ui::CockpitContext ctx;
        ctx.book = book.get();
        ctx.desk = desk.get();
        return ctx;
    }

    void close() {
        desk.reset();
        store.reset();
        book.reset();
    }
};

} // namespace o2c::testscreens
