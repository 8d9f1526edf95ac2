//! The regional minimum wage: scheduled monthly wage ÷ scheduled hours against the
//! prefecture's hourly amount on the start date, compared in integers.

use super::{Check, CheckStatus, check_id};
use crate::Source;
use crate::recruitment::RecruitmentRules;
use crate::recruitment::facts::PostingFacts;
use crate::recruitment::money::format_hundredths;

pub(super) fn minimum_wage(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let hours = facts.scheduled_hours_per_month;
    let wage = facts.monthly_wage_jpy;
    let value = format!(
        "{wage} JPY ÷ {hours} h = {} JPY/h",
        // Rounded down to the sen, so the figure shown is never above what is paid.
        format_hundredths(i128::from(wage) * 10_000 / i128::from(hours.hundredths().max(1)))
    );
    let found = rules.minimum_wages.on(
        i64::from(facts.prefecture),
        facts.start_date,
        "prefecture",
        "start_date",
    );
    let mw = match found {
        Ok(mw) => mw,
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
    let needed_x100 = i128::from(mw.hourly_jpy) * i128::from(hours.hundredths());
    let meets = i128::from(wage) * 100 >= needed_x100;
    let mut detail = vec![format!(
        "The prefecture's regional minimum wage for FY{} in force from {}; a higher \
         industry-specific (特定) minimum wage, where one applies, is not checked.",
        mw.fiscal_year, mw.effective_from
    )];
    if mw.beyond_data.is_some() {
        detail.push(format!(
            "Checked against FY{}; newer amount not in data.",
            mw.fiscal_year
        ));
    }
    let (status, code) = match (meets, mw.beyond_data.is_some()) {
        (false, _) => (CheckStatus::Failed, "below_minimum"),
        (true, true) => (CheckStatus::Unverified, "beyond_data"),
        (true, false) => (CheckStatus::Passed, "at_or_above_minimum"),
    };
    Check::new(check_id::MINIMUM_WAGE, status, code, mw.source.clone())
        .verification(mw.verification)
        .value(value)
        .limit(format!(
            "{} JPY/h × {hours} h = {} JPY",
            mw.hourly_jpy,
            format_hundredths(needed_x100)
        ))
        .detail(detail.join(" "))
        .beyond(mw.beyond_data.clone())
}
