# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = QR bancario: dónde te pagan los compradores
payto-none =
    Aún no tienes cuenta de QR bancario. Con ella, el comprador paga directo a tu banco:
    /payto promptpay 0812345678
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto upi asha@okaxis Asha Stores
    /payto qris y el código QRIS de tu tienda
payto-list =
    Los enlaces en estas monedas se pagan por QR bancario:
    { $accounts }
    Cámbiala con /payto y los datos otra vez; quítala con /payto off pix (o solo off para todas).
payto-set = { $rail } configurado: { $account }. Los enlaces en { $currency } ahora muestran su QR en la página del comprador. Abajo, un QR de prueba por una unidad: escanéalo en tu app del banco para ver el nombre que verá el comprador; no hace falta pagarlo.
payto-upi-note = UPI: los pagos por enlace a un UPI id personal suelen ser rechazados; un UPI id de comercio funciona.
payto-removed = { $rail } quitado: los enlaces en su moneda ya no muestran QR bancario.
payto-removed-all = Se quitaron todas las cuentas de QR bancario.
payto-removed-none = No había cuenta de QR bancario que quitar.
payto-unknown-rail = No conozco el medio "{ $value }". Usa promptpay, vietqr, pix, upi o qris.
payto-how-promptpay = Ejemplo: /payto promptpay 0812345678 (móvil, documento de 13 dígitos o monedero de 15 dígitos)
payto-how-vietqr = Ejemplo: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (banco, número de cuenta, titular)
payto-how-pix = Ejemplo: /payto pix 123.456.789-09 Ana Souza, São Paulo (tu clave Pix, tu nombre, una coma, tu ciudad)
payto-how-upi = Ejemplo: /payto upi asha@okaxis Asha Stores (UPI id y nombre del beneficiario)
payto-how-qris = Ejemplo: /payto qris 000201010211… (el texto del QRIS estático de tu tienda) En Telegram también puedes enviar la imagen del QRIS con el texto /payto qris.
payto-missing = Falta { $what }.
payto-invalid = { $what } "{ $value }" no es correcto: { $hint }.
payto-too-long = { $what } supera los { $max } caracteres que admite este medio.
payto-bad-crc = Ese código QRIS no se copió entero: su código de control no coincide. Cópialo de nuevo.
payto-malformed = Eso no es un código QR de pago.
payto-test-caption = QR de prueba { $rail } por { $amount }: escanéalo para ver el nombre; no hace falta pagar.
payto-what-promptpay-id = el número PromptPay
payto-what-bank = el banco
payto-what-account-number = el número de cuenta
payto-what-account-name = el nombre de la cuenta
payto-what-pix-key = la clave Pix
payto-what-name = el nombre
payto-what-city = la ciudad
payto-what-upi-id = el UPI id
payto-what-qris-code = el código QRIS
payto-what-amount = el importe
payto-what-reference = la referencia
payto-what-account = la cuenta
payto-hint-pix-email = no es un correo
payto-hint-pix-phone = una clave de teléfono es +55, el código de área y el número
payto-hint-pix-key = usa CPF, CNPJ, +55 y el teléfono, un correo o una clave aleatoria
payto-hint-cpf-check = los dígitos de control no coinciden con un CPF (una clave de teléfono empieza con +55)
payto-hint-cnpj-check = los dígitos de control no coinciden con un CNPJ
payto-hint-latin = escríbelo con letras latinas
payto-hint-thai-id-check = el último dígito no coincide, revisa el número
payto-hint-qris-not-qris = no es un QRIS; envía el código QRIS de tu tienda
payto-hint-qris-dynamic = es un código de un solo pago; envía el QRIS estático de tu tienda
payto-hint-qris-not-idr = no es un código en rupias de Indonesia
payto-hint-qris-no-name = no tiene nombre de comercio
payto-hint-upi-id-form = un UPI id tiene la forma nombre@banco, p. ej. asha@okaxis
payto-hint-promptpay-forms = usa un móvil (0812345678), un número de 13 dígitos o un monedero de 15
payto-hint-bank-name = usa el nombre corto del banco (Vietcombank, MB, Techcombank…) o su BIN de 6 dígitos
payto-hint-account-number-format = hasta 19 letras y números, sin espacios
payto-hint-account-name-letters = el nombre como lo muestra tu banco, en letras latinas (A–Z)
bankqr-heading = Paga con { $rail } desde la app de tu banco
bankqr-payee = La transferencia va a: { $payee }
bankqr-reference = Referencia: { $reference } (déjala en el concepto)
bankqr-pix-copy = Pix copia e cola — copia este código en el Pix de tu banco:
bankqr-upi-open = Abrir en una app UPI
bankqr-step-scan = Abre la app de tu banco y escanea este QR (o guarda la imagen y ábrela ahí).
bankqr-step-check = Comprueba que muestra { $amount } para { $payee }.
bankqr-step-confirm = Confirma la transferencia y guarda el comprobante.
bankqr-note = El vendedor comprueba que llegó la transferencia y confirma tu pago.
bankqr-download = Guardar la imagen del QR
bankqr-or-card = O paga de otra forma:
push-claim-title = 💸 Un comprador dice que pagó
push-claim-check = Revisa tu cuenta { $rail } por este importe y responde abajo.
push-claim-check-ref = Revisa tu cuenta { $rail } por este importe con la referencia { $reference } y responde abajo.
btn-bank-received = ✅ Recibido
btn-bank-not-received = ❌ No recibido
bank-confirm-received = ¿Marcar { $link } como recibido de { $payer }? El enlace cuenta como pagado y se avisa al comprador.
bank-confirm-not-received = ¿Marcar la transferencia de { $link } de { $payer } como no recibida? La página del comprador dirá que no la encontraste.
btn-bank-received-yes = Sí, recibido
btn-bank-not-received-yes = Sí, no recibido
bank-received = Recibido: { $link }. El enlace está pagado.
bank-not-received = Marcado como no recibido: { $link }. La página del comprador lo indica.
bank-pending = Aún esperando tu respuesta: { $link }.
bankqr-claim-button = Ya pagué
bankqr-claim-name = Tu nombre (ayuda al vendedor a encontrar tu transferencia)
bankqr-claim-waiting = Gracias. El vendedor está comprobando que llegó tu transferencia. Recarga esta página para ver su respuesta.
bankqr-claim-rejected = El vendedor no encontró tu transferencia. Si pagaste, envíale el comprobante.
bankqr-claim-busy = Un pago de este enlace se está confirmando. Inténtalo más tarde.
push-unmatched-title = ⚠️ Una transferencia no coincide
push-unmatched-amount = Una transferencia de { $credit } ("{ $content }") nombra este enlace pero no es su importe: no se contó. Si es correcta, márcalo como pagado con /paid { $slug }.
push-unmatched-closed = Una transferencia de { $credit } ("{ $content }") nombra este enlace, que ya no está abierto: no se contó. Reembolsa al comprador o arréglalo con él.
bankqr-claim-slip = Comprobante (opcional):
slip-too-large = La imagen del comprobante pasa de 5 MB. Envía una más pequeña, o ninguna.
slip-not-a-picture = El comprobante debe ser una imagen JPEG, PNG o WebP.
slip-unreadable = No se puede leer la imagen del comprobante. Envía otra, o ninguna.
push-claim-slip = Comprobante: referencia { $reference } (banco { $bank }).
push-claim-slip-seen = ⚠️ La referencia de este comprobante ya se envió para otro pago.
push-claim-slip-caption = El comprobante del comprador.
err-bad-via = "via:{ $value }" no es una forma de pago: usa via:card, o un QR bancario configurado con /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris).
err-pay-via-currency = Ese QR bancario es de otra moneda: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR.
err-pay-via-no-account = Aún no tienes cuenta en ese QR bancario: configura una con /payto primero.
err-pay-via-invalid = via: acepta card, promptpay, vietqr, pix, upi o qris.
payto-photo-no-qr = No pude leer un código QR en esa imagen. Envía una foto más nítida de tu QRIS con el texto /payto qris, o pega el texto del código después de /payto qris.
payto-unmatched =
    Transferencias que el feed bancario no pudo asociar a un enlace (últimos 30 días): revísalas y marca el enlace pagado con /paid si es correcto.
    { $credits }
bankqr-unavailable = Este enlace no se puede pagar aquí ahora. Contacta al vendedor.
