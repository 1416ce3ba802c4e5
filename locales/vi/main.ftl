# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · thanh toán
pay-heading = { $seller } đề nghị bạn thanh toán
pay-button = Thanh toán { $amount }
buyer-heading = Thông tin của bạn
buyer-name = Họ và tên
buyer-phone = Số điện thoại
buyer-email = Email
buyer-shipping-heading = Địa chỉ giao hàng
buyer-line1 = Địa chỉ
buyer-line2 = Địa chỉ dòng 2 (không bắt buộc)
buyer-city = Thành phố
buyer-postal-code = Mã bưu chính
buyer-country = Quốc gia (mã hai chữ cái, vd. VN)
buyer-errors-notice = Vui lòng kiểm tra các thông tin được đánh dấu bên dưới.
buyer-error-missing = Vui lòng điền mục này.
buyer-error-too-long = Quá dài.
buyer-error-email = Đây không phải là địa chỉ email, vd. ten@vidu.com.
buyer-error-phone = Số điện thoại không hợp lệ; nếu là số nước ngoài hãy ghi mã quốc gia, vd. +84 91 234 56 78.
buyer-error-country = Dùng mã quốc gia hai chữ cái, vd. VN, TH, KH.
expires = Hết hạn { $date }
no-expiry = Không hết hạn
payment-failed = Thanh toán chưa thành công và bạn chưa bị trừ tiền. Bạn có thể thử lại.
paid-title = Đã thanh toán
paid-body = Liên kết thanh toán này đã được thanh toán. Cảm ơn bạn!
expired-title = Liên kết đã hết hạn
expired-body = Liên kết thanh toán này đã hết hạn. Hãy nhờ { $seller } gửi liên kết mới.
cancelled-title = Liên kết đã bị hủy
cancelled-body = { $seller } đã hủy liên kết thanh toán này.
refunded-title = Đã hoàn tiền
refunded-body = Khoản thanh toán cho liên kết này đã được hoàn lại.
notfound-title = Không tìm thấy liên kết
notfound-body = Hãy kiểm tra lại địa chỉ, hoặc nhờ người bán gửi liên kết mới.
pending-title = Đang xác nhận thanh toán
pending-body = Chỉ mất vài giây; trang sẽ tự làm mới.
unavailable-title = Dịch vụ thanh toán không khả dụng
unavailable-body = Dịch vụ thanh toán không phản hồi và bạn chưa bị trừ tiền. Vui lòng thử lại sau một phút.
refused-title = Liên kết này hiện chưa nhận thanh toán
refused-body = Nhà cung cấp thanh toán từ chối mở giao dịch và bạn chưa bị trừ tiền. Người bán đã được thông báo.
held-title = Thanh toán đang được xem xét
held-body = Nhà cung cấp thanh toán báo một số tiền khác, nên khoản thanh toán này chưa được xác nhận. Người bán đã được thông báo và sẽ liên hệ với bạn.
secure-note = Thanh toán được xử lý an toàn bởi { $provider }.
try-again = Thử lại
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Thanh toán thử (sandbox)
sandbox-note = Chế độ thử nghiệm: không có tiền thật được chuyển.
sandbox-pay = Thanh toán thành công
sandbox-fail = Làm thanh toán thất bại
sandbox-payer = Tên người trả (không bắt buộc)

