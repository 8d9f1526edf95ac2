//! The disclosure every posting carries: deductions from pay, take-home pay in yen and dong,
//! the upfront cost to the worker, the months of pay needed to repay it, and who bears the
//! costs — each figure with the lines that explain it.

use crate::Rules;
use crate::error::CoreResult;
use jiff::civil::Date;
use kakehashi_rules::Source;
use kakehashi_rules::payroll::{NetPay, NetPayInput, net_pay};
use kakehashi_rules::recruitment::{CostSummary, ExchangeRate, Fee, Percent};
use serde::Serialize;

/// The worker a posting's figures are computed for; the calculator gives personal figures.
pub const ASSUMED_AGE: i64 = 25;
pub const ASSUMED_DEPENDENTS: i64 = 0;

/// One step of the part of the disclosure that is the posting's own (the payroll has its own
/// lines).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DisclosureLine {
    /// `gross_pay`, `rent`, `utilities`, `meals`, `take_home`, `take_home_vnd`, `upfront_cost`,
    /// `months_to_repay`, `employer_cost_share`.
    pub id: &'static str,
    pub amount: String,
    pub explanation: String,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Disclosure {
    pub assumed_age: i64,
    pub assumed_dependents: i64,
    /// The rules in force on this date were applied (the start date).
    pub rules_date: String,
    /// Scheduled wage plus monthly allowances.
    pub gross_monthly_jpy: i64,
    pub payroll: NetPay<'static>,
    pub rent_jpy: i64,
    pub utilities_jpy: i64,
    pub meals_jpy: i64,
    /// What the worker takes home each month in the first year.
    pub take_home_jpy: i64,
    /// From the second year, when resident tax starts.
    pub take_home_from_second_year_jpy: i64,
    /// The first-year take-home pay in dong at the dated rate (`None` if no rate covers it).
    pub take_home_vnd: Option<i64>,
    pub exchange_rate: Option<ExchangeRate>,
    /// Everything the worker pays before work starts.
    pub upfront_cost_jpy: i64,
    pub upfront_cost_vnd: i64,
    /// Months of first-year take-home pay needed to repay the upfront cost, to one decimal
    /// (rounded up).
    pub months_to_repay: Option<String>,
    /// The share of all recruitment costs borne by the employer and intermediaries.
    pub employer_cost_share_percent: Option<Percent>,
    pub costs: CostSummary,
    pub lines: Vec<DisclosureLine>,
    pub notes: Vec<String>,
}

pub(crate) struct Deductions {
    pub rent_jpy: i64,
    pub utilities_jpy: i64,
    pub meals_jpy: i64,
}

/// Months of pay, to one decimal, rounded up: "2.4".
fn months(upfront: i64, per_month: i64) -> Option<String> {
    if per_month <= 0 {
        return None;
    }
    let tenths = (i128::from(upfront) * 10 + i128::from(per_month) - 1) / i128::from(per_month);
    Some(format!("{}.{}", tenths / 10, tenths % 10))
}

