//! Properties of the recruitment rules that must hold for every input: the Law 69 service-fee
//! cap grows with the contract and scales as the law says, brokerage charged to a worker always
//! fails, conversions round-trip within a unit.

use jiff::civil::date;
use kakehashi_rules::recruitment::{
    CheckStatus, Currency, Fee, FeeKind, Hours, JapaneseLevel, Payer, PostingFacts, Programme,
    RecruitmentRules, check_posting, to_jpy, to_vnd,
};
use proptest::prelude::*;

fn rules() -> &'static RecruitmentRules {
    RecruitmentRules::embedded()
}

proptest! {
    #[test]
    fn service_fee_cap_never_decreases_with_contract_length(
        wage in 1i64..=10_000_000,
        months in 1u32..120,
    ) {
        let d = date(2026, 4, 1);
        let shorter = rules().service_fee_cap(wage, months, d).unwrap();
        let longer = rules().service_fee_cap(wage, months + 1, d).unwrap();
        prop_assert!(shorter.cap_jpy <= longer.cap_jpy);
        prop_assert!(shorter.cap_whole_years_jpy <= longer.cap_whole_years_jpy);
        prop_assert!(shorter.cap_completed_years_jpy <= longer.cap_completed_years_jpy);
        prop_assert!(shorter.cap_completed_years_jpy <= shorter.cap_jpy);
        prop_assert!(shorter.cap_jpy <= shorter.cap_whole_years_jpy);
    }

    #[test]
    fn service_fee_cap_scales_as_the_law_says(wage in 1i64..=10_000_000, months in 1u32..=120) {
        let cap = rules().service_fee_cap(wage, months, date(2026, 4, 1)).unwrap();
        if months >= 36 {
            // At most three months' wage however long the contract.
            prop_assert_eq!(cap.cap_jpy, 3 * wage);
            prop_assert!(!cap.part_year);
        } else {
            // One month's wage per 12 months, pro rata, rounded down to the yen.
            prop_assert_eq!(i128::from(cap.cap_jpy), i128::from(wage) * i128::from(months) / 12);
            prop_assert_eq!(cap.part_year, months % 12 != 0);
            let whole_years = i64::from(months.div_ceil(12));
            prop_assert_eq!(cap.cap_whole_years_jpy, wage * whole_years.min(3));
        }
        if months % 12 == 0 && months <= 36 {
            prop_assert_eq!(cap.cap_jpy, wage * i64::from(months / 12));
        }
    }

    #[test]
    fn brokerage_charged_to_a_worker_always_fails(
        amount in 1i64..=10_000_000,
        in_dong in any::<bool>(),
        programme in prop::sample::select(vec![Programme::Ssw1, Programme::Ssw2]),
        day in 0i64..600,
    ) {
        let start = date(2025, 10, 3).checked_add(jiff::Span::new().days(day)).unwrap();
        let currency = if in_dong { Currency::Vnd } else { Currency::Jpy };
        let facts = PostingFacts {
            programme,
            field: "construction".into(),
            prefecture: 13,
            start_date: start,
            contract_months: 36,
            scheduled_hours_per_month: Hours::whole(160),
            monthly_wage_jpy: 250_000,
            fees: vec![Fee { kind: FeeKind::Brokerage, amount, currency, payer: Payer::Worker }],
            japanese_level: JapaneseLevel::JlptN3,
        };
        let checks = check_posting(rules(), &facts);
        let c = checks.iter().find(|c| c.id == "no_brokerage").unwrap();
        prop_assert_eq!(c.status, CheckStatus::Failed);
        prop_assert!(c.blocks_publication());
    }

    #[test]
    fn conversions_round_trip_within_one_unit(jpy in 0i64..=100_000_000) {
        let d = date(2025, 5, 23);
        let vnd = to_vnd(jpy, d).unwrap().amount;
        // 1 JPY is about 175 VND: dong → yen loses nothing a yen can hold.
        prop_assert_eq!(to_jpy(vnd, d).unwrap().amount, jpy);
    }
}
