//! The fee checks: the Vietnamese service-fee cap, the brokerage ban, deposits, and the ESD
//! and EPA fee rules. Dong are converted at the dated rate; totals stay exact.

use super::{Check, CheckStatus, check_id};
use crate::recruitment::exchange::{ExchangeRate, ExchangeRates, format_rate};
use crate::recruitment::facts::PostingFacts;
use crate::recruitment::fee::{Fee, FeeKind, Payer, ServiceFeeCap, WorkerDeposit, rule_id};
use crate::recruitment::money::{Currency, ExactYen, format_hundredths};
use crate::recruitment::{RecruitmentRules, Verification};
use crate::{RuleError, Source};

/// The exact yen total of some fee lines, with the rate if dong had to be converted.
struct Total {
    yen: ExactYen,
    rate: Option<ExchangeRate>,
}

impl Total {
    fn of<'a>(
        rates: &ExchangeRates,
        facts: &PostingFacts,
        fees: impl Iterator<Item = &'a Fee> + Clone,
    ) -> Result<Total, RuleError> {
        let rate = if fees.clone().any(|f| f.currency == Currency::Vnd) {
            Some(rates.rate_on(facts.start_date, "start_date")?)
        } else {
            None
        };
        let r = rate.as_ref().map(|r| r.vnd_per_100_jpy);
        let yen = fees
            .map(|f| f.exact_yen(r).expect("a rate is fetched for dong"))
            .fold(ExactYen::ZERO, ExactYen::add);
        Ok(Total { yen, rate })
    }

    /// `512345 JPY (dong at the buying rate 174.84 VND/JPY of 2025-05-23)`.
    fn describe(&self) -> String {
        match &self.rate {
            None => format!("{} JPY", self.yen.round()),
            Some(r) => format!(
                "{} JPY (dong at the buying rate {} VND/JPY of {})",
                self.yen.round(),
                format_rate(r.vnd_per_100_jpy),
                r.date
            ),
        }
    }

    fn verification(&self, rule: Verification) -> Verification {
        self.rate
            .as_ref()
            .map_or(rule, |r| rule.min(r.verification))
    }

    fn rate_note(&self) -> Option<String> {
        let r = self.rate.as_ref()?;
        let mut note = format!(
            "Dong converted at the buying rate of {} ({}): the most yen for the dong paid, \
             so the cap is never applied more leniently than the bank's spread allows.",
            r.date, r.source.title
        );
        if r.stale {
            note.push_str(&format!(
                " The rate is {} days older than the start date.",
                r.age_days
            ));
        }
        Some(note)
    }
}

fn worker_fees<'a>(
    facts: &'a PostingFacts,
    kinds: &'a [FeeKind],
) -> impl Iterator<Item = &'a Fee> + Clone + 'a {
    facts
        .fees
        .iter()
        .filter(move |f| f.paid_by_worker() && kinds.contains(&f.kind))
}

pub(super) fn service_fee_cap(
    rules: &RecruitmentRules,
    rates: &ExchangeRates,
    facts: &PostingFacts,
) -> Check {
    let id = check_id::SERVICE_FEE_CAP;
    let cap = match ServiceFeeCap::compute(
        &rules.fees,
        facts.monthly_wage_jpy,
        facts.contract_months,
        facts.start_date,
    ) {
        Ok(cap) => cap,
        Err(e) => {
            let source = rules.fees.source_of(rule_id::SERVICE_FEE_TOTAL_CAP);
            return Check::new(id, CheckStatus::Failed, "no_rule", source).detail(e.to_string());
        }
    };
    let fees = worker_fees(facts, &[FeeKind::ServiceFee]);
    let total = match Total::of(rates, facts, fees.clone()) {
        Ok(total) => total,
        Err(e) => {
            return Check::new(
                id,
                CheckStatus::Failed,
                "no_exchange_rate",
                cap.source.clone(),
            )
            .limit(cap.describe())
            .detail(e.to_string());
        }
    };
    let mut detail = vec![
        "The general cap of Law 69/2020 Art. 23(4)(a); a lower cap for Japan (Circular 21/2021 \
         Appendix XI) is UNVERIFIED."
            .to_owned(),
    ];
    if cap.part_year {
        detail.push(format!(
            "A part-year is counted pro rata (UNVERIFIED); counted as a whole year the cap \
             would be {} JPY, counting completed years only {} JPY.",
            cap.cap_whole_years_jpy, cap.cap_completed_years_jpy
        ));
    }
    detail.extend(total.rate_note());
    let (status, code, verification) = if fees.clone().next().is_none() {
        (CheckStatus::Passed, "no_service_fee", cap.verification)
    } else if total.yen.le(cap.exact) && cap.part_year {
        (
            CheckStatus::Passed,
            "within_pro_rata_cap",
            Verification::Unverified,
        )
    } else if total.yen.le(cap.exact) {
        (
            CheckStatus::Passed,
            "within_cap",
            total.verification(cap.verification),
        )
    } else if cap.part_year && total.yen.le(cap.exact_whole_years) {
        (
            CheckStatus::Unverified,
            "part_year_unclear",
            Verification::Unverified,
        )
    } else {
        (
            CheckStatus::Failed,
            "above_cap",
            total.verification(cap.verification),
        )
    };
    Check::new(id, status, code, cap.source.clone())
        .verification(verification)
        .value(total.describe())
        .limit(cap.describe())
        .detail(detail.join(" "))
}

