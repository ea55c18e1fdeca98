// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitSettings.h"

#include <QSettings>

namespace o2c::ui {

CockpitSettings CockpitSettings::load() {
    QSettings s;
    CockpitSettings c;
    s.beginGroup(QStringLiteral("alerts"));
    c.alerts.duplicateRatePercent =
        s.value(QStringLiteral("duplicateRatePercent"), c.alerts.duplicateRatePercent).toDouble();
    c.alerts.backlog = s.value(QStringLiteral("backlog"), c.alerts.backlog).toInt();
    c.alerts.queueDepth = s.value(QStringLiteral("queueDepth"), c.alerts.queueDepth).toInt();
    c.alerts.latencyMs = s.value(QStringLiteral("latencyMs"), c.alerts.latencyMs).toInt();
    c.alerts.failures = s.value(QStringLiteral("failures"), c.alerts.failures).toInt();
    s.endGroup();
    c.slaHours = s.value(QStringLiteral("shift/slaHours"), c.slaHours).toInt();
    c.language = s.value(QStringLiteral("ui/language")).toString();
    c.theme = s.value(QStringLiteral("ui/theme")).toString();
    const int n = s.beginReadArray(QStringLiteral("profiles"));
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        c.profiles.append({s.value(QStringLiteral("name")).toString(),
                           QUrl(s.value(QStringLiteral("url")).toString()),
                           s.value(QStringLiteral("database")).toString(),
                           s.value(QStringLiteral("login")).toString(),
                           s.value(QStringLiteral("production")).toBool()});
    }
    s.endArray();
    return c;
}

void CockpitSettings::save() const {
    QSettings s;
    s.beginGroup(QStringLiteral("alerts"));
    s.setValue(QStringLiteral("duplicateRatePercent"), alerts.duplicateRatePercent);
    s.setValue(QStringLiteral("backlog"), alerts.backlog);
    s.setValue(QStringLiteral("queueDepth"), alerts.queueDepth);
    s.setValue(QStringLiteral("latencyMs"), alerts.latencyMs);
    s.setValue(QStringLiteral("failures"), alerts.failures);
    s.endGroup();
    s.setValue(QStringLiteral("shift/slaHours"), slaHours);
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/theme"), theme);
    s.beginWriteArray(QStringLiteral("profiles"), int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        s.setArrayIndex(i);
        const SavedProfile &p = profiles.at(i);
        s.setValue(QStringLiteral("name"), p.name);
        s.setValue(QStringLiteral("url"), p.url.toString());
        s.setValue(QStringLiteral("database"), p.database);
        s.setValue(QStringLiteral("login"), p.login);
        s.setValue(QStringLiteral("production"), p.production);
    }
    s.endArray();
}

SavedProfile CockpitSettings::activeConnection() {
    QSettings s;
    s.beginGroup(QStringLiteral("connection"));
    return {s.value(QStringLiteral("name"), QStringLiteral("default")).toString(),
            QUrl(s.value(QStringLiteral("url")).toString()),
            s.value(QStringLiteral("database")).toString(),
            s.value(QStringLiteral("login")).toString(),
            s.value(QStringLiteral("production"), false).toBool()};
}

void CockpitSettings::saveActiveConnection(const SavedProfile &p) {
    QSettings s;
    s.beginGroup(QStringLiteral("connection"));
    s.setValue(QStringLiteral("name"), p.name);
    s.setValue(QStringLiteral("url"), p.url.toString());
    s.setValue(QStringLiteral("database"), p.database);
    s.setValue(QStringLiteral("login"), p.login);
    s.setValue(QStringLiteral("production"), p.production);
}

} // namespace o2c::ui
