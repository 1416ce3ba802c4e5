# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · ชำระเงิน
pay-heading = { $seller } ขอให้คุณชำระเงิน
pay-button = ชำระ { $amount }
buyer-heading = ข้อมูลของคุณ
buyer-name = ชื่อ-นามสกุล
buyer-phone = เบอร์โทรศัพท์
buyer-email = อีเมล
buyer-shipping-heading = ที่อยู่จัดส่ง
buyer-line1 = ที่อยู่
buyer-line2 = ที่อยู่บรรทัดที่ 2 (ไม่บังคับ)
buyer-city = เมือง/จังหวัด
buyer-postal-code = รหัสไปรษณีย์
buyer-country = ประเทศ (รหัสสองตัวอักษร เช่น TH)
buyer-errors-notice = โปรดตรวจสอบข้อมูลที่ทำเครื่องหมายไว้ด้านล่าง
buyer-error-missing = โปรดกรอกช่องนี้
buyer-error-too-long = ยาวเกินไป
buyer-error-email = นี่ไม่ใช่อีเมล เช่น name@example.com
buyer-error-phone = เบอร์โทรศัพท์ไม่ถูกต้อง หากเป็นเบอร์ต่างประเทศให้ใส่รหัสประเทศ เช่น +66 81 234 5678
buyer-error-country = ใช้รหัสประเทศสองตัวอักษร เช่น TH, LA, MM
expires = หมดอายุ { $date }
no-expiry = ไม่มีวันหมดอายุ
payment-failed = การชำระเงินไม่สำเร็จ และยังไม่มีการตัดเงิน ลองอีกครั้งได้เลย
paid-title = ชำระแล้ว
paid-body = ลิงก์ชำระเงินนี้ชำระเรียบร้อยแล้ว ขอบคุณค่ะ!
expired-title = ลิงก์หมดอายุ
expired-body = ลิงก์ชำระเงินนี้หมดอายุแล้ว ขอลิงก์ใหม่จาก { $seller } ได้เลย
cancelled-title = ลิงก์ถูกยกเลิก
cancelled-body = { $seller } ยกเลิกลิงก์ชำระเงินนี้แล้ว
refunded-title = คืนเงินแล้ว
refunded-body = คืนเงินสำหรับลิงก์นี้เรียบร้อยแล้ว
notfound-title = ไม่พบลิงก์
notfound-body = ตรวจสอบที่อยู่ลิงก์ หรือขอลิงก์ใหม่จากผู้ขาย
pending-title = กำลังยืนยันการชำระเงิน
pending-body = ใช้เวลาไม่กี่วินาที หน้านี้จะรีเฟรชเอง
unavailable-title = บริการชำระเงินไม่พร้อมใช้งาน
unavailable-body = บริการชำระเงินไม่ตอบสนอง และยังไม่มีการตัดเงิน กรุณาลองใหม่ในอีกสักครู่
refused-title = ลิงก์นี้ยังรับชำระเงินไม่ได้ในขณะนี้
refused-body = ผู้ให้บริการชำระเงินปฏิเสธการเปิดรายการชำระเงิน และยังไม่มีการตัดเงิน ผู้ขายได้รับแจ้งแล้ว
held-title = การชำระเงินอยู่ระหว่างตรวจสอบ
held-body = ผู้ให้บริการชำระเงินแจ้งยอดเงินไม่ตรงกัน จึงยังไม่ยืนยันการชำระเงินนี้ ผู้ขายได้รับแจ้งแล้วและจะติดต่อคุณ
secure-note = ชำระเงินอย่างปลอดภัยผ่าน { $provider }
try-again = ลองอีกครั้ง
# Sandbox checkout (the built-in test provider's page).
sandbox-title = หน้าชำระเงินทดสอบ (Sandbox)
sandbox-note = โหมดทดสอบ: ไม่มีการโอนเงินจริง
sandbox-pay = ชำระเงินสำเร็จ
sandbox-fail = ทำให้การชำระเงินล้มเหลว
sandbox-payer = ชื่อผู้ชำระ (ไม่บังคับ)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = ยินดีต้อนรับสู่ paychat
welcome = สวัสดี { $name }! ตอนนี้คุณส่งลิงก์ชำระเงินจากแชทนี้ได้แล้ว ลิงก์ใหม่จะใช้สกุลเงิน { $currency } ถ้าไม่ได้ระบุสกุลเงินอื่น เปลี่ยนสกุลเงินหลักได้ด้วย /currency
welcome-back = ยินดีต้อนรับกลับมา { $name }
help-title = ทำอะไรได้บ้าง
help =
    /link 250 THB ค่าเรียน — สร้างลิงก์ชำระเงินใหม่ (จำนวนเงิน สกุลเงิน รายละเอียด)
        ตัวเลือก: exp:3d  limit:5 (หรือ limit:none)  ref:INV-7  to:+66812345678 หรือ to:buyer@mail.com
        จำนวนเงิน: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — ลิงก์ล่าสุดของคุณ
    /status CODE — สถานะและไทม์ไลน์ของลิงก์
    /send CODE — ส่งลิงก์ถึงผู้ซื้ออีกครั้ง (อีเมลหรือ SMS)
    /cancel CODE — ยกเลิกลิงก์
    /refund CODE [จำนวนเงิน] — คืนเงินทั้งหมดหรือบางส่วน
    /paid CODE — บันทึกว่าได้รับเงินสดหรือเงินโอนแล้ว
    /dup CODE [จำนวนเงิน] — สร้างลิงก์ใหม่แบบเดียวกับลิงก์นี้ (ใส่จำนวนเงินใหม่ได้)
    /qr CODE — ขอ QR code ของลิงก์อีกครั้ง
    /report [today|week|month] — ยอดรวมแยกตามสกุลเงิน
    /export — ลิงก์และการชำระเงินทั้งหมดเป็นไฟล์ CSV
    /bulk — สร้างหลายลิงก์พร้อมกันจากไฟล์ CSV (พร้อมแม่แบบ)
    /payto — บัญชี QR ธนาคารที่ผู้ซื้อจ่ายให้คุณ (PromptPay, VietQR, Pix, UPI, QRIS)
    /currency THB — สกุลเงินหลักของคุณ
    /lang th — ภาษา (en, th, id, vi, pt-BR, es)
    /timezone Asia/Bangkok — เขตเวลาของคุณ เวลาทุกอย่างที่แสดงใช้เขตเวลานี้
    /reminders on|off — แจ้ง "ยังไม่ได้ชำระ" ที่นี่ก่อนลิงก์หมดอายุ
    /replyto you@mail.com — ผู้ซื้อที่ตอบอีเมลของ paychat จะถึงคุณ
    CODE คือรหัส 16 ตัวท้ายลิงก์ หรือจะใส่ทั้งลิงก์เลยก็ได้
