//! Take-home pay for one month: every deduction, each with the line that explains it.

use super::PayrollRules;
use super::insurance::{BusinessType, employee_half, half, health_shares};
use super::rate::Rate;
use super::resident_tax::resident_tax_estimate;
use super::withholding::withholding_kou;
use crate::dated::{BeyondData, Picked, pick};
use crate::{Dated, RuleError, Source, geo};
use jiff::civil::Date;
use serde::Serialize;

/// Highest monthly wage accepted (JPY): above it the input is taken to be a mistake.
pub const MAX_MONTHLY_WAGE_JPY: i64 = 10_000_000;
pub const MIN_AGE: i64 = 15;
pub const MAX_AGE: i64 = 100;
pub const MAX_DEPENDENTS: i64 = 20;
/// Highest monthly commuting allowance accepted (JPY), as for a posting's monthly amounts.
pub const MAX_COMMUTING_ALLOWANCE_JPY: i64 = 1_000_000;
/// Highest employee rate a health-insurance society may be declared to charge, in percent:
/// an input check against typing mistakes, not a legal limit.
pub const MAX_DECLARED_EMPLOYEE_PERCENT: &str = "10";

/// Kyokai Kenpo and employment-insurance rates are set for one fiscal year.
const FISCAL_YEAR_MONTHS: i8 = 12;

/// Who insures the worker's health (and so which pension scheme applies).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HealthInsurer {
    /// 全国健康保険協会 (Kyokai Kenpo), at the prefecture's rate: the default.
    #[default]
    KyokaiKenpo,
    /// A health-insurance society (健康保険組合), at the employee's rates the employer declares
    /// (health; long-term care for ages 40–64, `None` when not declared).
    Society {
        health_employee: Rate,
        care_employee: Option<Rate>,
    },
    /// National Health Insurance and National Pension: the workplace is not covered by
    /// employees' health insurance and pension, and the worker pays both premiums himself.
    NationalHealthInsurance,
}

impl HealthInsurer {
    pub const IDS: [&'static str; 3] = [
        "kyokai_kenpo",
        "health_insurance_society",
        "national_health_insurance",
    ];

    pub fn id(&self) -> &'static str {
        match self {
            HealthInsurer::KyokaiKenpo => Self::IDS[0],
            HealthInsurer::Society { .. } => Self::IDS[1],
            HealthInsurer::NationalHealthInsurance => Self::IDS[2],
        }
    }
}

/// What the take-home computation needs to know.
#[derive(Debug, Clone)]
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
    /// Commuting allowance paid with the wage each month (0 = none): remuneration for the
    /// insurances, non-taxable for income tax up to the limit.
    pub commuting_allowance_jpy: i64,
    pub health_insurer: HealthInsurer,
    /// The employer's business type for employment insurance.
    pub business_type: BusinessType,
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
    /// The commuting allowance counted (in the insurance base, and in take-home pay).
    pub commuting_allowance_jpy: i64,
    /// `kyokai_kenpo`, `health_insurance_society` or `national_health_insurance`.
    pub health_insurer: &'static str,
    /// `general`, `agriculture_forestry_fisheries_sake` or `construction`.
    pub employment_insurance_business_type: &'static str,
    /// National Pension, paid by the worker himself (not deducted from pay) where the
    /// workplace is not covered by employees' pension; 0 otherwise.
    pub national_pension_jpy: i64,
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

pub fn check_commuting_allowance(jpy: i64) -> Result<(), RuleError> {
    if jpy < 0 {
        return Err(RuleError::invalid(
            "commuting_allowance_jpy",
            "must_not_be_negative",
        ));
    }
    if jpy > MAX_COMMUTING_ALLOWANCE_JPY {
        return Err(RuleError::invalid("commuting_allowance_jpy", "too_large"));
    }
    Ok(())
}

