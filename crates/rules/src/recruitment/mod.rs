//! Recruitment rules: Japan's programmes and their industrial fields, Japanese-language levels,
//! fees (Vietnamese service-fee cap, brokerage ban, deposits, the ESD fee share), regional
//! minimum wages, JPY↔VND rates, and the legal checks a job posting must pass before it can be
//! published ([`check_posting`]).
//!
//! Every figure comes from a data file under `data/rules/recruitment/` that cites its source
//! and labels each rule `verified`, `secondary` or `unverified` (the domain notes' `[V]`, `[V2]`,
//! UNVERIFIED). What the data cannot settle is reported as such, never guessed.

mod checks;
mod cost;
mod exchange;
mod facts;
mod fee;
mod field;
mod hours;
mod language;
mod minimum_wage;
mod money;
mod programme;
mod repayment;
mod verification;

pub use checks::{
    Check, CheckStatus, check_id, check_posting, check_posting_at, check_posting_input, may_publish,
};
pub use cost::{CostLine, CostSummary, Percent};
pub use exchange::{
    Converted, ExchangeRate, ExchangeRates, RATE_COLUMNS, RateOrigin, RateQuote, RateRowError,
    STALE_AFTER_DAYS, format_rate, parse_rates_csv,
};
pub use facts::{
    MAX_CONTRACT_MONTHS, MAX_MONTHLY_WAGE_JPY, PostingFacts, PostingInput, START_DATE_BEFORE,
};
pub use fee::{
    DepositRule, Fee, FeeInput, FeeKind, FeeRule, MAX_FEE_JPY, MAX_FEE_VND, MAX_FEES, Payer,
    ServiceFeeCap, WorkerDeposit,
};
pub use field::{Field, FieldAllowance, FieldRefusal};
pub use hours::{Hours, MAX_HOURS_PER_MONTH, NumberOrText};
pub use language::{
    AlternativeRoute, JapaneseLevel, LanguageRequirement, LanguageTest, LevelComparison,
};
pub use minimum_wage::MinimumWage;
pub use money::Currency;
pub use programme::{Programme, ProgrammeRule};
pub use repayment::{
    LivingCostLine, LivingCosts, MAX_INTEREST_BASIS_POINTS, MAX_SCHEDULE_MONTHS, MonthBalance,
    Repayment, RepaymentInput, RepaymentOutcome, parse_percent,
};
pub use verification::Verification;

use crate::{DataFile, RuleError, RuleFiles, rule_file};
use jiff::civil::Date;
use std::sync::LazyLock;

pub const PROGRAMMES_FILE: DataFile = rule_file!("recruitment/programmes.csv");
pub const FIELDS_FILE: DataFile = rule_file!("recruitment/fields.csv");
pub const FIELD_ALLOWANCES_FILE: DataFile = rule_file!("recruitment/field-allowances.csv");
pub const JAPANESE_REQUIREMENTS_FILE: DataFile =
    rule_file!("recruitment/japanese-requirements.csv");
pub const MINIMUM_WAGES_FILE: DataFile = rule_file!("recruitment/minimum-wages.csv");
pub const EXCHANGE_RATES_FILE: DataFile = rule_file!("recruitment/exchange-rates.csv");
pub const FEE_RULES_FILE: DataFile = rule_file!("recruitment/fee-rules.csv");
pub const DEPOSIT_RULES_FILE: DataFile = rule_file!("recruitment/deposit-rules.csv");
pub const LIVING_COSTS_FILE: DataFile = rule_file!("recruitment/living-costs.csv");
pub const REPAYMENT_FILE: DataFile = rule_file!("recruitment/repayment.csv");

/// All recruitment rule data, parsed and checked for consistency.
#[derive(Debug, Clone)]
pub struct RecruitmentRules {
    programmes: programme::ProgrammeRules,
    fields: field::FieldRules,
    languages: language::LanguageRules,
    minimum_wages: minimum_wage::MinimumWages,
    exchange: exchange::ExchangeRates,
    fees: fee::FeeRules,
    deposits: fee::DepositRules,
    repayment: repayment::RepaymentRules,
}

