//! The regulator's upload page for a licence register.

use crate::context::Ctx;
use crate::error::{Failure, PageResult};
use crate::extract::check_csrf;
use crate::page::Page;
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kakehashi_core::audit::By;
use kakehashi_core::policy::{Action, authorize};
use kakehashi_core::registry::import::{ImportReport, import_register};

pub fn router() -> Router<AppState> {
    Router::new().route("/regulator/import", get(form).post(upload))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    p: Page,
    report: Option<ImportReport>,
    skip_invalid: bool,
    error: Option<String>,
}

async fn form(ctx: Ctx) -> PageResult<Response> {
    authorize(Some(ctx.signed_in()?), Action::Regulate)?;
    let p = Page::new(&ctx, &ctx.lang.t("import-title"));
    Ok(html(
        StatusCode::OK,
        &ImportPage {
            p,
            report: None,
            skip_invalid: false,
            error: None,
        },
    ))
}

async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    authorize(Some(actor), Action::Regulate)?;
    let bad = || Failure::new(StatusCode::BAD_REQUEST, "bad_request");
    let mut csrf = None;
    let mut skip_invalid = false;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        match field.name() {
            Some("_csrf") => csrf = Some(field.text().await.map_err(|_| bad())?),
            Some("skip_invalid") => skip_invalid = true,
            Some("file") => {
                file = Some(field.bytes().await.map_err(|_| {
                    Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                })?)
            }
            _ => {}
        }
    }
    check_csrf(&ctx, csrf)?;
    let p = Page::new(&ctx, &ctx.lang.t("import-title"));
    let Some(bytes) = file.filter(|f| !f.is_empty()) else {
        let error = Some(ctx.lang.t("import-no-file"));
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ImportPage {
                p,
                report: None,
                skip_invalid,
                error,
            },
        ));
    };
    let report = import_register(
        &state.core,
        By::User(actor),
        &bytes,
        skip_invalid,
        &mut |_, _, _| {},
    )
    .await?;
    let status = if report.rejected > 0 && !skip_invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        &ImportPage {
            p,
            report: Some(report),
            skip_invalid,
            error: None,
        },
    ))
}
