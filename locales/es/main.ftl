# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pago
pay-heading = { $seller } te solicita un pago
pay-button = Pagar { $amount }
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
secure-note = El pago se procesa de forma segura con { $provider }.
try-again = Intentar de nuevo
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Pago de prueba (sandbox)
sandbox-note = Modo de prueba: no se mueve dinero real.
sandbox-pay = Pagar con éxito
sandbox-fail = Hacer fallar el pago
sandbox-payer = Nombre de quien paga (opcional)
