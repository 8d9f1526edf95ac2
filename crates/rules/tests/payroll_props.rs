//! Properties of take-home pay.
//!
//! "Net pay never falls as gross rises" does not hold yen by yen, and no lawful rounding can
//! make it hold: the law itself makes net pay fall
//! 1. at every standard-remuneration grade boundary: one more yen of wage moves the premiums
//!    to the next grade (health + care + levy + pension shares on the whole grade step, up to
//!    about 3,000 yen at 290,000 yen in Tokyo); the income tax and resident tax it saves are
//!    smaller than the premium step (tested below);
//! 2. within a grade, where the withholding (rounded to 10 yen) steps up by 10 yen for one
//!    more yen of pay (a fall of at most 9 yen), or the resident-tax instalment (rounded down
//!    to 100 yen) steps up by 100 (at most 99 yen), or employment insurance gains a yen;
//! 3. where income crosses a resident-tax exemption limit (the 均等割 of 5,000 yen a year and
//!    the 所得割 start at once);
//! 4. above about 2,100,000 yen a month, where the basic deductions phase out in steps
//!    (income tax: A > 2,120,833 / 2,162,499 yen; resident tax: 合計所得 > 24,000,000 yen).
//!
//! What does hold, and is tested: net pay ≤ gross; every deduction ≥ 0; net pay is gross less
//! the six deductions; within the same grades (and below 2,000,000 yen) a one-yen raise moves
//! employment insurance by 0 or 1 yen, withholding by 0 or 10 yen and the resident-tax
//! instalment by 0 or ±100 yen (or across an exemption limit; it can fall by 100 when the extra
//! yen of employment insurance, deducted 12 times, outweighs the extra salary income); at a grade boundary net pay falls
//! by no more than the premium step; and a raise of 60,000 yen or more never lowers net pay
//! (below 2,000,000 yen).

use jiff::civil::{Date, date};
use kakehashi_rules::payroll::{
    BusinessType, HealthInsurer, NetPay, NetPayInput, PayrollRules, net_pay, standard_remuneration,
};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

fn rules() -> &'static PayrollRules {
    PayrollRules::embedded()
}

const DATES: [Date; 6] = [
    date(2025, 3, 1),
    date(2025, 6, 15),
    date(2025, 12, 31),
    date(2026, 3, 10),
    date(2026, 7, 1),
    date(2026, 12, 1),
];

fn pay(prefecture: i64, wage: i64, age: i64, dependents: i64, on: Date) -> NetPay<'static> {
    let input = NetPayInput {
        prefecture,
        monthly_wage_jpy: wage,
        age,
        dependents,
        date: on,
        commuting_allowance_jpy: 0,
        health_insurer: HealthInsurer::KyokaiKenpo,
        business_type: BusinessType::General,
    };
    net_pay(rules(), &input).unwrap()
}

fn premiums(p: &NetPay<'_>) -> i64 {
    p.health_insurance_jpy + p.long_term_care_jpy + p.pension_jpy + p.employment_insurance_jpy
}

fn same_grades(a: &NetPay<'_>, b: &NetPay<'_>) -> bool {
    a.standard_monthly_remuneration_jpy == b.standard_monthly_remuneration_jpy
        && a.pension_standard_monthly_remuneration_jpy
            == b.pension_standard_monthly_remuneration_jpy
}

fn case() -> impl Strategy<Value = (i64, i64, i64, i64, Date)> {
    (
        1_i64..=47,
        1_i64..=10_000_000,
        15_i64..=100,
        0_i64..=20,
        proptest::sample::select(DATES.to_vec()),
    )
}

