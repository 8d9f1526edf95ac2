//! Take-home pay: contributions against the published grade tables and rates, worked examples
//! checked by hand, input errors, dates beyond the data, and rule-file overrides.

use jiff::civil::{Date, date};
use kakehashi_rules::payroll::{
    BusinessType, HealthInsurer, NetPay, NetPayInput, PayrollRules, net_pay, resident_tax_estimate,
    standard_remuneration,
};
use kakehashi_rules::{RuleError, RuleFiles};

const TOKYO: i64 = 13;
const SAGA: i64 = 41;
const NIIGATA: i64 = 15;

fn rules() -> &'static PayrollRules {
    PayrollRules::embedded()
}

fn input(prefecture: i64, wage: i64, age: i64, dependents: i64, on: Date) -> NetPayInput {
    NetPayInput {
        prefecture,
        monthly_wage_jpy: wage,
        age,
        dependents,
        date: on,
        commuting_allowance_jpy: 0,
        health_insurer: HealthInsurer::KyokaiKenpo,
        business_type: BusinessType::General,
    }
}

fn pay(prefecture: i64, wage: i64, age: i64, dependents: i64, on: Date) -> NetPay<'static> {
    net_pay(rules(), &input(prefecture, wage, age, dependents, on)).unwrap()
}

fn line<'a>(p: &'a NetPay<'_>, id: &str) -> &'a kakehashi_rules::payroll::Line<'a> {
    p.lines
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("no line {id}"))
}

#[test]
fn grade_boundaries() {
    // 健康保険 標準報酬月額 (協会けんぽ 保険料額表): 63,000 starts grade 2 (68,000); 290,000 starts
    // grade 22 (300,000); 1,355,000 starts grade 50 (1,390,000, the top).
    let smr = |wage| standard_remuneration(rules(), wage, date(2025, 6, 1)).unwrap();
    assert_eq!((smr(1).health_grade, smr(1).health_jpy), (1, 58_000));
    assert_eq!(smr(62_999).health_jpy, 58_000);
    assert_eq!(smr(63_000).health_jpy, 68_000);
    assert_eq!(smr(289_999).health_jpy, 280_000);
    assert_eq!(smr(290_000).health_jpy, 300_000);
    assert_eq!(smr(1_354_999).health_jpy, 1_330_000);
    assert_eq!(
        (smr(1_355_000).health_grade, smr(1_355_000).health_jpy),
        (50, 1_390_000)
    );
    assert_eq!(smr(9_999_999).health_jpy, 1_390_000);
    // 厚生年金: everything under 93,000 is grade 1 (88,000); 635,000 and more grade 32 (650,000).
    assert_eq!((smr(1).pension_grade, smr(1).pension_jpy), (1, 88_000));
    assert_eq!(smr(92_999).pension_jpy, 88_000);
    assert_eq!(smr(93_000).pension_jpy, 98_000);
    assert_eq!(smr(634_999).pension_jpy, 620_000);
    assert_eq!(
        (smr(635_000).pension_grade, smr(635_000).pension_jpy),
        (32, 650_000)
    );
}

#[test]
fn tokyo_fy2025_contributions() {
    // Tokyo FY2025: health 9.91 % (employee 4.955 %), long-term care 1.59 % (0.795 %).
    let on = date(2025, 6, 1);
    // Wage 289,999 → standard 280,000: 280,000 × 4.955 % = 13,874.0; with care 5.75 % = 16,100
    // → care 2,226; pension 280,000 × 9.15 % = 25,620.
    let p = pay(TOKYO, 289_999, 45, 0, on);
    assert_eq!(p.standard_monthly_remuneration_jpy, 280_000);
    assert_eq!(p.health_insurance_jpy, 13_874);
    assert_eq!(p.long_term_care_jpy, 2_226);
    assert_eq!(p.pension_jpy, 25_620);
    // One yen more: standard 300,000: 14,865 / 2,385 / 27,450.
    let p = pay(TOKYO, 290_000, 45, 0, on);
    assert_eq!(p.standard_monthly_remuneration_jpy, 300_000);
    assert_eq!(
        (p.health_insurance_jpy, p.long_term_care_jpy, p.pension_jpy),
        (14_865, 2_385, 27_450)
    );
    // Top grade 1,390,000 × 4.955 % = 68,874.5: exactly 50 sen is dropped → 68,874;
    // with care 1,390,000 × 5.75 % = 79,925 → care 11,051. Pension capped at 650,000 → 59,475.
    let p = pay(TOKYO, 1_400_000, 50, 0, on);
    assert_eq!(
        (p.health_insurance_jpy, p.long_term_care_jpy),
        (68_874, 11_051)
    );
    assert_eq!(p.pension_jpy, 59_475);
    // Grade 1: 58,000 × 4.955 % = 2,873.9 → 2,874; no care under 40.
    let p = pay(TOKYO, 50_000, 39, 0, on);
    assert_eq!((p.health_insurance_jpy, p.long_term_care_jpy), (2_874, 0));
    // Long-term care from 40 to 64 inclusive.
    assert_eq!(pay(TOKYO, 300_000, 40, 0, on).long_term_care_jpy, 2_385);
    assert_eq!(pay(TOKYO, 300_000, 64, 0, on).long_term_care_jpy, 2_385);
    assert_eq!(pay(TOKYO, 300_000, 65, 0, on).long_term_care_jpy, 0);
}

