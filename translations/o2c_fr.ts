<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>LocalOrderStore</name>
    <message>
        <source>The local order store %1 could not be read (%2). It was set aside as %3 and the cockpit reads every order from Odoo again.</source>
        <translation>Le stockage local des commandes %1 n’a pas pu être lu (%2). Il a été mis de côté sous le nom %3 et le cockpit relit toutes les commandes depuis Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be read or created (%2). The cockpit works without it: every start reads all orders from Odoo.</source>
        <translation>Le stockage local des commandes %1 n’a pu être ni lu ni créé (%2). Le cockpit fonctionne sans lui : chaque démarrage relit toutes les commandes depuis Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be written (%2). The cockpit keeps working; the next start reads the missing orders from Odoo again.</source>
        <translation>Le stockage local des commandes %1 n’a pas pu être écrit (%2). Le cockpit continue de fonctionner ; au prochain démarrage, les commandes manquantes seront relues depuis Odoo.</translation>
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
        <translation>boutique en ligne</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>dealer portal</source>
        <translation>portail revendeurs</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>manual entry</source>
        <translation>saisie manuelle</translation>
    </message>
    <message>
        <source>unknown channel</source>
        <translation>canal inconnu</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds apart</source>
        <translation>
            <numerusform>%n seconde d&apos;écart</numerusform>
            <numerusform>%n secondes d&apos;écart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes apart</source>
        <translation>
            <numerusform>%n minute d&apos;écart</numerusform>
            <numerusform>%n minutes d&apos;écart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours apart</source>
        <translation>
            <numerusform>%n heure d&apos;écart</numerusform>
            <numerusform>%n heures d&apos;écart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days apart</source>
        <translation>
            <numerusform>%n jour d&apos;écart</numerusform>
            <numerusform>%n jours d&apos;écart</numerusform>
        </translation>
    </message>
    <message>
        <source>same customer (%1)</source>
        <translation>même client (%1)</translation>
    </message>
    <message>
        <source>same VAT %1 on two partner records (%2)</source>
        <translation>même n° de TVA %1 sur deux fiches partenaire (%2)</translation>
    </message>
    <message>
        <source>same GLN %1 on two partner records (%2)</source>
        <translation>même GLN %1 sur deux fiches partenaire (%2)</translation>
    </message>
    <message>
        <source>same customer name without legal form (%1)</source>
        <translation>même nom de client hors forme juridique (%1)</translation>
    </message>
    <message>
        <source>customer names one typing slip apart, no tax id conflict (%1)</source>
        <translation>noms de client à une faute de frappe près, sans conflit de n° fiscal (%1)</translation>
    </message>
    <message>
        <source>different customers (%1)</source>
        <translation>clients différents (%1)</translation>
    </message>
    <message>
        <source>same PO after normalization (%1)</source>
        <translation>même n° de commande client après normalisation (%1)</translation>
    </message>
    <message>
        <source>different references (%1)</source>
        <translation>références différentes (%1)</translation>
    </message>
    <message>
        <source>reference only on one order</source>
        <translation>référence sur une seule commande</translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical (a line split in two: %1 vs %2 lines)</source>
        <translation>
            <numerusform>%n ligne sur %n identique (une ligne scindée en deux : %1 contre %2 lignes)</numerusform>
            <numerusform>%n lignes sur %n identiques (une ligne scindée en deux : %1 contre %2 lignes)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical</source>
        <translation>
            <numerusform>%n ligne sur %n identique</numerusform>
            <numerusform>%n lignes sur %n identiques</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quantities changed</source>
        <translation>
            <numerusform>%n quantité modifiée</numerusform>
            <numerusform>%n quantités modifiées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products added to %1 in common</source>
        <translation>
            <numerusform>%n produit ajouté à %1 en commun</numerusform>
            <numerusform>%n produits ajoutés à %1 en commun</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 products in common</source>
        <translation>%1 produits sur %2 en commun</translation>
    </message>
    <message>
        <source>no product in common</source>
        <translation>aucun produit en commun</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amounts, then their currency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>totals within tolerance (%1)</source>
        <translation>totaux dans la tolérance (%1)</translation>
    </message>
    <message>
        <source>totals differ by %1% (%2)</source>
        <translation>totaux différents de %1 % (%2)</translation>
    </message>
    <message>
        <source>same ship-to (%1)</source>
        <translation>même adresse de livraison (%1)</translation>
    </message>
    <message>
        <source>different ship-to (%1 / %2)</source>
        <translation>adresses de livraison différentes (%1 / %2)</translation>
    </message>
    <message>
        <source>both through %1</source>
        <translation>les deux via %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <comment>two sales channels</comment>
        <translation>%1 et %2</translation>
    </message>
    <message>
        <source>same EDI control numbers from one sender (a resubmission)</source>
        <translation>mêmes numéros de contrôle EDI d&apos;un même émetteur (un renvoi)</translation>
    </message>
    <message>
        <source>different EDI control numbers</source>
        <translation>numéros de contrôle EDI différents</translation>
    </message>
    <message>
        <source>identical payload</source>
        <translation>contenu identique</translation>
    </message>
    <message numerus="yes">
        <source>same %n products, %1</source>
        <comment>%1 is the phrase &quot;%n quantities changed&quot;</comment>
        <translation>
            <numerusform>même produit (%n), %1</numerusform>
            <numerusform>mêmes %n produits, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cluster %1 was already resolved by %2 at %3 (keeping %4); nothing more to decide.</source>
        <translation>Le groupe %1 a déjà été résolu par %2 le %3 (%4 conservée) ; plus rien à décider.</translation>
    </message>
    <message>
        <source>Cluster %1 was already marked distinct by %2 at %3.</source>
        <translation>Le groupe %1 a déjà été marqué comme distinct par %2 le %3.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish or ask them.</source>
        <translation>%1 a déjà l&apos;action n° %2 (%3) de %4, toujours %5 : attendez qu&apos;elle se termine ou demandez-lui.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done. Try again.</source>
        <translation>La base d&apos;équipe n&apos;est pas disponible (%1) ; rien n&apos;a été fait. Réessayez.</translation>
    </message>
    <message>
        <source>Could not write the action (%1); nothing was sent.</source>
        <translation>Impossible d&apos;enregistrer l&apos;action (%1) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Action #%1 queued: %2. It is sent to Odoo in the background.</source>
        <translation>Action n° %1 mise en file : %2. Elle est envoyée à Odoo en arrière-plan.</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>La base d&apos;équipe n&apos;est pas disponible (%1).</translation>
    </message>
    <message>
        <source>Could not record &quot;%1&quot; (%2); nothing changed.</source>
        <translation>Impossible d&apos;enregistrer « %1 » (%2) ; rien n&apos;a changé.</translation>
    </message>
    <message>
        <source>Not connected to Odoo: sign in and retry.</source>
        <translation>Non connecté à Odoo : connectez-vous et réessayez.</translation>
    </message>
    <message>
        <source>Reading Odoo before acting failed; nothing was sent. %1</source>
        <translation>La lecture d&apos;Odoo avant d&apos;agir a échoué ; rien n&apos;a été envoyé. %1</translation>
    </message>
    <message>
        <source>Could not store the plan (%1); nothing was sent.</source>
        <translation>Impossible d&apos;enregistrer le plan (%1) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>chatter note on %1</source>
        <translation>note dans le chatter de %1</translation>
    </message>
    <message>
        <source>cancel %1</source>
        <translation>annuler %1</translation>
    </message>
    <message>
        <source>HOLD activity on %1</source>
        <translation>activité HOLD sur %1</translation>
    </message>
    <message>
        <source>Manufacturing held from the cockpit by %1.</source>
        <translation>Fabrication bloquée depuis le cockpit par %1.</translation>
    </message>
    <message>
        <source>cancel manufacturing order %1</source>
        <translation>annuler l&apos;ordre de fabrication %1</translation>
    </message>
    <message>
        <source>tag %1 HOLD</source>
        <translation>étiqueter %1 HOLD</translation>
    </message>
    <message>
        <source>remove the HOLD tag from %1</source>
        <translation>retirer l&apos;étiquette HOLD de %1</translation>
    </message>
    <message>
        <source>Cockpit comment by %1: %2</source>
        <translation>Commentaire du cockpit par %1 : %2</translation>
    </message>
    <message>
        <source>Cockpit: escalated to a lead by %1 — %2</source>
        <translation>Cockpit : transmis à un responsable par %1 — %2</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo (or you may not read it); nothing was sent.</source>
        <translation>%1 n&apos;existe plus dans Odoo (ou vous ne pouvez pas le lire) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Cockpit: duplicate of %1, which is kept; this order is cancelled (decided by %2).</source>
        <translation>Cockpit : doublon de %1, qui est conservée ; cette commande est annulée (décision de %2).</translation>
    </message>
    <message>
        <source>duplicate of %1</source>
        <translation>doublon de %1</translation>
    </message>
    <message>
        <source>unreserve the components of %1</source>
        <translation>annuler la réservation des composants de %1</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo.</source>
        <translation>%1 n&apos;existe plus dans Odoo.</translation>
    </message>
    <message>
        <source>confirm %1</source>
        <translation>confirmer %1</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until it is released.</source>
        <translation>Cockpit : fabrication bloquée par %1 — %2. Ne confirmez pas ce devis avant sa libération.</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1; the order is confirmed.</source>
        <translation>Cockpit : blocage levé par %1 ; la commande est confirmée.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2 (advisory: Odoo does not stop production).</source>
        <translation>Cockpit : fabrication bloquée par %1 — %2 (indicatif : Odoo n&apos;arrête pas la production).</translation>
    </message>
    <message>
        <source>mark HOLD activity %1 done</source>
        <translation>marquer l&apos;activité HOLD %1 comme faite</translation>
    </message>
    <message>
        <source>Released from the cockpit by %1.</source>
        <translation>Libéré depuis le cockpit par %1.</translation>
    </message>
    <message>
        <source>reserve the components of %1</source>
        <translation>réserver les composants de %1</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1.</source>
        <translation>Cockpit : blocage levé par %1.</translation>
    </message>
    <message>
        <source>Could not read Odoo to see whether &quot;%1&quot; already took effect: %2</source>
        <translation>Impossible de lire Odoo pour vérifier si « %1 » a déjà pris effet : %2</translation>
    </message>
    <message>
        <source>Could not record a step (%1).</source>
        <translation>Impossible d&apos;enregistrer une étape (%1).</translation>
    </message>
    <message>
        <source>Could not read Odoo before &quot;%1&quot;: %2</source>
        <translation>Impossible de lire Odoo avant « %1 » : %2</translation>
    </message>
    <message>
        <source>Finding or creating the HOLD tag failed: %1</source>
        <translation>La recherche ou la création de l&apos;étiquette HOLD a échoué : %1</translation>
    </message>
    <message>
        <source>Could not record a step before sending (%1); it was not sent.</source>
        <translation>Impossible d&apos;enregistrer une étape avant l&apos;envoi (%1) ; elle n&apos;a pas été envoyée.</translation>
    </message>
    <message>
        <source>Odoo did not do it: it answered %1 instead of true (a confirmation wizard?).</source>
        <translation>Odoo ne l&apos;a pas fait : il a répondu %1 au lieu de true (un assistant de confirmation ?).</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4 Retry once the cause is fixed (Odoo is read first, nothing is done twice), or abandon it.</source>
        <translation>L&apos;étape %1 sur %2 (%3) a échoué : %4 Réessayez une fois la cause corrigée (Odoo est lu d&apos;abord, rien n&apos;est fait deux fois), ou abandonnez-la.</translation>
    </message>
    <message>
        <source>The store failed (%1); the action resumes when it is back.</source>
        <translation>La base d&apos;équipe a échoué (%1) ; l&apos;action reprendra à son retour.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>the step that failed, then Odoo&apos;s error</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Not connected to Odoo.</source>
        <translation>Non connecté à Odoo.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: finding or creating the HOLD tag failed (step 1 of 3); nothing was changed.</source>
        <translation>Blocage non posé sur %1 : la recherche ou la création de l&apos;étiquette HOLD a échoué (étape 1 sur 3) ; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: tagging the order HOLD failed (step 2 of 3); nothing was changed.</source>
        <translation>Blocage non posé sur %1 : l&apos;étiquetage HOLD de la commande a échoué (étape 2 sur 3) ; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until the hold is released.</source>
        <translation>Cockpit : fabrication bloquée par %1 — %2. Ne confirmez pas ce devis avant la levée du blocage.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: the chatter note failed (step 3 of 3).</source>
        <translation>Blocage non posé sur %1 : la note dans le chatter a échoué (étape 3 sur 3).</translation>
    </message>
    <message>
        <source>%1 is held: it stays a quotation, so no manufacturing starts until it is released.</source>
        <translation>%1 est bloqué : il reste un devis, aucune fabrication ne démarre avant sa libération.</translation>
    </message>
    <message>
        <source>%1 Removing the HOLD tag again failed too (%2): the order still carries it in Odoo; remove it there or retry.</source>
        <translation>%1 Le retrait de l&apos;étiquette HOLD a aussi échoué (%2) : la commande la porte toujours dans Odoo ; retirez-la là-bas ou réessayez.</translation>
    </message>
    <message>
        <source>%1 The HOLD tag was removed again; the order is as before.</source>
        <translation>%1 L&apos;étiquette HOLD a été retirée ; la commande est comme avant.</translation>
    </message>
    <message>
        <source>Odoo did not tell the model id for activities.</source>
        <translation>Odoo n&apos;a pas indiqué l&apos;identifiant du modèle des activités.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: preparing the HOLD activity failed; nothing was changed.</source>
        <translation>Blocage non posé sur %1 : la préparation de l&apos;activité HOLD a échoué ; rien n&apos;a été modifié.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is held: its %n manufacturing order(s) carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</source>
        <translation>
            <numerusform>%1 est bloqué : son ordre de fabrication (%n) porte une activité HOLD et ses composants ne sont plus réservés. Odoo n&apos;arrête pas la production ; le cockpit le signale si elle a lieu.</numerusform>
            <numerusform>%1 est bloqué : ses %n ordres de fabrication portent une activité HOLD et leurs composants ne sont plus réservés. Odoo n&apos;arrête pas la production ; le cockpit le signale si elle a lieu.</numerusform>
        </translation>
    </message>
    <message>
        <source>Held by the cockpit (%1, %2)</source>
        <translation>Bloqué par le cockpit (%1, %2)</translation>
    </message>
    <message>
        <source>Hold not placed on %1: creating the HOLD activity on manufacturing order %2 failed.</source>
        <translation>Blocage non posé sur %1 : la création de l&apos;activité HOLD sur l&apos;ordre de fabrication %2 a échoué.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: unreserving the components of manufacturing order %2 failed.</source>
        <translation>Blocage non posé sur %1 : l&apos;annulation de la réservation des composants de l&apos;ordre de fabrication %2 a échoué.</translation>
    </message>
    <message>
        <source>%1 What was done is undone; the order is as before.</source>
        <translation>%1 Ce qui avait été fait est annulé ; la commande est comme avant.</translation>
    </message>
    <message>
        <source>%1 Undoing it failed too (%2): check the manufacturing orders in Odoo.</source>
        <translation>%1 L&apos;annulation a aussi échoué (%2) : vérifiez les ordres de fabrication dans Odoo.</translation>
    </message>
    <message>
        <source>%1 is still held: finding the HOLD tag failed.</source>
        <translation>%1 est toujours bloqué : la recherche de l&apos;étiquette HOLD a échoué.</translation>
    </message>
    <message>
        <source>%1 is still held: removing the HOLD tag failed (step 1 of 2).</source>
        <translation>%1 est toujours bloqué : le retrait de l&apos;étiquette HOLD a échoué (étape 1 sur 2).</translation>
    </message>
    <message>
        <source>%1 was not released: confirming it failed (step 2 of 2).</source>
        <translation>%1 n&apos;a pas été libéré : sa confirmation a échoué (étape 2 sur 2).</translation>
    </message>
    <message>
        <source>%1 Re-tagging it HOLD failed too: it is an untagged quotation now; confirm or tag it in Odoo.</source>
        <translation>%1 Le réétiquetage HOLD a aussi échoué : c&apos;est maintenant un devis sans étiquette ; confirmez-le ou étiquetez-le dans Odoo.</translation>
    </message>
    <message>
        <source>%1 It is still held.</source>
        <translation>%1 Il est toujours bloqué.</translation>
    </message>
    <message>
        <source>%1 is released and confirmed: Odoo now plans its manufacturing.</source>
        <translation>%1 est libéré et confirmé : Odoo planifie maintenant sa fabrication.</translation>
    </message>
    <message>
        <source>%1 is released, but reserving the components again failed; use Check Availability in Odoo.</source>
        <translation>%1 est libéré, mais la nouvelle réservation des composants a échoué ; utilisez « Vérifier la disponibilité » dans Odoo.</translation>
    </message>
    <message>
        <source>%1 is released: the HOLD activities are done and components are reserved again.</source>
        <translation>%1 est libéré : les activités HOLD sont faites et les composants sont de nouveau réservés.</translation>
    </message>
    <message>
        <source>Released by cockpit</source>
        <translation>Libéré par le cockpit</translation>
    </message>
    <message>
        <source>%1 is still held: marking the HOLD activity done failed.</source>
        <translation>%1 est toujours bloqué : le marquage de l&apos;activité HOLD comme faite a échoué.</translation>
    </message>
    <message>
        <source>%1 is still held: finding its HOLD activities failed.</source>
        <translation>%1 est toujours bloqué : la recherche de ses activités HOLD a échoué.</translation>
    </message>
    <message>
        <source>tagged HOLD in Odoo</source>
        <translation>étiqueté HOLD dans Odoo</translation>
    </message>
    <message>
        <source>%1 was confirmed in Odoo while held: manufacturing and reservations may now proceed.</source>
        <translation>%1 a été confirmé dans Odoo alors qu&apos;il était bloqué : fabrication et réservations peuvent maintenant avancer.</translation>
    </message>
    <message>
        <source>%1 was produced while %2 was held.</source>
        <translation>%1 a été produit alors que %2 était bloqué.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>La réponse du serveur n&apos;est pas du JSON (%1). Vérifiez que l&apos;URL pointe vers Odoo et non vers un proxy ou une page de connexion.</translation>
    </message>
    <message>
        <source>Sign-in refused: Odoo does not accept the API key (wrong, revoked or expired). Create a new key in Odoo and sign in again.</source>
        <translation>Connexion refusée : Odoo n&apos;accepte pas la clé API (erronée, révoquée ou expirée). Créez une nouvelle clé dans Odoo et reconnectez-vous.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits %1 s as the server asked and tries again.</source>
        <translation>Odoo demande au cockpit de ralentir (HTTP 429) ; il attend %1 s comme demandé par le serveur et réessaie.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits and tries again.</source>
        <translation>Odoo demande au cockpit de ralentir (HTTP 429) ; il attend et réessaie.</translation>
    </message>
    <message>
        <source>This Odoo server has no such model or method (%1): a module the cockpit needs is not installed, or the URL is not Odoo&apos;s.</source>
        <translation>Ce serveur Odoo n&apos;a pas ce modèle ou cette méthode (%1) : un module nécessaire au cockpit n&apos;est pas installé, ou l&apos;URL n&apos;est pas celle d&apos;Odoo.</translation>
    </message>
    <message>
        <source>Odoo could not use the cockpit&apos;s request (HTTP %1: %2). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo n&apos;a pas pu utiliser la requête du cockpit (HTTP %1 : %2). C&apos;est un défaut du cockpit ; signalez-le avec le journal.</translation>
    </message>
    <message>
        <source>Odoo refused access (HTTP 403): %1 Ask your Odoo administrator.</source>
        <translation>Odoo a refusé l&apos;accès (HTTP 403) : %1 Adressez-vous à votre administrateur Odoo.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1 (%2). The cockpit will try again if this is temporary.</source>
        <translation>Odoo a répondu par l&apos;erreur HTTP %1 (%2). Le cockpit réessaiera si elle est temporaire.</translation>
    </message>
    <message>
        <source>The Odoo session expired. Sign in again.</source>
        <translation>La session Odoo a expiré. Reconnectez-vous.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Connexion refusée : vérifiez l&apos;identifiant et le mot de passe ou la clé API</translation>
    </message>
    <message>
        <source>Odoo refused access: %1 Ask your Odoo administrator for the missing rights.</source>
        <translation>Odoo a refusé l&apos;accès : %1 Demandez les droits manquants à votre administrateur Odoo.</translation>
    </message>
    <message>
        <source>The record no longer exists in Odoo (it was deleted). Refresh the orders and try again.</source>
        <translation>L&apos;enregistrement n&apos;existe plus dans Odoo (il a été supprimé). Actualisez les commandes et réessayez.</translation>
    </message>
    <message>
        <source>Odoo rejected the change: %1</source>
        <translation>Odoo a rejeté la modification : %1</translation>
    </message>
    <message>
        <source>This Odoo server has no model %1: the module that provides it is not installed. Ask your Odoo administrator.</source>
        <translation>Ce serveur Odoo n&apos;a pas de modèle %1 : le module qui le fournit n&apos;est pas installé. Adressez-vous à votre administrateur Odoo.</translation>
    </message>
    <message>
        <source>Odoo refused: %1</source>
        <translation>Odoo a refusé : %1</translation>
    </message>
    <message>
        <source>Odoo does not know a field the cockpit asked for (%1). The server&apos;s version or installed modules differ from what the cockpit expects.</source>
        <translation>Odoo ne connaît pas un champ demandé par le cockpit (%1). La version du serveur ou ses modules installés diffèrent de ce qu&apos;attend le cockpit.</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; does not exist on this Odoo server. Check the database name in the connection profile.</source>
        <translation>La base de données « %1 » n&apos;existe pas sur ce serveur Odoo. Vérifiez son nom dans le profil de connexion.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Odoo reported an internal error (%1: %2). If it persists, give the log to your Odoo administrator.</source>
        <translation>Odoo a signalé une erreur interne (%1 : %2). Si elle persiste, transmettez le journal à votre administrateur Odoo.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>sans nom</translation>
    </message>
    <message>
        <source>Odoo could not read the cockpit&apos;s request (HTTP 400: %1). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo n&apos;a pas pu lire la requête du cockpit (HTTP 400 : %1). C&apos;est un défaut du cockpit ; signalez-le avec le journal.</translation>
    </message>
    <message>
        <source>The server answered &quot;not found&quot; (HTTP 404): the address does not look like an Odoo server. Check the URL in the connection profile.</source>
        <translation>Le serveur a répondu « introuvable » (HTTP 404) : l&apos;adresse ne ressemble pas à un serveur Odoo. Vérifiez l&apos;URL dans le profil de connexion.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1. The cockpit will try again if this is temporary.</source>
        <translation>Odoo a répondu par l&apos;erreur HTTP %1. Le cockpit réessaiera si elle est temporaire.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not Odoo JSON-RPC (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>La réponse du serveur n&apos;est pas du JSON-RPC Odoo (%1). Vérifiez que l&apos;URL pointe vers Odoo et non vers un proxy ou une page de connexion.</translation>
    </message>
    <message>
        <source>JSON but not an object</source>
        <translation>du JSON, mais pas un objet</translation>
    </message>
    <message>
        <source>Odoo sent an error the cockpit cannot read.</source>
        <translation>Odoo a envoyé une erreur que le cockpit ne sait pas lire.</translation>
    </message>
    <message>
        <source>customer reference %1</source>
        <translation>référence client %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Signing in to Odoo…</source>
        <translation>Connexion à Odoo…</translation>
    </message>
    <message>
        <source>Reading changes from Odoo…</source>
        <translation>Lecture des modifications depuis Odoo…</translation>
    </message>
    <message>
        <source>Connected to Odoo</source>
        <translation>Connecté à Odoo</translation>
    </message>
    <message>
        <source>Odoo unreachable, retrying</source>
        <translation>Odoo injoignable, nouvel essai</translation>
    </message>
    <message>
        <source>Sign-in required</source>
        <translation>Connexion requise</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to hold.</source>
        <translation>%1 est %2 dans Odoo : il n&apos;y a pas de fabrication à bloquer.</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to release.</source>
        <translation>%1 est %2 dans Odoo : il n&apos;y a pas de fabrication à libérer.</translation>
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
            <numerusform>%n seconde</numerusform>
            <numerusform>%n secondes</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster %1 is claimed by %2 since %3: ask them, or wait until they release it (a claim lapses after %4 without activity).</source>
        <translation>Le groupe %1 est pris en charge par %2 depuis %3 : demandez-lui, ou attendez qu&apos;il le libère (une prise en charge expire après %4 sans activité).</translation>
    </message>
    <message>
        <source>%1 (Odoo: %2)</source>
        <translation>%1 (Odoo : %2)</translation>
    </message>
    <message>
        <source>%1 It is sent again by itself at %2 UTC (attempt %3 of %4).</source>
        <translation>%1 Elle sera renvoyée automatiquement à %2 UTC (tentative %3 sur %4).</translation>
    </message>
    <message numerus="yes">
        <source>%1 Odoo could not be reached in %n attempt(s): retry once it answers again, or abandon the action.</source>
        <translation>
            <numerusform>%1 Odoo est resté injoignable en %n tentative : relancez-la dès qu&apos;il répond à nouveau, ou abandonnez l&apos;action.</numerusform>
            <numerusform>%1 Odoo est resté injoignable en %n tentatives : relancez-la dès qu&apos;il répond à nouveau, ou abandonnez l&apos;action.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is already held in Odoo (tagged HOLD); nothing was sent.</source>
        <translation>%1 est déjà bloqué dans Odoo (étiquette HOLD) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD tag); nothing was sent.</source>
        <translation>%1 n&apos;est pas bloqué dans Odoo (pas d&apos;étiquette HOLD) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>%1 has no manufacturing order left to hold in Odoo (each open one carries a HOLD activity already, or none is open); nothing was sent.</source>
        <translation>%1 n&apos;a plus d&apos;ordre de fabrication à bloquer dans Odoo (chaque ordre ouvert porte déjà une activité HOLD, ou aucun n&apos;est ouvert) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD activity on its manufacturing orders); nothing was sent.</source>
        <translation>%1 n&apos;est pas bloqué dans Odoo (aucune activité HOLD sur ses ordres de fabrication) ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4</source>
        <translation>L&apos;étape %1 sur %2 (%3) a échoué : %4</translation>
    </message>
    <message>
        <source>%1 Started manufacturing stays, held: %2.</source>
        <translation>%1 La fabrication commencée reste, bloquée : %2.</translation>
    </message>
    <message numerus="yes">
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Action n° %1 terminée : %n étape appliquée dans Odoo.</numerusform>
            <numerusform>Action n° %1 terminée : %n étapes appliquées dans Odoo.</numerusform>
        </translation>
    </message>
    <message>
        <source>No middleware hub is configured: the action waits until one is, then retry it.</source>
        <translation>Aucun hub middleware n&apos;est configuré : l&apos;action attend qu&apos;il y en ait un, puis relancez-la.</translation>
    </message>
    <message>
        <source>requeue job &quot;%1&quot;</source>
        <translation>remettre la tâche « %1 » en file</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>libérer %1 de la quarantaine du hub</translation>
    </message>
    <message>
        <source>reject %1 in the hub</source>
        <translation>rejeter %1 dans le hub</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>renvoyer %1 via le hub</translation>
    </message>
    <message>
        <source>Odoo sent a change time the cockpit cannot read (write_date &quot;%1&quot; on %2 %3). The sync stopped before keeping anything of this read and will try again; if this repeats, check that record in Odoo and any module or import that writes write_date.</source>
        <translation>Odoo a envoyé une heure de modification que le cockpit ne peut pas lire (write_date « %1 » sur %2 %3). La synchronisation s’est arrêtée avant de conserver quoi que ce soit de cette lecture et va réessayer ; si cela se répète, vérifiez cet enregistrement dans Odoo ainsi que tout module ou import qui écrit write_date.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>O2C Cockpit: order-to-cash flow, duplicate orders and MRP holds for Odoo.</source>
        <translation>O2C Cockpit : flux de la commande à l&apos;encaissement, commandes en double et blocages de fabrication pour Odoo.</translation>
    </message>
    <message>
        <source>Start the embedded Odoo simulator on loopback and connect to it.</source>
        <translation>Démarrer le simulateur Odoo intégré en local (loopback) et s&apos;y connecter.</translation>
    </message>
    <message>
        <source>Demo scenario seed (default: 42).</source>
        <translation>Graine du scénario de démonstration (par défaut : 42).</translation>
    </message>
    <message>
        <source>Demo customer demands per simulated hour (default: 240).</source>
        <translation>Demandes client de la démonstration par heure simulée (par défaut : 240).</translation>
    </message>
    <message>
        <source>Demo simulated seconds per real second (default: 60).</source>
        <translation>Secondes simulées de la démonstration par seconde réelle (par défaut : 60).</translation>
    </message>
    <message>
        <source>Odoo server address, e.g. https://erp.example.com.</source>
        <translation>Adresse du serveur Odoo, par ex. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Odoo database.</source>
        <translation>Base de données Odoo.</translation>
    </message>
    <message>
        <source>Odoo login.</source>
        <translation>Identifiant Odoo.</translation>
    </message>
    <message>
        <source>Mark the connection as production.</source>
        <translation>Marquer la connexion comme production.</translation>
    </message>
    <message>
        <source>Show the cockpit in this language for this run: %1. Without it the language of the settings or of the system is used.</source>
        <translation>Afficher le cockpit dans cette langue pour cette exécution : %1. Sans cette option, la langue des paramètres ou du système est utilisée.</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not available; choose one of %2.
