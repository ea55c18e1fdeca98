// SPDX-License-Identifier: GPL-3.0-or-later
#include "cache/LocalOrderStore.h"
#include "shared/ProcessSetup.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace o2c;

// The cockpit program started as a script starts it, with --report-start, against a profile whose
// local order store was written before: the report lines come, say what the window shows, and
// can be read by a machine.
class TestStartReport final : public QObject {
    Q_OBJECT

    struct Home {
        QTemporaryDir dir;
        QString data() const { return dir.filePath(QStringLiteral("data")); }
        QProcessEnvironment environment() const {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("XDG_DATA_HOME"), data());
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
            env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("cache")));
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            env.insert(QStringLiteral("O2C_ODOO_SECRET"), QStringLiteral("secret"));
            // The team store in the temporary folder too, whatever the platform.
            env.insert(QStringLiteral("O2C_STORE"),
                       QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("team.db")));
            env.remove(QStringLiteral("O2C_HUB_URL"));
            env.remove(QStringLiteral("O2C_RABBITMQ_URL"));
            return env;
        }
        // The file the cockpit keeps the profile's orders in.
        QString storePath() const {
            odoo::ConnectionProfile p;
            p.url = QUrl::fromUserInput(QStringLiteral("http://127.0.0.1:9"));
            p.database = QStringLiteral("db");
            p.login = QStringLiteral("planner");
            const QByteArray before = qgetenv("XDG_DATA_HOME");
            qputenv("XDG_DATA_HOME", data().toLocal8Bit());
            const QString path = LocalOrderStore::defaultPath(p);
            qputenv("XDG_DATA_HOME", before);
            return path;
        }
    };

    struct Report {
        QList<QJsonObject> lines;
        int exitCode = -1;
        bool finished = false;
        QString err;
    };

    static QStringList arguments(bool quit) {
        QStringList args{QStringLiteral("--url"),         QStringLiteral("http://127.0.0.1:9"),
                         QStringLiteral("--db"),          QStringLiteral("db"),
                         QStringLiteral("--user"),        QStringLiteral("planner"),
                         QStringLiteral("--report-start")};
        if (quit)
            args << QStringLiteral("--quit-after-start");
        return args;
    }

    static QList<QJsonObject> parse(const QByteArray &out) {
        QList<QJsonObject> lines;
        for (const QByteArray &line : out.split('\n')) {
            if (!line.startsWith("o2c-start "))
                continue;
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(line.mid(10), &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                return {}; // not parseable: the caller's comparison fails
            lines.append(doc.object());
        }
        return lines;
    }

    static Report start(const Home &home) {
        QProcess p;
        p.setProcessEnvironment(home.environment());
        p.start(QStringLiteral(O2C_COCKPIT_EXE), arguments(true));
        Report r;
        r.finished = p.waitForFinished(60000);
        if (!r.finished) {
            p.kill();
            p.waitForFinished();
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.lines = parse(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    static void writeOrders(const QString &path, int count) {
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        LocalOrderStore store(path);
        QList<CanonicalOrder> orders;
        for (int n = 1; n <= count; ++n) {
            CanonicalOrder o;
            o.id = QStringLiteral("odoo:test:sale.order:%1").arg(n);
            o.saleOrderId = n;
            o.saleOrderName = QStringLiteral("S%1").arg(n, 5, 10, QLatin1Char('0'));
            o.customer = {n, QStringLiteral("Weber Hydraulik GmbH"), {}, {}};
            o.customerRef = QStringLiteral("PO-%1").arg(n);
            o.amountTotal = 100.0 * n;
            o.currency = QStringLiteral("EUR");
            o.createdAt = QDateTime(QDate(2026, 11, 2), QTime(8, 0), Qt::UTC).addSecs(n * 60);
            o.stage = OrderStage::Confirmed;
            orders.append(o);
        }
        store.saveOrders(orders);
        store.flush();
    }

    static double num(const QJsonObject &o, const char *key) {
        return o.value(QString::fromLatin1(key)).toDouble(-1);
    }

private slots:
    void initTestCase() {
#if !defined(Q_OS_LINUX) && !defined(Q_OS_FREEBSD) && !defined(Q_OS_OPENBSD) &&                    \
    !defined(Q_OS_NETBSD)
        // The cockpit's data folder is pointed into a temporary folder through XDG_DATA_HOME;
        // elsewhere it would be the user's own.
        QSKIP("needs a platform whose data folder follows XDG_DATA_HOME");
#endif
        app::setApplicationIdentity(QStringLiteral("o2c-cockpit")); // the cockpit's data folder
    }

    void keptOrdersOnScreenThenAllLoaded() {
        Home home;
        writeOrders(home.storePath(), 3);
        const Report r = start(home);
        QVERIFY2(r.finished, "the cockpit did not quit after --quit-after-start");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 2);
        const QJsonObject interactive = r.lines.at(0), restored = r.lines.at(1);
        QCOMPARE(interactive.value(QStringLiteral("event")).toString(),
                 QStringLiteral("interactive"));
        QCOMPARE(num(interactive, "ordersShown"), 3.0); // the kept orders are on screen
        QVERIFY(num(interactive, "sinceMainMs") > 0);
        QCOMPARE(restored.value(QStringLiteral("event")).toString(), QStringLiteral("restored"));
        QCOMPARE(num(restored, "orders"), 3.0);
        QVERIFY(num(restored, "sinceMainMs") > 0);
        QVERIFY(num(restored, "longestPauseMs") >= 0);
#ifdef Q_OS_LINUX
        // The system counts the process from before main(): never less than main()'s own clock.
        QVERIFY(num(interactive, "sinceProcessStartMs") >= num(interactive, "sinceMainMs"));
        QVERIFY(num(restored, "longestBusyMs") >= 0);
#endif
        // The program went on writing the store: the orders are still all there.
        QList<CanonicalOrder> back;
        QString error;
        QVERIFY2(LocalOrderStore::readAll(home.storePath(), &back, nullptr, &error),
                 qPrintable(error));
        QCOMPARE(back.size(), 3);
    }

    void emptyStoreIsReportedToo() {
        Home home; // a first start: no store yet
        const Report r = start(home);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 2);
        QCOMPARE(num(r.lines.at(0), "ordersShown"), 0.0);
        QCOMPARE(num(r.lines.at(1), "orders"), 0.0);
        QVERIFY(QFileInfo::exists(home.storePath())); // created for the next start
    }

    void unreadableStoreIsSetAsideAndTheStartGoesOn() {
        Home home;
        const QString path = home.storePath();
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(16 * 1024, '\x5a'));
        }
        const Report r = start(home);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 2);
        QCOMPARE(num(r.lines.at(1), "orders"), 0.0);
        const QStringList aside = QFileInfo(path).dir().entryList(
            {QFileInfo(path).fileName() + QStringLiteral(".unreadable-*")});
        QCOMPARE(aside.size(), 1);
        QVERIFY2(r.err.contains(QStringLiteral("unreadable")), qPrintable(r.err)); // in the log
    }

    void withoutQuitItKeepsRunning() {
        Home home;
        writeOrders(home.storePath(), 2);
        QProcess p;
        p.setProcessEnvironment(home.environment());
        p.start(QStringLiteral(O2C_COCKPIT_EXE), arguments(false));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput(), parse(out).size() == 2), 60000);
        QVERIFY(!p.waitForFinished(1000)); // still there for the user
        p.kill();
        p.waitForFinished();
        QCOMPARE(num(parse(out).at(1), "orders"), 2.0);
    }
};

QTEST_MAIN(TestStartReport)
#include "tst_start_report.moc"