#[test]
fn tokyo_fy2026_contributions_with_the_child_levy() {
    // Tokyo FY2026 (from March 2026): health 9.85 % (4.925 %), care 1.62 % (0.81 %);
    // child and child-rearing support levy 0.23 % (0.115 %) from April 2026.
    // 300,000 × 4.925 % = 14,775; × 5.735 % = 17,205 → care 2,430; levy 300,000 × 0.115 % = 345.
    let march = pay(TOKYO, 300_000, 45, 0, date(2026, 3, 15));
    assert_eq!(
        (march.health_insurance_jpy, march.long_term_care_jpy),
        (14_775, 2_430)
    );
    assert_eq!(line(&march, "child_support_levy").amount_jpy, 0);
    assert_eq!(
        line(&march, "child_support_levy").rule,
        "levy_not_yet_in_force"
    );
    let april = pay(TOKYO, 300_000, 45, 0, date(2026, 4, 1));
    assert_eq!(april.health_insurance_jpy, 14_775 + 345);
    assert_eq!(line(&april, "health_insurance").amount_jpy, 14_775);
    assert_eq!(line(&april, "child_support_levy").amount_jpy, 345);
    assert_eq!(
        line(&april, "child_support_levy").rate.unwrap().to_string(),
        "0.115%"
    );
    // The FY2025 rate applies until the end of February 2026.
    assert_eq!(
        pay(TOKYO, 300_000, 45, 0, date(2026, 2, 28)).health_insurance_jpy,
        14_865
    );
}

#[test]
fn ages_each_scheme_insures() {
    // 厚生年金保険法 第9条: employees under 70; 高齢者医療確保法 第50条: from 75 the late-stage
    // elderly system replaces employees' health insurance (its premium is not computed).
    let on = date(2026, 6, 1);
    let p = pay(TOKYO, 300_000, 69, 0, on);
    assert_eq!((p.pension_jpy, p.long_term_care_jpy), (27_450, 0));
    let p = pay(TOKYO, 300_000, 70, 0, on);
    assert_eq!(p.pension_jpy, 0);
    assert_eq!(line(&p, "pension").rule, "pension_not_insured_at_this_age");
    assert_eq!(p.health_insurance_jpy, 14_775 + 345);
    let p = pay(TOKYO, 300_000, 74, 0, on);
    assert_eq!(p.health_insurance_jpy, 14_775 + 345);
    let p = pay(TOKYO, 300_000, 75, 0, on);
    assert_eq!(
        (p.health_insurance_jpy, p.long_term_care_jpy, p.pension_jpy),
        (0, 0, 0)
    );
    assert_eq!(line(&p, "child_support_levy").amount_jpy, 0);
    assert!(
        p.notes
            .iter()
            .any(|n| n.code == "not_computed" && n.field == "age")
    );
    // Employment insurance has no age limit.
    assert_eq!(p.employment_insurance_jpy, 1_500);
}

#[test]
fn other_prefectures() {
    // Saga FY2025 10.78 % (the highest): 300,000 × 5.39 % = 16,170.
    assert_eq!(
        pay(SAGA, 300_000, 30, 0, date(2025, 6, 1)).health_insurance_jpy,
        16_170
    );
    // Niigata FY2026 9.21 % (the lowest), before the levy: 300,000 × 4.605 % = 13,815.
    assert_eq!(
        pay(NIIGATA, 300_000, 30, 0, date(2026, 3, 2)).health_insurance_jpy,
        13_815
    );
}

