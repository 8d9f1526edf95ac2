//! Importing a licence register (the overseas-labour department's list of licensed sending
//! enterprises, and registers like it). The whole file is validated first; unless told to
//! skip bad rows, one bad row means nothing is written. Re-importing the same file changes
//! nothing; a changed row updates its record, audited.

use super::refresh_search;
use super::register_csv::{LicenceRow as Row, RowError, parse_register_with_progress};
use crate::Core;
use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use kakehashi_store::Conn;
use kakehashi_store::organisations::{self as org_store, OrganisationRow};
use kakehashi_store::registry::{self as store, LicenceRow};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Rows that created or changed a record.
    pub imported: u64,
    /// Rows already on record exactly as in the file.
    pub unchanged: u64,
    /// Rows refused (with their errors below).
    pub rejected: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub errors: Vec<RowError>,
    /// Whether anything was written.
    pub written: bool,
}

impl ImportReport {
    /// The line the command ends with.
    pub fn summary(&self) -> String {
        format!(
            "imported={} unchanged={} rejected={}",
            self.imported, self.unchanged, self.rejected
        )
    }
}

/// Imports `bytes` (CSV). `progress(done, total)` is called while reading and writing.
pub async fn import_register(
    core: &Core,
    by: By<'_>,
    bytes: &[u8],
    skip_invalid: bool,
    progress: &mut (dyn FnMut(&str, u64, u64) + Send),
) -> CoreResult<ImportReport> {
    if let By::User(actor) = by {
        authorize(Some(actor), Action::Regulate)?;
    }
    let parsed =
        parse_register_with_progress(bytes, &mut |done, total| progress("reading", done, total));
    let mut errors = parsed.errors;
    let bad_lines =
        |errors: &[RowError]| errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len() as u64;
    if !errors.is_empty() && !skip_invalid {
        return Ok(ImportReport {
            rejected: bad_lines(&errors),
            errors,
            ..Default::default()
        });
    }
    let mut tx = core.db().begin().await?;
    let mut report = ImportReport::default();
    let total = parsed.rows.len() as u64;
    let now = core.now();
    for (i, row) in parsed.rows.iter().enumerate() {
        match apply_row(&mut tx, by, row, now).await? {
            Outcome::Changed => report.imported += 1,
            Outcome::Unchanged => report.unchanged += 1,
            Outcome::Refused(e) => errors.push(e),
        }
        if i % 200 == 0 || i as u64 + 1 == total {
            progress("writing", i as u64 + 1, total);
        }
    }
    report.rejected = bad_lines(&errors);
    if report.rejected > 0 && !skip_invalid {
        // A row that conflicts with what is on record: nothing is written.
        drop(tx);
        errors.sort_by_key(|e| e.line);
        return Ok(ImportReport {
            rejected: report.rejected,
            errors,
            ..Default::default()
        });
    }
    tx.commit()
        .await
        .map_err(kakehashi_store::StoreError::from)?;
    errors.sort_by_key(|e| e.line);
    report.errors = errors;
    report.written = report.imported > 0;
    Ok(report)
}

enum Outcome {
    Changed,
    Unchanged,
    Refused(RowError),
}

fn refused(row: &Row, column: &str, code: &'static str, detail: String) -> Outcome {
    Outcome::Refused(RowError {
        line: row.line,
        column: Some(column.to_owned()),
        code,
        detail,
    })
}

