//! The hiring process: one application from `submitted` to `departed`, each step by the party
//! the policy allows, with the offer's disclosure acknowledged by its SHA-256, the accepted
//! snapshot stored, a worse signed contract flagged; rejections with a reason from the list;
//! an offer expiring by its deadline.

use crate::both;
use crate::postings::lawful;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A published lawful posting of the demo employer through Sao Việt, and the id of an
/// application to it by `worker3` through Sao Việt.
pub async fn applied(app: &TestApp) -> (String, String) {
    let sao_viet = app.org_id("0109000001").await;
    let employer = app.demo("employer").await;
    let p: Value = employer
        .post("/api/v1/postings", &lawful(&sao_viet))
        .await
        .json()
        .await
        .unwrap();
    let pid = p["id"].as_str().unwrap().to_owned();
    let res = employer
        .post(&format!("/api/v1/postings/{pid}/publish"), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let worker = app.demo("worker3").await;
    let res = worker
        .post(
            &format!("/api/v1/postings/{pid}/applications"),
            &json!({"via_organisation_id": sao_viet}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let a: Value = res.json().await.unwrap();
    (pid, a["id"].as_str().unwrap().to_owned())
}

pub async fn go(api: &Api, aid: &str, body: Value) -> (StatusCode, Value) {
    let res = api
        .post(&format!("/api/v1/applications/{aid}/transitions"), &body)
        .await;
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn moved(api: &Api, aid: &str, body: Value) -> Value {
    let (status, v) = go(api, aid, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body} → {v}");
    v
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

both!(
    one_application_from_submitted_to_departed,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let (_, aid) = applied(&app).await;
        let worker = app.demo("worker3").await;
        let employer = app.demo("employer").await;
        let sending = app.demo("sending").await;
        let a: Value = worker
            .get(&format!("/api/v1/applications/{aid}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(a["state"], "submitted");
        assert_eq!(a["timeline"][0]["state"], "submitted");
        assert_eq!(a["timeline"][0]["by"], "worker");
        assert!(a["timeline"][0]["at"].as_i64().is_some());
        assert_eq!(a["offer"], Value::Null);
        assert_eq!(a["accepted_disclosure_sha256"], Value::Null);
        assert_eq!(a["flags"], json!([]));
        assert_eq!(a["next_states"], json!(["withdrawn"]));

        // Strangers see nothing; the worker may not screen; nobody makes an offer expire.
        for who in ["employer2", "worker2", "sending2"] {
            let (status, _) = problem(
                app.demo(who)
                    .await
                    .get(&format!("/api/v1/applications/{aid}"))
                    .await,
            )
            .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
        }
        let (status, _) = go(
            &app.demo("employer2").await,
            &aid,
            json!({"to": "screening"}),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = go(&worker, &aid, json!({"to": "screening"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, v) = go(&employer, &aid, json!({"to": "departure"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["to"]);

        let a = moved(&sending, &aid, json!({"to": "screening"})).await;
        assert_eq!(a["timeline"][1]["by"], "sending_enterprise");
        moved(&employer, &aid, json!({"to": "interview"})).await;
        // Out of order: 409 naming the current state, nothing changed.
        let (status, v) = go(
            &worker,
            &aid,
            json!({"to": "accepted", "acknowledged_disclosure_sha256": "00"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{v}");
        assert_eq!(v["params"]["refusal"], "invalid_transition");
        assert_eq!(v["params"]["state"], "interview");
        let (status, _) = go(&sending, &aid, json!({"to": "offered"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // An offer breaking the law is refused with every broken rule.
        let mut fees = lawful("x")["fees"].clone();
        fees.as_array_mut().unwrap().push(
            json!({"kind": "brokerage", "amount": 5000000, "currency": "VND", "payer": "worker"}),
        );
        let (status, v) = go(
            &employer,
            &aid,
            json!({"to": "offered", "offer": {"fees": fees}}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert_eq!(v["code"], "rules_broken", "{v}");
        let (status, v) = go(
            &employer,
            &aid,
            json!({"to": "offered", "offer": {"monthly_wage_jpy": -5}}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
        assert!(fields(&v).iter().all(|f| f.starts_with("offer.")), "{v}");

        // A lawful offer that pays less than the posting: the comparison marks it.
        let mut fees = lawful("x")["fees"].clone();
        fees.as_array_mut().unwrap().push(
            json!({"kind": "training", "amount": 3000000, "currency": "VND", "payer": "worker"}),
        );
        let a = moved(
            &employer,
            &aid,
            json!({"to": "offered", "offer": {"monthly_wage_jpy": 225000, "fees": fees, "respond_by": "2026-12-10"}}),
        )
        .await;
        let offer = &a["offer"];
        assert_eq!(offer["terms"]["monthly_wage_jpy"], 225000);
        assert_eq!(offer["respond_by"], "2026-12-10");
        assert!(offer["disclosure"]["take_home_jpy"].as_i64().unwrap() > 0);
        let worse: Vec<&str> = offer["comparison"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["worse"] == true)
            .map(|l| l["term"].as_str().unwrap())
            .collect();
        assert!(worse.contains(&"monthly_wage_jpy"), "{worse:?}");
        assert!(worse.contains(&"fee:training:VND"), "{worse:?}");
        assert!(worse.contains(&"take_home_jpy"), "{worse:?}");
        let sha = offer["disclosure_sha256"].as_str().unwrap().to_owned();
        assert_eq!(sha.len(), 64);

        let (status, v) = go(&worker, &aid, json!({"to": "accepted"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["acknowledged_disclosure_sha256"]);
        let (status, v) = go(
            &worker,
            &aid,
            json!({"to": "accepted", "acknowledged_disclosure_sha256": "ab".repeat(32)}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["acknowledged_disclosure_sha256"]);
        let a = moved(
            &worker,
            &aid,
            json!({"to": "accepted", "acknowledged_disclosure_sha256": sha}),
        )
        .await;
        assert_eq!(a["accepted_disclosure_sha256"], sha.as_str());
        // The snapshot is served byte for byte: its hash is the one on the application.
        let snap = worker
            .get(&format!("/api/v1/applications/{aid}/acceptance"))
            .await
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            a["accepted_snapshot_sha256"].as_str().unwrap(),
            sha256_hex(&snap)
        );
        let snap: Value = serde_json::from_slice(&snap).unwrap();
        assert_eq!(snap["disclosure_sha256"], sha.as_str());
        assert_eq!(snap["terms"]["monthly_wage_jpy"], 225000);

        // The signed contract pays less and asks for more hours than the accepted offer.
        let a = moved(
            &employer,
            &aid,
            json!({"to": "contract_signed", "contract": {"monthly_wage_jpy": 215000, "scheduled_hours_per_month": 170}}),
        )
        .await;
        let flags = a["flags"].as_array().unwrap();
        assert!(flags.iter().all(|f| f["kind"] == "contract_substitution"));
        let wage = flags
            .iter()
            .find(|f| f["detail"]["term"] == "monthly_wage_jpy")
            .expect("wage flagged");
        assert_eq!(wage["detail"]["offered"], "225000");
        assert_eq!(wage["detail"]["signed"], "215000");
        assert!(
            flags
                .iter()
                .any(|f| f["detail"]["term"] == "scheduled_hours_per_month"
                    && f["detail"]["offered"] == "160"
                    && f["detail"]["signed"] == "170")
        );
        let (status, _) = problem(worker.get("/api/v1/contract-substitutions").await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let list: Value = app
            .demo("regulator")
            .await
            .get("/api/v1/contract-substitutions")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["application_id"] == aid.as_str()
                    && s["detail"]["term"] == "monthly_wage_jpy")
        );
        // Seen by the worker too, as they read the application.
        let mine: Value = worker
            .get(&format!("/api/v1/applications/{aid}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine["flags"], a["flags"]);

        moved(&employer, &aid, json!({"to": "coe_issued"})).await;
        let (status, _) = go(&sending, &aid, json!({"to": "departed"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        moved(&sending, &aid, json!({"to": "visa_issued"})).await;
        let a = moved(&sending, &aid, json!({"to": "departed"})).await;
        let states: Vec<&str> = a["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["state"].as_str().unwrap())
            .collect();
        assert_eq!(
            states,
            [
                "submitted",
                "screening",
                "interview",
                "offered",
                "accepted",
                "contract_signed",
                "coe_issued",
                "visa_issued",
                "departed"
            ]
        );
        let (status, v) = go(&worker, &aid, json!({"to": "withdrawn"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(v["params"]["state"], "departed");

        // The worker's list, their inbox and the audit trail follow.
        let mine: Value = worker
            .get("/api/v1/me/applications")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            mine["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == aid.as_str() && i["state"] == "departed")
        );
        let inbox: Value = worker
            .get("/api/v1/me/notifications")
            .await
            .json()
            .await
            .unwrap();
        let kinds: Vec<&str> = inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap())
            .collect();
        for k in [
            "application_offered",
            "application_contract_substitution",
            "application_departed",
        ] {
            assert!(kinds.contains(&k), "{k} in {kinds:?}");
        }
        assert!(
            !kinds.contains(&"application_accepted"),
            "the worker's own step"
        );
        let audit: Value = app
            .demo("regulator")
            .await
            .get(&format!(
                "/api/v1/audit?entity_type=application&entity_id={aid}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let moves = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["action"] == "application.moved")
            .count();
        assert_eq!(moves, 8);
    }
);

both!(
    rejection_takes_a_reason_from_the_list,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let (_, aid) = applied(&app).await;
        let sending = app.demo("sending").await;
        let (status, v) = go(&sending, &aid, json!({"to": "rejected"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["reason"]);
        let (status, v) = go(
            &sending,
            &aid,
            json!({"to": "rejected", "reason": "too old"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["errors"][0]["code"], "unknown_reason", "{v}");
        let (status, v) = go(
            &sending,
            &aid,
            json!({"to": "screening", "reason": "position_filled"}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["reason"]);
        let reasons: Value = app
            .anonymous()
            .get("/api/v1/rejection-reasons")
            .await
            .json()
            .await
            .unwrap();
        assert!(
            reasons["items"]
                .as_array()
                .unwrap()
                .contains(&json!("position_filled"))
        );
        let a = moved(
            &sending,
            &aid,
            json!({"to": "rejected", "reason": "position_filled"}),
        )
        .await;
        assert_eq!(a["state"], "rejected");
        assert_eq!(a["timeline"][1]["reason"], "position_filled");
        let (status, v) = go(
            &app.demo("employer").await,
            &aid,
            json!({"to": "screening"}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(v["params"]["state"], "rejected");
    }
);

both!(
    an_offer_not_accepted_by_its_deadline_expires,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let (_, aid) = applied(&app).await;
        let employer = app.demo("employer").await;
        let (status, v) = go(
            &employer,
            &aid,
            json!({"to": "offered", "offer": {"respond_by": "2026-11-01"}}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&v), ["offer.respond_by"]);
        // The clock stands at 2026-11-23: the worker may answer until the end of the 25th.
        let a = moved(
            &employer,
            &aid,
            json!({"to": "offered", "offer": {"respond_by": "2026-11-25"}}),
        )
        .await;
        let sha = a["offer"]["disclosure_sha256"].as_str().unwrap().to_owned();
        assert_eq!(
            kakehashi_core::postings::expire_offers(&app.core)
                .await
                .unwrap(),
            0
        );
        app.clock.set_date(jiff::civil::date(2026, 11, 25));
        assert_eq!(
            kakehashi_core::postings::expire_offers(&app.core)
                .await
                .unwrap(),
            0
        );
        app.clock.set_date(jiff::civil::date(2026, 11, 26));
        let worker = app.demo("worker3").await;
        let (status, v) = go(
            &worker,
            &aid,
            json!({"to": "accepted", "acknowledged_disclosure_sha256": sha}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "past the deadline: {v}");
        assert_eq!(
            kakehashi_core::postings::expire_offers(&app.core)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            kakehashi_core::postings::expire_offers(&app.core)
                .await
                .unwrap(),
            0
        );
        let a: Value = worker
            .get(&format!("/api/v1/applications/{aid}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(a["state"], "expired");
        assert_eq!(
            a["timeline"].as_array().unwrap().last().unwrap()["by"],
            "platform"
        );
        let (status, v) = go(
            &worker,
            &aid,
            json!({"to": "accepted", "acknowledged_disclosure_sha256": sha}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(v["params"]["state"], "expired");
    }
);