#[test]
fn employment_insurance_by_fiscal_year() {
    // Worker rate on the wage paid: FY2025 0.55 %, FY2026 0.50 %; FY2024 0.60 %.
    // 301,234 × 0.55 % = 1,656.787 → 1,657; × 0.5 % = 1,506.17 → 1,506; × 0.6 % = 1,807.404 → 1,807.
    assert_eq!(
        pay(TOKYO, 301_234, 30, 0, date(2025, 4, 1)).employment_insurance_jpy,
        1_657
    );
    assert_eq!(
        pay(TOKYO, 301_234, 30, 0, date(2026, 3, 31)).employment_insurance_jpy,
        1_657
    );
    assert_eq!(
        pay(TOKYO, 301_234, 30, 0, date(2026, 4, 1)).employment_insurance_jpy,
        1_506
    );
    assert_eq!(
        pay(TOKYO, 301_234, 30, 0, date(2025, 3, 31)).employment_insurance_jpy,
        1_807
    );
}

/// Worked example 1, checked by hand. Tokyo, 2025-06-01, wage 300,000, age 45, no dependants.
/// Rates: 協会けんぽ 令和7年度 (東京 9.91 %, 介護 1.59 %), 厚生年金 18.3 %, 雇用保険 0.55 %;
/// withholding by the 令和2年分 computation method; resident tax for 令和7年度 on 2024 income.
#[test]
fn worked_example_tokyo_2025() {
    let p = pay(TOKYO, 300_000, 45, 0, date(2025, 6, 1));
    // Premiums: 14,865 + 2,385 + 27,450 + 1,650 (300,000 × 0.55 %) = 46,350.
    assert_eq!(
        (
            p.health_insurance_jpy,
            p.long_term_care_jpy,
            p.pension_jpy,
            p.employment_insurance_jpy
        ),
        (14_865, 2_385, 27_450, 1_650)
    );
    // A = 253,650; 給与所得控除 ⌈253,650 × 30 % + 6,667⌉ = 82,762; 基礎控除 40,000;
    // B = 130,888 × 5.105 % = 6,681.8 → 6,680. (The table's row 251,000–254,000 says 6,640: the
    // method follows the pay within a row; at the row's midpoint, 252,500, it gives 6,640 too.)
    assert_eq!(line(&p, "taxable_pay").amount_jpy, 253_650);
    assert_eq!(line(&p, "income_tax_deductions").amount_jpy, 122_762);
    assert_eq!(line(&p, "income_tax").base_jpy, 130_888);
    assert_eq!(p.income_tax_jpy, 6_680);
    // Resident tax: salary 3,600,000 → 給与所得 3,600,000 × 70 % − 80,000 = 2,440,000;
    // less premiums 556,200 and 基礎控除 430,000 → 1,453,800 → 1,453,000;
    // 所得割 87,180 − 1,500 (調整控除 50,000 × 3 %) → 85,600 and 58,120 − 1,000 → 57,100;
    // + 均等割 4,000 + 森林環境税 1,000 = 147,700 a year → 12,300 a month (June 12,400).
    assert_eq!(
        line(&p, "resident_tax_taxable_income").amount_jpy,
        1_453_000
    );
    assert_eq!(line(&p, "resident_tax_income_levy").amount_jpy, 142_700);
    assert_eq!(line(&p, "resident_tax").base_jpy, 147_700);
    assert_eq!(p.resident_tax_jpy, 12_300);
    // Net: 300,000 − 46,350 − 6,680 = 246,970 in the first year; − 12,300 = 234,670 after.
    assert_eq!(p.net_pay_first_year_jpy, 246_970);
    assert_eq!(p.net_pay_jpy, 234_670);
    assert!(p.notes.is_empty());
}

/// Worked example 2, checked by hand. Tokyo, 2026-06-01, wage 300,000, age 45, no dependants.
/// 協会けんぽ 令和8年度 (9.85 %, 介護 1.62 %, 支援金 0.23 %), 雇用保険 0.50 %, 令和8年分 method,
/// resident tax for 令和8年度 on 2025 income (給与所得控除 at least 650,000 from 2025).
#[test]
fn worked_example_tokyo_2026() {
    let p = pay(TOKYO, 300_000, 45, 0, date(2026, 6, 1));
    // 14,775 + 345 (levy) / 2,430 / 27,450 / 1,500: 46,500 in all.
    assert_eq!(
        (
            p.health_insurance_jpy,
            p.long_term_care_jpy,
            p.pension_jpy,
            p.employment_insurance_jpy
        ),
        (15_120, 2_430, 27_450, 1_500)
    );
    // A = 253,500; ⌈253,500 × 30 % + 6,667⌉ = 82,717; 基礎控除 48,334; B = 122,449;
    // × 5.105 % = 6,251.0 → 6,250.
    assert_eq!(p.income_tax_jpy, 6_250);
    // Resident: 2,440,000 − 558,000 − 430,000 = 1,452,000; 87,120 − 1,500 → 85,600;
    // 58,080 − 1,000 → 57,000; + 5,000 = 147,600 → 12,300 a month.
    assert_eq!(line(&p, "resident_tax").base_jpy, 147_600);
    assert_eq!(p.resident_tax_jpy, 12_300);
    assert_eq!(p.net_pay_first_year_jpy, 300_000 - 46_500 - 6_250);
    assert_eq!(p.net_pay_jpy, 300_000 - 46_500 - 6_250 - 12_300);
}

