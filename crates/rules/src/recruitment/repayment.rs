//! How long a worker really needs to repay what recruitment cost, month by month: the debt in
//! dong (what the family raised), interest on what is still owed, no repayment before the
//! first full wage, then each month's take-home pay less a living-cost allowance, sent home at
//! the bank's buying rate. Data: `recruitment/living-costs.csv` (the allowance and its
//! survey) and `recruitment/repayment.csv` (the months before the first wage, the default
//! interest rate); both cite their sources.

use super::money::div_round;
use super::{Programme, Verification};
use crate::{DataFile, RuleError, Source};
use serde::{Deserialize, Serialize};

/// The longest schedule computed: ten years.
pub const MAX_SCHEDULE_MONTHS: u32 = 120;
/// The highest yearly interest rate accepted, in basis points (100 %).
pub const MAX_INTEREST_BASIS_POINTS: u32 = 10_000;

/// One category of the household survey counted in the allowance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivingCostLine {
    /// `food`, `furniture_household`, `clothing`, `medical`, `transport_communication`,
    /// `housing`, `utilities`.
    pub category: String,
    pub name_ja: String,
    pub monthly_jpy: i64,
}

/// The monthly living-cost allowance and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LivingCosts {
    pub monthly_jpy: i64,
    pub lines: Vec<LivingCostLine>,
    /// Whether housing and utilities are in (the employer provides no housing).
    pub includes_housing: bool,
    pub survey_year: i16,
    pub verification: Verification,
    pub sources: Vec<Source>,
}

/// One month of the schedule, in dong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthBalance {
    /// 1 = the first month from the start date.
    pub month: u32,
    pub interest_vnd: i64,
    pub payment_vnd: i64,
    /// Still owed at the end of the month.
    pub balance_vnd: i64,
}

/// What the schedule found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepaymentOutcome {
    NoDebt,
    Repaid,
    /// Still owed when the contract (or [`MAX_SCHEDULE_MONTHS`]) ends.
    NotRepaidWithinContract,
    /// Take-home pay does not cover the allowance: nothing is left to repay with.
    LivingCostsExceedPay,
}

/// What the computation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepaymentInput {
    /// The upfront cost, in dong.
    pub debt_vnd: i64,
    /// Monthly take-home pay in the first twelve months, in yen.
    pub take_home_jpy: i64,
    /// From the thirteenth month (resident tax then applies), in yen.
    pub take_home_later_jpy: i64,
    pub housing_provided: bool,
    pub programme: Programme,
    /// Yearly interest in basis points (1200 = 12 %); `None` = the data's default.
    pub interest_basis_points: Option<u32>,
    /// The buying rate the savings are sent home at, dong per 100 yen.
    pub vnd_per_100_jpy: i64,
    pub contract_months: u32,
}

/// The realistic months to repay, with every assumption and the month-by-month debt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repayment {
    pub outcome: RepaymentOutcome,
    /// Months from the start date until the debt is repaid (`None` unless repaid).
    pub months: Option<u32>,
    pub living_costs: LivingCosts,
    /// Yearly interest rate used, in basis points.
    pub interest_basis_points: u32,
    /// Whether the rate is the data's default (no rate was given).
    pub interest_is_default: bool,
    pub months_without_wage: u32,
    /// Take-home pay less the allowance, in yen, in the first year and later.
    pub monthly_saving_jpy: i64,
    pub monthly_saving_later_jpy: i64,
    pub vnd_per_100_jpy: i64,
    pub total_interest_vnd: i64,
    pub schedule: Vec<MonthBalance>,
    pub verification: Verification,
    pub sources: Vec<Source>,
}

#[derive(Deserialize)]
struct CostRow {
    category: String,
    name_ja: String,
    monthly_jpy: i64,
    counted: String,
    survey_year: i16,
    verification: Verification,
}

#[derive(Deserialize)]
struct AssumptionRow {
    key: String,
    value: Option<String>,
    verification: Verification,
}

