// SPDX-License-Identifier: GPL-3.0-or-later
#include "OdooCommand.h"
#include "CliCommands.h"
#include "StoreOption.h"

#include "shared/ProcessSetup.h"
#include "shared/SecretStore.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"

#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"
#include "order/OrderStage.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <optional>

#include <spdlog/spdlog.h>

namespace o2c::cli {

namespace {

using odoo::OdooError;

struct Output {
    QTextStream out{stdout};
    QTextStream err{stderr};
    bool json = false;

    int fail(const QString &message, int code = 1) {
        if (json)
            out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                             {QStringLiteral("error"), message}})
                       .toJson(QJsonDocument::Compact)
                << '\n';
        err << message << '\n';
        return code;
    }
    int fail(const OdooError &e) {
        if (json)
            out << QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                             {QStringLiteral("error"), e.message},
                                             {QStringLiteral("kind"), OdooError::kindKey(e.kind)}})
                       .toJson(QJsonDocument::Compact)
                << '\n';
        err << e.message << '\n';
        return 1;
    }
    void print(const QJsonObject &o) { out << QJsonDocument(o).toJson(QJsonDocument::Indented); }
};

// Waits for `done` to be called (true) or the time to run out.
bool waitFor(const std::function<void(std::function<void()>)> &start, int timeoutMs) {
    QEventLoop loop;
    bool finished = false;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return finished;
}

QString money(double amount, const QString &currency) {
    return QString::number(amount, 'f', 2) + u' ' + currency;
}

