// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: runs the outbox of a store against an Odoo server like a cockpit would, and kills
// itself at the step named by O2C_CRASH_AT ("before-send:N", "after-send:N", "after-record:N":
// the N-th step sent by this process).
// Usage: action_runner <store> <odoo url>. Exit 0: every action done; 3: some failed; 2: setup.
#include "SelfKill.h"

#include "actions/ActionExecutor.h"
#include "actions/ActionQueue.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QTimer>

using namespace o2c;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    StoreConfig config;
    QString error;
    if (!StoreConfig::parse(args.at(1), &config, &error))
        return 2;
    auto store = Store::open(config, &error);
    if (!store) {
        qWarning("%s", qPrintable(error));
        return 2;
    }
    odoo::ConnectionProfile profile;
    profile.url = QUrl(args.at(2));
    profile.database = QStringLiteral("o2c");
    profile.login = QStringLiteral("planner");
    profile.secret = QStringLiteral("planner");
    odoo::HttpOdooTransport transport(profile);
    odoo::OdooClient client(profile, &transport);
    bool signedIn = false;
    client.authenticate([&](const odoo::OdooError &e) {
        signedIn = !e.isError();
        app.quit();
    });
    app.exec();
    if (!signedIn)
        return 2;

    Actor actor{QStringLiteral("tester"), QStringLiteral("planner"), client.uid(), Role::Planner};
    ActionExecutor executor(*store, &client, actor);
    const int leaseMs = 300;
    executor.setLeaseMs(leaseMs);
    const QString crashAt = qEnvironmentVariable("O2C_CRASH_AT");
    const QString point = crashAt.section(QLatin1Char(':'), 0, 0);
    const int at = crashAt.section(QLatin1Char(':'), 1, 1).toInt();
    int sent = 0;
    executor.setStepHook([&](ActionExecutor::Point p, const ActionRecord &, const ActionStep &) {
        if (p == ActionExecutor::Point::BeforeSend)
            ++sent;
        const bool here =
            (p == ActionExecutor::Point::BeforeSend && point == QLatin1String("before-send")) ||
            (p == ActionExecutor::Point::AfterSend && point == QLatin1String("after-send")) ||
            (p == ActionExecutor::Point::AfterRecord && point == QLatin1String("after-record"));
        if (here && sent == at)
            test::killSelf();
    });
    ActionQueue queue(*store);
    int rounds = 0;
    QObject::connect(&executor, &ActionExecutor::idle, &app, [&] {
        // Actions a killed run left "running" are taken over once their lease runs out.
        if (!queue.list({ActionState::Running, ActionState::Queued}).isEmpty() && ++rounds < 20) {
            QTimer::singleShot(leaseMs, &executor, &ActionExecutor::runPending);
            return;
        }
        app.quit();
    });
    QTimer::singleShot(0, &executor, &ActionExecutor::runPending);
    app.exec();
    return queue.list({ActionState::Done}).size() == queue.list().size() ? 0 : 3;
}
