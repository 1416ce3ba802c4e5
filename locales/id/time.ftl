# Zona waktu: perintah /timezone, dan baris yang menyebut zona waktu yang dipakai.
timezone-current = Zona waktu Anda adalah { $zone }; waktu setempat sekarang: { $now }. Semua waktu yang saya tampilkan memakai zona ini. Ubah misalnya dengan /timezone Asia/Makassar (WITA) atau /timezone Asia/Jayapura (WIT)
timezone-set = Waktu sekarang ditampilkan dalam { $zone }. Waktu setempat sekarang: { $now }.
timezone-unknown = Saya tidak mengenal zona waktu "{ $value }". Pakai nama dari daftar zona waktu IANA, misalnya /timezone Asia/Jakarta, /timezone Asia/Makassar, /timezone Asia/Jayapura atau /timezone UTC Selisih jam dan singkatan (Etc/GMT-7, WIB) tidak diterima: pakai nama kota.
welcome-timezone = Waktu ditampilkan dalam { $zone } ({ $offset }); ubah dengan /timezone.
report-today-local = Hari ini
report-since = Sejak { $start }
cmd-timezone = Zona waktu Anda
