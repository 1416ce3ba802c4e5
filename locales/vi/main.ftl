# Buyer payment page. Variables: $seller (seller name), $amount (formatted amount),
# $date (expiry date and time), $provider (payment provider name).
page-title = { $seller } · thanh toán
pay-heading = { $seller } đề nghị bạn thanh toán
pay-button = Thanh toán { $amount }
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
secure-note = Thanh toán được xử lý an toàn bởi { $provider }.
try-again = Thử lại
# Sandbox checkout (the built-in test provider's page).
sandbox-title = Thanh toán thử (sandbox)
sandbox-note = Chế độ thử nghiệm: không có tiền thật được chuyển.
sandbox-pay = Thanh toán thành công
sandbox-fail = Làm thanh toán thất bại
sandbox-payer = Tên người trả (không bắt buộc)
