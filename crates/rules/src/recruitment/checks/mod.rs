//! The legal checks a job posting must pass before it can be published. Each check says what
//! it compared (`value` against `limit`), the rule's source and how sure that rule is, and why.
//!
//! A posting may be published when no check blocks: a failed check always blocks; an
//! unverified one (the data cannot settle it) blocks only if the rule behind it is verified.

mod eligibility;
mod fees;
mod wage;

use super::facts::{PostingFacts, PostingInput};
use super::{ExchangeRates, Programme, RecruitmentRules, Verification};
use crate::dated::BeyondData;
use crate::{RuleError, Source};
use serde::Serialize;
use std::collections::BTreeMap;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Passed,
    Failed,
    /// The data cannot settle it (a rule or a newer figure is missing): shown, and blocking
    /// only when the rule behind it is verified.
    Unverified,
}

/// One check of a posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable id: one of [`check_id`].
    pub id: &'static str,
    pub status: CheckStatus,
    /// Stable outcome code (e.g. `below_minimum`, `beyond_data`): the message key
    /// `check-{id}-{code}` in the Fluent files.
    pub code: &'static str,
    /// What the posting has.
    pub value: String,
    /// What the rule allows or requires.
    pub limit: String,
    pub source: Source,
    /// How sure the rule (or the data) behind this outcome is.
    pub verification: Verification,
    /// Why, in English, for the API and the logs; pages show the message of `code`.
    pub detail: String,
    /// Set when a figure beyond the data's period was used.
    pub beyond_data: Option<BeyondData>,
    /// Values the message of `code` shows (e.g. `hourly`, `since`, `fiscal_year`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Check {
    fn new(id: &'static str, status: CheckStatus, code: &'static str, source: Source) -> Self {
        Check {
            id,
            status,
            code,
            value: String::new(),
            limit: String::new(),
            source,
            verification: Verification::Unverified,
            detail: String::new(),
            beyond_data: None,
            params: BTreeMap::new(),
        }
    }

    fn verification(mut self, v: Verification) -> Self {
        self.verification = v;
        self
    }

    fn value(mut self, v: impl Into<String>) -> Self {
        self.value = v.into();
        self
    }

    fn limit(mut self, l: impl Into<String>) -> Self {
        self.limit = l.into();
        self
    }

    fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = d.into();
        self
    }

    fn beyond(mut self, b: Option<BeyondData>) -> Self {
        self.beyond_data = b;
        self
    }

    /// How a page colours the outcome: `ok`, `bad`, `warn`, or `neutral` for a pass that rests
    /// on the latest figure the data has while a newer one may be due (not a warning).
    pub fn tone(&self) -> &'static str {
        match self.status {
            CheckStatus::Passed if self.code == "meets_latest_known" => "neutral",
            CheckStatus::Passed => "ok",
            CheckStatus::Failed => "bad",
            CheckStatus::Unverified => "warn",
        }
    }

    /// Whether this check stops the posting from being published.
    pub fn blocks_publication(&self) -> bool {
        match self.status {
            CheckStatus::Failed => true,
            CheckStatus::Unverified => self.verification == Verification::Verified,
            CheckStatus::Passed => false,
        }
    }
}

/// Whether a posting with these checks may be published.
pub fn may_publish(checks: &[Check]) -> bool {
    !checks.iter().any(Check::blocks_publication)
}

/// The stable ids of the checks.
pub mod check_id {
    pub const PROGRAMME_OPEN: &str = "programme_open";
    pub const FIELD_ALLOWED: &str = "field_allowed";
    pub const CONTRACT_LENGTH: &str = "contract_length";
    pub const JAPANESE_LEVEL: &str = "japanese_level";
    pub const MINIMUM_WAGE: &str = "minimum_wage";
    pub const SERVICE_FEE_CAP: &str = "service_fee_cap";
    pub const NO_BROKERAGE: &str = "no_brokerage";
    pub const DEPOSIT: &str = "deposit";
    /// ESD only.
    pub const ESD_FEE_SHARE: &str = "esd_fee_share";
    /// ESD only.
    pub const ESD_JAPANESE_COURSE: &str = "esd_japanese_course";
    /// EPA only.
    pub const EPA_NO_FEES: &str = "epa_no_fees";
}

/// Runs every check that applies to the posting's programme. Expects facts that passed
/// [`PostingFacts::validate`]; anything the data cannot answer comes out as a failed or
/// unverified check rather than a panic.
pub fn check_posting(rules: &RecruitmentRules, facts: &PostingFacts) -> Vec<Check> {
    check_posting_at(rules, rules.exchange_rates(), facts)
}

/// [`check_posting`] with these exchange rates (the shipped ones and those imported into the
/// database) instead of the shipped ones alone.
pub fn check_posting_at(
    rules: &RecruitmentRules,
    rates: &ExchangeRates,
    facts: &PostingFacts,
) -> Vec<Check> {
    let mut checks = vec![
        eligibility::programme_open(rules, facts),
        eligibility::field_allowed(rules, facts),
        eligibility::contract_length(rules, facts),
        eligibility::japanese_level(rules, facts),
        wage::minimum_wage(rules, facts),
        fees::service_fee_cap(rules, rates, facts),
        fees::no_brokerage(rules, rates, facts),
        fees::deposit(rules, facts),
    ];
    if facts.programme == Programme::Esd {
        checks.push(fees::esd_fee_share(rules, rates, facts));
        checks.push(fees::esd_japanese_course(rules, facts));
    }
    if facts.programme.is_epa() {
        checks.push(fees::epa_no_fees(rules, facts));
    }
    checks
}

/// Validates raw input (errors name the field) and runs the checks.
pub fn check_posting_input(
    rules: &RecruitmentRules,
    input: &PostingInput,
) -> Result<Vec<Check>, RuleError> {
    let facts = input.parse(rules)?;
    Ok(check_posting(rules, &facts))
}
