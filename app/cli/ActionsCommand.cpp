// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "StoreOption.h"

#include "store/Store.h"

#include <QCommandLineParser>
#include <QTextStream>

#include "actions/ActionDesk.h"

namespace o2c::cli {

int runActions(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists the outbox of planner actions, retries a failed one (Odoo is read first, so "
        "nothing is done twice) or abandons one.\n"
        "  o2c actions list [--all]\n  o2c actions retry ID\n  o2c actions abandon ID "
        "[--reason TEXT]\nExit status: 0 done; 1 refused (the reason is printed); 2 cannot "
        "run."));
    parser.addHelpOption();
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("all"), QStringLiteral("list: also done and abandoned "
                                                            "actions.")});
    parser.addOption(
        {QStringLiteral("reason"), QStringLiteral("abandon: why."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("odoo-login"),
                      QStringLiteral("The Odoo login acting (its role in the store applies; "
                                     "default $O2C_ODOO_LOGIN)."),
                      QStringLiteral("login")});
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("list, retry or abandon"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    const QString command = pos.value(0);
    if (command != QLatin1String("list") && command != QLatin1String("retry") &&
        command != QLatin1String("abandon")) {
        err << QStringLiteral("o2c actions needs list, retry ID or abandon ID (see --help).\n");
        return 2;
    }
    bool idOk = false;
    const qint64 id = pos.value(1).toLongLong(&idOk);
    if (command != QLatin1String("list") && !idOk) {
        err << QStringLiteral("o2c actions %1 needs the action's number, as `o2c actions list` "
                              "shows it.\n")
                   .arg(command);
        return 2;
    }
    auto store = openStore(parser, err);
    if (!store)
        return 2;
    QString login = parser.value(QStringLiteral("odoo-login"));
    if (login.isEmpty())
        login = qEnvironmentVariable("O2C_ODOO_LOGIN");
    ActionDesk desk(*store, ActionDesk::actorFor(*store, Actor::currentOsUser(), login, 0));
    if (command == QLatin1String("list")) {
        const QList<ActionRecord> list =
            desk.actions(parser.isSet(QStringLiteral("all"))
                             ? QList<ActionState>{}
                             : QList<ActionState>{ActionState::Queued, ActionState::Running,
                                                  ActionState::Failed});
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QStringLiteral("ID").rightJustified(5),
                        QStringLiteral("STATE").leftJustified(9),
                        QStringLiteral("KIND").leftJustified(8),
                        QStringLiteral("BY").leftJustified(18),
                        QStringLiteral("ORDERS").leftJustified(24), QStringLiteral("ERROR"));
        for (const ActionRecord &a : list) {
            out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(QString::number(a.id).rightJustified(5),
                            actionStateKey(a.state).leftJustified(9),
                            actionKindKey(a.kind).leftJustified(8), a.odooUser.leftJustified(18),
                            a.target.leftJustified(24), a.lastError);
        }
        return 0;
    }
    const ActionDesk::Outcome o = command == QLatin1String("retry")
                                      ? desk.retry(id)
                                      : desk.abandon(id, parser.value(QStringLiteral("reason")));
    (o.ok ? out : err) << o.message << '\n';
    return o.ok ? 0 : 1;
}

} // namespace o2c::cli
