// SPDX-License-Identifier: GPL-3.0-or-later
#include "dedup/ScanCommand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace o2c;

namespace {
const char *const goodLines[] = {
    R"({"id":"edi:1","channel":"edi","customer":{"id":104,"name":"Deco Addict GmbH","vat":"DE123456789"},"customer_ref":"PO-4711","lines":[{"sku":"FURN-7800","qty":4,"uom":"Units","price":450},{"sku":"FURN-1118","qty":10,"uom":"Units","price":85}],"amount_total":2650,"currency":"EUR","created_at":"2025-03-03T09:00:00+01:00","ship_to":"Main St 1, Berlin","source":{"system":"edi-gateway","document":"MSG-1","edi":{"isa13":"000000101","gs06":"101","st02":"0001"}}})",
    R"({"id":"manual:2","channel":"manual","customer":{"id":140,"name":"DECO ADDICT"},"customer_ref":"po 4711","lines":[{"sku":"FURN-1118","qty":10,"price":86},{"sku":"FURN-7800","qty":4,"price":457}],"amount_total":2688,"currency":"EUR","created_at":"2025-03-03T08:14:00Z"})",
    R"({"id":"crm:3","channel":"crm","customer":{"id":150,"name":"Gemini Furniture"},"customer_ref":"G-1","lines":[{"sku":"FURN-7800","qty":4}],"created_at":"2025-03-03T08:20:00Z"})",
};
} // namespace

class TestScanCommand final : public QObject {
    Q_OBJECT

private slots:
    void scansAndReportsBadLines() {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("orders.jsonl"));
        const QString out = dir.filePath(QStringLiteral("clusters.json"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(goodLines[0]);
        f.write("\n{not json\n");
        f.write(goodLines[1]);
        f.write("\n\n[1,2]\n");
        f.write(goodLines[2]);
        f.write("\n");
        f.close();

        QString errText;
        QTextStream err(&errText);
        QCOMPARE(ScanCommand::run(in, out, QString(), err), int(ScanCommand::BadLines));
        QVERIFY2(errText.contains(QStringLiteral("line 2 skipped")), qPrintable(errText));
        QVERIFY2(errText.contains(QStringLiteral("line 5 skipped")), qPrintable(errText));
        QVERIFY2(errText.contains(
                     QStringLiteral("3 orders read, 2 bad lines skipped, 1 cluster written")),
                 qPrintable(errText));

        QFile result(out);
        QVERIFY(result.open(QIODevice::ReadOnly));
        const QJsonArray clusters = QJsonDocument::fromJson(result.readAll())
                                        .object()
                                        .value(QStringLiteral("clusters"))
                                        .toArray();
        QCOMPARE(clusters.size(), 1);
        const QJsonObject c = clusters.first().toObject();
        QCOMPARE(c.value(QStringLiteral("id")).toString(), QStringLiteral("C-000001"));
        QCOMPARE(c.value(QStringLiteral("kind")).toString(), QStringLiteral("duplicate"));
        QCOMPARE(c.value(QStringLiteral("members")).toArray(),
                 QJsonArray({QStringLiteral("edi:1"), QStringLiteral("manual:2")}));
        QVERIFY(c.value(QStringLiteral("score")).toDouble() > 4);
        const QJsonArray evidence = c.value(QStringLiteral("evidence")).toArray();
        QVERIFY(evidence.size() >= 4);
        QCOMPARE(evidence.first().toObject().value(QStringLiteral("signal")).toString(),
                 QStringLiteral("customer"));
        QVERIFY(evidence.first().toObject().contains(QStringLiteral("weight")));
    }

    void cleanInputExitsZero() {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("orders.jsonl"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(goodLines[2]);
        f.close();
        QString errText;
        QTextStream err(&errText);
        QCOMPARE(ScanCommand::run(in, dir.filePath(QStringLiteral("o.json")), QString(), err), 0);
    }

    void unusableInputsStopTheRun() {
        QTemporaryDir dir;
        QString errText;
        QTextStream err(&errText);
        QCOMPARE(ScanCommand::run(dir.filePath(QStringLiteral("missing.jsonl")),
                                  dir.filePath(QStringLiteral("o.json")), QString(), err),
                 int(ScanCommand::CannotRun));
        QVERIFY(errText.contains(QStringLiteral("--input")));

        const QString in = dir.filePath(QStringLiteral("orders.jsonl"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const QString rules = dir.filePath(QStringLiteral("rules.json"));
        QFile r(rules);
        QVERIFY(r.open(QIODevice::WriteOnly));
        r.write(R"({"weights": {"reference": {"samee": 1}}})");
        r.close();
        errText.clear();
        QCOMPARE(ScanCommand::run(in, dir.filePath(QStringLiteral("o.json")), rules, err),
                 int(ScanCommand::CannotRun));
        QVERIFY2(errText.contains(QStringLiteral("weights.reference.samee")), qPrintable(errText));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("o.json"))));
    }
};

QTEST_GUILESS_MAIN(TestScanCommand)
#include "tst_scan_command.moc"
