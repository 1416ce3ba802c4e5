# เขตเวลา: คำสั่ง /timezone และข้อความที่บอกว่าเวลาแสดงตามเขตเวลาใด
timezone-current = เขตเวลาของคุณคือ { $zone } เวลาท้องถิ่นตอนนี้: { $now } เวลาทุกอย่างที่แสดงใช้เขตเวลานี้ เปลี่ยนได้ เช่น /timezone Asia/Bangkok
timezone-set = ต่อไปนี้จะแสดงเวลาตามเขตเวลา { $zone } เวลาท้องถิ่นตอนนี้: { $now }
timezone-unknown = ไม่รู้จักเขตเวลา "{ $value }" ใช้ชื่อจากรายการเขตเวลา IANA เช่น /timezone Asia/Bangkok, /timezone Asia/Jakarta, /timezone America/Sao_Paulo หรือ /timezone UTC ไม่รับค่าชดเชยเวลาหรือตัวย่อ (Etc/GMT-7, ICT) ให้ใช้ชื่อเมือง
welcome-timezone = เวลาจะแสดงตามเขตเวลา { $zone } ({ $offset }) เปลี่ยนได้ด้วย /timezone
report-today-local = วันนี้
report-since = ตั้งแต่ { $start }
cmd-timezone = เขตเวลาของคุณ
