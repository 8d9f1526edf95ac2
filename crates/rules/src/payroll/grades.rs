//! Standard monthly remuneration (標準報酬月額): the grade a monthly wage falls in, for health
//! insurance (50 grades) and employees' pension (32 grades).

use crate::data::DataFile;
use crate::{Dated, RuleError};
use serde::Deserialize;

/// One grade: a remuneration at or above `from_jpy` (and below the next grade's) is insured
/// as `standard_jpy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    pub grade: u8,
    pub standard_jpy: i64,
    pub from_jpy: i64,
}

/// A grade table, sorted by `from_jpy`, starting at 0.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeTable {
    grades: Vec<Grade>,
}

#[derive(Deserialize)]
struct Row {
    grade: u8,
    standard_monthly_remuneration_jpy: i64,
    from_jpy: i64,
}

impl GradeTable {
    /// The grade that `monthly_remuneration_jpy` falls in (binary search).
    pub fn grade_for(&self, monthly_remuneration_jpy: i64) -> Grade {
        let i = self
            .grades
            .partition_point(|g| g.from_jpy <= monthly_remuneration_jpy);
        self.grades[i.saturating_sub(1)]
    }

    pub fn grades(&self) -> &[Grade] {
        &self.grades
    }

    /// Reads a grade file whose name ends in its effective date (`…-YYYY-MM-DD.csv`).
    pub(crate) fn load(file: &DataFile) -> Result<Dated<GradeTable>, RuleError> {
        let rows: Vec<Row> = file.rows()?;
        let bad = |reason: &str| RuleError::Data {
            file: file.name.to_owned(),
            reason: reason.to_owned(),
        };
        let grades: Vec<Grade> = rows
            .into_iter()
            .map(|r| Grade {
                grade: r.grade,
                standard_jpy: r.standard_monthly_remuneration_jpy,
                from_jpy: r.from_jpy,
            })
            .collect();
        if grades.first().map(|g| g.from_jpy) != Some(0) {
            return Err(bad("the first grade must start at 0"));
        }
        let ascending = grades.windows(2).all(|w| {
            w[0].from_jpy < w[1].from_jpy
                && w[0].standard_jpy < w[1].standard_jpy
                && w[0].grade < w[1].grade
        });
        if !ascending {
            return Err(bad("grades must ascend"));
        }
        Ok(Dated {
            effective_from: super::data_files::date_in_name(file)?,
            effective_to: None,
            value: GradeTable { grades },
            source: super::data_files::first_source(file)?,
        })
    }
}

/// The standard monthly remuneration for health insurance and for pension (the two tables'
/// grades for the same wage), as used by [`crate::payroll::net_pay`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StandardRemuneration {
    pub health_grade: u8,
    pub health_jpy: i64,
    pub pension_grade: u8,
    pub pension_jpy: i64,
}

/// Both standard remunerations for a monthly wage under the grade tables in force on `date`.
pub fn standard_remuneration(
    rules: &super::PayrollRules,
    monthly_wage_jpy: i64,
    date: jiff::civil::Date,
) -> Result<StandardRemuneration, RuleError> {
    let health = crate::dated::pick(&rules.health_grades, date, "date", None)?
        .rule
        .value
        .grade_for(monthly_wage_jpy);
    let pension = crate::dated::pick(&rules.pension_grades, date, "date", None)?
        .rule
        .value
        .grade_for(monthly_wage_jpy);
    Ok(StandardRemuneration {
        health_grade: health.grade,
        health_jpy: health.standard_jpy,
        pension_grade: pension.grade,
        pension_jpy: pension.standard_jpy,
    })
}
