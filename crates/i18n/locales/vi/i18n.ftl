# Mọi trang bằng ngôn ngữ của người đọc (issue 15).
error-page-without-query = Mở trang này không kèm tham số
disclosure-source-posting = Tin tuyển dụng do nhà tuyển dụng đăng
disclosure-explain-gross_pay = Lương tháng theo lịch cộng các khoản phụ cấp hằng tháng
disclosure-explain-rent = Trừ vào lương mỗi tháng
disclosure-explain-utilities = Trừ vào lương mỗi tháng
disclosure-explain-meals = Trừ vào lương mỗi tháng
disclosure-explain-take_home = { $net } (lương thực nhận năm đầu) − { $own } (tiền nhà, điện nước, ăn uống)
disclosure-explain-employer_cost_share = { $others } do nhà tuyển dụng và các bên trung gian chịu ÷ { $all } tổng chi phí tuyển dụng
