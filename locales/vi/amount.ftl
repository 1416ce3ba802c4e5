# How chat amounts are read, asked about and refused. Variables: see locales/en/amount.ftl.
err-amount-not-positive = Số tiền phải lớn hơn 0, ví dụ { $example }
err-amount-negative = Link thanh toán dùng để nhận tiền: hãy viết số tiền không có dấu trừ, ví dụ { $example }
err-amount-whole-only = { $currency } không có phần thập phân: hãy viết số nguyên, ví dụ { $example }
err-amount-too-precise = { $currency } có { $places } chữ số thập phân: hãy viết tối đa { $places } chữ số sau dấu thập phân, ví dụ { $decimals }
err-amount-below-minor-unit = Số đó nhỏ hơn số tiền { $currency } nhỏ nhất ({ $smallest }). Hãy viết, ví dụ { $example }
err-amount-too-large = Số tiền đó quá lớn: mỗi link chỉ thu tối đa { $largest }. Hãy viết, ví dụ { $example }
err-amount-exponent = "{ $value }" được viết dạng lũy thừa. Hãy viết đầy đủ các chữ số, ví dụ { $example }
err-amount-not-a-number = "{ $value }" không phải là số. Hãy viết số tiền bằng chữ số, ví dụ { $example }
err-amount-invalid = "{ $value }" không phải số tiền. Hãy viết, ví dụ { $example } hoặc { $decimals }
err-amount-ambiguous = "{ $value }" có quá nhiều cách hiểu ({ $readings }). Hãy viết mã tiền tệ và con số không có dấu phân cách hàng nghìn, ví dụ { $example }
err-amount-malformed-likely = "{ $value }" dùng lẫn lộn các dấu phân cách. Nếu ý bạn là { $likely }, hãy gửi { $example }
err-amount-malformed = "{ $value }" dùng lẫn lộn các dấu phân cách. Hãy viết số chỉ với một dấu thập phân, ví dụ { $decimals }
err-amount-decimals-or-thousands = { $currency } có { $places } chữ số thập phân, nên "{ $value }" không phải số tiền { $currency } có phần thập phân. Nếu là { $grouped }, hãy gửi { $as_thousands }; nếu có phần thập phân, hãy viết, ví dụ { $decimals }
err-amount-currency-conflict = Số tiền ghi { $embedded } nhưng loại tiền đưa ra là { $given }. Chỉ ghi một loại tiền, ví dụ { $example }
err-amount-missing-currency = Loại tiền nào? Hãy thêm vào, ví dụ /link 50.000 VND học phí
err-currency-or-word = "{ $value }" có phải là loại tiền { $code } không? Nếu đúng, hãy viết mã bằng chữ in hoa, ví dụ { $example }. Nếu không, hãy ghi loại tiền của bạn trước hoặc đặt bằng /currency.
