//! Monthly income-tax withholding, column 甲 (the employee has filed the dependants
//! declaration): the NTA computation method (電算機計算の特例), which the platform uses, and the
//! official monthly table, kept as the reference the method is tested against.
//!
//! # How close the method is to the table
//!
//! The computation method is not an approximation the agency tolerates: the Ministry of
//! Finance notice (平成24年財務省告示第116号, as amended) lets an employer that computes pay
//! by machine withhold the amount the method gives *instead of* the table's, and any
//! difference is settled in the year-end adjustment. Neither the notice nor the NTA's guidance
//! states a numeric tolerance; none was found. The tests therefore check what the method's
//! own construction implies:
//! - on the stepped rows (below 740,000 yen) the tax at a row's midpoint is within ±10 yen of
//!   the table (one unit of the method's rounding to 10 yen), except on the row just below a
//!   column's first taxed row, where the table still shows 0 and the method a small tax no
//!   larger than the next row's;
//! - on the open-ended rows (740,000 yen and more) the table adds a fixed rate to the tax at
//!   the row's start, so its dependants relief stays at the 740,000-yen level while the
//!   method deducts 31,667 yen per dependant at the marginal rate: with no dependants the two
//!   agree within 0.2 % of the tax (+10 yen); with dependants the method is lower by at most
//!   31,667 × (45.945 % − 20.42 %) per dependant more.

use super::data_files::{
    WITHHOLDING_COMPUTATION_FILE, WITHHOLDING_TABLE_FILES, data_error, date_in_name, first_source,
};
use super::rate::Rate;
use crate::data::{DataFile, RuleFiles};
use crate::dated::{BeyondData, pick};
use crate::{Dated, RuleError, Source};
use jiff::civil::Date;
use serde::Deserialize;

/// Tables and method parameters are revised for a calendar year: a date 12 months or more
/// after the newest version is flagged.
const HORIZON_MONTHS: i8 = 12;

/// Dependants the table has columns for; beyond, the table's own per-dependant rule applies.
const TABLE_COLUMNS: usize = 8;

/// One bracket of a parameter table: applies up to and including `up_to` yen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tier {
    up_to: i64,
    rate: Option<Rate>,
    plus: i64,
}

fn tier_for(tiers: &[Tier], amount: i64) -> Tier {
    let i = tiers.partition_point(|t| t.up_to < amount);
    tiers[i.min(tiers.len() - 1)]
}

/// The parameters of the computation method in force for one year (its 別表第一〜第四).
#[derive(Debug, Clone, PartialEq)]
pub struct ComputationParams {
    salary_deduction: Vec<Tier>,
    basic_deduction: Vec<Tier>,
    dependent_deduction_jpy: i64,
    tax: Vec<Tier>,
    table_extra_dependent_jpy: i64,
}

/// The monthly table, column 甲, rows sorted by their lower bound.
#[derive(Debug, Clone, PartialEq)]
pub struct KouTable {
    rows: Vec<KouRow>,
    /// Change of the tax for each dependant beyond 7 (negative: −1,610 yen).
    extra_dependent_jpy: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KouRow {
    pub from_jpy: i64,
    pub tax_jpy: [i64; TABLE_COLUMNS],
    /// Rate on the excess over `from_jpy` (open-ended top rows only; zero elsewhere).
    pub rate_over_from: Rate,
}

/// What the computation method did, step by step, for the explanation lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KouComputation {
    /// A: the salary after social-insurance deductions.
    pub after_insurance_jpy: i64,
    pub salary_deduction_jpy: i64,
    pub basic_deduction_jpy: i64,
    pub dependents_deduction_jpy: i64,
    /// B: A less the three deductions (課税給与所得金額), never below 0.
    pub taxable_jpy: i64,
    /// The bracket rate applied to B (surtax included).
    pub rate: Rate,
    pub tax_jpy: i64,
}

impl ComputationParams {
    /// The method for salary-after-insurance `a` and `dependents` declared dependants.
    pub fn compute(&self, a: i64, dependents: i64) -> KouComputation {
        let mut out = KouComputation {
            after_insurance_jpy: a,
            salary_deduction_jpy: 0,
            basic_deduction_jpy: 0,
            dependents_deduction_jpy: 0,
            taxable_jpy: 0,
            rate: Rate::ZERO,
            tax_jpy: 0,
        };
        if a <= 0 {
            return out;
        }
        let salary = tier_for(&self.salary_deduction, a);
        out.salary_deduction_jpy = match salary.rate {
            Some(rate) => rate.apply_plus_ceil(a, salary.plus),
            None => salary.plus,
        };
        out.basic_deduction_jpy = tier_for(&self.basic_deduction, a).plus;
        out.dependents_deduction_jpy = self.dependent_deduction_jpy * dependents.max(0);
        let b =
            a - out.salary_deduction_jpy - out.basic_deduction_jpy - out.dependents_deduction_jpy;
        if b <= 0 {
            return out;
        }
        let bracket = tier_for(&self.tax, b);
        out.taxable_jpy = b;
        out.rate = bracket.rate.unwrap_or(Rate::ZERO);
        out.tax_jpy = out.rate.apply_plus_round_ten(b, bracket.plus).max(0);
        out
    }
}

