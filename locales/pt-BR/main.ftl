# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pagamento
pay-heading = { $seller } está pedindo um pagamento
pay-button = Pagar { $amount }
buyer-heading = Seus dados
buyer-name = Nome completo
buyer-phone = Telefone
buyer-email = E-mail
buyer-shipping-heading = Endereço de entrega
buyer-line1 = Endereço
buyer-line2 = Complemento (opcional)
buyer-city = Cidade
buyer-postal-code = CEP
buyer-country = País (código de duas letras, ex.: BR)
buyer-errors-notice = Confira os dados marcados abaixo.
buyer-error-missing = Preencha este campo.
buyer-error-too-long = Está longo demais.
buyer-error-email = Não é um e-mail, ex.: nome@exemplo.com.
buyer-error-phone = Não é um telefone válido; inclua o código do país se for do exterior, ex.: +55 11 91234 5678.
buyer-error-country = Use o código de país de duas letras, ex.: BR, PT, AR.
expires = Expira em { $date }
no-expiry = Não expira
payment-failed = O pagamento não foi concluído e nenhum valor foi cobrado. Você pode tentar de novo.
paid-title = Pago
paid-body = Este link de pagamento já foi pago. Obrigado!
expired-title = Link expirado
expired-body = Este link de pagamento expirou. Peça um novo para { $seller }.
cancelled-title = Link cancelado
cancelled-body = { $seller } cancelou este link de pagamento.
refunded-title = Reembolsado
refunded-body = O pagamento deste link foi reembolsado.
notfound-title = Link não encontrado
notfound-body = Confira o endereço ou peça um novo link ao vendedor.
pending-title = Confirmando seu pagamento
pending-body = Leva só alguns segundos; a página atualiza sozinha.
unavailable-title = Serviço de pagamento indisponível
unavailable-body = O serviço de pagamento não respondeu e nenhum valor foi cobrado. Tente de novo em um minuto.
refused-title = Este link não pode receber pagamentos agora
refused-body = O provedor de pagamento recusou abrir o pagamento e nenhum valor foi cobrado. O vendedor foi avisado.
held-title = Pagamento em análise
held-body = O provedor de pagamento informou um valor diferente, então este pagamento não foi confirmado. O vendedor foi avisado e vai entrar em contato.
secure-note = Pagamento processado com segurança por { $provider }.
try-again = Tentar de novo
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Checkout de teste (sandbox)
sandbox-note = Modo de teste: nenhum dinheiro real é movimentado.
sandbox-pay = Pagar com sucesso
sandbox-fail = Simular falha no pagamento
sandbox-payer = Nome do pagador (opcional)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = Boas-vindas ao paychat
welcome = Oi, { $name }! Agora você pode enviar links de pagamento por este chat. Os links novos são em { $currency }, a não ser que você indique outra moeda; mude a moeda padrão com /currency.
welcome-back = Que bom te ver de novo, { $name }.
help-title = O que eu posso fazer
help =
    /link 250 THB aulas — novo link de pagamento (valor, moeda, descrição)
        opções: exp:3d  limit:5 (ou limit:none)  ref:INV-7  to:+66812345678 ou to:buyer@mail.com
        valores: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — seus links recentes
    /status CODE — status e histórico de um link
    /send CODE — enviar de novo um link ao comprador (e-mail ou SMS)
    /cancel CODE — cancelar um link
    /refund CODE [valor] — reembolsar todo ou parte de um pagamento
    /paid CODE — registrar um pagamento em dinheiro ou transferência
    /dup CODE [valor] — um link novo igual a este (com outro valor, se você informar)
    /qr CODE — o QR code do link de novo
    /report [today|week|month] — totais por moeda
    /export — todos os links e pagamentos em um arquivo CSV
    /bulk — muitos links de uma vez a partir de um arquivo CSV (com modelo)
    /payto — contas de QR bancário em que os compradores pagam você (Pix, PromptPay, VietQR, UPI, QRIS)
    /currency THB — sua moeda padrão
    /lang th — idioma (en, th, id, vi, pt-BR, es)
    /timezone America/Sao_Paulo — seu fuso horário: todos os horários aparecem nele
    /reminders on|off — "Ainda não pago" aqui antes de um link vencer
    /replyto voce@mail.com — respostas dos compradores aos e-mails do paychat chegam a você
    CODE é o código de 16 caracteres no final do link, ou o próprio link.
