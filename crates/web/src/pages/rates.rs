//! The exchange-rates page: the rates in force for everyone; regulators and admins upload a
//! bank's dated rates there.

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
use kakehashi_core::rates::{self, RatesReport};
use kakehashi_rules::recruitment::{RateOrigin, RateQuote, STALE_AFTER_DAYS, format_rate};

pub fn router() -> Router<AppState> {
    Router::new().route("/rates", get(page).post(upload))
}

/// One rate as shown.
struct RateView {
    date: jiff::civil::Date,
    buying: String,
    transfer: String,
    selling: String,
    imported: bool,
    verification: String,
    source: String,
    url: Option<String>,
}

#[derive(Template)]
#[template(path = "rates.html")]
struct RatesPage {
    p: Page,
    rates: Vec<RateView>,
    may_import: bool,
    report: Option<RatesReport>,
    error: Option<String>,
    stale_days: i64,
    newest_stale: bool,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    report: Option<RatesReport>,
    error: Option<String>,
) -> PageResult<Response> {
    let quotes: Vec<RateQuote> = rates::recent(&state.core, 60).await?;
    let today = state.core.today();
    let newest_stale = quotes.first().is_none_or(|q| {
        (today - q.date).get_days() > i32::try_from(STALE_AFTER_DAYS).unwrap_or(30)
    });
    let lang = ctx.lang;
    let rates = quotes
        .into_iter()
        .map(|q| RateView {
            date: q.date,
            buying: kakehashi_i18n::format_decimal(lang, &format_rate(q.buying)),
            transfer: q
                .transfer
                .map(|t| kakehashi_i18n::format_decimal(lang, &format_rate(t)))
                .unwrap_or_default(),
            selling: kakehashi_i18n::format_decimal(lang, &format_rate(q.selling)),
            imported: q.origin == RateOrigin::Imported,
            verification: lang.t(&format!(
                "verification-{}",
                serde_json::to_value(q.verification)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            )),
            source: q.source.title,
            url: q.source.url,
        })
        .collect();
    let may_import = kakehashi_core::policy::may(ctx.actor(), Action::ImportRates);
    let p = Page::new(ctx, &lang.t("rates-title"));
    Ok(html(
        status,
        &RatesPage {
            p,
            rates,
            may_import,
            report,
            error,
            stale_days: STALE_AFTER_DAYS,
            newest_stale,
        },
    ))
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> PageResult<Response> {
    render(&state, &ctx, StatusCode::OK, None, None).await
}

async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let actor = ctx.signed_in()?;
    authorize(Some(actor), Action::ImportRates)?;
    let bad = || Failure::new(StatusCode::BAD_REQUEST, "bad_request");
    let mut csrf = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        match field.name() {
            Some("_csrf") => csrf = Some(field.text().await.map_err(|_| bad())?),
            Some("file") => {
                file = Some(field.bytes().await.map_err(|_| {
                    Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                })?)
            }
            _ => {}
        }
    }
    check_csrf(&ctx, csrf)?;
    let Some(bytes) = file.filter(|f| !f.is_empty()) else {
        let error = Some(ctx.lang.t("import-no-file"));
        return render(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, None, error).await;
    };
    let report = rates::import(&state.core, By::User(actor), &bytes).await?;
    let status = if report.rejected > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(&state, &ctx, status, Some(report), None).await
}