impl KouTable {
    /// The table's tax for salary-after-insurance `a` and `dependents` dependants: the row
    /// whose range holds `a`; on the open-ended rows, plus the row's rate on the excess
    /// (yen fraction dropped); beyond 7 dependants, the 7-dependant tax changed by the
    /// table's per-dependant amount. Never below 0.
    pub fn tax(&self, a: i64, dependents: i64) -> i64 {
        if a <= 0 {
            return 0;
        }
        let row = self.row_for(a);
        let column = usize::try_from(dependents.clamp(0, TABLE_COLUMNS as i64 - 1)).unwrap_or(0);
        let extra = (dependents - (TABLE_COLUMNS as i64 - 1)).max(0);
        let tax = row.tax_jpy[column]
            + row.rate_over_from.apply_floor(a - row.from_jpy)
            + extra * self.extra_dependent_jpy;
        tax.max(0)
    }

    pub fn row_for(&self, a: i64) -> &KouRow {
        let i = self.rows.partition_point(|r| r.from_jpy <= a);
        &self.rows[i.saturating_sub(1)]
    }

    pub fn rows(&self) -> &[KouRow] {
        &self.rows
    }
}

/// Both forms of the 甲 column, effective-dated.
#[derive(Debug, Clone)]
pub struct WithholdingRules {
    pub(crate) tables: Vec<Dated<KouTable>>,
    pub(crate) computation: Vec<Dated<ComputationParams>>,
}

#[derive(Deserialize)]
struct TableRow {
    from_jpy: i64,
    dependents_0: i64,
    dependents_1: i64,
    dependents_2: i64,
    dependents_3: i64,
    dependents_4: i64,
    dependents_5: i64,
    dependents_6: i64,
    dependents_7: i64,
    rate_over_from: Option<String>,
}

#[derive(Deserialize)]
struct ParamRow {
    effective_from: Date,
    table: String,
    up_to_jpy: Option<i64>,
    rate_percent: Option<String>,
    plus_jpy: i64,
    source: String,
}

impl WithholdingRules {
    pub(crate) fn load(files: &RuleFiles) -> Result<Self, RuleError> {
        let params_file = files.get(WITHHOLDING_COMPUTATION_FILE)?;
        let computation = load_params(&params_file)?;
        let mut tables = Vec::new();
        for file in WITHHOLDING_TABLE_FILES {
            let file = files.get(file)?;
            let effective_from = date_in_name(&file)?;
            let params = computation
                .iter()
                .find(|p| p.effective_from == effective_from)
                .ok_or_else(|| data_error(&file, "no computation parameters for this date"))?;
            tables.push(Dated {
                effective_from,
                effective_to: None,
                value: load_table(&file, params.value.table_extra_dependent_jpy)?,
                source: first_source(&file)?,
            });
        }
        tables.sort_by_key(|t| t.effective_from);
        Ok(WithholdingRules {
            tables,
            computation,
        })
    }
}

fn load_table(file: &DataFile, extra_dependent_jpy: i64) -> Result<KouTable, RuleError> {
    let mut rows = Vec::new();
    for r in file.rows::<TableRow>()? {
        let rate_over_from = match r.rate_over_from.as_deref() {
            None | Some("") => Rate::ZERO,
            Some(text) => Rate::parse_fraction(text)
                .ok_or_else(|| data_error(file, format!("bad rate_over_from {text:?}")))?,
        };
        rows.push(KouRow {
            from_jpy: r.from_jpy,
            tax_jpy: [
                r.dependents_0,
                r.dependents_1,
                r.dependents_2,
                r.dependents_3,
                r.dependents_4,
                r.dependents_5,
                r.dependents_6,
                r.dependents_7,
            ],
            rate_over_from,
        });
    }
    if rows.first().map(|r| r.from_jpy) != Some(0) {
        return Err(data_error(file, "the first row must start at 0"));
    }
    if !rows.windows(2).all(|w| w[0].from_jpy < w[1].from_jpy) {
        return Err(data_error(file, "rows must ascend"));
    }
    Ok(KouTable {
        rows,
        extra_dependent_jpy,
    })
}

