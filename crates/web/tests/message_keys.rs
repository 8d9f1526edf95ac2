//! Every message the code or a template asks for exists in Vietnamese, Japanese and English.
//! Keys written literally are found by scanning the sources; keys built from a prefix and an
//! id are checked for every id the platform knows.

use kakehashi_i18n::{Lang, keys};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

fn files(dir: &Path, ext: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

fn sources() -> Vec<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    files(&crates.join("web/templates"), "html", &mut out);
    for c in ["web/src", "core/src", "rules/src", "cli/src"] {
        files(&crates.join(c), "rs", &mut out);
    }
    out
}

fn used_keys() -> BTreeSet<String> {
    let literal = Regex::new(r#"\.(?:t|t1|tm)\(\s*"([a-z][a-z0-9_-]*)""#).unwrap();
    let field_code = Regex::new(
        r#"(?:FieldError::new|CoreError::field|\.push|RuleError::invalid|invalid)\(\s*(?:"[^"]*"|[a-z_\.\[\]0-9&]+|format!\([^)]*\))\s*,\s*"([a-z][a-z0-9_]*)""#,
    )
    .unwrap();
    let problem = Regex::new(r#"Failure::new\([^,]+,\s*"([a-z_]+)""#).unwrap();
    let refusal = Regex::new(r#"CoreError::refused\(\s*"([a-z_]+)""#).unwrap();
    let mut keys = BTreeSet::new();
    for text in sources() {
        keys.extend(literal.captures_iter(&text).map(|c| c[1].to_owned()));
        keys.extend(
            field_code
                .captures_iter(&text)
                .map(|c| format!("error-{}", &c[1])),
        );
        keys.extend(
            problem
                .captures_iter(&text)
                .map(|c| format!("problem-{}", &c[1])),
        );
        keys.extend(
            refusal
                .captures_iter(&text)
                .map(|c| format!("refusal-{}", &c[1])),
        );
    }
    keys
}

fn built_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut add = |prefix: &str, ids: Vec<String>| {
        keys.extend(ids.into_iter().map(|id| format!("{prefix}{id}")))
    };
    add(
        "role-",
        kakehashi_core::Role::ALL
            .iter()
            .map(|r| r.id().to_owned())
            .collect(),
    );
    add(
        "kind-",
        kakehashi_core::OrgKind::ALL
            .iter()
            .map(|k| k.id().to_owned())
            .collect(),
    );
    add(
        "home-",
        kakehashi_core::Role::ALL
            .iter()
            .flat_map(|r| [format!("{}-title", r.id()), format!("{}-intro", r.id())])
            .collect(),
    );
    add("home-", vec!["public-title".into(), "public-intro".into()]);
    add(
        "status-",
        [
            "active",
            "suspended",
            "revoked",
            "returned",
            "expired",
            "none",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "sanction-",
        kakehashi_rules::registry::sanction_kinds()
            .iter()
            .map(|k| k.id.clone())
            .collect(),
    );
    add(
        "violation-",
        kakehashi_rules::registry::violation_kinds()
            .iter()
            .map(|k| k.id.clone())
            .collect(),
    );
    add(
        "application-state-",
        kakehashi_core::postings::ApplicationState::ALL
            .iter()
            .map(|s| s.id().to_owned())
            .collect(),
    );
    add(
        "application-by-",
        [
            "worker",
            "employer",
            "sending_enterprise",
            "supervising_org",
            "platform",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "rejection-reason-",
        kakehashi_rules::hiring::rejection_reasons().to_vec(),
    );
    // The worker is told of every step an organisation or the platform takes.
    add(
        "notification-application_",
        [
            "screening",
            "interview",
            "offered",
            "rejected",
            "contract_signed",
            "contract_substitution",
            "coe_issued",
            "visa_issued",
            "departed",
            "expired",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "appeal-",
        kakehashi_core::registry::AppealStatus::ALL
            .iter()
            .map(|a| a.id().to_owned())
            .collect(),
    );
    add(
        "score-",
        [
            "not_in_good_standing",
            "violations",
            "warnings",
            "fines",
            "suspensions",
            "revocations",
            "substantiated_grievances",
        ]
        .map(String::from)
        .to_vec(),
    );
    use kakehashi_rules::recruitment::check_id;
    add(
        "check-",
        [
            check_id::PROGRAMME_OPEN,
            check_id::FIELD_ALLOWED,
            check_id::CONTRACT_LENGTH,
            check_id::JAPANESE_LEVEL,
            check_id::MINIMUM_WAGE,
            check_id::SERVICE_FEE_CAP,
            check_id::NO_BROKERAGE,
            check_id::DEPOSIT,
            check_id::ESD_FEE_SHARE,
            check_id::ESD_JAPANESE_COURSE,
            check_id::EPA_NO_FEES,
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "check-status-",
        ["passed", "failed", "unverified"]
            .map(String::from)
            .to_vec(),
    );
    add(
        "verification-",
        ["verified", "secondary", "unverified"]
            .map(String::from)
            .to_vec(),
    );
    add(
        "posting-status-",
        kakehashi_core::postings::PostingStatus::ALL
            .iter()
            .map(|s| s.id().to_owned())
            .collect(),
    );
    add(
        "fee-",
        [
            "service_fee",
            "brokerage",
            "training",
            "japanese_course",
            "dormitory",
            "medical_check",
            "passport_visa",
            "flight",
            "deposit",
            "other",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "payer-",
        [
            "worker",
            "employer",
            "sending_enterprise",
            "supervising_org",
            "support_org",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "disclosure-",
        [
            "gross_pay",
            "rent",
            "utilities",
            "meals",
            "take_home",
            "take_home_vnd",
            "upfront_cost",
            "upfront_cost_vnd",
            "months_to_repay",
            "living_costs",
            "months_to_repay_realistic",
            "employer_cost_share",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "disclosure-explain-",
        [
            "take_home_vnd",
            "upfront_cost",
            "upfront_cost_vnd",
            "months_to_repay",
            "living_costs",
            "months_to_repay_realistic",
        ]
        .map(String::from)
        .to_vec(),
    );
    // Keys the job page's repayment section builds its sentences from.
    add(
        "",
        [
            "rate-stale",
            "rate-used",
            "repay-chart-label",
            "repay-headline",
            "repay-living-exceeds-pay",
            "repay-living-total",
            "repay-living-total-with-housing",
            "repay-no-debt",
            "repay-not-within-contract",
            "repay-step-debt",
            "repay-step-interest",
            "repay-step-later",
            "repay-step-lower-bound",
            "repay-step-no-interest",
            "repay-step-no-wage",
            "repay-step-no-wage-titp",
            "repay-step-saving",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "living-",
        [
            "food",
            "housing",
            "utilities",
            "furniture_household",
            "clothing",
            "medical",
            "transport_communication",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "rates-error-",
        [
            "not_utf8",
            "bad_csv",
            "missing_column",
            "unknown_column",
            "not_a_date",
            "date_in_future",
            "unsupported_currency",
            "missing_rate",
            "not_a_rate",
            "selling_below_buying",
            "transfer_outside_spread",
            "unknown_verification",
            "missing_source",
            "duplicate_date",
            "no_rates",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "disclosure-note-",
        [
            "deductions_exceed_pay",
            "exchange_rate_older_than_start_date",
        ]
        .map(String::from)
        .to_vec(),
    );
    add(
        "notification-standing_",
        [
            "organisation_suspended",
            "organisation_revoked",
            "licence_not_in_force",
            "restored",
        ]
        .map(String::from)
        .to_vec(),
    );
    // Problem codes the web layer maps core errors and HTTP statuses to.
    add(
        "problem-",
        [
            "invalid_input",
            "not_found",
            "forbidden",
            "unauthenticated",
            "bad_credentials",
            "rate_limited",
            "refused",
            "conflict",
            "unavailable",
            "internal",
            "method_not_allowed",
            "payload_too_large",
            "bad_request",
        ]
        .map(String::from)
        .to_vec(),
    );
    keys
}

#[test]
fn every_message_used_exists_in_every_language() {
    let mut wanted = used_keys();
    assert!(
        wanted.len() > 50,
        "the scan found the keys ({})",
        wanted.len()
    );
    wanted.extend(built_keys());
    let mut missing = Vec::new();
    for lang in Lang::ALL {
        let have = keys(lang);
        for key in &wanted {
            if !have.contains(key) {
                missing.push(format!("{}: {key}", lang.code()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages missing:\n{}",
        missing.join("\n")
    );
}
