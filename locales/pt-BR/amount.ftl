# How chat amounts are read, asked about and refused. Variables: see locales/en/amount.ftl.
err-amount-not-positive = O valor precisa ser maior que zero, ex.: { $example }
err-amount-negative = Um link de pagamento pede dinheiro: escreva o valor sem sinal de menos, ex.: { $example }
err-amount-whole-only = { $currency } não tem casas decimais: escreva um número inteiro, ex.: { $example }
err-amount-too-precise = { $currency } tem { $places } casas decimais: escreva no máximo { $places } dígitos depois do separador decimal, ex.: { $decimals }
err-amount-below-minor-unit = Isso é menos que o menor valor em { $currency } ({ $smallest }). Escreva, por exemplo, { $example }
err-amount-too-large = Esse valor é alto demais: um link pode pedir no máximo { $largest }. Escreva, por exemplo, { $example }
err-amount-exponent = "{ $value }" está escrito com expoente. Escreva todos os dígitos, ex.: { $example }
err-amount-not-a-number = "{ $value }" não é um número. Escreva o valor em algarismos, ex.: { $example }
err-amount-invalid = "{ $value }" não é um valor. Escreva, por exemplo, { $example } ou { $decimals }
err-amount-ambiguous = "{ $value }" pode ser lido de formas demais ({ $readings }). Escreva o código da moeda e o número sem separador de milhar, ex.: { $example }
err-amount-malformed-likely = "{ $value }" mistura os separadores. Se você quis dizer { $likely }, envie { $example }
err-amount-malformed = "{ $value }" mistura os separadores. Escreva o número com um só separador decimal, ex.: { $decimals }
err-amount-decimals-or-thousands = { $currency } tem { $places } casas decimais, então "{ $value }" não é um valor em { $currency } com decimais. Para { $grouped } envie { $as_thousands }; para um valor com decimais escreva, por exemplo, { $decimals }
err-amount-currency-conflict = O valor diz { $embedded }, mas a moeda informada é { $given }. Escreva uma moeda só, ex.: { $example }
err-amount-missing-currency = Qual moeda? Adicione uma, ex.: /link 250 BRL aulas
err-currency-or-word = "{ $value }" é a moeda { $code }? Se for, escreva o código em maiúsculas, ex.: { $example }. Se não for, informe sua moeda antes ou defina-a com /currency.
