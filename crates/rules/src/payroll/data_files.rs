//! The payroll data files under `data/rules/payroll/`, and small helpers for reading them.

use crate::data::DataFile;
use crate::{RuleError, Source, rule_file};
use jiff::civil::Date;

pub const HEALTH_GRADES_FILE: DataFile =
    rule_file!("payroll/health-insurance-grades-2016-04-01.csv");
pub const PENSION_GRADES_FILE: DataFile = rule_file!("payroll/pension-grades-2020-09-01.csv");
/// The pension grades from each step of the 2025 reform's higher ceiling (2027-09 to 2029-09).
pub const PENSION_GRADES_STEP_FILES: [DataFile; 3] = [
    rule_file!("payroll/pension-grades-2027-09-01.csv"),
    rule_file!("payroll/pension-grades-2028-09-01.csv"),
    rule_file!("payroll/pension-grades-2029-09-01.csv"),
];
pub const KYOKAI_RATES_FILE: DataFile =
    rule_file!("payroll/health-insurance-rates-kyokai-kenpo.csv");
pub const INSURANCE_RATES_FILE: DataFile = rule_file!("payroll/insurance-rates.csv");
pub const INSURANCE_AGES_FILE: DataFile = rule_file!("payroll/insurance-ages.csv");
pub const NATIONAL_PENSION_FILE: DataFile = rule_file!("payroll/national-pension.csv");
pub const COMMUTING_ALLOWANCE_FILE: DataFile = rule_file!("payroll/commuting-allowance.csv");
pub const WITHHOLDING_TABLE_FILES: [DataFile; 2] = [
    rule_file!("payroll/withholding-monthly-kou-2020-01-01.csv"),
    rule_file!("payroll/withholding-monthly-kou-2026-01-01.csv"),
];
pub const WITHHOLDING_COMPUTATION_FILE: DataFile =
    rule_file!("payroll/withholding-kou-computation.csv");
pub const RESIDENT_TAX_FILE: DataFile = rule_file!("payroll/resident-tax.csv");
pub const SALARY_INCOME_DEDUCTION_FILE: DataFile =
    rule_file!("payroll/salary-income-deduction.csv");

pub(crate) fn data_error(file: &DataFile, reason: impl Into<String>) -> RuleError {
    RuleError::Data {
        file: file.name.to_owned(),
        reason: reason.into(),
    }
}

/// The effective date a whole-file table carries in its name: `…-YYYY-MM-DD.csv`.
pub(crate) fn date_in_name(file: &DataFile) -> Result<Date, RuleError> {
    file.name
        .strip_suffix(".csv")
        .and_then(|stem| stem.get(stem.len().checked_sub(10)?..))
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| data_error(file, "the name must end in -YYYY-MM-DD.csv"))
}

/// The first `# source:` line of a file: what a line computed from the whole table cites.
pub(crate) fn first_source(file: &DataFile) -> Result<Source, RuleError> {
    file.sources()
        .into_iter()
        .next()
        .ok_or_else(|| data_error(file, "no `# source:` line"))
}
