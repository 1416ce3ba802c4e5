# อีเมลถึงผู้ซื้อ (outreach) และหน้าหยุดรับอีเมล ตัวแปร: $seller, $amount, $what, $date, $to, $reply
email-subject = { $seller } ขอให้คุณชำระ { $amount }
email-subject-open = { $seller } ส่งลิงก์ชำระเงินถึงคุณ
email-intro = { $seller } ส่งลิงก์ชำระเงินถึงคุณ
email-intro-for = { $seller } ส่งลิงก์ชำระเงินค่า { $what } ถึงคุณ
email-amount = ยอดเงิน: { $amount }
email-amount-open = ยอดเงิน: ตามที่คุณเลือก ตั้งแต่ { $amount }
email-expires = กรุณาชำระก่อน { $date }
email-pay = ชำระเงินตอนนี้
email-footer = ส่งโดย paychat ในนามของ { $seller } ตอบกลับอีเมลนี้เพื่อติดต่อผู้ขาย
email-stop = ไม่รับอีเมลเกี่ยวกับการชำระเงินนี้อีก
stop-ask-title = หยุดรับอีเมลเกี่ยวกับการชำระเงินนี้?
stop-ask-body = คุณจะไม่ได้รับอีเมลจาก { $seller } เกี่ยวกับลิงก์ชำระเงินนี้อีก ลิงก์ยังใช้ชำระเงินได้ตามปกติ
stop-button = หยุดรับอีเมลเหล่านี้
stop-done-title = หยุดส่งอีเมลแล้ว
stop-done-body = คุณจะไม่ได้รับอีเมลจาก { $seller } เกี่ยวกับลิงก์ชำระเงินนี้อีก
stop-error-title = เกิดข้อผิดพลาด
stop-error-body = กรุณาลองใหม่อีกครั้งในอีกสักครู่
event-email-sent = ส่งอีเมลถึงผู้ซื้อแล้ว
event-email-failed = อีเมลถึงผู้ซื้อถูกปฏิเสธ
event-email-skipped = ไม่ได้ส่งอีเมลถึงผู้ซื้อ: ลิงก์ปิดแล้วหรือถูกหยุด
event-email-stopped = ผู้ซื้อหยุดรับอีเมลเกี่ยวกับลิงก์นี้
push-email-failed-title = ⚠️ ส่งอีเมลไม่สำเร็จ
push-email-failed = เซิร์ฟเวอร์อีเมลของผู้ซื้อปฏิเสธอีเมลถึง { $to }: { $reply } กรุณาตรวจสอบที่อยู่อีเมลและส่งลิงก์ด้วยวิธีอื่น

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" ไม่ใช่เวลา เขียน send:now, send:พรุ่งนี้ 9:00 หรือ send:2026-12-24T09:00 (ตามเขตเวลาของคุณ)
err-send-needs-email = send: ส่งลิงก์ถึงผู้ซื้อ ใส่อีเมลหรือเบอร์โทรด้วย to: เช่น /link 250 THB ค่าเรียน to:buyer@mail.com send:now หรือ to:+66812345678 send:now
err-schedule-in-past = เวลานั้นผ่านไปแล้ว ใส่เวลาที่ยังมาไม่ถึง
err-schedule-after-expiry = เวลานั้นอยู่หลังลิงก์หมดอายุ ส่งให้เร็วขึ้น หรือยืดอายุลิงก์ด้วย exp:
err-email-not-configured = เซิร์ฟเวอร์นี้ยังไม่ส่งอีเมล ผู้ดูแลต้องตั้งค่า [email] smtp_url
err-schedule-invalid = เวลานั้นไม่มีอยู่ในเขตเวลาของคุณ (นาฬิกากระโดดข้าม) เลือกเวลาอื่น
link-email-now = ส่งอีเมลถึง { $to } แล้ว
link-email-at = ส่งอีเมลถึง { $to } เวลา { $date }

