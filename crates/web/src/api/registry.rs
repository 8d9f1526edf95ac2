//! The registry over HTTP: the public look-up and record, and what regulators record.

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::extract::{ApiBody, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kakehashi_core::policy::{self, Action};
use kakehashi_core::registry::{
    self, InspectionInput, LicenceInput, LookupPage, LookupQuery, PublicRecord, SanctionInput,
    ViolationInput,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(lookup))
        .routes(routes!(record))
        .routes(routes!(add_licence))
        .routes(routes!(set_licence_status))
        .routes(routes!(record_inspection))
        .routes(routes!(record_violation))
        .routes(routes!(record_sanction))
        .routes(routes!(set_appeal))
        .routes(routes!(import_register))
        .routes(routes!(correct_identity))
}

/// Corrects an organisation's legal name, romanised name or enterprise code (regulators and
/// admins), audited with the reason. Absent fields are kept.
#[utoipa::path(put, path = "/api/v1/organisations/{id}/identity", tag = "registry", security(("session" = ["regulator", "admin"])),
    request_body = kakehashi_core::organisations::IdentityCorrection,
    params(("id" = String, Path, description = "Organisation id")),
    responses((status = 200, body = Recorded), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn correct_identity(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<Json<Recorded>> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::CorrectOrganisationIdentity)?;
    let body: kakehashi_core::organisations::IdentityCorrection = body.json()?;
    let row =
        kakehashi_core::organisations::correct_identity(&state.core, actor, &id, &body).await?;
    Ok(Json(Recorded { id: row.id }))
}

/// Public look-up of organisations by name (any script; Vietnamese with or without
/// diacritics), enterprise code or licence number, with kind and status filters.
#[utoipa::path(get, path = "/api/v1/organisations", tag = "registry", security(()), params(LookupQuery),
    responses((status = 200, body = LookupPage), (status = 400, description = "Unknown parameter"), (status = 422, description = "Invalid filter"),
        (status = 429, description = "Too many anonymous look-ups from this address; `Retry-After` says when to try again")))]
async fn lookup(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<LookupQuery>,
) -> ApiResult<Json<LookupPage>> {
    state.throttle_lookup(&ctx)?;
    Ok(Json(registry::lookup(&state.core, &q).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OnDate {
    /// Judge standing on this date (`YYYY-MM-DD`); today by default.
    #[param(format = Date)]
    on: Option<String>,
}

/// An organisation's public record: licence status, sanctions, inspections, violations,
/// substantiated grievances and the compliance score with its lines.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "registry", security(()),
    params(("id" = String, Path, description = "Organisation id"), OnDate),
    responses((status = 200, body = PublicRecord), (status = 404)))]
async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<OnDate>,
) -> ApiResult<Json<PublicRecord>> {
    let on = kakehashi_core::text::optional_date("on", q.on.as_deref())
        .map_err(|e| kakehashi_core::CoreError::Invalid(vec![e]))?;
    Ok(Json(registry::public_record(&state.core, &id, on).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Recorded {
    id: String,
}

/// Adds a licence to an organisation (regulators).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/licences", tag = "registry", security(("session" = ["regulator"])), request_body = LicenceInput,
    params(crate::idempotency::Key, ("id" = String, Path, description = "Organisation id")),
    responses((status = 201, body = Recorded), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn add_licence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: LicenceInput = body.json()?;
    let row = registry::add_licence(&state.core, actor, &id, &body).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: row.id })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceStatusBody {
    /// `active`, `suspended`, `revoked`, `returned` or `expired`.
    #[schema(value_type = kakehashi_core::registry::LicenceStatus)]
    status: String,
}

/// Records a licence's new status, e.g. returned (regulators).
#[utoipa::path(put, path = "/api/v1/organisations/{id}/licences/{number}/status", tag = "registry", security(("session" = ["regulator"])), request_body = LicenceStatusBody,
    params(("id" = String, Path), ("number" = String, Path, description = "Licence number (URL-encoded)")),
    responses((status = 200, body = Recorded), (status = 403), (status = 404), (status = 422)))]