## Chat (Telegram, WhatsApp, LINE, terminal). Plain text: the door escapes it.
welcome-title = Chào mừng bạn đến với paychat
welcome = Chào { $name }! Giờ bạn có thể gửi liên kết thanh toán ngay trong cuộc trò chuyện này. Liên kết mới dùng { $currency } trừ khi bạn ghi loại tiền khác; đổi loại tiền mặc định bằng /currency.
welcome-back = Chào mừng bạn quay lại, { $name }.
help-title = Tôi có thể làm gì
help =
    /link 250 THB học phí — tạo liên kết thanh toán mới (số tiền, loại tiền, mô tả)
        tùy chọn: exp:3d  limit:5 (hoặc limit:none)  ref:INV-7  to:+66812345678 hoặc to:buyer@mail.com
        số tiền: 250, 250.50, 1,250.50, 1.250,50, 50k, ฿250, Rp50.000, 250THB
    /links — các liên kết gần đây của bạn
    /status CODE — trạng thái và lịch sử của liên kết
    /send CODE — gửi lại liên kết cho người mua (email hoặc SMS)
    /cancel CODE — hủy liên kết
    /refund CODE [số tiền] — hoàn toàn bộ hoặc một phần khoản thanh toán
    /paid CODE — ghi nhận thanh toán bằng tiền mặt hoặc chuyển khoản
    /dup CODE [số tiền] — tạo liên kết mới giống liên kết này (đổi số tiền nếu bạn nhập)
    /qr CODE — xem lại mã QR của liên kết
    /report [today|week|month] — tổng theo từng loại tiền
    /export — tất cả liên kết và thanh toán dưới dạng tệp CSV
    /bulk — nhiều liên kết cùng lúc từ tệp CSV (kèm tệp mẫu)
    /payto — tài khoản QR ngân hàng người mua trả cho bạn (VietQR, PromptPay, Pix, UPI, QRIS)
    /currency THB — loại tiền mặc định của bạn
    /lang th — ngôn ngữ (en, th, id, vi, pt-BR, es)
    /timezone Asia/Ho_Chi_Minh — múi giờ của bạn: mọi thời gian đều hiển thị theo múi giờ này
    /reminders on|off — "Chưa thanh toán" ở đây trước khi liên kết hết hạn
    /replyto ban@mail.com — thư trả lời của người mua cho email của paychat đến bạn
    CODE là mã 16 ký tự ở cuối liên kết, hoặc chính liên kết đó.
