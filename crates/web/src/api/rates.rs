//! Exchange rates over HTTP: anyone reads the rates in force; regulators and admins import a
//! bank's dated rates.

use crate::context::Ctx;
use crate::error::{ApiResult, Failure};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_core::audit::By;
use kakehashi_core::rates::{self, RatesReport};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, import))
}

#[derive(Serialize, ToSchema)]
pub struct Rates {
    /// The newest 100 quotes, newest first: `date`, `currency`, `buying`, `transfer`,
    /// `selling` (dong per 100 yen), `verification`, `source`, `origin` (`imported` or
    /// `shipped`).
    #[schema(value_type = Vec<Object>)]
    items: Vec<kakehashi_rules::recruitment::RateQuote>,
}

/// The rates in force, newest first (imported ones over those shipped with the rules).
#[utoipa::path(get, path = "/api/v1/exchange-rates", tag = "rates", security(()), responses((status = 200, body = Rates)))]
async fn list(State(state): State<AppState>) -> ApiResult<Json<Rates>> {
    Ok(Json(Rates {
        items: rates::recent(&state.core, 100).await?,
    }))
}

/// Imports dated rates (`text/csv`: `date,currency,buying,transfer,selling,source`, optional
/// `verification`; rates in dong per yen with two decimals). Regulators and admins. 200 with
/// the report; 422 naming every bad line and column when nothing was stored (a selling rate
/// below the buying rate, a date without a rate, a date after today, …).
#[utoipa::path(post, path = "/api/v1/exchange-rates", tag = "rates", security(("session" = ["regulator", "admin"])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = RatesReport), (status = 403), (status = 413), (status = 422)))]
async fn import(
    State(state): State<AppState>,
    ctx: Ctx,
    body: axum::body::Body,
) -> ApiResult<(StatusCode, Json<RatesReport>)> {
    let actor = ctx.signed_in()?;
    kakehashi_core::policy::authorize(Some(actor), kakehashi_core::policy::Action::ImportRates)?;
    let limit = state.config.max_upload_bytes;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            .with_param("max_bytes", limit)
    })?;
    let report = rates::import(&state.core, By::User(actor), &bytes).await?;
    let status = if report.rejected > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)))
}
