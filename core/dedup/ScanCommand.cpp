// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScanCommand.h"

#include "DuplicateEngine.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <cstdio>
#include <span>
#include <vector>

namespace o2c {

namespace {
double rounded(double v) {
    return std::round(v * 100.0) / 100.0;
}

QJsonObject clusterJson(const DuplicateCluster &c) {
    QJsonArray evidence;
    for (const Evidence &e : c.evidence)
        evidence.append(QJsonObject{{QStringLiteral("signal"), e.signal},
                                    {QStringLiteral("detail"), e.detail},
                                    {QStringLiteral("weight"), rounded(e.weight)}});
    return QJsonObject{{QStringLiteral("id"), c.id},
                       {QStringLiteral("kind"), clusterKindKey(c.kind)},
                       {QStringLiteral("score"), rounded(c.score)},
                       {QStringLiteral("members"), QJsonArray::fromStringList(c.members)},
                       {QStringLiteral("evidence"), evidence}};
}
} // namespace

int ScanCommand::run(const QString &inputPath, const QString &outputPath, const QString &rulesPath,
                     QTextStream &err) {
    DuplicateRules rules = DuplicateRules::defaults();
    if (!rulesPath.isEmpty()) {
        QString error;
        rules = DuplicateRules::fromFile(rulesPath, &error);
        if (!error.isEmpty()) {
            err << "o2c scan: " << error << "\nFix the rules file or leave out --rules to use the "
                << "built-in rules.\n";
            err.flush();
            return CannotRun;
        }
    }

    QFile input;
    const bool fromStdin = inputPath == QLatin1String("-");
    const bool opened = fromStdin ? input.open(stdin, QIODevice::ReadOnly)
                                  : (input.setFileName(inputPath), input.open(QIODevice::ReadOnly));
    if (inputPath.isEmpty() || !opened) {
        err << "o2c scan: cannot read the input file " << inputPath << ": " << input.errorString()
            << "\nCheck the path given with --input.\n";
        err.flush();
        return CannotRun;
    }

    DuplicateEngine engine(std::move(rules));
    qint64 lineNumber = 0, bad = 0, read = 0;
    // Orders go to the engine in batches, in input order: within one, a second thread prepares
    // what depends on each order alone while this one links and scores (the same clusters as
    // on one core).
    constexpr size_t batchSize = 16384;
    std::vector<CanonicalOrder> batch;
    batch.reserve(batchSize);
    while (!input.atEnd()) {
        const QByteArray line = input.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        QString problem;
        if (pe.error != QJsonParseError::NoError)
            problem = QStringLiteral("not valid JSON (%1 at column %2)")
                          .arg(pe.errorString())
                          .arg(pe.offset + 1);
        else if (!doc.isObject())
            problem = QStringLiteral("not a JSON object");
        CanonicalOrder order;
        if (problem.isEmpty())
            order = CanonicalOrder::fromJson(doc.object(), &problem);
        if (!problem.isEmpty()) {
            ++bad;
            err << "o2c scan: line " << lineNumber << " skipped: " << problem << '\n';
            continue;
        }
        ++read;
        batch.push_back(std::move(order));
        if (batch.size() == batchSize) {
            engine.ingest(std::span<const CanonicalOrder>(batch),
                          DuplicateEngine::ScanThreads::Two);
            batch.clear();
        }
    }
    engine.ingest(std::span<const CanonicalOrder>(batch), DuplicateEngine::ScanThreads::Two);

    QJsonArray clusters;
    for (const DuplicateCluster &c : engine.clusters())
        clusters.append(clusterJson(c));
    const QByteArray out = QJsonDocument(QJsonObject{{QStringLiteral("clusters"), clusters}})
                               .toJson(QJsonDocument::Indented);
    if (outputPath == QLatin1String("-")) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly) || stdoutFile.write(out) != out.size()) {
            err << "o2c scan: cannot write to standard output\n";
            err.flush();
            return CannotRun;
        }
    } else {
        QSaveFile file(outputPath);
        if (outputPath.isEmpty() || !file.open(QIODevice::WriteOnly) ||
            file.write(out) != out.size() || !file.commit()) {
            err << "o2c scan: cannot write the output file " << outputPath << ": "
                << file.errorString()
                << "\nCheck the path given with --output and that its folder exists.\n";
            err.flush();
            return CannotRun;
        }
    }
    // The command line speaks English (scripts read it), counted right: "1 order", "2 orders".
    const auto count = [](qsizetype n, const char *one, const char *many) -> QString {
        return QString::number(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
    };
    err << "o2c scan: " << count(read, "order", "orders") << " read, "
        << count(bad, "bad line", "bad lines") << " skipped, "
        << count(clusters.size(), "cluster", "clusters") << " written\n";
    err.flush();
    return bad ? BadLines : Success;
}

} // namespace o2c
