//! Exact rates and the yen roundings the payroll rules prescribe. No floats touch money.

use crate::RuleError;
use serde::{Serialize, Serializer};
use std::fmt;

/// Parts per million in one unit (1 = 0.0001 %).
const PPM: i64 = 1_000_000;

/// An exact rate in parts per million (4.955 % = 49 550), shown as a percentage string
/// ("4.955%") so that the JSON never carries a binary fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate {
    ppm: i64,
}

impl Rate {
    pub const ZERO: Rate = Rate { ppm: 0 };

    pub const fn from_ppm(ppm: i64) -> Self {
        Rate { ppm }
    }

    pub const fn ppm(self) -> i64 {
        self.ppm
    }

    /// Parses a percentage written in decimal ("9.91" → 9.91 %), exactly, to 0.0001 %.
    pub fn parse_percent(text: &str) -> Option<Rate> {
        parse_scaled(text, 4).map(Rate::from_ppm)
    }

    /// Parses a fraction written in decimal ("0.2042" → 20.42 %), exactly, to 0.0001 %.
    pub fn parse_fraction(text: &str) -> Option<Rate> {
        parse_scaled(text, 6).map(Rate::from_ppm)
    }

    /// Like [`Rate::parse_percent`], with an error naming the data file.
    pub(crate) fn percent_in(text: &str, file: &str) -> Result<Rate, RuleError> {
        Rate::parse_percent(text).ok_or_else(|| RuleError::Data {
            file: file.to_owned(),
            reason: format!("not a percentage: {text:?}"),
        })
    }

    /// Half the rate, for the employee's share of a premium split equally; `None` when the
    /// half is not exact at this precision (the data is then rejected rather than rounded).
    pub fn half(self) -> Option<Rate> {
        (self.ppm % 2 == 0).then_some(Rate::from_ppm(self.ppm / 2))
    }

    pub fn plus(self, other: Rate) -> Rate {
        Rate::from_ppm(self.ppm + other.ppm)
    }

    /// `base × rate` as an exact number of millionths of a yen.
    fn micro_yen(self, base: i64) -> i64 {
        base * self.ppm
    }

    /// `base × rate`, a fraction of 50 sen or less dropped and more than 50 sen rounded up:
    /// the rule for the employee's share of a premium deducted from pay.
    pub fn apply_round_half_down(self, base: i64) -> i64 {
        round_micro_half_down(self.micro_yen(base))
    }

    /// `base × rate`, any yen fraction dropped.
    pub fn apply_floor(self, base: i64) -> i64 {
        self.micro_yen(base).div_euclid(PPM)
    }

    /// `base × rate + plus`, any yen fraction rounded up (the computation method's 1円未満切上げ).
    pub fn apply_plus_ceil(self, base: i64, plus: i64) -> i64 {
        let micro = self.micro_yen(base) + plus * PPM;
        micro.div_euclid(PPM) + i64::from(micro.rem_euclid(PPM) != 0)
    }

    /// `base × rate + plus`, rounded to the nearest 10 yen, 5 yen up (10円未満四捨五入).
    pub fn apply_plus_round_ten(self, base: i64, plus: i64) -> i64 {
        let micro = self.micro_yen(base) + plus * PPM;
        (micro + 5 * PPM).div_euclid(10 * PPM) * 10
    }
}

/// Millionths of a yen to yen: 50 sen or less dropped, more than 50 sen rounded up.
fn round_micro_half_down(micro: i64) -> i64 {
    let yen = micro.div_euclid(PPM);
    yen + i64::from(micro.rem_euclid(PPM) > PPM / 2)
}

/// A non-negative decimal number times 10^scale, exactly; `None` if it has more decimals.
fn parse_scaled(text: &str, scale: u32) -> Option<i64> {
    let text = text.trim();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || frac.len() > scale as usize
    {
        return None;
    }
    let int: i64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac_value: i64 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let frac_scaled = frac_value * 10_i64.pow(scale - frac.len() as u32);
    int.checked_mul(10_i64.pow(scale))?.checked_add(frac_scaled)
}

impl fmt::Display for Rate {
    /// The percentage with no trailing zeros: 49 550 ppm → "4.955%".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.ppm < 0 { "-" } else { "" };
        let abs = self.ppm.unsigned_abs();
        let (int, frac) = (abs / 10_000, abs % 10_000);
        if frac == 0 {
            return write!(f, "{sign}{int}%");
        }
        let mut digits = format!("{frac:04}");
        while digits.ends_with('0') {
            digits.pop();
        }
        write!(f, "{sign}{int}.{digits}%")
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_shows_exactly() {
        let r = Rate::parse_percent("9.91").unwrap();
        assert_eq!(r.ppm(), 99_100);
        assert_eq!(r.half().unwrap().to_string(), "4.955%");
        assert_eq!(
            Rate::parse_fraction("0.2042").unwrap().to_string(),
            "20.42%"
        );
        assert_eq!(Rate::parse_percent("18.3").unwrap().to_string(), "18.3%");
        assert_eq!(Rate::parse_percent("6").unwrap().to_string(), "6%");
        assert_eq!(Rate::parse_percent("0.115").unwrap().to_string(), "0.115%");
        assert!(Rate::parse_percent("1.23456").is_none());
        assert!(Rate::parse_percent("x").is_none());
        assert!(Rate::parse_percent("").is_none());
        assert!(Rate::from_ppm(1).half().is_none());
    }

    #[test]
    fn fifty_sen_rule() {
        let half = Rate::parse_percent("0.795").unwrap();
        // 110,000 × 0.795 % = 874.5 → 874 (exactly 50 sen is dropped)
        assert_eq!(half.apply_round_half_down(110_000), 874);
        // 650,000 × 4.855 % = 31,557.5 → 31,557
        assert_eq!(
            Rate::parse_percent("4.855")
                .unwrap()
                .apply_round_half_down(650_000),
            31_557
        );
        // 300,001 × 0.55 % = 1,650.0055 → 1,650; 300,100 × 0.55 % = 1,650.55 → 1,651
        let ei = Rate::parse_percent("0.55").unwrap();
        assert_eq!(ei.apply_round_half_down(300_001), 1_650);
        assert_eq!(ei.apply_round_half_down(300_100), 1_651);
    }

    #[test]
    fn computation_method_roundings() {
        let thirty = Rate::parse_percent("30").unwrap();
        assert_eq!(thirty.apply_plus_ceil(175_000, 6_667), 59_167);
        assert_eq!(thirty.apply_plus_ceil(175_001, 6_667), 59_168); // 59,167.3 → up
        let r = Rate::parse_percent("5.105").unwrap();
        assert_eq!(r.apply_plus_round_ten(4_165, 0), 210); // 212.6 → 210
        assert_eq!(r.apply_plus_round_ten(12_499, 0), 640); // 638.07 → 640
        assert_eq!(Rate::from_ppm(50_000).apply_plus_round_ten(100, 0), 10); // 5 → 10
    }
}
