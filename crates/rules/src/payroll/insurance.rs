//! Social-insurance rates (Kyokai Kenpo health insurance by prefecture, long-term care, the
//! child and child-rearing support levy, employees' pension, employment insurance) and the
//! employee's share of each premium.

use super::data_files::{
    INSURANCE_AGES_FILE, INSURANCE_RATES_FILE, KYOKAI_RATES_FILE, NATIONAL_PENSION_FILE, data_error,
};
use super::rate::Rate;
use crate::data::{DataFile, RuleFiles};
use crate::{Dated, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Number of prefectures (JIS X 0401 codes 1–47).
pub const PREFECTURES: usize = 47;

/// Every insurance rate the take-home computation needs, effective-dated. Premium rates are
/// the employer + employee total; the employee pays half. Employment insurance holds the
/// worker's own rate.
#[derive(Debug, Clone)]
pub struct InsuranceRates {
    /// Kyokai Kenpo health-insurance rate, index = prefecture code − 1.
    pub(crate) kyokai: Vec<Vec<Dated<Rate>>>,
    pub(crate) long_term_care: Vec<Dated<Rate>>,
    pub(crate) child_support_levy: Vec<Dated<Rate>>,
    pub(crate) pension: Vec<Dated<Rate>>,
    pub(crate) employment: Vec<Dated<Rate>>,
    pub(crate) employment_agriculture: Vec<Dated<Rate>>,
    pub(crate) employment_construction: Vec<Dated<Rate>>,
    /// The National Pension flat premium per month (for workers outside employees' pension).
    pub(crate) national_pension: Vec<Dated<i64>>,
    /// Ages insured by each scheme.
    pub(crate) health_ages: Vec<Dated<AgeRange>>,
    pub(crate) care_ages: Vec<Dated<AgeRange>>,
    pub(crate) pension_ages: Vec<Dated<AgeRange>>,
    pub(crate) national_pension_ages: Vec<Dated<AgeRange>>,
}

/// The ages (whole years, inclusive) a scheme insures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRange {
    pub min: i64,
    pub max: i64,
}

impl AgeRange {
    pub fn contains(self, age: i64) -> bool {
        (self.min..=self.max).contains(&age)
    }
}

#[derive(Deserialize)]
struct AgeRow {
    kind: String,
    min_age: i64,
    max_age: i64,
    effective_from: Date,
    source: String,
}

#[derive(Deserialize)]
struct KyokaiRow {
    prefecture_code: i64,
    rate_percent: String,
    effective_from: Date,
    source: String,
}

#[derive(Deserialize)]
struct RateRow {
    kind: String,
    rate_percent: String,
    share: String,
    effective_from: Date,
    source: String,
}

