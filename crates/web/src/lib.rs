//! Kakehashi over HTTP: the JSON API under `/api/v1` (with its OpenAPI document) and the
//! server-rendered pages, behind one set of layers: request context and error rendering,
//! security headers, body limits, timeouts, metrics and tracing.

mod api;
pub mod context;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics;
pub mod page;
mod pages;
pub mod render;
mod security;
pub mod server;
mod state;
pub mod throttle;

pub use state::{AppState, WebConfig};

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router().split_for_parts();
    let document = api::document(&openapi);
    let guard = idempotency::Guard {
        state: state.clone(),
        routes: Arc::new(idempotency::routes(&document)),
    };
    let openapi_json: Arc<str> = serde_json::to_string_pretty(&document)
        .expect("the OpenAPI document serialises")
        .into();
    let api = api
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let body = openapi_json.clone();
                async move { ([(CONTENT_TYPE, "application/json")], body.to_string()) }
            }),
        )
        // The CSRF check runs first, then the key is looked at.
        .layer(from_fn_with_state(guard, idempotency::guard))
        .layer(from_fn(api::require_csrf_header));
    let mut app = Router::new()
        .merge(api)
        .merge(pages::router())
        .route("/healthz", get(healthz))
        .route("/static/app.css", get(stylesheet))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(CatchPanicLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            state.config.request_timeout,
        ))
        .layer(DefaultBodyLimit::max(state.config.max_upload_bytes))
        .layer(from_fn_with_state(state.clone(), context::resolve));
    for layer in security::layers() {
        app = app.layer(layer);
    }
    if state.config.strict_transport_security {
        app = app.layer(security::strict_transport_security());
    }
    app.layer(from_fn(metrics::track))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then stops accepting and finishes requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.connections;
    server::serve_router(listener, router(state), limits, shutdown).await
}

/// The Prometheus metrics, served on their own address (`KAKEHASHI_METRICS_ADDR`), never on the
/// public one: they tell the world the traffic of every route.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics_text))
        .fallback(|| async { StatusCode::NOT_FOUND })
        .with_state(state)
}

/// Serves [`metrics_router`] until `shutdown` resolves.
pub async fn serve_metrics(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.connections;
    server::serve_router(listener, metrics_router(state), limits, shutdown).await
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Response {
    if state.core.db().ping().await {
        (
            StatusCode::OK,
            [(CONTENT_TYPE, "application/json")],
            r#"{"status":"ok"}"#,
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(CONTENT_TYPE, "application/json")],
            r#"{"status":"database unavailable"}"#,
        )
            .into_response()
    }
}

async fn metrics_text(State(state): State<AppState>) -> Response {
    (
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        include_str!("../static/app.css"),
    )
        .into_response()
}
