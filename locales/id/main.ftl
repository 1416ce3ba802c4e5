# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pembayaran
pay-heading = { $seller } meminta Anda membayar
pay-button = Bayar { $amount }
buyer-heading = Data Anda
buyer-name = Nama lengkap
buyer-phone = Nomor telepon
buyer-email = Email
buyer-shipping-heading = Alamat pengiriman
buyer-line1 = Alamat
buyer-line2 = Alamat baris 2 (opsional)
buyer-city = Kota
buyer-postal-code = Kode pos
buyer-country = Negara (kode dua huruf, mis. ID)
buyer-errors-notice = Periksa data yang ditandai di bawah.
buyer-error-missing = Harap isi bagian ini.
buyer-error-too-long = Terlalu panjang.
buyer-error-email = Ini bukan alamat email, mis. nama@contoh.com.
buyer-error-phone = Nomor telepon tidak valid; sertakan kode negara jika dari luar negeri, mis. +62 812 3456 7890.
buyer-error-country = Gunakan kode negara dua huruf, mis. ID, SG, MY.
expires = Berlaku hingga { $date }
no-expiry = Tidak ada batas waktu
payment-failed = Pembayaran tidak berhasil dan tidak ada uang yang terpotong. Silakan coba lagi.
paid-title = Lunas
paid-body = Link pembayaran ini sudah dibayar. Terima kasih!
expired-title = Link kedaluwarsa
expired-body = Link pembayaran ini sudah kedaluwarsa. Minta link baru ke { $seller }.
cancelled-title = Link dibatalkan
cancelled-body = { $seller } telah membatalkan link pembayaran ini.
refunded-title = Dana dikembalikan
refunded-body = Pembayaran untuk link ini sudah dikembalikan.
notfound-title = Link tidak ditemukan
notfound-body = Periksa alamatnya, atau minta link baru ke penjual.
pending-title = Mengonfirmasi pembayaran Anda
pending-body = Hanya beberapa detik; halaman akan diperbarui otomatis.
unavailable-title = Layanan pembayaran tidak tersedia
unavailable-body = Layanan pembayaran tidak merespons dan tidak ada uang yang terpotong. Silakan coba lagi sebentar lagi.
refused-title = Tautan ini belum bisa menerima pembayaran
refused-body = Penyedia pembayaran menolak membuka pembayaran dan tidak ada uang yang terpotong. Penjual sudah diberi tahu.
held-title = Pembayaran sedang ditinjau
held-body = Penyedia pembayaran melaporkan jumlah yang berbeda, jadi pembayaran ini belum dikonfirmasi. Penjual sudah diberi tahu dan akan menghubungi Anda.
secure-note = Pembayaran diproses dengan aman oleh { $provider }.
try-again = Coba lagi
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Checkout sandbox
sandbox-note = Mode uji coba: tidak ada uang sungguhan yang berpindah.
sandbox-pay = Bayar berhasil
sandbox-fail = Gagalkan pembayaran
sandbox-payer = Nama pembayar (opsional)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = Selamat datang di paychat
welcome = Halo { $name }! Sekarang Anda bisa mengirim link pembayaran dari chat ini. Link baru memakai { $currency } kecuali Anda menyebut mata uang lain; ubah mata uang default dengan /currency.
welcome-back = Selamat datang kembali, { $name }.
help-title = Yang bisa saya lakukan
help =
    /link 250 THB kursus — link pembayaran baru (jumlah, mata uang, keterangan)
        opsi: exp:3d  limit:5 (atau limit:none)  ref:INV-7  to:+66812345678 atau to:buyer@mail.com
        jumlah: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — link terbaru Anda
    /status CODE — status dan riwayat link
    /send CODE — kirim lagi tautan ke pembelinya (email atau SMS)
    /cancel CODE — batalkan link
    /refund CODE [jumlah] — kembalikan dana seluruhnya atau sebagian
    /paid CODE — catat pembayaran tunai atau transfer bank
    /dup CODE [jumlah] — link baru seperti link ini (dengan jumlah lain jika diisi)
    /qr CODE — tampilkan lagi kode QR link
    /report [today|week|month] — total per mata uang
    /export — semua link dan pembayaran sebagai file CSV
    /bulk — banyak link sekaligus dari file CSV (beserta templat)
    /payto — rekening QR bank tempat pembeli membayar Anda (PromptPay, VietQR, Pix, UPI, QRIS)
    /currency THB — mata uang default Anda
    /lang th — bahasa (en, th, id, vi, pt-BR, es)
    /timezone Asia/Jakarta — zona waktu Anda: semua waktu ditampilkan dalam zona ini
    /reminders on|off — "Belum dibayar" di sini sebelum tautan kedaluwarsa
    /replyto anda@mail.com — balasan pembeli ke email paychat sampai ke Anda
    CODE adalah kode 16 karakter di akhir link, atau link itu sendiri.