#[derive(Debug, Clone)]
pub(crate) struct RepaymentRules {
    costs: Vec<(CostRowKind, LivingCostLine)>,
    survey_year: i16,
    costs_verification: Verification,
    costs_sources: Vec<Source>,
    titp_lecture_months: u32,
    months_to_first_wage: u32,
    default_interest_basis_points: Option<u32>,
    assumptions_verification: Verification,
    assumptions_sources: Vec<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CostRowKind {
    Always,
    WithoutHousing,
}

/// `12`, `12.5`, `12.25` percent → basis points; at most two decimals, 0–100 %.
pub fn parse_percent(text: &str, field: &'static str) -> Result<u32, RuleError> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || whole.len() > 3 {
        return Err(RuleError::invalid(field, "not_a_percentage"));
    }
    let bp = whole.parse::<u32>().unwrap_or(u32::MAX).saturating_mul(100)
        + format!("{frac:0<2}").parse::<u32>().unwrap_or(0);
    if bp > MAX_INTEREST_BASIS_POINTS {
        return Err(RuleError::invalid(field, "out_of_range"));
    }
    Ok(bp)
}

impl RepaymentRules {
    pub(crate) fn parse(costs: &DataFile, assumptions: &DataFile) -> Result<Self, RuleError> {
        let bad = |file: &DataFile, reason: String| RuleError::Data {
            file: file.name.to_owned(),
            reason,
        };
        let mut lines = Vec::new();
        let mut years = Vec::new();
        let mut verification = Verification::Verified;
        for r in costs.rows::<CostRow>()? {
            if r.monthly_jpy < 0 {
                return Err(bad(costs, format!("negative amount for {}", r.category)));
            }
            years.push(r.survey_year);
            verification = verification.min(r.verification);
            let kind = match r.counted.as_str() {
                "always" => CostRowKind::Always,
                "without_housing" => CostRowKind::WithoutHousing,
                "no" => continue,
                other => return Err(bad(costs, format!("counted `{other}`"))),
            };
            lines.push((
                kind,
                LivingCostLine {
                    category: r.category,
                    name_ja: r.name_ja,
                    monthly_jpy: r.monthly_jpy,
                },
            ));
        }
        years.dedup();
        let [survey_year] = years[..] else {
            return Err(bad(costs, "one survey year expected".into()));
        };
        let mut titp = None;
        let mut first_wage = None;
        let mut interest = None;
        let mut a_verification = Verification::Verified;
        for r in assumptions.rows::<AssumptionRow>()? {
            a_verification = a_verification.min(r.verification);
            let value = r.value.as_deref().map(str::trim).filter(|v| !v.is_empty());
            let months = |v: Option<&str>| -> Result<u32, RuleError> {
                v.and_then(|v| v.parse().ok())
                    .filter(|m| *m <= 12)
                    .ok_or_else(|| bad(assumptions, format!("bad months for {}", r.key)))
            };
            match r.key.as_str() {
                "titp_lecture_months" => titp = Some(months(value)?),
                "months_to_first_wage" => first_wage = Some(months(value)?),
                "default_interest_percent_per_year" => {
                    interest = Some(
                        value
                            .map(|v| parse_percent(v, "default_interest_percent_per_year"))
                            .transpose()
                            .map_err(|e| bad(assumptions, e.to_string()))?,
                    )
                }
                other => return Err(bad(assumptions, format!("unknown key `{other}`"))),
            }
        }
        let (Some(titp_lecture_months), Some(months_to_first_wage), Some(default_interest)) =
            (titp, first_wage, interest)
        else {
            return Err(bad(assumptions, "a key is missing".into()));
        };
        Ok(RepaymentRules {
            costs: lines,
            survey_year,
            costs_verification: verification,
            costs_sources: costs.sources(),
            titp_lecture_months,
            months_to_first_wage,
            default_interest_basis_points: default_interest,
            assumptions_verification: a_verification,
            assumptions_sources: assumptions.sources(),
        })
    }

