# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = Jumlahnya harus lebih dari nol, misalnya /link 250 THB kursus
err-amount-too-precise = { $first } paling banyak { $second } angka di belakang koma, misalnya /link 250.50 THB
err-amount-too-large = Jumlah itu terlalu besar.
err-amount-invalid = "{ $value }" bukan jumlah uang. Contoh: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = Jumlah itu bisa berarti { $first } atau { $second }. Tulis dengan jelas, misalnya /link { $first }
err-amount-currency-conflict = Jumlah dan mata uangnya tidak cocok. Tulis satu mata uang saja, misalnya /link 250 THB
err-amount-missing-currency = Mata uang apa? Tambahkan satu, misalnya /link 250 THB kursus
