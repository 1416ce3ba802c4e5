# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · ชำระเงิน
pay-heading = { $seller } ขอให้คุณชำระเงิน
pay-button = ชำระ { $amount }
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
secure-note = ชำระเงินอย่างปลอดภัยผ่าน { $provider }
try-again = ลองอีกครั้ง
# Sandbox checkout (the built-in test provider's page).
sandbox-title = หน้าชำระเงินทดสอบ (Sandbox)
sandbox-note = โหมดทดสอบ: ไม่มีการโอนเงินจริง
sandbox-pay = ชำระเงินสำเร็จ
sandbox-fail = ทำให้การชำระเงินล้มเหลว
sandbox-payer = ชื่อผู้ชำระ (ไม่บังคับ)
