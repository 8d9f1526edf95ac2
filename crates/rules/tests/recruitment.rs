//! Recruitment rules against the figures of the cited sources: minimum wages around the FY2025
//! effective dates, the Law 69 service-fee cap, the brokerage ban, the ESD fee rule, field
//! lists, input errors and exact currency conversion.

use jiff::civil::{Date, date};
use kakehashi_rules::recruitment::{
    Check, CheckStatus, Currency, Fee, FeeInput, FeeKind, FieldRefusal, Hours, JapaneseLevel,
    NumberOrText, Payer, PostingFacts, PostingInput, Programme, RecruitmentRules, Repayment,
    RepaymentInput, RepaymentOutcome, Verification, check_id, check_posting, check_posting_input,
    cost_summary, field_allowed, fields_for, may_publish, to_jpy, to_vnd,
};
use kakehashi_rules::{RuleError, RuleFiles};

fn rules() -> &'static RecruitmentRules {
    RecruitmentRules::embedded()
}

/// An SSW(i) food-service posting in Tokyo, 160 h a month, three years, no fees.
fn posting(start: Date, wage: i64) -> PostingFacts {
    PostingFacts {
        programme: Programme::Ssw1,
        field: "food_service".into(),
        prefecture: 13,
        start_date: start,
        contract_months: 36,
        scheduled_hours_per_month: Hours::whole(160),
        monthly_wage_jpy: wage,
        fees: Vec::new(),
        japanese_level: JapaneseLevel::JftA2,
    }
}

fn fee(kind: FeeKind, amount: i64, currency: Currency, payer: Payer) -> Fee {
    Fee {
        kind,
        amount,
        currency,
        payer,
    }
}

fn find<'a>(checks: &'a [Check], id: &str) -> &'a Check {
    checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

fn run(facts: &PostingFacts) -> Vec<Check> {
    facts.validate(rules()).expect("valid facts");
    check_posting(rules(), facts)
}

fn status(facts: &PostingFacts, id: &str) -> CheckStatus {
    find(&run(facts), id).status
}

// ---- minimum wage ----

#[test]
fn minimum_wage_amounts_change_on_the_fy2025_effective_dates() {
    let r = rules();
    let amount = |pref, d| r.minimum_wage(pref, d).unwrap().hourly_jpy;
    assert_eq!(amount(13, date(2025, 10, 2)), 1_163);
    assert_eq!(amount(13, date(2025, 10, 3)), 1_226);
    assert_eq!(amount(10, date(2026, 2, 28)), 985);
    assert_eq!(amount(10, date(2026, 3, 1)), 1_063);
    assert_eq!(amount(5, date(2026, 3, 30)), 951);
    assert_eq!(amount(5, date(2026, 3, 31)), 1_031);
    assert_eq!(amount(27, date(2025, 10, 15)), 1_114);
    assert_eq!(amount(27, date(2025, 10, 16)), 1_177);
    assert_eq!(amount(47, date(2025, 12, 1)), 1_023);
    // Tokushima's FY2024 amount took effect only on 2024-11-01: nothing in the data before.
    assert_eq!(amount(36, date(2024, 11, 1)), 980);
    let err = r.minimum_wage(36, date(2024, 10, 31)).unwrap_err();
    assert_eq!(err.field(), Some("date"));
    assert_eq!(
        r.minimum_wage(48, date(2025, 10, 3)).unwrap_err().field(),
        Some("prefecture")
    );
}

/// The same posting with a contract of `months`.
fn short(start: Date, wage: i64, months: u32) -> PostingFacts {
    PostingFacts {
        contract_months: months,
        ..posting(start, wage)
    }
}

#[test]
fn tokyo_wage_passes_before_and_fails_after_2025_10_03() {
    // 1,163 × 160 h = 186,080 yen; 1,226 × 160 h = 196,160 yen. A one-month contract that
    // ends before the revision is checked against FY2024 alone.
    assert_eq!(
        status(&short(date(2025, 9, 2), 186_080, 1), "minimum_wage"),
        CheckStatus::Passed
    );
    assert_eq!(
        status(&short(date(2025, 9, 2), 186_079, 1), "minimum_wage"),
        CheckStatus::Failed
    );
    assert_eq!(
        status(&posting(date(2025, 10, 3), 186_080), "minimum_wage"),
        CheckStatus::Failed
    );
    assert_eq!(
        status(&posting(date(2025, 10, 3), 196_160), "minimum_wage"),
        CheckStatus::Passed
    );
    assert_eq!(
        status(&posting(date(2025, 10, 3), 196_159), "minimum_wage"),
        CheckStatus::Failed
    );
}

