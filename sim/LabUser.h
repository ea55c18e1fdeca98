// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace o2c::sim {

// A user of the simulated database with the rights the recordings show for it.
struct LabUser {
    qint64 uid = 0;
    QString login;
    QString password;
    QString apiKey;
    QString name;
    qint64 partnerId = 0;
    bool administrator = false;             // base.group_system: reads ir.model
    bool manufacturingUser = false;         // mrp.group_mrp_user: mrp_production_ids on sale.order
    bool billing = false;                   // account.group_account_invoice: action_post
    bool ownDocumentsOnly = false;          // sales_team.group_sale_salesman: own sale.order only
    QString lang = QStringLiteral("en_US"); // res.users.context_get
    QString tz = QStringLiteral("Europe/Brussels");

    bool acceptsSecret(const QString &secret) const {
        return !secret.isEmpty() && (secret == password || (!apiKey.isEmpty() && secret == apiKey));
    }
};

} // namespace o2c::sim
