//! Whether the posting fits the programme: its window, its field list, the contract length
//! and the Japanese level at entry.

use super::{Check, CheckStatus, check_id};
use crate::Source;
use crate::recruitment::facts::PostingFacts;
use crate::recruitment::field::FieldRefusal;
use crate::recruitment::language::{AlternativeRoute, LevelComparison};
use crate::recruitment::{RecruitmentRules, Verification};

pub(super) fn programme_open(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let p = rules.programme(facts.programme);
    let date = facts.start_date;
    let (status, code) = if p.is_open_on(date) {
        (CheckStatus::Passed, "open")
    } else if p.open_from.is_some_and(|from| date < from) {
        (CheckStatus::Failed, "not_yet_open")
    } else {
        (CheckStatus::Failed, "closed")
    };
    let limit = match (p.open_from, p.open_to) {
        (Some(from), Some(to)) => format!("start from {from} to {to}"),
        (Some(from), None) => format!("start from {from}"),
        (None, Some(to)) => format!("start by {to}"),
        (None, None) => "no limit known".to_owned(),
    };
    Check::new(
        check_id::PROGRAMME_OPEN,
        status,
        code,
        p.dates_source.clone(),
    )
    .verification(p.dates_verification)
    .value(date.to_string())
    .limit(limit)
    .detail(p.dates_note.clone())
}

pub(super) fn field_allowed(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let (p, field, date) = (facts.programme, facts.field.as_str(), facts.start_date);
    let list_source = || {
        rules
            .fields
            .list_source(p, date)
            .cloned()
            .unwrap_or_else(|| Source::new("No field list in the data for this programme", None))
    };
    match rules.field_allowed(p, field, date) {
        Ok(()) => {
            let allowance = rules
                .fields
                .allowance(p, field, date)
                .expect("allowed on this date");
            let unverified = allowance.verification == Verification::Unverified;
            let (status, code, detail) = if unverified {
                (
                    CheckStatus::Unverified,
                    "allowed_unverified",
                    "The programme's start date for this field is an assumption (UNVERIFIED).",
                )
            } else {
                (CheckStatus::Passed, "allowed", "")
            };
            Check::new(
                check_id::FIELD_ALLOWED,
                status,
                code,
                allowance.source.clone(),
            )
            .verification(allowance.verification)
            .value(field)
            .limit(match allowance.effective_from {
                Some(from) => format!("a field of {} from {from}", p.id()),
                None => format!("a field of {}", p.id()),
            })
            .detail(detail)
        }
        Err(refusal) => {
            let allowed: Vec<&str> = rules
                .fields_for(p, date)
                .into_iter()
                .map(|f| f.id.as_str())
                .collect();
            let limit = match refusal {
                FieldRefusal::NotYet { from } => format!("a field of {} only from {from}", p.id()),
                FieldRefusal::Ended { to } => format!("a field of {} only until {to}", p.id()),
                FieldRefusal::UnknownField | FieldRefusal::NotInProgramme => {
                    format!("one of: {}", allowed.join(", "))
                }
            };
            let verification = match refusal {
                FieldRefusal::UnknownField => Verification::Verified,
                _ => rules.fields.list_verification(p, date),
            };
            Check::new(
                check_id::FIELD_ALLOWED,
                CheckStatus::Failed,
                refusal.code(),
                list_source(),
            )
            .verification(verification)
            .value(field)
            .limit(limit)
            .detail(refusal.to_string())
        }
    }
}

pub(super) fn contract_length(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let p = rules.programme(facts.programme);
    let months = facts.contract_months;
    let (status, code, limit) = match p.max_contract_months {
        None => (CheckStatus::Passed, "no_limit", "no limit known".to_owned()),
        Some(max) if months <= max => {
            (CheckStatus::Passed, "within_limit", format!("{max} months"))
        }
        Some(max) => (CheckStatus::Failed, "above_limit", format!("{max} months")),
    };
    Check::new(
        check_id::CONTRACT_LENGTH,
        status,
        code,
        p.length_source.clone(),
    )
    .verification(p.length_verification)
    .value(format!("{months} months"))
    .limit(limit)
    .detail(p.length_note.clone())
}

pub(super) fn japanese_level(rules: &RecruitmentRules, facts: &PostingFacts) -> Check {
    let level = facts.japanese_level;
    let Some(req) = rules
        .languages
        .requirement(facts.programme, &facts.field, facts.start_date)
    else {
        let source = Source::new("No Japanese-language requirement in the data", None);
        return Check::new(
            check_id::JAPANESE_LEVEL,
            CheckStatus::Unverified,
            "no_rule",
            source,
        )
        .value(level.id())
        .limit("not in the data");
    };
    let accepted: Vec<&str> = req.accepted().map(|l| l.id()).collect();
    let mut detail = vec![req.note.clone()];
    let (status, code, verification) = match req.compare(level) {
        LevelComparison::Meets => (CheckStatus::Passed, "meets", req.verification),
        LevelComparison::MeetsByEquivalence => {
            detail.push(
                "Counts only by the approximate JLPT↔JFT equivalence (JFT A1 ≈ N5, A2 ≈ N4); \
                 the statutory equivalence table is UNVERIFIED."
                    .to_owned(),
            );
            (
                CheckStatus::Unverified,
                "meets_by_equivalence",
                Verification::Unverified,
            )
        }
        LevelComparison::Below => match req.alternative_route {
            Some(route) => {
                let why = match route {
                    AlternativeRoute::A1Course100h => {
                        "Below the test level: only workers who complete at least 100 hours of \
                         A1-level Japanese before entry qualify."
                    }
                    AlternativeRoute::TitpIiCompleted => {
                        "Below the test level: only workers who completed TITP (ii) in a matching \
                         field are exempt from the test."
                    }
                };
                detail.push(why.to_owned());
                (
                    CheckStatus::Unverified,
                    "alternative_route_only",
                    req.verification,
                )
            }
            None => (CheckStatus::Failed, "below_minimum", req.verification),
        },
    };
    detail.retain(|d| !d.is_empty());
    Check::new(check_id::JAPANESE_LEVEL, status, code, req.source.clone())
        .verification(verification)
        .value(level.id())
        .limit(format!("at least {}", accepted.join(" or ")))
        .detail(detail.join(" "))
}
