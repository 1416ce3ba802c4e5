# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pago
pay-heading = { $seller } te solicita un pago
pay-button = Pagar { $amount }
buyer-heading = Tus datos
buyer-name = Nombre completo
buyer-phone = Teléfono
buyer-email = Correo electrónico
buyer-shipping-heading = Dirección de envío
buyer-line1 = Dirección
buyer-line2 = Dirección, línea 2 (opcional)
buyer-city = Ciudad
buyer-postal-code = Código postal
buyer-country = País (código de dos letras, p. ej. MX)
buyer-errors-notice = Revisa los datos marcados abajo.
buyer-error-missing = Completa este campo.
buyer-error-too-long = Es demasiado largo.
buyer-error-email = No es un correo electrónico, p. ej. nombre@ejemplo.com.
buyer-error-phone = No es un número de teléfono válido; incluye el código de país si es del extranjero, p. ej. +52 55 1234 5678.
buyer-error-country = Usa el código de país de dos letras, p. ej. MX, ES, CO.
expires = Vence el { $date }
no-expiry = No vence
payment-failed = El pago no se completó y no se cobró nada. Puedes intentarlo de nuevo.
paid-title = Pagado
paid-body = Este enlace de pago ya fue pagado. ¡Gracias!
expired-title = Enlace vencido
expired-body = Este enlace de pago ya venció. Pídele uno nuevo a { $seller }.
cancelled-title = Enlace cancelado
cancelled-body = { $seller } canceló este enlace de pago.
refunded-title = Reembolsado
refunded-body = El pago de este enlace fue reembolsado.
notfound-title = Enlace no encontrado
notfound-body = Revisa la dirección o pídele un enlace nuevo al vendedor.
pending-title = Confirmando tu pago
pending-body = Tarda unos segundos; la página se actualiza sola.
unavailable-title = Servicio de pago no disponible
unavailable-body = El servicio de pago no respondió y no se cobró nada. Intenta de nuevo en un minuto.
refused-title = Este enlace no puede recibir pagos ahora
refused-body = El proveedor de pagos se negó a abrir el pago y no se cobró nada. El vendedor ya fue avisado.
held-title = Pago en revisión
held-body = El proveedor de pagos informó un monto distinto, así que este pago no se confirmó. El vendedor ya fue avisado y se pondrá en contacto contigo.
secure-note = El pago se procesa de forma segura con { $provider }.
try-again = Intentar de nuevo
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Pago de prueba (sandbox)
sandbox-note = Modo de prueba: no se mueve dinero real.
sandbox-pay = Pagar con éxito
sandbox-fail = Hacer fallar el pago
sandbox-payer = Nombre de quien paga (opcional)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = Te damos la bienvenida a paychat
welcome = ¡Hola, { $name }! Ya puedes enviar enlaces de pago desde este chat. Los enlaces nuevos son en { $currency }, salvo que indiques otra moneda; cambia la moneda predeterminada con /currency.
welcome-back = ¡Hola de nuevo, { $name }!
help-title = Lo que puedo hacer
help =
    /link 250 THB clases — nuevo enlace de pago (monto, moneda, descripción)
        opciones: exp:3d  limit:5 (o limit:none)  ref:INV-7  to:+66812345678 o to:buyer@mail.com
        montos: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — tus enlaces recientes
    /status CODE — estado e historial de un enlace
    /send CODE — enviar de nuevo un enlace a su comprador (correo o SMS)
    /cancel CODE — cancelar un enlace
    /refund CODE [monto] — reembolsar todo o parte de un pago
    /paid CODE — registrar un pago en efectivo o por transferencia
    /dup CODE [monto] — un enlace nuevo igual a este (con otro monto si lo indicas)
    /qr CODE — el código QR del enlace otra vez
    /report [today|week|month] — totales por moneda
    /export — todos los enlaces y pagos en un archivo CSV
    /bulk — muchos enlaces a la vez desde un archivo CSV (con plantilla)
    /payto — cuentas de QR bancario donde te pagan (PromptPay, VietQR, Pix, UPI, QRIS)
    /currency THB — tu moneda predeterminada
    /lang th — idioma (en, th, id, vi, pt-BR, es)
    /timezone Europe/Madrid — tu zona horaria: todas las horas se muestran en ella
    /reminders on|off — "Aún sin pagar" aquí antes de que venza un enlace
    /replyto tu@correo.com — los compradores que respondan a los correos de paychat te llegan a ti
    CODE es el código de 16 caracteres al final del enlace, o el enlace completo.
