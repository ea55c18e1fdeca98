// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <array>

namespace o2c {

// Where a customer demand signal entered the business.
enum class Channel : quint8 { Unknown, Edi, Ecommerce, Crm, Portal, Email, Manual };

inline constexpr std::array<Channel, 6> allChannels{Channel::Edi,   Channel::Ecommerce,
                                                    Channel::Crm,   Channel::Portal,
                                                    Channel::Email, Channel::Manual};

// Stable key used in files and on the wire: "edi", "ecommerce", "crm", "portal", "email", "manual".
QString channelKey(Channel c);
Channel channelFromKey(QStringView key);

// The name of the utm.source record a channel's orders carry in Odoo ("EDI", "eCommerce", ...).
QString channelOdooSource(Channel c);
Channel channelFromOdooSource(QStringView sourceName);

} // namespace o2c
