<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>LocalOrderStore</name>
    <message>
        <source>The local order store %1 could not be read (%2). It was set aside as %3 and the cockpit reads every order from Odoo again.</source>
        <translation>Der lokale Auftragsspeicher %1 konnte nicht gelesen werden (%2). Er wurde als %3 beiseitegelegt, und das Cockpit liest alle Aufträge erneut aus Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be read or created (%2). The cockpit works without it: every start reads all orders from Odoo.</source>
        <translation>Der lokale Auftragsspeicher %1 konnte weder gelesen noch angelegt werden (%2). Das Cockpit arbeitet ohne ihn: Jeder Start liest alle Aufträge aus Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be written (%2). The cockpit keeps working; the next start reads the missing orders from Odoo again.</source>
        <translation>Der lokale Auftragsspeicher %1 konnte nicht geschrieben werden (%2). Das Cockpit arbeitet weiter; der nächste Start liest die fehlenden Aufträge erneut aus Odoo.</translation>
    </message>
</context>
<context>
    <name>PairEvidence</name>
    <message>
        <source>EDI</source>
        <translation>EDI</translation>
    </message>
    <message>
        <source>web shop</source>
        <translation>Webshop</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>dealer portal</source>
        <translation>Händlerportal</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>manual entry</source>
        <translation>manuelle Erfassung</translation>
    </message>
    <message>
        <source>unknown channel</source>
        <translation>unbekannter Kanal</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds apart</source>
        <translation>
            <numerusform>%n Sekunde auseinander</numerusform>
            <numerusform>%n Sekunden auseinander</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes apart</source>
        <translation>
            <numerusform>%n Minute auseinander</numerusform>
            <numerusform>%n Minuten auseinander</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours apart</source>
        <translation>
            <numerusform>%n Stunde auseinander</numerusform>
            <numerusform>%n Stunden auseinander</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days apart</source>
        <translation>
            <numerusform>%n Tag auseinander</numerusform>
            <numerusform>%n Tage auseinander</numerusform>
        </translation>
    </message>
    <message>
        <source>same customer (%1)</source>
        <translation>gleicher Kunde (%1)</translation>
    </message>
    <message>
        <source>same VAT %1 on two partner records (%2)</source>
        <translation>gleiche USt-IdNr. %1 bei zwei Partnerdatensätzen (%2)</translation>
    </message>
    <message>
        <source>same GLN %1 on two partner records (%2)</source>
        <translation>gleiche GLN %1 bei zwei Partnerdatensätzen (%2)</translation>
    </message>
    <message>
        <source>same customer name without legal form (%1)</source>
        <translation>gleicher Kundenname ohne Rechtsform (%1)</translation>
    </message>
    <message>
        <source>customer names one typing slip apart, no tax id conflict (%1)</source>
        <translation>Kundennamen unterscheiden sich um einen Tippfehler, keine abweichende Steuernummer (%1)</translation>
    </message>
    <message>
        <source>different customers (%1)</source>
        <translation>verschiedene Kunden (%1)</translation>
    </message>
    <message>
        <source>same PO after normalization (%1)</source>
        <translation>gleiche Bestellnummer nach Normalisierung (%1)</translation>
    </message>
    <message>
        <source>different references (%1)</source>
        <translation>verschiedene Referenzen (%1)</translation>
    </message>
    <message>
        <source>reference only on one order</source>
        <translation>Referenz nur bei einem Auftrag</translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical (a line split in two: %1 vs %2 lines)</source>
        <translation>
            <numerusform>%n von %n Position identisch (eine Position in zwei geteilt: %1 gegenüber %2 Positionen)</numerusform>
            <numerusform>%n von %n Positionen identisch (eine Position in zwei geteilt: %1 gegenüber %2 Positionen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical</source>
        <translation>
            <numerusform>%n von %n Position identisch</numerusform>
            <numerusform>%n von %n Positionen identisch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quantities changed</source>
        <translation>
            <numerusform>%n Menge geändert</numerusform>
            <numerusform>%n Mengen geändert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products added to %1 in common</source>
        <translation>
            <numerusform>%n Produkt zu %1 gemeinsamen hinzugefügt</numerusform>
            <numerusform>%n Produkte zu %1 gemeinsamen hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 products in common</source>
        <translation>%1 von %2 Produkten gemeinsam</translation>
    </message>
    <message>
        <source>no product in common</source>
        <translation>kein gemeinsames Produkt</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amounts, then their currency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>totals within tolerance (%1)</source>
        <translation>Summen innerhalb der Toleranz (%1)</translation>
    </message>
    <message>
        <source>totals differ by %1% (%2)</source>
        <translation>Summen weichen um %1 % ab (%2)</translation>
    </message>
    <message>
        <source>same ship-to (%1)</source>
        <translation>gleiche Lieferadresse (%1)</translation>
    </message>
    <message>
        <source>different ship-to (%1 / %2)</source>
        <translation>verschiedene Lieferadressen (%1 / %2)</translation>
    </message>
    <message>
        <source>both through %1</source>
        <translation>beide über %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <comment>two sales channels</comment>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>same EDI control numbers from one sender (a resubmission)</source>
        <translation>gleiche EDI-Kontrollnummern vom selben Absender (erneute Übermittlung)</translation>
    </message>
    <message>
        <source>different EDI control numbers</source>
        <translation>verschiedene EDI-Kontrollnummern</translation>
    </message>
    <message>
        <source>identical payload</source>
        <translation>identische Nutzdaten</translation>
    </message>
    <message numerus="yes">
        <source>same %n products, %1</source>
        <comment>%1 is the phrase &quot;%n quantities changed&quot;</comment>
        <translation>
            <numerusform>gleiches Produkt (%n), %1</numerusform>
            <numerusform>gleiche %n Produkte, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cluster %1 was already resolved by %2 at %3 (keeping %4); nothing more to decide.</source>
        <translation>Cluster %1 wurde bereits von %2 am %3 gelöst (%4 behalten); es ist nichts mehr zu entscheiden.</translation>
    </message>
    <message>
        <source>Cluster %1 was already marked distinct by %2 at %3.</source>
        <translation>Cluster %1 wurde bereits von %2 am %3 als eigenständig markiert.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish or ask them.</source>
        <translation>Für %1 gibt es bereits Aktion #%2 (%3) von %4, Status noch %5: Warten Sie, bis sie abgeschlossen ist, oder fragen Sie nach.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done. Try again.</source>
        <translation>Der Teamspeicher ist nicht verfügbar (%1); es wurde nichts ausgeführt. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Could not write the action (%1); nothing was sent.</source>
        <translation>Die Aktion konnte nicht gespeichert werden (%1); es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Action #%1 queued: %2. It is sent to Odoo in the background.</source>
        <translation>Aktion #%1 eingereiht: %2. Sie wird im Hintergrund an Odoo gesendet.</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>Der Teamspeicher ist nicht verfügbar (%1).</translation>
    </message>
    <message>
        <source>Could not record &quot;%1&quot; (%2); nothing changed.</source>
        <translation>„%1“ konnte nicht gespeichert werden (%2); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Not connected to Odoo: sign in and retry.</source>
        <translation>Keine Verbindung zu Odoo: Melden Sie sich an und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Reading Odoo before acting failed; nothing was sent. %1</source>
        <translation>Das Lesen aus Odoo vor der Aktion ist fehlgeschlagen; es wurde nichts gesendet. %1</translation>
    </message>
    <message>
        <source>Could not store the plan (%1); nothing was sent.</source>
        <translation>Der Plan konnte nicht gespeichert werden (%1); es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>chatter note on %1</source>
        <translation>Chatter-Notiz zu %1</translation>
    </message>
    <message>
        <source>cancel %1</source>
        <translation>%1 stornieren</translation>
    </message>
    <message>
        <source>HOLD activity on %1</source>
        <translation>HOLD-Aktivität zu %1</translation>
    </message>
    <message>
        <source>Manufacturing held from the cockpit by %1.</source>
        <translation>Fertigung im Cockpit angehalten von %1.</translation>
    </message>
    <message>
        <source>cancel manufacturing order %1</source>
        <translation>Fertigungsauftrag %1 stornieren</translation>
    </message>
    <message>
        <source>tag %1 HOLD</source>
        <translation>%1 mit HOLD markieren</translation>
    </message>
    <message>
        <source>remove the HOLD tag from %1</source>
        <translation>HOLD-Markierung von %1 entfernen</translation>
    </message>
    <message>
        <source>Cockpit comment by %1: %2</source>
        <translation>Cockpit-Kommentar von %1: %2</translation>
    </message>
    <message>
        <source>Cockpit: escalated to a lead by %1 — %2</source>
        <translation>Cockpit: von %1 an die Teamleitung eskaliert – %2</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo (or you may not read it); nothing was sent.</source>
        <translation>%1 existiert in Odoo nicht mehr (oder Sie dürfen es nicht lesen); es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>Cockpit: duplicate of %1, which is kept; this order is cancelled (decided by %2).</source>
        <translation>Cockpit: Dublette von %1, das behalten wird; dieser Auftrag wird storniert (entschieden von %2).</translation>
    </message>
    <message>
        <source>duplicate of %1</source>
        <translation>Dublette von %1</translation>
    </message>
    <message>
        <source>unreserve the components of %1</source>
        <translation>Reservierung der Komponenten von %1 aufheben</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo.</source>
        <translation>%1 existiert in Odoo nicht mehr.</translation>
    </message>
    <message>
        <source>confirm %1</source>
        <translation>%1 bestätigen</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until it is released.</source>
        <translation>Cockpit: Fertigung angehalten von %1 – %2. Bestätigen Sie dieses Angebot nicht, bevor es freigegeben ist.</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1; the order is confirmed.</source>
        <translation>Cockpit: Sperre aufgehoben von %1; der Auftrag ist bestätigt.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2 (advisory: Odoo does not stop production).</source>
        <translation>Cockpit: Fertigung angehalten von %1 – %2 (Hinweis: Odoo stoppt die Produktion nicht).</translation>
    </message>
    <message>
        <source>mark HOLD activity %1 done</source>
        <translation>HOLD-Aktivität %1 als erledigt markieren</translation>
    </message>
    <message>
        <source>Released from the cockpit by %1.</source>
        <translation>Im Cockpit freigegeben von %1.</translation>
    </message>
    <message>
        <source>reserve the components of %1</source>
        <translation>Komponenten von %1 reservieren</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1.</source>
        <translation>Cockpit: Sperre aufgehoben von %1.</translation>
    </message>
    <message>
        <source>Could not read Odoo to see whether &quot;%1&quot; already took effect: %2</source>
        <translation>Odoo konnte nicht gelesen werden, um zu prüfen, ob „%1“ bereits wirksam wurde: %2</translation>
    </message>
    <message>
        <source>Could not record a step (%1).</source>
        <translation>Ein Schritt konnte nicht gespeichert werden (%1).</translation>
    </message>
    <message>
        <source>Could not read Odoo before &quot;%1&quot;: %2</source>
        <translation>Odoo konnte vor „%1“ nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Finding or creating the HOLD tag failed: %1</source>
        <translation>Suchen oder Anlegen der HOLD-Markierung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Could not record a step before sending (%1); it was not sent.</source>
        <translation>Ein Schritt konnte vor dem Senden nicht gespeichert werden (%1); er wurde nicht gesendet.</translation>
    </message>
    <message>
        <source>Odoo did not do it: it answered %1 instead of true (a confirmation wizard?).</source>
        <translation>Odoo hat es nicht ausgeführt: Die Antwort war %1 statt true (ein Bestätigungsassistent?).</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4 Retry once the cause is fixed (Odoo is read first, nothing is done twice), or abandon it.</source>
        <translation>Schritt %1 von %2 (%3) ist fehlgeschlagen: %4 Wiederholen Sie ihn, sobald die Ursache behoben ist (Odoo wird zuerst gelesen, nichts wird doppelt ausgeführt), oder geben Sie ihn auf.</translation>
    </message>
    <message>
        <source>The store failed (%1); the action resumes when it is back.</source>
        <translation>Der Teamspeicher ist ausgefallen (%1); die Aktion wird fortgesetzt, sobald er wieder verfügbar ist.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>the step that failed, then Odoo&apos;s error</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Not connected to Odoo.</source>
        <translation>Keine Verbindung zu Odoo.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: finding or creating the HOLD tag failed (step 1 of 3); nothing was changed.</source>
        <translation>%1 wurde nicht angehalten: Suchen oder Anlegen der HOLD-Markierung ist fehlgeschlagen (Schritt 1 von 3); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: tagging the order HOLD failed (step 2 of 3); nothing was changed.</source>
        <translation>%1 wurde nicht angehalten: Das Markieren des Auftrags mit HOLD ist fehlgeschlagen (Schritt 2 von 3); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until the hold is released.</source>
        <translation>Cockpit: Fertigung angehalten von %1 – %2. Bestätigen Sie dieses Angebot erst, wenn die Sperre aufgehoben ist.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: the chatter note failed (step 3 of 3).</source>
        <translation>%1 wurde nicht angehalten: Die Chatter-Notiz ist fehlgeschlagen (Schritt 3 von 3).</translation>
    </message>
    <message>
        <source>%1 is held: it stays a quotation, so no manufacturing starts until it is released.</source>
        <translation>%1 ist angehalten: Es bleibt ein Angebot, daher beginnt keine Fertigung, bis es freigegeben wird.</translation>
    </message>
    <message>
        <source>%1 Removing the HOLD tag again failed too (%2): the order still carries it in Odoo; remove it there or retry.</source>
        <translation>%1 Auch das Entfernen der HOLD-Markierung ist fehlgeschlagen (%2): Der Auftrag trägt sie in Odoo noch; entfernen Sie sie dort oder versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 The HOLD tag was removed again; the order is as before.</source>
        <translation>%1 Die HOLD-Markierung wurde wieder entfernt; der Auftrag ist wie zuvor.</translation>
    </message>
    <message>
        <source>Odoo did not tell the model id for activities.</source>
        <translation>Odoo hat die Modell-ID für Aktivitäten nicht geliefert.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: preparing the HOLD activity failed; nothing was changed.</source>
        <translation>%1 wurde nicht angehalten: Die Vorbereitung der HOLD-Aktivität ist fehlgeschlagen; es wurde nichts geändert.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is held: its %n manufacturing order(s) carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</source>
        <translation>
            <numerusform>%1 ist angehalten: Sein Fertigungsauftrag (%n) trägt eine HOLD-Aktivität, die Reservierung der Komponenten ist aufgehoben. Odoo stoppt die Produktion nicht; das Cockpit meldet es, falls produziert wird.</numerusform>
            <numerusform>%1 ist angehalten: Seine %n Fertigungsaufträge tragen eine HOLD-Aktivität, die Reservierung der Komponenten ist aufgehoben. Odoo stoppt die Produktion nicht; das Cockpit meldet es, falls produziert wird.</numerusform>
        </translation>
    </message>
    <message>
        <source>Held by the cockpit (%1, %2)</source>
        <translation>Vom Cockpit angehalten (%1, %2)</translation>
    </message>
    <message>
        <source>Hold not placed on %1: creating the HOLD activity on manufacturing order %2 failed.</source>
        <translation>%1 wurde nicht angehalten: Das Anlegen der HOLD-Aktivität am Fertigungsauftrag %2 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: unreserving the components of manufacturing order %2 failed.</source>
        <translation>%1 wurde nicht angehalten: Das Aufheben der Komponentenreservierung des Fertigungsauftrags %2 ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1 What was done is undone; the order is as before.</source>
        <translation>%1 Bereits Ausgeführtes wurde rückgängig gemacht; der Auftrag ist wie zuvor.</translation>
    </message>
    <message>
        <source>%1 Undoing it failed too (%2): check the manufacturing orders in Odoo.</source>
        <translation>%1 Auch das Rückgängigmachen ist fehlgeschlagen (%2): Prüfen Sie die Fertigungsaufträge in Odoo.</translation>
    </message>
    <message>
        <source>%1 is still held: finding the HOLD tag failed.</source>
        <translation>%1 ist weiterhin angehalten: Die HOLD-Markierung wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>%1 is still held: removing the HOLD tag failed (step 1 of 2).</source>
        <translation>%1 ist weiterhin angehalten: Das Entfernen der HOLD-Markierung ist fehlgeschlagen (Schritt 1 von 2).</translation>
    </message>
    <message>
        <source>%1 was not released: confirming it failed (step 2 of 2).</source>
        <translation>%1 wurde nicht freigegeben: Die Bestätigung ist fehlgeschlagen (Schritt 2 von 2).</translation>
    </message>
    <message>
        <source>%1 Re-tagging it HOLD failed too: it is an untagged quotation now; confirm or tag it in Odoo.</source>
        <translation>%1 Auch das erneute Markieren mit HOLD ist fehlgeschlagen: Es ist jetzt ein Angebot ohne Markierung; bestätigen oder markieren Sie es in Odoo.</translation>
    </message>
    <message>
        <source>%1 It is still held.</source>
        <translation>%1 Es ist weiterhin angehalten.</translation>
    </message>
    <message>
        <source>%1 is released and confirmed: Odoo now plans its manufacturing.</source>
        <translation>%1 ist freigegeben und bestätigt: Odoo plant jetzt die Fertigung.</translation>
    </message>
    <message>
        <source>%1 is released, but reserving the components again failed; use Check Availability in Odoo.</source>
        <translation>%1 ist freigegeben, aber die erneute Reservierung der Komponenten ist fehlgeschlagen; verwenden Sie „Verfügbarkeit prüfen“ in Odoo.</translation>
    </message>
    <message>
        <source>%1 is released: the HOLD activities are done and components are reserved again.</source>
        <translation>%1 ist freigegeben: Die HOLD-Aktivitäten sind erledigt und die Komponenten wieder reserviert.</translation>
    </message>
    <message>
        <source>Released by cockpit</source>
        <translation>Vom Cockpit freigegeben</translation>
    </message>
    <message>
        <source>%1 is still held: marking the HOLD activity done failed.</source>
        <translation>%1 ist weiterhin angehalten: Die HOLD-Aktivität konnte nicht als erledigt markiert werden.</translation>
    </message>
    <message>
        <source>%1 is still held: finding its HOLD activities failed.</source>
        <translation>%1 ist weiterhin angehalten: Seine HOLD-Aktivitäten wurden nicht gefunden.</translation>
    </message>
    <message>
        <source>tagged HOLD in Odoo</source>
        <translation>in Odoo mit HOLD markiert</translation>
    </message>
    <message>
        <source>%1 was confirmed in Odoo while held: manufacturing and reservations may now proceed.</source>
        <translation>%1 wurde in Odoo trotz Sperre bestätigt: Fertigung und Reservierungen können jetzt anlaufen.</translation>
    </message>
    <message>
        <source>%1 was produced while %2 was held.</source>
        <translation>%1 wurde produziert, während %2 angehalten war.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>Die Antwort des Servers ist kein JSON (%1). Prüfen Sie, ob die URL auf Odoo zeigt und nicht auf einen Proxy oder eine Anmeldeseite.</translation>
    </message>
    <message>
        <source>Sign-in refused: Odoo does not accept the API key (wrong, revoked or expired). Create a new key in Odoo and sign in again.</source>
        <translation>Anmeldung abgelehnt: Odoo akzeptiert den API-Schlüssel nicht (falsch, widerrufen oder abgelaufen). Erstellen Sie in Odoo einen neuen Schlüssel und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits %1 s as the server asked and tries again.</source>
        <translation>Odoo bittet das Cockpit, langsamer zu werden (HTTP 429); es wartet wie verlangt %1 s und versucht es erneut.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits and tries again.</source>
        <translation>Odoo bittet das Cockpit, langsamer zu werden (HTTP 429); es wartet und versucht es erneut.</translation>
    </message>
    <message>
        <source>This Odoo server has no such model or method (%1): a module the cockpit needs is not installed, or the URL is not Odoo&apos;s.</source>
        <translation>Dieser Odoo-Server kennt dieses Modell oder diese Methode nicht (%1): Ein vom Cockpit benötigtes Modul ist nicht installiert, oder die URL gehört nicht zu Odoo.</translation>
    </message>
    <message>
        <source>Odoo could not use the cockpit&apos;s request (HTTP %1: %2). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo konnte die Anfrage des Cockpits nicht verarbeiten (HTTP %1: %2). Dies ist ein Fehler des Cockpits; bitte melden Sie ihn mit dem Protokoll.</translation>
    </message>
    <message>
        <source>Odoo refused access (HTTP 403): %1 Ask your Odoo administrator.</source>
        <translation>Odoo hat den Zugriff verweigert (HTTP 403): %1 Wenden Sie sich an Ihren Odoo-Administrator.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1 (%2). The cockpit will try again if this is temporary.</source>
        <translation>Odoo hat mit HTTP-Fehler %1 (%2) geantwortet. Das Cockpit versucht es erneut, falls es vorübergehend ist.</translation>
    </message>
    <message>
        <source>The Odoo session expired. Sign in again.</source>
        <translation>Die Odoo-Sitzung ist abgelaufen. Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Anmeldung abgelehnt: Prüfen Sie Benutzername und Passwort oder API-Schlüssel</translation>
    </message>
    <message>
        <source>Odoo refused access: %1 Ask your Odoo administrator for the missing rights.</source>
        <translation>Odoo hat den Zugriff verweigert: %1 Bitten Sie Ihren Odoo-Administrator um die fehlenden Rechte.</translation>
    </message>
    <message>
        <source>The record no longer exists in Odoo (it was deleted). Refresh the orders and try again.</source>
        <translation>Der Datensatz existiert in Odoo nicht mehr (er wurde gelöscht). Aktualisieren Sie die Aufträge und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Odoo rejected the change: %1</source>
        <translation>Odoo hat die Änderung abgelehnt: %1</translation>
    </message>
    <message>
        <source>This Odoo server has no model %1: the module that provides it is not installed. Ask your Odoo administrator.</source>
        <translation>Dieser Odoo-Server hat kein Modell %1: Das Modul, das es bereitstellt, ist nicht installiert. Wenden Sie sich an Ihren Odoo-Administrator.</translation>
    </message>
    <message>
        <source>Odoo refused: %1</source>
        <translation>Odoo hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>Odoo does not know a field the cockpit asked for (%1). The server&apos;s version or installed modules differ from what the cockpit expects.</source>
        <translation>Odoo kennt ein vom Cockpit angefragtes Feld nicht (%1). Version oder installierte Module des Servers weichen von den Erwartungen des Cockpits ab.</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; does not exist on this Odoo server. Check the database name in the connection profile.</source>
        <translation>Die Datenbank „%1“ existiert auf diesem Odoo-Server nicht. Prüfen Sie den Datenbanknamen im Verbindungsprofil.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>Odoo reported an internal error (%1: %2). If it persists, give the log to your Odoo administrator.</source>
        <translation>Odoo hat einen internen Fehler gemeldet (%1: %2). Wenn er bestehen bleibt, geben Sie das Protokoll an Ihren Odoo-Administrator.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>kein Name</translation>
    </message>
    <message>
        <source>Odoo could not read the cockpit&apos;s request (HTTP 400: %1). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo konnte die Anfrage des Cockpits nicht lesen (HTTP 400: %1). Dies ist ein Fehler des Cockpits; bitte melden Sie ihn mit dem Protokoll.</translation>
    </message>
    <message>
        <source>The server answered &quot;not found&quot; (HTTP 404): the address does not look like an Odoo server. Check the URL in the connection profile.</source>
        <translation>Der Server hat „nicht gefunden“ geantwortet (HTTP 404): Die Adresse scheint kein Odoo-Server zu sein. Prüfen Sie die URL im Verbindungsprofil.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1. The cockpit will try again if this is temporary.</source>
        <translation>Odoo hat mit HTTP-Fehler %1 geantwortet. Das Cockpit versucht es erneut, falls es vorübergehend ist.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not Odoo JSON-RPC (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>Die Antwort des Servers ist kein Odoo-JSON-RPC (%1). Prüfen Sie, ob die URL auf Odoo zeigt und nicht auf einen Proxy oder eine Anmeldeseite.</translation>
    </message>
    <message>
        <source>JSON but not an object</source>
        <translation>JSON, aber kein Objekt</translation>
    </message>
    <message>
        <source>Odoo sent an error the cockpit cannot read.</source>
        <translation>Odoo hat einen Fehler gesendet, den das Cockpit nicht lesen kann.</translation>
    </message>
    <message>
        <source>customer reference %1</source>
        <translation>Kundenreferenz %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Signing in to Odoo…</source>
        <translation>Anmeldung bei Odoo…</translation>
    </message>
    <message>
        <source>Reading changes from Odoo…</source>
        <translation>Änderungen werden aus Odoo gelesen…</translation>
    </message>
    <message>
        <source>Connected to Odoo</source>
        <translation>Mit Odoo verbunden</translation>
    </message>
    <message>
        <source>Odoo unreachable, retrying</source>
        <translation>Odoo nicht erreichbar, neuer Versuch</translation>
    </message>
    <message>
        <source>Sign-in required</source>
        <translation>Anmeldung erforderlich</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to hold.</source>
        <translation>%1 hat in Odoo den Status %2: Es gibt keine Fertigung, die sich anhalten lässt.</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to release.</source>
        <translation>%1 hat in Odoo den Status %2: Es gibt keine Fertigung, die sich freigeben lässt.</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster %1 is claimed by %2 since %3: ask them, or wait until they release it (a claim lapses after %4 without activity).</source>
        <translation>Cluster %1 ist seit %3 von %2 übernommen: Fragen Sie nach oder warten Sie, bis er freigegeben wird (eine Übernahme verfällt nach %4 ohne Aktivität).</translation>
    </message>
    <message>
        <source>%1 (Odoo: %2)</source>
        <translation>%1 (Odoo: %2)</translation>
    </message>
    <message>
        <source>%1 It is sent again by itself at %2 UTC (attempt %3 of %4).</source>
        <translation>%1 Sie wird um %2 UTC automatisch erneut gesendet (Versuch %3 von %4).</translation>
    </message>
    <message numerus="yes">
        <source>%1 Odoo could not be reached in %n attempt(s): retry once it answers again, or abandon the action.</source>
        <translation>
            <numerusform>%1 Odoo war in %n Versuch nicht erreichbar: erneut versuchen, sobald es wieder antwortet, oder die Aktion aufgeben.</numerusform>
            <numerusform>%1 Odoo war in %n Versuchen nicht erreichbar: erneut versuchen, sobald es wieder antwortet, oder die Aktion aufgeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is already held in Odoo (tagged HOLD); nothing was sent.</source>
        <translation>%1 ist in Odoo bereits angehalten (Tag HOLD); nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD tag); nothing was sent.</source>
        <translation>%1 ist in Odoo nicht angehalten (kein HOLD-Tag); nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>%1 has no manufacturing order left to hold in Odoo (each open one carries a HOLD activity already, or none is open); nothing was sent.</source>
        <translation>%1 hat in Odoo keinen Fertigungsauftrag mehr, der angehalten werden kann (jeder offene trägt bereits eine HOLD-Aktivität, oder keiner ist offen); nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD activity on its manufacturing orders); nothing was sent.</source>
        <translation>%1 ist in Odoo nicht angehalten (keine HOLD-Aktivität an seinen Fertigungsaufträgen); nichts wurde gesendet.</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4</source>
        <translation>Schritt %1 von %2 (%3) ist fehlgeschlagen: %4</translation>
    </message>
    <message>
        <source>%1 Started manufacturing stays, held: %2.</source>
        <translation>%1 Bereits begonnene Fertigung bleibt bestehen und angehalten: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Aktion #%1 erledigt: %n Schritt in Odoo ausgeführt.</numerusform>
            <numerusform>Aktion #%1 erledigt: %n Schritte in Odoo ausgeführt.</numerusform>
        </translation>
    </message>
    <message>
        <source>No middleware hub is configured: the action waits until one is, then retry it.</source>
        <translation>Es ist kein Middleware-Hub eingerichtet: Die Aktion wartet, bis einer eingerichtet ist; wiederholen Sie sie dann.</translation>
    </message>
    <message>
        <source>requeue job &quot;%1&quot;</source>
        <translation>Job „%1“ erneut einreihen</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>%1 aus der Quarantäne des Hubs freigeben</translation>
    </message>
    <message>
        <source>reject %1 in the hub</source>
        <translation>%1 im Hub ablehnen</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>%1 erneut über den Hub senden</translation>
    </message>
    <message>
        <source>Odoo sent a change time the cockpit cannot read (write_date &quot;%1&quot; on %2 %3). The sync stopped before keeping anything of this read and will try again; if this repeats, check that record in Odoo and any module or import that writes write_date.</source>
        <translation>Odoo hat eine Änderungszeit gesendet, die das Cockpit nicht lesen kann (write_date „%1“ bei %2 %3). Die Synchronisierung wurde angehalten, bevor etwas von diesem Lesevorgang übernommen wurde, und versucht es erneut; wenn sich das wiederholt, prüfen Sie diesen Datensatz in Odoo und jedes Modul oder jeden Import, der write_date schreibt.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>O2C Cockpit: order-to-cash flow, duplicate orders and MRP holds for Odoo.</source>
        <translation>O2C Cockpit: Order-to-Cash-Fluss, doppelte Aufträge und Fertigungssperren für Odoo.</translation>
    </message>
    <message>
        <source>Start the embedded Odoo simulator on loopback and connect to it.</source>
        <translation>Den eingebauten Odoo-Simulator lokal (Loopback) starten und sich mit ihm verbinden.</translation>
    </message>
    <message>
        <source>Demo scenario seed (default: 42).</source>
        <translation>Startwert des Demo-Szenarios (Standard: 42).</translation>
    </message>
    <message>
        <source>Demo customer demands per simulated hour (default: 240).</source>
        <translation>Kundenbedarfe der Demo je simulierter Stunde (Standard: 240).</translation>
    </message>
    <message>
        <source>Demo simulated seconds per real second (default: 60).</source>
        <translation>Simulierte Sekunden der Demo je realer Sekunde (Standard: 60).</translation>
    </message>
    <message>
        <source>Odoo server address, e.g. https://erp.example.com.</source>
        <translation>Adresse des Odoo-Servers, z. B. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Odoo database.</source>
        <translation>Odoo-Datenbank.</translation>
    </message>
    <message>
        <source>Odoo login.</source>
        <translation>Odoo-Benutzername.</translation>
    </message>
    <message>
        <source>Mark the connection as production.</source>
        <translation>Die Verbindung als Produktivsystem kennzeichnen.</translation>
    </message>
    <message>
        <source>Show the cockpit in this language for this run: %1. Without it the language of the settings or of the system is used.</source>
        <translation>Das Cockpit für diesen Start in dieser Sprache anzeigen: %1. Ohne Angabe gilt die Sprache der Einstellungen oder des Systems.</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not available; choose one of %2.
