use crate::context::{Ctx, SESSION_COOKIE, session_cookies, set_cookie};
use crate::error::ApiResult;
use crate::extract::ApiBody;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Response};
use kakehashi_core::accounts::{self, AccountView, NewWorker, SessionStart};
use kakehashi_core::notifications::{self, Notification};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(sign_up))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(set_language))
        .routes(routes!(inbox))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct SignedIn {
    /// Send this in `X-CSRF-Token` with every change made with the session cookie.
    csrf_token: String,
    account: AccountView,
}

async fn signed_in(
    state: &AppState,
    ctx: &Ctx,
    start: SessionStart,
    status: StatusCode,
) -> ApiResult<Response> {
    let account = accounts::account(&state.core, &start.actor).await?;
    let [session, device] = session_cookies(state, ctx, &start);
    let body = SignedIn {
        csrf_token: start.csrf_token,
        account,
    };
    Ok((
        status,
        AppendHeaders([(SET_COOKIE, session), (SET_COOKIE, device)]),
        Json(body),
    )
        .into_response())
}

/// Signs in; sets the session cookie (HttpOnly, SameSite=Lax).
#[utoipa::path(post, path = "/api/v1/session", tag = "accounts", security(()), request_body = SignIn,
    responses((status = 200, body = SignedIn), (status = 401, description = "Wrong e-mail or password"),
              (status = 429, description = "Too many failed attempts for the account or the address")))]
async fn sign_in(State(state): State<AppState>, ctx: Ctx, body: ApiBody) -> ApiResult<Response> {
    let body: SignIn = body.json()?;
    let start = accounts::sign_in(&state.core, &body.email, &body.password, &ctx.client).await?;
    signed_in(&state, &ctx, start, StatusCode::OK).await
}

/// Signs out and clears the session cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "accounts", security((), ("session" = [])), responses((status = 204)))]
async fn sign_out(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Response> {
    if let Some(session) = &ctx.session {
        accounts::sign_out(&state.core, session).await?;
    }
    let cookie = set_cookie(SESSION_COOKIE, "", Some(0), ctx.secure);
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    email: String,
    #[schema(min_length = 10, max_length = 128)]
    password: String,
    #[schema(min_length = 1, max_length = 100)]
    display_name: String,
    /// `vi`, `ja` or `en`; Vietnamese when absent.
    #[schema(pattern = "^(vi|ja|en)$")]
    language: Option<String>,
}

/// A worker creates their own account and is signed in.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", security(()), request_body = SignUp,
    responses((status = 201, body = SignedIn), (status = 409, description = "E-mail already registered"),
              (status = 422, description = "Invalid input")))]
async fn sign_up(State(state): State<AppState>, ctx: Ctx, body: ApiBody) -> ApiResult<Response> {
    let body: SignUp = body.json()?;
    let input = NewWorker {
        email: body.email,
        password: body.password,
        display_name: body.display_name,
        language: body.language,
    };
    let start = accounts::sign_up_worker(&state.core, input, &ctx.client).await?;
    signed_in(&state, &ctx, start, StatusCode::CREATED).await
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("session" = [])),
    responses((status = 200, body = AccountView), (status = 401)))]
async fn me(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Json<AccountView>> {
    Ok(Json(
        accounts::account(&state.core, ctx.signed_in()?).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    current_password: String,
    #[schema(min_length = 10, max_length = 128)]
    new_password: String,
}

/// Changes the password; other sessions of the account end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("session" = [])), request_body = ChangePassword,
    responses((status = 204), (status = 422, description = "Wrong current password or weak new one")))]
async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiBody,
) -> ApiResult<StatusCode> {
    let Some(session) = &ctx.session else {
        return Err(kakehashi_core::CoreError::Unauthenticated.into());
    };
    let body: ChangePassword = body.json()?;
    accounts::change_password(
        &state.core,
        session,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLanguage {
    /// `vi`, `ja` or `en`.
    #[schema(pattern = "^(vi|ja|en)$")]
    language: String,
}

/// Sets the account's language.
#[utoipa::path(put, path = "/api/v1/me/language", tag = "accounts", security(("session" = [])), request_body = SetLanguage,
    responses((status = 204), (status = 422)))]
async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    body: ApiBody,
) -> ApiResult<StatusCode> {
    let actor = ctx.signed_in()?;
    let body: SetLanguage = body.json()?;
    accounts::set_language(&state.core, actor, &body.language).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Inbox {
    items: Vec<InboxItem>,
}

#[derive(Serialize, ToSchema)]
pub struct InboxItem {
    id: String,
    kind: String,
    /// The message in the reader's language.
    message: String,
    params: std::collections::BTreeMap<String, String>,
    created_at: i64,
    read: bool,
}

/// The signed-in person's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "accounts", security(("session" = [])), responses((status = 200, body = Inbox)))]
async fn inbox(State(state): State<AppState>, ctx: Ctx) -> ApiResult<Json<Inbox>> {
    let items = notifications::inbox(&state.core, ctx.signed_in()?).await?;
    Ok(Json(Inbox {
        items: items
            .into_iter()
            .map(|n: Notification| InboxItem {
                message: crate::render::message(
                    ctx.lang,
                    &format!("notification-{}", n.kind),
                    &n.params,
                ),
                id: n.id,
                kind: n.kind,
                params: n.params,
                created_at: n.created_at,
                read: n.read,
            })
            .collect(),
    }))
}