</source>
        <translation>La langue « %1 » n&apos;est pas disponible ; choisissez parmi %2.
</translation>
    </message>
    <message>
        <source>--rate and --speed must be positive numbers.
</source>
        <translation>--rate et --speed doivent être des nombres positifs.
</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Démonstration</translation>
    </message>
    <message>
        <source>The embedded simulator could not start: %1</source>
        <translation>Le simulateur intégré n&apos;a pas pu démarrer : %1</translation>
    </message>
    <message>
        <source>Demo (simulator)</source>
        <translation>Démonstration (simulateur)</translation>
    </message>
    <message>
        <source>Screen to open at start: desk, exceptions, order, holds, charts, integration, audit or settings.</source>
        <translation>Écran à ouvrir au démarrage : desk, exceptions, order, holds, charts, integration, audit ou settings.</translation>
    </message>
    <message>
        <source>Open the order screen on this order (e.g. S00042) as soon as it is synced.</source>
        <translation>Ouvrir l&apos;écran de commande sur cette commande (p. ex. S00042) dès qu&apos;elle est synchronisée.</translation>
    </message>
    <message>
        <source>Theme for this run: system, light or dark (the saved setting otherwise).</source>
        <translation>Thème pour cette exécution : system, light ou dark (sinon le réglage enregistré).</translation>
    </message>
    <message>
        <source>Unknown screen %1 for --page.
</source>
        <translation>Écran %1 inconnu pour --page.