    pub(crate) fn living_costs(&self, housing_provided: bool) -> LivingCosts {
        let lines: Vec<LivingCostLine> = self
            .costs
            .iter()
            .filter(|(k, _)| *k == CostRowKind::Always || !housing_provided)
            .map(|(_, l)| l.clone())
            .collect();
        LivingCosts {
            monthly_jpy: lines.iter().map(|l| l.monthly_jpy).sum(),
            lines,
            includes_housing: !housing_provided,
            survey_year: self.survey_year,
            verification: self.costs_verification,
            sources: self.costs_sources.clone(),
        }
    }

    /// The months before the first full wage: the first wage arrives a month after work
    /// starts, and a technical intern's work starts after the post-entry course.
    pub(crate) fn months_without_wage(&self, programme: Programme) -> u32 {
        let lecture = if programme == Programme::Titp {
            self.titp_lecture_months
        } else {
            0
        };
        lecture + self.months_to_first_wage
    }

    pub(crate) fn compute(&self, input: &RepaymentInput) -> Result<Repayment, RuleError> {
        if input.debt_vnd < 0 {
            return Err(RuleError::invalid("debt_vnd", "must_not_be_negative"));
        }
        if input.vnd_per_100_jpy <= 0 {
            return Err(RuleError::invalid("vnd_per_100_jpy", "must_be_positive"));
        }
        let interest_is_default = input.interest_basis_points.is_none();
        let bp = input
            .interest_basis_points
            .or(self.default_interest_basis_points)
            .unwrap_or(0);
        if bp > MAX_INTEREST_BASIS_POINTS {
            return Err(RuleError::invalid(
                "loan_interest_percent_per_year",
                "out_of_range",
            ));
        }
        let living_costs = self.living_costs(input.housing_provided);
        let saving = input.take_home_jpy - living_costs.monthly_jpy;
        let saving_later = input.take_home_later_jpy - living_costs.monthly_jpy;
        let months_without_wage = self.months_without_wage(input.programme);
        let horizon = input.contract_months.clamp(1, MAX_SCHEDULE_MONTHS);
        let to_vnd = |jpy: i64| {
            i64::try_from(div_round(
                i128::from(jpy.max(0)) * i128::from(input.vnd_per_100_jpy),
                100,
            ))
            .unwrap_or(i64::MAX)
        };
        let schedule = schedule(input.debt_vnd, bp, months_without_wage, horizon, |month| {
            to_vnd(if month > 12 { saving_later } else { saving })
        });
        let repaid_in = schedule
            .iter()
            .find(|m| m.balance_vnd == 0)
            .map(|m| m.month);
        let outcome = if input.debt_vnd == 0 {
            RepaymentOutcome::NoDebt
        } else if repaid_in.is_some() {
            RepaymentOutcome::Repaid
        } else if saving <= 0 && saving_later <= 0 {
            RepaymentOutcome::LivingCostsExceedPay
        } else {
            RepaymentOutcome::NotRepaidWithinContract
        };
        let mut sources = living_costs.sources.clone();
        sources.extend(self.assumptions_sources.iter().cloned());
        Ok(Repayment {
            outcome,
            months: if input.debt_vnd == 0 {
                Some(0)
            } else {
                repaid_in
            },
            verification: living_costs.verification.min(self.assumptions_verification),
            living_costs,
            interest_basis_points: bp,
            interest_is_default,
            months_without_wage,
            monthly_saving_jpy: saving,
            monthly_saving_later_jpy: saving_later,
            vnd_per_100_jpy: input.vnd_per_100_jpy,
            total_interest_vnd: schedule.iter().map(|m| m.interest_vnd).sum(),
            schedule,
            sources,
        })
    }
}