#[test]
fn gunma_and_osaka_around_their_dates() {
    let gunma = |d, wage| PostingFacts {
        prefecture: 10,
        ..posting(d, wage)
    };
    // 985 × 160 = 157,600; 1,063 × 160 = 170,080.
    assert_eq!(
        status(
            &PostingFacts {
                contract_months: 1,
                ..gunma(date(2026, 1, 28), 157_600)
            },
            "minimum_wage"
        ),
        CheckStatus::Passed
    );
    // A contract that crosses the revision must meet the revised amount too.
    assert_eq!(
        status(&gunma(date(2026, 2, 28), 157_600), "minimum_wage"),
        CheckStatus::Failed
    );
    assert_eq!(
        status(&gunma(date(2026, 3, 1), 157_600), "minimum_wage"),
        CheckStatus::Failed
    );
    assert_eq!(
        status(&gunma(date(2026, 3, 1), 170_080), "minimum_wage"),
        CheckStatus::Passed
    );
    let osaka = |d, wage| PostingFacts {
        prefecture: 27,
        ..posting(d, wage)
    };
    // 1,114 × 160 = 178,240; 1,177 × 160 = 188,320.
    assert_eq!(
        status(
            &PostingFacts {
                contract_months: 1,
                ..osaka(date(2025, 9, 15), 178_240)
            },
            "minimum_wage"
        ),
        CheckStatus::Passed
    );
    assert_eq!(
        status(&osaka(date(2025, 10, 16), 178_240), "minimum_wage"),
        CheckStatus::Failed
    );
    assert_eq!(
        status(&osaka(date(2025, 10, 16), 188_320), "minimum_wage"),
        CheckStatus::Passed
    );
}

#[test]
fn minimum_wage_with_fractional_hours_is_exact() {
    // 1,226 × 173.33 h = 212,502.58 yen.
    let at = |wage| PostingFacts {
        scheduled_hours_per_month: Hours::from_hundredths(17_333),
        ..posting(date(2026, 4, 1), wage)
    };
    let checks = run(&at(212_502));
    let c = find(&checks, "minimum_wage");
    assert_eq!(c.status, CheckStatus::Failed);
    assert_eq!(
        c.limit,
        "FY2025 1226 JPY/h (from 2025-10-03) × 173.33 h = 212502.58 JPY"
    );
    assert_eq!(status(&at(212_503), "minimum_wage"), CheckStatus::Passed);
}

#[test]
fn a_start_after_fy2025_meets_the_latest_known_amount_in_neutral_colour() {
    let checks = run(&posting(date(2026, 10, 1), 200_000));
    let c = find(&checks, "minimum_wage");
    assert_eq!(c.status, CheckStatus::Passed);
    assert_eq!(c.code, "meets_latest_known");
    assert_eq!(c.tone(), "neutral");
    assert_eq!(c.params["hourly"], "1226");
    assert_eq!(c.params["since"], "2025-10-03");
    assert_eq!(c.params["fiscal_year"], "2026");
    assert!(
        c.detail
            .contains("the revision for FY2026 is not in our data yet")
    );
    assert!(c.detail.contains("must rise with every revision"));
    assert!(c.beyond_data.is_some());
    assert!(!c.blocks_publication());
    let before = run(&posting(date(2026, 9, 30), 200_000));
    let c = find(&before, "minimum_wage");
    assert_eq!(
        (c.status, c.code),
        (CheckStatus::Passed, "at_or_above_minimum")
    );
    assert_eq!(c.tone(), "ok");
    // Below FY2025 is a failure whatever the newer amount.
    assert_eq!(
        status(&posting(date(2026, 10, 1), 196_159), "minimum_wage"),
        CheckStatus::Failed
    );
}

// ---- service-fee cap (Law 69/2020 Art. 23(4)(a)) ----

#[test]
fn service_fee_cap_for_whole_years() {
    let d = date(2026, 4, 1);
    let cap = |months| rules().service_fee_cap(200_000, months, d).unwrap();
    assert_eq!(cap(12).cap_jpy, 200_000);
    assert_eq!(cap(24).cap_jpy, 400_000);
    assert_eq!(cap(36).cap_jpy, 600_000);
    assert_eq!(cap(60).cap_jpy, 600_000);
    assert_eq!(cap(120).cap_jpy, 600_000);
    assert!(!cap(12).part_year && !cap(60).part_year);
    assert_eq!(cap(36).verification, Verification::Verified);
    assert_eq!(cap(24).months_of_wage_x100, 200);
}

#[test]
fn service_fee_cap_for_part_years_is_pro_rata_and_flagged() {
    let d = date(2026, 4, 1);
    let cap = |months| rules().service_fee_cap(200_000, months, d).unwrap();
    assert_eq!(cap(18).cap_jpy, 300_000);
    assert!(cap(18).part_year);
    assert_eq!(cap(18).cap_whole_years_jpy, 400_000);
    assert_eq!(cap(18).cap_completed_years_jpy, 200_000);
    assert_eq!(cap(30).cap_jpy, 500_000);
    assert_eq!(cap(30).months_of_wage_x100, 250);
    assert_eq!(cap(6).cap_jpy, 100_000);
    // 35 months: 35/12 of a month's wage (583,333.33…), rounded down.
    assert_eq!(cap(35).cap_jpy, 583_333);
    assert_eq!(cap(35).cap_whole_years_jpy, 600_000);
}

fn with_service_fee(months: u32, amount: i64, currency: Currency) -> PostingFacts {
    PostingFacts {
        contract_months: months,
        fees: vec![fee(FeeKind::ServiceFee, amount, currency, Payer::Worker)],
        ..posting(date(2026, 4, 1), 200_000)
    }
}

