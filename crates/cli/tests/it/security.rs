//! Hardening: sign-in limits that cannot be raced or turned against the owner, client
//! addresses behind proxies, connection limits and timeouts, headers and exposure.

use crate::both_with;
use crate::support::*;
use kakehashi_core::Settings;
use kakehashi_web::WebConfig;
use reqwest::StatusCode;
use serde_json::json;

/// Behind one proxy of ours: the test plays the proxy and writes `X-Forwarded-For`.
fn behind_proxy() -> WebConfig {
    WebConfig {
        trust_proxy: true,
        ..WebConfig::default()
    }
}

/// A small address limit, so that reaching it takes few password checks.
fn address_limit_of_ten() -> Settings {
    Settings {
        sign_in_max_per_address: 10,
        ..Settings::default()
    }
}

const WRONG: &str = "not the password";

/// One sign-in through the API, from `forwarded_for` (as our proxy writes it), with the
/// known-device cookie `device` if given. Returns the status and the device cookie set.
async fn attempt(
    app: &TestApp,
    forwarded_for: &str,
    email: &str,
    password: &str,
    device: Option<&str>,
) -> (StatusCode, Option<String>) {
    let mut req = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email": email, "password": password }));
    if let Some(d) = device {
        req = req.header("cookie", format!("kk_device={d}"));
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    let device = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("kk_device="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned());
    if status == StatusCode::TOO_MANY_REQUESTS {
        let (_, p) = problem(res).await;
        assert_eq!(p["code"], "rate_limited");
    }
    (status, device)
}

/// Sends `n` attempts at once; returns how many were checked (401) and refused (429).
async fn at_once(
    app: &TestApp,
    n: usize,
    who: impl Fn(usize) -> (String, String),
) -> (usize, usize) {
    let answers = futures::future::join_all((0..n).map(|i| {
        let (from, email) = who(i);
        async move { attempt(app, &from, &email, WRONG, None).await.0 }
    }))
    .await;
    let count = |s: StatusCode| answers.iter().filter(|a| **a == s).count();
    let (checked, refused) = (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
    );
    assert_eq!(checked + refused, n, "{answers:?}");
    (checked, refused)
}

both_with!(
    concurrent_guesses_never_pass_a_limit,
    behind_proxy(),
    address_limit_of_ten(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // 60 guesses at one account from one address, all at once: the attempt is counted
        // before the hash is checked, so only the pair limit's five are checked.
        let (checked, refused) = at_once(&app, 60, |_| {
            ("198.51.100.1".into(), "worker@kakehashi.example".into())
        })
        .await;
        assert_eq!((checked, refused), (5, 55));
        // 60 guesses at 60 accounts from another address: the address limit's ten.
        let (checked, _) = at_once(&app, 60, |i| {
            (
                "198.51.100.2".into(),
                format!("nobody{i}@kakehashi.example"),
            )
        })
        .await;
        assert_eq!(checked, 10);
        // The owner, elsewhere, is not affected.
        let (status, _) = attempt(
            &app,
            "192.0.2.1",
            "worker@kakehashi.example",
            DEMO_PASSWORD,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
);

both_with!(
    an_attacker_cannot_lock_the_owner_out,
    behind_proxy(),
    Settings::default(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        const OWNER: &str = "worker@kakehashi.example";
        // The owner signed in on their phone last week: it is a known device.
        let (status, phone) = attempt(&app, "192.0.2.10", OWNER, DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
        let phone = phone.expect("a known-device cookie");
        // An attacker guesses from four addresses until each is refused: 20 failures, the
        // account-wide limit.
        for a in 1..=4 {
            let from = format!("203.0.113.{a}");
            for _ in 0..5 {
                let (status, _) = attempt(&app, &from, OWNER, WRONG, None).await;
                assert_eq!(status, StatusCode::UNAUTHORIZED);
            }
            let (status, _) = attempt(&app, &from, OWNER, WRONG, None).await;
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        }
        // The limits still stop guessing: beyond the account-wide limit each new address gets
        // one guess, not five.
        for a in 5..=8 {
            let from = format!("203.0.113.{a}");
            let (status, _) = attempt(&app, &from, OWNER, WRONG, None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            let (status, _) = attempt(&app, &from, OWNER, WRONG, None).await;
            assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        }
        // The owner signs in from a new browser at an address with no failures…
        let (status, _) = attempt(&app, "192.0.2.20", OWNER, DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
        // …and from the known phone even at the attacker's own address, after a typo.
        let (status, _) = attempt(&app, "203.0.113.1", OWNER, WRONG, Some(&phone)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, renewed) =
            attempt(&app, "203.0.113.1", OWNER, DEMO_PASSWORD, Some(&phone)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            renewed.as_deref().and_then(|c| c.split('.').next()),
            phone.split('.').next(),
            "the same device"
        );
        // A known-device cookie vouches only for its account, and a forged one for none.
        let (status, _) = attempt(
            &app,
            "203.0.113.1",
            "worker2@kakehashi.example",
            DEMO_PASSWORD,
            Some(&phone),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the pair worker2 × this address has no failures"
        );
        let forged = format!("{}.{}", &phone[..22], "A".repeat(22));
        let (status, _) = attempt(&app, "203.0.113.1", OWNER, DEMO_PASSWORD, Some(&forged)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        // A stolen device cookie has its own limit: ten guesses in the window.
        let mut checked = 0;
        for _ in 0..12 {
            if attempt(&app, "203.0.113.9", OWNER, WRONG, Some(&phone))
                .await
                .0
                == StatusCode::UNAUTHORIZED
            {
                checked += 1;
            }
        }
        assert_eq!(checked, 10);
        // The windows pass and the account is as before.
        app.clock.advance(jiff::SignedDuration::from_mins(61));
        let (status, _) = attempt(&app, "203.0.113.1", OWNER, DEMO_PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
    }
);

both_with!(
    one_address_shared_by_many_people_is_not_locked,
    behind_proxy(),
    address_limit_of_ten(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        const NAT: &str = "100.64.0.1";
        let people = [
            "worker",
            "worker2",
            "worker3",
            "sending",
            "sending2",
            "employer",
            "employer2",
            "employer3",
            "supervising",
            "officer",
            "regulator",
            "admin",
        ];
        // Twelve people behind one address each mistype once, then sign in: twelve failures
        // from the address, more than its limit, and nobody is refused.
        let mut devices = Vec::new();
        for who in people {
            let email = format!("{who}@kakehashi.example");
            assert_eq!(
                attempt(&app, NAT, &email, WRONG, None).await.0,
                StatusCode::UNAUTHORIZED
            );
            let (status, device) = attempt(&app, NAT, &email, DEMO_PASSWORD, None).await;
            assert_eq!(status, StatusCode::OK, "{who}");
            devices.push(device.expect("device cookie"));
        }
        // Someone behind the same address tries ten other accounts: the address is limited…
        for i in 0..10 {
            let email = format!("victim{i}@kakehashi.example");
            assert_eq!(
                attempt(&app, NAT, &email, WRONG, None).await.0,
                StatusCode::UNAUTHORIZED
            );
        }
        let (status, _) = attempt(&app, NAT, "victim10@kakehashi.example", WRONG, None).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        // …for new browsers only: everyone who signed in here before still can.
        for (who, device) in people.iter().zip(&devices) {
            let email = format!("{who}@kakehashi.example");
            let (status, _) = attempt(&app, NAT, &email, DEMO_PASSWORD, Some(device)).await;
            assert_eq!(status, StatusCode::OK, "{who}");
        }
        let (status, _) = attempt(&app, NAT, "worker@kakehashi.example", DEMO_PASSWORD, None).await;
        assert_eq!(
            status,
            StatusCode::TOO_MANY_REQUESTS,
            "a new browser waits for the window"
        );
    }
);

both_with!(
    a_spoofed_forwarded_for_does_not_escape_the_limit,
    behind_proxy(),
    Settings::default(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // The client writes a new left-most address each time; our proxy appends the one it
        // saw. Only that one counts.
        let (checked, refused) = at_once(&app, 70, |i| {
            (
                format!("10.{}.{}.1, 203.0.113.50", i / 250, i % 250),
                "worker@kakehashi.example".into(),
            )
        })
        .await;
        assert_eq!((checked, refused), (5, 65));
    }
);

both_with!(
    two_proxies_mean_the_second_entry_from_the_right,
    WebConfig {
        trusted_proxies: 2,
        ..behind_proxy()
    },
    Settings::default(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // client-written, client as the outer proxy saw it, the outer proxy as the inner saw it
        let (checked, _) = at_once(&app, 20, |i| {
            (
                format!("10.0.{i}.1, 203.0.113.60, 10.1.0.{i}"),
                "worker@kakehashi.example".into(),
            )
        })
        .await;
        assert_eq!(checked, 5);
        let (status, _) = attempt(
            &app,
            "203.0.113.60, 10.1.0.1",
            "worker@kakehashi.example",
            DEMO_PASSWORD,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let (status, _) = attempt(
            &app,
            "203.0.113.61, 10.1.0.1",
            "worker@kakehashi.example",
            DEMO_PASSWORD,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
);

/// A client at the socket level, for what reqwest hides: connections held open, heads sent
/// byte by byte.
mod raw {
    use std::time::{Duration, Instant};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    pub async fn connect(base: &str) -> TcpStream {
        TcpStream::connect(base.trim_start_matches("http://"))
            .await
            .expect("connect")
    }

    /// Sends `GET path` on `s` (kept alive) and reads the answer: its status and head.
    pub async fn get(s: &mut TcpStream, path: &str) -> Option<(u16, String)> {
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: test\r\n\r\n").as_bytes())
            .await
            .ok()?;
        answer(s).await
    }

    /// Reads one answer; `None` when the connection closes first.
    pub async fn answer(s: &mut TcpStream) -> Option<(u16, String)> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_lowercase();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let mut body = buf.len() - head_end;
        while body < length {
            match s.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => body += n,
            }
        }
        Some((status, head))
    }

    /// Waits until the server closes `s`; how long that took. Fails after `bound`.
    pub async fn closed(s: &mut TcpStream, bound: Duration, what: &str) -> Duration {
        let started = Instant::now();
        let mut chunk = [0u8; 1024];
        tokio::time::timeout(bound, async {
            loop {
                match s.read(&mut chunk).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("the server did not close {what} in time"));
        started.elapsed()
    }
}

fn connections(header_read_ms: u64, idle_ms: u64, max: usize) -> WebConfig {
    WebConfig {
        connections: kakehashi_web::server::ConnectionLimits {
            header_read_timeout: std::time::Duration::from_millis(header_read_ms),
            idle_timeout: std::time::Duration::from_millis(idle_ms),
            max_connections: max,
        },
        ..WebConfig::default()
    }
}

both_with!(
    half_open_connections_are_closed,
    connections(300, 900, 200),
    Settings::default(),
    |app: TestApp| async move {
        use std::time::Duration;
        use tokio::io::AsyncWriteExt;
        let bound = Duration::from_secs(10);
        // Fifty connections that say nothing are closed after the header-read timeout.
        let mut silent = Vec::new();
        for _ in 0..50 {
            silent.push(raw::connect(&app.base).await);
        }
        let waits = futures::future::join_all(
            silent
                .iter_mut()
                .map(|s| raw::closed(s, bound, "a silent connection")),
        )
        .await;
        assert!(
            waits.iter().all(|w| *w >= Duration::from_millis(200)),
            "{waits:?}"
        );
        // A head sent a few bytes at a time, faster than the idle timeout, is still cut off
        // at the header-read timeout.
        let mut slow = raw::connect(&app.base).await;
        slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n")
            .await
            .unwrap();
        let trickle = async {
            for i in 0.. {
                if slow
                    .write_all(format!("X-{i}: 1\r\n").as_bytes())
                    .await
                    .is_err()
                {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        };
        tokio::time::timeout(bound, trickle)
            .await
            .expect("the slow head was cut off");
        // A kept-alive connection is closed once idle for the idle timeout, not the shorter
        // header-read timeout.
        let mut kept = raw::connect(&app.base).await;
        let (status, _) = raw::get(&mut kept, "/healthz").await.expect("an answer");
        assert_eq!(status, 200);
        let idle = raw::closed(&mut kept, bound, "an idle connection").await;
        assert!(idle >= Duration::from_millis(700), "closed after {idle:?}");
        // And the server still serves.
        assert_eq!(
            app.anonymous().get("/healthz").await.status(),
            StatusCode::OK
        );
    }
);

both_with!(
    beyond_the_connection_limit_comes_503,
    connections(5_000, 30_000, 4),
    Settings::default(),
    |app: TestApp| async move {
        // Four connections hold every slot (each has been answered, so each was accepted).
        let mut held = Vec::new();
        for _ in 0..4 {
            let mut s = raw::connect(&app.base).await;
            assert_eq!(raw::get(&mut s, "/healthz").await.map(|a| a.0), Some(200));
            held.push(s);
        }
        // A fifth is answered 503 with Retry-After, and closed.
        let mut extra = raw::connect(&app.base).await;
        let (status, head) = raw::get(&mut extra, "/healthz").await.expect("an answer");
        assert_eq!(status, 503);
        assert!(head.contains("retry-after: 1"), "{head}");
        raw::closed(
            &mut extra,
            std::time::Duration::from_secs(5),
            "a refused connection",
        )
        .await;
        // A flood beyond the limit is refused (503 or closed at once), never served…
        let flood = futures::future::join_all((0..60).map(|_| async {
            let mut s = raw::connect(&app.base).await;
            raw::get(&mut s, "/healthz").await.map(|a| a.0)
        }))
        .await;
        assert!(flood.iter().all(|a| *a != Some(200)), "{flood:?}");
        assert!(flood.contains(&Some(503)), "{flood:?}");
        // …while the connections within it keep being answered.
        for s in &mut held {
            assert_eq!(raw::get(s, "/healthz").await.map(|a| a.0), Some(200));
        }
    }
);

both_with!(
    an_https_public_url_gets_strict_transport_security,
    WebConfig {
        secure_cookies: true,
        strict_transport_security: true,
        ..WebConfig::default()
    },
    Settings::default(),
    |app: TestApp| async move {
        for path in ["/", "/api/v1/me", "/no-such-page", "/static/app.css"] {
            let res = app.anonymous().get(path).await;
            assert_eq!(
                res.headers()
                    .get("strict-transport-security")
                    .map(|v| v.to_str().unwrap()),
                Some("max-age=31536000"),
                "{path}"
            );
        }
        // Over plain http (no https public URL) it would be meaningless and is not sent.
        let plain = TestApp::spawn(kakehashi_store::Backend::Sqlite).await;
        let res = plain.anonymous().get("/").await;
        assert!(!res.headers().contains_key("strict-transport-security"));
    }
);

/// The `Cache-Control` of an answer.
fn cache_control(res: &reqwest::Response) -> &str {
    res.headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a form with a CSRF token")
        .to_owned()
}

both_with!(
    private_answers_are_never_stored_by_a_cache,
    WebConfig::default(),
    Settings::default(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let anon = app.anonymous();
        // API answers, whoever asks.
        for path in [
            "/api/v1/me",
            "/api/v1/openapi.json",
            "/api/v1/organisations",
        ] {
            assert_eq!(cache_control(&anon.get(path).await), "no-store", "{path}");
        }
        // A public page to a new visitor may be cached once it sets no cookie…
        let visitor = app.anonymous();
        let first = visitor.get("/sign-in").await;
        assert_eq!(cache_control(&first), "no-store", "it sets the CSRF cookie");
        let html = first.text().await.unwrap();
        assert_eq!(cache_control(&visitor.get("/").await), "");
        assert_eq!(cache_control(&visitor.get("/sign-in").await), "");
        // …but a sign-in answer (it sets the session cookie) and every page a session sees
        // may not.
        let res = visitor
            .client
            .post(app.url("/sign-in"))
            .form(&[
                ("_csrf", csrf_of(&html).as_str()),
                ("email", "employer@kakehashi.example"),
                ("password", DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(cache_control(&res), "no-store");
        for path in ["/", "/account", "/jobs", "/no-such-page"] {
            assert_eq!(
                cache_control(&visitor.get(path).await),
                "no-store",
                "{path}"
            );
        }
        // The stylesheet is the same for everyone.
        assert_eq!(
            cache_control(&visitor.get("/static/app.css").await),
            "public, max-age=3600"
        );
    }
);

both_with!(
    choosing_a_language_by_link_changes_no_account,
    WebConfig::default(),
    Settings::default(),
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let worker = app.demo("worker").await;
        assert_eq!(worker.account["language"], "vi");
        // `GET ?lang=` shows the page in Japanese and remembers it in this browser only.
        let res = worker.get("/?lang=ja").await;
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("kk_lang=ja;"));
        assert!(cookie, "the language cookie is set");
        assert!(res.text().await.unwrap().contains("<html lang=\"ja\">"));
        assert!(
            worker
                .get("/account")
                .await
                .text()
                .await
                .unwrap()
                .contains("<html lang=\"ja\">")
        );
        let me: serde_json::Value = worker.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["language"], "vi", "a GET changed nothing stored");
        let mut conn = app.core.db().conn().await.unwrap();
        let changes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
            .bind("account.language_changed")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(changes, 0);
        drop(conn);
        // The account page changes the account's language (and this browser's).
        let page = worker.get("/account").await.text().await.unwrap();
        assert!(page.contains("action=\"/account/language\""));
        let res = worker
            .client
            .post(app.url("/account/language"))
            .form(&[("_csrf", csrf_of(&page).as_str()), ("language", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let me: serde_json::Value = worker.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["language"], "en");
        let page = worker
            .get("/account?language=1")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("<html lang=\"en\">") && page.contains("English"));
        // A language we do not have is named beside the field.
        let res = worker
            .client
            .post(app.url("/account/language"))
            .form(&[("_csrf", csrf_of(&page).as_str()), ("language", "fr")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().await.unwrap().contains("id=\"language-error\""));
        // Without the session's CSRF token nothing changes.
        let res = worker
            .client
            .post(app.url("/account/language"))
            .form(&[("language", "ja")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);