/// The debt month by month: interest on what is owed (a twelfth of the yearly rate, to the
/// dong), then the month's payment from month `months_without_wage + 1` on, never more than
/// is owed. Stops when nothing is owed or after `horizon` months.
fn schedule(
    debt_vnd: i64,
    basis_points_per_year: u32,
    months_without_wage: u32,
    horizon: u32,
    payment_in: impl Fn(u32) -> i64,
) -> Vec<MonthBalance> {
    let mut out = Vec::new();
    let mut balance = debt_vnd;
    for month in 1..=horizon {
        if balance == 0 {
            break;
        }
        let interest = i64::try_from(div_round(
            i128::from(balance) * i128::from(basis_points_per_year),
            12 * 10_000,
        ))
        .unwrap_or(i64::MAX);
        let owed = balance.saturating_add(interest);
        let payment = if month > months_without_wage {
            payment_in(month).clamp(0, owed)
        } else {
            0
        };
        balance = owed - payment;
        out.push(MonthBalance {
            month,
            interest_vnd: interest,
            payment_vnd: payment,
            balance_vnd: balance,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed form of a loan of `d` at monthly rate `r`, repaid `p` a month from month
    /// `k + 1`: owed after month `n ≥ k` is `d(1+r)^n − p((1+r)^(n−k) − 1)/r`.
    fn closed_form(d: f64, r: f64, p: f64, k: u32, n: u32) -> f64 {
        let g = 1.0 + r;
        d * g.powi(n as i32) - p * (g.powi((n - k) as i32) - 1.0) / r
    }

    #[test]
    fn the_schedule_with_interest_follows_its_closed_form() {
        // 170,000,000 VND owed at 12 % a year, 2 months without wage, then 7,000,000 VND a
        // month.
        let (d, bp, k, p) = (170_000_000_i64, 1_200_u32, 2_u32, 7_000_000_i64);
        let s = schedule(d, bp, k, 120, |_| p);
        let r = f64::from(bp) / 120_000.0;
        for m in &s {
            let exact = if m.month <= k {
                d as f64 * (1.0 + r).powi(m.month as i32)
            } else {
                closed_form(d as f64, r, p as f64, k, m.month)
            };
            if m.balance_vnd > 0 {
                // Interest is rounded to the dong each month: at most half a dong a month,
                // grown by the interest since.
                let tolerance = f64::from(m.month);
                assert!(
                    (m.balance_vnd as f64 - exact).abs() <= tolerance,
                    "month {}: {} vs {exact}",
                    m.month,
                    m.balance_vnd
                );
            }
        }
        // The month it is repaid: k + ⌈−ln(1 − r·d(1+r)^k / p) / ln(1+r)⌉.
        let bk = d as f64 * (1.0 + r).powi(k as i32);
        let n = k + (-(1.0 - r * bk / p as f64).ln() / (1.0 + r).ln()).ceil() as u32;
        let last = s.last().unwrap();
        assert_eq!(last.balance_vnd, 0);
        assert_eq!(last.month, n);
        assert_eq!(n, 31);
        // Without interest it is plain division: ⌈170 / 7⌉ = 25 months of payments.
        let plain = schedule(d, 0, k, 120, |_| p);
        assert_eq!(plain.last().unwrap().month, k + 25);
        assert!(plain.iter().all(|m| m.interest_vnd == 0));
    }

    #[test]
    fn nothing_is_repaid_before_the_first_wage() {
        let s = schedule(1_000_000, 0, 2, 10, |_| 400_000);
        let payments: Vec<i64> = s.iter().map(|m| m.payment_vnd).collect();
        assert_eq!(payments, vec![0, 0, 400_000, 400_000, 200_000]);
    }

    #[test]
    fn percentages_parse_to_basis_points() {
        assert_eq!(parse_percent("12", "f").unwrap(), 1_200);
        assert_eq!(parse_percent("6.6", "f").unwrap(), 660);
        assert_eq!(parse_percent("0,55 %", "f").unwrap(), 55);
        assert_eq!(parse_percent("100", "f").unwrap(), 10_000);
        assert!(parse_percent("100.01", "f").is_err());
        assert!(parse_percent("-1", "f").is_err());
        assert!(parse_percent("1.234", "f").is_err());
        assert!(parse_percent("abc", "f").is_err());
        assert_eq!(parse_percent("x", "f").unwrap_err().field(), Some("f"));
    }
}