</source>
        <translation>Die Sprache „%1“ ist nicht verfügbar; wählen Sie eine von %2.
</translation>
    </message>
    <message>
        <source>--rate and --speed must be positive numbers.
</source>
        <translation>--rate und --speed müssen positive Zahlen sein.
</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>The embedded simulator could not start: %1</source>
        <translation>Der eingebaute Simulator konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Demo (simulator)</source>
        <translation>Demo (Simulator)</translation>
    </message>
    <message>
        <source>Screen to open at start: desk, exceptions, order, holds, charts, integration, audit or settings.</source>
        <translation>Bildschirm beim Start: desk, exceptions, order, holds, charts, integration, audit oder settings.</translation>
    </message>
    <message>
        <source>Open the order screen on this order (e.g. S00042) as soon as it is synced.</source>
        <translation>Den Auftragsbildschirm mit diesem Auftrag öffnen (z. B. S00042), sobald er synchronisiert ist.</translation>
    </message>
    <message>
        <source>Theme for this run: system, light or dark (the saved setting otherwise).</source>
        <translation>Farbschema für diesen Lauf: system, light oder dark (sonst die gespeicherte Einstellung).</translation>
    </message>
    <message>
        <source>Unknown screen %1 for --page.
</source>
        <translation>Unbekannter Bildschirm %1 für --page.