#[test]
fn service_fee_check_against_the_cap() {
    let c = |months, amount| {
        let checks = run(&with_service_fee(months, amount, Currency::Jpy));
        let c = find(&checks, "service_fee_cap");
        (c.status, c.code)
    };
    assert_eq!(c(12, 200_000), (CheckStatus::Passed, "within_cap"));
    assert_eq!(c(12, 200_001), (CheckStatus::Failed, "above_cap"));
    assert_eq!(c(36, 600_000), (CheckStatus::Passed, "within_cap"));
    assert_eq!(c(60, 600_001), (CheckStatus::Failed, "above_cap"));
    // Part-year: within the pro-rata cap passes (flagged); between the pro-rata and the
    // whole-year reading the data cannot tell; above both fails.
    assert_eq!(c(18, 300_000), (CheckStatus::Passed, "within_pro_rata_cap"));
    assert_eq!(
        c(18, 350_000),
        (CheckStatus::Unverified, "part_year_unclear")
    );
    assert_eq!(c(18, 400_001), (CheckStatus::Failed, "above_cap"));
    let checks = run(&with_service_fee(18, 350_000, Currency::Jpy));
    let unclear = find(&checks, "service_fee_cap");
    assert_eq!(unclear.verification, Verification::Unverified);
    assert!(!unclear.blocks_publication());
    assert!(unclear.detail.contains("pro rata (UNVERIFIED)"));
}

#[test]
fn service_fee_in_dong_is_converted_at_the_dated_rate() {
    // 2025-05-23: 174.84 VND per JPY, so 200,000 yen = 34,968,000 dong exactly.
    let at = |amount| PostingFacts {
        start_date: date(2025, 5, 23),
        prefecture: 13,
        monthly_wage_jpy: 200_000,
        ..with_service_fee(12, amount, Currency::Vnd)
    };
    let checks = run(&at(34_968_000));
    let c = find(&checks, "service_fee_cap");
    assert_eq!(c.status, CheckStatus::Passed);
    assert!(
        c.value.contains("buying rate 174.84 VND/JPY"),
        "{}",
        c.value
    );
    assert!(c.beyond_data.is_none());
    assert_eq!(
        status(&at(34_968_001), "service_fee_cap"),
        CheckStatus::Failed
    );
}

#[test]
fn service_fee_paid_by_others_is_not_capped() {
    let mut facts = with_service_fee(12, 5_000_000, Currency::Jpy);
    facts.fees[0].payer = Payer::Employer;
    let checks = run(&facts);
    let c = find(&checks, "service_fee_cap");
    assert_eq!((c.status, c.code), (CheckStatus::Passed, "no_service_fee"));
}

// ---- brokerage, deposits ----

#[test]
fn brokerage_charged_to_a_worker_fails() {
    let facts = PostingFacts {
        fees: vec![fee(FeeKind::Brokerage, 1, Currency::Jpy, Payer::Worker)],
        ..posting(date(2026, 4, 1), 200_000)
    };
    let checks = run(&facts);
    let c = find(&checks, "no_brokerage");
    assert_eq!(
        (c.status, c.code),
        (CheckStatus::Failed, "charged_to_worker")
    );
    assert_eq!(c.verification, Verification::Verified);
    assert!(!may_publish(&checks));
}

#[test]
fn brokerage_paid_by_the_vietnamese_enterprise_is_capped_at_zero_for_japan() {
    let by = |payer, d| PostingFacts {
        fees: vec![fee(FeeKind::Brokerage, 10_000_000, Currency::Vnd, payer)],
        ..posting(d, 200_000)
    };
    let checks = run(&by(Payer::SendingEnterprise, date(2026, 4, 1)));
    assert_eq!(
        find(&checks, "no_brokerage").code,
        "enterprise_brokerage_japan"
    );
    assert_eq!(find(&checks, "no_brokerage").status, CheckStatus::Failed);
    assert_eq!(
        status(&by(Payer::Employer, date(2026, 4, 1)), "no_brokerage"),
        CheckStatus::Passed
    );
}

#[test]
fn deposits_by_programme() {
    let with_deposit = |programme, field: &str, d| PostingFacts {
        programme,
        field: field.into(),
        contract_months: 12,
        japanese_level: JapaneseLevel::JlptN3,
        fees: vec![fee(
            FeeKind::Deposit,
            30_000_000,
            Currency::Vnd,
            Payer::Worker,
        )],
        ..posting(d, 250_000)
    };
    let d = date(2026, 4, 1);
    let titp = run(&with_deposit(Programme::Titp, "titp_construction", d));
    assert_eq!(find(&titp, "deposit").status, CheckStatus::Failed);
    assert_eq!(find(&titp, "deposit").verification, Verification::Verified);
    assert_eq!(
        status(&with_deposit(Programme::Ssw1, "construction", d), "deposit"),
        CheckStatus::Failed
    );
    let esd = run(&with_deposit(
        Programme::Esd,
        "construction",
        date(2027, 4, 1),
    ));
    let c = find(&esd, "deposit");
    assert_eq!(
        (c.status, c.code),
        (CheckStatus::Unverified, "likely_prohibited")
    );
    assert!(!c.blocks_publication());
    let eng = run(&with_deposit(
        Programme::EngineerSpecialist,
        "humanities",
        d,
    ));
    assert_eq!(find(&eng, "deposit").code, "cap_unknown");
    assert_eq!(find(&eng, "deposit").status, CheckStatus::Unverified);
}