fn load_params(file: &DataFile) -> Result<Vec<Dated<ComputationParams>>, RuleError> {
    // A version cites the source of its first row.
    let mut by_date: Vec<(Date, ComputationParams, Source)> = Vec::new();
    for r in file.rows::<ParamRow>()? {
        let i = match by_date.iter().position(|(d, _, _)| *d == r.effective_from) {
            Some(i) => i,
            None => {
                by_date.push((
                    r.effective_from,
                    ComputationParams {
                        salary_deduction: Vec::new(),
                        basic_deduction: Vec::new(),
                        dependent_deduction_jpy: 0,
                        tax: Vec::new(),
                        table_extra_dependent_jpy: 0,
                    },
                    Source::parse(&r.source),
                ));
                by_date.len() - 1
            }
        };
        let params = &mut by_date[i].1;
        let rate = match r.rate_percent.as_deref() {
            None | Some("") => None,
            Some(text) => Some(Rate::percent_in(text, file.name)?),
        };
        let tier = Tier {
            up_to: r.up_to_jpy.unwrap_or(i64::MAX),
            rate,
            plus: r.plus_jpy,
        };
        match r.table.as_str() {
            "salary_deduction" => params.salary_deduction.push(tier),
            "basic_deduction" => params.basic_deduction.push(tier),
            "tax" => params.tax.push(tier),
            "dependent_deduction" => params.dependent_deduction_jpy = r.plus_jpy,
            "table_extra_dependent" => params.table_extra_dependent_jpy = r.plus_jpy,
            other => return Err(data_error(file, format!("unknown table {other:?}"))),
        }
    }
    let mut out = Vec::new();
    for (effective_from, params, source) in by_date {
        for (name, tiers) in [
            ("salary_deduction", &params.salary_deduction),
            ("basic_deduction", &params.basic_deduction),
            ("tax", &params.tax),
        ] {
            let ascending = tiers.windows(2).all(|w| w[0].up_to < w[1].up_to);
            if tiers.is_empty() || !ascending || tiers.last().map(|t| t.up_to) != Some(i64::MAX) {
                return Err(data_error(
                    file,
                    format!("{effective_from} {name}: brackets must ascend and end open"),
                ));
            }
        }
        if params.tax.iter().any(|t| t.rate.is_none()) {
            return Err(data_error(file, "every tax bracket needs a rate"));
        }
        out.push(Dated {
            effective_from,
            effective_to: None,
            value: params,
            source,
        });
    }
    out.sort_by_key(|d| d.effective_from);
    Ok(out)
}

/// The result of [`withholding_kou`]: the computation and the rule version it used.
#[derive(Debug, Clone)]
pub struct Withholding<'a> {
    pub computation: KouComputation,
    pub rule: &'a Dated<ComputationParams>,
    pub beyond_data: Option<BeyondData>,
}

/// Monthly withholding, column 甲, by the NTA computation method in force on `date`, for
/// `after_insurance_jpy` (the month's salary less social insurance) and `dependents`.
pub fn withholding_kou(
    rules: &super::PayrollRules,
    after_insurance_jpy: i64,
    dependents: i64,
    date: Date,
) -> Result<Withholding<'_>, RuleError> {
    let picked = pick(
        &rules.withholding.computation,
        date,
        "date",
        Some(HORIZON_MONTHS),
    )?;
    Ok(Withholding {
        computation: picked.rule.value.compute(after_insurance_jpy, dependents),
        rule: picked.rule,
        beyond_data: picked.beyond_data,
    })
}

/// Monthly withholding, column 甲, read from the official monthly table in force on `date`
/// (the reference the computation method is tested against).
pub fn withholding_from_table(
    rules: &super::PayrollRules,
    after_insurance_jpy: i64,
    dependents: i64,
    date: Date,
) -> Result<i64, RuleError> {
    let picked = pick(
        &rules.withholding.tables,
        date,
        "date",
        Some(HORIZON_MONTHS),
    )?;
    Ok(picked.rule.value.tax(after_insurance_jpy, dependents))
}

/// The official monthly table (column 甲) in force on `date`, for pages that print it and for
/// tests that walk its rows.
pub fn withholding_table(
    rules: &super::PayrollRules,
    date: Date,
) -> Result<&Dated<KouTable>, RuleError> {
    Ok(pick(
        &rules.withholding.tables,
        date,
        "date",
        Some(HORIZON_MONTHS),
    )?
    .rule)
}
