// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerName.h"

#include <QStringList>

namespace o2c {

namespace {
bool isLegalForm(QStringView w) {
    static const QStringList forms = {
        QStringLiteral("GMBH"),         QStringLiteral("AG"),          QStringLiteral("KG"),
        QStringLiteral("OHG"),          QStringLiteral("UG"),          QStringLiteral("EV"),
        QStringLiteral("SA"),           QStringLiteral("SAS"),         QStringLiteral("SARL"),
        QStringLiteral("SRL"),          QStringLiteral("SPA"),         QStringLiteral("SL"),
        QStringLiteral("INC"),          QStringLiteral("LTD"),         QStringLiteral("LLC"),
        QStringLiteral("LLP"),          QStringLiteral("PLC"),         QStringLiteral("CORP"),
        QStringLiteral("CO"),           QStringLiteral("BV"),          QStringLiteral("NV"),
        QStringLiteral("OY"),           QStringLiteral("AB"),          QStringLiteral("AS"),
        QStringLiteral("APS"),          QStringLiteral("SPZOO"),       QStringLiteral("DOO"),
        QStringLiteral("KK"),           QStringLiteral("PTY"),         QStringLiteral("LIMITED"),
        QStringLiteral("INCORPORATED"), QStringLiteral("CORPORATION"), QStringLiteral("COMPANY"),
    };
    return forms.contains(w);
}
} // namespace

QString normalizeCustomerName(QStringView name) {
    // Dots inside abbreviations ("S.A.", "B.V.") join letters; other punctuation separates words.
    const QString decomposed = name.toString().normalized(QString::NormalizationForm_KD);
    QString out;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty() && !isLegalForm(word))
            out += word;
        word.clear();
    };
    for (QChar c : decomposed) {
        if (c.isMark() || c == u'.' || c == u'\'')
            continue;
        if (c.isLetterOrNumber())
            word.append(c.toUpper());
        else if (c == u'&' || c.isSpace() || c.isPunct() || c.isSymbol())
            flush();
    }
    flush();
    return out;
}

QString normalizeTaxId(QStringView id) {
    QString out;
    out.reserve(id.size());
    for (QChar c : id)
        if (c.isLetterOrNumber())
            out.append(c.toUpper());
    return out;
}

} // namespace o2c