</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <source>The cockpit could not start again. Quit it and start it by hand.</source>
        <translation>Le cockpit n&apos;a pas pu redémarrer. Quittez-le et relancez-le vous-même.</translation>
    </message>
    <message>
        <source>Middleware intake hub address (contract v1), e.g. https://hub.example.com; or $O2C_HUB_URL.</source>
        <translation>Adresse du hub d&apos;entrée middleware (contrat v1), p. ex. https://hub.example.com ; ou $O2C_HUB_URL.</translation>
    </message>
    <message>
        <source>Live stream transport: sse (default) or websocket.</source>
        <translation>Transport du flux en direct : sse (par défaut) ou websocket.</translation>
    </message>
    <message>
        <source>RabbitMQ management API address with its user, e.g. http://monitor:secret@mq.example.com:15672; or $O2C_RABBITMQ_URL.</source>
        <translation>Adresse de l&apos;API de gestion RabbitMQ avec son utilisateur, p. ex. http://monitor:secret@mq.example.com:15672 ; ou $O2C_RABBITMQ_URL.</translation>
    </message>
    <message>
        <source>A queue job started longer ago than this is shown as stuck (default: 60).</source>
        <translation>Une tâche de la file démarrée depuis plus longtemps est affichée comme bloquée (par défaut : 60).</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub middleware</translation>
    </message>
    <message>
        <source>Print how the start went on the standard output, for scripts: a line when the window shows the orders kept on this computer and answers, and one when all of them are loaded.</source>
        <translation>Affiche le déroulement du démarrage sur la sortie standard, pour les scripts : une ligne quand la fenêtre montre les commandes conservées sur cet ordinateur et répond, et une quand toutes sont chargées.</translation>
    </message>
    <message>
        <source>With --report-start: quit once all kept orders are loaded.</source>
        <translation>Avec --report-start : quitter dès que toutes les commandes conservées sont chargées.</translation>
    </message>
</context>
<context>
    <name>o2c::ActionDesk</name>
    <message>
        <source>%1 is a viewer in this team store and cannot act; a lead can make them a planner.</source>
        <translation>%1 est lecteur dans cette base d&apos;équipe et ne peut pas agir ; un responsable peut le nommer planificateur.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1 (%2) needs a lead: holds on orders above %3 are released by a lead. Escalate it instead.</source>
        <translation>La levée du blocage de %1 (%2) nécessite un responsable : les blocages des commandes au-delà de %3 sont levés par un responsable. Transmettez-le plutôt.</translation>
    </message>
    <message>
        <source>Choose at least one duplicate to cancel besides %1.</source>
        <translation>Choisissez au moins un doublon à annuler en plus de %1.</translation>
    </message>
    <message>
        <source>resolve %1: keep %2, cancel %3</source>
        <translation>résoudre %1 : conserver %2, annuler %3</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>La base d&apos;équipe n&apos;est pas disponible (%1).</translation>
    </message>
    <message>
        <source>marked %1 distinct (%2): %3</source>
        <translation>%1 marqué comme distinct (%2) : %3</translation>
    </message>
    <message>
        <source>%1 marked distinct: its orders are not duplicates.</source>
        <translation>%1 marqué comme distinct : ses commandes ne sont pas des doublons.</translation>
    </message>
    <message>
        <source>hold manufacturing of %1 (%2)</source>
        <translation>bloquer la fabrication de %1 (%2)</translation>
    </message>
    <message>
        <source>release the manufacturing hold of %1</source>
        <translation>lever le blocage de fabrication de %1</translation>
    </message>
    <message>
        <source>escalate %1 (%2) to a lead: %3</source>
        <translation>transmettre %1 (%2) à un responsable : %3</translation>
    </message>
    <message>
        <source>Write the comment first.</source>
        <translation>Écrivez d&apos;abord le commentaire.</translation>
    </message>
    <message>
        <source>comment on %1</source>
        <translation>commentaire sur %1</translation>
    </message>
    <message>
        <source>claimed %1</source>
        <translation>%1 pris en charge</translation>
    </message>
    <message>
        <source>Could not claim %1 (%2).</source>
        <translation>Impossible de prendre en charge %1 (%2).</translation>
    </message>
    <message>
        <source>You claimed %1; other planners see it as yours.</source>
        <translation>Vous avez pris en charge %1 ; les autres planificateurs le voient comme le vôtre.</translation>
    </message>
    <message>
        <source>%1 is not claimed.</source>
        <translation>%1 n&apos;est pas pris en charge.</translation>
    </message>
    <message>
        <source>%1 is claimed by %2; only they or a lead can release the claim.</source>
        <translation>%1 est pris en charge par %2 ; seul lui ou un responsable peut le libérer.</translation>
    </message>
    <message>
        <source>released the claim on %1 (held by %2)</source>
        <translation>prise en charge de %1 libérée (détenue par %2)</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>Il n&apos;y a pas d&apos;action n° %1.</translation>
    </message>
    <message>
        <source>retry action #%1 (%2) after: %3</source>
        <translation>réessayer l&apos;action n° %1 (%2) après : %3</translation>
    </message>
    <message>
        <source>abandoned action #%1 (%2): %3</source>
        <translation>action n° %1 abandonnée (%2) : %3</translation>
    </message>
    <message>
        <source>Action #%1 abandoned; steps already applied in Odoo stay applied (see its steps).</source>
        <translation>Action n° %1 abandonnée ; les étapes déjà appliquées dans Odoo le restent (voir ses étapes).</translation>
    </message>
    <message>
        <source>Only a lead can change roles.</source>
        <translation>Seul un responsable peut changer les rôles.</translation>
    </message>
    <message>
        <source>set the role of %1 to %2</source>
        <translation>rôle de %1 défini sur %2</translation>
    </message>
    <message>
        <source>The rules are not valid JSON (%1 at offset %2); nothing changed.</source>
        <translation>Les règles ne sont pas du JSON valide (%1 à la position %2) ; rien n&apos;a changé.</translation>
    </message>
    <message>
        <source>changed the duplicate rules</source>
        <translation>règles de doublons modifiées</translation>
    </message>
    <message>
        <source>Only a lead can change the release threshold.</source>
        <translation>Seul un responsable peut modifier le seuil de libération.</translation>
    </message>
    <message>
        <source>set the lead release threshold to %1</source>
        <translation>seuil de libération réservé aux responsables fixé à %1</translation>
    </message>
    <message>
        <source>Hand the claims over to someone else, or release them.</source>
        <translation>Transmettez les prises en charge à quelqu&apos;un d&apos;autre, ou libérez-les.</translation>
    </message>
    <message>
        <source>%1 is not a planner of this team: they could not act on the clusters. Release the claims instead, or ask a lead to make them a planner.</source>
        <translation>%1 n&apos;est pas planificateur dans cette équipe : il ne pourrait pas agir sur les groupes. Libérez plutôt les prises en charge, ou demandez à un responsable de le nommer planificateur.</translation>
    </message>
    <message>
        <source>Could not read your claims (%1).</source>
        <translation>Impossible de lire vos prises en charge (%1).</translation>
    </message>
    <message>
        <source>You hold no claims; nothing to hand over.</source>
        <translation>Vous n&apos;avez aucune prise en charge ; rien à transmettre.</translation>
    </message>
    <message>
        <source>Could not hand the claims over (%1); nothing changed.</source>
        <translation>Impossible de transmettre les prises en charge (%1) ; rien n&apos;a changé.</translation>
    </message>
    <message numerus="yes">
        <source>Released %n claim(s): %1.</source>
        <translation>
            <numerusform>%n prise en charge libérée : %1.</numerusform>
            <numerusform>%n prises en charge libérées : %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n claim(s) over to %2: %1.</source>
        <translation>
            <numerusform>%n prise en charge transmise à %2 : %1.</numerusform>
            <numerusform>%n prises en charge transmises à %2 : %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Action #%1 is %2; only failed actions or those waiting for a retry are retried.</source>
        <translation>L&apos;action n° %1 est %2 ; seules les actions en échec ou en attente d&apos;une nouvelle tentative sont relancées.</translation>
    </message>
    <message>
        <source>Action #%1 is %2; only queued, retrying or failed actions can be abandoned.</source>
        <translation>L&apos;action n° %1 est %2 ; seules les actions en attente, en nouvelle tentative ou en échec peuvent être abandonnées.</translation>
    </message>
    <message>
        <source>Only a lead can change the team&apos;s settings (duplicate rules, roles, thresholds); %1 is not a lead in this team store.</source>
        <translation>Seul un responsable peut modifier les paramètres de l&apos;équipe (règles de doublons, rôles, seuils) ; %1 n&apos;est pas responsable dans cette base d&apos;équipe.</translation>
    </message>
    <message>
        <source>A claim must last at least one second.</source>
        <translation>Une prise en charge doit durer au moins une seconde.</translation>
    </message>
    <message>
        <source>set the claim expiry to %1 s</source>
        <translation>délai d&apos;expiration des prises en charge fixé à %1 s</translation>
    </message>
    <message>
        <source>Only a lead can change the duplicate rules; %1 is not a lead in this team store.</source>
        <translation>Seul un responsable peut modifier les règles de doublons ; %1 n&apos;est pas responsable dans cette base d&apos;équipe.</translation>
    </message>
    <message>
        <source>The rules were not changed: %1</source>
        <translation>Les règles n&apos;ont pas été modifiées : %1</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead in this team store.</source>
        <translation>Seul un responsable peut approuver ou refuser une transmission ; %1 n&apos;est pas responsable dans cette base d&apos;équipe.</translation>
    </message>
    <message>
        <source>Say why the escalation is declined: the planner needs to know.</source>
        <translation>Indiquez pourquoi la transmission est refusée : le planificateur doit le savoir.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done.</source>
        <translation>La base d&apos;équipe n&apos;est pas disponible (%1) ; rien n&apos;a été fait.</translation>
    </message>
    <message>
        <source>Could not read escalation #%1 (%2).</source>
        <translation>Impossible de lire la transmission n° %1 (%2).</translation>
    </message>
    <message>
        <source>There is no escalation #%1.</source>
        <translation>Il n&apos;y a pas de transmission n° %1.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already approved by %2 at %3.</source>
        <translation>La transmission n° %1 a déjà été approuvée par %2 le %3.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already declined by %2 at %3.</source>
        <translation>La transmission n° %1 a déjà été refusée par %2 le %3.</translation>
    </message>
    <message>
        <source>Could not record the decision (%1); nothing changed.</source>
        <translation>Impossible d&apos;enregistrer la décision (%1) ; rien n&apos;a changé.</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead).</source>
        <translation>Cockpit : transmission approuvée par %1 (responsable).</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead): %2</source>
        <translation>Cockpit : transmission approuvée par %1 (responsable) : %2</translation>
    </message>
    <message>
        <source>Cockpit: escalation declined by %1 (lead): %2</source>
        <translation>Cockpit : transmission refusée par %1 (responsable) : %2</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 approved.</source>
        <translation>Transmission n° %1 sur %2 approuvée.</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 declined.</source>
        <translation>Transmission n° %1 sur %2 refusée.</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>tâche %1</translation>
    </message>
    <message>
        <source>requeue the failed job &quot;%1&quot;</source>
        <translation>remettre en file la tâche échouée « %1 »</translation>
    </message>
    <message>
        <source>%1 is not a middleware hub action.</source>
        <translation>%1 n&apos;est pas une action du hub middleware.</translation>
    </message>
    <message>
        <source>Say why the transaction is rejected.</source>
        <translation>Indiquez pourquoi la transaction est rejetée.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish, or retry or abandon it in the outbox.</source>
        <translation>%1 a déjà l&apos;action n° %2 (%3) de %4, encore %5 : attendez qu&apos;elle se termine, ou relancez-la ou abandonnez-la dans la boîte d&apos;envoi.</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>libérer %1 de la quarantaine du hub</translation>
    </message>
    <message>
        <source>reject %1 in the hub (%2)</source>
        <translation>rejeter %1 dans le hub (%2)</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>renvoyer %1 via le hub</translation>
    </message>
    <message>
        <source>The job&apos;s start time is not known: refresh the jobs and try again.</source>
        <translation>L’heure de démarrage de la tâche n’est pas connue : actualisez les tâches et réessayez.</translation>
    </message>
    <message>
        <source>requeue the stuck job &quot;%1&quot;</source>
        <translation>remettre en file la tâche bloquée « %1 »</translation>
    </message>
</context>
<context>
    <name>o2c::HttpHubActionSender</name>
    <message>
        <source>The middleware hub could not be reached (%1); the %2 of %3 will be sent again with the same key.</source>
        <translation>Le hub middleware est injoignable (%1) ; « %2 » de %3 sera renvoyé avec la même clé.</translation>
    </message>
    <message>
        <source>The middleware hub refused the %1 of %2 (HTTP %3).</source>
        <translation>Le hub middleware a refusé « %1 » de %2 (HTTP %3).</translation>
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
        <translation>L&apos;état du hub middleware n&apos;a pas pu être lu (%1) ; les chiffres affichés proviennent de la dernière réponse.</translation>
    </message>
</context>
<context>
    <name>o2c::IntakeEventStream</name>
    <message>
        <source>%1 does not answer as a middleware hub of contract version %2 (%3). Check the hub address.</source>
        <translation>%1 ne répond pas comme un hub middleware du contrat version %2 (%3). Vérifiez l&apos;adresse du hub.</translation>
    </message>
    <message>
        <source>The middleware hub speaks contract version %1; this cockpit understands version %2.x only. Update the cockpit, or configure the hub to serve /v%2.</source>
        <translation>Le hub middleware utilise le contrat version %1 ; ce cockpit ne comprend que la version %2.x. Mettez le cockpit à jour ou configurez le hub pour servir /v%2.</translation>
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
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
</context>
<context>
    <name>o2c::MrpHoldService</name>
    <message>
        <source>The order %1 is not known; refresh and try again.</source>
        <translation>La commande %1 est inconnue ; actualisez et réessayez.</translation>
    </message>
    <message>
        <source>An action on %1 is already under way; wait for it to finish.</source>
        <translation>Une action sur %1 est déjà en cours ; attendez qu&apos;elle se termine.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 est déjà bloqué.</translation>
    </message>
    <message>
        <source>%1 is cancelled: there is nothing to hold.</source>
        <translation>%1 est annulé : il n&apos;y a rien à bloquer.</translation>
    </message>
    <message>
        <source>Give a reason for the hold; it is shown to everyone in Odoo.</source>
        <translation>Indiquez un motif de blocage ; il est visible par tous dans Odoo.</translation>
    </message>
    <message>
        <source>%1 is confirmed but has no manufacturing order to hold.</source>
        <translation>%1 est confirmé mais n&apos;a aucun ordre de fabrication à bloquer.</translation>
    </message>
    <message>
        <source>%1 is already produced: there is no manufacturing left to hold.</source>
        <translation>%1 est déjà produit : il ne reste aucune fabrication à bloquer.</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 n&apos;est pas bloqué.</translation>
    </message>
    <message>
        <source>%1 is not in Odoo yet: there is no manufacturing to hold. Hold it once it is synced, or release or reject it in the exception queue.</source>
        <translation>%1 n&apos;est pas encore dans Odoo : il n&apos;y a aucune fabrication à bloquer. Bloquez-la une fois synchronisée, ou libérez-la ou rejetez-la dans la file des exceptions.</translation>
    </message>
</context>
<context>
    <name>o2c::OrderBook</name>
    <message>
        <source>The team&apos;s new duplicate rules were not applied: %1. The rules in force stay; a lead can correct the rules on the settings screen.</source>
        <translation>Les nouvelles règles de doublons de l&apos;équipe n&apos;ont pas été appliquées : %1. Les règles en vigueur restent ; un responsable peut corriger les règles dans l&apos;écran des paramètres.</translation>
    </message>
    <message>
        <source>The new duplicate rules could not be applied: %1. The rules in force stay; a lead can try the change again on the settings screen.</source>
        <translation>Les nouvelles règles de doublons n&apos;ont pas pu être appliquées : %1. Les règles en vigueur restent ; un responsable peut réessayer la modification dans l&apos;écran des paramètres.</translation>
    </message>