invite-needed = Bot ini khusus untuk yang diundang. Minta link undangan ke operator, lalu buka link itu untuk mulai.
group-not-registered = Hanya penjual terdaftar yang bisa membuat link di sini. Buka chat pribadi dengan saya dan kirim /start dulu.
not-a-command = Saya hanya membaca perintah. Kirim /help untuk melihat daftarnya.
did-you-mean-link = Untuk membuat link pembayaran, kirim: { $example }
unsupported-message = Saya hanya bisa membaca pesan teks. Kirim /help untuk melihat yang bisa saya lakukan.
link-expires = Berlaku hingga { $date }
link-no-expiry = Tidak ada batas waktu
link-reusable = Bisa dipakai berulang: berapa pun pembeli bisa membayarnya.
link-limit = Bisa dibayar { $limit } kali.
link-ref = Referensi: { $ref }
link-code = Kode: { $slug }
btn-open = Buka
btn-share = Bagikan
btn-copy = Salin link
btn-cancel = Batalkan link
btn-cancel-yes = Ya, batalkan
btn-refund-yes = Ya, kembalikan dana
btn-keep = Tidak, biarkan
btn-more = Lainnya ›
btn-status = Status
qr-caption = Pindai untuk membayar { $amount }
cancel-confirm = Batalkan { $link }? Pembeli tidak akan bisa membayarnya lagi.
cancelled = Dibatalkan: { $link }
nothing-changed = Oke, tidak ada yang berubah.
button-expired = Tombol itu sudah tidak berlaku. Kirim perintahnya lagi.
question-answered = Pertanyaan ini sudah dijawab.
refund-confirm = Kembalikan dana { $amount } dari { $link }?
refund-requested = Pengembalian dana untuk { $link } sudah diajukan. Saya akan kabari di sini kalau sudah selesai.
refund-nothing = Tidak ada yang bisa dikembalikan di { $link }: tidak ada sisa pembayaran untuk dikembalikan.
refund-too-much = Dana yang masih bisa dikembalikan di link ini paling banyak { $left }.
paid-recorded = Dicatat lunas lewat tunai atau transfer: { $link }
paid-claim-confirmed = Transfer pembeli yang menunggu jawabanmu sudah dikonfirmasi: { $link }
links-title = Link Anda
links-none = Anda belum punya link. Buat satu: /link 250 THB kursus
links-end = Tidak ada link lagi.
timeline = Riwayat:
status-active = Aktif
status-paid = Lunas
status-expired = Kedaluwarsa
status-cancelled = Dibatalkan
status-refunded = Dana dikembalikan
status-partially_paid = Dibayar sebagian
status-partially_refunded = Dana dikembalikan sebagian
status-paid-total = Dibayar { $amount } ({ $count } pembayaran)
status-refunded-total = Dikembalikan { $amount }
event-link-created = Dibuat
event-link-opened = Dibuka oleh pembeli
event-link-cancelled = Dibatalkan
event-link-expired = Kedaluwarsa
event-payment-pending = Pembeli mulai membayar
event-payment-succeeded = Dibayar
event-payment-failed = Pembayaran gagal
event-refund-pending = Pengembalian dana dimulai
event-refund-succeeded = Dana dikembalikan
event-refund-failed = Pengembalian dana gagal
event-checkout-failed = Penyedia menolak membuka pembayaran
event-payment-mismatch = Pembayaran ditahan: jumlah tidak sesuai
event-payment-expired = Pembeli meninggalkan pembayaran yang belum selesai
event-link-extended = Masa berlaku diperpanjang
event-payment-claimed = Pembeli menyatakan sudah membayar lewat transfer bank
event-payment-unmatched = Dana masuk mencantumkan tautan ini, tetapi tidak dapat dicocokkan
report-week = 7 hari terakhir
report-month = 30 hari terakhir
report-empty = Tidak ada link di periode ini.
report-received = Diterima { $paid }, dikembalikan { $refunded }, bersih { $net }
export-caption = { $links } link dan { $payments } pembayaran
currency-current = Mata uang default Anda adalah { $currency }. Ubah dengan /currency diikuti kode mata uang, misalnya /currency USD
currency-set = Link baru sekarang memakai { $currency } kecuali Anda menyebut mata uang lain.
lang-list = Bahasa: { $current }. Tersedia: { $languages }. Ubah dengan, misalnya, /lang th
lang-set = Mulai sekarang saya akan berbicara dengan Anda dalam bahasa Indonesia.
lang-unknown = Saya belum bisa berbahasa "{ $code }". Tersedia: { $languages }.
push-paid-title = ✅ Lunas
push-payer = Dibayar oleh { $payer }
push-payer-email = Email: { $email }
push-payer-phone = Telepon: { $phone }
push-shipping = Kirim ke: { $address }
push-late = Link ini sudah ditutup saat uangnya masuk. Kembalikan dananya dengan /refund { $slug } jika Anda tidak menginginkannya.
push-over = Pembayaran ini lebih { $amount } dari sisa tagihan (ada pembayaran lain pada saat yang sama). Kembalikan selisihnya dengan /refund { $slug } { $refund }.
push-failed-title = ❌ Ada pembayaran yang gagal
push-reason = Alasan: { $reason }
push-failed-still-open = Tidak ada uang yang terpotong dan link masih aktif.
push-expired-title = ⌛ Link kedaluwarsa
push-refunded-title = ↩️ Dana dikembalikan
push-refunded = { $amount } dikembalikan untuk { $link }
push-refund-failed-title = ⚠️ Pengembalian dana gagal
push-checkout-failed-title = ⚠️ Pembeli tidak bisa membayar
push-checkout-failed = Penyedia pembayaran menolak membuka pembayaran. Tautan masih terbuka: periksa akun penyedia Anda.
push-mismatch-title = ⚠️ Pembayaran ditahan: jumlah tidak sesuai
push-mismatch = Penyedia melaporkan { $reported }, tetapi tautan meminta { $expected }. Pembayaran tidak ditandai lunas: periksa di dasbor penyedia dan kembalikan dananya di sana bila perlu.
card-title = { $seller } meminta { $amount }
card-pay = Bayar { $amount }
inline-create = Buat link { $amount }
inline-share = Bagikan link ini
inline-preparing = Menyiapkan link…
inline-register = Mulai paychat untuk membuat link
# Errors in chat. $value is what the seller typed.
err-unknown-command = Saya tidak kenal /{ $value }. Kirim /help untuk melihat daftar perintah.
err-missing-slug = Link yang mana? Tambahkan kodenya atau link-nya, misalnya /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" bukan periode. Gunakan /report today, /report week, atau /report month.
err-missing-amount = Berapa? Tulis jumlahnya dulu, misalnya /link 250 THB kursus
err-unknown-currency = "{ $value }" bukan kode mata uang. Gunakan kode ISO seperti THB, USD, IDR, VND, BRL, EUR.
err-duplicate-option = Opsi { $value }: ditulis dua kali. Tulis sekali saja.
err-bad-expiry = "{ $value }" bukan durasi. Gunakan misalnya exp:30m, exp:12h, exp:3d, atau exp:2w
err-bad-limit = "{ $value }" bukan batas pemakaian. Gunakan bilangan bulat seperti limit:5, atau limit:none
err-bad-reference = "{ $value }" tidak bisa jadi referensi: gunakan maksimal 64 huruf, angka, dan - _ . / #, misalnya ref:INV-7
err-bad-recipient = "{ $value }" bukan nomor telepon maupun alamat e-mail. Gunakan misalnya to:+66812345678 atau to:buyer@mail.com
err-description-too-long = Keterangannya terlalu panjang: buat kurang dari 500 karakter.
err-link-not-found = Saya tidak menemukan link itu di antara link Anda. Periksa kodenya dengan /links.
err-not-found = Tidak ditemukan.
err-transition = Itu tidak bisa dilakukan pada status link saat ini. Lihat /status untuk posisinya.
err-provider-refused = { $provider } tidak menerima ini: { $detail }
err-provider-unavailable = { $provider } tidak bisa dihubungi saat ini. Coba lagi sebentar lagi.
err-provider-not-enabled = Penyedia pembayaran Anda belum disiapkan di server ini. Tanyakan kepada pengelola paychat.
err-refund-pending = Pengembalian dana untuk pembayaran ini masih menunggu konfirmasi penyedia pembayaran. paychat akan menyelesaikannya sendiri; periksa lagi dalam beberapa menit.
err-internal = Ada masalah di sistem kami; tidak ada yang diubah. Silakan coba lagi.
err-invalid = Tidak berhasil: { $detail }
err-expiry-too-far = Masa berlakunya terlalu lama. Maksimal satu tahun, misalnya exp:30d
err-expiry-in-past = Masa berlaku harus di waktu mendatang.
err-duplicate-custom-link-ref = Anda sudah punya link dengan referensi itu. Gunakan ref: lain.
err-nothing-to-refund = Link ini tidak punya pembayaran untuk dikembalikan.
err-already-refunded = Pembayaran ini sudah dikembalikan seluruhnya.
err-refund-exceeds-payment = Itu lebih dari sisa dana yang bisa dikembalikan untuk pembayaran ini.
err-payment-id-required = Link ini punya beberapa pembayaran; kembalikan dananya lewat API, dengan menyebut tiap pembayaran.
err-payment-not-refundable = Pembayaran ini tidak bisa dikembalikan.
err-currency-unknown = Itu bukan kode mata uang. Gunakan kode ISO seperti THB, USD, IDR.
err-invite-invalid = Link undangan ini tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta yang baru ke operator.
err-email-invalid = Alamat e-mail itu sepertinya tidak benar.
err-phone-invalid = Nomor telepon itu sepertinya tidak benar. Awali dengan + dan kode negara.
err-too-long = Teks itu terlalu panjang.
err-invalid-characters = Teks itu berisi karakter yang tidak bisa saya gunakan.

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = Link pembayaran baru: /link 250 THB kursus
cmd-links = Link terbaru Anda
cmd-status = Status dan riwayat link
cmd-cancel = Batalkan link
cmd-refund = Kembalikan dana
cmd-paid = Catat pembayaran tunai atau transfer
cmd-dup = Link baru seperti salah satu link Anda
cmd-qr = Tampilkan kode QR link
cmd-report = Total: hari ini, minggu, atau bulan
cmd-export = Semua link dan pembayaran sebagai CSV
cmd-currency = Mata uang bawaan Anda
cmd-lang = Bahasa Anda
cmd-help = Apa yang bisa saya lakukan

