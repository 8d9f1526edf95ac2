# Mọi trang bằng ngôn ngữ của người đọc (issue 15).
error-page-without-query = Mở trang này không kèm tham số
