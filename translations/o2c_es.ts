<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>LocalOrderStore</name>
    <message>
        <source>The local order store %1 could not be read (%2). It was set aside as %3 and the cockpit reads every order from Odoo again.</source>
        <translation>No se pudo leer el almacén local de pedidos %1 (%2). Se ha apartado como %3 y el cockpit vuelve a leer todos los pedidos desde Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be read or created (%2). The cockpit works without it: every start reads all orders from Odoo.</source>
        <translation>No se pudo leer ni crear el almacén local de pedidos %1 (%2). El cockpit funciona sin él: cada inicio lee todos los pedidos desde Odoo.</translation>
    </message>
    <message>
        <source>The local order store %1 could not be written (%2). The cockpit keeps working; the next start reads the missing orders from Odoo again.</source>
        <translation>No se pudo escribir el almacén local de pedidos %1 (%2). El cockpit sigue funcionando; el próximo inicio vuelve a leer desde Odoo los pedidos que falten.</translation>
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
        <translation>tienda online</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>dealer portal</source>
        <translation>portal de distribuidores</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>correo electrónico</translation>
    </message>
    <message>
        <source>manual entry</source>
        <translation>entrada manual</translation>
    </message>
    <message>
        <source>unknown channel</source>
        <translation>canal desconocido</translation>
    </message>
    <message numerus="yes">
        <source>%n seconds apart</source>
        <translation>
            <numerusform>%n segundo de diferencia</numerusform>
            <numerusform>%n segundos de diferencia</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minutes apart</source>
        <translation>
            <numerusform>%n minuto de diferencia</numerusform>
            <numerusform>%n minutos de diferencia</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hours apart</source>
        <translation>
            <numerusform>%n hora de diferencia</numerusform>
            <numerusform>%n horas de diferencia</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days apart</source>
        <translation>
            <numerusform>%n día de diferencia</numerusform>
            <numerusform>%n días de diferencia</numerusform>
        </translation>
    </message>
    <message>
        <source>same customer (%1)</source>
        <translation>mismo cliente (%1)</translation>
    </message>
    <message>
        <source>same VAT %1 on two partner records (%2)</source>
        <translation>mismo NIF-IVA %1 en dos registros de contacto (%2)</translation>
    </message>
    <message>
        <source>same GLN %1 on two partner records (%2)</source>
        <translation>mismo GLN %1 en dos registros de contacto (%2)</translation>
    </message>
    <message>
        <source>same customer name without legal form (%1)</source>
        <translation>mismo nombre de cliente sin forma jurídica (%1)</translation>
    </message>
    <message>
        <source>customer names one typing slip apart, no tax id conflict (%1)</source>
        <translation>nombres de cliente que difieren en un error tipográfico, sin conflicto de NIF (%1)</translation>
    </message>
    <message>
        <source>different customers (%1)</source>
        <translation>clientes distintos (%1)</translation>
    </message>
    <message>
        <source>same PO after normalization (%1)</source>
        <translation>mismo n.º de pedido del cliente tras normalizar (%1)</translation>
    </message>
    <message>
        <source>different references (%1)</source>
        <translation>referencias distintas (%1)</translation>
    </message>
    <message>
        <source>reference only on one order</source>
        <translation>referencia solo en un pedido</translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical (a line split in two: %1 vs %2 lines)</source>
        <translation>
            <numerusform>%n de %n línea idéntica (una línea dividida en dos: %1 frente a %2 líneas)</numerusform>
            <numerusform>%n de %n líneas idénticas (una línea dividida en dos: %1 frente a %2 líneas)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %n lines identical</source>
        <translation>
            <numerusform>%n de %n línea idéntica</numerusform>
            <numerusform>%n de %n líneas idénticas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quantities changed</source>
        <translation>
            <numerusform>%n cantidad modificada</numerusform>
            <numerusform>%n cantidades modificadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n products added to %1 in common</source>
        <translation>
            <numerusform>%n producto añadido a %1 en común</numerusform>
            <numerusform>%n productos añadidos a %1 en común</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 products in common</source>
        <translation>%1 de %2 productos en común</translation>
    </message>
    <message>
        <source>no product in common</source>
        <translation>ningún producto en común</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>amounts, then their currency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>totals within tolerance (%1)</source>
        <translation>totales dentro de la tolerancia (%1)</translation>
    </message>
    <message>
        <source>totals differ by %1% (%2)</source>
        <translation>los totales difieren un %1 % (%2)</translation>
    </message>
    <message>
        <source>same ship-to (%1)</source>
        <translation>misma dirección de entrega (%1)</translation>
    </message>
    <message>
        <source>different ship-to (%1 / %2)</source>
        <translation>direcciones de entrega distintas (%1 / %2)</translation>
    </message>
    <message>
        <source>both through %1</source>
        <translation>ambos por %1</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <comment>two sales channels</comment>
        <translation>%1 y %2</translation>
    </message>
    <message>
        <source>same EDI control numbers from one sender (a resubmission)</source>
        <translation>mismos números de control EDI del mismo emisor (un reenvío)</translation>
    </message>
    <message>
        <source>different EDI control numbers</source>
        <translation>números de control EDI distintos</translation>
    </message>
    <message>
        <source>identical payload</source>
        <translation>contenido idéntico</translation>
    </message>
    <message numerus="yes">
        <source>same %n products, %1</source>
        <comment>%1 is the phrase &quot;%n quantities changed&quot;</comment>
        <translation>
            <numerusform>mismo producto (%n), %1</numerusform>
            <numerusform>mismos %n productos, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Cluster %1 was already resolved by %2 at %3 (keeping %4); nothing more to decide.</source>
        <translation>El grupo %1 ya lo resolvió %2 el %3 (se conserva %4); no queda nada por decidir.</translation>
    </message>
    <message>
        <source>Cluster %1 was already marked distinct by %2 at %3.</source>
        <translation>El grupo %1 ya lo marcó como distinto %2 el %3.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish or ask them.</source>
        <translation>%1 ya tiene la acción n.º %2 (%3) de %4, aún %5: espere a que termine o pregúntele.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done. Try again.</source>
        <translation>La base de datos del equipo no está disponible (%1); no se ha hecho nada. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Could not write the action (%1); nothing was sent.</source>
        <translation>No se pudo guardar la acción (%1); no se ha enviado nada.</translation>
    </message>
    <message>
        <source>Action #%1 queued: %2. It is sent to Odoo in the background.</source>
        <translation>Acción n.º %1 en cola: %2. Se envía a Odoo en segundo plano.</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>La base de datos del equipo no está disponible (%1).</translation>
    </message>
    <message>
        <source>Could not record &quot;%1&quot; (%2); nothing changed.</source>
        <translation>No se pudo registrar «%1» (%2); no ha cambiado nada.</translation>
    </message>
    <message>
        <source>Not connected to Odoo: sign in and retry.</source>
        <translation>Sin conexión con Odoo: inicie sesión y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Reading Odoo before acting failed; nothing was sent. %1</source>
        <translation>Falló la lectura de Odoo antes de actuar; no se ha enviado nada. %1</translation>
    </message>
    <message>
        <source>Could not store the plan (%1); nothing was sent.</source>
        <translation>No se pudo guardar el plan (%1); no se ha enviado nada.</translation>
    </message>
    <message>
        <source>chatter note on %1</source>
        <translation>nota en el chatter de %1</translation>
    </message>
    <message>
        <source>cancel %1</source>
        <translation>cancelar %1</translation>
    </message>
    <message>
        <source>HOLD activity on %1</source>
        <translation>actividad HOLD en %1</translation>
    </message>
    <message>
        <source>Manufacturing held from the cockpit by %1.</source>
        <translation>Fabricación retenida desde el cockpit por %1.</translation>
    </message>
    <message>
        <source>cancel manufacturing order %1</source>
        <translation>cancelar la orden de fabricación %1</translation>
    </message>
    <message>
        <source>tag %1 HOLD</source>
        <translation>etiquetar %1 como HOLD</translation>
    </message>
    <message>
        <source>remove the HOLD tag from %1</source>
        <translation>quitar la etiqueta HOLD de %1</translation>
    </message>
    <message>
        <source>Cockpit comment by %1: %2</source>
        <translation>Comentario del cockpit de %1: %2</translation>
    </message>
    <message>
        <source>Cockpit: escalated to a lead by %1 — %2</source>
        <translation>Cockpit: escalado a un responsable por %1 — %2</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo (or you may not read it); nothing was sent.</source>
        <translation>%1 ya no existe en Odoo (o no tiene permiso para leerlo); no se ha enviado nada.</translation>
    </message>
    <message>
        <source>Cockpit: duplicate of %1, which is kept; this order is cancelled (decided by %2).</source>
        <translation>Cockpit: duplicado de %1, que se conserva; este pedido se cancela (decidido por %2).</translation>
    </message>
    <message>
        <source>duplicate of %1</source>
        <translation>duplicado de %1</translation>
    </message>
    <message>
        <source>unreserve the components of %1</source>
        <translation>anular la reserva de los componentes de %1</translation>
    </message>
    <message>
        <source>%1 no longer exists in Odoo.</source>
        <translation>%1 ya no existe en Odoo.</translation>
    </message>
    <message>
        <source>confirm %1</source>
        <translation>confirmar %1</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until it is released.</source>
        <translation>Cockpit: fabricación retenida por %1 — %2. No confirme este presupuesto hasta que se libere.</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1; the order is confirmed.</source>
        <translation>Cockpit: retención liberada por %1; el pedido está confirmado.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2 (advisory: Odoo does not stop production).</source>
        <translation>Cockpit: fabricación retenida por %1 — %2 (aviso: Odoo no detiene la producción).</translation>
    </message>
    <message>
        <source>mark HOLD activity %1 done</source>
        <translation>marcar como hecha la actividad HOLD %1</translation>
    </message>
    <message>
        <source>Released from the cockpit by %1.</source>
        <translation>Liberado desde el cockpit por %1.</translation>
    </message>
    <message>
        <source>reserve the components of %1</source>
        <translation>reservar los componentes de %1</translation>
    </message>
    <message>
        <source>Cockpit: hold released by %1.</source>
        <translation>Cockpit: retención liberada por %1.</translation>
    </message>
    <message>
        <source>Could not read Odoo to see whether &quot;%1&quot; already took effect: %2</source>
        <translation>No se pudo leer Odoo para comprobar si «%1» ya surtió efecto: %2</translation>
    </message>
    <message>
        <source>Could not record a step (%1).</source>
        <translation>No se pudo registrar un paso (%1).</translation>
    </message>
    <message>
        <source>Could not read Odoo before &quot;%1&quot;: %2</source>
        <translation>No se pudo leer Odoo antes de «%1»: %2</translation>
    </message>
    <message>
        <source>Finding or creating the HOLD tag failed: %1</source>
        <translation>Falló la búsqueda o creación de la etiqueta HOLD: %1</translation>
    </message>
    <message>
        <source>Could not record a step before sending (%1); it was not sent.</source>
        <translation>No se pudo registrar un paso antes de enviarlo (%1); no se ha enviado.</translation>
    </message>
    <message>
        <source>Odoo did not do it: it answered %1 instead of true (a confirmation wizard?).</source>
        <translation>Odoo no lo hizo: respondió %1 en lugar de true (¿un asistente de confirmación?).</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4 Retry once the cause is fixed (Odoo is read first, nothing is done twice), or abandon it.</source>
        <translation>El paso %1 de %2 (%3) falló: %4 Reinténtelo cuando se corrija la causa (primero se lee Odoo, nada se hace dos veces) o abandónelo.</translation>
    </message>
    <message>
        <source>The store failed (%1); the action resumes when it is back.</source>
        <translation>La base de datos del equipo falló (%1); la acción se reanudará cuando vuelva.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>the step that failed, then Odoo&apos;s error</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Not connected to Odoo.</source>
        <translation>Sin conexión con Odoo.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: finding or creating the HOLD tag failed (step 1 of 3); nothing was changed.</source>
        <translation>No se retuvo %1: falló la búsqueda o creación de la etiqueta HOLD (paso 1 de 3); no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: tagging the order HOLD failed (step 2 of 3); nothing was changed.</source>
        <translation>No se retuvo %1: falló el etiquetado HOLD del pedido (paso 2 de 3); no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Cockpit: manufacturing held by %1 — %2. Do not confirm this quotation until the hold is released.</source>
        <translation>Cockpit: fabricación retenida por %1 — %2. No confirme este presupuesto hasta que se libere la retención.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: the chatter note failed (step 3 of 3).</source>
        <translation>No se retuvo %1: falló la nota en el chatter (paso 3 de 3).</translation>
    </message>
    <message>
        <source>%1 is held: it stays a quotation, so no manufacturing starts until it is released.</source>
        <translation>%1 está retenido: sigue siendo un presupuesto, así que no empieza ninguna fabricación hasta que se libere.</translation>
    </message>
    <message>
        <source>%1 Removing the HOLD tag again failed too (%2): the order still carries it in Odoo; remove it there or retry.</source>
        <translation>%1 También falló quitar de nuevo la etiqueta HOLD (%2): el pedido aún la tiene en Odoo; quítela allí o vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>%1 The HOLD tag was removed again; the order is as before.</source>
        <translation>%1 Se quitó de nuevo la etiqueta HOLD; el pedido está como antes.</translation>
    </message>
    <message>
        <source>Odoo did not tell the model id for activities.</source>
        <translation>Odoo no indicó el id del modelo para las actividades.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: preparing the HOLD activity failed; nothing was changed.</source>
        <translation>No se retuvo %1: falló la preparación de la actividad HOLD; no se ha cambiado nada.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is held: its %n manufacturing order(s) carry a HOLD activity and their components are unreserved. Odoo does not stop production; the cockpit reports it if it happens.</source>
        <translation>
            <numerusform>%1 está retenido: su %n orden de fabricación tiene una actividad HOLD y sus componentes no están reservados. Odoo no detiene la producción; el cockpit lo avisa si ocurre.</numerusform>
            <numerusform>%1 está retenido: sus %n órdenes de fabricación tienen una actividad HOLD y sus componentes no están reservados. Odoo no detiene la producción; el cockpit lo avisa si ocurre.</numerusform>
        </translation>
    </message>
    <message>
        <source>Held by the cockpit (%1, %2)</source>
        <translation>Retenido por el cockpit (%1, %2)</translation>
    </message>
    <message>
        <source>Hold not placed on %1: creating the HOLD activity on manufacturing order %2 failed.</source>
        <translation>No se retuvo %1: falló la creación de la actividad HOLD en la orden de fabricación %2.</translation>
    </message>
    <message>
        <source>Hold not placed on %1: unreserving the components of manufacturing order %2 failed.</source>
        <translation>No se retuvo %1: falló la anulación de la reserva de componentes de la orden de fabricación %2.</translation>
    </message>
    <message>
        <source>%1 What was done is undone; the order is as before.</source>
        <translation>%1 Lo que se hizo se ha deshecho; el pedido está como antes.</translation>
    </message>
    <message>
        <source>%1 Undoing it failed too (%2): check the manufacturing orders in Odoo.</source>
        <translation>%1 También falló deshacerlo (%2): revise las órdenes de fabricación en Odoo.</translation>
    </message>
    <message>
        <source>%1 is still held: finding the HOLD tag failed.</source>
        <translation>%1 sigue retenido: falló la búsqueda de la etiqueta HOLD.</translation>
    </message>
    <message>
        <source>%1 is still held: removing the HOLD tag failed (step 1 of 2).</source>
        <translation>%1 sigue retenido: falló quitar la etiqueta HOLD (paso 1 de 2).</translation>
    </message>
    <message>
        <source>%1 was not released: confirming it failed (step 2 of 2).</source>
        <translation>%1 no se liberó: falló su confirmación (paso 2 de 2).</translation>
    </message>
    <message>
        <source>%1 Re-tagging it HOLD failed too: it is an untagged quotation now; confirm or tag it in Odoo.</source>
        <translation>%1 También falló volver a etiquetarlo HOLD: ahora es un presupuesto sin etiqueta; confírmelo o etiquételo en Odoo.</translation>
    </message>
    <message>
        <source>%1 It is still held.</source>
        <translation>%1 Sigue retenido.</translation>
    </message>
    <message>
        <source>%1 is released and confirmed: Odoo now plans its manufacturing.</source>
        <translation>%1 está liberado y confirmado: Odoo planifica ahora su fabricación.</translation>
    </message>
    <message>
        <source>%1 is released, but reserving the components again failed; use Check Availability in Odoo.</source>
        <translation>%1 está liberado, pero falló volver a reservar los componentes; use «Comprobar disponibilidad» en Odoo.</translation>
    </message>
    <message>
        <source>%1 is released: the HOLD activities are done and components are reserved again.</source>
        <translation>%1 está liberado: las actividades HOLD están hechas y los componentes vuelven a estar reservados.</translation>
    </message>
    <message>
        <source>Released by cockpit</source>
        <translation>Liberado por el cockpit</translation>
    </message>
    <message>
        <source>%1 is still held: marking the HOLD activity done failed.</source>
        <translation>%1 sigue retenido: falló marcar como hecha la actividad HOLD.</translation>
    </message>
    <message>
        <source>%1 is still held: finding its HOLD activities failed.</source>
        <translation>%1 sigue retenido: falló la búsqueda de sus actividades HOLD.</translation>
    </message>
    <message>
        <source>tagged HOLD in Odoo</source>
        <translation>etiquetado HOLD en Odoo</translation>
    </message>
    <message>
        <source>%1 was confirmed in Odoo while held: manufacturing and reservations may now proceed.</source>
        <translation>%1 se confirmó en Odoo mientras estaba retenido: la fabricación y las reservas pueden avanzar ahora.</translation>
    </message>
    <message>
        <source>%1 was produced while %2 was held.</source>
        <translation>%1 se produjo mientras %2 estaba retenido.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not JSON (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>La respuesta del servidor no es JSON (%1). Compruebe que la URL apunta a Odoo y no a un proxy o una página de inicio de sesión.</translation>
    </message>
    <message>
        <source>Sign-in refused: Odoo does not accept the API key (wrong, revoked or expired). Create a new key in Odoo and sign in again.</source>
        <translation>Inicio de sesión rechazado: Odoo no acepta la clave API (incorrecta, revocada o caducada). Cree una clave nueva en Odoo y vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits %1 s as the server asked and tries again.</source>
        <translation>Odoo pide al cockpit que reduzca el ritmo (HTTP 429); espera %1 s como pidió el servidor y lo vuelve a intentar.</translation>
    </message>
    <message>
        <source>Odoo asks the cockpit to slow down (HTTP 429); it waits and tries again.</source>
        <translation>Odoo pide al cockpit que reduzca el ritmo (HTTP 429); espera y lo vuelve a intentar.</translation>
    </message>
    <message>
        <source>This Odoo server has no such model or method (%1): a module the cockpit needs is not installed, or the URL is not Odoo&apos;s.</source>
        <translation>Este servidor Odoo no tiene ese modelo o método (%1): no está instalado un módulo que el cockpit necesita o la URL no es de Odoo.</translation>
    </message>
    <message>
        <source>Odoo could not use the cockpit&apos;s request (HTTP %1: %2). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo no pudo usar la petición del cockpit (HTTP %1: %2). Es un defecto del cockpit; notifíquelo junto con el registro.</translation>
    </message>
    <message>
        <source>Odoo refused access (HTTP 403): %1 Ask your Odoo administrator.</source>
        <translation>Odoo denegó el acceso (HTTP 403): %1 Consulte a su administrador de Odoo.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1 (%2). The cockpit will try again if this is temporary.</source>
        <translation>Odoo respondió con el error HTTP %1 (%2). El cockpit lo volverá a intentar si es temporal.</translation>
    </message>
    <message>
        <source>The Odoo session expired. Sign in again.</source>
        <translation>La sesión de Odoo ha caducado. Vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Inicio de sesión rechazado: compruebe el usuario y la contraseña o la clave API</translation>
    </message>
    <message>
        <source>Odoo refused access: %1 Ask your Odoo administrator for the missing rights.</source>
        <translation>Odoo denegó el acceso: %1 Pida a su administrador de Odoo los permisos que faltan.</translation>
    </message>
    <message>
        <source>The record no longer exists in Odoo (it was deleted). Refresh the orders and try again.</source>
        <translation>El registro ya no existe en Odoo (se eliminó). Actualice los pedidos y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Odoo rejected the change: %1</source>
        <translation>Odoo rechazó el cambio: %1</translation>
    </message>
    <message>
        <source>This Odoo server has no model %1: the module that provides it is not installed. Ask your Odoo administrator.</source>
        <translation>Este servidor Odoo no tiene el modelo %1: el módulo que lo proporciona no está instalado. Consulte a su administrador de Odoo.</translation>
    </message>
    <message>
        <source>Odoo refused: %1</source>
        <translation>Odoo lo rechazó: %1</translation>
    </message>
    <message>
        <source>Odoo does not know a field the cockpit asked for (%1). The server&apos;s version or installed modules differ from what the cockpit expects.</source>
        <translation>Odoo no conoce un campo que pidió el cockpit (%1). La versión del servidor o sus módulos instalados no son los que espera el cockpit.</translation>
    </message>
    <message>
        <source>The database &quot;%1&quot; does not exist on this Odoo server. Check the database name in the connection profile.</source>
        <translation>La base de datos «%1» no existe en este servidor Odoo. Compruebe su nombre en el perfil de conexión.</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>Odoo reported an internal error (%1: %2). If it persists, give the log to your Odoo administrator.</source>
        <translation>Odoo notificó un error interno (%1: %2). Si persiste, entregue el registro a su administrador de Odoo.</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>sin nombre</translation>
    </message>
    <message>
        <source>Odoo could not read the cockpit&apos;s request (HTTP 400: %1). This is a defect of the cockpit; please report it with the log.</source>
        <translation>Odoo no pudo leer la petición del cockpit (HTTP 400: %1). Es un defecto del cockpit; notifíquelo junto con el registro.</translation>
    </message>
    <message>
        <source>The server answered &quot;not found&quot; (HTTP 404): the address does not look like an Odoo server. Check the URL in the connection profile.</source>
        <translation>El servidor respondió «no encontrado» (HTTP 404): la dirección no parece de un servidor Odoo. Compruebe la URL en el perfil de conexión.</translation>
    </message>
    <message>
        <source>Odoo answered with HTTP error %1. The cockpit will try again if this is temporary.</source>
        <translation>Odoo respondió con el error HTTP %1. El cockpit lo volverá a intentar si es temporal.</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not Odoo JSON-RPC (%1). Check that the URL points at Odoo and not at a proxy or login page.</source>
        <translation>La respuesta del servidor no es JSON-RPC de Odoo (%1). Compruebe que la URL apunta a Odoo y no a un proxy o una página de inicio de sesión.</translation>
    </message>
    <message>
        <source>JSON but not an object</source>
        <translation>JSON, pero no un objeto</translation>
    </message>
    <message>
        <source>Odoo sent an error the cockpit cannot read.</source>
        <translation>Odoo envió un error que el cockpit no puede leer.</translation>
    </message>
    <message>
        <source>customer reference %1</source>
        <translation>referencia del cliente %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Signing in to Odoo…</source>
        <translation>Iniciando sesión en Odoo…</translation>
    </message>
    <message>
        <source>Reading changes from Odoo…</source>
        <translation>Leyendo cambios de Odoo…</translation>
    </message>
    <message>
        <source>Connected to Odoo</source>
        <translation>Conectado a Odoo</translation>
    </message>
    <message>
        <source>Odoo unreachable, retrying</source>
        <translation>Odoo inaccesible, reintentando</translation>
    </message>
    <message>
        <source>Sign-in required</source>
        <translation>Inicio de sesión necesario</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to hold.</source>
        <translation>%1 está %2 en Odoo: no hay fabricación que retener.</translation>
    </message>
    <message>
        <source>%1 is %2 in Odoo: there is no manufacturing to release.</source>
        <translation>%1 está %2 en Odoo: no hay fabricación que liberar.</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n segundo</numerusform>
            <numerusform>%n segundos</numerusform>
        </translation>
    </message>
    <message>
        <source>Cluster %1 is claimed by %2 since %3: ask them, or wait until they release it (a claim lapses after %4 without activity).</source>
        <translation>El grupo %1 lo tiene asignado %2 desde %3: pregúntele o espere a que lo libere (una asignación caduca tras %4 sin actividad).</translation>
    </message>
    <message>
        <source>%1 (Odoo: %2)</source>
        <translation>%1 (Odoo: %2)</translation>
    </message>
    <message>
        <source>%1 It is sent again by itself at %2 UTC (attempt %3 of %4).</source>
        <translation>%1 Se volverá a enviar automáticamente a las %2 UTC (intento %3 de %4).</translation>
    </message>
    <message numerus="yes">
        <source>%1 Odoo could not be reached in %n attempt(s): retry once it answers again, or abandon the action.</source>
        <translation>
            <numerusform>%1 No se pudo contactar con Odoo en %n intento: reinténtelo cuando vuelva a responder o abandone la acción.</numerusform>
            <numerusform>%1 No se pudo contactar con Odoo en %n intentos: reinténtelo cuando vuelva a responder o abandone la acción.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is already held in Odoo (tagged HOLD); nothing was sent.</source>
        <translation>%1 ya está retenido en Odoo (etiqueta HOLD); no se envió nada.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD tag); nothing was sent.</source>
        <translation>%1 no está retenido en Odoo (sin etiqueta HOLD); no se envió nada.</translation>
    </message>
    <message>
        <source>%1 has no manufacturing order left to hold in Odoo (each open one carries a HOLD activity already, or none is open); nothing was sent.</source>
        <translation>%1 no tiene ninguna orden de fabricación que retener en Odoo (cada orden abierta ya tiene una actividad HOLD, o no hay ninguna abierta); no se envió nada.</translation>
    </message>
    <message>
        <source>%1 is not held in Odoo (no HOLD activity on its manufacturing orders); nothing was sent.</source>
        <translation>%1 no está retenido en Odoo (ninguna actividad HOLD en sus órdenes de fabricación); no se envió nada.</translation>
    </message>
    <message>
        <source>Step %1 of %2 (%3) failed: %4</source>
        <translation>El paso %1 de %2 (%3) falló: %4</translation>
    </message>
    <message>
        <source>%1 Started manufacturing stays, held: %2.</source>
        <translation>%1 La fabricación iniciada se mantiene, retenida: %2.</translation>
    </message>
    <message numerus="yes">
        <source>Action #%1 done: %n step(s) applied in Odoo.</source>
        <translation>
            <numerusform>Acción n.º %1 hecha: %n paso aplicado en Odoo.</numerusform>
            <numerusform>Acción n.º %1 hecha: %n pasos aplicados en Odoo.</numerusform>
        </translation>
    </message>
    <message>
        <source>No middleware hub is configured: the action waits until one is, then retry it.</source>
        <translation>No hay ningún hub de middleware configurado: la acción espera hasta que lo haya; después, reinténtela.</translation>
    </message>
    <message>
        <source>requeue job &quot;%1&quot;</source>
        <translation>volver a encolar el trabajo «%1»</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>liberar %1 de la cuarentena del hub</translation>
    </message>
    <message>
        <source>reject %1 in the hub</source>
        <translation>rechazar %1 en el hub</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>reenviar %1 a través del hub</translation>
    </message>
    <message>
        <source>Odoo sent a change time the cockpit cannot read (write_date &quot;%1&quot; on %2 %3). The sync stopped before keeping anything of this read and will try again; if this repeats, check that record in Odoo and any module or import that writes write_date.</source>
        <translation>Odoo envió una hora de modificación que el cockpit no puede leer (write_date «%1» en %2 %3). La sincronización se detuvo antes de conservar nada de esta lectura y volverá a intentarlo; si se repite, revise ese registro en Odoo y cualquier módulo o importación que escriba write_date.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>O2C Cockpit: order-to-cash flow, duplicate orders and MRP holds for Odoo.</source>
        <translation>O2C Cockpit: flujo del pedido al cobro, pedidos duplicados y retenciones de fabricación para Odoo.</translation>
    </message>
    <message>
        <source>Start the embedded Odoo simulator on loopback and connect to it.</source>
        <translation>Iniciar el simulador de Odoo integrado en local (loopback) y conectarse a él.</translation>
    </message>
    <message>
        <source>Demo scenario seed (default: 42).</source>
        <translation>Semilla del escenario de demostración (predeterminada: 42).</translation>
    </message>
    <message>
        <source>Demo customer demands per simulated hour (default: 240).</source>
        <translation>Demandas de clientes de la demostración por hora simulada (predeterminado: 240).</translation>
    </message>
    <message>
        <source>Demo simulated seconds per real second (default: 60).</source>
        <translation>Segundos simulados de la demostración por segundo real (predeterminado: 60).</translation>
    </message>
    <message>
        <source>Odoo server address, e.g. https://erp.example.com.</source>
        <translation>Dirección del servidor Odoo, p. ej. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Odoo database.</source>
        <translation>Base de datos de Odoo.</translation>
    </message>
    <message>
        <source>Odoo login.</source>
        <translation>Usuario de Odoo.</translation>
    </message>
    <message>
        <source>Mark the connection as production.</source>
        <translation>Marcar la conexión como producción.</translation>
    </message>
    <message>
        <source>Show the cockpit in this language for this run: %1. Without it the language of the settings or of the system is used.</source>
        <translation>Mostrar el cockpit en este idioma durante esta ejecución: %1. Sin esta opción se usa el idioma de la configuración o del sistema.</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not available; choose one of %2.
