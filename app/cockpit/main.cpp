// SPDX-License-Identifier: GPL-3.0-or-later
// o2c-cockpit: the desktop application.
#include "CockpitSettings.h"
#include "IntakeExceptionsPanel.h"
#include "IntegrationHealthPage.h"
#include "LanguageSetup.h"
#include "MainWindow.h"
#include "OrderDetailPage.h"
#include "SettingsPage.h"
#include "ShiftQueuePage.h"
#include "SignInDialog.h"
#include "Simulator.h"
#include "StartReport.h"
#include "Theme.h"
#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "cache/LocalOrderStore.h"
#include "flow/OrderBook.h"
#include "middleware/HubActionSender.h"
#include "middleware/HubHealthMonitor.h"
#include "middleware/IntakeEventStream.h"
#include "middleware/IntakeMonitor.h"
#include "middleware/QueueJobMonitor.h"
#include "middleware/RabbitMqMonitor.h"
#include "session/CockpitSession.h"
#include "shared/ProcessClock.h"
#include "shared/ProcessSetup.h"
#include "shared/SecretStore.h"
#include "store/Store.h"

#include "common/Log.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <memory>
#include <optional>

using namespace o2c;

namespace {

void addOptions(QCommandLineParser &parser) {
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "O2C Cockpit: order-to-cash flow, duplicate orders and MRP holds for Odoo."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("demo"),
                      QCoreApplication::translate("main", "Start the embedded Odoo simulator on "
                                                          "loopback and connect to it.")});
    parser.addOption({QStringLiteral("seed"),
                      QCoreApplication::translate("main", "Demo scenario seed (default: 42)."),
                      QStringLiteral("n"), QStringLiteral("42")});
    parser.addOption({QStringLiteral("rate"),
                      QCoreApplication::translate(
                          "main", "Demo customer demands per simulated hour (default: 240)."),
                      QStringLiteral("per-hour"), QStringLiteral("240")});
    parser.addOption({QStringLiteral("speed"),
                      QCoreApplication::translate(
                          "main", "Demo simulated seconds per real second (default: 60)."),
                      QStringLiteral("factor"), QStringLiteral("60")});
    parser.addOption(
        {QStringLiteral("url"),
         QCoreApplication::translate("main", "Odoo server address, e.g. https://erp.example.com."),
         QStringLiteral("url")});
    parser.addOption({QStringLiteral("db"), QCoreApplication::translate("main", "Odoo database."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("user"), QCoreApplication::translate("main", "Odoo login."),
                      QStringLiteral("login")});
    parser.addOption({QStringLiteral("production"),
                      QCoreApplication::translate("main", "Mark the connection as production.")});
    parser.addOption(
        {QStringLiteral("page"),
         QCoreApplication::translate("main", "Screen to open at start: desk, exceptions, order, "
                                             "holds, charts, integration, audit or settings."),
         QStringLiteral("name")});
    parser.addOption({QStringLiteral("order"),
                      QCoreApplication::translate(
                          "main", "Open the order screen on this order (e.g. S00042) as soon as "
                                  "it is synced."),
                      QStringLiteral("name")});
    parser.addOption({QStringLiteral("theme"),
                      QCoreApplication::translate(
                          "main", "Theme for this run: system, light or dark (the saved setting "
                                  "otherwise)."),
                      QStringLiteral("theme")});
    parser.addOption(
        {QStringLiteral("hub"),
         QCoreApplication::translate("main", "Middleware intake hub address (contract v1), e.g. "
                                             "https://hub.example.com; or $O2C_HUB_URL."),
         QStringLiteral("url")});
    parser.addOption(
        {QStringLiteral("hub-transport"),
         QCoreApplication::translate("main", "Live stream transport: sse (default) or websocket."),
         QStringLiteral("sse|websocket"), QStringLiteral("sse")});
    parser.addOption(
        {QStringLiteral("rabbitmq"),
         QCoreApplication::translate("main", "RabbitMQ management API address with its user, "
                                             "e.g. http://monitor:secret@mq.example.com:15672; "
                                             "or $O2C_RABBITMQ_URL."),
         QStringLiteral("url")});
    parser.addOption({QStringLiteral("stuck-job-minutes"),
                      QCoreApplication::translate(
                          "main", "A queue job started longer ago than this is shown as stuck "
                                  "(default: 60)."),
                      QStringLiteral("minutes"), QStringLiteral("60")});
    parser.addOption(
        {QStringLiteral("language"),
         QCoreApplication::translate("main", "Show the cockpit in this language for this run: %1. "
                                             "Without it the language of the settings or of the "
                                             "system is used.")
             .arg(ui::language::available().join(QStringLiteral(", "))),
         QStringLiteral("code")});
    parser.addOption(
        {QStringLiteral("report-start"),
         QCoreApplication::translate(
             "main", "Print how the start went on the standard output, for scripts: a line when "
                     "the window shows the orders kept on this computer and answers, and one when "
                     "all of them are loaded.")});
    parser.addOption({QStringLiteral("quit-after-start"),
                      QCoreApplication::translate(
                          "main", "With --report-start: quit once all kept orders are loaded.")});
    app::addLoggingOptions(parser);
}