/// An employee rate a health-insurance society charges, as the employer declares it in
/// percent (`"4.9"`): above 0, at most [`MAX_DECLARED_EMPLOYEE_PERCENT`], exact to 0.0001 %.
pub fn declared_rate(field: &'static str, text: &str) -> Result<Rate, RuleError> {
    let rate = Rate::parse_percent(text.trim())
        .ok_or_else(|| RuleError::invalid(field, "not_a_percentage"))?;
    let max = Rate::parse_percent(MAX_DECLARED_EMPLOYEE_PERCENT).unwrap_or(rate);
    if rate.ppm() <= 0 || rate.ppm() > max.ppm() {
        return Err(RuleError::invalid(field, "out_of_range"));
    }
    Ok(rate)
}

fn validate(input: &NetPayInput) -> Result<(), RuleError> {
    check_prefecture(input.prefecture)?;
    check_monthly_wage(input.monthly_wage_jpy)?;
    check_age(input.age)?;
    check_dependents(input.dependents)?;
    check_commuting_allowance(input.commuting_allowance_jpy)
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

    /// A line whose rule is not a dated table row (an employer's declaration, a statute).
    fn push_source(
        &mut self,
        id: &'static str,
        base_jpy: i64,
        rate: Option<Rate>,
        amount_jpy: i64,
        rule: &'static str,
        source: &'a Source,
    ) {
        self.lines.push(Line {
            id,
            base_jpy,
            rate,
            amount_jpy,
            rule,
            effective_from: None,
            source,
        });
    }

    fn note(&mut self, code: &'static str, field: &'static str, detail: impl Into<String>) {
        self.notes.push(Note {
            code,
            field,
            detail: detail.into(),
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
    /// Paid by the worker himself, not deducted from pay.
    national_pension: i64,
}

impl Premiums {
    /// What is deducted from pay.
    fn deducted(&self) -> i64 {
        self.health + self.care + self.levy + self.pension + self.employment
    }

    /// Every social-insurance premium the worker pays (the deduction for resident tax).
    fn total(&self) -> i64 {
        self.deducted() + self.national_pension
    }
}

/// Take-home pay for `input` under the rules in force on `input.date`.
///
/// Errors name the input field at fault: `prefecture`, `monthly_wage_jpy`, `age`,
/// `dependents`, or `date` when it is before the oldest rule a deduction needs.
pub fn net_pay<'a>(rules: &'a PayrollRules, input: &NetPayInput) -> Result<NetPay<'a>, RuleError> {
    validate(input)?;
    let mut ex = Explanation {
        lines: Vec::with_capacity(18),
        notes: Vec::new(),
    };
    let wage = input.monthly_wage_jpy;
    let commuting = input.commuting_allowance_jpy;
    // 報酬 / 賃金 for the insurances: the commuting allowance included.
    let remuneration = wage + commuting;
    let non_taxable = non_taxable_commuting(rules, input, &mut ex)?;
    let p = premiums(rules, input, remuneration, &mut ex)?;
    // Withholding is on the pay less the non-taxable allowance and the premiums deducted.
    let taxable_pay = remuneration - non_taxable;
    let after_insurance = taxable_pay - p.deducted();
    let income_tax = income_tax(rules, after_insurance, input, &mut ex)?;
    let resident_tax = resident_tax(rules, taxable_pay, p.total(), input, &mut ex)?;

    let first_year = remuneration - p.deducted() - p.national_pension - income_tax;
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
    if p.national_pension > 0 {
        ex.note(
            "paid_by_worker",
            "health_insurer",
            "National Pension is paid by the worker himself, not deducted from pay; take-home pay \
             counts it as spent",
        );
    }
    if net < 0 {
        ex.notes.push(Note {
            code: "deductions_exceed_wage",
            field: "monthly_wage_jpy",
            detail: format!(
                "the deductions ({} yen) exceed the wage: premiums are due on the standard \
                 remuneration of the lowest grade whatever the wage",
                remuneration - net
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
        commuting_allowance_jpy: commuting,
        health_insurer: input.health_insurer.id(),
        employment_insurance_business_type: input.business_type.id(),
        national_pension_jpy: p.national_pension,
        lines: ex.lines,
        notes: ex.notes,
    })
}

/// Standard remuneration, then health insurance, long-term care, the levy, pension and
/// employment insurance.
fn premiums<'a>(
    rules: &'a PayrollRules,
    input: &NetPayInput,
    wage: i64,
    ex: &mut Explanation<'a>,
) -> Result<Premiums, RuleError> {
    let date = input.date;
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
    // The grades above the 2020 ceiling come from the 2025 reform's steps, whose bands rest on
    // secondary reports until the cabinet order is checked.
    let old_ceiling = rules
        .pension_grades
        .first()
        .and_then(|t| t.value.grades().last())
        .map_or(i64::MAX, |g| g.standard_jpy);
    if pension_smr > old_ceiling {
        ex.note(
            "unverified",
            "date",
            format!(
                "pension: the {pension_smr}-yen grade is one of the 2025 reform's higher ceilings \
                 (from {}); its band is as reported by labour-law offices, not yet checked against \
                 the cabinet order",
                pension_grades.effective_from
            ),
        );
    }

    let (health, care, levy) = health_premiums(rules, input, health_smr, ex)?;

    let pension = pick(&ins.pension, date, "date", None)?.rule;
    let pension_ages = pick(&ins.pension_ages, date, "date", None)?.rule;
    let mut national_pension = 0;
    let pension_jpy = if input.health_insurer == HealthInsurer::NationalHealthInsurance {
        national_pension = national_pension_premium(rules, input, ex)?;
        0
    } else if pension_ages.value.contains(input.age) {
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
    let employment = pick(
        ins.employment(input.business_type),
        date,
        "date",
        Some(FISCAL_YEAR_MONTHS),
    )?;
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
        national_pension,
    })
}

/// The part of the commuting allowance that is not income for income tax: all of it up to the
/// public-transport limit (commuters by car or bicycle have lower limits, not in the data).
fn non_taxable_commuting<'a>(
    rules: &'a PayrollRules,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<i64, RuleError> {
    let commuting = input.commuting_allowance_jpy;
    if commuting == 0 {
        return Ok(0);
    }
    let limit = pick(&rules.commuting_limit, input.date, "date", None)?.rule;
    let non_taxable = commuting.min(limit.value);
    ex.push(
        "commuting_allowance_non_taxable",
        commuting,
        None,
        non_taxable,
        "commuting_non_taxable_up_to_public_transport_limit",
        limit,
    );
    ex.note(
        "assumed",
        "commuting_allowance_jpy",
        format!(
            "commuting by public transport assumed: up to {} yen a month is not taxed; by car or \
             bicycle the non-taxable limit depends on the distance and is lower (not in our data)",
            limit.value
        ),
    );
    Ok(non_taxable)
}

