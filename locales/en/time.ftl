# Time zones: /timezone, and the lines that say which zone times are shown in.
# Variables: $zone (an IANA name such as Asia/Bangkok), $offset (its offset now, e.g.
# UTC+7), $now and $start (a date and time with its offset: 2026-12-04 04:08 (UTC+7)),
# $value (what the seller typed).
timezone-current = Your time zone is { $zone }; local time now: { $now }. Every time I show is in this zone. Change it with e.g. /timezone Asia/Singapore
timezone-set = Times are now shown in { $zone }. Local time now: { $now }.
timezone-unknown = I do not know the time zone "{ $value }". Use a name from the IANA time zone list, e.g. /timezone Asia/Bangkok, /timezone Asia/Jakarta, /timezone America/Sao_Paulo or /timezone UTC Offsets and abbreviations (Etc/GMT-7, EST) are not taken: they ignore daylight saving.
welcome-timezone = Times are shown in { $zone } ({ $offset }); change it with /timezone.
report-today-local = Today
report-since = Since { $start }
cmd-timezone = Your time zone
