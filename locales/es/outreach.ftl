# Correos al comprador (outreach) y su página para dejar de recibirlos. Variables: $seller, $amount, $what, $date, $to, $reply
email-subject = { $seller } te pide que pagues { $amount }
email-subject-open = { $seller } te envió un enlace de pago
email-intro = { $seller } te envió un enlace de pago.
email-intro-for = { $seller } te envió un enlace de pago por { $what }.
email-amount = Monto: { $amount }
email-amount-open = Monto: tú eliges, desde { $amount }
email-expires = Paga antes del { $date }.
email-pay = Pagar ahora
email-footer = Enviado por paychat en nombre de { $seller }. Responde a este correo para contactar al vendedor.
email-stop = No quiero más correos sobre este pago
stop-ask-title = ¿Dejar de recibir correos sobre este pago?
stop-ask-body = No recibirás más correos de { $seller } sobre este enlace de pago. El enlace sigue funcionando.
stop-button = Dejar de recibir estos correos
stop-done-title = Correos detenidos
stop-done-body = No recibirás más correos de { $seller } sobre este enlace de pago.
stop-error-title = Algo salió mal
stop-error-body = Vuelve a intentarlo en un minuto.
event-email-sent = Correo enviado al comprador
event-email-failed = Correo al comprador rechazado
event-email-skipped = Correo al comprador no enviado: el enlace estaba cerrado o detenido
event-email-stopped = El comprador dejó de recibir correos sobre este enlace
push-email-failed-title = ⚠️ Correo no entregado
push-email-failed = El servidor de correo del comprador rechazó el correo a { $to }: { $reply }. Revisa la dirección y envía el enlace de otra forma.

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" no es una hora: escribe send:now, send:mañana 9:00 o send:2026-12-24T09:00 (tu zona horaria).
err-send-needs-email = send: envía el enlace al comprador: añade su correo o su teléfono con to:, p. ej. /link 250 THB clase to:comprador@mail.com send:now o to:+34612345678 send:now
err-schedule-in-past = Esa hora ya pasó: indica una hora futura.
err-schedule-after-expiry = Esa hora es posterior al vencimiento del enlace: envíalo antes o alarga el enlace con exp:.
err-email-not-configured = Este servidor aún no envía correos: el operador debe configurar [email] smtp_url.
err-schedule-invalid = Esa hora no existe en tu zona horaria (el reloj la salta): elige otra.
link-email-now = Enviado por correo a { $to } ahora
link-email-at = Correo a { $to } el { $date }

# SMS al comprador: una línea corta. Variables: $seller, $amount, $what, $url, $to, $reply, $cap
sms-body = { $seller } te pide pagar { $amount }: { $url }
sms-body-for = { $seller } te pide pagar { $amount } por { $what }: { $url }
sms-body-open = { $seller } te envió un enlace de pago: { $url }
sms-body-open-for = { $seller } te envió un enlace de pago por { $what }: { $url }
sms-reminder = Recordatorio: { $text }
sms-second-chance = ¿No terminaste de pagar? { $text }
event-sms-sent = SMS enviado al comprador
event-sms-failed = SMS al comprador fallido
event-sms-skipped = SMS al comprador no enviado: el enlace estaba cerrado o detenido, o se alcanzó el límite de SMS de hoy
push-sms-failed-title = ⚠️ SMS no entregado
push-sms-failed = El SMS a { $to } no se entregó: { $reply }. Revisa el número y envía el enlace de otra forma.
push-sms-cap-title = ⚠️ Límite diario de SMS alcanzado
push-sms-cap = El enlace no se envió por SMS a { $to }: tus enlaces ya enviaron { $cap } SMS hoy. Envíalo de otra forma o vuelve a enviarlo mañana.
err-sms-not-configured = Este servidor aún no envía SMS: el operador debe configurar [sms] account_sid.
link-sms-now = Enviado por SMS a { $to } ahora
link-sms-at = SMS a { $to } el { $date }

# Recordatorios antes del vencimiento y la segunda oportunidad.
email-reminder-subject = Recordatorio: tu pago a { $seller } vence el { $date }
email-reminder-intro = Un recordatorio: { $seller } sigue esperando tu pago. El enlace vence el { $date }.
email-reminder-intro-for = Un recordatorio: { $seller } sigue esperando tu pago por { $what }. El enlace vence el { $date }.
email-second-chance-subject = Empezaste a pagar a { $seller } y no terminaste
email-second-chance-intro = Empezaste a pagar a { $seller } y no terminaste. El enlace sigue activo: puedes intentarlo de nuevo.
email-second-chance-intro-for = Empezaste a pagar a { $seller } por { $what } y no terminaste. El enlace sigue activo: puedes intentarlo de nuevo.
event-email-queued = Correo al comprador en cola

# `remind:` en /link.
err-bad-remind = "remind:{ $value }" no es una duración: escribe remind:1d, remind:12h o remind:30m (antes de que venza el enlace).
err-remind-needs-send = remind: sigue al correo del enlace: añade to:comprador@mail.com send:now (o send: una hora), p. ej. /link 250 THB clases to:comprador@mail.com send:now remind:1d
err-reminder-before-creation = Ese recordatorio caería antes de ahora: el enlace vence antes. Elige un remind: más corto o un exp: más largo.
err-reminder-before-send = Ese recordatorio caería antes de enviar el correo: elige un remind: más corto o un send: más temprano.
link-email-reminder-day = Correo de recordatorio 1 día antes del vencimiento
link-email-reminder-days = Correo de recordatorio { $n } días antes del vencimiento
link-email-reminder-hour = Correo de recordatorio 1 hora antes del vencimiento
link-email-reminder-hours = Correo de recordatorio { $n } horas antes del vencimiento
link-email-reminder-minute = Correo de recordatorio 1 minuto antes del vencimiento
link-email-reminder-minutes = Correo de recordatorio { $n } minutos antes del vencimiento
link-sms-reminder-day = SMS de recordatorio 1 día antes del vencimiento
link-sms-reminder-days = SMS de recordatorio { $n } días antes del vencimiento
link-sms-reminder-hour = SMS de recordatorio 1 hora antes del vencimiento
link-sms-reminder-hours = SMS de recordatorio { $n } horas antes del vencimiento
link-sms-reminder-minute = SMS de recordatorio 1 minuto antes del vencimiento
link-sms-reminder-minutes = SMS de recordatorio { $n } minutos antes del vencimiento
