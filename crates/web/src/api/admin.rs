use crate::context::Ctx;
use crate::error::ApiResult;
use crate::extract::{ApiBody, ApiQuery};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kakehashi_core::accounts::{self, AccountView, NewAccount};
use kakehashi_core::audit::By;
use kakehashi_core::organisations::{self, OrganisationInput, ProfileInput};
use kakehashi_core::policy::{self, Action};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_organisation))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(organisation_staff))
        .routes(routes!(update_organisation))
        .routes(routes!(worker))
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    id: String,
}

/// Creates an organisation (admins).
#[utoipa::path(post, path = "/api/v1/admin/organisations", tag = "admin", security(("session" = ["admin"])), params(crate::idempotency::Key), request_body = OrganisationInput,
    responses((status = 201, body = Created), (status = 403), (status = 409), (status = 422)))]
async fn create_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<Created>)> {
    policy::authorize(ctx.actor(), Action::AdministerAccounts)?;
    let body: OrganisationInput = body.json()?;
    let org = organisations::create(&state.core, By::User(ctx.signed_in()?), &body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: org.id })))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountBody {
    email: String,
    #[schema(min_length = 1, max_length = 100)]
    display_name: String,
    /// `worker`, `sending_org`, `employer`, `supervising_org`, `case_officer`, `regulator` or `admin`.
    #[schema(value_type = kakehashi_core::Role)]
    role: String,
    /// Required for every role but `worker`; the organisation's kind must suit the role.
    organisation_id: Option<String>,
    /// Generated and returned once when absent.
    #[schema(min_length = 10, max_length = 128)]
    password: Option<String>,
    #[schema(pattern = "^(vi|ja|en)$")]
    language: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedAccount {
    account: AccountView,
    /// Present only when the password was generated.
    password: Option<String>,
}

/// Creates an account (admins).
#[utoipa::path(post, path = "/api/v1/admin/accounts", tag = "admin", security(("session" = ["admin"])), request_body = NewAccountBody, params(crate::idempotency::Key),
    responses((status = 201, body = CreatedAccount), (status = 403), (status = 409), (status = 422)))]
async fn create_account(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiBody,
) -> ApiResult<(StatusCode, Json<CreatedAccount>)> {
    policy::authorize(ctx.actor(), Action::AdministerAccounts)?;
    let b: NewAccountBody = body.json()?;
    let input = NewAccount {
        email: b.email,
        display_name: b.display_name,
        role: b.role,
        organisation_id: b.organisation_id,
        password: b.password,
        language: b.language,
    };
    let (account, password) =
        accounts::create_account(&state.core, By::User(ctx.signed_in()?), input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount { account, password }),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AccountFilter {
    organisation_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Accounts {
    items: Vec<AccountView>,
}

/// Every account, or one organisation's (admins).
#[utoipa::path(get, path = "/api/v1/admin/accounts", tag = "admin", security(("session" = ["admin"])), params(AccountFilter),
    responses((status = 200, body = Accounts), (status = 403)))]
async fn list_accounts(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(f): ApiQuery<AccountFilter>,
) -> ApiResult<Json<Accounts>> {
    let actor = ctx.signed_in()?;
    policy::authorize(Some(actor), Action::AdministerAccounts)?;
    let items = accounts::list_accounts(&state.core, actor, f.organisation_id.as_deref()).await?;
    Ok(Json(Accounts { items }))
}

/// The staff of an organisation: its own staff, regulators and admins only (others get 404).
#[utoipa::path(get, path = "/api/v1/organisations/{id}/staff", tag = "admin", security(("session" = ["sending_org", "employer", "supervising_org", "case_officer", "regulator", "admin"])),
    params(("id" = String, Path, description = "Organisation id")),
    responses((status = 200, body = Accounts), (status = 404)))]
async fn organisation_staff(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<Accounts>> {
    let items = accounts::list_accounts(&state.core, ctx.signed_in()?, Some(&id)).await?;
    Ok(Json(Accounts { items }))
}

/// Updates an organisation's contacts (address, phone, e-mail, website): its own staff and
/// admins only (others get 404). Absent fields are kept. Its kind, names, country and
/// enterprise code may be sent as they are but not changed (422 `identity_by_registry` on each
/// such field): a regulator or an admin corrects them with `PUT …/identity`.
#[utoipa::path(patch, path = "/api/v1/organisations/{id}", tag = "admin", security(("session" = ["sending_org", "employer", "supervising_org", "case_officer", "regulator", "admin"])), request_body = ProfileInput,
    params(("id" = String, Path, description = "Organisation id")),
    responses((status = 200, body = Created), (status = 404), (status = 422)))]
async fn update_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    body: ApiBody,
) -> ApiResult<Json<Created>> {
    let actor = ctx.signed_in()?;
    policy::authorize(
        Some(actor),
        Action::EditOrganisationProfile {
            organisation_id: &id,
        },
    )?;
    let body: ProfileInput = body.json()?;
    let org = organisations::update_profile(&state.core, actor, &id, &body).await?;
    Ok(Json(Created { id: org.id }))
}

/// A worker's own record: only that worker may read it (others get 404).
#[utoipa::path(get, path = "/api/v1/workers/{id}", tag = "accounts", security(("session" = ["worker"])),
    params(("id" = String, Path, description = "Worker (account) id")),
    responses((status = 200, body = AccountView), (status = 404)))]
async fn worker(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> ApiResult<Json<AccountView>> {
    Ok(Json(
        accounts::worker(&state.core, ctx.signed_in()?, &id).await?,
    ))
}
