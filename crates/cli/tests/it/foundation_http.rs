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
    let metrics = anon.get("/metrics").await.text().await.unwrap();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("kk-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("KAKEHASHI_SECRET_KEY")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
        {
            up = r.status() == StatusCode::OK;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(up, "the server came up");
    assert!(
        dir.join("kakehashi.db").exists(),
        "SQLite file in the working directory"
    );
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit on SIGTERM");
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut out).unwrap();
    assert!(
        out.contains("admin@kakehashi.example") && out.contains("stopped"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGTERM while a long request is running: the request completes, then the server exits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish() {
    let dir = std::env::temp_dir().join(format!("kk-inflight-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(&dir)
        .env_remove("DATABASE_URL")
        .env_remove("KAKEHASHI_SECRET_KEY")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let mut signed_in = None;
    for _ in 0..100 {
        if let Ok(r) = client
            .post(format!("{base}/api/v1/session"))
            .json(&json!({"email": "regulator@kakehashi.example", "password": DEMO_PASSWORD}))
            .send()
            .await
            && r.status() == StatusCode::OK
        {
            signed_in = Some(r.json::<serde_json::Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let csrf = signed_in.expect("signed in")["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A register of a few thousand licences takes seconds to import: a request in flight.
    let mut csv = String::from(
        "licence_number,issued_on,name,name_romanised,enterprise_code,kind,country,address,phone,website,status\n",
    );
    for i in 0..4000 {
        csv.push_str(&format!("T-{i}/LĐTBXH-GP,2020-01-01,Công ty Thử nghiệm {i},Cong ty Thu nghiem {i},{:010},sending_enterprise,VN,,,,active\n", 5_000_000 + i));
    }
    let request = tokio::spawn({
        let (client, base) = (client.clone(), base.clone());
        async move {
            client
                .post(format!("{base}/api/v1/licence-register"))
                .header("x-csrf-token", csrf)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !request.is_finished(),
        "the import is still running when SIGTERM arrives"
    );
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let res = request
        .await
        .unwrap()
        .expect("the request in flight was answered");
    assert_eq!(res.status(), StatusCode::OK);
    let report: serde_json::Value = res.json().await.unwrap();
    assert_eq!(report["imported"], 4000);
    assert!(
        child.wait().unwrap().success(),
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
