// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliCommands.h"
#include "StoreOption.h"

#include "store/Store.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QTextStream>

#include "actions/ActionDesk.h"

namespace o2c::cli {

int runActions(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Lists the outbox of planner actions, retries a failed one (Odoo is read first, so "
        "nothing is done twice) or abandons one; lists escalations for leads to approve or "
        "decline; hands a planner's claims over at the end of a shift.\n"
        "  o2c actions list [--all]\n  o2c actions retry ID\n  o2c actions abandon ID "
        "[--reason TEXT]\n  o2c actions escalations [--all]\n  o2c actions approve ID "
        "[--note TEXT]\n  o2c actions decline ID --note TEXT\n  o2c actions handover "
        "[--to LOGIN]\nExit status: 0 done; 1 refused (the reason is printed); 2 cannot run."));
    parser.addHelpOption();
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("all"), QStringLiteral("list: also done and abandoned "
                                                            "actions; escalations: also decided "
                                                            "ones.")});
    parser.addOption({QStringLiteral("note"), QStringLiteral("approve/decline: the lead's words."),
                      QStringLiteral("text")});
    parser.addOption({QStringLiteral("to"),
                      QStringLiteral("handover: the planner who takes the claims over (default: "
                                     "release them)."),
                      QStringLiteral("login")});
    parser.addOption(
        {QStringLiteral("reason"), QStringLiteral("abandon: why."), QStringLiteral("text")});
    parser.addOption({QStringLiteral("odoo-login"),
                      QStringLiteral("The Odoo login acting (its role in the store applies; "
                                     "default $O2C_ODOO_LOGIN)."),
                      QStringLiteral("login")});
    parser.addPositionalArgument(
        QStringLiteral("command"),
        QStringLiteral("list, retry, abandon, escalations, approve, decline or handover"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!parser.parse(arguments)) {
        err << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << helpText(parser, arguments);
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    const QString command = pos.value(0);
    const QStringList commands{QStringLiteral("list"),    QStringLiteral("retry"),
                               QStringLiteral("abandon"), QStringLiteral("escalations"),
                               QStringLiteral("approve"), QStringLiteral("decline"),
                               QStringLiteral("handover")};
    if (!commands.contains(command)) {
        err << QStringLiteral("o2c actions needs list, retry ID, abandon ID, escalations, approve "
                              "ID, decline ID or handover (see --help).\n");
        return 2;
    }
    const bool needsId = command == QLatin1String("retry") || command == QLatin1String("abandon") ||
                         command == QLatin1String("approve") || command == QLatin1String("decline");
    bool idOk = false;
    const qint64 id = pos.value(1).toLongLong(&idOk);
    if (needsId && !idOk) {
        err << (command == QLatin1String("approve") || command == QLatin1String("decline")
                    ? QStringLiteral("o2c actions %1 needs the escalation's number, as `o2c "
                                     "actions escalations` shows it.\n")
                    : QStringLiteral("o2c actions %1 needs the action's number, as `o2c actions "
                                     "list` shows it.\n"))
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
                                                  ActionState::Retrying, ActionState::Failed});
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8\n")
                   .arg(QStringLiteral("ID").rightJustified(5),
                        QStringLiteral("STATE").leftJustified(9),
                        QStringLiteral("KIND").leftJustified(8),
                        QStringLiteral("BY").leftJustified(18),
                        QStringLiteral("ORDERS").leftJustified(24),
                        QStringLiteral("TRIES").rightJustified(5),
                        QStringLiteral("NEXT ATTEMPT (UTC)").leftJustified(19),
                        QStringLiteral("ERROR"));
        for (const ActionRecord &a : list) {
            const QString next = a.state == ActionState::Retrying
                                     ? QDateTime::fromString(a.nextAttemptAt, Qt::ISODateWithMs)
                                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                     : (a.state == ActionState::Failed && !a.failure.isEmpty()
                                            ? QStringLiteral("(%1: planner)").arg(a.failure)
                                            : QStringLiteral("-"));
            out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8\n")
                       .arg(QString::number(a.id).rightJustified(5),
                            actionStateKey(a.state).leftJustified(9),
                            actionKindKey(a.kind).leftJustified(8), a.odooUser.leftJustified(18),
                            a.target.leftJustified(24),
                            QString::number(a.attempts).rightJustified(5), next.leftJustified(19),
                            a.lastError);
        }
        return 0;
    }
    if (command == QLatin1String("escalations")) {
        const QList<Escalation> list = desk.escalations(!parser.isSet(QStringLiteral("all")));
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                   .arg(QStringLiteral("ID").rightJustified(5),
                        QStringLiteral("STATE").leftJustified(8),
                        QStringLiteral("CLUSTER").leftJustified(20),
                        QStringLiteral("RAISED BY").leftJustified(14),
                        QStringLiteral("RAISED AT (UTC)").leftJustified(19),
                        QStringLiteral("ORDERS").leftJustified(20), QStringLiteral("REASON"));
        for (const Escalation &e : list) {
            QStringList orders;
            for (const OrderRef &o : e.orders)
                orders << o.name;
            QString reason = e.reason;
            if (e.state != QLatin1String("open"))
                reason += QStringLiteral(" — %1 by %2: %3").arg(e.state, e.decidedBy, e.note);
            out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg(QString::number(e.id).rightJustified(5), e.state.leftJustified(8),
                            e.clusterId.leftJustified(20), e.raisedBy.leftJustified(14),
                            QDateTime::fromString(e.raisedAt, Qt::ISODateWithMs)
                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                .leftJustified(19),
                            orders.join(QStringLiteral(", ")).leftJustified(20), reason);
        }
        return 0;
    }
    ActionDesk::Outcome o;
    if (command == QLatin1String("retry"))
        o = desk.retry(id);
    else if (command == QLatin1String("abandon"))
        o = desk.abandon(id, parser.value(QStringLiteral("reason")));
    else if (command == QLatin1String("approve") || command == QLatin1String("decline"))
        o = desk.decideEscalation(id, command == QLatin1String("approve"),
                                  parser.value(QStringLiteral("note")));
    else
        o = desk.handOverClaims(parser.value(QStringLiteral("to")));
    (o.ok ? out : err) << o.message << '\n';
    return o.ok ? 0 : 1;
}

} // namespace o2c::cli
