# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · payment
pay-heading = { $seller } asks you to pay
pay-button = Pay { $amount }
buyer-heading = Your details
buyer-name = Full name
buyer-phone = Phone number
buyer-email = E-mail
buyer-shipping-heading = Shipping address
buyer-line1 = Address
buyer-line2 = Address line 2 (optional)
buyer-city = City
buyer-postal-code = Postal code
buyer-country = Country (two-letter code, e.g. TH)
buyer-errors-notice = Please check the details marked below.
buyer-error-missing = Please fill this in.
buyer-error-too-long = This is too long.
buyer-error-email = This is not an e-mail address, e.g. name@example.com.
buyer-error-phone = This is not a valid phone number; include the country code if it is from abroad, e.g. +66 81 234 5678.
buyer-error-country = Use the two-letter country code, e.g. TH, VN, ID.
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
refused-title = This link cannot take payments right now
refused-body = The payment provider refused to open the payment and no money was taken. The seller has been told.
held-title = Payment under review
held-body = The payment provider reported a different amount, so this payment was not confirmed. The seller has been told and will contact you.
secure-note = Payment is processed securely by { $provider }.
try-again = Try again
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Sandbox checkout
sandbox-note = Test mode: no real money moves.
sandbox-pay = Pay successfully
sandbox-fail = Fail the payment
sandbox-payer = Payer name (optional)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = Welcome to paychat
welcome = Hi { $name }! You can now send payment links from this chat. New links are in { $currency } unless you name another currency; change the default with /currency.
welcome-back = Welcome back, { $name }.
help-title = What I can do
help =
    /link 250 THB tuition — new payment link (amount, currency, description)
        options: exp:3d  limit:5 (or limit:none)  ref:INV-7  to:+66812345678 or to:buyer@mail.com
        amounts: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — your recent links
    /status CODE — a link's status and timeline
    /send CODE — send a link to its buyer again (e-mail or SMS)
    /cancel CODE — cancel a link
    /refund CODE [amount] — refund all or part of a payment
    /paid CODE — record a cash or bank-transfer payment
    /dup CODE [amount] — a new link like this one (another amount if you give one)
    /qr CODE — the link's QR code again
    /report [today|week|month] — totals per currency
    /export — all links and payments as a CSV file
    /bulk — many links at once from a CSV file (a template comes with it)
    /payto — bank QR accounts buyers pay you on (PromptPay, VietQR, Pix, UPI, QRIS)
    /currency THB — your default currency
    /lang th — language (en, th, id, vi, pt-BR, es)
    /timezone Asia/Bangkok — your time zone: every time I show is in it
    /reminders on|off — "Not paid yet" here before a link expires
    /replyto you@mail.com — buyers who answer paychat's e-mails reach you
    CODE is the 16-character code at the end of the link, or the link itself.
