# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = QR bank: rekening tempat pembeli membayar
payto-none =
    Anda belum punya rekening QR bank. Dengan itu pembeli bisa membayar langsung ke bank Anda:
    /payto qris lalu kode QRIS toko Anda
    /payto promptpay 0812345678
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto upi asha@okaxis Asha Stores
payto-list =
    Tautan dalam mata uang ini dibayar dengan QR bank:
    { $accounts }
    Ubah dengan /payto dan detailnya lagi; hapus dengan /payto off qris (atau off saja untuk semua).
payto-set = { $rail } sudah diatur: { $account }. Tautan dalam { $currency } kini menampilkan QR-nya di halaman pembeli. Di bawah ini QR uji untuk satu unit: pindai di aplikasi bank Anda untuk melihat nama yang akan dilihat pembeli; tidak perlu dibayar.
payto-upi-note = UPI: pembayaran lewat tautan ke UPI id pribadi sering ditolak aplikasi pembeli; UPI id merchant berhasil.
payto-removed = { $rail } dihapus: tautan dalam mata uangnya tidak lagi menampilkan QR bank.
payto-removed-all = Semua rekening QR bank dihapus.
payto-removed-none = Tidak ada rekening QR bank untuk dihapus.
payto-unknown-rail = Saya tidak mengenal jalur "{ $value }". Pakai promptpay, vietqr, pix, upi atau qris.
payto-how-promptpay = Contoh: /payto promptpay 0812345678 (nomor ponsel, nomor identitas 13 digit, atau e-wallet 15 digit)
payto-how-vietqr = Contoh: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (bank, nomor rekening, nama pemilik)
payto-how-pix = Contoh: /payto pix 123.456.789-09 Ana Souza, São Paulo (kunci Pix, nama, koma, kota)
payto-how-upi = Contoh: /payto upi asha@okaxis Asha Stores (UPI id dan nama penerima)
payto-how-qris = Contoh: /payto qris 000201010211… (teks QRIS statis toko Anda dari penyedia QRIS) Di Telegram Anda juga bisa mengirim gambar QRIS dengan keterangan /payto qris.
payto-missing = { $what } belum diisi.
payto-invalid = { $what } "{ $value }" tidak benar: { $hint }.
payto-too-long = { $what } lebih dari { $max } karakter yang diizinkan jalur ini.
payto-bad-crc = Kode QRIS itu tidak tersalin utuh: kode pemeriksanya tidak cocok. Salin lagi dari penyedia QRIS Anda.
payto-malformed = Itu bukan kode QR pembayaran.
payto-test-caption = QR uji { $rail } untuk { $amount }: pindai untuk memeriksa nama; tidak perlu dibayar.
payto-what-promptpay-id = Nomor PromptPay
payto-what-bank = Bank
payto-what-account-number = Nomor rekening
payto-what-account-name = Nama rekening
payto-what-pix-key = Kunci Pix
payto-what-name = Nama
payto-what-city = Kota
payto-what-upi-id = UPI id
payto-what-qris-code = Kode QRIS
payto-what-amount = Jumlah
payto-what-reference = Referensi
payto-what-account = Rekening
payto-hint-pix-email = itu bukan alamat e-mail
payto-hint-pix-phone = kunci telepon adalah +55, kode area dan nomor
payto-hint-pix-key = pakai CPF, CNPJ, +55 dan nomor telepon, e-mail atau kunci acak
payto-hint-cpf-check = digit pemeriksanya tidak cocok dengan CPF (kunci telepon diawali +55)
payto-hint-cnpj-check = digit pemeriksanya tidak cocok dengan CNPJ
payto-hint-latin = tulis dengan huruf Latin
payto-hint-thai-id-check = digit terakhirnya tidak cocok, periksa nomornya
payto-hint-qris-not-qris = itu bukan QRIS; kirim kode QRIS toko Anda
payto-hint-qris-dynamic = itu kode untuk satu pembayaran; kirim QRIS statis toko Anda
payto-hint-qris-not-idr = itu bukan kode rupiah dari Indonesia
payto-hint-qris-no-name = tidak ada nama merchant
payto-hint-upi-id-form = UPI id berbentuk name@bank, mis. asha@okaxis
payto-hint-promptpay-forms = pakai nomor ponsel (0812345678), nomor 13 digit, atau e-wallet 15 digit
payto-hint-bank-name = pakai nama singkat bank (Vietcombank, MB, Techcombank…) atau BIN 6 digit
payto-hint-account-number-format = sampai 19 huruf dan angka, tanpa spasi
payto-hint-account-name-letters = nama seperti yang ditampilkan bank, dengan huruf Latin (A–Z)
bankqr-heading = Bayar dengan { $rail } dari aplikasi bank Anda
bankqr-payee = Transfer ke: { $payee }
bankqr-reference = Referensi transfer: { $reference } (tulis di berita transfer)
bankqr-pix-copy = Pix copia e cola — salin kode ini ke Pix di bank Anda:
bankqr-upi-open = Buka di aplikasi UPI
bankqr-step-scan = Buka aplikasi bank dan pindai QR ini (atau simpan gambarnya lalu buka di aplikasi).
bankqr-step-check = Pastikan tertulis { $amount } ke { $payee }.
bankqr-step-confirm = Konfirmasi transfer dan simpan buktinya.
bankqr-note = Penjual memeriksa transfer masuk lalu mengonfirmasi pembayaran Anda.
bankqr-download = Simpan gambar QR
bankqr-or-card = Atau bayar dengan cara lain:
push-claim-title = 💸 Pembeli bilang sudah bayar
push-claim-check = Periksa rekening { $rail } Anda untuk jumlah ini, lalu jawab di bawah.
push-claim-check-ref = Periksa rekening { $rail } Anda untuk jumlah ini dengan referensi { $reference }, lalu jawab di bawah.
btn-bank-received = ✅ Diterima
btn-bank-not-received = ❌ Tidak diterima
bank-confirm-received = Tandai { $link } diterima dari { $payer }? Tautan dihitung lunas dan pembeli diberi tahu.
bank-confirm-not-received = Tandai transfer untuk { $link } dari { $payer } tidak diterima? Halaman pembeli akan bilang Anda tidak menemukannya.
btn-bank-received-yes = Ya, diterima
btn-bank-not-received-yes = Ya, tidak diterima
bank-received = Diterima: { $link }. Tautan lunas.
bank-not-received = Ditandai tidak diterima: { $link }. Halaman pembeli sudah memberi tahu.
bank-pending = Masih menunggu jawaban Anda: { $link }.
bankqr-claim-button = Saya sudah bayar
bankqr-claim-name = Nama Anda (membantu penjual menemukan transfer Anda)
bankqr-claim-waiting = Terima kasih. Penjual sedang memeriksa transfer Anda. Muat ulang halaman ini untuk melihat jawabannya.
bankqr-claim-rejected = Penjual tidak menemukan transfer Anda. Jika sudah bayar, kirim bukti transfer ke penjual.
bankqr-claim-busy = Pembayaran tautan ini sedang dikonfirmasi. Coba lagi nanti.
push-unmatched-title = ⚠️ Transfer bank tidak cocok
push-unmatched-amount = Transfer { $credit } ("{ $content }") menyebut tautan ini tetapi jumlahnya berbeda: tidak dihitung. Jika benar, tandai lunas dengan /paid { $slug }.
push-unmatched-closed = Transfer { $credit } ("{ $content }") menyebut tautan ini yang sudah tidak aktif: tidak dihitung. Kembalikan dana atau selesaikan dengan pembeli.
bankqr-claim-slip = Bukti transfer (opsional):
slip-too-large = Gambar bukti lebih dari 5 MB. Kirim yang lebih kecil, atau tidak usah.
slip-not-a-picture = Bukti harus gambar JPEG, PNG atau WebP.
slip-unreadable = Gambar bukti tidak bisa dibaca. Kirim yang lain, atau tidak usah.
push-claim-slip = Bukti: referensi { $reference } (bank { $bank }).
push-claim-slip-seen = ⚠️ Referensi bukti ini sudah pernah dikirim untuk pembayaran lain.
push-claim-slip-caption = Bukti transfer pembeli.
err-bad-via = "via:{ $value }" bukan cara bayar: pakai via:card, atau QR bank yang Anda atur dengan /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris).
err-pay-via-currency = QR bank itu untuk mata uang lain: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR.
err-pay-via-no-account = Anda belum punya rekening untuk QR bank itu: atur dulu dengan /payto.
err-pay-via-invalid = via: menerima card, promptpay, vietqr, pix, upi atau qris.
payto-photo-no-qr = Saya tidak bisa membaca kode QR di gambar itu. Kirim foto QRIS yang lebih jelas dengan keterangan /payto qris, atau tempel teks kodenya setelah /payto qris.
payto-unmatched =
    Transfer yang tidak bisa dicocokkan feed bank Anda dengan tautan (30 hari terakhir): periksa dan tandai lunas dengan /paid jika benar.
    { $credits }
bankqr-unavailable = Tautan ini belum bisa dibayar di sini sekarang. Silakan hubungi penjual.
