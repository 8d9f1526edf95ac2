use crate::context::Ctx;
use crate::error::PageResult;
use crate::extract::PageForm;
use crate::page::{FormState, Page};
use crate::pages::see_other;
use crate::render::{html, message};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use kakehashi_core::accounts::{self, AccountView};
use kakehashi_core::{CoreError, notifications};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/inbox", get(inbox_page))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    p: Page,
    account: AccountView,
    f: FormState,
    changed: bool,
}

#[derive(Deserialize, Default)]
struct Flash {
    changed: Option<String>,
}

async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<Flash>,
) -> PageResult<Response> {
    let account = accounts::account(&state.core, ctx.signed_in()?).await?;
    let p = Page::new(&ctx, &ctx.lang.t("account-title"));
    Ok(html(
        StatusCode::OK,
        &AccountPage {
            p,
            account,
            f: FormState::default(),
            changed: q.changed.is_some(),
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<PasswordForm>,
) -> PageResult<Response> {
    let session = ctx.session.as_ref().ok_or(CoreError::Unauthenticated)?;
    match accounts::change_password(
        &state.core,
        session,
        &form.current_password,
        &form.new_password,
    )
    .await
    {
        Ok(()) => Ok(see_other("/account?changed=1")),
        Err(e @ CoreError::Invalid(_)) => {
            let mut f = FormState::default();
            f.absorb(ctx.lang, &e, &["current_password", "new_password"]);
            let account = accounts::account(&state.core, &session.actor).await?;
            let p = Page::new(&ctx, &ctx.lang.t("account-title"));
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                &AccountPage {
                    p,
                    account,
                    f,
                    changed: false,
                },
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    p: Page,
    items: Vec<(String, i64, bool)>,
}

async fn inbox_page(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let items = notifications::inbox(&state.core, actor).await?;
    notifications::mark_all_read(&state.core, actor).await?;
    let items = items
        .into_iter()
        .map(|n| {
            (
                message(ctx.lang, &format!("notification-{}", n.kind), &n.params),
                n.created_at,
                n.read,
            )
        })
        .collect();
    let p = Page::new(&ctx, &ctx.lang.t("inbox-title"));
    Ok(html(StatusCode::OK, &InboxPage { p, items }))
}