pub(super) fn no_brokerage(
    rules: &RecruitmentRules,
    rates: &ExchangeRates,
    facts: &PostingFacts,
) -> Check {
    let id = check_id::NO_BROKERAGE;
    let date = facts.start_date;
    let lines: Vec<&Fee> = facts
        .fees
        .iter()
        .filter(|f| f.kind == FeeKind::Brokerage)
        .collect();
    let value = if lines.is_empty() {
        "none".to_owned()
    } else {
        let parts: Vec<String> = lines
            .iter()
            .map(|f| format!("{} by {}", f.display_amount(), f.payer.id()))
            .collect();
        parts.join(", ")
    };
    let worker_rule = rules.fees.on(rule_id::WORKER_BROKERAGE, date);
    if let Some(rule) = &worker_rule
        && lines.iter().any(|f| f.payer == Payer::Worker)
    {
        return Check::new(
            id,
            CheckStatus::Failed,
            "charged_to_worker",
            rule.source.clone(),
        )
        .verification(rule.verification)
        .value(value)
        .limit("0: brokerage money may not be collected from a worker")
        .detail("Law 69/2020 Art. 7(8) prohibits collecting brokerage money from workers.");
    }
    if let Some(rule) = rules.fees.on(rule_id::ENTERPRISE_BROKERAGE_JAPAN, date) {
        let by_enterprise = lines
            .iter()
            .copied()
            .filter(|f| f.payer == Payer::SendingEnterprise);
        let over = exceeds_vnd_cap(rates, facts, by_enterprise, rule.value);
        if over {
            return Check::new(
                id,
                CheckStatus::Failed,
                "enterprise_brokerage_japan",
                rule.source,
            )
            .verification(rule.verification)
            .value(value)
            .limit(format!("{} VND paid by the sending enterprise", rule.value))
            .detail(
                "The fee a Vietnamese enterprise may pay an intermediary under a brokerage \
                     contract for a job in Japan is capped (0 VND since 2024-05-15).",
            );
        }
    }
    let (source, verification) = match worker_rule {
        Some(rule) => (rule.source, rule.verification),
        None => (
            rules.fees.source_of(rule_id::WORKER_BROKERAGE),
            Verification::Unverified,
        ),
    };
    let detail = if lines.is_empty() {
        ""
    } else {
        "Brokerage paid by the Japanese side is not covered by a rule in the data."
    };
    Check::new(id, CheckStatus::Passed, "none_charged", source)
        .verification(verification)
        .value(value)
        .limit("0 from the worker")
        .detail(detail)
}

/// Whether the fee lines together exceed `cap_vnd`; when they cannot be converted, they are
/// taken to exceed it (the check cannot show they do not).
fn exceeds_vnd_cap<'a>(
    rates: &ExchangeRates,
    facts: &PostingFacts,
    fees: impl Iterator<Item = &'a Fee> + Clone,
    cap_vnd: i64,
) -> bool {
    let Ok(total) = Total::of(rates, facts, fees) else {
        return true;
    };
    if total.yen.is_zero() {
        return false;
    }
    let rate = match total.rate {
        Some(rate) => rate,
        None => match rates.rate_on(facts.start_date, "start_date") {
            Ok(rate) => rate,
            Err(_) => return true,
        },
    };
    !total
        .yen
        .le(ExactYen::from_vnd(cap_vnd, rate.vnd_per_100_jpy))
}

pub(super) fn deposit(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let id = check_id::DEPOSIT;
    let lines: Vec<&Fee> = worker_fees(facts, &[FeeKind::Deposit]).collect();
    let value = if lines.is_empty() {
        "none".to_owned()
    } else {
        let parts: Vec<String> = lines.iter().map(|f| f.display_amount()).collect();
        parts.join(", ")
    };
    let Some(rule) = rules.deposits.on(facts.programme, facts.start_date) else {
        let source = Source::new(
            "No deposit rule in the data for this programme and date",
            None,
        );
        let status = if lines.is_empty() {
            CheckStatus::Passed
        } else {
            CheckStatus::Unverified
        };
        return Check::new(id, status, "no_rule", source)
            .value(value)
            .limit("not in the data");
    };
    let check = |status, code| {
        Check::new(id, status, code, rule.source.clone())
            .verification(rule.verification)
            .value(value.clone())
    };
    if lines.is_empty() {
        return check(CheckStatus::Passed, "no_deposit").limit("no deposit from the worker");
    }
    match rule.worker_deposit {
        WorkerDeposit::Prohibited if rule.verification == Verification::Unverified => {
            check(CheckStatus::Unverified, "likely_prohibited")
                .limit("no deposit from the worker (assumed)")
                .detail("A deposit is assumed to be prohibited for this programme (UNVERIFIED).")
        }
        WorkerDeposit::Prohibited => check(CheckStatus::Failed, "prohibited")
            .limit("no deposit from the worker")
            .detail("No deposit may be taken from the worker or their family for this programme."),
        WorkerDeposit::Capped => check(CheckStatus::Unverified, "cap_unknown")
            .limit("the cap of Decree 112/2021 Appendix II (amount for Japan UNVERIFIED)")
            .detail(
                "Vietnamese law allows a deposit into the worker's own blocked bank account, \
                 refunded with interest, only after the dispatch contract is signed and the \
                 worker is accepted or has a visa; the cap for Japan is UNVERIFIED.",
            ),
    }
}

