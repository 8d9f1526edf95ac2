//! The served OpenAPI document: what the handlers' annotations say, completed with what every
//! route shares, so that the document tells every answer a route can give.
//!
//! - Security: each operation states who may call it (`security(())` for anyone,
//!   `("session" = ["regulator"])` for roles). The session cookie and the CSRF header are
//!   security schemes; every change made with the cookie also needs the header.
//! - Failures: the statuses a route can answer because of what it is (a body: 400, 413, 415,
//!   422; a session: 401, 403, 404; any route: 400 for a query that is not UTF-8, 503 when busy),
//!   each as `application/problem+json`.

use crate::context::{CSRF_HEADER, SESSION_COOKIE};
use serde_json::{Map, Value, json};
use utoipa::{PartialSchema, ToSchema};

/// RFC 9457 problem details, as every failure of the API is answered.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the JSON `render::failure` writes
pub struct Problem {
    /// `urn:kakehashi:problem:{code}`.
    r#type: String,
    /// A short title in the reader's language.
    title: String,
    status: u16,
    /// The stable code of the failure, e.g. `invalid_input`, `unauthenticated`, `forbidden`.
    code: String,
    /// What happened and what to do, in the reader's language.
    detail: Option<String>,
    /// The path asked for.
    instance: Option<String>,
    /// The fields at fault.
    errors: Option<Vec<ProblemField>>,
    /// Values for the message (e.g. `max_bytes`, `refusal`, `since`).
    params: Option<std::collections::BTreeMap<String, String>>,
    /// The legal checks a change broke (`rules_broken`).
    broken_rules: Option<Vec<ProblemRule>>,
}

/// One field at fault.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProblemField {
    /// The field's path in the body or the query, e.g. `fees[0].amount`.
    field: String,
    /// A stable code, e.g. `required`, `too_long`, `out_of_range`.
    code: String,
    /// The message in the reader's language.
    message: String,
    params: Option<std::collections::BTreeMap<String, String>>,
}

/// A broken legal check, with its message.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProblemRule {
    id: String,
    code: String,
    value: String,
    limit: String,
    source: String,
    source_url: Option<String>,
    verification: String,
    detail: String,
    message: String,
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The failures every route of a given shape can answer, with their meaning.
fn shared_failures(
    secured: bool,
    changes: bool,
    body: bool,
    json_body: bool,
    path_params: bool,
    query_params: bool,
) -> Vec<(&'static str, &'static str)> {
    let mut out = vec![(
        "400",
        "Malformed JSON, a query that does not decode, or a bad request",
    )];
    if secured {
        out.push(("401", "Not signed in (`unauthenticated`)"));
    }
    if secured || changes {
        out.push((
            "403",
            "The caller's role may not do this (`forbidden`), or a change made with the session \
             cookie lacks the X-CSRF-Token header (`csrf_failed`)",
        ));
    }
    if secured || path_params {
        out.push((
            "404",
            "No such thing, or one the caller may not know exists (`not_found`)",
        ));
    }
    if body {
        out.push((
            "413",
            "The body is larger than the server accepts (`payload_too_large`)",
        ));
    }
    if json_body {
        out.push((
            "415",
            "The body is not `application/json` (`unsupported_media_type`)",
        ));
    }
    if body || query_params {
        out.push((
            "422",
            "Invalid input (`invalid_input`), naming each field at fault in `errors`",
        ));
    }
    out.push((
        "503",
        "The server is busy or its database unavailable (`unavailable`); try again",
    ));
    out
}

/// Completes the document generated from the handlers (see the module comment).
pub fn finish(doc: &mut Value) {
    let components = doc
        .as_object_mut()
        .expect("an OpenAPI document is an object")
        .entry("components")
        .or_insert_with(|| json!({}));
    let schemas = components
        .as_object_mut()
        .expect("components")
        .entry("schemas")
        .or_insert_with(|| json!({}));
    for (name, schema) in [
        ("Problem", Problem::schema()),
        ("ProblemField", ProblemField::schema()),
        ("ProblemRule", ProblemRule::schema()),
    ] {
        schemas[name] = serde_json::to_value(schema).expect("schema serialises");
    }
    components["securitySchemes"] = json!({
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": SESSION_COOKIE,
            "description": "The session cookie that signing in (POST /api/v1/session) sets. The \
                            roles an operation lists are those that may call it; others get 403, \
                            or 404 for another organisation's records."
        },
        "csrf": {
            "type": "apiKey",
            "in": "header",
            "name": CSRF_HEADER,
            "description": "The `csrf_token` of the sign-in answer: required with the session \
                            cookie on every change (any method but GET and HEAD)."
        }
    });
    let problem =
        json!({"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}});
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let changes = method != "get";
            let requirements: Vec<Value> = op
                .get("security")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let anyone = requirements
                .iter()
                .any(|r| r.as_object().is_some_and(Map::is_empty));
            let secured = !requirements.is_empty() && !anyone;
            if changes && !requirements.is_empty() {
                let mut with_csrf: Vec<Value> = requirements
                    .into_iter()
                    .map(|mut r| {
                        if let Some(o) = r.as_object_mut()
                            && o.contains_key("session")
                        {
                            o.insert("csrf".into(), json!([]));
                        }
                        r
                    })
                    .collect();
                // Anyone may call it; a signed-in caller's cookie brings the CSRF rule.
                if anyone && !with_csrf.iter().any(|r| r.get("session").is_some()) {
                    with_csrf.push(json!({"session": [], "csrf": []}));
                }
                op.insert("security".into(), Value::Array(with_csrf));
            }
            let body = op.get("requestBody").cloned();
            let json_body = body
                .as_ref()
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .is_some_and(|c| c.keys().any(|k| k.ends_with("json")));
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let query_params = params.iter().any(|p| p["in"] == "query");
            let idempotent = params
                .iter()
                .any(|p| p["in"] == "header" && p["name"] == crate::idempotency::HEADER);
            let responses = op
                .entry("responses")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("responses");
            if idempotent {
                responses.entry("409").or_insert_with(|| {
                    json!({"description": "A request with the same Idempotency-Key is still running \
                        (`idempotency_key_in_use`, Retry-After), or its answer was lost after it \
                        made its change (`idempotency_answer_lost`)"})
                });
                responses.entry("422").or_insert_with(|| {
                    json!({"description": "Invalid input naming each field, or an Idempotency-Key \
                        used with another request (`idempotency_key_reused`)"})
                });
            }
            for (status, description) in shared_failures(
                secured,
                changes,
                body.is_some(),
                json_body,
                path.contains('{'),
                query_params,
            ) {
                responses
                    .entry(status)
                    .or_insert_with(|| json!({"description": description}));
            }
            for (status, response) in responses.iter_mut() {
                if status.starts_with('4') || status.starts_with('5') {
                    let r = response.as_object_mut().expect("a response");
                    let described = r
                        .get("description")
                        .and_then(Value::as_str)
                        .is_some_and(|d| !d.is_empty());
                    if !described {
                        let shared = shared_failures(true, true, true, true, true, true)
                            .into_iter()
                            .find(|(s, _)| s == status)
                            .map_or("", |(_, d)| d);
                        r.insert("description".into(), json!(shared));
                    }
                    r.insert("content".into(), problem.clone());
                }
            }
        }
    }
}