invite-needed = Este bot es solo por invitación. Pide un enlace de invitación al operador y ábrelo para empezar.
group-not-registered = Solo los vendedores registrados pueden crear enlaces aquí. Abre un chat privado conmigo y envía /start primero.
not-a-command = Solo leo comandos. Envía /help para verlos.
did-you-mean-link = Para crear un enlace de pago, envía: { $example }
unsupported-message = Solo puedo leer mensajes de texto. Envía /help para ver lo que puedo hacer.
link-expires = Vence el { $date }
link-no-expiry = No vence
link-reusable = Reutilizable: lo pueden pagar todos los compradores que quieran.
link-limit = Se puede pagar { $limit } veces.
link-ref = Referencia: { $ref }
link-code = Código: { $slug }
btn-open = Abrir
btn-share = Compartir
btn-copy = Copiar enlace
btn-cancel = Cancelar enlace
btn-cancel-yes = Sí, cancelarlo
btn-refund-yes = Sí, reembolsar
btn-keep = No, conservarlo
btn-more = Más ›
btn-status = Estado
qr-caption = Escanea para pagar { $amount }
cancel-confirm = ¿Cancelar { $link }? Los compradores ya no podrán pagarlo.
cancelled = Cancelado: { $link }
nothing-changed = Listo, no se cambió nada.
button-expired = Ese botón ya no es válido. Envía el comando otra vez.
question-answered = Esta pregunta ya fue respondida.
refund-confirm = ¿Reembolsar { $amount } de { $link }?
refund-requested = Reembolso solicitado para { $link }. Te aviso aquí cuando esté listo.
refund-nothing = No hay nada que reembolsar en { $link }: no le queda ningún pago por reembolsar.
refund-too-much = En este enlace queda como máximo { $left } por reembolsar.
paid-recorded = Registrado como pagado en efectivo o por transferencia: { $link }
paid-claim-confirmed = Confirmada la transferencia del comprador que esperaba tu respuesta: { $link }
links-title = Tus enlaces
links-none = Todavía no tienes enlaces. Crea uno: /link 250 THB clases
links-end = No hay más enlaces.
timeline = Historial:
status-active = Abierto
status-paid = Pagado
status-expired = Vencido
status-cancelled = Cancelado
status-refunded = Reembolsado
status-partially_paid = Pagado en parte
status-partially_refunded = Reembolsado en parte
status-paid-total = Pagado { $amount } ({ $count } pagos)
status-refunded-total = Reembolsado { $amount }
event-link-created = Creado
event-link-opened = Abierto por un comprador
event-link-cancelled = Cancelado
event-link-expired = Vencido
event-payment-pending = El comprador empezó a pagar
event-payment-succeeded = Pagado
event-payment-failed = El pago falló
event-refund-pending = Reembolso iniciado
event-refund-succeeded = Reembolsado
event-refund-failed = El reembolso falló
event-checkout-failed = El proveedor se negó a abrir un pago
event-payment-mismatch = Pago retenido: monto distinto
event-payment-expired = Un comprador dejó el pago sin terminar
event-link-extended = Vencimiento extendido
event-payment-claimed = Un comprador dice que pagó por transferencia
event-payment-unmatched = Un abono bancario mencionaba este enlace, pero no se pudo aplicar
report-week = Últimos 7 días
report-month = Últimos 30 días
report-empty = No hay enlaces en este periodo.
report-received = Recibido { $paid }, reembolsado { $refunded }, neto { $net }
export-caption = { $links } enlaces y { $payments } pagos
currency-current = Tu moneda predeterminada es { $currency }. Cámbiala con /currency seguido de un código, p. ej. /currency USD
currency-set = Los enlaces nuevos ahora son en { $currency }, salvo que indiques otra moneda.
lang-list = Idioma: { $current }. Disponibles: { $languages }. Cámbialo con, p. ej., /lang th
lang-set = A partir de ahora te hablaré en español.
lang-unknown = Todavía no hablo "{ $code }". Disponibles: { $languages }.
push-paid-title = ✅ Pagado
push-payer = Pagado por { $payer }
push-payer-email = Correo: { $email }
push-payer-phone = Teléfono: { $phone }
push-shipping = Enviar a: { $address }
push-late = Este enlace ya estaba cerrado cuando llegó el dinero. Reembólsalo con /refund { $slug } si no lo quieres.
push-over = Este pago superó en { $amount } lo que quedaba por pagar (otro pago llegó al mismo tiempo). Devuelve la diferencia con /refund { $slug } { $refund }.
push-failed-title = ❌ Un pago falló
push-reason = Motivo: { $reason }
push-failed-still-open = No se cobró nada y el enlace sigue abierto.
push-expired-title = ⌛ Enlace vencido
push-refunded-title = ↩️ Reembolsado
push-refunded = { $amount } reembolsado en { $link }
push-refund-failed-title = ⚠️ El reembolso falló
push-checkout-failed-title = ⚠️ Un comprador no pudo pagar
push-checkout-failed = El proveedor de pagos se negó a abrir el pago. El enlace sigue abierto: revisa tu cuenta del proveedor.
push-mismatch-title = ⚠️ Pago retenido: monto distinto
push-mismatch = El proveedor informó { $reported }, pero el enlace pide { $expected }. No se marcó como pagado: revísalo en el panel del proveedor y reembólsalo allí si hace falta.
card-title = { $seller } te solicita { $amount }
card-pay = Pagar { $amount }
inline-create = Crear un enlace de { $amount }
inline-share = Compartir este enlace
inline-preparing = Preparando el enlace…
inline-register = Inicia paychat para crear enlaces
# Errors in chat. $value is what the seller typed.
err-unknown-command = No conozco /{ $value }. Envía /help para ver los comandos.
err-missing-slug = ¿Qué enlace? Agrega su código o el enlace completo, p. ej. /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" no es un periodo. Usa /report today, /report week o /report month.
err-missing-amount = ¿Cuánto? Escribe primero el monto, p. ej. /link 250 THB clases
err-unknown-currency = "{ $value }" no es un código de moneda. Usa un código ISO como THB, USD, IDR, VND, BRL, EUR.
err-duplicate-option = La opción { $value }: aparece dos veces. Escríbela solo una vez.
err-bad-expiry = "{ $value }" no es una duración. Usa, p. ej., exp:30m, exp:12h, exp:3d o exp:2w
err-bad-limit = "{ $value }" no es un límite de usos. Usa un número entero como limit:5, o limit:none
err-bad-reference = "{ $value }" no puede ser una referencia: usa hasta 64 letras, números y - _ . / #, p. ej. ref:INV-7
err-bad-recipient = "{ $value }" no es un número de teléfono ni un correo electrónico. Usa, p. ej., to:+66812345678 o to:buyer@mail.com
err-description-too-long = La descripción es demasiado larga: usa menos de 500 caracteres.
err-link-not-found = No encuentro ese enlace entre los tuyos. Revisa el código con /links.
err-not-found = No se encontró.
err-transition = Eso no es posible en el estado actual del enlace. Mira /status para ver cómo está.
err-provider-refused = { $provider } no aceptó esto: { $detail }
err-provider-unavailable = No se puede contactar a { $provider } ahora. Intenta de nuevo en un minuto.
err-provider-not-enabled = Tu proveedor de pagos aún no está configurado en este servidor. Consulta a quien administra paychat.
err-refund-pending = Un reembolso de este pago todavía se está confirmando con el proveedor de pagos. paychat lo termina solo; vuelve a revisar en unos minutos.
err-internal = Algo salió mal de nuestro lado; no se cambió nada. Intenta de nuevo, por favor.
err-invalid = No funcionó: { $detail }
err-expiry-too-far = Ese vencimiento es demasiado lejano. Usa como máximo un año, p. ej. exp:30d
err-expiry-in-past = El vencimiento debe ser en el futuro.
err-duplicate-custom-link-ref = Ya tienes un enlace con esa referencia. Usa otro ref:
err-nothing-to-refund = Este enlace no tiene ningún pago que reembolsar.
err-already-refunded = Este pago ya se reembolsó por completo.
err-refund-exceeds-payment = Eso es más de lo que queda por reembolsar en este pago.
err-payment-id-required = Este enlace tiene varios pagos; reembólsalos a través de la API, indicando cada pago.
err-payment-not-refundable = Este pago no se puede reembolsar.
err-currency-unknown = Ese no es un código de moneda. Usa un código ISO como THB, USD, IDR.
err-invite-invalid = Este enlace de invitación no existe, ya se usó o venció. Pide uno nuevo al operador.
err-email-invalid = Ese correo electrónico no parece correcto.
err-phone-invalid = Ese número de teléfono no parece correcto. Empieza con + y el código de país.
err-too-long = Ese texto es demasiado largo.
err-invalid-characters = Ese texto tiene caracteres que no puedo usar.

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = Nuevo enlace de pago: /link 250 THB clases
cmd-links = Tus enlaces recientes
cmd-status = Estado e historial de un enlace
cmd-cancel = Cancelar un enlace
cmd-refund = Reembolsar un pago
cmd-paid = Registrar un pago en efectivo o transferencia
cmd-dup = Un enlace nuevo igual a uno tuyo
cmd-qr = Mostrar el código QR de un enlace
cmd-report = Totales: hoy, semana o mes
cmd-export = Todos los enlaces y pagos en CSV
cmd-currency = Tu moneda predeterminada
cmd-lang = Tu idioma
cmd-help = Lo que puedo hacer

