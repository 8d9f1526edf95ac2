//! The registry: look-up, public record, regulators' records, enforcement on a date.

use crate::both;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn lookup(api: &Api, query: &str) -> Value {
    let res = api.get(&format!("/api/v1/organisations?{query}")).await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res.json().await.unwrap()
}

fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

both!(
    look_up_by_name_code_and_licence,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let anon = app.anonymous();
        // Vietnamese without diacritics finds the name with them.
        let v = lookup(&anon, "q=cong%20ty%20cung%20ung%20nhan%20luc").await;
        assert_eq!(names(&v), ["Công ty Cổ phần Cung ứng Nhân lực Sao Việt"]);
        assert_eq!(v["total"], 1);
        let item = &v["items"][0];
        for key in [
            "id",
            "name",
            "name_romanised",
            "kind",
            "licence_number",
            "status",
            "in_good_standing",
        ] {
            assert!(item.get(key).is_some(), "{key}");
        }
        assert_eq!(item["kind"], "sending_enterprise");
        assert_eq!(item["licence_number"], "D-101/LĐTBXH-GP");
        assert_eq!(item["status"], "active");
        assert_eq!(item["in_good_standing"], true);
        // With diacritics, romanised, by code, by licence number as typed, Japanese without spaces.
        assert_eq!(
            names(
                &lookup(
                    &anon,
                    "q=C%C3%B4ng%20ty%20C%E1%BB%95%20ph%E1%BA%A7n%20Cung%20%E1%BB%A9ng"
                )
                .await
            )
            .len(),
            1
        );
        assert_eq!(
            names(&lookup(&anon, "q=sao%20viet%20manpower").await).len(),
            1
        );
        assert_eq!(names(&lookup(&anon, "q=0109000001").await).len(), 1);
        assert_eq!(
            names(&lookup(&anon, "q=D-101%2FL%C4%90TBXH-GP").await),
            ["Công ty Cổ phần Cung ứng Nhân lực Sao Việt"]
        );
        assert_eq!(names(&lookup(&anon, "q=d101ldtbxhgp").await).len(), 1);
        assert_eq!(
            names(&lookup(&anon, "q=%E6%9D%B1%E6%B5%B7%E7%B2%BE%E5%AF%86").await),
            ["株式会社東海精密工業"]
        );
        // Filters and status in force.
        let v = lookup(&anon, "kind=sending_enterprise").await;
        assert_eq!(v["total"], 3);
        let v = lookup(&anon, "status=suspended").await;
        assert_eq!(
            names(&v),
            ["Công ty TNHH Phát triển Nguồn nhân lực Hồng Hà"]
        );
        assert_eq!(v["items"][0]["in_good_standing"], false);
        let v = lookup(&anon, "status=revoked&kind=sending_enterprise").await;
        assert_eq!(names(&v), ["Công ty Cổ phần Hợp tác Quốc tế Bình Minh"]);
        let v = lookup(&anon, "q=nothing%20like%20this").await;
        assert_eq!(
            (v["total"].as_i64(), v["items"].as_array().unwrap().len()),
            (Some(0), 0)
        );
        // Past the end: an empty page, not an error.
        let v = lookup(&anon, "page=99&per_page=10").await;
        assert!(v["items"].as_array().unwrap().is_empty() && v["total"].as_i64().unwrap() > 10);
    }
);

both!(
    look_up_refuses_bad_parameters_clearly,
    |app: TestApp| async move {
        let anon = app.anonymous();
        for (query, field) in [
            ("kind=bank", "kind"),
            ("status=closed", "status"),
            ("per_page=1000", "per_page"),
            ("page=0", "page"),
        ] {
            let (status, p) =
                problem(anon.get(&format!("/api/v1/organisations?{query}")).await).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            assert_eq!(fields(&p), [field]);
        }
        let (status, p) = problem(anon.get("/api/v1/organisations?page=abc").await).await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::BAD_REQUEST, vec!["page".to_owned()])
        );
        let (status, p) = problem(anon.get("/api/v1/organisations?colour=red").await).await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::BAD_REQUEST, vec!["colour".to_owned()])
        );
        let long = "a".repeat(10_000);
        let (status, p) = problem(anon.get(&format!("/api/v1/organisations?q={long}")).await).await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["q".to_owned()])
        );
        // Query syntax characters are plain text.
        for q in ["%22", "*", "%3A", "((", "%25", "_", "'%20OR%201=1--"] {
            let res = anon.get(&format!("/api/v1/organisations?q={q}")).await;
            assert_eq!(res.status(), StatusCode::OK, "{q}");
        }
    }
);

