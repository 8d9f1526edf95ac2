//! Organisations: created by an admin (or the licence import), their public profile edited
//! by their own staff.

use crate::audit::{self, By, Change};
use crate::error::{CoreError, CoreResult, Problems};
use crate::ids::new_id;
use crate::policy::{Action, authorize};
use crate::roles::{Actor, OrgKind};
use crate::{Core, text};
use kakehashi_store::organisations::{self as store, OrganisationRow};
use serde::{Deserialize, Serialize};

/// The fields of an organisation that people type in.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct OrganisationInput {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::OrgKind))]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub name_romanised: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 2, max_length = 2))]
    pub country: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub website: String,
    pub enterprise_code: Option<String>,
}

/// Validated, normalised input.
pub(crate) struct Valid {
    pub kind: OrgKind,
    pub name: String,
    pub name_romanised: String,
    pub country: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub enterprise_code: Option<String>,
}

pub(crate) fn validate(input: &OrganisationInput) -> CoreResult<Valid> {
    let mut p = Problems::new();
    let kind = OrgKind::parse(input.kind.trim());
    if kind.is_none() {
        p.push("kind", "unknown_kind");
    }
    let mut take =
        |r: Result<String, crate::FieldError>| r.map_err(|e| p.add(e)).unwrap_or_default();
    let name = take(text::required("name", &input.name, 300));
    let name_romanised = take(text::required("name_romanised", &input.name_romanised, 300));
    let country = take(text::required("country", &input.country, 2)).to_ascii_uppercase();
    let address = take(text::optional("address", &input.address, 500));
    let phone = take(text::optional("phone", &input.phone, 50));
    let email_raw = take(text::optional("email", &input.email, 254));
    let website = take(text::optional("website", &input.website, 300));
    let code = take(text::optional(
        "enterprise_code",
        input.enterprise_code.as_deref().unwrap_or(""),
        50,
    ));
    if !country.is_empty() && !is_country_code(&country) {
        p.push("country", "invalid_country");
    }
    let email = if email_raw.is_empty() {
        String::new()
    } else {
        text::email("email", &email_raw)
            .map_err(|e| p.add(e))
            .unwrap_or_default()
    };
    if !website.is_empty() && !is_web_address(&website) {
        p.push("website", "invalid_url");
    }
    if phone
        .chars()
        .any(|c| !(c.is_ascii_digit() || " +-().".contains(c)))
    {
        p.push("phone", "invalid_phone");
    }
    p.into_result()?;
    Ok(Valid {
        kind: kind.expect("checked"),
        name,
        name_romanised,
        country,
        address,
        phone,
        email,
        website,
        enterprise_code: Some(code).filter(|c| !c.is_empty()),
    })
}

