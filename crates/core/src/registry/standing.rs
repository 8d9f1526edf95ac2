//! Good standing on a date, computed from licences and sanctions at the moment of asking, so a
//! sanction dated in the future takes effect on its date and a suspension that ends restores
//! the organisation, without any job having to run.
//!
//! This module is the one definition. Which kinds need a licence comes from [`OrgKind`] and is
//! handed to the store, whose SQL (`status_in_force_sql`, `good_standing_sql`, used where a
//! list is filtered in the database) mirrors [`status_in_force`] and [`in_good_standing`]; a
//! property test runs both over random licences and sanctions on both databases.

use crate::error::{CoreError, CoreResult};
use crate::roles::OrgKind;
use crate::{Core, text};
use jiff::civil::Date;
use kakehashi_store::Conn;
use kakehashi_store::organisations::{self as org_store, OrganisationRow};
use kakehashi_store::registry::{self as store, LicenceRow, SanctionRow};
use serde::Serialize;

/// An organisation's standing on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    /// `active`, `suspended`, `revoked`, `returned`, `expired` or `none` (no licence).
    pub status: String,
    pub in_good_standing: bool,
    pub on: String,
}

/// The kinds that may recruit only under a licence in force, as the store's SQL needs them.
pub fn licensed_kinds() -> Vec<&'static str> {
    OrgKind::ALL
        .iter()
        .filter(|k| k.needs_licence())
        .map(|k| k.id())
        .collect()
}

/// The kinds that take part in recruitment (the enforcement sweep watches them).
pub fn recruiting_kinds() -> Vec<&'static str> {
    OrgKind::ALL
        .iter()
        .filter(|k| k.recruits())
        .map(|k| k.id())
        .collect()
}

/// Whether an organisation of `kind` whose licence status in force is `status` may recruit:
/// a kind that needs a licence needs an active one; any other kind only must not be under a
/// suspension or revocation.
pub fn in_good_standing(kind: &str, status: &str) -> bool {
    match OrgKind::parse(kind) {
        Some(k) if k.needs_licence() => status == "active",
        _ => !matches!(status, "suspended" | "revoked"),
    }
}

/// A licence is valid on `d` (a `YYYY-MM-DD` date) when recorded active, issued by then and
/// not ended before.
pub fn licence_valid_on(l: &LicenceRow, d: &str) -> bool {
    l.status == "active" && l.issued_on.as_str() <= d && l.ends_on.as_deref().is_none_or(|e| e >= d)
}

/// A suspension or revocation is in force on `d` from its start (a suspension until its end)
/// unless overturned on appeal; warnings and fines never are.
pub fn sanction_in_force(s: &SanctionRow, d: &str) -> bool {
    s.appeal_status != "overturned"
        && s.starts_on.as_str() <= d
        && match s.kind.as_str() {
            "suspension" => s.ends_on.as_deref().is_none_or(|e| e >= d),
            "revocation" => true,
            _ => false,
        }
}

/// The licence status in force on `d`: a revocation in force, then a suspension in force, then
/// a licence valid that day; else what the newest licence issued by then says (an `active` one
/// past its end is `expired`); else `none`.
pub fn status_in_force(licences: &[LicenceRow], sanctions: &[SanctionRow], d: &str) -> String {
    let in_force = |kind: &str| {
        sanctions
            .iter()
            .any(|s| s.kind == kind && sanction_in_force(s, d))
    };
    if in_force("revocation") {
        return "revoked".into();
    }
    if in_force("suspension") {
        return "suspended".into();
    }
    if licences.iter().any(|l| licence_valid_on(l, d)) {
        return "active".into();
    }
    licences
        .iter()
        .filter(|l| l.issued_on.as_str() <= d)
        .max_by(|a, b| (&a.issued_on, &a.number).cmp(&(&b.issued_on, &b.number)))
        .map_or_else(
            || "none".into(),
            |l| {
                if l.status == "active" {
                    "expired".into()
                } else {
                    l.status.clone()
                }
            },
        )
}

/// What standing is computed from: an organisation with its licences and sanctions.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub org: OrganisationRow,
    pub licences: Vec<LicenceRow>,
    pub sanctions: Vec<SanctionRow>,
}

impl Record {
    pub fn status(&self, d: &str) -> String {
        status_in_force(&self.licences, &self.sanctions, d)
    }

    pub fn standing(&self, on: Date) -> Standing {
        let d = on.to_string();
        let status = self.status(&d);
        Standing {
            in_good_standing: in_good_standing(&self.org.kind, &status),
            status,
            on: d,
        }
    }

