//! Effective-dated values: a rule is in force from a civil date, until the next one starts.

use crate::{RuleError, Source};
use jiff::civil::Date;
use serde::Serialize;

/// One version of a rule, in force from `effective_from` until the day before the next
/// version (or `effective_to`, when the data knows it).
#[derive(Debug, Clone, PartialEq)]
pub struct Dated<T> {
    pub effective_from: Date,
    pub effective_to: Option<Date>,
    pub value: T,
    pub source: Source,
}

/// The version picked for a date, with a note when the date lies beyond what the data covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked<'a, T> {
    pub rule: &'a Dated<T>,
    /// Set when the date is after the newest version's known period: the newest version is
    /// used and the caller must say so.
    pub beyond_data: Option<BeyondData>,
}

/// "The data may be out of date for this date" — shown next to the figure it affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BeyondData {
    pub newest_effective_from: Date,
    pub asked: Date,
}

/// Picks the version in force on `date` from `versions` (any order). `horizon_months`, when
/// given, is how long a version is known to last (e.g. 12 for a fiscal-year rate): a date later
/// than that after the newest version still gets the newest, flagged as beyond the data.
pub fn pick<'a, T>(
    versions: &'a [Dated<T>],
    date: Date,
    field: &'static str,
    horizon_months: Option<i8>,
) -> Result<Picked<'a, T>, RuleError> {
    let in_force = versions
        .iter()
        .filter(|v| v.effective_from <= date && v.effective_to.is_none_or(|to| date <= to))
        .max_by_key(|v| v.effective_from);
    let Some(rule) = in_force else {
        let oldest = versions
            .iter()
            .map(|v| v.effective_from)
            .min()
            .ok_or_else(|| RuleError::Data {
                file: field.to_owned(),
                reason: "no versions".into(),
            })?;
        if date < oldest {
            return Err(RuleError::BeforeOldestRule {
                field,
                date,
                oldest,
            });
        }
        // Past an explicit end date with no successor: use the newest, flagged.
        let newest = versions
            .iter()
            .max_by_key(|v| v.effective_from)
            .expect("non-empty");
        return Ok(Picked {
            rule: newest,
            beyond_data: Some(BeyondData {
                newest_effective_from: newest.effective_from,
                asked: date,
            }),
        });
    };
    let newest_from = versions.iter().map(|v| v.effective_from).max();
    let beyond_data = match horizon_months {
        Some(months) if Some(rule.effective_from) == newest_from => {
            let known_until = rule
                .effective_from
                .checked_add(jiff::Span::new().months(months))
                .unwrap_or(Date::MAX);
            (date >= known_until).then_some(BeyondData {
                newest_effective_from: rule.effective_from,
                asked: date,
            })
        }
        _ => None,
    };
    Ok(Picked { rule, beyond_data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn v(from: Date, value: u32) -> Dated<u32> {
        Dated {
            effective_from: from,
            effective_to: None,
            value,
            source: Source::new("test", None),
        }
    }

    #[test]
    fn picks_the_version_in_force() {
        let vs = [v(date(2025, 3, 1), 1), v(date(2026, 3, 1), 2)];
        assert_eq!(
            pick(&vs, date(2025, 3, 1), "f", None).unwrap().rule.value,
            1
        );
        assert_eq!(
            pick(&vs, date(2026, 2, 28), "f", None).unwrap().rule.value,
            1
        );
        assert_eq!(
            pick(&vs, date(2026, 3, 1), "f", None).unwrap().rule.value,
            2
        );
    }

    #[test]
    fn before_the_oldest_is_an_error_naming_the_field() {
        let vs = [v(date(2025, 3, 1), 1)];
        let err = pick(&vs, date(2025, 2, 28), "date", None).unwrap_err();
        assert_eq!(err.field(), Some("date"));
    }

    #[test]
    fn beyond_the_horizon_uses_the_newest_and_says_so() {
        let vs = [v(date(2025, 3, 1), 1), v(date(2026, 3, 1), 2)];
        let p = pick(&vs, date(2027, 3, 1), "f", Some(12)).unwrap();
        assert_eq!(p.rule.value, 2);
        assert!(p.beyond_data.is_some());
        assert!(
            pick(&vs, date(2027, 2, 28), "f", Some(12))
                .unwrap()
                .beyond_data
                .is_none()
        );
    }
}
