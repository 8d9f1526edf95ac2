//! What regulators record: licences, inspections with findings, violations typed by the
//! prohibited acts of the law, sanctions and appeals. Every action is audited.

use super::{AppealStatus, LicenceStatus, SanctionKind, refresh_search};
use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult, FieldError, Problems};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::{Actor, Core, text};
use kakehashi_rules::recruitment::Programme;
use kakehashi_store::organisations as org_store;
use kakehashi_store::registry::{
    self as store, InspectionRow, LicenceRow, SanctionRow, ViolationRow,
};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct LicenceInput {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub number: String,
    /// Who issued it, e.g. the overseas-labour department.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub issuer: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub issued_on: String,
    /// `YYYY-MM-DD`, when the licence has an end date.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub ends_on: Option<String>,
    /// Programme ids the licence covers (e.g. `titp`, `ssw1`); empty = all.
    pub scope_programmes: Vec<String>,
    /// Destination countries (ISO codes); empty = all.
    pub scope_countries: Vec<String>,
    /// `active` by default.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<super::LicenceStatus>))]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct InspectionInput {
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub inspected_on: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub authority: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub findings: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ViolationInput {
    /// `unlawful_service_fee`, `brokerage_charged`, `unlawful_deposit`, `deception`,
    /// `document_retention`, `wage_arrears`, `unlicensed_recruiting`, `licence_lending`,
    /// `document_fraud` or `other`.
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub found_on: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub description: String,
    pub inspection_id: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct SanctionInput {
    /// `warning`, `fine`, `suspension` or `revocation`.
    #[cfg_attr(feature = "openapi", schema(value_type = super::SanctionKind))]
    pub kind: String,
    /// For a fine: the amount in VND.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20_000_000_000_i64))]
    pub fine_vnd: Option<i64>,
    /// The day it takes effect (`YYYY-MM-DD`); may be in the future.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub starts_on: String,
    /// For a suspension: its last day.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub ends_on: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub decision_number: String,
    pub violation_id: Option<String>,
}

/// The largest fine the data knows (Decree 283/2026 Art. 49(10): VND 200 million); anything
/// beyond a hundred times that is surely a typing mistake.
const MAX_FINE_VND: i64 = 20_000_000_000;

fn field(p: &mut Problems, r: Result<String, FieldError>) -> String {
    r.map_err(|e| p.add(e)).unwrap_or_default()
}

async fn organisation_exists(conn: &mut kakehashi_store::Conn, id: &str) -> CoreResult<()> {
    if !crate::ids::is_id(id) || org_store::by_id(conn, id).await?.is_none() {
        return Err(CoreError::NotFound);
    }
    Ok(())
}

pub async fn add_licence(
    core: &Core,
    actor: &Actor,
    organisation_id: &str,
    input: &LicenceInput,
) -> CoreResult<LicenceRow> {
    authorize(Some(actor), Action::Regulate)?;
    let mut p = Problems::new();
    let number = field(&mut p, text::required("number", &input.number, 100));
    let issuer = field(&mut p, text::optional("issuer", &input.issuer, 200));
    let issued_on = text::date("issued_on", &input.issued_on, false)
        .map_err(|e| p.add(e))
        .ok();
    let ends_on = text::optional_date("ends_on", input.ends_on.as_deref())
        .map_err(|e| p.add(e))
        .ok()
        .flatten();
    if let (Some(i), Some(e)) = (issued_on, ends_on)
        && e < i
    {
        p.push("ends_on", "ends_before_issued");
    }
    let status = input.status.as_deref().unwrap_or("active");
    if LicenceStatus::parse(status).is_none() {
        p.push("status", "unknown_status");
    }
    for (i, prog) in input.scope_programmes.iter().enumerate() {
        if Programme::from_id(prog).is_none() {
            p.add(FieldError::new(
                format!("scope_programmes[{i}]"),
                "unknown_programme",
            ));
        }
    }
    for (i, c) in input.scope_countries.iter().enumerate() {
        if !crate::organisations::is_country_code(&c.to_ascii_uppercase()) {
            p.add(FieldError::new(
                format!("scope_countries[{i}]"),
                "invalid_country",
            ));
        }
    }
    p.into_result()?;
    let now = core.now();
    let row = LicenceRow {
        id: new_id(),
        organisation_id: organisation_id.to_owned(),
        number,
        issuer,
        issued_on: issued_on.expect("checked").to_string(),
        ends_on: ends_on.map(|d| d.to_string()),
        scope_programmes: input.scope_programmes.join(","),
        scope_countries: input
            .scope_countries
            .iter()
            .map(|c| c.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join(","),
        status: status.to_owned(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = core.db().begin().await?;
    organisation_exists(&mut tx, organisation_id).await?;
    store::insert_licence(&mut tx, &row)
        .await
        .map_err(CoreError::unique(
            "licences",
            &["number"],
            "number",
            "licence_number_taken",
        ))?;
    refresh_search(&mut tx, organisation_id).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "licence.added",
            entity_type: "organisation",
            entity_id: organisation_id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(row)
}

/// Records a change of a licence's status (e.g. returned by the enterprise).
pub async fn set_licence_status(
    core: &Core,
    actor: &Actor,
    organisation_id: &str,
    number: &str,
    status: &str,
) -> CoreResult<LicenceRow> {
    authorize(Some(actor), Action::Regulate)?;
    if LicenceStatus::parse(status).is_none() {
        return Err(CoreError::field("status", "unknown_status"));
    }
    let mut tx = core.db().begin().await?;
    let before = store::licence_by_number(&mut tx, number)
        .await?
        .filter(|l| l.organisation_id == organisation_id)
        .ok_or(CoreError::NotFound)?;
    let mut after = before.clone();
    after.status = status.to_owned();
    after.updated_at = core.now();
    store::update_licence(&mut tx, &after).await?;
    audit::commit(
        tx,
        By::User(actor),
        after.updated_at,
        Change {
            action: "licence.status_changed",
            entity_type: "organisation",
            entity_id: organisation_id,
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
        },
    )
    .await?;
    Ok(after)
}

pub async fn record_inspection(
    core: &Core,
    actor: &Actor,
    organisation_id: &str,
    input: &InspectionInput,
) -> CoreResult<InspectionRow> {
    authorize(Some(actor), Action::Regulate)?;
    let mut p = Problems::new();
    let on = text::date("inspected_on", &input.inspected_on, false)
        .map_err(|e| p.add(e))
        .ok();
    let authority = field(&mut p, text::required("authority", &input.authority, 200));
    let findings = field(&mut p, text::required("findings", &input.findings, 10_000));
    if on.is_some_and(|d| d > core.today()) {
        p.push("inspected_on", "in_the_future");
    }
    p.into_result()?;
    let now = core.now();
    let row = InspectionRow {
        id: new_id(),
        organisation_id: organisation_id.to_owned(),
        inspected_on: on.expect("checked").to_string(),
        authority,
        findings,
        recorded_by: actor.user_id.clone(),
        created_at: now,
    };
    let mut tx = core.db().begin().await?;
    organisation_exists(&mut tx, organisation_id).await?;
    store::insert_inspection(&mut tx, &row).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "inspection.recorded",
            entity_type: "organisation",
            entity_id: organisation_id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(row)
}

pub async fn record_violation(
    core: &Core,
    actor: &Actor,
    organisation_id: &str,
    input: &ViolationInput,
) -> CoreResult<ViolationRow> {
    authorize(Some(actor), Action::Regulate)?;
    let mut p = Problems::new();
    if core
        .rules()
        .registry
        .violation_kind(input.kind.trim())
        .is_none()
    {
        p.push("kind", "unknown_violation_kind");
    }
    let on = text::date("found_on", &input.found_on, false)
        .map_err(|e| p.add(e))
        .ok();
    let description = field(
        &mut p,
        text::required("description", &input.description, 10_000),
    );
    p.into_result()?;
    let now = core.now();
    let row = ViolationRow {
        id: new_id(),
        organisation_id: organisation_id.to_owned(),
        inspection_id: input.inspection_id.clone().filter(|s| !s.trim().is_empty()),
        kind: input.kind.trim().to_owned(),
        found_on: on.expect("checked").to_string(),
        description,
        recorded_by: actor.user_id.clone(),
        created_at: now,
    };
    let mut tx = core.db().begin().await?;
    organisation_exists(&mut tx, organisation_id).await?;
    if let Some(id) = &row.inspection_id
        && store::inspection(&mut tx, id)
            .await?
            .is_none_or(|i| i.organisation_id != organisation_id)
    {
        return Err(CoreError::field("inspection_id", "unknown_inspection"));
    }
    store::insert_violation(&mut tx, &row).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "violation.recorded",
            entity_type: "organisation",
            entity_id: organisation_id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(row)
}

pub async fn record_sanction(
    core: &Core,
    actor: &Actor,
    organisation_id: &str,
    input: &SanctionInput,
) -> CoreResult<SanctionRow> {
    authorize(Some(actor), Action::Regulate)?;
    let mut p = Problems::new();
    let kind = SanctionKind::parse(input.kind.trim());
    if kind.is_none() {
        p.push("kind", "unknown_sanction_kind");
    }
    let starts = text::date("starts_on", &input.starts_on, false)
        .map_err(|e| p.add(e))
        .ok();
    let ends = text::optional_date("ends_on", input.ends_on.as_deref())
        .map_err(|e| p.add(e))
        .ok()
        .flatten();
    let decision = field(
        &mut p,
        text::required("decision_number", &input.decision_number, 100),
    );
    match kind {
        Some(SanctionKind::Fine) => match input.fine_vnd {
            None => p.push("fine_vnd", "required"),
            Some(f) if f <= 0 || f > MAX_FINE_VND => p.add(
                FieldError::new("fine_vnd", "out_of_range")
                    .with("min", 1)
                    .with("max", MAX_FINE_VND),
            ),
            Some(_) => {}
        },
        Some(_) if input.fine_vnd.is_some() => p.push("fine_vnd", "only_for_fines"),
        _ => {}
    }
    match (kind, starts, ends) {
        (Some(SanctionKind::Suspension), _, None) => p.push("ends_on", "required"),
        (Some(SanctionKind::Suspension), Some(s), Some(e)) if e < s => {
            p.push("ends_on", "ends_before_starts")
        }
        (Some(k), _, Some(_)) if k != SanctionKind::Suspension => {
            p.push("ends_on", "only_for_suspensions")
        }
        _ => {}
    }
    p.into_result()?;
    let kind = kind.expect("checked");
    let now = core.now();
    let row = SanctionRow {
        id: new_id(),
        organisation_id: organisation_id.to_owned(),
        violation_id: input.violation_id.clone().filter(|s| !s.trim().is_empty()),
        kind: kind.id().to_owned(),
        fine_vnd: input.fine_vnd,
        starts_on: starts.expect("checked").to_string(),
        ends_on: ends.map(|d| d.to_string()),
        decision_number: decision,
        legal_basis: core
            .rules()
            .registry
            .sanction_kind(kind.id())
            .map(|k| k.legal_basis.clone())
            .unwrap_or_default(),
        appeal_status: AppealStatus::None.id().to_owned(),
        recorded_by: actor.user_id.clone(),
        created_at: now,
        updated_at: now,
    };
    let mut tx = core.db().begin().await?;
    organisation_exists(&mut tx, organisation_id).await?;
    if let Some(id) = &row.violation_id
        && store::violation(&mut tx, id)
            .await?
            .is_none_or(|v| v.organisation_id != organisation_id)
    {
        return Err(CoreError::field("violation_id", "unknown_violation"));
    }
    store::insert_sanction(&mut tx, &row).await?;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "sanction.imposed",
            entity_type: "organisation",
            entity_id: organisation_id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(row)
}

/// Records where an appeal stands; an overturned sanction stops being in force at once.
pub async fn set_appeal_status(
    core: &Core,
    actor: &Actor,
    sanction_id: &str,
    status: &str,
) -> CoreResult<SanctionRow> {
    authorize(Some(actor), Action::Regulate)?;
    if AppealStatus::parse(status).is_none() {
        return Err(CoreError::field("appeal_status", "unknown_appeal_status"));
    }
    let mut tx = core.db().begin().await?;
    let before = store::sanction(&mut tx, sanction_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let now = core.now();
    store::set_appeal_status(&mut tx, sanction_id, status, now).await?;
    let mut after = before.clone();
    after.appeal_status = status.to_owned();
    after.updated_at = now;
    audit::commit(
        tx,
        By::User(actor),
        now,
        Change {
            action: "sanction.appeal_updated",
            entity_type: "organisation",
            entity_id: &before.organisation_id,
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
        },
    )
    .await?;
    Ok(after)
}
