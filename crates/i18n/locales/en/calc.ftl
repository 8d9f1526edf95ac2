## Take-home pay calculator (/calculator)
calc-title = Take-home pay calculator
calc-intro = What is deducted from a monthly wage in Japan, and what you keep: health insurance, pension, employment insurance, income tax and resident tax, each with the rule and the official source behind it.
calc-prefecture = Prefecture of the workplace
calc-prefecture-choose = Choose a prefecture
calc-monthly-wage = Monthly wage before deductions (yen)
calc-monthly-wage-hint = Gross pay with every taxable allowance, e.g. 220000. Up to { $max } yen.
calc-age = Age
calc-age-hint = In whole years, { $min } to { $max }. From 40 to 64 long-term care insurance is added.
calc-dependents = Dependants
calc-dependents-hint = Family members you support and declare to your employer for income tax (0 if none, at most { $max }).
calc-date = Date
calc-date-hint = The rules in force on this date are applied; leave empty for today.
calc-submit = Calculate
calc-result = Your take-home pay
calc-rules-on = rules in force on { $date }
calc-today = today
calc-notes = Please note
calc-note-details = Details (in English)
calc-net-first-year = Take-home pay in the first year
calc-net-first-year-hint = No resident tax yet: it is charged on the previous year's income in Japan.
calc-net-later = Take-home pay from the second year
calc-net-later-hint = After resident tax, which is charged on the previous year's income: it starts in June of the year after you arrive.
calc-deductions = Deductions, month by month
calc-gross = Monthly wage
calc-standard-remuneration = Standard monthly remuneration (insurance grade)
calc-resident-tax-hint = From the second year (estimate)
calc-chart = Where your wage goes
calc-lines = Show how each figure was reached
calc-lines-intro = Each step with the amount it starts from, the rate, the rule applied and its official source.
calc-line-base = Applied to
calc-line-rule = Rule
calc-line-from = In force since
calc-line-source = Source
calc-about = How this is calculated
calc-assumptions = Health insurance of the Japan Health Insurance Association (Kyokai Kenpo) for the prefecture, employees' pension, employment insurance for general businesses, income tax withheld by the National Tax Agency's computation method (column 甲, for workers who filed the dependants declaration), and resident tax estimated from twelve months of this wage at the standard rates. Overtime, bonuses and deductions agreed with the employer (housing, meals) are not included. Your pay slip may differ by a few yen; ask your employer or support organisation if it differs by more.
calc-elsewhere = The same calculation is available to programs at POST /api/v1/calc/net-pay and on the command line: kakehashi calc net-pay.

## The lines of the calculation
line-standard_remuneration = Standard monthly remuneration (health insurance)
line-pension_standard_remuneration = Standard monthly remuneration (pension)
line-health_insurance = Health insurance
line-long_term_care = Long-term care insurance
line-child_support_levy = Child and child-rearing support levy
line-pension = Employees' pension
line-employment_insurance = Employment insurance
line-taxable_pay = Pay after social insurance
line-income_tax_deductions = Income tax deductions (salary, basic, dependants)
line-income_tax = Income tax (withheld)
line-resident_tax_taxable_income = Resident tax: taxable income for the year
line-resident_tax_income_levy = Resident tax: income levy for the year
line-resident_tax_per_capita = Resident tax: flat levy and forest environment tax
line-resident_tax = Resident tax
line-net_pay_first_year = Take-home pay in the first year
line-net_pay = Take-home pay from the second year

## The rules applied
rule-health_insurance_grade = The wage is placed in a grade of the health-insurance table; premiums are charged on the grade's standard amount.
rule-pension_grade = The wage is placed in a grade of the pension table (32 grades, capped at 650,000 yen).
rule-kyokai_kenpo_employee_half = The prefecture's Kyokai Kenpo rate on the standard remuneration; the worker pays half, the employer the other half.
rule-care_rounded_with_health = Long-term care rate, worker's half; rounded together with health insurance, as the association's table does.
rule-care_not_charged_at_this_age = Long-term care insurance is charged only from 40 to 64 through the employer.
rule-not_in_employees_health_insurance_at_this_age = From 75 the worker leaves employees' health insurance for the late-stage elderly medical care system.
rule-child_support_levy_employee_half = The child and child-rearing support levy (from April 2026), worker's half.
rule-levy_not_yet_in_force = The child and child-rearing support levy is not yet charged on this date.
rule-employees_pension_employee_half = Employees' pension rate of 18.3 % on the standard remuneration; the worker pays half.
rule-pension_not_insured_at_this_age = From 70 the worker is no longer insured by employees' pension.
rule-employment_insurance_worker_rate = The worker's employment-insurance rate on the wage actually paid.
rule-pay_after_social_insurance = Wage less the social-insurance premiums: income tax is computed on this.
rule-kou_salary_basic_dependents_deductions = Employment income deduction, basic deduction and a deduction for each dependant.
rule-kou_computation_method = Monthly income tax by the National Tax Agency's computation method, column 甲, rounded to 10 yen.
rule-resident_tax_taxable_income_estimate = Twelve months of this wage less the employment income deduction, social insurance and personal deductions.
rule-resident_tax_income_levy_after_adjustment = 10 % of taxable income (6 % municipal, 4 % prefectural) less the adjustment deduction.
rule-resident_tax_per_capita_and_forest_tax = The flat per-person levy and the forest environment tax, unless income is under the exemption limit.
rule-special_collection_july_to_may = The year's resident tax is deducted from pay in 12 instalments, June to May; the July–May instalment is shown (June takes the rounding remainder).
rule-gross_less_deductions_without_resident_tax = Wage less social insurance and income tax.
rule-gross_less_all_deductions = Wage less all six deductions.

## Notes on the figures
note-beyond_data = The date is later than the newest rules in our data. The newest known rules are used; newer ones may apply.
note-unverified = This figure depends on something we could not verify for your municipality.
note-not_computed = Part of what you will pay is not computed here.
note-deductions_exceed_wage = The deductions are larger than the wage: insurance premiums are due on the lowest grade whatever the wage.

## Form errors
error-not_a_whole_number = Enter a whole number, e.g. 220000.
