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
    Settings {
        sign_in_max_per_address: 10,
        ..Settings::default()
    },
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
    Settings {
        sign_in_max_per_address: 10,
        ..Settings::default()
    },
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