</source>
        <translation>El idioma «%1» no está disponible; elija uno de %2.
</translation>
    </message>
    <message>
        <source>--rate and --speed must be positive numbers.
</source>
        <translation>--rate y --speed deben ser números positivos.
</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demostración</translation>
    </message>
    <message>
        <source>The embedded simulator could not start: %1</source>
        <translation>El simulador integrado no pudo iniciarse: %1</translation>
    </message>
    <message>
        <source>Demo (simulator)</source>
        <translation>Demostración (simulador)</translation>
    </message>
    <message>
        <source>Screen to open at start: desk, exceptions, order, holds, charts, integration, audit or settings.</source>
        <translation>Pantalla que se abre al iniciar: desk, exceptions, order, holds, charts, integration, audit o settings.</translation>
    </message>
    <message>
        <source>Open the order screen on this order (e.g. S00042) as soon as it is synced.</source>
        <translation>Abrir la pantalla del pedido en este pedido (p. ej. S00042) en cuanto esté sincronizado.</translation>
    </message>
    <message>
        <source>Theme for this run: system, light or dark (the saved setting otherwise).</source>
        <translation>Tema para esta ejecución: system, light o dark (si no, el ajuste guardado).</translation>
    </message>
    <message>
        <source>Unknown screen %1 for --page.
</source>
        <translation>Pantalla %1 desconocida para --page.
</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>The cockpit could not start again. Quit it and start it by hand.</source>
        <translation>El cockpit no pudo reiniciarse. Ciérrelo e inícielo a mano.</translation>
    </message>
    <message>
        <source>Middleware intake hub address (contract v1), e.g. https://hub.example.com; or $O2C_HUB_URL.</source>
        <translation>Dirección del hub de entrada de middleware (contrato v1), p. ej. https://hub.example.com; o $O2C_HUB_URL.</translation>
    </message>
    <message>
        <source>Live stream transport: sse (default) or websocket.</source>
        <translation>Transporte del flujo en directo: sse (predeterminado) o websocket.</translation>
    </message>
    <message>
        <source>RabbitMQ management API address with its user, e.g. http://monitor:secret@mq.example.com:15672; or $O2C_RABBITMQ_URL.</source>
        <translation>Dirección de la API de administración de RabbitMQ con su usuario, p. ej. http://monitor:secret@mq.example.com:15672; o $O2C_RABBITMQ_URL.</translation>
    </message>
    <message>
        <source>A queue job started longer ago than this is shown as stuck (default: 60).</source>
        <translation>Un trabajo de la cola iniciado hace más tiempo se muestra como atascado (predeterminado: 60).</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub de middleware</translation>
    </message>
    <message>
        <source>Print how the start went on the standard output, for scripts: a line when the window shows the orders kept on this computer and answers, and one when all of them are loaded.</source>
        <translation>Muestra cómo fue el arranque en la salida estándar, para scripts: una línea cuando la ventana muestra los pedidos guardados en este equipo y responde, y otra cuando todos están cargados.</translation>
    </message>
    <message>
        <source>With --report-start: quit once all kept orders are loaded.</source>
        <translation>Con --report-start: salir en cuanto estén cargados todos los pedidos guardados.</translation>
    </message>