invite-needed = This bot is invite-only. Ask the operator for an invite link, then open it to start.
group-not-registered = Only registered sellers can create links here. Open a private chat with me and send /start first.
not-a-command = I read commands only. Send /help to see them.
did-you-mean-link = To make a payment link, send: { $example }
unsupported-message = I can only read text messages. Send /help to see what I can do.
link-expires = Expires { $date }
link-no-expiry = Does not expire
link-reusable = Reusable: any number of buyers can pay it.
link-limit = Can be paid { $limit } times.
link-ref = Reference: { $ref }
link-code = Code: { $slug }
btn-open = Open
btn-share = Share
btn-copy = Copy link
btn-cancel = Cancel link
btn-cancel-yes = Yes, cancel it
btn-refund-yes = Yes, refund
btn-keep = No, keep it
btn-more = More ›
btn-status = Status
qr-caption = Scan to pay { $amount }
cancel-confirm = Cancel { $link }? Buyers will not be able to pay it any more.
cancelled = Cancelled: { $link }
nothing-changed = OK, nothing changed.
button-expired = That button is no longer valid. Send the command again.
question-answered = This question was already answered.
refund-confirm = Refund { $amount } of { $link }?
refund-requested = Refund requested for { $link }. I will tell you here when it is done.
refund-nothing = Nothing to refund on { $link }: it has no payment left to refund.
refund-too-much = At most { $left } is left to refund on this link.
paid-recorded = Recorded as paid by cash or transfer: { $link }
paid-claim-confirmed = Confirmed the buyer's bank transfer that was waiting for your answer: { $link }
links-title = Your links
links-none = You have no links yet. Make one: /link 250 THB tuition
links-end = No more links.
timeline = Timeline:
status-active = Open
status-paid = Paid
status-expired = Expired
status-cancelled = Cancelled
status-refunded = Refunded
status-partially_paid = Partly paid
status-partially_refunded = Partly refunded
status-paid-total = Paid { $amount } · payments: { $count }
status-refunded-total = Refunded { $amount }
event-link-created = Created
event-link-opened = Opened by a buyer
event-link-cancelled = Cancelled
event-link-expired = Expired
event-payment-pending = Buyer started paying
event-payment-succeeded = Paid
event-payment-failed = Payment failed
event-refund-pending = Refund started
event-refund-succeeded = Refunded
event-refund-failed = Refund failed
event-checkout-failed = The provider refused to open a payment
event-payment-mismatch = Payment held: wrong amount
event-payment-expired = A buyer left the payment unfinished
event-link-extended = Expiry moved later
event-payment-claimed = A buyer says they paid by bank transfer
event-payment-unmatched = A bank credit named this link but could not be applied
report-week = Last 7 days
report-month = Last 30 days
report-empty = No links in this period.
report-received = Received { $paid }, refunded { $refunded }, net { $net }
export-caption = { $links } links and { $payments } payments
currency-current = Your default currency is { $currency }. Change it with /currency followed by a code, e.g. /currency USD
currency-set = New links are now in { $currency } unless you name another currency.
lang-list = Language: { $current }. Available: { $languages }. Change it with e.g. /lang th
lang-set = I will speak English with you from now on.
lang-unknown = I do not speak "{ $code }" yet. Available: { $languages }.
push-paid-title = ✅ Paid
push-payer = Paid by { $payer }
push-payer-email = E-mail: { $email }
push-payer-phone = Phone: { $phone }
push-shipping = Ship to: { $address }
push-late = This link was already closed when the money arrived. Refund it with /refund { $slug } if you do not want it.
push-over = This part went { $amount } over what was still due (another part was paid at the same time). Refund the difference with /refund { $slug } { $refund }.
push-failed-title = ❌ A payment failed
push-reason = Reason: { $reason }
push-failed-still-open = No money was taken and the link is still open.
push-expired-title = ⌛ Link expired
push-refunded-title = ↩️ Refunded
push-refunded = { $amount } refunded on { $link }
push-refund-failed-title = ⚠️ Refund failed
push-checkout-failed-title = ⚠️ A buyer could not pay
push-checkout-failed = The payment provider refused to open the payment. The link is still open: check your provider account.
push-mismatch-title = ⚠️ Payment held: wrong amount
push-mismatch = The provider reported { $reported }, but the link asks { $expected }. It was not marked paid: check it in your provider's dashboard and refund it there if needed.
card-title = { $seller } asks for { $amount }
card-pay = Pay { $amount }
inline-create = Create a { $amount } link
inline-share = Share this link
inline-preparing = Preparing the link…
inline-register = Start paychat to create links
# Errors in chat. $value is what the seller typed.
err-unknown-command = I do not know /{ $value }. Send /help to see the commands.
err-missing-slug = Which link? Add its code or the link itself, e.g. /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" is not a period. Use /report today, /report week or /report month.
err-missing-amount = How much? Put the amount first, e.g. /link 250 THB tuition
err-unknown-currency = "{ $value }" is not a currency code. Use an ISO code such as THB, USD, IDR, VND, BRL, EUR.
err-duplicate-option = The option { $value }: is given twice. Give it once.
err-bad-expiry = "{ $value }" is not a duration. Use e.g. exp:30m, exp:12h, exp:3d or exp:2w
err-bad-limit = "{ $value }" is not a usage limit. Use a whole number such as limit:5, or limit:none
err-bad-reference = "{ $value }" cannot be a reference: use up to 64 letters, digits and - _ . / #, e.g. ref:INV-7
err-bad-recipient = "{ $value }" is neither a phone number nor an e-mail address. Use e.g. to:+66812345678 or to:buyer@mail.com
err-description-too-long = The description is too long: keep it under 500 characters.
err-link-not-found = I cannot find that link among yours. Check the code with /links.
err-not-found = Not found.
err-transition = That is not possible in the link's current state. See /status for where it stands.
err-provider-refused = { $provider } did not accept this: { $detail }
err-provider-unavailable = { $provider } cannot be reached right now. Try again in a minute.
err-provider-not-enabled = Your payment provider is not set up on this server yet. Ask the person who runs paychat.
err-refund-pending = A refund of this payment is still being confirmed with the payment provider. paychat finishes it by itself; check again in a few minutes.
err-internal = Something went wrong on our side; nothing was changed. Please try again.
err-invalid = That did not work: { $detail }
err-expiry-too-far = That expiry is too far away. Use at most a year, e.g. exp:30d
err-expiry-in-past = The expiry must be in the future.
err-duplicate-custom-link-ref = You already have a link with that reference. Use another ref:
err-nothing-to-refund = This link has no payment to refund.
err-already-refunded = This payment has already been refunded in full.
err-refund-exceeds-payment = That is more than is left to refund on this payment.
err-payment-id-required = This link has several payments; refund them through the API, naming each payment.
err-payment-not-refundable = This payment cannot be refunded.
err-currency-unknown = That is not a currency code. Use an ISO code such as THB, USD, IDR.
err-invite-invalid = This invite link is unknown, already used or expired. Ask the operator for a new one.
err-email-invalid = That e-mail address does not look right.
err-phone-invalid = That phone number does not look right. Start it with + and the country code.
err-too-long = That text is too long.
err-invalid-characters = That text contains characters I cannot use.

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = New payment link: /link 250 THB tuition
cmd-links = Your recent links
cmd-status = A link's status and timeline
cmd-cancel = Cancel a link
cmd-refund = Refund a payment
cmd-paid = Record a cash or transfer payment
cmd-dup = A new link like one of yours
cmd-qr = Show a link's QR code
cmd-report = Totals: today, week or month
cmd-export = All links and payments as CSV
cmd-currency = Your default currency
cmd-lang = Your language
cmd-help = What I can do