invite-needed = Bot này chỉ dành cho người được mời. Hãy xin người quản lý một liên kết mời, rồi mở nó để bắt đầu.
group-not-registered = Chỉ người bán đã đăng ký mới tạo được liên kết ở đây. Hãy mở cuộc trò chuyện riêng với tôi và gửi /start trước.
not-a-command = Tôi chỉ đọc được lệnh. Gửi /help để xem các lệnh.
did-you-mean-link = Để tạo liên kết thanh toán, hãy gửi: { $example }
unsupported-message = Tôi chỉ đọc được tin nhắn văn bản. Gửi /help để xem tôi làm được gì.
link-expires = Hết hạn { $date }
link-no-expiry = Không hết hạn
link-reusable = Dùng lại được: bao nhiêu người mua cũng có thể thanh toán.
link-limit = Có thể thanh toán { $limit } lần.
link-ref = Mã tham chiếu: { $ref }
link-code = Mã: { $slug }
btn-open = Mở
btn-share = Chia sẻ
btn-copy = Sao chép liên kết
btn-cancel = Hủy liên kết
btn-cancel-yes = Có, hủy đi
btn-refund-yes = Có, hoàn tiền
btn-keep = Không, giữ lại
btn-more = Thêm ›
btn-status = Trạng thái
qr-caption = Quét để thanh toán { $amount }
cancel-confirm = Hủy { $link }? Người mua sẽ không thể thanh toán liên kết này nữa.
cancelled = Đã hủy: { $link }
nothing-changed = OK, không có gì thay đổi.
button-expired = Nút này không còn dùng được. Hãy gửi lại lệnh.
question-answered = Câu hỏi này đã được trả lời.
refund-confirm = Hoàn { $amount } của { $link }?
refund-requested = Đã gửi yêu cầu hoàn tiền cho { $link }. Tôi sẽ báo bạn ở đây khi xong.
refund-nothing = Không có gì để hoàn trên { $link }: không còn khoản thanh toán nào để hoàn.
refund-too-much = Liên kết này chỉ còn tối đa { $left } có thể hoàn.
paid-recorded = Đã ghi nhận thanh toán bằng tiền mặt hoặc chuyển khoản: { $link }
paid-claim-confirmed = Đã xác nhận khoản chuyển khoản của người mua đang chờ bạn trả lời: { $link }
links-title = Liên kết của bạn
links-none = Bạn chưa có liên kết nào. Tạo thử một cái: /link 250 THB học phí
links-end = Không còn liên kết nào.
timeline = Lịch sử:
status-active = Đang mở
status-paid = Đã thanh toán
status-expired = Đã hết hạn
status-cancelled = Đã hủy
status-refunded = Đã hoàn tiền
status-partially_paid = Đã trả một phần
status-partially_refunded = Đã hoàn một phần
status-paid-total = Đã thanh toán { $amount } ({ $count } lần thanh toán)
status-refunded-total = Đã hoàn { $amount }
event-link-created = Đã tạo
event-link-opened = Người mua đã mở
event-link-cancelled = Đã hủy
event-link-expired = Đã hết hạn
event-payment-pending = Người mua bắt đầu thanh toán
event-payment-succeeded = Đã thanh toán
event-payment-failed = Thanh toán thất bại
event-refund-pending = Bắt đầu hoàn tiền
event-refund-succeeded = Đã hoàn tiền
event-refund-failed = Hoàn tiền thất bại
event-checkout-failed = Nhà cung cấp từ chối mở giao dịch
event-payment-mismatch = Tạm giữ thanh toán: sai số tiền
event-payment-expired = Người mua bỏ dở thanh toán
event-link-extended = Đã gia hạn liên kết
event-payment-claimed = Người mua báo đã chuyển khoản
event-payment-unmatched = Có khoản tiền vào ghi mã liên kết này nhưng không khớp được
report-week = 7 ngày qua
report-month = 30 ngày qua
report-empty = Không có liên kết nào trong khoảng thời gian này.
report-received = Đã nhận { $paid }, đã hoàn { $refunded }, thực nhận { $net }
export-caption = { $links } liên kết và { $payments } khoản thanh toán
currency-current = Loại tiền mặc định của bạn là { $currency }. Đổi bằng /currency kèm mã tiền tệ, ví dụ /currency USD
currency-set = Từ giờ liên kết mới dùng { $currency } trừ khi bạn ghi loại tiền khác.
lang-list = Ngôn ngữ: { $current }. Có sẵn: { $languages }. Đổi bằng, ví dụ, /lang th
lang-set = Từ giờ tôi sẽ nói chuyện với bạn bằng tiếng Việt.
lang-unknown = Tôi chưa biết nói "{ $code }". Có sẵn: { $languages }.
push-paid-title = ✅ Đã thanh toán
push-payer = Người trả: { $payer }
push-payer-email = Email: { $email }
push-payer-phone = Điện thoại: { $phone }
push-shipping = Giao đến: { $address }
push-late = Liên kết này đã đóng khi tiền về. Nếu bạn không muốn nhận khoản này, hãy hoàn tiền bằng /refund { $slug }.
push-over = Lần trả này vượt { $amount } so với số còn phải trả (một lần trả khác đến cùng lúc). Hoàn lại phần chênh lệch bằng /refund { $slug } { $refund }.
push-failed-title = ❌ Một khoản thanh toán thất bại
push-reason = Lý do: { $reason }
push-failed-still-open = Chưa bị trừ tiền và liên kết vẫn đang mở.
push-expired-title = ⌛ Liên kết đã hết hạn
push-refunded-title = ↩️ Đã hoàn tiền
push-refunded = Đã hoàn { $amount } cho { $link }
push-refund-failed-title = ⚠️ Hoàn tiền thất bại
push-checkout-failed-title = ⚠️ Người mua không thanh toán được
push-checkout-failed = Nhà cung cấp thanh toán từ chối mở giao dịch. Liên kết vẫn mở: hãy kiểm tra tài khoản nhà cung cấp của bạn.
push-mismatch-title = ⚠️ Tạm giữ thanh toán: sai số tiền
push-mismatch = Nhà cung cấp báo { $reported }, nhưng liên kết yêu cầu { $expected }. Khoản này chưa được đánh dấu đã trả: hãy kiểm tra trên bảng điều khiển của nhà cung cấp và hoàn tiền ở đó nếu cần.
card-title = { $seller } đề nghị thanh toán { $amount }
card-pay = Thanh toán { $amount }
inline-create = Tạo liên kết { $amount }
inline-share = Chia sẻ liên kết này
inline-preparing = Đang chuẩn bị liên kết…
inline-register = Bắt đầu dùng paychat để tạo liên kết
# Errors in chat. $value is what the seller typed.
err-unknown-command = Tôi không biết lệnh /{ $value }. Gửi /help để xem các lệnh.
err-missing-slug = Liên kết nào? Thêm mã hoặc chính liên kết, ví dụ /{ $value } AbCdEfGh12345678
err-bad-period = "{ $value }" không phải là kỳ báo cáo. Dùng /report today, /report week hoặc /report month.
err-missing-amount = Bao nhiêu tiền? Ghi số tiền trước, ví dụ /link 250 THB học phí
err-unknown-currency = "{ $value }" không phải mã tiền tệ. Dùng mã ISO như THB, USD, IDR, VND, BRL, EUR.
err-duplicate-option = Tùy chọn { $value }: bị ghi hai lần. Chỉ ghi một lần thôi.
err-bad-expiry = "{ $value }" không phải thời hạn hợp lệ. Dùng ví dụ exp:30m, exp:12h, exp:3d hoặc exp:2w
err-bad-limit = "{ $value }" không phải giới hạn số lần dùng. Dùng số nguyên như limit:5, hoặc limit:none
err-bad-reference = "{ $value }" không dùng làm mã tham chiếu được: dùng tối đa 64 chữ cái, chữ số và - _ . / #, ví dụ ref:INV-7
err-bad-recipient = "{ $value }" không phải số điện thoại cũng không phải địa chỉ email. Dùng ví dụ to:+66812345678 hoặc to:buyer@mail.com
err-description-too-long = Mô tả quá dài: hãy giữ dưới 500 ký tự.
err-link-not-found = Tôi không tìm thấy liên kết đó trong các liên kết của bạn. Kiểm tra mã bằng /links.
err-not-found = Không tìm thấy.
err-transition = Không thể làm vậy ở trạng thái hiện tại của liên kết. Xem /status để biết tình trạng.
err-provider-refused = { $provider } không chấp nhận: { $detail }
err-provider-unavailable = Hiện không kết nối được { $provider }. Thử lại sau một phút.
err-provider-not-enabled = Nhà cung cấp thanh toán của bạn chưa được thiết lập trên máy chủ này. Hãy hỏi người quản lý paychat.
err-refund-pending = Khoản hoàn tiền của giao dịch này vẫn đang chờ nhà cung cấp thanh toán xác nhận. paychat sẽ tự hoàn tất; hãy kiểm tra lại sau vài phút.
err-internal = Đã có lỗi từ phía chúng tôi; chưa có gì bị thay đổi. Vui lòng thử lại.
err-invalid = Không thực hiện được: { $detail }
err-expiry-too-far = Thời hạn đó quá xa. Tối đa một năm, ví dụ exp:30d
err-expiry-in-past = Thời hạn phải ở trong tương lai.
err-duplicate-custom-link-ref = Bạn đã có một liên kết với mã tham chiếu đó. Hãy dùng ref: khác.
err-nothing-to-refund = Liên kết này không có khoản thanh toán nào để hoàn.
err-already-refunded = Khoản thanh toán này đã được hoàn đủ.
err-refund-exceeds-payment = Số đó nhiều hơn số tiền còn có thể hoàn của khoản thanh toán này.
err-payment-id-required = Liên kết này có nhiều khoản thanh toán; hãy hoàn tiền qua API, ghi rõ từng khoản.
err-payment-not-refundable = Khoản thanh toán này không thể hoàn tiền.
err-currency-unknown = Đó không phải mã tiền tệ. Dùng mã ISO như THB, USD, IDR.
err-invite-invalid = Liên kết mời này không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy xin người quản lý liên kết mới.
err-email-invalid = Địa chỉ email đó có vẻ không đúng.
err-phone-invalid = Số điện thoại đó có vẻ không đúng. Hãy bắt đầu bằng + và mã quốc gia.
err-too-long = Văn bản đó quá dài.
err-invalid-characters = Văn bản đó có ký tự tôi không dùng được.

