## Enlaces en lote desde un archivo CSV enviado al bot (/bulk). Texto plano: la puerta lo escapa.
cmd-bulk = Muchos enlaces a la vez desde un CSV
bulk-title = Muchos enlaces desde un archivo CSV
bulk-intro =
    Envíame un archivo CSV (como documento) y creo un enlace de pago por fila.
    La primera fila nombra las columnas: amount es obligatoria; currency (tu moneda { $currency } si está vacía), description, custom_link_ref, merchant_order_id, usage_limit (un número o none), expiry_date, customer_name, customer_email, customer_phone, pay_via son opcionales.
    Sirven comas o punto y coma, comillas y el "CSV UTF-8" de Excel. Hasta { $rows } filas y { $size } por archivo.
    Respondo con un CSV de los enlaces nuevos y las filas que no pude usar, con el motivo. Enviar el mismo archivo otra vez no crea nada dos veces.
bulk-template-caption = Plantilla: rellena tus filas y envíame el archivo.
bulk-not-csv = Aquí solo leo archivos CSV. Guarda tu hoja como "CSV UTF-8" y envíala como documento; /bulk envía una plantilla.
bulk-too-large = Este archivo pesa más de { $size }. Divídelo en archivos más pequeños y envíalos uno a uno.
bulk-download-failed = No pude descargar este archivo. Envíalo de nuevo.
bulk-not-utf8 = Este archivo no es texto UTF-8. Guárdalo como "CSV UTF-8" y envíalo de nuevo.
bulk-unreadable = No puedo leer este archivo como CSV. Comprueba que tenga una fila de encabezado y un enlace por fila; /bulk envía una plantilla.
bulk-unknown-column = No conozco la columna { $column }. Las columnas son: { $columns }.
bulk-repeated-column = La columna { $column } aparece dos veces. Deja una y vuelve a enviar el archivo.
bulk-no-rows = Este archivo tiene encabezado pero ninguna fila. Añade una fila por enlace.
bulk-too-many-rows = Filas en este archivo: { $rows }; acepto como máximo { $max } por archivo. Divídelo y envía las partes una a una.
bulk-progress = Creando enlaces… filas hechas: { $done } de { $total }.
bulk-summary = Listo. Filas: { $rows }, enlaces nuevos: { $created }, rechazadas: { $refused }.
bulk-replayed = Creadas antes con este archivo, los mismos enlaces otra vez (nada creado dos veces): { $count }.
bulk-result-caption = Tus enlaces ({ $count }): fila, id del enlace, URL, importe, descripción, referencia.
bulk-refused-title = Filas no usadas ({ $count })
bulk-refused-line = Fila { $row }, { $column }: { $reason }
bulk-refused-row = Fila { $row }: { $reason }
bulk-refused-more = …y { $count } más.
bulk-why-amount = no es un importe que pueda usar (un número como 250 o 250.50)
bulk-why-amount-not-positive = el importe debe ser mayor que cero
bulk-why-amount-too-precise = demasiados decimales para esta moneda
bulk-why-currency = no es un código de moneda que conozca (THB, USD, EUR…)
bulk-why-missing = obligatoria, pero vacía
bulk-why-too-long = demasiado largo
bulk-why-time = no es una fecha y hora como 2026-12-31T23:59:00Z
bulk-why-cells = más celdas que columnas (pon entre comillas un valor con coma o punto y coma)
bulk-why-invalid = no es un valor válido
bulk-why-repeated = una fila anterior de este archivo ya usa esta referencia
bulk-why-taken = otro de tus enlaces ya usa esta referencia
bulk-why-changed = esta fila cambió desde que enviaste este archivo por primera vez; envía la nueva versión como un archivo nuevo
bulk-why-provider = el proveedor de pagos rechazó este enlace; inténtalo más tarde
bulk-why-other = no se pudo procesar esta fila; envíala de nuevo
