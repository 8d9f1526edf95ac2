## Công cụ tính lương thực nhận (/calculator)
calc-title = Tính lương thực nhận
calc-intro = Lương tháng ở Nhật bị khấu trừ những gì và bạn thực nhận bao nhiêu: bảo hiểm y tế, lương hưu, bảo hiểm việc làm, thuế thu nhập và thuế thị dân, mỗi khoản kèm quy định và nguồn chính thức.
calc-prefecture = Tỉnh nơi làm việc (tại Nhật)
calc-prefecture-choose = Chọn tỉnh
calc-monthly-wage = Lương tháng trước khấu trừ (yên)
calc-monthly-wage-hint = Tổng lương kèm mọi khoản phụ cấp chịu thuế, ví dụ 220000. Tối đa { $max } yên.
calc-age = Tuổi
calc-age-hint = Số tuổi tròn, từ { $min } đến { $max }. Từ 40 đến 64 tuổi phải đóng thêm bảo hiểm chăm sóc dài hạn.
calc-dependents = Người phụ thuộc
calc-dependents-hint = Người thân bạn nuôi dưỡng và đã khai với công ty để giảm thuế thu nhập (0 nếu không có, tối đa { $max }).
calc-date = Ngày áp dụng
calc-date-hint = Áp dụng các quy định có hiệu lực vào ngày này; để trống là hôm nay.
calc-submit = Tính
calc-result = Lương thực nhận của bạn
calc-rules-on = quy định có hiệu lực ngày { $date }
calc-today = hôm nay
calc-notes = Xin lưu ý
calc-note-details = Chi tiết (bằng tiếng Anh)
calc-net-first-year = Thực nhận năm đầu tiên
calc-net-first-year-hint = Chưa phải nộp thuế thị dân: thuế này tính trên thu nhập ở Nhật của năm trước.
calc-net-later = Thực nhận từ năm thứ hai
calc-net-later-hint = Sau khi trừ thuế thị dân, tính trên thu nhập năm trước: bắt đầu từ tháng 6 của năm sau năm bạn sang Nhật.
calc-deductions = Các khoản khấu trừ hằng tháng
calc-gross = Lương tháng
calc-standard-remuneration = Mức lương chuẩn hằng tháng (bậc bảo hiểm)
calc-resident-tax-hint = Từ năm thứ hai (ước tính)
calc-chart = Lương của bạn đi đâu
calc-lines = Xem cách tính từng con số
calc-lines-intro = Từng bước: số tiền làm căn cứ, tỷ lệ, quy định áp dụng và nguồn chính thức.
calc-line-base = Căn cứ tính
calc-line-rule = Quy định
calc-line-from = Có hiệu lực từ
calc-line-source = Nguồn
calc-about = Cách tính
calc-assumptions = Bảo hiểm y tế của Hiệp hội Bảo hiểm Y tế Toàn quốc (Kyokai Kenpo) theo tỉnh, bảo hiểm hưu trí phúc lợi, bảo hiểm việc làm của ngành nghề thông thường, thuế thu nhập khấu trừ tại nguồn theo phương pháp tính của Cục Thuế Quốc gia Nhật Bản (cột 甲, cho người lao động đã nộp tờ khai người phụ thuộc), và thuế thị dân ước tính từ 12 tháng lương này theo thuế suất tiêu chuẩn. Chưa tính tiền làm thêm giờ, tiền thưởng và các khoản trừ đã thỏa thuận với công ty (tiền nhà, tiền ăn). Phiếu lương của bạn có thể chênh vài yên; nếu chênh nhiều hơn, hãy hỏi công ty hoặc tổ chức hỗ trợ.
calc-elsewhere = Các chương trình có thể dùng cùng phép tính này qua POST /api/v1/calc/net-pay và trên dòng lệnh: kakehashi calc net-pay.

## Các bước tính
line-standard_remuneration = Mức lương chuẩn hằng tháng (bảo hiểm y tế)
line-pension_standard_remuneration = Mức lương chuẩn hằng tháng (lương hưu)
line-health_insurance = Bảo hiểm y tế
line-long_term_care = Bảo hiểm chăm sóc dài hạn
line-child_support_levy = Khoản đóng hỗ trợ nuôi dạy trẻ em
line-pension = Bảo hiểm hưu trí phúc lợi
line-employment_insurance = Bảo hiểm việc làm
line-taxable_pay = Lương sau khi trừ bảo hiểm xã hội
line-income_tax_deductions = Các khoản giảm trừ thuế thu nhập (tiền lương, cơ bản, người phụ thuộc)
line-income_tax = Thuế thu nhập (khấu trừ tại nguồn)
line-resident_tax_taxable_income = Thuế thị dân: thu nhập chịu thuế cả năm
line-resident_tax_income_levy = Thuế thị dân: phần tính theo thu nhập cả năm
line-resident_tax_per_capita = Thuế thị dân: phần đóng theo đầu người và thuế môi trường rừng
line-resident_tax = Thuế thị dân
line-net_pay_first_year = Thực nhận năm đầu tiên
line-net_pay = Thực nhận từ năm thứ hai