static EMBEDDED: LazyLock<RecruitmentRules> = LazyLock::new(|| {
    RecruitmentRules::load(&RuleFiles::embedded()).expect("embedded recruitment rules parse")
});

impl RecruitmentRules {
    /// Reads every recruitment file (overrides first, then the embedded copies).
    pub fn load(files: &RuleFiles) -> Result<Self, RuleError> {
        Ok(RecruitmentRules {
            programmes: programme::ProgrammeRules::parse(&files.get(PROGRAMMES_FILE)?)?,
            fields: field::FieldRules::parse(
                &files.get(FIELDS_FILE)?,
                &files.get(FIELD_ALLOWANCES_FILE)?,
            )?,
            languages: language::LanguageRules::parse(&files.get(JAPANESE_REQUIREMENTS_FILE)?)?,
            minimum_wages: minimum_wage::MinimumWages::parse(&files.get(MINIMUM_WAGES_FILE)?)?,
            exchange: exchange::ExchangeRates::parse(&files.get(EXCHANGE_RATES_FILE)?)?,
            fees: fee::FeeRules::parse(&files.get(FEE_RULES_FILE)?)?,
            deposits: fee::DepositRules::parse(&files.get(DEPOSIT_RULES_FILE)?)?,
            repayment: repayment::RepaymentRules::parse(
                &files.get(LIVING_COSTS_FILE)?,
                &files.get(REPAYMENT_FILE)?,
            )?,
        })
    }

    /// The rules compiled into the binary.
    pub fn embedded() -> &'static RecruitmentRules {
        &EMBEDDED
    }

    /// What the data says about a programme: its window for new postings and contract limit.
    pub fn programme(&self, programme: Programme) -> &ProgrammeRule {
        self.programmes.get(programme)
    }

    /// Every field of every programme.
    pub fn all_fields(&self) -> &[Field] {
        self.fields.all()
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.field(id)
    }

    /// The fields `programme` allows on `date` (the programme's own window is checked
    /// separately, by [`ProgrammeRule::is_open_on`]).
    pub fn fields_for(&self, programme: Programme, date: Date) -> Vec<&Field> {
        self.fields.fields_for(programme, date)
    }

    /// Whether `programme` allows `field` on `date`, and if not, why.
    pub fn field_allowed(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Result<(), FieldRefusal> {
        self.fields.field_allowed(programme, field, date)
    }

    /// The allowance in force (with its source and label), if the field is allowed.
    pub fn field_allowance(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Option<&FieldAllowance> {
        self.fields.allowance(programme, field, date)
    }

    /// The Japanese level required at entry for a programme's field on a date.
    pub fn japanese_requirement(
        &self,
        programme: Programme,
        field: &str,
        date: Date,
    ) -> Option<&LanguageRequirement> {
        self.languages.requirement(programme, field, date)
    }

    /// The hourly minimum wage of prefecture `prefecture` (JIS 1–47) on `date`; errors name
    /// `prefecture` or `date`.
    pub fn minimum_wage(&self, prefecture: i64, date: Date) -> Result<MinimumWage, RuleError> {
        self.minimum_wages
            .on(prefecture, date, "prefecture", "date")
    }

    /// The JPY↔VND rate used for `date`.
    pub fn exchange_rate(&self, date: Date) -> Result<ExchangeRate, RuleError> {
        self.exchange.rate_on(date, "date")
    }

    /// The rates shipped with the rules (the database may hold newer ones).
    pub fn exchange_rates(&self) -> &ExchangeRates {
        &self.exchange
    }

    /// `vnd` dong in yen at the rate for `date`, to the nearest yen.
    pub fn to_jpy(&self, vnd: i64, date: Date) -> Result<Converted, RuleError> {
        self.exchange.to_jpy(vnd, date)
    }

    /// `jpy` yen in dong at the rate for `date`, to the nearest dong.
    pub fn to_vnd(&self, jpy: i64, date: Date) -> Result<Converted, RuleError> {
        self.exchange.to_vnd(jpy, date)
    }

    /// The Vietnamese service-fee cap for a wage and contract length on `date`.
    pub fn service_fee_cap(
        &self,
        monthly_wage_jpy: i64,
        contract_months: u32,
        date: Date,
    ) -> Result<ServiceFeeCap, RuleError> {
        ServiceFeeCap::compute(&self.fees, monthly_wage_jpy, contract_months, date)
    }

    /// A numeric fee rule (`fee-rules.csv`) in force on `date`.
    pub fn fee_rule(&self, id: &str, date: Date) -> Option<FeeRule> {
        let id = fee::rule_id::ALL.into_iter().find(|r| *r == id)?;
        self.fees.on(id, date)
    }

    /// The deposit rule of a programme in force on `date`.
    pub fn deposit_rule(&self, programme: Programme, date: Date) -> Option<&DepositRule> {
        self.deposits.on(programme, date)
    }

    /// What the fees cost the worker and what others bear, converted at the shipped rate for
    /// `date`.
    pub fn cost_summary(&self, fees: &[Fee], date: Date) -> Result<CostSummary, RuleError> {
        cost::summarise(&self.exchange, fees, date)
    }

    /// The realistic months to repay the upfront cost, with the debt month by month.
    pub fn repayment(&self, input: &RepaymentInput) -> Result<Repayment, RuleError> {
        self.repayment.compute(input)
    }

    /// The monthly living-cost allowance (housing and utilities counted only when the
    /// employer provides no housing).
    pub fn living_costs(&self, housing_provided: bool) -> LivingCosts {
        self.repayment.living_costs(housing_provided)
    }

    /// The same at the given rates.
    pub fn cost_summary_at(
        &self,
        rates: &ExchangeRates,
        fees: &[Fee],
        date: Date,
    ) -> Result<CostSummary, RuleError> {
        cost::summarise(rates, fees, date)
    }
}

/// Reads a `Title | URL` cell of a data file as a [`Source`](crate::Source).
fn source_from_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<crate::Source, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(d)?;
    Ok(crate::Source::parse(&text))
}

