# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = El monto debe ser mayor que cero, p. ej. /link 250 THB clases
err-amount-too-precise = { $first } admite como máximo { $second } decimales, p. ej. /link 250.50 THB
err-amount-too-large = Ese monto es demasiado grande.
err-amount-invalid = "{ $value }" no es un monto. Ejemplos: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = Ese monto puede ser { $first } o { $second }. Escríbelo sin ambigüedad, p. ej. /link { $first }
err-amount-currency-conflict = El monto y la moneda no coinciden. Escribe una sola moneda, p. ej. /link 250 THB
err-amount-missing-currency = ¿Qué moneda? Agrega una, p. ej. /link 250 THB clases
