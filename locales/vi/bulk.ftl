## Tạo liên kết hàng loạt từ tệp CSV gửi cho bot (/bulk). Văn bản thuần: cổng sẽ thoát ký tự.
cmd-bulk = Nhiều liên kết cùng lúc từ tệp CSV
bulk-title = Nhiều liên kết từ một tệp CSV
bulk-intro =
    Gửi cho tôi một tệp CSV (dạng tài liệu) và tôi tạo một liên kết thanh toán cho mỗi dòng.
    Dòng đầu tiên là tên cột: amount là bắt buộc; currency (mặc định { $currency } nếu để trống), description, custom_link_ref, merchant_order_id, usage_limit (một số hoặc none), expiry_date, customer_name, customer_email, customer_phone, pay_via là tùy chọn.
    Dấu phẩy hoặc dấu chấm phẩy, dấu ngoặc kép và "CSV UTF-8" của Excel đều dùng được. Tối đa { $rows } dòng và { $size } mỗi tệp.
    Tôi trả lời bằng một tệp CSV các liên kết mới và các dòng không dùng được kèm lý do. Gửi lại cùng một tệp sẽ không tạo liên kết hai lần.
bulk-template-caption = Mẫu: điền các dòng của bạn rồi gửi lại tệp cho tôi.
bulk-not-csv = Ở đây tôi chỉ đọc tệp CSV. Hãy lưu bảng tính dưới dạng "CSV UTF-8" và gửi dưới dạng tài liệu; /bulk gửi một tệp mẫu.
bulk-too-large = Tệp này lớn hơn { $size }. Hãy chia thành các tệp nhỏ hơn và gửi lần lượt.
bulk-download-failed = Tôi không tải được tệp này. Vui lòng gửi lại.
bulk-not-utf8 = Tệp này không phải văn bản UTF-8. Hãy lưu dưới dạng "CSV UTF-8" và gửi lại.
bulk-unreadable = Tôi không đọc được tệp này dưới dạng CSV. Hãy kiểm tra có dòng tiêu đề và mỗi dòng một liên kết; /bulk gửi một tệp mẫu.
bulk-unknown-column = Tôi không biết cột { $column }. Các cột là: { $columns }.
bulk-repeated-column = Cột { $column } xuất hiện hai lần. Giữ lại một cột rồi gửi lại tệp.
bulk-no-rows = Tệp này có tiêu đề nhưng không có dòng nào. Hãy thêm một dòng cho mỗi liên kết.
bulk-too-many-rows = Tệp này có { $rows } dòng; tôi nhận tối đa { $max } dòng mỗi tệp. Hãy chia nhỏ và gửi lần lượt.
bulk-progress = Đang tạo liên kết… xong { $done } / { $total } dòng.
bulk-summary = Xong: { $rows } dòng, { $created } liên kết mới, { $refused } bị từ chối.
bulk-replayed = { $count } dòng đã được tạo trước đó từ tệp này: vẫn là các liên kết đó, không tạo hai lần.
bulk-result-caption = Liên kết của bạn ({ $count }): dòng, mã liên kết, URL, số tiền, mô tả, tham chiếu.
bulk-refused-title = Các dòng không dùng được ({ $count })
bulk-refused-line = Dòng { $row }, { $column }: { $reason }
bulk-refused-row = Dòng { $row }: { $reason }
bulk-refused-more = …và { $count } dòng khác.
bulk-why-amount = không phải số tiền dùng được (một số như 250 hoặc 250.50)
bulk-why-amount-not-positive = số tiền phải lớn hơn không
bulk-why-amount-too-precise = quá nhiều chữ số thập phân cho loại tiền này
bulk-why-currency = không phải mã tiền tệ tôi biết (VND, USD, THB…)
bulk-why-missing = bắt buộc nhưng đang trống
bulk-why-too-long = quá dài
bulk-why-time = không phải ngày giờ dạng 2026-12-31T23:59:00Z
bulk-why-cells = nhiều ô hơn số cột (hãy đặt giá trị có dấu phẩy hoặc chấm phẩy trong ngoặc kép)
bulk-why-invalid = không phải giá trị hợp lệ
bulk-why-repeated = một dòng trước đó trong tệp này đã dùng tham chiếu này
bulk-why-taken = một liên kết khác của bạn đã dùng tham chiếu này
bulk-why-changed = dòng này đã thay đổi kể từ lần đầu bạn gửi tệp; hãy gửi phiên bản mới dưới dạng tệp mới
bulk-why-provider = nhà cung cấp thanh toán từ chối liên kết này; hãy thử lại sau
bulk-why-other = không xử lý được dòng này; hãy gửi lại
