//! What a posting costs the worker up front and what others bear: the "employer pays"
//! picture of a posting's fee lines, exact until each total is rounded once.
//!
//! A line in dong is worth `amount ÷ buying rate` yen (the yen the worker must earn to repay
//! it); a line in yen costs `amount × selling rate` dong (the worker buys the yen).

use super::exchange::{ExchangeRate, ExchangeRates};
use super::fee::{Fee, FeeKind, Payer};
use super::money::{Currency, ExactYen, format_hundredths};
use crate::RuleError;
use jiff::civil::Date;
use serde::{Serialize, Serializer};
use std::fmt;

/// A share, exact to the basis point (1/100 of a percent); serialised as `"62.5"`-style text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent {
    basis_points: u32,
}

impl Percent {
    pub const fn from_basis_points(basis_points: u32) -> Self {
        Percent { basis_points }
    }

    pub const fn basis_points(self) -> u32 {
        self.basis_points
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_hundredths(i128::from(self.basis_points)))
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One fee line in both currencies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostLine {
    pub kind: FeeKind,
    pub payer: Payer,
    pub amount: i64,
    pub currency: Currency,
    /// To the nearest yen (dong at the buying rate).
    pub amount_jpy: i64,
    /// To the nearest dong (yen at the selling rate).
    pub amount_vnd: i64,
}

/// The cost picture of a posting's fees. Every line counts, deposits included: a deposit is
/// refundable, but the worker must raise the money before departure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostSummary {
    /// What the worker pays, in dong (yen lines at the selling rate), to the nearest dong.
    pub worker_upfront_vnd: i64,
    /// What the worker pays, in yen (dong lines at the buying rate), to the nearest yen.
    pub worker_upfront_jpy: i64,
    /// What the employer, the sending enterprise and the Japanese organisations bear, in yen.
    pub borne_by_others_jpy: i64,
    /// The share of all costs not borne by the worker, to the nearest basis point
    /// (`None` when there are no fees).
    pub employer_share_percent: Option<Percent>,
    pub lines: Vec<CostLine>,
    /// The rate used (`None` when there are no fees).
    pub rate: Option<ExchangeRate>,
}

pub(crate) fn summarise(
    rates: &ExchangeRates,
    fees: &[Fee],
    date: Date,
) -> Result<CostSummary, RuleError> {
    for (i, fee) in fees.iter().enumerate() {
        fee.validate(i)?;
    }
    if fees.is_empty() {
        return Ok(CostSummary {
            worker_upfront_vnd: 0,
            worker_upfront_jpy: 0,
            borne_by_others_jpy: 0,
            employer_share_percent: None,
            lines: Vec::new(),
            rate: None,
        });
    }
    let rate = rates.rate_on(date, "date")?;
    let r = rate.vnd_per_100_jpy;
    let sell = rate.sell_vnd_per_100_jpy;
    let mut worker = ExactYen::ZERO;
    let mut others = ExactYen::ZERO;
    let mut worker_vnd: i128 = 0;
    let mut lines = Vec::with_capacity(fees.len());
    for fee in fees {
        let yen = fee.exact_yen(Some(r)).expect("a rate is given");
        let vnd = match fee.currency {
            Currency::Vnd => fee.amount,
            Currency::Jpy => yen.to_vnd(sell),
        };
        if fee.paid_by_worker() {
            worker = worker.add(yen);
            worker_vnd += i128::from(vnd);
        } else {
            others = others.add(yen);
        }
        lines.push(CostLine {
            kind: fee.kind,
            payer: fee.payer,
            amount: fee.amount,
            currency: fee.currency,
            amount_jpy: yen.round(),
            amount_vnd: vnd,
        });
    }
    let all = worker.add(others);
    let employer_share_percent = (!all.is_zero()).then(|| {
        let bp = others.basis_points_of(all).clamp(0, 10_000);
        Percent::from_basis_points(u32::try_from(bp).expect("clamped to 0..=10000"))
    });
    Ok(CostSummary {
        worker_upfront_vnd: i64::try_from(worker_vnd).unwrap_or(i64::MAX),
        worker_upfront_jpy: worker.round(),
        borne_by_others_jpy: others.round(),
        employer_share_percent,
        lines,
        rate: Some(rate),
    })
}
