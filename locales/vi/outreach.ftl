# E-mail gửi người mua (outreach) và trang dừng nhận. Biến: $seller, $amount, $what, $date, $to, $reply
email-subject = { $seller } đề nghị bạn thanh toán { $amount }
email-subject-open = { $seller } đã gửi cho bạn một liên kết thanh toán
email-intro = { $seller } đã gửi cho bạn một liên kết thanh toán.
email-intro-for = { $seller } đã gửi cho bạn một liên kết thanh toán cho { $what }.
email-amount = Số tiền: { $amount }
email-amount-open = Số tiền: tùy bạn chọn, từ { $amount }
email-expires = Vui lòng thanh toán trước { $date }.
email-pay = Thanh toán ngay
email-footer = Gửi bởi paychat thay mặt { $seller }. Trả lời e-mail này để liên hệ với họ.
email-stop = Không nhận thêm e-mail về khoản thanh toán này
stop-ask-title = Dừng nhận e-mail về khoản thanh toán này?
stop-ask-body = Bạn sẽ không nhận thêm e-mail nào từ { $seller } về liên kết thanh toán này. Liên kết vẫn dùng được.
stop-button = Dừng các e-mail này
stop-done-title = Đã dừng e-mail
stop-done-body = Bạn sẽ không nhận thêm e-mail nào từ { $seller } về liên kết thanh toán này.
stop-error-title = Đã có lỗi xảy ra
stop-error-body = Vui lòng thử lại sau một phút.
event-email-sent = Đã gửi e-mail cho người mua
event-email-failed = E-mail gửi người mua bị từ chối
event-email-skipped = Không gửi e-mail cho người mua: liên kết đã đóng hoặc đã dừng
event-email-stopped = Người mua đã dừng nhận e-mail về liên kết này
push-email-failed-title = ⚠️ Không gửi được e-mail
push-email-failed = Máy chủ e-mail của người mua đã từ chối e-mail gửi tới { $to }: { $reply }. Hãy kiểm tra địa chỉ và gửi liên kết bằng cách khác.

# `send:` in /link: e-mail the link to the buyer of `to:`.
err-bad-send = "send:{ $value }" không phải là thời điểm: viết send:now, send:tomorrow 9:00 hoặc send:2026-12-24T09:00 (múi giờ của bạn).
err-send-needs-email = send: gửi liên kết cho người mua: thêm e-mail hoặc số điện thoại bằng to:, ví dụ /link 250000 VND học phí to:buyer@mail.com send:now hoặc to:+84912345678 send:now
err-schedule-in-past = Thời điểm đó đã qua: hãy chọn thời điểm sắp tới.
err-schedule-after-expiry = Thời điểm đó sau khi liên kết hết hạn: gửi sớm hơn, hoặc kéo dài liên kết bằng exp:.
err-email-not-configured = Máy chủ này chưa gửi e-mail: người vận hành cần đặt [email] smtp_url.
err-schedule-invalid = Thời điểm đó không tồn tại trong múi giờ của bạn (đồng hồ nhảy qua): chọn thời điểm khác.
link-email-now = Đã gửi e-mail tới { $to }
link-email-at = Gửi e-mail tới { $to } lúc { $date }

