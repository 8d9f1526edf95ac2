//! Good standing on a date, computed from licences and sanctions at the moment of asking, so a
//! sanction dated in the future takes effect on its date and a suspension that ends restores
//! the organisation, without any job having to run.

use crate::error::{CoreError, CoreResult};
use crate::roles::OrgKind;
use crate::{Core, text};
use jiff::civil::Date;
use kakehashi_store::Conn;
use kakehashi_store::organisations as org_store;
use kakehashi_store::registry as store;
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

/// Whether an organisation of `kind` whose licence status in force is `status` may recruit:
/// a kind that needs a licence needs an active one; any other kind only must not be under a
/// suspension or revocation.
pub fn in_good_standing(kind: &str, status: &str) -> bool {
    match OrgKind::parse(kind) {
        Some(k) if k.needs_licence() => status == "active",
        _ => !matches!(status, "suspended" | "revoked"),
    }
}

pub async fn standing(core: &Core, organisation_id: &str) -> CoreResult<Standing> {
    let today = core.today();
    let mut conn = core.db().conn().await?;
    let (kind, status) = store::status_on(&mut conn, organisation_id, &today.to_string())
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(Standing {
        in_good_standing: in_good_standing(&kind, &status),
        status,
        on: today.to_string(),
    })
}

/// Refuses, saying why (which sanction, since when, until when), when the organisation is not
/// in good standing on `on`.
pub async fn require_good_standing(
    conn: &mut Conn,
    organisation_id: &str,
    on: Date,
) -> CoreResult<()> {
    let d = on.to_string();
    let (kind, status) = store::status_on(conn, organisation_id, &d)
        .await?
        .ok_or(CoreError::NotFound)?;
    if in_good_standing(&kind, &status) {
        return Ok(());
    }
    let org = org_store::by_id(conn, organisation_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let name = format!("{} ({})", org.name, org.name_romanised);
    let sanction = store::sanctions_of(conn, organisation_id)
        .await?
        .into_iter()
        .find(|s| {
            s.appeal_status != "overturned"
                && s.starts_on <= d
                && match (status.as_str(), s.kind.as_str()) {
                    ("revoked", "revocation") => true,
                    ("suspended", "suspension") => s.ends_on.as_ref().is_none_or(|e| *e >= d),
                    _ => false,
                }
        });
    Err(match sanction {
        Some(s) if s.kind == "revocation" => CoreError::refused(
            "organisation_revoked",
            [
                ("organisation", name),
                ("since", s.starts_on),
                ("decision", s.decision_number),
            ],
        ),
        Some(s) => CoreError::refused(
            "organisation_suspended",
            [
                ("organisation", name),
                ("since", s.starts_on),
                ("until", s.ends_on.unwrap_or_default()),
                ("decision", s.decision_number),
            ],
        ),
        None => CoreError::refused(
            "licence_not_in_force",
            [("organisation", name), ("status", status), ("on", d)],
        ),
    })
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
}
