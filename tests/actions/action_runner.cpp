// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper: a second (or third) cockpit process on the same store.
//   action_runner <store> <odoo url>
//       runs the outbox against an Odoo server like a cockpit would, and kills itself at the step
//       named by O2C_CRASH_AT ("before-send:N", "after-send:N", "after-record:N": the N-th step
//       sent by this process). It signs in as planner; O2C_ACTOR_LOGIN names the planner whose
//       actions it sends (default planner). Exit 0: every action done; 3: some failed; 2: setup.
//   action_runner --claim <store> <login> <cluster>
//       claims the cluster; prints "committed <epoch ms before> <epoch ms after>". Exit 0, or 1
//       with "refused <why>".
//   action_runner --watch <store> <login> <cluster> <timeout ms>
//       prints "ready", then "seen <epoch ms> <holder>" when the cluster shows as claimed.
//   action_runner --resolve <store> <login> <cluster> <start epoch ms> <keep id> <keep name>
//                 <cancel id> <cancel name>
//       waits until the start time, then resolves the cluster; prints "ok <action id>" (exit 0)
//       or "refused <why>" (exit 1).
#include "SelfKill.h"

#include "actions/ActionDesk.h"
#include "actions/ActionExecutor.h"
#include "actions/ActionQueue.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>
#include <QThread>
#include <QTimer>

using namespace o2c;

namespace {

std::unique_ptr<Store> openStore(const QString &text) {
    StoreConfig config;
    QString error;
    if (!StoreConfig::parse(text, &config, &error))
        return nullptr;
    auto store = Store::open(config, &error);
    if (!store)
        qWarning("%s", qPrintable(error));
    return store;
}

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

int deskMode(QCoreApplication &app, const QStringList &args) {
    QTextStream out(stdout);
    const QString mode = args.at(1);
    if (args.size() < 5)
        return 2;
    auto store = openStore(args.at(2));
    if (!store)
        return 2;
    const QString login = args.at(3);
    const QString cluster = args.at(4);
    ActionDesk desk(*store, ActionDesk::actorFor(*store, QStringLiteral("tester"), login, 9));
    if (mode == QLatin1String("--claim")) {
        const qint64 started = nowMs(); // the other process cannot see it sooner than this
        const ActionDesk::Outcome o = desk.claim(cluster);
        out << (o.ok ? QStringLiteral("committed %1 %2").arg(started).arg(nowMs())
                     : QStringLiteral("refused %1").arg(o.message))
            << Qt::endl;
        return o.ok ? 0 : 1;
    }
    if (mode == QLatin1String("--watch")) {
        if (args.size() < 6)
            return 2;
        int code = 1;
        const auto look = [&] {
            if (const auto c = desk.claimOf(cluster)) {
                out << QStringLiteral("seen %1 %2").arg(nowMs()).arg(c->claimedBy) << Qt::endl;
                code = 0;
                app.quit();
            }
        };
        QObject::connect(&desk, &ActionDesk::claimsChanged, &app, look);
        QTimer::singleShot(args.at(5).toInt(), &app, &QCoreApplication::quit);
        out << "ready" << Qt::endl;
        app.exec();
        return code;
    }
    if (mode == QLatin1String("--resolve")) {
        if (args.size() < 10)
            return 2;
        const qint64 start = args.at(5).toLongLong();
        while (nowMs() < start)
            QThread::msleep(1);
        const OrderRef keep{args.at(6).toLongLong(), args.at(7), 100};
        const OrderRef cancel{args.at(8).toLongLong(), args.at(9), 100};
        const ActionDesk::Outcome o = desk.resolveCluster(cluster, keep, {cancel});
        out << (o.ok ? QStringLiteral("ok %1").arg(o.actionId)
                     : QStringLiteral("refused %1").arg(o.message))
            << Qt::endl;
        return o.ok ? 0 : 1;
    }
    return 2;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    if (args.at(1).startsWith(QLatin1String("--")))
        return deskMode(app, args);
    auto store = openStore(args.at(1));
    if (!store)
        return 2;
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

    QString login = qEnvironmentVariable("O2C_ACTOR_LOGIN");
    if (login.isEmpty())
        login = QStringLiteral("planner");
    Actor actor{QStringLiteral("tester"), login, client.uid(), Role::Planner};
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
        // Actions a killed run (or the other process) left "running" are taken over once their
        // lease runs out.
        if (!queue.list({ActionState::Running, ActionState::Queued, ActionState::Retrying})
                 .isEmpty() &&
            ++rounds < 40) {
            QTimer::singleShot(leaseMs, &executor, &ActionExecutor::runPending);
            return;
        }
        app.quit();
    });
    QTimer::singleShot(0, &executor, &ActionExecutor::runPending);
    app.exec();
    return queue.list({ActionState::Done}).size() == queue.list().size() ? 0 : 3;
}
