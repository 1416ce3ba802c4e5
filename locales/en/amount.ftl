# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = The amount must be more than zero, e.g. /link 250 THB tuition
err-amount-too-precise = { $first } allows at most { $second } decimal places, e.g. /link 250.50 THB
err-amount-too-large = That amount is too large.
err-amount-invalid = "{ $value }" is not an amount. Examples: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = That amount could mean { $first } or { $second }. Write it without doubt, e.g. /link { $first }
err-amount-currency-conflict = The amount and the currency do not match. Write one currency, e.g. /link 250 THB
err-amount-missing-currency = Which currency? Add one, e.g. /link 250 THB tuition
