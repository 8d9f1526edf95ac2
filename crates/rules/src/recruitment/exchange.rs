//! JPY↔VND bank rates by date and exact conversions. A rate is kept as dong per 100 yen, an
//! integer (a quote of 174.84 VND per JPY is 17484).
//!
//! The rates come from two places: the file shipped with the rules
//! (`recruitment/exchange-rates.csv`) and the rates that regulators and admins import into
//! the database. Both are in the format of [`parse_rates_csv`]; an imported rate replaces a
//! shipped one of the same date ([`ExchangeRates::with_imported`]).
//!
//! Which rate converts what: the worker's yen become dong at the bank's **buying** rate (the
//! bank buys the yen the worker sends home); a fee the worker must pay in yen costs dong at
//! the **selling** rate (the worker buys yen). The fee-cap checks value dong fees in yen at
//! the buying rate: that gives the most yen for the dong paid, so a cap stated in yen is
//! never applied more leniently than the bank's spread allows.

use super::Verification;
use super::money::{Currency, ExactYen, div_round};
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A rate older than this many days on the day it is used is shown with a warning.
pub const STALE_AFTER_DAYS: i64 = 30;

/// Where a rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateOrigin {
    /// The file shipped with the rules.
    Shipped,
    /// Imported into the database by a regulator or an admin.
    Imported,
}

/// One day's quote of a bank for the yen, in dong per 100 yen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateQuote {
    pub date: Date,
    /// Always JPY for now: the only currency the platform converts.
    pub currency: Currency,
    /// The bank's (cash) buying rate.
    pub buying: i64,
    /// The bank's transfer buying rate, when the source gives it.
    pub transfer: Option<i64>,
    pub selling: i64,
    pub verification: Verification,
    pub source: Source,
    pub origin: RateOrigin,
}

/// The rate used for a date: the newest quote on or before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExchangeRate {
    /// The date of the quote.
    pub date: Date,
    /// The buying rate, in dong per 100 yen: what the worker's yen fetch.
    pub vnd_per_100_jpy: i64,
    /// The selling rate, in dong per 100 yen: what yen cost the worker.
    pub sell_vnd_per_100_jpy: i64,
    pub transfer_vnd_per_100_jpy: Option<i64>,
    pub verification: Verification,
    pub source: Source,
    pub origin: RateOrigin,
    /// Days between the quote and the date it was asked for.
    pub age_days: i64,
    /// Whether the quote is older than [`STALE_AFTER_DAYS`] on the date asked for.
    pub stale: bool,
}

/// An amount converted at a dated rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Converted {
    /// Rounded to the nearest unit, halves away from zero.
    pub amount: i64,
    pub currency: Currency,
    pub rate: ExchangeRate,
}

/// A bad line of a rates file: its line number (1 = the header), the column and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RateRowError {
    pub line: u64,
    pub column: Option<String>,
    /// Stable code, e.g. `selling_below_buying`, `missing_rate`, `not_a_date`.
    pub code: &'static str,
    /// In English, for the command line and the logs.
    pub detail: String,
}

/// The columns of a rates file; `verification` may be left out (see [`parse_rates_csv`]).
pub const RATE_COLUMNS: [&str; 6] = [
    "date", "currency", "buying", "transfer", "selling", "source",
];

