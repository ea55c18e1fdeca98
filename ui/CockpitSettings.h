// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace o2c::ui {

// Where an alert fires: a figure at or above its threshold.
struct AlertThresholds {
    double duplicateRatePercent = 5.0; // duplicates among today's orders
    int backlog = 25;                  // open duplicate clusters
    int queueDepth = 20;               // outbox actions waiting or running
    int latencyMs = 5000;              // last sync pass
    int failures = 3;                  // failed sync passes in a row plus failed actions
};

// A saved Odoo connection (its password stays in the system keychain).
struct SavedProfile {
    QString name;
    QUrl url;
    QString database;
    QString login;
    bool production = false;
};

// The cockpit's own preferences, kept in QSettings.
struct CockpitSettings {
    AlertThresholds alerts;
    int slaHours = 4; // time a duplicate cluster may wait before its SLA is breached
    QString language; // "" follows the system; "de", "fr", "es", "pl", "en"
    QString theme;    // "" follows the system; "light", "dark"
    QList<SavedProfile> profiles;

    static CockpitSettings load();
    void save() const;

    // The connection the cockpit signs in to at start (kept apart from the list: it may be one
    // given on the command line).
    static SavedProfile activeConnection();
    static void saveActiveConnection(const SavedProfile &profile);
};

} // namespace o2c::ui
