# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = จำนวนเงินต้องมากกว่าศูนย์ เช่น /link 250 THB ค่าเรียน
err-amount-too-precise = { $first } มีทศนิยมได้ไม่เกิน { $second } ตำแหน่ง เช่น /link 250.50 THB
err-amount-too-large = จำนวนเงินมากเกินไป
err-amount-invalid = "{ $value }" ไม่ใช่จำนวนเงิน ตัวอย่าง: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = จำนวนนี้อาจหมายถึง { $first } หรือ { $second } ก็ได้ เขียนให้ชัดเจน เช่น /link { $first }
err-amount-currency-conflict = จำนวนเงินกับสกุลเงินไม่ตรงกัน ระบุสกุลเงินเดียว เช่น /link 250 THB
err-amount-missing-currency = สกุลเงินอะไร? ใส่สกุลเงินด้วย เช่น /link 250 THB ค่าเรียน
