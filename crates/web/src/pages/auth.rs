use crate::context::{Ctx, SESSION_COOKIE, session_cookies, set_cookie};
use crate::error::PageResult;
use crate::extract::{PageForm, PageQuery};
use crate::page::{FormState, Page};
use crate::pages::{local_path, see_other};
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use kakehashi_core::CoreError;
use kakehashi_core::accounts::{self, NewWorker, SessionStart};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-up", get(sign_up_page).post(sign_up))
        .route("/sign-out", post(sign_out))
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    p: Page,
    f: FormState,
    next: String,
}

#[derive(Deserialize, Default)]
struct Next {
    next: Option<String>,
}

async fn sign_in_page(ctx: Ctx, PageQuery(q): PageQuery<Next>) -> Response {
    let p = Page::new(&ctx, &ctx.lang.t("sign-in-title"));
    html(
        StatusCode::OK,
        &SignInPage {
            p,
            f: FormState::default(),
            next: local_path(q.next.as_deref()),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInForm {
    email: String,
    password: String,
    next: Option<String>,
}

fn start_session(state: &AppState, ctx: &Ctx, start: &SessionStart, to: &str) -> Response {
    let mut res = see_other(to);
    for cookie in session_cookies(state, ctx, start) {
        res.headers_mut().append(SET_COOKIE, cookie);
    }
    res
}

async fn sign_in(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignInForm>,
) -> PageResult<Response> {
    let next = local_path(form.next.as_deref());
    match accounts::sign_in(&state.core, &form.email, &form.password, &ctx.client).await {
        Ok(start) => Ok(start_session(&state, &ctx, &start, &next)),
        Err(
            e @ (CoreError::BadCredentials | CoreError::RateLimited { .. } | CoreError::Invalid(_)),
        ) => {
            let status = if matches!(e, CoreError::RateLimited { .. }) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let mut f = FormState::default();
            f.set("email", &form.email);
            f.absorb(ctx.lang, &e, &["email", "password"]);
            let p = Page::new(&ctx, &ctx.lang.t("sign-in-title"));
            Ok(html(status, &SignInPage { p, f, next }))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "sign_up.html")]
struct SignUpPage {
    p: Page,
    f: FormState,
}

async fn sign_up_page(ctx: Ctx) -> Response {
    let p = Page::new(&ctx, &ctx.lang.t("sign-up-title"));
    html(
        StatusCode::OK,
        &SignUpPage {
            p,
            f: FormState::default(),
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignUpForm {
    email: String,
    password: String,
    display_name: String,
}

async fn sign_up(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<SignUpForm>,
) -> PageResult<Response> {
    let input = NewWorker {
        email: form.email.clone(),
        password: form.password,
        display_name: form.display_name.clone(),
        language: Some(ctx.lang.code().to_owned()),
    };
    match accounts::sign_up_worker(&state.core, input, &ctx.client).await {
        Ok(start) => Ok(start_session(&state, &ctx, &start, "/")),
        Err(e @ (CoreError::Invalid(_) | CoreError::Conflict { .. })) => {
            let mut f = FormState::with_values([
                ("email".to_owned(), form.email),
                ("display_name".to_owned(), form.display_name),
            ]);
            f.absorb(ctx.lang, &e, &["email", "password", "display_name"]);
            let p = Page::new(&ctx, &ctx.lang.t("sign-up-title"));
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, &SignUpPage { p, f }))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct Empty {}

async fn sign_out(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(_): PageForm<Empty>,
) -> PageResult<Response> {
    if let Some(session) = &ctx.session {
        accounts::sign_out(&state.core, session).await?;
    }
    let mut res = see_other("/").into_response();
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", Some(0), ctx.secure),
    );
    Ok(res)
}