</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>The cockpit could not start again. Quit it and start it by hand.</source>
        <translation>Das Cockpit konnte nicht neu gestartet werden. Beenden Sie es und starten Sie es von Hand.</translation>
    </message>
    <message>
        <source>Middleware intake hub address (contract v1), e.g. https://hub.example.com; or $O2C_HUB_URL.</source>
        <translation>Adresse des Middleware-Eingangs-Hubs (Vertrag v1), z. B. https://hub.example.com; oder $O2C_HUB_URL.</translation>
    </message>
    <message>
        <source>Live stream transport: sse (default) or websocket.</source>
        <translation>Transport des Live-Streams: sse (Standard) oder websocket.</translation>
    </message>
    <message>
        <source>RabbitMQ management API address with its user, e.g. http://monitor:secret@mq.example.com:15672; or $O2C_RABBITMQ_URL.</source>
        <translation>Adresse der RabbitMQ-Management-API mit Benutzer, z. B. http://monitor:secret@mq.example.com:15672; oder $O2C_RABBITMQ_URL.</translation>
    </message>
    <message>
        <source>A queue job started longer ago than this is shown as stuck (default: 60).</source>
        <translation>Ein Job der Warteschlange, der vor längerer Zeit gestartet wurde, wird als hängend angezeigt (Standard: 60).</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Middleware-Hub</translation>
    </message>
    <message>
        <source>Print how the start went on the standard output, for scripts: a line when the window shows the orders kept on this computer and answers, and one when all of them are loaded.</source>
        <translation>Gibt den Verlauf des Starts für Skripte auf der Standardausgabe aus: eine Zeile, wenn das Fenster die auf diesem Computer gespeicherten Aufträge zeigt und reagiert, und eine, wenn alle geladen sind.</translation>
    </message>
    <message>
        <source>With --report-start: quit once all kept orders are loaded.</source>
        <translation>Mit --report-start: beenden, sobald alle gespeicherten Aufträge geladen sind.</translation>
    </message>
</context>
<context>
    <name>o2c::ActionDesk</name>
    <message>
        <source>%1 is a viewer in this team store and cannot act; a lead can make them a planner.</source>
        <translation>%1 ist in diesem Teamspeicher Betrachter und kann nicht handeln; eine Teamleitung kann die Rolle Planer vergeben.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1 (%2) needs a lead: holds on orders above %3 are released by a lead. Escalate it instead.</source>
        <translation>Die Freigabe von %1 (%2) erfordert eine Teamleitung: Sperren für Aufträge über %3 gibt eine Teamleitung frei. Eskalieren Sie stattdessen.</translation>
    </message>
    <message>
        <source>Choose at least one duplicate to cancel besides %1.</source>
        <translation>Wählen Sie außer %1 mindestens eine Dublette zum Stornieren.</translation>
    </message>
    <message>
        <source>resolve %1: keep %2, cancel %3</source>
        <translation>%1 lösen: %2 behalten, %3 stornieren</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>Der Teamspeicher ist nicht verfügbar (%1).</translation>
    </message>
    <message>
        <source>marked %1 distinct (%2): %3</source>
        <translation>%1 als eigenständig markiert (%2): %3</translation>
    </message>
    <message>
        <source>%1 marked distinct: its orders are not duplicates.</source>
        <translation>%1 als eigenständig markiert: Seine Aufträge sind keine Dubletten.</translation>
    </message>
    <message>
        <source>hold manufacturing of %1 (%2)</source>
        <translation>Fertigung von %1 anhalten (%2)</translation>
    </message>
    <message>
        <source>release the manufacturing hold of %1</source>
        <translation>Fertigungssperre von %1 aufheben</translation>
    </message>
    <message>
        <source>escalate %1 (%2) to a lead: %3</source>
        <translation>%1 (%2) an die Teamleitung eskalieren: %3</translation>
    </message>
    <message>
        <source>Write the comment first.</source>
        <translation>Schreiben Sie zuerst den Kommentar.</translation>
    </message>
    <message>
        <source>comment on %1</source>
        <translation>Kommentar zu %1</translation>
    </message>
    <message>
        <source>claimed %1</source>
        <translation>%1 übernommen</translation>
    </message>
    <message>
        <source>Could not claim %1 (%2).</source>
        <translation>%1 konnte nicht übernommen werden (%2).</translation>
    </message>
    <message>
        <source>You claimed %1; other planners see it as yours.</source>
        <translation>Sie haben %1 übernommen; andere Planer sehen es als Ihres.</translation>
    </message>
    <message>
        <source>%1 is not claimed.</source>
        <translation>%1 ist nicht übernommen.</translation>
    </message>
    <message>
        <source>%1 is claimed by %2; only they or a lead can release the claim.</source>
        <translation>%1 ist von %2 übernommen; nur diese Person oder eine Teamleitung kann es wieder freigeben.</translation>
    </message>
    <message>
        <source>released the claim on %1 (held by %2)</source>
        <translation>Übernahme von %1 aufgehoben (hatte %2)</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>Es gibt keine Aktion #%1.</translation>
    </message>
    <message>
        <source>retry action #%1 (%2) after: %3</source>
        <translation>Aktion #%1 (%2) wiederholen nach: %3</translation>
    </message>
    <message>
        <source>abandoned action #%1 (%2): %3</source>
        <translation>Aktion #%1 aufgegeben (%2): %3</translation>
    </message>
    <message>
        <source>Action #%1 abandoned; steps already applied in Odoo stay applied (see its steps).</source>
        <translation>Aktion #%1 aufgegeben; in Odoo bereits ausgeführte Schritte bleiben bestehen (siehe ihre Schritte).</translation>
    </message>
    <message>
        <source>Only a lead can change roles.</source>
        <translation>Nur eine Teamleitung kann Rollen ändern.</translation>
    </message>
    <message>
        <source>set the role of %1 to %2</source>
        <translation>Rolle von %1 auf %2 gesetzt</translation>
    </message>
    <message>
        <source>The rules are not valid JSON (%1 at offset %2); nothing changed.</source>
        <translation>Die Regeln sind kein gültiges JSON (%1 an Position %2); es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>changed the duplicate rules</source>
        <translation>Dublettenregeln geändert</translation>
    </message>
    <message>
        <source>Only a lead can change the release threshold.</source>
        <translation>Nur eine Teamleitung kann die Freigabeschwelle ändern.</translation>
    </message>
    <message>
        <source>set the lead release threshold to %1</source>
        <translation>Freigabeschwelle für Teamleitungen auf %1 gesetzt</translation>
    </message>
    <message>
        <source>Hand the claims over to someone else, or release them.</source>
        <translation>Übergeben Sie die Cluster an jemand anderen oder geben Sie sie frei.</translation>
    </message>
    <message>
        <source>%1 is not a planner of this team: they could not act on the clusters. Release the claims instead, or ask a lead to make them a planner.</source>
        <translation>%1 ist kein Planer dieses Teams und könnte an den Clustern nichts tun. Geben Sie die Cluster stattdessen frei oder bitten Sie eine Teamleitung, die Rolle Planer zu vergeben.</translation>
    </message>
    <message>
        <source>Could not read your claims (%1).</source>
        <translation>Ihre Übernahmen konnten nicht gelesen werden (%1).</translation>
    </message>
    <message>
        <source>You hold no claims; nothing to hand over.</source>
        <translation>Sie haben keine Cluster übernommen; es gibt nichts zu übergeben.</translation>
    </message>
    <message>
        <source>Could not hand the claims over (%1); nothing changed.</source>
        <translation>Die Übernahmen konnten nicht übergeben werden (%1); nichts wurde geändert.</translation>
    </message>
    <message numerus="yes">
        <source>Released %n claim(s): %1.</source>
        <translation>
            <numerusform>%n übernommenen Cluster freigegeben: %1.</numerusform>
            <numerusform>%n übernommene Cluster freigegeben: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n claim(s) over to %2: %1.</source>
        <translation>
            <numerusform>%n übernommenen Cluster an %2 übergeben: %1.</numerusform>
            <numerusform>%n übernommene Cluster an %2 übergeben: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Action #%1 is %2; only failed actions or those waiting for a retry are retried.</source>
        <translation>Aktion #%1 ist %2; nur fehlgeschlagene oder auf einen erneuten Versuch wartende Aktionen werden erneut versucht.</translation>
    </message>
    <message>
        <source>Action #%1 is %2; only queued, retrying or failed actions can be abandoned.</source>
        <translation>Aktion #%1 ist %2; nur wartende, erneut versuchte oder fehlgeschlagene Aktionen können aufgegeben werden.</translation>
    </message>
    <message>
        <source>Only a lead can change the team&apos;s settings (duplicate rules, roles, thresholds); %1 is not a lead in this team store.</source>
        <translation>Nur eine Teamleitung kann die Einstellungen des Teams ändern (Dublettenregeln, Rollen, Schwellen); %1 ist in diesem Teamspeicher keine Teamleitung.</translation>
    </message>
    <message>
        <source>A claim must last at least one second.</source>
        <translation>Eine Übernahme muss mindestens eine Sekunde gelten.</translation>
    </message>
    <message>
        <source>set the claim expiry to %1 s</source>
        <translation>Verfallszeit für Übernahmen auf %1 s gesetzt</translation>
    </message>
    <message>
        <source>Only a lead can change the duplicate rules; %1 is not a lead in this team store.</source>
        <translation>Nur eine Teamleitung kann die Dublettenregeln ändern; %1 ist in diesem Teamspeicher keine Teamleitung.</translation>
    </message>
    <message>
        <source>The rules were not changed: %1</source>
        <translation>Die Regeln wurden nicht geändert: %1</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead in this team store.</source>
        <translation>Nur eine Teamleitung kann eine Eskalation genehmigen oder ablehnen; %1 ist in diesem Teamspeicher keine Teamleitung.</translation>
    </message>
    <message>
        <source>Say why the escalation is declined: the planner needs to know.</source>
        <translation>Sagen Sie, warum die Eskalation abgelehnt wird: Der Planer muss es wissen.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done.</source>
        <translation>Der Teamspeicher ist nicht verfügbar (%1); nichts wurde getan.</translation>
    </message>
    <message>
        <source>Could not read escalation #%1 (%2).</source>
        <translation>Eskalation #%1 konnte nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <source>There is no escalation #%1.</source>
        <translation>Es gibt keine Eskalation #%1.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already approved by %2 at %3.</source>
        <translation>Eskalation #%1 wurde bereits von %2 am %3 genehmigt.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already declined by %2 at %3.</source>
        <translation>Eskalation #%1 wurde bereits von %2 am %3 abgelehnt.</translation>
    </message>
    <message>
        <source>Could not record the decision (%1); nothing changed.</source>
        <translation>Die Entscheidung konnte nicht gespeichert werden (%1); nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead).</source>
        <translation>Cockpit: Eskalation von %1 (Teamleitung) genehmigt.</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead): %2</source>
        <translation>Cockpit: Eskalation von %1 (Teamleitung) genehmigt: %2</translation>
    </message>
    <message>
        <source>Cockpit: escalation declined by %1 (lead): %2</source>
        <translation>Cockpit: Eskalation von %1 (Teamleitung) abgelehnt: %2</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 approved.</source>
        <translation>Eskalation #%1 zu %2 genehmigt.</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 declined.</source>
        <translation>Eskalation #%1 zu %2 abgelehnt.</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>Job %1</translation>
    </message>
    <message>
        <source>requeue the failed job &quot;%1&quot;</source>
        <translation>den fehlgeschlagenen Job „%1“ erneut einreihen</translation>
    </message>
    <message>
        <source>%1 is not a middleware hub action.</source>
        <translation>%1 ist keine Aktion des Middleware-Hubs.</translation>
    </message>
    <message>
        <source>Say why the transaction is rejected.</source>
        <translation>Geben Sie an, warum die Transaktion abgelehnt wird.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish, or retry or abandon it in the outbox.</source>
        <translation>%1 hat bereits Aktion #%2 (%3) von %4, noch %5: Warten Sie, bis sie fertig ist, oder wiederholen bzw. verwerfen Sie sie im Postausgang.</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>%1 aus der Quarantäne des Hubs freigeben</translation>
    </message>
    <message>
        <source>reject %1 in the hub (%2)</source>
        <translation>%1 im Hub ablehnen (%2)</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>%1 erneut über den Hub senden</translation>
    </message>
    <message>
        <source>The job&apos;s start time is not known: refresh the jobs and try again.</source>
        <translation>Die Startzeit des Jobs ist nicht bekannt: Aktualisieren Sie die Jobs und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>requeue the stuck job &quot;%1&quot;</source>
        <translation>den hängenden Job „%1“ erneut einreihen</translation>
    </message>
</context>
<context>
    <name>o2c::HttpHubActionSender</name>
    <message>
        <source>The middleware hub could not be reached (%1); the %2 of %3 will be sent again with the same key.</source>
        <translation>Der Middleware-Hub war nicht erreichbar (%1); „%2“ für %3 wird mit demselben Schlüssel erneut gesendet.</translation>
    </message>
    <message>
        <source>The middleware hub refused the %1 of %2 (HTTP %3).</source>
        <translation>Der Middleware-Hub hat „%1“ für %2 abgelehnt (HTTP %3).</translation>
    </message>
</context>
<context>
    <name>o2c::HubHealthMonitor</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>The middleware hub&apos;s health could not be read (%1); the figures shown are from the last answer.</source>
        <translation>Der Zustand des Middleware-Hubs konnte nicht gelesen werden (%1); die angezeigten Kennzahlen stammen aus der letzten Antwort.</translation>
    </message>
</context>
<context>
    <name>o2c::IntakeEventStream</name>
    <message>
        <source>%1 does not answer as a middleware hub of contract version %2 (%3). Check the hub address.</source>
        <translation>%1 antwortet nicht als Middleware-Hub der Vertragsversion %2 (%3). Prüfen Sie die Hub-Adresse.</translation>
    </message>
    <message>
        <source>The middleware hub speaks contract version %1; this cockpit understands version %2.x only. Update the cockpit, or configure the hub to serve /v%2.</source>
        <translation>Der Middleware-Hub spricht Vertragsversion %1; dieses Cockpit versteht nur Version %2.x. Aktualisieren Sie das Cockpit oder konfigurieren Sie den Hub für /v%2.</translation>
    </message>
</context>
<context>
    <name>o2c::IntakeExceptionModel</name>
    <message>
        <source>%1 (%2)</source>
        <comment>the quarantine reason (the orders it may duplicate)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>o2c::MrpHoldService</name>
    <message>
        <source>The order %1 is not known; refresh and try again.</source>
        <translation>Der Auftrag %1 ist nicht bekannt; aktualisieren Sie und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>An action on %1 is already under way; wait for it to finish.</source>
        <translation>Für %1 läuft bereits eine Aktion; warten Sie, bis sie abgeschlossen ist.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 ist bereits angehalten.</translation>
    </message>
    <message>
        <source>%1 is cancelled: there is nothing to hold.</source>
        <translation>%1 ist storniert: Es gibt nichts anzuhalten.</translation>
    </message>
    <message>
        <source>Give a reason for the hold; it is shown to everyone in Odoo.</source>
        <translation>Geben Sie einen Grund für die Sperre an; er ist in Odoo für alle sichtbar.</translation>
    </message>
    <message>
        <source>%1 is confirmed but has no manufacturing order to hold.</source>
        <translation>%1 ist bestätigt, hat aber keinen Fertigungsauftrag zum Anhalten.</translation>
    </message>
    <message>
        <source>%1 is already produced: there is no manufacturing left to hold.</source>
        <translation>%1 ist bereits produziert: Es gibt keine Fertigung mehr anzuhalten.</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 ist nicht angehalten.</translation>
    </message>
    <message>
        <source>%1 is not in Odoo yet: there is no manufacturing to hold. Hold it once it is synced, or release or reject it in the exception queue.</source>
        <translation>%1 ist noch nicht in Odoo: Es gibt keine Fertigung zum Anhalten. Sperren Sie den Auftrag, sobald er synchronisiert ist, oder geben Sie ihn in der Ausnahmen-Warteschlange frei bzw. lehnen Sie ihn dort ab.</translation>
    </message>