# Several chat apps: /connect and /notify.
help-apps =
    /connect — pakai akun ini juga dari aplikasi chat lain (Telegram, WhatsApp, LINE)
    /notify here — pesan status masuk ke chat ini (/notify origin: ke chat tempat link dibuat)
connect-code = Kirim ini di aplikasi chat Anda yang lain (Telegram, WhatsApp atau LINE) dalam 15 menit: /connect { $code }
connect-done = Terhubung: chat ini sekarang milik { $name }. Kirim /notify here untuk menerima pesan status di chat ini.
err-connect-code-invalid = Kode itu tidak dikenal, sudah dipakai, atau kedaluwarsa. Kirim /connect di aplikasi lain untuk kode baru.
err-connect-has-links = Chat ini sudah punya link sendiri, jadi tidak bisa bergabung ke akun lain.
notify-here = Pesan status sekarang masuk ke chat ini.
notify-origin = Pesan status sekarang masuk ke chat tempat setiap link dibuat.
line-quota-low = LINE: akun toko ini tinggal punya { $left } pesan status bulan ini. Setelah habis, pesan status dikirim ke aplikasi chat Anda yang lain (/connect) atau menunggu bulan depan.
notify-current = Pesan status dikirim ke: { $where }. Kirim /notify here atau /notify origin untuk mengubahnya.
notify-where-origin = chat tempat setiap link dibuat
err-bad-notify = Gunakan /notify here atau /notify origin.
cmd-connect = Pakai akun ini dari aplikasi chat lain
cmd-notify = Tujuan pesan status

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = Tandai { $link } sudah dibayar tunai atau transfer? paychat akan menghitungnya sebagai lunas.
btn-paid-yes = Ya, sudah dibayar
refund-choose = Berapa yang ingin Anda kembalikan untuk { $link }?
refund-which = Tautan ini punya lebih dari satu pembayaran yang bisa dikembalikan. Yang mana, dan berapa? { $link }
refund-payment-line = { $n }. { $amount } dari pembayaran { $paid } pada { $date }
refund-more = { $count } pembayaran lebih lama tidak ditampilkan: kembalikan lewat API (docs/api.md), sebutkan tiap pembayaran.
btn-refund-amount = { $n }. { $amount }
btn-choose = Pilih
amount-choose = Jumlah itu bisa dibaca lebih dari satu cara. Mana yang Anda maksud?
amount-chosen = ✓ { $link }
not-your-question = Pertanyaan ini bukan untuk Anda: hanya yang bertanya yang bisa menjawab.
err-already-applied = Itu sudah dilakukan; tidak ada yang berubah.
connect-again = Pesan itu sudah membuat kode. Kirim /connect lagi untuk kode baru.