invite-needed = Este bot é só para convidados. Peça um link de convite ao operador e abra-o para começar.
group-not-registered = Só vendedores cadastrados podem criar links aqui. Abra um chat privado comigo e envie /start primeiro.
not-a-command = Eu só leio comandos. Envie /help para ver a lista.
did-you-mean-link = Para criar um link de pagamento, envie: { $example }
unsupported-message = Eu só consigo ler mensagens de texto. Envie /help para ver o que posso fazer.
link-expires = Expira em { $date }
link-no-expiry = Não expira
link-reusable = Reutilizável: quantos compradores quiserem podem pagar.
link-limit = Pode ser pago { $limit } vezes.
link-ref = Referência: { $ref }
link-code = Código: { $slug }
btn-open = Abrir
btn-share = Compartilhar
btn-copy = Copiar link
btn-cancel = Cancelar link
btn-cancel-yes = Sim, cancelar
btn-refund-yes = Sim, reembolsar
btn-keep = Não, manter
btn-more = Mais ›
btn-status = Status
qr-caption = Escaneie para pagar { $amount }
cancel-confirm = Cancelar { $link }? Os compradores não vão mais poder pagar.
cancelled = Cancelado: { $link }
nothing-changed = Ok, nada foi alterado.
button-expired = Esse botão não vale mais. Envie o comando de novo.
question-answered = Esta pergunta já foi respondida.
refund-confirm = Reembolsar { $amount } de { $link }?
refund-requested = Reembolso solicitado para { $link }. Aviso aqui quando estiver concluído.
refund-nothing = Nada para reembolsar em { $link }: não sobrou pagamento para reembolsar.
refund-too-much = Resta no máximo { $left } para reembolsar neste link.
paid-recorded = Registrado como pago em dinheiro ou transferência: { $link }
paid-claim-confirmed = Confirmada a transferência do comprador que aguardava sua resposta: { $link }
links-title = Seus links
links-none = Você ainda não tem links. Crie um: /link 250 THB aulas
links-end = Não há mais links.
timeline = Histórico:
status-active = Aberto
status-paid = Pago
status-expired = Expirado
status-cancelled = Cancelado
status-refunded = Reembolsado
status-partially_paid = Pago em parte
status-partially_refunded = Reembolsado em parte
status-paid-total = Pago { $amount } ({ $count } pagamentos)
status-refunded-total = Reembolsado { $amount }
event-link-created = Criado
event-link-opened = Aberto por um comprador
event-link-cancelled = Cancelado
event-link-expired = Expirado
event-payment-pending = Comprador começou a pagar
event-payment-succeeded = Pago
event-payment-failed = Pagamento falhou
event-refund-pending = Reembolso iniciado
event-refund-succeeded = Reembolsado
event-refund-failed = Reembolso falhou
event-checkout-failed = O provedor recusou abrir um pagamento
event-payment-mismatch = Pagamento retido: valor diferente
event-payment-expired = Um comprador deixou o pagamento pela metade
event-link-extended = Validade estendida
event-payment-claimed = Um comprador diz que pagou por transferência
event-payment-unmatched = Um crédito bancário mencionava este link, mas não pôde ser aplicado
report-week = Últimos 7 dias
report-month = Últimos 30 dias
report-empty = Nenhum link neste período.
report-received = Recebido { $paid }, reembolsado { $refunded }, líquido { $net }
export-caption = { $links } links e { $payments } pagamentos
currency-current = Sua moeda padrão é { $currency }. Mude com /currency seguido de um código, ex.: /currency USD
currency-set = Os links novos agora são em { $currency }, a não ser que você indique outra moeda.
lang-list = Idioma: { $current }. Disponíveis: { $languages }. Mude com, por exemplo, /lang th
lang-set = A partir de agora vou falar com você em português.
lang-unknown = Ainda não falo "{ $code }". Disponíveis: { $languages }.
push-paid-title = ✅ Pago
push-payer = Pago por { $payer }
push-payer-email = E-mail: { $email }
push-payer-phone = Telefone: { $phone }
push-shipping = Entregar em: { $address }
push-late = Este link já estava fechado quando o dinheiro chegou. Reembolse com /refund { $slug } se não quiser recebê-lo.
push-over = Esta parte passou { $amount } do que faltava pagar (outra parte foi paga ao mesmo tempo). Devolva a diferença com /refund { $slug } { $refund }.
push-failed-title = ❌ Um pagamento falhou
push-reason = Motivo: { $reason }
push-failed-still-open = Nenhum valor foi cobrado e o link continua aberto.
push-expired-title = ⌛ Link expirado
push-refunded-title = ↩️ Reembolsado
push-refunded = { $amount } reembolsado em { $link }
push-refund-failed-title = ⚠️ Reembolso falhou
push-checkout-failed-title = ⚠️ Um comprador não conseguiu pagar
push-checkout-failed = O provedor de pagamento recusou abrir o pagamento. O link continua aberto: verifique sua conta no provedor.
push-mismatch-title = ⚠️ Pagamento retido: valor diferente
push-mismatch = O provedor informou { $reported }, mas o link pede { $expected }. Não foi marcado como pago: confira no painel do provedor e reembolse por lá se precisar.
card-title = { $seller } está pedindo { $amount }
card-pay = Pagar { $amount }
inline-create = Criar um link de { $amount }
inline-share = Compartilhar este link
inline-preparing = Preparando o link…
inline-register = Inicie o paychat para criar links
# Errors in chat. $value is what the seller typed.
err-unknown-command = Não conheço /{ $value }. Envie /help para ver os comandos.
err-missing-slug = Qual link? Adicione o código ou o próprio link, ex.: /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" não é um período. Use /report today, /report week ou /report month.
err-missing-amount = Quanto? Coloque o valor primeiro, ex.: /link 250 THB aulas
err-unknown-currency = "{ $value }" não é um código de moeda. Use um código ISO como THB, USD, IDR, VND, BRL, EUR.
err-duplicate-option = A opção { $value }: aparece duas vezes. Use só uma vez.
err-bad-expiry = "{ $value }" não é uma duração. Use, por exemplo, exp:30m, exp:12h, exp:3d ou exp:2w
err-bad-limit = "{ $value }" não é um limite de usos. Use um número inteiro como limit:5, ou limit:none
err-bad-reference = "{ $value }" não pode ser uma referência: use até 64 letras, números e - _ . / #, ex.: ref:INV-7
err-bad-recipient = "{ $value }" não é um telefone nem um e-mail. Use, por exemplo, to:+66812345678 ou to:buyer@mail.com
err-description-too-long = A descrição é longa demais: use menos de 500 caracteres.
err-link-not-found = Não encontrei esse link entre os seus. Confira o código com /links.
err-not-found = Não encontrado.
err-transition = Isso não é possível no status atual do link. Veja em /status como ele está.
err-provider-refused = { $provider } não aceitou isso: { $detail }
err-provider-unavailable = Não foi possível falar com { $provider } agora. Tente de novo em um minuto.
err-provider-not-enabled = Seu provedor de pagamento ainda não está configurado neste servidor. Fale com quem administra o paychat.
err-refund-pending = Um reembolso deste pagamento ainda está sendo confirmado com o provedor de pagamento. O paychat conclui sozinho; confira de novo em alguns minutos.
err-internal = Algo deu errado do nosso lado; nada foi alterado. Tente de novo, por favor.
err-invalid = Não deu certo: { $detail }
err-expiry-too-far = Esse prazo é longo demais. Use no máximo um ano, ex.: exp:30d
err-expiry-in-past = O prazo precisa ser no futuro.
err-duplicate-custom-link-ref = Você já tem um link com essa referência. Use outro ref:
err-nothing-to-refund = Este link não tem pagamento para reembolsar.
err-already-refunded = Este pagamento já foi reembolsado por completo.
err-refund-exceeds-payment = Isso é mais do que resta para reembolsar neste pagamento.
err-payment-id-required = Este link tem vários pagamentos; reembolse pela API, indicando cada pagamento.
err-payment-not-refundable = Este pagamento não pode ser reembolsado.
err-currency-unknown = Isso não é um código de moeda. Use um código ISO como THB, USD, IDR.
err-invite-invalid = Este link de convite é desconhecido, já foi usado ou expirou. Peça um novo ao operador.
err-email-invalid = Esse e-mail não parece correto.
err-phone-invalid = Esse telefone não parece correto. Comece com + e o código do país.
err-too-long = Esse texto é longo demais.
err-invalid-characters = Esse texto tem caracteres que não consigo usar.

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = Novo link de pagamento: /link 250 THB aulas
cmd-links = Seus links recentes
cmd-status = Status e histórico de um link
cmd-cancel = Cancelar um link
cmd-refund = Reembolsar um pagamento
cmd-paid = Registrar pagamento em dinheiro ou transferência
cmd-dup = Um link novo igual a um dos seus
cmd-qr = Mostrar o QR code de um link
cmd-report = Totais: hoje, semana ou mês
cmd-export = Todos os links e pagamentos em CSV
cmd-currency = Sua moeda padrão
cmd-lang = Seu idioma
cmd-help = O que eu sei fazer

