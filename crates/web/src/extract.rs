//! Request extractors whose rejections are our own failures, naming the field at fault.

use crate::context::Ctx;
use crate::error::{ApiError, Failure, PageError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use kakehashi_core::FieldError;
use serde::de::DeserializeOwned;

/// A request body, read (up to the size limit) but not yet parsed. Handlers of privileged
/// routes authorise the caller first and only then call [`ApiBody::json`], so a caller who may
/// not use the route learns nothing about the body it expects.
pub struct ApiBody {
    json: bool,
    bytes: Bytes,
}

impl ApiBody {
    /// The body as JSON of type `T`: `application/json` (or `…+json`) only (415 otherwise),
    /// unknown fields refused where the type says so, every error naming the field.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if !self.json {
            return Err(
                Failure::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").into(),
            );
        }
        parse_json(&self.bytes).map_err(ApiError)
    }
}

impl FromRequest<AppState> for ApiBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .is_some_and(|v| v == "application/json" || v.ends_with("+json"));
        let bytes = read_body(
            req.into_body(),
            state.config.max_body_bytes,
            state.config.max_upload_bytes,
        )
        .await?;
        Ok(ApiBody { json, bytes })
    }
}

/// Reads a body of at most `limit` bytes. A longer one is refused (413) after reading on, up
/// to `drain_up_to`, without keeping it: a client still sending when the answer comes would
/// see a broken connection instead of the answer.
pub(crate) async fn read_body(
    body: axum::body::Body,
    limit: usize,
    drain_up_to: usize,
) -> Result<Bytes, Failure> {
    use futures::StreamExt;
    let mut stream = body.into_data_stream();
    let mut body = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = match chunk {
            Ok(c) => c,
            // The server-wide limit cut a body that was already too long.
            Err(_) if total > limit => break,
            Err(_) => return Err(Failure::new(StatusCode::BAD_REQUEST, "bad_request")),
        };
        total = total.saturating_add(chunk.len());
        if total <= limit {
            body.extend_from_slice(&chunk);
        } else if total > drain_up_to {
            break;
        }
    }
    if total > limit {
        return Err(
            Failure::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                .with_param("max_bytes", limit),
        );
    }
    Ok(Bytes::from(body))
}

impl Failure {
    pub fn with_param(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}

/// Parses JSON, turning serde's complaint into a field error. A number with no fraction
/// (`31.0`) is an integer, as JSON Schema says, and is accepted where an integer is expected.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        Failure::new(StatusCode::BAD_REQUEST, "malformed_json").with_param("line", e.line())
    })?;
    integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Failure::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_input")
            .field(serde_field_error(&path, &e.into_inner().to_string()))
    })
}

/// Rewrites every integral floating-point number in `v` (within ±2⁵³, where a float is
/// exact) as an integer.
fn integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() <= EXACT
            {
                // In range and integral: the conversion is exact.
                #[allow(clippy::cast_possible_truncation)]
                let i = f as i64;
                *v = Value::from(i);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integers),
        Value::Object(fields) => fields.values_mut().for_each(integers),
        _ => {}
    }
}

/// Maps serde's message ("missing field `email`", "unknown field `x`", "invalid type: …") to
/// a field and a code.
pub fn serde_field_error(path: &str, message: &str) -> FieldError {
    let quoted = || message.split('`').nth(1).map(str::to_owned);
    let join = |name: String| {
        if path.is_empty() || path == "." {
            name
        } else {
            format!("{path}.{name}")
        }
    };
    let field_or_path = || {
        if path.is_empty() || path == "." {
            "body".to_owned()
        } else {
            path.to_owned()
        }
    };
    if message.starts_with("missing field") {
        FieldError::new(quoted().map(join).unwrap_or_else(field_or_path), "required")
    } else if message.starts_with("unknown field") {
        // The path already ends at the unknown field.
        let field = if path.is_empty() || path == "." {
            quoted().unwrap_or_else(field_or_path)
        } else {
            path.to_owned()
        };
        FieldError::new(field, "unknown_field")
    } else if message.starts_with("unknown variant") {
        FieldError::new(field_or_path(), "unknown_value")
    } else if message.starts_with("invalid type") || message.starts_with("invalid length") {
        FieldError::new(field_or_path(), "invalid_type")
    } else {
        FieldError::new(field_or_path(), "invalid_value")
    }
}

/// Query parameters, with errors naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or(""))
            .map(ApiQuery)
            .map_err(ApiError)
    }
}

/// Query parameters of a page: a malformed one answers the page's error view in the reader's
/// language, naming the parameter (never axum's plain-text English).
pub struct PageQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for PageQuery<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parse_query(parts.uri.query().unwrap_or(""))
            .map(PageQuery)
            .map_err(PageError::from)
    }
}

pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, Failure> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        Failure::new(StatusCode::BAD_REQUEST, "invalid_query")
            .field(serde_field_error(&path, &message))
    })
}

/// A form posted from one of our pages: urlencoded, carrying the CSRF token in `_csrf`.
pub struct PageForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = req.extensions().get::<Ctx>().cloned().ok_or_else(|| {
            PageError::from(Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "internal"))
        })?;
        let bytes = read_body(
            req.into_body(),
            state.config.max_body_bytes,
            state.config.max_upload_bytes,
        )
        .await?;
        check_csrf(
            &ctx,
            form_urlencoded::parse(&bytes)
                .find(|(k, _)| k == "_csrf")
                .map(|(_, v)| v.into_owned()),
        )?;
        serde_urlencoded::from_bytes(&bytes)
            .map(PageForm)
            .map_err(|_| PageError::from(Failure::new(StatusCode::BAD_REQUEST, "bad_request")))
    }
}

/// Refuses a form whose token is not the one we gave this visitor.
pub fn check_csrf(ctx: &Ctx, given: Option<String>) -> Result<(), PageError> {
    let ok = given.is_some_and(|g| kakehashi_core::crypto::constant_time_eq(&g, &ctx.csrf));
    if ok {
        Ok(())
    } else {
        Err(Failure::new(StatusCode::FORBIDDEN, "csrf_failed").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        age: i64,
    }

    #[test]
    fn json_errors_name_the_field() {
        let f = parse_json::<Body>(br#"{"email":"a"}"#).unwrap_err();
        assert_eq!(
            (f.errors[0].field.as_str(), f.errors[0].code.as_str()),
            ("age", "required")
        );
        let f = parse_json::<Body>(br#"{"email":"a","age":"x"}"#).unwrap_err();
        assert_eq!(
            (f.errors[0].field.as_str(), f.errors[0].code.as_str()),
            ("age", "invalid_type")
        );
        let f = parse_json::<Body>(br#"{"email":"a","age":1,"admin":true}"#).unwrap_err();
        assert_eq!(
            (f.errors[0].field.as_str(), f.errors[0].code.as_str()),
            ("admin", "unknown_field")
        );
        let f = parse_json::<Body>(br#"{"email":"a","age":31.0}"#);
        assert_eq!(f.unwrap().age, 31, "an integral number is an integer");
        let f = parse_json::<Body>(br#"{"email":"a","age":31.5}"#).unwrap_err();
        assert_eq!(f.errors[0].code, "invalid_type");
        let f = parse_json::<Body>(b"{not json").unwrap_err();
        assert_eq!(f.code, "malformed_json");
        assert_eq!(f.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn query_errors_name_the_parameter() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Q {
            page: Option<i64>,
        }
        let f = parse_query::<Q>("page=abc").unwrap_err();
        assert_eq!(f.errors[0].field, "page");
        assert!(parse_query::<Q>("page=2").is_ok());
    }
}
