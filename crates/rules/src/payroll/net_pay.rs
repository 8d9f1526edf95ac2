//! Take-home pay for one month: every deduction, each with the line that explains it.

use super::PayrollRules;
use super::insurance::{employee_half, half, health_shares};
use super::rate::Rate;
use super::resident_tax::resident_tax_estimate;
use super::withholding::withholding_kou;
use crate::dated::{BeyondData, Picked, pick};
use crate::{Dated, RuleError, Source, geo};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Highest monthly wage accepted (JPY): above it the input is taken to be a mistake.
pub const MAX_MONTHLY_WAGE_JPY: i64 = 10_000_000;
pub const MIN_AGE: i64 = 15;
pub const MAX_AGE: i64 = 100;
pub const MAX_DEPENDENTS: i64 = 20;

/// Kyokai Kenpo and employment-insurance rates are set for one fiscal year.
const FISCAL_YEAR_MONTHS: i8 = 12;

/// What the take-home computation needs to know.
#[derive(Debug, Clone, Deserialize)]
pub struct NetPayInput {
    /// JIS X 0401 prefecture code (1–47) of the workplace.
    pub prefecture: i64,
    /// The monthly wage (gross, every taxable allowance included).
    pub monthly_wage_jpy: i64,
    pub age: i64,
    /// Dependants declared for withholding (扶養親族等の数).
    pub dependents: i64,
    /// The rules in force on this date apply.
    pub date: Date,
}

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line<'a> {
    /// Stable id: standard_remuneration, pension_standard_remuneration, health_insurance,
    /// long_term_care, child_support_levy, pension, employment_insurance, taxable_pay,
    /// income_tax_deductions, income_tax, resident_tax_taxable_income,
    /// resident_tax_income_levy, resident_tax_per_capita, resident_tax, net_pay_first_year,
    /// net_pay.
    pub id: &'static str,
    pub base_jpy: i64,
    pub rate: Option<Rate>,
    pub amount_jpy: i64,
    /// Short machine id of the rule applied.
    pub rule: &'static str,
    pub effective_from: Option<Date>,
    pub source: &'a Source,
}

/// Something the reader must know about a figure: data beyond its known period, an
/// unverified fact used, an unusual result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub code: &'static str,
    pub field: &'static str,
    pub detail: String,
}

/// Take-home pay for a month and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetPay<'a> {
    /// Health-insurance standard monthly remuneration (its grade).
    pub standard_monthly_remuneration_jpy: i64,
    pub pension_standard_monthly_remuneration_jpy: i64,
    /// Employee share, the child and child-rearing support levy included (from 2026-04).
    pub health_insurance_jpy: i64,
    /// Ages 40–64 only.
    pub long_term_care_jpy: i64,
    pub pension_jpy: i64,
    pub employment_insurance_jpy: i64,
    /// Monthly withholding, column 甲, by the NTA computation method.
    pub income_tax_jpy: i64,
    /// Monthly resident tax from the second year (estimate; July–May instalment).
    pub resident_tax_jpy: i64,
    /// Gross less all six deductions (steady state, from the second year).
    pub net_pay_jpy: i64,
    /// The same without resident tax (first year in Japan).
    pub net_pay_first_year_jpy: i64,
    pub lines: Vec<Line<'a>>,
    pub notes: Vec<Note>,
}

/// Each input's own check, so that a caller can report every wrong field at once (the
/// computation stops at the first).
pub fn check_prefecture(code: i64) -> Result<(), RuleError> {
    geo::prefecture(code, "prefecture").map(|_| ())
}

pub fn check_monthly_wage(jpy: i64) -> Result<(), RuleError> {
    if jpy <= 0 {
        return Err(RuleError::invalid("monthly_wage_jpy", "must_be_positive"));
    }
    if jpy > MAX_MONTHLY_WAGE_JPY {
        return Err(RuleError::invalid("monthly_wage_jpy", "too_large"));
    }
    Ok(())
}

pub fn check_age(age: i64) -> Result<(), RuleError> {
    if !(MIN_AGE..=MAX_AGE).contains(&age) {
        return Err(RuleError::invalid("age", "out_of_range"));
    }
    Ok(())
}

pub fn check_dependents(n: i64) -> Result<(), RuleError> {
    if !(0..=MAX_DEPENDENTS).contains(&n) {
        return Err(RuleError::invalid("dependents", "out_of_range"));
    }
    Ok(())
}

fn validate(input: &NetPayInput) -> Result<(), RuleError> {
    check_prefecture(input.prefecture)?;
    check_monthly_wage(input.monthly_wage_jpy)?;
    check_age(input.age)?;
    check_dependents(input.dependents)
}