</context>
<context>
    <name>o2c::OrderBook</name>
    <message>
        <source>The team&apos;s new duplicate rules were not applied: %1. The rules in force stay; a lead can correct the rules on the settings screen.</source>
        <translation>Die neuen Dublettenregeln des Teams wurden nicht übernommen: %1. Die geltenden Regeln bleiben in Kraft; eine Teamleitung kann die Regeln in den Einstellungen korrigieren.</translation>
    </message>
    <message>
        <source>The new duplicate rules could not be applied: %1. The rules in force stay; a lead can try the change again on the settings screen.</source>
        <translation>Die neuen Dublettenregeln konnten nicht übernommen werden: %1. Die geltenden Regeln bleiben in Kraft; eine Teamleitung kann die Änderung in den Einstellungen erneut versuchen.</translation>
    </message>
</context>
<context>
    <name>o2c::QueueJobMonitor</name>
    <message>
        <source>Odoo does not let this user read the job queue (%1). Ask an administrator for the Job Queue Manager group.</source>
        <translation>Odoo erlaubt diesem Benutzer nicht, die Job-Warteschlange zu lesen (%1). Bitten Sie einen Administrator um die Gruppe „Job Queue Manager“.</translation>
    </message>
    <message>
        <source>The job queue could not be read: %1</source>
        <translation>Die Job-Warteschlange konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>o2c::RabbitMqMonitor</name>
    <message>
        <source>RabbitMQ management API at %1 did not answer (%2). Check that the management plugin is enabled and the user may read queues.</source>
        <translation>Die RabbitMQ-Management-API unter %1 hat nicht geantwortet (%2). Prüfen Sie, ob das Management-Plugin aktiviert ist und der Benutzer Queues lesen darf.</translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2); nothing was moved.</source>
        <translation>Die Dead-Letter-Queue %1 konnte nicht gelesen werden (%2); es wurde nichts verschoben.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) could not be published back (%1).</source>
        <translation>
            <numerusform>%n Nachricht konnte nicht zurückgestellt werden (%1).</numerusform>
            <numerusform>%n Nachrichten konnten nicht zurückgestellt werden (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2).</source>
        <translation>Die Dead-Letter-Queue %1 konnte nicht gelesen werden (%2).</translation>
    </message>
</context>
<context>
    <name>o2c::WebSocketClient</name>
    <message>
        <source>This build cannot open wss:// connections (no TLS).</source>
        <translation>Dieser Build kann keine wss://-Verbindungen öffnen (kein TLS).</translation>
    </message>
    <message>
        <source>The server&apos;s WebSocket handshake is too long.</source>
        <translation>Der WebSocket-Handshake des Servers ist zu lang.</translation>
    </message>
    <message>
        <source>The server did not accept the WebSocket connection (%1).</source>
        <translation>Der Server hat die WebSocket-Verbindung nicht angenommen (%1).</translation>
    </message>
    <message>
        <source>The server answered the WebSocket handshake with a wrong key.</source>
        <translation>Der Server hat den WebSocket-Handshake mit einem falschen Schlüssel beantwortet.</translation>
    </message>
    <message>
        <source>A WebSocket message is larger than %1 bytes.</source>
        <translation>Eine WebSocket-Nachricht ist größer als %1 Bytes.</translation>
    </message>
    <message>
        <source>The server sent an unknown WebSocket frame (%1).</source>
        <translation>Der Server hat einen unbekannten WebSocket-Frame gesendet (%1).</translation>
    </message>
</context>
<context>
    <name>o2c::alerts</name>
    <message>
        <source>Only %1% of the orders sent to Odoo were acknowledged: Odoo refuses or times out. Check the Odoo connection and the failed transactions.</source>
        <translation>Nur %1 % der an Odoo gesendeten Aufträge wurden bestätigt: Odoo lehnt ab oder antwortet nicht rechtzeitig. Prüfen Sie die Odoo-Verbindung und die fehlgeschlagenen Transaktionen.</translation>
    </message>
    <message>
        <source>%1% of the orders sent to Odoo were acknowledged; some needed retries.</source>
        <translation>%1 % der an Odoo gesendeten Aufträge wurden bestätigt; einige brauchten Wiederholungen.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo: orders are not getting through.</source>
        <translation>
            <numerusform>%n Auftrag wartet im Hub auf Odoo: Aufträge kommen nicht durch.</numerusform>
            <numerusform>%n Aufträge warten im Hub auf Odoo: Aufträge kommen nicht durch.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo, more than usual.</source>
        <translation>
            <numerusform>%n Auftrag wartet im Hub auf Odoo, mehr als üblich.</numerusform>
            <numerusform>%n Aufträge warten im Hub auf Odoo, mehr als üblich.</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo.</source>
        <translation>Aufträge brauchen %1 s (95. Perzentil) vom Kanal bis Odoo.</translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo, slower than usual.</source>
        <translation>Aufträge brauchen %1 s (95. Perzentil) vom Kanal bis Odoo, langsamer als üblich.</translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n Transaktion ist fehlgeschlagen oder in der Dead-Letter-Queue: Senden Sie sie in der Ausnahmeliste erneut oder lehnen Sie sie ab.</numerusform>
            <numerusform>%n Transaktionen sind fehlgeschlagen oder in der Dead-Letter-Queue: Senden Sie sie in der Ausnahmeliste erneut oder lehnen Sie sie ab.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed in the window; the hub retries them.</source>
        <translation>
            <numerusform>%n Transaktion ist im Zeitfenster fehlgeschlagen; der Hub wiederholt sie.</numerusform>
            <numerusform>%n Transaktionen sind im Zeitfenster fehlgeschlagen; der Hub wiederholt sie.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n Transaktion ist als mögliche Dublette in Quarantäne: Geben Sie sie in der Ausnahmeliste frei oder lehnen Sie sie ab.</numerusform>
            <numerusform>%n Transaktionen sind als mögliche Dubletten in Quarantäne: Geben Sie sie in der Ausnahmeliste frei oder lehnen Sie sie ab.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages are dead-lettered in %1: replay the ones that should go through.</source>
        <translation>
            <numerusform>%n Nachricht liegt in der Dead-Letter-Queue %1: Senden Sie die erneut, die durchgehen sollen.</numerusform>
            <numerusform>%n Nachrichten liegen in der Dead-Letter-Queue %1: Senden Sie die erneut, die durchgehen sollen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no consumer: %n messages wait and nothing takes them.</source>
        <translation>
            <numerusform>%1 hat keinen Konsumenten: %n Nachricht wartet, und niemand holt sie ab.</numerusform>
            <numerusform>%1 hat keinen Konsumenten: %n Nachrichten warten, und niemand holt sie ab.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1.</source>
        <translation>
            <numerusform>%n Nachricht wartet in %1.</numerusform>
            <numerusform>%n Nachrichten warten in %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1, more than usual.</source>
        <translation>
            <numerusform>%n Nachricht wartet in %1, mehr als üblich.</numerusform>
            <numerusform>%n Nachrichten warten in %1, mehr als üblich.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs failed: requeue them once the cause is fixed.</source>
        <translation>
            <numerusform>%n Job der Warteschlange ist fehlgeschlagen: Reihen Sie ihn erneut ein, sobald die Ursache behoben ist.</numerusform>
            <numerusform>%n Jobs der Warteschlange sind fehlgeschlagen: Reihen Sie sie erneut ein, sobald die Ursache behoben ist.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</source>
        <translation>
            <numerusform>%n Job wurde vor mehr als %1 Minuten gestartet und ist nicht fertig: Sein Worker ist vielleicht abgestürzt.</numerusform>
            <numerusform>%n Jobs wurden vor mehr als %1 Minuten gestartet und sind nicht fertig: Ihr Worker ist vielleicht abgestürzt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::odoo::CircuitBreaker</name>
    <message>
        <source>Odoo reachable</source>
        <translation>Odoo erreichbar</translation>
    </message>
    <message>
        <source>Odoo unreachable: calls paused</source>
        <translation>Odoo nicht erreichbar: Aufrufe pausiert</translation>
    </message>
    <message>
        <source>Odoo unreachable: trying again</source>
        <translation>Odoo nicht erreichbar: neuer Versuch</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::HttpOdooTransport</name>
    <message>
        <source>The CA certificate file %1 does not exist; only the system&apos;s trusted certificates are used. Check the path in the connection profile.</source>
        <translation>Die CA-Zertifikatsdatei %1 existiert nicht; es werden nur die vertrauenswürdigen Zertifikate des Systems verwendet. Prüfen Sie den Pfad im Verbindungsprofil.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 holds no PEM certificate; only the system&apos;s trusted certificates are used.</source>
        <translation>Die CA-Zertifikatsdatei %1 enthält kein PEM-Zertifikat; es werden nur die vertrauenswürdigen Zertifikate des Systems verwendet.</translation>
    </message>
    <message>
        <source>Odoo at %1 did not answer within %2 s. The server may be busy; the cockpit will try again. Raise the request timeout in the connection profile if this keeps happening.</source>
        <translation>Odoo unter %1 hat nicht innerhalb von %2 s geantwortet. Der Server ist möglicherweise ausgelastet; das Cockpit versucht es erneut. Erhöhen Sie das Anfrage-Timeout im Verbindungsprofil, wenn das häufiger vorkommt.</translation>
    </message>
    <message>
        <source>The request to Odoo was cancelled.</source>
        <translation>Die Anfrage an Odoo wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was refused because its certificate cannot be trusted: %2. Ask your administrator for the server&apos;s CA certificate and add it to the connection profile.</source>
        <translation>Die sichere Verbindung zu %1 wurde abgelehnt, weil seinem Zertifikat nicht vertraut werden kann: %2. Bitten Sie Ihren Administrator um das CA-Zertifikat des Servers und fügen Sie es dem Verbindungsprofil hinzu.</translation>
    </message>
    <message>
        <source>Odoo at %1 refused the connection. Check that the server address and port are right and that Odoo is running.</source>
        <translation>Odoo unter %1 hat die Verbindung abgelehnt. Prüfen Sie Serveradresse und Port und ob Odoo läuft.</translation>
    </message>
    <message>
        <source>The server name %1 could not be found. Check the address in the connection profile and your network connection.</source>
        <translation>Der Servername %1 wurde nicht gefunden. Prüfen Sie die Adresse im Verbindungsprofil und Ihre Netzwerkverbindung.</translation>
    </message>
    <message>
        <source>Odoo at %1 closed the connection before answering. The cockpit will try again.</source>
        <translation>Odoo unter %1 hat die Verbindung vor der Antwort geschlossen. Das Cockpit versucht es erneut.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 timed out. The cockpit will try again.</source>
        <translation>Die Verbindung zu Odoo unter %1 hat das Zeitlimit überschritten. Das Cockpit versucht es erneut.</translation>
    </message>
    <message>
        <source>The network proxy did not let the cockpit reach %1 (%2). Check the proxy settings.</source>
        <translation>Der Netzwerk-Proxy hat den Zugriff des Cockpits auf %1 verhindert (%2). Prüfen Sie die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 failed: %2. Check your network; the cockpit will try again.</source>
        <translation>Die Verbindung zu Odoo unter %1 ist fehlgeschlagen: %2. Prüfen Sie Ihr Netzwerk; das Cockpit versucht es erneut.</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::OdooClient</name>
    <message>
        <source>No connection to Odoo is configured.</source>
        <translation>Es ist keine Verbindung zu Odoo eingerichtet.</translation>
    </message>
    <message>
        <source>Odoo did not answer the last %1 requests; the cockpit pauses for %2 s before it tries again.</source>
        <translation>Odoo hat auf die letzten %1 Anfragen nicht geantwortet; das Cockpit pausiert %2 s, bevor es erneut versucht.</translation>
    </message>
    <message>
        <source>Odoo no longer accepts the password or API key of %1 (it may have been revoked or expired). Sign in again.</source>
        <translation>Odoo akzeptiert das Passwort oder den API-Schlüssel von %1 nicht mehr (möglicherweise widerrufen oder abgelaufen). Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>this connection</source>
        <translation>diese Verbindung</translation>
    </message>
    <message>
        <source>Not signed in to Odoo. Sign in first.</source>
        <translation>Nicht bei Odoo angemeldet. Melden Sie sich zuerst an.</translation>
    </message>
    <message>
        <source>The cockpit cannot express the call %1.%2 for Odoo&apos;s JSON-2 API (%3). This is a defect of the cockpit; choose JSON-RPC in the connection profile meanwhile.</source>
        <translation>Das Cockpit kann den Aufruf %1.%2 nicht für die JSON-2-API von Odoo ausdrücken (%3). Dies ist ein Fehler des Cockpits; wählen Sie bis dahin JSON-RPC im Verbindungsprofil.</translation>
    </message>
    <message>
        <source>The server did not report an Odoo version. Check that the URL points at an Odoo server.</source>
        <translation>Der Server hat keine Odoo-Version gemeldet. Prüfen Sie, ob die URL auf einen Odoo-Server zeigt.</translation>
    </message>
    <message>
        <source>Odoo accepted the API key but did not say which user it belongs to. Check that the server is Odoo 19 or later.</source>
        <translation>Odoo hat den API-Schlüssel akzeptiert, aber nicht mitgeteilt, zu welchem Benutzer er gehört. Prüfen Sie, ob der Server Odoo 19 oder neuer ist.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Anmeldung abgelehnt: Prüfen Sie Benutzername und Passwort oder API-Schlüssel</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AlertBanner</name>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the screen of the newest alert</source>
        <translation>Den Bildschirm der neuesten Warnung anzeigen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Dismiss the alerts</source>
        <translation>Die Warnungen ausblenden</translation>
    </message>
    <message>
        <source>&lt;p style=&quot;margin:0&quot;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;/p&gt;</source>
        <translation>&lt;p style=&quot;margin:0&quot;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AlertCenter</name>
    <message>
        <source>O2C Cockpit</source>
        <translation>O2C Cockpit</translation>
    </message>
    <message>
        <source>Duplicate rate today: %1 % (%2 of %3 orders; threshold %4 %)</source>
        <translation>Dublettenquote heute: %1 % (%2 von %3 Aufträgen; Schwelle %4 %)</translation>
    </message>
    <message>
        <source>Look at the duplicate desk: which channel sends the resends, and hold manufacturing on the clusters of high value.</source>
        <translation>Prüfen Sie den Dubletten-Arbeitsplatz: Welcher Kanal sendet die Wiederholungen? Halten Sie die Fertigung bei Clustern mit hohem Wert an.</translation>
    </message>
    <message>
        <source>Backlog of open duplicate clusters: %1 (threshold %2)</source>
        <translation>Rückstand offener Dubletten-Cluster: %1 (Schwelle %2)</translation>
    </message>
    <message>
        <source>Look at the exception queue: claim the unassigned clusters and escalate what cannot be decided on this shift.</source>
        <translation>Prüfen Sie die Ausnahmen-Warteschlange: Übernehmen Sie die freien Cluster und eskalieren Sie, was in dieser Schicht nicht entschieden werden kann.</translation>
    </message>
    <message>
        <source>Outbox: actions waiting to be sent to Odoo: %1 (threshold %2)</source>
        <translation>Ausgangsliste: Aktionen, die auf den Versand an Odoo warten: %1 (Schwelle %2)</translation>
    </message>
    <message>
        <source>Look at integration health: Odoo may be slow or unreachable; the actions stay queued and go out when it answers.</source>
        <translation>Prüfen Sie den Integrationsstatus: Odoo ist vielleicht langsam oder nicht erreichbar; die Aktionen bleiben in der Warteschlange und gehen hinaus, sobald es antwortet.</translation>
    </message>
    <message>
        <source>Sync latency: the last pass took %1 ms (threshold %2 ms)</source>
        <translation>Sync-Latenz: Der letzte Durchlauf dauerte %1 ms (Schwelle %2 ms)</translation>
    </message>
    <message>
        <source>Look at integration health: the Odoo server or the network is slow; figures on screen may lag behind Odoo.</source>
        <translation>Prüfen Sie den Integrationsstatus: Der Odoo-Server oder das Netz ist langsam; die Zahlen auf dem Bildschirm können hinter Odoo zurückliegen.</translation>
    </message>
    <message>
        <source>Failures (failed sync passes in a row and failed actions): %1 (threshold %2)</source>
        <translation>Fehler (fehlgeschlagene Sync-Durchläufe in Folge und fehlgeschlagene Aktionen): %1 (Schwelle %2)</translation>
    </message>
    <message>
        <source>Look at integration health for the errors, and at the exception queue for failed actions to retry or abandon.</source>
        <translation>Prüfen Sie den Integrationsstatus auf die Fehler und die Ausnahmen-Warteschlange auf fehlgeschlagene Aktionen, die Sie wiederholen oder aufgeben können.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AuditLogPage</name>
    <message>
        <source>Fi&amp;lter:</source>
        <translation>Fi&amp;lter:</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Prüfprotokoll filtern</translation>
    </message>
    <message>
        <source>user, order, action…</source>
        <translation>Benutzer, Auftrag, Aktion…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Wann (UTC)</translation>
    </message>
    <message>
        <source>Computer user</source>
        <translation>Computerbenutzer</translation>
    </message>
    <message>
        <source>Odoo user</source>
        <translation>Odoo-Benutzer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Odoo answer</source>
        <translation>Antwort von Odoo</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>No team store: nothing is audited.</source>
        <translation>Kein Teamspeicher: Es wird nichts protokolliert.</translation>
    </message>
    <message>
        <source>The audit trail is broken at entry %1: %2. Keep a copy of the store and tell your administrator.</source>
        <translation>Der Prüfpfad ist bei Eintrag %1 unterbrochen: %2. Bewahren Sie eine Kopie des Teamspeichers auf und informieren Sie Ihren Administrator.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries, chain intact.</source>
        <translation>
            <numerusform>%Ln Eintrag, Kette intakt.</numerusform>
            <numerusform>%Ln Einträge, Kette intakt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded yet: every hold, release, resolution, claim and settings change will be listed here with Odoo&apos;s answer.</source>
        <translation>Noch nichts aufgezeichnet: jede Sperre, Freigabe, Auflösung, Übernahme und Änderung der Einstellungen erscheint hier mit der Antwort von Odoo.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Channel</name>
    <message>
        <source>EDI</source>
        <translation>EDI</translation>
    </message>
    <message>
        <source>eCommerce</source>
        <translation>E-Commerce</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>Dealer portal</source>
        <translation>Händlerportal</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Manual entry</source>
        <translation>Manuelle Erfassung</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Cluster</name>
    <message>
        <source>Duplicate</source>
        <translation>Dublette</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>Verdacht</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Änderung</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterComparisonModel</name>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Kundenref.</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>Lieferadresse</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Wunschtermin</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 has %2</source>
        <translation>%1 hat %2</translation>
    </message>
    <message>
        <source>%1 differs between the orders: %2</source>
        <translation>%1 unterscheidet sich zwischen den Aufträgen: %2</translation>
    </message>
    <message>
        <source>Written differently, but the same reference after normalization (%1)</source>
        <translation>Anders geschrieben, aber nach Normalisierung dieselbe Referenz (%1)</translation>
    </message>
    <message>
        <source>%1, MRP held</source>
        <translation>%1, Fertigung angehalten</translation>
    </message>
    <message>
        <source>%1
