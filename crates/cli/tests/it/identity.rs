//! An organisation's identity — legal and romanised names, enterprise code — comes from the
//! licence register: its own staff may change its contacts only, and a regulator or an admin
//! corrects the rest, on the audit trail.

use crate::both;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn lookup_total(app: &TestApp, q: &str) -> i64 {
    let v: Value = app
        .anonymous()
        .client
        .get(app.url("/api/v1/organisations"))
        .query(&[("q", q)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["total"].as_i64().unwrap()
}

both!(
    staff_cannot_take_a_competitors_name,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // Hồng Hà is suspended; Sao Việt, licensed, is its competitor.
        let hong_ha = app.org_id("2901000002").await;
        let sao_viet = app.org_id("0109000001").await;
        let mut conn = app.core.db().conn().await.unwrap();
        let own = kakehashi_store::organisations::by_id(&mut conn, &hong_ha)
            .await
            .unwrap()
            .unwrap();
        let rival = kakehashi_store::organisations::by_id(&mut conn, &sao_viet)
            .await
            .unwrap()
            .unwrap();
        drop(conn);
        let staff = app.demo("sending2").await;
        let (status, p) = problem(
            staff
                .patch(
                    &format!("/api/v1/organisations/{hong_ha}"),
                    &json!({"name": rival.name, "name_romanised": rival.name_romanised,
                            "enterprise_code": "0109000009", "phone": "+84 24 0000 0000"}),
                )
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut named = fields(&p);
        named.sort();
        assert_eq!(named, ["enterprise_code", "name", "name_romanised"]);
        assert!(
            p["errors"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["code"] == "identity_by_registry" && e["message"].is_string()),
            "{p}"
        );
        // Nothing was stored, not even the phone; the name still finds the organisation.
        let r: Value = staff
            .get(&format!("/api/v1/organisations/{hong_ha}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["name"], own.name.as_str());
        assert_eq!(r["phone"], own.phone.as_str());
        assert_eq!(lookup_total(&app, &own.name_romanised).await, 1);

        // Contacts it may change; its identity sent back unchanged is fine.
        let res = staff
            .patch(
                &format!("/api/v1/organisations/{hong_ha}"),
                &json!({"name": own.name, "phone": "+84 24 1111 2222"}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        let r: Value = staff
            .get(&format!("/api/v1/organisations/{hong_ha}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["phone"], "+84 24 1111 2222");
        assert_eq!(r["website"], own.website.as_str(), "absent fields are kept");

        // Staff cannot use the regulators' correction either.
        let correction = json!({"name": "Công ty Cổ phần Hồng Hà Mới", "reason": "Đổi tên theo Giấy chứng nhận đăng ký doanh nghiệp"});
        let (status, _) = problem(
            staff
                .send(
                    Method::PUT,
                    &format!("/api/v1/organisations/{hong_ha}/identity"),
                    &correction,
                )
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
);

both!(
    a_regulator_corrects_an_identity_on_the_record,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let hong_ha = app.org_id("2901000002").await;
        let regulator = app.demo("regulator").await;
        let path = format!("/api/v1/organisations/{hong_ha}/identity");
        // The reason is required.
        let (status, p) = problem(
            regulator
                .send(
                    Method::PUT,
                    &path,
                    &json!({"name_romanised": "Hong Ha New JSC"}),
                )
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&p), ["reason"]);
        // Another organisation's enterprise code is taken.
        let (status, p) = problem(
            regulator
                .send(
                    Method::PUT,
                    &path,
                    &json!({"enterprise_code": "0109000001", "reason": "typo"}),
                )
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(p["errors"][0]["field"], "enterprise_code");
        assert_eq!(p["errors"][0]["code"], "enterprise_code_taken");

        let res = regulator
            .send(
                Method::PUT,
                &path,
                &json!({"name": "Công ty Cổ phần Hồng Hà Mới", "name_romanised": "Hong Ha Moi JSC",
                        "reason": "Renamed: enterprise registration certificate of 2026-11-01"}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        let r: Value = app
            .anonymous()
            .get(&format!("/api/v1/organisations/{hong_ha}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["name"], "Công ty Cổ phần Hồng Hà Mới");
        assert_eq!(r["status"], "suspended", "its record stays with it");
        assert_eq!(lookup_total(&app, "hong ha moi").await, 1);

        let audit: Value = regulator
            .get(&format!(
                "/api/v1/audit?entity_type=organisation&entity_id={hong_ha}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let entry = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["action"] == "organisation.identity_corrected")
            .unwrap_or_else(|| panic!("audited: {audit}"))
            .clone();
        assert_eq!(entry["after"]["name"], "Công ty Cổ phần Hồng Hà Mới");
        assert_eq!(
            entry["after"]["reason"],
            "Renamed: enterprise registration certificate of 2026-11-01"
        );
        assert_ne!(entry["before"]["name"], entry["after"]["name"]);

        // An admin may correct too.
        let admin = app.demo("admin").await;
        let res = admin
            .send(
                Method::PUT,
                &path,
                &json!({"name_romanised": "Hong Ha Moi Joint Stock Company", "reason": "Full romanised form"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
);