</context>
<context>
    <name>o2c::ActionDesk</name>
    <message>
        <source>%1 is a viewer in this team store and cannot act; a lead can make them a planner.</source>
        <translation>%1 es observador en esta base de datos del equipo y no puede actuar; un responsable puede hacerle planificador.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1 (%2) needs a lead: holds on orders above %3 are released by a lead. Escalate it instead.</source>
        <translation>Liberar la retención de %1 (%2) requiere un responsable: las retenciones de pedidos superiores a %3 las libera un responsable. Escálelo en su lugar.</translation>
    </message>
    <message>
        <source>Choose at least one duplicate to cancel besides %1.</source>
        <translation>Elija al menos un duplicado que cancelar además de %1.</translation>
    </message>
    <message>
        <source>resolve %1: keep %2, cancel %3</source>
        <translation>resolver %1: conservar %2, cancelar %3</translation>
    </message>
    <message>
        <source>The store is not available (%1).</source>
        <translation>La base de datos del equipo no está disponible (%1).</translation>
    </message>
    <message>
        <source>marked %1 distinct (%2): %3</source>
        <translation>%1 marcado como distinto (%2): %3</translation>
    </message>
    <message>
        <source>%1 marked distinct: its orders are not duplicates.</source>
        <translation>%1 marcado como distinto: sus pedidos no son duplicados.</translation>
    </message>
    <message>
        <source>hold manufacturing of %1 (%2)</source>
        <translation>retener la fabricación de %1 (%2)</translation>
    </message>
    <message>
        <source>release the manufacturing hold of %1</source>
        <translation>liberar la retención de fabricación de %1</translation>
    </message>
    <message>
        <source>escalate %1 (%2) to a lead: %3</source>
        <translation>escalar %1 (%2) a un responsable: %3</translation>
    </message>
    <message>
        <source>Write the comment first.</source>
        <translation>Escriba primero el comentario.</translation>
    </message>
    <message>
        <source>comment on %1</source>
        <translation>comentario sobre %1</translation>
    </message>
    <message>
        <source>claimed %1</source>
        <translation>%1 asignado</translation>
    </message>
    <message>
        <source>Could not claim %1 (%2).</source>
        <translation>No se pudo asignar %1 (%2).</translation>
    </message>
    <message>
        <source>You claimed %1; other planners see it as yours.</source>
        <translation>Se ha asignado %1; los demás planificadores lo ven como suyo.</translation>
    </message>
    <message>
        <source>%1 is not claimed.</source>
        <translation>%1 no está asignado.</translation>
    </message>
    <message>
        <source>%1 is claimed by %2; only they or a lead can release the claim.</source>
        <translation>%1 lo tiene asignado %2; solo esa persona o un responsable puede liberarlo.</translation>
    </message>
    <message>
        <source>released the claim on %1 (held by %2)</source>
        <translation>asignación de %1 liberada (la tenía %2)</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>No existe la acción n.º %1.</translation>
    </message>
    <message>
        <source>retry action #%1 (%2) after: %3</source>
        <translation>reintentar la acción n.º %1 (%2) tras: %3</translation>
    </message>
    <message>
        <source>abandoned action #%1 (%2): %3</source>
        <translation>acción n.º %1 abandonada (%2): %3</translation>
    </message>
    <message>
        <source>Action #%1 abandoned; steps already applied in Odoo stay applied (see its steps).</source>
        <translation>Acción n.º %1 abandonada; los pasos ya aplicados en Odoo se mantienen (vea sus pasos).</translation>
    </message>
    <message>
        <source>Only a lead can change roles.</source>
        <translation>Solo un responsable puede cambiar los roles.</translation>
    </message>
    <message>
        <source>set the role of %1 to %2</source>
        <translation>rol de %1 cambiado a %2</translation>
    </message>
    <message>
        <source>The rules are not valid JSON (%1 at offset %2); nothing changed.</source>
        <translation>Las reglas no son JSON válido (%1 en la posición %2); no ha cambiado nada.</translation>
    </message>
    <message>
        <source>changed the duplicate rules</source>
        <translation>reglas de duplicados cambiadas</translation>
    </message>
    <message>
        <source>Only a lead can change the release threshold.</source>
        <translation>Solo un responsable puede cambiar el umbral de liberación.</translation>
    </message>
    <message>
        <source>set the lead release threshold to %1</source>
        <translation>umbral de liberación por responsable fijado en %1</translation>
    </message>
    <message>
        <source>Hand the claims over to someone else, or release them.</source>
        <translation>Traspase las asignaciones a otra persona o libérelas.</translation>
    </message>
    <message>
        <source>%1 is not a planner of this team: they could not act on the clusters. Release the claims instead, or ask a lead to make them a planner.</source>
        <translation>%1 no es planificador de este equipo: no podría actuar sobre los grupos. Libere las asignaciones o pida a un responsable que lo haga planificador.</translation>
    </message>
    <message>
        <source>Could not read your claims (%1).</source>
        <translation>No se pudieron leer sus asignaciones (%1).</translation>
    </message>
    <message>
        <source>You hold no claims; nothing to hand over.</source>
        <translation>No tiene asignaciones; no hay nada que traspasar.</translation>
    </message>
    <message>
        <source>Could not hand the claims over (%1); nothing changed.</source>
        <translation>No se pudieron traspasar las asignaciones (%1); no cambió nada.</translation>
    </message>
    <message numerus="yes">
        <source>Released %n claim(s): %1.</source>
        <translation>
            <numerusform>%n asignación liberada: %1.</numerusform>
            <numerusform>%n asignaciones liberadas: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed %n claim(s) over to %2: %1.</source>
        <translation>
            <numerusform>%n asignación traspasada a %2: %1.</numerusform>
            <numerusform>%n asignaciones traspasadas a %2: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Action #%1 is %2; only failed actions or those waiting for a retry are retried.</source>
        <translation>La acción n.º %1 está %2; solo se reintentan las acciones fallidas o en espera de reintento.</translation>
    </message>
    <message>
        <source>Action #%1 is %2; only queued, retrying or failed actions can be abandoned.</source>
        <translation>La acción n.º %1 está %2; solo se pueden abandonar acciones en cola, en reintento o fallidas.</translation>
    </message>
    <message>
        <source>Only a lead can change the team&apos;s settings (duplicate rules, roles, thresholds); %1 is not a lead in this team store.</source>
        <translation>Solo un responsable puede cambiar la configuración del equipo (reglas de duplicados, roles, umbrales); %1 no es responsable en esta base de datos del equipo.</translation>
    </message>
    <message>
        <source>A claim must last at least one second.</source>
        <translation>Una asignación debe durar al menos un segundo.</translation>
    </message>
    <message>
        <source>set the claim expiry to %1 s</source>
        <translation>caducidad de las asignaciones fijada en %1 s</translation>
    </message>
    <message>
        <source>Only a lead can change the duplicate rules; %1 is not a lead in this team store.</source>
        <translation>Solo un responsable puede cambiar las reglas de duplicados; %1 no es responsable en esta base de datos del equipo.</translation>
    </message>
    <message>
        <source>The rules were not changed: %1</source>
        <translation>Las reglas no se cambiaron: %1</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead in this team store.</source>
        <translation>Solo un responsable puede aprobar o rechazar un escalado; %1 no es responsable en esta base de datos del equipo.</translation>
    </message>
    <message>
        <source>Say why the escalation is declined: the planner needs to know.</source>
        <translation>Indique por qué se rechaza el escalado: el planificador necesita saberlo.</translation>
    </message>
    <message>
        <source>The store is not available (%1); nothing was done.</source>
        <translation>La base de datos del equipo no está disponible (%1); no se hizo nada.</translation>
    </message>
    <message>
        <source>Could not read escalation #%1 (%2).</source>
        <translation>No se pudo leer el escalado n.º %1 (%2).</translation>
    </message>
    <message>
        <source>There is no escalation #%1.</source>
        <translation>No existe el escalado n.º %1.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already approved by %2 at %3.</source>
        <translation>El escalado n.º %1 ya fue aprobado por %2 el %3.</translation>
    </message>
    <message>
        <source>Escalation #%1 was already declined by %2 at %3.</source>
        <translation>El escalado n.º %1 ya fue rechazado por %2 el %3.</translation>
    </message>
    <message>
        <source>Could not record the decision (%1); nothing changed.</source>
        <translation>No se pudo registrar la decisión (%1); no cambió nada.</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead).</source>
        <translation>Cockpit: escalado aprobado por %1 (responsable).</translation>
    </message>
    <message>
        <source>Cockpit: escalation approved by %1 (lead): %2</source>
        <translation>Cockpit: escalado aprobado por %1 (responsable): %2</translation>
    </message>
    <message>
        <source>Cockpit: escalation declined by %1 (lead): %2</source>
        <translation>Cockpit: escalado rechazado por %1 (responsable): %2</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 approved.</source>
        <translation>Escalado n.º %1 sobre %2 aprobado.</translation>
    </message>
    <message>
        <source>Escalation #%1 on %2 declined.</source>
        <translation>Escalado n.º %1 sobre %2 rechazado.</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>trabajo %1</translation>
    </message>
    <message>
        <source>requeue the failed job &quot;%1&quot;</source>
        <translation>volver a encolar el trabajo fallido «%1»</translation>
    </message>
    <message>
        <source>%1 is not a middleware hub action.</source>
        <translation>%1 no es una acción del hub de middleware.</translation>
    </message>
    <message>
        <source>Say why the transaction is rejected.</source>
        <translation>Indique por qué se rechaza la transacción.</translation>
    </message>
    <message>
        <source>%1 already has action #%2 (%3) by %4, still %5: wait for it to finish, or retry or abandon it in the outbox.</source>
        <translation>%1 ya tiene la acción n.º %2 (%3) de %4, aún %5: espere a que termine, o reinténtela o abandónela en la bandeja de salida.</translation>
    </message>
    <message>
        <source>release %1 from the hub&apos;s quarantine</source>
        <translation>liberar %1 de la cuarentena del hub</translation>
    </message>
    <message>
        <source>reject %1 in the hub (%2)</source>
        <translation>rechazar %1 en el hub (%2)</translation>
    </message>
    <message>
        <source>replay %1 through the hub</source>
        <translation>reenviar %1 a través del hub</translation>
    </message>
    <message>
        <source>The job&apos;s start time is not known: refresh the jobs and try again.</source>
        <translation>No se conoce la hora de inicio del trabajo: actualice los trabajos y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>requeue the stuck job &quot;%1&quot;</source>
        <translation>volver a encolar el trabajo atascado «%1»</translation>
    </message>
</context>
<context>
    <name>o2c::HttpHubActionSender</name>
    <message>
        <source>The middleware hub could not be reached (%1); the %2 of %3 will be sent again with the same key.</source>
        <translation>No se pudo contactar con el hub de middleware (%1); «%2» de %3 se volverá a enviar con la misma clave.</translation>
    </message>
    <message>
        <source>The middleware hub refused the %1 of %2 (HTTP %3).</source>
        <translation>El hub de middleware rechazó «%1» de %2 (HTTP %3).</translation>
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
        <translation>No se pudo leer el estado del hub de middleware (%1); las cifras mostradas son de la última respuesta.</translation>
    </message>
</context>
<context>
    <name>o2c::IntakeEventStream</name>
    <message>
        <source>%1 does not answer as a middleware hub of contract version %2 (%3). Check the hub address.</source>
        <translation>%1 no responde como un hub de middleware del contrato versión %2 (%3). Compruebe la dirección del hub.</translation>
    </message>
    <message>
        <source>The middleware hub speaks contract version %1; this cockpit understands version %2.x only. Update the cockpit, or configure the hub to serve /v%2.</source>
        <translation>El hub de middleware usa el contrato versión %1; este cockpit solo entiende la versión %2.x. Actualice el cockpit o configure el hub para servir /v%2.</translation>
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
        <translation>Transacción</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
</context>
<context>
    <name>o2c::MrpHoldService</name>
    <message>
        <source>The order %1 is not known; refresh and try again.</source>
        <translation>El pedido %1 no se conoce; actualice y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>An action on %1 is already under way; wait for it to finish.</source>
        <translation>Ya hay una acción en curso sobre %1; espere a que termine.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 ya está retenido.</translation>
    </message>
    <message>
        <source>%1 is cancelled: there is nothing to hold.</source>
        <translation>%1 está cancelado: no hay nada que retener.</translation>
    </message>
    <message>
        <source>Give a reason for the hold; it is shown to everyone in Odoo.</source>
        <translation>Indique un motivo para la retención; todos lo verán en Odoo.</translation>
    </message>
    <message>
        <source>%1 is confirmed but has no manufacturing order to hold.</source>
        <translation>%1 está confirmado pero no tiene ninguna orden de fabricación que retener.</translation>
    </message>
    <message>
        <source>%1 is already produced: there is no manufacturing left to hold.</source>
        <translation>%1 ya está producido: no queda fabricación que retener.</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 no está retenido.</translation>
    </message>
    <message>
        <source>%1 is not in Odoo yet: there is no manufacturing to hold. Hold it once it is synced, or release or reject it in the exception queue.</source>
        <translation>%1 aún no está en Odoo: no hay fabricación que bloquear. Bloquéelo cuando esté sincronizado, o libérelo o recházelo en la cola de excepciones.</translation>
    </message>
</context>
<context>
    <name>o2c::OrderBook</name>
    <message>
        <source>The team&apos;s new duplicate rules were not applied: %1. The rules in force stay; a lead can correct the rules on the settings screen.</source>
        <translation>Las nuevas reglas de duplicados del equipo no se aplicaron: %1. Las reglas vigentes se mantienen; un responsable puede corregir las reglas en la pantalla de configuración.</translation>
    </message>
    <message>
        <source>The new duplicate rules could not be applied: %1. The rules in force stay; a lead can try the change again on the settings screen.</source>
        <translation>No se pudieron aplicar las nuevas reglas de duplicados: %1. Las reglas vigentes se mantienen; un responsable puede volver a intentar el cambio en la pantalla de configuración.</translation>
    </message>
</context>
<context>
    <name>o2c::QueueJobMonitor</name>
    <message>
        <source>Odoo does not let this user read the job queue (%1). Ask an administrator for the Job Queue Manager group.</source>
        <translation>Odoo no permite a este usuario leer la cola de trabajos (%1). Pida a un administrador el grupo «Job Queue Manager».</translation>
    </message>
    <message>
        <source>The job queue could not be read: %1</source>
        <translation>No se pudo leer la cola de trabajos: %1</translation>
    </message>
</context>
<context>
    <name>o2c::RabbitMqMonitor</name>
    <message>
        <source>RabbitMQ management API at %1 did not answer (%2). Check that the management plugin is enabled and the user may read queues.</source>
        <translation>La API de gestión de RabbitMQ en %1 no respondió (%2). Compruebe que el plugin de gestión está activado y que el usuario puede leer las colas.</translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2); nothing was moved.</source>
        <translation>No se pudo leer la cola de mensajes fallidos %1 (%2); no se ha movido nada.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) could not be published back (%1).</source>
        <translation>
            <numerusform>No se pudo volver a publicar %n mensaje (%1).</numerusform>
            <numerusform>No se pudieron volver a publicar %n mensajes (%1).</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the dead-letter queue %1 (%2).</source>
        <translation>No se pudo leer la cola de mensajes fallidos %1 (%2).</translation>
    </message>