// ---- ESD ----

fn esd_posting(start: Date, fees: Vec<Fee>) -> PostingFacts {
    PostingFacts {
        programme: Programme::Esd,
        field: "agriculture".into(),
        japanese_level: JapaneseLevel::JftA1,
        fees,
        ..posting(start, 200_000)
    }
}

#[test]
fn esd_fee_rule_applies_only_from_2027_04_01() {
    // Three months' wage as a service fee: within Law 69's cap for 36 months, but above
    // ESD's two months.
    let fees = vec![fee(
        FeeKind::ServiceFee,
        600_000,
        Currency::Jpy,
        Payer::Worker,
    )];
    let from = run(&esd_posting(date(2027, 4, 1), fees.clone()));
    assert_eq!(find(&from, "programme_open").status, CheckStatus::Passed);
    assert_eq!(find(&from, "service_fee_cap").status, CheckStatus::Passed);
    let share = find(&from, "esd_fee_share");
    assert_eq!(
        (share.status, share.code),
        (CheckStatus::Failed, "above_cap")
    );
    assert!(share.detail.contains("UNVERIFIED"));
    assert_eq!(share.limit, "2 months × 200000 JPY = 400000 JPY");

    let before = run(&esd_posting(date(2027, 3, 31), fees));
    let share = find(&before, "esd_fee_share");
    assert_eq!(
        (share.status, share.code),
        (CheckStatus::Passed, "not_in_force")
    );
    assert_eq!(find(&before, "programme_open").code, "not_yet_open");
    assert_eq!(find(&before, "programme_open").status, CheckStatus::Failed);

    let within = vec![
        fee(FeeKind::ServiceFee, 300_000, Currency::Jpy, Payer::Worker),
        fee(FeeKind::Training, 100_000, Currency::Jpy, Payer::Worker),
        fee(FeeKind::Flight, 90_000, Currency::Jpy, Payer::Worker),
    ];
    assert_eq!(
        status(&esd_posting(date(2027, 4, 1), within), "esd_fee_share"),
        CheckStatus::Passed
    );
    // Only ESD postings carry the ESD checks.
    assert!(
        run(&posting(date(2027, 4, 1), 200_000))
            .iter()
            .all(|c| c.id != "esd_fee_share")
    );
}

#[test]
fn esd_japanese_course_is_for_the_receiving_side() {
    let fees = vec![fee(
        FeeKind::JapaneseCourse,
        50_000,
        Currency::Jpy,
        Payer::Worker,
    )];
    assert_eq!(
        status(
            &esd_posting(date(2027, 4, 1), fees.clone()),
            "esd_japanese_course"
        ),
        CheckStatus::Failed
    );
    let mut paid_by_employer = fees;
    paid_by_employer[0].payer = Payer::Employer;
    assert_eq!(
        status(
            &esd_posting(date(2027, 4, 1), paid_by_employer),
            "esd_japanese_course"
        ),
        CheckStatus::Passed
    );
}

// ---- programmes, fields, contract length, language ----

#[test]
fn titp_takes_new_trainees_only_until_2027_06_30() {
    let titp = |d| PostingFacts {
        programme: Programme::Titp,
        field: "titp_construction".into(),
        japanese_level: JapaneseLevel::None,
        ..posting(d, 200_000)
    };
    let last = run(&titp(date(2027, 6, 30)));
    assert_eq!(find(&last, "programme_open").status, CheckStatus::Passed);
    assert!(
        find(&last, "programme_open")
            .detail
            .contains("before 2027-04-01")
    );
    let after = run(&titp(date(2027, 7, 1)));
    assert_eq!(find(&after, "programme_open").code, "closed");
    assert_eq!(find(&after, "programme_open").status, CheckStatus::Failed);
}

#[test]
fn field_lists_per_programme_and_date() {
    let count = |p, d| fields_for(p, d).len();
    assert_eq!(count(Programme::Ssw1, date(2024, 3, 28)), 12);
    // The cabinet decision of 2024-03-29 is not law: the fields count from the ordinance.
    assert_eq!(count(Programme::Ssw1, date(2024, 9, 29)), 12);
    assert_eq!(count(Programme::Ssw1, date(2024, 9, 30)), 16);
    assert_eq!(count(Programme::Ssw1, date(2025, 1, 1)), 16);
    assert_eq!(count(Programme::Ssw1, date(2027, 4, 1)), 19);
    assert_eq!(count(Programme::Ssw2, date(2023, 8, 30)), 2);
    assert_eq!(count(Programme::Ssw2, date(2025, 1, 1)), 11);
    assert_eq!(count(Programme::Esd, date(2027, 3, 31)), 0);
    assert_eq!(count(Programme::Esd, date(2027, 4, 1)), 17);
    assert_eq!(count(Programme::Titp, date(2026, 1, 1)), 8);
    assert_eq!(count(Programme::EpaNurse, date(2026, 1, 1)), 1);
    assert_eq!(count(Programme::EngineerSpecialist, date(2026, 1, 1)), 3);
}