%2 · %3
%4</source>
        <translation>%1
%2 · %3
%4</translation>
    </message>
    <message>
        <source>%1: manufacturing is held</source>
        <translation>%1: Fertigung ist angehalten</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterDetailView</name>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Customer reference</source>
        <translation>Kundenreferenz</translation>
    </message>
    <message>
        <source>Products and quantities</source>
        <translation>Produkte und Mengen</translation>
    </message>
    <message>
        <source>Time apart</source>
        <translation>Zeitabstand</translation>
    </message>
    <message>
        <source>Order value</source>
        <translation>Auftragswert</translation>
    </message>
    <message>
        <source>Ship-to address</source>
        <translation>Lieferadresse</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>EDI-Kontrollnummern</translation>
    </message>
    <message>
        <source>Identical message</source>
        <translation>Identische Nachricht</translation>
    </message>
    <message>
        <source>Cluster detail</source>
        <translation>Cluster-Details</translation>
    </message>
    <message>
        <source>Select a cluster to compare its orders side by side.
J / K move to the next or previous cluster.</source>
        <translation>Wählen Sie einen Cluster, um seine Aufträge nebeneinander zu vergleichen.
J / K wechseln zum nächsten oder vorherigen Cluster.</translation>
    </message>
    <message>
        <source>Orders side by side</source>
        <translation>Aufträge nebeneinander</translation>
    </message>
    <message>
        <source>Why these orders look like one demand</source>
        <translation>Warum diese Aufträge nach einem einzigen Bedarf aussehen</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>Befund</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>%1 · %2 · score %3</source>
        <translation>%1 · %2 · Bewertung %3</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>Speaks against these orders being the same demand</source>
        <translation>Spricht dagegen, dass diese Aufträge derselbe Bedarf sind</translation>
    </message>
    <message>
        <source>Speaks for these orders being the same demand</source>
        <translation>Spricht dafür, dass diese Aufträge derselbe Bedarf sind</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, no differences</source>
        <translation>
            <numerusform>%Ln Auftrag, keine Unterschiede</numerusform>
            <numerusform>%Ln Aufträge, keine Unterschiede</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, highlighted cells differ</source>
        <translation>
            <numerusform>%Ln Auftrag, hervorgehobene Zellen weichen ab</numerusform>
            <numerusform>%Ln Aufträge, hervorgehobene Zellen weichen ab</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterListModel</name>
    <message>
        <source>Duplicate demand arrived %1</source>
        <translation>Doppelter Bedarf eingegangen %1</translation>
    </message>
    <message>
        <source>Total of the orders beyond the first: demand that would be made twice</source>
        <translation>Summe der Aufträge nach dem ersten: Bedarf, der doppelt produziert würde</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Gefährdeter Wert</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Belege</translation>
    </message>
</context>
<context>
    <name>o2c::ui::CockpitStatusBar</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Order and cluster counts</source>
        <translation>Anzahl Aufträge und Cluster</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <source>synced 59 min ago</source>
        <translation>synchr. vor 59 Min.</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUKTIV</translation>
    </message>
    <message>
        <source>STAGING</source>
        <translation>TESTSYSTEM</translation>
    </message>
    <message>
        <source>no server</source>
        <translation>kein Server</translation>
    </message>
    <message>
        <source>Connected to the production Odoo: %1, database %2, as %3.
Holds and releases change real orders.</source>
        <translation>Verbunden mit dem produktiven Odoo: %1, Datenbank %2, als %3.
Sperren und Freigaben ändern echte Aufträge.</translation>
    </message>
    <message>
        <source>Connected to a staging Odoo: %1, database %2, as %3.</source>
        <translation>Verbunden mit einem Odoo-Testsystem: %1, Datenbank %2, als %3.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>noch nicht synchronisiert</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>synchronisiert %1</translation>
    </message>
    <message>
        <source>Last sync finished %1</source>
        <translation>Letzte Synchronisierung abgeschlossen %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>order count · cluster count</comment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders</source>
        <translation>
            <numerusform>%Ln Auftrag</numerusform>
            <numerusform>%Ln Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln clusters</source>
        <translation>
            <numerusform>%Ln Cluster</numerusform>
            <numerusform>%Ln Cluster</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::CsvWriter</name>
    <message>
        <source>%1 cannot be written: %2. Choose another folder.</source>
        <translation>%1 kann nicht geschrieben werden: %2. Wählen Sie einen anderen Ordner.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::EnvironmentMarker</name>
    <message>
        <source>PRODUCTION: %1</source>
        <translation>PRODUKTIV: %1</translation>
    </message>
    <message>
        <source>staging: %1</source>
        <translation>Testsystem: %1</translation>
    </message>
    <message>
        <source>%1 — PRODUCTION: %2</source>
        <translation>%1 — PRODUKTIV: %2</translation>
    </message>
    <message>
        <source>%1 — staging: %2</source>
        <translation>%1 — Testsystem: %2</translation>
    </message>
    <message>
        <source>PRODUCTION — %1</source>
        <translation>PRODUKTIV — %1</translation>
    </message>
    <message>
        <source>Staging — %1</source>
        <translation>Testsystem — %1</translation>
    </message>
    <message>
        <source>PRODUCTION — %1 · %2</source>
        <translation>PRODUKTIV — %1 · %2</translation>
    </message>
    <message>
        <source>Staging — %1 · %2</source>
        <translation>Testsystem — %1 · %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowBoardWidget</name>
    <message>
        <source>Flow board</source>
        <translation>Auftragsfluss</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowStageTile</name>
    <message numerus="yes">
        <source>%1: %Ln orders, %2</source>
        <comment>stage: count, value</comment>
        <translation>
            <numerusform>%1: %Ln Auftrag, %2</numerusform>
            <numerusform>%1: %Ln Aufträge, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
Click to show all orders again</source>
        <translation>%1
Klicken, um wieder alle Aufträge anzuzeigen</translation>
    </message>
    <message>
        <source>%1
Click to show only these orders</source>
        <translation>%1
Klicken, um nur diese Aufträge anzuzeigen</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
</context>
<context>
    <name>o2c::ui::HoldReasonDialog</name>
    <message>
        <source>Hold manufacturing for %1</source>
        <translation>Fertigung für %1 anhalten</translation>
    </message>
    <message>
        <source>No manufacturing demand, reservation or procurement will proceed from %1 until the hold is released.
Why is it held?</source>
        <translation>Aus %1 entstehen kein Fertigungsbedarf, keine Reservierung und keine Beschaffung, bis die Sperre aufgehoben ist.
Warum wird angehalten?</translation>
    </message>
    <message>
        <source>Suspected duplicate order</source>
        <translation>Verdacht auf doppelten Auftrag</translation>
    </message>
    <message>
        <source>Waiting for the customer to confirm</source>
        <translation>Warten auf Bestätigung durch den Kunden</translation>
    </message>
    <message>
        <source>Credit check pending</source>
        <translation>Bonitätsprüfung ausstehend</translation>
    </message>
    <message>
        <source>Amendment under review</source>
        <translation>Änderung in Prüfung</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Grund (Pflichtfeld)</translation>
    </message>
    <message>
        <source>Reason for the hold</source>
        <translation>Grund für die Sperre</translation>
    </message>
    <message>
        <source>Hold MRP</source>
        <translation>Fertigung anhalten</translation>
    </message>