# Several chat apps: /connect and /notify.
help-apps =
    /connect — usa esta cuenta también desde tu otra app de chat (Telegram, WhatsApp, LINE)
    /notify here — los mensajes de estado llegan a este chat (/notify origin: al chat donde se creó cada enlace)
connect-code = Envía esto en tu otra app de chat (Telegram, WhatsApp o LINE) en los próximos 15 minutos: /connect { $code }
connect-done = Conectado: este chat ahora pertenece a { $name }. Envía /notify here para recibir aquí los mensajes de estado.
err-connect-code-invalid = Ese código no existe, ya se usó o venció. Envía /connect en tu otra app para obtener uno nuevo.
err-connect-has-links = Este chat ya tiene sus propios enlaces, así que no puede unirse a otra cuenta.
notify-here = Los mensajes de estado ahora llegan a este chat.
notify-origin = Los mensajes de estado ahora llegan al chat donde se creó cada enlace.
line-quota-low = LINE: a la cuenta de esta tienda le quedan { $left } mensajes de estado este mes. Cuando se acaben, los mensajes de estado irán a tu otra app de chat (/connect) o esperarán al mes siguiente.
notify-current = Los mensajes de estado van a: { $where }. Envía /notify here o /notify origin para cambiarlo.
notify-where-origin = el chat donde se creó cada enlace
err-bad-notify = Usa /notify here o /notify origin.
cmd-connect = Usar esta cuenta desde otra app de chat
cmd-notify = Dónde llegan los mensajes de estado

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = ¿Marcar { $link } como pagado en efectivo o por transferencia? paychat lo contará como pagado.
btn-paid-yes = Sí, está pagado
refund-choose = ¿Cuánto quieres reembolsar de { $link }?
refund-which = Este enlace tiene más de un pago que reembolsar. ¿Cuál y cuánto? { $link }
refund-payment-line = { $n }. { $amount } del pago de { $paid } del { $date }
refund-more = { $count } pagos más antiguos no aparecen: reembólsalos por la API (docs/api.md), indicando cada pago.
btn-refund-amount = { $n }. { $amount }
btn-choose = Elegir
amount-choose = Ese importe se puede leer de más de una forma. ¿Cuál querías decir?
amount-chosen = ✓ { $link }
not-your-question = Esta pregunta no es tuya: solo quien la hizo puede responderla.
err-already-applied = Eso ya se hizo; no cambió nada.
connect-again = Ese mensaje ya generó un código. Envía /connect de nuevo para uno nuevo.

