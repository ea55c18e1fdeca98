// SPDX-License-Identifier: GPL-3.0-or-later
// `o2c odoo ping | sync | orders | order NAME | hold NAME | release NAME`: the real o2c program
// against the simulator on a free loopback port, with the secret in O2C_ODOO_SECRET.
#include "OdooDatabase.h"
#include "OdooRpc.h"
#include "OrderFlow.h"
#include "Simulator.h"

#include "flow/OrderBook.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace o2c;

namespace {

QString S(const char *s) {
    return QLatin1String(s);
}

struct Run {
    int exitCode = -1;
    QString out, err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QString log;
    QString all() const { return out + err + log; }
};

std::unique_ptr<sim::Simulator> startSimulator(int odooVersion) {
    sim::SimulatorOptions o;
    o.odooVersion = odooVersion;
    o.start = QDateTime(QDate(2026, 11, 20), QTime(8, 0), QTimeZone::utc());
    o.scenario.seed = 3;
    o.scenario.initialOrders = 30;
    o.scenario.running = false;
    auto s = std::make_unique<sim::Simulator>(o);
    QString error;
    if (!s->start(&error))
        qFatal("simulator: %s", qPrintable(error));
    return s;
}

int count(sim::Simulator &s, const char *model) {
    return int(s.database().ids(S(model)).size());
}

bool taggedHold(sim::Simulator &s, qint64 so) {
    const auto tags = s.database().value(S("sale.order"), so, S("tag_ids")).value<QList<qint64>>();
    for (qint64 tag : tags) {
        if (s.database().displayName(S("crm.tag"), tag) == QLatin1String("HOLD"))
            return true;
    }
    return false;
}

} // namespace

class TestOdooCommand final : public QObject {
    Q_OBJECT

    std::unique_ptr<sim::Simulator> m_sim;
    QTemporaryDir m_logs;

    // Runs o2c while this process keeps serving the simulator.
    Run o2c(const QStringList &args, const QString &secret, const QUrl &url = {}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(S("O2C_ODOO_SECRET"), secret);
        env.insert(S("O2C_LOG_LEVEL"), S("trace")); // the secret must not show even there
        // hold/release record the decision in the store's outbox: a store of this test's own.
        env.insert(S("O2C_STORE"), S("sqlite:") + QDir(m_logs.path()).filePath(S("store.sqlite")));
        env.remove(S("DISPLAY"));
        p.setProcessEnvironment(env);
        const QUrl server = url.isEmpty() ? m_sim->url() : url;
        QStringList all{S("odoo")};
        all << args << QStringList{S("--url"),          server.toString(), S("--db"),      S("o2c"),
                                   S("--user"),         S("planner"),      S("--timeout"), S("5"),
                                   S("--log-file-dir"), m_logs.path()};
        p.start(S(O2C_CLI_EXE), all);
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 90000)) {
            p.kill();
            p.waitForFinished();
        }
        Run r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        // The log file is output too.
        const QStringList files = QDir(m_logs.path()).entryList(QDir::Files);
        for (const QString &f : files) {
            QFile file(QDir(m_logs.path()).filePath(f));
            if (file.open(QIODevice::ReadOnly))
                r.log += QString::fromUtf8(file.readAll());
        }
        return r;
    }

    static QString key() { return sim::Simulator::plannerApiKey(); }

    qint64 quotation(const QString &ref) {
        m_sim->flow().setCallContext({}, 2);
        const QJsonObject line{{S("product_id"), 64}, {S("product_uom_qty"), 3}};
        return m_sim->rpc().createRecord(S("sale.order"),
                                         {{S("partner_id"), 11},
                                          {S("client_order_ref"), ref},
                                          {S("order_line"), QJsonArray{QJsonArray{0, 0, line}}}});
    }

    QString nameOf(qint64 so) {
        return m_sim->database().value(S("sale.order"), so, S("name")).toString();
    }

