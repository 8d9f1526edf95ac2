//! The regional minimum wage over the whole contract: scheduled monthly wage ÷ scheduled hours
//! against every hourly amount of the prefecture in force from the start date to the end of
//! the contract that the data knows, compared in integers. Minimum wages are revised every
//! autumn and published weeks before they take effect, so a known future revision counts; a
//! revision not yet in the data cannot, and the wage must follow it when it comes.

use super::{Check, CheckStatus, check_id};
use crate::Source;
use crate::recruitment::facts::PostingFacts;
use crate::recruitment::minimum_wage::MinimumWage;
use crate::recruitment::money::format_hundredths;
use crate::recruitment::{RecruitmentRules, Verification};
use jiff::Span;
use std::collections::BTreeMap;

/// The rule every outcome ends on: the minimum wage binds from the day a revision takes
/// effect (Minimum Wage Act art. 4), whatever the contract says.
const FOLLOW_REVISIONS: &str = "The wage must rise with every revision that takes effect during \
                                the contract (Minimum Wage Act art. 4(1)-(2)).";

pub(super) fn minimum_wage(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let hours = facts.scheduled_hours_per_month;
    let wage = facts.monthly_wage_jpy;
    let value = format!(
        "{wage} JPY ÷ {hours} h = {} JPY/h",
        // Rounded down to the sen, so the figure shown is never above what is paid.
        format_hundredths(i128::from(wage) * 10_000 / i128::from(hours.hundredths().max(1)))
    );
    let start = facts.start_date;
    let end = start
        .checked_add(Span::new().months(i64::from(facts.contract_months)))
        .unwrap_or(start);
    let found = rules.minimum_wages.during(
        i64::from(facts.prefecture),
        start,
        end,
        "prefecture",
        "start_date",
    );
    let amounts = match found {
        Ok(a) => a,
        Err(e) => {
            let source = Source::new(
                "No minimum wage in the data for this prefecture and date",
                None,
            );
            return Check::new(
                check_id::MINIMUM_WAGE,
                CheckStatus::Failed,
                "no_data",
                source,
            )
            .value(value)
            .limit("not in the data")
            .detail(e.to_string());
        }
    };
    // wage ÷ hours ≥ hourly minimum, in integers: wage × 100 ≥ hourly × hundredths of hours.
    let needed = |mw: &MinimumWage| i128::from(mw.hourly_jpy) * i128::from(hours.hundredths());
    let meets = |mw: &MinimumWage| i128::from(wage) * 100 >= needed(mw);
    let limit = amounts
        .iter()
        .map(|mw| {
            format!(
                "FY{} {} JPY/h (from {}) × {hours} h = {} JPY",
                mw.fiscal_year,
                mw.hourly_jpy,
                mw.effective_from,
                format_hundredths(needed(mw))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let first = &amounts[0];
    let last = amounts
        .last()
        .expect("at least the amount on the start date");
    let verification = amounts
        .iter()
        .map(|mw| mw.verification)
        .min()
        .unwrap_or(Verification::Unverified);
    let mut detail = vec![format!(
        "Every regional minimum wage of the prefecture in force from the start date {start} to \
         the end of the contract {end} that our data knows; a higher industry-specific (特定) \
         minimum wage, where one applies, is not checked."
    )];
    let mut params = BTreeMap::new();
    params.insert("hourly".to_owned(), first.hourly_jpy.to_string());
    params.insert("since".to_owned(), first.effective_from.to_string());
    params.insert("fiscal_year".to_owned(), (last.fiscal_year + 1).to_string());
    let failing = amounts.iter().find(|mw| !meets(mw));
    let (status, code, source) = match failing {
        Some(mw) if std::ptr::eq(mw, first) => {
            (CheckStatus::Failed, "below_minimum", mw.source.clone())
        }
        Some(mw) => {
            params.insert("hourly".to_owned(), mw.hourly_jpy.to_string());
            params.insert("since".to_owned(), mw.effective_from.to_string());
            detail.push(format!(
                "Below the FY{} amount that takes effect on {} during the contract.",
                mw.fiscal_year, mw.effective_from
            ));
            (
                CheckStatus::Failed,
                "below_later_minimum",
                mw.source.clone(),
            )
        }
        None if first.beyond_data.is_some() => {
            // Not a warning: the wage meets everything known; the next revision is simply
            // not published in our data yet.
            detail.push(format!(
                "Meets {} JPY/h, the latest known amount (FY{}, in force since {}); the \
                 revision for FY{} is not in our data yet.",
                first.hourly_jpy,
                first.fiscal_year,
                first.effective_from,
                first.fiscal_year + 1
            ));
            (
                CheckStatus::Passed,
                "meets_latest_known",
                first.source.clone(),
            )
        }
        None => (
            CheckStatus::Passed,
            "at_or_above_minimum",
            last.source.clone(),
        ),
    };
    detail.push(FOLLOW_REVISIONS.to_owned());
    let mut check = Check::new(check_id::MINIMUM_WAGE, status, code, source)
        .verification(verification)
        .value(value)
        .limit(limit)
        .detail(detail.join(" "))
        .beyond(first.beyond_data.clone());
    check.params = params;
    check
}
