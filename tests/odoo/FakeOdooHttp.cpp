// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeOdooHttp.h"

#include "faults/HttpExchange.h"

#include <QPointer>
#include <QTcpSocket>

FakeOdooHttp::FakeOdooHttp(FakeOdooServer *odoo, QObject *parent)
    : QObject(parent)
    , m_odoo(odoo) {
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QTcpSocket::readyRead, this, [this, s, buffer] {
                buffer->append(s->readAll());
                o2c::sim::HttpRequestMessage request;
                while (o2c::sim::takeHttpRequest(*buffer, &request)) {
                    QPointer<QTcpSocket> peer(s);
                    m_odoo->send({request.path, request.body, request.headers, 0},
                                 [peer](const o2c::odoo::TransportReply &r) {
                                     if (!peer)
                                         return;
                                     peer->write(o2c::sim::httpResponse(
                                         r.httpStatus ? r.httpStatus : 502,
                                         "application/json; charset=utf-8", r.body));
                                     peer->disconnectFromHost();
                                 });
                }
            });
        }
    });
}
