<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>LocalOrderStore</name>
    <message>
        <source>The local order store %1 could not be read (%2). It was set aside as %3 and the cockpit reads every order from Odoo again.</source>
        <translation>Nie udało się odczytać lokalnego magazynu zamówień %1 (%2). Odłożono go jako %3, a kokpit ponownie wczytuje wszystkie zamówienia z Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be read or created (%2). The cockpit works without it: every start reads all orders from Odoo.</source>
        <translation>Nie udało się odczytać ani utworzyć lokalnego magazynu zamówień %1 (%2). Kokpit działa bez niego: każde uruchomienie wczytuje wszystkie zamówienia z Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be written (%2). The cockpit keeps working; the next start reads the missing orders from Odoo again.</source>
        <translation>Nie udało się zapisać lokalnego magazynu zamówień %1 (%2). Kokpit działa dalej; przy następnym uruchomieniu brakujące zamówienia zostaną ponownie wczytane z Odoo.</translation>
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
        <translation>sklep internetowy</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>dealer portal</source>
        <translation>portal dealerów</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>manual entry</source>
        <translation>wprowadzanie ręczne</translation>
    </message>
    <message>
        <source>unknown channel</source>
        <translation>nieznany kanał</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds apart</source>
        <translation>
            <numerusform>%n sekunda różnicy</numerusform>
            <numerusform>%n sekundy różnicy</numerusform>
            <numerusform>%n sekund różnicy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes apart</source>
        <translation>
            <numerusform>%n minuta różnicy</numerusform>
            <numerusform>%n minuty różnicy</numerusform>
            <numerusform>%n minut różnicy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours apart</source>
        <translation>
            <numerusform>%n godzina różnicy</numerusform>
            <numerusform>%n godziny różnicy</numerusform>
            <numerusform>%n godzin różnicy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days apart</source>
        <translation>
            <numerusform>%n dzień różnicy</numerusform>
            <numerusform>%n dni różnicy</numerusform>
            <numerusform>%n dni różnicy</numerusform>
        </translation>
    </message>
    <message>
        <source>same customer (%1)</source>
        <translation>ten sam klient (%1)</translation>
    </message>
    <message>
        <source>same VAT %1 on two partner records (%2)</source>
        <translation>ten sam NIP UE %1 w dwóch rekordach kontrahenta (%2)</translation>
    </message>
    <message>
        <source>same GLN %1 on two partner records (%2)</source>
        <translation>ten sam GLN %1 w dwóch rekordach kontrahenta (%2)</translation>
    </message>
    <message>
        <source>same customer name without legal form (%1)</source>
        <translation>ta sama nazwa klienta bez formy prawnej (%1)</translation>
    </message>
    <message>
        <source>customer names one typing slip apart, no tax id conflict (%1)</source>
        <translation>nazwy klienta różnią się jedną literówką, brak konfliktu NIP (%1)</translation>
    </message>
    <message>
        <source>different customers (%1)</source>
        <translation>różni klienci (%1)</translation>
    </message>
    <message>
        <source>same PO after normalization (%1)</source>
        <translation>ten sam numer zamówienia klienta po normalizacji (%1)</translation>
    </message>
    <message>
        <source>different references (%1)</source>
        <translation>różne referencje (%1)</translation>
    </message>
    <message>
        <source>reference only on one order</source>
        <translation>referencja tylko w jednym zamówieniu</translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical (a line split in two: %1 vs %2 lines)</source>
        <translation>
            <numerusform>identyczna %n z %n pozycji (pozycja podzielona na dwie: %1 wobec %2 pozycji)</numerusform>
            <numerusform>identyczne %n z %n pozycji (pozycja podzielona na dwie: %1 wobec %2 pozycji)</numerusform>
            <numerusform>identycznych %n z %n pozycji (pozycja podzielona na dwie: %1 wobec %2 pozycji)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical</source>
        <translation>
            <numerusform>identyczna %n z %n pozycji</numerusform>
            <numerusform>identyczne %n z %n pozycji</numerusform>
            <numerusform>identycznych %n z %n pozycji</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quantities changed</source>
        <translation>
            <numerusform>zmieniona %n ilość</numerusform>
            <numerusform>zmienione %n ilości</numerusform>
            <numerusform>zmienionych %n ilości</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products added to %1 in common</source>
        <translation>
            <numerusform>%n produkt dodany do %1 wspólnych</numerusform>
            <numerusform>%n produkty dodane do %1 wspólnych</numerusform>
            <numerusform>%n produktów dodanych do %1 wspólnych</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 products in common</source>
        <translation>wspólne produkty: %1 z %2</translation>
    </message>
    <message>
        <source>no product in common</source>
        <translation>brak wspólnych produktów</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amounts, then their currency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>totals within tolerance (%1)</source>
        <translation>sumy w granicach tolerancji (%1)</translation>
    </message>
    <message>
        <source>totals differ by %1% (%2)</source>
        <translation>sumy różnią się o %1% (%2)</translation>
    </message>
    <message>
        <source>same ship-to (%1)</source>
        <translation>ten sam adres dostawy (%1)</translation>
    </message>
    <message>
        <source>different ship-to (%1 / %2)</source>
        <translation>różne adresy dostawy (%1 / %2)</translation>
    </message>
    <message>
        <source>both through %1</source>
        <translation>oba przez %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <comment>two sales channels</comment>
        <translation>%1 i %2</translation>
    </message>
    <message>
        <source>same EDI control numbers from one sender (a resubmission)</source>
        <translation>te same numery kontrolne EDI od jednego nadawcy (ponowne wysłanie)</translation>
    </message>
    <message>
        <source>different EDI control numbers</source>
        <translation>różne numery kontrolne EDI</translation>
    </message>
    <message>
        <source>identical payload</source>
        <translation>identyczna treść komunikatu</translation>
    </message>
    <message numerus="yes">
        <source>same %n products, %1</source>
        <comment>%1 is the phrase &quot;%n quantities changed&quot;</comment>
        <translation>
            <numerusform>ten sam %n produkt, %1</numerusform>
            <numerusform>te same %n produkty, %1</numerusform>
            <numerusform>te same %n produktów, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cluster %1 was already resolved by %2 at %3 (keeping %4); nothing more to decide.</source>
        <translation>Grupa %1 została już rozwiązana (%2, %3; zachowano %4); nie ma nic więcej do decyzji.</translation>
    </message>
    <message>
        <source>Cluster %1 was already marked distinct by %2 at %3.</source>
        <translation>Grupa %1 została już oznaczona jako odrębna (%2, %3).</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish or ask them.</source>
        <translation>%1 ma już akcję nr %2 (%3) użytkownika %4, nadal w stanie: %5. Poczekaj na jej zakończenie lub zapytaj tę osobę.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done. Try again.</source>
        <translation>Baza zespołu jest niedostępna (%1); nic nie zostało zrobione. Spróbuj ponownie.</translation>
    </message>
    <message>
        <source>Could not write the action (%1); nothing was sent.</source>
        <translation>Nie udało się zapisać akcji (%1); nic nie zostało wysłane.</translation>
    </message>
    <message>
        <source>Action #%1 queued: %2. It is sent to Odoo in the background.</source>
        <translation>Akcja nr %1 w kolejce: %2. Zostanie wysłana do Odoo w tle.</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>Baza zespołu jest niedostępna (%1).</translation>
    </message>
    <message>
        <source>Could not record &quot;%1&quot; (%2); nothing changed.</source>
        <translation>Nie udało się zapisać „%1” (%2); nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>Not connected to Odoo: sign in and retry.</source>
        <translation>Brak połączenia z Odoo: zaloguj się i spróbuj ponownie.</translation>
    </message>
    <message>
        <source>Reading Odoo before acting failed; nothing was sent. %1</source>
        <translation>Odczyt z Odoo przed wykonaniem akcji nie powiódł się; nic nie zostało wysłane. %1</translation>
    </message>
    <message>
        <source>Could not store the plan (%1); nothing was sent.</source>
        <translation>Nie udało się zapisać planu (%1); nic nie zostało wysłane.</translation>
    </message>
    <message>
        <source>chatter note on %1</source>
        <translation>notatka w czacie %1</translation>
    </message>
    <message>
        <source>cancel %1</source>
        <translation>anuluj %1</translation>
    </message>
    <message>
        <source>HOLD activity on %1</source>
        <translation>czynność HOLD dla %1</translation>
    </message>
    <message>
        <source>Manufacturing held from the cockpit by %1.</source>
        <translation>Produkcja wstrzymana z kokpitu przez: %1.</translation>
    </message>
    <message>
        <source>cancel manufacturing order %1</source>
        <translation>anuluj zlecenie produkcyjne %1</translation>
    </message>
    <message>
        <source>tag %1 HOLD</source>
        <translation>oznacz %1 etykietą HOLD</translation>
    </message>
    <message>
        <source>remove the HOLD tag from %1</source>
        <translation>usuń etykietę HOLD z %1</translation>
    </message>
    <message>
        <source>Cockpit comment by %1: %2</source>
        <translation>Komentarz z kokpitu (%1): %2</translation>
    </message>
    <message>
        <source>Cockpit: escalated to a lead by %1 — %2</source>
        <translation>Kokpit: eskalowane do kierownika przez: %1 — %2</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo (or you may not read it); nothing was sent.</source>
        <translation>%1 nie istnieje już w Odoo (lub nie masz uprawnień do odczytu); nic nie zostało wysłane.</translation>
    </message>
    <message>
        <source>Cockpit: duplicate of %1, which is kept; this order is cancelled (decided by %2).</source>
        <translation>Kokpit: duplikat %1, które zostaje zachowane; to zamówienie zostaje anulowane (decyzja: %2).</translation>
    </message>
    <message>
        <source>duplicate of %1</source>
        <translation>duplikat %1</translation>
    </message>
    <message>
        <source>unreserve the components of %1</source>
        <translation>anuluj rezerwację komponentów %1</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo.</source>
        <translation>%1 nie istnieje już w Odoo.</translation>
    </message>
    <message>
        <source>confirm %1</source>
        <translation>potwierdź %1</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until it is released.</source>
        <translation>Kokpit: produkcja wstrzymana przez: %1 — %2. Nie potwierdzaj tej oferty przed jej zwolnieniem.</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1; the order is confirmed.</source>
        <translation>Kokpit: wstrzymanie zwolnione przez: %1; zamówienie jest potwierdzone.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2 (advisory: Odoo does not stop production).</source>
        <translation>Kokpit: produkcja wstrzymana przez: %1 — %2 (informacyjnie: Odoo nie zatrzymuje produkcji).</translation>
    </message>
    <message>
        <source>mark HOLD activity %1 done</source>
        <translation>oznacz czynność HOLD %1 jako wykonaną</translation>
    </message>
    <message>
        <source>Released from the cockpit by %1.</source>
        <translation>Zwolnione z kokpitu przez: %1.</translation>
    </message>
    <message>
        <source>reserve the components of %1</source>
        <translation>zarezerwuj komponenty %1</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1.</source>
        <translation>Kokpit: wstrzymanie zwolnione przez: %1.</translation>
    </message>
    <message>
        <source>Could not read Odoo to see whether &quot;%1&quot; already took effect: %2</source>
        <translation>Nie udało się odczytać Odoo, aby sprawdzić, czy „%1” już zadziałało: %2</translation>
    </message>
    <message>
        <source>Could not record a step (%1).</source>
        <translation>Nie udało się zapisać kroku (%1).</translation>
    </message>
    <message>
        <source>Could not read Odoo before &quot;%1&quot;: %2</source>
        <translation>Nie udało się odczytać Odoo przed „%1”: %2</translation>
    </message>
    <message>
        <source>Finding or creating the HOLD tag failed: %1</source>
        <translation>Nie udało się znaleźć ani utworzyć etykiety HOLD: %1</translation>
    </message>
    <message>
        <source>Could not record a step before sending (%1); it was not sent.</source>
        <translation>Nie udało się zapisać kroku przed wysłaniem (%1); nie został wysłany.</translation>
    </message>
    <message>
        <source>Odoo did not do it: it answered %1 instead of true (a confirmation wizard?).</source>
        <translation>Odoo tego nie wykonało: odpowiedziało %1 zamiast true (kreator potwierdzenia?).</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4 Retry once the cause is fixed (Odoo is read first, nothing is done twice), or abandon it.</source>
        <translation>Krok %1 z %2 (%3) nie powiódł się: %4 Ponów go po usunięciu przyczyny (najpierw odczytywane jest Odoo, nic nie jest wykonywane dwa razy) lub go porzuć.</translation>
    </message>
    <message>
        <source>The store failed (%1); the action resumes when it is back.</source>
        <translation>Baza zespołu uległa awarii (%1); akcja zostanie wznowiona po jej przywróceniu.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>the step that failed, then Odoo&apos;s error</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Not connected to Odoo.</source>
        <translation>Brak połączenia z Odoo.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: finding or creating the HOLD tag failed (step 1 of 3); nothing was changed.</source>
        <translation>Nie wstrzymano %1: nie udało się znaleźć ani utworzyć etykiety HOLD (krok 1 z 3); nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: tagging the order HOLD failed (step 2 of 3); nothing was changed.</source>
        <translation>Nie wstrzymano %1: nie udało się oznaczyć zamówienia etykietą HOLD (krok 2 z 3); nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until the hold is released.</source>
        <translation>Kokpit: produkcja wstrzymana przez: %1 — %2. Nie potwierdzaj tej oferty, dopóki wstrzymanie nie zostanie zwolnione.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: the chatter note failed (step 3 of 3).</source>
        <translation>Nie wstrzymano %1: nie udało się dodać notatki w czacie (krok 3 z 3).</translation>
    </message>
    <message>
        <source>%1 is held: it stays a quotation, so no manufacturing starts until it is released.</source>
        <translation>%1 jest wstrzymane: pozostaje ofertą, więc produkcja nie ruszy przed zwolnieniem.</translation>
    </message>
    <message>
        <source>%1 Removing the HOLD tag again failed too (%2): the order still carries it in Odoo; remove it there or retry.</source>
        <translation>%1 Usunięcie etykiety HOLD również się nie powiodło (%2): zamówienie nadal ma ją w Odoo; usuń ją tam lub spróbuj ponownie.</translation>
    </message>
    <message>
        <source>%1 The HOLD tag was removed again; the order is as before.</source>
        <translation>%1 Etykieta HOLD została ponownie usunięta; zamówienie jest jak wcześniej.</translation>
    </message>
    <message>
        <source>Odoo did not tell the model id for activities.</source>
        <translation>Odoo nie podało identyfikatora modelu dla czynności.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: preparing the HOLD activity failed; nothing was changed.</source>
        <translation>Nie wstrzymano %1: nie udało się przygotować czynności HOLD; nic nie zostało zmienione.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is held: its %n manufacturing order(s) carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</source>
        <translation>
            <numerusform>%1 jest wstrzymane: %n zlecenie produkcyjne ma czynność HOLD, a rezerwacja komponentów została anulowana. Odoo nie zatrzymuje produkcji; kokpit zgłosi, jeśli do niej dojdzie.</numerusform>
            <numerusform>%1 jest wstrzymane: %n zlecenia produkcyjne mają czynność HOLD, a rezerwacja komponentów została anulowana. Odoo nie zatrzymuje produkcji; kokpit zgłosi, jeśli do niej dojdzie.</numerusform>
            <numerusform>%1 jest wstrzymane: %n zleceń produkcyjnych ma czynność HOLD, a rezerwacja komponentów została anulowana. Odoo nie zatrzymuje produkcji; kokpit zgłosi, jeśli do niej dojdzie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Held by the cockpit (%1, %2)</source>
        <translation>Wstrzymane przez kokpit (%1, %2)</translation>
    </message>
    <message>
        <source>Hold not placed on %1: creating the HOLD activity on manufacturing order %2 failed.</source>
        <translation>Nie wstrzymano %1: nie udało się utworzyć czynności HOLD w zleceniu produkcyjnym %2.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: unreserving the components of manufacturing order %2 failed.</source>
        <translation>Nie wstrzymano %1: nie udało się anulować rezerwacji komponentów zlecenia produkcyjnego %2.</translation>
    </message>
    <message>
        <source>%1 What was done is undone; the order is as before.</source>
        <translation>%1 To, co zostało zrobione, zostało cofnięte; zamówienie jest jak wcześniej.</translation>
    </message>
    <message>
        <source>%1 Undoing it failed too (%2): check the manufacturing orders in Odoo.</source>
        <translation>%1 Cofnięcie również się nie powiodło (%2): sprawdź zlecenia produkcyjne w Odoo.</translation>
    </message>
    <message>
        <source>%1 is still held: finding the HOLD tag failed.</source>
        <translation>%1 nadal jest wstrzymane: nie udało się znaleźć etykiety HOLD.</translation>
    </message>
    <message>
        <source>%1 is still held: removing the HOLD tag failed (step 1 of 2).</source>
        <translation>%1 nadal jest wstrzymane: nie udało się usunąć etykiety HOLD (krok 1 z 2).</translation>
    </message>
    <message>
        <source>%1 was not released: confirming it failed (step 2 of 2).</source>
        <translation>%1 nie zostało zwolnione: potwierdzenie nie powiodło się (krok 2 z 2).</translation>
    </message>
    <message>
        <source>%1 Re-tagging it HOLD failed too: it is an untagged quotation now; confirm or tag it in Odoo.</source>
        <translation>%1 Ponowne oznaczenie etykietą HOLD również się nie powiodło: jest to teraz oferta bez etykiety; potwierdź ją lub oznacz w Odoo.</translation>
    </message>
    <message>
        <source>%1 It is still held.</source>
        <translation>%1 Nadal jest wstrzymane.</translation>
    </message>
    <message>
        <source>%1 is released and confirmed: Odoo now plans its manufacturing.</source>
        <translation>%1 jest zwolnione i potwierdzone: Odoo planuje teraz produkcję.</translation>
    </message>
    <message>
        <source>%1 is released, but reserving the components again failed; use Check Availability in Odoo.</source>
        <translation>%1 jest zwolnione, ale ponowna rezerwacja komponentów nie powiodła się; użyj „Sprawdź dostępność” w Odoo.</translation>
    </message>
    <message>
        <source>%1 is released: the HOLD activities are done and components are reserved again.</source>
        <translation>%1 jest zwolnione: czynności HOLD są wykonane, a komponenty ponownie zarezerwowane.</translation>
    </message>
    <message>
        <source>Released by cockpit</source>
        <translation>Zwolnione przez kokpit</translation>
    </message>
    <message>
        <source>%1 is still held: marking the HOLD activity done failed.</source>
        <translation>%1 nadal jest wstrzymane: nie udało się oznaczyć czynności HOLD jako wykonanej.</translation>
    </message>
    <message>
        <source>%1 is still held: finding its HOLD activities failed.</source>
        <translation>%1 nadal jest wstrzymane: nie udało się znaleźć jego czynności HOLD.</translation>
    </message>
    <message>
        <source>tagged HOLD in Odoo</source>
        <translation>oznaczone etykietą HOLD w Odoo</translation>
    </message>
    <message>
        <source>%1 was confirmed in Odoo while held: manufacturing and reservations may now proceed.</source>
        <translation>%1 zostało potwierdzone w Odoo mimo wstrzymania: produkcja i rezerwacje mogą teraz ruszyć.</translation>
    </message>
    <message>
        <source>%1 was produced while %2 was held.</source>
        <translation>%1 zostało wyprodukowane, gdy %2 było wstrzymane.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>Odpowiedź serwera nie jest w formacie JSON (%1). Sprawdź, czy adres URL wskazuje na Odoo, a nie na serwer proxy lub stronę logowania.</translation>
    </message>
    <message>
        <source>Sign-in refused: Odoo does not accept the API key (wrong, revoked or expired). Create a new key in Odoo and sign in again.</source>
        <translation>Logowanie odrzucone: Odoo nie akceptuje klucza API (błędny, unieważniony lub wygasły). Utwórz nowy klucz w Odoo i zaloguj się ponownie.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits %1 s as the server asked and tries again.</source>
        <translation>Odoo prosi kokpit o zwolnienie (HTTP 429); kokpit czeka %1 s zgodnie z prośbą serwera i ponawia próbę.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits and tries again.</source>
        <translation>Odoo prosi kokpit o zwolnienie (HTTP 429); kokpit czeka i ponawia próbę.</translation>
    </message>
    <message>
        <source>This Odoo server has no such model or method (%1): a module the cockpit needs is not installed, or the URL is not Odoo&apos;s.</source>
        <translation>Ten serwer Odoo nie ma takiego modelu ani metody (%1): brak modułu wymaganego przez kokpit lub adres URL nie należy do Odoo.</translation>
    </message>
    <message>
        <source>Odoo could not use the cockpit&apos;s request (HTTP %1: %2). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo nie mogło użyć żądania kokpitu (HTTP %1: %2). To błąd kokpitu; zgłoś go razem z dziennikiem.</translation>
    </message>
    <message>
        <source>Odoo refused access (HTTP 403): %1 Ask your Odoo administrator.</source>
        <translation>Odoo odmówiło dostępu (HTTP 403): %1 Zwróć się do administratora Odoo.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1 (%2). The cockpit will try again if this is temporary.</source>
        <translation>Odoo odpowiedziało błędem HTTP %1 (%2). Kokpit ponowi próbę, jeśli to chwilowy problem.</translation>
    </message>
    <message>
        <source>The Odoo session expired. Sign in again.</source>
        <translation>Sesja Odoo wygasła. Zaloguj się ponownie.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Logowanie odrzucone: sprawdź login i hasło lub klucz API</translation>
    </message>
    <message>
        <source>Odoo refused access: %1 Ask your Odoo administrator for the missing rights.</source>
        <translation>Odoo odmówiło dostępu: %1 Poproś administratora Odoo o brakujące uprawnienia.</translation>
    </message>
    <message>
        <source>The record no longer exists in Odoo (it was deleted). Refresh the orders and try again.</source>
        <translation>Rekord nie istnieje już w Odoo (został usunięty). Odśwież zamówienia i spróbuj ponownie.</translation>
    </message>
    <message>
        <source>Odoo rejected the change: %1</source>
        <translation>Odoo odrzuciło zmianę: %1</translation>
    </message>
    <message>
        <source>This Odoo server has no model %1: the module that provides it is not installed. Ask your Odoo administrator.</source>
        <translation>Ten serwer Odoo nie ma modelu %1: moduł, który go dostarcza, nie jest zainstalowany. Zwróć się do administratora Odoo.</translation>
    </message>
    <message>
        <source>Odoo refused: %1</source>
        <translation>Odoo odmówiło: %1</translation>
    </message>
    <message>
        <source>Odoo does not know a field the cockpit asked for (%1). The server&apos;s version or installed modules differ from what the cockpit expects.</source>
        <translation>Odoo nie zna pola, o które poprosił kokpit (%1). Wersja serwera lub zainstalowane moduły różnią się od oczekiwanych przez kokpit.</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; does not exist on this Odoo server. Check the database name in the connection profile.</source>
        <translation>Baza danych „%1” nie istnieje na tym serwerze Odoo. Sprawdź nazwę bazy w profilu połączenia.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(bez nazwy)</translation>
    </message>
    <message>
        <source>Odoo reported an internal error (%1: %2). If it persists, give the log to your Odoo administrator.</source>
        <translation>Odoo zgłosiło błąd wewnętrzny (%1: %2). Jeśli się powtarza, przekaż dziennik administratorowi Odoo.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>brak nazwy</translation>
    </message>
    <message>
        <source>Odoo could not read the cockpit&apos;s request (HTTP 400: %1). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo nie mogło odczytać żądania kokpitu (HTTP 400: %1). To błąd kokpitu; zgłoś go razem z dziennikiem.</translation>
    </message>
    <message>
        <source>The server answered &quot;not found&quot; (HTTP 404): the address does not look like an Odoo server. Check the URL in the connection profile.</source>
        <translation>Serwer odpowiedział „nie znaleziono” (HTTP 404): adres nie wygląda na serwer Odoo. Sprawdź adres URL w profilu połączenia.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1. The cockpit will try again if this is temporary.</source>
        <translation>Odoo odpowiedziało błędem HTTP %1. Kokpit ponowi próbę, jeśli to chwilowy problem.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not Odoo JSON-RPC (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>Odpowiedź serwera nie jest w formacie JSON-RPC Odoo (%1). Sprawdź, czy adres URL wskazuje na Odoo, a nie na serwer proxy lub stronę logowania.</translation>
    </message>
    <message>
        <source>JSON but not an object</source>
        <translation>JSON, ale nie obiekt</translation>
    </message>
    <message>
        <source>Odoo sent an error the cockpit cannot read.</source>
        <translation>Odoo wysłało błąd, którego kokpit nie potrafi odczytać.</translation>
    </message>
    <message>
        <source>customer reference %1</source>
        <translation>referencja klienta %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Brak połączenia</translation>
    </message>
    <message>
        <source>Signing in to Odoo…</source>
        <translation>Logowanie do Odoo…</translation>
    </message>
    <message>
        <source>Reading changes from Odoo…</source>
        <translation>Odczytywanie zmian z Odoo…</translation>
    </message>
    <message>
        <source>Connected to Odoo</source>
        <translation>Połączono z Odoo</translation>
    </message>
    <message>
        <source>Odoo unreachable, retrying</source>
        <translation>Odoo nieosiągalne, ponawianie</translation>
    </message>
    <message>
        <source>Sign-in required</source>
        <translation>Wymagane logowanie</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to hold.</source>
        <translation>%1 ma w Odoo stan %2: brak produkcji do wstrzymania.</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to release.</source>
        <translation>%1 ma w Odoo stan %2: brak produkcji do zwolnienia.</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuta</numerusform>
            <numerusform>%n minuty</numerusform>
            <numerusform>%n minut</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n sekunda</numerusform>
            <numerusform>%n sekundy</numerusform>
            <numerusform>%n sekund</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster %1 is claimed by %2 since %3: ask them, or wait until they release it (a claim lapses after %4 without activity).</source>
        <translation>Grupa %1 jest przejęta przez: %2 od %3. Zapytaj tę osobę lub poczekaj, aż ją zwolni (przejęcie wygasa po %4 bez aktywności).</translation>
    </message>
    <message>
        <source>%1 (Odoo: %2)</source>
        <translation>%1 (Odoo: %2)</translation>
    </message>
    <message>
        <source>%1 It is sent again by itself at %2 UTC (attempt %3 of %4).</source>
        <translation>%1 Zostanie wysłana ponownie automatycznie o %2 UTC (próba %3 z %4).</translation>
    </message>
    <message numerus="yes">
        <source>%1 Odoo could not be reached in %n attempt(s): retry once it answers again, or abandon the action.</source>
        <translation>
            <numerusform>%1 Nie udało się połączyć z Odoo w %n próbie: ponów, gdy znów odpowie, albo porzuć akcję.</numerusform>
            <numerusform>%1 Nie udało się połączyć z Odoo w %n próbach: ponów, gdy znów odpowie, albo porzuć akcję.</numerusform>
            <numerusform>%1 Nie udało się połączyć z Odoo w %n próbach: ponów, gdy znów odpowie, albo porzuć akcję.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is already held in Odoo (tagged HOLD); nothing was sent.</source>
        <translation>%1 jest już wstrzymane w Odoo (tag HOLD); nic nie wysłano.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD tag); nothing was sent.</source>
        <translation>%1 nie jest wstrzymane w Odoo (brak tagu HOLD); nic nie wysłano.</translation>
    </message>
    <message>
        <source>%1 has no manufacturing order left to hold in Odoo (each open one carries a HOLD activity already, or none is open); nothing was sent.</source>
        <translation>%1 nie ma w Odoo żadnego zlecenia produkcyjnego do wstrzymania (każde otwarte ma już aktywność HOLD albo żadne nie jest otwarte); nic nie wysłano.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD activity on its manufacturing orders); nothing was sent.</source>
        <translation>%1 nie jest wstrzymane w Odoo (brak aktywności HOLD w jego zleceniach produkcyjnych); nic nie wysłano.</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4</source>
        <translation>Krok %1 z %2 (%3) nie powiódł się: %4</translation>
    </message>
    <message>
        <source>%1 Started manufacturing stays, held: %2.</source>
        <translation>%1 Rozpoczęta produkcja pozostaje wstrzymana: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Akcja nr %1 wykonana: %n krok zastosowany w Odoo.</numerusform>
            <numerusform>Akcja nr %1 wykonana: %n kroki zastosowane w Odoo.</numerusform>
            <numerusform>Akcja nr %1 wykonana: %n kroków zastosowanych w Odoo.</numerusform>
        </translation>
    </message>
    <message>
        <source>No middleware hub is configured: the action waits until one is, then retry it.</source>
        <translation>Nie skonfigurowano huba middleware: akcja czeka, aż zostanie skonfigurowany, a potem ponów ją.</translation>
    </message>
    <message>
        <source>requeue job &quot;%1&quot;</source>
        <translation>ponownie zakolejkuj zadanie „%1”</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>zwolnij %1 z kwarantanny huba</translation>
    </message>
    <message>
        <source>reject %1 in the hub</source>
        <translation>odrzuć %1 w hubie</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>wyślij ponownie %1 przez hub</translation>
    </message>
    <message>
        <source>Odoo sent a change time the cockpit cannot read (write_date &quot;%1&quot; on %2 %3). The sync stopped before keeping anything of this read and will try again; if this repeats, check that record in Odoo and any module or import that writes write_date.</source>
        <translation>Odoo przesłało czas zmiany, którego kokpit nie potrafi odczytać (write_date „%1” w %2 %3). Synchronizacja zatrzymała się, zanim cokolwiek z tego odczytu zostało zachowane, i spróbuje ponownie; jeśli to się powtarza, sprawdź ten rekord w Odoo oraz każdy moduł lub import, który zapisuje write_date.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>O2C Cockpit: order-to-cash flow, duplicate orders and MRP holds for Odoo.</source>
        <translation>O2C Cockpit: przepływ od zamówienia do zapłaty, zdublowane zamówienia i wstrzymania produkcji dla Odoo.</translation>
    </message>
    <message>
        <source>Start the embedded Odoo simulator on loopback and connect to it.</source>
        <translation>Uruchom wbudowany symulator Odoo lokalnie (loopback) i połącz się z nim.</translation>
    </message>
    <message>
        <source>Demo scenario seed (default: 42).</source>
        <translation>Ziarno scenariusza demonstracyjnego (domyślnie: 42).</translation>
    </message>
    <message>
        <source>Demo customer demands per simulated hour (default: 240).</source>
        <translation>Zapotrzebowania klientów w wersji demonstracyjnej na symulowaną godzinę (domyślnie: 240).</translation>
    </message>
    <message>
        <source>Demo simulated seconds per real second (default: 60).</source>
        <translation>Symulowane sekundy na rzeczywistą sekundę w wersji demonstracyjnej (domyślnie: 60).</translation>
    </message>
    <message>
        <source>Odoo server address, e.g. https://erp.example.com.</source>
        <translation>Adres serwera Odoo, np. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Odoo database.</source>
        <translation>Baza danych Odoo.</translation>
    </message>
    <message>
        <source>Odoo login.</source>
        <translation>Login Odoo.</translation>
    </message>
    <message>
        <source>Mark the connection as production.</source>
        <translation>Oznacz połączenie jako produkcyjne.</translation>
    </message>
    <message>
        <source>Show the cockpit in this language for this run: %1. Without it the language of the settings or of the system is used.</source>
        <translation>Wyświetl kokpit w tym języku przy tym uruchomieniu: %1. Bez tej opcji używany jest język z ustawień lub systemu.</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not available; choose one of %2.
