//! Individual resident tax (住民税) deducted from pay from the worker's second year in Japan.
//!
//! The tax for fiscal year Y is assessed on the income of calendar year Y − 1 and collected
//! from pay in 12 instalments, June Y to May Y + 1. A worker who arrives in Japan has no
//! Japanese income for the year before, so nothing is deducted until the June after their
//! first 1 January in Japan.
//!
//! This is an ESTIMATE with these simplifications (each documented in the data file):
//! - the previous year's income is 12 × the current monthly wage, with 12 × the current
//!   month's social-insurance shares as the social-insurance deduction;
//! - standard rates (所得割 6 % municipal + 4 % prefectural; 均等割 3,000 + 1,000 yen;
//!   森林環境税 1,000 yen); municipal surcharges are ignored;
//! - every declared dependant counts as a general dependant (一般の扶養親族: 330,000 yen
//!   deduction, 50,000 yen difference for the adjustment credit), whatever their age or
//!   relationship, and no other deduction or credit (life insurance, medical, home loan …);
//! - the 均等割 exemption uses the limits of a 1級地 municipality (the highest); a worker in a
//!   2級地/3級地 municipality may owe the 均等割 where this says nothing is due (flagged);
//! - the monthly figure is the July–May instalment (annual tax / 12, rounded down to 100 yen);
//!   June takes the remainder.

use super::data_files::{
    RESIDENT_TAX_FILE, SALARY_INCOME_DEDUCTION_FILE, data_error, first_source,
};
use super::rate::Rate;
use crate::data::{DataFile, RuleFiles};
use crate::dated::{BeyondData, pick};
use crate::{Dated, RuleError, Source};
use jiff::civil::Date;
use serde::Deserialize;

/// The resident-tax parameters for a range of instalment months.
#[derive(Debug, Clone, PartialEq)]
pub struct ResidentTaxParams {
    pub municipal_rate: Rate,
    pub prefectural_rate: Rate,
    pub municipal_per_capita_jpy: i64,
    pub prefectural_per_capita_jpy: i64,
    pub forest_environment_tax_jpy: i64,
    /// (合計所得金額 up to, deduction), ascending; the last has no limit.
    basic_deduction: Vec<(i64, i64)>,
    pub dependent_deduction_jpy: i64,
    pub adjustment_difference_basic_jpy: i64,
    pub adjustment_difference_per_dependent_jpy: i64,
    pub adjustment_municipal_rate: Rate,
    pub adjustment_prefectural_rate: Rate,
    pub adjustment_threshold_jpy: i64,
    pub adjustment_minimum_difference_jpy: i64,
    pub adjustment_income_limit_jpy: i64,
    pub income_levy_exempt: ExemptionLimit,
    pub per_capita_exempt: ExemptionLimit,
}

/// A non-taxable limit: `per_person × (1 + dependants) + base (+ with_dependants if any)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExemptionLimit {
    pub per_person_jpy: i64,
    pub base_jpy: i64,
    pub with_dependents_jpy: i64,
}

impl ExemptionLimit {
    pub fn limit(&self, dependents: i64) -> i64 {
        let extra = if dependents > 0 {
            self.with_dependents_jpy
        } else {
            0
        };
        self.per_person_jpy * (1 + dependents) + self.base_jpy + extra
    }
}

