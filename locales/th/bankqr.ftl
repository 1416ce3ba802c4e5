# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = QR ธนาคาร: บัญชีที่ผู้ซื้อโอนให้คุณ
payto-none =
    คุณยังไม่มีบัญชี QR ธนาคาร ตั้งไว้แล้วผู้ซื้อโอนเข้าบัญชีคุณได้โดยตรง:
    /payto promptpay 0812345678
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto upi asha@okaxis Asha Stores
    /payto qris ตามด้วยรหัส QRIS ของร้าน
payto-list =
    ลิงก์ในสกุลเงินเหล่านี้จ่ายด้วย QR ธนาคาร:
    { $accounts }
    เปลี่ยนได้ด้วย /payto และรายละเอียดใหม่ ลบด้วย /payto off promptpay (หรือ off อย่างเดียวเพื่อลบทั้งหมด)
payto-set = ตั้ง { $rail } แล้ว: { $account } ลิงก์สกุล { $currency } จะแสดง QR นี้ในหน้าผู้ซื้อ ด้านล่างคือ QR ทดสอบ 1 หน่วย สแกนด้วยแอปธนาคารของคุณเพื่อดูชื่อที่ผู้ซื้อจะเห็น ไม่ต้องจ่ายจริง
payto-upi-note = UPI: การจ่ายไปยัง UPI id ส่วนตัวผ่านลิงก์มักถูกปฏิเสธ ใช้ UPI id ร้านค้าจะได้ผล
payto-removed = ลบ { $rail } แล้ว ลิงก์สกุลเงินนั้นจะไม่แสดง QR ธนาคารอีก
payto-removed-all = ลบบัญชี QR ธนาคารทั้งหมดแล้ว
payto-removed-none = ไม่มีบัญชี QR ธนาคารให้ลบ
payto-unknown-rail = ไม่รู้จักช่องทาง "{ $value }" ใช้ promptpay, vietqr, pix, upi หรือ qris
payto-how-promptpay = ตัวอย่าง: /payto promptpay 0812345678 (เบอร์มือถือ เลขประจำตัวประชาชนหรือเลขผู้เสียภาษี 13 หลัก หรือ e-wallet 15 หลัก)
payto-how-vietqr = ตัวอย่าง: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (ธนาคาร เลขบัญชี ชื่อบัญชี)
payto-how-pix = ตัวอย่าง: /payto pix 123.456.789-09 Ana Souza, São Paulo (คีย์ Pix ชื่อ จุลภาค เมือง)
payto-how-upi = ตัวอย่าง: /payto upi asha@okaxis Asha Stores (UPI id และชื่อผู้รับ)
payto-how-qris = ตัวอย่าง: /payto qris 000201010211… (ข้อความรหัส QRIS แบบคงที่ของร้าน) ใน Telegram ส่งรูป QRIS พร้อมคำบรรยาย /payto qris ก็ได้
payto-missing = ยังไม่มี{ $what }
payto-invalid = { $what } "{ $value }" ไม่ถูกต้อง: { $hint }
payto-too-long = { $what } ยาวเกิน { $max } ตัวอักษรที่ช่องทางนี้รับได้
payto-bad-crc = คัดลอกรหัส QRIS มาไม่ครบ รหัสตรวจสอบไม่ตรง คัดลอกใหม่จากผู้ให้บริการ QRIS
payto-malformed = นี่ไม่ใช่รหัส QR สำหรับชำระเงิน
payto-test-caption = QR ทดสอบ { $rail } { $amount }: สแกนเพื่อตรวจชื่อ ไม่ต้องจ่าย
payto-what-promptpay-id = หมายเลขพร้อมเพย์
payto-what-bank = ธนาคาร
payto-what-account-number = เลขบัญชี
payto-what-account-name = ชื่อบัญชี
payto-what-pix-key = คีย์ Pix
payto-what-name = ชื่อ
payto-what-city = เมือง
payto-what-upi-id = UPI id
payto-what-qris-code = รหัส QRIS
payto-what-amount = จำนวนเงิน
payto-what-reference = รหัสอ้างอิง
payto-what-account = บัญชี
payto-hint-pix-email = ไม่ใช่อีเมล
payto-hint-pix-phone = คีย์เบอร์โทรคือ +55 รหัสพื้นที่และเบอร์
payto-hint-pix-key = ใช้ CPF, CNPJ, +55 และเบอร์โทร อีเมล หรือคีย์สุ่ม
payto-hint-cpf-check = เลขตรวจสอบไม่ตรงกับ CPF (คีย์เบอร์โทรขึ้นต้นด้วย +55)
payto-hint-cnpj-check = เลขตรวจสอบไม่ตรงกับ CNPJ
payto-hint-latin = เขียนด้วยตัวอักษรละติน
payto-hint-thai-id-check = หลักสุดท้ายไม่ตรง ตรวจเลขอีกครั้ง
payto-hint-qris-not-qris = ไม่ใช่ QRIS ส่งรหัส QRIS ของร้าน
payto-hint-qris-dynamic = เป็นรหัสสำหรับการจ่ายครั้งเดียว ส่ง QRIS แบบคงที่ของร้าน
payto-hint-qris-not-idr = ไม่ใช่รหัสเงินรูเปียห์ของอินโดนีเซีย
payto-hint-qris-no-name = ไม่มีชื่อร้าน
payto-hint-upi-id-form = UPI id มีรูปแบบ name@bank เช่น asha@okaxis
payto-hint-promptpay-forms = ใช้เบอร์มือถือ (0812345678) เลข 13 หลัก หรือ e-wallet 15 หลัก
payto-hint-bank-name = ใช้ชื่อย่อธนาคาร (Vietcombank, MB, Techcombank…) หรือ BIN 6 หลัก
payto-hint-account-number-format = ตัวอักษรและตัวเลขไม่เกิน 19 ตัว ไม่มีช่องว่าง
payto-hint-account-name-letters = ชื่อตามที่ธนาคารแสดง เป็นตัวอักษรภาษาอังกฤษ (A–Z)
bankqr-heading = จ่ายด้วย { $rail } จากแอปธนาคาร
bankqr-payee = โอนเข้า: { $payee }
bankqr-reference = รหัสอ้างอิงการโอน: { $reference } (ใส่ไว้ในบันทึกการโอน)
bankqr-pix-copy = Pix copia e cola — คัดลอกรหัสนี้ไปที่ Pix ในแอปธนาคาร:
bankqr-upi-open = เปิดในแอป UPI
bankqr-step-scan = เปิดแอปธนาคารแล้วสแกน QR นี้ (หรือบันทึกรูปแล้วเปิดในแอป)
bankqr-step-check = ตรวจว่าแสดง { $amount } ให้ { $payee }
bankqr-step-confirm = ยืนยันการโอนและเก็บสลิปไว้
bankqr-note = ผู้ขายจะตรวจว่าเงินเข้าแล้วยืนยันการชำระของคุณ
bankqr-download = บันทึกรูป QR
bankqr-or-card = หรือจ่ายด้วยวิธีอื่น:
push-claim-title = 💸 ผู้ซื้อแจ้งว่าโอนแล้ว
push-claim-check = ตรวจบัญชี { $rail } ว่ามียอดนี้เข้าหรือไม่ แล้วตอบด้านล่าง
push-claim-check-ref = ตรวจบัญชี { $rail } ว่ามียอดนี้พร้อมรหัสอ้างอิง { $reference } แล้วตอบด้านล่าง
btn-bank-received = ✅ ได้รับแล้ว
btn-bank-not-received = ❌ ยังไม่ได้รับ
bank-confirm-received = ยืนยันว่าได้รับ { $link } จาก { $payer }? ลิงก์จะนับว่าชำระแล้วและผู้ซื้อจะได้รับแจ้ง
bank-confirm-not-received = ยืนยันว่ายังไม่ได้รับเงินโอนของ { $link } จาก { $payer }? หน้าผู้ซื้อจะแจ้งว่าคุณไม่พบยอดโอน
btn-bank-received-yes = ใช่ ได้รับแล้ว
btn-bank-not-received-yes = ใช่ ยังไม่ได้รับ
bank-received = ได้รับแล้ว: { $link } ลิงก์ชำระแล้ว
bank-not-received = บันทึกว่ายังไม่ได้รับ: { $link } หน้าผู้ซื้อแจ้งแล้ว
bank-pending = ยังรอคำตอบของคุณ: { $link }
bankqr-claim-button = ฉันโอนแล้ว
bankqr-claim-name = ชื่อของคุณ (ช่วยให้ผู้ขายหายอดโอนเจอ)
bankqr-claim-waiting = ขอบคุณ ผู้ขายกำลังตรวจว่าเงินเข้าแล้ว รีเฟรชหน้านี้เพื่อดูคำตอบ
bankqr-claim-rejected = ผู้ขายไม่พบยอดโอนของคุณ ถ้าโอนแล้ว ส่งสลิปให้ผู้ขาย
bankqr-claim-busy = มีการชำระของลิงก์นี้ที่กำลังรอยืนยัน ลองใหม่ภายหลัง
push-unmatched-title = ⚠️ ยอดโอนไม่ตรง
push-unmatched-amount = ยอดโอน { $credit } ("{ $content }") อ้างถึงลิงก์นี้แต่ไม่ตรงกับยอด จึงไม่ถูกนับ ถ้าถูกต้อง ให้บันทึกว่าชำระแล้วด้วย /paid { $slug }
push-unmatched-closed = ยอดโอน { $credit } ("{ $content }") อ้างถึงลิงก์นี้ซึ่งปิดแล้ว จึงไม่ถูกนับ คืนเงินหรือตกลงกับผู้ซื้อ
bankqr-claim-slip = สลิปโอนเงิน (ไม่บังคับ):
slip-too-large = รูปสลิปใหญ่เกิน 5 MB ส่งรูปที่เล็กกว่า หรือไม่ต้องส่ง
slip-not-a-picture = สลิปต้องเป็นรูป JPEG, PNG หรือ WebP
slip-unreadable = อ่านรูปสลิปไม่ได้ ส่งรูปอื่น หรือไม่ต้องส่ง
push-claim-slip = สลิป: เลขอ้างอิง { $reference } (ธนาคาร { $bank })
push-claim-slip-seen = ⚠️ เลขอ้างอิงของสลิปนี้เคยถูกส่งมาแล้วกับการชำระอื่น
push-claim-slip-caption = สลิปโอนเงินของผู้ซื้อ
err-bad-via = "via:{ $value }" ไม่ใช่ช่องทางชำระ ใช้ via:card หรือ QR ธนาคารที่ตั้งไว้ด้วย /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris)
err-pay-via-currency = QR ธนาคารนั้นรับสกุลเงินอื่น: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR
err-pay-via-no-account = คุณยังไม่มีบัญชีสำหรับ QR ธนาคารนั้น ตั้งด้วย /payto ก่อน
err-pay-via-invalid = via: รับ card, promptpay, vietqr, pix, upi หรือ qris
payto-photo-no-qr = อ่าน QR ในรูปนั้นไม่ได้ ส่งรูป QRIS ที่ชัดกว่าพร้อมคำบรรยาย /payto qris หรือวางข้อความรหัสต่อจาก /payto qris
payto-unmatched =
    ยอดโอนที่ระบบบัญชีธนาคารจับคู่กับลิงก์ไม่ได้ (30 วันล่าสุด): ตรวจสอบ และบันทึกว่าชำระแล้วด้วย /paid ถ้าถูกต้อง
    { $credits }
bankqr-unavailable = ตอนนี้ยังชำระลิงก์นี้ที่นี่ไม่ได้ โปรดติดต่อผู้ขาย