/// The National Pension flat premium for a worker outside employees' pension (20–59), paid
/// by the worker himself.
fn national_pension_premium<'a>(
    rules: &'a PayrollRules,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<i64, RuleError> {
    let ins = &rules.insurance;
    let ages = pick(&ins.national_pension_ages, input.date, "date", None)?.rule;
    if !ages.value.contains(input.age) {
        ex.push(
            "national_pension",
            0,
            None,
            0,
            "national_pension_not_insured_at_this_age",
            ages,
        );
        return Ok(0);
    }
    match pick(
        &ins.national_pension,
        input.date,
        "date",
        Some(FISCAL_YEAR_MONTHS),
    ) {
        Ok(premium) => {
            ex.picked("national_pension_premium", &premium);
            let amount = premium.rule.value;
            ex.push(
                "national_pension",
                0,
                None,
                amount,
                "national_pension_flat_paid_by_worker",
                premium.rule,
            );
            Ok(amount)
        }
        Err(RuleError::BeforeOldestRule { oldest, .. }) => {
            ex.note(
                "not_computed",
                "date",
                format!(
                    "National Pension: the premium before {oldest} is not in our data and is not \
                     counted"
                ),
            );
            Ok(0)
        }
        Err(e) => Err(e),
    }
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

    if input.health_insurer == HealthInsurer::NationalHealthInsurance {
        let rule = "national_health_insurance_not_computed";
        for id in ["health_insurance", "long_term_care", "child_support_levy"] {
            ex.push_source(id, 0, None, 0, rule, &rules.not_covered);
        }
        ex.note(
            "not_computed",
            "health_insurer",
            "National Health Insurance: the premium (long-term care and the child support levy \
             included) is set by the municipality on the previous year's income and paid by the \
             worker himself; it is not computed here",
        );
        return Ok((0, 0, 0));
    }
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

    let care_applies = care_ages.value.contains(input.age);
    let (health, care_jpy) = match input.health_insurer {
        HealthInsurer::Society {
            health_employee,
            care_employee,
        } => {
            let care_rate = care_employee.filter(|_| care_applies);
            let health = health_employee.apply_round_half_down(smr);
            let care_jpy = care_rate.map_or(0, |c| {
                health_employee.plus(c).apply_round_half_down(smr) - health
            });
            ex.push_source(
                "health_insurance",
                smr,
                Some(health_employee),
                health,
                "society_rate_declared_by_employer",
                &rules.declared,
            );
            ex.note(
                "declared_by_employer",
                "health_insurer",
                "health-insurance society: the employee's rates are as the employer declares \
                 them, not checked against the society's own table",
            );
            if care_applies {
                match care_rate {
                    Some(rate) => ex.push_source(
                        "long_term_care",
                        smr,
                        Some(rate),
                        care_jpy,
                        "society_care_rate_declared_by_employer",
                        &rules.declared,
                    ),
                    None => {
                        ex.push_source(
                            "long_term_care",
                            smr,
                            None,
                            0,
                            "society_care_rate_not_declared",
                            &rules.declared,
                        );
                        ex.note(
                            "not_computed",
                            "society_care_employee_percent",
                            "long-term care (ages 40–64): the society's rate was not declared, \
                             so its premium is not counted",
                        );
                    }
                }
                return levy_premium(rules, smr, ex, levy).map(|l| (health, care_jpy, l));
            }
            (health, care_jpy)
        }
        HealthInsurer::KyokaiKenpo | HealthInsurer::NationalHealthInsurance => {
            ex.picked("kyokai_kenpo_health_rate", &kyokai);
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
                return levy_premium(rules, smr, ex, levy).map(|l| (health, care_jpy, l));
            }
            (health, care_jpy)
        }
    };
    ex.push(
        "long_term_care",
        smr,
        None,
        0,
        "care_not_charged_at_this_age",
        care_ages,
    );
    if input.age > care_ages.value.max {
        ex.note(
            "paid_separately",
            "age",
            "from 65 the worker is a first-category insured person of long-term care insurance \
             (介護保険法 第9条第1号): the municipality collects the premium separately (from the \
             pension or by payment slip), not through the pay slip; it is not computed here",
        );
    }
    levy_premium(rules, smr, ex, levy).map(|l| (health, care_jpy, l))
}

/// The child and child-rearing support levy: one rate for every employees' health insurer.
fn levy_premium<'a>(
    rules: &'a PayrollRules,
    smr: i64,
    ex: &mut Explanation<'a>,
    levy: Option<Picked<'a, Rate>>,
) -> Result<i64, RuleError> {
    let ins = &rules.insurance;
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
    Ok(levy_jpy)
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
    taxable_pay: i64,
    premiums: i64,
    input: &NetPayInput,
    ex: &mut Explanation<'a>,
) -> Result<i64, RuleError> {
    let r = resident_tax_estimate(rules, taxable_pay, premiums, input.dependents, input.date)?;
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
            commuting_allowance_jpy: (k % 4) * 5_000,
            health_insurer: HealthInsurer::KyokaiKenpo,
            business_type: BusinessType::ALL[i % 3],
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