invite-needed = บอทนี้ใช้ได้เฉพาะผู้ที่ได้รับเชิญ ขอลิงก์เชิญจากผู้ดูแลระบบ แล้วเปิดลิงก์นั้นเพื่อเริ่มใช้งาน
group-not-registered = เฉพาะผู้ขายที่ลงทะเบียนแล้วเท่านั้นที่สร้างลิงก์ที่นี่ได้ เปิดแชทส่วนตัวกับบอทแล้วส่ง /start ก่อน
not-a-command = อ่านได้เฉพาะคำสั่งเท่านั้น ส่ง /help เพื่อดูคำสั่งทั้งหมด
did-you-mean-link = ถ้าจะสร้างลิงก์ชำระเงิน ให้ส่ง: { $example }
unsupported-message = อ่านได้เฉพาะข้อความตัวอักษรเท่านั้น ส่ง /help เพื่อดูว่าทำอะไรได้บ้าง
link-expires = หมดอายุ { $date }
link-no-expiry = ไม่มีวันหมดอายุ
link-reusable = ใช้ซ้ำได้: ผู้ซื้อกี่คนก็ชำระได้
link-limit = ชำระได้ { $limit } ครั้ง
link-ref = อ้างอิง: { $ref }
link-code = รหัส: { $slug }
btn-open = เปิด
btn-share = แชร์
btn-copy = คัดลอกลิงก์
btn-cancel = ยกเลิกลิงก์
btn-cancel-yes = ใช่ ยกเลิกเลย
btn-refund-yes = ใช่ คืนเงินเลย
btn-keep = ไม่ เก็บไว้
btn-more = เพิ่มเติม ›
btn-status = สถานะ
qr-caption = สแกนเพื่อชำระ { $amount }
cancel-confirm = ยกเลิก { $link } ใช่ไหม? ผู้ซื้อจะชำระลิงก์นี้ไม่ได้อีก
cancelled = ยกเลิกแล้ว: { $link }
nothing-changed = ได้เลย ไม่มีอะไรเปลี่ยนแปลง
button-expired = ปุ่มนี้ใช้ไม่ได้แล้ว ส่งคำสั่งอีกครั้งนะ
question-answered = คำถามนี้ได้รับคำตอบแล้ว
refund-confirm = คืนเงิน { $amount } ของ { $link } ใช่ไหม?
refund-requested = ส่งคำขอคืนเงินสำหรับ { $link } แล้ว จะแจ้งในแชทนี้เมื่อเรียบร้อย
refund-nothing = ไม่มีอะไรให้คืนเงินใน { $link }: ไม่มียอดชำระเหลือให้คืน
refund-too-much = ลิงก์นี้คืนเงินได้อีกไม่เกิน { $left }
paid-recorded = บันทึกว่าชำระด้วยเงินสดหรือเงินโอนแล้ว: { $link }
paid-claim-confirmed = ยืนยันการโอนเงินของผู้ซื้อที่รอคำตอบจากคุณแล้ว: { $link }
links-title = ลิงก์ของคุณ
links-none = คุณยังไม่มีลิงก์ ลองสร้างดูสิ: /link 250 THB ค่าเรียน
links-end = ไม่มีลิงก์เพิ่มเติมแล้ว
timeline = ไทม์ไลน์:
status-active = เปิดอยู่
status-paid = ชำระแล้ว
status-expired = หมดอายุ
status-cancelled = ยกเลิกแล้ว
status-refunded = คืนเงินแล้ว
status-partially_paid = ชำระบางส่วน
status-partially_refunded = คืนเงินบางส่วน
status-paid-total = ชำระแล้ว { $amount } ({ $count } รายการ)
status-refunded-total = คืนเงินแล้ว { $amount }
event-link-created = สร้างลิงก์
event-link-opened = ผู้ซื้อเปิดลิงก์
event-link-cancelled = ยกเลิกแล้ว
event-link-expired = หมดอายุ
event-payment-pending = ผู้ซื้อเริ่มชำระเงิน
event-payment-succeeded = ชำระแล้ว
event-payment-failed = ชำระเงินไม่สำเร็จ
event-refund-pending = เริ่มคืนเงิน
event-refund-succeeded = คืนเงินแล้ว
event-refund-failed = คืนเงินไม่สำเร็จ
event-checkout-failed = ผู้ให้บริการปฏิเสธการเปิดรายการชำระเงิน
event-payment-mismatch = พักการชำระเงิน: ยอดเงินไม่ตรง
event-payment-expired = ผู้ซื้อทิ้งการชำระเงินไว้ไม่เสร็จ
event-link-extended = ขยายวันหมดอายุแล้ว
event-payment-claimed = ผู้ซื้อแจ้งว่าโอนเงินแล้ว
event-payment-unmatched = มีเงินโอนเข้าที่ระบุลิงก์นี้ แต่จับคู่ไม่ได้
report-week = 7 วันล่าสุด
report-month = 30 วันล่าสุด
report-empty = ไม่มีลิงก์ในช่วงนี้
report-received = ได้รับ { $paid } คืนเงิน { $refunded } สุทธิ { $net }
export-caption = { $links } ลิงก์ และ { $payments } รายการชำระเงิน
currency-current = สกุลเงินหลักของคุณคือ { $currency } เปลี่ยนได้ด้วย /currency ตามด้วยรหัสสกุลเงิน เช่น /currency USD
currency-set = ลิงก์ใหม่จะใช้สกุลเงิน { $currency } ถ้าไม่ได้ระบุสกุลเงินอื่น
lang-list = ภาษา: { $current } ภาษาที่มี: { $languages } เปลี่ยนได้ เช่น /lang th
lang-set = จากนี้ไปจะคุยกับคุณเป็นภาษาไทย
lang-unknown = ยังไม่รองรับภาษา "{ $code }" ภาษาที่มี: { $languages }
push-paid-title = ✅ ชำระแล้ว
push-payer = ชำระโดย { $payer }
push-payer-email = อีเมล: { $email }
push-payer-phone = โทร: { $phone }
push-shipping = จัดส่งที่: { $address }
push-late = ลิงก์นี้ปิดไปแล้วตอนที่เงินเข้า ถ้าไม่ต้องการรับเงินนี้ คืนเงินได้ด้วย /refund { $slug }
push-over = งวดนี้จ่ายเกินยอดที่ค้างอยู่ { $amount } (มีอีกงวดจ่ายเข้ามาพร้อมกัน) คืนส่วนต่างด้วย /refund { $slug } { $refund }
push-failed-title = ❌ การชำระเงินไม่สำเร็จ
push-reason = สาเหตุ: { $reason }
push-failed-still-open = ยังไม่มีการตัดเงิน และลิงก์ยังเปิดอยู่
push-expired-title = ⌛ ลิงก์หมดอายุ
push-refunded-title = ↩️ คืนเงินแล้ว
push-refunded = คืนเงิน { $amount } ของ { $link } แล้ว
push-refund-failed-title = ⚠️ คืนเงินไม่สำเร็จ
push-checkout-failed-title = ⚠️ ผู้ซื้อชำระเงินไม่ได้
push-checkout-failed = ผู้ให้บริการชำระเงินปฏิเสธการเปิดรายการชำระเงิน ลิงก์ยังเปิดอยู่ กรุณาตรวจสอบบัญชีผู้ให้บริการของคุณ
push-mismatch-title = ⚠️ พักการชำระเงิน: ยอดเงินไม่ตรง
push-mismatch = ผู้ให้บริการแจ้งยอด { $reported } แต่ลิงก์ขอ { $expected } จึงยังไม่ถือว่าชำระแล้ว กรุณาตรวจสอบในแดชบอร์ดของผู้ให้บริการ และคืนเงินที่นั่นหากจำเป็น
card-title = { $seller } ขอให้ชำระ { $amount }
card-pay = ชำระ { $amount }
inline-create = สร้างลิงก์ { $amount }
inline-share = แชร์ลิงก์นี้
inline-preparing = กำลังเตรียมลิงก์…
inline-register = เริ่มใช้ paychat เพื่อสร้างลิงก์
# Errors in chat. $value is what the seller typed.
err-unknown-command = ไม่รู้จักคำสั่ง /{ $value } ส่ง /help เพื่อดูคำสั่งทั้งหมด
err-missing-slug = ลิงก์ไหน? ใส่รหัสหรือลิงก์ด้วย เช่น /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" ไม่ใช่ช่วงเวลา ใช้ /report today, /report week หรือ /report month
err-missing-amount = เท่าไร? ใส่จำนวนเงินก่อน เช่น /link 250 THB ค่าเรียน
err-unknown-currency = "{ $value }" ไม่ใช่รหัสสกุลเงิน ใช้รหัส ISO เช่น THB, USD, IDR, VND, BRL, EUR
err-duplicate-option = ใส่ตัวเลือก { $value }: ซ้ำสองครั้ง ใส่แค่ครั้งเดียวพอ
err-bad-expiry = "{ $value }" ไม่ใช่ระยะเวลา ใช้ เช่น exp:30m, exp:12h, exp:3d หรือ exp:2w
err-bad-limit = "{ $value }" ไม่ใช่จำนวนครั้งที่ใช้ได้ ใช้จำนวนเต็ม เช่น limit:5 หรือ limit:none
err-bad-reference = "{ $value }" ใช้เป็นเลขอ้างอิงไม่ได้: ใช้ตัวอักษร ตัวเลข และ - _ . / # ได้ไม่เกิน 64 ตัว เช่น ref:INV-7
err-bad-recipient = "{ $value }" ไม่ใช่ทั้งเบอร์โทรและอีเมล ใช้ เช่น to:+66812345678 หรือ to:buyer@mail.com
err-description-too-long = รายละเอียดยาวเกินไป: ให้สั้นกว่า 500 ตัวอักษร
err-link-not-found = ไม่พบลิงก์นี้ในลิงก์ของคุณ ตรวจสอบรหัสด้วย /links
err-not-found = ไม่พบ
err-transition = ทำแบบนี้ไม่ได้กับสถานะปัจจุบันของลิงก์ ดูสถานะได้ที่ /status
err-provider-refused = { $provider } ไม่รับคำขอนี้: { $detail }
err-provider-unavailable = ติดต่อ { $provider } ไม่ได้ในขณะนี้ ลองใหม่ในอีกสักครู่
err-provider-not-enabled = ยังไม่ได้ตั้งค่าผู้ให้บริการชำระเงินของคุณบนเซิร์ฟเวอร์นี้ กรุณาติดต่อผู้ดูแล paychat
err-refund-pending = การคืนเงินของรายการนี้ยังรอการยืนยันจากผู้ให้บริการชำระเงิน paychat จะดำเนินการให้เสร็จเอง ลองตรวจสอบอีกครั้งในอีกไม่กี่นาที
err-internal = เกิดข้อผิดพลาดในระบบของเรา ยังไม่มีอะไรเปลี่ยนแปลง กรุณาลองอีกครั้ง
err-invalid = ทำไม่สำเร็จ: { $detail }
err-expiry-too-far = วันหมดอายุไกลเกินไป ตั้งได้ไม่เกินหนึ่งปี เช่น exp:30d
err-expiry-in-past = วันหมดอายุต้องเป็นเวลาในอนาคต
err-duplicate-custom-link-ref = คุณมีลิงก์ที่ใช้เลขอ้างอิงนี้อยู่แล้ว ใช้ ref: อื่น
err-nothing-to-refund = ลิงก์นี้ไม่มีการชำระเงินให้คืน
err-already-refunded = การชำระเงินนี้คืนเงินเต็มจำนวนแล้ว
err-refund-exceeds-payment = จำนวนนี้มากกว่ายอดที่เหลือให้คืนของการชำระเงินนี้
err-payment-id-required = ลิงก์นี้มีการชำระเงินหลายรายการ ให้คืนเงินผ่าน API โดยระบุแต่ละรายการ
err-payment-not-refundable = การชำระเงินนี้คืนเงินไม่ได้
err-currency-unknown = นี่ไม่ใช่รหัสสกุลเงิน ใช้รหัส ISO เช่น THB, USD, IDR
err-invite-invalid = ลิงก์เชิญนี้ไม่ถูกต้อง ถูกใช้ไปแล้ว หรือหมดอายุ ขอลิงก์ใหม่จากผู้ดูแลระบบ
err-email-invalid = อีเมลนี้ดูไม่ถูกต้อง
err-phone-invalid = เบอร์โทรนี้ดูไม่ถูกต้อง ให้ขึ้นต้นด้วย + และรหัสประเทศ
err-too-long = ข้อความยาวเกินไป
err-invalid-characters = ข้อความนี้มีตัวอักษรที่ใช้ไม่ได้

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = สร้างลิงก์ชำระเงิน: /link 250 THB ค่าเรียน
cmd-links = ลิงก์ล่าสุดของคุณ
cmd-status = สถานะและไทม์ไลน์ของลิงก์
cmd-cancel = ยกเลิกลิงก์
cmd-refund = คืนเงิน
cmd-paid = บันทึกการชำระด้วยเงินสดหรือโอน
cmd-dup = สร้างลิงก์ใหม่แบบเดียวกับลิงก์เดิม
cmd-qr = แสดง QR ของลิงก์
cmd-report = ยอดรวม: วันนี้ สัปดาห์ หรือเดือน
cmd-export = ลิงก์และการชำระทั้งหมดเป็น CSV
cmd-currency = สกุลเงินเริ่มต้นของคุณ
cmd-lang = ภาษาของคุณ
cmd-help = ดูคำสั่งทั้งหมด

