//! The API as its served OpenAPI document describes it: every operation says who may call it,
//! and a caller who may not learns nothing about the body a privileged route expects.

use crate::both;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The demo sign-ins, one per role.
const DEMO: [&str; 7] = [
    "worker",
    "sending",
    "employer",
    "supervising",
    "officer",
    "regulator",
    "admin",
];

/// A path with its parameters filled by values that name nothing.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str("0192f5a4-7b7c-7000-8000-000000000000");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Every operation of the served document: (method, path template, operation).
pub async fn operations(app: &TestApp) -> Vec<(Method, String, Value)> {
    let doc: Value = app
        .anonymous()
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .expect("the document is JSON");
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            let Ok(m) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            ops.push((m, path.clone(), op.clone()));
        }
    }
    assert!(ops.len() > 30, "the document lists the API ({})", ops.len());
    ops
}

/// Bodies a caller might send that no route accepts.
const BAD_BODIES: [(Option<&str>, &str); 4] = [
    (None, ""),
    (Some("application/json"), "{}"),
    (Some("application/json"), "[1, 2]"),
    (Some("text/plain"), "not json"),
];

async fn call(api: &Api, method: &Method, path: &str, body: (Option<&str>, &str)) -> StatusCode {
    let mut req = api
        .client
        .request(method.clone(), format!("{}{path}", api.base))
        .header("x-csrf-token", &api.csrf)
        .body(body.1.to_owned());
    if let Some(ct) = body.0 {
        req = req.header("content-type", ct);
    }
    req.send().await.expect("request").status()
}

both!(
    privileged_routes_authorise_before_reading_the_body,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let mut signed_in = Vec::new();
        for who in DEMO {
            let api = app.demo(who).await;
            let role = api.account["role"].as_str().expect("role").to_owned();
            signed_in.push((role, api));
        }
        let anonymous = app.anonymous();
        let mut checked = 0;
        for (method, path, op) in operations(&app).await {
            let what = format!("{method} {path}");
            let security = op["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{what} states who may call it (security)"));
            let anyone = security
                .iter()
                .any(|r| r.as_object().is_some_and(|o| o.is_empty()));
            let allowed: Vec<&str> = security
                .iter()
                .filter_map(|r| r["session"].as_array())
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let url = concrete(&path);
            let bodies: &[(Option<&str>, &str)] = if method == Method::GET {
                &BAD_BODIES[..1]
            } else {
                &BAD_BODIES
            };
            for body in bodies {
                let status = call(&anonymous, &method, &url, *body).await;
                if anyone {
                    assert_ne!(
                        status,
                        StatusCode::UNAUTHORIZED,
                        "{what} answers 401 to anonymous callers: its document must say so"
                    );
                    continue;
                }
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{what} anonymous with {body:?}"
                );
                checked += 1;
                if allowed.is_empty() {
                    continue;
                }
                for (role, api) in &signed_in {
                    if allowed.contains(&role.as_str()) {
                        continue;
                    }
                    let status = call(api, &method, &url, *body).await;
                    assert!(
                        matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
                        "{what} as {role} with {body:?}: {status}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} refusals checked");
    }
);

/// Sign-up answers 201 but starts a session, which a kept answer cannot give back: a retry
/// hears 409 for the e-mail, and signing in recovers.
const CREATES_WITHOUT_KEY: [&str; 1] = ["/api/v1/accounts"];

both!(
    every_creating_post_takes_an_idempotency_key,
    |app: TestApp| async move {
        let mut creating = 0;
        for (method, path, op) in operations(&app).await {
            if method != Method::POST || op["responses"].get("201").is_none() {
                continue;
            }
            creating += 1;
            let declared = op["parameters"].as_array().is_some_and(|ps| {
                ps.iter()
                    .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header")
            });
            assert_eq!(
                declared,
                !CREATES_WITHOUT_KEY.contains(&path.as_str()),
                "POST {path} and the Idempotency-Key header"
            );
            if declared {
                assert!(
                    op["responses"].get("409").is_some(),
                    "POST {path} documents 409"
                );
            }
        }
        assert!(creating >= 8, "{creating} creating routes");
    }
);
