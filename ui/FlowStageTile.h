// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "order/OrderStage.h"

#include <QAbstractButton>
#include <QElapsedTimer>
#include <QTimer>

namespace o2c::ui {

// One column of the flow board: the stage's name, its order count and value. Checkable: a checked
// tile filters the order list to its stage. When a figure moves, a short accent mark and the
// change ("+3") show for a few seconds, then fade back to calm.
class FlowStageTile final : public QAbstractButton {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowStageTile)
public:
    explicit FlowStageTile(OrderStage stage, QWidget *parent = nullptr);
    ~FlowStageTile() override;

    OrderStage stage() const { return m_stage; }
    int count() const { return m_count; }
    double value() const { return m_value; }
    QString valueText() const { return m_valueText; }
    bool showsChange() const { return m_changeTimer.isActive(); }

    // `announce`: show the change mark when a figure moved (not for the first figures).
    void setFigures(int count, double value, const QString &valueText, bool announce = true);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void updateAccessibleText();

    OrderStage m_stage;
    int m_count = 0;
    double m_value = 0;
    QString m_valueText;
    int m_countChange = 0;
    QTimer m_changeTimer;
    bool m_hover = false;
};

} // namespace o2c::ui
