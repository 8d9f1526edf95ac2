# Bảo mật và cài đặt tài khoản
account-language = Ngôn ngữ của tài khoản
account-language-hint = Các thông báo gửi cho bạn được viết bằng ngôn ngữ này, và các trang cũng hiển thị bằng ngôn ngữ này trên những thiết bị bạn chưa chọn ngôn ngữ.
account-language-save = Lưu ngôn ngữ
account-language-changed = Đã lưu ngôn ngữ của tài khoản.
