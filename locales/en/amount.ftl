# How chat amounts are read, asked about and refused; src/conversation/errors.rs fills in
# the variables. $value: what was typed. $currency, $code, $embedded, $given: currency
# codes. $places: the currency's decimal places. $example: a /link command in the
# currency concerned that reads as exactly one amount; $decimals: the same with
# decimals. $smallest, $largest, $likely, $grouped: formatted amounts; $as_thousands: the
# /link command for $grouped. $readings: the readings
# separated by semicolons (err-amount-ambiguous).
err-amount-not-positive = The amount must be more than zero, e.g. { $example }
err-amount-negative = A payment link asks for money: write the amount without a minus sign, e.g. { $example }
err-amount-whole-only = { $currency } has no decimal places: write a whole number, e.g. { $example }
err-amount-too-precise = { $currency } has { $places } decimal places: write at most { $places } digits after the decimal separator, e.g. { $decimals }
err-amount-below-minor-unit = That is less than the smallest { $currency } amount ({ $smallest }). Write e.g. { $example }
err-amount-too-large = That amount is too large: a link can ask for at most { $largest }. Write e.g. { $example }
err-amount-exponent = "{ $value }" is written with an exponent. Write all the digits, e.g. { $example }
err-amount-not-a-number = "{ $value }" is not a number. Write the amount in digits, e.g. { $example }
err-amount-invalid = "{ $value }" is not an amount. Write e.g. { $example } or { $decimals }
err-amount-ambiguous = "{ $value }" can be read in too many ways ({ $readings }). Write the currency code and the number without group separators, e.g. { $example }
err-amount-malformed-likely = "{ $value }" mixes up its separators. If you mean { $likely }, send { $example }
err-amount-malformed = "{ $value }" mixes up its separators. Write the number with one decimal separator, e.g. { $decimals }
err-amount-decimals-or-thousands = { $currency } has { $places } decimal places, so "{ $value }" cannot be an amount with decimals. For { $grouped } send { $as_thousands }; for an amount with decimals write e.g. { $decimals }
err-amount-currency-conflict = The amount says { $embedded } but the currency given is { $given }. Write one currency, e.g. { $example }
err-amount-missing-currency = Which currency? Add one, e.g. /link 250 USD tuition
err-currency-or-word = Is "{ $value }" the currency { $code }? If so, write the code in capitals, e.g. { $example }. If not, name your currency first, or set it with /currency.