</source>
        <translation>Język „%1” nie jest dostępny; wybierz jeden z: %2.
</translation>
    </message>
    <message>
        <source>--rate and --speed must be positive numbers.
</source>
        <translation>--rate i --speed muszą być liczbami dodatnimi.
</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>The embedded simulator could not start: %1</source>
        <translation>Nie udało się uruchomić wbudowanego symulatora: %1</translation>
    </message>
    <message>
        <source>Demo (simulator)</source>
        <translation>Demo (symulator)</translation>
    </message>
    <message>
        <source>Screen to open at start: desk, exceptions, order, holds, charts, integration, audit or settings.</source>
        <translation>Ekran otwierany przy starcie: desk, exceptions, order, holds, charts, integration, audit lub settings.</translation>
    </message>
    <message>
        <source>Open the order screen on this order (e.g. S00042) as soon as it is synced.</source>
        <translation>Otwórz ekran zamówienia na tym zamówieniu (np. S00042), gdy tylko zostanie zsynchronizowane.</translation>
    </message>
    <message>
        <source>Theme for this run: system, light or dark (the saved setting otherwise).</source>
        <translation>Motyw dla tego uruchomienia: system, light lub dark (w przeciwnym razie zapisane ustawienie).</translation>
    </message>
    <message>
        <source>Unknown screen %1 for --page.
</source>
        <translation>Nieznany ekran %1 dla --page.