# Kuitansi (halaman pembeli) dan halaman server itu sendiri.
push-receipt = Kuitansi: { $url }
receipt-view = Lihat kuitansi Anda
receipt-title = Kuitansi
receipt-heading = Dibayar ke { $seller }
receipt-for = Untuk
receipt-date = Tanggal
receipt-method = Dibayar dengan
receipt-method-manual = Tunai atau transfer, dicatat oleh penjual
receipt-payer = Dibayar oleh
receipt-reference = Referensi
receipt-provider-reference = Referensi penyedia pembayaran
receipt-refunded = { $amount } dari pembayaran ini sudah dikembalikan.
receipt-pdf = Unduh PDF
receipt-print = Atau cetak halaman ini dari browser Anda.
receipt-notfound-title = Kuitansi tidak ditemukan
receipt-notfound-body = Periksa alamatnya, atau minta penjual mengirim ulang kuitansinya.
home-title = Link pembayaran dari chat
home-body = Server ini menjalankan paychat: penjual membuat link pembayaran dari Telegram, WhatsApp, LINE atau API-nya, dan pembeli membayar di halaman seperti /p/… yang dibagikan penjual.
home-operators = Operator: lihat README paychat untuk memasangnya.

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = Mulai { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = Sudah dibayar: { $paid }. Sisa yang harus dibayar: { $remaining }.
page-pay-deposit = Bayar DP { $amount }
page-pay-full = Bayar lunas { $amount }
page-pay-balance = Bayar sisa { $amount }
page-other-amount = Jumlah lain ({ $currency })
page-pay-chosen = Bayar jumlah ini
page-amount-below-min = Jumlah minimal { $amount }.
page-amount-above-max = Jumlah maksimal { $amount }.
page-amount-invalid = Tulis jumlahnya dengan angka, misalnya { $example }.
page-amount-separators = Tulis jumlahnya tanpa pemisah ribuan, misalnya { $example }.
page-amount-required = Pilih atau ketik jumlah yang akan dibayar.
page-nothing-due = Tidak ada lagi yang harus dibayar di tautan ini.
items-item = Barang
items-qty = Jml
items-price = Harga
items-sum = Subtotal
items-shipping = Ongkos kirim
items-discount = Diskon
items-discount-code = Diskon ({ $code })
items-total = Total

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" bukan barang. Tulis barang seperti: /link 2x kue 45, 1x teh 30, ship 40
err-bad-deposit = "deposit:{ $value }" tidak bisa: beri persen 1 sampai 99 (deposit:30%) atau jumlah di bawah jumlah tautan (deposit:300).
err-bad-bounds = max:{ $value } lebih kecil dari min:. Beri maksimum minimal sama dengan minimum, mis. /link any donasi min:20 max:5000
err-bounds-need-any = { $value }: dipakai untuk tautan yang jumlahnya dipilih pembeli (min: dan max: dengan "any"; deposit: dengan jumlah tetap), mis. /link any donasi min:20 max:5000
link-open-amount = Pembeli memilih jumlahnya: { $amount }
link-deposit = Bisa dibayar bertahap: DP minimal { $amount } dulu
status-still-due = Sisa yang harus dibayar: { $amount }
balance-request = Sisa pembayaran untuk { $description }: { $amount }. Bayar di sini: { $url }
balance-nothing-due = Tidak ada lagi yang harus dibayar di tautan ini.
push-part-paid = Dibayar sebagian: { $amount }. Sisa: { $remaining }.
btn-balance-request = Minta sisa bayar

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ Belum dibayar
push-reminder-expires = Kedaluwarsa { $date }
btn-extend = Perpanjang 3 hari
extend-done = Diperpanjang: tautan sekarang kedaluwarsa { $date }.
extend-before = Sudah diperpanjang: tautan kedaluwarsa { $date }.
extend-closed = Tautan ini { $status }: tidak ada yang bisa diperpanjang.
extend-no-expiry = Tautan ini tidak kedaluwarsa: tidak ada yang bisa diperpanjang.
extend-at-max = Tautan ini sudah kedaluwarsa paling lambat yang diizinkan.
reminders-on = Pengingat aktif: sebelum tautan yang belum dibayar kedaluwarsa, saya beri tahu di sini.
reminders-off = Pengingat nonaktif: saya tidak akan mengingatkan tautan yang belum dibayar. Kirim /reminders on untuk mengaktifkannya lagi.
reminders-now-on = Pengingat aktif: saya memberi tahu sebelum tautan yang belum dibayar kedaluwarsa. Kirim /reminders off untuk menghentikannya.
reminders-now-off = Pengingat nonaktif. Kirim /reminders on agar diberi tahu sebelum tautan yang belum dibayar kedaluwarsa.
err-bad-reminders = Gunakan /reminders on atau /reminders off.
cmd-reminders = Pengingat sebelum tautan belum dibayar kedaluwarsa
err-send-needs-time = Tulis jamnya setelah send:{ $value }, dalam zona waktu Anda: send:{ $value } 9:00 (atau 21:00, 9am, 9pm).
replyto-set = Pembeli yang membalas email paychat tentang tautan Anda sekarang sampai ke { $address }.
replyto-off = Balasan pembeli ke email paychat tidak lagi dikirim ke alamat Anda.
replyto-current = Balasan pembeli ke email paychat dikirim ke { $address }. Kirim /replyto off untuk berhenti.
replyto-none = Balasan pembeli ke email paychat belum sampai ke Anda. Kirim /replyto anda@mail.com untuk menerimanya.
err-bad-replyto = "{ $value }" bukan alamat email. Kirim /replyto anda@mail.com, atau /replyto off.
cmd-replyto = Email Anda untuk balasan pembeli
btn-remind-buyer = Ingatkan pembeli
buyer-reminded = Pengingat dikirim ke { $to }.
sent-again = Dikirim lagi ke { $to }.
to-buyer-stopped = Pembeli menghentikan pesan tentang tautan ini: tidak ada yang dikirim.
to-buyer-closed = Tautan ini { $status }: tidak ada yang dikirim.
to-buyer-nobody = Tautan ini tidak punya pembeli untuk dikirimi. Buat dengan to:pembeli@mail.com (atau to:+6281234567890) dan send:now.
cmd-send = Kirim lagi tautan ke pembelinya