private slots:
    void init() { m_sim = startSimulator(18); }
    void cleanup() { m_sim.reset(); }

    // Each command's help names it as typed, whatever path the binary was started from.
    void helpNamesTheCommandAsTyped() {
        for (const QString &command : {S("odoo"), S("scan"), S("actions"), S("audit")}) {
            QProcess p;
            p.start(S(O2C_CLI_EXE), {command, S("--help")});
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 0);
            const QString first = QString::fromUtf8(p.readAllStandardOutput()).section(u'\n', 0, 0);
            QVERIFY2(first.startsWith(S("Usage: o2c %1 [options]").arg(command)),
                     qPrintable(first));
        }
    }

    void ping() {
        const Run text = o2c({S("ping")}, key());
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(S("Odoo 18.0+e-20241005")), qPrintable(text.all()));
        QVERIFY(text.out.contains(S("signed in as planner (uid 9) over JSON-RPC")));
        QVERIFY2(text.log.contains(S("Odoo POST /jsonrpc")),
                 qPrintable(text.log + text.err)); // traced, the key masked
        QVERIFY(!text.all().contains(key()));
        const Run json = o2c({S("ping"), S("--json")}, key());
        QCOMPARE(json.exitCode, 0);
        const QJsonObject o = json.json();
        QCOMPARE(o.value(S("ok")).toBool(), true);
        QCOMPARE(o.value(S("api")).toString(), S("jsonrpc"));
        QCOMPARE(o.value(S("uid")).toInt(), 9);
        QVERIFY(!json.all().contains(key()));
    }

    void pingOdoo19SpeaksJson2() {
        m_sim = startSimulator(19);
        const Run json = o2c({S("ping"), S("--json")}, key());
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(json.json().value(S("api")).toString(), S("json2"));
        QCOMPARE(json.json().value(S("version")).toString(), S("19.0"));
        QVERIFY(!json.all().contains(key()));
    }

    void syncCountsPerModel() {
        const Run json = o2c({S("sync"), S("--json")}, key());
        QCOMPARE(json.exitCode, 0);
        const QJsonObject models = json.json().value(S("models")).toObject();
        QCOMPARE(models.value(S("sale.order")).toInt(), count(*m_sim, "sale.order"));
        QCOMPARE(models.value(S("sale.order.line")).toInt(), count(*m_sim, "sale.order.line"));
        QCOMPARE(models.value(S("mrp.production")).toInt(), count(*m_sim, "mrp.production"));
        QCOMPARE(models.value(S("stock.picking")).toInt(), count(*m_sim, "stock.picking"));
        QCOMPARE(models.value(S("account.move")).toInt(), count(*m_sim, "account.move"));
        QVERIFY(models.value(S("res.partner")).toInt() > 0);
        QCOMPARE(json.json().value(S("orders")).toInt(), count(*m_sim, "sale.order"));
        QVERIFY(!json.all().contains(key()));

        const Run text = o2c({S("sync")}, key());
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(
                     QStringLiteral("sale.order        %1\n").arg(count(*m_sim, "sale.order"))),
                 qPrintable(text.out));
        QVERIFY(text.out.contains(
            QStringLiteral("mrp.production    %1\n").arg(count(*m_sim, "mrp.production"))));
        QVERIFY(
            text.out.contains(QStringLiteral("%1 orders in ").arg(count(*m_sim, "sale.order"))));
    }

    void ordersListsEveryOrder() {
        const Run json = o2c({S("orders"), S("--json")}, key());
        QCOMPARE(json.exitCode, 0);
        QStringList names;
        for (const QJsonValue &v : json.json().value(S("orders")).toArray())
            names << v.toObject().value(S("name")).toString();
        QStringList expected;
        for (qint64 id : m_sim->database().ids(S("sale.order")))
            expected << nameOf(id);
        expected.sort();
        QCOMPARE(names, expected); // sorted by name, each once
        const Run text = o2c({S("orders")}, key());
        QCOMPARE(text.exitCode, 0);
        QCOMPARE(text.out.count(u'\n'), expected.size());
        QVERIFY(text.out.startsWith(expected.first()));
    }

    void orderShowsTheCanonicalFormAndItsEvents() {
        // An order that went some way along order-to-cash.
        QString name;
        for (qint64 id : m_sim->database().ids(S("sale.order"))) {
            if (!m_sim->database()
                     .value(S("sale.order"), id, S("invoice_ids"))
                     .value<QList<qint64>>()
                     .isEmpty()) {
                name = nameOf(id);
                break;
            }
        }
        QVERIFY(!name.isEmpty());
        const Run json = o2c({S("order"), name, S("--json")}, key());
        QCOMPARE(json.exitCode, 0);
        const QJsonObject order = json.json().value(S("order")).toObject();
        // The same canonical form the cockpit builds from a sync of its own.
        odoo::ConnectionProfile profile;
        profile.url = m_sim->url();
        profile.database = S("o2c");
        profile.login = S("planner");
        profile.secret = key();
        profile.pollIntervalMs = 600000;
        odoo::HttpOdooTransport transport(profile);
        odoo::OdooClient client(profile, &transport);
        OrderBook book;
        odoo::OdooSync sync(&client, &book);
        QSignalSpy finished(&sync, &odoo::OdooSync::syncFinished);
        sync.start();
        QVERIFY(finished.wait(30000));
        const CanonicalOrder *expected = book.orderBySaleOrderName(name);
        QVERIFY(expected);
        QCOMPARE(order, expected->toJson());
        QVERIFY(!expected->events.isEmpty());

        const Run text = o2c({S("order"), name}, key());
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.startsWith(name));
        QVERIFY(text.out.contains(S("Customer   ") + expected->customer.name));
        QVERIFY(text.out.contains(S("\nEvents\n")));
        for (const OrderEvent &e : expected->events)
            QVERIFY2(text.out.contains(e.at.toString(Qt::ISODate)), qPrintable(text.out));
        QVERIFY(!text.all().contains(key()));
    }

    void holdThenReleaseChangeTheRecords() {
        const qint64 so = quotation(S("PO-CLI-7"));
        const QString name = nameOf(so);
        QVERIFY(!taggedHold(*m_sim, so));
        const Run hold = o2c({S("hold"), name, S("--reason"), S("duplicate of PO-CLI-6")}, key());
        QVERIFY2(hold.exitCode == 0, qPrintable(hold.all()));
        QVERIFY2(!hold.out.trimmed().isEmpty(), qPrintable(hold.err)); // says what was done
        QVERIFY(taggedHold(*m_sim, so));
        QCOMPARE(m_sim->database().value(S("sale.order"), so, S("state")).toString(), S("draft"));
        const Run release = o2c({S("release"), name, S("--json")}, key());
        QVERIFY2(release.exitCode == 0, qPrintable(release.all()));
        QCOMPARE(release.json().value(S("ok")).toBool(), true);
        QVERIFY(!release.json().value(S("message")).toString().isEmpty());
        QVERIFY(!taggedHold(*m_sim, so));
        QCOMPARE(m_sim->database().value(S("sale.order"), so, S("state")).toString(), S("sale"));
        QVERIFY(!hold.all().contains(key()) && !release.all().contains(key()));
    }

    void failuresExitNonZeroWithAClearMessage_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<bool>("unreachable");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("kind");
        QTest::newRow("wrong password")
            << QStringList{S("sync")} << S("not-the-password-4711") << false
            << S("Sign-in refused: check the login and password or API key") << S("access_denied");
        QTest::newRow("unknown order") << QStringList{S("order"), S("S99999")} << key() << false
                                       << S("Odoo has no sale order S99999") << QString();
        QTest::newRow("unreachable server")
            << QStringList{S("ping")} << key() << true << S("127.0.0.1") << S("network_failure");
    }
    void failuresExitNonZeroWithAClearMessage() {
        QFETCH(QStringList, args);
        QFETCH(QString, secret);
        QFETCH(bool, unreachable);
        QFETCH(QString, message);
        QFETCH(QString, kind);
        QUrl url;
        if (unreachable) {
            QTcpServer probe; // a port nobody listens on
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
        }
        const Run text = o2c(args, secret, url);
        QCOMPARE(text.exitCode, 1);
        QVERIFY2(text.err.contains(message), qPrintable(text.err));
        QVERIFY(!text.all().contains(secret));
        const Run json = o2c(args + QStringList{S("--json")}, secret, url);
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json().value(S("ok")).toBool(), false);
        QVERIFY(json.json().value(S("error")).toString().contains(message));
        if (!kind.isEmpty())
            QCOMPARE(json.json().value(S("kind")).toString(), kind);
        QVERIFY(!json.all().contains(secret));
    }

    void secretNeverOnTheCommandLine() {
        const Run r = o2c({S("ping"), S("--password"), S("x")}, key());
        QCOMPARE(r.exitCode, 2); // no such option: the secret comes from the environment
    }
};

QTEST_GUILESS_MAIN(TestOdooCommand)
#include "tst_odoo_command.moc"
