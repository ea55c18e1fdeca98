// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "AlertCenter.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace o2c::ui {

// The in-app notice of raised alerts: a band above the screens that says which figure crossed
// which threshold and what to look at. It never takes the focus and never blocks; "Show" goes to
// the screen of the newest alert, "Dismiss" hides the notice until another alert is raised.
class AlertBanner final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertBanner)
public:
    explicit AlertBanner(QWidget *parent = nullptr);
    ~AlertBanner() override;

    void addAlert(const Alert &alert);
    void clearAlert(AlertMetric metric);
    void dismiss();
    void showNewest(); // asks for the newest alert's screen

    QList<Alert> shown() const { return m_alerts; }
    QString text() const;
    QPushButton *showButton() const { return m_show; }
    QPushButton *dismissButton() const { return m_dismiss; }

signals:
    void pageRequested(int page);

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void recolour();

    QList<Alert> m_alerts; // newest first
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_show = nullptr;
    QPushButton *m_dismiss = nullptr;
};

} // namespace o2c::ui
