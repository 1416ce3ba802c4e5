# How chat amounts are read, asked about and refused. Variables: see locales/en/amount.ftl.
err-amount-not-positive = El monto debe ser mayor que cero, p. ej. { $example }
err-amount-negative = Un link de pago pide dinero: escribe el monto sin signo menos, p. ej. { $example }
err-amount-whole-only = { $currency } no tiene decimales: escribe un número entero, p. ej. { $example }
err-amount-too-precise = { $currency } tiene { $places } decimales: escribe como máximo { $places } cifras después del separador decimal, p. ej. { $decimals }
err-amount-below-minor-unit = Eso es menos que el monto mínimo en { $currency } ({ $smallest }). Escribe, p. ej., { $example }
err-amount-too-large = Ese monto es demasiado grande: un link puede pedir como máximo { $largest }. Escribe, p. ej., { $example }
err-amount-exponent = "{ $value }" está escrito con exponente. Escribe todas las cifras, p. ej. { $example }
err-amount-not-a-number = "{ $value }" no es un número. Escribe el monto en cifras, p. ej. { $example }
err-amount-invalid = "{ $value }" no es un monto. Escribe, p. ej., { $example } o { $decimals }
err-amount-ambiguous = "{ $value }" se puede leer de demasiadas maneras ({ $readings }). Escribe el código de la moneda y el número sin separador de miles, p. ej. { $example }
err-amount-malformed-likely = "{ $value }" mezcla los separadores. Si quieres decir { $likely }, envía { $example }
err-amount-malformed = "{ $value }" mezcla los separadores. Escribe el número con un solo separador decimal, p. ej. { $decimals }
err-amount-decimals-or-thousands = { $currency } tiene { $places } decimales, así que "{ $value }" no es un monto en { $currency } con decimales. Para { $grouped } envía { $as_thousands }; para un monto con decimales escribe, p. ej., { $decimals }
err-amount-currency-conflict = El monto dice { $embedded }, pero la moneda indicada es { $given }. Escribe una sola moneda, p. ej. { $example }
err-amount-missing-currency = ¿Qué moneda? Agrega una, p. ej. /link 250 EUR clases
err-currency-or-word = ¿"{ $value }" es la moneda { $code }? Si lo es, escribe el código en mayúsculas, p. ej. { $example }. Si no, indica primero tu moneda o configúrala con /currency.
