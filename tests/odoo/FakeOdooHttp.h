// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FakeOdooServer.h"

#include <QTcpServer>
#include <QUrl>

// FakeOdooServer behind a real HTTP socket on loopback, so the production transport, the fault
// front and the client meet the network as they would with Odoo.
class FakeOdooHttp final : public QObject {
public:
    explicit FakeOdooHttp(FakeOdooServer *odoo, QObject *parent = nullptr);
    QUrl url() const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

private:
    FakeOdooServer *m_odoo;
    QTcpServer m_server;
};
