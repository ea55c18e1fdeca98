// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace o2c {

// A customer name reduced to what identifies the company: accents, case, punctuation, blanks and
// legal-form words (GmbH, AG, SA, S.A., Inc., Ltd, LLC, BV, ...) dropped. "Deco Addict GmbH" and
// "DECO ADDICT" both give "DECOADDICT". Empty when nothing is left.
QString normalizeCustomerName(QStringView name);

// VAT or GLN without blanks, dots and dashes, upper case.
QString normalizeTaxId(QStringView id);

} // namespace o2c
