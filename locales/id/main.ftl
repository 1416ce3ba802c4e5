# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · pembayaran
pay-heading = { $seller } meminta Anda membayar
pay-button = Bayar { $amount }
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
secure-note = Pembayaran diproses dengan aman oleh { $provider }.
try-again = Coba lagi
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Checkout sandbox
sandbox-note = Mode uji coba: tidak ada uang sungguhan yang berpindah.
sandbox-pay = Bayar berhasil
sandbox-fail = Gagalkan pembayaran
sandbox-payer = Nama pembayar (opsional)
