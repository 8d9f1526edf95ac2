//! The hiring process over HTTP: an application with its timeline, offer and flags; moving it
//! from state to state; the list of rejection reasons; possible contract substitutions for
//! regulators.

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::extract::ApiBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use kakehashi_core::postings::{self, ApplicationDetail, Substitution, TransitionInput};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(transition))
        .routes(routes!(acceptance))
        .routes(routes!(rejection_reasons))
        .routes(routes!(substitutions))
}

/// An application with its timeline, offer (with the disclosure and its SHA-256), the
/// accepted snapshot's hashes, the signed contract and flags. Its worker, the staff of the
/// employer, of the sending enterprise it goes through and of the supervising organisation,
/// regulators and admins.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications",
    security(("session" = ["worker", "employer", "sending_org", "supervising_org", "regulator", "admin"])),
    params(("id" = String, Path)),
    responses((status = 200, body = ApplicationDetail), (status = 401), (status = 404)))]
async fn get(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationDetail>> {
    Ok(Json(
        postings::application(&state.core, ctx.signed_in()?, &id).await?,
    ))
}

/// Moves an application to `to`. The worker accepts (with the offer's
/// `disclosure_sha256` as `acknowledged_disclosure_sha256`) and withdraws; the employer
/// offers (with `offer`), records the signed contract (with `contract`) and the certificate
/// of eligibility; the employer or the sending enterprise applied through screens,
/// interviews, rejects (with `reason`), records the visa and the departure. A move the
/// current state does not allow answers 409 `invalid_transition` with `state`; an offer
/// breaking the law answers 422 `rules_broken` listing every broken rule.
#[utoipa::path(post, path = "/api/v1/applications/{id}/transitions", tag = "applications",
    security(("session" = ["worker", "employer", "sending_org"])),
    params(("id" = String, Path)), request_body = TransitionInput,
    responses((status = 200, body = ApplicationDetail), (status = 401), (status = 403),
              (status = 404), (status = 409), (status = 422)))]
async fn transition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<Json<ApplicationDetail>> {
    let actor = ctx.signed_in()?;
    postings::authorize_view(&state.core, actor, &id).await?;
    let body: TransitionInput = body.json()?;
    Ok(Json(
        postings::move_application(&state.core, actor, &id, &body).await?,
    ))
}

/// The snapshot the worker accepted, byte for byte as stored: its SHA-256 is the
/// application's `accepted_snapshot_sha256`.
#[utoipa::path(get, path = "/api/v1/applications/{id}/acceptance", tag = "applications",
    security(("session" = ["worker", "employer", "sending_org", "supervising_org", "regulator", "admin"])),
    params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 401), (status = 404)))]
async fn acceptance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let json = postings::accepted_snapshot(&state.core, ctx.signed_in()?, &id).await?;
    Ok(([(CONTENT_TYPE, "application/json")], json).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Reasons {
    /// The codes a rejection may give (message `rejection-reason-<code>`).
    items: Vec<String>,
}

/// The reasons an organisation may give when it rejects an application.
#[utoipa::path(get, path = "/api/v1/rejection-reasons", tag = "applications", security(()),
    responses((status = 200, body = Reasons)))]
async fn rejection_reasons() -> Json<Reasons> {
    Json(Reasons {
        items: kakehashi_rules::hiring::rejection_reasons().to_vec(),
    })
}

#[derive(Serialize, ToSchema)]
pub struct Substitutions {
    items: Vec<Substitution>,
}

/// Possible contract substitutions: signed contracts worse for the worker than the offer
/// they accepted, term by term with both figures (regulators and admins).
#[utoipa::path(get, path = "/api/v1/contract-substitutions", tag = "applications",
    security(("session" = ["regulator", "admin"])),
    responses((status = 200, body = Substitutions), (status = 401), (status = 403)))]
async fn substitutions(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Json<Substitutions>> {
    Ok(Json(Substitutions {
        items: postings::contract_substitutions(&state.core, ctx.signed_in()?).await?,
    }))
}