# Several chat apps: /connect and /notify.
help-apps =
    /connect — use esta conta também no seu outro app de chat (Telegram, WhatsApp, LINE)
    /notify here — as mensagens de status vêm para este chat (/notify origin: para onde cada link foi criado)
connect-code = Envie isto no seu outro app de chat (Telegram, WhatsApp ou LINE) em até 15 minutos: /connect { $code }
connect-done = Conectado: este chat agora pertence a { $name }. Envie /notify here para receber as mensagens de status aqui.
err-connect-code-invalid = Esse código é desconhecido, já foi usado ou expirou. Envie /connect no outro app para receber um novo.
err-connect-has-links = Este chat já tem links próprios, então não pode entrar em outra conta.
notify-here = As mensagens de status agora vêm para este chat.
notify-origin = As mensagens de status agora vão para o chat onde cada link foi criado.
line-quota-low = LINE: a conta desta loja tem { $left } mensagens de status restantes neste mês. Quando acabarem, as mensagens de status vão para seu outro app de chat (/connect) ou esperam até o próximo mês.
notify-current = As mensagens de status vão para: { $where }. Envie /notify here ou /notify origin para mudar.
notify-where-origin = o chat onde cada link foi criado
err-bad-notify = Use /notify here ou /notify origin.
cmd-connect = Usar esta conta em outro app de chat
cmd-notify = Para onde vão as mensagens de status

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = Marcar { $link } como pago em dinheiro ou transferência? O paychat vai contar como pago.
btn-paid-yes = Sim, está pago
refund-choose = Quanto você quer reembolsar de { $link }?
refund-which = Este link tem mais de um pagamento para reembolsar. Qual, e quanto? { $link }
refund-payment-line = { $n }. { $amount } do pagamento de { $paid } em { $date }
refund-more = { $count } pagamentos mais antigos não aparecem: reembolse pela API (docs/api.md), indicando cada pagamento.
btn-refund-amount = { $n }. { $amount }
btn-choose = Escolher
amount-choose = Esse valor pode ser lido de mais de um jeito. Qual você quis dizer?
amount-chosen = ✓ { $link }
not-your-question = Esta pergunta não é sua: só quem perguntou pode responder.
err-already-applied = Isso já foi feito; nada mudou.
connect-again = Essa mensagem já gerou um código. Envie /connect de novo para um código novo.

