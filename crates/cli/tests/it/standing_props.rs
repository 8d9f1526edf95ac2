//! Good standing has one definition in Rust (`kakehashi_core::registry::standing`) and its
//! mirror in SQL (the store's `status_in_force_sql` and `good_standing_sql`, which filter the
//! look-up, the public job list and the enforcement sweep in the database). This property
//! test gives both random licences and sanctions (dates, kinds, statuses, appeals) on both
//! databases and requires the same answer.

use crate::both;
use crate::support::*;
use kakehashi_core::OrgKind;
use kakehashi_core::registry::{
    in_good_standing, licensed_kinds, recruiting_kinds, status_in_force,
};
use kakehashi_store::organisations::{self as orgs, OrganisationRow};
use kakehashi_store::postings::{self as postings, PostingRow};
use kakehashi_store::registry::{self as store, LicenceRow, SanctionRow};
use kakehashi_store::{Conn, Db};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Days after 2024-01-01, as `YYYY-MM-DD`: a range where start, end and query dates meet.
fn day(n: u16) -> String {
    jiff::civil::date(2024, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(n)))
        .expect("in range")
        .to_string()
}

#[derive(Debug, Clone)]
struct Case {
    kind: OrgKind,
    /// (status, issued day, end day, number)
    licences: Vec<(&'static str, u16, Option<u16>, u8)>,
    /// (kind, start day, end day, appeal status)
    sanctions: Vec<(&'static str, u16, Option<u16>, &'static str)>,
    on: u16,
}

fn case() -> impl Strategy<Value = Case> {
    // A narrow range, so that dates often coincide and every boundary (starts on, ends on the
    // day asked about) is tried.
    let days = 0u16..8;
    let licence = (
        prop::sample::select(vec![
            "active",
            "suspended",
            "revoked",
            "returned",
            "expired",
        ]),
        days.clone(),
        prop::option::of(days.clone()),
        0u8..4,
    );
    let sanction = (
        prop::sample::select(vec!["warning", "fine", "suspension", "revocation"]),
        days.clone(),
        prop::option::of(days.clone()),
        prop::sample::select(vec!["none", "pending", "upheld", "overturned"]),
    );
    (
        prop::sample::select(OrgKind::ALL.to_vec()),
        prop::collection::vec(licence, 0..4),
        prop::collection::vec(sanction, 0..4),
        days,
    )
        .prop_map(|(kind, licences, sanctions, on)| Case {
            kind,
            licences,
            sanctions,
            on,
        })
}

fn posting(id: &str, employer: &str) -> PostingRow {
    PostingRow {
        id: id.into(),
        employer_id: employer.into(),
        sending_enterprise_id: None,
        supervising_org_id: None,
        status: "published".into(),
        programme: "ssw1".into(),
        field: "food_service".into(),
        title_vi: String::new(),
        title_ja: String::new(),
        title_en: String::new(),
        description_vi: String::new(),
        description_ja: String::new(),
        description_en: String::new(),
        prefecture: 13,
        municipality: String::new(),
        contract_months: 12,
        scheduled_hours_x100: 16000,
        monthly_wage_jpy: 230000,
        allowances_json: "[]".into(),
        overtime_premium_percent: 25,
        bonus_json: "{}".into(),
        housing_provided: 0,
        rent_jpy: 0,
        utilities_jpy: 0,
        meals_json: "{}".into(),
        commuting_allowance_jpy: 0,
        insurance_json: "{}".into(),
        japanese_level: "none".into(),
        skills_test: String::new(),
        start_date: "2027-01-01".into(),
        openings: 1,
        fees_json: "[]".into(),
        checks_passed: 1,
        fee_rules_passed: 1,
        net_pay_jpy: 0,
        upfront_cost_vnd: 0,
        created_by: "test".into(),
        created_at: 0,
        updated_at: 0,
        published_at: Some(0),
        closed_at: None,
    }
}

/// Stores the case as a new organisation and compares the two definitions.
async fn agree(db: &Db, n: usize, c: &Case) -> Result<(), TestCaseError> {
    let fail = |e: kakehashi_store::StoreError| TestCaseError::fail(e.to_string());
    let mut conn = db.conn().await.map_err(fail)?;
    let conn: &mut Conn = &mut conn;
    let org_id = format!("org-{n}");
    orgs::insert(
        conn,
        &OrganisationRow {
            id: org_id.clone(),
            kind: c.kind.id().into(),
            name: org_id.clone(),
            name_romanised: org_id.clone(),
            country: "VN".into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            enterprise_code: None,
            search_text: String::new(),
            created_at: 0,
            updated_at: 0,
        },
    )
    .await
    .map_err(fail)?;
    let mut licences = Vec::new();
    for (i, (status, issued, ends, number)) in c.licences.iter().enumerate() {
        let l = LicenceRow {
            id: format!("{org_id}-l{i}"),
            organisation_id: org_id.clone(),
            // Numbers tie on purpose (the same issue day is ordered by number), unique by suffix.
            number: format!("{number}-{n:06}-{i}"),
            issuer: String::new(),
            issued_on: day(*issued),
            ends_on: ends.map(day),
            scope_programmes: String::new(),
            scope_countries: String::new(),
            status: (*status).into(),
            created_at: 0,
            updated_at: 0,
        };
        store::insert_licence(conn, &l).await.map_err(fail)?;
        licences.push(l);
    }
    let mut sanctions = Vec::new();
    for (i, (kind, starts, ends, appeal)) in c.sanctions.iter().enumerate() {
        let s = SanctionRow {
            id: format!("{org_id}-s{i}"),
            organisation_id: org_id.clone(),
            violation_id: None,
            kind: (*kind).into(),
            fine_vnd: None,
            starts_on: day(*starts),
            ends_on: ends.map(day),
            decision_number: String::new(),
            legal_basis: String::new(),
            appeal_status: (*appeal).into(),
            recorded_by: "test".into(),
            created_at: i as i64,
            updated_at: 0,
        };
        store::insert_sanction(conn, &s).await.map_err(fail)?;
        sanctions.push(s);
    }
    let posting_id = format!("{org_id}-p");
    postings::save(conn, &posting(&posting_id, &org_id), true)
        .await
        .map_err(fail)?;

    let d = day(c.on);
    let rust_status = status_in_force(&licences, &sanctions, &d);
    let rust_good = in_good_standing(c.kind.id(), &rust_status);
    let (_, sql_status) = store::status_on(conn, &org_id, &d)
        .await
        .map_err(fail)?
        .expect("stored");
    prop_assert_eq!(&sql_status, &rust_status, "status in force on {}", d);
    let sql_good = store::good_standing_on(conn, &org_id, &d, &licensed_kinds())
        .await
        .map_err(fail)?;
    prop_assert_eq!(sql_good, rust_good, "good standing on {}", d);
    let visible = postings::is_visible(conn, &posting_id, &d, &licensed_kinds())
        .await
        .map_err(fail)?;
    prop_assert_eq!(visible, rust_good, "posting visible on {}", d);
    let watched = store::standings(conn, &d, &recruiting_kinds())
        .await
        .map_err(fail)?
        .into_iter()
        .find(|s| s.id == org_id);
    prop_assert_eq!(watched.is_some(), c.kind.recruits());
    if let Some(w) = watched {
        prop_assert_eq!(w.status, rust_status);
    }
    Ok(())
}

both!(
    sql_and_rust_agree_on_good_standing,
    |app: TestApp| async move {
        let db = app.core.db().clone();
        let handle = tokio::runtime::Handle::current();
        tokio::task::block_in_place(|| {
            let mut runner = TestRunner::new(Config {
                cases: 256,
                failure_persistence: None,
                ..Config::default()
            });
            let n = std::sync::atomic::AtomicUsize::new(0);
            runner
                .run(&case(), |c| {
                    let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    handle.block_on(agree(&db, n, &c))
                })
                .unwrap_or_else(|e| panic!("{e}"));
        });
    }
);
