# How chat amounts are read, asked about and refused. Variables: $value (what was typed),
# $first / $second (context values, see src/conversation/errors.rs).
err-amount-not-positive = Số tiền phải lớn hơn 0, ví dụ /link 250 THB học phí
err-amount-too-precise = { $first } chỉ cho phép tối đa { $second } chữ số thập phân, ví dụ /link 250.50 THB
err-amount-too-large = Số tiền đó quá lớn.
err-amount-invalid = "{ $value }" không phải số tiền. Ví dụ: 250, 250.50, 1,250.50, 50k, ฿250
err-amount-ambiguous = Số tiền đó có thể là { $first } hoặc { $second }. Hãy viết rõ ràng, ví dụ /link { $first }
err-amount-currency-conflict = Số tiền và loại tiền không khớp. Chỉ ghi một loại tiền, ví dụ /link 250 THB
err-amount-missing-currency = Loại tiền nào? Hãy thêm vào, ví dụ /link 250 THB học phí