</context>
<context>
    <name>o2c::QueueJobMonitor</name>
    <message>
        <source>Odoo does not let this user read the job queue (%1). Ask an administrator for the Job Queue Manager group.</source>
        <translation>Odoo ne permet pas à cet utilisateur de lire la file des tâches (%1). Demandez à un administrateur le groupe « Job Queue Manager ».</translation>
    </message>
    <message>
        <source>The job queue could not be read: %1</source>
        <translation>La file des tâches n&apos;a pas pu être lue : %1</translation>
    </message>
</context>
<context>
    <name>o2c::RabbitMqMonitor</name>
    <message>
        <source>RabbitMQ management API at %1 did not answer (%2). Check that the management plugin is enabled and the user may read queues.</source>
        <translation>L&apos;API de gestion RabbitMQ à %1 n&apos;a pas répondu (%2). Vérifiez que le plugin de gestion est activé et que l&apos;utilisateur peut lire les files.</translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2); nothing was moved.</source>
        <translation>Impossible de lire la file de lettres mortes %1 (%2) ; rien n&apos;a été déplacé.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) could not be published back (%1).</source>
        <translation>
            <numerusform>%n message n&apos;a pas pu être republié (%1).</numerusform>
            <numerusform>%n messages n&apos;ont pas pu être republiés (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2).</source>
        <translation>La file de lettres mortes %1 n&apos;a pas pu être lue (%2).</translation>
    </message>
</context>
<context>
    <name>o2c::WebSocketClient</name>
    <message>
        <source>This build cannot open wss:// connections (no TLS).</source>
        <translation>Cette version ne peut pas ouvrir de connexions wss:// (pas de TLS).</translation>
    </message>
    <message>
        <source>The server&apos;s WebSocket handshake is too long.</source>
        <translation>La négociation WebSocket du serveur est trop longue.</translation>
    </message>
    <message>
        <source>The server did not accept the WebSocket connection (%1).</source>
        <translation>Le serveur n&apos;a pas accepté la connexion WebSocket (%1).</translation>
    </message>
    <message>
        <source>The server answered the WebSocket handshake with a wrong key.</source>
        <translation>Le serveur a répondu à la négociation WebSocket avec une mauvaise clé.</translation>
    </message>
    <message>
        <source>A WebSocket message is larger than %1 bytes.</source>
        <translation>Un message WebSocket dépasse %1 octets.</translation>
    </message>
    <message>
        <source>The server sent an unknown WebSocket frame (%1).</source>
        <translation>Le serveur a envoyé une trame WebSocket inconnue (%1).</translation>
    </message>
</context>
<context>
    <name>o2c::alerts</name>
    <message>
        <source>Only %1% of the orders sent to Odoo were acknowledged: Odoo refuses or times out. Check the Odoo connection and the failed transactions.</source>
        <translation>Seulement %1 % des commandes envoyées à Odoo ont été confirmées : Odoo refuse ou ne répond pas à temps. Vérifiez la connexion à Odoo et les transactions échouées.</translation>
    </message>
    <message>
        <source>%1% of the orders sent to Odoo were acknowledged; some needed retries.</source>
        <translation>%1 % des commandes envoyées à Odoo ont été confirmées ; certaines ont dû être renvoyées.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo: orders are not getting through.</source>
        <translation>
            <numerusform>%n commande attend Odoo dans le hub : les commandes ne passent pas.</numerusform>
            <numerusform>%n commandes attendent Odoo dans le hub : les commandes ne passent pas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo, more than usual.</source>
        <translation>
            <numerusform>%n commande attend Odoo dans le hub, plus que d&apos;habitude.</numerusform>
            <numerusform>%n commandes attendent Odoo dans le hub, plus que d&apos;habitude.</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo.</source>
        <translation>Les commandes mettent %1 s (95e centile) du canal jusqu&apos;à Odoo.</translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo, slower than usual.</source>
        <translation>Les commandes mettent %1 s (95e centile) du canal jusqu&apos;à Odoo, plus lentement que d&apos;habitude.</translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transaction a échoué ou est en lettres mortes : renvoyez-la ou rejetez-la dans la file des exceptions.</numerusform>
            <numerusform>%n transactions ont échoué ou sont en lettres mortes : renvoyez-les ou rejetez-les dans la file des exceptions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed in the window; the hub retries them.</source>
        <translation>
            <numerusform>%n transaction a échoué dans la période ; le hub la réessaie.</numerusform>
            <numerusform>%n transactions ont échoué dans la période ; le hub les réessaie.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transaction est en quarantaine comme doublon présumé : libérez-la ou rejetez-la dans la file des exceptions.</numerusform>
            <numerusform>%n transactions sont en quarantaine comme doublons présumés : libérez-les ou rejetez-les dans la file des exceptions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages are dead-lettered in %1: replay the ones that should go through.</source>
        <translation>
            <numerusform>%n message est en lettres mortes dans %1 : renvoyez ceux qui doivent passer.</numerusform>
            <numerusform>%n messages sont en lettres mortes dans %1 : renvoyez ceux qui doivent passer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no consumer: %n messages wait and nothing takes them.</source>
        <translation>
            <numerusform>%1 n&apos;a aucun consommateur : %n message attend et personne ne le prend.</numerusform>
            <numerusform>%1 n&apos;a aucun consommateur : %n messages attendent et personne ne les prend.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1.</source>
        <translation>
            <numerusform>%n message attend dans %1.</numerusform>
            <numerusform>%n messages attendent dans %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1, more than usual.</source>
        <translation>
            <numerusform>%n message attend dans %1, plus que d&apos;habitude.</numerusform>
            <numerusform>%n messages attendent dans %1, plus que d&apos;habitude.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs failed: requeue them once the cause is fixed.</source>
        <translation>
            <numerusform>%n tâche de la file a échoué : remettez-la en file une fois la cause corrigée.</numerusform>
            <numerusform>%n tâches de la file ont échoué : remettez-les en file une fois la cause corrigée.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</source>
        <translation>
            <numerusform>%n tâche a démarré il y a plus de %1 minutes et n&apos;est pas terminée : son worker est peut-être mort.</numerusform>
            <numerusform>%n tâches ont démarré il y a plus de %1 minutes et ne sont pas terminées : leur worker est peut-être mort.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::odoo::CircuitBreaker</name>
    <message>
        <source>Odoo reachable</source>
        <translation>Odoo joignable</translation>
    </message>
    <message>
        <source>Odoo unreachable: calls paused</source>
        <translation>Odoo injoignable : appels suspendus</translation>
    </message>
    <message>
        <source>Odoo unreachable: trying again</source>
        <translation>Odoo injoignable : nouvel essai</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::HttpOdooTransport</name>
    <message>
        <source>The CA certificate file %1 does not exist; only the system&apos;s trusted certificates are used. Check the path in the connection profile.</source>
        <translation>Le fichier de certificat d&apos;AC %1 n&apos;existe pas ; seuls les certificats de confiance du système sont utilisés. Vérifiez le chemin dans le profil de connexion.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 holds no PEM certificate; only the system&apos;s trusted certificates are used.</source>
        <translation>Le fichier de certificat d&apos;AC %1 ne contient aucun certificat PEM ; seuls les certificats de confiance du système sont utilisés.</translation>
    </message>
    <message>
        <source>Odoo at %1 did not answer within %2 s. The server may be busy; the cockpit will try again. Raise the request timeout in the connection profile if this keeps happening.</source>
        <translation>Odoo à %1 n&apos;a pas répondu en %2 s. Le serveur est peut-être occupé ; le cockpit réessaiera. Augmentez le délai des requêtes dans le profil de connexion si cela se répète.</translation>
    </message>
    <message>
        <source>The request to Odoo was cancelled.</source>
        <translation>La requête vers Odoo a été annulée.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was refused because its certificate cannot be trusted: %2. Ask your administrator for the server&apos;s CA certificate and add it to the connection profile.</source>
        <translation>La connexion sécurisée à %1 a été refusée car son certificat n&apos;est pas fiable : %2. Demandez le certificat d&apos;AC du serveur à votre administrateur et ajoutez-le au profil de connexion.</translation>
    </message>
    <message>
        <source>Odoo at %1 refused the connection. Check that the server address and port are right and that Odoo is running.</source>
        <translation>Odoo à %1 a refusé la connexion. Vérifiez l&apos;adresse et le port du serveur et qu&apos;Odoo est démarré.</translation>
    </message>
    <message>
        <source>The server name %1 could not be found. Check the address in the connection profile and your network connection.</source>
        <translation>Le nom de serveur %1 est introuvable. Vérifiez l&apos;adresse dans le profil de connexion et votre connexion réseau.</translation>
    </message>
    <message>
        <source>Odoo at %1 closed the connection before answering. The cockpit will try again.</source>
        <translation>Odoo à %1 a fermé la connexion avant de répondre. Le cockpit réessaiera.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 timed out. The cockpit will try again.</source>
        <translation>La connexion à Odoo à %1 a expiré. Le cockpit réessaiera.</translation>
    </message>
    <message>
        <source>The network proxy did not let the cockpit reach %1 (%2). Check the proxy settings.</source>
        <translation>Le proxy réseau n&apos;a pas laissé le cockpit joindre %1 (%2). Vérifiez les paramètres du proxy.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 failed: %2. Check your network; the cockpit will try again.</source>
        <translation>La connexion à Odoo à %1 a échoué : %2. Vérifiez votre réseau ; le cockpit réessaiera.</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::OdooClient</name>
    <message>
        <source>No connection to Odoo is configured.</source>
        <translation>Aucune connexion à Odoo n&apos;est configurée.</translation>
    </message>
    <message>
        <source>Odoo did not answer the last %1 requests; the cockpit pauses for %2 s before it tries again.</source>
        <translation>Odoo n&apos;a pas répondu aux %1 dernières requêtes ; le cockpit fait une pause de %2 s avant de réessayer.</translation>
    </message>
    <message>
        <source>Odoo no longer accepts the password or API key of %1 (it may have been revoked or expired). Sign in again.</source>
        <translation>Odoo n&apos;accepte plus le mot de passe ou la clé API de %1 (révoqué ou expiré ?). Reconnectez-vous.</translation>
    </message>
    <message>
        <source>this connection</source>
        <translation>cette connexion</translation>
    </message>
    <message>
        <source>Not signed in to Odoo. Sign in first.</source>
        <translation>Non connecté à Odoo. Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <source>The cockpit cannot express the call %1.%2 for Odoo&apos;s JSON-2 API (%3). This is a defect of the cockpit; choose JSON-RPC in the connection profile meanwhile.</source>
        <translation>Le cockpit ne sait pas exprimer l&apos;appel %1.%2 pour l&apos;API JSON-2 d&apos;Odoo (%3). C&apos;est un défaut du cockpit ; choisissez JSON-RPC dans le profil de connexion en attendant.</translation>
    </message>
    <message>
        <source>The server did not report an Odoo version. Check that the URL points at an Odoo server.</source>
        <translation>Le serveur n&apos;a pas indiqué de version d&apos;Odoo. Vérifiez que l&apos;URL pointe vers un serveur Odoo.</translation>
    </message>
    <message>
        <source>Odoo accepted the API key but did not say which user it belongs to. Check that the server is Odoo 19 or later.</source>
        <translation>Odoo a accepté la clé API sans indiquer à quel utilisateur elle appartient. Vérifiez que le serveur est en Odoo 19 ou plus récent.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Connexion refusée : vérifiez l&apos;identifiant et le mot de passe ou la clé API</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AlertBanner</name>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Show the screen of the newest alert</source>
        <translation>Afficher l&apos;écran de l&apos;alerte la plus récente</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <source>Dismiss the alerts</source>
        <translation>Masquer les alertes</translation>
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
        <translation>Taux de doublons aujourd&apos;hui : %1 % (%2 sur %3 commandes ; seuil %4 %)</translation>
    </message>
    <message>
        <source>Look at the duplicate desk: which channel sends the resends, and hold manufacturing on the clusters of high value.</source>
        <translation>Regardez le poste des doublons : quel canal renvoie les commandes ? Bloquez la fabrication des groupes de forte valeur.</translation>
    </message>
    <message>
        <source>Backlog of open duplicate clusters: %1 (threshold %2)</source>
        <translation>Arriéré de groupes de doublons ouverts : %1 (seuil %2)</translation>
    </message>
    <message>
        <source>Look at the exception queue: claim the unassigned clusters and escalate what cannot be decided on this shift.</source>
        <translation>Regardez la file des exceptions : prenez en charge les groupes libres et transmettez ce qui ne peut pas être décidé pendant ce poste.</translation>
    </message>
    <message>
        <source>Outbox: actions waiting to be sent to Odoo: %1 (threshold %2)</source>
        <translation>File d&apos;envoi : actions en attente d&apos;envoi à Odoo : %1 (seuil %2)</translation>
    </message>
    <message>
        <source>Look at integration health: Odoo may be slow or unreachable; the actions stay queued and go out when it answers.</source>
        <translation>Regardez la santé des intégrations : Odoo est peut-être lent ou injoignable ; les actions restent en file et partent dès qu&apos;il répond.</translation>
    </message>
    <message>
        <source>Sync latency: the last pass took %1 ms (threshold %2 ms)</source>
        <translation>Latence de synchronisation : le dernier passage a duré %1 ms (seuil %2 ms)</translation>
    </message>
    <message>
        <source>Look at integration health: the Odoo server or the network is slow; figures on screen may lag behind Odoo.</source>
        <translation>Regardez la santé des intégrations : le serveur Odoo ou le réseau est lent ; les chiffres affichés peuvent être en retard sur Odoo.</translation>
    </message>
    <message>
        <source>Failures (failed sync passes in a row and failed actions): %1 (threshold %2)</source>
        <translation>Échecs (passages de synchronisation échoués d&apos;affilée et actions échouées) : %1 (seuil %2)</translation>
    </message>
    <message>
        <source>Look at integration health for the errors, and at the exception queue for failed actions to retry or abandon.</source>
        <translation>Regardez la santé des intégrations pour les erreurs, et la file des exceptions pour les actions échouées à relancer ou abandonner.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AuditLogPage</name>
    <message>
        <source>Fi&amp;lter:</source>
        <translation>Fi&amp;ltre :</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Filtrer le journal d&apos;audit</translation>
    </message>
    <message>
        <source>user, order, action…</source>
        <translation>utilisateur, commande, action…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Quand (UTC)</translation>
    </message>
    <message>
        <source>Computer user</source>
        <translation>Utilisateur de l&apos;ordinateur</translation>
    </message>
    <message>
        <source>Odoo user</source>
        <translation>Utilisateur Odoo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>Odoo answer</source>
        <translation>Réponse d&apos;Odoo</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>No team store: nothing is audited.</source>
        <translation>Pas de base d&apos;équipe : rien n&apos;est audité.</translation>
    </message>
    <message>
        <source>The audit trail is broken at entry %1: %2. Keep a copy of the store and tell your administrator.</source>
        <translation>La piste d&apos;audit est rompue à l&apos;entrée %1 : %2. Conservez une copie de la base d&apos;équipe et prévenez votre administrateur.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries, chain intact.</source>
        <translation>
            <numerusform>%Ln entrée, chaîne intacte.</numerusform>
            <numerusform>%Ln entrées, chaîne intacte.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded yet: every hold, release, resolution, claim and settings change will be listed here with Odoo&apos;s answer.</source>
        <translation>Rien n&apos;est encore enregistré : chaque blocage, libération, résolution, prise en charge et modification des paramètres apparaîtra ici avec la réponse d&apos;Odoo.</translation>
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
        <translation>Portail revendeurs</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Manual entry</source>
        <translation>Saisie manuelle</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Cluster</name>
    <message>
        <source>Duplicate</source>
        <translation>Doublon</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>Suspect</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Modification</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterComparisonModel</name>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Réf. client</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>Livrer à</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Date demandée</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
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
        <translation>%1 a %2</translation>
    </message>
    <message>
        <source>%1 differs between the orders: %2</source>
        <translation>%1 diffère entre les commandes : %2</translation>
    </message>
    <message>
        <source>Written differently, but the same reference after normalization (%1)</source>
        <translation>Écrit différemment, mais même référence après normalisation (%1)</translation>
    </message>
    <message>
        <source>%1, MRP held</source>
        <translation>%1, fabrication bloquée</translation>
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
        <translation>%1 : la fabrication est bloquée</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterDetailView</name>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Customer reference</source>
        <translation>Référence client</translation>
    </message>
    <message>
        <source>Products and quantities</source>
        <translation>Produits et quantités</translation>
    </message>
    <message>
        <source>Time apart</source>
        <translation>Écart de temps</translation>
    </message>
    <message>
        <source>Order value</source>
        <translation>Valeur de la commande</translation>
    </message>
    <message>
        <source>Ship-to address</source>
        <translation>Adresse de livraison</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canaux</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Numéros de contrôle EDI</translation>
    </message>
    <message>
        <source>Identical message</source>
        <translation>Message identique</translation>
    </message>
    <message>
        <source>Cluster detail</source>
        <translation>Détail du groupe</translation>
    </message>
    <message>
        <source>Select a cluster to compare its orders side by side.