/// Salary income deduction (給与所得控除) for one range of income years.
#[derive(Debug, Clone, PartialEq)]
pub struct SalaryIncomeDeduction {
    tiers: Vec<SalaryTier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SalaryTier {
    up_to: i64,
    rate: Option<Rate>,
    plus: i64,
    round_down_to: i64,
}

impl SalaryIncomeDeduction {
    /// Salary income (給与所得) for a year's salary: the salary (rounded down to the tier's
    /// step, as the statute's table does below 6,600,000 yen) less the deduction, never < 0.
    pub fn salary_income(&self, annual_salary_jpy: i64) -> i64 {
        let i = self.tiers.partition_point(|t| t.up_to < annual_salary_jpy);
        let tier = self.tiers[i.min(self.tiers.len() - 1)];
        let salary = if tier.round_down_to > 0 {
            annual_salary_jpy - annual_salary_jpy.rem_euclid(tier.round_down_to)
        } else {
            annual_salary_jpy
        };
        let deduction = match tier.rate {
            Some(rate) => rate.apply_floor(salary) + tier.plus,
            None => tier.plus,
        };
        (salary - deduction).max(0)
    }
}

/// Resident-tax rules, effective-dated.
#[derive(Debug, Clone)]
pub struct ResidentTaxRules {
    pub(crate) params: Vec<Dated<ResidentTaxParams>>,
    pub(crate) salary: Vec<Dated<SalaryIncomeDeduction>>,
}

#[derive(Deserialize)]
struct ParamRow {
    param: String,
    up_to_jpy: Option<i64>,
    value: String,
    effective_from: Date,
    effective_to: Option<Date>,
}

#[derive(Deserialize)]
struct SalaryRow {
    effective_from: Date,
    effective_to: Option<Date>,
    up_to_jpy: Option<i64>,
    rate_percent: Option<String>,
    plus_jpy: i64,
    round_down_to_jpy: i64,
    source: String,
}

impl ResidentTaxRules {
    pub(crate) fn load(files: &RuleFiles) -> Result<Self, RuleError> {
        let file = files.get(RESIDENT_TAX_FILE)?;
        let source = first_source(&file)?;
        // Rows grouped by the period they cover.
        type Period = (Date, Option<Date>);
        let mut groups: Vec<(Period, Vec<ParamRow>)> = Vec::new();
        for row in file.rows::<ParamRow>()? {
            let key = (row.effective_from, row.effective_to);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((key, vec![row])),
            }
        }
        let mut params = Vec::new();
        for ((effective_from, effective_to), rows) in groups {
            params.push(Dated {
                effective_from,
                effective_to,
                value: params_from_rows(&file, &rows)?,
                source: source.clone(),
            });
        }
        params.sort_by_key(|p| p.effective_from);

        let file = files.get(SALARY_INCOME_DEDUCTION_FILE)?;
        let mut salary: Vec<Dated<SalaryIncomeDeduction>> = Vec::new();
        for row in file.rows::<SalaryRow>()? {
            let rate = match row.rate_percent.as_deref() {
                None | Some("") => None,
                Some(text) => Some(Rate::percent_in(text, file.name)?),
            };
            let tier = SalaryTier {
                up_to: row.up_to_jpy.unwrap_or(i64::MAX),
                rate,
                plus: row.plus_jpy,
                round_down_to: row.round_down_to_jpy,
            };
            match salary
                .iter_mut()
                .find(|d| d.effective_from == row.effective_from)
            {
                Some(d) => d.value.tiers.push(tier),
                None => salary.push(Dated {
                    effective_from: row.effective_from,
                    effective_to: row.effective_to,
                    value: SalaryIncomeDeduction { tiers: vec![tier] },
                    source: Source::parse(&row.source),
                }),
            }
        }
        for d in &salary {
            let tiers = &d.value.tiers;
            if !tiers.windows(2).all(|w| w[0].up_to < w[1].up_to)
                || tiers.last().map(|t| t.up_to) != Some(i64::MAX)
            {
                return Err(data_error(&file, "brackets must ascend and end open"));
            }
        }
        salary.sort_by_key(|d| d.effective_from);
        if params.is_empty() || salary.is_empty() {
            return Err(data_error(&file, "no resident-tax rules"));
        }
        Ok(ResidentTaxRules { params, salary })
    }
}