#[test]
fn field_allowed_and_refused() {
    let d = date(2026, 4, 1);
    assert_eq!(field_allowed(Programme::Ssw1, "nursing_care", d), Ok(()));
    assert_eq!(
        field_allowed(Programme::Ssw2, "nursing_care", d),
        Err(FieldRefusal::NotInProgramme)
    );
    assert_eq!(
        field_allowed(Programme::Esd, "aviation", date(2027, 4, 1)),
        Err(FieldRefusal::NotInProgramme)
    );
    assert_eq!(
        field_allowed(Programme::Esd, "linen_supply", date(2027, 4, 1)),
        Ok(())
    );
    assert_eq!(
        field_allowed(Programme::Ssw1, "railway", date(2024, 3, 29)),
        Err(FieldRefusal::NotYet {
            from: date(2024, 9, 30)
        })
    );
    assert_eq!(
        field_allowed(Programme::Ssw1, "railway", date(2024, 9, 30)),
        Ok(())
    );
    assert_eq!(field_allowed(Programme::EpaNurse, "nursing", d), Ok(()));
    assert_eq!(
        field_allowed(Programme::EpaNurse, "nursing_care", d),
        Err(FieldRefusal::NotInProgramme)
    );
    assert_eq!(
        field_allowed(Programme::Ssw1, "astronaut", d),
        Err(FieldRefusal::UnknownField)
    );
    assert_eq!(
        kakehashi_rules::recruitment::field("wood_industry")
            .unwrap()
            .name_ja,
        "木材産業"
    );
}

#[test]
fn a_field_outside_the_programme_is_a_failed_check() {
    let facts = PostingFacts {
        programme: Programme::Ssw2,
        field: "nursing_care".into(),
        ..posting(date(2026, 4, 1), 200_000)
    };
    let checks = run(&facts);
    let c = find(&checks, "field_allowed");
    assert_eq!(
        (c.status, c.code),
        (CheckStatus::Failed, "not_in_programme")
    );
    assert!(!may_publish(&checks));
}

#[test]
fn new_ssw_fields_start_on_an_unverified_date() {
    let at = |d| PostingFacts {
        field: "logistics_warehousing".into(),
        ..posting(d, 200_000)
    };
    let early = run(&at(date(2027, 3, 31)));
    assert_eq!(find(&early, "field_allowed").code, "not_yet");
    assert_eq!(find(&early, "field_allowed").status, CheckStatus::Failed);
    let later = run(&at(date(2027, 4, 1)));
    let c = find(&later, "field_allowed");
    assert_eq!(
        (c.status, c.verification),
        (CheckStatus::Unverified, Verification::Unverified)
    );
    assert!(!c.blocks_publication());
}

#[test]
fn contract_length_limits() {
    let epa = |months| PostingFacts {
        programme: Programme::EpaNurse,
        field: "nursing".into(),
        contract_months: months,
        japanese_level: JapaneseLevel::JlptN3,
        ..posting(date(2026, 4, 1), 250_000)
    };
    assert_eq!(status(&epa(36), "contract_length"), CheckStatus::Passed);
    assert_eq!(status(&epa(37), "contract_length"), CheckStatus::Failed);
    let ssw1 = |months| PostingFacts {
        contract_months: months,
        ..posting(date(2026, 4, 1), 250_000)
    };
    assert_eq!(status(&ssw1(60), "contract_length"), CheckStatus::Passed);
    assert_eq!(status(&ssw1(61), "contract_length"), CheckStatus::Failed);
    let ssw2 = PostingFacts {
        programme: Programme::Ssw2,
        contract_months: 120,
        ..posting(date(2026, 4, 1), 250_000)
    };
    assert_eq!(find(&run(&ssw2), "contract_length").code, "no_limit");
}

#[test]
fn japanese_levels_compare_on_one_ladder() {
    use JapaneseLevel as L;
    assert!(L::JlptN1.at_least(L::JlptN3));
    assert!(L::JftA2.at_least(L::JlptN4) && L::JlptN4.at_least(L::JftA2));
    assert!(L::JftA1.at_least(L::JlptN5) && !L::JftA1.at_least(L::JlptN4));
    assert!(!L::None.at_least(L::JftA1) && L::None.at_least(L::None));
    let level = |programme, field: &str, lvl| {
        let facts = PostingFacts {
            programme,
            field: field.into(),
            contract_months: 12,
            japanese_level: lvl,
            ..posting(date(2027, 4, 1), 250_000)
        };
        let checks = run(&facts);
        let c = find(&checks, "japanese_level");
        (c.status, c.code)
    };
    assert_eq!(
        level(Programme::Ssw1, "food_service", L::JlptN4),
        (CheckStatus::Passed, "meets")
    );
    assert_eq!(
        level(Programme::Ssw1, "food_service", L::JftA2),
        (CheckStatus::Passed, "meets")
    );
    assert_eq!(
        level(Programme::Ssw1, "food_service", L::JlptN5),
        (CheckStatus::Unverified, "alternative_route_only")
    );
    assert_eq!(
        level(Programme::EpaNurse, "nursing", L::JlptN4),
        (CheckStatus::Failed, "below_minimum")
    );
    assert_eq!(
        level(Programme::EpaNurse, "nursing", L::JlptN3),
        (CheckStatus::Passed, "meets")
    );
    assert_eq!(
        level(Programme::Esd, "agriculture", L::JlptN5),
        (CheckStatus::Passed, "meets")
    );
    assert_eq!(
        level(Programme::Ssw2, "food_service", L::JlptN4),
        (CheckStatus::Failed, "below_minimum")
    );
    assert_eq!(
        level(Programme::EngineerSpecialist, "humanities", L::None),
        (CheckStatus::Passed, "meets")
    );
    // TITP nursing care asks for JLPT N4; JFT A2 counts only by the approximate equivalence.
    let titp_care = |d, lvl| {
        let facts = PostingFacts {
            programme: Programme::Titp,
            field: "nursing_care".into(),
            japanese_level: lvl,
            ..posting(d, 250_000)
        };
        let checks = run(&facts);
        let c = find(&checks, "japanese_level");
        (c.status, c.code)
    };
    assert_eq!(
        titp_care(date(2026, 4, 1), L::JftA2),
        (CheckStatus::Unverified, "meets_by_equivalence")
    );
    assert_eq!(
        titp_care(date(2026, 4, 1), L::JlptN5),
        (CheckStatus::Failed, "below_minimum")
    );
}