</context>
<context>
    <name>o2c::ui::HoldsPage</name>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Angehalten von</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Breach</source>
        <translation>Verstoß</translation>
    </message>
    <message>
        <source>Active holds</source>
        <translation>Aktive Sperren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H releases the selected hold; Ctrl+Shift+L exports the holds to CSV.</source>
        <translation>Strg+Umschalt+H hebt die gewählte Sperre auf; Strg+Umschalt+L exportiert die Sperren als CSV.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Hard (quotation kept)</source>
        <translation>Hart (bleibt Angebot)</translation>
    </message>
    <message>
        <source>Soft (MO activity)</source>
        <translation>Weich (FA-Aktivität)</translation>
    </message>
    <message>
        <source>confirmed while tagged HOLD</source>
        <translation>trotz HOLD-Markierung bestätigt</translation>
    </message>
    <message>
        <source>%1 produced while held</source>
        <translation>%1 trotz Sperre produziert</translation>
    </message>
    <message>
        <source>in Odoo</source>
        <translation>in Odoo</translation>
    </message>
    <message>
        <source>HOLD in Odoo</source>
        <translation>HOLD in Odoo</translation>
    </message>
    <message>
        <source>Active holds (%1), breaches: %2</source>
        <translation>Aktive Sperren (%1), Verstöße: %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IdentityGraphWidget</name>
    <message>
        <source>Identity graph</source>
        <translation>Identitätsgraph</translation>
    </message>
    <message>
        <source>%1 document</source>
        <translation>%1-Dokument</translation>
    </message>
    <message>
        <source>customer reference</source>
        <translation>Kundenreferenz</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>EDI-Kontrollnummern</translation>
    </message>
    <message>
        <source>ISA %1 / GS %2 / ST %3</source>
        <translation>ISA %1 / GS %2 / ST %3</translation>
    </message>
    <message>
        <source>manufacturing order</source>
        <translation>Fertigungsauftrag</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>Lieferung</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>Rechnung</translation>
    </message>
    <message>
        <source>possible duplicate (%1)</source>
        <translation>mögliche Dublette (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Pick an order to see its references.</source>
        <translation>Wählen Sie einen Auftrag, um seine Referenzen zu sehen.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntakeExceptionsPanel</name>
    <message>
        <source>Transactions held in the middleware hub</source>
        <translation>Im Middleware-Hub zurückgehaltene Transaktionen</translation>
    </message>
    <message>
        <source>Release to Odoo</source>
        <translation>An Odoo freigeben</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Ablehnen…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Not a duplicate after all: the hub sends it on to Odoo.</source>
        <translation>Doch keine Dublette: Der Hub leitet sie an Odoo weiter.</translation>
    </message>
    <message>
        <source>The order must not reach Odoo: the hub drops it, with your reason.</source>
        <translation>Der Auftrag darf Odoo nicht erreichen: Der Hub verwirft ihn mit Ihrer Begründung.</translation>
    </message>
    <message>
        <source>Send a failed or dead-lettered order to Odoo again.</source>
        <translation>Einen fehlgeschlagenen oder in der Dead-Letter-Queue liegenden Auftrag erneut an Odoo senden.</translation>
    </message>
    <message numerus="yes">
        <source>Held in the middleware hub before Odoo: %n</source>
        <translation>
            <numerusform>Im Middleware-Hub vor Odoo zurückgehalten: %n</numerusform>
            <numerusform>Im Middleware-Hub vor Odoo zurückgehalten: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Acting on hub transactions needs the team store.</source>
        <translation>Aktionen auf Hub-Transaktionen brauchen die Team-Datenbank.</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>Wählen Sie zuerst eine Transaktion.</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>%1 ablehnen</translation>
    </message>
    <message>
        <source>Why must this order not reach Odoo?</source>
        <translation>Warum darf dieser Auftrag Odoo nicht erreichen?</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Sent to Odoo</source>
        <translation>An Odoo gesendet</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Von Odoo bestätigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>In der Dead-Letter-Queue</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntegrationHealthPage</name>
    <message>
        <source>Odoo connection:</source>
        <translation>Odoo-Verbindung:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Circuit breaker:</source>
        <translation>Schutzschalter:</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Letzte Synchronisierung:</translation>
    </message>
    <message>
        <source>Sync passes:</source>
        <translation>Synchronisierungsläufe:</translation>
    </message>
    <message>
        <source>Team store:</source>
        <translation>Teamspeicher:</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Postausgang:</translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>Letzte Fehler</translation>
    </message>
    <message>
        <source>%1 — %2, database %3, user %4 (%5)</source>
        <translation>%1 – %2, Datenbank %3, Benutzer %4 (%5)</translation>
    </message>
    <message>
        <source>production</source>
        <translation>Produktivsystem</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>Testsystem</translation>
    </message>
    <message>
        <source>Offline: no Odoo connection</source>
        <translation>Offline: keine Odoo-Verbindung</translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation>%1, neuer Versuch in %2 s</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>nicht in Gebrauch</translation>
    </message>
    <message>
        <source>%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices in %6 ms (%7 requests)</source>
        <translation>%1: Aufträge %2, Fertigungsaufträge %3, Lieferungen %4, Rechnungen %5 in %6 ms (Anfragen: %7)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3 failed in a row</source>
        <translation>erfolgreich: %1, fehlgeschlagen: %2, davon in Folge: %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>none: actions are not available</source>
        <translation>keiner: Aktionen sind nicht verfügbar</translation>
    </message>
    <message>
        <source>Action #%1 (%2): %3</source>
        <translation>Aktion #%1 (%2): %3</translation>
    </message>
    <message>
        <source>%1 waiting, %2 sending, %3 failed</source>
        <translation>wartend: %1, im Versand: %2, fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>no team store</source>
        <translation>kein Teamspeicher</translation>
    </message>
    <message>
        <source>No errors recorded.</source>
        <translation>Keine Fehler erfasst.</translation>
    </message>
    <message>
        <source>Critical: %1</source>
        <translation>Kritisch: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Middleware-Hub</translation>
    </message>
    <message>
        <source>Live stream:</source>
        <translation>Live-Stream:</translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>Unbestätigt</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Konsumenten</translation>
    </message>
    <message>
        <source>In per s</source>
        <translation>Ein pro s</translation>
    </message>
    <message>
        <source>Out per s</source>
        <translation>Aus pro s</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>Dead-Letter-Queue</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>RabbitMQ queues</source>
        <translation>RabbitMQ-Queues</translation>
    </message>
    <message>
        <source>Replay dead-lettered messages…</source>
        <translation>Nachrichten aus der Dead-Letter-Queue erneut senden…</translation>
    </message>
    <message>
        <source>Select a dead-letter queue first.</source>
        <translation>Wählen Sie zuerst eine Dead-Letter-Queue.</translation>
    </message>
    <message>
        <source>Job queue (OCA queue_job)</source>
        <translation>Job-Warteschlange (OCA queue_job)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Failed and stuck jobs</source>
        <translation>Fehlgeschlagene und hängende Jobs</translation>
    </message>
    <message>
        <source>Requeue the selected job</source>
        <translation>Gewählten Job erneut einreihen</translation>
    </message>
    <message>
        <source>Requeueing needs the team store.</source>
        <translation>Erneutes Einreihen braucht die Team-Datenbank.</translation>
    </message>
    <message>
        <source>Not reachable: %1</source>
        <translation>Nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>No middleware hub configured: orders are seen once they reach Odoo.</source>
        <translation>Kein Middleware-Hub eingerichtet: Aufträge werden erst sichtbar, wenn sie Odoo erreichen.</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>Server-Sent Events</source>
        <translation>Server-Sent Events</translation>
    </message>
    <message>
        <source>Connected (%1), last event %2.</source>
        <translation>Verbunden (%1), letztes Ereignis %2.</translation>
    </message>
    <message>
        <source>Not connected (%1): reconnecting, resuming after event %2.</source>
        <translation>Nicht verbunden (%1): Verbindung wird wiederhergestellt, Fortsetzung nach Ereignis %2.</translation>
    </message>
    <message>
        <source>%1 %2 events received; repaired: %3 drops, %4 repeats ignored, %5 out of order, %6 catch-ups from the listing.</source>
        <translation>%1 %2 Ereignisse empfangen; repariert: %3 Abbrüche, %4 ignorierte Wiederholungen, %5 außer der Reihe, %6 Nachholvorgänge aus der Liste.</translation>
    </message>
    <message>
        <source>The middleware hub&apos;s live stream is down; the cockpit resumes it without losing events.</source>
        <translation>Der Live-Stream des Middleware-Hubs ist unterbrochen; das Cockpit setzt ihn fort, ohne Ereignisse zu verlieren.</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <source>waiting for the first figures</source>
        <translation>warte auf die ersten Kennzahlen</translation>
    </message>
    <message numerus="yes">
        <source>Throughput: %1 orders per minute over the last %n minutes</source>
        <translation>
            <numerusform>Durchsatz: %1 Aufträge pro Minute in der letzten %n Minute</numerusform>
            <numerusform>Durchsatz: %1 Aufträge pro Minute in den letzten %n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1, acknowledged by Odoo %2</source>
        <translation>Empfangen %1, von Odoo bestätigt %2</translation>
    </message>
    <message numerus="yes">
        <source>Queue depth: %n waiting for Odoo</source>
        <translation>
            <numerusform>Warteschlangentiefe: %n wartet auf Odoo</numerusform>
            <numerusform>Warteschlangentiefe: %n warten auf Odoo</numerusform>
        </translation>
    </message>
    <message>
        <source>Processing latency: %1 s median, %2 s 95th percentile, %3 s longest</source>
        <translation>Verarbeitungszeit: %1 s Median, %2 s 95. Perzentil, %3 s am längsten</translation>
    </message>
    <message>
        <source>Acknowledgement success: %1%</source>
        <translation>Bestätigungsquote: %1 %</translation>
    </message>
    <message numerus="yes">
        <source>Quarantined: %n</source>
        <translation>
            <numerusform>In Quarantäne: %n</numerusform>
            <numerusform>In Quarantäne: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ is not configured (start the cockpit with --rabbitmq http://user:password@host:15672).</source>
        <translation>RabbitMQ ist nicht eingerichtet (starten Sie das Cockpit mit --rabbitmq http://benutzer:passwort@host:15672).</translation>
    </message>
    <message numerus="yes">
        <source>%n queues; %1 messages dead-lettered.</source>
        <translation>
            <numerusform>%n Queue; %1 Nachrichten in Dead-Letter-Queues.</numerusform>
            <numerusform>%n Queues; %1 Nachrichten in Dead-Letter-Queues.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>not read (no Odoo connection)</source>
        <translation>nicht gelesen (keine Odoo-Verbindung)</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>noch nicht gelesen</translation>
    </message>
    <message>
        <source>queue_job not installed in this Odoo: there are no job queues to watch.</source>
        <translation>queue_job ist in diesem Odoo nicht installiert: Es gibt keine Job-Warteschlangen zu überwachen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</source>
        <translation>
            <numerusform>%1 fehlgeschlagen, %2 vor mehr als %n Minute gestartet, %3 laufen, %4 warten (davon %5 in Wiederholung), gelesen %6.</numerusform>
            <numerusform>%1 fehlgeschlagen, %2 vor mehr als %n Minuten gestartet, %3 laufen, %4 warten (davon %5 in Wiederholung), gelesen %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>started, stuck</source>
        <translation>gestartet, hängt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>No alerts: the middleware and the job queue look healthy.</source>
        <translation>Keine Warnungen: Middleware und Job-Warteschlange sehen gesund aus.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Replay from %1</source>
        <translation>Erneut senden aus %1</translation>
    </message>
    <message>
        <source>Choose the messages to send back to where they were dead-lettered; the others stay in %1.</source>
        <translation>Wählen Sie die Nachrichten, die dorthin zurückgehen sollen, wo sie in die Dead-Letter-Queue kamen; die anderen bleiben in %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 in %3 (%n times): %4</source>
        <translation>
            <numerusform>%1 — %2 in %3 (%n Mal): %4</numerusform>
            <numerusform>%1 — %2 in %3 (%n Mal): %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no message id)</source>
        <translation>(keine Nachrichten-ID)</translation>
    </message>
    <message>
        <source>Replay the checked messages</source>
        <translation>Markierte Nachrichten erneut senden</translation>
    </message>
    <message>
        <source>Nothing was chosen; nothing was moved.</source>
        <translation>Nichts gewählt; nichts wurde verschoben.</translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n messages from %1…</source>
        <translation>
            <numerusform>%n Nachricht aus %1 wird erneut gesendet…</numerusform>
            <numerusform>%n Nachrichten aus %1 werden erneut gesendet…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages replayed from %1; %2 stay there.</source>
        <translation>
            <numerusform>%n Nachricht aus %1 erneut gesendet; %2 bleiben dort.</numerusform>
            <numerusform>%n Nachrichten aus %1 erneut gesendet; %2 bleiben dort.</numerusform>
        </translation>
    </message>
    <message>
        <source>Requeue a stuck job only when the worker that started it is gone; you are asked to confirm.</source>
        <translation>Reihen Sie einen hängenden Job nur erneut ein, wenn der Worker, der ihn gestartet hat, nicht mehr läuft; Sie werden um Bestätigung gebeten.</translation>
    </message>
    <message>
        <source>Only a failed or stuck job can be requeued.</source>
        <translation>Nur ein fehlgeschlagener oder hängender Job kann erneut eingereiht werden.</translation>
    </message>
    <message>
        <source>Requeue a stuck job</source>
        <translation>Hängenden Job erneut einreihen</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has been started since %2 and has not finished. Requeue it only if the worker that started it is gone (restarted or crashed): a worker still running it would run it a second time.</source>
        <translation>„%1“ läuft seit %2 und ist nicht fertig geworden. Reihen Sie ihn nur erneut ein, wenn der Worker, der ihn gestartet hat, nicht mehr läuft (neu gestartet oder abgestürzt): Ein Worker, der ihn noch ausführt, würde ihn ein zweites Mal ausführen.</translation>
    </message>
    <message>
        <source>Requeue it</source>
        <translation>Erneut einreihen</translation>
    </message>
    <message numerus="yes">
        <source>Failures: %n failed attempts, %1 dead-lettered</source>
        <translation>
            <numerusform>Fehler: %n fehlgeschlagener Versuch, %1 in der Dead-Letter-Queue</numerusform>
            <numerusform>Fehler: %n fehlgeschlagene Versuche, %1 in der Dead-Letter-Queue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>keyboard shortcuts</comment>
        <translation>%1 oder %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::MainWindow</name>
    <message>
        <source>Screens</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>J / K: next / previous</source>
        <translation>J / K: nächster / vorheriger</translation>
    </message>
    <message>
        <source>Duplicate clusters</source>
        <translation>Dubletten-Cluster</translation>
    </message>
    <message>
        <source>Filter orders (Ctrl+F)</source>
        <translation>Aufträge filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Filter orders</source>
        <translation>Aufträge filtern</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>&amp;Hold MRP…</source>
        <translation>Fertigung an&amp;halten…</translation>
    </message>
    <message>
        <source>&amp;Release hold</source>
        <translation>Sperre &amp;aufheben</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Flow board</source>
        <translation>&amp;Auftragsfluss</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <source>&amp;Clusters</source>
        <translation>&amp;Cluster</translation>
    </message>
    <message>
        <source>F&amp;ilter orders</source>
        <translation>Aufträge &amp;filtern</translation>
    </message>
    <message>
        <source>&amp;Show all stages</source>
        <translation>Alle &amp;Phasen anzeigen</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ktionen</translation>
    </message>
    <message>
        <source>&amp;Next cluster</source>
        <translation>&amp;Nächster Cluster</translation>
    </message>
    <message>
        <source>&amp;Previous cluster</source>
        <translation>&amp;Vorheriger Cluster</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Entscheidungen</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xport</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About O2C Cockpit</source>
        <translation>Ü&amp;ber O2C Cockpit</translation>
    </message>
    <message>
        <source>%1 moved on behind its hold: %2</source>
        <translation>%1 ist trotz Sperre weitergelaufen: %2</translation>
    </message>
    <message>
        <source>Duplicate clusters (%1)</source>
        <translation>Dubletten-Cluster (%1)</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Aufträge (%1)</translation>
    </message>
    <message>
        <source>Orders (%1 of %2)</source>
        <translation>Aufträge (%1 von %2)</translation>
    </message>
    <message>
        <source>Not connected to Odoo: holds cannot be changed.</source>
        <translation>Keine Verbindung zu Odoo: Sperren können nicht geändert werden.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>Wählen Sie zuerst einen Auftrag.</translation>
    </message>
    <message>
        <source>%1: an action is under way.</source>
        <translation>%1: Eine Aktion läuft.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 ist bereits angehalten.</translation>
    </message>
    <message>
        <source>Hold manufacturing for %1 (Ctrl+H)</source>
        <translation>Fertigung für %1 anhalten (Strg+H)</translation>
    </message>
    <message>
        <source>%1 is cancelled or already produced: nothing left to hold.</source>
        <translation>%1 ist storniert oder bereits produziert: Es gibt nichts mehr anzuhalten.</translation>
    </message>
    <message>
        <source>Release the hold on %1 (Ctrl+Shift+H)</source>
        <translation>Sperre von %1 aufheben (Strg+Umschalt+H)</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 ist nicht angehalten.</translation>
    </message>
    <message>
        <source>Hold on %1 queued.</source>
        <translation>Sperre für %1 eingereiht.</translation>
    </message>
    <message>
        <source>Holding manufacturing for %1…</source>
        <translation>Fertigung für %1 wird angehalten…</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Sperre aufheben</translation>
    </message>
    <message>
        <source>Release the hold on %1? Manufacturing demand, reservation and procurement will proceed from it again.</source>
        <translation>Sperre von %1 aufheben? Fertigungsbedarf, Reservierung und Beschaffung laufen dann wieder an.</translation>
    </message>
    <message>
        <source>Release of %1 queued.</source>
        <translation>Freigabe von %1 eingereiht.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1…</source>
        <translation>Sperre von %1 wird aufgehoben…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The hold on %1 was not released.</source>
        <translation>Die Sperre von %1 wurde nicht aufgehoben.</translation>
    </message>
    <message>
        <source>Manufacturing for %1 was not held.</source>
        <translation>Die Fertigung für %1 wurde nicht angehalten.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Action failed</source>
        <translation>Aktion fehlgeschlagen</translation>
    </message>
    <message>
        <source>Odoo gave no reason. Try again; if it fails again, check the connection in the status bar.</source>
        <translation>Odoo hat keinen Grund genannt. Versuchen Sie es erneut; schlägt es wieder fehl, prüfen Sie die Verbindung in der Statusleiste.</translation>
    </message>
    <message>
        <source>About O2C Cockpit</source>
        <translation>Über O2C Cockpit</translation>
    </message>
    <message>
        <source>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Order-to-cash operations cockpit for manufacturers that run Odoo: every order&apos;s flow, duplicate orders found as they arrive, and MRP held until they are resolved.&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later&lt;/p&gt;</source>
        <translation>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Order-to-Cash-Cockpit für Fertigungsunternehmen mit Odoo: der Fluss jedes Auftrags, doppelte Aufträge schon beim Eingang erkannt und die Fertigung angehalten, bis sie geklärt sind.&lt;/p&gt;&lt;p&gt;Lizenz: GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Duplicate desk</source>
        <translation>Dubletten-Arbeitsplatz</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Ausnahmen-Warteschlange</translation>
    </message>
    <message>
        <source>Order detail</source>
        <translation>Auftragsdetails</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Supervisor charts</source>
        <translation>Diagramme für die Leitung</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Integrationsstatus</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>&amp;Claim cluster</source>
        <translation>Cluster &amp;übernehmen</translation>
    </message>
    <message>
        <source>&amp;Unclaim cluster</source>
        <translation>Übernahme auf&amp;heben</translation>
    </message>
    <message>
        <source>&amp;Resolve: keep the selected order</source>
        <translation>&amp;Lösen: gewählten Auftrag behalten</translation>
    </message>
    <message>
        <source>Mark &amp;distinct…</source>
        <translation>Als &amp;eigenständig markieren…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>E&amp;skalieren…</translation>
    </message>
    <message>
        <source>Co&amp;mment…</source>
        <translation>&amp;Kommentieren…</translation>
    </message>
    <message>
        <source>Re&amp;try failed action</source>
        <translation>Fehlgeschlagene Aktion &amp;wiederholen</translation>
    </message>
    <message>
        <source>&amp;Abandon failed action…</source>
        <translation>Fehlgeschlagene Aktion auf&amp;geben…</translation>
    </message>
    <message>
        <source>Shift &amp;handover summary</source>
        <translation>&amp;Schichtübergabe-Zusammenfassung</translation>
    </message>
    <message>
        <source>&amp;Clusters to CSV…</source>
        <translation>&amp;Cluster als CSV…</translation>
    </message>
    <message>
        <source>Export clusters</source>
        <translation>Cluster exportieren</translation>
    </message>
    <message>
        <source>&amp;Holds to CSV…</source>
        <translation>&amp;Sperren als CSV…</translation>
    </message>
    <message>
        <source>Export holds</source>
        <translation>Sperren exportieren</translation>
    </message>
    <message>
        <source>&amp;Audit log to CSV…</source>
        <translation>&amp;Prüfprotokoll als CSV…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Prüfprotokoll exportieren</translation>
    </message>
    <message>
        <source>Action #%1 failed: %2</source>
        <translation>Aktion #%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>No team store: decisions cannot be recorded.</source>
        <translation>Kein Teamspeicher: Entscheidungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Select a duplicate cluster first.</source>
        <translation>Wählen Sie zuerst einen Dubletten-Cluster.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Nicht ausgeführt</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>%1 lösen</translation>
    </message>
    <message>
        <source>Keep %1 and cancel %2 in Odoo?</source>
        <translation>%1 behalten und %2 in Odoo stornieren?</translation>
    </message>
    <message>
        <source>%1: keeping %2, cancelling %3 (action #%4 queued).</source>
        <translation>%1: %2 wird behalten, %3 storniert (Aktion #%4 eingereiht).</translation>
    </message>
    <message>
        <source>Mark %1 distinct</source>
        <translation>%1 als eigenständig markieren</translation>
    </message>
    <message>
        <source>Why are these orders different demands?</source>
        <translation>Warum sind diese Aufträge verschiedene Bedarfe?</translation>
    </message>
    <message>
        <source>Give a reason: the next planner needs to know why.</source>
        <translation>Geben Sie einen Grund an: Der nächste Planer muss wissen, warum.</translation>
    </message>
    <message>
        <source>%1 marked distinct.</source>
        <translation>%1 als eigenständig markiert.</translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation>%1 eskalieren</translation>
    </message>
    <message>
        <source>%1 escalated.</source>
        <translation>%1 eskaliert.</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>Kommentar zu %1</translation>
    </message>
    <message>
        <source>Note for the order&apos;s chatter in Odoo:</source>
        <translation>Notiz für den Chatter des Auftrags in Odoo:</translation>
    </message>
    <message>
        <source>Comment on %1 queued.</source>
        <translation>Kommentar zu %1 eingereiht.</translation>
    </message>
    <message>
        <source>%1 is yours.</source>
        <translation>%1 gehört jetzt Ihnen.</translation>
    </message>
    <message>
        <source>%1 is free for others.</source>
        <translation>%1 ist für andere frei.</translation>
    </message>
    <message>
        <source>No failed action to retry or abandon.</source>
        <translation>Keine fehlgeschlagene Aktion zum Wiederholen oder Aufgeben.</translation>
    </message>
    <message>
        <source>Action #%1 queued again.</source>
        <translation>Aktion #%1 erneut eingereiht.</translation>
    </message>
    <message>
        <source>Abandon action #%1</source>
        <translation>Aktion #%1 aufgeben</translation>
    </message>
    <message>
        <source>Why is it given up?</source>
        <translation>Warum wird sie aufgegeben?</translation>
    </message>
    <message>
        <source>Action #%1 abandoned.</source>
        <translation>Aktion #%1 aufgegeben.</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>Schichtübergabe</translation>
    </message>
    <message>
        <source>Shift handover summary</source>
        <translation>Zusammenfassung der Schichtübergabe</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>O2C Cockpit</source>
        <translation>O2C Cockpit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Show the &amp;alert&apos;s screen</source>
        <translation>&amp;Bildschirm der Warnung anzeigen</translation>
    </message>
    <message>
        <source>&amp;Dismiss alerts</source>
        <translation>Warnungen a&amp;usblenden</translation>
    </message>
    <message>
        <source>C&amp;harts to CSV…</source>
        <translation>&amp;Diagramme als CSV…</translation>
    </message>
    <message>
        <source>Export chart figures</source>
        <translation>Diagrammzahlen exportieren</translation>
    </message>
    <message>
        <source>Clusters to &amp;PDF…</source>
        <translation>Cluster als &amp;PDF…</translation>
    </message>
    <message>
        <source>Holds to P&amp;DF…</source>
        <translation>Sperren als P&amp;DF…</translation>
    </message>
    <message>
        <source>Charts to PD&amp;F…</source>
        <translation>Diagramme als PD&amp;F…</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Diagramme exportieren</translation>
    </message>
    <message>
        <source>Shift &amp;report (PDF)…</source>
        <translation>Schicht&amp;bericht (PDF)…</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Schichtbericht</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Working offline: Odoo cannot be reached (%1). The %n orders shown are the ones kept on this computer; they catch up as soon as Odoo answers again.</source>
        <translation>
            <numerusform>Offline-Betrieb: Odoo ist nicht erreichbar (%1). %n angezeigter Auftrag ist auf diesem Computer gespeichert; er wird aktualisiert, sobald Odoo wieder antwortet.</numerusform>
            <numerusform>Offline-Betrieb: Odoo ist nicht erreichbar (%1). %n angezeigte Aufträge sind auf diesem Computer gespeichert; sie werden aktualisiert, sobald Odoo wieder antwortet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applying the new duplicate rules…</source>
        <translation>Die neuen Dublettenregeln werden übernommen…</translation>
    </message>
    <message>
        <source>The new duplicate rules are in force.</source>
        <translation>Die neuen Dublettenregeln sind in Kraft.</translation>
    </message>
    <message>
        <source>What should the lead decide about %1?</source>
        <translation>Was soll die Teamleitung zu %1 entscheiden?</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderDetailPage</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Order-to-Cash-Zeitleiste</translation>
    </message>
    <message>
        <source>Identity graph</source>
        <translation>Identitätsgraph</translation>
    </message>
    <message>
        <source>%1 — %2, %3, %4, %5</source>
        <translation>%1 – %2, %3, %4, %5</translation>
    </message>
    <message>
        <source>No order picked yet: search for one on the left, or pick one of the most recent.</source>
        <translation>Noch kein Auftrag gewählt: Suchen Sie links nach einem oder wählen Sie einen der neuesten.</translation>
    </message>
    <message>
        <source>Find an &amp;order:</source>
        <translation>Auftrag &amp;suchen:</translation>
    </message>
    <message>
        <source>Name, customer reference or customer</source>
        <translation>Name, Kundenreferenz oder Kunde</translation>
    </message>
    <message>
        <source>Find an order</source>
        <translation>Auftrag suchen</translation>
    </message>
    <message>
        <source>Matching orders</source>
        <translation>Passende Aufträge</translation>
    </message>
    <message>
        <source>Pick an order on the left to see its way through the systems.</source>
        <translation>Wählen Sie links einen Auftrag, um seinen Weg durch die Systeme zu sehen.</translation>
    </message>
    <message>
        <source>No order matches %1. Check the name, or wait for the next sync.</source>
        <translation>Kein Auftrag passt zu %1. Prüfen Sie den Namen oder warten Sie auf die nächste Synchronisation.</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, created %3</source>
        <translation>%1, %2, angelegt %3</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderTableModel</name>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Manufacturing is held for %1: no manufacturing demand, reservation or procurement proceeds from it until the hold is released.</source>
        <translation>Die Fertigung für %1 ist angehalten: Bis zur Freigabe entstehen daraus kein Fertigungsbedarf, keine Reservierung und keine Beschaffung.</translation>
    </message>
    <message>
        <source>Possible duplicate: see cluster %1</source>
        <translation>Mögliche Dublette: siehe Cluster %1</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Kundenref.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>MRP hold</source>
        <translation>Fertigungssperre</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
</context>
<context>
    <name>o2c::ui::PdfExport</name>
    <message>
        <source>The folder %1 does not exist. Choose another place for the file.</source>
        <translation>Der Ordner %1 existiert nicht. Wählen Sie einen anderen Ort für die Datei.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder is writable and the file is not open in another program.</source>
        <translation>%1 konnte nicht geschrieben werden. Prüfen Sie, ob der Ordner beschreibbar ist und die Datei nicht in einem anderen Programm geöffnet ist.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>%1 could not be completed. Check the free space on the disk.</source>
        <translation>%1 konnte nicht fertiggestellt werden. Prüfen Sie den freien Speicherplatz.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::RulesAccess</name>
    <message>
        <source>No team store: the rules can be viewed, not changed.</source>
        <translation>Kein Teamspeicher: Die Regeln können angesehen, aber nicht geändert werden.</translation>
    </message>
    <message>
        <source>The rules were not saved: %1. Correct the rules and save again.</source>
        <translation>Die Regeln wurden nicht gespeichert: %1. Korrigieren Sie die Regeln und speichern Sie erneut.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Bereiche der Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Verbindungen</translation>
    </message>
    <message>
        <source>Duplicate &amp;rules</source>
        <translation>Dubletten&amp;regeln</translation>
    </message>
    <message>
        <source>A&amp;lerts and shift</source>
        <translation>&amp;Warnungen und Schicht</translation>
    </message>
    <message>
        <source>Appea&amp;rance</source>
        <translation>&amp;Darstellung</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Gespeicherte Verbindungen</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Neue Verbindung</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected connection</source>
        <translation>Die gewählte Verbindung entfernen</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Name der Verbindung</translation>
    </message>
    <message>
        <source>Plant Lyon production</source>
        <translation>Werk Lyon Produktiv</translation>
    </message>
    <message>
        <source>Odoo server address</source>
        <translation>Adresse des Odoo-Servers</translation>
    </message>
    <message>
        <source>Odoo database</source>
        <translation>Odoo-Datenbank</translation>
    </message>
    <message>
        <source>Odoo login</source>
        <translation>Odoo-Anmeldename</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Passwort oder API-Schlüssel</translation>
    </message>
    <message>
        <source>Empty: keep the stored one</source>
        <translation>Leer: das gespeicherte behalten</translation>
    </message>
    <message>
        <source>This is a &amp;production database</source>
        <translation>Dies ist eine &amp;Produktivdatenbank</translation>
    </message>
    <message>
        <source>Production database</source>
        <translation>Produktivdatenbank</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server&amp;adresse:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Anmeldename:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Passwords and API keys go to the system keychain, never into the settings file. Production connections are marked red on every window; staging ones teal.</source>
        <translation>Passwörter und API-Schlüssel kommen in den Schlüsselbund des Systems, nie in die Einstellungsdatei. Produktivverbindungen sind auf jedem Fenster rot markiert, Testsysteme blaugrün.</translation>
    </message>
    <message>
        <source>&amp;Save connection</source>
        <translation>Verbindung &amp;speichern</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Die Verbindung speichern</translation>
    </message>
    <message>
        <source>&amp;Use at next start</source>
        <translation>Beim nächsten Start ver&amp;wenden</translation>
    </message>
    <message>
        <source>Use this connection at the next start</source>
        <translation>Diese Verbindung beim nächsten Start verwenden</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Verbindung entfernen</translation>
    </message>
    <message>
        <source>Remove the connection %1 and forget its password?</source>
        <translation>Die Verbindung %1 entfernen und ihr Passwort vergessen?</translation>
    </message>
    <message>
        <source>%1 — production</source>
        <translation>%1 — produktiv</translation>
    </message>
    <message>
        <source>%1 — staging</source>
        <translation>%1 — Testsystem</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (in Verwendung)</translation>
    </message>
    <message>
        <source>%1 (at next start)</source>
        <translation>%1 (beim nächsten Start)</translation>
    </message>
    <message>
        <source>%1, database %2, login %3</source>
        <translation>%1, Datenbank %2, Anmeldename %3</translation>
    </message>
    <message>
        <source>Give the connection a name.</source>
        <translation>Geben Sie der Verbindung einen Namen.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already; choose another name.</source>
        <translation>Eine Verbindung namens %1 gibt es schon; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>The server address must be an http or https address, e.g. https://erp.example.com.</source>
        <translation>Die Serveradresse muss eine http- oder https-Adresse sein, z. B. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Name the Odoo database.</source>
        <translation>Geben Sie die Odoo-Datenbank an.</translation>
    </message>
    <message>
        <source>Give the Odoo login.</source>
        <translation>Geben Sie den Odoo-Anmeldenamen an.</translation>
    </message>
    <message>
        <source>No keychain is available here: the password was not stored and will be asked at sign-in.</source>
        <translation>Hier gibt es keinen Schlüsselbund: Das Passwort wurde nicht gespeichert und wird bei der Anmeldung abgefragt.</translation>
    </message>
    <message>
        <source>The password was not stored in the keychain (%1); it will be asked at sign-in.</source>
        <translation>Das Passwort wurde nicht im Schlüsselbund gespeichert (%1); es wird bei der Anmeldung abgefragt.</translation>
    </message>
    <message>
        <source>Connection %1 saved.</source>
        <translation>Verbindung %1 gespeichert.</translation>
    </message>
    <message>
        <source>Connection %1 saved. %2</source>
        <translation>Verbindung %1 gespeichert. %2</translation>
    </message>
    <message>
        <source>Connection %1 removed.</source>
        <translation>Verbindung %1 entfernt.</translation>
    </message>
    <message>
        <source>Connection %1 removed; its password could not be removed from the keychain: %2</source>
        <translation>Verbindung %1 entfernt; ihr Passwort konnte nicht aus dem Schlüsselbund entfernt werden: %2</translation>
    </message>
    <message>
        <source>Select a saved connection first.</source>
        <translation>Wählen Sie zuerst eine gespeicherte Verbindung.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (PRODUCTION) when it starts again.</source>
        <translation>Das Cockpit meldet sich beim nächsten Start an %1 (PRODUKTIV) an.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (staging) when it starts again.</source>
        <translation>Das Cockpit meldet sich beim nächsten Start an %1 (Testsystem) an.</translation>
    </message>
    <message>
        <source>Restart the cockpit</source>
        <translation>Cockpit neu starten</translation>
    </message>
    <message>
        <source>%1 Restart now? Queued actions are kept and sent after the restart.</source>
        <translation>%1 Jetzt neu starten? Wartende Aktionen bleiben erhalten und werden nach dem Neustart gesendet.</translation>
    </message>
    <message>
        <source>Duplicate threshold</source>
        <translation>Dublettenschwelle</translation>
    </message>
    <message>
        <source>Suspect threshold</source>
        <translation>Verdachtsschwelle</translation>
    </message>
    <message>
        <source>&amp;Duplicate at a score of at least:</source>
        <translation>&amp;Dublette ab einer Punktzahl von:</translation>
    </message>
    <message>
        <source>&amp;Suspect at a score of at least:</source>
        <translation>&amp;Verdacht ab einer Punktzahl von:</translation>
    </message>
    <message>
        <source>A pair of orders scores the sum of its evidence&apos;s weights (see the comparison on the duplicate desk). Every weight, tolerance, window and customer override is in the rules below.</source>
        <translation>Ein Auftragspaar erhält die Summe der Gewichte seiner Belege (siehe den Vergleich auf dem Dubletten-Arbeitsplatz). Alle Gewichte, Toleranzen, Zeitfenster und kundenspezifischen Abweichungen stehen in den Regeln unten.</translation>
    </message>
    <message>
        <source>R&amp;ules (JSON):</source>
        <translation>Re&amp;geln (JSON):</translation>
    </message>
    <message>
        <source>Duplicate rules</source>
        <translation>Dublettenregeln</translation>
    </message>
    <message>
        <source>Save &amp;rules for the team</source>
        <translation>Regeln für das Team &amp;speichern</translation>
    </message>
    <message>
        <source>Save the duplicate rules for the team</source>
        <translation>Die Dublettenregeln für das Team speichern</translation>
    </message>
    <message>
        <source>&amp;Open rules file…</source>
        <translation>Regeldatei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a rules file</source>
        <translation>Eine Regeldatei öffnen</translation>
    </message>
    <message>
        <source>&amp;Export rules file…</source>
        <translation>Regeldatei e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export the rules to a file</source>
        <translation>Die Regeln in eine Datei exportieren</translation>
    </message>
    <message>
        <source>&amp;Built-in rules</source>
        <translation>&amp;Eingebaute Regeln</translation>
    </message>
    <message>
        <source>Put the built-in rules in the editor</source>
        <translation>Die eingebauten Regeln in den Editor laden</translation>
    </message>
    <message>
        <source>Open rules file</source>
        <translation>Regeldatei öffnen</translation>
    </message>
    <message>
        <source>Rules files (*.json)</source>
        <translation>Regeldateien (*.json)</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Export rules file</source>
        <translation>Regeldatei exportieren</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Rules written to %1.</source>
        <translation>Regeln nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>%1 You may change them: every change is recorded in the audit log.</source>
        <translation>%1 Sie dürfen sie ändern: Jede Änderung wird im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Store the rules in the team store</source>
        <translation>Die Regeln im Teamspeicher ablegen</translation>
    </message>
    <message>
        <source>The duplicate rules are saved for the team and recorded in the audit log.</source>
        <translation>Die Dublettenregeln sind für das Team gespeichert und im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>These rules cannot be used: %1</source>
        <translation>Diese Regeln sind nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>An alert is raised once when a figure reaches its threshold: a notice above the screens and, where the desktop has one, a notification in the system tray. It is raised again only after the figure went back below.</source>
        <translation>Eine Warnung erscheint einmal, wenn eine Kennzahl ihre Schwelle erreicht: als Hinweis über den Bildschirmen und, wo der Desktop einen hat, als Benachrichtigung im Infobereich. Erneut erscheint sie erst, nachdem die Kennzahl wieder darunter lag.</translation>
    </message>
    <message>
        <source>Duplicate rate threshold</source>
        <translation>Schwelle der Dublettenquote</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Backlog threshold</source>
        <translation>Schwelle des Rückstands</translation>
    </message>
    <message>
        <source>Queue depth threshold</source>
        <translation>Schwelle der Warteschlangenlänge</translation>
    </message>
    <message>
        <source>Latency threshold</source>
        <translation>Schwelle der Latenz</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Failures threshold</source>
        <translation>Schwelle der Fehler</translation>
    </message>
    <message>
        <source>Cluster SLA in hours</source>
        <translation>Cluster-SLA in Stunden</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>&amp;Duplicate rate today at least:</source>
        <translation>&amp;Dublettenquote heute mindestens:</translation>
    </message>
    <message>
        <source>&amp;Backlog: open duplicate clusters at least:</source>
        <translation>&amp;Rückstand: offene Dubletten-Cluster mindestens:</translation>
    </message>
    <message>
        <source>&amp;Queue depth: actions waiting for Odoo at least:</source>
        <translation>&amp;Warteschlange: auf Odoo wartende Aktionen mindestens:</translation>
    </message>
    <message>
        <source>&amp;Latency of a sync pass at least:</source>
        <translation>&amp;Latenz eines Sync-Durchlaufs mindestens:</translation>
    </message>
    <message>
        <source>&amp;Failures: failed passes in a row plus failed actions at least:</source>
        <translation>&amp;Fehler: fehlgeschlagene Durchläufe in Folge plus fehlgeschlagene Aktionen mindestens:</translation>
    </message>
    <message>
        <source>The duplicate rate is judged once a day has at least %1 orders.</source>
        <translation>Die Dublettenquote wird bewertet, sobald ein Tag mindestens %1 Aufträge hat.</translation>
    </message>
    <message>
        <source>Cluster &amp;SLA: decided within</source>
        <translation>Cluster-&amp;SLA: entschieden innerhalb von</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Follow the system (%1)</source>
        <translation>Wie das System (%1)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>A new language takes effect when the cockpit starts again; the theme changes at once.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start des Cockpits; das Farbschema ändert sich sofort.</translation>
    </message>
    <message>
        <source>Restart &amp;now</source>
        <translation>Jetzt neu &amp;starten</translation>
    </message>
    <message>
        <source>Restart the cockpit now</source>
        <translation>Das Cockpit jetzt neu starten</translation>
    </message>
    <message>
        <source>The cockpit speaks %1 when it starts again; the theme changes at once.</source>
        <translation>Beim nächsten Start spricht das Cockpit %1; das Farbschema ändert sich sofort.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force, since %1.</source>
        <translation>Der Teamspeicher enthält keine eigenen Regeln: Die unten stehenden eingebauten Dublettenregeln gelten seit %1.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force.</source>
        <translation>Der Teamspeicher enthält keine eigenen Regeln: Die unten stehenden eingebauten Dublettenregeln gelten.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit since %1.</source>
        <translation>Dies sind die Dublettenregeln des Teams aus dem Teamspeicher; sie gelten in diesem Cockpit seit %1.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit.</source>
        <translation>Dies sind die Dublettenregeln des Teams aus dem Teamspeicher; sie gelten in diesem Cockpit.</translation>
    </message>
    <message>
        <source>No connection is saved yet: fill in the form and choose Save connection. A connection you sign in to joins the list.</source>
        <translation>Noch keine Verbindung gespeichert: Füllen Sie das Formular aus und wählen Sie „Verbindung speichern“. Eine Verbindung, bei der Sie sich anmelden, kommt in die Liste.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftQueuePage</name>
    <message>
        <source>Resolve</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Mark distinct</source>
        <translation>Als eigenständig markieren</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalieren</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Unclaim</source>
        <translation>Übernahme aufheben</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Im Versand</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Aufgegeben</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Ausnahmen-Warteschlange</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Anzeigen:</translation>
    </message>
    <message>
        <source>Which clusters to show</source>
        <translation>Welche Cluster angezeigt werden</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>Alle offenen</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Meine</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nicht zugewiesen</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskaliert</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Gefährdeter Wert</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Übernommen von</translation>
    </message>
    <message>
        <source>Actions waiting or failed</source>
        <translation>Wartende oder fehlgeschlagene Aktionen</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>No orders are loaded.</source>
        <translation>Es sind keine Aufträge geladen.</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>breached by %1</source>
        <translation>um %1 überschritten</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>The SLA of %1 h is breached.</source>
        <translation>Die SLA von %1 h ist überschritten.</translation>
    </message>
    <message>
        <source>Shift handover, %1</source>
        <translation>Schichtübergabe, %1</translation>
    </message>
    <message>
        <source>Largest open clusters:</source>
        <translation>Größte offene Cluster:</translation>
    </message>
    <message>
        <source>- %1 %2: %3, waiting %4, %5</source>
        <translation>- %1 %2: %3, wartet seit %4, %5</translation>
    </message>
    <message>
        <source>Actions still open:</source>
        <translation>Noch offene Aktionen:</translation>
    </message>
    <message>
        <source>- #%1 %2 %3: %4</source>
        <translation>- #%1 %2 %3: %4</translation>
    </message>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n offener Cluster: meine %1, nicht zugewiesen %2, eskaliert %3, über der SLA von %5 h %4. Aktionen: wartend %6, fehlgeschlagen %7.</numerusform>
            <numerusform>%n offene Cluster: meine %1, nicht zugewiesen %2, eskaliert %3, über der SLA von %5 h %4. Aktionen: wartend %6, fehlgeschlagen %7.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Neuer Versuch</translation>
    </message>
    <message>
        <source>A&amp;pprove escalation…</source>
        <translation>Eskalation &amp;genehmigen…</translation>
    </message>
    <message>
        <source>Dec&amp;line escalation…</source>
        <translation>Eskalation &amp;ablehnen…</translation>
    </message>
    <message>
        <source>Release &amp;my claims</source>
        <translation>&amp;Meine Cluster freigeben</translation>
    </message>
    <message>
        <source>End of shift: every cluster you claimed becomes free for the next planner.</source>
        <translation>Schichtende: Jeder von Ihnen übernommene Cluster wird für den nächsten Planer frei.</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Nächster Versuch</translation>
    </message>
    <message>
        <source>Claims not released</source>
        <translation>Übernommene Cluster nicht freigegeben</translation>
    </message>
    <message>
        <source>No team store: escalations cannot be decided.</source>
        <translation>Kein Teamspeicher: Eskalationen können nicht entschieden werden.</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead.</source>
        <translation>Nur eine Teamleitung kann eine Eskalation genehmigen oder ablehnen; %1 ist keine Teamleitung.</translation>
    </message>
    <message>
        <source>Select an escalated cluster first.</source>
        <translation>Wählen Sie zuerst einen eskalierten Cluster.</translation>
    </message>
    <message>
        <source>%1 has no open escalation.</source>
        <translation>%1 hat keine offene Eskalation.</translation>
    </message>
    <message>
        <source>Approve the escalation of %1</source>
        <translation>Die Eskalation von %1 genehmigen</translation>
    </message>
    <message>
        <source>Decline the escalation of %1</source>
        <translation>Die Eskalation von %1 ablehnen</translation>
    </message>
    <message>
        <source>No team store: there are no claims.</source>
        <translation>Kein Teamspeicher: Es gibt keine übernommenen Cluster.</translation>
    </message>
    <message>
        <source>Select a cluster with an open escalation first.</source>
        <translation>Wählen Sie zuerst einen Cluster mit offener Eskalation.</translation>
    </message>
    <message>
        <source>Approve escalation of %1</source>
        <translation>Eskalation von %1 genehmigen</translation>
    </message>
    <message>
        <source>Decline escalation of %1</source>
        <translation>Eskalation von %1 ablehnen</translation>
    </message>
    <message>
        <source>Note for the planner (optional):</source>
        <translation>Notiz für den Planer (optional):</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>Warum wird sie abgelehnt?</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Nicht ausgeführt</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (von %2)</translation>
    </message>
    <message>
        <source>waits for a planner</source>
        <translation>wartet auf einen Planer</translation>
    </message>
    <message>
        <source>A transient failure: sent again by itself at %1.</source>
        <translation>Ein vorübergehender Fehler: wird um %1 automatisch erneut gesendet.</translation>
    </message>
    <message numerus="yes">
        <source>Odoo could not be reached in %n attempt(s): retry or abandon it.</source>
        <translation>
            <numerusform>Odoo war in %n Versuch nicht erreichbar: erneut versuchen oder aufgeben.</numerusform>
            <numerusform>Odoo war in %n Versuchen nicht erreichbar: erneut versuchen oder aufgeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Odoo refused it: fix the cause, then retry or abandon it.</source>
        <translation>Odoo hat sie abgelehnt: beheben Sie die Ursache, dann erneut versuchen oder aufgeben.</translation>
    </message>
    <message>
        <source>Requeue job</source>
        <translation>Job erneut einreihen</translation>
    </message>
    <message>
        <source>Release from quarantine</source>
        <translation>Aus der Quarantäne freigeben</translation>
    </message>
    <message>
        <source>Reject in the hub</source>
        <translation>Im Hub ablehnen</translation>
    </message>
    <message>
        <source>Replay through the hub</source>
        <translation>Erneut über den Hub senden</translation>
    </message>
    <message>
        <source>No action is waiting for Odoo or has failed.</source>
        <translation>Keine Aktion wartet auf Odoo oder ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Schichtbericht</translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation>Erstellt von %1 am %2</translation>
    </message>
    <message>
        <source>Figures from %1 to %2</source>
        <translation>Kennzahlen vom %1 bis %2</translation>
    </message>
    <message>
        <source>Orders created</source>
        <translation>Angelegte Aufträge</translation>
    </message>
    <message>
        <source>Duplicate orders found</source>
        <translation>Gefundene Dubletten</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Dublettenquote</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Value at risk (still open)</source>
        <translation>Gefährdeter Wert (noch offen)</translation>
    </message>
    <message>
        <source>Value prevented (duplicates cancelled)</source>
        <translation>Verhinderter Wert (stornierte Dubletten)</translation>
    </message>
    <message>
        <source>Open clusters at the end of the period</source>
        <translation>Offene Cluster am Ende des Zeitraums</translation>
    </message>
    <message>
        <source>Median hours to resolve, last day</source>
        <translation>Median der Stunden bis zur Lösung, letzter Tag</translation>
    </message>
    <message>
        <source>Active alerts</source>
        <translation>Aktive Warnungen</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Open duplicate clusters (%1)</source>
        <translation>Offene Dubletten-Cluster (%1)</translation>
    </message>
    <message>
        <source>None: every cluster is decided.</source>
        <translation>Keine: Jeder Cluster ist entschieden.</translation>
    </message>
    <message>
        <source>Holds (%1)</source>
        <translation>Sperren (%1)</translation>
    </message>
    <message>
        <source>No order is held.</source>
        <translation>Kein Auftrag ist gesperrt.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>Verstöße</translation>
    </message>
    <message>
        <source>No held order was confirmed or produced anyway.</source>
        <translation>Kein gesperrter Auftrag wurde trotzdem bestätigt oder gefertigt.</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <source>No cluster is claimed by anyone.</source>
        <translation>Kein Cluster ist von jemandem übernommen.</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Übernommen von</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Decided during the shift</source>
        <translation>In der Schicht entschieden</translation>
    </message>
    <message>
        <source>%1 resolved by %2, keeping %3</source>
        <translation>%1 gelöst von %2, behalten: %3</translation>
    </message>
    <message>
        <source>%1 marked distinct by %2</source>
        <translation>%1 als verschieden markiert von %2</translation>
    </message>
    <message>
        <source>Handover summary</source>
        <translation>Übergabe-Zusammenfassung</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SignInDialog</name>
    <message>
        <source>Connect to Odoo</source>
        <translation>Mit Odoo verbinden</translation>
    </message>
    <message>
        <source>https://erp.example.com</source>
        <translation>https://erp.example.com</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Passwort oder API-Schlüssel</translation>
    </message>
    <message>
        <source>This is the production database</source>
        <translation>Dies ist die Produktivdatenbank</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password or API key:</source>
        <translation>&amp;Passwort oder API-Schlüssel:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Stage</name>
    <message>
        <source>Quotation</source>
        <translation>Angebot</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fertigung</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Produziert</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Versandt</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Fakturiert</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SupervisorChartsPage</name>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Duplicates per channel per day</source>
        <translation>Dubletten je Kanal und Tag</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Dublettenquote</translation>
    </message>
    <message>
        <source>Value at risk and value prevented</source>
        <translation>Gefährdeter und bewahrter Wert</translation>
    </message>
    <message>
        <source>Backlog and time to resolve</source>
        <translation>Rückstand und Lösungsdauer</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Integrationsstatus</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>Dubletten</translation>
    </message>
    <message>
        <source>duplicates per 100 orders</source>
        <translation>Dubletten je 100 Aufträge</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>gefährdet</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>bewahrt</translation>
    </message>
    <message>
        <source>open clusters</source>
        <translation>offene Cluster</translation>
    </message>
    <message>
        <source>median hours to resolve</source>
        <translation>Median der Stunden bis zur Lösung</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>Stunden</translation>
    </message>
    <message>
        <source>records per pass</source>
        <translation>Datensätze je Lauf</translation>
    </message>
    <message>
        <source>failed passes</source>
        <translation>fehlgeschlagene Läufe</translation>
    </message>
    <message>
        <source>latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>outbox queue depth</source>
        <translation>Länge des Postausgangs</translation>
    </message>
    <message>
        <source>acknowledged actions (%)</source>
        <translation>bestätigte Aktionen (%)</translation>
    </message>
    <message>
        <source>time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Integration health — no sync passes in this range</source>
        <translation>Integrationsstatus – keine Synchronisierungsläufe in diesem Zeitraum</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicates found, %1 still at risk, %2 prevented.</source>
        <translation>
            <numerusform>%n Dublette gefunden, %1 noch gefährdet, %2 bewahrt.</numerusform>
            <numerusform>%n Dubletten gefunden, %1 noch gefährdet, %2 bewahrt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Duplicates via %1</source>
        <translation>Dubletten über %1</translation>
    </message>
    <message>
        <source>Duplicate rate (%)</source>
        <translation>Dublettenquote (%)</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Gefährdeter Wert</translation>
    </message>
    <message>
        <source>Value prevented</source>
        <translation>Verhinderter Wert</translation>
    </message>
    <message>
        <source>Open clusters</source>
        <translation>Offene Cluster</translation>
    </message>
    <message>
        <source>Median hours to resolve</source>
        <translation>Median der Stunden bis zur Lösung</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>count, %</source>
        <translation>Anzahl, %</translation>
    </message>
    <message>
        <source>hub orders per minute</source>
        <translation>Hub-Aufträge pro Minute</translation>
    </message>
    <message>
        <source>hub queue depth</source>
        <translation>Hub-Warteschlangentiefe</translation>
    </message>
    <message>
        <source>hub failures</source>
        <translation>Hub-Fehler</translation>
    </message>
    <message>
        <source>hub acknowledged by Odoo (%)</source>
        <translation>Hub: von Odoo bestätigt (%)</translation>
    </message>
    <message>
        <source>hub latency, 95th percentile (ms)</source>
        <translation>Hub-Latenz, 95. Perzentil (ms)</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SwimLaneTimeline</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Order-to-Cash-Zeitleiste</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>Middleware</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fertigung</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>Lager</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finanzen</translation>
    </message>
    <message>
        <source>Cockpit</source>
        <translation>Cockpit</translation>
    </message>
    <message>
        <source>Quote created</source>
        <translation>Angebot erstellt</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Auftrag bestätigt</translation>
    </message>
    <message>
        <source>Production released</source>
        <translation>Fertigung freigegeben</translation>
    </message>
    <message>
        <source>Stock reserved</source>
        <translation>Bestand reserviert</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Produziert</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Versandt</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Fakturiert</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Bezahlt</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Retourniert</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Hold breached</source>
        <translation>Sperre verletzt</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Übermittelt</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In Quarantäne</translation>
    </message>
    <message>
        <source>Intake update</source>
        <translation>Eingangsaktualisierung</translation>
    </message>
    <message>
        <source>Duplicate flagged</source>
        <translation>Als Dublette markiert</translation>
    </message>
    <message>
        <source>Duplicate resolved</source>
        <translation>Dublette gelöst</translation>
    </message>
    <message>
        <source>No events recorded for this order.</source>
        <translation>Für diesen Auftrag sind keine Ereignisse erfasst.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Time</name>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 Min.</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 Std.</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>vor %1 T.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 Min.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 Min.</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T.</translation>
    </message>
</context>
</TS>
