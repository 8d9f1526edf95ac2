//! Job postings over HTTP: employers write, check and publish them; everyone reads the ones
//! that are public; workers apply.

use crate::context::Ctx;
use crate::error::ApiResult;
use crate::extract::{ApiBody, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kakehashi_core::policy::{self, Action};
use kakehashi_core::postings::{
    self, Applicant, ApplicationView, DisclosureOptions, PostingInput, PostingSummary, PostingView,
};
use kakehashi_core::search::{self, SearchPage, SearchQuery};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(preview))
        .routes(routes!(get, update))
        .routes(routes!(publish))
        .routes(routes!(close))
        .routes(routes!(mine))
        .routes(routes!(apply, applicants))
        .routes(routes!(my_applications))
        .routes(routes!(withdraw))
}

/// Job search: published postings of organisations in good standing today, found by the
/// words of `q` (Vietnamese with or without diacritics, Japanese without spaces, English), with
/// filters, sort and paging. `facets` counts each value over the matches of the query and
/// every filter but the facet's own. A page beyond the end is empty; an unknown filter value
/// is a 422 naming the parameter.
#[utoipa::path(get, path = "/api/v1/postings", tag = "postings", security(()), params(SearchQuery),
    responses((status = 200, body = SearchPage), (status = 400, description = "A parameter of the wrong type, named"),
              (status = 422, description = "An unknown or out-of-range value, naming the parameter")))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchPage>> {
    Ok(Json(search::search(&state.core, &q).await?))
}

/// Creates a draft posting for the signed-in employer's organisation. The answer carries the
/// legal checks and the full disclosure.
#[utoipa::path(post, path = "/api/v1/postings", tag = "postings", security(("session" = ["employer"])), params(crate::idempotency::Key), request_body = PostingInput,
    responses((status = 201, description = "The posting with its checks and disclosure", body = Object),
              (status = 403), (status = 422, description = "Invalid input, naming each field")))]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<PostingView>)> {
    let actor = ctx.signed_in()?;
    postings::authorize_create(actor)?;
    let body: PostingInput = body.json()?;
    let view = postings::create(&state.core, actor, &body).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Serialize)]
struct Preview {
    checks: Vec<kakehashi_rules::recruitment::Check>,
    may_publish: bool,
    disclosure: postings::Disclosure,
}

/// The checks and the disclosure of a posting without saving it (anyone may ask).
#[utoipa::path(post, path = "/api/v1/postings/preview", tag = "postings", security(()), request_body = PostingInput,
    params(DisclosureOptions),
    responses((status = 200, description = "checks, may_publish, disclosure", body = Object), (status = 422)))]
async fn preview(
    State(state): State<AppState>,
    ApiQuery(options): ApiQuery<DisclosureOptions>,
    body: ApiBody,
) -> ApiResult<Json<serde_json::Value>> {
    let body: PostingInput = body.json()?;
    let (checks, disclosure) = postings::preview(&state.core, &body, &options).await?;
    let may_publish = kakehashi_rules::recruitment::may_publish(&checks);
    Ok(Json(
        serde_json::to_value(Preview {
            checks,
            may_publish,
            disclosure,
        })
        .unwrap_or_default(),
    ))
}

/// A posting with its checks and disclosure. Public while it is published and every
/// organisation it names is in good standing; its own staff, regulators and admins always.
/// `loan_interest_percent_per_year` sets the interest counted in
/// `disclosure.months_to_repay_realistic` (none by default).
#[utoipa::path(get, path = "/api/v1/postings/{id}", tag = "postings", security((), ("session" = [])), params(("id" = String, Path), DisclosureOptions),
    responses((status = 200, body = Object), (status = 404), (status = 422)))]
async fn get(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    ApiQuery(options): ApiQuery<DisclosureOptions>,
) -> ApiResult<Json<PostingView>> {
    Ok(Json(
        postings::view_with(&state.core, ctx.actor(), &id, &options).await?,
    ))
}

