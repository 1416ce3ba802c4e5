# How chat amounts are read, asked about and refused. Variables: see locales/en/amount.ftl.
err-amount-not-positive = Jumlahnya harus lebih dari nol, misalnya { $example }
err-amount-negative = Link pembayaran meminta uang: tulis jumlahnya tanpa tanda minus, misalnya { $example }
err-amount-whole-only = { $currency } tidak memakai desimal: tulis bilangan bulat, misalnya { $example }
err-amount-too-precise = { $currency } memakai { $places } angka desimal: tulis paling banyak { $places } angka di belakang pemisah desimal, misalnya { $decimals }
err-amount-below-minor-unit = Itu kurang dari jumlah { $currency } terkecil ({ $smallest }). Tulis misalnya { $example }
err-amount-too-large = Jumlah itu terlalu besar: satu link paling banyak meminta { $largest }. Tulis misalnya { $example }
err-amount-exponent = "{ $value }" ditulis dengan eksponen. Tulis semua angkanya, misalnya { $example }
err-amount-not-a-number = "{ $value }" bukan angka. Tulis jumlahnya dengan angka, misalnya { $example }
err-amount-invalid = "{ $value }" bukan jumlah uang. Tulis misalnya { $example } atau { $decimals }
err-amount-ambiguous = "{ $value }" bisa dibaca dengan terlalu banyak cara ({ $readings }). Tulis kode mata uang dan angkanya tanpa pemisah ribuan, misalnya { $example }
err-amount-malformed-likely = "{ $value }" mencampur pemisah angkanya. Kalau maksudnya { $likely }, kirim { $example }
err-amount-malformed = "{ $value }" mencampur pemisah angkanya. Tulis angkanya dengan satu pemisah desimal, misalnya { $decimals }
err-amount-decimals-or-thousands = { $currency } memakai { $places } angka desimal, jadi "{ $value }" bukan jumlah { $currency } dengan desimal. Untuk { $grouped } kirim { $as_thousands }; untuk jumlah dengan desimal tulis misalnya { $decimals }
err-amount-currency-conflict = Jumlahnya menyebut { $embedded }, tetapi mata uang yang diberikan { $given }. Tulis satu mata uang saja, misalnya { $example }
err-amount-missing-currency = Mata uang apa? Tambahkan satu, misalnya /link 50.000 IDR kursus
err-currency-or-word = Apakah "{ $value }" maksudnya mata uang { $code }? Kalau ya, tulis kodenya dengan huruf besar, misalnya { $example }. Kalau bukan, sebutkan mata uang Anda lebih dulu atau atur dengan /currency.
