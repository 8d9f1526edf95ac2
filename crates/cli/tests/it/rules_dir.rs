//! `KAKEHASHI_RULES_DIR`: the real `kakehashi serve`, given a directory with a newer
//! minimum-wage file and a changed place list, checks postings and shows pages with them.

use crate::both;
use crate::postings::lawful;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A rules directory holding a replaced minimum-wage file (a fiscal year added for Tokyo, test
/// data only) and a replaced prefecture list (Tokyo's romanised name changed).
fn rules_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "kk-rules-{}",
        uuid_like(std::process::id(), std::time::SystemTime::now())
    ));
    let wages = kakehashi_rules::recruitment::MINIMUM_WAGES_FILE;
    let places = kakehashi_rules::geo::PREFECTURES_FILE;
    std::fs::create_dir_all(dir.join("recruitment")).unwrap();
    std::fs::create_dir_all(dir.join("geo")).unwrap();
    let mut text = wages.text.to_string();
    text.push_str("13,2026,1500,2026-10-01,unverified,\"Test override, not a real figure | https://example.invalid/\"\n");
    std::fs::write(dir.join(wages.name), text).unwrap();
    std::fs::write(
        dir.join(places.name),
        places
            .text
            .replace(",Tokyo,", ",Tokyo Metropolis (override),"),
    )
    .unwrap();
    dir
}

fn uuid_like(pid: u32, t: std::time::SystemTime) -> String {
    let nanos = t
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{pid}-{nanos}")
}

/// `kakehashi serve` on the test's database, stopped when dropped.
struct Served {
    child: std::process::Child,
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn serve(app: &TestApp, rules: &std::path::Path) -> Served {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", &app.db_url)
        .env("KAKEHASHI_SECRET_KEY", &app.secret)
        .env("KAKEHASHI_RULES_DIR", rules)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let served = Served {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("{}/healthz", served.base)).send().await
            && r.status() == StatusCode::OK
        {
            return served;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("kakehashi serve did not come up");
}

both!(
    the_server_checks_postings_with_the_rules_directory,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let dir = rules_dir();
        let served = serve(&app, &dir).await;
        let mut employer = app.demo("employer").await;
        employer.base = served.base.clone();
        // Sign in on the served binary (sessions live in the shared database).
        let res = employer
            .post(
                "/api/v1/session",
                &json!({"email": "employer@kakehashi.example", "password": DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        employer.csrf = res.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();
        // 230,000 yen for 160 hours is 1,437.50 yen an hour: lawful under the compiled-in
        // FY2025 figure (1,226), below the directory's 1,500 from 2026-10-01.
        let res = employer.post("/api/v1/postings", &lawful(&sao_viet)).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let p: Value = res.json().await.unwrap();
        let check = p["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "minimum_wage")
            .unwrap()
            .clone();
        assert_eq!(check["status"], "failed", "{check}");
        assert!(
            check["limit"].as_str().unwrap().contains(" 1500 JPY/h"),
            "{check}"
        );
        assert_eq!(p["may_publish"], false);
        // The in-process server of the same database, on the compiled-in rules, disagrees.
        let in_process = app.demo("employer").await;
        let res = in_process
            .post("/api/v1/postings", &lawful(&sao_viet))
            .await;
        let q: Value = res.json().await.unwrap();
        assert_eq!(q["may_publish"], true, "{}", q["checks"]);
        // Pages name places from the directory's list.
        let page = employer
            .client
            .get(format!("{}/jobs?lang=en", served.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Tokyo Metropolis (override)"));
        drop(served);
        let _ = std::fs::remove_dir_all(&dir);
    }
);

#[test]
fn a_broken_rules_directory_stops_the_server_naming_the_file() {
    let dir = std::env::temp_dir().join(format!(
        "kk-badrules-{}",
        uuid_like(std::process::id(), std::time::SystemTime::now())
    ));
    std::fs::create_dir_all(dir.join("recruitment")).unwrap();
    std::fs::write(
        dir.join("recruitment/minimum-wages.csv"),
        "prefecture_code,fiscal_year,hourly_jpy,effective_from,verification,source\n13,2026,abc,2026-10-01,unverified,x\n",
    )
    .unwrap();
    let db = dir.join("k.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env(
            "KAKEHASHI_SECRET_KEY",
            kakehashi_core::crypto::Keys::generate_secret(),
        )
        .env("KAKEHASHI_RULES_DIR", &dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("recruitment/minimum-wages.csv"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
