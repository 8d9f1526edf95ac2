//! The JSON API under `/api/v1`. Every handler is annotated for the OpenAPI document, which
//! is generated from these annotations at start-up.

mod accounts;
mod admin;
mod applications;
mod audit;
mod calc;
mod doc;
mod postings;
mod rates;
mod registry;

use crate::context::Ctx;
use crate::error::{ApiError, Failure};
use crate::state::AppState;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kakehashi API",
        description = "Fair labour migration from Viet Nam to Japan: registry, transparent postings, \
                       net-pay calculator. Errors are RFC 9457 problem details (application/problem+json) \
                       naming the field at fault. Cookie-authenticated changes must send the session's \
                       CSRF token in the X-CSRF-Token header.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "accounts", description = "Sign-up, sign-in, the signed-in account"),
        (name = "admin", description = "Organisations and staff accounts (admins)"),
        (name = "audit", description = "The audit trail (regulators and admins)"),
        (name = "calculators", description = "Take-home pay and other calculators, public"),
        (name = "rates", description = "Bank rates for the yen: read by anyone, imported by regulators and admins"),
        (name = "applications", description = "The hiring process: states, offers, acceptance, contracts, flags"),
        (name = "postings", description = "Job postings with their legal checks and full disclosure; applications"),
        (name = "registry", description = "Licensed organisations, inspections, violations, sanctions; the public record"),
    )
)]
struct ApiDoc;

/// The OpenAPI document of `router`, completed (see [`doc`]).
pub fn document(api: &utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut doc = serde_json::to_value(api).expect("the OpenAPI document serialises");
    doc::finish(&mut doc);
    doc
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(audit::router())
        .merge(registry::router())
        .merge(calc::router())
        .merge(postings::router())
        .merge(applications::router())
        .merge(rates::router())
}

/// A cookie-authenticated change must carry the session's CSRF token in `X-CSRF-Token`: a
/// page on another site can make the browser send the cookie, but cannot read the token.
pub async fn require_csrf_header(ctx: Ctx, req: Request, next: Next) -> Result<Response, ApiError> {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = req.uri().path() == "/api/v1/session" && req.method() == Method::POST;
    if changes
        && !exempt
        && let Some(session) = &ctx.session
    {
        let given = req
            .headers()
            .get(crate::context::CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !kakehashi_core::crypto::constant_time_eq(given, &session.csrf_token) {
            return Err(Failure::new(StatusCode::FORBIDDEN, "csrf_failed").into());
        }
    }
    Ok(next.run(req).await)
}