# Several chat apps: /connect and /notify.
help-apps =
    /connect — ใช้บัญชีนี้จากแอปแชตอีกแอปด้วย (Telegram, WhatsApp, LINE)
    /notify here — รับข้อความสถานะในแชตนี้ (/notify origin: ส่งไปแชตที่สร้างลิงก์)
connect-code = ส่งข้อความนี้ในแอปแชตอีกแอป (Telegram, WhatsApp หรือ LINE) ภายใน 15 นาที: /connect { $code }
connect-done = เชื่อมต่อแล้ว: แชตนี้เป็นของ { $name } แล้ว ส่ง /notify here เพื่อรับข้อความสถานะในแชตนี้
err-connect-code-invalid = รหัสนี้ไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ ส่ง /connect ในอีกแอปเพื่อรับรหัสใหม่
err-connect-has-links = แชตนี้มีลิงก์ของตัวเองแล้ว จึงเข้าร่วมบัญชีอื่นไม่ได้
notify-here = ข้อความสถานะจะส่งมาที่แชตนี้
notify-origin = ข้อความสถานะจะส่งไปยังแชตที่สร้างลิงก์แต่ละลิงก์
line-quota-low = LINE: บัญชีของร้านนี้เหลือข้อความสถานะอีก { $left } ข้อความในเดือนนี้ เมื่อหมดแล้ว ข้อความสถานะจะส่งไปยังแอปแชตอื่นของคุณ (/connect) หรือรอจนถึงเดือนหน้า
notify-current = ข้อความสถานะส่งไปที่: { $where } ส่ง /notify here หรือ /notify origin เพื่อเปลี่ยน
notify-where-origin = แชตที่สร้างลิงก์แต่ละลิงก์
err-bad-notify = ใช้ /notify here หรือ /notify origin
cmd-connect = ใช้บัญชีนี้จากแอปแชตอื่น
cmd-notify = เลือกที่รับข้อความสถานะ

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = บันทึก { $link } ว่าได้รับเงินสดหรือเงินโอนแล้วใช่ไหม? paychat จะนับว่าชำระแล้ว
btn-paid-yes = ใช่ ได้รับเงินแล้ว
refund-choose = ต้องการคืนเงินจำนวนใดสำหรับ { $link }?
refund-which = ลิงก์นี้มีการชำระเงินที่คืนได้มากกว่าหนึ่งรายการ จะคืนรายการไหน เท่าไร? { $link }
refund-payment-line = { $n }. { $amount } จากยอด { $paid } ที่จ่ายเมื่อ { $date }
refund-more = มีการชำระเงินที่เก่ากว่าอีก { $count } รายการที่ไม่ได้แสดง: คืนเงินผ่าน API (docs/api.md) โดยระบุแต่ละรายการ
btn-refund-amount = { $n }. { $amount }
btn-choose = เลือก
amount-choose = จำนวนเงินนี้อ่านได้มากกว่าหนึ่งแบบ คุณหมายถึงแบบไหน?
amount-chosen = ✓ { $link }
not-your-question = คำถามนี้ไม่ใช่ของคุณ: เฉพาะผู้ที่ถามเท่านั้นที่ตอบได้
err-already-applied = ดำเนินการนี้ไปแล้ว ไม่มีอะไรเปลี่ยนแปลง
connect-again = ข้อความนั้นสร้างรหัสไปแล้ว ส่ง /connect อีกครั้งเพื่อรับรหัสใหม่