/// Wages where the phase-outs of point 4 cannot occur.
fn ordinary_case() -> impl Strategy<Value = (i64, i64, i64, i64, Date)> {
    (
        1_i64..=47,
        1_i64..=1_940_000,
        15_i64..=100,
        0_i64..=8,
        proptest::sample::select(DATES.to_vec()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 600,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/payroll_props.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn net_is_gross_less_nonnegative_deductions((pref, wage, age, deps, on) in case()) {
        let p = pay(pref, wage, age, deps, on);
        for d in [
            p.health_insurance_jpy,
            p.long_term_care_jpy,
            p.pension_jpy,
            p.employment_insurance_jpy,
            p.income_tax_jpy,
            p.resident_tax_jpy,
        ] {
            prop_assert!(d >= 0);
        }
        prop_assert!(p.net_pay_jpy <= wage);
        prop_assert!(p.net_pay_jpy <= p.net_pay_first_year_jpy);
        prop_assert!(p.net_pay_first_year_jpy <= wage);
        prop_assert_eq!(p.net_pay_jpy, wage - premiums(&p) - p.income_tax_jpy - p.resident_tax_jpy);
        prop_assert_eq!(p.net_pay_first_year_jpy, p.net_pay_jpy + p.resident_tax_jpy);
        if !(40..=64).contains(&age) {
            prop_assert_eq!(p.long_term_care_jpy, 0);
        }
        for l in &p.lines {
            prop_assert!(l.amount_jpy >= 0 || l.id.starts_with("net_pay") || l.id == "taxable_pay");
        }
    }

    #[test]
    fn one_more_yen_within_a_grade((pref, wage, age, deps, on) in ordinary_case()) {
        let a = pay(pref, wage, age, deps, on);
        let b = pay(pref, wage + 1, age, deps, on);
        if same_grades(&a, &b) {
            let d_employment = b.employment_insurance_jpy - a.employment_insurance_jpy;
            let d_tax = b.income_tax_jpy - a.income_tax_jpy;
            let d_resident = b.resident_tax_jpy - a.resident_tax_jpy;
            prop_assert!((0..=1).contains(&d_employment));
            prop_assert!(d_tax == 0 || d_tax == 10, "tax moved by {}", d_tax);
            let crosses_exemption = a.resident_tax_jpy == 0
                || b.lines.iter().any(|l| l.id == "resident_tax_income_levy" && l.amount_jpy > 0)
                    && !a.lines.iter().any(|l| l.id == "resident_tax_income_levy" && l.amount_jpy > 0);
            prop_assert!(
                [-100, 0, 100].contains(&d_resident) || crosses_exemption,
                "resident tax moved by {}", d_resident
            );
            prop_assert_eq!(premiums(&b) - premiums(&a), d_employment);
            // So the fall is at most 9 + 99 yen, apart from an exemption limit.
            if !crosses_exemption {
                prop_assert!(b.net_pay_jpy >= a.net_pay_jpy - 109);
            }
        } else {
            // A grade boundary: net pay falls, but by no more than the premium step.
            let step = premiums(&b) - premiums(&a);
            prop_assert!(step > 0);
            prop_assert!(a.net_pay_jpy - b.net_pay_jpy <= step);
            prop_assert!(b.income_tax_jpy <= a.income_tax_jpy);
        }
    }

    #[test]
    fn a_raise_of_60000_never_lowers_net_pay((pref, wage, age, deps, on) in ordinary_case()) {
        let a = pay(pref, wage, age, deps, on);
        let b = pay(pref, wage + 60_000, age, deps, on);
        prop_assert!(b.net_pay_jpy >= a.net_pay_jpy, "{} → {}", a.net_pay_jpy, b.net_pay_jpy);
        prop_assert!(b.net_pay_first_year_jpy >= a.net_pay_first_year_jpy);
    }

    #[test]
    fn more_dependants_never_raise_the_tax((pref, wage, age, deps, on) in case()) {
        let deps = deps.min(19);
        let a = pay(pref, wage, age, deps, on);
        let b = pay(pref, wage, age, deps + 1, on);
        prop_assert!(b.income_tax_jpy <= a.income_tax_jpy);
        prop_assert!(b.resident_tax_jpy <= a.resident_tax_jpy);
        prop_assert!(b.net_pay_jpy >= a.net_pay_jpy);
    }
}

/// Every grade boundary, for a few settings: the fall there never exceeds the premium step,
/// and the largest fall is reported.
#[test]
fn falls_at_grade_boundaries_are_bounded_by_the_premium_step() {
    let mut boundaries: Vec<i64> = Vec::new();
    let r = rules();
    let on = date(2026, 7, 1);
    let mut last = (0, 0);
    // Walk the wage in 1,000-yen steps to find where a grade changes (boundaries are multiples
    // of 1,000), then look at the yen on each side.
    for wage in (1_000..=1_400_000).step_by(1_000) {
        let s = standard_remuneration(r, wage, on).unwrap();
        let now = (s.health_jpy, s.pension_jpy);
        if now != last && wage > 1_000 {
            boundaries.push(wage);
        }
        last = now;
    }
    // 49 health-grade boundaries; the pension boundaries fall on the same wages.
    assert_eq!(boundaries.len(), 49);
    let mut largest = (0, 0);
    for (pref, age, deps) in [(13, 45, 0), (41, 30, 2), (47, 64, 5)] {
        for &b in &boundaries {
            let below = pay(pref, b - 1, age, deps, on);
            let at = pay(pref, b, age, deps, on);
            let step = premiums(&at) - premiums(&below);
            let fall = below.net_pay_jpy - at.net_pay_jpy;
            assert!(
                fall <= step,
                "{pref} at {b}: fall {fall} > premium step {step}"
            );
            if fall > largest.0 {
                largest = (fall, b);
            }
        }
    }
    println!(
        "largest fall of net pay for one more yen: {} yen at {}",
        largest.0, largest.1
    );
    assert!(largest.0 > 0, "the grade steps do make net pay fall");
}