/// Worked example 3: a technical intern's wage in Osaka with two dependants, FY2025.
#[test]
fn worked_example_osaka_two_dependants() {
    // Osaka FY2025 10.24 % (5.12 %). Wage 210,000 → standard 220,000 (210,000–230,000).
    // Health 220,000 × 5.12 % = 11,264; pension 220,000 × 9.15 % = 20,130;
    // employment 210,000 × 0.55 % = 1,155. A = 210,000 − 32,549 = 177,451.
    // 給与所得控除 ⌈177,451 × 30 % + 6,667⌉ = ⌈59,902.3⌉ = 59,903; 基礎 40,000; 扶養 63,334;
    // B = 14,214 × 5.105 % = 725.6 → 730.
    let p = pay(27, 210_000, 28, 2, date(2025, 9, 1));
    assert_eq!(p.standard_monthly_remuneration_jpy, 220_000);
    assert_eq!(
        (
            p.health_insurance_jpy,
            p.pension_jpy,
            p.employment_insurance_jpy
        ),
        (11_264, 20_130, 1_155)
    );
    assert_eq!(p.income_tax_jpy, 730);
    // Resident (令和7年度, 2024 income): 2,520,000 → 2,520,000 × 70 % − 80,000 = 1,684,000;
    // less premiums 390,588, 基礎 430,000, 扶養 2 × 330,000 → 203,412 → 203,000;
    // 調整控除 on min(150,000, 203,000) = 150,000: 12,180 − 4,500 → 7,600; 8,120 − 3,000 → 5,100;
    // + 5,000 = 17,700 → 1,400 a month (June 2,300).
    assert_eq!(line(&p, "resident_tax").base_jpy, 17_700);
    assert_eq!(p.resident_tax_jpy, 1_400);
    let r = resident_tax_estimate(rules(), 210_000, 32_549, 2, date(2025, 9, 1)).unwrap();
    assert_eq!(r.june_jpy, 2_300);
}

#[test]
fn resident_tax_thresholds() {
    let on = date(2025, 6, 1); // 令和7年度: 2024 income, 2020 rules (給与所得控除 at least 550,000)
    // 80,000 a month: 960,000 − 550,000 = 410,000 ≤ 450,000: no resident tax at all, with the
    // 1級地 limit flagged as unverified for the worker's municipality.
    let p = pay(TOKYO, 80_000, 30, 0, on);
    assert_eq!(p.resident_tax_jpy, 0);
    assert!(
        p.notes
            .iter()
            .any(|n| n.code == "unverified" && n.field == "monthly_wage_jpy")
    );
    // 141,000 with one dependant: 1,692,000 → 1,692,000 × 60 % + 100,000 = 1,115,200: above the
    // 均等割 limit (35万 × 2 + 10万 + 21万 = 1,010,000), under the 所得割 limit (1,120,000):
    // 均等割 and 森林環境税 only, 5,000 a year → 400 a month, 600 in June.
    let r = resident_tax_estimate(rules(), 141_000, 20_000, 1, on).unwrap();
    assert_eq!(r.salary_income_jpy, 1_115_200);
    assert_eq!(
        (
            r.income_levy_jpy,
            r.per_capita_jpy,
            r.monthly_jpy,
            r.june_jpy
        ),
        (0, 5_000, 400, 600)
    );
    // June to May: the year switches on 1 June.
    let may = resident_tax_estimate(rules(), 300_000, 46_350, 0, date(2026, 5, 31)).unwrap();
    let june = resident_tax_estimate(rules(), 300_000, 46_350, 0, date(2026, 6, 1)).unwrap();
    assert_eq!(may.salary_rule.effective_from, date(2020, 1, 1));
    assert_eq!(june.salary_rule.effective_from, date(2025, 1, 1));
    // 2,000,000 a year: under the 2024 rules 2,000,000 × 70 % − 80,000 = 1,320,000; under the
    // 2025 rules (65万 minimum) the same, since both reach the 30 % tier; 1,800,000 differs:
    // 2024: 1,800,000 × 60 % + 100,000 = 1,180,000; 2025: 1,800,000 − 650,000 = 1,150,000.
    let a = resident_tax_estimate(rules(), 150_000, 0, 0, date(2026, 5, 31)).unwrap();
    let b = resident_tax_estimate(rules(), 150_000, 0, 0, date(2026, 6, 1)).unwrap();
    assert_eq!(
        (a.salary_income_jpy, b.salary_income_jpy),
        (1_180_000, 1_150_000)
    );
}

