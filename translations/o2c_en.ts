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
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Action #%1 done: %n step applied in Odoo.</numerusform>
            <numerusform>Action #%1 done: %n steps applied in Odoo.</numerusform>
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
    <name>o2c::ui::ShiftQueuePage</name>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n open cluster: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</numerusform>
            <numerusform>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</numerusform>
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
