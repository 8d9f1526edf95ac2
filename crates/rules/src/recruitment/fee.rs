//! Fees a posting declares, their bounds, and the fee rules as numbers
//! (data: `recruitment/fee-rules.csv`, `recruitment/deposit-rules.csv`).

use super::money::{Currency, ExactYen, format_hundredths};
use super::{Programme, Verification};
use crate::dated::Dated;
use crate::{DataFile, RuleError, Source};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What a fee is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeKind {
    /// The Vietnamese service fee (tiền dịch vụ) or a sending organisation's fee.
    ServiceFee,
    /// Brokerage money (tiền môi giới): never chargeable to a worker.
    Brokerage,
    Training,
    JapaneseCourse,
    Dormitory,
    MedicalCheck,
    PassportVisa,
    Flight,
    /// A deposit (tiền ký quỹ / 保証金), refundable in principle.
    Deposit,
    Other,
}

impl FeeKind {
    pub const ALL: [FeeKind; 10] = [
        FeeKind::ServiceFee,
        FeeKind::Brokerage,
        FeeKind::Training,
        FeeKind::JapaneseCourse,
        FeeKind::Dormitory,
        FeeKind::MedicalCheck,
        FeeKind::PassportVisa,
        FeeKind::Flight,
        FeeKind::Deposit,
        FeeKind::Other,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            FeeKind::ServiceFee => "service_fee",
            FeeKind::Brokerage => "brokerage",
            FeeKind::Training => "training",
            FeeKind::JapaneseCourse => "japanese_course",
            FeeKind::Dormitory => "dormitory",
            FeeKind::MedicalCheck => "medical_check",
            FeeKind::PassportVisa => "passport_visa",
            FeeKind::Flight => "flight",
            FeeKind::Deposit => "deposit",
            FeeKind::Other => "other",
        }
    }

    pub fn parse(id: &str, field: &'static str) -> Result<Self, RuleError> {
        FeeKind::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .ok_or_else(|| RuleError::invalid(field, "unknown_fee_kind"))
    }
}

/// Who bears a fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payer {
    Worker,
    Employer,
    /// The Vietnamese licensed enterprise (doanh nghiệp dịch vụ) / sending organisation.
    SendingEnterprise,
    /// The Japanese supervising organisation (監理団体 / 監理支援機関).
    SupervisingOrg,
    /// The registered support organisation (登録支援機関).
    SupportOrg,
}

impl Payer {
    pub const ALL: [Payer; 5] = [
        Payer::Worker,
        Payer::Employer,
        Payer::SendingEnterprise,
        Payer::SupervisingOrg,
        Payer::SupportOrg,
    ];

    pub const fn id(self) -> &'static str {
        match self {
            Payer::Worker => "worker",
            Payer::Employer => "employer",
            Payer::SendingEnterprise => "sending_enterprise",
            Payer::SupervisingOrg => "supervising_org",
            Payer::SupportOrg => "support_org",
        }
    }

    pub fn parse(id: &str, field: &'static str) -> Result<Self, RuleError> {
        Payer::ALL
            .into_iter()
            .find(|p| p.id() == id)
            .ok_or_else(|| RuleError::invalid(field, "unknown_payer"))
    }
}

/// One fee line of a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: FeeKind,
    /// In minor units of `currency` (whole yen, whole dong), > 0.
    pub amount: i64,
    pub currency: Currency,
    pub payer: Payer,
}

/// Largest fee line accepted in yen: ten million yen, far above any recruitment cost reported
/// (Vietnamese trainees paid ¥688,143 on average, ISA survey reported in 2022).
pub const MAX_FEE_JPY: i64 = 10_000_000;
/// Largest fee line accepted in dong: two billion dong (about the yen bound above).
pub const MAX_FEE_VND: i64 = 2_000_000_000;
/// Most fee lines a posting may declare.
pub const MAX_FEES: usize = 30;

macro_rules! fee_fields {
    ($($i:literal)*) => {
        [$([
            concat!("fees[", $i, "].kind"),
            concat!("fees[", $i, "].amount"),
            concat!("fees[", $i, "].currency"),
            concat!("fees[", $i, "].payer"),
        ]),*]
    };
}