/// [`RecruitmentRules::fields_for`] on the embedded rules.
pub fn fields_for(programme: Programme, date: Date) -> Vec<&'static Field> {
    RecruitmentRules::embedded().fields_for(programme, date)
}

/// [`RecruitmentRules::field`] on the embedded rules.
pub fn field(id: &str) -> Option<&'static Field> {
    RecruitmentRules::embedded().field(id)
}

/// [`RecruitmentRules::field_allowed`] on the embedded rules.
pub fn field_allowed(programme: Programme, field: &str, date: Date) -> Result<(), FieldRefusal> {
    RecruitmentRules::embedded().field_allowed(programme, field, date)
}

/// [`RecruitmentRules::to_jpy`] on the embedded rules.
pub fn to_jpy(vnd: i64, date: Date) -> Result<Converted, RuleError> {
    RecruitmentRules::embedded().to_jpy(vnd, date)
}

/// [`RecruitmentRules::to_vnd`] on the embedded rules.
pub fn to_vnd(jpy: i64, date: Date) -> Result<Converted, RuleError> {
    RecruitmentRules::embedded().to_vnd(jpy, date)
}

/// [`RecruitmentRules::cost_summary`] on the embedded rules.
pub fn cost_summary(fees: &[Fee], date: Date) -> Result<CostSummary, RuleError> {
    RecruitmentRules::embedded().cost_summary(fees, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_and_cite_sources() {
        let rules = RecruitmentRules::embedded();
        assert_eq!(rules.all_fields().len(), 30);
        assert_eq!(rules.living_costs(true).monthly_jpy, 88_383);
        assert_eq!(rules.living_costs(false).monthly_jpy, 124_573);
        for file in [
            PROGRAMMES_FILE,
            FIELDS_FILE,
            FIELD_ALLOWANCES_FILE,
            JAPANESE_REQUIREMENTS_FILE,
            MINIMUM_WAGES_FILE,
            EXCHANGE_RATES_FILE,
            FEE_RULES_FILE,
            DEPOSIT_RULES_FILE,
            LIVING_COSTS_FILE,
            REPAYMENT_FILE,
        ] {
            let sources = file.sources();
            assert!(!sources.is_empty(), "{} cites no source", file.name);
            assert!(sources.iter().any(|s| s.url.is_some()), "{}", file.name);
        }
    }
}