/// The explanation being built: the lines in order, and the notes.
struct Explanation<'a> {
    lines: Vec<Line<'a>>,
    notes: Vec<Note>,
}

impl<'a> Explanation<'a> {
    fn push<T>(
        &mut self,
        id: &'static str,
        base_jpy: i64,
        rate: Option<Rate>,
        amount_jpy: i64,
        rule: &'static str,
        version: &'a Dated<T>,
    ) {
        self.lines.push(Line {
            id,
            base_jpy,
            rate,
            amount_jpy,
            rule,
            effective_from: Some(version.effective_from),
            source: &version.source,
        });
    }

    /// Notes that `what` was decided by a rule whose known period ended before the date.
    fn beyond(&mut self, what: &'static str, beyond: Option<&BeyondData>) {
        if let Some(b) = beyond {
            self.notes.push(Note {
                code: "beyond_data",
                field: "date",
                detail: format!(
                    "{what}: the newest rule in the data starts {}; it is used for {}, which may be \
                     governed by a newer rule",
                    b.newest_effective_from, b.asked
                ),
            });
        }
    }

    fn picked<T>(&mut self, what: &'static str, p: &Picked<'_, T>) {
        self.beyond(what, p.beyond_data.as_ref());
    }
}

/// The employee's social-insurance shares for the month.
struct Premiums {
    health_smr: i64,
    pension_smr: i64,
    health: i64,
    care: i64,
    levy: i64,
    pension: i64,
    employment: i64,
}

impl Premiums {
    fn total(&self) -> i64 {
        self.health + self.care + self.levy + self.pension + self.employment
    }
}

/// Take-home pay for `input` under the rules in force on `input.date`.
///
/// Errors name the input field at fault: `prefecture`, `monthly_wage_jpy`, `age`,
/// `dependents`, or `date` when it is before the oldest rule a deduction needs.
pub fn net_pay<'a>(rules: &'a PayrollRules, input: &NetPayInput) -> Result<NetPay<'a>, RuleError> {
    validate(input)?;
    let mut ex = Explanation {
        lines: Vec::with_capacity(16),
        notes: Vec::new(),
    };
    let wage = input.monthly_wage_jpy;
    let p = premiums(rules, input, &mut ex)?;
    let after_insurance = wage - p.total();
    let income_tax = income_tax(rules, after_insurance, input, &mut ex)?;
    let resident_tax = resident_tax(rules, p.total(), input, &mut ex)?;

    let first_year = after_insurance - income_tax;
    let net = first_year - resident_tax;
    for (id, amount, rule) in [
        (
            "net_pay_first_year",
            first_year,
            "gross_less_deductions_without_resident_tax",
        ),
        ("net_pay", net, "gross_less_all_deductions"),
    ] {
        ex.lines.push(Line {
            id,
            base_jpy: wage,
            rate: None,
            amount_jpy: amount,
            rule,
            effective_from: None,
            source: &rules.arithmetic,
        });
    }
    if net < 0 {
        ex.notes.push(Note {
            code: "deductions_exceed_wage",
            field: "monthly_wage_jpy",
            detail: format!(
                "the deductions ({} yen) exceed the wage: premiums are due on the standard \
                 remuneration of the lowest grade whatever the wage",
                wage - net
            ),
        });
    }
    Ok(NetPay {
        standard_monthly_remuneration_jpy: p.health_smr,
        pension_standard_monthly_remuneration_jpy: p.pension_smr,
        health_insurance_jpy: p.health + p.levy,
        long_term_care_jpy: p.care,
        pension_jpy: p.pension,
        employment_insurance_jpy: p.employment,
        income_tax_jpy: income_tax,
        resident_tax_jpy: resident_tax,
        net_pay_jpy: net,
        net_pay_first_year_jpy: first_year,
        lines: ex.lines,
        notes: ex.notes,
    })
}