fn params_from_rows(file: &DataFile, rows: &[ParamRow]) -> Result<ResidentTaxParams, RuleError> {
    let get = |name: &str| -> Result<&str, RuleError> {
        rows.iter()
            .find(|r| r.param == name)
            .map(|r| r.value.as_str())
            .ok_or_else(|| data_error(file, format!("missing {name}")))
    };
    let yen = |name: &str| -> Result<i64, RuleError> {
        get(name)?
            .parse()
            .map_err(|_| data_error(file, format!("{name}: not a yen amount")))
    };
    let percent =
        |name: &str| -> Result<Rate, RuleError> { Rate::percent_in(get(name)?, file.name) };
    let mut basic_deduction: Vec<(i64, i64)> = rows
        .iter()
        .filter(|r| r.param == "basic_deduction_jpy")
        .map(|r| {
            r.value
                .parse()
                .map(|v| (r.up_to_jpy.unwrap_or(i64::MAX), v))
                .map_err(|_| data_error(file, "basic_deduction_jpy: not a yen amount"))
        })
        .collect::<Result<_, _>>()?;
    basic_deduction.sort_unstable();
    if basic_deduction.last().map(|b| b.0) != Some(i64::MAX) {
        return Err(data_error(
            file,
            "basic_deduction_jpy needs an open last bracket",
        ));
    }
    Ok(ResidentTaxParams {
        municipal_rate: percent("municipal_rate_percent")?,
        prefectural_rate: percent("prefectural_rate_percent")?,
        municipal_per_capita_jpy: yen("municipal_per_capita_jpy")?,
        prefectural_per_capita_jpy: yen("prefectural_per_capita_jpy")?,
        forest_environment_tax_jpy: yen("forest_environment_tax_jpy")?,
        basic_deduction,
        dependent_deduction_jpy: yen("dependent_deduction_jpy")?,
        adjustment_difference_basic_jpy: yen("adjustment_difference_basic_jpy")?,
        adjustment_difference_per_dependent_jpy: yen("adjustment_difference_per_dependent_jpy")?,
        adjustment_municipal_rate: percent("adjustment_municipal_rate_percent")?,
        adjustment_prefectural_rate: percent("adjustment_prefectural_rate_percent")?,
        adjustment_threshold_jpy: yen("adjustment_threshold_jpy")?,
        adjustment_minimum_difference_jpy: yen("adjustment_minimum_difference_jpy")?,
        adjustment_income_limit_jpy: yen("adjustment_income_limit_jpy")?,
        income_levy_exempt: ExemptionLimit {
            per_person_jpy: yen("income_levy_exempt_per_person_jpy")?,
            base_jpy: yen("income_levy_exempt_base_jpy")?,
            with_dependents_jpy: yen("income_levy_exempt_dependents_jpy")?,
        },
        per_capita_exempt: ExemptionLimit {
            per_person_jpy: yen("per_capita_exempt_per_person_jpy")?,
            base_jpy: yen("per_capita_exempt_base_jpy")?,
            with_dependents_jpy: yen("per_capita_exempt_dependents_jpy")?,
        },
    })
}

/// The estimated resident tax, with each step for the explanation.
#[derive(Debug, Clone)]
pub struct ResidentTaxEstimate<'a> {
    /// 12 × the monthly wage: the assumed salary of the income year.
    pub annual_salary_jpy: i64,
    /// 給与所得 (= 総所得金額等 here, salary being the only income).
    pub salary_income_jpy: i64,
    pub annual_social_insurance_jpy: i64,
    /// 課税総所得金額, rounded down to 1,000 yen.
    pub taxable_income_jpy: i64,
    /// 所得割 for the year, municipal + prefectural, after the adjustment credit.
    pub income_levy_jpy: i64,
    /// 均等割 + 森林環境税 for the year.
    pub per_capita_jpy: i64,
    pub annual_jpy: i64,
    /// The July–May instalment.
    pub monthly_jpy: i64,
    /// The June instalment (the remainder).
    pub june_jpy: i64,
    /// No tax at all because income is under the 均等割 limit (a 1級地 limit: UNVERIFIED
    /// for the worker's own municipality).
    pub per_capita_exempt: bool,
    pub params: &'a Dated<ResidentTaxParams>,
    pub salary_rule: &'a Dated<SalaryIncomeDeduction>,
    pub beyond_data: Option<BeyondData>,
    pub salary_beyond_data: Option<BeyondData>,
}