/// Worker-paid fees counted as fees to the sending organisation under ESD: everything but
/// the deposit (refundable) and costs paid to third parties (medical check, passport and visa,
/// flight). Which fees the ordinance counts is UNVERIFIED.
const ESD_COUNTED: [FeeKind; 6] = [
    FeeKind::ServiceFee,
    FeeKind::Brokerage,
    FeeKind::Training,
    FeeKind::JapaneseCourse,
    FeeKind::Dormitory,
    FeeKind::Other,
];

pub(super) fn esd_fee_share(
    rules: &RecruitmentRules,
    rates: &ExchangeRates,
    facts: &PostingFacts,
) -> Check {
    let id = check_id::ESD_FEE_SHARE;
    let Some(rule) = rules
        .fees
        .on(rule_id::ESD_WORKER_FEE_TO_SENDING_ORG, facts.start_date)
    else {
        let source = rules.fees.source_of(rule_id::ESD_WORKER_FEE_TO_SENDING_ORG);
        return Check::new(id, CheckStatus::Passed, "not_in_force", source)
            .limit("not in force on the start date");
    };
    let total = match Total::of(rates, facts, worker_fees(facts, &ESD_COUNTED)) {
        Ok(total) => total,
        Err(e) => {
            return Check::new(id, CheckStatus::Failed, "no_exchange_rate", rule.source)
                .detail(e.to_string());
        }
    };
    let cap = ExactYen::ratio(
        i128::from(facts.monthly_wage_jpy) * i128::from(rule.value),
        100,
    );
    let (status, code) = if total.yen.le(cap) {
        (CheckStatus::Passed, "within_cap")
    } else {
        (CheckStatus::Failed, "above_cap")
    };
    let mut detail = vec![
        "Fees a worker pays the sending organisation: at most 2 months' scheduled wage \
         (final ordinance wording UNVERIFIED). Counted: the worker's fees other than the \
         deposit, medical check, passport/visa and flight (which fees count is UNVERIFIED)."
            .to_owned(),
    ];
    detail.extend(total.rate_note());
    Check::new(id, status, code, rule.source.clone())
        .verification(total.verification(rule.verification))
        .value(total.describe())
        .limit(format!(
            "{} months × {} JPY = {} JPY",
            format_hundredths(i128::from(rule.value)),
            facts.monthly_wage_jpy,
            cap.floor()
        ))
        .detail(detail.join(" "))
}

pub(super) fn esd_japanese_course(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let id = check_id::ESD_JAPANESE_COURSE;
    let Some(rule) = rules
        .fees
        .on(rule_id::ESD_WORKER_JAPANESE_COURSE, facts.start_date)
    else {
        let source = rules.fees.source_of(rule_id::ESD_WORKER_JAPANESE_COURSE);
        return Check::new(id, CheckStatus::Passed, "not_in_force", source)
            .limit("not in force on the start date");
    };
    let lines: Vec<String> = worker_fees(facts, &[FeeKind::JapaneseCourse])
        .map(Fee::display_amount)
        .collect();
    let (status, code) = if lines.is_empty() {
        (CheckStatus::Passed, "not_charged")
    } else {
        (CheckStatus::Failed, "charged_to_worker")
    };
    Check::new(id, status, code, rule.source)
        .verification(rule.verification)
        .value(if lines.is_empty() {
            "none".to_owned()
        } else {
            lines.join(", ")
        })
        .limit("0 from the worker: the receiving side bears the pre-entry Japanese course")
}

pub(super) fn epa_no_fees(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let id = check_id::EPA_NO_FEES;
    let Some(rule) = rules
        .fees
        .on(rule_id::EPA_WORKER_FEES_EXCEPT_MEDICAL, facts.start_date)
    else {
        let source = rules
            .fees
            .source_of(rule_id::EPA_WORKER_FEES_EXCEPT_MEDICAL);
        return Check::new(id, CheckStatus::Passed, "not_in_force", source);
    };
    let lines: Vec<String> = facts
        .fees
        .iter()
        .filter(|f| f.paid_by_worker() && f.kind != FeeKind::MedicalCheck)
        .map(|f| format!("{} {}", f.kind.id(), f.display_amount()))
        .collect();
    let (status, code) = if lines.is_empty() {
        (CheckStatus::Passed, "no_fees")
    } else {
        (CheckStatus::Failed, "fee_charged")
    };
    Check::new(id, status, code, rule.source)
        .verification(rule.verification)
        .value(if lines.is_empty() {
            "none".to_owned()
        } else {
            lines.join(", ")
        })
        .limit("no fee from the worker except the medical examination")
}
