// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "odoo/ConnectionProfile.h"

#include <QObject>

class QWidget;

namespace o2c::ui {

// Marks every window of the application with the Odoo it acts on, so production is never taken
// for staging: the title of each window and dialog ends with "PRODUCTION: name" or "staging:
// name", and a coloured line (red for production, teal for staging) runs along its top. The main
// window carries a labelled band instead (makeEnvironmentBand).
class EnvironmentMarker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentMarker)
public:
    // Installs the marker on the application (replacing an earlier one) and returns it.
    static EnvironmentMarker *install(const odoo::ConnectionProfile &profile);
    static EnvironmentMarker *instance();
    ~EnvironmentMarker() override;

    bool production() const { return m_production; }
    QString titleFor(const QString &title) const; // the title with the environment added
    QString bandText() const;                     // "PRODUCTION — name · host"

    // The object name of the coloured line added to dialogs and other windows.
    static QString stripName();
    // A window that shows its own band (the main window) sets this property to true.
    static const char *ownBandProperty();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit EnvironmentMarker(const odoo::ConnectionProfile &profile);
    void mark(QWidget *window);
    void placeStrip(QWidget *window);

    bool m_production = false;
    QString m_name;
    QString m_host;
    bool m_retitling = false;
};

// The labelled band across the top of a main window.
QWidget *makeEnvironmentBand(const odoo::ConnectionProfile &profile, QWidget *parent);

} // namespace o2c::ui
