//! The disclosure every posting carries: deductions from pay, take-home pay in yen and dong,
//! the upfront cost to the worker, the months of pay needed to repay it (a lower bound, and a
//! realistic schedule with living costs, interest and the months before the first wage), and
//! who bears the costs — each figure with the lines that explain it.
//!
//! Dong figures use the newest bank rate on or before today (imported or shipped), whatever
//! the start date: take-home pay at the buying rate, fees the worker pays in yen at the
//! selling rate.

use crate::Rules;
use crate::error::CoreResult;
use jiff::civil::Date;
use kakehashi_rules::Source;
use kakehashi_rules::payroll::{BusinessType, HealthInsurer, NetPay, NetPayInput, net_pay};
use kakehashi_rules::recruitment::{
    CostSummary, ExchangeRate, ExchangeRates, Percent, PostingFacts, Repayment, RepaymentInput,
    format_rate,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The worker a posting's figures are computed for; the calculator gives personal figures.
pub const ASSUMED_AGE: i64 = 25;
pub const ASSUMED_DEPENDENTS: i64 = 0;

/// One step of the part of the disclosure that is the posting's own (the payroll has its own
/// lines).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DisclosureLine {
    /// `gross_pay`, `rent`, `utilities`, `meals`, `take_home`, `take_home_vnd`, `upfront_cost`,
    /// `upfront_cost_vnd`, `months_to_repay`, `living_costs`, `months_to_repay_realistic`,
    /// `employer_cost_share`.
    pub id: &'static str,
    pub amount: String,
    /// In English; pages show the message `disclosure-explain-{id}` with `params` where one
    /// exists.
    pub explanation: String,
    pub source: Option<Source>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

fn params<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
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
    /// The first-year take-home pay in dong at the bank's buying rate of the newest quote on
    /// or before today (`None` if no rate covers it).
    pub take_home_vnd: Option<i64>,
    /// That rate: its date, buying and selling rates, age and whether it is older than 30 days
    /// (`stale`: shown as a warning).
    pub exchange_rate: Option<ExchangeRate>,
    /// Everything the worker pays before work starts.
    pub upfront_cost_jpy: i64,
    pub upfront_cost_vnd: i64,
    /// A LOWER BOUND: months of first-year take-home pay needed to repay the upfront cost if
    /// the worker spent nothing and paid no interest, to one decimal (rounded up).
    pub months_to_repay: Option<String>,
    /// Months from the start date until the upfront cost is repaid from take-home pay less a
    /// living-cost allowance, with interest and no repayment before the first full wage
    /// (`None` when not repaid within the contract, or no rate covers the dates).
    pub months_to_repay_realistic: Option<u32>,
    /// The yearly interest rate counted, as given (`"12.5"`), `"0"` by default.
    pub loan_interest_percent_per_year: String,
    /// The schedule behind `months_to_repay_realistic`, with every assumption.
    pub repayment: Option<Repayment>,
    /// The share of all recruitment costs borne by the employer and intermediaries.
    pub employer_cost_share_percent: Option<Percent>,
    pub costs: CostSummary,
    pub lines: Vec<DisclosureLine>,
    pub notes: Vec<String>,
}

/// What the posting adds to and takes from the wage besides the payroll's own deductions.
pub(crate) struct Deductions {
    pub rent_jpy: i64,
    pub utilities_jpy: i64,
    pub meals_jpy: i64,
    pub housing_provided: bool,
    /// Paid with the wage: in the insurance base, non-taxable up to the limit.
    pub commuting_allowance_jpy: i64,
    /// The health insurer and the employment-insurance business type the posting states.
    pub schemes: (HealthInsurer, BusinessType),
}

/// What the disclosure is computed with besides the posting: the rates in force, today, and
/// the reader's loan rate.
pub(crate) struct Basis<'a> {
    pub rules: Rules,
    pub rates: &'a ExchangeRates,
    pub today: Date,
    /// Yearly interest in basis points; `None` = the data's default (none).
    pub interest_basis_points: Option<u32>,
}