/// Estimates the monthly resident tax collected from pay on `date`, assuming the income of
/// the year it is assessed on was 12 × `monthly_wage_jpy` with 12 × `monthly_social_insurance_jpy`
/// of social-insurance premiums (see the module notes for every simplification).
pub fn resident_tax_estimate(
    rules: &super::PayrollRules,
    monthly_wage_jpy: i64,
    monthly_social_insurance_jpy: i64,
    dependents: i64,
    date: Date,
) -> Result<ResidentTaxEstimate<'_>, RuleError> {
    let picked = pick(&rules.resident.params, date, "date", None)?;
    // Instalments from June Y to May Y + 1 are for fiscal year Y, on the income of Y − 1.
    let fiscal_year = if date.month() >= 6 {
        date.year()
    } else {
        date.year() - 1
    };
    let income_year_start =
        Date::new(fiscal_year - 1, 1, 1).map_err(|_| RuleError::invalid("date", "out_of_range"))?;
    let salary_picked = pick(&rules.resident.salary, income_year_start, "date", None)?;
    let p = &picked.rule.value;
    let dependents = dependents.max(0);

    let annual_salary_jpy = monthly_wage_jpy * 12;
    let annual_social_insurance_jpy = monthly_social_insurance_jpy * 12;
    let salary_income_jpy = salary_picked.rule.value.salary_income(annual_salary_jpy);

    let mut out = ResidentTaxEstimate {
        annual_salary_jpy,
        salary_income_jpy,
        annual_social_insurance_jpy,
        taxable_income_jpy: 0,
        income_levy_jpy: 0,
        per_capita_jpy: 0,
        annual_jpy: 0,
        monthly_jpy: 0,
        june_jpy: 0,
        per_capita_exempt: false,
        params: picked.rule,
        salary_rule: salary_picked.rule,
        beyond_data: picked.beyond_data,
        salary_beyond_data: salary_picked.beyond_data,
    };
    if salary_income_jpy <= p.per_capita_exempt.limit(dependents) {
        out.per_capita_exempt = true;
        return Ok(out);
    }
    out.per_capita_jpy =
        p.municipal_per_capita_jpy + p.prefectural_per_capita_jpy + p.forest_environment_tax_jpy;

    if salary_income_jpy > p.income_levy_exempt.limit(dependents) {
        let basic = p
            .basic_deduction
            .iter()
            .find(|(up_to, _)| salary_income_jpy <= *up_to)
            .map_or(0, |b| b.1);
        let deductions =
            annual_social_insurance_jpy + basic + dependents * p.dependent_deduction_jpy;
        // 課税標準: 1,000 yen fraction dropped (地方税法 第20条の4の2第1項).
        let taxable = (salary_income_jpy - deductions).max(0) / 1000 * 1000;
        out.taxable_income_jpy = taxable;
        let credit_base = adjustment_credit_base(p, salary_income_jpy, taxable, dependents);
        // Each levy after its share of the credit, 100 yen fraction dropped (第20条の4の2第3項).
        let levy = |rate: Rate, credit_rate: Rate| {
            let micro = taxable * rate.ppm() - credit_base * credit_rate.ppm();
            (micro.max(0) / 1_000_000) / 100 * 100
        };
        out.income_levy_jpy = levy(p.municipal_rate, p.adjustment_municipal_rate)
            + levy(p.prefectural_rate, p.adjustment_prefectural_rate);
    }
    out.annual_jpy = out.income_levy_jpy + out.per_capita_jpy;
    // One twelfth a month, rounded down to 100 yen; June takes the fractions (第321条の5第1項).
    out.monthly_jpy = out.annual_jpy / 12 / 100 * 100;
    out.june_jpy = out.annual_jpy - 11 * out.monthly_jpy;
    Ok(out)
}

/// The amount the adjustment credit (調整控除) rates apply to: the personal-deduction
/// difference, limited as 地方税法 第314条の6 / 第37条 provide.
fn adjustment_credit_base(
    p: &ResidentTaxParams,
    total_income: i64,
    taxable: i64,
    dependents: i64,
) -> i64 {
    if total_income > p.adjustment_income_limit_jpy {
        return 0;
    }
    let difference =
        p.adjustment_difference_basic_jpy + dependents * p.adjustment_difference_per_dependent_jpy;
    if taxable <= p.adjustment_threshold_jpy {
        difference.min(taxable)
    } else {
        (difference - (taxable - p.adjustment_threshold_jpy))
            .max(p.adjustment_minimum_difference_jpy)
    }
}