# ข้อความ SMS ถึงผู้ซื้อ: หนึ่งบรรทัดสั้น ๆ ตัวแปร: $seller, $amount, $what, $url, $to, $reply, $cap
sms-body = { $seller } ขอให้คุณชำระ { $amount }: { $url }
sms-body-for = { $seller } ขอให้คุณชำระ { $amount } ค่า { $what }: { $url }
sms-body-open = { $seller } ส่งลิงก์ชำระเงินถึงคุณ: { $url }
sms-body-open-for = { $seller } ส่งลิงก์ชำระเงินค่า { $what } ถึงคุณ: { $url }
sms-reminder = แจ้งเตือน: { $text }
sms-second-chance = ยังชำระเงินไม่เสร็จ? { $text }
event-sms-sent = ส่ง SMS ถึงผู้ซื้อแล้ว
event-sms-failed = ส่ง SMS ถึงผู้ซื้อไม่สำเร็จ
event-sms-skipped = ไม่ได้ส่ง SMS ถึงผู้ซื้อ: ลิงก์ปิดแล้ว ถูกหยุด หรือครบจำนวน SMS ของวันนี้แล้ว
push-sms-failed-title = ⚠️ ส่ง SMS ไม่สำเร็จ
push-sms-failed = ส่ง SMS ถึง { $to } ไม่สำเร็จ: { $reply } กรุณาตรวจสอบเบอร์และส่งลิงก์ด้วยวิธีอื่น
push-sms-cap-title = ⚠️ ครบจำนวน SMS ของวันนี้แล้ว
push-sms-cap = ไม่ได้ส่งลิงก์ทาง SMS ถึง { $to }: วันนี้ลิงก์ของคุณส่ง SMS ไปแล้ว { $cap } ข้อความ ส่งด้วยวิธีอื่น หรือส่งอีกครั้งพรุ่งนี้
err-sms-not-configured = เซิร์ฟเวอร์นี้ยังไม่ส่ง SMS ผู้ดูแลต้องตั้งค่า [sms] account_sid
link-sms-now = ส่ง SMS ถึง { $to } แล้ว
link-sms-at = ส่ง SMS ถึง { $to } เวลา { $date }

# การแจ้งเตือนก่อนลิงก์หมดอายุ และโอกาสครั้งที่สอง
email-reminder-subject = แจ้งเตือน: การชำระเงินให้ { $seller } จะหมดอายุ { $date }
email-reminder-intro = แจ้งเตือน: { $seller } ยังรอการชำระเงินจากคุณ ลิงก์จะหมดอายุ { $date }
email-reminder-intro-for = แจ้งเตือน: { $seller } ยังรอการชำระเงินค่า { $what } จากคุณ ลิงก์จะหมดอายุ { $date }
email-second-chance-subject = คุณเริ่มชำระเงินให้ { $seller } แต่ยังไม่เสร็จ
email-second-chance-intro = คุณเริ่มชำระเงินให้ { $seller } แต่ยังไม่เสร็จ ลิงก์ยังใช้ได้ คุณลองอีกครั้งได้
email-second-chance-intro-for = คุณเริ่มชำระเงินค่า { $what } ให้ { $seller } แต่ยังไม่เสร็จ ลิงก์ยังใช้ได้ คุณลองอีกครั้งได้
event-email-queued = อีเมลถึงผู้ซื้ออยู่ในคิวแล้ว

# `remind:` ใน /link
err-bad-remind = "remind:{ $value }" ไม่ใช่ระยะเวลา เขียน remind:1d, remind:12h หรือ remind:30m (ก่อนลิงก์หมดอายุ)
err-remind-needs-send = remind: ใช้คู่กับอีเมลของลิงก์ เพิ่ม to:buyer@mail.com send:now (หรือ send: เวลา) เช่น /link 250 THB ค่าเรียน to:buyer@mail.com send:now remind:1d
err-reminder-before-creation = การแจ้งเตือนนั้นจะตรงกับเวลาที่ผ่านมาแล้ว ลิงก์หมดอายุเร็วกว่านั้น เลือก remind: ที่สั้นลงหรือ exp: ที่ยาวขึ้น
err-reminder-before-send = การแจ้งเตือนนั้นจะมาก่อนที่อีเมลจะถูกส่ง เลือก remind: ที่สั้นลงหรือ send: ที่เร็วขึ้น
link-email-reminder-day = อีเมลแจ้งเตือน 1 วันก่อนหมดอายุ
link-email-reminder-days = อีเมลแจ้งเตือน { $n } วันก่อนหมดอายุ
link-email-reminder-hour = อีเมลแจ้งเตือน 1 ชั่วโมงก่อนหมดอายุ
link-email-reminder-hours = อีเมลแจ้งเตือน { $n } ชั่วโมงก่อนหมดอายุ
link-email-reminder-minute = อีเมลแจ้งเตือน 1 นาทีก่อนหมดอายุ
link-email-reminder-minutes = อีเมลแจ้งเตือน { $n } นาทีก่อนหมดอายุ
link-sms-reminder-day = SMS แจ้งเตือน 1 วันก่อนหมดอายุ
link-sms-reminder-days = SMS แจ้งเตือน { $n } วันก่อนหมดอายุ
link-sms-reminder-hour = SMS แจ้งเตือน 1 ชั่วโมงก่อนหมดอายุ
link-sms-reminder-hours = SMS แจ้งเตือน { $n } ชั่วโมงก่อนหมดอายุ
link-sms-reminder-minute = SMS แจ้งเตือน 1 นาทีก่อนหมดอายุ
link-sms-reminder-minutes = SMS แจ้งเตือน { $n } นาทีก่อนหมดอายุ