impl InsuranceRates {
    pub(crate) fn load(files: &RuleFiles) -> Result<Self, RuleError> {
        let kyokai_file = files.get(KYOKAI_RATES_FILE)?;
        let mut kyokai: Vec<Vec<Dated<Rate>>> = vec![Vec::new(); PREFECTURES];
        for row in kyokai_file.rows::<KyokaiRow>()? {
            let slot = usize::try_from(row.prefecture_code - 1)
                .ok()
                .and_then(|i| kyokai.get_mut(i))
                .ok_or_else(|| data_error(&kyokai_file, "prefecture_code outside 1–47"))?;
            let rate = half_splittable(&kyokai_file, &row.rate_percent)?;
            slot.push(dated(row.effective_from, rate, &row.source));
        }
        if kyokai.iter().any(Vec::is_empty) {
            return Err(data_error(
                &kyokai_file,
                "every prefecture 1–47 needs a rate",
            ));
        }
        for versions in &mut kyokai {
            sort_unique(&kyokai_file, versions)?;
        }

        let file = files.get(INSURANCE_RATES_FILE)?;
        let mut rates = InsuranceRates {
            kyokai,
            long_term_care: Vec::new(),
            child_support_levy: Vec::new(),
            pension: Vec::new(),
            employment: Vec::new(),
            employment_agriculture: Vec::new(),
            employment_construction: Vec::new(),
            national_pension: load_amounts(&files.get(NATIONAL_PENSION_FILE)?)?,
            health_ages: Vec::new(),
            care_ages: Vec::new(),
            pension_ages: Vec::new(),
            national_pension_ages: Vec::new(),
        };
        for row in file.rows::<RateRow>()? {
            let (list, share) = match row.kind.as_str() {
                "long_term_care" => (&mut rates.long_term_care, "half_of_total"),
                "child_support_levy" => (&mut rates.child_support_levy, "half_of_total"),
                "pension" => (&mut rates.pension, "half_of_total"),
                "employment_insurance" => (&mut rates.employment, "worker"),
                "employment_insurance_agriculture" => (&mut rates.employment_agriculture, "worker"),
                "employment_insurance_construction" => {
                    (&mut rates.employment_construction, "worker")
                }
                other => return Err(data_error(&file, format!("unknown kind {other:?}"))),
            };
            if row.share != share {
                return Err(data_error(
                    &file,
                    format!("{}: share must be {share}", row.kind),
                ));
            }
            let rate = if share == "worker" {
                Rate::percent_in(&row.rate_percent, file.name)?
            } else {
                half_splittable(&file, &row.rate_percent)?
            };
            list.push(dated(row.effective_from, rate, &row.source));
        }
        for list in [
            &mut rates.long_term_care,
            &mut rates.child_support_levy,
            &mut rates.pension,
            &mut rates.employment,
            &mut rates.employment_agriculture,
            &mut rates.employment_construction,
        ] {
            if list.is_empty() {
                return Err(data_error(&file, "every kind needs at least one rate"));
            }
            sort_unique(&file, list)?;
        }

        let file = files.get(INSURANCE_AGES_FILE)?;
        for row in file.rows::<AgeRow>()? {
            let list = match row.kind.as_str() {
                "health_insurance" => &mut rates.health_ages,
                "long_term_care" => &mut rates.care_ages,
                "pension" => &mut rates.pension_ages,
                "national_pension" => &mut rates.national_pension_ages,
                other => return Err(data_error(&file, format!("unknown kind {other:?}"))),
            };
            let value = AgeRange {
                min: row.min_age,
                max: row.max_age,
            };
            list.push(Dated {
                effective_from: row.effective_from,
                effective_to: None,
                value,
                source: Source::parse(&row.source),
            });
        }
        for list in [
            &mut rates.health_ages,
            &mut rates.care_ages,
            &mut rates.pension_ages,
            &mut rates.national_pension_ages,
        ] {
            if list.is_empty() {
                return Err(data_error(&file, "every scheme needs its ages"));
            }
            sort_unique(&file, list)?;
        }
        Ok(rates)
    }

    /// The worker's employment-insurance rates for a business type, oldest first.
    pub fn employment(&self, business: BusinessType) -> &[Dated<Rate>] {
        match business {
            BusinessType::General => &self.employment,
            BusinessType::AgricultureForestryFisheriesSake => &self.employment_agriculture,
            BusinessType::Construction => &self.employment_construction,
        }
    }

    /// The Kyokai Kenpo rates of one prefecture (1–47), oldest first.
    pub fn kyokai(&self, prefecture: i64) -> Option<&[Dated<Rate>]> {
        let i = usize::try_from(prefecture.checked_sub(1)?).ok()?;
        self.kyokai.get(i).map(Vec::as_slice)
    }
}

/// The business types with their own employment-insurance rates (雇用保険率).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessType {
    /// 一般の事業.
    #[default]
    General,
    /// 農林水産・清酒製造の事業.
    AgricultureForestryFisheriesSake,
    /// 建設の事業.
    Construction,
}

impl BusinessType {
    pub const ALL: [BusinessType; 3] = [
        BusinessType::General,
        BusinessType::AgricultureForestryFisheriesSake,
        BusinessType::Construction,
    ];

    pub fn id(self) -> &'static str {
        match self {
            BusinessType::General => "general",
            BusinessType::AgricultureForestryFisheriesSake => "agriculture_forestry_fisheries_sake",
            BusinessType::Construction => "construction",
        }
    }

    /// The type named `id`, or an error naming `field`.
    pub fn from_id(id: &str, field: &'static str) -> Result<Self, RuleError> {
        Self::ALL
            .into_iter()
            .find(|b| b.id() == id)
            .ok_or_else(|| RuleError::invalid(field, "unknown_business_type"))
    }
}

#[derive(Deserialize)]
struct AmountRow {
    #[serde(alias = "monthly_jpy", alias = "limit_jpy")]
    amount: i64,
    effective_from: Date,
    source: String,
}

/// A file of dated yen amounts (`<column>,effective_from,source`), oldest first.
pub(crate) fn load_amounts(file: &DataFile) -> Result<Vec<Dated<i64>>, RuleError> {
    let mut list: Vec<Dated<i64>> = file
        .rows::<AmountRow>()?
        .into_iter()
        .map(|r| Dated {
            effective_from: r.effective_from,
            effective_to: None,
            value: r.amount,
            source: Source::parse(&r.source),
        })
        .collect();
    if list.is_empty() || list.iter().any(|d| d.value < 0) {
        return Err(data_error(file, "needs at least one amount, none negative"));
    }
    sort_unique(file, &mut list)?;
    Ok(list)
}