/// Standard remuneration, then health insurance, long-term care, the levy, pension and
/// employment insurance.
fn premiums<'a>(
    rules: &'a PayrollRules,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<Premiums, RuleError> {
    let (date, wage) = (input.date, input.monthly_wage_jpy);
    let ins = &rules.insurance;

    let health_grades = pick(&rules.health_grades, date, "date", None)?.rule;
    let pension_grades = pick(&rules.pension_grades, date, "date", None)?.rule;
    let health_smr = health_grades.value.grade_for(wage).standard_jpy;
    let pension_smr = pension_grades.value.grade_for(wage).standard_jpy;
    ex.push(
        "standard_remuneration",
        wage,
        None,
        health_smr,
        "health_insurance_grade",
        health_grades,
    );
    ex.push(
        "pension_standard_remuneration",
        wage,
        None,
        pension_smr,
        "pension_grade",
        pension_grades,
    );

    let (health, care, levy) = health_premiums(rules, input, health_smr, ex)?;

    let pension = pick(&ins.pension, date, "date", None)?.rule;
    let pension_ages = pick(&ins.pension_ages, date, "date", None)?.rule;
    let pension_jpy = if pension_ages.value.contains(input.age) {
        let amount = employee_half(pension_smr, pension.value);
        let rate = Some(half(pension.value));
        ex.push(
            "pension",
            pension_smr,
            rate,
            amount,
            "employees_pension_employee_half",
            pension,
        );
        amount
    } else {
        ex.push(
            "pension",
            pension_smr,
            None,
            0,
            "pension_not_insured_at_this_age",
            pension_ages,
        );
        0
    };

    // Employment insurance is on the wage actually paid, not on a grade.
    let employment = pick(&ins.employment, date, "date", Some(FISCAL_YEAR_MONTHS))?;
    ex.picked("employment_insurance_rate", &employment);
    let employment_jpy = employment.rule.value.apply_round_half_down(wage);
    ex.push(
        "employment_insurance",
        wage,
        Some(employment.rule.value),
        employment_jpy,
        "employment_insurance_worker_rate",
        employment.rule,
    );

    Ok(Premiums {
        health_smr,
        pension_smr,
        health,
        care,
        levy,
        pension: pension_jpy,
        employment: employment_jpy,
    })
}

/// Health insurance, long-term care and the levy, which all go with Kyokai Kenpo membership
/// (until 74): the health and care shares are rounded together, as the association's premium
/// table does; the care and levy rates are picked for their citation even when not charged.
fn health_premiums<'a>(
    rules: &'a PayrollRules,
    input: &NetPayInput,
    smr: i64,
    ex: &mut Explanation<'a>,
) -> Result<(i64, i64, i64), RuleError> {
    let (date, ins) = (input.date, &rules.insurance);
    let kyokai = ins.kyokai(input.prefecture).unwrap_or_default();
    let kyokai = pick(kyokai, date, "date", Some(FISCAL_YEAR_MONTHS))?;
    let care = pick(&ins.long_term_care, date, "date", Some(FISCAL_YEAR_MONTHS))?;
    let health_ages = pick(&ins.health_ages, date, "date", None)?.rule;
    let care_ages = pick(&ins.care_ages, date, "date", None)?.rule;
    // The levy has no rule before it starts: nothing is due then.
    let levy = match pick(
        &ins.child_support_levy,
        date,
        "date",
        Some(FISCAL_YEAR_MONTHS),
    ) {
        Ok(levy) => Some(levy),
        Err(RuleError::BeforeOldestRule { .. }) => None,
        Err(e) => return Err(e),
    };

    if !health_ages.value.contains(input.age) {
        let rule = "not_in_employees_health_insurance_at_this_age";
        for id in ["health_insurance", "long_term_care", "child_support_levy"] {
            ex.push(id, smr, None, 0, rule, health_ages);
        }
        ex.notes.push(Note {
            code: "not_computed",
            field: "age",
            detail: "from 75 the worker is insured by the late-stage elderly medical care system \
                     (後期高齢者医療), whose premium is not computed here"
                .to_owned(),
        });
        return Ok((0, 0, 0));
    }

    ex.picked("kyokai_kenpo_health_rate", &kyokai);
    let care_applies = care_ages.value.contains(input.age);
    let (health, care_jpy) = health_shares(
        smr,
        kyokai.rule.value,
        care_applies.then_some(care.rule.value),
    );
    let health_rate = Some(half(kyokai.rule.value));
    ex.push(
        "health_insurance",
        smr,
        health_rate,
        health,
        "kyokai_kenpo_employee_half",
        kyokai.rule,
    );
    if care_applies {
        ex.picked("long_term_care_rate", &care);
        let rate = Some(half(care.rule.value));
        ex.push(
            "long_term_care",
            smr,
            rate,
            care_jpy,
            "care_rounded_with_health",
            care.rule,
        );
    } else {
        ex.push(
            "long_term_care",
            smr,
            None,
            0,
            "care_not_charged_at_this_age",
            care_ages,
        );
    }

    let levy_jpy = match levy {
        Some(levy) => {
            ex.picked("child_support_levy_rate", &levy);
            let amount = employee_half(smr, levy.rule.value);
            let rate = Some(half(levy.rule.value));
            ex.push(
                "child_support_levy",
                smr,
                rate,
                amount,
                "child_support_levy_employee_half",
                levy.rule,
            );
            amount
        }
        None => {
            let first = &ins.child_support_levy[0];
            ex.push(
                "child_support_levy",
                smr,
                None,
                0,
                "levy_not_yet_in_force",
                first,
            );
            0
        }
    };
    Ok((health, care_jpy, levy_jpy))
}