#[test]
fn epa_candidates_pay_no_fees_but_the_medical_check() {
    let epa = |kind| PostingFacts {
        programme: Programme::EpaCareworker,
        field: "nursing_care".into(),
        japanese_level: JapaneseLevel::JlptN3,
        fees: vec![fee(kind, 20_000, Currency::Jpy, Payer::Worker)],
        ..posting(date(2026, 4, 1), 250_000)
    };
    assert_eq!(
        status(&epa(FeeKind::MedicalCheck), "epa_no_fees"),
        CheckStatus::Passed
    );
    assert_eq!(
        status(&epa(FeeKind::Training), "epa_no_fees"),
        CheckStatus::Failed
    );
}

#[test]
fn a_lawful_posting_may_be_published() {
    let facts = PostingFacts {
        fees: vec![
            fee(
                FeeKind::ServiceFee,
                30_000_000,
                Currency::Vnd,
                Payer::Worker,
            ),
            fee(
                FeeKind::MedicalCheck,
                1_500_000,
                Currency::Vnd,
                Payer::Worker,
            ),
            fee(FeeKind::Flight, 90_000, Currency::Jpy, Payer::Employer),
        ],
        ..posting(date(2026, 4, 1), 220_000)
    };
    let checks = run(&facts);
    for c in &checks {
        assert_ne!(c.status, CheckStatus::Failed, "{c:?}");
        assert!(!c.source.title.is_empty(), "{c:?}");
    }
    assert!(may_publish(&checks));
    // The newest rate in the data is from May 2025: used, and its age said.
    assert!(
        find(&checks, "service_fee_cap")
            .detail
            .contains("days older than the start date")
    );
}

// ---- input errors name the field ----

fn input() -> PostingInput {
    PostingInput {
        programme: "ssw1".into(),
        field: "construction".into(),
        prefecture: 13,
        start_date: "2026-04-01".into(),
        contract_months: 36,
        scheduled_hours_per_month: NumberOrText::Decimal(173.33),
        monthly_wage_jpy: 230_000,
        fees: vec![
            FeeInput {
                kind: "service_fee".into(),
                amount: 30_000_000,
                currency: "VND".into(),
                payer: "worker".into(),
            },
            FeeInput {
                kind: "flight".into(),
                amount: 90_000,
                currency: "JPY".into(),
                payer: "employer".into(),
            },
            FeeInput {
                kind: "training".into(),
                amount: 5_000_000,
                currency: "VND".into(),
                payer: "worker".into(),
            },
        ],
        japanese_level: "jlpt_n4".into(),
    }
}

fn error_field(edit: impl FnOnce(&mut PostingInput)) -> Option<&'static str> {
    let mut i = input();
    edit(&mut i);
    let err: RuleError = i.parse(rules()).expect_err("input should be refused");
    err.field()
}

#[test]
fn valid_input_parses_and_checks() {
    let facts = input().parse(rules()).unwrap();
    assert_eq!(facts.scheduled_hours_per_month.hundredths(), 17_333);
    assert_eq!(facts.fees[0].currency, Currency::Vnd);
    let checks = check_posting_input(rules(), &input()).unwrap();
    assert!(may_publish(&checks), "{checks:#?}");
}