pub(crate) fn disclose(
    rules: Rules,
    prefecture: u8,
    gross_monthly_jpy: i64,
    start_date: Date,
    deductions: &Deductions,
    fees: &[Fee],
) -> CoreResult<Disclosure> {
    let payroll = net_pay(
        rules.payroll,
        &NetPayInput {
            prefecture: i64::from(prefecture),
            monthly_wage_jpy: gross_monthly_jpy,
            age: ASSUMED_AGE,
            dependents: ASSUMED_DEPENDENTS,
            date: start_date,
        },
    )?;
    let costs = rules.recruitment.cost_summary(fees, start_date)?;
    let own = deductions.rent_jpy + deductions.utilities_jpy + deductions.meals_jpy;
    let mut notes = Vec::new();
    let floor = |v: i64, notes: &mut Vec<String>| {
        if v < 0 {
            notes.push("deductions_exceed_pay".to_owned());
            0
        } else {
            v
        }
    };
    let take_home = floor(payroll.net_pay_first_year_jpy - own, &mut notes);
    let take_home_2 = floor(payroll.net_pay_jpy - own, &mut notes);
    let converted = rules.recruitment.to_vnd(take_home, start_date).ok();
    if converted
        .as_ref()
        .is_some_and(|c| c.rate.beyond_data.is_some())
    {
        notes.push("exchange_rate_older_than_start_date".to_owned());
    }
    let months_to_repay = months(costs.worker_upfront_jpy, take_home);
    let posting_source = Source::new("The posting, as published by the employer", None);
    let mut lines = vec![
        DisclosureLine {
            id: "gross_pay",
            amount: gross_monthly_jpy.to_string(),
            explanation: "scheduled monthly wage + monthly allowances".into(),
            source: Some(posting_source.clone()),
        },
        DisclosureLine {
            id: "rent",
            amount: deductions.rent_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source.clone()),
        },
        DisclosureLine {
            id: "utilities",
            amount: deductions.utilities_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source.clone()),
        },
        DisclosureLine {
            id: "meals",
            amount: deductions.meals_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source),
        },
        DisclosureLine {
            id: "take_home",
            amount: take_home.to_string(),
            explanation: format!(
                "{} (net pay in the first year) − {} (rent, utilities, meals)",
                payroll.net_pay_first_year_jpy, own
            ),
            source: None,
        },
    ];
    if let Some(c) = &converted {
        lines.push(DisclosureLine {
            id: "take_home_vnd",
            amount: c.amount.to_string(),
            explanation: format!(
                "{take_home} JPY × {} VND per 100 JPY ({}, {})",
                c.rate.vnd_per_100_jpy, c.rate.bank, c.rate.date
            ),
            source: Some(c.rate.source.clone()),
        });
    }
    lines.push(DisclosureLine {
        id: "upfront_cost",
        amount: costs.worker_upfront_jpy.to_string(),
        explanation: format!(
            "every cost the worker pays before work starts: {} JPY = {} VND",
            costs.worker_upfront_jpy, costs.worker_upfront_vnd
        ),
        source: costs.rate.as_ref().map(|r| r.source.clone()),
    });
    if let Some(m) = &months_to_repay {
        lines.push(DisclosureLine {
            id: "months_to_repay",
            amount: m.clone(),
            explanation: format!(
                "{} ÷ {take_home}, rounded up to a tenth of a month",
                costs.worker_upfront_jpy
            ),
            source: None,
        });
    }
    if let Some(share) = costs.employer_share_percent {
        lines.push(DisclosureLine {
            id: "employer_cost_share",
            amount: share.to_string(),
            explanation: format!(
                "{} JPY borne by the employer and intermediaries ÷ {} JPY of all recruitment costs",
                costs.borne_by_others_jpy,
                costs.borne_by_others_jpy + costs.worker_upfront_jpy
            ),
            source: None,
        });
    }
    Ok(Disclosure {
        assumed_age: ASSUMED_AGE,
        assumed_dependents: ASSUMED_DEPENDENTS,
        rules_date: start_date.to_string(),
        gross_monthly_jpy,
        rent_jpy: deductions.rent_jpy,
        utilities_jpy: deductions.utilities_jpy,
        meals_jpy: deductions.meals_jpy,
        take_home_jpy: take_home,
        take_home_from_second_year_jpy: take_home_2,
        take_home_vnd: converted.as_ref().map(|c| c.amount),
        exchange_rate: converted.map(|c| c.rate),
        upfront_cost_jpy: costs.worker_upfront_jpy,
        upfront_cost_vnd: costs.worker_upfront_vnd,
        months_to_repay,
        employer_cost_share_percent: costs.employer_share_percent,
        costs,
        payroll,
        lines,
        notes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_round_up_to_a_tenth() {
        assert_eq!(super::months(500_000, 180_000).as_deref(), Some("2.8"));
        assert_eq!(super::months(360_000, 180_000).as_deref(), Some("2.0"));
        assert_eq!(super::months(0, 180_000).as_deref(), Some("0.0"));
        assert_eq!(super::months(1, 0), None);
    }
}