/// Input field names of each fee line (errors name a `&'static str`).
static FEE_FIELDS: [[&str; 4]; MAX_FEES] =
    fee_fields!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29);

/// The part of a fee line an input error is about.
#[derive(Debug, Clone, Copy)]
enum Part {
    Kind = 0,
    Amount = 1,
    Currency = 2,
    Payer = 3,
}

/// `fees[i].part`, or `fees` when the index is past [`MAX_FEES`].
fn fee_field(index: usize, part: Part) -> &'static str {
    FEE_FIELDS.get(index).map_or("fees", |f| f[part as usize])
}

impl Fee {
    /// Checks the amount: positive and within the bound of its currency.
    pub fn validate(&self, index: usize) -> Result<(), RuleError> {
        let max = match self.currency {
            Currency::Jpy => MAX_FEE_JPY,
            Currency::Vnd => MAX_FEE_VND,
        };
        let field = fee_field(index, Part::Amount);
        if self.amount <= 0 {
            Err(RuleError::invalid(field, "must_be_positive"))
        } else if self.amount > max {
            Err(RuleError::invalid(field, "too_large"))
        } else {
            Ok(())
        }
    }

    pub fn paid_by_worker(&self) -> bool {
        self.payer == Payer::Worker
    }

    /// The amount in exact yen (dong at `vnd_per_100_jpy`).
    pub(crate) fn exact_yen(&self, vnd_per_100_jpy: Option<i64>) -> Option<ExactYen> {
        match self.currency {
            Currency::Jpy => Some(ExactYen::yen(self.amount)),
            Currency::Vnd => vnd_per_100_jpy.map(|r| ExactYen::from_vnd(self.amount, r)),
        }
    }

    /// `12000 JPY` / `30000000 VND`.
    pub(crate) fn display_amount(&self) -> String {
        format!("{} {}", self.amount, self.currency.code())
    }
}

/// A fee line as it arrives from a form or the JSON API: ids still unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeInput {
    pub kind: String,
    pub amount: i64,
    pub currency: String,
    pub payer: String,
}

impl FeeInput {
    /// The fee line at `index`; an error names `fees[index].kind` (…`.amount`, `.currency`,
    /// `.payer`).
    pub fn parse(&self, index: usize) -> Result<Fee, RuleError> {
        if index >= MAX_FEES {
            return Err(RuleError::invalid("fees", "too_many_fees"));
        }
        let fee = Fee {
            kind: FeeKind::parse(&self.kind, fee_field(index, Part::Kind))?,
            amount: self.amount,
            currency: Currency::parse(&self.currency, fee_field(index, Part::Currency))?,
            payer: Payer::parse(&self.payer, fee_field(index, Part::Payer))?,
        };
        fee.validate(index)?;
        Ok(fee)
    }
}

/// A numeric fee rule in force on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeeRule {
    pub id: &'static str,
    pub value: i64,
    /// `None`: since before any date the platform handles.
    pub effective_from: Option<Date>,
    pub verification: Verification,
    pub source: Source,
}

/// Rule ids of `fee-rules.csv` the checks read; the file must define each.
pub(crate) mod rule_id {
    pub const SERVICE_FEE_PER_12_MONTHS: &str = "service_fee_per_12_months";
    pub const SERVICE_FEE_TOTAL_CAP: &str = "service_fee_total_cap";
    pub const SERVICE_FEE_TOTAL_CAP_FROM_MONTHS: &str = "service_fee_total_cap_from_months";
    pub const WORKER_BROKERAGE: &str = "worker_brokerage";
    pub const ENTERPRISE_BROKERAGE_JAPAN: &str = "enterprise_brokerage_japan";
    pub const ESD_WORKER_FEE_TO_SENDING_ORG: &str = "esd_worker_fee_to_sending_org";
    pub const ESD_WORKER_JAPANESE_COURSE: &str = "esd_worker_japanese_course";
    pub const EPA_WORKER_FEES_EXCEPT_MEDICAL: &str = "epa_worker_fees_except_medical";