# Recibos (páginas do comprador) e a página do próprio servidor.
push-receipt = Recibo: { $url }
receipt-view = Ver seu recibo
receipt-title = Recibo
receipt-heading = Pago a { $seller }
receipt-for = Referente a
receipt-date = Data
receipt-method = Pago com
receipt-method-manual = Dinheiro ou transferência, registrado pelo vendedor
receipt-payer = Pago por
receipt-reference = Referência
receipt-provider-reference = Referência do provedor
receipt-refunded = { $amount } deste pagamento foram reembolsados.
receipt-pdf = Baixar PDF
receipt-print = Ou imprima esta página pelo navegador.
receipt-notfound-title = Recibo não encontrado
receipt-notfound-body = Confira o endereço ou peça ao vendedor para enviar o recibo de novo.
home-title = Links de pagamento pelo chat
home-body = Este servidor roda o paychat: vendedores criam links de pagamento pelo Telegram, WhatsApp, LINE ou pela API, e compradores pagam em páginas como /p/… que o vendedor compartilha.
home-operators = Operadores: vejam o README do paychat para configurá-lo.

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = A partir de { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = Pago até agora: { $paid }. Falta pagar: { $remaining }.
page-pay-deposit = Pagar sinal { $amount }
page-pay-full = Pagar tudo { $amount }
page-pay-balance = Pagar o restante { $amount }
page-other-amount = Outro valor ({ $currency })
page-pay-chosen = Pagar este valor
page-amount-below-min = O valor deve ser de pelo menos { $amount }.
page-amount-above-max = O valor deve ser de no máximo { $amount }.
page-amount-invalid = Digite o valor em números, por exemplo { $example }.
page-amount-separators = Digite o valor sem separador de milhar, por exemplo { $example }.
page-amount-required = Escolha ou digite um valor a pagar.
page-nothing-due = Não há mais nada a pagar neste link.
items-item = Item
items-qty = Qtd.
items-price = Preço
items-sum = Valor
items-shipping = Frete
items-discount = Desconto
items-discount-code = Desconto ({ $code })
items-total = Total

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" não é um item. Escreva os itens assim: /link 2x bolo 45, 1x chá 30, ship 40
err-bad-deposit = "deposit:{ $value }" não serve: informe uma porcentagem de 1 a 99 (deposit:30%) ou um valor menor que o do link (deposit:300).
err-bad-bounds = max:{ $value } é menor que min:. Informe um máximo pelo menos igual ao mínimo, ex. /link any doação min:20 max:5000
err-bounds-need-any = { $value }: vale para um link em que o comprador escolhe o valor (min: e max: com "any"; deposit: com valor fixo), ex. /link any doação min:20 max:5000
link-open-amount = O comprador escolhe o valor: { $amount }
link-deposit = Pode ser pago em partes: primeiro um sinal de pelo menos { $amount }
status-still-due = Falta pagar: { $amount }
balance-request = Saldo devedor de { $description }: { $amount }. Pague aqui: { $url }
balance-nothing-due = Não há mais nada a pagar neste link.
push-part-paid = Parte paga: { $amount }. Falta pagar: { $remaining }.
btn-balance-request = Pedir o restante

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ Ainda não pago
push-reminder-expires = Vence { $date }
btn-extend = Estender 3 dias
extend-done = Estendido: o link agora vence { $date }.
extend-before = Já estendido: o link vence { $date }.
extend-closed = Este link está { $status }: não há o que estender.
extend-no-expiry = Este link não vence: não há o que estender.
extend-at-max = Este link já vence o mais tarde possível.
reminders-on = Lembretes ligados: antes de um link não pago vencer, aviso você aqui.
reminders-off = Lembretes desligados: não vou lembrar você de links não pagos. Envie /reminders on para ligá-los de novo.
reminders-now-on = Os lembretes estão ligados: aviso antes de um link não pago vencer. Envie /reminders off para pará-los.
reminders-now-off = Os lembretes estão desligados. Envie /reminders on para ser avisado antes de um link não pago vencer.
err-bad-reminders = Use /reminders on ou /reminders off.
cmd-reminders = Lembretes antes de links não pagos vencerem
err-send-needs-time = Informe a hora depois de send:{ $value }, no seu fuso horário: send:{ $value } 9:00 (ou 21:00, 9am, 9pm).
replyto-set = Compradores que responderem aos e-mails do paychat sobre seus links agora chegam a { $address }.
replyto-off = As respostas dos compradores aos e-mails do paychat não vão mais para o seu endereço.
replyto-current = As respostas dos compradores aos e-mails do paychat vão para { $address }. Envie /replyto off para parar.
replyto-none = As respostas dos compradores aos e-mails do paychat ainda não chegam a você. Envie /replyto voce@mail.com para recebê-las.
err-bad-replyto = "{ $value }" não é um endereço de e-mail. Envie /replyto voce@mail.com, ou /replyto off.
cmd-replyto = Seu e-mail para respostas de compradores
btn-remind-buyer = Lembrar comprador
buyer-reminded = Lembrete enviado para { $to }.
sent-again = Enviado de novo para { $to }.
to-buyer-stopped = O comprador parou as mensagens deste link: nada foi enviado.
to-buyer-closed = Este link está { $status }: nada foi enviado.
to-buyer-nobody = Este link não tem comprador para quem enviar. Crie-o com to:comprador@mail.com (ou to:+5511912345678) e send:now.
cmd-send = Enviar de novo um link ao comprador