J / K move to the next or previous cluster.</source>
        <translation>Sélectionnez un groupe pour comparer ses commandes côte à côte.
J / K passent au groupe suivant ou précédent.</translation>
    </message>
    <message>
        <source>Orders side by side</source>
        <translation>Commandes côte à côte</translation>
    </message>
    <message>
        <source>Why these orders look like one demand</source>
        <translation>Pourquoi ces commandes semblent être une seule demande</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Indices</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>Constat</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Poids</translation>
    </message>
    <message>
        <source>%1 · %2 · score %3</source>
        <translation>%1 · %2 · score %3</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>Speaks against these orders being the same demand</source>
        <translation>Plaide contre le fait que ces commandes soient la même demande</translation>
    </message>
    <message>
        <source>Speaks for these orders being the same demand</source>
        <translation>Plaide pour le fait que ces commandes soient la même demande</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, no differences</source>
        <translation>
            <numerusform>%Ln commande, aucune différence</numerusform>
            <numerusform>%Ln commandes, aucune différence</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, highlighted cells differ</source>
        <translation>
            <numerusform>%Ln commande, les cellules en surbrillance diffèrent</numerusform>
            <numerusform>%Ln commandes, les cellules en surbrillance diffèrent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterListModel</name>
    <message>
        <source>Duplicate demand arrived %1</source>
        <translation>Demande en double arrivée %1</translation>
    </message>
    <message>
        <source>Total of the orders beyond the first: demand that would be made twice</source>
        <translation>Total des commandes au-delà de la première : demande qui serait produite deux fois</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valeur à risque</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Ancienneté</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Indices</translation>
    </message>
</context>
<context>
    <name>o2c::ui::CockpitStatusBar</name>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>Order and cluster counts</source>
        <translation>Nombre de commandes et de groupes</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Dernière synchronisation</translation>
    </message>
    <message>
        <source>synced 59 min ago</source>
        <translation>synchronisé il y a 59 min</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Profil de connexion</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUCTION</translation>
    </message>
    <message>
        <source>STAGING</source>
        <translation>PRÉPRODUCTION</translation>
    </message>
    <message>
        <source>no server</source>
        <translation>aucun serveur</translation>
    </message>
    <message>
        <source>Connected to the production Odoo: %1, database %2, as %3.
Holds and releases change real orders.</source>
        <translation>Connecté à l&apos;Odoo de production : %1, base %2, en tant que %3.
Les blocages et libérations modifient de vraies commandes.</translation>
    </message>
    <message>
        <source>Connected to a staging Odoo: %1, database %2, as %3.</source>
        <translation>Connecté à un Odoo de préproduction : %1, base %2, en tant que %3.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>pas encore synchronisé</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>synchronisé %1</translation>
    </message>
    <message>
        <source>Last sync finished %1</source>
        <translation>Dernière synchronisation terminée %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>order count · cluster count</comment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders</source>
        <translation>
            <numerusform>%Ln commande</numerusform>
            <numerusform>%Ln commandes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln clusters</source>
        <translation>
            <numerusform>%Ln groupe</numerusform>
            <numerusform>%Ln groupes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::CsvWriter</name>
    <message>
        <source>%1 cannot be written: %2. Choose another folder.</source>
        <translation>%1 ne peut pas être écrit : %2. Choisissez un autre dossier.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::EnvironmentMarker</name>
    <message>
        <source>PRODUCTION: %1</source>
        <translation>PRODUCTION : %1</translation>
    </message>
    <message>
        <source>staging: %1</source>
        <translation>préproduction : %1</translation>
    </message>
    <message>
        <source>%1 — PRODUCTION: %2</source>
        <translation>%1 — PRODUCTION : %2</translation>
    </message>
    <message>
        <source>%1 — staging: %2</source>
        <translation>%1 — préproduction : %2</translation>
    </message>
    <message>
        <source>PRODUCTION — %1</source>
        <translation>PRODUCTION — %1</translation>
    </message>
    <message>
        <source>Staging — %1</source>
        <translation>Préproduction — %1</translation>
    </message>
    <message>
        <source>PRODUCTION — %1 · %2</source>
        <translation>PRODUCTION — %1 · %2</translation>
    </message>
    <message>
        <source>Staging — %1 · %2</source>
        <translation>Préproduction — %1 · %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowBoardWidget</name>
    <message>
        <source>Flow board</source>
        <translation>Tableau de flux</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowStageTile</name>
    <message numerus="yes">
        <source>%1: %Ln orders, %2</source>
        <comment>stage: count, value</comment>
        <translation>
            <numerusform>%1 : %Ln commande, %2</numerusform>
            <numerusform>%1 : %Ln commandes, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
Click to show all orders again</source>
        <translation>%1
Cliquez pour afficher de nouveau toutes les commandes</translation>
    </message>
    <message>
        <source>%1
Click to show only these orders</source>
        <translation>%1
Cliquez pour n&apos;afficher que ces commandes</translation>
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
        <translation>Bloquer la fabrication de %1</translation>
    </message>
    <message>
        <source>No manufacturing demand, reservation or procurement will proceed from %1 until the hold is released.
Why is it held?</source>
        <translation>Aucun besoin de fabrication, aucune réservation ni aucun approvisionnement ne découlera de %1 avant la levée du blocage.
Pourquoi est-il bloqué ?</translation>
    </message>
    <message>
        <source>Suspected duplicate order</source>
        <translation>Commande en double présumée</translation>
    </message>
    <message>
        <source>Waiting for the customer to confirm</source>
        <translation>En attente de confirmation du client</translation>
    </message>
    <message>
        <source>Credit check pending</source>
        <translation>Vérification de crédit en cours</translation>
    </message>
    <message>
        <source>Amendment under review</source>
        <translation>Modification en cours d&apos;examen</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Motif (obligatoire)</translation>
    </message>
    <message>
        <source>Reason for the hold</source>
        <translation>Motif du blocage</translation>
    </message>
    <message>
        <source>Hold MRP</source>
        <translation>Bloquer la fabrication</translation>
    </message>