fn dated(effective_from: Date, value: Rate, source: &str) -> Dated<Rate> {
    Dated {
        effective_from,
        effective_to: None,
        value,
        source: Source::parse(source),
    }
}

/// A total premium rate whose half (the employee's share) is exact.
fn half_splittable(file: &DataFile, text: &str) -> Result<Rate, RuleError> {
    let rate = Rate::percent_in(text, file.name)?;
    rate.half()
        .map(|_| rate)
        .ok_or_else(|| data_error(file, format!("{text} % cannot be halved exactly")))
}

fn sort_unique<T>(file: &DataFile, list: &mut [Dated<T>]) -> Result<(), RuleError> {
    list.sort_by_key(|d| d.effective_from);
    if list
        .windows(2)
        .any(|w| w[0].effective_from == w[1].effective_from)
    {
        return Err(data_error(file, "two versions start on the same date"));
    }
    Ok(())
}

/// The employee's shares of the health-insurance premium on the standard remuneration: the
/// health part alone, and the long-term-care part when it applies.
///
/// Kyokai Kenpo's premium table prints one employee half for health + long-term care together
/// (the 介護保険第2号被保険者 column, e.g. 9.91 % + 1.59 % = 11.50 % in Tokyo FY2025), and that
/// one amount is what is rounded and deducted. The long-term-care share shown is therefore the
/// rounded total less the rounded health-only share, so the two always add up to the deduction.
pub fn health_shares(standard_jpy: i64, health: Rate, long_term_care: Option<Rate>) -> (i64, i64) {
    let health_only = half(health).apply_round_half_down(standard_jpy);
    let care = long_term_care.map_or(0, |care| {
        half(health.plus(care)).apply_round_half_down(standard_jpy) - health_only
    });
    (health_only, care)
}

/// The employee's half of a premium split equally, rounded by the 50-sen rule. The levy has
/// its own column in the Kyokai table and is rounded on its own; so is the pension premium.
pub fn employee_half(base_jpy: i64, total: Rate) -> i64 {
    half(total).apply_round_half_down(base_jpy)
}

/// The other reading of the levy's rounding: health insurance and the levy added, halved and
/// rounded once by the 50-sen rule (an MHLW Q&A of 2026-02-12, as quoted by psrn.jp topics
/// id=39832). Kakehashi follows Kyokai Kenpo's premium table, which prints the levy in its own
/// column and so rounds it on its own ([`employee_half`]); the two differ by one yen at some
/// grades. Returns the employee's health + levy amount under the combined reading.
pub fn health_and_levy_rounded_together(standard_jpy: i64, health: Rate, levy: Rate) -> i64 {
    half(health.plus(levy)).apply_round_half_down(standard_jpy)
}

/// The employee's half of a total rate (validated as exact when the data was loaded).
pub(crate) fn half(total: Rate) -> Rate {
    total.half().unwrap_or(Rate::from_ppm(total.ppm() / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(s: &str) -> Rate {
        Rate::parse_percent(s).unwrap()
    }

    #[test]
    fn tokyo_fy2025_age_45_on_300000() {
        // 300,000 × 4.955 % = 14,865; × 5.75 % (11.50 % / 2) = 17,250 → care 2,385.
        assert_eq!(
            health_shares(300_000, pct("9.91"), Some(pct("1.59"))),
            (14_865, 2_385)
        );
        assert_eq!(health_shares(300_000, pct("9.91"), None), (14_865, 0));
        // pension 300,000 × 9.15 % = 27,450
        assert_eq!(employee_half(300_000, pct("18.3")), 27_450);
    }

    /// The two readings of the child-support levy's rounding, Tokyo FY2026 (health 9.85 %, levy
    /// 0.23 %) on the 150,000-yen grade: health 7,387.5 → 7,387 and levy 172.5 → 172 rounded
    /// apart (Kyokai Kenpo's table, followed here) give 7,559; rounded together (MHLW Q&A,
    /// 2026-02) 7,560.0 → 7,560. At 220,000 yen both give 10,835 + 253 = 11,088.
    #[test]
    fn the_levy_rounded_apart_and_together() {
        let (health, levy) = (pct("9.85"), pct("0.23"));
        let apart = |smr| health_shares(smr, health, None).0 + employee_half(smr, levy);
        assert_eq!(apart(150_000), 7_387 + 172);
        assert_eq!(
            health_and_levy_rounded_together(150_000, health, levy),
            7_560
        );
        assert_eq!(apart(220_000), 11_088);
        assert_eq!(
            health_and_levy_rounded_together(220_000, health, levy),
            11_088
        );
    }
}
