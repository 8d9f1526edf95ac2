## Idempotency-Key: gửi lại an toàn các yêu cầu tạo mới
problem-idempotency_key_reused = Idempotency-Key này đã được dùng cho một yêu cầu khác
problem-idempotency_key_reused-detail = Mỗi khóa chỉ dành cho một yêu cầu. Nếu đã sửa yêu cầu, hãy gửi kèm một khóa mới.
problem-idempotency_key_in_use = Một yêu cầu với Idempotency-Key này vẫn đang được xử lý
problem-idempotency_key_in_use-detail = Vui lòng chờ giây lát rồi gửi lại: bạn sẽ nhận được kết quả của yêu cầu đó.
problem-idempotency_answer_lost = Yêu cầu với Idempotency-Key này đã được thực hiện nhưng phản hồi bị mất
problem-idempotency_answer_lost-detail = Không có gì bị tạo hai lần. Hãy tra lại kết quả trước khi gửi yêu cầu mới.
error-invalid_idempotency_key = Dùng từ 1 đến { $max } ký tự ASCII nhìn thấy được, ví dụ một UUID.
error-reused_with_another_request = Khóa này đã được dùng cho một yêu cầu khác.