#[test]
fn lines_explain_the_figures() {
    let p = pay(TOKYO, 300_000, 45, 1, date(2026, 6, 1));
    let ids: Vec<_> = p.lines.iter().map(|l| l.id).collect();
    assert_eq!(
        ids,
        [
            "standard_remuneration",
            "pension_standard_remuneration",
            "health_insurance",
            "long_term_care",
            "child_support_levy",
            "pension",
            "employment_insurance",
            "taxable_pay",
            "income_tax_deductions",
            "income_tax",
            "resident_tax_taxable_income",
            "resident_tax_income_levy",
            "resident_tax_per_capita",
            "resident_tax",
            "net_pay_first_year",
            "net_pay",
        ]
    );
    let deductions = p.health_insurance_jpy
        + p.long_term_care_jpy
        + p.pension_jpy
        + p.employment_insurance_jpy
        + p.income_tax_jpy
        + p.resident_tax_jpy;
    assert_eq!(p.net_pay_jpy, 300_000 - deductions);
    assert_eq!(line(&p, "net_pay").amount_jpy, p.net_pay_jpy);
    assert_eq!(line(&p, "income_tax").amount_jpy, p.income_tax_jpy);
    for l in &p.lines {
        assert!(!l.source.title.is_empty(), "{} cites nothing", l.id);
    }
    // Rates serialise as exact percentage strings.
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["lines"][2]["rate"], "4.925%");
    assert_eq!(json["lines"][5]["rate"], "9.15%");
    assert_eq!(json["lines"][2]["effective_from"], "2026-03-01");
    assert_eq!(json["net_pay_jpy"], p.net_pay_jpy);
}

fn field_of(e: RuleError) -> &'static str {
    e.field().unwrap()
}

#[test]
fn errors_name_the_field() {
    let on = date(2025, 6, 1);
    let err = |i: NetPayInput| field_of(net_pay(rules(), &i).unwrap_err());
    assert_eq!(err(input(0, 300_000, 30, 0, on)), "prefecture");
    assert_eq!(err(input(48, 300_000, 30, 0, on)), "prefecture");
    assert_eq!(err(input(TOKYO, -1, 30, 0, on)), "monthly_wage_jpy");
    assert_eq!(err(input(TOKYO, 0, 30, 0, on)), "monthly_wage_jpy");
    assert_eq!(err(input(TOKYO, 10_000_001, 30, 0, on)), "monthly_wage_jpy");
    assert_eq!(err(input(TOKYO, 300_000, 14, 0, on)), "age");
    assert_eq!(err(input(TOKYO, 300_000, 101, 0, on)), "age");
    assert_eq!(err(input(TOKYO, 300_000, 30, -1, on)), "dependents");
    assert_eq!(err(input(TOKYO, 300_000, 30, 21, on)), "dependents");
    // The oldest Kyokai Kenpo rates in the data are FY2025's (from 2025-03-01); the newest rules
    // start 2029-09-01 (the last step of the pension ceiling of the 2025 reform).
    assert_eq!(rules().minimum_date(), date(2025, 3, 1));
    assert_eq!(rules().newest_effective_from(), date(2029, 9, 1));
    let e = net_pay(rules(), &input(TOKYO, 300_000, 30, 0, date(2025, 2, 28))).unwrap_err();
    assert!(
        matches!(e, RuleError::BeforeOldestRule { field: "date", .. }),
        "{e:?}"
    );
    assert!(net_pay(rules(), &input(TOKYO, 300_000, 30, 0, date(2025, 3, 1))).is_ok());
    // The limits themselves are accepted.
    assert!(net_pay(rules(), &input(47, 10_000_000, 100, 20, on)).is_ok());
    assert!(net_pay(rules(), &input(1, 1, 15, 0, on)).is_ok());
}