    /// Why the organisation may not recruit on `on` (which sanction, since when, until when),
    /// or `None` when it is in good standing.
    pub fn refusal(&self, on: Date) -> Option<CoreError> {
        let d = on.to_string();
        let status = self.status(&d);
        if in_good_standing(&self.org.kind, &status) {
            return None;
        }
        let name = format!("{} ({})", self.org.name, self.org.name_romanised);
        let wanted = match status.as_str() {
            "revoked" => "revocation",
            "suspended" => "suspension",
            _ => "",
        };
        let sanction = self
            .sanctions
            .iter()
            .find(|s| s.kind == wanted && sanction_in_force(s, &d));
        Some(match sanction {
            Some(s) if s.kind == "revocation" => CoreError::refused(
                "organisation_revoked",
                [
                    ("organisation", name),
                    ("since", s.starts_on.clone()),
                    ("decision", s.decision_number.clone()),
                ],
            ),
            Some(s) => CoreError::refused(
                "organisation_suspended",
                [
                    ("organisation", name),
                    ("since", s.starts_on.clone()),
                    ("until", s.ends_on.clone().unwrap_or_default()),
                    ("decision", s.decision_number.clone()),
                ],
            ),
            None => CoreError::refused(
                "licence_not_in_force",
                [("organisation", name), ("status", status), ("on", d)],
            ),
        })
    }
}

/// The records of several organisations, in the order of `ids` (unknown ids are left out), in
/// three statements however many there are.
pub(crate) async fn records(conn: &mut Conn, ids: &[&str]) -> CoreResult<Vec<Record>> {
    let orgs = org_store::by_ids(conn, ids).await?;
    let licences = store::licences_of_many(conn, ids).await?;
    let sanctions = store::sanctions_of_many(conn, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| orgs.iter().find(|o| o.id == *id))
        .map(|org| Record {
            licences: licences
                .iter()
                .filter(|l| l.organisation_id == org.id)
                .cloned()
                .collect(),
            sanctions: sanctions
                .iter()
                .filter(|s| s.organisation_id == org.id)
                .cloned()
                .collect(),
            org: org.clone(),
        })
        .collect())
}

pub(crate) async fn record_of(conn: &mut Conn, organisation_id: &str) -> CoreResult<Record> {
    records(conn, &[organisation_id])
        .await?
        .pop()
        .ok_or(CoreError::NotFound)
}

pub async fn standing(core: &Core, organisation_id: &str) -> CoreResult<Standing> {
    let mut conn = core.db().conn().await?;
    Ok(record_of(&mut conn, organisation_id)
        .await?
        .standing(core.today()))
}

/// Refuses, saying why (which sanction, since when, until when), when the organisation is not
/// in good standing on `on`.
pub async fn require_good_standing(
    conn: &mut Conn,
    organisation_id: &str,
    on: Date,
) -> CoreResult<()> {
    match record_of(conn, organisation_id).await?.refusal(on) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// [`require_good_standing`] for every organisation a posting names, in three statements.
pub(crate) async fn require_all_in_good_standing(
    conn: &mut Conn,
    ids: &[&str],
    on: Date,
) -> CoreResult<()> {
    let found = records(conn, ids).await?;
    if !ids.iter().all(|id| found.iter().any(|r| r.org.id == *id)) {
        return Err(CoreError::NotFound);
    }
    match found.iter().find_map(|r| r.refusal(on)) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Parses an optional `YYYY-MM-DD` "as of" date; `None` means today.
pub(crate) fn as_of(core: &Core, value: Option<&str>) -> CoreResult<Date> {
    Ok(text::optional_date("on", value)
        .map_err(|e| CoreError::Invalid(vec![e]))?
        .unwrap_or_else(|| core.today()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn good_standing_by_kind() {
        use super::in_good_standing as g;
        assert!(g("sending_enterprise", "active"));
        for s in ["suspended", "revoked", "returned", "expired", "none"] {
            assert!(!g("sending_enterprise", s), "{s}");
        }
        assert!(g("employer", "none"));
        assert!(!g("employer", "suspended"));
        assert!(!g("employer", "revoked"));
    }

    #[test]
    fn kind_lists_come_from_the_kinds() {
        assert_eq!(
            super::licensed_kinds(),
            [
                "sending_enterprise",
                "supervising_org",
                "registered_support_org"
            ]
        );
        assert!(super::recruiting_kinds().contains(&"employer"));
        assert!(!super::recruiting_kinds().contains(&"ngo"));
    }
}
