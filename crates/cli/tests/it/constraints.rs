//! Storage errors say which constraint refused a change and of what kind, the same way on
//! both databases, so callers can tell a duplicate from a missing reference.

use crate::both;
use crate::support::*;
use kakehashi_store::ConstraintKind;
use kakehashi_store::organisations::{self as orgs, OrganisationRow};
use kakehashi_store::registry::{self, LicenceRow};

fn org(id: &str, code: &str) -> OrganisationRow {
    OrganisationRow {
        id: id.into(),
        kind: "employer".into(),
        name: format!("Org {id}"),
        name_romanised: format!("Org {id}"),
        country: "JP".into(),
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        website: String::new(),
        enterprise_code: Some(code.into()),
        search_text: String::new(),
        created_at: 0,
        updated_at: 0,
    }
}

fn licence(id: &str, organisation_id: &str, number: &str) -> LicenceRow {
    LicenceRow {
        id: id.into(),
        organisation_id: organisation_id.into(),
        number: number.into(),
        issuer: String::new(),
        issued_on: "2026-01-01".into(),
        ends_on: None,
        scope_programmes: String::new(),
        scope_countries: String::new(),
        status: "active".into(),
        created_at: 0,
        updated_at: 0,
    }
}

both!(
    violations_carry_their_constraint_and_kind,
    |app: TestApp| async move {
        let mut conn = app.core.db().conn().await.unwrap();
        orgs::insert(&mut conn, &org("o1", "C-1")).await.unwrap();
        let dup = orgs::insert(&mut conn, &org("o2", "C-1"))
            .await
            .unwrap_err();
        assert!(
            dup.is_unique("organisations", &["enterprise_code"]),
            "{dup:?}"
        );
        assert!(!dup.is_unique("organisations", &["id"]));

        registry::insert_licence(&mut conn, &licence("l1", "o1", "N-1"))
            .await
            .unwrap();
        let taken = registry::insert_licence(&mut conn, &licence("l2", "o1", "N-1"))
            .await
            .unwrap_err();
        assert!(taken.is_unique("licences", &["number"]), "{taken:?}");

        let orphan = registry::insert_licence(&mut conn, &licence("l3", "nobody", "N-2"))
            .await
            .unwrap_err();
        match &orphan {
            kakehashi_store::StoreError::Conflict(c) => {
                assert_eq!(c.kind, ConstraintKind::ForeignKey, "{c}");
                assert!(!orphan.is_unique("licences", &["number"]));
            }
            other => panic!("expected a foreign-key violation, got {other:?}"),
        }
    }
);
