// SPDX-License-Identifier: GPL-3.0-or-later
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

// Runs the built programs the way a script or an installer check does.
class TestPrograms final : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out, err;
    };

    static Run run(const QString &exe, const QStringList &args, bool withoutDisplay = true) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (withoutDisplay) {
            env.remove(QStringLiteral("DISPLAY"));
            env.remove(QStringLiteral("WAYLAND_DISPLAY"));
            env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        }
        p.setProcessEnvironment(env);
        p.start(exe, args);
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void versionWithoutDisplay_data() {
        QTest::addColumn<QString>("exe");
        QTest::addColumn<QString>("name");
        QTest::newRow("cockpit") << QStringLiteral(O2C_COCKPIT_EXE)
                                 << QStringLiteral("o2c-cockpit");
        QTest::newRow("cli") << QStringLiteral(O2C_CLI_EXE) << QStringLiteral("o2c");
        QTest::newRow("sim") << QStringLiteral(O2C_SIM_EXE) << QStringLiteral("o2c-sim");
    }
    void versionWithoutDisplay() {
        QFETCH(QString, exe);
        QFETCH(QString, name);
        const Run r = run(exe, {QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^%1 \\d+\\.\\d+\\.\\d+\\s*$").arg(name))
                     .match(r.out)
                     .hasMatch(),
                 qPrintable(r.out + r.err));
    }

    void helpWithoutDisplay_data() {
        QTest::addColumn<QString>("exe");
        QTest::addColumn<QString>("mustMention");
        QTest::newRow("cockpit") << QStringLiteral(O2C_COCKPIT_EXE) << QStringLiteral("--demo");
        QTest::newRow("cli") << QStringLiteral(O2C_CLI_EXE) << QStringLiteral("Commands:");
        QTest::newRow("sim") << QStringLiteral(O2C_SIM_EXE) << QStringLiteral("--seed");
    }
    void helpWithoutDisplay() {
        QFETCH(QString, exe);
        QFETCH(QString, mustMention);
        const Run r = run(exe, {QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(mustMention), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("--log-level")) ||
                r.out.contains(QStringLiteral("Commands:")));
    }

    void cliRejectsUnknownCommand() {
        const Run r = run(QStringLiteral(O2C_CLI_EXE), {QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("Unknown command \"frobnicate\"")));
    }

    void simRejectsBadOptions() {
        const Run r =
            run(QStringLiteral(O2C_SIM_EXE), {QStringLiteral("--speed"), QStringLiteral("fast")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--speed")), qPrintable(r.err));
    }

    void simServesOdooVersion() {
        QProcess sim;
        sim.start(QStringLiteral(O2C_SIM_EXE),
                  {QStringLiteral("--paused"), QStringLiteral("--initial-orders"),
                   QStringLiteral("5"), QStringLiteral("--log-level"), QStringLiteral("warn")});
        QVERIFY(sim.waitForStarted());
        QString banner;
        QTRY_VERIFY_WITH_TIMEOUT((banner += QString::fromUtf8(sim.readAllStandardOutput()))
                                     .contains(QStringLiteral("http://127.0.0.1:")),
                                 20000);
        const QUrl base(QRegularExpression(QStringLiteral("http://127\\.0\\.0\\.1:\\d+"))
                            .match(banner)
                            .captured(0));
        QNetworkAccessManager nam;
        QNetworkRequest req(base.resolved(QUrl(QStringLiteral("/web/webclient/version_info"))));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            nam.post(req, R"({"jsonrpc":"2.0","method":"call","params":{},"id":1})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        const QJsonObject result = QJsonDocument::fromJson(reply->readAll())
                                       .object()
                                       .value(QStringLiteral("result"))
                                       .toObject();
        QCOMPARE(result.value(QStringLiteral("server_serie")).toString(), QStringLiteral("18.0"));
        reply->deleteLater();
        sim.terminate();
        QVERIFY(sim.waitForFinished(5000));
    }
};

QTEST_GUILESS_MAIN(TestPrograms)
#include "tst_programs.moc"