# ใบเสร็จ (หน้าของผู้ซื้อ) และหน้าของเซิร์ฟเวอร์เอง
push-receipt = ใบเสร็จ: { $url }
receipt-view = ดูใบเสร็จของคุณ
receipt-title = ใบเสร็จรับเงิน
receipt-heading = ชำระให้ { $seller }
receipt-for = รายการ
receipt-date = วันที่
receipt-method = ชำระด้วย
receipt-method-manual = เงินสดหรือเงินโอน บันทึกโดยผู้ขาย
receipt-payer = ชำระโดย
receipt-reference = เลขอ้างอิง
receipt-provider-reference = เลขอ้างอิงของผู้ให้บริการชำระเงิน
receipt-refunded = คืนเงินจากรายการนี้แล้ว { $amount }
receipt-pdf = ดาวน์โหลด PDF
receipt-print = หรือพิมพ์หน้านี้จากเบราว์เซอร์ของคุณ
receipt-notfound-title = ไม่พบใบเสร็จ
receipt-notfound-body = ตรวจสอบที่อยู่ลิงก์ หรือขอให้ผู้ขายส่งใบเสร็จให้อีกครั้ง
home-title = ลิงก์ชำระเงินจากแชต
home-body = เซิร์ฟเวอร์นี้ใช้ paychat: ผู้ขายสร้างลิงก์ชำระเงินจาก Telegram, WhatsApp, LINE หรือ API และผู้ซื้อชำระเงินในหน้าอย่าง /p/… ที่ผู้ขายแชร์ให้
home-operators = สำหรับผู้ดูแลระบบ: ดูวิธีติดตั้งได้ใน README ของ paychat

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = ตั้งแต่ { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = ชำระแล้ว: { $paid } ยังต้องชำระ: { $remaining }
page-pay-deposit = ชำระมัดจำ { $amount }
page-pay-full = ชำระเต็มจำนวน { $amount }
page-pay-balance = ชำระส่วนที่เหลือ { $amount }
page-other-amount = จำนวนอื่น ({ $currency })
page-pay-chosen = ชำระจำนวนนี้
page-amount-below-min = จำนวนต้องไม่น้อยกว่า { $amount }
page-amount-above-max = จำนวนต้องไม่เกิน { $amount }
page-amount-invalid = พิมพ์จำนวนเป็นตัวเลข เช่น { $example }
page-amount-separators = พิมพ์จำนวนโดยไม่ใส่เครื่องหมายคั่นหลักพัน เช่น { $example }
page-amount-required = เลือกหรือพิมพ์จำนวนที่จะชำระ
page-nothing-due = ลิงก์นี้ไม่มียอดค้างชำระแล้ว
items-item = รายการ
items-qty = จำนวน
items-price = ราคา
items-sum = รวม
items-shipping = ค่าจัดส่ง
items-discount = ส่วนลด
items-discount-code = ส่วนลด ({ $code })
items-total = ยอดรวม

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" ไม่ใช่รายการสินค้า เขียนแบบนี้: /link 2x คัพเค้ก 45, 1x ชา 30, ship 40
err-bad-deposit = "deposit:{ $value }" ใช้ไม่ได้ ใส่เปอร์เซ็นต์ 1 ถึง 99 (deposit:30%) หรือจำนวนที่น้อยกว่ายอดของลิงก์ (deposit:300)
err-bad-bounds = max:{ $value } น้อยกว่า min: ใส่ค่าสูงสุดให้ไม่น้อยกว่าค่าต่ำสุด เช่น /link any บริจาค min:20 max:5000
err-bounds-need-any = { $value }: ใช้กับลิงก์ที่ผู้ซื้อเลือกจำนวนเอง (min: และ max: ใช้กับ "any" ส่วน deposit: ใช้กับยอดคงที่) เช่น /link any บริจาค min:20 max:5000
link-open-amount = ผู้ซื้อเลือกจำนวนเอง: { $amount }
link-deposit = แบ่งชำระได้: มัดจำอย่างน้อย { $amount } ก่อน
status-still-due = ยังต้องชำระ: { $amount }
balance-request = ยอดคงเหลือสำหรับ { $description }: { $amount } ชำระที่นี่: { $url }
balance-nothing-due = ลิงก์นี้ไม่มียอดค้างชำระแล้ว
push-part-paid = ชำระบางส่วน: { $amount } ยังต้องชำระ: { $remaining }
btn-balance-request = ขอยอดคงเหลือ

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ ยังไม่ได้ชำระ
push-reminder-expires = หมดอายุ { $date }
btn-extend = ขยาย 3 วัน
extend-done = ขยายแล้ว: ลิงก์จะหมดอายุ { $date }
extend-before = ขยายไปแล้ว: ลิงก์จะหมดอายุ { $date }
extend-closed = ลิงก์นี้{ $status }: ไม่มีอะไรให้ขยาย
extend-no-expiry = ลิงก์นี้ไม่มีวันหมดอายุ: ไม่มีอะไรให้ขยาย
extend-at-max = ลิงก์นี้หมดอายุช้าที่สุดที่อนุญาตแล้ว
reminders-on = เปิดการเตือนแล้ว: ก่อนลิงก์ที่ยังไม่ได้ชำระจะหมดอายุ ฉันจะแจ้งที่นี่
reminders-off = ปิดการเตือนแล้ว: ฉันจะไม่เตือนเรื่องลิงก์ที่ยังไม่ได้ชำระ ส่ง /reminders on เพื่อเปิดอีกครั้ง
reminders-now-on = การเตือนเปิดอยู่: ฉันจะแจ้งก่อนลิงก์ที่ยังไม่ได้ชำระหมดอายุ ส่ง /reminders off เพื่อหยุด
reminders-now-off = การเตือนปิดอยู่ ส่ง /reminders on เพื่อรับการแจ้งก่อนลิงก์ที่ยังไม่ได้ชำระหมดอายุ
err-bad-reminders = ใช้ /reminders on หรือ /reminders off
cmd-reminders = เตือนก่อนลิงก์ที่ยังไม่ได้ชำระหมดอายุ
err-send-needs-time = ระบุเวลาหลัง send:{ $value } ตามเขตเวลาของคุณ: send:{ $value } 9:00 (หรือ 21:00, 9am, 9pm)
replyto-set = ผู้ซื้อที่ตอบอีเมลของ paychat เกี่ยวกับลิงก์ของคุณจะถึง { $address }
replyto-off = คำตอบของผู้ซื้อต่ออีเมลของ paychat จะไม่ส่งไปที่อีเมลของคุณอีก
replyto-current = คำตอบของผู้ซื้อต่ออีเมลของ paychat ส่งไปที่ { $address } ส่ง /replyto off เพื่อหยุด
replyto-none = คำตอบของผู้ซื้อต่ออีเมลของ paychat ยังไม่ถึงคุณ ส่ง /replyto you@mail.com เพื่อรับคำตอบ
err-bad-replyto = "{ $value }" ไม่ใช่อีเมล ส่ง /replyto you@mail.com หรือ /replyto off
cmd-replyto = อีเมลของคุณสำหรับคำตอบจากผู้ซื้อ
btn-remind-buyer = เตือนผู้ซื้อ
buyer-reminded = ส่งการเตือนถึง { $to } แล้ว
sent-again = ส่งอีกครั้งถึง { $to } แล้ว
to-buyer-stopped = ผู้ซื้อหยุดรับข้อความของลิงก์นี้แล้ว: ไม่ได้ส่งอะไร
to-buyer-closed = ลิงก์นี้{ $status }: ไม่ได้ส่งอะไร
to-buyer-nobody = ลิงก์นี้ไม่มีผู้ซื้อให้ส่งถึง สร้างด้วย to:buyer@mail.com (หรือ to:+66812345678) และ send:now
cmd-send = ส่งลิงก์ถึงผู้ซื้ออีกครั้ง
