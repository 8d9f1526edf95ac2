//! Errors become responses in one place. A handler returns [`ApiError`] (JSON API) or
//! [`PageError`] (HTML pages); both only *describe* the failure and leave it in the response's
//! extensions, and the context middleware, which knows the reader's language, renders it:
//! RFC 9457 `application/problem+json` for the API, an error page for people.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_core::error::BrokenRule;
use kakehashi_core::{CoreError, FieldError};
use std::collections::BTreeMap;

/// A failure to render: its status, a stable code, the fields at fault and parameters.
#[derive(Debug, Clone)]
pub struct Failure {
    pub status: StatusCode,
    pub code: String,
    pub errors: Vec<FieldError>,
    pub params: BTreeMap<String, String>,
    pub retry_after: Option<u64>,
    /// The legal checks that refused the change, each with its value, limit and source.
    pub broken_rules: Vec<BrokenRule>,
    /// For pages: render as HTML even on an /api path (and vice versa never).
    pub html: bool,
}

impl Failure {
    pub fn new(status: StatusCode, code: &str) -> Self {
        Failure {
            status,
            code: code.to_owned(),
            errors: Vec::new(),
            params: BTreeMap::new(),
            retry_after: None,
            broken_rules: Vec::new(),
            html: false,
        }
    }

    pub fn field(mut self, e: FieldError) -> Self {
        self.errors.push(e);
        self
    }

    fn into_response(self) -> Response {
        let mut res = self.status.into_response();
        res.extensions_mut().insert(self);
        res
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Invalid(errors) => Failure {
                errors,
                ..Failure::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input")
            },
            CoreError::NotFound => Failure::new(StatusCode::NOT_FOUND, "not_found"),
            CoreError::Forbidden => Failure::new(StatusCode::FORBIDDEN, "forbidden"),
            CoreError::Unauthenticated => Failure::new(StatusCode::UNAUTHORIZED, "unauthenticated"),
            CoreError::BadCredentials => Failure::new(StatusCode::UNAUTHORIZED, "bad_credentials"),
            CoreError::RateLimited { retry_after_secs } => Failure {
                retry_after: Some(retry_after_secs),
                ..Failure::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited")
            },
            CoreError::Refused { code, params } => Failure {
                params: params
                    .into_iter()
                    .chain([("refusal".to_owned(), code)])
                    .collect(),
                ..Failure::new(StatusCode::CONFLICT, "refused")
            },
            CoreError::Conflict { field, code } => {
                Failure::new(StatusCode::CONFLICT, "conflict").field(FieldError::new(field, code))
            }
            CoreError::RulesBroken(rules) => Failure {
                broken_rules: rules,
                ..Failure::new(StatusCode::UNPROCESSABLE_ENTITY, "rules_broken")
            },
            CoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "service unavailable");
                Failure {
                    retry_after: Some(5),
                    ..Failure::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
                }
            }
            // A write waited its whole busy timeout (SQLite) or for a pooled connection: the
            // database is working through others' writes, so ask to come back shortly.
            CoreError::Busy(m) => {
                tracing::warn!(error = %m, "database busy");
                Failure {
                    retry_after: Some(2),
                    ..Failure::new(StatusCode::SERVICE_UNAVAILABLE, "busy")
                }
            }
            CoreError::Internal(m) => {
                tracing::error!(error = %m, "internal error");
                Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        }
    }
}

/// The error of a JSON API handler.
#[derive(Debug)]
pub struct ApiError(pub Failure);

impl<E: Into<Failure>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// The error of a page handler.
#[derive(Debug)]
pub struct PageError(pub Failure);

impl<E: Into<Failure>> From<E> for PageError {
    fn from(e: E) -> Self {
        let mut f = e.into();
        f.html = true;
        PageError(f)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
pub type PageResult<T> = Result<T, PageError>;
