//! HTTP behaviour: health, metrics, OpenAPI, headers, bad input, the binary itself.

use crate::both;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;

both!(health_metrics_and_openapi, |app: TestApp| async move {
    let anon = app.anonymous();
    let res = anon.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let spec: serde_json::Value = anon.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/session",
        "/api/v1/accounts",
        "/api/v1/me",
        "/api/v1/admin/accounts",
        "/api/v1/audit",
    ] {
        assert!(spec["paths"][path].is_object(), "{path} documented");
    }
    anon.get("/api/v1/me").await;
    // Metrics are not public: they have their own address.
    assert_eq!(anon.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics_url = format!("http://{}/metrics", listener.local_addr().unwrap());
    let state = kakehashi_web::AppState::new(app.core.clone(), Default::default());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(kakehashi_web::serve_metrics(listener, state, async {
        let _ = stopped.await;
    }));
    let metrics = anon
        .client
        .get(&metrics_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    assert!(metrics.contains("http_requests_total"), "{metrics}");
    assert!(metrics.contains("route=\"/api/v1/me\""));
    assert!(metrics.contains("http_request_duration_seconds_bucket"));
    // The database goes away: health says so.
    app.core.db().close().await;
    assert_eq!(
        anon.get("/healthz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
});

both!(
    security_headers_on_every_response,
    |app: TestApp| async move {
        let anon = app.anonymous();
        for path in ["/", "/api/v1/me", "/no-such-page", "/static/app.css"] {
            let res = anon.get(path).await;
            let h = res.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(
                csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
                "{path}"
            );
            assert_eq!(h["x-content-type-options"], "nosniff");
            assert!(h.contains_key("referrer-policy"));
        }
    }
);

both!(
    bad_input_is_a_clear_4xx_and_stores_nothing,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let admin = app.demo("admin").await;
        let url = app.url("/api/v1/admin/organisations");
        let send = |body: &'static str, ct: &'static str| {
            admin
                .client
                .post(&url)
                .header("x-csrf-token", &admin.csrf)
                .header("content-type", ct)
                .body(body)
                .send()
        };
        let (status, p) = problem(
            send("{\"kind\": \"ngo\",", "application/json")
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed_json"))
        );
        let (status, p) = problem(send("{\"kind\": 5}", "application/json").await.unwrap()).await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["kind".to_owned()])
        );
        let (status, p) = problem(
            send("{\"kind\": \"ngo\", \"evil\": true}", "application/json")
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["evil".to_owned()])
        );
        let (status, _) = problem(
            send("kind=ngo", "application/x-www-form-urlencoded")
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let (status, p) = problem(send("{}", "application/json").await.unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for f in ["kind", "name", "name_romanised", "country"] {
            assert!(fields(&p).contains(&f.to_owned()), "{f} named");
        }
        let huge = "x".repeat(2 * 1024 * 1024);
        let res = admin
            .client
            .post(&url)
            .header("x-csrf-token", &admin.csrf)
            .header("content-type", "application/json")
            .body(format!("{{\"name\": \"{huge}\"}}"))
            .send()
            .await
            .unwrap();
        let (status, _) = problem(res).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        // SQL and HTML in every text field are stored as text, never run.
        let nasty = "'); DROP TABLE organisations; -- <b>bold</b>";
        let res = admin
        .post("/api/v1/admin/organisations", &json!({"kind": "ngo", "name": nasty, "name_romanised": nasty, "country": "VN", "address": nasty, "phone": "+84 1", "enterprise_code": nasty}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let mut conn = app.core.db().conn().await.unwrap();
        assert!(
            kakehashi_store::organisations::count(&mut conn)
                .await
                .unwrap()
                > 10,
            "the table is still there"
        );
        let page = admin.get("/admin").await.text().await.unwrap();
        assert!(
            !page.contains("<b>bold</b>") && page.contains("&lt;b&gt;bold&lt;/b&gt;")
                || page.contains("&#60;b&#62;")
        );
    }
);

both!(
    malformed_requests_never_reach_a_500,
    |app: TestApp| async move {
        let anon = app.anonymous();
        // Invalid UTF-8 in the query string.
        let (status, p) = problem(anon.get("/api/v1/audit?entity_id=%FF%FE").await).await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_query"))
        );
        let res = anon.get("/?q=%C3").await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let (status, _) = problem(anon.get("/api/v1/nothing-here").await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, p) = problem(
            anon.send(reqwest::Method::PUT, "/api/v1/session", &json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
        );
        let (status, _) = problem(
            app.anonymous()
                .get("/api/v1/admin/accounts?organisation_id=1&x=%00")
                .await,
        )
        .await;
        assert!(status.is_client_error());
        // Problem titles follow the reader's language.
        let res = anon
            .client
            .get(app.url("/api/v1/me"))
            .header("accept-language", "ja")
            .send()
            .await
            .unwrap();
        let (_, p) = problem(res).await;
        assert_eq!(p["title"], "ログインしてください");
    }
);

#[test]
fn help_lists_the_subcommands() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate", "demo", "admin", "audit"] {
        assert!(help.contains(cmd), "{cmd} in {help}");
    }
}

both!(
    cli_creates_users_and_refuses_bad_ones,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let out = app.cli(&[
            "admin",
            "create-user",
            "--email",
            "new@kakehashi.example",
            "--name",
            "Ngô Văn Bình",
            "--role",
            "sending_org",
            "--organisation",
            "0109000001",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let password = stdout
            .lines()
            .find_map(|l| l.strip_prefix("password: "))
            .expect("generated password printed");
        let api = app.sign_in("new@kakehashi.example", password).await;
        assert_eq!(api.account["role"], "sending_org");
        let out = app.cli(&[
            "admin",
            "create-user",
            "--email",
            "x@kakehashi.example",
            "--name",
            "X",
            "--role",
            "pope",
        ]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("--role"));
    }
);

/// `kakehashi serve` started in `dir` on a free port (and metrics on another); returns the
/// process, the lines it printed up to "listening", and the addresses it printed. Waits for its
/// own words, not for a guessed time.
async fn start_server(
    dir: &std::path::Path,
) -> (
    tokio::process::Child,
    tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
    String,
    String,
) {
    use tokio::io::AsyncBufReadExt;
    std::fs::create_dir_all(dir).unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args([
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--metrics-addr",
            "127.0.0.1:0",
        ])
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("KAKEHASHI_SECRET_KEY")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut base, mut metrics) = (None, None);
    let mut printed = String::new();
    while base.is_none() || metrics.is_none() {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("the server stopped before listening:\n{printed}"));
        let url = |prefix: &str| {
            line.split_once(prefix).map(|(_, rest)| {
                rest.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        };
        base = base.or_else(|| url("listening on "));
        metrics = metrics.or_else(|| url("Metrics at "));
        printed.push_str(&line);
        printed.push('\n');
    }
    assert!(printed.contains("admin@kakehashi.example"), "{printed}");
    (child, lines, base.unwrap(), metrics.unwrap())
}

fn sigterm(child: &tokio::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().expect("running").to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("kk-serve-{}", std::process::id()));
    let (mut child, mut lines, base, metrics) = start_server(&dir).await;
    let client = reqwest::Client::new();
    let res = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        dir.join("kakehashi.db").exists(),
        "SQLite file in the working directory"
    );
    // Metrics are on their own address only.
    let text = client
        .get(&metrics)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("http_requests_total"), "{text}");
    let public = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::NOT_FOUND);
    sigterm(&child);
    assert!(
        child.wait().await.unwrap().success(),
        "clean exit on SIGTERM"
    );
    let mut rest = String::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        rest.push_str(&line);
    }
    assert!(rest.contains("stopped"), "{rest}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGTERM while a request is in flight: the request completes, then the server exits. The
/// request asks `Expect: 100-continue`, so the server's "100 Continue" says that the handler
/// is running and waiting for the body; SIGTERM comes then, and the body after it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = std::env::temp_dir().join(format!("kk-inflight-{}", std::process::id()));
    let (mut child, _lines, base, _) = start_server(&dir).await;
    let body =
        json!({"email": "regulator@kakehashi.example", "password": DEMO_PASSWORD}).to_string();
    let mut s = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    s.write_all(
        format!(
            "POST /api/v1/session HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = s.read(&mut chunk).await.unwrap();
        assert!(n > 0, "the server closed before 100 Continue");
        answer.extend_from_slice(&chunk[..n]);
    }
    assert!(
        answer.starts_with(b"HTTP/1.1 100 Continue"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    sigterm(&child);
    s.write_all(body.as_bytes()).await.unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).await.unwrap();
    let rest = String::from_utf8_lossy(&rest);
    assert!(rest.starts_with("HTTP/1.1 200 OK"), "{rest}");
    assert!(rest.contains("csrf_token"), "{rest}");
    assert!(
        child.wait().await.unwrap().success(),
        "then the server exited cleanly"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The database password never reaches the terminal: not from `--help` (which shows the
/// environment's values), not in a connection error, not for a URL we cannot use.
#[test]
fn the_database_password_never_appears() {
    const SECRET: &str = "s3cr3t-Pa55";
    let pg = std::env::var("KAKEHASHI_TEST_PG_URL")
        .unwrap_or_else(|_| kakehashi_store::testing::DEFAULT_TEST_PG_URL.to_owned());
    let host = pg
        .split('@')
        .nth(1)
        .and_then(|h| h.split('/').next())
        .unwrap_or("127.0.0.1:5432");
    let urls = [
        // PostgreSQL answers (trust auth ignores the password): the database does not exist.
        format!("postgres://kk:{SECRET}@{host}/kk_no_such_database"),
        format!("postgres://kk@{host}/kk_no_such_database?password={SECRET}"),
        format!("mysql://kk:{SECRET}@127.0.0.1/db"),
    ];
    for url in &urls {
        for args in [&["serve", "--help"][..], &["migrate"][..]] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
                .args(args)
                .env("DATABASE_URL", url)
                .env(
                    "KAKEHASHI_SECRET_KEY",
                    kakehashi_core::crypto::Keys::generate_secret(),
                )
                .output()
                .unwrap();
            let (stdout, stderr) = (
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
            );
            assert!(
                !stdout.contains(SECRET) && !stderr.contains(SECRET),
                "{args:?} with {url}:\n{stdout}\n{stderr}"
            );
            if args[0] == "migrate" {
                assert!(!out.status.success(), "{url}");
                assert!(stderr.contains("***") || stderr.contains("kk@"), "{stderr}");
            }
        }
    }
}