</context>
<context>
    <name>o2c::WebSocketClient</name>
    <message>
        <source>This build cannot open wss:// connections (no TLS).</source>
        <translation>Esta compilación no puede abrir conexiones wss:// (sin TLS).</translation>
    </message>
    <message>
        <source>The server&apos;s WebSocket handshake is too long.</source>
        <translation>El protocolo de enlace WebSocket del servidor es demasiado largo.</translation>
    </message>
    <message>
        <source>The server did not accept the WebSocket connection (%1).</source>
        <translation>El servidor no aceptó la conexión WebSocket (%1).</translation>
    </message>
    <message>
        <source>The server answered the WebSocket handshake with a wrong key.</source>
        <translation>El servidor respondió al protocolo de enlace WebSocket con una clave incorrecta.</translation>
    </message>
    <message>
        <source>A WebSocket message is larger than %1 bytes.</source>
        <translation>Un mensaje WebSocket supera los %1 bytes.</translation>
    </message>
    <message>
        <source>The server sent an unknown WebSocket frame (%1).</source>
        <translation>El servidor envió una trama WebSocket desconocida (%1).</translation>
    </message>
</context>
<context>
    <name>o2c::alerts</name>
    <message>
        <source>Only %1% of the orders sent to Odoo were acknowledged: Odoo refuses or times out. Check the Odoo connection and the failed transactions.</source>
        <translation>Solo se confirmó el %1 % de los pedidos enviados a Odoo: Odoo los rechaza o no responde a tiempo. Compruebe la conexión con Odoo y las transacciones fallidas.</translation>
    </message>
    <message>
        <source>%1% of the orders sent to Odoo were acknowledged; some needed retries.</source>
        <translation>Se confirmó el %1 % de los pedidos enviados a Odoo; algunos necesitaron reintentos.</translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo: orders are not getting through.</source>
        <translation>
            <numerusform>%n pedido espera a Odoo en el hub: los pedidos no llegan.</numerusform>
            <numerusform>%n pedidos esperan a Odoo en el hub: los pedidos no llegan.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders wait in the hub for Odoo, more than usual.</source>
        <translation>
            <numerusform>%n pedido espera a Odoo en el hub, más de lo habitual.</numerusform>
            <numerusform>%n pedidos esperan a Odoo en el hub, más de lo habitual.</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo.</source>
        <translation>Los pedidos tardan %1 s (percentil 95) desde el canal hasta Odoo.</translation>
    </message>
    <message>
        <source>Orders take %1 s (95th percentile) from the channel to Odoo, slower than usual.</source>
        <translation>Los pedidos tardan %1 s (percentil 95) desde el canal hasta Odoo, más de lo habitual.</translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed or were dead-lettered: replay or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transacción falló o acabó en mensajes fallidos: reenvíela o recházela en la cola de excepciones.</numerusform>
            <numerusform>%n transacciones fallaron o acabaron en mensajes fallidos: reenvíelas o recházelas en la cola de excepciones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions failed in the window; the hub retries them.</source>
        <translation>
            <numerusform>%n transacción falló en el periodo; el hub la reintenta.</numerusform>
            <numerusform>%n transacciones fallaron en el periodo; el hub las reintenta.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transactions are quarantined as suspected duplicates: release or reject them in the exception queue.</source>
        <translation>
            <numerusform>%n transacción está en cuarentena como posible duplicado: libérela o recházela en la cola de excepciones.</numerusform>
            <numerusform>%n transacciones están en cuarentena como posibles duplicados: libérelas o recházelas en la cola de excepciones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages are dead-lettered in %1: replay the ones that should go through.</source>
        <translation>
            <numerusform>%n mensaje está en la cola de mensajes fallidos %1: reenvíe los que deban pasar.</numerusform>
            <numerusform>%n mensajes están en la cola de mensajes fallidos %1: reenvíe los que deban pasar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 has no consumer: %n messages wait and nothing takes them.</source>
        <translation>
            <numerusform>%1 no tiene consumidor: %n mensaje espera y nadie lo recoge.</numerusform>
            <numerusform>%1 no tiene consumidor: %n mensajes esperan y nadie los recoge.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1.</source>
        <translation>
            <numerusform>%n mensaje espera en %1.</numerusform>
            <numerusform>%n mensajes esperan en %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages wait in %1, more than usual.</source>
        <translation>
            <numerusform>%n mensaje espera en %1, más de lo habitual.</numerusform>
            <numerusform>%n mensajes esperan en %1, más de lo habitual.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs failed: requeue them once the cause is fixed.</source>
        <translation>
            <numerusform>%n trabajo de la cola falló: vuelva a encolarlo cuando se corrija la causa.</numerusform>
            <numerusform>%n trabajos de la cola fallaron: vuelva a encolarlos cuando se corrija la causa.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queue jobs started more than %1 minutes ago and have not finished: their worker may have died.</source>
        <translation>
            <numerusform>%n trabajo empezó hace más de %1 minutos y no ha terminado: puede que su worker haya muerto.</numerusform>
            <numerusform>%n trabajos empezaron hace más de %1 minutos y no han terminado: puede que su worker haya muerto.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::odoo::CircuitBreaker</name>
    <message>
        <source>Odoo reachable</source>
        <translation>Odoo accesible</translation>
    </message>
    <message>
        <source>Odoo unreachable: calls paused</source>
        <translation>Odoo inaccesible: llamadas en pausa</translation>
    </message>
    <message>
        <source>Odoo unreachable: trying again</source>
        <translation>Odoo inaccesible: reintentando</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::HttpOdooTransport</name>
    <message>
        <source>The CA certificate file %1 does not exist; only the system&apos;s trusted certificates are used. Check the path in the connection profile.</source>
        <translation>El archivo de certificado de CA %1 no existe; solo se usan los certificados de confianza del sistema. Compruebe la ruta en el perfil de conexión.</translation>
    </message>
    <message>
        <source>The CA certificate file %1 holds no PEM certificate; only the system&apos;s trusted certificates are used.</source>
        <translation>El archivo de certificado de CA %1 no contiene ningún certificado PEM; solo se usan los certificados de confianza del sistema.</translation>
    </message>
    <message>
        <source>Odoo at %1 did not answer within %2 s. The server may be busy; the cockpit will try again. Raise the request timeout in the connection profile if this keeps happening.</source>
        <translation>Odoo en %1 no respondió en %2 s. Puede que el servidor esté ocupado; el cockpit lo volverá a intentar. Aumente el tiempo de espera de las peticiones en el perfil de conexión si se repite.</translation>
    </message>
    <message>
        <source>The request to Odoo was cancelled.</source>
        <translation>Se canceló la petición a Odoo.</translation>
    </message>
    <message>
        <source>The secure connection to %1 was refused because its certificate cannot be trusted: %2. Ask your administrator for the server&apos;s CA certificate and add it to the connection profile.</source>
        <translation>Se rechazó la conexión segura con %1 porque su certificado no es de confianza: %2. Pida a su administrador el certificado de CA del servidor y añádalo al perfil de conexión.</translation>
    </message>
    <message>
        <source>Odoo at %1 refused the connection. Check that the server address and port are right and that Odoo is running.</source>
        <translation>Odoo en %1 rechazó la conexión. Compruebe que la dirección y el puerto del servidor son correctos y que Odoo está en marcha.</translation>
    </message>
    <message>
        <source>The server name %1 could not be found. Check the address in the connection profile and your network connection.</source>
        <translation>No se encontró el nombre de servidor %1. Compruebe la dirección en el perfil de conexión y su conexión de red.</translation>
    </message>
    <message>
        <source>Odoo at %1 closed the connection before answering. The cockpit will try again.</source>
        <translation>Odoo en %1 cerró la conexión antes de responder. El cockpit lo volverá a intentar.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 timed out. The cockpit will try again.</source>
        <translation>La conexión con Odoo en %1 agotó el tiempo de espera. El cockpit lo volverá a intentar.</translation>
    </message>
    <message>
        <source>The network proxy did not let the cockpit reach %1 (%2). Check the proxy settings.</source>
        <translation>El proxy de red no dejó que el cockpit llegara a %1 (%2). Compruebe la configuración del proxy.</translation>
    </message>
    <message>
        <source>The connection to Odoo at %1 failed: %2. Check your network; the cockpit will try again.</source>
        <translation>Falló la conexión con Odoo en %1: %2. Compruebe su red; el cockpit lo volverá a intentar.</translation>
    </message>
</context>
<context>
    <name>o2c::odoo::OdooClient</name>
    <message>
        <source>No connection to Odoo is configured.</source>
        <translation>No hay ninguna conexión con Odoo configurada.</translation>
    </message>
    <message>
        <source>Odoo did not answer the last %1 requests; the cockpit pauses for %2 s before it tries again.</source>
        <translation>Odoo no respondió a las últimas %1 peticiones; el cockpit hace una pausa de %2 s antes de volver a intentarlo.</translation>
    </message>
    <message>
        <source>Odoo no longer accepts the password or API key of %1 (it may have been revoked or expired). Sign in again.</source>
        <translation>Odoo ya no acepta la contraseña o la clave API de %1 (puede que se haya revocado o caducado). Vuelva a iniciar sesión.</translation>
    </message>
    <message>
        <source>this connection</source>
        <translation>esta conexión</translation>
    </message>
    <message>
        <source>Not signed in to Odoo. Sign in first.</source>
        <translation>No ha iniciado sesión en Odoo. Inicie sesión primero.</translation>
    </message>
    <message>
        <source>The cockpit cannot express the call %1.%2 for Odoo&apos;s JSON-2 API (%3). This is a defect of the cockpit; choose JSON-RPC in the connection profile meanwhile.</source>
        <translation>El cockpit no puede expresar la llamada %1.%2 para la API JSON-2 de Odoo (%3). Es un defecto del cockpit; mientras tanto, elija JSON-RPC en el perfil de conexión.</translation>
    </message>
    <message>
        <source>The server did not report an Odoo version. Check that the URL points at an Odoo server.</source>
        <translation>El servidor no indicó una versión de Odoo. Compruebe que la URL apunta a un servidor Odoo.</translation>
    </message>
    <message>
        <source>Odoo accepted the API key but did not say which user it belongs to. Check that the server is Odoo 19 or later.</source>
        <translation>Odoo aceptó la clave API pero no indicó a qué usuario pertenece. Compruebe que el servidor es Odoo 19 o posterior.</translation>
    </message>
    <message>
        <source>Sign-in refused: check the login and password or API key</source>
        <translation>Inicio de sesión rechazado: compruebe el usuario y la contraseña o la clave API</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AlertBanner</name>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Show the screen of the newest alert</source>
        <translation>Mostrar la pantalla de la alerta más reciente</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Dismiss the alerts</source>
        <translation>Descartar las alertas</translation>
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
        <translation>Tasa de duplicados hoy: %1 % (%2 de %3 pedidos; umbral %4 %)</translation>
    </message>
    <message>
        <source>Look at the duplicate desk: which channel sends the resends, and hold manufacturing on the clusters of high value.</source>
        <translation>Revise la mesa de duplicados: qué canal reenvía los pedidos, y retenga la fabricación de los grupos de alto valor.</translation>
    </message>
    <message>
        <source>Backlog of open duplicate clusters: %1 (threshold %2)</source>
        <translation>Grupos de duplicados abiertos pendientes: %1 (umbral %2)</translation>
    </message>
    <message>
        <source>Look at the exception queue: claim the unassigned clusters and escalate what cannot be decided on this shift.</source>
        <translation>Revise la cola de excepciones: asígnese los grupos libres y escale lo que no pueda decidirse en este turno.</translation>
    </message>
    <message>
        <source>Outbox: actions waiting to be sent to Odoo: %1 (threshold %2)</source>
        <translation>Bandeja de salida: acciones en espera de envío a Odoo: %1 (umbral %2)</translation>
    </message>
    <message>
        <source>Look at integration health: Odoo may be slow or unreachable; the actions stay queued and go out when it answers.</source>
        <translation>Revise el estado de la integración: Odoo puede estar lento o inaccesible; las acciones siguen en cola y salen en cuanto responda.</translation>
    </message>
    <message>
        <source>Sync latency: the last pass took %1 ms (threshold %2 ms)</source>
        <translation>Latencia de sincronización: la última pasada tardó %1 ms (umbral %2 ms)</translation>
    </message>
    <message>
        <source>Look at integration health: the Odoo server or the network is slow; figures on screen may lag behind Odoo.</source>
        <translation>Revise el estado de la integración: el servidor de Odoo o la red van lentos; las cifras en pantalla pueden ir por detrás de Odoo.</translation>
    </message>
    <message>
        <source>Failures (failed sync passes in a row and failed actions): %1 (threshold %2)</source>
        <translation>Fallos (pasadas de sincronización fallidas seguidas y acciones fallidas): %1 (umbral %2)</translation>
    </message>
    <message>
        <source>Look at integration health for the errors, and at the exception queue for failed actions to retry or abandon.</source>
        <translation>Revise el estado de la integración para ver los errores, y la cola de excepciones para las acciones fallidas que reintentar o abandonar.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::AuditLogPage</name>
    <message>
        <source>Fi&amp;lter:</source>
        <translation>Fi&amp;ltro:</translation>
    </message>
    <message>
        <source>Filter the audit log</source>
        <translation>Filtrar el registro de auditoría</translation>
    </message>
    <message>
        <source>user, order, action…</source>
        <translation>usuario, pedido, acción…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <source>Computer user</source>
        <translation>Usuario del equipo</translation>
    </message>
    <message>
        <source>Odoo user</source>
        <translation>Usuario de Odoo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Odoo answer</source>
        <translation>Respuesta de Odoo</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>No team store: nothing is audited.</source>
        <translation>Sin base de datos del equipo: no se audita nada.</translation>
    </message>
    <message>
        <source>The audit trail is broken at entry %1: %2. Keep a copy of the store and tell your administrator.</source>
        <translation>El rastro de auditoría está roto en la entrada %1: %2. Guarde una copia de la base de datos del equipo y avise a su administrador.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entries, chain intact.</source>
        <translation>
            <numerusform>%Ln entrada, cadena intacta.</numerusform>
            <numerusform>%Ln entradas, cadena intacta.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing recorded yet: every hold, release, resolution, claim and settings change will be listed here with Odoo&apos;s answer.</source>
        <translation>Aún no hay nada registrado: cada bloqueo, liberación, resolución, asignación y cambio de la configuración aparecerá aquí con la respuesta de Odoo.</translation>
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
        <translation>Comercio electrónico</translation>
    </message>
    <message>
        <source>CRM</source>
        <translation>CRM</translation>
    </message>
    <message>
        <source>Dealer portal</source>
        <translation>Portal de distribuidores</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Manual entry</source>
        <translation>Entrada manual</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Cluster</name>
    <message>
        <source>Duplicate</source>
        <translation>Duplicado</translation>
    </message>
    <message>
        <source>Suspect</source>
        <translation>Sospechoso</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Modificación</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterComparisonModel</name>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Ref. cliente</translation>
    </message>
    <message>
        <source>Ship to</source>
        <translation>Entregar a</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Fecha solicitada</translation>
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
        <translation>%1 tiene %2</translation>
    </message>
    <message>
        <source>%1 differs between the orders: %2</source>
        <translation>%1 difiere entre los pedidos: %2</translation>
    </message>
    <message>
        <source>Written differently, but the same reference after normalization (%1)</source>
        <translation>Escrito de otra forma, pero la misma referencia tras normalizar (%1)</translation>
    </message>
    <message>
        <source>%1, MRP held</source>
        <translation>%1, fabricación retenida</translation>
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
        <translation>%1: la fabricación está retenida</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterDetailView</name>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Customer reference</source>
        <translation>Referencia del cliente</translation>
    </message>
    <message>
        <source>Products and quantities</source>
        <translation>Productos y cantidades</translation>
    </message>
    <message>
        <source>Time apart</source>
        <translation>Diferencia de tiempo</translation>
    </message>
    <message>
        <source>Order value</source>
        <translation>Valor del pedido</translation>
    </message>
    <message>
        <source>Ship-to address</source>
        <translation>Dirección de entrega</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Números de control EDI</translation>
    </message>
    <message>
        <source>Identical message</source>
        <translation>Mensaje idéntico</translation>
    </message>
    <message>
        <source>Cluster detail</source>
        <translation>Detalle del grupo</translation>
    </message>
    <message>
        <source>Select a cluster to compare its orders side by side.
J / K move to the next or previous cluster.</source>
        <translation>Seleccione un grupo para comparar sus pedidos en paralelo.
