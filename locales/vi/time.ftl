# Múi giờ: lệnh /timezone, và các dòng cho biết thời gian được hiển thị theo múi giờ nào.
timezone-current = Múi giờ của bạn là { $zone }; giờ địa phương hiện tại: { $now }. Mọi thời gian tôi hiển thị đều theo múi giờ này. Đổi bằng lệnh, ví dụ /timezone Asia/Bangkok
timezone-set = Từ giờ thời gian được hiển thị theo { $zone }. Giờ địa phương hiện tại: { $now }.
timezone-unknown = Tôi không biết múi giờ "{ $value }". Hãy dùng tên trong danh sách múi giờ IANA, ví dụ /timezone Asia/Ho_Chi_Minh, /timezone Asia/Bangkok, /timezone America/Sao_Paulo hoặc /timezone UTC Không nhận độ lệch giờ hoặc chữ viết tắt (Etc/GMT-7, ICT): hãy dùng tên thành phố.
welcome-timezone = Thời gian được hiển thị theo { $zone } ({ $offset }); đổi bằng /timezone.
report-today-local = Hôm nay
report-since = Từ { $start }
cmd-timezone = Múi giờ của bạn