    pub const ALL: [&str; 8] = [
        SERVICE_FEE_PER_12_MONTHS,
        SERVICE_FEE_TOTAL_CAP,
        SERVICE_FEE_TOTAL_CAP_FROM_MONTHS,
        WORKER_BROKERAGE,
        ENTERPRISE_BROKERAGE_JAPAN,
        ESD_WORKER_FEE_TO_SENDING_ORG,
        ESD_WORKER_JAPANESE_COURSE,
        EPA_WORKER_FEES_EXCEPT_MEDICAL,
    ];
}

#[derive(Deserialize)]
struct FeeRuleRow {
    rule: String,
    value: i64,
    effective_from: Option<Date>,
    effective_to: Option<Date>,
    verification: Verification,
    source: String,
}

#[derive(Debug, Clone)]
pub(crate) struct FeeRules(Vec<(&'static str, Dated<(i64, Verification)>)>);

impl FeeRules {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        let mut rules = Vec::new();
        for r in file.rows::<FeeRuleRow>()? {
            let id = rule_id::ALL
                .into_iter()
                .find(|id| *id == r.rule)
                .ok_or_else(|| RuleError::Data {
                    file: file.name.to_owned(),
                    reason: format!("unknown rule {}", r.rule),
                })?;
            rules.push((
                id,
                Dated {
                    // An empty date means "since before anything handled here".
                    effective_from: r.effective_from.unwrap_or(Date::MIN),
                    effective_to: r.effective_to,
                    value: (r.value, r.verification),
                    source: Source::parse(&r.source),
                },
            ));
        }
        if let Some(missing) = rule_id::ALL
            .iter()
            .find(|id| !rules.iter().any(|(r, _)| r == *id))
        {
            return Err(RuleError::Data {
                file: file.name.to_owned(),
                reason: format!("rule {missing} missing"),
            });
        }
        Ok(FeeRules(rules))
    }

    /// The rule `id` in force on `date`, if any.
    pub(crate) fn on(&self, id: &'static str, date: Date) -> Option<FeeRule> {
        self.0
            .iter()
            .filter(|(r, d)| {
                *r == id && d.effective_from <= date && d.effective_to.is_none_or(|to| date <= to)
            })
            .max_by_key(|(_, d)| d.effective_from)
            .map(|(_, d)| FeeRule {
                id,
                value: d.value.0,
                effective_from: (d.effective_from != Date::MIN).then_some(d.effective_from),
                verification: d.value.1,
                source: d.source.clone(),
            })
    }

    /// The source of rule `id` (its newest row), for checks whose rule is not in force yet.
    pub(crate) fn source_of(&self, id: &'static str) -> Source {
        self.0
            .iter()
            .filter(|(r, _)| *r == id)
            .max_by_key(|(_, d)| d.effective_from)
            .map_or_else(|| Source::new(id, None), |(_, d)| d.source.clone())
    }

    /// Like [`FeeRules::on`], but a rule that must exist for every posting: its absence is an
    /// error naming `field` (the date asked for is before the rule).
    pub(crate) fn required(
        &self,
        id: &'static str,
        date: Date,
        field: &'static str,
    ) -> Result<FeeRule, RuleError> {
        self.on(id, date).ok_or_else(|| {
            let oldest = self
                .0
                .iter()
                .filter(|(r, _)| *r == id)
                .map(|(_, d)| d.effective_from)
                .min()
                .unwrap_or(Date::MAX);
            RuleError::BeforeOldestRule {
                field,
                date,
                oldest,
            }
        })
    }
}

/// What the Japan side (or, failing that, Vietnamese law) says about a worker's deposit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkerDeposit {
    /// Not allowed.
    Prohibited,
    /// Allowed up to a cap whose amount for Japan is not in the data (UNVERIFIED).
    Capped,
}