J / K pasan al grupo siguiente o anterior.</translation>
    </message>
    <message>
        <source>Orders side by side</source>
        <translation>Pedidos en paralelo</translation>
    </message>
    <message>
        <source>Why these orders look like one demand</source>
        <translation>Por qué estos pedidos parecen una sola demanda</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Indicios</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Señal</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>Hallazgo</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Peso</translation>
    </message>
    <message>
        <source>%1 · %2 · score %3</source>
        <translation>%1 · %2 · puntuación %3</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>Speaks against these orders being the same demand</source>
        <translation>Indica que estos pedidos no son la misma demanda</translation>
    </message>
    <message>
        <source>Speaks for these orders being the same demand</source>
        <translation>Indica que estos pedidos son la misma demanda</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, no differences</source>
        <translation>
            <numerusform>%Ln pedido, sin diferencias</numerusform>
            <numerusform>%Ln pedidos, sin diferencias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders, highlighted cells differ</source>
        <translation>
            <numerusform>%Ln pedido, las celdas resaltadas difieren</numerusform>
            <numerusform>%Ln pedidos, las celdas resaltadas difieren</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::ClusterListModel</name>
    <message>
        <source>Duplicate demand arrived %1</source>
        <translation>Demanda duplicada recibida %1</translation>
    </message>
    <message>
        <source>Total of the orders beyond the first: demand that would be made twice</source>
        <translation>Total de los pedidos después del primero: demanda que se fabricaría dos veces</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valor en riesgo</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Antigüedad</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Indicios</translation>
    </message>
</context>
<context>
    <name>o2c::ui::CockpitStatusBar</name>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>Order and cluster counts</source>
        <translation>Número de pedidos y grupos</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Última sincronización</translation>
    </message>
    <message>
        <source>synced 59 min ago</source>
        <translation>sincronizado hace 59 min</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Connection profile</source>
        <translation>Perfil de conexión</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUCCIÓN</translation>
    </message>
    <message>
        <source>STAGING</source>
        <translation>PRUEBAS</translation>
    </message>
    <message>
        <source>no server</source>
        <translation>sin servidor</translation>
    </message>
    <message>
        <source>Connected to the production Odoo: %1, database %2, as %3.
Holds and releases change real orders.</source>
        <translation>Conectado al Odoo de producción: %1, base de datos %2, como %3.
Las retenciones y liberaciones cambian pedidos reales.</translation>
    </message>
    <message>
        <source>Connected to a staging Odoo: %1, database %2, as %3.</source>
        <translation>Conectado a un Odoo de pruebas: %1, base de datos %2, como %3.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>aún no sincronizado</translation>
    </message>
    <message>
        <source>synced %1</source>
        <translation>sincronizado %1</translation>
    </message>
    <message>
        <source>Last sync finished %1</source>
        <translation>Última sincronización terminada %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>order count · cluster count</comment>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln orders</source>
        <translation>
            <numerusform>%Ln pedido</numerusform>
            <numerusform>%Ln pedidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln clusters</source>
        <translation>
            <numerusform>%Ln grupo</numerusform>
            <numerusform>%Ln grupos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::CsvWriter</name>
    <message>
        <source>%1 cannot be written: %2. Choose another folder.</source>
        <translation>No se puede escribir %1: %2. Elija otra carpeta.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::EnvironmentMarker</name>
    <message>
        <source>PRODUCTION: %1</source>
        <translation>PRODUCCIÓN: %1</translation>
    </message>
    <message>
        <source>staging: %1</source>
        <translation>preproducción: %1</translation>
    </message>
    <message>
        <source>%1 — PRODUCTION: %2</source>
        <translation>%1 — PRODUCCIÓN: %2</translation>
    </message>
    <message>
        <source>%1 — staging: %2</source>
        <translation>%1 — preproducción: %2</translation>
    </message>
    <message>
        <source>PRODUCTION — %1</source>
        <translation>PRODUCCIÓN — %1</translation>
    </message>
    <message>
        <source>Staging — %1</source>
        <translation>Preproducción — %1</translation>
    </message>
    <message>
        <source>PRODUCTION — %1 · %2</source>
        <translation>PRODUCCIÓN — %1 · %2</translation>
    </message>
    <message>
        <source>Staging — %1 · %2</source>
        <translation>Preproducción — %1 · %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowBoardWidget</name>
    <message>
        <source>Flow board</source>
        <translation>Tablero de flujo</translation>
    </message>
</context>
<context>
    <name>o2c::ui::FlowStageTile</name>
    <message numerus="yes">
        <source>%1: %Ln orders, %2</source>
        <comment>stage: count, value</comment>
        <translation>
            <numerusform>%1: %Ln pedido, %2</numerusform>
            <numerusform>%1: %Ln pedidos, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
Click to show all orders again</source>
        <translation>%1
Haga clic para volver a mostrar todos los pedidos</translation>
    </message>
    <message>
        <source>%1
Click to show only these orders</source>
        <translation>%1
Haga clic para mostrar solo estos pedidos</translation>
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
        <translation>Retener la fabricación de %1</translation>
    </message>
    <message>
        <source>No manufacturing demand, reservation or procurement will proceed from %1 until the hold is released.
Why is it held?</source>
        <translation>No se generará demanda de fabricación, reserva ni aprovisionamiento a partir de %1 hasta que se libere la retención.
¿Por qué se retiene?</translation>
    </message>
    <message>
        <source>Suspected duplicate order</source>
        <translation>Posible pedido duplicado</translation>
    </message>
    <message>
        <source>Waiting for the customer to confirm</source>
        <translation>A la espera de que el cliente confirme</translation>
    </message>
    <message>
        <source>Credit check pending</source>
        <translation>Comprobación de crédito pendiente</translation>
    </message>
    <message>
        <source>Amendment under review</source>
        <translation>Modificación en revisión</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Motivo (obligatorio)</translation>
    </message>
    <message>
        <source>Reason for the hold</source>
        <translation>Motivo de la retención</translation>
    </message>
    <message>
        <source>Hold MRP</source>
        <translation>Retener fabricación</translation>
    </message>
</context>
<context>
    <name>o2c::ui::HoldsPage</name>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Retenido por</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Breach</source>
        <translation>Incumplimiento</translation>
    </message>
    <message>
        <source>Active holds</source>
        <translation>Retenciones activas</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H releases the selected hold; Ctrl+Shift+L exports the holds to CSV.</source>
        <translation>Ctrl+Mayús+H libera la retención seleccionada; Ctrl+Mayús+L exporta las retenciones a CSV.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>Hard (quotation kept)</source>
        <translation>Estricta (sigue como presupuesto)</translation>
    </message>
    <message>
        <source>Soft (MO activity)</source>
        <translation>Flexible (actividad en la OF)</translation>
    </message>
    <message>
        <source>confirmed while tagged HOLD</source>
        <translation>confirmado con la etiqueta HOLD</translation>
    </message>
    <message>
        <source>%1 produced while held</source>
        <translation>%1 producido durante la retención</translation>
    </message>
    <message>
        <source>in Odoo</source>
        <translation>en Odoo</translation>
    </message>
    <message>
        <source>HOLD in Odoo</source>
        <translation>HOLD en Odoo</translation>
    </message>
    <message>
        <source>Active holds (%1), breaches: %2</source>
        <translation>Retenciones activas (%1), incumplimientos: %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no registrado</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IdentityGraphWidget</name>
    <message>
        <source>Identity graph</source>
        <translation>Grafo de identidad</translation>
    </message>
    <message>
        <source>%1 document</source>
        <translation>documento %1</translation>
    </message>
    <message>
        <source>customer reference</source>
        <translation>referencia del cliente</translation>
    </message>
    <message>
        <source>customer</source>
        <translation>cliente</translation>
    </message>
    <message>
        <source>EDI control numbers</source>
        <translation>Números de control EDI</translation>
    </message>
    <message>
        <source>ISA %1 / GS %2 / ST %3</source>
        <translation>ISA %1 / GS %2 / ST %3</translation>
    </message>
    <message>
        <source>manufacturing order</source>
        <translation>orden de fabricación</translation>
    </message>
    <message>
        <source>transfer</source>
        <translation>traslado</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>factura</translation>
    </message>
    <message>
        <source>possible duplicate (%1)</source>
        <translation>posible duplicado (%1)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Pick an order to see its references.</source>
        <translation>Elija un pedido para ver sus referencias.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntakeExceptionsPanel</name>
    <message>
        <source>Transactions held in the middleware hub</source>
        <translation>Transacciones retenidas en el hub de middleware</translation>
    </message>
    <message>
        <source>Release to Odoo</source>
        <translation>Liberar hacia Odoo</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Rechazar…</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Reenviar</translation>
    </message>
    <message>
        <source>Not a duplicate after all: the hub sends it on to Odoo.</source>
        <translation>Al final no es un duplicado: el hub lo envía a Odoo.</translation>
    </message>
    <message>
        <source>The order must not reach Odoo: the hub drops it, with your reason.</source>
        <translation>El pedido no debe llegar a Odoo: el hub lo descarta, con su motivo.</translation>
    </message>
    <message>
        <source>Send a failed or dead-lettered order to Odoo again.</source>
        <translation>Reenviar a Odoo un pedido fallido o en mensajes fallidos.</translation>
    </message>
    <message numerus="yes">
        <source>Held in the middleware hub before Odoo: %n</source>
        <translation>
            <numerusform>Retenidas en el hub de middleware antes de Odoo: %n</numerusform>
            <numerusform>Retenidas en el hub de middleware antes de Odoo: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Acting on hub transactions needs the team store.</source>
        <translation>Actuar sobre las transacciones del hub requiere el almacén del equipo.</translation>
    </message>
    <message>
        <source>Select a transaction first.</source>
        <translation>Seleccione primero una transacción.</translation>
    </message>
    <message>
        <source>Reject %1</source>
        <translation>Rechazar %1</translation>
    </message>
    <message>
        <source>Why must this order not reach Odoo?</source>
        <translation>¿Por qué este pedido no debe llegar a Odoo?</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibida</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validada</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>En cuarentena</translation>
    </message>
    <message>
        <source>Sent to Odoo</source>
        <translation>Enviada a Odoo</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Confirmada por Odoo</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>Dead-lettered</source>
        <translation>En mensajes fallidos</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rechazada</translation>
    </message>