async fn set_licence_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, number)): Path<(String, String)>,
    body: ApiBody,
) -> ApiResult<Json<Recorded>> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: LicenceStatusBody = body.json()?;
    let row = registry::set_licence_status(&state.core, actor, &id, &number, &body.status).await?;
    Ok(Json(Recorded { id: row.id }))
}

/// Records an inspection and its findings (regulators).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/inspections", tag = "registry", security(("session" = ["regulator"])), request_body = InspectionInput,
    params(crate::idempotency::Key, ("id" = String, Path)), responses((status = 201, body = Recorded), (status = 403), (status = 404), (status = 422)))]
async fn record_inspection(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: InspectionInput = body.json()?;
    let row = registry::record_inspection(&state.core, actor, &id, &body).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: row.id })))
}

/// Records a violation, typed by the prohibited acts of the law (regulators).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/violations", tag = "registry", security(("session" = ["regulator"])), request_body = ViolationInput,
    params(crate::idempotency::Key, ("id" = String, Path)), responses((status = 201, body = Recorded), (status = 403), (status = 404), (status = 422)))]
async fn record_violation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: ViolationInput = body.json()?;
    let row = registry::record_violation(&state.core, actor, &id, &body).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: row.id })))
}

/// Imposes a sanction: warning, fine, suspension (from–to) or revocation; it takes effect on
/// its start date (regulators).
#[utoipa::path(post, path = "/api/v1/organisations/{id}/sanctions", tag = "registry", security(("session" = ["regulator"])), request_body = SanctionInput,
    params(crate::idempotency::Key, ("id" = String, Path)), responses((status = 201, body = Recorded), (status = 403), (status = 404), (status = 422)))]
async fn record_sanction(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<Recorded>)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: SanctionInput = body.json()?;
    let row = registry::record_sanction(&state.core, actor, &id, &body).await?;
    Ok((StatusCode::CREATED, Json(Recorded { id: row.id })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealBody {
    /// `none`, `pending`, `upheld` or `overturned`.
    #[schema(value_type = kakehashi_core::registry::AppealStatus)]
    appeal_status: String,
}

/// Records where an appeal against a sanction stands (regulators).
#[utoipa::path(put, path = "/api/v1/sanctions/{id}/appeal", tag = "registry", security(("session" = ["regulator"])), request_body = AppealBody,
    params(("id" = String, Path)), responses((status = 200, body = Recorded), (status = 403), (status = 404), (status = 422)))]
async fn set_appeal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<Json<Recorded>> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let body: AppealBody = body.json()?;
    let row = registry::set_appeal_status(&state.core, actor, &id, &body.appeal_status).await?;
    Ok(Json(Recorded { id: row.id }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// Import the good rows and report the bad ones; by default one bad row means nothing is
    /// imported.
    skip_invalid: Option<bool>,
}

/// Imports a licence register (`text/csv`, UTF-8 with or without BOM; the columns are
/// documented in data/samples/README.md). Regulators only. 200 with the report when rows were
/// imported (or none had to be); 422 with every bad row (line, column, reason) when nothing
/// was imported.
#[utoipa::path(post, path = "/api/v1/licence-register", tag = "registry", security(("session" = ["regulator"])), params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = kakehashi_core::registry::import::ImportReport), (status = 403), (status = 413), (status = 422)))]
async fn import_register(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ImportParams>,
    body: axum::body::Body,
) -> ApiResult<(
    StatusCode,
    Json<kakehashi_core::registry::import::ImportReport>,
)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Regulate)?;
    let limit = state.config.max_upload_bytes;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        crate::error::Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            .with_param("max_bytes", limit)
    })?;
    let skip = q.skip_invalid.unwrap_or(false);
    let report = kakehashi_core::registry::import::import_register(
        &state.core,
        kakehashi_core::audit::By::User(actor),
        &bytes,
        skip,
        &|_, _, _| {},
    )
    .await?;
    let status = if report.rejected > 0 && !skip {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)))
}
