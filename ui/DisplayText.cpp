// SPDX-License-Identifier: GPL-3.0-or-later
#include "DisplayText.h"

#include <QCoreApplication>
#include <QHash>

namespace o2c::ui {

QString stageTitle(OrderStage stage) {
    switch (stage) {
    case OrderStage::Quotation:
        return QCoreApplication::translate("o2c::ui::Stage", "Quotation");
    case OrderStage::Confirmed:
        return QCoreApplication::translate("o2c::ui::Stage", "Confirmed");
    case OrderStage::Manufacturing:
        return QCoreApplication::translate("o2c::ui::Stage", "Manufacturing");
    case OrderStage::Reserved:
        return QCoreApplication::translate("o2c::ui::Stage", "Reserved");
    case OrderStage::Produced:
        return QCoreApplication::translate("o2c::ui::Stage", "Produced");
    case OrderStage::Shipped:
        return QCoreApplication::translate("o2c::ui::Stage", "Shipped");
    case OrderStage::Invoiced:
        return QCoreApplication::translate("o2c::ui::Stage", "Invoiced");
    case OrderStage::Paid:
        return QCoreApplication::translate("o2c::ui::Stage", "Paid");
    case OrderStage::Cancelled:
        return QCoreApplication::translate("o2c::ui::Stage", "Cancelled");
    }
    return {};
}

QString channelTitle(Channel channel) {
    switch (channel) {
    case Channel::Edi:
        return QCoreApplication::translate("o2c::ui::Channel", "EDI");
    case Channel::Ecommerce:
        return QCoreApplication::translate("o2c::ui::Channel", "eCommerce");
    case Channel::Crm:
        return QCoreApplication::translate("o2c::ui::Channel", "CRM");
    case Channel::Portal:
        return QCoreApplication::translate("o2c::ui::Channel", "Dealer portal");
    case Channel::Email:
        return QCoreApplication::translate("o2c::ui::Channel", "Email");
    case Channel::Manual:
        return QCoreApplication::translate("o2c::ui::Channel", "Manual entry");
    case Channel::Unknown:
        break;
    }
    return QCoreApplication::translate("o2c::ui::Channel", "Unknown");
}

QString clusterKindTitle(ClusterKind kind) {
    switch (kind) {
    case ClusterKind::Duplicate:
        return QCoreApplication::translate("o2c::ui::Cluster", "Duplicate");
    case ClusterKind::Suspect:
        return QCoreApplication::translate("o2c::ui::Cluster", "Suspect");
    case ClusterKind::Amendment:
        return QCoreApplication::translate("o2c::ui::Cluster", "Amendment");
    }
    return {};
}

namespace {
QString symbolFor(const QString &code, const QLocale &locale) {
    if (code.isEmpty())
        return locale.currencySymbol(QLocale::CurrencySymbol);
    // QLocale knows the symbol only for its own currency; other currencies show their ISO code.
    if (code.compare(locale.currencySymbol(QLocale::CurrencyIsoCode), Qt::CaseInsensitive) == 0)
        return locale.currencySymbol(QLocale::CurrencySymbol);
    for (const QLocale &l : QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript,
                                                     QLocale::AnyTerritory)) {
        if (l.currencySymbol(QLocale::CurrencyIsoCode) == code)
            return l.currencySymbol(QLocale::CurrencySymbol);
    }
    return code;
}

const QString &cachedSymbol(const QString &code, const QLocale &locale) {
    // matchingLocales() is slow; the table shows few distinct currencies.
    static QHash<QString, QString> cache;
    const QString key = locale.name() % QLatin1Char('/') % code;
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, symbolFor(code, locale));
    return *it;
}
} // namespace

QString formatMoney(double amount, const QString &currencyCode, const QLocale &locale) {
    return locale.toCurrencyString(amount, cachedSymbol(currencyCode, locale), 2);
}

QString formatMoneyShort(double amount, const QString &currencyCode, const QLocale &locale) {
    return locale.toCurrencyString(amount, cachedSymbol(currencyCode, locale), 0);
}

QString relativeTime(const QDateTime &then, const QDateTime &now) {
    if (!then.isValid())
        return QCoreApplication::translate("o2c::ui::Time", "never");
    const qint64 s = std::max<qint64>(0, then.secsTo(now));
    if (s < 60)
        return QCoreApplication::translate("o2c::ui::Time", "%1 s ago").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("o2c::ui::Time", "%1 min ago").arg(s / 60);
    if (s < 86400)
        return QCoreApplication::translate("o2c::ui::Time", "%1 h ago").arg(s / 3600);
    return QCoreApplication::translate("o2c::ui::Time", "%1 d ago").arg(s / 86400);
}

QString formatAge(qint64 seconds) {
    const qint64 s = std::max<qint64>(0, seconds);
    if (s < 60)
        return QCoreApplication::translate("o2c::ui::Time", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("o2c::ui::Time", "%1 min").arg(s / 60);
    if (s < 86400) {
        return QCoreApplication::translate("o2c::ui::Time", "%1 h %2 min")
            .arg(s / 3600)
            .arg((s % 3600) / 60);
    }
    return QCoreApplication::translate("o2c::ui::Time", "%1 d").arg(s / 86400);
}

} // namespace o2c::ui