/// Reads a rates file: UTF-8 CSV (a BOM and `#` comment lines allowed) with the header
/// `date,currency,buying,transfer,selling,source` and optionally `verification`. Rates are
/// dong per one unit of the currency with at most two decimals (`171.70`); `transfer` may be
/// empty. A row without verification is `verified`: the importer vouches that it copied the
/// bank's own published table; mark press reports `secondary`.
///
/// Every bad line is reported; the quotes come back only when there is none. Refused: a
/// missing or unknown column, a date that is not `YYYY-MM-DD` or lies after `latest`, a
/// currency other than JPY, a missing or malformed rate, a selling rate below the buying rate,
/// a transfer rate outside buying–selling, an empty source, the same date twice.
pub fn parse_rates_csv(
    bytes: &[u8],
    origin: RateOrigin,
    latest: Option<Date>,
) -> Result<Vec<RateQuote>, Vec<RateRowError>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let fail = |line, column: Option<&str>, code, detail: String| RateRowError {
        line,
        column: column.map(str::to_owned),
        code,
        detail,
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![fail(
            1,
            None,
            "not_utf8",
            "the file is not UTF-8 text".into(),
        )]);
    };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(vec![fail(1, None, "bad_csv", e.to_string())]),
    };
    let header_line = reader.position().line().max(1);
    let mut errors = Vec::new();
    for need in RATE_COLUMNS {
        if !header.iter().any(|h| h == need) {
            errors.push(fail(
                header_line,
                Some(need),
                "missing_column",
                format!("the header has no column `{need}`"),
            ));
        }
    }
    for h in &header {
        if !RATE_COLUMNS.contains(&h.as_str()) && h != "verification" {
            errors.push(fail(
                header_line,
                Some(h),
                "unknown_column",
                format!("unknown column `{h}`"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut quotes: Vec<RateQuote> = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(fail(line, None, "bad_csv", e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| col(name).and_then(|i| record.get(i)).unwrap_or("");
        let before = errors.len();
        let date = match cell("date").parse::<Date>() {
            Ok(d) if latest.is_some_and(|l| d > l) => {
                errors.push(fail(
                    line,
                    Some("date"),
                    "date_in_future",
                    format!("{d} is after today: a bank quotes no rate in advance"),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(fail(
                    line,
                    Some("date"),
                    "not_a_date",
                    format!("`{}` is not a date (YYYY-MM-DD)", cell("date")),
                ));
                None
            }
        };
        let currency = cell("currency");
        if currency != "JPY" {
            errors.push(fail(
                line,
                Some("currency"),
                "unsupported_currency",
                format!("`{currency}`: only JPY rates are used"),
            ));
        }
        let mut rate = |name: &'static str, required: bool| -> Option<i64> {
            let text = cell(name);
            if text.is_empty() {
                if required {
                    errors.push(fail(
                        line,
                        Some(name),
                        "missing_rate",
                        format!("no {name} rate on this line"),
                    ));
                }
                return None;
            }
            match parse_hundredths(text) {
                Some(v) if v > 0 => Some(v),
                _ => {
                    errors.push(fail(
                        line,
                        Some(name),
                        "not_a_rate",
                        format!("`{text}` is not a rate (dong per unit, e.g. 171.70)"),
                    ));
                    None
                }
            }
        };
        let buying = rate("buying", true);
        let transfer = rate("transfer", false);
        let selling = rate("selling", true);
        if let (Some(b), Some(s)) = (buying, selling) {
            if s < b {
                errors.push(fail(
                    line,
                    Some("selling"),
                    "selling_below_buying",
                    format!(
                        "the selling rate {} is below the buying rate {}",
                        format_rate(s),
                        format_rate(b)
                    ),
                ));
            } else if let Some(t) = transfer
                && !(b..=s).contains(&t)
            {
                errors.push(fail(
                    line,
                    Some("transfer"),
                    "transfer_outside_spread",
                    format!(
                        "the transfer rate {} is outside buying {} – selling {}",
                        format_rate(t),
                        format_rate(b),
                        format_rate(s)
                    ),
                ));
            }
        }
        let verification = match cell("verification") {
            "" => Some(Verification::Verified),
            "verified" => Some(Verification::Verified),
            "secondary" => Some(Verification::Secondary),
            "unverified" => Some(Verification::Unverified),
            other => {
                errors.push(fail(
                    line,
                    Some("verification"),
                    "unknown_verification",
                    format!("`{other}`: verified, secondary or unverified"),
                ));
                None
            }
        };
        let source = cell("source");
        if source.is_empty() {
            errors.push(fail(
                line,
                Some("source"),
                "missing_source",
                "every rate must cite where it was published".into(),
            ));
        }
        if let Some(d) = date
            && quotes.iter().any(|q| q.date == d)
        {
            errors.push(fail(
                line,
                Some("date"),
                "duplicate_date",
                format!("{d} appears twice"),
            ));
        }
        if errors.len() == before
            && let (Some(date), Some(buying), Some(selling), Some(verification)) =
                (date, buying, selling, verification)
        {
            quotes.push(RateQuote {
                date,
                currency: Currency::Jpy,
                buying,
                transfer,
                selling,
                verification,
                source: Source::parse(source),
                origin,
            });
        }
    }
    if quotes.is_empty() && errors.is_empty() {
        errors.push(fail(
            header_line,
            None,
            "no_rates",
            "the file has no rates".into(),
        ));
    }
    if errors.is_empty() {
        Ok(quotes)
    } else {
        Err(errors)
    }
}

/// `171.7` or `171.70` → 17170; at most two decimals, digits only.
fn parse_hundredths(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || whole.len() > 9 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    Some(whole * 100 + frac)
}

/// 17170 → `171.70` (dong per yen).
pub fn format_rate(hundredths: i64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Every known quote; the newest on or before a date is used for it.
#[derive(Debug, Clone)]
pub struct ExchangeRates {
    /// Sorted by date, one quote a date.
    quotes: Vec<RateQuote>,
}

impl ExchangeRates {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        let quotes =
            parse_rates_csv(file.text.as_bytes(), RateOrigin::Shipped, None).map_err(|errors| {
                RuleError::Data {
                    file: file.name.to_owned(),
                    reason: errors
                        .iter()
                        .map(|e| format!("line {}: {}", e.line, e.detail))
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })?;
        Ok(ExchangeRates::from_quotes(quotes))
    }

    /// The rates of these quotes (the later of two for the same date wins).
    pub fn from_quotes(quotes: impl IntoIterator<Item = RateQuote>) -> Self {
        let mut out: Vec<RateQuote> = Vec::new();
        for q in quotes {
            match out.iter_mut().find(|o| o.date == q.date) {
                Some(o) => *o = q,
                None => out.push(q),
            }
        }
        out.sort_by_key(|q| q.date);
        ExchangeRates { quotes: out }
    }

    /// These rates with `imported` added; an imported quote replaces one of the same date.
    pub fn with_imported(&self, imported: impl IntoIterator<Item = RateQuote>) -> Self {
        ExchangeRates::from_quotes(self.quotes.iter().cloned().chain(imported))
    }

    /// Every quote, oldest first.
    pub fn quotes(&self) -> &[RateQuote] {
        &self.quotes
    }

    /// The newest quote on or before `date`; a date before the oldest quote is an error
    /// naming `field`.
    pub fn rate_on(&self, date: Date, field: &'static str) -> Result<ExchangeRate, RuleError> {
        let Some(q) = self.quotes.iter().rev().find(|q| q.date <= date) else {
            return Err(match self.quotes.first() {
                Some(oldest) => RuleError::BeforeOldestRule {
                    field,
                    date,
                    oldest: oldest.date,
                },
                None => RuleError::invalid(field, "no_exchange_rate"),
            });
        };
        let age_days = i64::from((date - q.date).get_days());
        Ok(ExchangeRate {
            date: q.date,
            vnd_per_100_jpy: q.buying,
            sell_vnd_per_100_jpy: q.selling,
            transfer_vnd_per_100_jpy: q.transfer,
            verification: q.verification,
            source: q.source.clone(),
            origin: q.origin,
            age_days,
            stale: age_days > STALE_AFTER_DAYS,
        })
    }

    /// `vnd` dong in yen at the buying rate for `date`, to the nearest yen.
    pub fn to_jpy(&self, vnd: i64, date: Date) -> Result<Converted, RuleError> {
        let rate = self.rate_on(date, "date")?;
        let amount = ExactYen::from_vnd(vnd, rate.vnd_per_100_jpy).round();
        Ok(Converted {
            amount,
            currency: Currency::Jpy,
            rate,
        })
    }

    /// `jpy` yen the worker earns, in dong at the buying rate for `date`.
    pub fn to_vnd(&self, jpy: i64, date: Date) -> Result<Converted, RuleError> {
        self.convert(jpy, date, false)
    }

    /// `jpy` yen the worker must pay, in dong at the selling rate for `date`.
    pub fn cost_in_vnd(&self, jpy: i64, date: Date) -> Result<Converted, RuleError> {
        self.convert(jpy, date, true)
    }

    fn convert(&self, jpy: i64, date: Date, selling: bool) -> Result<Converted, RuleError> {
        let rate = self.rate_on(date, "date")?;
        let r = if selling {
            rate.sell_vnd_per_100_jpy
        } else {
            rate.vnd_per_100_jpy
        };
        let vnd = div_round(i128::from(jpy) * i128::from(r), 100);
        let amount =
            i64::try_from(vnd).map_err(|_| RuleError::invalid("amount", "out_of_range"))?;
        Ok(Converted {
            amount,
            currency: Currency::Vnd,
            rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn parse(text: &str) -> Result<Vec<RateQuote>, Vec<RateRowError>> {
        parse_rates_csv(
            text.as_bytes(),
            RateOrigin::Imported,
            Some(date(2026, 11, 30)),
        )
    }

    #[test]
    fn reads_rates_to_the_hundredth() {
        let q = parse(
            "\u{feff}date,currency,buying,transfer,selling,source\n\
             2026-11-20,JPY,171.7,173.44,182.61,Vietcombank | https://example.org\n",
        )
        .unwrap();
        assert_eq!(q[0].buying, 17170);
        assert_eq!(q[0].transfer, Some(17344));
        assert_eq!(q[0].selling, 18261);
        assert_eq!(q[0].verification, Verification::Verified);
        assert_eq!(q[0].source.url.as_deref(), Some("https://example.org"));
    }

    #[test]
    fn every_bad_line_is_named() {
        let errors = parse(
            "date,currency,buying,transfer,selling,source\n\
             2026-11-20,JPY,182.61,,171.70,Vietcombank\n\
             2026-11-21,JPY,,,182.61,Vietcombank\n\
             2026-13-01,JPY,171.70,,182.61,Vietcombank\n\
             2026-11-22,USD,171.70,,182.61,Vietcombank\n\
             2026-11-23,JPY,171.701,,182.61,Vietcombank\n\
             2026-12-24,JPY,171.70,,182.61,Vietcombank\n\
             2026-11-25,JPY,171.70,190,182.61,\n",
        )
        .unwrap_err();
        let got: Vec<(u64, &str, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_deref().unwrap_or(""), e.code))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "selling", "selling_below_buying"),
                (3, "buying", "missing_rate"),
                (4, "date", "not_a_date"),
                (5, "currency", "unsupported_currency"),
                (6, "buying", "not_a_rate"),
                (7, "date", "date_in_future"),
                (8, "transfer", "transfer_outside_spread"),
                (8, "source", "missing_source"),
            ]
        );
    }

    #[test]
    fn a_missing_column_is_refused() {
        let errors = parse("date,currency,buying,selling,source\n").unwrap_err();
        assert_eq!(errors[0].code, "missing_column");
        assert_eq!(errors[0].column.as_deref(), Some("transfer"));
    }

    #[test]
    fn imported_rates_replace_shipped_ones_of_the_same_date() {
        let shipped = ExchangeRates::from_quotes(
            parse_rates_csv(
                b"date,currency,buying,transfer,selling,verification,source\n\
                  2025-05-23,JPY,174.84,,185.95,secondary,press\n",
                RateOrigin::Shipped,
                None,
            )
            .unwrap(),
        );
        let imported = parse(
            "date,currency,buying,transfer,selling,source\n\
             2025-05-23,JPY,175.00,,186.00,bank\n2026-11-20,JPY,160.00,,170.00,bank\n",
        )
        .unwrap();
        let rates = shipped.with_imported(imported);
        let r = rates.rate_on(date(2025, 6, 1), "date").unwrap();
        assert_eq!((r.vnd_per_100_jpy, r.origin), (17500, RateOrigin::Imported));
        assert_eq!(r.age_days, 9);
        assert!(!r.stale);
        let old = rates.rate_on(date(2026, 11, 19), "date").unwrap();
        assert_eq!(old.date, date(2025, 5, 23));
        assert!(old.stale);
        let r = rates.rate_on(date(2026, 11, 30), "date").unwrap();
        assert_eq!((r.vnd_per_100_jpy, r.sell_vnd_per_100_jpy), (16000, 17000));
        // Earnings convert at the buying rate, yen the worker must pay at the selling rate.
        assert_eq!(
            rates.to_vnd(1000, date(2026, 11, 30)).unwrap().amount,
            160_000
        );
        assert_eq!(
            rates.cost_in_vnd(1000, date(2026, 11, 30)).unwrap().amount,
            170_000
        );
        assert!(rates.rate_on(date(2025, 5, 22), "date").is_err());
    }
}
