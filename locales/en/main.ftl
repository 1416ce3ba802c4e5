# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · payment
pay-heading = { $seller } asks you to pay
pay-button = Pay { $amount }
expires = Expires { $date }
no-expiry = Does not expire
payment-failed = The payment did not go through and no money was taken. You can try again.
paid-title = Paid
paid-body = This payment link has been paid. Thank you!
expired-title = Link expired
expired-body = This payment link has expired. Ask { $seller } for a new one.
cancelled-title = Link cancelled
cancelled-body = { $seller } has cancelled this payment link.
refunded-title = Refunded
refunded-body = The payment for this link was refunded.
notfound-title = Link not found
notfound-body = Check the address, or ask the seller for a new link.
pending-title = Confirming your payment
pending-body = This takes a few seconds; the page refreshes by itself.
unavailable-title = Payment service unavailable
unavailable-body = The payment service did not answer and no money was taken. Please try again in a minute.
secure-note = Payment is processed securely by { $provider }.
try-again = Try again
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Sandbox checkout
sandbox-note = Test mode: no real money moves.
sandbox-pay = Pay successfully
sandbox-fail = Fail the payment
sandbox-payer = Payer name (optional)