# Tin nhắn SMS gửi người mua: một dòng ngắn. Biến: $seller, $amount, $what, $url, $to, $reply, $cap
sms-body = { $seller } đề nghị bạn thanh toán { $amount }: { $url }
sms-body-for = { $seller } đề nghị bạn thanh toán { $amount } cho { $what }: { $url }
sms-body-open = { $seller } đã gửi bạn một liên kết thanh toán: { $url }
sms-body-open-for = { $seller } đã gửi bạn một liên kết thanh toán cho { $what }: { $url }
sms-reminder = Nhắc nhở: { $text }
sms-second-chance = Chưa hoàn tất thanh toán? { $text }
event-sms-sent = Đã gửi SMS cho người mua
event-sms-failed = Gửi SMS cho người mua thất bại
event-sms-skipped = Không gửi SMS cho người mua: liên kết đã đóng hoặc đã dừng, hoặc đã hết hạn mức SMS hôm nay
push-sms-failed-title = ⚠️ Không gửi được SMS
push-sms-failed = Không gửi được SMS tới { $to }: { $reply }. Hãy kiểm tra số và gửi liên kết bằng cách khác.
push-sms-cap-title = ⚠️ Đã hết hạn mức SMS hôm nay
push-sms-cap = Liên kết chưa được gửi SMS tới { $to }: các liên kết của bạn đã gửi { $cap } SMS hôm nay. Hãy gửi bằng cách khác, hoặc gửi lại vào ngày mai.
err-sms-not-configured = Máy chủ này chưa gửi SMS: người vận hành cần đặt [sms] account_sid.
link-sms-now = Đã gửi SMS tới { $to }
link-sms-at = Gửi SMS tới { $to } lúc { $date }

# Nhắc nhở trước khi hết hạn và cơ hội thứ hai.
email-reminder-subject = Nhắc nhở: khoản thanh toán cho { $seller } hết hạn { $date }
email-reminder-intro = Nhắc nhở: { $seller } vẫn đang chờ bạn thanh toán. Liên kết hết hạn { $date }.
email-reminder-intro-for = Nhắc nhở: { $seller } vẫn đang chờ bạn thanh toán cho { $what }. Liên kết hết hạn { $date }.
email-second-chance-subject = Bạn đã bắt đầu thanh toán cho { $seller } nhưng chưa hoàn tất
email-second-chance-intro = Bạn đã bắt đầu thanh toán cho { $seller } nhưng chưa hoàn tất. Liên kết vẫn dùng được: bạn có thể thử lại.
email-second-chance-intro-for = Bạn đã bắt đầu thanh toán cho { $seller } cho { $what } nhưng chưa hoàn tất. Liên kết vẫn dùng được: bạn có thể thử lại.
event-email-queued = Email cho người mua đã vào hàng đợi

# `remind:` trong /link.
err-bad-remind = "remind:{ $value }" không phải là khoảng thời gian: viết remind:1d, remind:12h hoặc remind:30m (trước khi liên kết hết hạn).
err-remind-needs-send = remind: đi kèm email của liên kết: thêm to:nguoimua@mail.com send:now (hoặc send: một thời điểm), vd. /link 250 THB hocphi to:nguoimua@mail.com send:now remind:1d
err-reminder-before-creation = Lời nhắc đó sẽ rơi vào trước bây giờ: liên kết hết hạn sớm hơn. Chọn remind: ngắn hơn hoặc exp: dài hơn.
err-reminder-before-send = Lời nhắc đó sẽ rơi vào trước khi email được gửi: chọn remind: ngắn hơn hoặc send: sớm hơn.
link-email-reminder-day = Email nhắc nhở 1 ngày trước khi hết hạn
link-email-reminder-days = Email nhắc nhở { $n } ngày trước khi hết hạn
link-email-reminder-hour = Email nhắc nhở 1 giờ trước khi hết hạn
link-email-reminder-hours = Email nhắc nhở { $n } giờ trước khi hết hạn
link-email-reminder-minute = Email nhắc nhở 1 phút trước khi hết hạn
link-email-reminder-minutes = Email nhắc nhở { $n } phút trước khi hết hạn
link-sms-reminder-day = SMS nhắc nhở 1 ngày trước khi hết hạn
link-sms-reminder-days = SMS nhắc nhở { $n } ngày trước khi hết hạn
link-sms-reminder-hour = SMS nhắc nhở 1 giờ trước khi hết hạn
link-sms-reminder-hours = SMS nhắc nhở { $n } giờ trước khi hết hạn
link-sms-reminder-minute = SMS nhắc nhở 1 phút trước khi hết hạn
link-sms-reminder-minutes = SMS nhắc nhở { $n } phút trước khi hết hạn
