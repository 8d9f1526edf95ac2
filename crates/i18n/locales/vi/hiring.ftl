## Quy trình tuyển dụng: các bước, các bên, lý do từ chối, thông báo.

application-state-submitted = Đã nộp
application-state-screening = Đang sàng lọc
application-state-interview = Phỏng vấn
application-state-offered = Đã nhận đề nghị
application-state-accepted = Đã chấp nhận đề nghị
application-state-contract_signed = Đã ký hợp đồng
application-state-coe_issued = Đã cấp giấy chứng nhận tư cách lưu trú
application-state-visa_issued = Đã cấp thị thực
application-state-departed = Đã xuất cảnh
application-state-withdrawn = Đã rút đơn
application-state-rejected = Không được chọn
application-state-expired = Đề nghị đã hết hạn

application-by-worker = bạn
application-by-employer = người sử dụng lao động
application-by-sending_enterprise = doanh nghiệp phái cử
application-by-supervising_org = tổ chức giám sát
application-by-platform = Kakehashi

rejection-reason-position_filled = Vị trí đã đủ người.
rejection-reason-posting_closed = Công việc không còn tuyển.
rejection-reason-japanese_level_not_met = Chưa chứng minh được trình độ tiếng Nhật công việc yêu cầu.
rejection-reason-skills_test_not_passed = Chưa đạt kỳ thi kỹ năng công việc yêu cầu.
rejection-reason-qualifications_not_met = Chưa chứng minh được bằng cấp công việc yêu cầu.
rejection-reason-interview_not_passed = Phỏng vấn không đạt.
rejection-reason-health_check_not_passed = Chưa đạt khám sức khỏe bắt buộc.
rejection-reason-documents_incomplete = Thiếu giấy tờ bắt buộc.
rejection-reason-no_response_from_worker = Không nhận được trả lời của bạn.
rejection-reason-programme_requirements_not_met = Chưa đáp ứng yêu cầu của chương trình.

refusal-invalid_transition = Đơn này chưa thể chuyển sang bước đó: hiện đang ở bước “{ $state }”.
refusal-offer_expired = Đã quá hạn chấp nhận đề nghị này.
error-unknown_state = Bước không hợp lệ.
error-in_the_past = Ngày này đã qua.
error-does_not_match_offer = Đây không phải đề nghị đã lưu: hãy đọc lại đề nghị và chấp nhận đúng nội dung hiển thị.
error-unknown_reason = Hãy chọn một lý do trong danh sách.
error-not_expected = Trường này không thuộc bước này.

notification-application_screening = Đơn ứng tuyển “{ $posting_vi }” của bạn đang được sàng lọc.
notification-application_interview = Bạn được mời phỏng vấn cho “{ $posting_vi }”. Người sử dụng lao động hoặc doanh nghiệp phái cử sẽ báo thời gian và địa điểm.
notification-application_offered = Bạn nhận được đề nghị cho “{ $posting_vi }”. Hãy so sánh với tin tuyển dụng, rồi quyết định chấp nhận hay không trước hạn.
notification-application_rejected = Đơn ứng tuyển “{ $posting_vi }” của bạn không được chọn. Lý do có trên trang đơn của bạn.
notification-application_contract_signed = Hợp đồng cho “{ $posting_vi }” đã được ghi nhận. Hãy kiểm tra xem có khớp với đề nghị bạn đã chấp nhận không.
notification-application_contract_substitution = Hợp đồng ghi nhận cho “{ $posting_vi }” kém hơn đề nghị bạn đã chấp nhận. Từng điểm khác biệt có trên trang đơn của bạn; cơ quan quản lý cũng thấy.
notification-application_coe_issued = Giấy chứng nhận tư cách lưu trú cho “{ $posting_vi }” đã được cấp.
notification-application_visa_issued = Thị thực của bạn cho “{ $posting_vi }” đã được cấp.
notification-application_departed = Việc xuất cảnh của bạn cho “{ $posting_vi }” đã được ghi nhận. Chúc bạn thượng lộ bình an.
notification-application_expired = Đề nghị cho “{ $posting_vi }” đã hết hạn vì không được chấp nhận kịp thời.