</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Uruchom ponownie</translation>
    </message>
    <message>
        <source>The cockpit could not start again. Quit it and start it by hand.</source>
        <translation>Nie udało się ponownie uruchomić kokpitu. Zamknij go i uruchom ręcznie.</translation>
    </message>
    <message>
        <source>Middleware intake hub address (contract v1), e.g. https://hub.example.com; or $O2C_HUB_URL.</source>
        <translation>Adres huba przyjmowania middleware (kontrakt v1), np. https://hub.example.com; lub $O2C_HUB_URL.</translation>
    </message>
    <message>
        <source>Live stream transport: sse (default) or websocket.</source>
        <translation>Transport strumienia na żywo: sse (domyślnie) lub websocket.</translation>
    </message>
    <message>
        <source>RabbitMQ management API address with its user, e.g. http://monitor:secret@mq.example.com:15672; or $O2C_RABBITMQ_URL.</source>
        <translation>Adres API zarządzania RabbitMQ wraz z użytkownikiem, np. http://monitor:secret@mq.example.com:15672; lub $O2C_RABBITMQ_URL.</translation>
    </message>
    <message>
        <source>A queue job started longer ago than this is shown as stuck (default: 60).</source>
        <translation>Zadanie kolejki rozpoczęte dawniej niż to jest pokazywane jako zawieszone (domyślnie: 60).</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub middleware</translation>
    </message>
    <message>
        <source>Print how the start went on the standard output, for scripts: a line when the window shows the orders kept on this computer and answers, and one when all of them are loaded.</source>
        <translation>Wypisuje przebieg uruchamiania na standardowe wyjście, dla skryptów: wiersz, gdy okno pokazuje zamówienia przechowywane na tym komputerze i odpowiada, oraz wiersz, gdy wszystkie są wczytane.</translation>
    </message>
    <message>
        <source>With --report-start: quit once all kept orders are loaded.</source>
        <translation>Z --report-start: zakończ, gdy wszystkie przechowywane zamówienia zostaną wczytane.</translation>
    </message>
</context>
<context>
    <name>o2c::ActionDesk</name>
    <message>
        <source>%1 is a viewer in this team store and cannot act; a lead can make them a planner.</source>
        <translation>%1 ma w tej bazie zespołu rolę obserwatora i nie może działać; kierownik może nadać rolę planisty.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1 (%2) needs a lead: holds on orders above %3 are released by a lead. Escalate it instead.</source>
        <translation>Zwolnienie wstrzymania %1 (%2) wymaga kierownika: wstrzymania zamówień powyżej %3 zwalnia kierownik. Zamiast tego eskaluj.</translation>
    </message>
    <message>
        <source>Choose at least one duplicate to cancel besides %1.</source>
        <translation>Wybierz oprócz %1 co najmniej jeden duplikat do anulowania.</translation>
    </message>
    <message>
        <source>resolve %1: keep %2, cancel %3</source>
        <translation>rozwiąż %1: zachowaj %2, anuluj %3</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>Baza zespołu jest niedostępna (%1).</translation>
    </message>
    <message>
        <source>marked %1 distinct (%2): %3</source>
        <translation>oznaczono %1 jako odrębne (%2): %3</translation>
    </message>
    <message>
        <source>%1 marked distinct: its orders are not duplicates.</source>
        <translation>%1 oznaczono jako odrębne: jego zamówienia nie są duplikatami.</translation>
    </message>
    <message>
        <source>hold manufacturing of %1 (%2)</source>
        <translation>wstrzymaj produkcję %1 (%2)</translation>
    </message>
    <message>
        <source>release the manufacturing hold of %1</source>
        <translation>zwolnij wstrzymanie produkcji %1</translation>
    </message>
    <message>
        <source>escalate %1 (%2) to a lead: %3</source>
        <translation>eskaluj %1 (%2) do kierownika: %3</translation>
    </message>
    <message>
        <source>Write the comment first.</source>
        <translation>Najpierw wpisz komentarz.</translation>
    </message>
    <message>
        <source>comment on %1</source>
        <translation>komentarz do %1</translation>
    </message>
    <message>
        <source>claimed %1</source>
        <translation>przejęto %1</translation>
    </message>
    <message>
        <source>Could not claim %1 (%2).</source>
        <translation>Nie udało się przejąć %1 (%2).</translation>
    </message>
    <message>
        <source>You claimed %1; other planners see it as yours.</source>
        <translation>Przejęto %1; inni planiści widzą je jako Twoje.</translation>
    </message>
    <message>
        <source>%1 is not claimed.</source>
        <translation>%1 nie jest przejęte.</translation>
    </message>
    <message>
        <source>%1 is claimed by %2; only they or a lead can release the claim.</source>
        <translation>%1 jest przejęte przez: %2; tylko ta osoba lub kierownik może je zwolnić.</translation>
    </message>
    <message>
        <source>released the claim on %1 (held by %2)</source>
        <translation>zwolniono przejęcie %1 (miał je: %2)</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>Nie ma akcji nr %1.</translation>
    </message>
    <message>
        <source>retry action #%1 (%2) after: %3</source>
        <translation>ponów akcję nr %1 (%2) po: %3</translation>
    </message>
    <message>
        <source>abandoned action #%1 (%2): %3</source>
        <translation>porzucono akcję nr %1 (%2): %3</translation>
    </message>
    <message>
        <source>Action #%1 abandoned; steps already applied in Odoo stay applied (see its steps).</source>
        <translation>Akcja nr %1 porzucona; kroki już zastosowane w Odoo pozostają (zobacz jej kroki).</translation>
    </message>
    <message>
        <source>Only a lead can change roles.</source>
        <translation>Tylko kierownik może zmieniać role.</translation>
    </message>
    <message>
        <source>set the role of %1 to %2</source>
        <translation>ustawiono rolę %1 na %2</translation>
    </message>
    <message>
        <source>The rules are not valid JSON (%1 at offset %2); nothing changed.</source>
        <translation>Reguły nie są poprawnym JSON (%1 na pozycji %2); nic nie zostało zmienione.</translation>
    </message>
    <message>
        <source>changed the duplicate rules</source>
        <translation>zmieniono reguły duplikatów</translation>
    </message>
    <message>
        <source>Only a lead can change the release threshold.</source>
        <translation>Tylko kierownik może zmieniać próg zwalniania.</translation>
    </message>
    <message>
        <source>set the lead release threshold to %1</source>
        <translation>ustawiono próg zwalniania przez kierownika na %1</translation>
    </message>
    <message>
        <source>Hand the claims over to someone else, or release them.</source>
        <translation>Przekaż przejęcia komuś innemu albo je zwolnij.</translation>
    </message>
    <message>
        <source>%1 is not a planner of this team: they could not act on the clusters. Release the claims instead, or ask a lead to make them a planner.</source>
        <translation>%1 nie jest planistą w tym zespole: nie mógłby działać na grupach. Zamiast tego zwolnij przejęcia albo poproś kierownika o nadanie roli planisty.</translation>
    </message>
    <message>
        <source>Could not read your claims (%1).</source>
        <translation>Nie udało się odczytać Twoich przejęć (%1).</translation>
    </message>
    <message>
        <source>You hold no claims; nothing to hand over.</source>
        <translation>Nie masz żadnych przejęć; nie ma czego przekazać.</translation>
    </message>
    <message>
        <source>Could not hand the claims over (%1); nothing changed.</source>
        <translation>Nie udało się przekazać przejęć (%1); nic się nie zmieniło.</translation>
    </message>
    <message numerus="yes">
        <source>Released %n claim(s): %1.</source>
        <translation>
            <numerusform>Zwolniono %n przejęcie: %1.</numerusform>
            <numerusform>Zwolniono %n przejęcia: %1.</numerusform>
            <numerusform>Zwolniono %n przejęć: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n claim(s) over to %2: %1.</source>
        <translation>
            <numerusform>Przekazano %n przejęcie do %2: %1.</numerusform>
            <numerusform>Przekazano %n przejęcia do %2: %1.</numerusform>
            <numerusform>Przekazano %n przejęć do %2: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Action #%1 is %2; only failed actions or those waiting for a retry are retried.</source>
        <translation>Akcja nr %1 ma stan %2; ponawiane są tylko akcje nieudane lub czekające na ponowienie.</translation>
    </message>
    <message>
        <source>Action #%1 is %2; only queued, retrying or failed actions can be abandoned.</source>
        <translation>Akcja nr %1 ma stan %2; porzucić można tylko akcje oczekujące, ponawiane lub nieudane.</translation>
    </message>
    <message>
        <source>Only a lead can change the team&apos;s settings (duplicate rules, roles, thresholds); %1 is not a lead in this team store.</source>
        <translation>Tylko kierownik może zmieniać ustawienia zespołu (reguły duplikatów, role, progi); %1 nie jest kierownikiem w tej bazie zespołu.</translation>
    </message>
    <message>
        <source>A claim must last at least one second.</source>
        <translation>Przejęcie musi trwać co najmniej sekundę.</translation>
    </message>
    <message>
        <source>set the claim expiry to %1 s</source>
        <translation>ustawiono wygasanie przejęć na %1 s</translation>
    </message>
    <message>
        <source>Only a lead can change the duplicate rules; %1 is not a lead in this team store.</source>
        <translation>Tylko kierownik może zmieniać reguły duplikatów; %1 nie jest kierownikiem w tej bazie zespołu.</translation>
    </message>
    <message>
        <source>The rules were not changed: %1</source>
        <translation>Reguły nie zostały zmienione: %1</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead in this team store.</source>
        <translation>Tylko kierownik może zatwierdzić lub odrzucić eskalację; %1 nie jest kierownikiem w tej bazie zespołu.</translation>
    </message>
    <message>
        <source>Say why the escalation is declined: the planner needs to know.</source>
        <translation>Podaj, dlaczego eskalacja jest odrzucana: planista musi to wiedzieć.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done.</source>
        <translation>Baza zespołu jest niedostępna (%1); nic nie zrobiono.</translation>
    </message>
    <message>
        <source>Could not read escalation #%1 (%2).</source>
        <translation>Nie udało się odczytać eskalacji nr %1 (%2).</translation>
    </message>
    <message>
        <source>There is no escalation #%1.</source>
        <translation>Nie ma eskalacji nr %1.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already approved by %2 at %3.</source>
        <translation>Eskalacja nr %1 została już zatwierdzona przez %2 (%3).</translation>
    </message>
    <message>
        <source>Escalation #%1 was already declined by %2 at %3.</source>
        <translation>Eskalacja nr %1 została już odrzucona przez %2 (%3).</translation>
    </message>
    <message>
        <source>Could not record the decision (%1); nothing changed.</source>
        <translation>Nie udało się zapisać decyzji (%1); nic się nie zmieniło.</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead).</source>
        <translation>Cockpit: eskalacja zatwierdzona przez %1 (kierownik).</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead): %2</source>
        <translation>Cockpit: eskalacja zatwierdzona przez %1 (kierownik): %2</translation>
    </message>
    <message>
        <source>Cockpit: escalation declined by %1 (lead): %2</source>
        <translation>Cockpit: eskalacja odrzucona przez %1 (kierownik): %2</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 approved.</source>
        <translation>Eskalacja nr %1 dotycząca %2 zatwierdzona.</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 declined.</source>
        <translation>Eskalacja nr %1 dotycząca %2 odrzucona.</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>zadanie %1</translation>
    </message>
    <message>
        <source>requeue the failed job &quot;%1&quot;</source>
        <translation>ponownie zakolejkuj nieudane zadanie „%1”</translation>
    </message>
    <message>
        <source>%1 is not a middleware hub action.</source>
        <translation>%1 nie jest akcją huba middleware.</translation>
    </message>
    <message>
        <source>Say why the transaction is rejected.</source>
        <translation>Podaj, dlaczego transakcja jest odrzucana.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish, or retry or abandon it in the outbox.</source>
        <translation>%1 ma już akcję nr %2 (%3) użytkownika %4, nadal %5: poczekaj na jej zakończenie albo ponów ją lub porzuć w skrzynce nadawczej.</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>zwolnij %1 z kwarantanny huba</translation>
    </message>
    <message>
        <source>reject %1 in the hub (%2)</source>
        <translation>odrzuć %1 w hubie (%2)</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>wyślij ponownie %1 przez hub</translation>
    </message>
    <message>
        <source>The job&apos;s start time is not known: refresh the jobs and try again.</source>
        <translation>Czas uruchomienia zadania nie jest znany: odśwież zadania i spróbuj ponownie.</translation>
    </message>
    <message>
        <source>requeue the stuck job &quot;%1&quot;</source>
        <translation>ponownie zakolejkować zablokowane zadanie „%1”</translation>
    </message>
</context>
<context>
    <name>o2c::HttpHubActionSender</name>
    <message>
        <source>The middleware hub could not be reached (%1); the %2 of %3 will be sent again with the same key.</source>
        <translation>Hub middleware jest nieosiągalny (%1); „%2” dla %3 zostanie wysłane ponownie z tym samym kluczem.</translation>
    </message>
    <message>
        <source>The middleware hub refused the %1 of %2 (HTTP %3).</source>
        <translation>Hub middleware odrzucił „%1” dla %2 (HTTP %3).</translation>
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
        <translation>Nie udało się odczytać stanu huba middleware (%1); pokazane wartości pochodzą z ostatniej odpowiedzi.</translation>
    </message>
</context>
<context>
    <name>o2c::IntakeEventStream</name>
    <message>
        <source>%1 does not answer as a middleware hub of contract version %2 (%3). Check the hub address.</source>
        <translation>%1 nie odpowiada jak hub middleware w wersji kontraktu %2 (%3). Sprawdź adres huba.</translation>
    </message>
    <message>
        <source>The middleware hub speaks contract version %1; this cockpit understands version %2.x only. Update the cockpit, or configure the hub to serve /v%2.</source>
        <translation>Hub middleware używa kontraktu w wersji %1; ten kokpit rozumie tylko wersję %2.x. Zaktualizuj kokpit lub skonfiguruj hub, aby udostępniał /v%2.</translation>
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
        <translation>Transakcja</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanał</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencja</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Kwota</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Odebrano</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
</context>
<context>
    <name>o2c::MrpHoldService</name>
    <message>
        <source>The order %1 is not known; refresh and try again.</source>
        <translation>Zamówienie %1 jest nieznane; odśwież i spróbuj ponownie.</translation>
    </message>
    <message>
        <source>An action on %1 is already under way; wait for it to finish.</source>
        <translation>Akcja dla %1 jest już w toku; poczekaj na jej zakończenie.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 jest już wstrzymane.</translation>
    </message>
    <message>
        <source>%1 is cancelled: there is nothing to hold.</source>
        <translation>%1 jest anulowane: nie ma czego wstrzymywać.</translation>
    </message>
    <message>
        <source>Give a reason for the hold; it is shown to everyone in Odoo.</source>
        <translation>Podaj powód wstrzymania; będzie widoczny dla wszystkich w Odoo.</translation>
    </message>
    <message>
        <source>%1 is confirmed but has no manufacturing order to hold.</source>
        <translation>%1 jest potwierdzone, ale nie ma zlecenia produkcyjnego do wstrzymania.</translation>
    </message>
    <message>
        <source>%1 is already produced: there is no manufacturing left to hold.</source>
        <translation>%1 jest już wyprodukowane: nie ma już produkcji do wstrzymania.</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 nie jest wstrzymane.</translation>
    </message>
    <message>
        <source>%1 is not in Odoo yet: there is no manufacturing to hold. Hold it once it is synced, or release or reject it in the exception queue.</source>
        <translation>%1 nie ma jeszcze w Odoo: nie ma produkcji do wstrzymania. Wstrzymaj je po synchronizacji albo zwolnij lub odrzuć je w kolejce wyjątków.</translation>
    </message>
</context>
<context>
    <name>o2c::OrderBook</name>
    <message>
        <source>The team&apos;s new duplicate rules were not applied: %1. The rules in force stay; a lead can correct the rules on the settings screen.</source>
        <translation>Nowe reguły duplikatów zespołu nie zostały zastosowane: %1. Obowiązujące reguły pozostają; kierownik może poprawić reguły na ekranie ustawień.</translation>
    </message>
    <message>
        <source>The new duplicate rules could not be applied: %1. The rules in force stay; a lead can try the change again on the settings screen.</source>
        <translation>Nie udało się zastosować nowych reguł duplikatów: %1. Obowiązujące reguły pozostają; lider może ponowić zmianę na ekranie ustawień.</translation>
    </message>
</context>
<context>
    <name>o2c::QueueJobMonitor</name>
    <message>
        <source>Odoo does not let this user read the job queue (%1). Ask an administrator for the Job Queue Manager group.</source>
        <translation>Odoo nie pozwala temu użytkownikowi odczytać kolejki zadań (%1). Poproś administratora o grupę „Job Queue Manager”.</translation>
    </message>
    <message>
        <source>The job queue could not be read: %1</source>
        <translation>Nie udało się odczytać kolejki zadań: %1</translation>
    </message>
</context>
<context>
    <name>o2c::RabbitMqMonitor</name>
    <message>
        <source>RabbitMQ management API at %1 did not answer (%2). Check that the management plugin is enabled and the user may read queues.</source>
        <translation>API zarządzania RabbitMQ pod adresem %1 nie odpowiedziało (%2). Sprawdź, czy wtyczka zarządzania jest włączona, a użytkownik może odczytywać kolejki.</translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2); nothing was moved.</source>
        <translation>Nie udało się odczytać kolejki martwych wiadomości %1 (%2); nic nie zostało przeniesione.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) could not be published back (%1).</source>
        <translation>
            <numerusform>Nie udało się ponownie opublikować %n wiadomości (%1).</numerusform>
            <numerusform>Nie udało się ponownie opublikować %n wiadomości (%1).</numerusform>
            <numerusform>Nie udało się ponownie opublikować %n wiadomości (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2).</source>
        <translation>Nie udało się odczytać kolejki martwych wiadomości %1 (%2).</translation>
    </message>