int runOdooCommandLogged(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Talks to an Odoo server.\n\n"
        "  ping           sign in and show the server's version and the API used\n"
        "  sync           read all orders once and print counts per model\n"
        "  orders         list the orders\n"
        "  order NAME     show one order (e.g. S00025) with its order-to-cash events\n"
        "  hold NAME      hold manufacturing for an order\n"
        "  release NAME   release a hold\n\n"
        "The password or API key is read from the environment variable O2C_ODOO_SECRET, or "
        "else from the system keychain (as stored by the cockpit)."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(
        QStringLiteral("url"), QStringLiteral("Odoo server address, e.g. https://erp.example.com"),
        QStringLiteral("url"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database name."),
                                      QStringLiteral("name"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("Login."),
                                        QStringLiteral("login"));
    const QCommandLineOption apiOption(QStringLiteral("api"),
                                       QStringLiteral("auto (default), jsonrpc or json2."),
                                       QStringLiteral("api"), QStringLiteral("auto"));
    const QCommandLineOption caOption(QStringLiteral("ca-bundle"),
                                      QStringLiteral("Extra trusted CA certificates (PEM)."),
                                      QStringLiteral("file"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           QStringLiteral("Seconds per request (default 30)."),
                                           QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption reasonOption(
        QStringLiteral("reason"), QStringLiteral("Why the order is held (hold)."),
        QStringLiteral("text"), QStringLiteral("Held from the command line"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Machine-readable output."));
    parser.addOptions({urlOption, dbOption, userOption, apiOption, caOption, timeoutOption,
                       reasonOption, jsonOption, storeOption()});
    app::addLoggingOptions(parser);
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("ping, sync, orders, order, hold or release"));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("Sale order name"),
                                 QStringLiteral("[NAME]"));

    Output io;
    if (!parser.parse(arguments))
        return io.fail(parser.errorText() + QStringLiteral("\nSee: o2c odoo --help"), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        io.out << helpText(parser, arguments);
        return 0;
    }
    io.json = parser.isSet(jsonOption);
    // The log goes to stderr and the log file, never into the answer a script reads on stdout.
    if (!app::setupLogging(parser, QStringLiteral("o2c")))
        return 2;
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(0);
    static const QStringList actions{QStringLiteral("ping"),   QStringLiteral("sync"),
                                     QStringLiteral("orders"), QStringLiteral("order"),
                                     QStringLiteral("hold"),   QStringLiteral("release")};
    if (!actions.contains(action))
        return io.fail(QStringLiteral("Say what to do: ping, sync, orders, order NAME, hold NAME "
                                      "or release NAME. See: o2c odoo --help"),
                       2);
    const bool needsName = action == QLatin1String("order") || action == QLatin1String("hold") ||
                           action == QLatin1String("release");
    const QString name = pos.value(1);
    if (needsName && name.isEmpty())
        return io.fail(QStringLiteral("Name the order, e.g. o2c odoo %1 S00025").arg(action), 2);

    odoo::ConnectionProfile profile;
    profile.url = QUrl(parser.value(urlOption));
    profile.database = parser.value(dbOption);
    profile.login = parser.value(userOption);
    profile.caBundle = parser.value(caOption);
    profile.requestTimeoutMs = std::max(1, parser.value(timeoutOption).toInt()) * 1000;
    profile.pollIntervalMs = 3600000; // one pass only
    bool apiOk = false;
    profile.api = odoo::odooApiFromKey(parser.value(apiOption), &apiOk);
    if (!apiOk)
        return io.fail(QStringLiteral("--api takes auto, jsonrpc or json2."), 2);
    if (!profile.url.isValid() || profile.url.scheme().isEmpty() || profile.database.isEmpty() ||
        profile.login.isEmpty())
        return io.fail(QStringLiteral("Give the server, database and login: --url https://host "
                                      "--db NAME --user LOGIN"),
                       2);
    profile.secret = qEnvironmentVariable("O2C_ODOO_SECRET");
    if (profile.secret.isEmpty()) {
        QString problem;
        profile.secret = app::SecretStore::read(
            app::SecretStore::keyFor(profile.url.toString(), profile.database, profile.login),
            &problem);
        if (profile.secret.isEmpty())
            return io.fail(QStringLiteral("No password or API key: set O2C_ODOO_SECRET or store "
                                          "it in the keychain by signing in with the cockpit "
                                          "once.%1")
                               .arg(problem.isEmpty() ? QString() : u' ' + problem),
                           2);
    }

    odoo::HttpOdooTransport transport(profile);
    odoo::OdooClient client(profile, &transport);
    const int patience = profile.requestTimeoutMs * 8 + 60000;

    if (action == QLatin1String("ping")) {
        OdooError error;
        if (!waitFor(
                [&](std::function<void()> done) {
                    client.authenticate([&error, done](const OdooError &e) {
                        error = e;
                        done();
                    });
                },
                patience))
            return io.fail(QStringLiteral("Odoo did not answer in time."));
        if (error.isError())
            return io.fail(error);
        const odoo::ServerVersion v = client.serverVersion();
        if (io.json)
            io.print({{QStringLiteral("ok"), true},
                      {QStringLiteral("version"), v.raw},
                      {QStringLiteral("api"), odoo::odooApiKey(client.api())},
                      {QStringLiteral("uid"), client.uid()}});
        else
            io.out << QStringLiteral(
                          "Odoo %1 at %2, database %3: signed in as %4 (uid %5) over %6\n")
                          .arg(v.raw, profile.url.toDisplayString(), profile.database,
                               profile.login)
                          .arg(client.uid())
                          .arg(client.api() == odoo::OdooApi::Json2 ? QStringLiteral("JSON-2")
                                                                    : QStringLiteral("JSON-RPC"));
        return 0;
    }

    // Everything else starts with one sync pass.
    OrderBook book;
    odoo::OdooSync sync(&client, &book);
    std::optional<odoo::SyncStats> stats;
    OdooError syncError;
    if (!waitFor(
            [&](std::function<void()> done) {
                QObject::connect(&sync, &odoo::OdooSync::syncFinished, &sync,
                                 [&stats, done](const odoo::SyncStats &s) {
                                     stats = s;
                                     done();
                                 });
                QObject::connect(&sync, &odoo::OdooSync::syncFailed, &sync,
                                 [&syncError, done](const OdooError &e) {
                                     syncError = e;
                                     done();
                                 });
                sync.start();
            },
            patience))
        return io.fail(QStringLiteral("Odoo did not finish answering in time."));
    sync.stop();
    if (!stats)
        return io.fail(syncError);

    if (action == QLatin1String("sync")) {
        const odoo::SyncStats &s = *stats;
        const QList<QPair<QString, int>> counts{
            {QStringLiteral("sale.order"), s.saleOrders},
            {QStringLiteral("sale.order.line"), s.orderLines},
            {QStringLiteral("res.partner"), s.partners},
            {QStringLiteral("mrp.production"), s.manufacturingOrders},
            {QStringLiteral("stock.picking"), s.pickings},
            {QStringLiteral("account.move"), s.invoices},
        };
        if (io.json) {
            QJsonObject models;
            for (const auto &c : counts)
                models.insert(c.first, c.second);
            io.print({{QStringLiteral("ok"), true},
                      {QStringLiteral("models"), models},
                      {QStringLiteral("orders"), int(book.size())},
                      {QStringLiteral("requests"), s.requests},
                      {QStringLiteral("elapsedMs"), s.elapsedMs}});
        } else {
            for (const auto &c : counts)
                io.out << c.first.leftJustified(18) << c.second << '\n';
            io.out << QStringLiteral("%1 orders in %2 requests, %3 s\n")
                          .arg(book.size())
                          .arg(s.requests)
                          .arg(double(s.elapsedMs) / 1000.0, 0, 'f', 1);
        }
        return 0;
    }

    if (action == QLatin1String("orders")) {
        QList<const CanonicalOrder *> all = book.orders();
        std::sort(all.begin(), all.end(), [](const CanonicalOrder *a, const CanonicalOrder *b) {
            return a->saleOrderName < b->saleOrderName;
        });
        if (io.json) {
            QJsonArray a;
            for (const CanonicalOrder *o : std::as_const(all))
                a.append(QJsonObject{{QStringLiteral("name"), o->saleOrderName},
                                     {QStringLiteral("id"), o->id},
                                     {QStringLiteral("customer"), o->customer.name},
                                     {QStringLiteral("reference"), o->customerRef},
                                     {QStringLiteral("stage"), stageKey(o->stage)},
                                     {QStringLiteral("amount"), o->amountTotal},
                                     {QStringLiteral("currency"), o->currency}});
            io.print({{QStringLiteral("ok"), true}, {QStringLiteral("orders"), a}});
        } else {
            for (const CanonicalOrder *o : std::as_const(all))
                io.out << o->saleOrderName.leftJustified(10) << ' '
                       << stageKey(o->stage).leftJustified(14) << ' '
                       << o->customer.name.left(30).leftJustified(30) << ' '
                       << o->customerRef.left(16).leftJustified(16) << ' '
                       << money(o->amountTotal, o->currency) << '\n';
        }
        return 0;
    }

    const CanonicalOrder *order = nullptr;
    const auto all = book.orders();
    for (const CanonicalOrder *o : all)
        if (o->saleOrderName.compare(name, Qt::CaseInsensitive) == 0)
            order = o;
    if (!order)
        return io.fail(
            QStringLiteral("Odoo has no sale order %1 that this login can see.").arg(name));

    if (action == QLatin1String("order")) {
        if (io.json) {
            io.print({{QStringLiteral("ok"), true}, {QStringLiteral("order"), order->toJson()}});
            return 0;
        }
        io.out << QStringLiteral("%1  %2  %3\n")
                      .arg(order->saleOrderName, stageKey(order->stage), order->id);
        io.out << QStringLiteral("Customer   %1 (ref %2)\n")
                      .arg(order->customer.name, order->customerRef);
        io.out << QStringLiteral("Amount     %1\n").arg(money(order->amountTotal, order->currency));
        if (!order->shipTo.isEmpty())
            io.out << QStringLiteral("Ship to    %1\n").arg(order->shipTo);
        for (const OrderLine &l : order->lines)
            io.out << QStringLiteral("  %1  %2 %3  %4\n")
                          .arg(l.sku.leftJustified(12))
                          .arg(l.qty)
                          .arg(l.uom, l.description.left(40));
        io.out << QStringLiteral("Events\n");
        for (const OrderEvent &e : order->events)
            io.out << QStringLiteral("  %1  %2  %3  %4\n")
                          .arg(e.at.toString(Qt::ISODate), eventTypeKey(e.type).leftJustified(20),
                               e.document.leftJustified(14), e.detail);
        return 0;
    }

    // hold / release: through the store's outbox, as the cockpit does, so the decision is
    // checked against the role and other planners, audited and sent exactly once.
    MrpHoldService holds(&client, &book);
    auto store = openStore(parser, io.err);
    if (!store)
        return io.fail(QStringLiteral("The hold was not changed: the store is needed to record "
                                      "it (see --store)."),
                       2);
    const Actor actor =
        ActionDesk::actorFor(*store, Actor::currentOsUser(), profile.login, client.uid());
    ActionDesk desk(*store, actor);
    ActionExecutor executor(*store, &client, actor);
    holds.attachOutbox(&desk, &executor);
    const QString orderId = order->id;
    QString okMessage;
    OdooError actionError;
    if (!waitFor(
            [&](std::function<void()> done) {
                QObject::connect(&holds, &MrpHoldService::actionSucceeded, &holds,
                                 [&okMessage, done](const QString &, const QString &m) {
                                     okMessage = m;
                                     done();
                                 });
                QObject::connect(&holds, &MrpHoldService::actionFailed, &holds,
                                 [&actionError, done](const QString &, const OdooError &e) {
                                     actionError = e;
                                     done();
                                 });
                if (action == QLatin1String("hold"))
                    holds.hold(orderId, parser.value(reasonOption));
                else
                    holds.release(orderId);
            },
            patience))
        return io.fail(QStringLiteral("Odoo did not finish answering in time."));
    if (actionError.isError())
        return io.fail(actionError);
    if (io.json)
        io.print({{QStringLiteral("ok"), true}, {QStringLiteral("message"), okMessage}});
    else
        io.out << okMessage << '\n';
    return 0;
}

} // namespace

int runOdooCommand(const QStringList &arguments) {
    const int code = runOdooCommandLogged(arguments);
    // The file sink flushes on warnings only; a successful run's lines are written out here.
    if (auto logger = spdlog::default_logger())
        logger->flush();
    return code;
}

} // namespace o2c::cli
