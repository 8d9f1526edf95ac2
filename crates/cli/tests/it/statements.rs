//! Hot paths run a small, constant number of SQL statements, whatever the number of postings:
//! the public job list, a posting's page, and the session of a signed-in request.
//!
//! sqlx reports every statement as a `sqlx::query` tracing event. A layer counts those events
//! inside a span that a second server on the test's database puts around each request, so
//! tests running at the same time in one process do not count each other's statements.

use crate::both;
use crate::postings::lawful;
use crate::support::*;
use kakehashi_web::{AppState, WebConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use tracing::Instrument;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

const PROBE_SPAN: &str = "statement_probe";

static COUNTS: OnceLock<Mutex<HashMap<u64, u64>>> = OnceLock::new();

fn counts() -> &'static Mutex<HashMap<u64, u64>> {
    COUNTS.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(Counter.with_filter(
            tracing_subscriber::filter::filter_fn(|m| {
                m.target() == "sqlx::query" || m.name() == PROBE_SPAN
            }),
        ));
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other subscriber in the test binary");
        Mutex::new(HashMap::new())
    })
}

struct Probe(u64);

struct ProbeVisitor(Option<u64>);

impl Visit for ProbeVisitor {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "probe" {
            self.0 = Some(value);
        }
    }
    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}

struct Counter;

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Counter {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().name() != PROBE_SPAN {
            return;
        }
        let mut v = ProbeVisitor(None);
        attrs.record(&mut v);
        if let (Some(probe), Some(span)) = (v.0, ctx.span(id)) {
            span.extensions_mut().insert(Probe(probe));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if let Some(Probe(p)) = span.extensions().get::<Probe>() {
                *counts().lock().unwrap().entry(*p).or_default() += 1;
                return;
            }
        }
    }
}

/// A second server on the test's core whose requests are counted.
struct Probed {
    base: String,
    probe: u64,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Probed {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Probed {
    async fn start(app: &TestApp) -> Probed {
        counts();
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let probe = NEXT.fetch_add(1, Ordering::Relaxed);
        let router = kakehashi_web::router(AppState::new(app.core.clone(), WebConfig::default()))
            .layer(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| {
                    next.run(req)
                        .instrument(tracing::info_span!(PROBE_SPAN, probe = probe))
                },
            ));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        Probed {
            base,
            probe,
            server,
        }
    }

    /// The statements one request made (after one unmeasured request, which fills the pool).
    /// The fewest of three: a request that happens to open a pooled connection also runs the
    /// connection's set-up statements, which are not the route's.
    async fn statements(&self, api: &Api, path: &str) -> u64 {
        let url = format!("{}{path}", self.base);
        let res = api.client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let mut fewest = u64::MAX;
        for _ in 0..3 {
            counts().lock().unwrap().insert(self.probe, 0);
            let res = api.client.get(&url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let _ = res.bytes().await;
            fewest = fewest.min(counts().lock().unwrap()[&self.probe]);
        }
        fewest
    }
}

both!(
    hot_paths_run_a_constant_number_of_statements,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let probed = Probed::start(&app).await;
        let anon = app.anonymous();
        let employer = app.demo("employer").await;
        let sao_viet = app.org_id("0109000001").await;
        let list: Value = anon.get("/api/v1/postings").await.json().await.unwrap();
        let first = list["items"][0]["id"].as_str().unwrap().to_owned();

        let measure = async || {
            [
                probed.statements(&anon, "/jobs").await,
                probed.statements(&anon, "/api/v1/postings").await,
                probed.statements(&anon, &format!("/jobs/{first}")).await,
                probed
                    .statements(&anon, &format!("/api/v1/postings/{first}"))
                    .await,
                probed.statements(&employer, "/jobs").await,
            ]
        };
        let few = measure().await;
        // The list: its count, its page and the exchange rates. A posting: itself, the rates,
        // then the organisations it names, their licences and their sanctions. A signed-in
        // request: one more, the session joined with its account.
        assert!(few[0] <= 3 && few[1] <= 3, "job list: {few:?}");
        assert!(few[2] <= 5 && few[3] <= 5, "posting page: {few:?}");
        assert_eq!(
            few[4],
            few[0] + 1,
            "the session costs one statement: {few:?}"
        );

        for _ in 0..20 {
            let res = employer.post("/api/v1/postings", &lawful(&sao_viet)).await;
            assert_eq!(res.status(), StatusCode::CREATED);
            let p: Value = res.json().await.unwrap();
            let id = p["id"].as_str().unwrap();
            let res = employer
                .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        let list: Value = anon.get("/api/v1/postings").await.json().await.unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 20, "a full page");
        let many = measure().await;
        assert_eq!(few, many, "the same with 23 postings as with 3");
    }
);
