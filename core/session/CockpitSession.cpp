// SPDX-License-Identifier: GPL-3.0-or-later
#include "CockpitSession.h"

namespace o2c {

CockpitSession::CockpitSession(odoo::ConnectionProfile profile, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_transport(m_profile)
    , m_client(m_profile, &m_transport)
    , m_sync(&m_client, &m_book)
    , m_holds(&m_client, &m_book) {}

CockpitSession::~CockpitSession() {
    m_sync.stop();
    m_transport.cancelAll();
}

} // namespace o2c