# Telegram command menu (setMyCommands), 3-256 characters each.
cmd-link = Tạo liên kết thanh toán: /link 250 THB học phí
cmd-links = Các liên kết gần đây
cmd-status = Trạng thái và lịch sử liên kết
cmd-cancel = Hủy liên kết
cmd-refund = Hoàn tiền
cmd-paid = Ghi nhận thanh toán tiền mặt hoặc chuyển khoản
cmd-dup = Tạo liên kết mới giống một liên kết của bạn
cmd-qr = Hiện mã QR của liên kết
cmd-report = Tổng: hôm nay, tuần hoặc tháng
cmd-export = Tất cả liên kết và thanh toán dạng CSV
cmd-currency = Tiền tệ mặc định của bạn
cmd-lang = Ngôn ngữ của bạn
cmd-help = Tôi có thể làm gì

# Several chat apps: /connect and /notify.
help-apps =
    /connect — dùng tài khoản này từ ứng dụng chat khác (Telegram, WhatsApp, LINE)
    /notify here — nhận tin trạng thái ở cuộc chat này (/notify origin: ở nơi tạo từng liên kết)
connect-code = Gửi nội dung này trong ứng dụng chat còn lại (Telegram, WhatsApp hoặc LINE) trong vòng 15 phút: /connect { $code }
connect-done = Đã kết nối: cuộc chat này giờ thuộc về { $name }. Gửi /notify here để nhận tin trạng thái tại đây.
err-connect-code-invalid = Mã không đúng, đã dùng hoặc đã hết hạn. Gửi /connect trong ứng dụng kia để lấy mã mới.
err-connect-has-links = Cuộc chat này đã có liên kết riêng nên không thể gia nhập tài khoản khác.
notify-here = Tin trạng thái giờ sẽ gửi đến cuộc chat này.
notify-origin = Tin trạng thái giờ sẽ gửi đến cuộc chat đã tạo từng liên kết.
line-quota-low = LINE: tài khoản của cửa hàng này còn { $left } tin trạng thái trong tháng này. Khi hết, tin trạng thái sẽ gửi đến ứng dụng chat khác của bạn (/connect) hoặc chờ đến tháng sau.
notify-current = Tin trạng thái gửi đến: { $where }. Gửi /notify here hoặc /notify origin để thay đổi.
notify-where-origin = cuộc chat đã tạo từng liên kết
err-bad-notify = Dùng /notify here hoặc /notify origin.
cmd-connect = Dùng tài khoản này từ ứng dụng chat khác
cmd-notify = Nơi nhận tin trạng thái

