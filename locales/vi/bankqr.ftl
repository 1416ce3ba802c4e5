# Bank QR rails: /payto, and the words for its refusals.
cmd-payto = QR ngân hàng: tài khoản người mua trả tiền
payto-none =
    Bạn chưa có tài khoản QR ngân hàng. Có nó, người mua chuyển thẳng vào ngân hàng của bạn:
    /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A
    /payto promptpay 0812345678
    /payto pix 123.456.789-09 Ana Souza, São Paulo
    /payto upi asha@okaxis Asha Stores
    /payto qris rồi mã QRIS của cửa hàng
payto-list =
    Liên kết bằng các loại tiền này được trả bằng QR ngân hàng:
    { $accounts }
    Đổi bằng /payto và thông tin mới; xóa bằng /payto off vietqr (hoặc chỉ off để xóa tất cả).
payto-set = Đã đặt { $rail }: { $account }. Liên kết bằng { $currency } giờ hiện mã QR này trên trang người mua. Bên dưới là QR thử cho một đơn vị: quét bằng ứng dụng ngân hàng của bạn để xem tên người mua sẽ thấy; không cần trả.
payto-upi-note = UPI: thanh toán qua liên kết tới UPI id cá nhân thường bị từ chối; UPI id doanh nghiệp thì được.
payto-removed = Đã xóa { $rail }: liên kết bằng loại tiền đó không còn hiện QR ngân hàng.
payto-removed-all = Đã xóa mọi tài khoản QR ngân hàng.
payto-removed-none = Không có tài khoản QR ngân hàng nào để xóa.
payto-unknown-rail = Tôi không biết kênh "{ $value }". Dùng vietqr, promptpay, pix, upi hoặc qris.
payto-how-promptpay = Ví dụ: /payto promptpay 0812345678 (số điện thoại, số định danh 13 chữ số, hoặc ví điện tử 15 chữ số)
payto-how-vietqr = Ví dụ: /payto vietqr Vietcombank 0011001234567 NGUYEN VAN A (ngân hàng theo tên hoặc BIN, số tài khoản, tên chủ tài khoản)
payto-how-pix = Ví dụ: /payto pix 123.456.789-09 Ana Souza, São Paulo (khóa Pix, tên, dấu phẩy, thành phố)
payto-how-upi = Ví dụ: /payto upi asha@okaxis Asha Stores (UPI id và tên người nhận)
payto-how-qris = Ví dụ: /payto qris 000201010211… (nội dung mã QRIS tĩnh của cửa hàng) Trên Telegram bạn cũng có thể gửi ảnh QRIS kèm chú thích /payto qris.
payto-missing = Thiếu { $what }.
payto-invalid = { $what } "{ $value }" không đúng: { $hint }.
payto-too-long = { $what } dài hơn { $max } ký tự kênh này cho phép.
payto-bad-crc = Mã QRIS chưa được sao chép đủ: mã kiểm tra không khớp. Hãy sao chép lại.
payto-malformed = Đó không phải mã QR thanh toán.
payto-test-caption = QR thử { $rail } cho { $amount }: quét để kiểm tra tên; không cần trả.
payto-what-promptpay-id = Số PromptPay
payto-what-bank = Ngân hàng
payto-what-account-number = Số tài khoản
payto-what-account-name = Tên tài khoản
payto-what-pix-key = Khóa Pix
payto-what-name = Tên
payto-what-city = Thành phố
payto-what-upi-id = UPI id
payto-what-qris-code = Mã QRIS
payto-what-amount = Số tiền
payto-what-reference = Mã tham chiếu
payto-what-account = Tài khoản
payto-hint-pix-email = đó không phải địa chỉ e-mail
payto-hint-pix-phone = khóa điện thoại là +55, mã vùng và số
payto-hint-pix-key = dùng CPF, CNPJ, +55 và số điện thoại, e-mail hoặc khóa ngẫu nhiên
payto-hint-cpf-check = chữ số kiểm tra không khớp CPF (khóa điện thoại bắt đầu bằng +55)
payto-hint-cnpj-check = chữ số kiểm tra không khớp CNPJ
payto-hint-latin = viết bằng chữ Latin không dấu
payto-hint-thai-id-check = chữ số cuối không khớp, hãy kiểm tra lại
payto-hint-qris-not-qris = đó không phải QRIS; gửi mã QRIS của cửa hàng
payto-hint-qris-dynamic = đó là mã cho một lần thanh toán; gửi mã QRIS tĩnh
payto-hint-qris-not-idr = đó không phải mã rupiah của Indonesia
payto-hint-qris-no-name = không có tên cửa hàng
payto-hint-upi-id-form = UPI id có dạng name@bank, ví dụ asha@okaxis
payto-hint-promptpay-forms = dùng số điện thoại (0812345678), số 13 chữ số hoặc ví 15 chữ số
payto-hint-bank-name = dùng tên viết tắt của ngân hàng (Vietcombank, MB, Techcombank…) hoặc BIN 6 chữ số
payto-hint-account-number-format = tối đa 19 chữ và số, không có khoảng trắng
payto-hint-account-name-letters = tên như ngân hàng hiển thị, bằng chữ Latinh (A–Z)
bankqr-heading = Thanh toán bằng { $rail } từ ứng dụng ngân hàng
bankqr-payee = Chuyển đến: { $payee }
bankqr-reference = Nội dung chuyển khoản: { $reference } (giữ nguyên khi chuyển)
bankqr-pix-copy = Pix copia e cola — sao chép mã này vào Pix của ngân hàng:
bankqr-upi-open = Mở trong ứng dụng UPI
bankqr-step-scan = Mở ứng dụng ngân hàng và quét mã QR này (hoặc lưu ảnh rồi mở trong ứng dụng).
bankqr-step-check = Kiểm tra số tiền { $amount } và người nhận { $payee }.
bankqr-step-confirm = Xác nhận chuyển khoản và giữ biên lai.
bankqr-note = Người bán kiểm tra tiền đã về rồi xác nhận thanh toán của bạn.
bankqr-download = Lưu ảnh QR
bankqr-or-card = Hoặc thanh toán cách khác:
push-claim-title = 💸 Người mua báo đã chuyển khoản
push-claim-check = Kiểm tra tài khoản { $rail } của bạn xem có số tiền này chưa, rồi trả lời bên dưới.
push-claim-check-ref = Kiểm tra tài khoản { $rail } của bạn xem có số tiền này với nội dung { $reference } chưa, rồi trả lời bên dưới.
btn-bank-received = ✅ Đã nhận
btn-bank-not-received = ❌ Chưa nhận
bank-confirm-received = Xác nhận đã nhận { $link } từ { $payer }? Liên kết được tính là đã trả và người mua được báo.
bank-confirm-not-received = Xác nhận chưa nhận được chuyển khoản cho { $link } từ { $payer }? Trang người mua sẽ báo bạn không thấy tiền.
btn-bank-received-yes = Đúng, đã nhận
btn-bank-not-received-yes = Đúng, chưa nhận
bank-received = Đã nhận: { $link }. Liên kết đã được trả.
bank-not-received = Đã ghi chưa nhận: { $link }. Trang người mua đã báo.
bank-pending = Vẫn chờ bạn trả lời: { $link }.
bankqr-claim-button = Tôi đã chuyển khoản
bankqr-claim-name = Tên bạn (giúp người bán tìm khoản chuyển)
bankqr-claim-waiting = Cảm ơn bạn. Người bán đang kiểm tra tiền đã về chưa. Tải lại trang này để xem câu trả lời.
bankqr-claim-rejected = Người bán không thấy khoản chuyển của bạn. Nếu đã chuyển, hãy gửi biên lai cho người bán.
bankqr-claim-busy = Một khoản thanh toán cho liên kết này đang chờ xác nhận. Hãy thử lại sau.
push-unmatched-title = ⚠️ Khoản chuyển không khớp
push-unmatched-amount = Khoản chuyển { $credit } ("{ $content }") nhắc đến liên kết này nhưng không đúng số tiền: chưa được tính. Nếu đúng, hãy ghi đã trả bằng /paid { $slug }.
push-unmatched-closed = Khoản chuyển { $credit } ("{ $content }") nhắc đến liên kết này nhưng liên kết đã đóng: chưa được tính. Hãy hoàn tiền hoặc thỏa thuận với người mua.
bankqr-claim-slip = Biên lai chuyển khoản (không bắt buộc):
slip-too-large = Ảnh biên lai lớn hơn 5 MB. Hãy gửi ảnh nhỏ hơn, hoặc không gửi.
slip-not-a-picture = Biên lai phải là ảnh JPEG, PNG hoặc WebP.
slip-unreadable = Không đọc được ảnh biên lai. Hãy gửi ảnh khác, hoặc không gửi.
push-claim-slip = Biên lai: mã tham chiếu { $reference } (ngân hàng { $bank }).
push-claim-slip-seen = ⚠️ Mã tham chiếu của biên lai này đã được gửi cho một khoản thanh toán khác.
push-claim-slip-caption = Biên lai chuyển khoản của người mua.
err-bad-via = "via:{ $value }" không phải cách thanh toán: dùng via:card, hoặc QR ngân hàng bạn đã đặt bằng /payto (via:promptpay, via:vietqr, via:pix, via:upi, via:qris).
err-pay-via-currency = QR ngân hàng đó dùng loại tiền khác: PromptPay THB, VietQR VND, Pix BRL, UPI INR, QRIS IDR.
err-pay-via-no-account = Bạn chưa có tài khoản cho QR ngân hàng đó: hãy đặt bằng /payto trước.
err-pay-via-invalid = via: nhận card, promptpay, vietqr, pix, upi hoặc qris.
payto-photo-no-qr = Tôi không đọc được mã QR trong ảnh đó. Hãy gửi ảnh QRIS rõ hơn kèm chú thích /payto qris, hoặc dán nội dung mã sau /payto qris.
payto-unmatched =
    Các khoản chuyển mà nguồn dữ liệu ngân hàng không khớp được với liên kết (30 ngày qua): hãy kiểm tra và ghi đã trả bằng /paid nếu đúng.
    { $credits }
bankqr-unavailable = Hiện chưa thể thanh toán liên kết này tại đây. Vui lòng liên hệ người bán.
