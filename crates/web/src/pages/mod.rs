//! Server-rendered pages: usable without JavaScript, on a 360-px phone, in three languages.

mod account;
mod admin;
mod auth;
mod calc;
mod home;
mod import;
mod jobs;
mod rates;
mod registry;

use crate::state::AppState;
use axum::Router;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(auth::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(registry::router())
        .merge(calc::router())
        .merge(jobs::router())
        .merge(import::router())
        .merge(rates::router())
}

/// 303 See Other to a local path (after a form post).
pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_owned())]).into_response()
}

/// `next` if it is a local path (never an open redirect), else `/`.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redirects_stay_local() {
        assert_eq!(super::local_path(Some("/account")), "/account");
        assert_eq!(super::local_path(Some("//evil.example")), "/");
        assert_eq!(super::local_path(Some("https://evil.example")), "/");
        assert_eq!(super::local_path(Some("/\\evil")), "/");
        assert_eq!(super::local_path(None), "/");
    }
}
