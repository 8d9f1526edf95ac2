//! Safe retries: `Idempotency-Key` on the creating POSTs.

use crate::both;
use crate::postings::lawful;
use crate::support::*;
use kakehashi_core::idempotency::{self, Begin};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post_with_key(api: &Api, path: &str, key: &str, body: &Value) -> reqwest::Response {
    api.client
        .post(format!("{}{path}", api.base))
        .header("x-csrf-token", &api.csrf)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn my_postings(api: &Api) -> usize {
    let v: Value = api.get("/api/v1/me/postings").await.json().await.unwrap();
    v["items"].as_array().unwrap().len()
}

async fn keys_kept(app: &TestApp) -> i64 {
    let mut conn = app.core.db().conn().await.unwrap();
    kakehashi_store::idempotency::count(&mut conn)
        .await
        .unwrap()
}

both!(
    a_retry_with_the_same_key_answers_the_first_answer,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let before = my_postings(&employer).await;
        let body = lawful(&sao_viet);

        let first = post_with_key(&employer, "/api/v1/postings", "draft-7f3a", &body).await;
        assert_eq!(first.status(), StatusCode::CREATED);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first_body = first.text().await.unwrap();

        // The answer was lost; the client sends the same request again.
        let again = post_with_key(&employer, "/api/v1/postings", "draft-7f3a", &body).await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(
            again.text().await.unwrap(),
            first_body,
            "the first answer, byte for byte"
        );
        assert_eq!(
            my_postings(&employer).await,
            before + 1,
            "one draft, not two"
        );

        // The same key with another body is refused, naming the header.
        let mut other = body.clone();
        other["openings"] = json!(5);
        let (status, p) =
            problem(post_with_key(&employer, "/api/v1/postings", "draft-7f3a", &other).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p["code"], "idempotency_key_reused");
        assert_eq!(fields(&p), ["Idempotency-Key"]);
        // So is a key that is not one.
        let (status, p) =
            problem(post_with_key(&employer, "/api/v1/postings", "a key", &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&p), ["Idempotency-Key"]);
        assert_eq!(my_postings(&employer).await, before + 1);

        // A refused request changed nothing and frees its key for the corrected one.
        let mut broken = body.clone();
        broken["monthly_wage_jpy"] = json!(-1);
        let res = post_with_key(&employer, "/api/v1/postings", "draft-8b21", &broken).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let res = post_with_key(&employer, "/api/v1/postings", "draft-8b21", &body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        assert!(res.headers().get("idempotent-replayed").is_none());
        assert_eq!(my_postings(&employer).await, before + 2);

        // Keys are the caller's own: the same key from another account is another request.
        let admin = app.demo("admin").await;
        let org = json!({"kind": "ngo", "name": "Hội Bạn Lao động", "name_romanised": "Hoi Ban Lao dong", "country": "VN"});
        let res = post_with_key(&admin, "/api/v1/admin/organisations", "draft-7f3a", &org).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        assert!(res.headers().get("idempotent-replayed").is_none());

        // After 24 hours the key answers no more, and the purge removes it.
        assert_eq!(keys_kept(&app).await, 3);
        app.clock.advance(jiff::SignedDuration::from_hours(24));
        assert_eq!(idempotency::purge(&app.core).await.unwrap(), 3);
        assert_eq!(keys_kept(&app).await, 0);
        let employer = app.demo("employer").await;
        let res = post_with_key(&employer, "/api/v1/postings", "draft-7f3a", &body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        assert!(res.headers().get("idempotent-replayed").is_none());
        assert_eq!(my_postings(&employer).await, before + 3);
    }
);

both!(
    concurrent_requests_with_one_key_create_one_thing,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = std::sync::Arc::new(app.demo("employer").await);
        let before = my_postings(&employer).await;
        let body = lawful(&sao_viet);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (employer, body) = (employer.clone(), body.clone());
                tokio::spawn(async move {
                    let res = post_with_key(&employer, "/api/v1/postings", "same-key", &body).await;
                    let replayed = res.headers().get("idempotent-replayed").is_some();
                    (res.status(), replayed, res.text().await.unwrap())
                })
            })
            .collect();
        let mut created = 0;
        let mut ids = std::collections::BTreeSet::new();
        for t in tasks {
            let (status, replayed, text) = t.await.unwrap();
            match status {
                StatusCode::CREATED => {
                    created += usize::from(!replayed);
                    let v: Value = serde_json::from_str(&text).unwrap();
                    ids.insert(v["id"].as_str().unwrap().to_owned());
                }
                StatusCode::CONFLICT => {
                    let v: Value = serde_json::from_str(&text).unwrap();
                    assert_eq!(v["code"], "idempotency_key_in_use", "{text}");
                }
                other => panic!("{other}: {text}"),
            }
        }
        assert_eq!(created, 1, "exactly one request ran");
        assert_eq!(ids.len(), 1, "every 201 names the same posting");
        assert_eq!(my_postings(&employer).await, before + 1);
    }
);

both!(
    a_request_cut_off_after_its_commit_is_never_run_twice,
    |app: TestApp| async move {
        let core = &app.core;
        let lease = 30_000_000;
        let input: kakehashi_core::organisations::OrganisationInput = serde_json::from_value(
            json!({"kind": "ngo", "name": "Nhóm Hỗ trợ", "name_romanised": "Nhom Ho tro", "country": "VN"}),
        )
        .unwrap();
        // A request claims its key, commits its change, and dies before it answers.
        let Begin::Run(claim) = idempotency::begin(core, "user:u1", "k1", "fp", lease)
            .await
            .unwrap()
        else {
            panic!("a fresh key runs");
        };
        idempotency::holding(claim, async {
            kakehashi_core::organisations::create(
                core,
                kakehashi_core::audit::By::System("test"),
                &input,
            )
            .await
            .unwrap();
        })
        .await;
        // While it could still be running, a retry waits; after its lease, the retry hears that
        // the change was made, and makes nothing.
        assert!(matches!(
            idempotency::begin(core, "user:u1", "k1", "fp", lease)
                .await
                .unwrap(),
            Begin::InProgress
        ));
        app.clock.advance(jiff::SignedDuration::from_secs(31));
        assert!(matches!(
            idempotency::begin(core, "user:u1", "k1", "fp", lease)
                .await
                .unwrap(),
            Begin::AnswerLost
        ));
        // A request that died before committing anything leaves its key to the retry.
        let Begin::Run(_) = idempotency::begin(core, "user:u1", "k2", "fp", lease)
            .await
            .unwrap()
        else {
            panic!("a fresh key runs");
        };
        app.clock.advance(jiff::SignedDuration::from_secs(31));
        assert!(matches!(
            idempotency::begin(core, "user:u1", "k2", "fp", lease)
                .await
                .unwrap(),
            Begin::Run(_)
        ));
    }
);
