// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "flow/OrderBook.h"
#include "mrp/MrpHoldService.h"
#include "odoo/ConnectionProfile.h"
#include "odoo/HttpOdooTransport.h"
#include "odoo/OdooClient.h"
#include "odoo/OdooSync.h"

#include <QObject>

namespace o2c {

// Everything one connection to Odoo needs, wired together: transport, client, order book, sync
// and MRP holds. Owned by the program; windows only borrow it.
class CockpitSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CockpitSession)
public:
    explicit CockpitSession(odoo::ConnectionProfile profile, QObject *parent = nullptr);
    ~CockpitSession() override;

    const odoo::ConnectionProfile &profile() const { return m_profile; }
    OrderBook *book() { return &m_book; }
    odoo::OdooClient *client() { return &m_client; }
    odoo::OdooSync *sync() { return &m_sync; }
    MrpHoldService *holds() { return &m_holds; }

    void start() { m_sync.start(); }

private:
    odoo::ConnectionProfile m_profile;
    odoo::HttpOdooTransport m_transport;
    odoo::OdooClient m_client;
    OrderBook m_book;
    odoo::OdooSync m_sync;
    MrpHoldService m_holds;
};

} // namespace o2c
