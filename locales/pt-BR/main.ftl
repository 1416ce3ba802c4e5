# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pagamento
pay-heading = { $seller } está pedindo um pagamento
pay-button = Pagar { $amount }
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
secure-note = Pagamento processado com segurança por { $provider }.
try-again = Tentar de novo
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Checkout de teste (sandbox)
sandbox-note = Modo de teste: nenhum dinheiro real é movimentado.
sandbox-pay = Pagar com sucesso
sandbox-fail = Simular falha no pagamento
sandbox-payer = Nome do pagador (opcional)
