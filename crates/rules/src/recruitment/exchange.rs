//! JPY↔VND reference rates by date (data: `recruitment/exchange-rates.csv`) and exact
//! conversions. A rate is stored as dong per 100 yen, an integer (174.84 VND/JPY = 17484).

use super::Verification;
use super::money::{Currency, ExactYen, div_round};
use crate::dated::{self, BeyondData, Dated};
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The rate used for a date: the newest quote on or before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeRate {
    /// The date of the quote.
    pub date: Date,
    /// The bank's buying rate for yen, in dong per 100 yen.
    pub vnd_per_100_jpy: i64,
    pub bank: String,
    pub verification: Verification,
    pub source: Source,
    /// Set when the date asked for is after the newest quote (which is then used).
    pub beyond_data: Option<BeyondData>,
}

/// An amount converted at a dated rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Converted {
    /// Rounded to the nearest unit, halves away from zero.
    pub amount: i64,
    pub currency: Currency,
    pub rate: ExchangeRate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Quote {
    buy: i64,
    bank: String,
    verification: Verification,
}

#[derive(Deserialize)]
struct Row {
    effective_from: Date,
    buy_vnd_per_100_jpy: i64,
    sell_vnd_per_100_jpy: i64,
    bank: String,
    verification: Verification,
    source: String,
}

#[derive(Debug, Clone)]
pub(crate) struct ExchangeRates {
    quotes: Vec<Dated<Quote>>,
}

impl ExchangeRates {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        let mut quotes = Vec::new();
        for r in file.rows::<Row>()? {
            if r.buy_vnd_per_100_jpy <= 0 || r.sell_vnd_per_100_jpy < r.buy_vnd_per_100_jpy {
                return Err(RuleError::Data {
                    file: file.name.to_owned(),
                    reason: format!("bad rate on {}", r.effective_from),
                });
            }
            quotes.push(Dated {
                effective_from: r.effective_from,
                effective_to: None,
                value: Quote {
                    buy: r.buy_vnd_per_100_jpy,
                    bank: r.bank,
                    verification: r.verification,
                },
                source: Source::parse(&r.source),
            });
        }
        if quotes.is_empty() {
            return Err(RuleError::Data {
                file: file.name.to_owned(),
                reason: "no rates".into(),
            });
        }
        Ok(ExchangeRates { quotes })
    }

    /// The rate for `date`; a date before the oldest quote is an error naming `field`.
    pub(crate) fn rate_on(
        &self,
        date: Date,
        field: &'static str,
    ) -> Result<ExchangeRate, RuleError> {
        let picked = dated::pick(&self.quotes, date, field, None)?;
        let rule = picked.rule;
        // Quotes are daily: any later date is beyond the data.
        let newest = self.quotes.iter().map(|q| q.effective_from).max();
        let beyond_data = (Some(rule.effective_from) == newest && date > rule.effective_from)
            .then_some(BeyondData {
                newest_effective_from: rule.effective_from,
                asked: date,
            });
        Ok(ExchangeRate {
            date: rule.effective_from,
            vnd_per_100_jpy: rule.value.buy,
            bank: rule.value.bank.clone(),
            verification: rule.value.verification,
            source: rule.source.clone(),
            beyond_data,
        })
    }

    pub(crate) fn to_jpy(&self, vnd: i64, date: Date) -> Result<Converted, RuleError> {
        let rate = self.rate_on(date, "date")?;
        let amount = ExactYen::from_vnd(vnd, rate.vnd_per_100_jpy).round();
        Ok(Converted {
            amount,
            currency: Currency::Jpy,
            rate,
        })
    }

    pub(crate) fn to_vnd(&self, jpy: i64, date: Date) -> Result<Converted, RuleError> {
        let rate = self.rate_on(date, "date")?;
        let vnd = div_round(i128::from(jpy) * i128::from(rate.vnd_per_100_jpy), 100);
        let amount =
            i64::try_from(vnd).map_err(|_| RuleError::invalid("amount", "out_of_range"))?;
        Ok(Converted {
            amount,
            currency: Currency::Vnd,
            rate,
        })
    }
}