</context>
<context>
    <name>o2c::WebSocketClient</name>
    <message>
        <source>This build cannot open wss:// connections (no TLS).</source>
        <translation>Ta wersja nie może otwierać połączeń wss:// (brak TLS).</translation>
    </message>
    <message>
        <source>The server&apos;s WebSocket handshake is too long.</source>
        <translation>Uzgadnianie WebSocket serwera jest zbyt długie.</translation>
    </message>
    <message>
        <source>The server did not accept the WebSocket connection (%1).</source>
        <translation>Serwer nie przyjął połączenia WebSocket (%1).</translation>
    </message>
    <message>
        <source>The server answered the WebSocket handshake with a wrong key.</source>
        <translation>Serwer odpowiedział na uzgadnianie WebSocket błędnym kluczem.</translation>
    </message>
    <message>
        <source>A WebSocket message is larger than %1 bytes.</source>
        <translation>Wiadomość WebSocket jest większa niż %1 bajtów.</translation>
    </message>
    <message>
        <source>The server sent an unknown WebSocket frame (%1).</source>
        <translation>Serwer wysłał nieznaną ramkę WebSocket (%1).</translation>
    </message>
</context>
<context>
    <name>o2c::alerts</name>
    <message>
        <source>Only %1% of the orders sent to Odoo were acknowledged: Odoo refuses or times out. Check the Odoo connection and the failed transactions.</source>
        <translation>Potwierdzono tylko %1% zamówień wysłanych do Odoo: Odoo odrzuca je lub nie odpowiada na czas. Sprawdź połączenie z Odoo i nieudane transakcje.</translation>
    </message>
    <message>
        <source>%1% of the orders sent to Odoo were acknowledged; some needed retries.</source>
        <translation>Potwierdzono %1% zamówień wysłanych do Odoo; niektóre wymagały ponowień.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo: orders are not getting through.</source>
        <translation>
            <numerusform>%n zamówienie czeka w hubie na Odoo: zamówienia nie przechodzą.</numerusform>
            <numerusform>%n zamówienia czekają w hubie na Odoo: zamówienia nie przechodzą.</numerusform>
            <numerusform>%n zamówień czeka w hubie na Odoo: zamówienia nie przechodzą.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo, more than usual.</source>
        <translation>
            <numerusform>%n zamówienie czeka w hubie na Odoo, więcej niż zwykle.</numerusform>
            <numerusform>%n zamówienia czekają w hubie na Odoo, więcej niż zwykle.</numerusform>
            <numerusform>%n zamówień czeka w hubie na Odoo, więcej niż zwykle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo.</source>
        <translation>Zamówienia potrzebują %1 s (95. percentyl) od kanału do Odoo.</translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo, slower than usual.</source>
        <translation>Zamówienia potrzebują %1 s (95. percentyl) od kanału do Odoo, wolniej niż zwykle.</translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transakcja nie powiodła się lub trafiła do martwych wiadomości: wyślij ją ponownie lub odrzuć w kolejce wyjątków.</numerusform>
            <numerusform>%n transakcje nie powiodły się lub trafiły do martwych wiadomości: wyślij je ponownie lub odrzuć w kolejce wyjątków.</numerusform>
            <numerusform>%n transakcji nie powiodło się lub trafiło do martwych wiadomości: wyślij je ponownie lub odrzuć w kolejce wyjątków.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed in the window; the hub retries them.</source>
        <translation>
            <numerusform>%n transakcja nie powiodła się w tym okresie; hub ją ponawia.</numerusform>
            <numerusform>%n transakcje nie powiodły się w tym okresie; hub je ponawia.</numerusform>
            <numerusform>%n transakcji nie powiodło się w tym okresie; hub je ponawia.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transakcja jest w kwarantannie jako podejrzany duplikat: zwolnij ją lub odrzuć w kolejce wyjątków.</numerusform>
            <numerusform>%n transakcje są w kwarantannie jako podejrzane duplikaty: zwolnij je lub odrzuć w kolejce wyjątków.</numerusform>
            <numerusform>%n transakcji jest w kwarantannie jako podejrzane duplikaty: zwolnij je lub odrzuć w kolejce wyjątków.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages are dead-lettered in %1: replay the ones that should go through.</source>
        <translation>
            <numerusform>%n wiadomość jest w kolejce martwych wiadomości %1: wyślij ponownie te, które mają przejść.</numerusform>
            <numerusform>%n wiadomości są w kolejce martwych wiadomości %1: wyślij ponownie te, które mają przejść.</numerusform>
            <numerusform>%n wiadomości jest w kolejce martwych wiadomości %1: wyślij ponownie te, które mają przejść.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no consumer: %n messages wait and nothing takes them.</source>
        <translation>
            <numerusform>%1 nie ma konsumenta: %n wiadomość czeka i nikt jej nie odbiera.</numerusform>
            <numerusform>%1 nie ma konsumenta: %n wiadomości czekają i nikt ich nie odbiera.</numerusform>
            <numerusform>%1 nie ma konsumenta: %n wiadomości czeka i nikt ich nie odbiera.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1.</source>
        <translation>
            <numerusform>%n wiadomość czeka w %1.</numerusform>
            <numerusform>%n wiadomości czekają w %1.</numerusform>
            <numerusform>%n wiadomości czeka w %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1, more than usual.</source>
        <translation>
            <numerusform>%n wiadomość czeka w %1, więcej niż zwykle.</numerusform>
            <numerusform>%n wiadomości czekają w %1, więcej niż zwykle.</numerusform>
            <numerusform>%n wiadomości czeka w %1, więcej niż zwykle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs failed: requeue them once the cause is fixed.</source>
        <translation>
            <numerusform>%n zadanie kolejki nie powiodło się: zakolejkuj je ponownie po usunięciu przyczyny.</numerusform>
            <numerusform>%n zadania kolejki nie powiodły się: zakolejkuj je ponownie po usunięciu przyczyny.</numerusform>
            <numerusform>%n zadań kolejki nie powiodło się: zakolejkuj je ponownie po usunięciu przyczyny.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</source>
        <translation>
            <numerusform>%n zadanie rozpoczęło się ponad %1 minut temu i się nie zakończyło: jego worker mógł przestać działać.</numerusform>
            <numerusform>%n zadania rozpoczęły się ponad %1 minut temu i się nie zakończyły: ich worker mógł przestać działać.</numerusform>
            <numerusform>%n zadań rozpoczęło się ponad %1 minut temu i się nie zakończyło: ich worker mógł przestać działać.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::odoo::CircuitBreaker</name>
    <message>
        <source>Odoo reachable</source>
        <translation>Odoo osiągalne</translation>
    </message>
    <message>
        <source>Odoo unreachable: calls paused</source>
        <translation>Odoo nieosiągalne: wywołania wstrzymane</translation>
    </message>
    <message>
        <source>Odoo unreachable: trying again</source>
        <translation>Odoo nieosiągalne: ponowna próba</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::HttpOdooTransport</name>
    <message>
        <source>The CA certificate file %1 does not exist; only the system&apos;s trusted certificates are used. Check the path in the connection profile.</source>
        <translation>Plik certyfikatu CA %1 nie istnieje; używane są tylko zaufane certyfikaty systemu. Sprawdź ścieżkę w profilu połączenia.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 holds no PEM certificate; only the system&apos;s trusted certificates are used.</source>
        <translation>Plik certyfikatu CA %1 nie zawiera certyfikatu PEM; używane są tylko zaufane certyfikaty systemu.</translation>
    </message>
    <message>
        <source>Odoo at %1 did not answer within %2 s. The server may be busy; the cockpit will try again. Raise the request timeout in the connection profile if this keeps happening.</source>
        <translation>Odoo pod adresem %1 nie odpowiedziało w ciągu %2 s. Serwer może być zajęty; kokpit ponowi próbę. Jeśli to się powtarza, zwiększ limit czasu żądań w profilu połączenia.</translation>
    </message>
    <message>
        <source>The request to Odoo was cancelled.</source>
        <translation>Żądanie do Odoo zostało anulowane.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was refused because its certificate cannot be trusted: %2. Ask your administrator for the server&apos;s CA certificate and add it to the connection profile.</source>
        <translation>Bezpieczne połączenie z %1 zostało odrzucone, ponieważ jego certyfikat nie jest zaufany: %2. Poproś administratora o certyfikat CA serwera i dodaj go do profilu połączenia.</translation>
    </message>
    <message>
        <source>Odoo at %1 refused the connection. Check that the server address and port are right and that Odoo is running.</source>
        <translation>Odoo pod adresem %1 odrzuciło połączenie. Sprawdź adres i port serwera oraz czy Odoo działa.</translation>
    </message>
    <message>
        <source>The server name %1 could not be found. Check the address in the connection profile and your network connection.</source>
        <translation>Nie znaleziono nazwy serwera %1. Sprawdź adres w profilu połączenia i połączenie sieciowe.</translation>
    </message>
    <message>
        <source>Odoo at %1 closed the connection before answering. The cockpit will try again.</source>
        <translation>Odoo pod adresem %1 zamknęło połączenie przed odpowiedzią. Kokpit ponowi próbę.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 timed out. The cockpit will try again.</source>
        <translation>Upłynął limit czasu połączenia z Odoo pod adresem %1. Kokpit ponowi próbę.</translation>
    </message>
    <message>
        <source>The network proxy did not let the cockpit reach %1 (%2). Check the proxy settings.</source>
        <translation>Serwer proxy nie pozwolił kokpitowi połączyć się z %1 (%2). Sprawdź ustawienia proxy.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 failed: %2. Check your network; the cockpit will try again.</source>
        <translation>Połączenie z Odoo pod adresem %1 nie powiodło się: %2. Sprawdź sieć; kokpit ponowi próbę.</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::OdooClient</name>
    <message>
        <source>No connection to Odoo is configured.</source>
        <translation>Nie skonfigurowano połączenia z Odoo.</translation>
    </message>
    <message>
        <source>Odoo did not answer the last %1 requests; the cockpit pauses for %2 s before it tries again.</source>
        <translation>Odoo nie odpowiedziało na ostatnie żądania (%1); kokpit czeka %2 s przed ponowną próbą.</translation>
    </message>
    <message>
        <source>Odoo no longer accepts the password or API key of %1 (it may have been revoked or expired). Sign in again.</source>
        <translation>Odoo nie akceptuje już hasła ani klucza API dla %1 (mogły zostać unieważnione lub wygasnąć). Zaloguj się ponownie.</translation>
    </message>
    <message>
        <source>this connection</source>
        <translation>tego połączenia</translation>
    </message>
    <message>
        <source>Not signed in to Odoo. Sign in first.</source>
        <translation>Nie zalogowano do Odoo. Najpierw się zaloguj.</translation>
    </message>
    <message>
        <source>The cockpit cannot express the call %1.%2 for Odoo&apos;s JSON-2 API (%3). This is a defect of the cockpit; choose JSON-RPC in the connection profile meanwhile.</source>
        <translation>Kokpit nie potrafi wyrazić wywołania %1.%2 w API JSON-2 Odoo (%3). To błąd kokpitu; do czasu poprawki wybierz JSON-RPC w profilu połączenia.</translation>
    </message>
    <message>
        <source>The server did not report an Odoo version. Check that the URL points at an Odoo server.</source>
        <translation>Serwer nie podał wersji Odoo. Sprawdź, czy adres URL wskazuje na serwer Odoo.</translation>
    </message>
    <message>
        <source>Odoo accepted the API key but did not say which user it belongs to. Check that the server is Odoo 19 or later.</source>
        <translation>Odoo zaakceptowało klucz API, ale nie podało, do którego użytkownika należy. Sprawdź, czy serwer to Odoo 19 lub nowszy.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Logowanie odrzucone: sprawdź login i hasło lub klucz API</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AlertBanner</name>
    <message>
        <source>Alerts</source>
        <translation>Alerty</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Pokaż</translation>
    </message>
    <message>
        <source>Show the screen of the newest alert</source>
        <translation>Pokaż ekran najnowszego alertu</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Odrzuć</translation>
    </message>
    <message>
        <source>Dismiss the alerts</source>
        <translation>Odrzuć alerty</translation>
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
        <translation>Odsetek duplikatów dziś: %1 % (%2 z %3 zamówień; próg %4 %)</translation>
    </message>
    <message>
        <source>Look at the duplicate desk: which channel sends the resends, and hold manufacturing on the clusters of high value.</source>
        <translation>Sprawdź stanowisko duplikatów: który kanał wysyła powtórzenia? Wstrzymaj produkcję dla grup o wysokiej wartości.</translation>
    </message>
    <message>
        <source>Backlog of open duplicate clusters: %1 (threshold %2)</source>
        <translation>Zaległe otwarte grupy duplikatów: %1 (próg %2)</translation>
    </message>
    <message>
        <source>Look at the exception queue: claim the unassigned clusters and escalate what cannot be decided on this shift.</source>
        <translation>Sprawdź kolejkę wyjątków: przejmij nieprzypisane grupy i eskaluj to, czego nie da się rozstrzygnąć na tej zmianie.</translation>
    </message>
    <message>
        <source>Outbox: actions waiting to be sent to Odoo: %1 (threshold %2)</source>
        <translation>Kolejka wychodząca: akcje czekające na wysłanie do Odoo: %1 (próg %2)</translation>
    </message>
    <message>
        <source>Look at integration health: Odoo may be slow or unreachable; the actions stay queued and go out when it answers.</source>
        <translation>Sprawdź stan integracji: Odoo może być wolne lub nieosiągalne; akcje pozostają w kolejce i zostaną wysłane, gdy odpowie.</translation>
    </message>
    <message>
        <source>Sync latency: the last pass took %1 ms (threshold %2 ms)</source>
        <translation>Opóźnienie synchronizacji: ostatni przebieg trwał %1 ms (próg %2 ms)</translation>
    </message>
    <message>
        <source>Look at integration health: the Odoo server or the network is slow; figures on screen may lag behind Odoo.</source>
        <translation>Sprawdź stan integracji: serwer Odoo lub sieć działa wolno; liczby na ekranie mogą być opóźnione względem Odoo.</translation>
    </message>
    <message>
        <source>Failures (failed sync passes in a row and failed actions): %1 (threshold %2)</source>
        <translation>Błędy (nieudane przebiegi synchronizacji z rzędu i nieudane akcje): %1 (próg %2)</translation>
    </message>
    <message>
        <source>Look at integration health for the errors, and at the exception queue for failed actions to retry or abandon.</source>
        <translation>Sprawdź stan integracji, aby zobaczyć błędy, oraz kolejkę wyjątków, aby ponowić lub porzucić nieudane akcje.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AuditLogPage</name>
    <message>
        <source>Fi&amp;lter:</source>
        <translation>Fi&amp;ltr:</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Filtruj dziennik audytu</translation>
    </message>
    <message>
        <source>user, order, action…</source>
        <translation>użytkownik, zamówienie, akcja…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Kiedy (UTC)</translation>
    </message>
    <message>
        <source>Computer user</source>
        <translation>Użytkownik komputera</translation>
    </message>
    <message>
        <source>Odoo user</source>
        <translation>Użytkownik Odoo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Co</translation>
    </message>
    <message>
        <source>Odoo answer</source>
        <translation>Odpowiedź Odoo</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Dziennik audytu</translation>
    </message>
    <message>
        <source>No team store: nothing is audited.</source>
        <translation>Brak bazy zespołu: nic nie jest audytowane.</translation>
    </message>
    <message>
        <source>The audit trail is broken at entry %1: %2. Keep a copy of the store and tell your administrator.</source>
        <translation>Ścieżka audytu jest przerwana we wpisie %1: %2. Zachowaj kopię bazy zespołu i powiadom administratora.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries, chain intact.</source>
        <translation>
            <numerusform>%Ln wpis, łańcuch nienaruszony.</numerusform>
            <numerusform>%Ln wpisy, łańcuch nienaruszony.</numerusform>
            <numerusform>%Ln wpisów, łańcuch nienaruszony.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded yet: every hold, release, resolution, claim and settings change will be listed here with Odoo&apos;s answer.</source>
        <translation>Nic jeszcze nie zapisano: każda blokada, zwolnienie, rozstrzygnięcie, przejęcie i zmiana ustawień pojawi się tutaj wraz z odpowiedzią Odoo.</translation>
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
        <translation>E-commerce</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>Dealer portal</source>
        <translation>Portal dealerów</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Manual entry</source>
        <translation>Wprowadzanie ręczne</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Nieznany</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Cluster</name>
    <message>
        <source>Duplicate</source>
        <translation>Duplikat</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>Podejrzany</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Korekta</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterComparisonModel</name>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Ref. klienta</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>Adres dostawy</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Żądany termin</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Suma</translation>
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
        <translation>%1 ma %2</translation>
    </message>
    <message>
        <source>%1 differs between the orders: %2</source>
        <translation>%1 różni się między zamówieniami: %2</translation>
    </message>
    <message>
        <source>Written differently, but the same reference after normalization (%1)</source>
        <translation>Zapisane inaczej, ale po normalizacji ta sama referencja (%1)</translation>
    </message>
    <message>
        <source>%1, MRP held</source>
        <translation>%1, produkcja wstrzymana</translation>
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
        <translation>%1: produkcja jest wstrzymana</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterDetailView</name>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Customer reference</source>
        <translation>Referencja klienta</translation>
    </message>
    <message>
        <source>Products and quantities</source>
        <translation>Produkty i ilości</translation>
    </message>
    <message>
        <source>Time apart</source>
        <translation>Odstęp czasu</translation>
    </message>
    <message>
        <source>Order value</source>
        <translation>Wartość zamówienia</translation>
    </message>
    <message>
        <source>Ship-to address</source>
        <translation>Adres dostawy</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanały</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Numery kontrolne EDI</translation>
    </message>
    <message>
        <source>Identical message</source>
        <translation>Identyczny komunikat</translation>
    </message>
    <message>
        <source>Cluster detail</source>
        <translation>Szczegóły grupy</translation>
    </message>
    <message>
        <source>Select a cluster to compare its orders side by side.
