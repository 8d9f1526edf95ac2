use crate::context::{Ctx, lang_cookie};
use crate::error::PageResult;
use crate::extract::{PageForm, PageQuery};
use crate::page::{FormState, Page};
use crate::pages::see_other;
use crate::render::{html, message};
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use axum::routing::{get, post};
use kakehashi_core::accounts::{self, AccountView};
use kakehashi_core::{CoreError, Lang, notifications};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/language", post(change_language))
        .route("/inbox", get(inbox_page))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    p: Page,
    account: AccountView,
    f: FormState,
    changed: bool,
    language_changed: bool,
}

impl AccountPage {
    fn new(ctx: &Ctx, account: AccountView, f: FormState) -> AccountPage {
        AccountPage {
            p: Page::new(ctx, &ctx.lang.t("account-title")),
            account,
            f,
            changed: false,
            language_changed: false,
        }
    }

    /// The account's language by its own name.
    fn language_name(&self) -> &'static str {
        Lang::parse(&self.account.language).map_or("", Lang::native_name)
    }
}

#[derive(Deserialize, Default)]
struct Flash {
    changed: Option<String>,
    language: Option<String>,
}

async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    PageQuery(q): PageQuery<Flash>,
) -> PageResult<Response> {
    let account = accounts::account(&state.core, ctx.signed_in()?).await?;
    let mut page = AccountPage::new(&ctx, account, FormState::default());
    page.changed = q.changed.is_some();
    page.language_changed = q.language.is_some();
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LanguageForm {
    language: String,
}

/// Sets the account's language, and this browser's with it.
async fn change_language(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(form): PageForm<LanguageForm>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    match accounts::set_language(&state.core, actor, &form.language).await {
        Ok(()) => {
            let mut res = see_other("/account?language=1");
            if let Some(lang) = Lang::parse(&form.language) {
                res.headers_mut()
                    .append(SET_COOKIE, lang_cookie(lang, ctx.secure));
            }
            Ok(res)
        }
        Err(e @ CoreError::Invalid(_)) => {
            let mut f = FormState::default();
            f.absorb(ctx.lang, &e, &["language"]);
            let account = accounts::account(&state.core, actor).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                &AccountPage::new(&ctx, account, f),
            ))
        }
        Err(e) => Err(e.into()),
    }
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
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                &AccountPage::new(&ctx, account, f),
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
