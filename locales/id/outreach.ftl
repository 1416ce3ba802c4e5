# E-mail ke pembeli (outreach) dan halaman berhentinya. Variabel: $seller, $amount, $what, $date, $to, $reply
email-subject = { $seller } meminta Anda membayar { $amount }
email-subject-open = { $seller } mengirimi Anda tautan pembayaran
email-intro = { $seller } mengirimi Anda tautan pembayaran.
email-intro-for = { $seller } mengirimi Anda tautan pembayaran untuk { $what }.
email-amount = Jumlah: { $amount }
email-amount-open = Jumlah: sesuai pilihan Anda, mulai { $amount }
email-expires = Bayar sebelum { $date }.
email-pay = Bayar sekarang
email-footer = Dikirim oleh paychat untuk { $seller }. Balas e-mail ini untuk menghubungi mereka.
email-stop = Jangan kirimi saya e-mail lagi tentang pembayaran ini
stop-ask-title = Berhenti menerima e-mail tentang pembayaran ini?
stop-ask-body = Anda tidak akan menerima e-mail lagi dari { $seller } tentang tautan pembayaran ini. Tautannya tetap bisa dipakai.
stop-button = Hentikan e-mail ini
stop-done-title = E-mail dihentikan
stop-done-body = Anda tidak akan menerima e-mail lagi dari { $seller } tentang tautan pembayaran ini.
stop-error-title = Terjadi kesalahan
stop-error-body = Silakan coba lagi sebentar lagi.
event-email-sent = E-mail terkirim ke pembeli
event-email-failed = E-mail ke pembeli ditolak
event-email-skipped = E-mail ke pembeli tidak dikirim: tautan sudah ditutup atau dihentikan
event-email-stopped = Pembeli menghentikan e-mail tentang tautan ini
push-email-failed-title = ⚠️ E-mail tidak terkirim
push-email-failed = Server e-mail pembeli menolak e-mail ke { $to }: { $reply }. Periksa alamatnya dan kirim tautan dengan cara lain.

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" bukan waktu: tulis send:now, send:besok 9:00 atau send:2026-12-24T09:00 (zona waktu Anda).
err-send-needs-email = send: mengirim tautan ke pembeli: tambahkan alamat e-mail atau nomor teleponnya dengan to:, mis. /link 250 THB les to:pembeli@mail.com send:now atau to:+6281234567890 send:now
err-schedule-in-past = Waktu itu sudah lewat: beri waktu yang akan datang.
err-schedule-after-expiry = Waktu itu setelah tautan kedaluwarsa: kirim lebih awal, atau perpanjang tautan dengan exp:.
err-email-not-configured = Server ini belum mengirim e-mail: operator harus mengatur [email] smtp_url.
err-schedule-invalid = Waktu itu tidak ada di zona waktu Anda (jam melompatinya): pilih yang lain.
link-email-now = Dikirim lewat e-mail ke { $to } sekarang
link-email-at = E-mail ke { $to } pada { $date }

# SMS ke pembeli: satu baris pendek. Variabel: $seller, $amount, $what, $url, $to, $reply, $cap
sms-body = { $seller } meminta Anda membayar { $amount }: { $url }
sms-body-for = { $seller } meminta Anda membayar { $amount } untuk { $what }: { $url }
sms-body-open = { $seller } mengirim tautan pembayaran: { $url }
sms-body-open-for = { $seller } mengirim tautan pembayaran untuk { $what }: { $url }
sms-reminder = Pengingat: { $text }
sms-second-chance = Pembayaran belum selesai? { $text }
event-sms-sent = SMS terkirim ke pembeli
event-sms-failed = SMS ke pembeli gagal
event-sms-skipped = SMS ke pembeli tidak dikirim: tautan sudah ditutup atau dihentikan, atau batas SMS hari ini tercapai
push-sms-failed-title = ⚠️ SMS tidak terkirim
push-sms-failed = SMS ke { $to } tidak terkirim: { $reply }. Periksa nomornya dan kirim tautan dengan cara lain.
push-sms-cap-title = ⚠️ Batas SMS harian tercapai
push-sms-cap = Tautan tidak dikirim lewat SMS ke { $to }: tautan Anda sudah mengirim { $cap } SMS hari ini. Kirim dengan cara lain, atau kirim lagi besok.
err-sms-not-configured = Server ini belum mengirim SMS: operator harus mengatur [sms] account_sid.
link-sms-now = Dikirim lewat SMS ke { $to } sekarang
link-sms-at = SMS ke { $to } pada { $date }

# Pengingat sebelum kedaluwarsa dan kesempatan kedua.
email-reminder-subject = Pengingat: pembayaran Anda ke { $seller } kedaluwarsa { $date }
email-reminder-intro = Pengingat: { $seller } masih menunggu pembayaran Anda. Tautan kedaluwarsa { $date }.
email-reminder-intro-for = Pengingat: { $seller } masih menunggu pembayaran Anda untuk { $what }. Tautan kedaluwarsa { $date }.
email-second-chance-subject = Anda mulai membayar { $seller } tetapi belum selesai
email-second-chance-intro = Anda mulai membayar { $seller } tetapi belum selesai. Tautannya masih berlaku: Anda bisa mencoba lagi.
email-second-chance-intro-for = Anda mulai membayar { $seller } untuk { $what } tetapi belum selesai. Tautannya masih berlaku: Anda bisa mencoba lagi.
event-email-queued = E-mail ke pembeli dalam antrean

# `remind:` pada /link.
err-bad-remind = "remind:{ $value }" bukan durasi: tulis remind:1d, remind:12h atau remind:30m (sebelum tautan kedaluwarsa).
err-remind-needs-send = remind: mengikuti e-mail tautan: tambahkan to:pembeli@mail.com send:now (atau send: sebuah waktu), mis. /link 250 THB kursus to:pembeli@mail.com send:now remind:1d
err-reminder-before-creation = Pengingat itu akan jatuh sebelum sekarang: tautan kedaluwarsa lebih cepat. Pilih remind: yang lebih pendek atau exp: yang lebih panjang.
err-reminder-before-send = Pengingat itu akan jatuh sebelum e-mail dikirim: pilih remind: yang lebih pendek atau send: yang lebih awal.
link-email-reminder-day = E-mail pengingat 1 hari sebelum kedaluwarsa
link-email-reminder-days = E-mail pengingat { $n } hari sebelum kedaluwarsa
link-email-reminder-hour = E-mail pengingat 1 jam sebelum kedaluwarsa
link-email-reminder-hours = E-mail pengingat { $n } jam sebelum kedaluwarsa
link-email-reminder-minute = E-mail pengingat 1 menit sebelum kedaluwarsa
link-email-reminder-minutes = E-mail pengingat { $n } menit sebelum kedaluwarsa
link-sms-reminder-day = SMS pengingat 1 hari sebelum kedaluwarsa
link-sms-reminder-days = SMS pengingat { $n } hari sebelum kedaluwarsa
link-sms-reminder-hour = SMS pengingat 1 jam sebelum kedaluwarsa
link-sms-reminder-hours = SMS pengingat { $n } jam sebelum kedaluwarsa
link-sms-reminder-minute = SMS pengingat 1 menit sebelum kedaluwarsa
link-sms-reminder-minutes = SMS pengingat { $n } menit sebelum kedaluwarsa