#[test]
fn dates_beyond_the_data_use_the_newest_rules_and_say_so() {
    let notes_for = |on| {
        let p = pay(TOKYO, 300_000, 45, 0, on);
        p.notes
            .iter()
            .map(|n| (n.code, n.field))
            .collect::<Vec<_>>()
    };
    assert!(notes_for(date(2026, 12, 31)).is_empty());
    // From 2027: the 令和8年分 withholding rules are the newest.
    assert_eq!(notes_for(date(2027, 1, 1)), [("beyond_data", "date")]);
    // From March 2027 the Kyokai Kenpo rates (and care) too; April: the levy and employment.
    assert_eq!(notes_for(date(2027, 3, 1)).len(), 3);
    assert_eq!(notes_for(date(2027, 4, 1)).len(), 5);
    // From June 2027 the resident tax too (2026 income; its salary deduction changed).
    let p = pay(TOKYO, 300_000, 45, 0, date(2027, 6, 1));
    assert_eq!(p.notes.len(), 7);
    assert!(
        p.notes
            .iter()
            .all(|n| n.code == "beyond_data" && n.field == "date")
    );
    assert!(
        p.notes[0].detail.contains("2026-03-01"),
        "{}",
        p.notes[0].detail
    );
    // The newest rules are still applied.
    assert_eq!(p.health_insurance_jpy, 14_775 + 345);
}

#[test]
fn tiny_wages_owe_more_than_they_earn() {
    // Premiums are due on the lowest grade whatever the wage: a 10,000-yen wage cannot cover them.
    let p = pay(TOKYO, 10_000, 30, 0, date(2025, 6, 1));
    assert!(p.net_pay_jpy < 0);
    assert!(p.notes.iter().any(|n| n.code == "deductions_exceed_wage"));
    assert_eq!(p.income_tax_jpy, 0);
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kakehashi-payroll-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("payroll")).unwrap();
    dir
}

