# How chat amounts are read, asked about and refused. Variables: see locales/en/amount.ftl.
err-amount-not-positive = จำนวนเงินต้องมากกว่าศูนย์ เช่น { $example }
err-amount-negative = ลิงก์รับชำระเงินใช้เรียกเก็บเงิน ให้เขียนจำนวนเงินโดยไม่มีเครื่องหมายลบ เช่น { $example }
err-amount-whole-only = { $currency } ไม่มีทศนิยม ให้เขียนเป็นจำนวนเต็ม เช่น { $example }
err-amount-too-precise = { $currency } มีทศนิยม { $places } ตำแหน่ง เขียนตัวเลขหลังจุดทศนิยมได้ไม่เกิน { $places } หลัก เช่น { $decimals }
err-amount-below-minor-unit = จำนวนนี้น้อยกว่าหน่วยที่เล็กที่สุดของ { $currency } ({ $smallest }) ให้เขียนเช่น { $example }
err-amount-too-large = จำนวนเงินมากเกินไป ลิงก์หนึ่งเรียกเก็บได้มากที่สุด { $largest } ให้เขียนเช่น { $example }
err-amount-exponent = "{ $value }" เขียนแบบเลขยกกำลัง ให้เขียนตัวเลขทุกหลัก เช่น { $example }
err-amount-not-a-number = "{ $value }" ไม่ใช่ตัวเลข ให้เขียนจำนวนเงินเป็นตัวเลข เช่น { $example }
err-amount-invalid = "{ $value }" ไม่ใช่จำนวนเงิน ให้เขียนเช่น { $example } หรือ { $decimals }
err-amount-ambiguous = "{ $value }" อ่านได้หลายแบบเกินไป ({ $readings }) ให้เขียนรหัสสกุลเงินและตัวเลขโดยไม่มีตัวคั่นหลักพัน เช่น { $example }
err-amount-malformed-likely = "{ $value }" ใช้ตัวคั่นปนกัน ถ้าหมายถึง { $likely } ให้ส่ง { $example }
err-amount-malformed = "{ $value }" ใช้ตัวคั่นปนกัน ให้เขียนตัวเลขโดยมีจุดทศนิยมเพียงตัวเดียว เช่น { $decimals }
err-amount-decimals-or-thousands = { $currency } มีทศนิยม { $places } ตำแหน่ง "{ $value }" จึงไม่ใช่จำนวนเงิน { $currency } ที่มีทศนิยม ถ้าหมายถึง { $grouped } ให้ส่ง { $as_thousands } ถ้ามีทศนิยม ให้เขียนเช่น { $decimals }
err-amount-currency-conflict = จำนวนเงินระบุ { $embedded } แต่สกุลเงินที่ให้มาคือ { $given } ให้ระบุสกุลเงินเดียว เช่น { $example }
err-amount-missing-currency = สกุลเงินอะไร? ใส่สกุลเงินด้วย เช่น /link 250 THB ค่าเรียน
err-currency-or-word = "{ $value }" หมายถึงสกุลเงิน { $code } หรือไม่? ถ้าใช่ ให้เขียนรหัสเป็นตัวพิมพ์ใหญ่ เช่น { $example } ถ้าไม่ใช่ ให้ระบุสกุลเงินของคุณก่อน หรือตั้งค่าด้วย /currency
