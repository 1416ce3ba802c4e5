# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = QR bancário: onde os compradores pagam você
payto-none =
    Você ainda não tem conta de QR bancário. Com ela, o comprador paga direto no seu banco:
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto promptpay 0812345678
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto upi asha@okaxis Asha Stores
    /payto qris e o código QRIS da sua loja
payto-list =
    Links nestas moedas são pagos por QR bancário:
    { $accounts }
    Troque com /payto e os dados de novo; remova com /payto off pix (ou só off para todas).
payto-set = { $rail } definido: { $account }. Links em { $currency } agora mostram o QR na página do comprador. Abaixo, um QR de teste de uma unidade: leia no app do seu banco para conferir o nome que o comprador verá; não precisa pagar.
payto-upi-note = UPI: pagamentos por link para um UPI id pessoal costumam ser recusados; um UPI id de empresa funciona.
payto-removed = { $rail } removido: links nessa moeda não mostram mais QR bancário.
payto-removed-all = Todas as contas de QR bancário foram removidas.
payto-removed-none = Não havia conta de QR bancário para remover.
payto-unknown-rail = Não conheço o meio "{ $value }". Use pix, promptpay, vietqr, upi ou qris.
payto-how-promptpay = Exemplo: /payto promptpay 0812345678 (celular, documento de 13 dígitos ou carteira de 15 dígitos)
payto-how-vietqr = Exemplo: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (banco, número da conta, titular)
payto-how-pix = Exemplo: /payto pix 123.456.789-09 Ana Souza, São Paulo (sua chave Pix, seu nome, uma vírgula, sua cidade)
payto-how-upi = Exemplo: /payto upi asha@okaxis Asha Stores (UPI id e nome do recebedor)
payto-how-qris = Exemplo: /payto qris 000201010211… (o texto do QRIS estático da loja) No Telegram você também pode enviar a imagem do QRIS com a legenda /payto qris.
payto-missing = Falta { $what }.
payto-invalid = { $what } "{ $value }" não está certo: { $hint }.
payto-too-long = { $what } passa dos { $max } caracteres que este meio aceita.
payto-bad-crc = Esse código QRIS não foi copiado inteiro: o dígito de controle não confere. Copie de novo.
payto-malformed = Isso não é um QR de pagamento.
payto-test-caption = QR de teste { $rail } de { $amount }: leia para conferir o nome; não precisa pagar.
payto-what-promptpay-id = o número PromptPay
payto-what-bank = o banco
payto-what-account-number = o número da conta
payto-what-account-name = o nome da conta
payto-what-pix-key = a chave Pix
payto-what-name = o nome
payto-what-city = a cidade
payto-what-upi-id = o UPI id
payto-what-qris-code = o código QRIS
payto-what-amount = o valor
payto-what-reference = a referência
payto-what-account = a conta
payto-hint-pix-email = não é um e-mail
payto-hint-pix-phone = uma chave de telefone é +55, o DDD e o número
payto-hint-pix-key = use CPF, CNPJ, +55 e o celular, e-mail ou chave aleatória
payto-hint-cpf-check = os dígitos verificadores não conferem com um CPF (chave de telefone começa com +55)
payto-hint-cnpj-check = os dígitos verificadores não conferem com um CNPJ
payto-hint-latin = escreva com letras latinas
payto-hint-thai-id-check = o último dígito não confere, verifique o número
payto-hint-qris-not-qris = não é um QRIS; envie o código QRIS da loja
payto-hint-qris-dynamic = é um código de um pagamento só; envie o QRIS estático da loja
payto-hint-qris-not-idr = não é um código em rupias da Indonésia
payto-hint-qris-no-name = não tem nome do lojista
payto-hint-upi-id-form = um UPI id tem a forma nome@banco, ex. asha@okaxis
payto-hint-promptpay-forms = use um celular (0812345678), um documento de 13 dígitos ou carteira de 15 dígitos
payto-hint-bank-name = use o nome curto do banco (Vietcombank, MB, Techcombank…) ou o BIN de 6 dígitos
payto-hint-account-number-format = até 19 letras e números, sem espaços
payto-hint-account-name-letters = o nome como o banco mostra, em letras latinas (A–Z)
bankqr-heading = Pague com { $rail } pelo app do seu banco
bankqr-payee = A transferência vai para: { $payee }
bankqr-reference = Referência: { $reference }
bankqr-pix-copy = Pix copia e cola — copie este código no Pix do seu banco:
bankqr-upi-open = Abrir num app UPI
bankqr-step-scan = Abra o app do banco e leia este QR (ou salve a imagem e abra no app).
bankqr-step-check = Confira que aparece { $amount } para { $payee }.
bankqr-step-confirm = Confirme a transferência e guarde o comprovante.
bankqr-note = O vendedor confere que o dinheiro chegou e confirma seu pagamento.
bankqr-download = Salvar a imagem do QR
bankqr-or-card = Ou pague de outro jeito:
push-claim-title = 💸 Um comprador diz que pagou
push-claim-check = Confira sua conta { $rail } para este valor e responda abaixo.
push-claim-check-ref = Confira sua conta { $rail } para este valor com a referência { $reference } e responda abaixo.
btn-bank-received = ✅ Recebido
btn-bank-not-received = ❌ Não recebido
bank-confirm-received = Marcar { $link } como recebido de { $payer }? O link conta como pago e o comprador é avisado.
bank-confirm-not-received = Marcar a transferência de { $link } de { $payer } como não recebida? A página do comprador dirá que você não a encontrou.
btn-bank-received-yes = Sim, recebido
btn-bank-not-received-yes = Sim, não recebido
bank-received = Recebido: { $link }. O link está pago.
bank-not-received = Marcado como não recebido: { $link }. A página do comprador avisa.
bank-pending = Ainda esperando sua resposta: { $link }.
bankqr-claim-button = Já paguei
bankqr-claim-name = Seu nome (ajuda o vendedor a achar sua transferência)
bankqr-claim-waiting = Obrigado. O vendedor está conferindo se a transferência chegou. Atualize esta página para ver a resposta.
bankqr-claim-rejected = O vendedor não encontrou sua transferência. Se você pagou, envie o comprovante a ele.
bankqr-claim-busy = Um pagamento deste link está sendo confirmado. Tente mais tarde.
push-unmatched-title = ⚠️ Uma transferência não confere
push-unmatched-amount = Uma transferência de { $credit } ("{ $content }") cita este link mas não é o valor dele: não foi contada. Se estiver certa, marque o link como pago com /paid { $slug }.
push-unmatched-closed = Uma transferência de { $credit } ("{ $content }") cita este link, que já não está aberto: não foi contada. Reembolse o comprador ou combine com ele.
bankqr-claim-slip = Comprovante (opcional):
slip-too-large = A imagem do comprovante passa de 5 MB. Envie uma menor, ou nenhuma.
slip-not-a-picture = O comprovante deve ser uma imagem JPEG, PNG ou WebP.
slip-unreadable = Não foi possível ler a imagem do comprovante. Envie outra, ou nenhuma.
push-claim-slip = Comprovante: referência { $reference } (banco { $bank }).
push-claim-slip-seen = ⚠️ A referência deste comprovante já foi enviada para outro pagamento.
push-claim-slip-caption = O comprovante do comprador.
err-bad-via = "via:{ $value }" não é um meio de pagamento: use via:card, ou um QR bancário definido com /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris).
err-pay-via-currency = Esse QR bancário é de outra moeda: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR.
err-pay-via-no-account = Você ainda não tem conta nesse QR bancário: defina uma com /payto primeiro.
err-pay-via-invalid = via: aceita card, promptpay, vietqr, pix, upi ou qris.
payto-photo-no-qr = Não consegui ler um QR nessa imagem. Envie uma foto mais nítida do seu QRIS com a legenda /payto qris, ou cole o texto do código depois de /payto qris.
payto-unmatched =
    Transferências que o feed do banco não ligou a um link (últimos 30 dias): confira e marque o link como pago com /paid se estiver certo.
    { $credits }
bankqr-unavailable = Este link não pode ser pago aqui agora. Fale com o vendedor.