/// ISO 3166-1 alpha-2 shape: two capital letters.
pub(crate) fn is_country_code(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

pub(crate) fn is_web_address(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The text the registry look-up searches: both names, the enterprise code and licence
/// numbers, folded.
pub(crate) fn search_text(
    name: &str,
    romanised: &str,
    code: Option<&str>,
    extra: &[&str],
) -> String {
    let mut parts = vec![text::fold(name), text::fold(romanised)];
    // Codes and licence numbers both as written and run together ("123 ldtbxh gp" and
    // "123ldtbxhgp"), so either way of typing one is found.
    for c in code.into_iter().chain(extra.iter().copied()) {
        let folded = text::fold(c);
        parts.push(folded.replace(' ', ""));
        parts.push(folded);
    }
    parts.join(" ")
}

/// Creates an organisation (admin, or the platform itself).
pub async fn create(
    core: &Core,
    by: By<'_>,
    input: &OrganisationInput,
) -> CoreResult<OrganisationRow> {
    if let By::User(actor) = by {
        authorize(Some(actor), Action::AdministerAccounts)?;
    }
    let v = validate(input)?;
    let now = core.now();
    let row = OrganisationRow {
        id: new_id(),
        kind: v.kind.id().to_owned(),
        search_text: search_text(
            &v.name,
            &v.name_romanised,
            v.enterprise_code.as_deref(),
            &[],
        ),
        name: v.name,
        name_romanised: v.name_romanised,
        country: v.country,
        address: v.address,
        phone: v.phone,
        email: v.email,
        website: v.website,
        enterprise_code: v.enterprise_code,
        created_at: now,
        updated_at: now,
    };
    let mut tx = core.db().begin().await?;
    insert(&mut tx, &row).await?;
    crate::registry::refresh_search(&mut tx, &row.id).await?;
    audit::commit(
        tx,
        by,
        now,
        Change {
            action: "organisation.created",
            entity_type: "organisation",
            entity_id: &row.id,
            before: None,
            after: audit::snapshot(&row),
        },
    )
    .await?;
    Ok(row)
}

pub(crate) async fn insert(
    conn: &mut kakehashi_store::Conn,
    row: &OrganisationRow,
) -> CoreResult<()> {
    store::insert(conn, row).await.map_err(code_conflict)
}

pub(crate) fn code_conflict(e: kakehashi_store::StoreError) -> CoreError {
    CoreError::unique(
        "organisations",
        &["enterprise_code"],
        "enterprise_code",
        "enterprise_code_taken",
    )(e)
}

/// A change to an organisation's profile by its own staff (or an admin): contacts only. Absent
/// fields are kept. The identity fields may be sent back as they are, but not changed: legal
/// and romanised names and the enterprise code come from the licence register, and only a
/// regulator or an admin corrects them ([`correct_identity`]), so that no organisation can
/// take another's name.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ProfileInput {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// Must equal the current value when sent.
    pub kind: Option<String>,
    /// Must equal the current value when sent.
    pub name: Option<String>,
    /// Must equal the current value when sent.
    pub name_romanised: Option<String>,
    /// Must equal the current value when sent.
    pub country: Option<String>,
    /// Must equal the current value when sent.
    pub enterprise_code: Option<String>,
}

/// The input that describes `row` as it is.
fn input_of(row: &OrganisationRow) -> OrganisationInput {
    OrganisationInput {
        kind: row.kind.clone(),
        name: row.name.clone(),
        name_romanised: row.name_romanised.clone(),
        country: row.country.clone(),
        address: row.address.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        website: row.website.clone(),
        enterprise_code: row.enterprise_code.clone(),
    }
}

/// Updates the contacts (address, phone, e-mail, website) of an organisation; a change to its
/// identity (kind, names, country, enterprise code) is refused, naming each field, and nothing
/// is stored.
pub async fn update_profile(
    core: &Core,
    actor: &Actor,
    id: &str,
    input: &ProfileInput,
) -> CoreResult<OrganisationRow> {
    authorize(
        Some(actor),
        Action::EditOrganisationProfile {
            organisation_id: id,
        },
    )?;
    let mut tx = core.db().begin().await?;
    let before = store::by_id(&mut tx, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let current = input_of(&before);
    let mut p = Problems::new();
    let code = current.enterprise_code.clone().unwrap_or_default();
    for (field, sent, now) in [
        ("kind", &input.kind, &current.kind),
        ("name", &input.name, &current.name),
        (
            "name_romanised",
            &input.name_romanised,
            &current.name_romanised,
        ),
        ("country", &input.country, &current.country),
        ("enterprise_code", &input.enterprise_code, &code),
    ] {
        if let Some(sent) = sent
            && text::optional(field, sent, 300).ok().as_deref() != Some(now.as_str())
        {
            p.push(field, "identity_by_registry");
        }
    }
    p.into_result()?;
    let mut merged = current;
    for (slot, sent) in [
        (&mut merged.address, &input.address),
        (&mut merged.phone, &input.phone),
        (&mut merged.email, &input.email),
        (&mut merged.website, &input.website),
    ] {
        if let Some(v) = sent {
            slot.clone_from(v);
        }
    }
    let v = validate(&merged)?;
    let mut after = before.clone();
    after.address = v.address;
    after.phone = v.phone;
    after.email = v.email;
    after.website = v.website;
    after.updated_at = core.now();
    store::update(&mut tx, &after).await?;
    audit::commit(
        tx,
        By::User(actor),
        after.updated_at,
        Change {
            action: "organisation.profile_updated",
            entity_type: "organisation",
            entity_id: id,
            before: audit::snapshot(&before),
            after: audit::snapshot(&after),
        },
    )
    .await?;
    Ok(after)
}

/// A regulator's or an admin's correction of an organisation's identity, with the reason on
/// the audit trail. Absent fields are kept; an empty enterprise code removes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct IdentityCorrection {
    pub name: Option<String>,
    pub name_romanised: Option<String>,
    pub enterprise_code: Option<String>,
    /// Why (e.g. the decision or register entry it follows); required, at most 500 characters.
    pub reason: String,
}

/// Corrects an organisation's legal name, romanised name or enterprise code (regulators and
/// admins), audited with the reason; the look-up index follows.
pub async fn correct_identity(
    core: &Core,
    actor: &Actor,
    id: &str,
    input: &IdentityCorrection,
) -> CoreResult<OrganisationRow> {
    authorize(Some(actor), Action::CorrectOrganisationIdentity)?;
    let reason =
        text::required("reason", &input.reason, 500).map_err(|e| CoreError::Invalid(vec![e]))?;
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let mut tx = core.db().begin().await?;
    let before = store::by_id(&mut tx, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    let mut merged = input_of(&before);
    if let Some(n) = &input.name {
        merged.name.clone_from(n);
    }
    if let Some(n) = &input.name_romanised {
        merged.name_romanised.clone_from(n);
    }
    if let Some(c) = &input.enterprise_code {
        merged.enterprise_code = Some(c.clone());
    }
    let v = validate(&merged)?;
    let mut after = before.clone();
    after.name = v.name;
    after.name_romanised = v.name_romanised;
    after.enterprise_code = v.enterprise_code;
    if after == before {
        return Ok(before);
    }
    after.updated_at = core.now();
    store::update(&mut tx, &after)
        .await
        .map_err(code_conflict)?;
    crate::registry::refresh_search(&mut tx, id).await?;
    let mut snapshot = audit::snapshot(&after);
    if let Some(serde_json::Value::Object(o)) = &mut snapshot {
        o.insert("reason".into(), reason.into());
    }
    audit::commit(
        tx,
        By::User(actor),
        after.updated_at,
        Change {
            action: "organisation.identity_corrected",
            entity_type: "organisation",
            entity_id: id,
            before: audit::snapshot(&before),
            after: snapshot,
        },
    )
    .await?;
    let mut conn = core.db().conn().await?;
    store::by_id(&mut conn, id)
        .await?
        .ok_or(CoreError::NotFound)
}

/// An organisation's public record (anyone may read it).
pub async fn get(core: &Core, id: &str) -> CoreResult<OrganisationRow> {
    if !crate::ids::is_id(id) {
        return Err(CoreError::NotFound);
    }
    let mut conn = core.db().conn().await?;
    store::by_id(&mut conn, id)
        .await?
        .ok_or(CoreError::NotFound)
}

/// An organisation in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganisationSummary {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub name_romanised: String,
    pub country: String,
}

/// Organisations for an admin's pick list.
pub async fn list_for_admin(
    core: &Core,
    actor: &Actor,
    kind: Option<&str>,
) -> CoreResult<Vec<OrganisationSummary>> {
    authorize(Some(actor), Action::AdministerAccounts)?;
    let mut conn = core.db().conn().await?;
    Ok(store::list(&mut conn, kind, 1000)
        .await?
        .into_iter()
        .map(|o| OrganisationSummary {
            id: o.id,
            kind: o.kind,
            name: o.name,
            name_romanised: o.name_romanised,
            country: o.country,
        })
        .collect())
}
