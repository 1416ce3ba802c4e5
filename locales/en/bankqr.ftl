# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = Bank QR: where buyers pay you
payto-none =
    You have no bank QR account yet. Buyers can pay you straight into your bank with one:
    /payto promptpay 0812345678
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto upi asha@okaxis Asha Stores
    /payto qris followed by your shop's QRIS code
payto-list =
    Buyers pay links in these currencies by bank QR:
    { $accounts }
    Change one with /payto and the rail's details again; remove one with /payto off promptpay (or off alone for all).
payto-set = { $rail } is set: { $account }. Links in { $currency } now show its QR on the buyer's page. Below is a test QR for one unit: scan it in your own banking app to check the name buyers will see; you need not pay it.
payto-upi-note = UPI: payments to a personal UPI id from a link are often declined by the buyer's app; a merchant (business) UPI id works.
payto-removed = { $rail } removed: links in its currency no longer show a bank QR.
payto-removed-all = Every bank QR account removed.
payto-removed-none = There was no bank QR account to remove.
payto-unknown-rail = I do not know the rail "{ $value }". Use promptpay, vietqr, pix, upi or qris.
payto-how-promptpay = Example: /payto promptpay 0812345678 (a mobile number, a 13-digit national or tax id, or a 15-digit e-wallet id)
payto-how-vietqr = Example: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (the bank by name or BIN, the account number, the account holder's name)
payto-how-pix = Example: /payto pix 123.456.789-09 Ana Souza, São Paulo (your Pix key, your name, a comma, your city)
payto-how-upi = Example: /payto upi asha@okaxis Asha Stores (your UPI id and the payee name)
payto-how-qris = Example: /payto qris 000201010211… (the text of your shop's static QRIS, as your QRIS provider gives it) In Telegram you may also send the QRIS picture with the caption /payto qris.
payto-missing = The { $what } is missing.
payto-invalid = The { $what } "{ $value }" is not right: { $hint }.
payto-too-long = The { $what } is longer than the { $max } characters this rail allows.
payto-bad-crc = That QRIS code was not copied whole: its check code does not match. Copy it again from your QRIS provider.
payto-malformed = That is not a payment QR code.
payto-test-caption = Test { $rail } QR for { $amount }: scan it to check the name; no need to pay.
payto-what-promptpay-id = PromptPay number
payto-what-bank = bank
payto-what-account-number = account number
payto-what-account-name = account name
payto-what-pix-key = Pix key
payto-what-name = name
payto-what-city = city
payto-what-upi-id = UPI id
payto-what-qris-code = QRIS code
payto-what-amount = amount
payto-what-reference = reference
payto-what-account = account
payto-hint-pix-email = that is not an e-mail address
payto-hint-pix-phone = a phone key is +55, the area code and the number
payto-hint-pix-key = use a CPF, a CNPJ, +55 and a phone number, an e-mail or a random key
payto-hint-cpf-check = its check digits do not match a CPF (a phone key starts with +55)
payto-hint-cnpj-check = its check digits do not match a CNPJ
payto-hint-latin = write it in Latin letters
payto-hint-thai-id-check = its last digit does not match, check the id
payto-hint-qris-not-qris = it is not a QRIS; send your shop's QRIS code
payto-hint-qris-dynamic = it is a code for one payment; send your shop's static QRIS
payto-hint-qris-not-idr = it is not a rupiah code from Indonesia
payto-hint-qris-no-name = it has no merchant name
payto-hint-upi-id-form = a UPI id looks like name@bank, e.g. asha@okaxis
payto-hint-promptpay-forms = use a mobile number (0812345678), a 13-digit id or a 15-digit e-wallet id
payto-hint-bank-name = use the bank's short name (Vietcombank, MB, Techcombank…) or its 6-digit BIN
payto-hint-account-number-format = up to 19 letters and digits, without spaces
payto-hint-account-name-letters = the name as your bank shows it, in Latin letters (A–Z)
bankqr-heading = Pay by { $rail } from your banking app
bankqr-payee = The transfer goes to: { $payee }
bankqr-reference = Transfer reference: { $reference } (keep it in the transfer's note)
bankqr-pix-copy = Pix copia e cola — copy this code into your bank's Pix:
bankqr-upi-open = Open in a UPI app
bankqr-step-scan = Open your banking app and scan this QR (or save the picture and open it there).
bankqr-step-check = Check that it shows { $amount } to { $payee }.
bankqr-step-confirm = Confirm the transfer and keep the slip.
bankqr-note = The seller checks the transfer arrived and confirms your payment.
bankqr-download = Save the QR picture
bankqr-or-card = Or pay another way:
push-claim-title = 💸 A buyer says they paid
push-claim-check = Check your { $rail } account for this amount, then answer below.
push-claim-check-ref = Check your { $rail } account for this amount with the reference { $reference }, then answer below.
btn-bank-received = ✅ Received
btn-bank-not-received = ❌ Not received
bank-confirm-received = Mark { $link } as received from { $payer }? The link counts as paid and the buyer is told.
bank-confirm-not-received = Mark the transfer for { $link } from { $payer } as not received? The buyer's page will say you did not find it.
btn-bank-received-yes = Yes, received
btn-bank-not-received-yes = Yes, not received
bank-received = Received: { $link }. The link is paid.
bank-not-received = Marked not received: { $link }. The buyer's page says so.
bank-pending = Still waiting for your answer: { $link }.
bankqr-claim-button = I have paid
bankqr-claim-name = Your name (helps the seller find your transfer)
bankqr-claim-waiting = Thank you. The seller is checking that your transfer arrived. Refresh this page to see their answer.
bankqr-claim-rejected = The seller did not find your transfer. If you paid, send them your transfer slip.
bankqr-claim-busy = A payment for this link is being confirmed. Try again later.
push-unmatched-title = ⚠️ A bank transfer did not match
push-unmatched-amount = A transfer of { $credit } ("{ $content }") names this link but is not its amount: it was not counted. If it is right, mark the link paid with /paid { $slug }.
push-unmatched-closed = A transfer of { $credit } ("{ $content }") names this link, which is no longer open: it was not counted. Refund the buyer or settle it with them.
bankqr-claim-slip = Transfer slip (optional):
slip-too-large = The slip picture is larger than 5 MB. Send a smaller one, or none.
slip-not-a-picture = The slip must be a JPEG, PNG or WebP picture.
slip-unreadable = The slip picture cannot be read. Send another, or none.
push-claim-slip = Slip: reference { $reference } (bank { $bank }).
push-claim-slip-seen = ⚠️ This slip's reference was already sent for another payment.
push-claim-slip-caption = The buyer's transfer slip.
err-bad-via = "via:{ $value }" is not a way to pay: use via:card, or a bank QR you set with /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris).
err-pay-via-currency = That bank QR takes another currency: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR.
err-pay-via-no-account = You have no account on that bank QR yet: set one with /payto first.
err-pay-via-invalid = via: takes card, promptpay, vietqr, pix, upi or qris.
payto-photo-no-qr = I could not read a QR code in that picture. Send a sharper photo of your QRIS with the caption /payto qris, or paste the code's text after /payto qris.
payto-unmatched =
    Transfers your bank feed could not match to a link (last 30 days): check them and mark the link paid with /paid if one is right.
    { $credits }
bankqr-unavailable = This link cannot be paid here right now. Please contact the seller.
