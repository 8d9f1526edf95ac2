//! Japanese payroll deductions and take-home pay for a monthly wage: health insurance
//! (Kyokai Kenpo, by prefecture), long-term care, the child and child-rearing support levy,
//! employees' pension, employment insurance, income-tax withholding (column 甲, by the NTA
//! computation method) and the resident tax that starts in the second year.
//!
//! Every rate, grade and bracket comes from the files under `data/rules/payroll/`, which cite
//! their sources; [`net_pay`] returns the figures with the lines that explain them.
//!
//! Net pay does not rise by every yen of gross pay, and cannot under the law: it falls
//! (1) where the wage crosses a standard-remuneration grade boundary (the premiums step up by
//! about 15 % of the grade step at once), (2) where the withholding, rounded to 10 yen, steps
//! up by 10 yen for one more yen of pay, (3) where the estimated resident-tax instalment,
//! rounded down to 100 yen, steps up or an exemption limit is crossed, and (4) above about
//! 2,100,000 yen a month, where the basic deductions phase out in steps. The bounds are
//! property-tested in `tests/payroll_props.rs` and summed up in `data/rules/payroll/README.md`.

mod data_files;
mod grades;
mod insurance;
mod net_pay;
mod rate;
mod resident_tax;
mod withholding;

pub use data_files::{
    HEALTH_GRADES_FILE, INSURANCE_AGES_FILE, INSURANCE_RATES_FILE, KYOKAI_RATES_FILE,
    PENSION_GRADES_FILE, RESIDENT_TAX_FILE, SALARY_INCOME_DEDUCTION_FILE,
    WITHHOLDING_COMPUTATION_FILE, WITHHOLDING_TABLE_FILES,
};
pub use grades::{Grade, GradeTable, StandardRemuneration, standard_remuneration};
pub use insurance::{AgeRange, InsuranceRates, employee_half, health_shares};
pub use net_pay::{
    Line, MAX_AGE, MAX_DEPENDENTS, MAX_MONTHLY_WAGE_JPY, MIN_AGE, NetPay, NetPayInput, Note,
    bench_sweep, check_age, check_dependents, check_monthly_wage, check_prefecture, net_pay,
};
pub use rate::Rate;
pub use resident_tax::{
    ExemptionLimit, ResidentTaxEstimate, ResidentTaxParams, ResidentTaxRules,
    SalaryIncomeDeduction, resident_tax_estimate,
};
pub use withholding::{
    ComputationParams, KouComputation, KouRow, KouTable, Withholding, WithholdingRules,
    withholding_from_table, withholding_kou, withholding_table,
};

use crate::data::RuleFiles;
use crate::{Dated, RuleError, Source};
use jiff::civil::Date;
use std::sync::LazyLock;

/// All payroll tables, loaded once, sorted and checked; computations borrow from it.
#[derive(Debug, Clone)]
pub struct PayrollRules {
    pub(crate) health_grades: Vec<Dated<GradeTable>>,
    pub(crate) pension_grades: Vec<Dated<GradeTable>>,
    pub(crate) insurance: InsuranceRates,
    pub(crate) withholding: WithholdingRules,
    pub(crate) resident: ResidentTaxRules,
    /// Cited by the lines that are plain arithmetic on the others (net pay).
    pub(crate) arithmetic: Source,
}

static EMBEDDED: LazyLock<PayrollRules> = LazyLock::new(|| {
    PayrollRules::load(&RuleFiles::embedded()).expect("embedded payroll rules load")
});

impl PayrollRules {
    /// Loads every payroll table from the embedded files or their overrides.
    pub fn load(files: &RuleFiles) -> Result<Self, RuleError> {
        let health_grades = vec![GradeTable::load(&files.get(HEALTH_GRADES_FILE)?)?];
        let pension_grades = vec![GradeTable::load(&files.get(PENSION_GRADES_FILE)?)?];
        Ok(PayrollRules {
            health_grades,
            pension_grades,
            insurance: InsuranceRates::load(files)?,
            withholding: WithholdingRules::load(files)?,
            resident: ResidentTaxRules::load(files)?,
            arithmetic: Source::new("Kakehashi: gross pay less the deductions above", None),
        })
    }

    /// The rules compiled into the binary (loaded on first use).
    pub fn embedded() -> &'static PayrollRules {
        &EMBEDDED
    }

    /// The earliest date [`net_pay`] accepts: the latest of the oldest versions of the tables
    /// it needs (a date before it is an error naming `date`).
    pub fn minimum_date(&self) -> Date {
        self.spans(false)
            .map(|(oldest, _)| oldest)
            .max()
            .unwrap_or(Date::MIN)
    }

    /// The newest `effective_from` in any payroll table.
    pub fn newest_effective_from(&self) -> Date {
        self.spans(true)
            .map(|(_, newest)| newest)
            .max()
            .unwrap_or(Date::MIN)
    }

    /// (oldest, newest) `effective_from` of each table a computation needs; with `all`, also
    /// the tables that are optional on a date (the levy before it starts, the reference
    /// withholding tables, the salary deduction of past income years).
    fn spans(&self, all: bool) -> impl Iterator<Item = (Date, Date)> + '_ {
        fn span<T>(versions: &[Dated<T>]) -> (Date, Date) {
            let dates = versions.iter().map(|d| d.effective_from);
            (
                dates.clone().min().unwrap_or(Date::MAX),
                dates.max().unwrap_or(Date::MIN),
            )
        }
        let i = &self.insurance;
        let needed = [
            span(&self.health_grades),
            span(&self.pension_grades),
            span(&i.long_term_care),
            span(&i.pension),
            span(&i.employment),
            span(&self.withholding.computation),
            span(&self.resident.params),
        ];
        let optional = [
            span(&i.child_support_levy),
            span(&self.withholding.tables),
            span(&self.resident.salary),
        ];
        let optional = optional.into_iter().filter(move |_| all);
        needed
            .into_iter()
            .chain(i.kyokai.iter().map(|v| span(v)))
            .chain(optional)
    }

    /// The insurance rates (for pages that show them).
    pub fn insurance(&self) -> &InsuranceRates {
        &self.insurance
    }
}