## Các quy định áp dụng
rule-health_insurance_grade = Lương được xếp vào một bậc trong bảng bảo hiểm y tế; phí bảo hiểm tính trên mức chuẩn của bậc đó.
rule-pension_grade = Lương được xếp vào một bậc trong bảng lương hưu (32 bậc, tối đa 650.000 yên).
rule-kyokai_kenpo_employee_half = Tỷ lệ Kyokai Kenpo của tỉnh nhân với mức lương chuẩn; người lao động đóng một nửa, công ty đóng nửa còn lại.
rule-care_rounded_with_health = Tỷ lệ bảo hiểm chăm sóc dài hạn, phần nửa của người lao động; làm tròn chung với bảo hiểm y tế như bảng của hiệp hội.
rule-care_not_charged_at_this_age = Bảo hiểm chăm sóc dài hạn chỉ thu qua công ty đối với người từ 40 đến 64 tuổi.
rule-not_in_employees_health_insurance_at_this_age = Từ 75 tuổi, người lao động chuyển từ bảo hiểm y tế của công ty sang chế độ y tế cho người cao tuổi giai đoạn sau.
rule-child_support_levy_employee_half = Khoản đóng hỗ trợ nuôi dạy trẻ em (từ tháng 4/2026), phần nửa của người lao động.
rule-levy_not_yet_in_force = Vào ngày này chưa thu khoản đóng hỗ trợ nuôi dạy trẻ em.
rule-employees_pension_employee_half = Tỷ lệ bảo hiểm hưu trí phúc lợi 18,3% trên mức lương chuẩn; người lao động đóng một nửa.
rule-pension_not_insured_at_this_age = Từ 70 tuổi, người lao động không còn tham gia bảo hiểm hưu trí phúc lợi.
rule-employment_insurance_worker_rate = Tỷ lệ bảo hiểm việc làm của người lao động trên số lương thực trả.
rule-pay_after_social_insurance = Lương trừ phí bảo hiểm xã hội: thuế thu nhập tính trên số này.
rule-kou_salary_basic_dependents_deductions = Giảm trừ thu nhập từ tiền lương, giảm trừ cơ bản và giảm trừ cho mỗi người phụ thuộc.
rule-kou_computation_method = Thuế thu nhập hằng tháng theo phương pháp tính của Cục Thuế Quốc gia, cột 甲, làm tròn đến 10 yên.
rule-resident_tax_taxable_income_estimate = 12 tháng lương này trừ giảm trừ thu nhập từ tiền lương, bảo hiểm xã hội và các khoản giảm trừ bản thân.
rule-resident_tax_income_levy_after_adjustment = 10% thu nhập chịu thuế (6% cho thành phố/quận, 4% cho tỉnh) trừ khoản giảm trừ điều chỉnh.
rule-resident_tax_per_capita_and_forest_tax = Phần đóng cố định theo đầu người và thuế môi trường rừng, trừ khi thu nhập dưới mức miễn.
rule-special_collection_july_to_may = Thuế thị dân cả năm được trừ vào lương thành 12 kỳ, từ tháng 6 đến tháng 5 năm sau; số hiển thị là kỳ tháng 7 đến tháng 5 (tháng 6 nhận phần lẻ do làm tròn).
rule-gross_less_deductions_without_resident_tax = Lương trừ bảo hiểm xã hội và thuế thu nhập.
rule-gross_less_all_deductions = Lương trừ cả sáu khoản khấu trừ.

## Lưu ý về các con số
note-beyond_data = Ngày bạn chọn muộn hơn các quy định mới nhất trong dữ liệu của chúng tôi. Đang dùng quy định mới nhất đã biết; có thể đã có quy định mới hơn.
note-unverified = Con số này phụ thuộc vào một điều chúng tôi chưa kiểm chứng được cho thành phố/quận nơi bạn sống.
note-not_computed = Một phần bạn sẽ phải đóng chưa được tính ở đây.
note-deductions_exceed_wage = Các khoản khấu trừ lớn hơn tiền lương: phí bảo hiểm vẫn phải đóng theo bậc thấp nhất dù lương bao nhiêu.

## Lỗi trong biểu mẫu
error-not_a_whole_number = Nhập một số nguyên, ví dụ 220000.
