// SPDX-License-Identifier: GPL-3.0-or-later
#include "Channel.h"

namespace o2c {

QString channelKey(Channel c) {
    switch (c) {
    case Channel::Edi:
        return QStringLiteral("edi");
    case Channel::Ecommerce:
        return QStringLiteral("ecommerce");
    case Channel::Crm:
        return QStringLiteral("crm");
    case Channel::Portal:
        return QStringLiteral("portal");
    case Channel::Email:
        return QStringLiteral("email");
    case Channel::Manual:
        return QStringLiteral("manual");
    case Channel::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

Channel channelFromKey(QStringView key) {
    for (Channel c : allChannels)
        if (key.compare(channelKey(c), Qt::CaseInsensitive) == 0)
            return c;
    return Channel::Unknown;
}

QString channelOdooSource(Channel c) {
    switch (c) {
    case Channel::Edi:
        return QStringLiteral("EDI");
    case Channel::Ecommerce:
        return QStringLiteral("eCommerce");
    case Channel::Crm:
        return QStringLiteral("CRM");
    case Channel::Portal:
        return QStringLiteral("Dealer Portal");
    case Channel::Email:
        return QStringLiteral("Email");
    case Channel::Manual:
        return QStringLiteral("Manual Entry");
    case Channel::Unknown:
        break;
    }
    return {};
}

Channel channelFromOdooSource(QStringView sourceName) {
    for (Channel c : allChannels)
        if (sourceName.compare(channelOdooSource(c), Qt::CaseInsensitive) == 0)
            return c;
    return Channel::Unknown;
}

} // namespace o2c