J / K move to the next or previous cluster.</source>
        <translation>Wybierz grupę, aby porównać jej zamówienia obok siebie.
J / K przechodzą do następnej lub poprzedniej grupy.</translation>
    </message>
    <message>
        <source>Orders side by side</source>
        <translation>Zamówienia obok siebie</translation>
    </message>
    <message>
        <source>Why these orders look like one demand</source>
        <translation>Dlaczego te zamówienia wyglądają na jedno zapotrzebowanie</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Przesłanki</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Sygnał</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>Co znaleziono</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Waga</translation>
    </message>
    <message>
        <source>%1 · %2 · score %3</source>
        <translation>%1 · %2 · wynik %3</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>Speaks against these orders being the same demand</source>
        <translation>Przemawia przeciw temu, że to samo zapotrzebowanie</translation>
    </message>
    <message>
        <source>Speaks for these orders being the same demand</source>
        <translation>Przemawia za tym, że to samo zapotrzebowanie</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, no differences</source>
        <translation>
            <numerusform>%Ln zamówienie, brak różnic</numerusform>
            <numerusform>%Ln zamówienia, brak różnic</numerusform>
            <numerusform>%Ln zamówień, brak różnic</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, highlighted cells differ</source>
        <translation>
            <numerusform>%Ln zamówienie, wyróżnione komórki się różnią</numerusform>
            <numerusform>%Ln zamówienia, wyróżnione komórki się różnią</numerusform>
            <numerusform>%Ln zamówień, wyróżnione komórki się różnią</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterListModel</name>
    <message>
        <source>Duplicate demand arrived %1</source>
        <translation>Zdublowane zapotrzebowanie wpłynęło %1</translation>
    </message>
    <message>
        <source>Total of the orders beyond the first: demand that would be made twice</source>
        <translation>Suma zamówień poza pierwszym: zapotrzebowanie, które zostałoby zrealizowane dwukrotnie</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupa</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Wartość zagrożona</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Czas oczekiwania</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Przesłanki</translation>
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
        <translation>Ostatni błąd</translation>
    </message>
    <message>
        <source>Order and cluster counts</source>
        <translation>Liczba zamówień i grup</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Ostatnia synchronizacja</translation>
    </message>
    <message>
        <source>synced 59 min ago</source>
        <translation>zsynchronizowano 59 min temu</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Profil połączenia</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUKCJA</translation>
    </message>
    <message>
        <source>STAGING</source>
        <translation>TESTOWE</translation>
    </message>
    <message>
        <source>no server</source>
        <translation>brak serwera</translation>
    </message>
    <message>
        <source>Connected to the production Odoo: %1, database %2, as %3.
Holds and releases change real orders.</source>
        <translation>Połączono z produkcyjnym Odoo: %1, baza %2, jako %3.
Wstrzymania i zwolnienia zmieniają prawdziwe zamówienia.</translation>
    </message>
    <message>
        <source>Connected to a staging Odoo: %1, database %2, as %3.</source>
        <translation>Połączono z testowym Odoo: %1, baza %2, jako %3.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>jeszcze nie zsynchronizowano</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>zsynchronizowano %1</translation>
    </message>
    <message>
        <source>Last sync finished %1</source>
        <translation>Ostatnia synchronizacja zakończona %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>order count · cluster count</comment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders</source>
        <translation>
            <numerusform>%Ln zamówienie</numerusform>
            <numerusform>%Ln zamówienia</numerusform>
            <numerusform>%Ln zamówień</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln clusters</source>
        <translation>
            <numerusform>%Ln grupa</numerusform>
            <numerusform>%Ln grupy</numerusform>
            <numerusform>%Ln grup</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::CsvWriter</name>
    <message>
        <source>%1 cannot be written: %2. Choose another folder.</source>
        <translation>Nie można zapisać %1: %2. Wybierz inny folder.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::EnvironmentMarker</name>
    <message>
        <source>PRODUCTION: %1</source>
        <translation>PRODUKCJA: %1</translation>
    </message>
    <message>
        <source>staging: %1</source>
        <translation>testowe: %1</translation>
    </message>
    <message>
        <source>%1 — PRODUCTION: %2</source>
        <translation>%1 — PRODUKCJA: %2</translation>
    </message>
    <message>
        <source>%1 — staging: %2</source>
        <translation>%1 — testowe: %2</translation>
    </message>
    <message>
        <source>PRODUCTION — %1</source>
        <translation>PRODUKCJA — %1</translation>
    </message>
    <message>
        <source>Staging — %1</source>
        <translation>Środowisko testowe — %1</translation>
    </message>
    <message>
        <source>PRODUCTION — %1 · %2</source>
        <translation>PRODUKCJA — %1 · %2</translation>
    </message>
    <message>
        <source>Staging — %1 · %2</source>
        <translation>Środowisko testowe — %1 · %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowBoardWidget</name>
    <message>
        <source>Flow board</source>
        <translation>Tablica przepływu</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowStageTile</name>
    <message numerus="yes">
        <source>%1: %Ln orders, %2</source>
        <comment>stage: count, value</comment>
        <translation>
            <numerusform>%1: %Ln zamówienie, %2</numerusform>
            <numerusform>%1: %Ln zamówienia, %2</numerusform>
            <numerusform>%1: %Ln zamówień, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
Click to show all orders again</source>
        <translation>%1
Kliknij, aby znów pokazać wszystkie zamówienia</translation>
    </message>
    <message>
        <source>%1
Click to show only these orders</source>
        <translation>%1
Kliknij, aby pokazać tylko te zamówienia</translation>
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
        <translation>Wstrzymaj produkcję dla %1</translation>
    </message>
    <message>
        <source>No manufacturing demand, reservation or procurement will proceed from %1 until the hold is released.
Why is it held?</source>
        <translation>Z %1 nie powstanie zapotrzebowanie produkcyjne, rezerwacja ani zaopatrzenie, dopóki wstrzymanie nie zostanie zwolnione.
Dlaczego jest wstrzymane?</translation>
    </message>
    <message>
        <source>Suspected duplicate order</source>
        <translation>Podejrzenie zdublowanego zamówienia</translation>
    </message>
    <message>
        <source>Waiting for the customer to confirm</source>
        <translation>Oczekiwanie na potwierdzenie klienta</translation>
    </message>
    <message>
        <source>Credit check pending</source>
        <translation>Weryfikacja kredytowa w toku</translation>
    </message>
    <message>
        <source>Amendment under review</source>
        <translation>Korekta w trakcie weryfikacji</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Powód (wymagany)</translation>
    </message>
    <message>
        <source>Reason for the hold</source>
        <translation>Powód wstrzymania</translation>
    </message>
    <message>
        <source>Hold MRP</source>
        <translation>Wstrzymaj produkcję</translation>
    </message>