</context>
<context>
    <name>o2c::ui::HoldsPage</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Bloqué par</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Breach</source>
        <translation>Violation</translation>
    </message>
    <message>
        <source>Active holds</source>
        <translation>Blocages actifs</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H releases the selected hold; Ctrl+Shift+L exports the holds to CSV.</source>
        <translation>Ctrl+Maj+H lève le blocage sélectionné ; Ctrl+Maj+L exporte les blocages en CSV.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Hard (quotation kept)</source>
        <translation>Strict (reste un devis)</translation>
    </message>
    <message>
        <source>Soft (MO activity)</source>
        <translation>Souple (activité sur l&apos;OF)</translation>
    </message>
    <message>
        <source>confirmed while tagged HOLD</source>
        <translation>confirmé malgré l&apos;étiquette HOLD</translation>
    </message>
    <message>
        <source>%1 produced while held</source>
        <translation>%1 produit pendant le blocage</translation>
    </message>
    <message>
        <source>in Odoo</source>
        <translation>dans Odoo</translation>
    </message>
    <message>
        <source>HOLD in Odoo</source>
        <translation>HOLD dans Odoo</translation>
    </message>
    <message>
        <source>Active holds (%1), breaches: %2</source>
        <translation>Blocages actifs (%1), violations : %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>non enregistré</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IdentityGraphWidget</name>
    <message>
        <source>Identity graph</source>
        <translation>Graphe d&apos;identité</translation>
    </message>
    <message>
        <source>%1 document</source>
        <translation>document %1</translation>
    </message>
    <message>
        <source>customer reference</source>
        <translation>référence client</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>client</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Numéros de contrôle EDI</translation>
    </message>
    <message>
        <source>ISA %1 / GS %2 / ST %3</source>
        <translation>ISA %1 / GS %2 / ST %3</translation>
    </message>
    <message>
        <source>manufacturing order</source>
        <translation>ordre de fabrication</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>transfert</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>facture</translation>
    </message>
    <message>
        <source>possible duplicate (%1)</source>
        <translation>doublon possible (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Pick an order to see its references.</source>
        <translation>Choisissez une commande pour voir ses références.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntakeExceptionsPanel</name>
    <message>
        <source>Transactions held in the middleware hub</source>
        <translation>Transactions retenues dans le hub middleware</translation>
    </message>
    <message>
        <source>Release to Odoo</source>
        <translation>Libérer vers Odoo</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Rejeter…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <source>Not a duplicate after all: the hub sends it on to Odoo.</source>
        <translation>Pas un doublon finalement : le hub la transmet à Odoo.</translation>
    </message>
    <message>
        <source>The order must not reach Odoo: the hub drops it, with your reason.</source>
        <translation>La commande ne doit pas atteindre Odoo : le hub l&apos;abandonne, avec votre motif.</translation>
    </message>
    <message>
        <source>Send a failed or dead-lettered order to Odoo again.</source>
        <translation>Renvoyer à Odoo une commande échouée ou en lettres mortes.</translation>
    </message>
    <message numerus="yes">
        <source>Held in the middleware hub before Odoo: %n</source>
        <translation>
            <numerusform>Retenues dans le hub middleware avant Odoo : %n</numerusform>
            <numerusform>Retenues dans le hub middleware avant Odoo : %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Acting on hub transactions needs the team store.</source>
        <translation>Agir sur les transactions du hub nécessite la base d&apos;équipe.</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>Sélectionnez d&apos;abord une transaction.</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>Rejeter %1</translation>
    </message>
    <message>
        <source>Why must this order not reach Odoo?</source>
        <translation>Pourquoi cette commande ne doit-elle pas atteindre Odoo ?</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>En quarantaine</translation>
    </message>
    <message>
        <source>Sent to Odoo</source>
        <translation>Envoyée à Odoo</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Confirmée par Odoo</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>En lettres mortes</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetée</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntegrationHealthPage</name>
    <message>
        <source>Odoo connection:</source>
        <translation>Connexion Odoo :</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>Circuit breaker:</source>
        <translation>Disjoncteur :</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Dernière synchronisation :</translation>
    </message>
    <message>
        <source>Sync passes:</source>
        <translation>Passes de synchronisation :</translation>
    </message>
    <message>
        <source>Team store:</source>
        <translation>Base d&apos;équipe :</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Boîte d&apos;envoi :</translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>Erreurs récentes</translation>
    </message>
    <message>
        <source>%1 — %2, database %3, user %4 (%5)</source>
        <translation>%1 — %2, base %3, utilisateur %4 (%5)</translation>
    </message>
    <message>
        <source>production</source>
        <translation>production</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>préproduction</translation>
    </message>
    <message>
        <source>Offline: no Odoo connection</source>
        <translation>Hors ligne : pas de connexion Odoo</translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation>%1, nouvel essai dans %2 s</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>non utilisé</translation>
    </message>
    <message>
        <source>%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices in %6 ms (%7 requests)</source>
        <translation>%1 : commandes %2, ordres de fabrication %3, transferts %4, factures %5 en %6 ms (requêtes : %7)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3 failed in a row</source>
        <translation>réussies : %1, en échec : %2, échecs consécutifs : %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>non enregistré</translation>
    </message>
    <message>
        <source>none: actions are not available</source>
        <translation>aucune : les actions ne sont pas disponibles</translation>
    </message>
    <message>
        <source>Action #%1 (%2): %3</source>
        <translation>Action n° %1 (%2) : %3</translation>
    </message>
    <message>
        <source>%1 waiting, %2 sending, %3 failed</source>
        <translation>en attente : %1, en envoi : %2, en échec : %3</translation>
    </message>
    <message>
        <source>no team store</source>
        <translation>pas de base d&apos;équipe</translation>
    </message>
    <message>
        <source>No errors recorded.</source>
        <translation>Aucune erreur enregistrée.</translation>
    </message>
    <message>
        <source>Critical: %1</source>
        <translation>Critique : %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement : %1</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertes</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub middleware</translation>
    </message>
    <message>
        <source>Live stream:</source>
        <translation>Flux en direct :</translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>État :</translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Prêts</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>Non acquittés</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Consommateurs</translation>
    </message>
    <message>
        <source>In per s</source>
        <translation>Entrée par s</translation>
    </message>
    <message>
        <source>Out per s</source>
        <translation>Sortie par s</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>File de lettres mortes</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerte</translation>
    </message>
    <message>
        <source>RabbitMQ queues</source>
        <translation>Files RabbitMQ</translation>
    </message>
    <message>
        <source>Replay dead-lettered messages…</source>
        <translation>Renvoyer des messages en lettres mortes…</translation>
    </message>
    <message>
        <source>Select a dead-letter queue first.</source>
        <translation>Sélectionnez d&apos;abord une file de lettres mortes.</translation>
    </message>
    <message>
        <source>Job queue (OCA queue_job)</source>
        <translation>File des tâches (OCA queue_job)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Essais</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Failed and stuck jobs</source>
        <translation>Tâches échouées et bloquées</translation>
    </message>
    <message>
        <source>Requeue the selected job</source>
        <translation>Remettre en file la tâche sélectionnée</translation>
    </message>
    <message>
        <source>Requeueing needs the team store.</source>
        <translation>La remise en file nécessite la base d&apos;équipe.</translation>
    </message>
    <message>
        <source>Not reachable: %1</source>
        <translation>Injoignable : %1</translation>
    </message>
    <message>
        <source>No middleware hub configured: orders are seen once they reach Odoo.</source>
        <translation>Aucun hub middleware configuré : les commandes ne sont visibles qu&apos;une fois dans Odoo.</translation>
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
        <translation>Connecté (%1), dernier événement %2.</translation>
    </message>
    <message>
        <source>Not connected (%1): reconnecting, resuming after event %2.</source>
        <translation>Non connecté (%1) : reconnexion, reprise après l&apos;événement %2.</translation>
    </message>
    <message>
        <source>%1 %2 events received; repaired: %3 drops, %4 repeats ignored, %5 out of order, %6 catch-ups from the listing.</source>
        <translation>%1 %2 événements reçus ; réparé : %3 coupures, %4 répétitions ignorées, %5 dans le désordre, %6 rattrapages depuis la liste.</translation>
    </message>
    <message>
        <source>The middleware hub&apos;s live stream is down; the cockpit resumes it without losing events.</source>
        <translation>Le flux en direct du hub middleware est interrompu ; le cockpit le reprend sans perdre d&apos;événements.</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>non configuré</translation>
    </message>
    <message>
        <source>waiting for the first figures</source>
        <translation>en attente des premiers chiffres</translation>
    </message>
    <message numerus="yes">
        <source>Throughput: %1 orders per minute over the last %n minutes</source>
        <translation>
            <numerusform>Débit : %1 commandes par minute sur la dernière %n minute</numerusform>
            <numerusform>Débit : %1 commandes par minute sur les %n dernières minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1, acknowledged by Odoo %2</source>
        <translation>Reçues %1, confirmées par Odoo %2</translation>
    </message>
    <message numerus="yes">
        <source>Queue depth: %n waiting for Odoo</source>
        <translation>
            <numerusform>Profondeur de file : %n en attente d&apos;Odoo</numerusform>
            <numerusform>Profondeur de file : %n en attente d&apos;Odoo</numerusform>
        </translation>
    </message>
    <message>
        <source>Processing latency: %1 s median, %2 s 95th percentile, %3 s longest</source>
        <translation>Latence de traitement : %1 s médiane, %2 s 95e centile, %3 s au plus long</translation>
    </message>
    <message>
        <source>Acknowledgement success: %1%</source>
        <translation>Taux de confirmation : %1 %</translation>
    </message>
    <message numerus="yes">
        <source>Quarantined: %n</source>
        <translation>
            <numerusform>En quarantaine : %n</numerusform>
            <numerusform>En quarantaine : %n</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ is not configured (start the cockpit with --rabbitmq http://user:password@host:15672).</source>
        <translation>RabbitMQ n&apos;est pas configuré (lancez le cockpit avec --rabbitmq http://utilisateur:motdepasse@hôte:15672).</translation>
    </message>
    <message numerus="yes">
        <source>%n queues; %1 messages dead-lettered.</source>
        <translation>
            <numerusform>%n file ; %1 messages en lettres mortes.</numerusform>
            <numerusform>%n files ; %1 messages en lettres mortes.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>not read (no Odoo connection)</source>
        <translation>non lu (pas de connexion à Odoo)</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>pas encore lu</translation>
    </message>
    <message>
        <source>queue_job not installed in this Odoo: there are no job queues to watch.</source>
        <translation>queue_job n&apos;est pas installé dans cet Odoo : il n&apos;y a pas de file de tâches à surveiller.</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</source>
        <translation>
            <numerusform>%1 échouées, %2 démarrées il y a plus de %n minute, %3 en cours, %4 en attente (dont %5 en nouvel essai), lu %6.</numerusform>
            <numerusform>%1 échouées, %2 démarrées il y a plus de %n minutes, %3 en cours, %4 en attente (dont %5 en nouvel essai), lu %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>started, stuck</source>
        <translation>démarrée, bloquée</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échouée</translation>
    </message>
    <message>
        <source>No alerts: the middleware and the job queue look healthy.</source>
        <translation>Aucune alerte : le middleware et la file des tâches semblent sains.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Replay from %1</source>
        <translation>Renvoyer depuis %1</translation>
    </message>
    <message>
        <source>Choose the messages to send back to where they were dead-lettered; the others stay in %1.</source>
        <translation>Choisissez les messages à renvoyer là où ils sont passés en lettres mortes ; les autres restent dans %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 in %3 (%n times): %4</source>
        <translation>
            <numerusform>%1 — %2 dans %3 (%n fois) : %4</numerusform>
            <numerusform>%1 — %2 dans %3 (%n fois) : %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no message id)</source>
        <translation>(pas d&apos;identifiant de message)</translation>
    </message>
    <message>
        <source>Replay the checked messages</source>
        <translation>Renvoyer les messages cochés</translation>
    </message>
    <message>
        <source>Nothing was chosen; nothing was moved.</source>
        <translation>Rien n&apos;a été choisi ; rien n&apos;a été déplacé.</translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n messages from %1…</source>
        <translation>
            <numerusform>Renvoi de %n message depuis %1…</numerusform>
            <numerusform>Renvoi de %n messages depuis %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages replayed from %1; %2 stay there.</source>
        <translation>
            <numerusform>%n message renvoyé depuis %1 ; %2 y restent.</numerusform>
            <numerusform>%n messages renvoyés depuis %1 ; %2 y restent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Requeue a stuck job only when the worker that started it is gone; you are asked to confirm.</source>
        <translation>Ne remettez en file une tâche bloquée que si le worker qui l’a démarrée n’existe plus ; une confirmation vous est demandée.</translation>
    </message>
    <message>
        <source>Only a failed or stuck job can be requeued.</source>
        <translation>Seule une tâche en échec ou bloquée peut être remise en file.</translation>
    </message>
    <message>
        <source>Requeue a stuck job</source>
        <translation>Remettre en file une tâche bloquée</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has been started since %2 and has not finished. Requeue it only if the worker that started it is gone (restarted or crashed): a worker still running it would run it a second time.</source>
        <translation>« %1 » a démarré le %2 et n’est pas terminée. Ne la remettez en file que si le worker qui l’a démarrée n’existe plus (redémarré ou planté) : un worker qui l’exécute encore l’exécuterait une seconde fois.</translation>
    </message>
    <message>
        <source>Requeue it</source>
        <translation>La remettre en file</translation>
    </message>
    <message numerus="yes">
        <source>Failures: %n failed attempts, %1 dead-lettered</source>
        <translation>
            <numerusform>Échecs : %n tentative échouée, %1 en lettres mortes</numerusform>
            <numerusform>Échecs : %n tentatives échouées, %1 en lettres mortes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>keyboard shortcuts</comment>
        <translation>%1 ou %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::MainWindow</name>
    <message>
        <source>Screens</source>
        <translation>Écrans</translation>
    </message>
    <message>
        <source>J / K: next / previous</source>
        <translation>J / K : suivant / précédent</translation>
    </message>
    <message>
        <source>Duplicate clusters</source>
        <translation>Groupes de doublons</translation>
    </message>
    <message>
        <source>Filter orders (Ctrl+F)</source>
        <translation>Filtrer les commandes (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter orders</source>
        <translation>Filtrer les commandes</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>&amp;Hold MRP…</source>
        <translation>&amp;Bloquer la fabrication…</translation>
    </message>
    <message>
        <source>&amp;Release hold</source>
        <translation>&amp;Lever le blocage</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Flow board</source>
        <translation>&amp;Tableau de flux</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Commandes</translation>
    </message>
    <message>
        <source>&amp;Clusters</source>
        <translation>&amp;Groupes</translation>
    </message>
    <message>
        <source>F&amp;ilter orders</source>
        <translation>F&amp;iltrer les commandes</translation>
    </message>
    <message>
        <source>&amp;Show all stages</source>
        <translation>&amp;Afficher toutes les étapes</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;ctions</translation>
    </message>
    <message>
        <source>&amp;Next cluster</source>
        <translation>Groupe &amp;suivant</translation>
    </message>
    <message>
        <source>&amp;Previous cluster</source>
        <translation>Groupe &amp;précédent</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>A&amp;ller</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Décisions</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xporter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About O2C Cockpit</source>
        <translation>À &amp;propos d&apos;O2C Cockpit</translation>
    </message>
    <message>
        <source>%1 moved on behind its hold: %2</source>
        <translation>%1 a avancé malgré son blocage : %2</translation>
    </message>
    <message>
        <source>Duplicate clusters (%1)</source>
        <translation>Groupes de doublons (%1)</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Commandes (%1)</translation>
    </message>
    <message>
        <source>Orders (%1 of %2)</source>
        <translation>Commandes (%1 sur %2)</translation>
    </message>
    <message>
        <source>Not connected to Odoo: holds cannot be changed.</source>
        <translation>Non connecté à Odoo : les blocages ne peuvent pas être modifiés.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>Sélectionnez d&apos;abord une commande.</translation>
    </message>
    <message>
        <source>%1: an action is under way.</source>
        <translation>%1 : une action est en cours.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 est déjà bloqué.</translation>
    </message>
    <message>
        <source>Hold manufacturing for %1 (Ctrl+H)</source>
        <translation>Bloquer la fabrication de %1 (Ctrl+H)</translation>
    </message>
    <message>
        <source>%1 is cancelled or already produced: nothing left to hold.</source>
        <translation>%1 est annulé ou déjà produit : plus rien à bloquer.</translation>
    </message>
    <message>
        <source>Release the hold on %1 (Ctrl+Shift+H)</source>
        <translation>Lever le blocage de %1 (Ctrl+Maj+H)</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 n&apos;est pas bloqué.</translation>
    </message>
    <message>
        <source>Hold on %1 queued.</source>
        <translation>Blocage de %1 mis en file.</translation>
    </message>
    <message>
        <source>Holding manufacturing for %1…</source>
        <translation>Blocage de la fabrication de %1…</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Lever le blocage</translation>
    </message>
    <message>
        <source>Release the hold on %1? Manufacturing demand, reservation and procurement will proceed from it again.</source>
        <translation>Lever le blocage de %1 ? Besoins de fabrication, réservations et approvisionnements reprendront.</translation>
    </message>
    <message>
        <source>Release of %1 queued.</source>
        <translation>Libération de %1 mise en file.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1…</source>
        <translation>Levée du blocage de %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>The hold on %1 was not released.</source>
        <translation>Le blocage de %1 n&apos;a pas été levé.</translation>
    </message>
    <message>
        <source>Manufacturing for %1 was not held.</source>
        <translation>La fabrication de %1 n&apos;a pas été bloquée.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Action failed</source>
        <translation>Échec de l&apos;action</translation>
    </message>
    <message>
        <source>Odoo gave no reason. Try again; if it fails again, check the connection in the status bar.</source>
        <translation>Odoo n&apos;a donné aucun motif. Réessayez ; en cas de nouvel échec, vérifiez la connexion dans la barre d&apos;état.</translation>
    </message>
    <message>
        <source>About O2C Cockpit</source>
        <translation>À propos d&apos;O2C Cockpit</translation>
    </message>
    <message>
        <source>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Order-to-cash operations cockpit for manufacturers that run Odoo: every order&apos;s flow, duplicate orders found as they arrive, and MRP held until they are resolved.&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later&lt;/p&gt;</source>
        <translation>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Cockpit des opérations de la commande à l&apos;encaissement pour les industriels sous Odoo : le flux de chaque commande, les commandes en double détectées dès leur arrivée et la fabrication bloquée jusqu&apos;à leur résolution.&lt;/p&gt;&lt;p&gt;Licence : GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Duplicate desk</source>
        <translation>Poste des doublons</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>File des exceptions</translation>
    </message>
    <message>
        <source>Order detail</source>
        <translation>Détail de la commande</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Blocages</translation>
    </message>
    <message>
        <source>Supervisor charts</source>
        <translation>Graphiques de supervision</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Santé des intégrations</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Claim cluster</source>
        <translation>&amp;Prendre en charge le groupe</translation>
    </message>
    <message>
        <source>&amp;Unclaim cluster</source>
        <translation>&amp;Libérer le groupe</translation>
    </message>
    <message>
        <source>&amp;Resolve: keep the selected order</source>
        <translation>&amp;Résoudre : conserver la commande sélectionnée</translation>
    </message>
    <message>
        <source>Mark &amp;distinct…</source>
        <translation>Marquer comme &amp;distinct…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Transmettre à un responsable…</translation>
    </message>
    <message>
        <source>Co&amp;mment…</source>
        <translation>Co&amp;mmenter…</translation>
    </message>
    <message>
        <source>Re&amp;try failed action</source>
        <translation>Réessa&amp;yer l&apos;action en échec</translation>
    </message>
    <message>
        <source>&amp;Abandon failed action…</source>
        <translation>&amp;Abandonner l&apos;action en échec…</translation>
    </message>
    <message>
        <source>Shift &amp;handover summary</source>
        <translation>&amp;Synthèse de passation de poste</translation>
    </message>
    <message>
        <source>&amp;Clusters to CSV…</source>
        <translation>&amp;Groupes en CSV…</translation>
    </message>
    <message>
        <source>Export clusters</source>
        <translation>Exporter les groupes</translation>
    </message>
    <message>
        <source>&amp;Holds to CSV…</source>
        <translation>&amp;Blocages en CSV…</translation>
    </message>
    <message>
        <source>Export holds</source>
        <translation>Exporter les blocages</translation>
    </message>
    <message>
        <source>&amp;Audit log to CSV…</source>
        <translation>&amp;Journal d&apos;audit en CSV…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Exporter le journal d&apos;audit</translation>
    </message>
    <message>
        <source>Action #%1 failed: %2</source>
        <translation>Action n° %1 en échec : %2</translation>
    </message>
    <message>
        <source>No team store: decisions cannot be recorded.</source>
        <translation>Pas de base d&apos;équipe : les décisions ne peuvent pas être enregistrées.</translation>
    </message>
    <message>
        <source>Select a duplicate cluster first.</source>
        <translation>Sélectionnez d&apos;abord un groupe de doublons.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Non effectué</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>Résoudre %1</translation>
    </message>
    <message>
        <source>Keep %1 and cancel %2 in Odoo?</source>
        <translation>Conserver %1 et annuler %2 dans Odoo ?</translation>
    </message>
    <message>
        <source>%1: keeping %2, cancelling %3 (action #%4 queued).</source>
        <translation>%1 : %2 conservée, %3 annulée (action n° %4 en file).</translation>
    </message>
    <message>
        <source>Mark %1 distinct</source>
        <translation>Marquer %1 comme distinct</translation>
    </message>
    <message>
        <source>Why are these orders different demands?</source>
        <translation>Pourquoi ces commandes sont-elles des demandes différentes ?</translation>
    </message>
    <message>
        <source>Give a reason: the next planner needs to know why.</source>
        <translation>Indiquez un motif : le planificateur suivant doit savoir pourquoi.</translation>
    </message>
    <message>
        <source>%1 marked distinct.</source>
        <translation>%1 marqué comme distinct.</translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation>Transmettre %1 à un responsable</translation>
    </message>
    <message>
        <source>%1 escalated.</source>
        <translation>%1 transmis à un responsable.</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>Commenter %1</translation>
    </message>
    <message>
        <source>Note for the order&apos;s chatter in Odoo:</source>
        <translation>Note pour le chatter de la commande dans Odoo :</translation>
    </message>
    <message>
        <source>Comment on %1 queued.</source>
        <translation>Commentaire sur %1 mis en file.</translation>
    </message>
    <message>
        <source>%1 is yours.</source>
        <translation>%1 est à vous.</translation>
    </message>
    <message>
        <source>%1 is free for others.</source>
        <translation>%1 est libre pour les autres.</translation>
    </message>
    <message>
        <source>No failed action to retry or abandon.</source>
        <translation>Aucune action en échec à réessayer ou abandonner.</translation>
    </message>
    <message>
        <source>Action #%1 queued again.</source>
        <translation>Action n° %1 remise en file.</translation>
    </message>
    <message>
        <source>Abandon action #%1</source>
        <translation>Abandonner l&apos;action n° %1</translation>
    </message>
    <message>
        <source>Why is it given up?</source>
        <translation>Pourquoi l&apos;abandonner ?</translation>
    </message>
    <message>
        <source>Action #%1 abandoned.</source>
        <translation>Action n° %1 abandonnée.</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>Passation de poste</translation>
    </message>
    <message>
        <source>Shift handover summary</source>
        <translation>Synthèse de passation de poste</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 enregistré.</translation>
    </message>
    <message>
        <source>O2C Cockpit</source>
        <translation>O2C Cockpit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>Show the &amp;alert&apos;s screen</source>
        <translation>Afficher l&apos;écran de l&apos;&amp;alerte</translation>
    </message>
    <message>
        <source>&amp;Dismiss alerts</source>
        <translation>&amp;Masquer les alertes</translation>
    </message>
    <message>
        <source>C&amp;harts to CSV…</source>
        <translation>Grap&amp;hiques en CSV…</translation>
    </message>
    <message>
        <source>Export chart figures</source>
        <translation>Exporter les chiffres des graphiques</translation>
    </message>
    <message>
        <source>Clusters to &amp;PDF…</source>
        <translation>Groupes en &amp;PDF…</translation>
    </message>
    <message>
        <source>Holds to P&amp;DF…</source>
        <translation>Blocages en P&amp;DF…</translation>
    </message>
    <message>
        <source>Charts to PD&amp;F…</source>
        <translation>Graphiques en PD&amp;F…</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Exporter les graphiques</translation>
    </message>
    <message>
        <source>Shift &amp;report (PDF)…</source>
        <translation>&amp;Rapport de poste (PDF)…</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Rapport de poste</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
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
            <numerusform>Travail hors ligne : Odoo est injoignable (%1). %n commande affichée est conservée sur cet ordinateur ; elle se met à jour dès qu’Odoo répond à nouveau.</numerusform>
            <numerusform>Travail hors ligne : Odoo est injoignable (%1). Les %n commandes affichées sont conservées sur cet ordinateur ; elles se mettent à jour dès qu’Odoo répond à nouveau.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applying the new duplicate rules…</source>
        <translation>Application des nouvelles règles de doublons…</translation>
    </message>
    <message>
        <source>The new duplicate rules are in force.</source>
        <translation>Les nouvelles règles de doublons sont en vigueur.</translation>
    </message>
    <message>
        <source>What should the lead decide about %1?</source>
        <translation>Que doit décider le responsable au sujet de %1 ?</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderDetailPage</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Chronologie de la commande à l&apos;encaissement</translation>
    </message>
    <message>
        <source>Identity graph</source>
        <translation>Graphe d&apos;identité</translation>
    </message>
    <message>
        <source>%1 — %2, %3, %4, %5</source>
        <translation>%1 — %2, %3, %4, %5</translation>
    </message>
    <message>
        <source>No order picked yet: search for one on the left, or pick one of the most recent.</source>
        <translation>Aucune commande choisie : cherchez-en une à gauche ou choisissez l&apos;une des plus récentes.</translation>
    </message>
    <message>
        <source>Find an &amp;order:</source>
        <translation>Chercher une c&amp;ommande :</translation>
    </message>
    <message>
        <source>Name, customer reference or customer</source>
        <translation>Nom, référence client ou client</translation>
    </message>
    <message>
        <source>Find an order</source>
        <translation>Chercher une commande</translation>
    </message>
    <message>
        <source>Matching orders</source>
        <translation>Commandes correspondantes</translation>
    </message>
    <message>
        <source>Pick an order on the left to see its way through the systems.</source>
        <translation>Choisissez une commande à gauche pour voir son parcours à travers les systèmes.</translation>
    </message>
    <message>
        <source>No order matches %1. Check the name, or wait for the next sync.</source>
        <translation>Aucune commande ne correspond à %1. Vérifiez le nom ou attendez la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, created %3</source>
        <translation>%1, %2, créée le %3</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderTableModel</name>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Bloqué</translation>
    </message>
    <message>
        <source>Manufacturing is held for %1: no manufacturing demand, reservation or procurement proceeds from it until the hold is released.</source>
        <translation>La fabrication de %1 est bloquée : aucun besoin de fabrication, aucune réservation ni aucun approvisionnement n&apos;en découle avant la levée du blocage.</translation>
    </message>
    <message>
        <source>Possible duplicate: see cluster %1</source>
        <translation>Doublon possible : voir le groupe %1</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Réf. client</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <source>MRP hold</source>
        <translation>Blocage de fabrication</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
</context>
<context>
    <name>o2c::ui::PdfExport</name>
    <message>
        <source>The folder %1 does not exist. Choose another place for the file.</source>
        <translation>Le dossier %1 n&apos;existe pas. Choisissez un autre emplacement pour le fichier.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder is writable and the file is not open in another program.</source>
        <translation>%1 n&apos;a pas pu être écrit. Vérifiez que le dossier est accessible en écriture et que le fichier n&apos;est pas ouvert dans un autre programme.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 sur %2</translation>
    </message>
    <message>
        <source>%1 could not be completed. Check the free space on the disk.</source>
        <translation>%1 n&apos;a pas pu être terminé. Vérifiez l&apos;espace libre sur le disque.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::RulesAccess</name>
    <message>
        <source>No team store: the rules can be viewed, not changed.</source>
        <translation>Pas de base d&apos;équipe : les règles peuvent être consultées, pas modifiées.</translation>
    </message>
    <message>
        <source>The rules were not saved: %1. Correct the rules and save again.</source>
        <translation>Les règles n&apos;ont pas été enregistrées : %1. Corrigez les règles et enregistrez à nouveau.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Sections des paramètres</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Connexions</translation>
    </message>
    <message>
        <source>Duplicate &amp;rules</source>
        <translation>&amp;Règles de doublons</translation>
    </message>
    <message>
        <source>A&amp;lerts and shift</source>
        <translation>A&amp;lertes et poste</translation>
    </message>
    <message>
        <source>Appea&amp;rance</source>
        <translation>Appa&amp;rence</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Connexions enregistrées</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nouvelle</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Nouvelle connexion</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Suppri&amp;mer</translation>
    </message>
    <message>
        <source>Remove the selected connection</source>
        <translation>Supprimer la connexion choisie</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Nom de la connexion</translation>
    </message>
    <message>
        <source>Plant Lyon production</source>
        <translation>Usine de Lyon production</translation>
    </message>
    <message>
        <source>Odoo server address</source>
        <translation>Adresse du serveur Odoo</translation>
    </message>
    <message>
        <source>Odoo database</source>
        <translation>Base de données Odoo</translation>
    </message>
    <message>
        <source>Odoo login</source>
        <translation>Identifiant Odoo</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Mot de passe ou clé d&apos;API</translation>
    </message>
    <message>
        <source>Empty: keep the stored one</source>
        <translation>Vide : garder celui enregistré</translation>
    </message>
    <message>
        <source>This is a &amp;production database</source>
        <translation>Ceci est une base de &amp;production</translation>
    </message>
    <message>
        <source>Production database</source>
        <translation>Base de production</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Adresse du serveur :</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de données :</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>Passwords and API keys go to the system keychain, never into the settings file. Production connections are marked red on every window; staging ones teal.</source>
        <translation>Les mots de passe et clés d&apos;API vont dans le trousseau du système, jamais dans le fichier de paramètres. Les connexions de production sont marquées en rouge sur chaque fenêtre, celles de préproduction en bleu-vert.</translation>
    </message>
    <message>
        <source>&amp;Save connection</source>
        <translation>&amp;Enregistrer la connexion</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Enregistrer la connexion</translation>
    </message>
    <message>
        <source>&amp;Use at next start</source>
        <translation>&amp;Utiliser au prochain démarrage</translation>
    </message>
    <message>
        <source>Use this connection at the next start</source>
        <translation>Utiliser cette connexion au prochain démarrage</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Supprimer la connexion</translation>
    </message>
    <message>
        <source>Remove the connection %1 and forget its password?</source>
        <translation>Supprimer la connexion %1 et oublier son mot de passe ?</translation>
    </message>
    <message>
        <source>%1 — production</source>
        <translation>%1 — production</translation>
    </message>
    <message>
        <source>%1 — staging</source>
        <translation>%1 — préproduction</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (en cours d&apos;utilisation)</translation>
    </message>
    <message>
        <source>%1 (at next start)</source>
        <translation>%1 (au prochain démarrage)</translation>
    </message>
    <message>
        <source>%1, database %2, login %3</source>
        <translation>%1, base %2, identifiant %3</translation>
    </message>
    <message>
        <source>Give the connection a name.</source>
        <translation>Donnez un nom à la connexion.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already; choose another name.</source>
        <translation>Une connexion nommée %1 existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>The server address must be an http or https address, e.g. https://erp.example.com.</source>
        <translation>L&apos;adresse du serveur doit être une adresse http ou https, p. ex. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Name the Odoo database.</source>
        <translation>Indiquez la base de données Odoo.</translation>
    </message>
    <message>
        <source>Give the Odoo login.</source>
        <translation>Indiquez l&apos;identifiant Odoo.</translation>
    </message>
    <message>
        <source>No keychain is available here: the password was not stored and will be asked at sign-in.</source>
        <translation>Aucun trousseau n&apos;est disponible ici : le mot de passe n&apos;a pas été enregistré et sera demandé à la connexion.</translation>
    </message>
    <message>
        <source>The password was not stored in the keychain (%1); it will be asked at sign-in.</source>
        <translation>Le mot de passe n&apos;a pas été enregistré dans le trousseau (%1) ; il sera demandé à la connexion.</translation>
    </message>
    <message>
        <source>Connection %1 saved.</source>
        <translation>Connexion %1 enregistrée.</translation>
    </message>
    <message>
        <source>Connection %1 saved. %2</source>
        <translation>Connexion %1 enregistrée. %2</translation>
    </message>
    <message>
        <source>Connection %1 removed.</source>
        <translation>Connexion %1 supprimée.</translation>
    </message>
    <message>
        <source>Connection %1 removed; its password could not be removed from the keychain: %2</source>
        <translation>Connexion %1 supprimée ; son mot de passe n&apos;a pas pu être retiré du trousseau : %2</translation>
    </message>
    <message>
        <source>Select a saved connection first.</source>
        <translation>Choisissez d&apos;abord une connexion enregistrée.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (PRODUCTION) when it starts again.</source>
        <translation>Le cockpit se connectera à %1 (PRODUCTION) au prochain démarrage.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (staging) when it starts again.</source>
        <translation>Le cockpit se connectera à %1 (préproduction) au prochain démarrage.</translation>
    </message>
    <message>
        <source>Restart the cockpit</source>
        <translation>Redémarrer le cockpit</translation>
    </message>
    <message>
        <source>%1 Restart now? Queued actions are kept and sent after the restart.</source>
        <translation>%1 Redémarrer maintenant ? Les actions en file sont conservées et envoyées après le redémarrage.</translation>
    </message>
    <message>
        <source>Duplicate threshold</source>
        <translation>Seuil de doublon</translation>
    </message>
    <message>
        <source>Suspect threshold</source>
        <translation>Seuil de suspicion</translation>
    </message>
    <message>
        <source>&amp;Duplicate at a score of at least:</source>
        <translation>&amp;Doublon à partir d&apos;un score de :</translation>
    </message>
    <message>
        <source>&amp;Suspect at a score of at least:</source>
        <translation>&amp;Suspect à partir d&apos;un score de :</translation>
    </message>
    <message>
        <source>A pair of orders scores the sum of its evidence&apos;s weights (see the comparison on the duplicate desk). Every weight, tolerance, window and customer override is in the rules below.</source>
        <translation>Une paire de commandes obtient la somme des poids de ses indices (voir la comparaison du poste des doublons). Tous les poids, tolérances, fenêtres et exceptions par client figurent dans les règles ci-dessous.</translation>
    </message>
    <message>
        <source>R&amp;ules (JSON):</source>
        <translation>Règ&amp;les (JSON) :</translation>
    </message>
    <message>
        <source>Duplicate rules</source>
        <translation>Règles de doublons</translation>
    </message>
    <message>
        <source>Save &amp;rules for the team</source>
        <translation>&amp;Enregistrer les règles pour l&apos;équipe</translation>
    </message>
    <message>
        <source>Save the duplicate rules for the team</source>
        <translation>Enregistrer les règles de doublons pour l&apos;équipe</translation>
    </message>
    <message>
        <source>&amp;Open rules file…</source>
        <translation>&amp;Ouvrir un fichier de règles…</translation>
    </message>
    <message>
        <source>Open a rules file</source>
        <translation>Ouvrir un fichier de règles</translation>
    </message>
    <message>
        <source>&amp;Export rules file…</source>
        <translation>E&amp;xporter un fichier de règles…</translation>
    </message>
    <message>
        <source>Export the rules to a file</source>
        <translation>Exporter les règles dans un fichier</translation>
    </message>
    <message>
        <source>&amp;Built-in rules</source>
        <translation>Règles &amp;intégrées</translation>
    </message>
    <message>
        <source>Put the built-in rules in the editor</source>
        <translation>Mettre les règles intégrées dans l&apos;éditeur</translation>
    </message>
    <message>
        <source>Open rules file</source>
        <translation>Ouvrir un fichier de règles</translation>
    </message>
    <message>
        <source>Rules files (*.json)</source>
        <translation>Fichiers de règles (*.json)</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>%1 n&apos;a pas pu être lu : %2</translation>
    </message>
    <message>
        <source>Export rules file</source>
        <translation>Exporter un fichier de règles</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 n&apos;a pas pu être écrit : %2</translation>
    </message>
    <message>
        <source>Rules written to %1.</source>
        <translation>Règles écrites dans %1.</translation>
    </message>
    <message>
        <source>%1 You may change them: every change is recorded in the audit log.</source>
        <translation>%1 Vous pouvez les modifier : chaque modification est consignée dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Store the rules in the team store</source>
        <translation>Enregistrer les règles dans la base d&apos;équipe</translation>
    </message>
    <message>
        <source>The duplicate rules are saved for the team and recorded in the audit log.</source>
        <translation>Les règles de doublons sont enregistrées pour l&apos;équipe et consignées dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>These rules cannot be used: %1</source>
        <translation>Ces règles ne sont pas utilisables : %1</translation>
    </message>
    <message>
        <source>An alert is raised once when a figure reaches its threshold: a notice above the screens and, where the desktop has one, a notification in the system tray. It is raised again only after the figure went back below.</source>
        <translation>Une alerte est levée une fois quand un chiffre atteint son seuil : un bandeau au-dessus des écrans et, si le bureau en a une, une notification dans la zone de notification. Elle n&apos;est levée à nouveau qu&apos;après être repassée sous le seuil.</translation>
    </message>
    <message>
        <source>Duplicate rate threshold</source>
        <translation>Seuil du taux de doublons</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Backlog threshold</source>
        <translation>Seuil de l&apos;arriéré</translation>
    </message>
    <message>
        <source>Queue depth threshold</source>
        <translation>Seuil de la longueur de file</translation>
    </message>
    <message>
        <source>Latency threshold</source>
        <translation>Seuil de latence</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Failures threshold</source>
        <translation>Seuil des échecs</translation>
    </message>
    <message>
        <source>Cluster SLA in hours</source>
        <translation>SLA des groupes en heures</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>&amp;Duplicate rate today at least:</source>
        <translation>Taux de &amp;doublons aujourd&apos;hui d&apos;au moins :</translation>
    </message>
    <message>
        <source>&amp;Backlog: open duplicate clusters at least:</source>
        <translation>&amp;Arriéré : groupes de doublons ouverts d&apos;au moins :</translation>
    </message>
    <message>
        <source>&amp;Queue depth: actions waiting for Odoo at least:</source>
        <translation>&amp;File : actions en attente d&apos;Odoo d&apos;au moins :</translation>
    </message>
    <message>
        <source>&amp;Latency of a sync pass at least:</source>
        <translation>&amp;Latence d&apos;un passage de synchronisation d&apos;au moins :</translation>
    </message>
    <message>
        <source>&amp;Failures: failed passes in a row plus failed actions at least:</source>
        <translation>É&amp;checs : passages échoués d&apos;affilée plus actions échouées, au moins :</translation>
    </message>
    <message>
        <source>The duplicate rate is judged once a day has at least %1 orders.</source>
        <translation>Le taux de doublons est évalué dès qu&apos;une journée compte au moins %1 commandes.</translation>
    </message>
    <message>
        <source>Cluster &amp;SLA: decided within</source>
        <translation>&amp;SLA des groupes : décidé sous</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Follow the system (%1)</source>
        <translation>Comme le système (%1)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Thème :</translation>
    </message>
    <message>
        <source>A new language takes effect when the cockpit starts again; the theme changes at once.</source>
        <translation>Une nouvelle langue s&apos;applique au prochain démarrage du cockpit ; le thème change immédiatement.</translation>
    </message>
    <message>
        <source>Restart &amp;now</source>
        <translation>Redémarrer &amp;maintenant</translation>
    </message>
    <message>
        <source>Restart the cockpit now</source>
        <translation>Redémarrer le cockpit maintenant</translation>
    </message>
    <message>
        <source>The cockpit speaks %1 when it starts again; the theme changes at once.</source>
        <translation>Au prochain démarrage, le cockpit sera en %1 ; le thème change immédiatement.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force, since %1.</source>
        <translation>La base d&apos;équipe ne contient pas de règles propres : les règles de doublons intégrées ci-dessous sont en vigueur depuis %1.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force.</source>
        <translation>La base d&apos;équipe ne contient pas de règles propres : les règles de doublons intégrées ci-dessous sont en vigueur.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit since %1.</source>
        <translation>Voici les règles de doublons de l&apos;équipe, conservées dans la base d&apos;équipe et en vigueur dans ce cockpit depuis %1.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit.</source>
        <translation>Voici les règles de doublons de l&apos;équipe, conservées dans la base d&apos;équipe et en vigueur dans ce cockpit.</translation>
    </message>
    <message>
        <source>No connection is saved yet: fill in the form and choose Save connection. A connection you sign in to joins the list.</source>
        <translation>Aucune connexion n&apos;est encore enregistrée : remplissez le formulaire et choisissez « Enregistrer la connexion ». Une connexion à laquelle vous vous connectez rejoint la liste.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftQueuePage</name>
    <message>
        <source>Resolve</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <source>Mark distinct</source>
        <translation>Marquage comme distinct</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Blocage</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libération</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Transmission</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Prise en charge</translation>
    </message>
    <message>
        <source>Unclaim</source>
        <translation>Fin de prise en charge</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>En envoi</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonnée</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>File des exceptions</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Afficher :</translation>
    </message>
    <message>
        <source>Which clusters to show</source>
        <translation>Groupes à afficher</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>Tous les ouverts</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Les miens</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Non attribués</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Transmis</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valeur à risque</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Pris en charge par</translation>
    </message>
    <message>
        <source>Actions waiting or failed</source>
        <translation>Actions en attente ou en échec</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Tentatives</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Dernière erreur</translation>
    </message>
    <message>
        <source>No orders are loaded.</source>
        <translation>Aucune commande n&apos;est chargée.</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 restant</translation>
    </message>
    <message>
        <source>breached by %1</source>
        <translation>dépassé de %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <source>The SLA of %1 h is breached.</source>
        <translation>Le SLA de %1 h est dépassé.</translation>
    </message>
    <message>
        <source>Shift handover, %1</source>
        <translation>Passation de poste, %1</translation>
    </message>
    <message>
        <source>Largest open clusters:</source>
        <translation>Plus grands groupes ouverts :</translation>
    </message>
    <message>
        <source>- %1 %2: %3, waiting %4, %5</source>
        <translation>- %1 %2 : %3, en attente depuis %4, %5</translation>
    </message>
    <message>
        <source>Actions still open:</source>
        <translation>Actions encore ouvertes :</translation>
    </message>
    <message>
        <source>- #%1 %2 %3: %4</source>
        <translation>- n° %1 %2 %3 : %4</translation>
    </message>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n groupe ouvert : à moi %1, non attribués %2, transmis %3, au-delà du SLA de %5 h %4. Actions : en attente %6, en échec %7.</numerusform>
            <numerusform>%n groupes ouverts : à moi %1, non attribués %2, transmis %3, au-delà du SLA de %5 h %4. Actions : en attente %6, en échec %7.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Nouvelle tentative</translation>
    </message>
    <message>
        <source>A&amp;pprove escalation…</source>
        <translation>A&amp;pprouver la transmission…</translation>
    </message>
    <message>
        <source>Dec&amp;line escalation…</source>
        <translation>Re&amp;fuser la transmission…</translation>
    </message>
    <message>
        <source>Release &amp;my claims</source>
        <translation>Libérer &amp;mes prises en charge</translation>
    </message>
    <message>
        <source>End of shift: every cluster you claimed becomes free for the next planner.</source>
        <translation>Fin de poste : chaque groupe que vous avez pris en charge redevient libre pour le planificateur suivant.</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Prochaine tentative</translation>
    </message>
    <message>
        <source>Claims not released</source>
        <translation>Prises en charge non libérées</translation>
    </message>
    <message>
        <source>No team store: escalations cannot be decided.</source>
        <translation>Pas de base d&apos;équipe : les transmissions ne peuvent pas être tranchées.</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead.</source>
        <translation>Seul un responsable peut approuver ou refuser une transmission ; %1 n&apos;est pas responsable.</translation>
    </message>
    <message>
        <source>Select an escalated cluster first.</source>
        <translation>Sélectionnez d&apos;abord un groupe transmis.</translation>
    </message>
    <message>
        <source>%1 has no open escalation.</source>
        <translation>%1 n&apos;a pas de transmission ouverte.</translation>
    </message>
    <message>
        <source>Approve the escalation of %1</source>
        <translation>Approuver la transmission de %1</translation>
    </message>
    <message>
        <source>Decline the escalation of %1</source>
        <translation>Refuser la transmission de %1</translation>
    </message>
    <message>
        <source>No team store: there are no claims.</source>
        <translation>Pas de base d&apos;équipe : il n&apos;y a pas de prises en charge.</translation>
    </message>
    <message>
        <source>Select a cluster with an open escalation first.</source>
        <translation>Sélectionnez d&apos;abord un groupe avec une transmission ouverte.</translation>
    </message>
    <message>
        <source>Approve escalation of %1</source>
        <translation>Approuver la transmission de %1</translation>
    </message>
    <message>
        <source>Decline escalation of %1</source>
        <translation>Refuser la transmission de %1</translation>
    </message>
    <message>
        <source>Note for the planner (optional):</source>
        <translation>Note pour le planificateur (facultatif) :</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>Pourquoi est-elle refusée ?</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Non effectué</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (par %2)</translation>
    </message>
    <message>
        <source>waits for a planner</source>
        <translation>attend un planificateur</translation>
    </message>
    <message>
        <source>A transient failure: sent again by itself at %1.</source>
        <translation>Un échec passager : renvoyée automatiquement à %1.</translation>
    </message>
    <message numerus="yes">
        <source>Odoo could not be reached in %n attempt(s): retry or abandon it.</source>
        <translation>
            <numerusform>Odoo est resté injoignable en %n tentative : relancez-la ou abandonnez-la.</numerusform>
            <numerusform>Odoo est resté injoignable en %n tentatives : relancez-la ou abandonnez-la.</numerusform>
        </translation>
    </message>
    <message>
        <source>Odoo refused it: fix the cause, then retry or abandon it.</source>
        <translation>Odoo l&apos;a refusée : corrigez la cause, puis relancez-la ou abandonnez-la.</translation>
    </message>
    <message>
        <source>Requeue job</source>
        <translation>Remettre la tâche en file</translation>
    </message>
    <message>
        <source>Release from quarantine</source>
        <translation>Libérer de la quarantaine</translation>
    </message>
    <message>
        <source>Reject in the hub</source>
        <translation>Rejeter dans le hub</translation>
    </message>
    <message>
        <source>Replay through the hub</source>
        <translation>Renvoyer via le hub</translation>
    </message>
    <message>
        <source>No action is waiting for Odoo or has failed.</source>
        <translation>Aucune action n&apos;attend Odoo ni n&apos;a échoué.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Rapport de poste</translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation>Préparé par %1 le %2</translation>
    </message>
    <message>
        <source>Figures from %1 to %2</source>
        <translation>Chiffres du %1 au %2</translation>
    </message>
    <message>
        <source>Orders created</source>
        <translation>Commandes créées</translation>
    </message>
    <message>
        <source>Duplicate orders found</source>
        <translation>Doublons trouvés</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Taux de doublons</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Value at risk (still open)</source>
        <translation>Valeur à risque (encore ouverte)</translation>
    </message>
    <message>
        <source>Value prevented (duplicates cancelled)</source>
        <translation>Valeur évitée (doublons annulés)</translation>
    </message>
    <message>
        <source>Open clusters at the end of the period</source>
        <translation>Groupes ouverts en fin de période</translation>
    </message>
    <message>
        <source>Median hours to resolve, last day</source>
        <translation>Médiane des heures de résolution, dernier jour</translation>
    </message>
    <message>
        <source>Active alerts</source>
        <translation>Alertes actives</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Open duplicate clusters (%1)</source>
        <translation>Groupes de doublons ouverts (%1)</translation>
    </message>
    <message>
        <source>None: every cluster is decided.</source>
        <translation>Aucun : chaque groupe est décidé.</translation>
    </message>
    <message>
        <source>Holds (%1)</source>
        <translation>Blocages (%1)</translation>
    </message>
    <message>
        <source>No order is held.</source>
        <translation>Aucune commande n&apos;est bloquée.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>Violations</translation>
    </message>
    <message>
        <source>No held order was confirmed or produced anyway.</source>
        <translation>Aucune commande bloquée n&apos;a été confirmée ou fabriquée malgré tout.</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Passation</translation>
    </message>
    <message>
        <source>No cluster is claimed by anyone.</source>
        <translation>Aucun groupe n&apos;est pris en charge.</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Pris en charge par</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Decided during the shift</source>
        <translation>Décidé pendant le poste</translation>
    </message>
    <message>
        <source>%1 resolved by %2, keeping %3</source>
        <translation>%1 résolu par %2, conservée : %3</translation>
    </message>
    <message>
        <source>%1 marked distinct by %2</source>
        <translation>%1 marqué distinct par %2</translation>
    </message>
    <message>
        <source>Handover summary</source>
        <translation>Synthèse de passation</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SignInDialog</name>
    <message>
        <source>Connect to Odoo</source>
        <translation>Se connecter à Odoo</translation>
    </message>
    <message>
        <source>https://erp.example.com</source>
        <translation>https://erp.example.com</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Mot de passe ou clé API</translation>
    </message>
    <message>
        <source>This is the production database</source>
        <translation>C&apos;est la base de production</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Mémoriser le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Serveur :</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de données :</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <source>&amp;Password or API key:</source>
        <translation>&amp;Mot de passe ou clé API :</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Stage</name>
    <message>
        <source>Quotation</source>
        <translation>Devis</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmée</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fabrication</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Réservée</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Produite</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturée</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SupervisorChartsPage</name>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Du :</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Premier jour</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Au :</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Dernier jour</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>&amp;Mettre à jour</translation>
    </message>
    <message>
        <source>Duplicates per channel per day</source>
        <translation>Doublons par canal et par jour</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Taux de doublons</translation>
    </message>
    <message>
        <source>Value at risk and value prevented</source>
        <translation>Valeur à risque et valeur évitée</translation>
    </message>
    <message>
        <source>Backlog and time to resolve</source>
        <translation>Arriéré et délai de résolution</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Santé des intégrations</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>doublons</translation>
    </message>
    <message>
        <source>duplicates per 100 orders</source>
        <translation>doublons pour 100 commandes</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>à risque</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>évité</translation>
    </message>
    <message>
        <source>open clusters</source>
        <translation>groupes ouverts</translation>
    </message>
    <message>
        <source>median hours to resolve</source>
        <translation>médiane des heures de résolution</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>groupes</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>heures</translation>
    </message>
    <message>
        <source>records per pass</source>
        <translation>enregistrements par passe</translation>
    </message>
    <message>
        <source>failed passes</source>
        <translation>passes en échec</translation>
    </message>
    <message>
        <source>latency (ms)</source>
        <translation>latence (ms)</translation>
    </message>
    <message>
        <source>outbox queue depth</source>
        <translation>profondeur de la boîte d&apos;envoi</translation>
    </message>
    <message>
        <source>acknowledged actions (%)</source>
        <translation>actions acquittées (%)</translation>
    </message>
    <message>
        <source>time</source>
        <translation>heure</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Integration health — no sync passes in this range</source>
        <translation>Santé des intégrations — aucune passe de synchronisation sur cette période</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicates found, %1 still at risk, %2 prevented.</source>
        <translation>
            <numerusform>%n doublon trouvé, %1 encore à risque, %2 évités.</numerusform>
            <numerusform>%n doublons trouvés, %1 encore à risque, %2 évités.</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Duplicates via %1</source>
        <translation>Doublons via %1</translation>
    </message>
    <message>
        <source>Duplicate rate (%)</source>
        <translation>Taux de doublons (%)</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valeur à risque</translation>
    </message>
    <message>
        <source>Value prevented</source>
        <translation>Valeur évitée</translation>
    </message>
    <message>
        <source>Open clusters</source>
        <translation>Groupes ouverts</translation>
    </message>
    <message>
        <source>Median hours to resolve</source>
        <translation>Médiane des heures de résolution</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>count, %</source>
        <translation>nombre, %</translation>
    </message>
    <message>
        <source>hub orders per minute</source>
        <translation>commandes du hub par minute</translation>
    </message>
    <message>
        <source>hub queue depth</source>
        <translation>profondeur de file du hub</translation>
    </message>
    <message>
        <source>hub failures</source>
        <translation>échecs du hub</translation>
    </message>
    <message>
        <source>hub acknowledged by Odoo (%)</source>
        <translation>hub : confirmées par Odoo (%)</translation>
    </message>
    <message>
        <source>hub latency, 95th percentile (ms)</source>
        <translation>latence du hub, 95e centile (ms)</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SwimLaneTimeline</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Chronologie de la commande à l&apos;encaissement</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 dans %2</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Middleware</source>
        <translation>Middleware</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventes</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fabrication</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>Entrepôt</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finance</translation>
    </message>
    <message>
        <source>Cockpit</source>
        <translation>Cockpit</translation>
    </message>
    <message>
        <source>Quote created</source>
        <translation>Devis créé</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Commande confirmée</translation>
    </message>
    <message>
        <source>Production released</source>
        <translation>Production lancée</translation>
    </message>
    <message>
        <source>Stock reserved</source>
        <translation>Stock réservé</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Produite</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Expédiée</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturée</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Modifiée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Retournée</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Avoir</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Bloqué</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Libérée</translation>
    </message>
    <message>
        <source>Hold breached</source>
        <translation>Blocage enfreint</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Soumise</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>En quarantaine</translation>
    </message>
    <message>
        <source>Intake update</source>
        <translation>Mise à jour de réception</translation>
    </message>
    <message>
        <source>Duplicate flagged</source>
        <translation>Doublon signalé</translation>
    </message>
    <message>
        <source>Duplicate resolved</source>
        <translation>Doublon résolu</translation>
    </message>
    <message>
        <source>No events recorded for this order.</source>
        <translation>Aucun événement enregistré pour cette commande.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Time</name>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>il y a %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>il y a %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>il y a %1 h</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>il y a %1 j</translation>
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
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 j</translation>
    </message>
</context>
</TS>