#[test]
fn an_override_file_adds_a_newer_year() {
    let dir = scratch_dir("override");
    let embedded = kakehashi_rules::payroll::KYOKAI_RATES_FILE;
    let mut text = embedded.text.to_string();
    text.push_str("13,東京,Tokyo,10.00,2027-03-01,test override | https://example.org\n");
    std::fs::write(dir.join(embedded.name), text).unwrap();
    let rules = PayrollRules::load(&RuleFiles::with_overrides(&dir)).unwrap();
    let p = net_pay(&rules, &input(TOKYO, 300_000, 30, 0, date(2027, 3, 5))).unwrap();
    // 300,000 × 5 % = 15,000 + levy 345; no note for the health rate, which is now known.
    assert_eq!(p.health_insurance_jpy, 15_000 + 345);
    assert!(!p.notes.iter().any(|n| n.detail.starts_with("kyokai")));
    assert_eq!(line(&p, "health_insurance").source.title, "test override");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_malformed_override_is_a_data_error() {
    let dir = scratch_dir("malformed");
    let name = kakehashi_rules::payroll::INSURANCE_RATES_FILE.name;
    std::fs::write(
        dir.join(name),
        "kind,rate_percent,share,effective_from,source\npension,18.33333,half_of_total,2017-09-01,x\n",
    )
    .unwrap();
    let err = PayrollRules::load(&RuleFiles::with_overrides(&dir)).unwrap_err();
    assert!(matches!(err, RuleError::Data { .. }), "{err:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

const AICHI: i64 = 23;

fn with(base: NetPayInput, f: impl FnOnce(&mut NetPayInput)) -> NetPay<'static> {
    let mut i = base;
    f(&mut i);
    net_pay(rules(), &i).unwrap()
}

/// The example: Aichi, 228,000 yen plus 5,000 yen commuting. The allowance is
/// remuneration (健康保険法 §3(5), 厚生年金保険法 §3(1)(iii)): 233,000 yen falls in the 240,000
/// grade (230,000–250,000) instead of 220,000. Kyokai Kenpo Aichi FY2026 9.93 %, levy 0.23 %,
/// pension 18.3 %, employment insurance (on 233,000) 0.5 %; withholding as without the
/// allowance (non-taxable up to 150,000 yen, 所得税法施行令 §20の2) on the higher premiums.
#[test]
fn commuting_allowance_crosses_a_grade_in_aichi() {
    let on = date(2026, 5, 1);
    let without = pay(AICHI, 228_000, 25, 0, on);
    let with_commuting = with(input(AICHI, 228_000, 25, 0, on), |i| {
        i.commuting_allowance_jpy = 5_000;
    });
    assert_eq!(without.standard_monthly_remuneration_jpy, 220_000);
    assert_eq!(with_commuting.standard_monthly_remuneration_jpy, 240_000);
    assert_eq!(
        with_commuting.pension_standard_monthly_remuneration_jpy,
        240_000
    );
    // 240,000 × 4.965 % = 11,916; levy 240,000 × 0.115 % = 276.
    assert_eq!(with_commuting.health_insurance_jpy, 11_916 + 276);
    assert_eq!(with_commuting.pension_jpy, 21_960);
    assert_eq!(with_commuting.employment_insurance_jpy, 1_165);
    let premiums = |p: &NetPay<'_>| {
        p.health_insurance_jpy + p.long_term_care_jpy + p.pension_jpy + p.employment_insurance_jpy
    };
    let more = premiums(&with_commuting) - premiums(&without);
    assert_eq!(more, 993 + 23 + 1_830 + 25, "about 2,900 yen a month more");
    // Income tax: the allowance is not taxed, the higher premiums are deducted.
    let taxable = line(&with_commuting, "taxable_pay").amount_jpy;
    assert_eq!(taxable, 228_000 - premiums(&with_commuting));
    assert_eq!(
        line(&with_commuting, "commuting_allowance_non_taxable").amount_jpy,
        5_000
    );
    assert!(with_commuting.income_tax_jpy < without.income_tax_jpy);
    // Take-home pay includes the allowance paid.
    assert_eq!(
        with_commuting.net_pay_first_year_jpy,
        233_000 - premiums(&with_commuting) - with_commuting.income_tax_jpy
    );
    assert!(with_commuting.notes.iter().any(|n| n.code == "assumed"));
}

/// Above the public-transport limit (150,000 yen a month) the excess is taxed.
#[test]
fn commuting_allowance_above_the_limit_is_taxed() {
    let p = with(input(TOKYO, 300_000, 30, 0, date(2026, 5, 1)), |i| {
        i.commuting_allowance_jpy = 160_000;
    });
    assert_eq!(
        line(&p, "commuting_allowance_non_taxable").amount_jpy,
        150_000
    );
    let premiums =
        p.health_insurance_jpy + p.long_term_care_jpy + p.pension_jpy + p.employment_insurance_jpy;
    assert_eq!(line(&p, "taxable_pay").amount_jpy, 310_000 - premiums);
}

/// Employment insurance by business type (MHLW 雇用保険料率): construction and agriculture/
/// forestry/fisheries/sake 6.5/1000 in FY2025 and 6/1000 in FY2026 (worker's share), against
/// 5.5 and 5/1000 for general businesses (the oldest date the calculator accepts is 2025-03).
#[test]
fn employment_insurance_by_business_type() {
    for (on, general, other) in [
        (date(2025, 6, 1), 1_650, 1_950),
        (date(2026, 6, 1), 1_500, 1_800),
    ] {
        for business in BusinessType::ALL {
            let p = with(input(TOKYO, 300_000, 30, 0, on), |i| {
                i.business_type = business
            });
            let expected = if business == BusinessType::General {
                general
            } else {
                other
            };
            assert_eq!(p.employment_insurance_jpy, expected, "{business:?} {on}");
            assert_eq!(p.employment_insurance_business_type, business.id());
        }
    }
}

/// A health-insurance society at the rates the employer declares: health 4.6 %, care 0.9 %
/// (employee shares) on 300,000 yen: 13,800; care rounded with health (5.5 % = 16,500) 2,700.
/// The levy is the state's one rate for every employees' insurer (0.23 % from April 2026).
#[test]
fn a_health_insurance_society_at_declared_rates() {
    let pct = |s: &str| kakehashi_rules::payroll::Rate::parse_percent(s).unwrap();
    let p = with(input(TOKYO, 300_000, 45, 0, date(2026, 5, 1)), |i| {
        i.health_insurer = HealthInsurer::Society {
            health_employee: pct("4.6"),
            care_employee: Some(pct("0.9")),
        };
    });
    assert_eq!(p.health_insurer, "health_insurance_society");
    assert_eq!(p.health_insurance_jpy, 13_800 + 345);
    assert_eq!(p.long_term_care_jpy, 2_700);
    assert_eq!(
        line(&p, "health_insurance").rule,
        "society_rate_declared_by_employer"
    );
    assert!(p.notes.iter().any(|n| n.code == "declared_by_employer"));
    // Without a declared care rate the care premium is not counted, and the page says so.
    let p = with(input(TOKYO, 300_000, 45, 0, date(2026, 5, 1)), |i| {
        i.health_insurer = HealthInsurer::Society {
            health_employee: pct("4.6"),
            care_employee: None,
        };
    });
    assert_eq!(p.long_term_care_jpy, 0);
    assert!(
        p.notes
            .iter()
            .any(|n| n.field == "society_care_employee_percent")
    );
}

/// Outside employees' insurance: no health or pension premium on the pay slip, the National
/// Pension flat premium (17,510 yen FY2025, 17,920 yen FY2026) paid by the worker (20–59),
/// National Health Insurance not computed; withholding on the pay less employment insurance.
#[test]
fn national_health_insurance_and_national_pension() {
    let nhi = |age: i64, on: Date| {
        with(input(TOKYO, 200_000, age, 0, on), |i| {
            i.health_insurer = HealthInsurer::NationalHealthInsurance;
            i.business_type = BusinessType::AgricultureForestryFisheriesSake;
        })
    };
    let p = nhi(25, date(2026, 5, 1));
    assert_eq!(p.health_insurer, "national_health_insurance");
    assert_eq!(
        (p.health_insurance_jpy, p.long_term_care_jpy, p.pension_jpy),
        (0, 0, 0)
    );
    assert_eq!(p.national_pension_jpy, 17_920);
    assert_eq!(p.employment_insurance_jpy, 1_200);
    assert_eq!(line(&p, "taxable_pay").amount_jpy, 200_000 - 1_200);
    assert_eq!(
        p.net_pay_first_year_jpy,
        200_000 - 1_200 - 17_920 - p.income_tax_jpy
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.code == "not_computed" && n.field == "health_insurer")
    );
    assert!(p.notes.iter().any(|n| n.code == "paid_by_worker"));
    assert_eq!(nhi(25, date(2025, 6, 1)).national_pension_jpy, 17_510);
    assert_eq!(nhi(19, date(2026, 5, 1)).national_pension_jpy, 0);
    assert_eq!(nhi(60, date(2026, 5, 1)).national_pension_jpy, 0);
    // Before the oldest premium in the data: not counted, and said.
    let old = nhi(25, date(2025, 3, 15));
    assert_eq!(old.national_pension_jpy, 0);
    assert!(
        old.notes
            .iter()
            .any(|n| n.code == "not_computed" && n.field == "date")
    );
}