/// The deposit rule of a programme from a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRule {
    pub programme: Programme,
    pub worker_deposit: WorkerDeposit,
    pub effective_from: Date,
    pub verification: Verification,
    #[serde(deserialize_with = "super::source_from_text")]
    pub source: Source,
}

#[derive(Debug, Clone)]
pub(crate) struct DepositRules(Vec<DepositRule>);

impl DepositRules {
    pub(crate) fn parse(file: &DataFile) -> Result<Self, RuleError> {
        Ok(DepositRules(file.rows()?))
    }

    pub(crate) fn on(&self, programme: Programme, date: Date) -> Option<&DepositRule> {
        self.0
            .iter()
            .filter(|r| r.programme == programme && r.effective_from <= date)
            .max_by_key(|r| r.effective_from)
    }
}

/// The Vietnamese cap on the service fee a worker pays (Law 69/2020 Art. 23(4)(a)): one
/// month's contract wage per 12 months, at most 3 months' wage for a contract of 36 months or
/// more. A part-year is counted pro rata (UNVERIFIED); the cap if it counted as a whole year is
/// given beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceFeeCap {
    pub monthly_wage_jpy: i64,
    pub contract_months: u32,
    /// Months of wage allowed, in hundredths (250 = 2.5 months), to the nearest.
    pub months_of_wage_x100: i64,
    /// The cap, rounded down to the yen.
    pub cap_jpy: i64,
    /// The contract has a part-year below the ceiling, counted pro rata.
    pub part_year: bool,
    /// The cap if the part-year counted as a whole year, rounded down to the yen.
    pub cap_whole_years_jpy: i64,
    /// The cap if only completed years counted (the part-year adding nothing).
    pub cap_completed_years_jpy: i64,
    pub verification: Verification,
    pub source: Source,
    #[serde(skip)]
    pub(crate) exact: ExactYen,
    #[serde(skip)]
    pub(crate) exact_whole_years: ExactYen,
}

impl ServiceFeeCap {
    pub(crate) fn compute(
        rules: &FeeRules,
        monthly_wage_jpy: i64,
        contract_months: u32,
        date: Date,
    ) -> Result<Self, RuleError> {
        let per_12 = rules.required(rule_id::SERVICE_FEE_PER_12_MONTHS, date, "start_date")?;
        let total = rules.required(rule_id::SERVICE_FEE_TOTAL_CAP, date, "start_date")?;
        let from = rules.required(
            rule_id::SERVICE_FEE_TOTAL_CAP_FROM_MONTHS,
            date,
            "start_date",
        )?;
        // Months of wage allowed, in units of 1/1200 month (hundredths of twelfths).
        let allowed = |months: i128| {
            if months >= i128::from(from.value) {
                12 * i128::from(total.value)
            } else {
                months * i128::from(per_12.value)
            }
        };
        let months = i128::from(contract_months);
        let whole_years = (months + 11) / 12 * 12;
        let completed_years = months / 12 * 12;
        let wage = i128::from(monthly_wage_jpy);
        let exact = ExactYen::ratio(wage * allowed(months), 1200);
        let exact_whole_years = ExactYen::ratio(wage * allowed(whole_years), 1200);
        let months_of_wage = ExactYen::ratio(allowed(months), 1200);
        let verification = per_12
            .verification
            .min(total.verification)
            .min(from.verification);
        Ok(ServiceFeeCap {
            monthly_wage_jpy,
            contract_months,
            months_of_wage_x100: i64::try_from(months_of_wage.hundredths()).unwrap_or(i64::MAX),
            cap_jpy: exact.floor(),
            part_year: months < i128::from(from.value) && months % 12 != 0,
            cap_whole_years_jpy: exact_whole_years.floor(),
            cap_completed_years_jpy: ExactYen::ratio(wage * allowed(completed_years), 1200).floor(),
            verification,
            source: total.source,
            exact,
            exact_whole_years,
        })
    }

    /// `2.5 months × 200000 JPY = 500000 JPY`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} months × {} JPY = {} JPY",
            format_hundredths(i128::from(self.months_of_wage_x100)),
            self.monthly_wage_jpy,
            self.cap_jpy
        )
    }
}
