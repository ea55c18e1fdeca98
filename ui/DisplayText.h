// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dedup/DuplicateCluster.h"
#include "order/Channel.h"
#include "order/OrderStage.h"

#include <QDateTime>
#include <QLocale>
#include <QString>

namespace o2c::ui {

// Translated names and locale-aware formatting for what the cockpit shows to planners.
// Formatting happens only for display; models keep raw values for sorting and filtering.
QString stageTitle(OrderStage stage);
QString channelTitle(Channel channel);
QString clusterKindTitle(ClusterKind kind);

// "€12,400.00" / "12.400,00 €" depending on the locale; falls back to the ISO code as symbol.
QString formatMoney(double amount, const QString &currencyCode, const QLocale &locale = {});
// The same, without cents, for the big figures of the flow board.
QString formatMoneyShort(double amount, const QString &currencyCode, const QLocale &locale = {});

// "3 s ago", "5 min ago", "2 h ago", "4 d ago"; "never" for an invalid time.
QString relativeTime(const QDateTime &then, const QDateTime &now);
// "42 s", "5 min", "2 h 10 min", "4 d" (an age without "ago").
QString formatAge(qint64 seconds);

} // namespace o2c::ui
