## Link massal dari file CSV yang dikirim ke bot (/bulk). Teks biasa: pintu yang meng-escape-nya.
cmd-bulk = Banyak link sekaligus dari file CSV
bulk-title = Banyak link dari satu file CSV
bulk-intro =
    Kirimkan file CSV (sebagai dokumen) dan saya buat satu link pembayaran per baris.
    Baris pertama berisi nama kolom: amount wajib; currency (mata uang bawaan Anda { $currency } jika kosong), description, custom_link_ref, merchant_order_id, usage_limit (angka atau none), expiry_date, customer_name, customer_email, customer_phone, pay_via opsional.
    Koma atau titik koma, tanda kutip, dan "CSV UTF-8" dari Excel bisa dipakai. Maksimal { $rows } baris dan { $size } per file.
    Saya balas dengan CSV berisi link baru dan baris yang tidak bisa dipakai beserta alasannya. Mengirim file yang sama lagi tidak membuat link dua kali.
bulk-template-caption = Templat: isi baris Anda lalu kirim kembali filenya ke saya.
bulk-not-csv = Di sini saya hanya membaca file CSV. Simpan sheet Anda sebagai "CSV UTF-8" dan kirim sebagai dokumen; /bulk mengirim templat.
bulk-too-large = File ini lebih dari { $size }. Bagi menjadi file yang lebih kecil dan kirim satu per satu.
bulk-download-failed = Saya tidak bisa mengunduh file ini. Silakan kirim lagi.
bulk-not-utf8 = File ini bukan teks UTF-8. Simpan sebagai "CSV UTF-8" dan kirim lagi.
bulk-unreadable = Saya tidak bisa membaca file ini sebagai CSV. Pastikan ada baris judul dan satu link per baris; /bulk mengirim templat.
bulk-unknown-column = Saya tidak mengenal kolom { $column }. Kolomnya adalah: { $columns }.
bulk-repeated-column = Kolom { $column } ada dua kali. Sisakan satu dan kirim lagi filenya.
bulk-no-rows = File ini punya baris judul tetapi tanpa baris data. Tambahkan satu baris per link.
bulk-too-many-rows = File ini berisi { $rows } baris; saya menerima paling banyak { $max } per file. Bagi dan kirim bagiannya satu per satu.
bulk-progress = Membuat link… { $done } dari { $total } baris selesai.
bulk-summary = Selesai: { $rows } baris, { $created } link baru, { $refused } ditolak.
bulk-replayed = { $count } baris sudah dibuat sebelumnya dari file ini: link yang sama, tidak ada yang dibuat dua kali.
bulk-result-caption = Link Anda ({ $count }): baris, id link, URL, jumlah, deskripsi, referensi.
bulk-refused-title = Baris yang tidak dipakai ({ $count })
bulk-refused-line = Baris { $row }, { $column }: { $reason }
bulk-refused-row = Baris { $row }: { $reason }
bulk-refused-more = …dan { $count } lagi.
bulk-why-amount = bukan jumlah yang bisa dipakai (angka seperti 250 atau 250.50)
bulk-why-amount-not-positive = jumlah harus lebih dari nol
bulk-why-amount-too-precise = terlalu banyak desimal untuk mata uang ini
bulk-why-currency = bukan kode mata uang yang saya kenal (IDR, USD, THB…)
bulk-why-missing = wajib, tetapi kosong
bulk-why-too-long = terlalu panjang
bulk-why-time = bukan tanggal dan waktu seperti 2026-12-31T23:59:00Z
bulk-why-cells = sel lebih banyak dari kolom (beri tanda kutip pada nilai yang berisi koma atau titik koma)
bulk-why-invalid = bukan nilai yang valid
bulk-why-repeated = baris sebelumnya di file ini sudah memakai referensi ini
bulk-why-taken = link Anda yang lain sudah memakai referensi ini
bulk-why-changed = baris ini berubah sejak file ini pertama kali dikirim; kirim versi baru sebagai file baru
bulk-why-provider = penyedia pembayaran menolak link ini; coba lagi nanti
bulk-why-other = baris ini tidak bisa diproses; kirim lagi
