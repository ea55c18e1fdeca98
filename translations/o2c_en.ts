<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>PairEvidence</name>
    <message numerus="yes">
        <source>%n seconds apart</source>
        <translation>
            <numerusform>%n second apart</numerusform>
            <numerusform>%n seconds apart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes apart</source>
        <translation>
            <numerusform>%n minute apart</numerusform>
            <numerusform>%n minutes apart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours apart</source>
        <translation>
            <numerusform>%n hour apart</numerusform>
            <numerusform>%n hours apart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days apart</source>
        <translation>
            <numerusform>%n day apart</numerusform>
            <numerusform>%n days apart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical (a line split in two: %1 vs %2 lines)</source>
        <translation>
            <numerusform>%n of %n line identical (a line split in two: %1 vs %2 lines)</numerusform>
            <numerusform>%n of %n lines identical (a line split in two: %1 vs %2 lines)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical</source>
        <translation>
            <numerusform>%n of %n line identical</numerusform>
            <numerusform>%n of %n lines identical</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quantities changed</source>
        <translation>
            <numerusform>%n quantity changed</numerusform>
            <numerusform>%n quantities changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products added to %1 in common</source>
        <translation>
            <numerusform>%n product added to %1 in common</numerusform>
            <numerusform>%n products added to %1 in common</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>same %n products, %1</source>
        <comment>%1 is the phrase &quot;%n quantities changed&quot;</comment>
        <translation>
            <numerusform>same %n product, %1</numerusform>
            <numerusform>same %n products, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%1 is held: its %n manufacturing order(s) carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</source>
        <translation>
            <numerusform>%1 is held: its %n manufacturing order carries a HOLD activity and its components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</numerusform>
            <numerusform>%1 is held: its %n manufacturing orders carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 Odoo could not be reached in %n attempt(s): retry once it answers again, or abandon the action.</source>
        <translation>
            <numerusform>%1 Odoo could not be reached in %n attempt: retry once it answers again, or abandon the action.</numerusform>
            <numerusform>%1 Odoo could not be reached in %n attempts: retry once it answers again, or abandon the action.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Action #%1 done: %n step applied in Odoo.</numerusform>
            <numerusform>Action #%1 done: %n steps applied in Odoo.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ActionDesk</name>
    <message numerus="yes">
        <source>Released %n claim(s): %1.</source>
        <translation>
            <numerusform>Released %n claim: %1.</numerusform>
            <numerusform>Released %n claims: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n claim(s) over to %2: %1.</source>
        <translation>
            <numerusform>Handed %n claim over to %2: %1.</numerusform>
            <numerusform>Handed %n claims over to %2: %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::RabbitMqMonitor</name>
    <message numerus="yes">
        <source>%n message(s) could not be published back (%1).</source>
        <translation>
            <numerusform>%n message could not be published back (%1).</numerusform>
            <numerusform>%n messages could not be published back (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::alerts</name>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo: orders are not getting through.</source>
        <translation>
            <numerusform>%n order waits in the hub for Odoo: orders are not getting through.</numerusform>
            <numerusform>%n orders wait in the hub for Odoo: orders are not getting through.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo, more than usual.</source>
        <translation>
            <numerusform>%n order waits in the hub for Odoo, more than usual.</numerusform>
            <numerusform>%n orders wait in the hub for Odoo, more than usual.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transaction failed or was dead-lettered: replay or reject it in the exception queue.</numerusform>
            <numerusform>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed in the window; the hub retries them.</source>
        <translation>
            <numerusform>%n transaction failed in the window; the hub retries it.</numerusform>
            <numerusform>%n transactions failed in the window; the hub retries them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transaction is quarantined as a suspected duplicate: release or reject it in the exception queue.</numerusform>
            <numerusform>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages are dead-lettered in %1: replay the ones that should go through.</source>
        <translation>
            <numerusform>%n message is dead-lettered in %1: replay the ones that should go through.</numerusform>
            <numerusform>%n messages are dead-lettered in %1: replay the ones that should go through.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no consumer: %n messages wait and nothing takes them.</source>
        <translation>
            <numerusform>%1 has no consumer: %n message waits and nothing takes it.</numerusform>
            <numerusform>%1 has no consumer: %n messages wait and nothing takes them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1.</source>
        <translation>
            <numerusform>%n message waits in %1.</numerusform>
            <numerusform>%n messages wait in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1, more than usual.</source>
        <translation>
            <numerusform>%n message waits in %1, more than usual.</numerusform>
            <numerusform>%n messages wait in %1, more than usual.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs failed: requeue them once the cause is fixed.</source>
        <translation>
            <numerusform>%n queue job failed: requeue it once the cause is fixed.</numerusform>
            <numerusform>%n queue jobs failed: requeue them once the cause is fixed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</source>
        <translation>
            <numerusform>%n queue job started more than %1 minutes ago and has not finished: its worker may have died.</numerusform>
            <numerusform>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::AuditLogPage</name>
    <message numerus="yes">
        <source>%Ln entries, chain intact.</source>
        <translation>
            <numerusform>%Ln entry, chain intact.</numerusform>
            <numerusform>%Ln entries, chain intact.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterDetailView</name>
    <message numerus="yes">
        <source>%Ln orders, no differences</source>
        <translation>
            <numerusform>%Ln order, no differences</numerusform>
            <numerusform>%Ln orders, no differences</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, highlighted cells differ</source>
        <translation>
            <numerusform>%Ln order, highlighted cells differ</numerusform>
            <numerusform>%Ln orders, highlighted cells differ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::CockpitStatusBar</name>
    <message numerus="yes">
        <source>%Ln orders</source>
        <translation>
            <numerusform>%Ln order</numerusform>
            <numerusform>%Ln orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln clusters</source>
        <translation>
            <numerusform>%Ln cluster</numerusform>
            <numerusform>%Ln clusters</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowStageTile</name>
    <message numerus="yes">
        <source>%1: %Ln orders, %2</source>
        <comment>stage: count, value</comment>
        <translation>
            <numerusform>%1: %Ln order, %2</numerusform>
            <numerusform>%1: %Ln orders, %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntakeExceptionsPanel</name>
    <message numerus="yes">
        <source>Held in the middleware hub before Odoo: %n</source>
        <translation>
            <numerusform>Held in the middleware hub before Odoo: %n</numerusform>
            <numerusform>Held in the middleware hub before Odoo: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntegrationHealthPage</name>
    <message numerus="yes">
        <source>Throughput: %1 orders per minute over the last %n minutes</source>
        <translation>
            <numerusform>Throughput: %1 orders per minute over the last %n minute</numerusform>
            <numerusform>Throughput: %1 orders per minute over the last %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queue depth: %n waiting for Odoo</source>
        <translation>
            <numerusform>Queue depth: %n waiting for Odoo</numerusform>
            <numerusform>Queue depth: %n waiting for Odoo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quarantined: %n</source>
        <translation>
            <numerusform>Quarantined: %n</numerusform>
            <numerusform>Quarantined: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queues; %1 messages dead-lettered.</source>
        <translation>
            <numerusform>%n queue; %1 messages dead-lettered.</numerusform>
            <numerusform>%n queues; %1 messages dead-lettered.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</source>
        <translation>
            <numerusform>%1 failed, %2 started longer than %n minute ago, %3 running, %4 waiting (%5 of them retrying), read %6.</numerusform>
            <numerusform>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 in %3 (%n times): %4</source>
        <translation>
            <numerusform>%1 — %2 in %3 (%n time): %4</numerusform>
            <numerusform>%1 — %2 in %3 (%n times): %4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n messages from %1…</source>
        <translation>
            <numerusform>Replaying %n message from %1…</numerusform>
            <numerusform>Replaying %n messages from %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages replayed from %1; %2 stay there.</source>
        <translation>
            <numerusform>%n message replayed from %1; %2 stay there.</numerusform>
            <numerusform>%n messages replayed from %1; %2 stay there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failures: %n failed attempts, %1 dead-lettered</source>
        <translation>
            <numerusform>Failures: %n failed attempt, %1 dead-lettered</numerusform>
            <numerusform>Failures: %n failed attempts, %1 dead-lettered</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::MainWindow</name>
    <message numerus="yes">
        <source>Working offline: Odoo cannot be reached (%1). The %n orders shown are the ones kept on this computer; they catch up as soon as Odoo answers again.</source>
        <translation>
            <numerusform>Working offline: Odoo cannot be reached (%1). The %n order shown is the one kept on this computer; it catches up as soon as Odoo answers again.</numerusform>
            <numerusform>Working offline: Odoo cannot be reached (%1). The %n orders shown are the ones kept on this computer; they catch up as soon as Odoo answers again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftQueuePage</name>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n open cluster: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</numerusform>
            <numerusform>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Odoo could not be reached in %n attempt(s): retry or abandon it.</source>
        <translation>
            <numerusform>Odoo could not be reached in %n attempt: retry or abandon it.</numerusform>
            <numerusform>Odoo could not be reached in %n attempts: retry or abandon it.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::SupervisorChartsPage</name>
    <message numerus="yes">
        <source>%n duplicates found, %1 still at risk, %2 prevented.</source>
        <translation>
            <numerusform>%n duplicate found, %1 still at risk, %2 prevented.</numerusform>
            <numerusform>%n duplicates found, %1 still at risk, %2 prevented.</numerusform>
        </translation>
    </message>
</context>
</TS>
