# Zonas horarias: el comando /timezone y las líneas que dicen en qué zona se muestran las horas.
timezone-current = Tu zona horaria es { $zone }; hora local ahora: { $now }. Todas las horas que muestro están en esta zona. Cámbiala con, p. ej., /timezone America/Mexico_City
timezone-set = Las horas se muestran ahora en { $zone }. Hora local ahora: { $now }.
timezone-unknown = No conozco la zona horaria "{ $value }". Usa un nombre de la lista de zonas horarias IANA, p. ej. /timezone Europe/Madrid, /timezone America/Mexico_City, /timezone America/Bogota o /timezone UTC No se aceptan desfases ni abreviaturas (Etc/GMT-7, EST): ignoran el horario de verano.
welcome-timezone = Las horas se muestran en { $zone } ({ $offset }); cámbiala con /timezone.
report-today-local = Hoy
report-since = Desde { $start }
cmd-timezone = Tu zona horaria