async fn apply_row(conn: &mut Conn, by: By<'_>, row: &Row, now: i64) -> CoreResult<Outcome> {
    let existing_licence = store::licence_by_number(conn, &row.licence_number).await?;
    let by_code = match &row.enterprise_code {
        Some(code) => org_store::by_enterprise_code(conn, code).await?,
        None => None,
    };
    let org = match (&by_code, &existing_licence) {
        (Some(o), Some(l)) if l.organisation_id != o.id => {
            return Ok(refused(
                row,
                "licence_number",
                "licence_of_another_organisation",
                format!(
                    "licence {} is on record for another organisation than enterprise code {}",
                    row.licence_number,
                    row.enterprise_code.as_deref().unwrap_or("")
                ),
            ));
        }
        (Some(o), _) => Some(o.clone()),
        (None, Some(l)) => org_store::by_id(conn, &l.organisation_id).await?,
        (None, None) => None,
    };
    let mut changed = false;
    let org_id = match org {
        Some(before) => {
            let after = OrganisationRow {
                kind: row.kind.id().to_owned(),
                name: row.name.clone(),
                name_romanised: row.name_romanised.clone(),
                country: row.country.clone(),
                address: row.address.clone(),
                phone: row.phone.clone(),
                website: row.website.clone(),
                enterprise_code: row
                    .enterprise_code
                    .clone()
                    .or(before.enterprise_code.clone()),
                updated_at: now,
                ..before.clone()
            };
            let same = after.kind == before.kind
                && after.name == before.name
                && after.name_romanised == before.name_romanised
                && after.country == before.country
                && after.address == before.address
                && after.phone == before.phone
                && after.website == before.website
                && after.enterprise_code == before.enterprise_code;
            if !same {
                org_store::update(conn, &after).await?;
                audit::record(
                    conn,
                    by,
                    now,
                    Change {
                        action: "organisation.imported",
                        entity_type: "organisation",
                        entity_id: &after.id,
                        before: audit::snapshot(&before),
                        after: audit::snapshot(&after),
                    },
                )
                .await?;
                changed = true;
            }
            after.id
        }
        None => {
            let org = OrganisationRow {
                id: new_id(),
                kind: row.kind.id().to_owned(),
                name: row.name.clone(),
                name_romanised: row.name_romanised.clone(),
                country: row.country.clone(),
                address: row.address.clone(),
                phone: row.phone.clone(),
                email: String::new(),
                website: row.website.clone(),
                enterprise_code: row.enterprise_code.clone(),
                search_text: String::new(),
                created_at: now,
                updated_at: now,
            };
            org_store::insert(conn, &org)
                .await
                .map_err(CoreError::from)?;
            audit::record(
                conn,
                by,
                now,
                Change {
                    action: "organisation.imported",
                    entity_type: "organisation",
                    entity_id: &org.id,
                    before: None,
                    after: audit::snapshot(&org),
                },
            )
            .await?;
            changed = true;
            org.id
        }
    };
    let licence = LicenceRow {
        id: existing_licence
            .as_ref()
            .map_or_else(new_id, |l| l.id.clone()),
        organisation_id: org_id.clone(),
        number: row.licence_number.clone(),
        issuer: row
            .issuer
            .clone()
            .or_else(|| existing_licence.as_ref().map(|l| l.issuer.clone()))
            .unwrap_or_default(),
        issued_on: row.issued_on.to_string(),
        ends_on: row.ends_on.map(|d| d.to_string()),
        scope_programmes: existing_licence
            .as_ref()
            .map(|l| l.scope_programmes.clone())
            .unwrap_or_default(),
        scope_countries: existing_licence
            .as_ref()
            .map_or_else(|| "JP".to_owned(), |l| l.scope_countries.clone()),
        status: row.status.id().to_owned(),
        created_at: existing_licence.as_ref().map_or(now, |l| l.created_at),
        updated_at: now,
    };
    match &existing_licence {
        Some(before) => {
            let same = before.organisation_id == licence.organisation_id
                && before.issuer == licence.issuer
                && before.issued_on == licence.issued_on
                && before.ends_on == licence.ends_on
                && before.status == licence.status;
            if !same {
                store::update_licence(conn, &licence).await?;
                audit::record(
                    conn,
                    by,
                    now,
                    Change {
                        action: "licence.imported",
                        entity_type: "organisation",
                        entity_id: &org_id,
                        before: audit::snapshot(before),
                        after: audit::snapshot(&licence),
                    },
                )
                .await?;
                changed = true;
            }
        }
        None => {
            store::insert_licence(conn, &licence).await?;
            audit::record(
                conn,
                by,
                now,
                Change {
                    action: "licence.imported",
                    entity_type: "organisation",
                    entity_id: &org_id,
                    before: None,
                    after: audit::snapshot(&licence),
                },
            )
            .await?;
            changed = true;
        }
    }
    if changed {
        refresh_search(conn, &org_id).await?;
        Ok(Outcome::Changed)
    } else {
        Ok(Outcome::Unchanged)
    }
}
