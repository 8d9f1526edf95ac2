## Bảo vệ sổ đăng ký: thông tin định danh, giới hạn tra cứu, đối tác của tin tuyển dụng
error-identity_by_registry = Chỉ cơ quan quản lý hoặc quản trị viên mới được thay đổi thông tin này (lấy từ sổ đăng ký giấy phép). Hãy đề nghị họ đính chính.
error-reference_missing = Hồ sơ được dẫn chiếu không còn tồn tại.
error-several_organisations_match = Có nhiều tổ chức phù hợp: hãy chọn một.
posting-partner-hint = Số giấy phép, mã số doanh nghiệp hoặc tên, như trong sổ đăng ký.
problem-lookup_rate_limited = Tra cứu quá nhiều lần
problem-lookup_rate_limited-detail = Địa chỉ của bạn đã tra cứu quá nhiều lần. Hãy chờ một phút rồi thử lại, hoặc đăng nhập.
registry-total-more = Tìm thấy hơn { $total } tổ chức: hãy thêm từ để thu hẹp tìm kiếm.