# Several chat apps: /connect and /notify.
help-apps =
    /connect — use this account from your other chat app too (Telegram, WhatsApp, LINE)
    /notify here — status messages come to this chat (/notify origin: to where each link was made)
connect-code = Send this in your other chat app (Telegram, WhatsApp or LINE) within 15 minutes: /connect { $code }
connect-done = Connected: this chat now belongs to { $name }. Send /notify here to get status messages in this chat.
err-connect-code-invalid = That code is unknown, used or expired. Send /connect in your other app to get a new one.
err-connect-has-links = This chat already has its own links, so it cannot join another account.
notify-here = Status messages now come to this chat.
notify-origin = Status messages now come to the chat where each link was made.
line-quota-low = LINE: this shop's account has { $left } status messages left this month. When they run out, status messages go to your other chat app (/connect) or wait until next month.
notify-current = Status messages go to: { $where }. Send /notify here or /notify origin to change it.
notify-where-origin = the chat where each link was made
err-bad-notify = Use /notify here or /notify origin.
cmd-connect = Use this account from another chat app
cmd-notify = Where status messages go

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = Mark { $link } as paid by cash or transfer? paychat will count it as paid and tell your buyers' chats.
btn-paid-yes = Yes, it is paid
refund-choose = Which amount do you want to refund on { $link }?
refund-which = This link has more than one payment to refund. Which one, and how much? { $link }
refund-payment-line = { $n }. { $amount } of the { $paid } paid { $date }
refund-more = { $count } older payments are not listed: refund them through the API (docs/api.md), naming each payment.
btn-refund-amount = { $n }. { $amount }
btn-choose = Choose
amount-choose = That amount can be read more than one way. Which did you mean?
amount-chosen = ✓ { $link }
not-your-question = This question is not yours: only the person who asked can answer it.
err-already-applied = That was done already; nothing changed.
connect-again = That message made a code already. Send /connect again for a new one.

