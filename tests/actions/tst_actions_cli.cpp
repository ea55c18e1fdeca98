// SPDX-License-Identifier: GPL-3.0-or-later
// `o2c actions` as a script or a lead at a terminal uses it: the outbox with attempts and the
// next automatic attempt, escalations listed and answered, a handover.
#include "TestStores.h"

#include "actions/ActionDesk.h"
#include "actions/ActionQueue.h"

#include <QDateTime>
#include <QProcess>
#include <QScopeGuard>

using namespace o2c;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run cli(const QStringList &args, const QString &login = QStringLiteral("lena")) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("O2C_ODOO_LOGIN"), login);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(O2C_CLI_PATH), QStringList{QStringLiteral("actions")} + args);
    Run r;
    if (!p.waitForFinished(30000))
        return r;
    r.code = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestActionsCli final : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void listEscalateApproveHandover_data() { test::addStoreRows(); }
    void listEscalateApproveHandover() {
        QFETCH(QString, kind);
        O2C_FRESH_STORE(kind, m_dir, config, store);
        const QString text =
            kind == QLatin1String("sqlite")
                ? QStringLiteral("sqlite:") + config.sqlitePath
                : QStringLiteral("postgres:%1#%2").arg(config.postgres, config.postgresSchema);
        const QStringList s{QStringLiteral("--store"), text};
        ActionDesk lead(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("lena"), 2));
        QVERIFY(lead.setMemberRole(QStringLiteral("lena"), Role::Lead).ok);
        QVERIFY(lead.setMemberRole(QStringLiteral("paul"), Role::Planner).ok);
        ActionDesk paul(*store, ActionDesk::actorFor(*store, {}, QStringLiteral("paul"), 9));
        const auto note = paul.comment({}, {31, QStringLiteral("S00031"), 100},
                                       QStringLiteral("call the customer"));
        const auto esc = paul.escalate(
            QStringLiteral("c-12"),
            {{31, QStringLiteral("S00031"), 100}, {32, QStringLiteral("S00032"), 100}},
            QStringLiteral("same PO from two sites"));
        QVERIFY(note.ok && esc.ok);
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(120);
        QString error;
        QVERIFY(ActionQueue(*store).setState(
            note.actionId, ActionState::Retrying, QStringLiteral("HTTP 503"), &error,
            QStringLiteral("transient"), at.toString(Qt::ISODateWithMs)));

        Run r = cli(QStringList{QStringLiteral("list")} + s);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("NEXT ATTEMPT (UTC)")), qPrintable(r.out));
        QString retryLine;
        for (const QString &l : r.out.split(QLatin1Char('\n')))
            if (l.contains(QLatin1String("retrying")))
                retryLine = l;
        QVERIFY2(retryLine.contains(at.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))) &&
                     retryLine.contains(QLatin1String("HTTP 503")),
                 qPrintable(r.out));

        r = cli(QStringList{QStringLiteral("escalations")} + s);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("same PO from two sites")) &&
                     r.out.contains(QLatin1String("S00031, S00032")) &&
                     r.out.contains(QLatin1String("paul")),
                 qPrintable(r.out));
        const qint64 id = lead.escalations().value(0).id;
        QVERIFY(id > 0);
        r = cli(QStringList{QStringLiteral("approve"), QString::number(id)} + s,
                QStringLiteral("paul"));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("Only a lead")), qPrintable(r.err));
        r = cli(QStringList{QStringLiteral("decline"), QString::number(id)} + s);
        QCOMPARE(r.code, 1); // a decline needs a note
        r = cli(QStringList{QStringLiteral("approve"), QString::number(id),
                            QStringLiteral("--note"), QStringLiteral("keep S00031")} +
                s);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("approved")), qPrintable(r.out));
        r = cli(QStringList{QStringLiteral("escalations")} + s);
        QVERIFY2(!r.out.contains(QLatin1String("same PO")), qPrintable(r.out));
        r = cli(QStringList{QStringLiteral("escalations"), QStringLiteral("--all")} + s);
        QVERIFY2(r.out.contains(QLatin1String("approved by lena: keep S00031")), qPrintable(r.out));

        QVERIFY(paul.claim(QStringLiteral("c-12")).ok);
        r = cli(QStringList{QStringLiteral("handover"), QStringLiteral("--to"),
                            QStringLiteral("lena")} +
                    s,
                QStringLiteral("paul"));
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("c-12")), qPrintable(r.out));
        QCOMPARE(lead.claimOf(QStringLiteral("c-12"))->claimedBy, QStringLiteral("lena"));
        r = cli(QStringList{QStringLiteral("retry"), QString::number(note.actionId)} + s,
                QStringLiteral("paul"));
        QCOMPARE(r.code, 0);
        QCOMPARE(lead.action(note.actionId)->state, ActionState::Queued);
    }
};

QTEST_GUILESS_MAIN(TestActionsCli)
#include "tst_actions_cli.moc"
