# E-mails ao comprador (outreach) e a página de parar. Variáveis: $seller, $amount, $what, $date, $to, $reply
email-subject = { $seller } pede que você pague { $amount }
email-subject-open = { $seller } enviou um link de pagamento para você
email-intro = { $seller } enviou um link de pagamento para você.
email-intro-for = { $seller } enviou um link de pagamento para { $what }.
email-amount = Valor: { $amount }
email-amount-open = Valor: você escolhe, a partir de { $amount }
email-expires = Pague até { $date }.
email-pay = Pagar agora
email-footer = Enviado pelo paychat em nome de { $seller }. Responda a este e-mail para falar com o vendedor.
email-stop = Não quero mais e-mails sobre este pagamento
stop-ask-title = Parar os e-mails sobre este pagamento?
stop-ask-body = Você não receberá mais e-mails de { $seller } sobre este link de pagamento. O link continua funcionando.
stop-button = Parar estes e-mails
stop-done-title = E-mails parados
stop-done-body = Você não receberá mais e-mails de { $seller } sobre este link de pagamento.
stop-error-title = Algo deu errado
stop-error-body = Tente de novo em um minuto.
event-email-sent = E-mail enviado ao comprador
event-email-failed = E-mail ao comprador recusado
event-email-skipped = E-mail ao comprador não enviado: o link foi fechado ou parado
event-email-stopped = O comprador parou os e-mails sobre este link
push-email-failed-title = ⚠️ E-mail não entregue
push-email-failed = O servidor de e-mail do comprador recusou o e-mail para { $to }: { $reply }. Confira o endereço e envie o link de outra forma.

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" não é um horário: escreva send:now, send:amanhã 9:00 ou send:2026-12-24T09:00 (seu fuso horário).
err-send-needs-email = send: envia o link ao comprador: adicione o e-mail ou o telefone com to:, ex. /link 250 BRL aula to:comprador@mail.com send:now ou to:+5511912345678 send:now
err-schedule-in-past = Esse horário já passou: informe um horário futuro.
err-schedule-after-expiry = Esse horário é depois do vencimento do link: envie antes ou prolongue o link com exp:.
err-email-not-configured = Este servidor ainda não envia e-mails: o operador precisa configurar [email] smtp_url.
err-schedule-invalid = Esse horário não existe no seu fuso (o relógio pula): escolha outro.
link-email-now = Enviado por e-mail para { $to } agora
link-email-at = E-mail para { $to } em { $date }

# SMS ao comprador: uma linha curta. Variáveis: $seller, $amount, $what, $url, $to, $reply, $cap
sms-body = { $seller } pede que você pague { $amount }: { $url }
sms-body-for = { $seller } pede que você pague { $amount } por { $what }: { $url }
sms-body-open = { $seller } enviou um link de pagamento: { $url }
sms-body-open-for = { $seller } enviou um link de pagamento por { $what }: { $url }
sms-reminder = Lembrete: { $text }
sms-second-chance = Não terminou de pagar? { $text }
event-sms-sent = SMS enviado ao comprador
event-sms-failed = SMS ao comprador falhou
event-sms-skipped = SMS ao comprador não enviado: o link foi fechado ou parado, ou o limite de SMS de hoje foi atingido
push-sms-failed-title = ⚠️ SMS não entregue
push-sms-failed = O SMS para { $to } não foi entregue: { $reply }. Confira o número e envie o link de outra forma.
push-sms-cap-title = ⚠️ Limite diário de SMS atingido
push-sms-cap = O link não foi enviado por SMS para { $to }: seus links já enviaram { $cap } SMS hoje. Envie de outra forma ou envie de novo amanhã.
err-sms-not-configured = Este servidor ainda não envia SMS: o operador precisa configurar [sms] account_sid.
link-sms-now = Enviado por SMS para { $to } agora
link-sms-at = SMS para { $to } em { $date }

# Lembretes antes do vencimento e a segunda chance.
email-reminder-subject = Lembrete: seu pagamento para { $seller } vence em { $date }
email-reminder-intro = Um lembrete: { $seller } ainda aguarda o seu pagamento. O link vence em { $date }.
email-reminder-intro-for = Um lembrete: { $seller } ainda aguarda o seu pagamento de { $what }. O link vence em { $date }.
email-second-chance-subject = Você começou a pagar { $seller } e não terminou
email-second-chance-intro = Você começou a pagar { $seller } e não terminou. O link ainda funciona: você pode tentar de novo.
email-second-chance-intro-for = Você começou a pagar { $seller } por { $what } e não terminou. O link ainda funciona: você pode tentar de novo.
event-email-queued = E-mail ao comprador na fila

# `remind:` no /link.
err-bad-remind = "remind:{ $value }" não é uma duração: escreva remind:1d, remind:12h ou remind:30m (antes de o link vencer).
err-remind-needs-send = remind: acompanha o e-mail do link: adicione to:comprador@mail.com send:now (ou send: um horário), ex. /link 250 THB aulas to:comprador@mail.com send:now remind:1d
err-reminder-before-creation = Esse lembrete cairia antes de agora: o link vence antes. Escolha um remind: menor ou um exp: maior.
err-reminder-before-send = Esse lembrete cairia antes de o e-mail ser enviado: escolha um remind: menor ou um send: mais cedo.
link-email-reminder-day = E-mail de lembrete 1 dia antes do vencimento
link-email-reminder-days = E-mail de lembrete { $n } dias antes do vencimento
link-email-reminder-hour = E-mail de lembrete 1 hora antes do vencimento
link-email-reminder-hours = E-mail de lembrete { $n } horas antes do vencimento
link-email-reminder-minute = E-mail de lembrete 1 minuto antes do vencimento
link-email-reminder-minutes = E-mail de lembrete { $n } minutos antes do vencimento
link-sms-reminder-day = SMS de lembrete 1 dia antes do vencimento
link-sms-reminder-days = SMS de lembrete { $n } dias antes do vencimento
link-sms-reminder-hour = SMS de lembrete 1 hora antes do vencimento
link-sms-reminder-hours = SMS de lembrete { $n } horas antes do vencimento
link-sms-reminder-minute = SMS de lembrete 1 minuto antes do vencimento
link-sms-reminder-minutes = SMS de lembrete { $n } minutos antes do vencimento