</context>
<context>
    <name>o2c::ui::HoldsPage</name>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Wstrzymane przez</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <source>Breach</source>
        <translation>Naruszenie</translation>
    </message>
    <message>
        <source>Active holds</source>
        <translation>Aktywne wstrzymania</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H releases the selected hold; Ctrl+Shift+L exports the holds to CSV.</source>
        <translation>Ctrl+Shift+H zwalnia wybrane wstrzymanie; Ctrl+Shift+L eksportuje wstrzymania do CSV.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>nieznany</translation>
    </message>
    <message>
        <source>Hard (quotation kept)</source>
        <translation>Twarde (pozostaje ofertą)</translation>
    </message>
    <message>
        <source>Soft (MO activity)</source>
        <translation>Miękkie (czynność w ZP)</translation>
    </message>
    <message>
        <source>confirmed while tagged HOLD</source>
        <translation>potwierdzone mimo etykiety HOLD</translation>
    </message>
    <message>
        <source>%1 produced while held</source>
        <translation>%1 wyprodukowane mimo wstrzymania</translation>
    </message>
    <message>
        <source>in Odoo</source>
        <translation>w Odoo</translation>
    </message>
    <message>
        <source>HOLD in Odoo</source>
        <translation>HOLD w Odoo</translation>
    </message>
    <message>
        <source>Active holds (%1), breaches: %2</source>
        <translation>Aktywne wstrzymania (%1), naruszenia: %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nie zapisano</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IdentityGraphWidget</name>
    <message>
        <source>Identity graph</source>
        <translation>Graf tożsamości</translation>
    </message>
    <message>
        <source>%1 document</source>
        <translation>dokument %1</translation>
    </message>
    <message>
        <source>customer reference</source>
        <translation>referencja klienta</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>klient</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Numery kontrolne EDI</translation>
    </message>
    <message>
        <source>ISA %1 / GS %2 / ST %3</source>
        <translation>ISA %1 / GS %2 / ST %3</translation>
    </message>
    <message>
        <source>manufacturing order</source>
        <translation>zlecenie produkcyjne</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>przesunięcie</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>faktura</translation>
    </message>
    <message>
        <source>possible duplicate (%1)</source>
        <translation>możliwy duplikat (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Pick an order to see its references.</source>
        <translation>Wybierz zamówienie, aby zobaczyć jego referencje.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntakeExceptionsPanel</name>
    <message>
        <source>Transactions held in the middleware hub</source>
        <translation>Transakcje wstrzymane w hubie middleware</translation>
    </message>
    <message>
        <source>Release to Odoo</source>
        <translation>Zwolnij do Odoo</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Odrzuć…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wyślij ponownie</translation>
    </message>
    <message>
        <source>Not a duplicate after all: the hub sends it on to Odoo.</source>
        <translation>Jednak nie duplikat: hub przekaże je do Odoo.</translation>
    </message>
    <message>
        <source>The order must not reach Odoo: the hub drops it, with your reason.</source>
        <translation>Zamówienie nie może trafić do Odoo: hub je odrzuci, z podanym powodem.</translation>
    </message>
    <message>
        <source>Send a failed or dead-lettered order to Odoo again.</source>
        <translation>Wyślij ponownie do Odoo zamówienie nieudane lub z kolejki martwych wiadomości.</translation>
    </message>
    <message numerus="yes">
        <source>Held in the middleware hub before Odoo: %n</source>
        <translation>
            <numerusform>Wstrzymane w hubie middleware przed Odoo: %n</numerusform>
            <numerusform>Wstrzymane w hubie middleware przed Odoo: %n</numerusform>
            <numerusform>Wstrzymane w hubie middleware przed Odoo: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Acting on hub transactions needs the team store.</source>
        <translation>Działania na transakcjach huba wymagają magazynu zespołu.</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>Najpierw wybierz transakcję.</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>Odrzuć %1</translation>
    </message>
    <message>
        <source>Why must this order not reach Odoo?</source>
        <translation>Dlaczego to zamówienie nie może trafić do Odoo?</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Odebrana</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Sprawdzona</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>W kwarantannie</translation>
    </message>
    <message>
        <source>Sent to Odoo</source>
        <translation>Wysłana do Odoo</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Potwierdzona przez Odoo</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Nieudana</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>Martwa wiadomość</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Odrzucona</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntegrationHealthPage</name>
    <message>
        <source>Odoo connection:</source>
        <translation>Połączenie z Odoo:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Stan:</translation>
    </message>
    <message>
        <source>Circuit breaker:</source>
        <translation>Bezpiecznik:</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Ostatnia synchronizacja:</translation>
    </message>
    <message>
        <source>Sync passes:</source>
        <translation>Przebiegi synchronizacji:</translation>
    </message>
    <message>
        <source>Team store:</source>
        <translation>Baza zespołu:</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Skrzynka nadawcza:</translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>Ostatnie błędy</translation>
    </message>
    <message>
        <source>%1 — %2, database %3, user %4 (%5)</source>
        <translation>%1 — %2, baza %3, użytkownik %4 (%5)</translation>
    </message>
    <message>
        <source>production</source>
        <translation>produkcyjne</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>testowe</translation>
    </message>
    <message>
        <source>Offline: no Odoo connection</source>
        <translation>Offline: brak połączenia z Odoo</translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation>%1, ponowna próba za %2 s</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>nieużywany</translation>
    </message>
    <message>
        <source>%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices in %6 ms (%7 requests)</source>
        <translation>%1: zamówienia %2, zlecenia produkcyjne %3, przesunięcia %4, faktury %5 w %6 ms (żądania: %7)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nigdy</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3 failed in a row</source>
        <translation>udane: %1, nieudane: %2, nieudane z rzędu: %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nie zarejestrowano</translation>
    </message>
    <message>
        <source>none: actions are not available</source>
        <translation>brak: akcje są niedostępne</translation>
    </message>
    <message>
        <source>Action #%1 (%2): %3</source>
        <translation>Akcja nr %1 (%2): %3</translation>
    </message>
    <message>
        <source>%1 waiting, %2 sending, %3 failed</source>
        <translation>oczekujące: %1, wysyłane: %2, nieudane: %3</translation>
    </message>
    <message>
        <source>no team store</source>
        <translation>brak bazy zespołu</translation>
    </message>
    <message>
        <source>No errors recorded.</source>
        <translation>Brak zarejestrowanych błędów.</translation>
    </message>
    <message>
        <source>Critical: %1</source>
        <translation>Krytyczne: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Ostrzeżenie: %1</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alerty</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub middleware</translation>
    </message>
    <message>
        <source>Live stream:</source>
        <translation>Strumień na żywo:</translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>Stan:</translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Kolejka</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Wiadomości</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Gotowe</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>Niepotwierdzone</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Konsumenci</translation>
    </message>
    <message>
        <source>In per s</source>
        <translation>Wej. na s</translation>
    </message>
    <message>
        <source>Out per s</source>
        <translation>Wyj. na s</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>Kolejka martwych wiadomości</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alert</translation>
    </message>
    <message>
        <source>RabbitMQ queues</source>
        <translation>Kolejki RabbitMQ</translation>
    </message>
    <message>
        <source>Replay dead-lettered messages…</source>
        <translation>Wyślij ponownie martwe wiadomości…</translation>
    </message>
    <message>
        <source>Select a dead-letter queue first.</source>
        <translation>Najpierw wybierz kolejkę martwych wiadomości.</translation>
    </message>
    <message>
        <source>Job queue (OCA queue_job)</source>
        <translation>Kolejka zadań (OCA queue_job)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Zadanie</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanał</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Próby</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <source>Failed and stuck jobs</source>
        <translation>Zadania nieudane i zawieszone</translation>
    </message>
    <message>
        <source>Requeue the selected job</source>
        <translation>Ponownie zakolejkuj wybrane zadanie</translation>
    </message>
    <message>
        <source>Requeueing needs the team store.</source>
        <translation>Ponowne zakolejkowanie wymaga magazynu zespołu.</translation>
    </message>
    <message>
        <source>Not reachable: %1</source>
        <translation>Nieosiągalny: %1</translation>
    </message>
    <message>
        <source>No middleware hub configured: orders are seen once they reach Odoo.</source>
        <translation>Nie skonfigurowano huba middleware: zamówienia widać dopiero, gdy dotrą do Odoo.</translation>
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
        <translation>Połączono (%1), ostatnie zdarzenie %2.</translation>
    </message>
    <message>
        <source>Not connected (%1): reconnecting, resuming after event %2.</source>
        <translation>Brak połączenia (%1): ponowne łączenie, wznowienie po zdarzeniu %2.</translation>
    </message>
    <message>
        <source>%1 %2 events received; repaired: %3 drops, %4 repeats ignored, %5 out of order, %6 catch-ups from the listing.</source>
        <translation>%1 Odebrano zdarzeń: %2; naprawiono: zerwania %3, pominięte powtórzenia %4, poza kolejnością %5, nadrobienia z listy %6.</translation>
    </message>
    <message>
        <source>The middleware hub&apos;s live stream is down; the cockpit resumes it without losing events.</source>
        <translation>Strumień na żywo huba middleware nie działa; kokpit wznowi go bez utraty zdarzeń.</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>nie skonfigurowano</translation>
    </message>
    <message>
        <source>waiting for the first figures</source>
        <translation>oczekiwanie na pierwsze dane</translation>
    </message>
    <message numerus="yes">
        <source>Throughput: %1 orders per minute over the last %n minutes</source>
        <translation>
            <numerusform>Przepustowość: %1 zamówień na minutę w ciągu ostatniej %n minuty</numerusform>
            <numerusform>Przepustowość: %1 zamówień na minutę w ciągu ostatnich %n minut</numerusform>
            <numerusform>Przepustowość: %1 zamówień na minutę w ciągu ostatnich %n minut</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1, acknowledged by Odoo %2</source>
        <translation>Odebrano %1, potwierdzone przez Odoo %2</translation>
    </message>
    <message numerus="yes">
        <source>Queue depth: %n waiting for Odoo</source>
        <translation>
            <numerusform>Głębokość kolejki: %n czeka na Odoo</numerusform>
            <numerusform>Głębokość kolejki: %n czekają na Odoo</numerusform>
            <numerusform>Głębokość kolejki: %n czeka na Odoo</numerusform>
        </translation>
    </message>
    <message>
        <source>Processing latency: %1 s median, %2 s 95th percentile, %3 s longest</source>
        <translation>Opóźnienie przetwarzania: mediana %1 s, 95. percentyl %2 s, najdłużej %3 s</translation>
    </message>
    <message>
        <source>Acknowledgement success: %1%</source>
        <translation>Skuteczność potwierdzeń: %1%</translation>
    </message>
    <message numerus="yes">
        <source>Quarantined: %n</source>
        <translation>
            <numerusform>W kwarantannie: %n</numerusform>
            <numerusform>W kwarantannie: %n</numerusform>
            <numerusform>W kwarantannie: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ is not configured (start the cockpit with --rabbitmq http://user:password@host:15672).</source>
        <translation>RabbitMQ nie jest skonfigurowany (uruchom kokpit z --rabbitmq http://użytkownik:hasło@host:15672).</translation>
    </message>
    <message numerus="yes">
        <source>%n queues; %1 messages dead-lettered.</source>
        <translation>
            <numerusform>%n kolejka; martwe wiadomości: %1.</numerusform>
            <numerusform>%n kolejki; martwe wiadomości: %1.</numerusform>
            <numerusform>%n kolejek; martwe wiadomości: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>not read (no Odoo connection)</source>
        <translation>nie odczytano (brak połączenia z Odoo)</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>jeszcze nie odczytano</translation>
    </message>
    <message>
        <source>queue_job not installed in this Odoo: there are no job queues to watch.</source>
        <translation>queue_job nie jest zainstalowany w tym Odoo: nie ma kolejek zadań do obserwowania.</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</source>
        <translation>
            <numerusform>nieudane: %1, rozpoczęte ponad %n minutę temu: %2, wykonywane: %3, oczekujące: %4 (w tym ponawiane: %5), odczyt %6.</numerusform>
            <numerusform>nieudane: %1, rozpoczęte ponad %n minuty temu: %2, wykonywane: %3, oczekujące: %4 (w tym ponawiane: %5), odczyt %6.</numerusform>
            <numerusform>nieudane: %1, rozpoczęte ponad %n minut temu: %2, wykonywane: %3, oczekujące: %4 (w tym ponawiane: %5), odczyt %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 z %2</translation>
    </message>
    <message>
        <source>started, stuck</source>
        <translation>rozpoczęte, zawieszone</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>nieudane</translation>
    </message>
    <message>
        <source>No alerts: the middleware and the job queue look healthy.</source>
        <translation>Brak alertów: middleware i kolejka zadań wyglądają dobrze.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Odczyt %1…</translation>
    </message>
    <message>
        <source>Replay from %1</source>
        <translation>Wyślij ponownie z %1</translation>
    </message>
    <message>
        <source>Choose the messages to send back to where they were dead-lettered; the others stay in %1.</source>
        <translation>Wybierz wiadomości do odesłania tam, gdzie trafiły do martwych wiadomości; pozostałe zostaną w %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 in %3 (%n times): %4</source>
        <translation>
            <numerusform>%1 — %2 w %3 (%n raz): %4</numerusform>
            <numerusform>%1 — %2 w %3 (%n razy): %4</numerusform>
            <numerusform>%1 — %2 w %3 (%n razy): %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no message id)</source>
        <translation>(brak id wiadomości)</translation>
    </message>
    <message>
        <source>Replay the checked messages</source>
        <translation>Wyślij ponownie zaznaczone wiadomości</translation>
    </message>
    <message>
        <source>Nothing was chosen; nothing was moved.</source>
        <translation>Nic nie wybrano; nic nie przeniesiono.</translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n messages from %1…</source>
        <translation>
            <numerusform>Ponowne wysyłanie %n wiadomości z %1…</numerusform>
            <numerusform>Ponowne wysyłanie %n wiadomości z %1…</numerusform>
            <numerusform>Ponowne wysyłanie %n wiadomości z %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages replayed from %1; %2 stay there.</source>
        <translation>
            <numerusform>Wysłano ponownie %n wiadomość z %1; pozostaje tam: %2.</numerusform>
            <numerusform>Wysłano ponownie %n wiadomości z %1; pozostaje tam: %2.</numerusform>
            <numerusform>Wysłano ponownie %n wiadomości z %1; pozostaje tam: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Requeue a stuck job only when the worker that started it is gone; you are asked to confirm.</source>
        <translation>Zablokowane zadanie kolejkuj ponownie tylko wtedy, gdy worker, który je uruchomił, już nie działa; zostaniesz poproszony o potwierdzenie.</translation>
    </message>
    <message>
        <source>Only a failed or stuck job can be requeued.</source>
        <translation>Ponownie zakolejkować można tylko zadanie nieudane lub zablokowane.</translation>
    </message>
    <message>
        <source>Requeue a stuck job</source>
        <translation>Ponowne zakolejkowanie zablokowanego zadania</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has been started since %2 and has not finished. Requeue it only if the worker that started it is gone (restarted or crashed): a worker still running it would run it a second time.</source>
        <translation>„%1” działa od %2 i nie zakończyło się. Zakolejkuj je ponownie tylko wtedy, gdy worker, który je uruchomił, już nie działa (został zrestartowany lub uległ awarii): worker, który nadal je wykonuje, wykonałby je drugi raz.</translation>
    </message>
    <message>
        <source>Requeue it</source>
        <translation>Zakolejkuj ponownie</translation>
    </message>
    <message numerus="yes">
        <source>Failures: %n failed attempts, %1 dead-lettered</source>
        <translation>
            <numerusform>Błędy: %n nieudana próba, martwe wiadomości %1</numerusform>
            <numerusform>Błędy: %n nieudane próby, martwe wiadomości %1</numerusform>
            <numerusform>Błędy: %n nieudanych prób, martwe wiadomości %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Skróty klawiaturowe</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Akcja</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Klawisze</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>keyboard shortcuts</comment>
        <translation>%1 lub %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::MainWindow</name>
    <message>
        <source>Screens</source>
        <translation>Ekrany</translation>
    </message>
    <message>
        <source>J / K: next / previous</source>
        <translation>J / K: następna / poprzednia</translation>
    </message>
    <message>
        <source>Duplicate clusters</source>
        <translation>Grupy duplikatów</translation>
    </message>
    <message>
        <source>Filter orders (Ctrl+F)</source>
        <translation>Filtruj zamówienia (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter orders</source>
        <translation>Filtruj zamówienia</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Przetwarzanie…</translation>
    </message>
    <message>
        <source>&amp;Hold MRP…</source>
        <translation>&amp;Wstrzymaj produkcję…</translation>
    </message>
    <message>
        <source>&amp;Release hold</source>
        <translation>&amp;Zwolnij wstrzymanie</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Zakończ</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <source>&amp;Flow board</source>
        <translation>&amp;Tablica przepływu</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Zamówienia</translation>
    </message>
    <message>
        <source>&amp;Clusters</source>
        <translation>&amp;Grupy</translation>
    </message>
    <message>
        <source>F&amp;ilter orders</source>
        <translation>&amp;Filtruj zamówienia</translation>
    </message>
    <message>
        <source>&amp;Show all stages</source>
        <translation>Pokaż &amp;wszystkie etapy</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>&amp;Akcje</translation>
    </message>
    <message>
        <source>&amp;Next cluster</source>
        <translation>&amp;Następna grupa</translation>
    </message>
    <message>
        <source>&amp;Previous cluster</source>
        <translation>&amp;Poprzednia grupa</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>P&amp;rzejdź</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Decyzje</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>&amp;Eksport</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Skróty klawiaturowe</translation>
    </message>
    <message>
        <source>&amp;About O2C Cockpit</source>
        <translation>&amp;O programie O2C Cockpit</translation>
    </message>
    <message>
        <source>%1 moved on behind its hold: %2</source>
        <translation>%1 przeszło dalej mimo wstrzymania: %2</translation>
    </message>
    <message>
        <source>Duplicate clusters (%1)</source>
        <translation>Grupy duplikatów (%1)</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Zamówienia (%1)</translation>
    </message>
    <message>
        <source>Orders (%1 of %2)</source>
        <translation>Zamówienia (%1 z %2)</translation>
    </message>
    <message>
        <source>Not connected to Odoo: holds cannot be changed.</source>
        <translation>Brak połączenia z Odoo: nie można zmieniać wstrzymań.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>Najpierw wybierz zamówienie.</translation>
    </message>
    <message>
        <source>%1: an action is under way.</source>
        <translation>%1: akcja jest w toku.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 jest już wstrzymane.</translation>
    </message>
    <message>
        <source>Hold manufacturing for %1 (Ctrl+H)</source>
        <translation>Wstrzymaj produkcję dla %1 (Ctrl+H)</translation>
    </message>
    <message>
        <source>%1 is cancelled or already produced: nothing left to hold.</source>
        <translation>%1 jest anulowane lub już wyprodukowane: nie ma czego wstrzymywać.</translation>
    </message>
    <message>
        <source>Release the hold on %1 (Ctrl+Shift+H)</source>
        <translation>Zwolnij wstrzymanie %1 (Ctrl+Shift+H)</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 nie jest wstrzymane.</translation>
    </message>
    <message>
        <source>Hold on %1 queued.</source>
        <translation>Wstrzymanie %1 w kolejce.</translation>
    </message>
    <message>
        <source>Holding manufacturing for %1…</source>
        <translation>Wstrzymywanie produkcji dla %1…</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Zwolnij wstrzymanie</translation>
    </message>
    <message>
        <source>Release the hold on %1? Manufacturing demand, reservation and procurement will proceed from it again.</source>
        <translation>Zwolnić wstrzymanie %1? Zapotrzebowanie produkcyjne, rezerwacje i zaopatrzenie ruszą ponownie.</translation>
    </message>
    <message>
        <source>Release of %1 queued.</source>
        <translation>Zwolnienie %1 w kolejce.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1…</source>
        <translation>Zwalnianie wstrzymania %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The hold on %1 was not released.</source>
        <translation>Wstrzymanie %1 nie zostało zwolnione.</translation>
    </message>
    <message>
        <source>Manufacturing for %1 was not held.</source>
        <translation>Produkcja dla %1 nie została wstrzymana.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Action failed</source>
        <translation>Akcja nie powiodła się</translation>
    </message>
    <message>
        <source>Odoo gave no reason. Try again; if it fails again, check the connection in the status bar.</source>
        <translation>Odoo nie podało powodu. Spróbuj ponownie; jeśli znów się nie uda, sprawdź połączenie na pasku stanu.</translation>
    </message>
    <message>
        <source>About O2C Cockpit</source>
        <translation>O programie O2C Cockpit</translation>
    </message>
    <message>
        <source>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Order-to-cash operations cockpit for manufacturers that run Odoo: every order&apos;s flow, duplicate orders found as they arrive, and MRP held until they are resolved.&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later&lt;/p&gt;</source>
        <translation>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Kokpit operacji od zamówienia do zapłaty dla producentów korzystających z Odoo: przepływ każdego zamówienia, zdublowane zamówienia wykrywane od razu po wpłynięciu i produkcja wstrzymana do ich wyjaśnienia.&lt;/p&gt;&lt;p&gt;Licencja: GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Duplicate desk</source>
        <translation>Stanowisko duplikatów</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Kolejka wyjątków</translation>
    </message>
    <message>
        <source>Order detail</source>
        <translation>Szczegóły zamówienia</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Wstrzymania</translation>
    </message>
    <message>
        <source>Supervisor charts</source>
        <translation>Wykresy nadzoru</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Stan integracji</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Dziennik audytu</translation>
    </message>
    <message>
        <source>&amp;Claim cluster</source>
        <translation>&amp;Przejmij grupę</translation>
    </message>
    <message>
        <source>&amp;Unclaim cluster</source>
        <translation>&amp;Zwolnij grupę</translation>
    </message>
    <message>
        <source>&amp;Resolve: keep the selected order</source>
        <translation>&amp;Rozwiąż: zachowaj wybrane zamówienie</translation>
    </message>
    <message>
        <source>Mark &amp;distinct…</source>
        <translation>Oznacz jako &amp;odrębne…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Eskaluj…</translation>
    </message>
    <message>
        <source>Co&amp;mment…</source>
        <translation>&amp;Komentarz…</translation>
    </message>
    <message>
        <source>Re&amp;try failed action</source>
        <translation>Po&amp;nów nieudaną akcję</translation>
    </message>
    <message>
        <source>&amp;Abandon failed action…</source>
        <translation>Porz&amp;uć nieudaną akcję…</translation>
    </message>
    <message>
        <source>Shift &amp;handover summary</source>
        <translation>Podsumowanie przekazania z&amp;miany</translation>
    </message>
    <message>
        <source>&amp;Clusters to CSV…</source>
        <translation>&amp;Grupy do CSV…</translation>
    </message>
    <message>
        <source>Export clusters</source>
        <translation>Eksportuj grupy</translation>
    </message>
    <message>
        <source>&amp;Holds to CSV…</source>
        <translation>&amp;Wstrzymania do CSV…</translation>
    </message>
    <message>
        <source>Export holds</source>
        <translation>Eksportuj wstrzymania</translation>
    </message>
    <message>
        <source>&amp;Audit log to CSV…</source>
        <translation>&amp;Dziennik audytu do CSV…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Eksportuj dziennik audytu</translation>
    </message>
    <message>
        <source>Action #%1 failed: %2</source>
        <translation>Akcja nr %1 nie powiodła się: %2</translation>
    </message>
    <message>
        <source>No team store: decisions cannot be recorded.</source>
        <translation>Brak bazy zespołu: nie można zapisywać decyzji.</translation>
    </message>
    <message>
        <source>Select a duplicate cluster first.</source>
        <translation>Najpierw wybierz grupę duplikatów.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Nie wykonano</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>Rozwiąż %1</translation>
    </message>
    <message>
        <source>Keep %1 and cancel %2 in Odoo?</source>
        <translation>Zachować %1 i anulować %2 w Odoo?</translation>
    </message>
    <message>
        <source>%1: keeping %2, cancelling %3 (action #%4 queued).</source>
        <translation>%1: zachowanie %2, anulowanie %3 (akcja nr %4 w kolejce).</translation>
    </message>
    <message>
        <source>Mark %1 distinct</source>
        <translation>Oznacz %1 jako odrębne</translation>
    </message>
    <message>
        <source>Why are these orders different demands?</source>
        <translation>Dlaczego te zamówienia są różnymi zapotrzebowaniami?</translation>
    </message>
    <message>
        <source>Give a reason: the next planner needs to know why.</source>
        <translation>Podaj powód: następny planista musi wiedzieć dlaczego.</translation>
    </message>
    <message>
        <source>%1 marked distinct.</source>
        <translation>%1 oznaczono jako odrębne.</translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation>Eskaluj %1</translation>
    </message>
    <message>
        <source>%1 escalated.</source>
        <translation>%1 eskalowano.</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>Komentarz do %1</translation>
    </message>
    <message>
        <source>Note for the order&apos;s chatter in Odoo:</source>
        <translation>Notatka w czacie zamówienia w Odoo:</translation>
    </message>
    <message>
        <source>Comment on %1 queued.</source>
        <translation>Komentarz do %1 w kolejce.</translation>
    </message>
    <message>
        <source>%1 is yours.</source>
        <translation>%1 jest Twoje.</translation>
    </message>
    <message>
        <source>%1 is free for others.</source>
        <translation>%1 jest wolne dla innych.</translation>
    </message>
    <message>
        <source>No failed action to retry or abandon.</source>
        <translation>Brak nieudanej akcji do ponowienia lub porzucenia.</translation>
    </message>
    <message>
        <source>Action #%1 queued again.</source>
        <translation>Akcja nr %1 ponownie w kolejce.</translation>
    </message>
    <message>
        <source>Abandon action #%1</source>
        <translation>Porzuć akcję nr %1</translation>
    </message>
    <message>
        <source>Why is it given up?</source>
        <translation>Dlaczego jest porzucana?</translation>
    </message>
    <message>
        <source>Action #%1 abandoned.</source>
        <translation>Akcja nr %1 porzucona.</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>Przekazanie zmiany</translation>
    </message>
    <message>
        <source>Shift handover summary</source>
        <translation>Podsumowanie przekazania zmiany</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Pliki CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Zapisano %1.</translation>
    </message>
    <message>
        <source>O2C Cockpit</source>
        <translation>O2C Cockpit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Ustawienia…</translation>
    </message>
    <message>
        <source>Show the &amp;alert&apos;s screen</source>
        <translation>Pokaż ekran &amp;alertu</translation>
    </message>
    <message>
        <source>&amp;Dismiss alerts</source>
        <translation>&amp;Odrzuć alerty</translation>
    </message>
    <message>
        <source>C&amp;harts to CSV…</source>
        <translation>&amp;Wykresy do CSV…</translation>
    </message>
    <message>
        <source>Export chart figures</source>
        <translation>Eksportuj dane wykresów</translation>
    </message>
    <message>
        <source>Clusters to &amp;PDF…</source>
        <translation>Grupy do &amp;PDF…</translation>
    </message>
    <message>
        <source>Holds to P&amp;DF…</source>
        <translation>Wstrzymania do P&amp;DF…</translation>
    </message>
    <message>
        <source>Charts to PD&amp;F…</source>
        <translation>Wykresy do PD&amp;F…</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Eksportuj wykresy</translation>
    </message>
    <message>
        <source>Shift &amp;report (PDF)…</source>
        <translation>&amp;Raport zmiany (PDF)…</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Raport zmiany</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Pliki PDF (*.pdf)</translation>
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
            <numerusform>Praca offline: brak połączenia z Odoo (%1). Wyświetlane %n zamówienie jest zapisane na tym komputerze; zostanie zaktualizowane, gdy Odoo znów odpowie.</numerusform>
            <numerusform>Praca offline: brak połączenia z Odoo (%1). Wyświetlane %n zamówienia są zapisane na tym komputerze; zostaną zaktualizowane, gdy Odoo znów odpowie.</numerusform>
            <numerusform>Praca offline: brak połączenia z Odoo (%1). Wyświetlanych %n zamówień jest zapisanych na tym komputerze; zostaną zaktualizowane, gdy Odoo znów odpowie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applying the new duplicate rules…</source>
        <translation>Stosowanie nowych reguł duplikatów…</translation>
    </message>
    <message>
        <source>The new duplicate rules are in force.</source>
        <translation>Nowe reguły duplikatów obowiązują.</translation>
    </message>
    <message>
        <source>What should the lead decide about %1?</source>
        <translation>Co kierownik ma zdecydować w sprawie %1?</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderDetailPage</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Oś czasu od zamówienia do zapłaty</translation>
    </message>
    <message>
        <source>Identity graph</source>
        <translation>Graf tożsamości</translation>
    </message>
    <message>
        <source>%1 — %2, %3, %4, %5</source>
        <translation>%1 — %2, %3, %4, %5</translation>
    </message>
    <message>
        <source>No order picked yet: search for one on the left, or pick one of the most recent.</source>
        <translation>Nie wybrano jeszcze zamówienia: wyszukaj je po lewej lub wybierz jedno z najnowszych.</translation>
    </message>
    <message>
        <source>Find an &amp;order:</source>
        <translation>Znajdź &amp;zamówienie:</translation>
    </message>
    <message>
        <source>Name, customer reference or customer</source>
        <translation>Nazwa, referencja klienta lub klient</translation>
    </message>
    <message>
        <source>Find an order</source>
        <translation>Znajdź zamówienie</translation>
    </message>
    <message>
        <source>Matching orders</source>
        <translation>Pasujące zamówienia</translation>
    </message>
    <message>
        <source>Pick an order on the left to see its way through the systems.</source>
        <translation>Wybierz zamówienie po lewej, aby zobaczyć jego drogę przez systemy.</translation>
    </message>
    <message>
        <source>No order matches %1. Check the name, or wait for the next sync.</source>
        <translation>Żadne zamówienie nie pasuje do %1. Sprawdź nazwę lub poczekaj na następną synchronizację.</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, created %3</source>
        <translation>%1, %2, utworzone %3</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderTableModel</name>
    <message>
        <source>Working…</source>
        <translation>Przetwarzanie…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Wstrzymane</translation>
    </message>
    <message>
        <source>Manufacturing is held for %1: no manufacturing demand, reservation or procurement proceeds from it until the hold is released.</source>
        <translation>Produkcja dla %1 jest wstrzymana: do czasu zwolnienia nie powstaje z niego zapotrzebowanie produkcyjne, rezerwacja ani zaopatrzenie.</translation>
    </message>
    <message>
        <source>Possible duplicate: see cluster %1</source>
        <translation>Możliwy duplikat: zobacz grupę %1</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanał</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Ref. klienta</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Suma</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etap</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Utworzono</translation>
    </message>
    <message>
        <source>MRP hold</source>
        <translation>Wstrzymanie produkcji</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupa</translation>
    </message>
</context>
<context>
    <name>o2c::ui::PdfExport</name>
    <message>
        <source>The folder %1 does not exist. Choose another place for the file.</source>
        <translation>Folder %1 nie istnieje. Wybierz inne miejsce na plik.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder is writable and the file is not open in another program.</source>
        <translation>Nie udało się zapisać %1. Sprawdź, czy folder jest zapisywalny i czy plik nie jest otwarty w innym programie.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Strona %1 z %2</translation>
    </message>
    <message>
        <source>%1 could not be completed. Check the free space on the disk.</source>
        <translation>Nie udało się dokończyć %1. Sprawdź wolne miejsce na dysku.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::RulesAccess</name>
    <message>
        <source>No team store: the rules can be viewed, not changed.</source>
        <translation>Brak bazy zespołu: reguły można przeglądać, ale nie zmieniać.</translation>
    </message>
    <message>
        <source>The rules were not saved: %1. Correct the rules and save again.</source>
        <translation>Reguły nie zostały zapisane: %1. Popraw reguły i zapisz ponownie.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Ustawienia</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Sekcje ustawień</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Połączenia</translation>
    </message>
    <message>
        <source>Duplicate &amp;rules</source>
        <translation>&amp;Reguły duplikatów</translation>
    </message>
    <message>
        <source>A&amp;lerts and shift</source>
        <translation>A&amp;lerty i zmiana</translation>
    </message>
    <message>
        <source>Appea&amp;rance</source>
        <translation>&amp;Wygląd</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Zapisane połączenia</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nowe</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Nowe połączenie</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Usuń</translation>
    </message>
    <message>
        <source>Remove the selected connection</source>
        <translation>Usuń wybrane połączenie</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Połączenie</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Nazwa połączenia</translation>
    </message>
    <message>
        <source>Plant Lyon production</source>
        <translation>Zakład Lyon produkcja</translation>
    </message>
    <message>
        <source>Odoo server address</source>
        <translation>Adres serwera Odoo</translation>
    </message>
    <message>
        <source>Odoo database</source>
        <translation>Baza danych Odoo</translation>
    </message>
    <message>
        <source>Odoo login</source>
        <translation>Login Odoo</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Hasło lub klucz API</translation>
    </message>
    <message>
        <source>Empty: keep the stored one</source>
        <translation>Puste: zachowaj zapisane</translation>
    </message>
    <message>
        <source>This is a &amp;production database</source>
        <translation>To jest baza &amp;produkcyjna</translation>
    </message>
    <message>
        <source>Production database</source>
        <translation>Baza produkcyjna</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nazwa:</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Adres serwera:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Baza danych:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Hasło:</translation>
    </message>
    <message>
        <source>Passwords and API keys go to the system keychain, never into the settings file. Production connections are marked red on every window; staging ones teal.</source>
        <translation>Hasła i klucze API trafiają do pęku kluczy systemu, nigdy do pliku ustawień. Połączenia produkcyjne są oznaczone na czerwono w każdym oknie, testowe na morsko.</translation>
    </message>
    <message>
        <source>&amp;Save connection</source>
        <translation>&amp;Zapisz połączenie</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Zapisz połączenie</translation>
    </message>
    <message>
        <source>&amp;Use at next start</source>
        <translation>Użyj przy następnym &amp;starcie</translation>
    </message>
    <message>
        <source>Use this connection at the next start</source>
        <translation>Użyj tego połączenia przy następnym starcie</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Usuń połączenie</translation>
    </message>
    <message>
        <source>Remove the connection %1 and forget its password?</source>
        <translation>Usunąć połączenie %1 i zapomnieć jego hasło?</translation>
    </message>
    <message>
        <source>%1 — production</source>
        <translation>%1 — produkcyjne</translation>
    </message>
    <message>
        <source>%1 — staging</source>
        <translation>%1 — testowe</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (w użyciu)</translation>
    </message>
    <message>
        <source>%1 (at next start)</source>
        <translation>%1 (przy następnym starcie)</translation>
    </message>
    <message>
        <source>%1, database %2, login %3</source>
        <translation>%1, baza %2, login %3</translation>
    </message>
    <message>
        <source>Give the connection a name.</source>
        <translation>Nadaj połączeniu nazwę.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already; choose another name.</source>
        <translation>Połączenie o nazwie %1 już istnieje; wybierz inną nazwę.</translation>
    </message>
    <message>
        <source>The server address must be an http or https address, e.g. https://erp.example.com.</source>
        <translation>Adres serwera musi być adresem http lub https, np. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Name the Odoo database.</source>
        <translation>Podaj bazę danych Odoo.</translation>
    </message>
    <message>
        <source>Give the Odoo login.</source>
        <translation>Podaj login Odoo.</translation>
    </message>
    <message>
        <source>No keychain is available here: the password was not stored and will be asked at sign-in.</source>
        <translation>Brak pęku kluczy: hasło nie zostało zapisane i będzie wymagane przy logowaniu.</translation>
    </message>
    <message>
        <source>The password was not stored in the keychain (%1); it will be asked at sign-in.</source>
        <translation>Hasło nie zostało zapisane w pęku kluczy (%1); będzie wymagane przy logowaniu.</translation>
    </message>
    <message>
        <source>Connection %1 saved.</source>
        <translation>Zapisano połączenie %1.</translation>
    </message>
    <message>
        <source>Connection %1 saved. %2</source>
        <translation>Zapisano połączenie %1. %2</translation>
    </message>
    <message>
        <source>Connection %1 removed.</source>
        <translation>Usunięto połączenie %1.</translation>
    </message>
    <message>
        <source>Connection %1 removed; its password could not be removed from the keychain: %2</source>
        <translation>Usunięto połączenie %1; nie udało się usunąć jego hasła z pęku kluczy: %2</translation>
    </message>
    <message>
        <source>Select a saved connection first.</source>
        <translation>Najpierw wybierz zapisane połączenie.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (PRODUCTION) when it starts again.</source>
        <translation>Przy następnym starcie kokpit zaloguje się do %1 (PRODUKCJA).</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (staging) when it starts again.</source>
        <translation>Przy następnym starcie kokpit zaloguje się do %1 (testowe).</translation>
    </message>
    <message>
        <source>Restart the cockpit</source>
        <translation>Uruchom kokpit ponownie</translation>
    </message>
    <message>
        <source>%1 Restart now? Queued actions are kept and sent after the restart.</source>
        <translation>%1 Uruchomić ponownie teraz? Akcje w kolejce zostaną zachowane i wysłane po ponownym uruchomieniu.</translation>
    </message>
    <message>
        <source>Duplicate threshold</source>
        <translation>Próg duplikatu</translation>
    </message>
    <message>
        <source>Suspect threshold</source>
        <translation>Próg podejrzenia</translation>
    </message>
    <message>
        <source>&amp;Duplicate at a score of at least:</source>
        <translation>&amp;Duplikat od wyniku co najmniej:</translation>
    </message>
    <message>
        <source>&amp;Suspect at a score of at least:</source>
        <translation>&amp;Podejrzenie od wyniku co najmniej:</translation>
    </message>
    <message>
        <source>A pair of orders scores the sum of its evidence&apos;s weights (see the comparison on the duplicate desk). Every weight, tolerance, window and customer override is in the rules below.</source>
        <translation>Para zamówień otrzymuje sumę wag swoich przesłanek (zob. porównanie na stanowisku duplikatów). Wszystkie wagi, tolerancje, okna czasowe i wyjątki dla klientów są w regułach poniżej.</translation>
    </message>
    <message>
        <source>R&amp;ules (JSON):</source>
        <translation>Re&amp;guły (JSON):</translation>
    </message>
    <message>
        <source>Duplicate rules</source>
        <translation>Reguły duplikatów</translation>
    </message>
    <message>
        <source>Save &amp;rules for the team</source>
        <translation>&amp;Zapisz reguły dla zespołu</translation>
    </message>
    <message>
        <source>Save the duplicate rules for the team</source>
        <translation>Zapisz reguły duplikatów dla zespołu</translation>
    </message>
    <message>
        <source>&amp;Open rules file…</source>
        <translation>&amp;Otwórz plik reguł…</translation>
    </message>
    <message>
        <source>Open a rules file</source>
        <translation>Otwórz plik reguł</translation>
    </message>
    <message>
        <source>&amp;Export rules file…</source>
        <translation>&amp;Eksportuj plik reguł…</translation>
    </message>
    <message>
        <source>Export the rules to a file</source>
        <translation>Eksportuj reguły do pliku</translation>
    </message>
    <message>
        <source>&amp;Built-in rules</source>
        <translation>&amp;Wbudowane reguły</translation>
    </message>
    <message>
        <source>Put the built-in rules in the editor</source>
        <translation>Wstaw wbudowane reguły do edytora</translation>
    </message>
    <message>
        <source>Open rules file</source>
        <translation>Otwórz plik reguł</translation>
    </message>
    <message>
        <source>Rules files (*.json)</source>
        <translation>Pliki reguł (*.json)</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>Nie udało się odczytać %1: %2</translation>
    </message>
    <message>
        <source>Export rules file</source>
        <translation>Eksportuj plik reguł</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>Nie udało się zapisać %1: %2</translation>
    </message>
    <message>
        <source>Rules written to %1.</source>
        <translation>Zapisano reguły do %1.</translation>
    </message>
    <message>
        <source>%1 You may change them: every change is recorded in the audit log.</source>
        <translation>%1 Możesz je zmieniać: każda zmiana jest zapisywana w dzienniku audytu.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Store the rules in the team store</source>
        <translation>Zapisz reguły w bazie zespołu</translation>
    </message>
    <message>
        <source>The duplicate rules are saved for the team and recorded in the audit log.</source>
        <translation>Reguły duplikatów zostały zapisane dla zespołu i odnotowane w dzienniku audytu.</translation>
    </message>
    <message>
        <source>These rules cannot be used: %1</source>
        <translation>Tych reguł nie można użyć: %1</translation>
    </message>
    <message>
        <source>An alert is raised once when a figure reaches its threshold: a notice above the screens and, where the desktop has one, a notification in the system tray. It is raised again only after the figure went back below.</source>
        <translation>Alert pojawia się raz, gdy wartość osiągnie próg: jako komunikat nad ekranami oraz, jeśli pulpit go ma, jako powiadomienie w zasobniku systemowym. Ponownie pojawi się dopiero po tym, jak wartość spadnie poniżej progu.</translation>
    </message>
    <message>
        <source>Duplicate rate threshold</source>
        <translation>Próg odsetka duplikatów</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Backlog threshold</source>
        <translation>Próg zaległości</translation>
    </message>
    <message>
        <source>Queue depth threshold</source>
        <translation>Próg długości kolejki</translation>
    </message>
    <message>
        <source>Latency threshold</source>
        <translation>Próg opóźnienia</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Failures threshold</source>
        <translation>Próg błędów</translation>
    </message>
    <message>
        <source>Cluster SLA in hours</source>
        <translation>SLA grup w godzinach</translation>
    </message>
    <message>
        <source> h</source>
        <translation> godz.</translation>
    </message>
    <message>
        <source>&amp;Duplicate rate today at least:</source>
        <translation>Odsetek &amp;duplikatów dziś co najmniej:</translation>
    </message>
    <message>
        <source>&amp;Backlog: open duplicate clusters at least:</source>
        <translation>&amp;Zaległości: otwarte grupy duplikatów co najmniej:</translation>
    </message>
    <message>
        <source>&amp;Queue depth: actions waiting for Odoo at least:</source>
        <translation>&amp;Kolejka: akcje czekające na Odoo co najmniej:</translation>
    </message>
    <message>
        <source>&amp;Latency of a sync pass at least:</source>
        <translation>&amp;Opóźnienie przebiegu synchronizacji co najmniej:</translation>
    </message>
    <message>
        <source>&amp;Failures: failed passes in a row plus failed actions at least:</source>
        <translation>&amp;Błędy: nieudane przebiegi z rzędu plus nieudane akcje co najmniej:</translation>
    </message>
    <message>
        <source>The duplicate rate is judged once a day has at least %1 orders.</source>
        <translation>Odsetek duplikatów jest oceniany, gdy dzień ma co najmniej %1 zamówień.</translation>
    </message>
    <message>
        <source>Cluster &amp;SLA: decided within</source>
        <translation>&amp;SLA grupy: rozstrzygnięte w ciągu</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
    <message>
        <source>Follow the system (%1)</source>
        <translation>Jak w systemie (%1)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Motyw</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Jak w systemie</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Jasny</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Ciemny</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Język:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Motyw:</translation>
    </message>
    <message>
        <source>A new language takes effect when the cockpit starts again; the theme changes at once.</source>
        <translation>Nowy język obowiązuje od następnego uruchomienia kokpitu; motyw zmienia się od razu.</translation>
    </message>
    <message>
        <source>Restart &amp;now</source>
        <translation>Uruchom ponownie &amp;teraz</translation>
    </message>
    <message>
        <source>Restart the cockpit now</source>
        <translation>Uruchom kokpit ponownie teraz</translation>
    </message>
    <message>
        <source>The cockpit speaks %1 when it starts again; the theme changes at once.</source>
        <translation>Po ponownym uruchomieniu kokpit będzie w języku: %1; motyw zmienia się od razu.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force, since %1.</source>
        <translation>Baza zespołu nie zawiera własnych reguł: poniższe wbudowane reguły duplikatów obowiązują od %1.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force.</source>
        <translation>Baza zespołu nie zawiera własnych reguł: obowiązują poniższe wbudowane reguły duplikatów.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit since %1.</source>
        <translation>To są reguły duplikatów zespołu zapisane w bazie zespołu; obowiązują w tym kokpicie od %1.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit.</source>
        <translation>To są reguły duplikatów zespołu zapisane w bazie zespołu; obowiązują w tym kokpicie.</translation>
    </message>
    <message>
        <source>No connection is saved yet: fill in the form and choose Save connection. A connection you sign in to joins the list.</source>
        <translation>Nie zapisano jeszcze żadnego połączenia: wypełnij formularz i wybierz „Zapisz połączenie”. Połączenie, przez które się zalogujesz, trafi na listę.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftQueuePage</name>
    <message>
        <source>Resolve</source>
        <translation>Rozwiązanie</translation>
    </message>
    <message>
        <source>Mark distinct</source>
        <translation>Oznaczenie jako odrębne</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Wstrzymanie</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Zwolnienie</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Eskalacja</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentarz</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Przejęcie</translation>
    </message>
    <message>
        <source>Unclaim</source>
        <translation>Zwolnienie przejęcia</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Oczekuje</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wysyłanie</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Wykonana</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Nieudana</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Porzucona</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Kolejka wyjątków</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Pokaż:</translation>
    </message>
    <message>
        <source>Which clusters to show</source>
        <translation>Które grupy pokazać</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>Wszystkie otwarte</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Moje</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Nieprzypisane</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Eskalowane</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupa</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Klient</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Wartość zagrożona</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Przejęte przez</translation>
    </message>
    <message>
        <source>Actions waiting or failed</source>
        <translation>Akcje oczekujące lub nieudane</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Akcja</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Próby</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Ostatni błąd</translation>
    </message>
    <message>
        <source>No orders are loaded.</source>
        <translation>Nie wczytano żadnych zamówień.</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>pozostało %1</translation>
    </message>
    <message>
        <source>breached by %1</source>
        <translation>przekroczono o %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nikt</translation>
    </message>
    <message>
        <source>The SLA of %1 h is breached.</source>
        <translation>Przekroczono SLA wynoszące %1 h.</translation>
    </message>
    <message>
        <source>Shift handover, %1</source>
        <translation>Przekazanie zmiany, %1</translation>
    </message>
    <message>
        <source>Largest open clusters:</source>
        <translation>Największe otwarte grupy:</translation>
    </message>
    <message>
        <source>- %1 %2: %3, waiting %4, %5</source>
        <translation>- %1 %2: %3, oczekuje %4, %5</translation>
    </message>
    <message>
        <source>Actions still open:</source>
        <translation>Akcje wciąż otwarte:</translation>
    </message>
    <message>
        <source>- #%1 %2 %3: %4</source>
        <translation>- nr %1 %2 %3: %4</translation>
    </message>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n otwarta grupa: moje %1, nieprzypisane %2, eskalowane %3, po SLA %5 h: %4. Akcje: oczekujące %6, nieudane %7.</numerusform>
            <numerusform>%n otwarte grupy: moje %1, nieprzypisane %2, eskalowane %3, po SLA %5 h: %4. Akcje: oczekujące %6, nieudane %7.</numerusform>
            <numerusform>%n otwartych grup: moje %1, nieprzypisane %2, eskalowane %3, po SLA %5 h: %4. Akcje: oczekujące %6, nieudane %7.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Ponawianie</translation>
    </message>
    <message>
        <source>A&amp;pprove escalation…</source>
        <translation>Za&amp;twierdź eskalację…</translation>
    </message>
    <message>
        <source>Dec&amp;line escalation…</source>
        <translation>&amp;Odrzuć eskalację…</translation>
    </message>
    <message>
        <source>Release &amp;my claims</source>
        <translation>Zwolnij &amp;moje przejęcia</translation>
    </message>
    <message>
        <source>End of shift: every cluster you claimed becomes free for the next planner.</source>
        <translation>Koniec zmiany: każda przejęta przez Ciebie grupa staje się wolna dla następnego planisty.</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Następna próba</translation>
    </message>
    <message>
        <source>Claims not released</source>
        <translation>Przejęcia nie zostały zwolnione</translation>
    </message>
    <message>
        <source>No team store: escalations cannot be decided.</source>
        <translation>Brak bazy zespołu: nie można rozstrzygać eskalacji.</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead.</source>
        <translation>Tylko kierownik może zatwierdzić lub odrzucić eskalację; %1 nie jest kierownikiem.</translation>
    </message>
    <message>
        <source>Select an escalated cluster first.</source>
        <translation>Najpierw wybierz eskalowaną grupę.</translation>
    </message>
    <message>
        <source>%1 has no open escalation.</source>
        <translation>%1 nie ma otwartej eskalacji.</translation>
    </message>
    <message>
        <source>Approve the escalation of %1</source>
        <translation>Zatwierdź eskalację grupy %1</translation>
    </message>
    <message>
        <source>Decline the escalation of %1</source>
        <translation>Odrzuć eskalację grupy %1</translation>
    </message>
    <message>
        <source>No team store: there are no claims.</source>
        <translation>Brak bazy zespołu: nie ma przejęć.</translation>
    </message>
    <message>
        <source>Select a cluster with an open escalation first.</source>
        <translation>Najpierw wybierz grupę z otwartą eskalacją.</translation>
    </message>
    <message>
        <source>Approve escalation of %1</source>
        <translation>Zatwierdź eskalację %1</translation>
    </message>
    <message>
        <source>Decline escalation of %1</source>
        <translation>Odrzuć eskalację %1</translation>
    </message>
    <message>
        <source>Note for the planner (optional):</source>
        <translation>Notatka dla planisty (opcjonalnie):</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>Dlaczego jest odrzucana?</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Nie wykonano</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (zgłosił(a) %2)</translation>
    </message>
    <message>
        <source>waits for a planner</source>
        <translation>czeka na planistę</translation>
    </message>
    <message>
        <source>A transient failure: sent again by itself at %1.</source>
        <translation>Przejściowy błąd: zostanie wysłana ponownie automatycznie o %1.</translation>
    </message>
    <message numerus="yes">
        <source>Odoo could not be reached in %n attempt(s): retry or abandon it.</source>
        <translation>
            <numerusform>Nie udało się połączyć z Odoo w %n próbie: ponów lub porzuć.</numerusform>
            <numerusform>Nie udało się połączyć z Odoo w %n próbach: ponów lub porzuć.</numerusform>
            <numerusform>Nie udało się połączyć z Odoo w %n próbach: ponów lub porzuć.</numerusform>
        </translation>
    </message>
    <message>
        <source>Odoo refused it: fix the cause, then retry or abandon it.</source>
        <translation>Odoo ją odrzuciło: usuń przyczynę, a potem ponów lub porzuć.</translation>
    </message>
    <message>
        <source>Requeue job</source>
        <translation>Ponownie zakolejkuj zadanie</translation>
    </message>
    <message>
        <source>Release from quarantine</source>
        <translation>Zwolnij z kwarantanny</translation>
    </message>
    <message>
        <source>Reject in the hub</source>
        <translation>Odrzuć w hubie</translation>
    </message>
    <message>
        <source>Replay through the hub</source>
        <translation>Wyślij ponownie przez hub</translation>
    </message>
    <message>
        <source>No action is waiting for Odoo or has failed.</source>
        <translation>Żadna akcja nie czeka na Odoo ani nie zakończyła się błędem.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Raport zmiany</translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation>Przygotował(a) %1, %2</translation>
    </message>
    <message>
        <source>Figures from %1 to %2</source>
        <translation>Dane od %1 do %2</translation>
    </message>
    <message>
        <source>Orders created</source>
        <translation>Utworzone zamówienia</translation>
    </message>
    <message>
        <source>Duplicate orders found</source>
        <translation>Znalezione duplikaty</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Odsetek duplikatów</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Value at risk (still open)</source>
        <translation>Wartość zagrożona (nadal otwarta)</translation>
    </message>
    <message>
        <source>Value prevented (duplicates cancelled)</source>
        <translation>Wartość uratowana (anulowane duplikaty)</translation>
    </message>
    <message>
        <source>Open clusters at the end of the period</source>
        <translation>Otwarte grupy na koniec okresu</translation>
    </message>
    <message>
        <source>Median hours to resolve, last day</source>
        <translation>Mediana godzin do rozwiązania, ostatni dzień</translation>
    </message>
    <message>
        <source>Active alerts</source>
        <translation>Aktywne alerty</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Wykresy</translation>
    </message>
    <message>
        <source>Open duplicate clusters (%1)</source>
        <translation>Otwarte grupy duplikatów (%1)</translation>
    </message>
    <message>
        <source>None: every cluster is decided.</source>
        <translation>Brak: każda grupa jest rozstrzygnięta.</translation>
    </message>
    <message>
        <source>Holds (%1)</source>
        <translation>Wstrzymania (%1)</translation>
    </message>
    <message>
        <source>No order is held.</source>
        <translation>Żadne zamówienie nie jest wstrzymane.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>Naruszenia</translation>
    </message>
    <message>
        <source>No held order was confirmed or produced anyway.</source>
        <translation>Żadne wstrzymane zamówienie nie zostało mimo to potwierdzone ani wyprodukowane.</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Przekazane</translation>
    </message>
    <message>
        <source>No cluster is claimed by anyone.</source>
        <translation>Żadna grupa nie jest przez nikogo przejęta.</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupa</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Przejęte przez</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Od</translation>
    </message>
    <message>
        <source>Decided during the shift</source>
        <translation>Rozstrzygnięte na zmianie</translation>
    </message>
    <message>
        <source>%1 resolved by %2, keeping %3</source>
        <translation>%1 rozwiązane przez %2, zachowano %3</translation>
    </message>
    <message>
        <source>%1 marked distinct by %2</source>
        <translation>%1 oznaczone jako różne przez %2</translation>
    </message>
    <message>
        <source>Handover summary</source>
        <translation>Podsumowanie przekazania</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SignInDialog</name>
    <message>
        <source>Connect to Odoo</source>
        <translation>Połącz z Odoo</translation>
    </message>
    <message>
        <source>https://erp.example.com</source>
        <translation>https://erp.example.com</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adres serwera</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Baza danych</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Hasło lub klucz API</translation>
    </message>
    <message>
        <source>This is the production database</source>
        <translation>To jest baza produkcyjna</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Zapamiętaj hasło w systemowym pęku kluczy</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Serwer:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Baza danych:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>&amp;Password or API key:</source>
        <translation>&amp;Hasło lub klucz API:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Połącz</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Stage</name>
    <message>
        <source>Quotation</source>
        <translation>Oferta</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Potwierdzone</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Produkcja</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Zarezerwowane</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Wyprodukowane</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Wysłane</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Zafakturowane</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Opłacone</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Anulowane</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SupervisorChartsPage</name>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Od:</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Pierwszy dzień</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Do:</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Ostatni dzień</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>&amp;Aktualizuj</translation>
    </message>
    <message>
        <source>Duplicates per channel per day</source>
        <translation>Duplikaty według kanału na dzień</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Odsetek duplikatów</translation>
    </message>
    <message>
        <source>Value at risk and value prevented</source>
        <translation>Wartość zagrożona i uratowana</translation>
    </message>
    <message>
        <source>Backlog and time to resolve</source>
        <translation>Zaległości i czas rozwiązania</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Stan integracji</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>duplikaty</translation>
    </message>
    <message>
        <source>duplicates per 100 orders</source>
        <translation>duplikaty na 100 zamówień</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>zagrożone</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>uratowane</translation>
    </message>
    <message>
        <source>open clusters</source>
        <translation>otwarte grupy</translation>
    </message>
    <message>
        <source>median hours to resolve</source>
        <translation>mediana godzin do rozwiązania</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>grupy</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>godziny</translation>
    </message>
    <message>
        <source>records per pass</source>
        <translation>rekordy na przebieg</translation>
    </message>
    <message>
        <source>failed passes</source>
        <translation>nieudane przebiegi</translation>
    </message>
    <message>
        <source>latency (ms)</source>
        <translation>opóźnienie (ms)</translation>
    </message>
    <message>
        <source>outbox queue depth</source>
        <translation>głębokość skrzynki nadawczej</translation>
    </message>
    <message>
        <source>acknowledged actions (%)</source>
        <translation>potwierdzone akcje (%)</translation>
    </message>
    <message>
        <source>time</source>
        <translation>czas</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Integration health — no sync passes in this range</source>
        <translation>Stan integracji — brak przebiegów synchronizacji w tym zakresie</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicates found, %1 still at risk, %2 prevented.</source>
        <translation>
            <numerusform>Znaleziono %n duplikat, wciąż zagrożone: %1, uratowane: %2.</numerusform>
            <numerusform>Znaleziono %n duplikaty, wciąż zagrożone: %1, uratowane: %2.</numerusform>
            <numerusform>Znaleziono %n duplikatów, wciąż zagrożone: %1, uratowane: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Dzień</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Zamówienia</translation>
    </message>
    <message>
        <source>Duplicates via %1</source>
        <translation>Duplikaty przez %1</translation>
    </message>
    <message>
        <source>Duplicate rate (%)</source>
        <translation>Odsetek duplikatów (%)</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Wartość zagrożona</translation>
    </message>
    <message>
        <source>Value prevented</source>
        <translation>Wartość uratowana</translation>
    </message>
    <message>
        <source>Open clusters</source>
        <translation>Otwarte grupy</translation>
    </message>
    <message>
        <source>Median hours to resolve</source>
        <translation>Mediana godzin do rozwiązania</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Waluta</translation>
    </message>
    <message>
        <source>count, %</source>
        <translation>liczba, %</translation>
    </message>
    <message>
        <source>hub orders per minute</source>
        <translation>zamówienia huba na minutę</translation>
    </message>
    <message>
        <source>hub queue depth</source>
        <translation>głębokość kolejki huba</translation>
    </message>
    <message>
        <source>hub failures</source>
        <translation>błędy huba</translation>
    </message>
    <message>
        <source>hub acknowledged by Odoo (%)</source>
        <translation>hub: potwierdzone przez Odoo (%)</translation>
    </message>
    <message>
        <source>hub latency, 95th percentile (ms)</source>
        <translation>opóźnienie huba, 95. percentyl (ms)</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SwimLaneTimeline</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Oś czasu od zamówienia do zapłaty</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 w: %2</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanał</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>Middleware</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Sprzedaż</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Produkcja</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>Magazyn</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finanse</translation>
    </message>
    <message>
        <source>Cockpit</source>
        <translation>Kokpit</translation>
    </message>
    <message>
        <source>Quote created</source>
        <translation>Oferta utworzona</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Zamówienie potwierdzone</translation>
    </message>
    <message>
        <source>Production released</source>
        <translation>Produkcja zwolniona</translation>
    </message>
    <message>
        <source>Stock reserved</source>
        <translation>Zapas zarezerwowany</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Wyprodukowane</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Wysłane</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Zafakturowane</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Opłacone</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Skorygowane</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Anulowane</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Zwrócone</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Korekta faktury</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Wstrzymane</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Zwolnione</translation>
    </message>
    <message>
        <source>Hold breached</source>
        <translation>Wstrzymanie naruszone</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Przesłane</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>W kwarantannie</translation>
    </message>
    <message>
        <source>Intake update</source>
        <translation>Aktualizacja przyjęcia</translation>
    </message>
    <message>
        <source>Duplicate flagged</source>
        <translation>Oznaczono duplikat</translation>
    </message>
    <message>
        <source>Duplicate resolved</source>
        <translation>Duplikat rozwiązany</translation>
    </message>
    <message>
        <source>No events recorded for this order.</source>
        <translation>Brak zarejestrowanych zdarzeń dla tego zamówienia.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Time</name>
    <message>
        <source>never</source>
        <translation>nigdy</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 s temu</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 min temu</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 godz. temu</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 dn. temu</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 godz. %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 dn.</translation>
    </message>
</context>
</TS>
