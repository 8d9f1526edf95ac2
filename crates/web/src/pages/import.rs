//! The regulator's upload page for a licence register. An upload is queued as a background
//! job (the file may take minutes to import); its status page shows the progress and, at
//! the end, the report, and refreshes itself while the job runs (no script needed).

use crate::context::Ctx;
use crate::error::{Failure, PageResult};
use crate::extract::check_csrf;
use crate::page::Page;
use crate::render::html;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kakehashi_core::audit::By;
use kakehashi_core::policy::{Action, authorize};
use kakehashi_core::registry::import::{self, ImportReport};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/regulator/import", get(form).post(upload))
        .route("/regulator/import/{id}", get(status))
}

#[derive(Template)]
#[template(path = "import_status.html")]
struct StatusPage {
    p: Page,
    id: String,
    /// queued, running, succeeded, failed.
    state: String,
    phase: String,
    done: i64,
    total: i64,
    percent: i64,
    report: Option<ImportReport>,
    skip_invalid: bool,
    error: Option<String>,
}

impl StatusPage {
    fn finished(&self) -> bool {
        self.state == "succeeded" || self.state == "failed"
    }
}

async fn status(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    let row = import::job_for(&state.core, actor, &id).await?;
    let report = import::report_of(&row);
    let skip_invalid = row.payload.contains("\"skip_invalid\":true");
    let percent = if row.progress_total > 0 {
        (row.progress_done.saturating_mul(100) / row.progress_total).clamp(0, 100)
    } else {
        0
    };
    let p = Page::new(&ctx, &ctx.lang.t("import-title"));
    let error = (row.state == "failed").then(|| ctx.lang.t("import-job-failed"));
    Ok(html(
        StatusCode::OK,
        &StatusPage {
            p,
            id: row.id,
            state: row.state,
            phase: row.progress_phase,
            done: row.progress_done,
            total: row.progress_total,
            percent,
            report,
            skip_invalid,
            error,
        },
    ))
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
    let id = import::queue_import(&state.core, By::User(actor), &bytes, skip_invalid).await?;
    state.core.job_wake().notify_waiters();
    Ok(super::see_other(&format!("/regulator/import/{id}")))
}
