//! `Idempotency-Key` on the creating POSTs: a retry with the same key and the same request
//! gets the first answer (status and body) for 24 hours; the same key with another request is
//! refused (422, naming the header); a retry while the first is still running hears 409. The
//! routes that honour it are those whose documentation declares the header (see [`Key`]).

use crate::context::Ctx;
use crate::error::{ApiError, Failure};
use crate::extract::read_body;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kakehashi_core::idempotency::{self, Answer, Begin};
use kakehashi_core::{CoreError, FieldError};
use std::collections::HashSet;
use std::sync::Arc;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{Required, Schema};

pub const HEADER: &str = "Idempotency-Key";
/// Set on an answer that repeats the first answer to the key.
pub const REPLAYED: &str = "Idempotent-Replayed";

/// The header parameter, for `params(…)` of a creating route's documentation.
pub struct Key;

impl utoipa::IntoParams for Key {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let schema: Schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(idempotency::MAX_KEY_LEN))
            .pattern(Some("^[!-~]+$"))
            .into();
        vec![
            ParameterBuilder::new()
                .name(HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "Makes a retry safe: the same key (1–255 visible ASCII characters, e.g. a \
                     UUID) with the same request answers the first answer, status and body, for \
                     24 hours, with `Idempotent-Replayed: true`; with another request it is \
                     refused (422, field `Idempotency-Key`); while the first request runs, 409. \
                     Keys are per caller: the account, or the client address when anonymous. A \
                     request that failed changed nothing and frees its key.",
                ))
                .schema(Some(schema))
                .build(),
        ]
    }
}

/// The routes (`POST` path templates) that honour the header: those whose documentation
/// declares it.
pub fn routes(doc: &serde_json::Value) -> HashSet<String> {
    doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, item)| {
            item["post"]["parameters"].as_array().is_some_and(|ps| {
                ps.iter()
                    .any(|p| p["name"] == HEADER && p["in"] == "header")
            })
        })
        .map(|(path, _)| path.clone())
        .collect()
}

#[derive(Clone)]
pub struct Guard {
    pub state: AppState,
    pub routes: Arc<HashSet<String>>,
}

/// Middleware of the API routes (inside the request context and the CSRF check).
pub async fn guard(State(g): State<Guard>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get(HEADER).cloned() else {
        return next.run(req).await;
    };
    let honoured = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|p| g.routes.contains(p.as_str()));
    if !honoured {
        return next.run(req).await;
    }
    match guarded(&g.state, key, req, next).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

/// The most of an answer that is kept (answers are JSON views, far smaller).
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

async fn guarded(
    state: &AppState,
    key: HeaderValue,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let key = key.to_str().unwrap_or("");
    idempotency::check_key(key).map_err(|e| CoreError::Invalid(vec![e]))?;
    let ctx = req
        .extensions()
        .get::<Ctx>()
        .cloned()
        .ok_or_else(|| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal"))?;
    let scope = match ctx.actor() {
        Some(a) => format!("user:{}", a.user_id),
        None => format!("address:{}", ctx.client.address),
    };
    let (parts, body) = req.into_parts();
    let bytes = read_body(
        body,
        state.config.max_body_bytes,
        state.config.max_upload_bytes,
    )
    .await?;
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut seen = Vec::with_capacity(bytes.len() + 128);
    for part in [
        parts.method.as_str().as_bytes(),
        parts.uri.to_string().as_bytes(),
        content_type.as_bytes(),
        &bytes,
    ] {
        seen.extend_from_slice(part);
        seen.push(0);
    }
    let fingerprint = kakehashi_core::crypto::sha256_hex(&seen);
    // The claim outlives the request timeout, after which an unfinished request is abandoned.
    let lease = i64::try_from(state.config.request_timeout.as_micros())
        .unwrap_or(i64::MAX / 2)
        .saturating_add(5_000_000);
    let claim = match idempotency::begin(&state.core, &scope, key, &fingerprint, lease).await? {
        Begin::Run(claim) => claim,
        Begin::Replay(answer) => return Ok(replay(answer)),
        Begin::Mismatch => {
            return Err(
                Failure::new(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
                    .field(FieldError::new(HEADER, "reused_with_another_request"))
                    .into(),
            );
        }
        Begin::InProgress => {
            let mut f = Failure::new(StatusCode::CONFLICT, "idempotency_key_in_use");
            f.retry_after = Some(1);
            return Err(f.into());
        }
        Begin::AnswerLost => {
            return Err(Failure::new(StatusCode::CONFLICT, "idempotency_answer_lost").into());
        }
    };
    let req = Request::from_parts(parts, Body::from(bytes));
    let res = idempotency::holding(claim.clone(), next.run(req)).await;
    // The change is made (or not) whatever happens to the key now: a failure to keep or free
    // it is logged, and the answer still goes out.
    let finish = async |answer: Option<&Answer>| {
        if let Err(e) = idempotency::finish(&state.core, &claim, answer).await {
            tracing::warn!(error = %e, "idempotency key not finished");
        }
    };
    if !res.status().is_success() {
        finish(None).await;
        return Ok(res);
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await else {
        finish(None).await;
        return Err(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal").into());
    };
    if let Ok(text) = std::str::from_utf8(&bytes) {
        let answer = Answer {
            status: parts.status.as_u16(),
            content_type: parts
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/json")
                .to_owned(),
            body: text.to_owned(),
        };
        finish(Some(&answer)).await;
    }
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

fn replay(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let content_type = HeaderValue::from_str(&answer.content_type)
        .unwrap_or(HeaderValue::from_static("application/json"));
    let mut res = (status, answer.body).into_response();
    res.headers_mut().insert(CONTENT_TYPE, content_type);
    res.headers_mut()
        .insert(REPLAYED, HeaderValue::from_static("true"));
    res
}
