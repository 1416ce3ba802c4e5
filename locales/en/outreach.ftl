# Buyers' e-mails (outreach) and their stop page, and what the seller and the timeline
# say about them. Variables: $seller (seller name), $amount (formatted amount), $what
# (the link's description), $date (expiry in the seller's time zone), $to (the buyer's
# e-mail address), $reply (the mail server's answer).
email-subject = { $seller } asks you to pay { $amount }
email-subject-open = { $seller } sent you a payment link
email-intro = { $seller } sent you a payment link.
email-intro-for = { $seller } sent you a payment link for { $what }.
email-amount = Amount: { $amount }
email-amount-open = Amount: your choice, from { $amount }
email-expires = Pay before { $date }.
email-pay = Pay now
email-footer = Sent by paychat for { $seller }. Reply to this e-mail to reach them.
email-stop = No more e-mails about this payment
stop-ask-title = Stop e-mails about this payment?
stop-ask-body = You will get no more e-mails from { $seller } about this payment link. The link itself still works.
stop-button = Stop these e-mails
stop-done-title = E-mails stopped
stop-done-body = You will get no more e-mails from { $seller } about this payment link.
stop-error-title = Something went wrong
stop-error-body = Please try again in a minute.
event-email-sent = E-mail sent to the buyer
event-email-failed = E-mail to the buyer refused
event-email-skipped = E-mail to the buyer not sent: the link was closed or stopped
event-email-stopped = The buyer stopped e-mails about this link
push-email-failed-title = ⚠️ E-mail not delivered
push-email-failed = The buyer's mail server refused the e-mail to { $to }: { $reply }. Check the address and send the link another way.

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" is not a time: write send:now, send:tomorrow 9:00 or send:2026-12-24T09:00 (your time zone).
err-send-needs-email = send: sends the link to the buyer: add their e-mail address or phone number with to:, e.g. /link 250 THB tuition to:buyer@mail.com send:now or to:+66812345678 send:now
err-schedule-in-past = That time has passed: give a time still to come.
err-schedule-after-expiry = That time is after the link expires: send it earlier, or make the link last longer with exp:.
err-email-not-configured = This server does not send e-mail yet: the operator has to set [email] smtp_url.
err-schedule-invalid = That time does not exist in your time zone (the clocks jump over it): choose another.
link-email-now = E-mailed to { $to } now
link-email-at = E-mail to { $to } at { $date }

# Buyers' text messages (SMS): one short line. Variables: $seller, $amount, $what, $url
# (the Pay link); $to (the buyer's number), $reply (why it failed), $cap (texts a day).
sms-body = { $seller } asks you to pay { $amount }: { $url }
sms-body-for = { $seller } asks you to pay { $amount } for { $what }: { $url }
sms-body-open = { $seller } sent you a payment link: { $url }
sms-body-open-for = { $seller } sent you a payment link for { $what }: { $url }
sms-reminder = Reminder: { $text }
sms-second-chance = Payment not finished? { $text }
event-sms-sent = Text message sent to the buyer
event-sms-failed = Text message to the buyer failed
event-sms-skipped = Text message to the buyer not sent: the link was closed or stopped, or today's SMS limit was reached
push-sms-failed-title = ⚠️ Text message not delivered
push-sms-failed = The text message to { $to } was not delivered: { $reply }. Check the number and send the link another way.
push-sms-cap-title = ⚠️ Daily SMS limit reached
push-sms-cap = The link was not texted to { $to }: your links already sent { $cap } text messages today. Send it another way, or text it again tomorrow.
err-sms-not-configured = This server does not send text messages yet: the operator has to set [sms] account_sid.
link-sms-now = Texted to { $to } now
link-sms-at = Text to { $to } at { $date }

# Reminders before expiry and the second chance (after an unpaid checkout or a failed
# payment). $date is the expiry in the seller's time zone.
email-reminder-subject = Reminder: your payment to { $seller } expires { $date }
email-reminder-intro = A reminder: { $seller } is still waiting for your payment. The link expires { $date }.
email-reminder-intro-for = A reminder: { $seller } is still waiting for your payment for { $what }. The link expires { $date }.
email-second-chance-subject = You started paying { $seller } and did not finish
email-second-chance-intro = You started paying { $seller } and did not finish. The link still works: you can try again.
email-second-chance-intro-for = You started paying { $seller } for { $what } and did not finish. The link still works: you can try again.
event-email-queued = E-mail to the buyer queued

# `remind:` on /link: a reminder e-mail before the link expires ($n: a number).
err-bad-remind = "remind:{ $value }" is not a duration: write remind:1d, remind:12h or remind:30m (before the link expires).
err-remind-needs-send = remind: follows the link's e-mail: add to:buyer@mail.com send:now (or send: a time), e.g. /link 250 THB tuition to:buyer@mail.com send:now remind:1d
err-reminder-before-creation = That reminder would fall before now: the link expires sooner. Choose a shorter remind: or a longer exp:.
err-reminder-before-send = That reminder would fall before the e-mail is sent: choose a shorter remind: or an earlier send:.
link-email-reminder-day = Reminder e-mail 1 day before expiry
link-email-reminder-days = Reminder e-mail { $n } days before expiry
link-email-reminder-hour = Reminder e-mail 1 hour before expiry
link-email-reminder-hours = Reminder e-mail { $n } hours before expiry
link-email-reminder-minute = Reminder e-mail 1 minute before expiry
link-email-reminder-minutes = Reminder e-mail { $n } minutes before expiry
link-sms-reminder-day = Reminder text 1 day before expiry
link-sms-reminder-days = Reminder text { $n } days before expiry
link-sms-reminder-hour = Reminder text 1 hour before expiry
link-sms-reminder-hours = Reminder text { $n } hours before expiry
link-sms-reminder-minute = Reminder text 1 minute before expiry
link-sms-reminder-minutes = Reminder text { $n } minutes before expiry
