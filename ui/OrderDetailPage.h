// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSet>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;

namespace o2c {
struct CanonicalOrder;
}

namespace o2c::ui {

struct CockpitContext;
class IdentityGraphWidget;
class SwimLaneTimeline;

// One order in depth: its order-to-cash timeline in swim lanes per system and the graph of the
// references it is known by.
class OrderDetailPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderDetailPage)
public:
    OrderDetailPage(const CockpitContext &context, QWidget *parent = nullptr);
    ~OrderDetailPage() override;

    // Shows the order with this cockpit id or sale order name; false when the book has neither.
    bool showOrder(const QString &idOrName);
    void refresh();
    QString orderId() const { return m_orderId; }

    QLabel *headline() const { return m_headline; }
    QLineEdit *picker() const { return m_picker; }
    // The orders matching the search (name, customer reference, customer), newest first; with an
    // empty search the most recent orders.
    QListWidget *matches() const { return m_matches; }
    void refreshMatches();
    SwimLaneTimeline *timeline() const { return m_timeline; }
    IdentityGraphWidget *identityGraph() const { return m_graph; }

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showCurrent();
    static bool matchesText(const CanonicalOrder &order, const QString &text);
    void noteOrders(const QStringList &ids);
    void forgetOrders(const QStringList &ids);
    // Folds the orders changed since the last search into the shown list; false when the list
    // cannot be known without searching the book again.
    bool mergePending();
    void fillMatches();

    const CockpitContext &m_ctx;
    QListWidget *m_matches = nullptr;
    QTimer *m_searchDelay = nullptr;
    QString m_orderId;
    QLineEdit *m_picker = nullptr;
    QLabel *m_headline = nullptr;
    SwimLaneTimeline *m_timeline = nullptr;
    IdentityGraphWidget *m_graph = nullptr;
    // The shown matches (newest first), for which text, and the changes not yet folded in.
    QStringList m_shownIds;
    QList<qint64> m_shownCreated; // of the shown matches (milliseconds since the epoch)
    QString m_shownText;
    bool m_searched = false;
    bool m_allShown = true; // every order that matches is in the list
    bool m_needFull = false;
    QSet<QString> m_pending;
};

} // namespace o2c::ui