#[test]
fn input_errors_name_the_field() {
    assert_eq!(
        error_field(|i| i.fees[0].currency = "USD".into()),
        Some("fees[0].currency")
    );
    assert_eq!(
        error_field(|i| i.fees[2].amount = -5),
        Some("fees[2].amount")
    );
    assert_eq!(
        error_field(|i| i.fees[2].amount = 0),
        Some("fees[2].amount")
    );
    assert_eq!(
        error_field(|i| i.fees[1].amount = 10_000_001),
        Some("fees[1].amount")
    );
    assert_eq!(
        error_field(|i| i.fees[0].amount = 2_000_000_001),
        Some("fees[0].amount")
    );
    assert_eq!(
        error_field(|i| i.fees[1].kind = "bribe".into()),
        Some("fees[1].kind")
    );
    assert_eq!(
        error_field(|i| i.fees[2].payer = "cousin".into()),
        Some("fees[2].payer")
    );
    assert_eq!(
        error_field(|i| i.programme = "tourist".into()),
        Some("programme")
    );
    assert_eq!(error_field(|i| i.field = "astronaut".into()), Some("field"));
    assert_eq!(error_field(|i| i.prefecture = 48), Some("prefecture"));
    assert_eq!(error_field(|i| i.prefecture = 0), Some("prefecture"));
    assert_eq!(
        error_field(|i| i.start_date = "2026-13-01".into()),
        Some("start_date")
    );
    assert_eq!(
        error_field(|i| i.start_date = "2024-09-30".into()),
        Some("start_date")
    );
    assert_eq!(
        error_field(|i| i.start_date = "2100-01-01".into()),
        Some("start_date")
    );
    assert_eq!(
        error_field(|i| i.contract_months = 0),
        Some("contract_months")
    );
    assert_eq!(
        error_field(|i| i.contract_months = -3),
        Some("contract_months")
    );
    assert_eq!(
        error_field(|i| i.contract_months = 121),
        Some("contract_months")
    );
    assert_eq!(
        error_field(|i| i.scheduled_hours_per_month = NumberOrText::Integer(0)),
        Some("scheduled_hours_per_month")
    );
    assert_eq!(
        error_field(|i| i.scheduled_hours_per_month = NumberOrText::Integer(745)),
        Some("scheduled_hours_per_month")
    );
    assert_eq!(
        error_field(|i| i.scheduled_hours_per_month = NumberOrText::Text("lots".into())),
        Some("scheduled_hours_per_month")
    );
    assert_eq!(
        error_field(|i| i.monthly_wage_jpy = -1),
        Some("monthly_wage_jpy")
    );
    assert_eq!(
        error_field(|i| i.monthly_wage_jpy = 10_000_001),
        Some("monthly_wage_jpy")
    );
    assert_eq!(
        error_field(|i| i.japanese_level = "fluent".into()),
        Some("japanese_level")
    );
    // Fees in dong before the oldest exchange rate are not an input error: the fee checks
    // fail for want of a rate.
    let mut i = input();
    i.start_date = "2025-05-11".into();
    let checks = check_posting_input(rules(), &i).unwrap();
    assert_eq!(find(&checks, "service_fee_cap").code, "no_exchange_rate");
}

#[test]
fn a_field_the_programme_does_not_cover_is_not_an_input_error() {
    let mut i = input();
    i.programme = "ssw2".into();
    i.field = "nursing_care".into();
    let checks = check_posting_input(rules(), &i).unwrap();
    assert_eq!(
        find(&checks, check_id::FIELD_ALLOWED).status,
        CheckStatus::Failed
    );
}

// ---- exchange and cost summary ----

#[test]
fn exchange_conversions_are_exact() {
    let d = date(2025, 5, 23);
    let jpy = to_jpy(34_968_000, d).unwrap();
    assert_eq!(jpy.amount, 200_000);
    assert_eq!(jpy.rate.vnd_per_100_jpy, 17_484);
    assert_eq!(jpy.rate.date, d);
    assert!(!jpy.rate.stale);
    assert_eq!(to_vnd(200_000, d).unwrap().amount, 34_968_000);
    // 1,000,000 VND = 5,719.51… JPY; 3 JPY = 524.52 VND: to the nearest unit.
    assert_eq!(to_jpy(1_000_000, d).unwrap().amount, 5_720);
    assert_eq!(to_vnd(3, d).unwrap().amount, 525);
    assert_eq!(to_vnd(1, d).unwrap().amount, 175);
    // Between quotes, the newest quote on or before the date.
    assert_eq!(to_vnd(100, date(2025, 5, 22)).unwrap().amount, 17_170);
    // After the newest quote: used, with its age, stale after 30 days.
    let later = to_vnd(100, date(2026, 1, 5)).unwrap();
    assert_eq!(later.amount, 17_459);
    assert_eq!(later.rate.date, date(2025, 5, 26));
    assert_eq!(later.rate.age_days, 224);
    assert!(later.rate.stale);
    assert!(!to_vnd(100, date(2025, 6, 25)).unwrap().rate.stale);
    assert!(to_vnd(100, date(2025, 6, 26)).unwrap().rate.stale);
    assert_eq!(
        to_jpy(1, date(2025, 5, 11)).unwrap_err().field(),
        Some("date")
    );
}