</context>
<context>
    <name>o2c::ui::IntegrationHealthPage</name>
    <message>
        <source>Odoo connection:</source>
        <translation>Conexión con Odoo:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>Circuit breaker:</source>
        <translation>Disyuntor:</translation>
    </message>
    <message>
        <source>Last sync:</source>
        <translation>Última sincronización:</translation>
    </message>
    <message>
        <source>Sync passes:</source>
        <translation>Pasadas de sincronización:</translation>
    </message>
    <message>
        <source>Team store:</source>
        <translation>Base de datos del equipo:</translation>
    </message>
    <message>
        <source>Outbox:</source>
        <translation>Bandeja de salida:</translation>
    </message>
    <message>
        <source>Recent errors</source>
        <translation>Errores recientes</translation>
    </message>
    <message>
        <source>%1 — %2, database %3, user %4 (%5)</source>
        <translation>%1 — %2, base de datos %3, usuario %4 (%5)</translation>
    </message>
    <message>
        <source>production</source>
        <translation>producción</translation>
    </message>
    <message>
        <source>staging</source>
        <translation>pruebas</translation>
    </message>
    <message>
        <source>Offline: no Odoo connection</source>
        <translation>Sin conexión: no hay conexión con Odoo</translation>
    </message>
    <message>
        <source>%1, retrying in %2 s</source>
        <translation>%1, reintento en %2 s</translation>
    </message>
    <message>
        <source>not in use</source>
        <translation>sin uso</translation>
    </message>
    <message>
        <source>%1: %2 orders, %3 manufacturing orders, %4 transfers, %5 invoices in %6 ms (%7 requests)</source>
        <translation>%1: pedidos %2, órdenes de fabricación %3, traslados %4, facturas %5 en %6 ms (peticiones: %7)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>%1 succeeded, %2 failed, %3 failed in a row</source>
        <translation>correctas: %1, fallidas: %2, fallidas seguidas: %3</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>sin registrar</translation>
    </message>
    <message>
        <source>none: actions are not available</source>
        <translation>ninguna: las acciones no están disponibles</translation>
    </message>
    <message>
        <source>Action #%1 (%2): %3</source>
        <translation>Acción n.º %1 (%2): %3</translation>
    </message>
    <message>
        <source>%1 waiting, %2 sending, %3 failed</source>
        <translation>en espera: %1, enviándose: %2, fallidas: %3</translation>
    </message>
    <message>
        <source>no team store</source>
        <translation>sin base de datos del equipo</translation>
    </message>
    <message>
        <source>No errors recorded.</source>
        <translation>No hay errores registrados.</translation>
    </message>
    <message>
        <source>Critical: %1</source>
        <translation>Crítico: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Aviso: %1</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Middleware hub</source>
        <translation>Hub de middleware</translation>
    </message>
    <message>
        <source>Live stream:</source>
        <translation>Flujo en directo:</translation>
    </message>
    <message>
        <source>Health:</source>
        <translation>Estado:</translation>
    </message>
    <message>
        <source>RabbitMQ</source>
        <translation>RabbitMQ</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listos</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>Sin confirmar</translation>
    </message>
    <message>
        <source>Consumers</source>
        <translation>Consumidores</translation>
    </message>
    <message>
        <source>In per s</source>
        <translation>Entrada por s</translation>
    </message>
    <message>
        <source>Out per s</source>
        <translation>Salida por s</translation>
    </message>
    <message>
        <source>Dead-letter queue</source>
        <translation>Cola de mensajes fallidos</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>RabbitMQ queues</source>
        <translation>Colas de RabbitMQ</translation>
    </message>
    <message>
        <source>Replay dead-lettered messages…</source>
        <translation>Reenviar mensajes fallidos…</translation>
    </message>
    <message>
        <source>Select a dead-letter queue first.</source>
        <translation>Seleccione primero una cola de mensajes fallidos.</translation>
    </message>
    <message>
        <source>Job queue (OCA queue_job)</source>
        <translation>Cola de trabajos (OCA queue_job)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Failed and stuck jobs</source>
        <translation>Trabajos fallidos y atascados</translation>
    </message>
    <message>
        <source>Requeue the selected job</source>
        <translation>Volver a encolar el trabajo seleccionado</translation>
    </message>
    <message>
        <source>Requeueing needs the team store.</source>
        <translation>Volver a encolar requiere el almacén del equipo.</translation>
    </message>
    <message>
        <source>Not reachable: %1</source>
        <translation>No accesible: %1</translation>
    </message>
    <message>
        <source>No middleware hub configured: orders are seen once they reach Odoo.</source>
        <translation>No hay hub de middleware configurado: los pedidos se ven cuando llegan a Odoo.</translation>
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
        <translation>Conectado (%1), último evento %2.</translation>
    </message>
    <message>
        <source>Not connected (%1): reconnecting, resuming after event %2.</source>
        <translation>No conectado (%1): reconectando, se reanuda tras el evento %2.</translation>
    </message>
    <message>
        <source>%1 %2 events received; repaired: %3 drops, %4 repeats ignored, %5 out of order, %6 catch-ups from the listing.</source>
        <translation>%1 %2 eventos recibidos; reparado: %3 cortes, %4 repeticiones ignoradas, %5 fuera de orden, %6 recuperaciones desde el listado.</translation>
    </message>
    <message>
        <source>The middleware hub&apos;s live stream is down; the cockpit resumes it without losing events.</source>
        <translation>El flujo en directo del hub de middleware está caído; el cockpit lo reanuda sin perder eventos.</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>no configurado</translation>
    </message>
    <message>
        <source>waiting for the first figures</source>
        <translation>esperando las primeras cifras</translation>
    </message>
    <message numerus="yes">
        <source>Throughput: %1 orders per minute over the last %n minutes</source>
        <translation>
            <numerusform>Rendimiento: %1 pedidos por minuto en el último %n minuto</numerusform>
            <numerusform>Rendimiento: %1 pedidos por minuto en los últimos %n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>Received %1, acknowledged by Odoo %2</source>
        <translation>Recibidos %1, confirmados por Odoo %2</translation>
    </message>
    <message numerus="yes">
        <source>Queue depth: %n waiting for Odoo</source>
        <translation>
            <numerusform>Profundidad de la cola: %n esperando a Odoo</numerusform>
            <numerusform>Profundidad de la cola: %n esperando a Odoo</numerusform>
        </translation>
    </message>
    <message>
        <source>Processing latency: %1 s median, %2 s 95th percentile, %3 s longest</source>
        <translation>Latencia de procesamiento: %1 s mediana, %2 s percentil 95, %3 s la más larga</translation>
    </message>
    <message>
        <source>Acknowledgement success: %1%</source>
        <translation>Éxito de confirmación: %1 %</translation>
    </message>
    <message numerus="yes">
        <source>Quarantined: %n</source>
        <translation>
            <numerusform>En cuarentena: %n</numerusform>
            <numerusform>En cuarentena: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>RabbitMQ is not configured (start the cockpit with --rabbitmq http://user:password@host:15672).</source>
        <translation>RabbitMQ no está configurado (inicie el cockpit con --rabbitmq http://usuario:contraseña@host:15672).</translation>
    </message>
    <message numerus="yes">
        <source>%n queues; %1 messages dead-lettered.</source>
        <translation>
            <numerusform>%n cola; %1 mensajes fallidos.</numerusform>
            <numerusform>%n colas; %1 mensajes fallidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>not read (no Odoo connection)</source>
        <translation>no leído (sin conexión con Odoo)</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>aún no leído</translation>
    </message>
    <message>
        <source>queue_job not installed in this Odoo: there are no job queues to watch.</source>
        <translation>queue_job no está instalado en este Odoo: no hay colas de trabajos que vigilar.</translation>
    </message>
    <message numerus="yes">
        <source>%1 failed, %2 started longer than %n minutes ago, %3 running, %4 waiting (%5 of them retrying), read %6.</source>
        <translation>
            <numerusform>%1 fallidos, %2 iniciados hace más de %n minuto, %3 en ejecución, %4 en espera (%5 de ellos reintentando), leído %6.</numerusform>
            <numerusform>%1 fallidos, %2 iniciados hace más de %n minutos, %3 en ejecución, %4 en espera (%5 de ellos reintentando), leído %6.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>started, stuck</source>
        <translation>iniciado, atascado</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>No alerts: the middleware and the job queue look healthy.</source>
        <translation>Sin alertas: el middleware y la cola de trabajos parecen sanos.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message>
        <source>Replay from %1</source>
        <translation>Reenviar desde %1</translation>
    </message>
    <message>
        <source>Choose the messages to send back to where they were dead-lettered; the others stay in %1.</source>
        <translation>Elija los mensajes que deben volver adonde fallaron; los demás se quedan en %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 in %3 (%n times): %4</source>
        <translation>
            <numerusform>%1 — %2 en %3 (%n vez): %4</numerusform>
            <numerusform>%1 — %2 en %3 (%n veces): %4</numerusform>
        </translation>
    </message>
    <message>
        <source>(no message id)</source>
        <translation>(sin id de mensaje)</translation>
    </message>
    <message>
        <source>Replay the checked messages</source>
        <translation>Reenviar los mensajes marcados</translation>
    </message>
    <message>
        <source>Nothing was chosen; nothing was moved.</source>
        <translation>No se eligió nada; no se movió nada.</translation>
    </message>
    <message numerus="yes">
        <source>Replaying %n messages from %1…</source>
        <translation>
            <numerusform>Reenviando %n mensaje desde %1…</numerusform>
            <numerusform>Reenviando %n mensajes desde %1…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n messages replayed from %1; %2 stay there.</source>
        <translation>
            <numerusform>%n mensaje reenviado desde %1; %2 se quedan allí.</numerusform>
            <numerusform>%n mensajes reenviados desde %1; %2 se quedan allí.</numerusform>
        </translation>
    </message>
    <message>
        <source>Requeue a stuck job only when the worker that started it is gone; you are asked to confirm.</source>
        <translation>Vuelva a encolar un trabajo atascado solo cuando el worker que lo inició ya no exista; se le pedirá confirmación.</translation>
    </message>
    <message>
        <source>Only a failed or stuck job can be requeued.</source>
        <translation>Solo se puede volver a encolar un trabajo fallido o atascado.</translation>
    </message>
    <message>
        <source>Requeue a stuck job</source>
        <translation>Volver a encolar un trabajo atascado</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has been started since %2 and has not finished. Requeue it only if the worker that started it is gone (restarted or crashed): a worker still running it would run it a second time.</source>
        <translation>«%1» se inició el %2 y no ha terminado. Vuelva a encolarlo solo si el worker que lo inició ya no existe (reiniciado o caído): un worker que aún lo esté ejecutando lo ejecutaría una segunda vez.</translation>
    </message>
    <message>
        <source>Requeue it</source>
        <translation>Volver a encolarlo</translation>
    </message>
    <message numerus="yes">
        <source>Failures: %n failed attempts, %1 dead-lettered</source>
        <translation>
            <numerusform>Fallos: %n intento fallido, %1 en mensajes fallidos</numerusform>
            <numerusform>Fallos: %n intentos fallidos, %1 en mensajes fallidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>o2c::ui::KeyboardShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <comment>keyboard shortcuts</comment>
        <translation>%1 o %2</translation>
    </message>
</context>
<context>
    <name>o2c::ui::MainWindow</name>
    <message>
        <source>Screens</source>
        <translation>Pantallas</translation>
    </message>
    <message>
        <source>J / K: next / previous</source>
        <translation>J / K: siguiente / anterior</translation>
    </message>
    <message>
        <source>Duplicate clusters</source>
        <translation>Grupos de duplicados</translation>
    </message>
    <message>
        <source>Filter orders (Ctrl+F)</source>
        <translation>Filtrar pedidos (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter orders</source>
        <translation>Filtrar pedidos</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Trabajando…</translation>
    </message>
    <message>
        <source>&amp;Hold MRP…</source>
        <translation>&amp;Retener fabricación…</translation>
    </message>
    <message>
        <source>&amp;Release hold</source>
        <translation>&amp;Liberar retención</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Flow board</source>
        <translation>&amp;Tablero de flujo</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Pedidos</translation>
    </message>
    <message>
        <source>&amp;Clusters</source>
        <translation>&amp;Grupos</translation>
    </message>
    <message>
        <source>F&amp;ilter orders</source>
        <translation>F&amp;iltrar pedidos</translation>
    </message>
    <message>
        <source>&amp;Show all stages</source>
        <translation>&amp;Mostrar todas las etapas</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>A&amp;cciones</translation>
    </message>
    <message>
        <source>&amp;Next cluster</source>
        <translation>Grupo &amp;siguiente</translation>
    </message>
    <message>
        <source>&amp;Previous cluster</source>
        <translation>Grupo &amp;anterior</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Decisions</source>
        <translation>&amp;Decisiones</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>E&amp;xportar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Atajos de &amp;teclado</translation>
    </message>
    <message>
        <source>&amp;About O2C Cockpit</source>
        <translation>&amp;Acerca de O2C Cockpit</translation>
    </message>
    <message>
        <source>%1 moved on behind its hold: %2</source>
        <translation>%1 avanzó pese a su retención: %2</translation>
    </message>
    <message>
        <source>Duplicate clusters (%1)</source>
        <translation>Grupos de duplicados (%1)</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Pedidos (%1)</translation>
    </message>
    <message>
        <source>Orders (%1 of %2)</source>
        <translation>Pedidos (%1 de %2)</translation>
    </message>
    <message>
        <source>Not connected to Odoo: holds cannot be changed.</source>
        <translation>Sin conexión con Odoo: no se pueden cambiar las retenciones.</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>Seleccione primero un pedido.</translation>
    </message>
    <message>
        <source>%1: an action is under way.</source>
        <translation>%1: hay una acción en curso.</translation>
    </message>
    <message>
        <source>%1 is already held.</source>
        <translation>%1 ya está retenido.</translation>
    </message>
    <message>
        <source>Hold manufacturing for %1 (Ctrl+H)</source>
        <translation>Retener la fabricación de %1 (Ctrl+H)</translation>
    </message>
    <message>
        <source>%1 is cancelled or already produced: nothing left to hold.</source>
        <translation>%1 está cancelado o ya producido: no queda nada que retener.</translation>
    </message>
    <message>
        <source>Release the hold on %1 (Ctrl+Shift+H)</source>
        <translation>Liberar la retención de %1 (Ctrl+Mayús+H)</translation>
    </message>
    <message>
        <source>%1 is not held.</source>
        <translation>%1 no está retenido.</translation>
    </message>
    <message>
        <source>Hold on %1 queued.</source>
        <translation>Retención de %1 en cola.</translation>
    </message>
    <message>
        <source>Holding manufacturing for %1…</source>
        <translation>Reteniendo la fabricación de %1…</translation>
    </message>
    <message>
        <source>Release hold</source>
        <translation>Liberar retención</translation>
    </message>
    <message>
        <source>Release the hold on %1? Manufacturing demand, reservation and procurement will proceed from it again.</source>
        <translation>¿Liberar la retención de %1? La demanda de fabricación, las reservas y el aprovisionamiento se reanudarán.</translation>
    </message>
    <message>
        <source>Release of %1 queued.</source>
        <translation>Liberación de %1 en cola.</translation>
    </message>
    <message>
        <source>Releasing the hold on %1…</source>
        <translation>Liberando la retención de %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The hold on %1 was not released.</source>
        <translation>No se liberó la retención de %1.</translation>
    </message>
    <message>
        <source>Manufacturing for %1 was not held.</source>
        <translation>No se retuvo la fabricación de %1.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Action failed</source>
        <translation>La acción falló</translation>
    </message>
    <message>
        <source>Odoo gave no reason. Try again; if it fails again, check the connection in the status bar.</source>
        <translation>Odoo no dio ningún motivo. Vuelva a intentarlo; si falla de nuevo, compruebe la conexión en la barra de estado.</translation>
    </message>
    <message>
        <source>About O2C Cockpit</source>
        <translation>Acerca de O2C Cockpit</translation>
    </message>
    <message>
        <source>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Order-to-cash operations cockpit for manufacturers that run Odoo: every order&apos;s flow, duplicate orders found as they arrive, and MRP held until they are resolved.&lt;/p&gt;&lt;p&gt;License: GPL-3.0-or-later&lt;/p&gt;</source>
        <translation>&lt;h3&gt;O2C Cockpit %1&lt;/h3&gt;&lt;p&gt;Cockpit de operaciones del pedido al cobro para fabricantes que usan Odoo: el flujo de cada pedido, los pedidos duplicados detectados al llegar y la fabricación retenida hasta resolverlos.&lt;/p&gt;&lt;p&gt;Licencia: GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Duplicate desk</source>
        <translation>Mesa de duplicados</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Cola de excepciones</translation>
    </message>
    <message>
        <source>Order detail</source>
        <translation>Detalle del pedido</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Retenciones</translation>
    </message>
    <message>
        <source>Supervisor charts</source>
        <translation>Gráficos de supervisión</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Estado de la integración</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>&amp;Claim cluster</source>
        <translation>&amp;Asignarme el grupo</translation>
    </message>
    <message>
        <source>&amp;Unclaim cluster</source>
        <translation>&amp;Desasignar el grupo</translation>
    </message>
    <message>
        <source>&amp;Resolve: keep the selected order</source>
        <translation>&amp;Resolver: conservar el pedido seleccionado</translation>
    </message>
    <message>
        <source>Mark &amp;distinct…</source>
        <translation>Marcar como d&amp;istinto…</translation>
    </message>
    <message>
        <source>&amp;Escalate…</source>
        <translation>&amp;Escalar…</translation>
    </message>
    <message>
        <source>Co&amp;mment…</source>
        <translation>Co&amp;mentar…</translation>
    </message>
    <message>
        <source>Re&amp;try failed action</source>
        <translation>Reinten&amp;tar la acción fallida</translation>
    </message>
    <message>
        <source>&amp;Abandon failed action…</source>
        <translation>A&amp;bandonar la acción fallida…</translation>
    </message>
    <message>
        <source>Shift &amp;handover summary</source>
        <translation>Resumen de relevo de t&amp;urno</translation>
    </message>
    <message>
        <source>&amp;Clusters to CSV…</source>
        <translation>&amp;Grupos a CSV…</translation>
    </message>
    <message>
        <source>Export clusters</source>
        <translation>Exportar grupos</translation>
    </message>
    <message>
        <source>&amp;Holds to CSV…</source>
        <translation>&amp;Retenciones a CSV…</translation>
    </message>
    <message>
        <source>Export holds</source>
        <translation>Exportar retenciones</translation>
    </message>
    <message>
        <source>&amp;Audit log to CSV…</source>
        <translation>Registro de a&amp;uditoría a CSV…</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Exportar registro de auditoría</translation>
    </message>
    <message>
        <source>Action #%1 failed: %2</source>
        <translation>Acción n.º %1 fallida: %2</translation>
    </message>
    <message>
        <source>No team store: decisions cannot be recorded.</source>
        <translation>Sin base de datos del equipo: no se pueden registrar decisiones.</translation>
    </message>
    <message>
        <source>Select a duplicate cluster first.</source>
        <translation>Seleccione primero un grupo de duplicados.</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>No realizado</translation>
    </message>
    <message>
        <source>Resolve %1</source>
        <translation>Resolver %1</translation>
    </message>
    <message>
        <source>Keep %1 and cancel %2 in Odoo?</source>
        <translation>¿Conservar %1 y cancelar %2 en Odoo?</translation>
    </message>
    <message>
        <source>%1: keeping %2, cancelling %3 (action #%4 queued).</source>
        <translation>%1: se conserva %2, se cancela %3 (acción n.º %4 en cola).</translation>
    </message>
    <message>
        <source>Mark %1 distinct</source>
        <translation>Marcar %1 como distinto</translation>
    </message>
    <message>
        <source>Why are these orders different demands?</source>
        <translation>¿Por qué estos pedidos son demandas distintas?</translation>
    </message>
    <message>
        <source>Give a reason: the next planner needs to know why.</source>
        <translation>Indique un motivo: el siguiente planificador necesita saber por qué.</translation>
    </message>
    <message>
        <source>%1 marked distinct.</source>
        <translation>%1 marcado como distinto.</translation>
    </message>
    <message>
        <source>Escalate %1</source>
        <translation>Escalar %1</translation>
    </message>
    <message>
        <source>%1 escalated.</source>
        <translation>%1 escalado.</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>Comentar %1</translation>
    </message>
    <message>
        <source>Note for the order&apos;s chatter in Odoo:</source>
        <translation>Nota para el chatter del pedido en Odoo:</translation>
    </message>
    <message>
        <source>Comment on %1 queued.</source>
        <translation>Comentario sobre %1 en cola.</translation>
    </message>
    <message>
        <source>%1 is yours.</source>
        <translation>%1 es suyo.</translation>
    </message>
    <message>
        <source>%1 is free for others.</source>
        <translation>%1 queda libre para otros.</translation>
    </message>
    <message>
        <source>No failed action to retry or abandon.</source>
        <translation>No hay ninguna acción fallida que reintentar o abandonar.</translation>
    </message>
    <message>
        <source>Action #%1 queued again.</source>
        <translation>Acción n.º %1 de nuevo en cola.</translation>
    </message>
    <message>
        <source>Abandon action #%1</source>
        <translation>Abandonar la acción n.º %1</translation>
    </message>
    <message>
        <source>Why is it given up?</source>
        <translation>¿Por qué se abandona?</translation>
    </message>
    <message>
        <source>Action #%1 abandoned.</source>
        <translation>Acción n.º %1 abandonada.</translation>
    </message>
    <message>
        <source>Shift handover</source>
        <translation>Relevo de turno</translation>
    </message>
    <message>
        <source>Shift handover summary</source>
        <translation>Resumen del relevo de turno</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 guardado.</translation>
    </message>
    <message>
        <source>O2C Cockpit</source>
        <translation>O2C Cockpit</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>A&amp;justes…</translation>
    </message>
    <message>
        <source>Show the &amp;alert&apos;s screen</source>
        <translation>Mostrar la pantalla de la &amp;alerta</translation>
    </message>
    <message>
        <source>&amp;Dismiss alerts</source>
        <translation>&amp;Descartar alertas</translation>
    </message>
    <message>
        <source>C&amp;harts to CSV…</source>
        <translation>Gráficos a CS&amp;V…</translation>
    </message>
    <message>
        <source>Export chart figures</source>
        <translation>Exportar las cifras de los gráficos</translation>
    </message>
    <message>
        <source>Clusters to &amp;PDF…</source>
        <translation>Grupos a &amp;PDF…</translation>
    </message>
    <message>
        <source>Holds to P&amp;DF…</source>
        <translation>Retenciones a P&amp;DF…</translation>
    </message>
    <message>
        <source>Charts to PD&amp;F…</source>
        <translation>Gráficos a PD&amp;F…</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Exportar los gráficos</translation>
    </message>
    <message>
        <source>Shift &amp;report (PDF)…</source>
        <translation>Info&amp;rme de turno (PDF)…</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Informe de turno</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
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
            <numerusform>Trabajando sin conexión: no se puede acceder a Odoo (%1). %n pedido mostrado está guardado en este equipo; se actualizará en cuanto Odoo vuelva a responder.</numerusform>
            <numerusform>Trabajando sin conexión: no se puede acceder a Odoo (%1). Los %n pedidos mostrados están guardados en este equipo; se actualizarán en cuanto Odoo vuelva a responder.</numerusform>
        </translation>
    </message>
    <message>
        <source>Applying the new duplicate rules…</source>
        <translation>Aplicando las nuevas reglas de duplicados…</translation>
    </message>
    <message>
        <source>The new duplicate rules are in force.</source>
        <translation>Las nuevas reglas de duplicados están en vigor.</translation>
    </message>
    <message>
        <source>What should the lead decide about %1?</source>
        <translation>¿Qué debe decidir el responsable sobre %1?</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderDetailPage</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Cronología del pedido al cobro</translation>
    </message>
    <message>
        <source>Identity graph</source>
        <translation>Grafo de identidad</translation>
    </message>
    <message>
        <source>%1 — %2, %3, %4, %5</source>
        <translation>%1 — %2, %3, %4, %5</translation>
    </message>
    <message>
        <source>No order picked yet: search for one on the left, or pick one of the most recent.</source>
        <translation>Ningún pedido elegido: busque uno a la izquierda o elija uno de los más recientes.</translation>
    </message>
    <message>
        <source>Find an &amp;order:</source>
        <translation>Buscar un &amp;pedido:</translation>
    </message>
    <message>
        <source>Name, customer reference or customer</source>
        <translation>Nombre, referencia del cliente o cliente</translation>
    </message>
    <message>
        <source>Find an order</source>
        <translation>Buscar un pedido</translation>
    </message>
    <message>
        <source>Matching orders</source>
        <translation>Pedidos coincidentes</translation>
    </message>
    <message>
        <source>Pick an order on the left to see its way through the systems.</source>
        <translation>Elija un pedido a la izquierda para ver su recorrido por los sistemas.</translation>
    </message>
    <message>
        <source>No order matches %1. Check the name, or wait for the next sync.</source>
        <translation>Ningún pedido coincide con %1. Compruebe el nombre o espere a la próxima sincronización.</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, created %3</source>
        <translation>%1, %2, creado el %3</translation>
    </message>
</context>
<context>
    <name>o2c::ui::OrderTableModel</name>
    <message>
        <source>Working…</source>
        <translation>Trabajando…</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenido</translation>
    </message>
    <message>
        <source>Manufacturing is held for %1: no manufacturing demand, reservation or procurement proceeds from it until the hold is released.</source>
        <translation>La fabricación de %1 está retenida: no se genera demanda de fabricación, reserva ni aprovisionamiento hasta que se libere la retención.</translation>
    </message>
    <message>
        <source>Possible duplicate: see cluster %1</source>
        <translation>Posible duplicado: vea el grupo %1</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Customer ref.</source>
        <translation>Ref. cliente</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creación</translation>
    </message>
    <message>
        <source>MRP hold</source>
        <translation>Retención de fabricación</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupo</translation>
    </message>
</context>
<context>
    <name>o2c::ui::PdfExport</name>
    <message>
        <source>The folder %1 does not exist. Choose another place for the file.</source>
        <translation>La carpeta %1 no existe. Elija otro lugar para el archivo.</translation>
    </message>
    <message>
        <source>%1 could not be written. Check that the folder is writable and the file is not open in another program.</source>
        <translation>No se pudo escribir %1. Compruebe que la carpeta admite escritura y que el archivo no está abierto en otro programa.</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>%1 could not be completed. Check the free space on the disk.</source>
        <translation>No se pudo completar %1. Compruebe el espacio libre en el disco.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::RulesAccess</name>
    <message>
        <source>No team store: the rules can be viewed, not changed.</source>
        <translation>Sin base de datos del equipo: las reglas se pueden ver, no cambiar.</translation>
    </message>
    <message>
        <source>The rules were not saved: %1. Correct the rules and save again.</source>
        <translation>Las reglas no se guardaron: %1. Corrija las reglas y guarde de nuevo.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Settings sections</source>
        <translation>Secciones de los ajustes</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>&amp;Conexiones</translation>
    </message>
    <message>
        <source>Duplicate &amp;rules</source>
        <translation>&amp;Reglas de duplicados</translation>
    </message>
    <message>
        <source>A&amp;lerts and shift</source>
        <translation>A&amp;lertas y turno</translation>
    </message>
    <message>
        <source>Appea&amp;rance</source>
        <translation>Apa&amp;riencia</translation>
    </message>
    <message>
        <source>Saved connections</source>
        <translation>Conexiones guardadas</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nueva</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>Nueva conexión</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Remove the selected connection</source>
        <translation>Quitar la conexión seleccionada</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <source>Connection name</source>
        <translation>Nombre de la conexión</translation>
    </message>
    <message>
        <source>Plant Lyon production</source>
        <translation>Planta Lyon producción</translation>
    </message>
    <message>
        <source>Odoo server address</source>
        <translation>Dirección del servidor Odoo</translation>
    </message>
    <message>
        <source>Odoo database</source>
        <translation>Base de datos de Odoo</translation>
    </message>
    <message>
        <source>Odoo login</source>
        <translation>Usuario de Odoo</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Contraseña o clave de API</translation>
    </message>
    <message>
        <source>Empty: keep the stored one</source>
        <translation>Vacío: conservar la guardada</translation>
    </message>
    <message>
        <source>This is a &amp;production database</source>
        <translation>Es una base de datos de &amp;producción</translation>
    </message>
    <message>
        <source>Production database</source>
        <translation>Base de datos de producción</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Dirección del servidor:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de datos:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>Passwords and API keys go to the system keychain, never into the settings file. Production connections are marked red on every window; staging ones teal.</source>
        <translation>Las contraseñas y claves de API van al llavero del sistema, nunca al archivo de ajustes. Las conexiones de producción se marcan en rojo en cada ventana; las de preproducción, en verde azulado.</translation>
    </message>
    <message>
        <source>&amp;Save connection</source>
        <translation>&amp;Guardar la conexión</translation>
    </message>
    <message>
        <source>Save the connection</source>
        <translation>Guardar la conexión</translation>
    </message>
    <message>
        <source>&amp;Use at next start</source>
        <translation>&amp;Usar en el próximo inicio</translation>
    </message>
    <message>
        <source>Use this connection at the next start</source>
        <translation>Usar esta conexión en el próximo inicio</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Quitar la conexión</translation>
    </message>
    <message>
        <source>Remove the connection %1 and forget its password?</source>
        <translation>¿Quitar la conexión %1 y olvidar su contraseña?</translation>
    </message>
    <message>
        <source>%1 — production</source>
        <translation>%1 — producción</translation>
    </message>
    <message>
        <source>%1 — staging</source>
        <translation>%1 — preproducción</translation>
    </message>
    <message>
        <source>%1 (in use)</source>
        <translation>%1 (en uso)</translation>
    </message>
    <message>
        <source>%1 (at next start)</source>
        <translation>%1 (en el próximo inicio)</translation>
    </message>
    <message>
        <source>%1, database %2, login %3</source>
        <translation>%1, base de datos %2, usuario %3</translation>
    </message>
    <message>
        <source>Give the connection a name.</source>
        <translation>Dé un nombre a la conexión.</translation>
    </message>
    <message>
        <source>A connection named %1 exists already; choose another name.</source>
        <translation>Ya existe una conexión llamada %1; elija otro nombre.</translation>
    </message>
    <message>
        <source>The server address must be an http or https address, e.g. https://erp.example.com.</source>
        <translation>La dirección del servidor debe ser una dirección http o https, p. ej. https://erp.example.com.</translation>
    </message>
    <message>
        <source>Name the Odoo database.</source>
        <translation>Indique la base de datos de Odoo.</translation>
    </message>
    <message>
        <source>Give the Odoo login.</source>
        <translation>Indique el usuario de Odoo.</translation>
    </message>
    <message>
        <source>No keychain is available here: the password was not stored and will be asked at sign-in.</source>
        <translation>No hay llavero disponible aquí: la contraseña no se guardó y se pedirá al iniciar sesión.</translation>
    </message>
    <message>
        <source>The password was not stored in the keychain (%1); it will be asked at sign-in.</source>
        <translation>La contraseña no se guardó en el llavero (%1); se pedirá al iniciar sesión.</translation>
    </message>
    <message>
        <source>Connection %1 saved.</source>
        <translation>Conexión %1 guardada.</translation>
    </message>
    <message>
        <source>Connection %1 saved. %2</source>
        <translation>Conexión %1 guardada. %2</translation>
    </message>
    <message>
        <source>Connection %1 removed.</source>
        <translation>Conexión %1 quitada.</translation>
    </message>
    <message>
        <source>Connection %1 removed; its password could not be removed from the keychain: %2</source>
        <translation>Conexión %1 quitada; su contraseña no se pudo quitar del llavero: %2</translation>
    </message>
    <message>
        <source>Select a saved connection first.</source>
        <translation>Seleccione primero una conexión guardada.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (PRODUCTION) when it starts again.</source>
        <translation>El cockpit iniciará sesión en %1 (PRODUCCIÓN) cuando vuelva a arrancar.</translation>
    </message>
    <message>
        <source>The cockpit signs in to %1 (staging) when it starts again.</source>
        <translation>El cockpit iniciará sesión en %1 (preproducción) cuando vuelva a arrancar.</translation>
    </message>
    <message>
        <source>Restart the cockpit</source>
        <translation>Reiniciar el cockpit</translation>
    </message>
    <message>
        <source>%1 Restart now? Queued actions are kept and sent after the restart.</source>
        <translation>%1 ¿Reiniciar ahora? Las acciones en cola se conservan y se envían tras el reinicio.</translation>
    </message>
    <message>
        <source>Duplicate threshold</source>
        <translation>Umbral de duplicado</translation>
    </message>
    <message>
        <source>Suspect threshold</source>
        <translation>Umbral de sospecha</translation>
    </message>
    <message>
        <source>&amp;Duplicate at a score of at least:</source>
        <translation>&amp;Duplicado a partir de una puntuación de:</translation>
    </message>
    <message>
        <source>&amp;Suspect at a score of at least:</source>
        <translation>&amp;Sospechoso a partir de una puntuación de:</translation>
    </message>
    <message>
        <source>A pair of orders scores the sum of its evidence&apos;s weights (see the comparison on the duplicate desk). Every weight, tolerance, window and customer override is in the rules below.</source>
        <translation>Un par de pedidos puntúa la suma de los pesos de sus indicios (vea la comparación en la mesa de duplicados). Todos los pesos, tolerancias, ventanas y excepciones por cliente están en las reglas de abajo.</translation>
    </message>
    <message>
        <source>R&amp;ules (JSON):</source>
        <translation>Re&amp;glas (JSON):</translation>
    </message>
    <message>
        <source>Duplicate rules</source>
        <translation>Reglas de duplicados</translation>
    </message>
    <message>
        <source>Save &amp;rules for the team</source>
        <translation>&amp;Guardar las reglas para el equipo</translation>
    </message>
    <message>
        <source>Save the duplicate rules for the team</source>
        <translation>Guardar las reglas de duplicados para el equipo</translation>
    </message>
    <message>
        <source>&amp;Open rules file…</source>
        <translation>&amp;Abrir archivo de reglas…</translation>
    </message>
    <message>
        <source>Open a rules file</source>
        <translation>Abrir un archivo de reglas</translation>
    </message>
    <message>
        <source>&amp;Export rules file…</source>
        <translation>E&amp;xportar archivo de reglas…</translation>
    </message>
    <message>
        <source>Export the rules to a file</source>
        <translation>Exportar las reglas a un archivo</translation>
    </message>
    <message>
        <source>&amp;Built-in rules</source>
        <translation>Reglas &amp;integradas</translation>
    </message>
    <message>
        <source>Put the built-in rules in the editor</source>
        <translation>Poner las reglas integradas en el editor</translation>
    </message>
    <message>
        <source>Open rules file</source>
        <translation>Abrir archivo de reglas</translation>
    </message>
    <message>
        <source>Rules files (*.json)</source>
        <translation>Archivos de reglas (*.json)</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>No se pudo leer %1: %2</translation>
    </message>
    <message>
        <source>Export rules file</source>
        <translation>Exportar archivo de reglas</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Rules written to %1.</source>
        <translation>Reglas escritas en %1.</translation>
    </message>
    <message>
        <source>%1 You may change them: every change is recorded in the audit log.</source>
        <translation>%1 Puede cambiarlas: cada cambio queda registrado en el registro de auditoría.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Store the rules in the team store</source>
        <translation>Guardar las reglas en la base de datos del equipo</translation>
    </message>
    <message>
        <source>The duplicate rules are saved for the team and recorded in the audit log.</source>
        <translation>Las reglas de duplicados están guardadas para el equipo y registradas en el registro de auditoría.</translation>
    </message>
    <message>
        <source>These rules cannot be used: %1</source>
        <translation>Estas reglas no se pueden usar: %1</translation>
    </message>
    <message>
        <source>An alert is raised once when a figure reaches its threshold: a notice above the screens and, where the desktop has one, a notification in the system tray. It is raised again only after the figure went back below.</source>
        <translation>Una alerta se lanza una vez cuando una cifra alcanza su umbral: un aviso encima de las pantallas y, si el escritorio la tiene, una notificación en la bandeja del sistema. Solo se vuelve a lanzar cuando la cifra ha bajado de nuevo.</translation>
    </message>
    <message>
        <source>Duplicate rate threshold</source>
        <translation>Umbral de la tasa de duplicados</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Backlog threshold</source>
        <translation>Umbral de pendientes</translation>
    </message>
    <message>
        <source>Queue depth threshold</source>
        <translation>Umbral de la longitud de la cola</translation>
    </message>
    <message>
        <source>Latency threshold</source>
        <translation>Umbral de latencia</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Failures threshold</source>
        <translation>Umbral de fallos</translation>
    </message>
    <message>
        <source>Cluster SLA in hours</source>
        <translation>SLA de los grupos en horas</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>&amp;Duplicate rate today at least:</source>
        <translation>Tasa de &amp;duplicados hoy de al menos:</translation>
    </message>
    <message>
        <source>&amp;Backlog: open duplicate clusters at least:</source>
        <translation>&amp;Pendientes: grupos de duplicados abiertos, al menos:</translation>
    </message>
    <message>
        <source>&amp;Queue depth: actions waiting for Odoo at least:</source>
        <translation>&amp;Cola: acciones en espera de Odoo, al menos:</translation>
    </message>
    <message>
        <source>&amp;Latency of a sync pass at least:</source>
        <translation>&amp;Latencia de una pasada de sincronización de al menos:</translation>
    </message>
    <message>
        <source>&amp;Failures: failed passes in a row plus failed actions at least:</source>
        <translation>&amp;Fallos: pasadas fallidas seguidas más acciones fallidas, al menos:</translation>
    </message>
    <message>
        <source>The duplicate rate is judged once a day has at least %1 orders.</source>
        <translation>La tasa de duplicados se evalúa en cuanto un día tiene al menos %1 pedidos.</translation>
    </message>
    <message>
        <source>Cluster &amp;SLA: decided within</source>
        <translation>&amp;SLA de los grupos: decidido en</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Follow the system (%1)</source>
        <translation>Como el sistema (%1)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Como el sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>A new language takes effect when the cockpit starts again; the theme changes at once.</source>
        <translation>Un nuevo idioma se aplica cuando el cockpit vuelve a arrancar; el tema cambia al instante.</translation>
    </message>
    <message>
        <source>Restart &amp;now</source>
        <translation>Reiniciar &amp;ahora</translation>
    </message>
    <message>
        <source>Restart the cockpit now</source>
        <translation>Reiniciar el cockpit ahora</translation>
    </message>
    <message>
        <source>The cockpit speaks %1 when it starts again; the theme changes at once.</source>
        <translation>Al volver a arrancar, el cockpit estará en %1; el tema cambia al instante.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force, since %1.</source>
        <translation>La base de datos del equipo no tiene reglas propias: las reglas de duplicados integradas de abajo están vigentes desde %1.</translation>
    </message>
    <message>
        <source>The team store holds no rules of its own: the built-in duplicate rules below are in force.</source>
        <translation>La base de datos del equipo no tiene reglas propias: las reglas de duplicados integradas de abajo están vigentes.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit since %1.</source>
        <translation>Estas son las reglas de duplicados del equipo, guardadas en la base de datos del equipo y vigentes en este cockpit desde %1.</translation>
    </message>
    <message>
        <source>These are the team&apos;s duplicate rules, kept in the team store and in force in this cockpit.</source>
        <translation>Estas son las reglas de duplicados del equipo, guardadas en la base de datos del equipo y vigentes en este cockpit.</translation>
    </message>
    <message>
        <source>No connection is saved yet: fill in the form and choose Save connection. A connection you sign in to joins the list.</source>
        <translation>Aún no hay ninguna conexión guardada: rellene el formulario y elija «Guardar la conexión». Una conexión en la que inicie sesión se añade a la lista.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftQueuePage</name>
    <message>
        <source>Resolve</source>
        <translation>Resolver</translation>
    </message>
    <message>
        <source>Mark distinct</source>
        <translation>Marcar como distinto</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Retener</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>Escalar</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Asignar</translation>
    </message>
    <message>
        <source>Unclaim</source>
        <translation>Desasignar</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecha</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonada</translation>
    </message>
    <message>
        <source>Exception queue</source>
        <translation>Cola de excepciones</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>Which clusters to show</source>
        <translation>Qué grupos mostrar</translation>
    </message>
    <message>
        <source>All open</source>
        <translation>Todos los abiertos</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Míos</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalados</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valor en riesgo</translation>
    </message>
    <message>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Asignado a</translation>
    </message>
    <message>
        <source>Actions waiting or failed</source>
        <translation>Acciones en espera o fallidas</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último error</translation>
    </message>
    <message>
        <source>No orders are loaded.</source>
        <translation>No hay pedidos cargados.</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>quedan %1</translation>
    </message>
    <message>
        <source>breached by %1</source>
        <translation>superado en %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nadie</translation>
    </message>
    <message>
        <source>The SLA of %1 h is breached.</source>
        <translation>Se ha superado el SLA de %1 h.</translation>
    </message>
    <message>
        <source>Shift handover, %1</source>
        <translation>Relevo de turno, %1</translation>
    </message>
    <message>
        <source>Largest open clusters:</source>
        <translation>Grupos abiertos más grandes:</translation>
    </message>
    <message>
        <source>- %1 %2: %3, waiting %4, %5</source>
        <translation>- %1 %2: %3, en espera %4, %5</translation>
    </message>
    <message>
        <source>Actions still open:</source>
        <translation>Acciones aún abiertas:</translation>
    </message>
    <message>
        <source>- #%1 %2 %3: %4</source>
        <translation>- n.º %1 %2 %3: %4</translation>
    </message>
    <message numerus="yes">
        <source>%n open clusters: %1 mine, %2 unassigned, %3 escalated, %4 past their SLA of %5 h. Actions: %6 waiting, %7 failed.</source>
        <translation>
            <numerusform>%n grupo abierto: míos %1, sin asignar %2, escalados %3, fuera del SLA de %5 h %4. Acciones: en espera %6, fallidas %7.</numerusform>
            <numerusform>%n grupos abiertos: míos %1, sin asignar %2, escalados %3, fuera del SLA de %5 h %4. Acciones: en espera %6, fallidas %7.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Reintentando</translation>
    </message>
    <message>
        <source>A&amp;pprove escalation…</source>
        <translation>A&amp;probar escalado…</translation>
    </message>
    <message>
        <source>Dec&amp;line escalation…</source>
        <translation>Re&amp;chazar escalado…</translation>
    </message>
    <message>
        <source>Release &amp;my claims</source>
        <translation>Liberar &amp;mis asignaciones</translation>
    </message>
    <message>
        <source>End of shift: every cluster you claimed becomes free for the next planner.</source>
        <translation>Fin del turno: cada grupo que se asignó queda libre para el siguiente planificador.</translation>
    </message>
    <message>
        <source>Next attempt</source>
        <translation>Próximo intento</translation>
    </message>
    <message>
        <source>Claims not released</source>
        <translation>Asignaciones no liberadas</translation>
    </message>
    <message>
        <source>No team store: escalations cannot be decided.</source>
        <translation>Sin base de datos del equipo: no se pueden decidir escalados.</translation>
    </message>
    <message>
        <source>Only a lead can approve or decline an escalation; %1 is not a lead.</source>
        <translation>Solo un responsable puede aprobar o rechazar un escalado; %1 no es responsable.</translation>
    </message>
    <message>
        <source>Select an escalated cluster first.</source>
        <translation>Seleccione primero un grupo escalado.</translation>
    </message>
    <message>
        <source>%1 has no open escalation.</source>
        <translation>%1 no tiene ningún escalado abierto.</translation>
    </message>
    <message>
        <source>Approve the escalation of %1</source>
        <translation>Aprobar el escalado de %1</translation>
    </message>
    <message>
        <source>Decline the escalation of %1</source>
        <translation>Rechazar el escalado de %1</translation>
    </message>
    <message>
        <source>No team store: there are no claims.</source>
        <translation>Sin base de datos del equipo: no hay asignaciones.</translation>
    </message>
    <message>
        <source>Select a cluster with an open escalation first.</source>
        <translation>Seleccione primero un grupo con un escalado abierto.</translation>
    </message>
    <message>
        <source>Approve escalation of %1</source>
        <translation>Aprobar el escalado de %1</translation>
    </message>
    <message>
        <source>Decline escalation of %1</source>
        <translation>Rechazar el escalado de %1</translation>
    </message>
    <message>
        <source>Note for the planner (optional):</source>
        <translation>Nota para el planificador (opcional):</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>¿Por qué se rechaza?</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>No realizado</translation>
    </message>
    <message>
        <source>%1 (by %2)</source>
        <translation>%1 (de %2)</translation>
    </message>
    <message>
        <source>waits for a planner</source>
        <translation>espera a un planificador</translation>
    </message>
    <message>
        <source>A transient failure: sent again by itself at %1.</source>
        <translation>Un fallo transitorio: se volverá a enviar automáticamente a las %1.</translation>
    </message>
    <message numerus="yes">
        <source>Odoo could not be reached in %n attempt(s): retry or abandon it.</source>
        <translation>
            <numerusform>No se pudo contactar con Odoo en %n intento: reinténtela o abandónela.</numerusform>
            <numerusform>No se pudo contactar con Odoo en %n intentos: reinténtela o abandónela.</numerusform>
        </translation>
    </message>
    <message>
        <source>Odoo refused it: fix the cause, then retry or abandon it.</source>
        <translation>Odoo la rechazó: corrija la causa y luego reinténtela o abandónela.</translation>
    </message>
    <message>
        <source>Requeue job</source>
        <translation>Volver a encolar el trabajo</translation>
    </message>
    <message>
        <source>Release from quarantine</source>
        <translation>Liberar de la cuarentena</translation>
    </message>
    <message>
        <source>Reject in the hub</source>
        <translation>Rechazar en el hub</translation>
    </message>
    <message>
        <source>Replay through the hub</source>
        <translation>Reenviar a través del hub</translation>
    </message>
    <message>
        <source>No action is waiting for Odoo or has failed.</source>
        <translation>Ninguna acción espera a Odoo ni ha fallado.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Informe de turno</translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation>Preparado por %1 el %2</translation>
    </message>
    <message>
        <source>Figures from %1 to %2</source>
        <translation>Cifras del %1 al %2</translation>
    </message>
    <message>
        <source>Orders created</source>
        <translation>Pedidos creados</translation>
    </message>
    <message>
        <source>Duplicate orders found</source>
        <translation>Duplicados encontrados</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Tasa de duplicados</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Value at risk (still open)</source>
        <translation>Valor en riesgo (aún abierto)</translation>
    </message>
    <message>
        <source>Value prevented (duplicates cancelled)</source>
        <translation>Valor evitado (duplicados cancelados)</translation>
    </message>
    <message>
        <source>Open clusters at the end of the period</source>
        <translation>Grupos abiertos al final del periodo</translation>
    </message>
    <message>
        <source>Median hours to resolve, last day</source>
        <translation>Mediana de horas hasta resolver, último día</translation>
    </message>
    <message>
        <source>Active alerts</source>
        <translation>Alertas activas</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Gráficos</translation>
    </message>
    <message>
        <source>Open duplicate clusters (%1)</source>
        <translation>Grupos de duplicados abiertos (%1)</translation>
    </message>
    <message>
        <source>None: every cluster is decided.</source>
        <translation>Ninguno: todos los grupos están decididos.</translation>
    </message>
    <message>
        <source>Holds (%1)</source>
        <translation>Retenciones (%1)</translation>
    </message>
    <message>
        <source>No order is held.</source>
        <translation>Ningún pedido está retenido.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Breaches</source>
        <translation>Incumplimientos</translation>
    </message>
    <message>
        <source>No held order was confirmed or produced anyway.</source>
        <translation>Ningún pedido retenido se confirmó o fabricó de todos modos.</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>Relevo</translation>
    </message>
    <message>
        <source>No cluster is claimed by anyone.</source>
        <translation>Ningún grupo está asignado a nadie.</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Asignado a</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Decided during the shift</source>
        <translation>Decidido durante el turno</translation>
    </message>
    <message>
        <source>%1 resolved by %2, keeping %3</source>
        <translation>%1 resuelto por %2, se conserva %3</translation>
    </message>
    <message>
        <source>%1 marked distinct by %2</source>
        <translation>%1 marcado como distinto por %2</translation>
    </message>
    <message>
        <source>Handover summary</source>
        <translation>Resumen del relevo</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SignInDialog</name>
    <message>
        <source>Connect to Odoo</source>
        <translation>Conectar con Odoo</translation>
    </message>
    <message>
        <source>https://erp.example.com</source>
        <translation>https://erp.example.com</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password or API key</source>
        <translation>Contraseña o clave API</translation>
    </message>
    <message>
        <source>This is the production database</source>
        <translation>Es la base de datos de producción</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Recordar la contraseña en el llavero del sistema</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>Base de &amp;datos:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password or API key:</source>
        <translation>&amp;Contraseña o clave API:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Stage</name>
    <message>
        <source>Quotation</source>
        <translation>Presupuesto</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmado</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fabricación</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservado</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Producido</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SupervisorChartsPage</name>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Primer día</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Último día</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>Ac&amp;tualizar</translation>
    </message>
    <message>
        <source>Duplicates per channel per day</source>
        <translation>Duplicados por canal y día</translation>
    </message>
    <message>
        <source>Duplicate rate</source>
        <translation>Tasa de duplicados</translation>
    </message>
    <message>
        <source>Value at risk and value prevented</source>
        <translation>Valor en riesgo y valor evitado</translation>
    </message>
    <message>
        <source>Backlog and time to resolve</source>
        <translation>Pendientes y tiempo de resolución</translation>
    </message>
    <message>
        <source>Integration health</source>
        <translation>Estado de la integración</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>duplicados</translation>
    </message>
    <message>
        <source>duplicates per 100 orders</source>
        <translation>duplicados por cada 100 pedidos</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>en riesgo</translation>
    </message>
    <message>
        <source>prevented</source>
        <translation>evitado</translation>
    </message>
    <message>
        <source>open clusters</source>
        <translation>grupos abiertos</translation>
    </message>
    <message>
        <source>median hours to resolve</source>
        <translation>mediana de horas hasta resolver</translation>
    </message>
    <message>
        <source>clusters</source>
        <translation>grupos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>records per pass</source>
        <translation>registros por pasada</translation>
    </message>
    <message>
        <source>failed passes</source>
        <translation>pasadas fallidas</translation>
    </message>
    <message>
        <source>latency (ms)</source>
        <translation>latencia (ms)</translation>
    </message>
    <message>
        <source>outbox queue depth</source>
        <translation>profundidad de la bandeja de salida</translation>
    </message>
    <message>
        <source>acknowledged actions (%)</source>
        <translation>acciones confirmadas (%)</translation>
    </message>
    <message>
        <source>time</source>
        <translation>hora</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Integration health — no sync passes in this range</source>
        <translation>Estado de la integración — sin pasadas de sincronización en este intervalo</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicates found, %1 still at risk, %2 prevented.</source>
        <translation>
            <numerusform>%n duplicado encontrado, %1 aún en riesgo, %2 evitados.</numerusform>
            <numerusform>%n duplicados encontrados, %1 aún en riesgo, %2 evitados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Duplicates via %1</source>
        <translation>Duplicados vía %1</translation>
    </message>
    <message>
        <source>Duplicate rate (%)</source>
        <translation>Tasa de duplicados (%)</translation>
    </message>
    <message>
        <source>Value at risk</source>
        <translation>Valor en riesgo</translation>
    </message>
    <message>
        <source>Value prevented</source>
        <translation>Valor evitado</translation>
    </message>
    <message>
        <source>Open clusters</source>
        <translation>Grupos abiertos</translation>
    </message>
    <message>
        <source>Median hours to resolve</source>
        <translation>Mediana de horas hasta resolver</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>count, %</source>
        <translation>cantidad, %</translation>
    </message>
    <message>
        <source>hub orders per minute</source>
        <translation>pedidos del hub por minuto</translation>
    </message>
    <message>
        <source>hub queue depth</source>
        <translation>profundidad de cola del hub</translation>
    </message>
    <message>
        <source>hub failures</source>
        <translation>fallos del hub</translation>
    </message>
    <message>
        <source>hub acknowledged by Odoo (%)</source>
        <translation>hub: confirmados por Odoo (%)</translation>
    </message>
    <message>
        <source>hub latency, 95th percentile (ms)</source>
        <translation>latencia del hub, percentil 95 (ms)</translation>
    </message>
</context>
<context>
    <name>o2c::ui::SwimLaneTimeline</name>
    <message>
        <source>Order-to-cash timeline</source>
        <translation>Cronología del pedido al cobro</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 en %2</translation>
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
        <translation>Ventas</translation>
    </message>
    <message>
        <source>Manufacturing</source>
        <translation>Fabricación</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>Almacén</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Finanzas</translation>
    </message>
    <message>
        <source>Cockpit</source>
        <translation>Cockpit</translation>
    </message>
    <message>
        <source>Quote created</source>
        <translation>Presupuesto creado</translation>
    </message>
    <message>
        <source>Order confirmed</source>
        <translation>Pedido confirmado</translation>
    </message>
    <message>
        <source>Production released</source>
        <translation>Producción lanzada</translation>
    </message>
    <message>
        <source>Stock reserved</source>
        <translation>Existencias reservadas</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>Producido</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Amended</source>
        <translation>Modificado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Devuelto</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Factura rectificativa</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenido</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Liberado</translation>
    </message>
    <message>
        <source>Hold breached</source>
        <translation>Retención incumplida</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviado</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>En cuarentena</translation>
    </message>
    <message>
        <source>Intake update</source>
        <translation>Actualización de entrada</translation>
    </message>
    <message>
        <source>Duplicate flagged</source>
        <translation>Duplicado marcado</translation>
    </message>
    <message>
        <source>Duplicate resolved</source>
        <translation>Duplicado resuelto</translation>
    </message>
    <message>
        <source>No events recorded for this order.</source>
        <translation>No hay eventos registrados para este pedido.</translation>
    </message>
</context>
<context>
    <name>o2c::ui::Time</name>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>hace %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>hace %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>hace %1 h</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>hace %1 d</translation>
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
        <translation>%1 d</translation>
    </message>
</context>
</TS>