/// Withholding by the computation method on the pay after social insurance.
fn income_tax<'a>(
    rules: &'a PayrollRules,
    after_insurance: i64,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<i64, RuleError> {
    let tax = withholding_kou(rules, after_insurance, input.dependents, input.date)?;
    ex.beyond("withholding_tax_rules", tax.beyond_data.as_ref());
    let c = tax.computation;
    let deductions = c.salary_deduction_jpy + c.basic_deduction_jpy + c.dependents_deduction_jpy;
    ex.push(
        "taxable_pay",
        input.monthly_wage_jpy,
        None,
        after_insurance,
        "pay_after_social_insurance",
        tax.rule,
    );
    ex.push(
        "income_tax_deductions",
        after_insurance.max(0),
        None,
        deductions,
        "kou_salary_basic_dependents_deductions",
        tax.rule,
    );
    ex.push(
        "income_tax",
        c.taxable_jpy,
        Some(c.rate),
        c.tax_jpy,
        "kou_computation_method",
        tax.rule,
    );
    Ok(c.tax_jpy)
}

/// The resident-tax instalment from the second year, estimated from this month's figures.
fn resident_tax<'a>(
    rules: &'a PayrollRules,
    premiums: i64,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<i64, RuleError> {
    let r = resident_tax_estimate(
        rules,
        input.monthly_wage_jpy,
        premiums,
        input.dependents,
        input.date,
    )?;
    ex.beyond("resident_tax_rules", r.beyond_data.as_ref());
    ex.beyond(
        "salary_income_deduction_for_resident_tax",
        r.salary_beyond_data.as_ref(),
    );
    if r.per_capita_exempt {
        ex.notes.push(Note {
            code: "unverified",
            field: "monthly_wage_jpy",
            detail:
                "resident tax: income under the 均等割 limit of a 1級地 municipality; a 2級地 or \
                     3級地 municipality may still charge the 均等割 (UNVERIFIED for the worker's \
                     municipality)"
                    .to_owned(),
        });
    }
    let p = &r.params.value;
    ex.push(
        "resident_tax_taxable_income",
        r.annual_salary_jpy,
        None,
        r.taxable_income_jpy,
        "resident_tax_taxable_income_estimate",
        r.salary_rule,
    );
    ex.push(
        "resident_tax_income_levy",
        r.taxable_income_jpy,
        Some(p.municipal_rate.plus(p.prefectural_rate)),
        r.income_levy_jpy,
        "resident_tax_income_levy_after_adjustment",
        r.params,
    );
    ex.push(
        "resident_tax_per_capita",
        r.salary_income_jpy, // the income tested against the exemption limit
        None,
        r.per_capita_jpy,
        "resident_tax_per_capita_and_forest_tax",
        r.params,
    );
    ex.push(
        "resident_tax",
        r.annual_jpy,
        None,
        r.monthly_jpy,
        "special_collection_july_to_may",
        r.params,
    );
    Ok(r.monthly_jpy)
}

/// Runs `n` take-home computations over a varied set of inputs (every prefecture, wages from
/// 120,000 to about 1,300,000 yen, ages 18–69, 0–4 dependants, dates from March 2025 to
/// February 2027) and returns a checksum of the results, so a benchmark can time it and the
/// optimiser cannot skip the work.
pub fn bench_sweep(rules: &PayrollRules, n: usize) -> u64 {
    const DATES: [(i16, i8, i8); 6] = [
        (2025, 3, 1),
        (2025, 6, 15),
        (2025, 11, 30),
        (2026, 3, 10),
        (2026, 7, 1),
        (2027, 2, 28),
    ];
    let dates = DATES.map(|(y, m, d)| Date::new(y, m, d).expect("valid date"));
    let mut checksum: u64 = 0;
    for i in 0..n {
        let k = i as i64;
        let input = NetPayInput {
            prefecture: k % 47 + 1,
            monthly_wage_jpy: 120_000 + (k * 7_919) % 1_180_000,
            age: 18 + (k * 13) % 52,
            dependents: (k / 3) % 5,
            date: dates[i % dates.len()],
        };
        if let Ok(pay) = net_pay(rules, &input) {
            checksum = checksum
                .wrapping_mul(31)
                .wrapping_add(pay.net_pay_jpy as u64)
                .wrapping_add(pay.lines.len() as u64);
        }
    }
    checksum
}