#[test]
fn cost_summary_splits_worker_and_others_exactly() {
    let fees = [
        fee(
            FeeKind::ServiceFee,
            30_000_000,
            Currency::Vnd,
            Payer::Worker,
        ),
        fee(FeeKind::Flight, 80_000, Currency::Jpy, Payer::Employer),
        fee(FeeKind::Training, 50_000, Currency::Jpy, Payer::Worker),
    ];
    let s = cost_summary(&fees, date(2025, 5, 23)).unwrap();
    // 30,000,000 VND = 171,585.45 JPY at the buying rate 174.84; + 50,000 JPY. The worker
    // buys the 50,000 yen at the selling rate 185.95: 9,297,500 VND.
    assert_eq!(s.worker_upfront_jpy, 221_585);
    assert_eq!(s.worker_upfront_vnd, 39_297_500);
    assert_eq!(s.borne_by_others_jpy, 80_000);
    // 80,000 / 301,585.45 = 26.5265 %.
    assert_eq!(s.employer_share_percent.unwrap().basis_points(), 2_653);
    assert_eq!(s.employer_share_percent.unwrap().to_string(), "26.53");
    assert_eq!(s.lines.len(), 3);
    assert_eq!(s.lines[0].amount_jpy, 171_585);
    assert_eq!(s.lines[2].amount_vnd, 9_297_500);
    let none = cost_summary(&[], date(2020, 1, 1)).unwrap();
    assert_eq!(none.employer_share_percent, None);
    let bad = [fee(FeeKind::Other, -1, Currency::Jpy, Payer::Worker)];
    assert_eq!(
        cost_summary(&bad, date(2025, 5, 23)).unwrap_err().field(),
        Some("fees[0].amount")
    );
}

// ---- overrides ----

#[test]
fn an_override_directory_adds_a_newer_minimum_wage() {
    let dir = std::env::temp_dir().join(format!("kakehashi-rules-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("recruitment")).unwrap();
    let embedded = kakehashi_rules::recruitment::MINIMUM_WAGES_FILE
        .text
        .into_owned();
    // A made-up FY2026 amount, only to show the override is read.
    let text = format!("{embedded}13,2026,1300,2026-10-01,unverified,test override\n");
    std::fs::write(dir.join("recruitment/minimum-wages.csv"), text).unwrap();
    let overridden = RecruitmentRules::load(&RuleFiles::with_overrides(&dir)).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let mw = overridden.minimum_wage(13, date(2026, 10, 1)).unwrap();
    assert_eq!((mw.fiscal_year, mw.hourly_jpy), (2026, 1_300));
    assert!(mw.beyond_data.is_none());
    assert_eq!(
        rules()
            .minimum_wage(13, date(2026, 10, 1))
            .unwrap()
            .fiscal_year,
        2025
    );
}

// ---- realistic repayment ----

fn repay(programme: Programme, debt_vnd: i64, take_home: i64, housing: bool) -> Repayment {
    rules()
        .repayment(&RepaymentInput {
            debt_vnd,
            take_home_jpy: take_home,
            take_home_later_jpy: take_home - 7_000,
            housing_provided: housing,
            programme,
            interest_basis_points: None,
            vnd_per_100_jpy: 17_500,
            contract_months: 36,
        })
        .unwrap()
}

#[test]
fn repayment_waits_for_the_first_wage_and_counts_necessities_only() {
    // Housing provided: 88,383 yen of necessities (2024 household survey); 150,000 yen of
    // take-home pay leaves 61,617 yen = 10,782,975 dong a month at 175 dong per yen.
    let ssw = repay(Programme::Ssw1, 50_000_000, 150_000, true);
    assert_eq!(ssw.living_costs.monthly_jpy, 88_383);
    assert_eq!(ssw.months_without_wage, 1);
    assert_eq!(ssw.schedule[1].payment_vnd, 10_782_975);
    // ⌈50,000,000 / 10,782,975⌉ = 5 months of payments after the first month.
    assert_eq!(
        (ssw.outcome, ssw.months),
        (RepaymentOutcome::Repaid, Some(6))
    );
    // No sourced default rate: no interest unless the reader gives one.
    assert!(ssw.interest_is_default);
    assert_eq!((ssw.interest_basis_points, ssw.total_interest_vnd), (0, 0));
    // A technical intern's first month is the post-entry course: one month later.
    let titp = repay(Programme::Titp, 50_000_000, 150_000, true);
    assert_eq!(titp.months_without_wage, 2);
    assert_eq!(titp.months, Some(7));
    // Without housing, rent and utilities count too (124,573 yen): a longer schedule.
    let renting = repay(Programme::Ssw1, 50_000_000, 150_000, false);
    assert_eq!(renting.living_costs.monthly_jpy, 124_573);
    assert!(renting.months.unwrap() > ssw.months.unwrap());
    // Nothing left over: never repaid, and said why.
    let poor = repay(Programme::Ssw1, 50_000_000, 80_000, true);
    assert_eq!(poor.outcome, RepaymentOutcome::LivingCostsExceedPay);
    assert_eq!(poor.months, None);
    assert_eq!(poor.schedule.len(), 36);
    let none = repay(Programme::Ssw1, 0, 150_000, true);
    assert_eq!(
        (none.outcome, none.months),
        (RepaymentOutcome::NoDebt, Some(0))
    );
    // A rate above 100 % a year is refused, naming the field.
    let err = rules()
        .repayment(&RepaymentInput {
            interest_basis_points: Some(10_001),
            ..RepaymentInput {
                debt_vnd: 1,
                take_home_jpy: 1,
                take_home_later_jpy: 1,
                housing_provided: true,
                programme: Programme::Ssw1,
                interest_basis_points: None,
                vnd_per_100_jpy: 17_500,
                contract_months: 12,
            }
        })
        .unwrap_err();
    assert_eq!(err.field(), Some("loan_interest_percent_per_year"));
}
