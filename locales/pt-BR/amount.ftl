# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = O valor precisa ser maior que zero, ex.: /link 250 THB aulas
err-amount-too-precise = { $first } aceita no máximo { $second } casas decimais, ex.: /link 250.50 THB
err-amount-too-large = Esse valor é alto demais.
err-amount-invalid = "{ $value }" não é um valor. Exemplos: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = Esse valor pode ser { $first } ou { $second }. Escreva sem deixar dúvida, ex.: /link { $first }
err-amount-currency-conflict = O valor e a moeda não batem. Escreva só uma moeda, ex.: /link 250 THB
err-amount-missing-currency = Qual moeda? Adicione uma, ex.: /link 250 THB aulas