# Confirmations and choices. Variables: $link (amount — description), $amount.
paid-confirm = Đánh dấu { $link } đã thanh toán bằng tiền mặt hoặc chuyển khoản? paychat sẽ tính là đã thanh toán.
btn-paid-yes = Đúng, đã thanh toán
refund-choose = Bạn muốn hoàn bao nhiêu cho { $link }?
refund-which = Liên kết này có nhiều khoản thanh toán có thể hoàn. Hoàn khoản nào, bao nhiêu? { $link }
refund-payment-line = { $n }. { $amount } của khoản { $paid } trả lúc { $date }
refund-more = Còn { $count } khoản cũ hơn không hiện ở đây: hoàn qua API (docs/api.md), ghi rõ từng khoản.
btn-refund-amount = { $n }. { $amount }
btn-choose = Chọn
amount-choose = Số tiền này có thể hiểu theo nhiều cách. Bạn muốn nói số nào?
amount-chosen = ✓ { $link }
not-your-question = Câu hỏi này không phải của bạn: chỉ người hỏi mới trả lời được.
err-already-applied = Việc này đã được thực hiện; không có gì thay đổi.
connect-again = Tin nhắn đó đã tạo mã rồi. Gửi lại /connect để nhận mã mới.

# Biên nhận (trang của người mua) và trang của chính máy chủ.
push-receipt = Biên nhận: { $url }
receipt-view = Xem biên nhận của bạn
receipt-title = Biên nhận
receipt-heading = Đã thanh toán cho { $seller }
receipt-for = Nội dung
receipt-date = Ngày
receipt-method = Thanh toán qua
receipt-method-manual = Tiền mặt hoặc chuyển khoản, do người bán ghi nhận
receipt-payer = Người trả
receipt-reference = Mã tham chiếu
receipt-provider-reference = Mã tham chiếu của bên thanh toán
receipt-refunded = Đã hoàn { $amount } của khoản thanh toán này.
receipt-pdf = Tải PDF
receipt-print = Hoặc in trang này từ trình duyệt.
receipt-notfound-title = Không tìm thấy biên nhận
receipt-notfound-body = Hãy kiểm tra lại địa chỉ, hoặc nhờ người bán gửi lại biên nhận.
home-title = Liên kết thanh toán từ trò chuyện
home-body = Máy chủ này chạy paychat: người bán tạo liên kết thanh toán từ Telegram, WhatsApp, LINE hoặc API, và người mua thanh toán trên các trang như /p/… mà người bán chia sẻ.
home-operators = Quản trị viên: xem README của paychat để cài đặt.

# A link's terms on the buyer page: a chosen amount, parts, items.
page-amount-from = Từ { $min }
page-amount-between = { $min } – { $max }
page-paid-so-far = Đã trả: { $paid }. Còn phải trả: { $remaining }.
page-pay-deposit = Trả tiền cọc { $amount }
page-pay-full = Trả toàn bộ { $amount }
page-pay-balance = Trả phần còn lại { $amount }
page-other-amount = Số tiền khác ({ $currency })
page-pay-chosen = Trả số tiền này
page-amount-below-min = Số tiền phải ít nhất là { $amount }.
page-amount-above-max = Số tiền tối đa là { $amount }.
page-amount-invalid = Nhập số tiền bằng chữ số, ví dụ { $example }.
page-amount-separators = Nhập số tiền không có dấu phân cách hàng nghìn, ví dụ { $example }.
page-amount-required = Chọn hoặc nhập số tiền cần trả.
page-nothing-due = Liên kết này không còn khoản nào phải trả.
items-item = Mặt hàng
items-qty = SL
items-price = Đơn giá
items-sum = Thành tiền
items-shipping = Phí giao hàng
items-discount = Giảm giá
items-discount-code = Giảm giá ({ $code })
items-total = Tổng cộng