/// Months of pay, to one decimal, rounded up: "2.4".
fn months(upfront: i64, per_month: i64) -> Option<String> {
    if per_month <= 0 {
        return None;
    }
    let tenths = (i128::from(upfront) * 10 + i128::from(per_month) - 1) / i128::from(per_month);
    Some(format!("{}.{}", tenths / 10, tenths % 10))
}

/// `1234` basis points → `"12.34"`.
fn percent_text(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        (bp / 100).to_string()
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
            .trim_end_matches('0')
            .to_owned()
    }
}

pub(crate) fn disclose(
    basis: &Basis<'_>,
    facts: &PostingFacts,
    gross_monthly_jpy: i64,
    deductions: &Deductions,
) -> CoreResult<Disclosure> {
    let rules = basis.rules;
    let prefecture = facts.prefecture;
    let start_date = facts.start_date;
    let fees = &facts.fees;
    let payroll = net_pay(
        rules.payroll,
        &NetPayInput {
            prefecture: i64::from(prefecture),
            monthly_wage_jpy: gross_monthly_jpy,
            age: ASSUMED_AGE,
            dependents: ASSUMED_DEPENDENTS,
            date: start_date,
            commuting_allowance_jpy: deductions.commuting_allowance_jpy,
            health_insurer: deductions.schemes.0,
            business_type: deductions.schemes.1,
        },
    )?;
    // Today's rate; before the oldest rate (a clock set in the past), the start date's.
    let rate_date = if basis.rates.rate_on(basis.today, "date").is_ok() {
        basis.today
    } else {
        start_date
    };
    let costs = rules
        .recruitment
        .cost_summary_at(basis.rates, fees, rate_date)?;
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
    let converted = basis.rates.to_vnd(take_home, rate_date).ok();
    let months_to_repay = months(costs.worker_upfront_jpy, take_home);
    let repayment = match &converted {
        Some(c) => Some(rules.recruitment.repayment(&RepaymentInput {
            debt_vnd: costs.worker_upfront_vnd,
            take_home_jpy: take_home,
            take_home_later_jpy: take_home_2,
            housing_provided: deductions.housing_provided,
            programme: facts.programme,
            interest_basis_points: basis.interest_basis_points,
            vnd_per_100_jpy: c.rate.vnd_per_100_jpy,
            contract_months: facts.contract_months,
        })?),
        None => None,
    };
    let posting_source = Source::new("The posting, as published by the employer", None);
    let mut lines = vec![
        DisclosureLine {
            id: "gross_pay",
            amount: gross_monthly_jpy.to_string(),
            explanation: "scheduled monthly wage + monthly allowances".into(),
            source: Some(posting_source.clone()),
            params: BTreeMap::new(),
        },
        DisclosureLine {
            id: "rent",
            amount: deductions.rent_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source.clone()),
            params: BTreeMap::new(),
        },
        DisclosureLine {
            id: "utilities",
            amount: deductions.utilities_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source.clone()),
            params: BTreeMap::new(),
        },
        DisclosureLine {
            id: "meals",
            amount: deductions.meals_jpy.to_string(),
            explanation: "deducted from pay each month".into(),
            source: Some(posting_source),
            params: BTreeMap::new(),
        },
        DisclosureLine {
            id: "take_home",
            amount: take_home.to_string(),
            explanation: format!(
                "{} (net pay in the first year) − {} (rent, utilities, meals)",
                payroll.net_pay_first_year_jpy, own
            ),
            source: None,
            params: params([
                ("net", payroll.net_pay_first_year_jpy.to_string()),
                ("own", own.to_string()),
            ]),
        },
    ];
    if let Some(c) = &converted {
        let rate = format_rate(c.rate.vnd_per_100_jpy);
        lines.push(DisclosureLine {
            id: "take_home_vnd",
            amount: c.amount.to_string(),
            explanation: format!(
                "{take_home} JPY × {rate} VND/JPY (the bank's buying rate of {})",
                c.rate.date
            ),
            source: Some(c.rate.source.clone()),
            params: params([
                ("jpy", take_home.to_string()),
                ("rate", rate),
                ("date", c.rate.date.to_string()),
            ]),
        });
    }
    let sell = costs
        .rate
        .as_ref()
        .map(|r| format_rate(r.sell_vnd_per_100_jpy));
    let buy = costs.rate.as_ref().map(|r| format_rate(r.vnd_per_100_jpy));
    lines.push(DisclosureLine {
        id: "upfront_cost",
        amount: costs.worker_upfront_jpy.to_string(),
        explanation: format!(
            "every cost the worker pays before work starts, in yen: fees in yen as they are, \
             fees in dong at the buying rate ({} VND/JPY)",
            buy.clone().unwrap_or_default()
        ),
        source: costs.rate.as_ref().map(|r| r.source.clone()),
        params: params([("rate", buy.clone().unwrap_or_default())]),
    });
    lines.push(DisclosureLine {
        id: "upfront_cost_vnd",
        amount: costs.worker_upfront_vnd.to_string(),
        explanation: format!(
            "the same in dong: fees in dong as they are, fees in yen at the selling rate \
             ({} VND/JPY: the worker buys the yen)",
            sell.clone().unwrap_or_default()
        ),
        source: costs.rate.as_ref().map(|r| r.source.clone()),
        params: params([("rate", sell.unwrap_or_default())]),
    });
    if let Some(m) = &months_to_repay {
        lines.push(DisclosureLine {
            id: "months_to_repay",
            amount: m.clone(),
            explanation: format!(
                "lower bound: {} ÷ {take_home}, rounded up to a tenth of a month, as if the \
                 worker spent nothing, paid no interest and earned from the first day",
                costs.worker_upfront_jpy
            ),
            source: None,
            params: params([
                ("upfront", costs.worker_upfront_jpy.to_string()),
                ("take_home", take_home.to_string()),
            ]),
        });
    }
    if let Some(r) = &repayment {
        let living = &r.living_costs;
        lines.push(DisclosureLine {
            id: "living_costs",
            amount: living.monthly_jpy.to_string(),
            explanation: format!(
                "spending on {} by single-person households, {} average (Family Income and \
                 Expenditure Survey)",
                living
                    .lines
                    .iter()
                    .map(|l| format!("{} {}", l.name_ja, l.monthly_jpy))
                    .collect::<Vec<_>>()
                    .join(" + "),
                living.survey_year
            ),
            source: living.sources.first().cloned(),
            params: params([
                ("year", living.survey_year.to_string()),
                ("categories", living.lines.len().to_string()),
            ]),
        });
        lines.push(DisclosureLine {
            id: "months_to_repay_realistic",
            amount: r.months.map(|m| m.to_string()).unwrap_or_default(),
            explanation: format!(
                "{} VND owed; {} month(s) without a full wage; then each month ({take_home} − {}) \
                 JPY × {} VND/JPY repaid; interest {} % a year, monthly on what is owed",
                costs.worker_upfront_vnd,
                r.months_without_wage,
                living.monthly_jpy,
                format_rate(r.vnd_per_100_jpy),
                percent_text(r.interest_basis_points)
            ),
            source: r.sources.last().cloned(),
            params: params([
                ("debt", costs.worker_upfront_vnd.to_string()),
                ("without_wage", r.months_without_wage.to_string()),
                ("take_home", take_home.to_string()),
                ("living", living.monthly_jpy.to_string()),
                ("rate", format_rate(r.vnd_per_100_jpy)),
                ("interest", percent_text(r.interest_basis_points)),
            ]),
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
            params: params([
                ("others", costs.borne_by_others_jpy.to_string()),
                (
                    "all",
                    (costs.borne_by_others_jpy + costs.worker_upfront_jpy).to_string(),
                ),
            ]),
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
        months_to_repay_realistic: repayment.as_ref().and_then(|r| r.months),
        loan_interest_percent_per_year: percent_text(
            repayment.as_ref().map_or(0, |r| r.interest_basis_points),
        ),
        repayment,
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
