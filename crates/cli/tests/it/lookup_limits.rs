//! The public look-up under abuse: wildcards are text, broad look-ups stop counting at a cap,
//! and anonymous look-ups are throttled per client address.

use crate::both;
use crate::support::*;
use kakehashi_store::organisations::OrganisationRow;
use kakehashi_store::registry::{self as store, LookupFilter};
use kakehashi_web::WebConfig;
use kakehashi_web::throttle::LookupRate;
use reqwest::StatusCode;
use serde_json::Value;

async fn lookup(api: &Api, query: &[(&str, &str)]) -> reqwest::Response {
    api.client
        .get(format!("{}/api/v1/organisations", api.base))
        .query(query)
        .send()
        .await
        .unwrap()
}

both!(
    like_wildcards_are_matched_as_text,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let mut conn = app.core.db().conn().await.unwrap();
        for w in ["%", "_", "%%", "\\"] {
            let f = LookupFilter {
                words: vec![w.to_owned()],
                date: "2026-11-23".into(),
                limit: 20,
                broad: true,
                count_cap: 1000,
                ..Default::default()
            };
            let (rows, total, more) = store::lookup(&mut conn, &f).await.unwrap();
            assert!(
                rows.is_empty() && total == 0 && !more,
                "{w:?} matched {total}"
            );
        }
        // Through the API, punctuation is folded away: `%` is an empty query, the whole register.
        let all: Value = lookup(&app.anonymous(), &[]).await.json().await.unwrap();
        let percent: Value = lookup(&app.anonymous(), &[("q", "%")])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(percent["total"], all["total"]);
        assert_eq!(percent["more"], false);
    }
);

both!(broad_look_ups_count_to_a_cap, |app: TestApp| async move {
    let mut conn = app.core.db().begin().await.unwrap();
    let (mut orgs, mut terms) = (Vec::new(), Vec::new());
    for i in 0..1_050 {
        let name = format!("Công ty Cung ứng Nhân lực Số {i}");
        let romanised = format!("Cong ty Cung ung Nhan luc So {i}");
        let (search_text, ts) =
            kakehashi_core::registry::search_fields(&name, &romanised, None, &[]);
        let id = format!("org-{i:05}");
        terms.extend(ts.into_iter().map(|t| (t, id.clone())));
        orgs.push(OrganisationRow {
            id,
            kind: "sending_enterprise".into(),
            name,
            name_romanised: romanised,
            country: "VN".into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            enterprise_code: None,
            search_text,
            created_at: 0,
            updated_at: 0,
        });
    }
    kakehashi_store::bulk::organisations(&mut conn, &orgs)
        .await
        .unwrap();
    kakehashi_store::bulk::terms(&mut conn, &terms)
        .await
        .unwrap();
    conn.commit().await.unwrap();

    let anon = app.anonymous();
    for q in ["cong ty", "", "nhan"] {
        let v: Value = lookup(&anon, &[("q", q)]).await.json().await.unwrap();
        assert_eq!(v["total"], 1000, "{q:?}");
        assert_eq!(v["more"], true, "{q:?}");
        assert_eq!(v["items"].as_array().unwrap().len(), 20);
        // In name order.
        let names: Vec<&str> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name_romanised"].as_str().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
    let last: Value = lookup(&anon, &[("q", "cong ty"), ("page", "50")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(last["items"].as_array().unwrap().len(), 20);
    let (status, p) = problem(lookup(&anon, &[("q", "cong ty"), ("page", "51")]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&p), ["page"]);
    // A narrow look-up still counts exactly.
    let v: Value = lookup(&anon, &[("q", "so 1049")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["total"].as_i64(), v["more"].as_bool()),
        (Some(1), Some(false))
    );
    // The page says "more than".
    let html = anon
        .get("/registry?q=cong+ty&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("More than 1,000 organisations"), "{html}");
});

async fn throttled(backend: kakehashi_store::Backend) {
    let config = WebConfig {
        lookup_rate: Some(LookupRate {
            per_minute: 60,
            burst: 3,
        }),
        ..WebConfig::default()
    };
    let app = TestApp::spawn_with(backend, config).await.with_demo().await;
    let anon = app.anonymous();
    for _ in 0..3 {
        assert_eq!(
            lookup(&anon, &[("q", "sao viet")]).await.status(),
            StatusCode::OK
        );
    }
    let res = lookup(&anon, &[("q", "sao viet")]).await;
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let (status, p) = problem(res).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(p["type"], "urn:kakehashi:problem:lookup_rate_limited");
    // The page says so in the reader's language.
    let res = anon.get("/registry?q=sao+viet&lang=vi").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let html = res.text().await.unwrap();
    assert!(html.contains("Tra cứu quá nhiều lần"), "{html}");
    // Signed in, nobody is throttled here.
    let regulator = app.demo("regulator").await;
    assert_eq!(
        lookup(&regulator, &[("q", "sao viet")]).await.status(),
        StatusCode::OK
    );
    // A second later the address has one look-up again.
    app.clock.advance(jiff::SignedDuration::from_secs(1));
    assert_eq!(
        lookup(&anon, &[("q", "sao viet")]).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        lookup(&anon, &[("q", "sao viet")]).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

mod anonymous_look_ups_are_throttled_per_address {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::throttled(kakehashi_store::Backend::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::throttled(kakehashi_store::Backend::Postgres).await;
    }
}
