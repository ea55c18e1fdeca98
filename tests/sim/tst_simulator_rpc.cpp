// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>
class TestSimulatorRpc final : public QObject {
    Q_OBJECT
};
QTEST_GUILESS_MAIN(TestSimulatorRpc)
#include "tst_simulator_rpc.moc"