# Receipts (buyer pages) and the server's own page.
push-receipt = Receipt: { $url }
receipt-view = View your receipt
receipt-title = Receipt
receipt-heading = Paid to { $seller }
receipt-for = For
receipt-date = Date
receipt-method = Paid with
receipt-method-manual = Cash or transfer, recorded by the seller
receipt-payer = Paid by
receipt-reference = Reference
receipt-provider-reference = Provider reference
receipt-refunded = { $amount } of this payment has been refunded.
receipt-pdf = Download PDF
receipt-print = Or print this page from your browser.
receipt-notfound-title = Receipt not found
receipt-notfound-body = Check the address, or ask the seller to send the receipt again.
home-title = Payment links from chat
home-body = This server runs paychat: sellers create payment links from Telegram, WhatsApp, LINE or its API, and buyers pay them on pages like /p/… that the seller shares.
home-operators = Operators: see paychat's README to set it up.

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = From { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = Paid so far: { $paid }. Still to pay: { $remaining }.
page-pay-deposit = Pay deposit { $amount }
page-pay-full = Pay in full { $amount }
page-pay-balance = Pay the balance { $amount }
page-other-amount = Another amount ({ $currency })
page-pay-chosen = Pay this amount
page-amount-below-min = The amount must be at least { $amount }.
page-amount-above-max = The amount must be at most { $amount }.
page-amount-invalid = Type the amount in figures, for example { $example }.
page-amount-separators = Type the amount without separators between thousands, for example { $example }.
page-amount-required = Choose or type an amount to pay.
page-nothing-due = Nothing more is due on this link.
items-item = Item
items-qty = Qty
items-price = Price
items-sum = Amount
items-shipping = Shipping
items-discount = Discount
items-discount-code = Discount ({ $code })
items-total = Total

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" is not an item. Write items like: /link 2x cupcake 45, 1x tea 30, ship 40
err-bad-deposit = "deposit:{ $value }" does not work: give a percent from 1 to 99 (deposit:30%) or an amount below the link's (deposit:300).
err-bad-bounds = max:{ $value } is below min:. Give a maximum at least the minimum, e.g. /link any donation min:20 max:5000
err-bounds-need-any = { $value }: goes with a link where the buyer chooses the amount (min: and max: with "any"; deposit: with a fixed amount), e.g. /link any donation min:20 max:5000
link-open-amount = The buyer chooses the amount: { $amount }
link-deposit = Can be paid in parts: a deposit of at least { $amount } first
status-still-due = Still to pay: { $amount }
balance-request = Balance due for { $description }: { $amount }. Pay here: { $url }
balance-nothing-due = Nothing more is due on this link.
push-part-paid = Part paid: { $amount }. Still to pay: { $remaining }.
btn-balance-request = Ask for balance

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ Not paid yet
push-reminder-expires = Expires { $date }
btn-extend = Extend 3 days
extend-done = Extended: the link now expires { $date }.
extend-before = Already extended: the link expires { $date }.
extend-closed = This link is { $status }: there is nothing to extend.
extend-no-expiry = This link does not expire: there is nothing to extend.
extend-at-max = This link already expires as late as links may.
reminders-on = Reminders on: before an unpaid link expires, I will tell you here.
reminders-off = Reminders off: I will not remind you about unpaid links. Send /reminders on to turn them back on.
reminders-now-on = Reminders are on: before an unpaid link expires, I tell you. Send /reminders off to stop them.
reminders-now-off = Reminders are off. Send /reminders on to hear before an unpaid link expires.
err-bad-reminders = Use /reminders on or /reminders off.
cmd-reminders = Reminders before unpaid links expire
err-send-needs-time = Give the time after send:{ $value }, in your time zone: send:{ $value } 9:00 (or 21:00, 9am, 9pm).
replyto-set = Buyers who answer paychat's e-mails about your links now reach { $address }.
replyto-off = Buyers' answers to paychat's e-mails no longer go to your own address.
replyto-current = Buyers' answers to paychat's e-mails go to { $address }. Send /replyto off to stop.
replyto-none = Buyers' answers to paychat's e-mails do not reach you yet. Send /replyto you@mail.com to get them.
err-bad-replyto = "{ $value }" is not an e-mail address. Send /replyto you@mail.com, or /replyto off.
cmd-replyto = Your e-mail for buyers' answers
btn-remind-buyer = Remind buyer
buyer-reminded = Reminder sent to { $to }.
sent-again = Sent again to { $to }.
to-buyer-stopped = The buyer stopped messages about this link: nothing was sent.
to-buyer-closed = This link is { $status }: nothing was sent.
to-buyer-nobody = This link has no buyer to send it to. Make it with to:buyer@mail.com (or to:+66812345678) and send:now.
cmd-send = Send a link to its buyer again
