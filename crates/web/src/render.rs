//! Turning results into responses: pages from templates, failures into problem details or an
//! error page, always in the reader's language.

use crate::context::Ctx;
use crate::error::Failure;
use crate::page::Page;
use askama::Template;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use kakehashi_i18n::{Arg, Lang};
use serde::Serialize;
use std::collections::BTreeMap;

/// Renders a template; a template error is logged and answered 500.
pub fn html(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// The message for a field error code, with its parameters.
pub fn field_message(lang: Lang, code: &str, params: &BTreeMap<String, String>) -> String {
    message(lang, &format!("error-{code}"), params)
}

/// A message with string parameters; numeric-looking values also serve plural selection.
pub fn message(lang: Lang, key: &str, params: &BTreeMap<String, String>) -> String {
    let args: Vec<(&str, Arg)> = params
        .iter()
        .map(|(k, v)| {
            let arg = match v.parse::<i64>() {
                Ok(n) if !v.starts_with('0') || v == "0" => Arg::Num(n),
                _ => Arg::Str(v.clone()),
            };
            (k.as_str(), arg)
        })
        .collect();
    lang.t_args(key, &args)
}

#[derive(Serialize)]
struct ProblemField<'a> {
    field: &'a str,
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    params: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    params: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    broken_rules: Vec<BrokenRuleOut<'a>>,
}

#[derive(Serialize)]
struct BrokenRuleOut<'a> {
    #[serde(flatten)]
    rule: &'a kakehashi_core::error::BrokenRule,
    /// The reason in the reader's language.
    message: String,
}

/// The message of a check outcome (`check-code-{code}`, with the check's parameters), or its
/// English detail.
pub fn check_message(
    lang: Lang,
    code: &str,
    detail: &str,
    params: &BTreeMap<String, String>,
) -> String {
    let key = format!("check-code-{code}");
    if lang.has(&key) {
        message(lang, &key, params)
    } else {
        detail.to_owned()
    }
}

/// The detail sentence of a failure: the refusal's reason, or the generic explanation.
pub fn failure_detail(lang: Lang, f: &Failure) -> Option<String> {
    match f.params.get("refusal") {
        Some(code) => Some(message(lang, &format!("refusal-{code}"), &f.params)),
        None => {
            let key = format!("problem-{}-detail", f.code);
            lang.has(&key).then(|| lang.t(&key))
        }
    }
}

/// Renders a failure: RFC 9457 problem details under /api, an error page elsewhere.
pub fn failure(ctx: &Ctx, f: Failure) -> Response {
    let lang = ctx.lang;
    let mut res = if ctx.is_api() && !f.html {
        let problem = Problem {
            kind: format!("urn:kakehashi:problem:{}", f.code),
            title: lang.t(&format!("problem-{}", f.code)),
            status: f.status.as_u16(),
            code: &f.code,
            detail: failure_detail(lang, &f),
            instance: Some(&ctx.path),
            errors: f
                .errors
                .iter()
                .map(|e| ProblemField {
                    field: &e.field,
                    code: &e.code,
                    message: field_message(lang, &e.code, &e.params),
                    params: &e.params,
                })
                .collect(),
            params: &f.params,
            broken_rules: f
                .broken_rules
                .iter()
                .map(|r| BrokenRuleOut {
                    message: check_message(lang, &r.code, &r.detail, &BTreeMap::new()),
                    rule: r,
                })
                .collect(),
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut res = (f.status, body).into_response();
        res.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        res
    } else {
        let page = Page::new(ctx, &lang.t(&format!("problem-{}", f.code)));
        // A query parameter is named as written in the address; a form field by its label.
        let (params, fields): (Vec<_>, Vec<_>) =
            f.errors.iter().partition(|_| f.code == "invalid_query");
        let params: Vec<(String, String)> = params
            .into_iter()
            .map(|e| (e.field.clone(), field_message(lang, &e.code, &e.params)))
            .collect();
        let mut errors: Vec<(String, String)> = fields
            .into_iter()
            .map(|e| (e.field.clone(), field_message(lang, &e.code, &e.params)))
            .collect();
        errors.extend(f.broken_rules.iter().map(|r| {
            (
                lang.t(&format!("check-{}", r.id)),
                format!(
                    "{} ({} / {})",
                    check_message(lang, &r.code, &r.detail, &BTreeMap::new()),
                    r.value,
                    r.limit
                ),
            )
        }));
        html(
            f.status,
            &ErrorPage {
                detail: failure_detail(lang, &f).unwrap_or_default(),
                errors,
                params,
                status: f.status.as_u16(),
                p: page,
            },
        )
    };
    if f.status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        // Whatever was not read of the body is still in the connection: do not reuse it.
        res.headers_mut().insert(
            axum::http::header::CONNECTION,
            HeaderValue::from_static("close"),
        );
    }
    if let Some(secs) = f.retry_after {
        res.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    p: Page,
    status: u16,
    detail: String,
    errors: Vec<(String, String)>,
    params: Vec<(String, String)>,
}