// The language for this run: --language, else the settings, else the system. Read before the
// real parser exists so that its help texts are already translated.
QString installTranslations(QCoreApplication &application) {
    QCommandLineParser early;
    addOptions(early);
    early.parse(QCoreApplication::arguments());
    const QString oneRun = early.value(QStringLiteral("language"));
    return ui::language::install(
        application, ui::language::choose(ui::language::isKnown(oneRun) ? oneRun : QString(),
                                          ui::CockpitSettings::load().language, QLocale::system()));
}

odoo::ConnectionProfile savedProfile() {
    const ui::SavedProfile saved = ui::CockpitSettings::activeConnection();
    odoo::ConnectionProfile p;
    p.name = saved.name;
    p.url = saved.url;
    p.database = saved.database;
    p.login = saved.login;
    p.production = saved.production;
    return p;
}

void saveProfile(const odoo::ConnectionProfile &p) {
    const ui::SavedProfile saved{p.name, p.url, p.database, p.login, p.production};
    ui::CockpitSettings::saveActiveConnection(saved);
    // The connection signed in to is one of the saved connections from now on.
    ui::CockpitSettings settings = ui::CockpitSettings::load();
    const bool known = std::any_of(
        settings.profiles.cbegin(), settings.profiles.cend(), [&](const ui::SavedProfile &s) {
            return s.url == p.url && s.database == p.database && s.login == p.login;
        });
    if (!known && p.url.isValid()) {
        settings.profiles.append(saved);
        settings.save();
    }
}

} // namespace

