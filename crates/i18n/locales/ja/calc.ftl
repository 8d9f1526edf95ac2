## 手取り計算 (/calculator)
calc-title = 手取り額の計算
calc-intro = 日本の月給から何が差し引かれ、いくら手元に残るのか。健康保険、厚生年金、雇用保険、所得税、住民税を、それぞれの根拠となる規定と公式の出典とともに示します。
calc-prefecture = 勤務地の都道府県
calc-prefecture-choose = 都道府県を選択
calc-monthly-wage = 控除前の月給(円)
calc-monthly-wage-hint = 課税される手当をすべて含む総支給額。例: 220000。上限 { $max } 円。
calc-age = 年齢
calc-age-hint = 満年齢で { $min }～{ $max } 歳。40～64 歳は介護保険料が加わります。
calc-dependents = 扶養親族等の数
calc-dependents-hint = 扶養控除等申告書で勤務先に申告した扶養親族の数(いなければ 0、最大 { $max })。
calc-date = 基準日
calc-date-hint = この日に施行されている規定を適用します。空欄なら今日。
calc-submit = 計算する
calc-result = 手取り額
calc-rules-on = { $date } 時点の規定
calc-today = 今日
calc-notes = ご注意ください
calc-note-details = 詳細(英語)
calc-net-first-year = 1年目の手取り額
calc-net-first-year-hint = 住民税はまだかかりません。住民税は日本での前年の所得に課されます。
calc-net-later = 2年目以降の手取り額
calc-net-later-hint = 住民税の控除後。住民税は前年の所得に課され、来日した翌年の6月から始まります。
calc-deductions = 毎月の控除
calc-gross = 月給
calc-standard-remuneration = 標準報酬月額(保険の等級)
calc-resident-tax-hint = 2年目から(概算)
calc-chart = 月給の内訳
calc-lines = 各金額の計算過程を表示
calc-lines-intro = 各段階の基礎となる金額、料率、適用した規定、公式の出典。
calc-line-base = 計算の基礎
calc-line-rule = 規定
calc-line-from = 施行日
calc-line-source = 出典
calc-about = 計算の前提
calc-assumptions = 都道府県ごとの全国健康保険協会(協会けんぽ)の健康保険、厚生年金保険、一般の事業の雇用保険、国税庁の電算機計算の特例による源泉所得税(甲欄、扶養控除等申告書を提出した人)、この月給の12か月分から標準税率で見積もった住民税で計算しています。残業代、賞与、勤務先と合意した控除(寮費、食費)は含みません。給与明細と数円違うことがあります。それ以上違う場合は、勤務先か支援機関に確認してください。
calc-elsewhere = 同じ計算はプログラムから POST /api/v1/calc/net-pay で、コマンドラインでは kakehashi calc net-pay で利用できます。

## 計算の各段階
line-standard_remuneration = 標準報酬月額(健康保険)
line-pension_standard_remuneration = 標準報酬月額(厚生年金)
line-health_insurance = 健康保険料
line-long_term_care = 介護保険料
line-child_support_levy = 子ども・子育て支援金
line-pension = 厚生年金保険料
line-employment_insurance = 雇用保険料
line-taxable_pay = 社会保険料控除後の給与
line-income_tax_deductions = 所得税の控除(給与所得控除・基礎控除・扶養控除)
line-income_tax = 所得税(源泉徴収)
line-resident_tax_taxable_income = 住民税: 年間の課税所得
line-resident_tax_income_levy = 住民税: 年間の所得割
line-resident_tax_per_capita = 住民税: 均等割と森林環境税
line-resident_tax = 住民税
line-net_pay_first_year = 1年目の手取り額
line-net_pay = 2年目以降の手取り額

## 適用した規定
rule-health_insurance_grade = 月給を健康保険の等級表にあてはめ、その等級の標準報酬月額に保険料がかかります。
rule-pension_grade = 月給を厚生年金の等級表(32等級、上限 650,000 円)にあてはめます。
rule-kyokai_kenpo_employee_half = 都道府県の協会けんぽの保険料率を標準報酬月額にかけ、本人と会社が半分ずつ負担します。
rule-care_rounded_with_health = 介護保険料率の本人負担分。協会けんぽの保険料額表と同じく健康保険料と合わせて端数処理します。
rule-care_not_charged_at_this_age = 介護保険料が給与から控除されるのは 40～64 歳のみです。
rule-not_in_employees_health_insurance_at_this_age = 75 歳からは被用者の健康保険を離れ、後期高齢者医療制度の被保険者になります。
rule-child_support_levy_employee_half = 子ども・子育て支援金(2026年4月分から)の本人負担分。
rule-levy_not_yet_in_force = この日には子ども・子育て支援金はまだ徴収されません。
rule-employees_pension_employee_half = 標準報酬月額に厚生年金保険料率 18.3% をかけ、本人が半分を負担します。
rule-pension_not_insured_at_this_age = 70 歳からは厚生年金保険の被保険者ではなくなります。
rule-employment_insurance_worker_rate = 実際に支払われた賃金に雇用保険料率(労働者負担分)をかけます。
rule-pay_after_social_insurance = 月給から社会保険料を引いた額。所得税はこの額から計算します。
rule-kou_salary_basic_dependents_deductions = 給与所得控除、基礎控除、扶養親族 1 人ごとの控除。
rule-kou_computation_method = 国税庁の電算機計算の特例(甲欄)による月額の所得税。10 円未満を四捨五入。
rule-resident_tax_taxable_income_estimate = この月給の12か月分から給与所得控除、社会保険料控除、人的控除を引いた額。
rule-resident_tax_income_levy_after_adjustment = 課税所得の 10%(市区町村 6%、道府県 4%)から調整控除を引いた額。
rule-resident_tax_per_capita_and_forest_tax = 均等割と森林環境税。所得が非課税限度額未満ならかかりません。
rule-special_collection_july_to_may = 年間の住民税を6月から翌年5月までの12回に分けて給与から特別徴収します。表示は7月～5月分の月額です(端数は6月分)。
rule-gross_less_deductions_without_resident_tax = 月給から社会保険料と所得税を引いた額。
rule-gross_less_all_deductions = 月給から6つの控除をすべて引いた額。

## 金額についての注意
note-beyond_data = 指定日は、当サイトのデータにある最新の規定より後です。既知の最新の規定を使っていますが、より新しい規定が適用される可能性があります。
note-unverified = この金額は、お住まいの市区町村について確認できていない事項に左右されます。
note-not_computed = 負担する額の一部はここでは計算していません。
note-deductions_exceed_wage = 控除額が月給を上回っています。社会保険料は月給にかかわらず最低等級の額がかかります。

## フォームのエラー
error-not_a_whole_number = 整数で入力してください。例: 220000
