// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/Log.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace o2c;

class TestLog final : public QObject {
    Q_OBJECT
private slots:
    void redactsSecrets_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::newRow("execute_kw api key")
            << QStringLiteral(
                   R"({"args":["o2c",9,"e6ba4a35d6fe0f92636a28de0da8b818f9b8b489","sale.order"]})")
            << QStringLiteral("e6ba4a35d6fe0f92636a28de0da8b818f9b8b489");
        QTest::newRow("password member")
            << QStringLiteral(R"({"login":"planner","password":"s3cret!"})")
            << QStringLiteral("s3cret!");
        QTest::newRow("bearer header") << QStringLiteral("Authorization: bearer abcDEF123.xyz")
                                       << QStringLiteral("abcDEF123.xyz");
        QTest::newRow("session cookie") << QStringLiteral("Cookie: session_id=0a1b2c3d4e; Path=/")
                                        << QStringLiteral("0a1b2c3d4e");
    }
    void redactsSecrets() {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        const QString out = log::redact(text);
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("***")));
    }

    void keepsOrdinaryText() {
        const QString text =
            QStringLiteral("synced 120 sale.order records, cursor 2026-11-26 13:53:16");
        QCOMPARE(log::redact(text), text);
    }

    void writesRotatingFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        log::Options options;
        options.console = false;
        options.fileDirectory = dir.path();
        options.fileBaseName = QStringLiteral("unit");
        options.level = QStringLiteral("debug");
        QVERIFY(log::setup(options).isEmpty());
        spdlog::debug("order {} held", QStringLiteral("S00025 – Müller"));
        spdlog::default_logger()->flush();
        QFile f(log::currentLogFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(
            QString::fromUtf8(f.readAll()).contains(QStringLiteral("order S00025 – Müller held")));
    }

    void rejectsUnknownLevel() {
        QTemporaryDir dir;
        log::Options options;
        options.console = false;
        options.fileDirectory = dir.path();
        options.level = QStringLiteral("verbose");
        QVERIFY(log::setup(options).contains(QStringLiteral("verbose")));
        QCOMPARE(spdlog::default_logger()->level(), spdlog::level::info);
    }
};

QTEST_GUILESS_MAIN(TestLog)
#include "tst_log.moc"
