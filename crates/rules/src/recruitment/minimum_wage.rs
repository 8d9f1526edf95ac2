//! Regional minimum wages by prefecture and date (data: `recruitment/minimum-wages.csv`).

use super::Verification;
use crate::dated::{self, BeyondData, Dated};
use crate::{DataFile, RuleError, Source, geo};
use jiff::civil::{self, Date};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The hourly minimum wage in force in a prefecture on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MinimumWage {
    /// JIS X 0401 code, 1–47.
    pub prefecture: u8,
    /// Japan's fiscal year of the amount (FY2025 = 令和7年度).
    pub fiscal_year: i16,
    pub hourly_jpy: i64,
    pub effective_from: Date,
    pub verification: Verification,
    pub source: Source,
    /// Set when the date is on or after the earliest day the next year's amount may apply
    /// (1 October of the following year) and that amount is not in the data.
    pub beyond_data: Option<BeyondData>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Amount {
    fiscal_year: i16,
    hourly_jpy: i64,
    verification: Verification,
}

#[derive(Deserialize)]
struct Row {
    prefecture_code: u8,
    fiscal_year: i16,
    hourly_jpy: i64,
    effective_from: Date,
    verification: Verification,
    source: String,
}

#[derive(Debug, Clone)]
pub(crate) struct MinimumWages(BTreeMap<u8, Vec<Dated<Amount>>>);

impl MinimumWages {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        let mut by_prefecture: BTreeMap<u8, Vec<Dated<Amount>>> = BTreeMap::new();
        for r in file.rows::<Row>()? {
            if geo::prefecture(i64::from(r.prefecture_code), "prefecture_code").is_err()
                || r.hourly_jpy <= 0
            {
                return Err(RuleError::Data {
                    file: file.name.to_owned(),
                    reason: format!("bad row for prefecture {}", r.prefecture_code),
                });
            }
            by_prefecture
                .entry(r.prefecture_code)
                .or_default()
                .push(Dated {
                    effective_from: r.effective_from,
                    effective_to: None,
                    value: Amount {
                        fiscal_year: r.fiscal_year,
                        hourly_jpy: r.hourly_jpy,
                        verification: r.verification,
                    },
                    source: Source::parse(&r.source),
                });
        }
        if by_prefecture.len() != geo::prefectures().len() {
            return Err(RuleError::Data {
                file: file.name.to_owned(),
                reason: "every prefecture needs an amount".into(),
            });
        }
        Ok(MinimumWages(by_prefecture))
    }

    /// Every amount in force in `prefecture` at some time from `from` until the day before
    /// `until` that the data knows, oldest first: the one in force on `from` (flagged as
    /// beyond the data when it may already have been revised), then each later one that takes
    /// effect before `until`.
    pub(crate) fn during(
        &self,
        prefecture: i64,
        from: Date,
        until: Date,
        prefecture_field: &'static str,
        date_field: &'static str,
    ) -> Result<Vec<MinimumWage>, RuleError> {
        let first = self.on(prefecture, from, prefecture_field, date_field)?;
        let versions = self
            .0
            .get(&first.prefecture)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut later: Vec<&Dated<Amount>> = versions
            .iter()
            .filter(|v| v.effective_from > from && v.effective_from < until)
            .collect();
        later.sort_by_key(|v| v.effective_from);
        let mut out = vec![first];
        for v in later {
            out.push(MinimumWage {
                prefecture: out[0].prefecture,
                fiscal_year: v.value.fiscal_year,
                hourly_jpy: v.value.hourly_jpy,
                effective_from: v.effective_from,
                verification: v.value.verification,
                source: v.source.clone(),
                beyond_data: None,
            });
        }
        Ok(out)
    }

    /// The amount in force in `prefecture` on `date`; errors name `prefecture_field` (unknown
    /// code) or `date_field` (before the oldest amount in the data).
    pub(crate) fn on(
        &self,
        prefecture: i64,
        date: Date,
        prefecture_field: &'static str,
        date_field: &'static str,
    ) -> Result<MinimumWage, RuleError> {
        let code = geo::prefecture(prefecture, prefecture_field)?.code;
        let versions = self
            .0
            .get(&code)
            .ok_or_else(|| RuleError::invalid(prefecture_field, "no_minimum_wage"))?;
        let picked = dated::pick(versions, date, date_field, None)?;
        let rule = picked.rule;
        let newest = versions.iter().map(|v| v.value.fiscal_year).max();
        // Revised amounts take effect from 1 October onward each year; from then on the next
        // year's amount may be in force and the data cannot tell.
        let next_from = civil::date(rule.value.fiscal_year + 1, 10, 1);
        let beyond_data = (Some(rule.value.fiscal_year) == newest && date >= next_from)
            .then_some(BeyondData {
                newest_effective_from: rule.effective_from,
                asked: date,
            })
            .or(picked.beyond_data);
        Ok(MinimumWage {
            prefecture: code,
            fiscal_year: rule.value.fiscal_year,
            hourly_jpy: rule.value.hourly_jpy,
            effective_from: rule.effective_from,
            verification: rule.value.verification,
            source: rule.source.clone(),
            beyond_data,
        })
    }
}