#[test]
fn a_negative_or_huge_commuting_allowance_is_refused() {
    for v in [-1, 1_000_001] {
        let e = net_pay(
            rules(),
            &NetPayInput {
                commuting_allowance_jpy: v,
                ..input(TOKYO, 200_000, 25, 0, date(2026, 5, 1))
            },
        )
        .unwrap_err();
        assert_eq!(field_of(e), "commuting_allowance_jpy");
    }
}

/// The 2025 pension reform raises the ceiling of the pension grades: 680,000 yen from
/// 2027-09, 710,000 from 2028-09, 750,000 from 2029-09 (labour-law offices' summaries of the
/// act); until then 650,000. Health-insurance grades are unchanged.
#[test]
fn the_pension_ceiling_rises_in_steps_from_september_2027() {
    let smr =
        |wage: i64, on: Date| pay(TOKYO, wage, 30, 0, on).pension_standard_monthly_remuneration_jpy;
    assert_eq!(smr(800_000, date(2027, 8, 31)), 650_000);
    assert_eq!(smr(800_000, date(2027, 9, 1)), 680_000);
    assert_eq!(smr(700_000, date(2028, 9, 1)), 710_000);
    assert_eq!(smr(694_999, date(2028, 9, 1)), 680_000);
    assert_eq!(smr(729_999, date(2029, 9, 1)), 710_000);
    assert_eq!(smr(800_000, date(2029, 9, 1)), 750_000);
    assert_eq!(smr(640_000, date(2029, 9, 1)), 650_000);
    let p = pay(TOKYO, 800_000, 30, 0, date(2029, 9, 1));
    // 750,000 × 9.15 %
    assert_eq!(p.pension_jpy, 68_625);
    assert!(
        p.notes
            .iter()
            .any(|n| n.code == "unverified" && n.detail.contains("pension"))
    );
    assert!(
        !pay(TOKYO, 800_000, 30, 0, date(2027, 8, 31))
            .notes
            .iter()
            .any(|n| n.detail.contains("higher ceilings"))
    );
}

/// From 65 the long-term care premium leaves the pay slip (介護保険法 §9(1)): a note says so.
#[test]
fn at_65_the_care_premium_is_paid_separately() {
    let p = pay(TOKYO, 250_000, 66, 0, date(2026, 5, 1));
    assert_eq!(p.long_term_care_jpy, 0);
    assert!(
        p.notes
            .iter()
            .any(|n| n.code == "paid_separately" && n.field == "age")
    );
    let p = pay(TOKYO, 250_000, 64, 0, date(2026, 5, 1));
    assert!(p.long_term_care_jpy > 0);
    assert!(!p.notes.iter().any(|n| n.code == "paid_separately"));
}
