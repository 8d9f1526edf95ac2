//! The test harness: a fresh database (SQLite file or PostgreSQL database), a real server on
//! a free port with a clock the test controls, and clients that keep cookies.

use kakehashi_core::clock::ManualClock;
use kakehashi_core::crypto::Keys;
use kakehashi_core::{Core, Settings};
use kakehashi_store::Backend;
use kakehashi_store::testing::ScratchDb;
use kakehashi_web::{AppState, WebConfig};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::oneshot;

pub use kakehashi_core::demo::DEMO_PASSWORD;

/// Defines a test that runs once on SQLite and once on PostgreSQL:
/// `both!(name, |app| async move { … })` gives `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::TestApp::spawn(kakehashi_store::Backend::Sqlite).await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::support::TestApp::spawn(kakehashi_store::Backend::Postgres).await;
                ($body)(app).await;
            }
        }
    };
}

/// `both!` with other settings: `both_with!(name, web_config, core_settings, |app| …)`.
#[macro_export]
macro_rules! both_with {
    ($name:ident, $config:expr, $settings:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::support::TestApp::spawn_custom(
                    kakehashi_store::Backend::Sqlite,
                    $config,
                    $settings,
                )
                .await;
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::support::TestApp::spawn_custom(
                    kakehashi_store::Backend::Postgres,
                    $config,
                    $settings,
                )
                .await;
                ($body)(app).await;
            }
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub core: Core,
    pub clock: ManualClock,
    pub db_url: String,
    pub secret: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    // Dropped last: the server must stop before its database goes.
    _db: ScratchDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, WebConfig::default()).await
    }

    pub async fn spawn_with(backend: Backend, config: WebConfig) -> TestApp {
        Self::spawn_custom(backend, config, Settings::default()).await
    }

    /// With other HTTP settings and other core settings (small limits make tests fast).
    pub async fn spawn_custom(backend: Backend, config: WebConfig, settings: Settings) -> TestApp {
        let scratch = ScratchDb::new(backend).await.unwrap_or_else(|e| {
            panic!("cannot create a {backend:?} test database (is PostgreSQL running on 127.0.0.1:5432?): {e}")
        });
        let clock = ManualClock::at_date(jiff::civil::date(2026, 11, 23));
        let secret = Keys::generate_secret();
        let keys = Keys::from_base64(&secret, &[]).expect("fresh key");
        let core = Core::new(scratch.db.clone(), Arc::new(clock.clone()), keys, settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let state = AppState::new(core.clone(), config);
        let server = tokio::spawn(async move {
            kakehashi_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        TestApp {
            base,
            core,
            clock,
            db_url: scratch.url.clone(),
            secret,
            shutdown: Some(tx),
            server: Some(server),
            _db: scratch,
        }
    }

    /// The same, with the demo data set loaded.
    pub async fn with_demo(self) -> TestApp {
        kakehashi_core::demo::load(&self.core)
            .await
            .expect("demo loads");
        self
    }

    /// Another instance's core over the same database (as after a restart, or beside this one).
    pub async fn another_core(&self, settings: Settings) -> Core {
        let db = kakehashi_store::Db::connect(&self.db_url)
            .await
            .expect("second connection");
        let keys = Keys::from_base64(&self.secret, &[]).expect("key");
        Core::new(db, Arc::new(self.clock.clone()), keys, settings)
    }

    /// A second server over the same database: its base URL and what stops it.
    pub async fn second_server(&self) -> (String, Core, oneshot::Sender<()>) {
        let core = self.another_core(Settings::default()).await;
        core.search().follow(&core);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let state = AppState::new(core.clone(), WebConfig::default());
        tokio::spawn(async move {
            let _ = kakehashi_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        (base, core, tx)
    }

    /// The same, with the demo jobs too (what `--demo` loads: several hundred postings).
    pub async fn with_demo_jobs(self) -> TestApp {
        kakehashi_core::demo::load_with_jobs(&self.core)
            .await
            .expect("demo with jobs loads");
        self
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client that keeps cookies and does not follow redirects.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Signs in through the API; returns the client (with its cookie) and the CSRF token.
    pub async fn sign_in(&self, email: &str, password: &str) -> Api {
        Api::sign_in_to(&self.base, email, password).await
    }

    pub async fn demo(&self, who: &str) -> Api {
        self.sign_in(&format!("{who}@kakehashi.example"), DEMO_PASSWORD)
            .await
    }

    pub fn anonymous(&self) -> Api {
        Api {
            base: self.base.clone(),
            client: self.client(),
            csrf: String::new(),
            account: Value::Null,
        }
    }

    /// The id of the demo organisation with this enterprise code.
    pub async fn org_id(&self, enterprise_code: &str) -> String {
        let mut conn = self.core.db().conn().await.expect("conn");
        kakehashi_store::organisations::by_enterprise_code(&mut conn, enterprise_code)
            .await
            .expect("query")
            .unwrap_or_else(|| panic!("no organisation {enterprise_code}"))
            .id
    }

    /// Runs the real binary against this test's database.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
            .args(args)
            .env("DATABASE_URL", &self.db_url)
            .env("KAKEHASHI_SECRET_KEY", &self.secret)
            .env("RUST_LOG", "warn")
            .output()
            .expect("the binary runs")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// A signed-in (or anonymous) API client.
impl Api {
    /// Signs in to the server at `base` through the API.
    pub async fn sign_in_to(base: &str, email: &str, password: &str) -> Api {
        let client = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let res = client
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("sign-in request");
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "sign-in of {email}: {}",
            res.text().await.unwrap_or_default()
        );
        let body: Value = res.json().await.expect("json");
        Api {
            base: base.to_owned(),
            client,
            csrf: body["csrf_token"].as_str().expect("csrf").to_owned(),
            account: body["account"].clone(),
        }
    }

    /// A demo account signed in to the server at `base`.
    pub async fn sign_in_at(base: &str, email: &str) -> Api {
        Api::sign_in_to(base, email, DEMO_PASSWORD).await
    }
}

pub struct Api {
    pub base: String,
    pub client: Client,
    pub csrf: String,
    pub account: Value,
}

impl Api {
    pub fn id(&self) -> String {
        self.account["id"].as_str().unwrap_or_default().to_owned()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: &Value) -> Response {
        self.client
            .request(method, format!("{}{path}", self.base))
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::POST, path, body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.send(reqwest::Method::PATCH, path, body).await
    }

    /// Posts a page form with this client's CSRF token (taken from the form page).
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("_csrf", &self.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .form(&all)
            .send()
            .await
            .expect("request")
    }
}

/// Reads a problem+json answer, checking its media type.
pub async fn problem(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = res.text().await.unwrap_or_default();
    assert_eq!(
        ct, "application/problem+json",
        "status {status}, body {body}"
    );
    (status, serde_json::from_str(&body).expect("problem json"))
}

/// The fields named in a problem's `errors`.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