/// Rewrites a posting of the signed-in employer's organisation.
#[utoipa::path(put, path = "/api/v1/postings/{id}", tag = "postings", security(("session" = ["employer"])), request_body = PostingInput, params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404), (status = 409), (status = 422)))]
async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<Json<PostingView>> {
    let actor = ctx.signed_in()?;
    postings::authorize_update(&state.core, actor, &id).await?;
    let body: PostingInput = body.json()?;
    Ok(Json(
        postings::update(&state.core, actor, &id, &body).await?,
    ))
}

/// Publishes a draft. Refused (422 `rules_broken`) listing every broken rule with its value,
/// limit and source; refused (409) when an organisation it names is not in good standing.
#[utoipa::path(post, path = "/api/v1/postings/{id}/publish", tag = "postings", security(("session" = ["employer"])), params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404), (status = 409), (status = 422)))]
async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<PostingView>> {
    Ok(Json(
        postings::publish(&state.core, ctx.signed_in()?, &id).await?,
    ))
}

/// Closes a posting.
#[utoipa::path(post, path = "/api/v1/postings/{id}/close", tag = "postings", security(("session" = ["employer"])), params(("id" = String, Path)),
    responses((status = 200, body = Object), (status = 404), (status = 409)))]
async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<PostingView>> {
    Ok(Json(
        postings::close(&state.core, ctx.signed_in()?, &id).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Mine {
    items: Vec<PostingSummary>,
}

/// Every posting of the signed-in employer's organisation.
#[utoipa::path(get, path = "/api/v1/me/postings", tag = "postings", security(("session" = ["employer"])), responses((status = 200, body = Mine), (status = 403)))]
async fn mine(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Json<Mine>> {
    Ok(Json(Mine {
        items: postings::mine(&state.core, ctx.signed_in()?).await?,
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ApplyBody {
    /// Apply through the sending enterprise the posting names.
    via_organisation_id: Option<String>,
}

/// Applies for a job (workers). Refused, saying why, when an organisation the posting names
/// is not in good standing.
#[utoipa::path(post, path = "/api/v1/postings/{id}/applications", tag = "postings", security(("session" = ["worker"])), request_body = ApplyBody, params(crate::idempotency::Key, ("id" = String, Path)),
    responses((status = 201, body = ApplicationView), (status = 404), (status = 409), (status = 422)))]
async fn apply(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<ApplicationView>)> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::Apply)?;
    let body: ApplyBody = body.json()?;
    let a = postings::apply(&state.core, actor, &id, body.via_organisation_id.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

#[derive(Serialize, ToSchema)]
pub struct Applicants {
    items: Vec<Applicant>,
}

/// Who applied to a posting (the employer's staff only).
#[utoipa::path(get, path = "/api/v1/postings/{id}/applications", tag = "postings", security(("session" = ["employer"])), params(("id" = String, Path)),
    responses((status = 200, body = Applicants), (status = 404)))]
async fn applicants(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Applicants>> {
    Ok(Json(Applicants {
        items: postings::applicants(&state.core, ctx.signed_in()?, &id).await?,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MyApplications {
    items: Vec<ApplicationView>,
}

/// The signed-in worker's applications.
#[utoipa::path(get, path = "/api/v1/me/applications", tag = "postings", security(("session" = ["worker"])), responses((status = 200, body = MyApplications), (status = 403)))]
async fn my_applications(
    State(state): State<AppState>,
    ctx: Ctx,
) -> ApiResult<Json<MyApplications>> {
    Ok(Json(MyApplications {
        items: postings::my_applications(&state.core, ctx.signed_in()?).await?,
    }))
}

/// Withdraws one of the signed-in worker's applications.
#[utoipa::path(post, path = "/api/v1/applications/{id}/withdraw", tag = "postings", security(("session" = ["worker"])), params(("id" = String, Path)),
    responses((status = 204), (status = 404), (status = 409)))]
async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    postings::withdraw(&state.core, ctx.signed_in()?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
