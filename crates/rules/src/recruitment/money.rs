//! Currencies and exact arithmetic on money: whole yen and whole dong, and exact fractions of a
//! yen wherever a dong amount is divided by a rate, rounded once at the end.

use crate::RuleError;
use serde::{Deserialize, Serialize};

/// A currency a fee can be stated in. Amounts are in minor units, which for both is the whole
/// unit: yen and dong have no coins below one in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    #[serde(rename = "JPY")]
    Jpy,
    #[serde(rename = "VND")]
    Vnd,
}

impl Currency {
    /// The ISO 4217 code.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Jpy => "JPY",
            Currency::Vnd => "VND",
        }
    }

    /// `JPY` or `VND`; anything else is an error naming `field`.
    pub fn parse(text: &str, field: &'static str) -> Result<Self, RuleError> {
        match text {
            "JPY" => Ok(Currency::Jpy),
            "VND" => Ok(Currency::Vnd),
            _ => Err(RuleError::invalid(field, "unsupported_currency")),
        }
    }
}

/// An exact amount of yen, `num / den` with `den > 0`. Dong converted at a rate of "VND per
/// 100 JPY" becomes `vnd × 100 / rate` yen, kept as a fraction so that sums and comparisons
/// against caps are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ExactYen {
    num: i128,
    den: i128,
}

impl ExactYen {
    pub(crate) const ZERO: ExactYen = ExactYen { num: 0, den: 1 };

    pub(crate) fn yen(amount: i64) -> Self {
        ExactYen {
            num: i128::from(amount),
            den: 1,
        }
    }

    /// `vnd` dong at `vnd_per_100_jpy` (> 0).
    pub(crate) fn from_vnd(vnd: i64, vnd_per_100_jpy: i64) -> Self {
        ExactYen {
            num: i128::from(vnd) * 100,
            den: i128::from(vnd_per_100_jpy),
        }
    }

    /// `numerator / denominator` yen (`denominator > 0`).
    pub(crate) fn ratio(numerator: i128, denominator: i128) -> Self {
        ExactYen {
            num: numerator,
            den: denominator,
        }
    }

    pub(crate) fn add(self, other: ExactYen) -> Self {
        if self.den == other.den {
            ExactYen {
                num: self.num + other.num,
                den: self.den,
            }
        } else {
            ExactYen {
                num: self.num * other.den + other.num * self.den,
                den: self.den * other.den,
            }
        }
    }

    pub(crate) fn is_zero(self) -> bool {
        self.num == 0
    }

    /// `self ≤ other`, exactly.
    pub(crate) fn le(self, other: ExactYen) -> bool {
        self.num * other.den <= other.num * self.den
    }

    /// To the nearest yen, halves away from zero.
    pub(crate) fn round(self) -> i64 {
        saturate(div_round(self.num, self.den))
    }

    /// Rounded down to the yen (what a cap allows).
    pub(crate) fn floor(self) -> i64 {
        saturate(self.num.div_euclid(self.den))
    }

    /// In dong at `vnd_per_100_jpy`, to the nearest dong.
    pub(crate) fn to_vnd(self, vnd_per_100_jpy: i64) -> i64 {
        saturate(div_round(
            self.num * i128::from(vnd_per_100_jpy),
            self.den * 100,
        ))
    }

    /// Hundredths of a yen, to the nearest, for display.
    pub(crate) fn hundredths(self) -> i128 {
        div_round(self.num * 100, self.den)
    }

    /// `self / other` in basis points (1/100 of a percent), to the nearest; `other` ≠ 0.
    pub(crate) fn basis_points_of(self, other: ExactYen) -> i128 {
        div_round(self.num * other.den * 10_000, other.num * self.den)
    }
}

/// `n / d` to the nearest integer, halves away from zero. `d` must not be zero.
pub(crate) fn div_round(n: i128, d: i128) -> i128 {
    let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
    let q = n.div_euclid(d);
    let r = n.rem_euclid(d);
    // For n < 0 the Euclidean quotient is already rounded towards −∞.
    if n >= 0 {
        if 2 * r >= d { q + 1 } else { q }
    } else if 2 * r > d {
        q + 1
    } else {
        q
    }
}

fn saturate(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

/// `1234` hundredths → `"12.34"`; whole numbers without decimals.
pub(crate) fn format_hundredths(x: i128) -> String {
    let sign = if x < 0 { "-" } else { "" };
    let a = x.unsigned_abs();
    if a.is_multiple_of(100) {
        format!("{sign}{}", a / 100)
    } else {
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_halves_away_from_zero() {
        assert_eq!(div_round(5, 2), 3);
        assert_eq!(div_round(-5, 2), -3);
        assert_eq!(div_round(7, 3), 2);
        assert_eq!(div_round(-7, 3), -2);
        assert_eq!(div_round(-8, 3), -3);
        assert_eq!(div_round(4, -2), -2);
    }

    #[test]
    fn exact_yen_compares_without_rounding() {
        // 1,000,000 VND at 174.84 VND/JPY is 5,719.5149… yen.
        let fee = ExactYen::from_vnd(1_000_000, 17_484);
        assert!(!fee.le(ExactYen::yen(5_719)));
        assert!(fee.le(ExactYen::yen(5_720)));
        assert_eq!(fee.round(), 5_720);
        assert_eq!(fee.floor(), 5_719);
        assert_eq!(fee.to_vnd(17_484), 1_000_000);
        assert_eq!(format_hundredths(fee.hundredths()), "5719.51");
    }
}
