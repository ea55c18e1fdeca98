// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QTextStream>

namespace o2c {

// `o2c scan --input FILE --output FILE [--rules FILE]`: finds duplicate clusters in a JSON-lines
// file of canonical orders and writes them as JSON (docs/formats.md).
class ScanCommand final {
public:
    enum ExitCode : int {
        Success = 0,   // every line read
        BadLines = 1,  // the run completed, some lines were reported and skipped
        CannotRun = 2, // input, output or rules could not be used; nothing written
    };

    // `inputPath` / `outputPath` may be "-" for standard input / output; an empty `rulesPath`
    // uses the built-in rules. Problems go to `err` in plain words, each bad line with its number.
    static int run(const QString &inputPath, const QString &outputPath, const QString &rulesPath,
                   QTextStream &err);
};

} // namespace o2c
