//! The facts of a job posting the checks run on, and their validation: unknown ids and absurd
//! numbers are input errors naming the field; a lawful-looking but forbidden combination (a
//! field the programme does not cover) is a failed check instead.

use super::fee::{Fee, FeeInput, MAX_FEES};
use super::hours::{Hours, MAX_HOURS_PER_MONTH, NumberOrText};
use super::{JapaneseLevel, Programme, RecruitmentRules};
use crate::{RuleError, geo};
use jiff::civil::{Date, date};
use serde::{Deserialize, Serialize};

/// Longest contract accepted: 10 years (no programme allows more than 5 years in one go).
pub const MAX_CONTRACT_MONTHS: u32 = 120;
/// Largest scheduled monthly wage accepted: ten million yen.
pub const MAX_MONTHLY_WAGE_JPY: i64 = 10_000_000;
/// Start dates accepted lie before this day; the earliest is set by the rule data (the
/// oldest minimum wage). Fees before the oldest exchange rate fail the fee checks instead.
pub const START_DATE_BEFORE: Date = date(2100, 1, 1);

/// A job posting's facts, validated and typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingFacts {
    pub programme: Programme,
    /// A field id of `recruitment/fields.csv`.
    pub field: String,
    /// JIS X 0401 prefecture code of the workplace, 1–47.
    pub prefecture: u8,
    pub start_date: Date,
    pub contract_months: u32,
    /// Scheduled (所定) working hours per month.
    pub scheduled_hours_per_month: Hours,
    /// Scheduled monthly wage: the wage the minimum wage counts (without overtime, bonuses,
    /// commuting, family or attendance allowances).
    pub monthly_wage_jpy: i64,
    pub fees: Vec<Fee>,
    /// The Japanese level the posting requires.
    pub japanese_level: JapaneseLevel,
}

/// A posting as it arrives from a form or the JSON API, ids and numbers still unchecked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostingInput {
    pub programme: String,
    pub field: String,
    pub prefecture: i64,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    pub contract_months: i64,
    pub scheduled_hours_per_month: NumberOrText,
    pub monthly_wage_jpy: i64,
    #[serde(default)]
    pub fees: Vec<FeeInput>,
    pub japanese_level: String,
}

impl PostingInput {
    /// The typed facts, or the first error, naming its field (`programme`, `field`,
    /// `prefecture`, `start_date`, `contract_months`, `scheduled_hours_per_month`,
    /// `monthly_wage_jpy`, `fees[2].amount`, `fees[0].currency`, `japanese_level`, …).
    pub fn parse(&self, rules: &RecruitmentRules) -> Result<PostingFacts, RuleError> {
        let programme = Programme::parse(&self.programme, "programme")?;
        if rules.field(&self.field).is_none() {
            return Err(RuleError::invalid("field", "unknown_field"));
        }
        let prefecture = geo::prefecture(self.prefecture, "prefecture")?.code;
        let start_date: Date = self
            .start_date
            .trim()
            .parse()
            .map_err(|_| RuleError::invalid("start_date", "not_a_date"))?;
        let contract_months = u32::try_from(self.contract_months)
            .map_err(|_| RuleError::invalid("contract_months", "out_of_range"))?;
        let scheduled_hours_per_month =
            Hours::parse_input(&self.scheduled_hours_per_month, "scheduled_hours_per_month")?;
        if self.fees.len() > MAX_FEES {
            return Err(RuleError::invalid("fees", "too_many_fees"));
        }
        let fees = self
            .fees
            .iter()
            .enumerate()
            .map(|(i, f)| f.parse(i))
            .collect::<Result<Vec<_>, _>>()?;
        let facts = PostingFacts {
            programme,
            field: self.field.clone(),
            prefecture,
            start_date,
            contract_months,
            scheduled_hours_per_month,
            monthly_wage_jpy: self.monthly_wage_jpy,
            fees,
            japanese_level: JapaneseLevel::parse(&self.japanese_level, "japanese_level")?,
        };
        facts.validate(rules)?;
        Ok(facts)
    }
}

impl PostingFacts {
    /// Checks the bounds and that the rule data covers the start date; an error names the
    /// field. Bounds: 1–[`MAX_CONTRACT_MONTHS`] months; more than 0 and at most
    /// [`MAX_HOURS_PER_MONTH`] hours; a wage of 1–[`MAX_MONTHLY_WAGE_JPY`] yen; at most
    /// [`MAX_FEES`] fee lines, each positive and within its currency's bound.
    pub fn validate(&self, rules: &RecruitmentRules) -> Result<(), RuleError> {
        if rules.field(&self.field).is_none() {
            return Err(RuleError::invalid("field", "unknown_field"));
        }
        geo::prefecture(i64::from(self.prefecture), "prefecture")?;
        if !(1..=MAX_CONTRACT_MONTHS).contains(&self.contract_months) {
            return Err(RuleError::invalid("contract_months", "out_of_range"));
        }
        let hours = self.scheduled_hours_per_month;
        if hours.hundredths() == 0 || hours > MAX_HOURS_PER_MONTH {
            return Err(RuleError::invalid(
                "scheduled_hours_per_month",
                "out_of_range",
            ));
        }
        if self.monthly_wage_jpy <= 0 {
            return Err(RuleError::invalid("monthly_wage_jpy", "must_be_positive"));
        }
        if self.monthly_wage_jpy > MAX_MONTHLY_WAGE_JPY {
            return Err(RuleError::invalid("monthly_wage_jpy", "too_large"));
        }
        if self.fees.len() > MAX_FEES {
            return Err(RuleError::invalid("fees", "too_many_fees"));
        }
        for (i, fee) in self.fees.iter().enumerate() {
            fee.validate(i)?;
        }
        if self.start_date >= START_DATE_BEFORE {
            return Err(RuleError::invalid("start_date", "out_of_range"));
        }
        rules.minimum_wages.on(
            i64::from(self.prefecture),
            self.start_date,
            "prefecture",
            "start_date",
        )?;
        Ok(())
    }
}