int main(int argc, char **argv) {
    // For --report-start: the process's age now, and a clock from here.
    QElapsedTimer mainClock;
    mainClock.start();
    const double ageAtMainMs = app::processAgeMs();
    app::setApplicationIdentity(QStringLiteral("o2c-cockpit"));
    if (app::wantsHelpOrVersion(argc, argv)) {
        // No display needed to answer these.
        QCoreApplication core(argc, argv);
        installTranslations(core);
        QCommandLineParser parser;
        addOptions(parser);
        parser.process(core);
        return 0;
    }

    QApplication application(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/o2c-cockpit.svg")));
    QApplication::setApplicationDisplayName(QStringLiteral("O2C Cockpit"));
    const ui::CockpitSettings settings = ui::CockpitSettings::load();
    installTranslations(application);

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(application);
    if (const QString code = parser.value(QStringLiteral("language"));
        !ui::language::isKnown(code)) {
        QTextStream(stderr) << QCoreApplication::translate(
                                   "main", "The language \"%1\" is not available; choose one "
                                           "of %2.\n")
                                   .arg(code, ui::language::available().join(QStringLiteral(", ")));
        return 2;
    }
    if (!app::setupLogging(parser, QStringLiteral("o2c-cockpit")))
        return 2;
    spdlog::info("O2C Cockpit {} starting", QCoreApplication::applicationVersion());
    ui::applyTheme(ui::themeFromKey(parser.isSet(QStringLiteral("theme"))
                                        ? parser.value(QStringLiteral("theme"))
                                        : settings.theme));
    std::optional<ui::MainWindow::Page> startPage;
    if (parser.isSet(QStringLiteral("page"))) {
        startPage = ui::MainWindow::pageFromKey(parser.value(QStringLiteral("page")));
        if (!startPage) {
            QTextStream(stderr) << QCoreApplication::translate("main",
                                                               "Unknown screen %1 for --page.\n")
                                       .arg(parser.value(QStringLiteral("page")));
            return 2;
        }
    }

    std::unique_ptr<sim::SimulatorThread> simulator;
    odoo::ConnectionProfile profile;
    if (parser.isSet(QStringLiteral("demo"))) {
        sim::SimulatorOptions options;
        options.scenario.seed = parser.value(QStringLiteral("seed")).toULongLong();
        options.scenario.rate = parser.value(QStringLiteral("rate")).toDouble();
        options.scenario.speed = parser.value(QStringLiteral("speed")).toDouble();
        if (options.scenario.rate <= 0 || options.scenario.speed <= 0) {
            QTextStream(stderr) << QCoreApplication::translate(
                "main", "--rate and --speed must be positive numbers.\n");
            return 2;
        }
        options.intakeHub = true; // orders pass through the middleware hub before Odoo
        simulator = std::make_unique<sim::SimulatorThread>(options);
        QString error;
        QUrl simulatorUrl;
        {
            QEventLoop waitForSimulator;
            QObject::connect(simulator.get(), &sim::SimulatorThread::ready, &waitForSimulator,
                             [&](quint16, const QUrl &url) {
                                 simulatorUrl = url;
                                 waitForSimulator.quit();
                             });
            QObject::connect(simulator.get(), &sim::SimulatorThread::failed, &waitForSimulator,
                             [&](const QString &problem) {
                                 error = problem;
                                 waitForSimulator.quit();
                             });
            simulator->start();
            waitForSimulator.exec();
        }
        if (simulatorUrl.isEmpty()) {
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Demo"),
                                  QCoreApplication::translate("main",
                                                              "The embedded simulator could "
                                                              "not start: %1")
                                      .arg(error));
            return 1;
        }
        profile.name = QCoreApplication::translate("main", "Demo (simulator)");
        profile.url = simulatorUrl;
        profile.database = options.database;
        profile.login = QStringLiteral("planner");
        profile.secret = QStringLiteral("planner");
        // --production shows the demo as the production database would look (training).
        profile.production = parser.isSet(QStringLiteral("production"));
        profile.pollIntervalMs = 1000;
    } else {
        profile = savedProfile();
        if (parser.isSet(QStringLiteral("url")))
            profile.url = QUrl::fromUserInput(parser.value(QStringLiteral("url")));
        if (parser.isSet(QStringLiteral("db")))
            profile.database = parser.value(QStringLiteral("db"));
        if (parser.isSet(QStringLiteral("user")))
            profile.login = parser.value(QStringLiteral("user"));
        if (parser.isSet(QStringLiteral("production")))
            profile.production = true;
        const QString key =
            app::SecretStore::keyFor(profile.url.toString(), profile.database, profile.login);
        profile.secret = qEnvironmentVariable("O2C_ODOO_SECRET");
        QString keychainProblem;
        if (profile.secret.isEmpty() && profile.url.isValid() && !profile.login.isEmpty())
            profile.secret = app::SecretStore::read(key, &keychainProblem);
        if (profile.secret.isEmpty() || profile.url.isEmpty() || profile.database.isEmpty()) {
            ui::SignInDialog dialog(profile);
            dialog.setProblem(keychainProblem);
            if (dialog.exec() != QDialog::Accepted)
                return 0;
            profile = dialog.profile();
            if (dialog.rememberSecret()) {
                QString problem;
                if (!app::SecretStore::write(app::SecretStore::keyFor(profile.url.toString(),
                                                                      profile.database,
                                                                      profile.login),
                                             profile.secret, &problem))
                    spdlog::warn("password not remembered: {}", problem);
            }
        }
        saveProfile(profile);
    }

    // The team store: the platform's data folder (or $O2C_STORE); the demo keeps its decisions in
    // a folder of its own that goes away with it.
    std::unique_ptr<QTemporaryDir> demoFolder;
    QString storeText = StoreConfig::defaultText();
    if (parser.isSet(QStringLiteral("demo")) && qEnvironmentVariableIsEmpty("O2C_STORE")) {
        demoFolder = std::make_unique<QTemporaryDir>();
        storeText = QStringLiteral("sqlite:") + demoFolder->filePath(QStringLiteral("demo.db"));
    }
    StoreConfig storeConfig;
    QString storeProblem;
    std::unique_ptr<Store> store;
    if (StoreConfig::parse(storeText, &storeConfig, &storeProblem)) {
        if (storeConfig.kind == StoreConfig::Kind::Sqlite)
            QDir().mkpath(QFileInfo(storeConfig.sqlitePath).absolutePath());
        store = Store::open(storeConfig, &storeProblem);
    }
    if (!store)
        spdlog::warn("team store not available, decisions are disabled: {}", storeProblem);

    CockpitSession session(profile);
    ui::MainWindow window(session.book(), session.sync(), session.holds(), profile);
    // The orders this profile synced before: on screen at once, and the sync goes on from where it
    // stood. The demo's simulator starts afresh each time, so its orders live with its folder.
    if (!demoFolder)
        demoFolder =
            parser.isSet(QStringLiteral("demo")) ? std::make_unique<QTemporaryDir>() : nullptr;
    const QString localPath = parser.isSet(QStringLiteral("demo"))
                                  ? demoFolder->filePath(QStringLiteral("orders.sqlite"))
                                  : LocalOrderStore::defaultPath(profile);
    LocalOrderStore localStore(localPath);
    window.setLocalStore(&localStore);
    window.setOdooClient(session.client());
    if (simulator)
        window.setBusinessClock(simulator->clock()); // the demo's Odoo lives on a faster clock
    std::unique_ptr<ActionDesk> desk;
    std::unique_ptr<ActionExecutor> executor;
    if (store) {
        // Decisions are recorded under the planner's Odoo user: wait for the sign-in to know it.
        QObject::connect(session.client(), &odoo::OdooClient::authenticated, &window, [&](int uid) {
            if (desk)
                return;
            const Actor actor =
                ActionDesk::actorFor(*store, Actor::currentOsUser(), profile.login, uid);
            desk = std::make_unique<ActionDesk>(*store, actor);
            executor = std::make_unique<ActionExecutor>(*store, session.client(), actor);
            window.setTeamDesk(store.get(), desk.get(), executor.get());
            // Actions a previous run wrote but did not finish go out now, exactly once.
            executor->runPending();
        });
    }
    // The middleware: the hub's live stream feeds the order book (and the duplicate engine)
    // before Odoo, its held transactions join the exception queue, its health and RabbitMQ's
    // queues and OCA queue_job's jobs show on the integration screen.
    QUrl hubUrl = simulator ? simulator->hubUrl() : QUrl();
    if (parser.isSet(QStringLiteral("hub")))
        hubUrl = QUrl::fromUserInput(parser.value(QStringLiteral("hub")));
    else if (!simulator && !qEnvironmentVariableIsEmpty("O2C_HUB_URL"))
        hubUrl = QUrl::fromUserInput(qEnvironmentVariable("O2C_HUB_URL"));
    QUrl rabbitUrl;
    if (parser.isSet(QStringLiteral("rabbitmq")))
        rabbitUrl = QUrl::fromUserInput(parser.value(QStringLiteral("rabbitmq")));
    else if (!qEnvironmentVariableIsEmpty("O2C_RABBITMQ_URL"))
        rabbitUrl = QUrl::fromUserInput(qEnvironmentVariable("O2C_RABBITMQ_URL"));
    QNetworkAccessManager middlewareNetwork;
    ui::MiddlewareSources middleware;
    std::unique_ptr<IntakeMonitor> intake;
    std::unique_ptr<IntakeEventStream> stream;
    std::unique_ptr<HubHealthMonitor> hubHealth;
    std::unique_ptr<HttpHubActionSender> hubSender;
    ui::IntakeExceptionsPanel *intakePanel = nullptr;
    if (hubUrl.isValid() && !hubUrl.isEmpty()) {
        intake = std::make_unique<IntakeMonitor>(session.book());
        stream = std::make_unique<IntakeEventStream>(&middlewareNetwork);
        if (parser.value(QStringLiteral("hub-transport")) == QLatin1String("websocket"))
            stream->setTransport(IntakeEventStream::Transport::WebSocket);
        QObject::connect(stream.get(), &IntakeEventStream::eventReceived, intake.get(),
                         &IntakeMonitor::applyEvent);
        QObject::connect(
            stream.get(), &IntakeEventStream::failed, &window, [&window](const QString &message) {
                QMessageBox::warning(&window, QCoreApplication::translate("main", "Middleware hub"),
                                     message);
            });
        hubHealth = std::make_unique<HubHealthMonitor>(&middlewareNetwork, hubUrl);
        hubSender = std::make_unique<HttpHubActionSender>(&middlewareNetwork, hubUrl);
        intakePanel = new ui::IntakeExceptionsPanel(intake->exceptions());
        window.shiftQueuePage()->addSection(intakePanel);
        middleware.stream = stream.get();
        middleware.hub = hubHealth.get();
        window.setHubHealth(hubHealth.get());
        spdlog::info("middleware hub {}", hubUrl.toString(QUrl::RemoveUserInfo));
    }
    std::unique_ptr<RabbitMqMonitor> rabbit;
    if (rabbitUrl.isValid() && !rabbitUrl.isEmpty()) {
        rabbit = std::make_unique<RabbitMqMonitor>(&middlewareNetwork, rabbitUrl);
        middleware.rabbit = rabbit.get();
    }
    QueueJobMonitor jobs(session.client());
    jobs.setStuckAfterSeconds(60 *
                              qMax(1, parser.value(QStringLiteral("stuck-job-minutes")).toInt()));
    if (simulator)
        jobs.setClock(simulator->clock());
    middleware.jobs = &jobs;
    window.integrationPage()->setMiddleware(middleware);
    QObject::connect(session.client(), &odoo::OdooClient::authenticated, &window, [&](int) {
        // Read where the module exists (an Odoo without it says so once).
        if (!jobs.isRefreshing())
            jobs.start();
        if (executor && hubSender)
            executor->setHubSender(hubSender.get());
        if (intakePanel)
            intakePanel->setDesk(desk.get(), executor.get());
    });

    ui::SettingsHooks hooks;
    hooks.storeSecret = [](const ui::SavedProfile &p, const QString &secret, QString *error) {
        return app::SecretStore::write(
            app::SecretStore::keyFor(p.url.toString(), p.database, p.login), secret, error);
    };
    hooks.forgetSecret = [](const ui::SavedProfile &p, QString *error) {
        return app::SecretStore::remove(
            app::SecretStore::keyFor(p.url.toString(), p.database, p.login), error);
    };
    hooks.restart = [&window] {
        // The same command line again; the window closes as if quit (layout saved, outbox kept).
        if (QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                    QCoreApplication::arguments().mid(1)))
            window.close();
        else
            QMessageBox::warning(&window, QCoreApplication::translate("main", "Restart"),
                                 QCoreApplication::translate(
                                     "main", "The cockpit could not start again. Quit it and "
                                             "start it by hand."));
    };
    window.settingsPage()->setHooks(std::move(hooks));
    if (startPage)
        window.showPage(*startPage);
    if (parser.isSet(QStringLiteral("order"))) {
        // The order arrives with a sync pass: show it once it is in the book.
        const QString wanted = parser.value(QStringLiteral("order")).trimmed();
        window.showPage(ui::MainWindow::Page::OrderDetail);
        auto *waiting = new QObject(&window);
        QObject::connect(session.book(), &OrderBook::ordersChanged, waiting,
                         [&window, wanted, waiting] {
                             if (window.orderDetailPage()->showOrder(wanted))
                                 waiting->deleteLater();
                         });
    }
    std::unique_ptr<app::StartReport> startReport;
    if (parser.isSet(QStringLiteral("report-start")) ||
        parser.isSet(QStringLiteral("quit-after-start"))) {
        startReport = std::make_unique<app::StartReport>(mainClock, ageAtMainMs, &window,
                                                         window.orderTable(), session.book());
        startReport->setQuitAfterRestored(parser.isSet(QStringLiteral("quit-after-start")));
    }
    window.show();
    QObject::connect(&localStore, &LocalOrderStore::restored, &session, [&](qsizetype orders) {
        spdlog::info("{} orders from the local store {}", orders, localPath.toStdString());
        if (startReport)
            startReport->storeRestored(orders);
        // The live sources start once the kept orders are in the book, so that nothing they
        // bring is overwritten by an older copy from the store.
        session.start();
        if (stream)
            stream->start(hubUrl);
        if (hubHealth)
            hubHealth->start();
        if (rabbit)
            rabbit->start();
    });
    localStore.restoreInto(session.book(), session.sync());
    const int rc = QApplication::exec();
    spdlog::info("O2C Cockpit stopped");
    return rc;
}
