//! Scheduled working hours per month, exact to the hundredth of an hour (173.33 h is common:
//! 40 h × 52 weeks ÷ 12), so that the minimum-wage comparison stays an integer comparison.

use crate::RuleError;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Hours in hundredths of an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hours {
    hundredths: u32,
}

/// Most scheduled hours a month accepted: the hours in a 31-day month. More is impossible, not
/// merely unlawful.
pub const MAX_HOURS_PER_MONTH: Hours = Hours::whole(744);

impl Hours {
    pub const fn whole(hours: u32) -> Self {
        Hours {
            hundredths: hours * 100,
        }
    }

    pub const fn from_hundredths(hundredths: u32) -> Self {
        Hours { hundredths }
    }

    pub const fn hundredths(self) -> u32 {
        self.hundredths
    }

    /// Parses `160`, `173.3` or `173.33` (at most two decimals); an error names `field`.
    pub fn parse(text: &str, field: &'static str) -> Result<Self, RuleError> {
        let bad = || RuleError::invalid(field, "not_hours");
        let text = text.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (whole, frac) = match text.split_once('.') {
            Some((whole, frac)) if digits(frac) && frac.len() <= 2 => (whole, frac),
            Some(_) => return Err(bad()),
            None => (text, ""),
        };
        if !digits(whole) {
            return Err(bad());
        }
        let whole: u32 = whole.parse().map_err(|_| bad())?;
        let frac: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(100)
            .and_then(|h| h.checked_add(frac))
            .map(Hours::from_hundredths)
            .ok_or_else(bad)
    }

    /// Parses a JSON number or string as sent by a form or the API.
    pub fn parse_input(input: &NumberOrText, field: &'static str) -> Result<Self, RuleError> {
        match input {
            NumberOrText::Integer(n) => u32::try_from(*n)
                .ok()
                .and_then(|n| n.checked_mul(100))
                .map(Hours::from_hundredths)
                .ok_or_else(|| RuleError::invalid(field, "not_hours")),
            // The shortest decimal form of a float is the literal that was sent (173.33).
            NumberOrText::Decimal(x) => Hours::parse(&x.to_string(), field),
            NumberOrText::Text(t) => Hours::parse(t, field),
        }
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.hundredths / 100, self.hundredths % 100);
        if frac == 0 {
            write!(f, "{whole}")
        } else if frac % 10 == 0 {
            write!(f, "{whole}.{}", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}")
        }
    }
}

/// Serialised as a decimal string (`"173.33"`), exact.
impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let input = NumberOrText::deserialize(d)?;
        Hours::parse_input(&input, "hours").map_err(serde::de::Error::custom)
    }
}

/// A number field that a form may send as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrText {
    Integer(i64),
    Decimal(f64),
    Text(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_decimal_hours() {
        assert_eq!(Hours::parse("160", "h").unwrap(), Hours::whole(160));
        assert_eq!(Hours::parse("173.33", "h").unwrap().hundredths(), 17_333);
        assert_eq!(Hours::parse("173.3", "h").unwrap().hundredths(), 17_330);
        assert_eq!(Hours::parse("173.3", "h").unwrap().to_string(), "173.3");
        assert_eq!(
            Hours::parse_input(&NumberOrText::Decimal(173.33), "h")
                .unwrap()
                .hundredths(),
            17_333
        );
        for bad in ["", "-1", "1.234", "1e3", "abc", ".5", "5."] {
            assert!(Hours::parse(bad, "h").is_err(), "{bad}");
        }
    }
}