# A link's terms in chat: items, a chosen amount, a deposit and its balance.
err-bad-item = "{ $value }" không phải một mặt hàng. Viết như sau: /link 2x bánh 45, 1x trà 30, ship 40
err-bad-deposit = "deposit:{ $value }" không dùng được: ghi phần trăm từ 1 đến 99 (deposit:30%) hoặc số tiền nhỏ hơn số tiền của liên kết (deposit:300).
err-bad-bounds = max:{ $value } nhỏ hơn min:. Ghi mức tối đa ít nhất bằng mức tối thiểu, ví dụ /link any ủng hộ min:20 max:5000
err-bounds-need-any = { $value }: dùng cho liên kết mà người mua tự chọn số tiền (min: và max: với "any"; deposit: với số tiền cố định), ví dụ /link any ủng hộ min:20 max:5000
link-open-amount = Người mua tự chọn số tiền: { $amount }
link-deposit = Có thể trả nhiều lần: trước tiên cọc ít nhất { $amount }
status-still-due = Còn phải trả: { $amount }
balance-request = Số tiền còn lại cho { $description }: { $amount }. Thanh toán tại: { $url }
balance-nothing-due = Liên kết này không còn khoản nào phải trả.
push-part-paid = Đã trả một phần: { $amount }. Còn phải trả: { $remaining }.
btn-balance-request = Đòi phần còn lại

# Reminders to the seller before an unpaid link expires (/reminders).
push-reminder-title = ⏰ Chưa thanh toán
push-reminder-expires = Hết hạn { $date }
btn-extend = Gia hạn 3 ngày
extend-done = Đã gia hạn: liên kết giờ hết hạn { $date }.
extend-before = Đã gia hạn trước đó: liên kết hết hạn { $date }.
extend-closed = Liên kết này { $status }: không có gì để gia hạn.
extend-no-expiry = Liên kết này không hết hạn: không có gì để gia hạn.
extend-at-max = Liên kết này đã hết hạn muộn nhất có thể.
reminders-on = Đã bật nhắc nhở: trước khi một liên kết chưa thanh toán hết hạn, tôi sẽ báo bạn ở đây.
reminders-off = Đã tắt nhắc nhở: tôi sẽ không nhắc về liên kết chưa thanh toán. Gửi /reminders on để bật lại.
reminders-now-on = Nhắc nhở đang bật: tôi báo trước khi một liên kết chưa thanh toán hết hạn. Gửi /reminders off để tắt.
reminders-now-off = Nhắc nhở đang tắt. Gửi /reminders on để được báo trước khi một liên kết chưa thanh toán hết hạn.
err-bad-reminders = Dùng /reminders on hoặc /reminders off.
cmd-reminders = Nhắc nhở trước khi liên kết chưa thanh toán hết hạn
err-send-needs-time = Ghi giờ sau send:{ $value }, theo múi giờ của bạn: send:{ $value } 9:00 (hoặc 21:00, 9am, 9pm).
replyto-set = Người mua trả lời email của paychat về liên kết của bạn giờ sẽ đến { $address }.
replyto-off = Thư trả lời của người mua cho email của paychat không còn đến địa chỉ của bạn.
replyto-current = Thư trả lời của người mua cho email của paychat đến { $address }. Gửi /replyto off để dừng.
replyto-none = Thư trả lời của người mua cho email của paychat chưa đến bạn. Gửi /replyto ban@mail.com để nhận.
err-bad-replyto = "{ $value }" không phải là địa chỉ email. Gửi /replyto ban@mail.com, hoặc /replyto off.
cmd-replyto = Email của bạn để nhận trả lời của người mua
btn-remind-buyer = Nhắc người mua
buyer-reminded = Đã gửi lời nhắc tới { $to }.
sent-again = Đã gửi lại tới { $to }.
to-buyer-stopped = Người mua đã dừng nhận tin về liên kết này: không gửi gì.
to-buyer-closed = Liên kết này { $status }: không gửi gì.
to-buyer-nobody = Liên kết này không có người mua để gửi. Hãy tạo với to:buyer@mail.com (hoặc to:+84912345678) và send:now.
cmd-send = Gửi lại liên kết cho người mua