both!(
    public_record_shows_sanctions_and_score,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let id = app.org_id("2901000002").await; // Hồng Hà
        let r: Value = app
            .anonymous()
            .get(&format!("/api/v1/organisations/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["status"], "suspended");
        assert_eq!(r["in_good_standing"], false);
        let sanctions = r["sanctions"].as_array().unwrap();
        assert_eq!(sanctions.len(), 2);
        let suspension = sanctions
            .iter()
            .find(|s| s["kind"] == "suspension")
            .unwrap();
        assert_eq!(
            (
                suspension["starts_on"].as_str(),
                suspension["ends_on"].as_str()
            ),
            (Some("2026-09-15"), Some("2027-03-14"))
        );
        assert_eq!(suspension["in_force"], true);
        assert!(
            suspension["legal_basis"]
                .as_str()
                .unwrap()
                .contains("Decree 283/2026")
        );
        assert!(
            r["violations"][0]["legal_basis"]
                .as_str()
                .unwrap()
                .contains("Law 69/2020/QH14")
        );
        assert_eq!(r["inspections"].as_array().unwrap().len(), 1);
        let score = &r["compliance_score"];
        let points: i64 = score["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["points"].as_i64().unwrap())
            .sum();
        assert_eq!(score["score"].as_i64().unwrap(), (100 - points).max(0));
        // Not in good standing, one violation, a fine, a suspension; the demo's unlawful draft
        // through it is private and does not count.
        assert_eq!(score["score"], 100 - 40 - 10 - 10 - 20);
        // The page says the same in three languages, with the formula.
        for lang in ["vi", "ja", "en"] {
            let html = app
                .anonymous()
                .get(&format!("/registry/{id}?lang={lang}"))
                .await
                .text()
                .await
                .unwrap();
            assert!(html.contains("data-good=\"false\"") && html.contains("D-45/QĐ-XPHC"));
            assert!(html.contains("data-testid=\"score\">20<"), "{lang}");
            assert!(!html.contains("record-score-formula"));
        }
        let (status, _) = problem(
            app.anonymous()
                .get("/api/v1/organisations/not-a-uuid")
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both!(
    only_regulators_record_and_everything_is_audited,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let id = app.org_id("0109000001").await; // Sao Việt
        let body = json!({"inspected_on": "2026-11-20", "authority": "Thanh tra Bộ Nội vụ", "findings": "Giữ hộ chiếu của 3 người lao động."});
        for who in ["employer", "sending", "admin", "officer"] {
            let api = app.demo(who).await;
            let (status, _) = problem(
                api.post(&format!("/api/v1/organisations/{id}/inspections"), &body)
                    .await,
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        }
        let regulator = app.demo("regulator").await;
        let res = regulator
            .post(&format!("/api/v1/organisations/{id}/inspections"), &body)
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let inspection = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = regulator
        .post(&format!("/api/v1/organisations/{id}/violations"), &json!({"kind": "document_retention", "found_on": "2026-11-20", "description": "Giữ hộ chiếu.", "inspection_id": inspection}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let violation = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let res = regulator
        .post(&format!("/api/v1/organisations/{id}/sanctions"), &json!({"kind": "warning", "starts_on": "2026-11-22", "decision_number": "D-9/QĐ", "violation_id": violation}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        // Bad sanctions are refused naming the field, and nothing is stored.
        for (body, field) in [
            (
                json!({"kind": "fine", "starts_on": "2026-11-22", "decision_number": "x"}),
                "fine_vnd",
            ),
            (
                json!({"kind": "fine", "fine_vnd": -5, "starts_on": "2026-11-22", "decision_number": "x"}),
                "fine_vnd",
            ),
            (
                json!({"kind": "suspension", "starts_on": "2026-11-22", "ends_on": "2026-11-01", "decision_number": "x"}),
                "ends_on",
            ),
            (
                json!({"kind": "exile", "starts_on": "2026-11-22", "decision_number": "x"}),
                "kind",
            ),
            (
                json!({"kind": "warning", "starts_on": "2026-13-45", "decision_number": "x"}),
                "starts_on",
            ),
        ] {
            let (status, p) = problem(
                regulator
                    .post(&format!("/api/v1/organisations/{id}/sanctions"), &body)
                    .await,
            )
            .await;
            assert_eq!(
                (status, fields(&p)),
                (StatusCode::UNPROCESSABLE_ENTITY, vec![field.to_owned()]),
                "{body}"
            );
        }
        let (status, p) = problem(
            regulator
                .post(
                    &format!("/api/v1/organisations/{id}/licences"),
                    &json!({"number": "D-101/LĐTBXH-GP", "issued_on": "2026-01-01"}),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::CONFLICT, vec!["number".to_owned()])
        );
        let (status, p) = problem(
            regulator
                .post(
                    &format!("/api/v1/organisations/{id}/licences"),
                    &json!({"number": "D-999", "issued_on": "2026-01-01", "ends_on": "2025-01-01"}),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["ends_on".to_owned()])
        );
        let r: Value = app
            .anonymous()
            .get(&format!("/api/v1/organisations/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["sanctions"].as_array().unwrap().len(), 1);
        assert_eq!(
            r["in_good_standing"], true,
            "a warning does not stop recruiting"
        );
        let audit: Value = regulator
            .get(&format!(
                "/api/v1/audit?entity_type=organisation&entity_id={id}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let actions: Vec<&str> = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        for a in [
            "sanction.imposed",
            "violation.recorded",
            "inspection.recorded",
            "licence.added",
            "organisation.created",
        ] {
            assert!(actions.contains(&a), "{a} in {actions:?}");
        }
    }
);

both!(
    a_future_sanction_takes_effect_on_its_date_and_ends,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let id = app.org_id("0109000001").await; // Sao Việt, in good standing on 2026-11-23
        let regulator = app.demo("regulator").await;
        let res = regulator
        .post(&format!("/api/v1/organisations/{id}/sanctions"), &json!({"kind": "suspension", "starts_on": "2026-12-01", "ends_on": "2027-01-31", "decision_number": "D-77/QĐ-XPHC"}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let sanction = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let anon = app.anonymous();
        let standing = |v: Value| {
            (
                v["items"][0]["status"].as_str().unwrap().to_owned(),
                v["items"][0]["in_good_standing"].as_bool().unwrap(),
            )
        };
        assert_eq!(
            standing(lookup(&anon, "q=0109000001").await),
            ("active".into(), true)
        );
        let mut conn = app.core.db().conn().await.unwrap();
        kakehashi_core::registry::require_good_standing(&mut conn, &id, app.core.today())
            .await
            .unwrap();

        app.clock.set_date(jiff::civil::date(2026, 12, 1));
        assert_eq!(
            standing(lookup(&anon, "q=0109000001").await),
            ("suspended".into(), false)
        );
        let refusal =
            kakehashi_core::registry::require_good_standing(&mut conn, &id, app.core.today())
                .await
                .unwrap_err();
        match refusal {
            kakehashi_core::CoreError::Refused { code, params } => {
                assert_eq!(code, "organisation_suspended");
                assert_eq!(params["since"], "2026-12-01");
                assert_eq!(params["until"], "2027-01-31");
                assert_eq!(params["decision"], "D-77/QĐ-XPHC");
            }
            other => panic!("{other:?}"),
        }
        app.clock.set_date(jiff::civil::date(2027, 2, 1));
        assert_eq!(
            standing(lookup(&anon, "q=0109000001").await),
            ("active".into(), true),
            "the suspension ended"
        );

        // Overturned on appeal: not in force even within its dates.
        app.clock.set_date(jiff::civil::date(2026, 12, 15));
        assert!(!standing(lookup(&anon, "q=0109000001").await).1);
        let regulator = app.demo("regulator").await; // the earlier session has expired meanwhile
        let res = regulator
            .send(
                reqwest::Method::PUT,
                &format!("/api/v1/sanctions/{sanction}/appeal"),
                &json!({"appeal_status": "overturned"}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            standing(lookup(&anon, "q=0109000001").await),
            ("active".into(), true)
        );
    }
);

both!(
    registry_pages_search_and_regulator_forms,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let anon = app.anonymous();
        for lang in ["vi", "ja", "en"] {
            let html = anon
                .get(&format!("/registry?q=hong+ha&lang={lang}"))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                html.contains("Hồng Hà") && html.contains("data-testid=\"registry-item\""),
                "{lang}"
            );
        }
        let id = app.org_id("JP-EMP-0005").await; // Hokuto
        let regulator = app.demo("regulator").await;
        let page = regulator
            .get(&format!("/registry/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("action=\"/registry/") && page.contains("/sanctions\""));
        let res = regulator
            .form(
                &format!("/registry/{id}/inspections"),
                &[
                    ("inspected_on", "2099-01-01"),
                    ("authority", "労働基準監督署"),
                    ("findings", "x"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("id=\"inspected_on-error\"")
        );
        let res = regulator
            .form(
                &format!("/registry/{id}/inspections"),
                &[
                    ("inspected_on", "2026-11-01"),
                    ("authority", "労働基準監督署"),
                    ("findings", "賃金台帳に不備なし"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let html = anon
            .get(&format!("/registry/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("賃金台帳に不備なし"));
        assert!(
            !html.contains("/sanctions\""),
            "no regulator forms for the public"
        );
        // A non-regulator posting the form is refused.
        let employer = app.demo("employer").await;
        let res = employer
            .form(
                &format!("/registry/{id}/inspections"),
                &[
                    ("inspected_on", "2026-11-01"),
                    ("authority", "x"),
                    ("findings", "y"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
);

/// The benchmark runs at a small size in CI (the figures in the README come from a release
/// build at 100,000 organisations).
#[test]
fn the_registry_benchmark_prints_its_result_line() {
    for backend in ["sqlite", "postgres"] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
            .args([
                "bench",
                "registry",
                "--organisations",
                "1500",
                "--queries",
                "150",
                "--backend",
                backend,
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{backend}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let last = stdout.lines().last().unwrap();
        assert!(
            last.starts_with(&format!("RESULT organisations=1500 backend={backend} ")),
            "{last}"
        );
        for key in ["p50_ms=", "p99_ms=", "qps=", "baseline_p99_ms=", "ratio="] {
            assert!(last.contains(key), "{key} in {last}");
        }
    }
}