# Recibos (páginas del comprador) y la página del propio servidor.
push-receipt = Recibo: { $url }
receipt-view = Ver tu recibo
receipt-title = Recibo
receipt-heading = Pagado a { $seller }
receipt-for = Concepto
receipt-date = Fecha
receipt-method = Pagado con
receipt-method-manual = Efectivo o transferencia, registrado por el vendedor
receipt-payer = Pagado por
receipt-reference = Referencia
receipt-provider-reference = Referencia del proveedor
receipt-refunded = Se reembolsaron { $amount } de este pago.
receipt-pdf = Descargar PDF
receipt-print = O imprime esta página desde tu navegador.
receipt-notfound-title = Recibo no encontrado
receipt-notfound-body = Revisa la dirección o pídele al vendedor que vuelva a enviar el recibo.
home-title = Enlaces de pago desde el chat
home-body = Este servidor ejecuta paychat: los vendedores crean enlaces de pago desde Telegram, WhatsApp, LINE o su API, y los compradores pagan en páginas como /p/… que el vendedor comparte.
home-operators = Operadores: consulten el README de paychat para configurarlo.

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = Desde { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = Pagado hasta ahora: { $paid }. Falta pagar: { $remaining }.
page-pay-deposit = Pagar anticipo { $amount }
page-pay-full = Pagar todo { $amount }
page-pay-balance = Pagar el saldo { $amount }
page-other-amount = Otro importe ({ $currency })
page-pay-chosen = Pagar este importe
page-amount-below-min = El importe debe ser al menos { $amount }.
page-amount-above-max = El importe debe ser como máximo { $amount }.
page-amount-invalid = Escribe el importe en cifras, por ejemplo { $example }.
page-amount-separators = Escribe el importe sin separadores de miles, por ejemplo { $example }.
page-amount-required = Elige o escribe un importe a pagar.
page-nothing-due = No queda nada por pagar en este enlace.
items-item = Artículo
items-qty = Cant.
items-price = Precio
items-sum = Importe
items-shipping = Envío
items-discount = Descuento
items-discount-code = Descuento ({ $code })
items-total = Total

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" no es un artículo. Escribe los artículos así: /link 2x pastel 45, 1x té 30, ship 40
err-bad-deposit = "deposit:{ $value }" no sirve: indica un porcentaje de 1 a 99 (deposit:30%) o un importe menor que el del enlace (deposit:300).
err-bad-bounds = max:{ $value } es menor que min:. Indica un máximo al menos igual al mínimo, p. ej. /link any donación min:20 max:5000
err-bounds-need-any = { $value }: va con un enlace en que el comprador elige el importe (min: y max: con "any"; deposit: con un importe fijo), p. ej. /link any donación min:20 max:5000
link-open-amount = El comprador elige el importe: { $amount }
link-deposit = Se puede pagar por partes: primero un anticipo de al menos { $amount }
status-still-due = Falta pagar: { $amount }
balance-request = Saldo pendiente de { $description }: { $amount }. Paga aquí: { $url }
balance-nothing-due = No queda nada por pagar en este enlace.
push-part-paid = Pago parcial: { $amount }. Falta pagar: { $remaining }.
btn-balance-request = Pedir el saldo

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ Aún sin pagar
push-reminder-expires = Vence { $date }
btn-extend = Extender 3 días
extend-done = Extendido: el enlace ahora vence { $date }.
extend-before = Ya extendido: el enlace vence { $date }.
extend-closed = Este enlace está { $status }: no hay nada que extender.
extend-no-expiry = Este enlace no vence: no hay nada que extender.
extend-at-max = Este enlace ya vence lo más tarde posible.
reminders-on = Recordatorios activados: antes de que venza un enlace sin pagar, te aviso aquí.
reminders-off = Recordatorios desactivados: no te avisaré de enlaces sin pagar. Envía /reminders on para activarlos.
reminders-now-on = Los recordatorios están activados: te aviso antes de que venza un enlace sin pagar. Envía /reminders off para detenerlos.
reminders-now-off = Los recordatorios están desactivados. Envía /reminders on para recibir aviso antes de que venza un enlace sin pagar.
err-bad-reminders = Usa /reminders on o /reminders off.
cmd-reminders = Recordatorios antes de que venzan enlaces sin pagar
err-send-needs-time = Indica la hora después de send:{ $value }, en tu zona horaria: send:{ $value } 9:00 (o 21:00, 9am, 9pm).
replyto-set = Los compradores que respondan a los correos de paychat sobre tus enlaces ahora llegan a { $address }.
replyto-off = Las respuestas de los compradores a los correos de paychat ya no van a tu dirección.
replyto-current = Las respuestas de los compradores a los correos de paychat van a { $address }. Envía /replyto off para detenerlo.
replyto-none = Las respuestas de los compradores a los correos de paychat aún no te llegan. Envía /replyto tu@correo.com para recibirlas.
err-bad-replyto = "{ $value }" no es una dirección de correo. Envía /replyto tu@correo.com, o /replyto off.
cmd-replyto = Tu correo para las respuestas de compradores
btn-remind-buyer = Recordar al comprador
buyer-reminded = Recordatorio enviado a { $to }.
sent-again = Enviado de nuevo a { $to }.
to-buyer-stopped = El comprador detuvo los mensajes de este enlace: no se envió nada.
to-buyer-closed = Este enlace está { $status }: no se envió nada.
to-buyer-nobody = Este enlace no tiene comprador a quien enviarlo. Créalo con to:comprador@mail.com (o to:+34612345678) y send:now.
cmd-send = Enviar de nuevo un enlace a su comprador
