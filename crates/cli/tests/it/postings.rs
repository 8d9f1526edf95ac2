//! Transparent postings: checks before publication, the disclosure, visibility and
//! enforcement.

use crate::both;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A lawful SSW (i) posting in Tokyo through the demo's licensed sending enterprise.
pub fn lawful(sending: &str) -> Value {
    json!({
        "sending_enterprise_id": sending,
        "programme": "ssw1",
        "field": "food_service",
        "title": {"vi": "Nhân viên nhà hàng tại Tokyo", "ja": "飲食店スタッフ（東京都）", "en": "Restaurant staff in Tokyo"},
        "description": {"vi": "Phục vụ và nấu ăn.", "ja": "接客と調理。", "en": "Serving and cooking."},
        "prefecture": 13,
        "municipality": "新宿区",
        "contract_months": 12,
        "scheduled_hours_per_month": 160,
        "monthly_wage_jpy": 230000,
        "allowances": [{"name": "住宅手当", "amount_jpy": 10000}],
        "overtime_premium_percent": 25,
        "bonus": {"times_per_year": 2, "jpy_per_year": 100000},
        "housing": {"provided": true, "rent_jpy": 30000, "utilities_jpy": 8000},
        "meals": {"provided": true, "deduction_jpy": 5000},
        "commuting_allowance_jpy": 10000,
        "japanese_level": "jlpt_n4",
        "skills_test": "外食業特定技能1号技能測定試験",
        "start_date": "2027-02-01",
        "openings": 3,
        "fees": [
            {"kind": "service_fee", "amount": 20000000, "currency": "VND", "payer": "worker"},
            {"kind": "medical_check", "amount": 1500000, "currency": "VND", "payer": "worker"},
            {"kind": "flight", "amount": 60000, "currency": "JPY", "payer": "employer"},
            {"kind": "service_fee", "amount": 200000, "currency": "JPY", "payer": "employer"}
        ]
    })
}

async fn created(api: &Api, body: &Value) -> Value {
    let res = api.post("/api/v1/postings", body).await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.unwrap()
}

both!(
    a_posting_is_checked_disclosed_and_published,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let p = created(&employer, &lawful(&sao_viet)).await;
        let id = p["id"].as_str().unwrap().to_owned();
        assert_eq!(p["status"], "draft");
        assert_eq!(p["may_publish"], true);
        assert!(
            p["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["id"] == "minimum_wage"
                    && c["source"]["title"].as_str().is_some_and(|s| !s.is_empty()))
        );
        let d = &p["disclosure"];
        let pay = &d["payroll"];
        assert_eq!(d["gross_monthly_jpy"], 240000);
        // Take-home = net pay (first year) − rent − utilities − meals, and every payroll figure adds up.
        assert_eq!(
            d["take_home_jpy"].as_i64().unwrap(),
            pay["net_pay_first_year_jpy"].as_i64().unwrap() - 30000 - 8000 - 5000
        );
        let deductions: i64 = [
            "health_insurance_jpy",
            "long_term_care_jpy",
            "pension_jpy",
            "employment_insurance_jpy",
            "income_tax_jpy",
            "resident_tax_jpy",
        ]
        .iter()
        .map(|k| pay[*k].as_i64().unwrap())
        .sum();
        // The commuting allowance (10,000 yen) is paid with the wage: in take-home pay too.
        assert_eq!(pay["commuting_allowance_jpy"], 10000);
        assert_eq!(
            pay["net_pay_jpy"].as_i64().unwrap(),
            240000 + 10000 - deductions
        );
        assert!(d["take_home_vnd"].as_i64().unwrap() > d["take_home_jpy"].as_i64().unwrap() * 100);
        assert_eq!(d["upfront_cost_vnd"], 21500000);
        let months: f64 = d["months_to_repay"].as_str().unwrap().parse().unwrap();
        let exact = d["upfront_cost_jpy"].as_f64().unwrap() / d["take_home_jpy"].as_f64().unwrap();
        assert!(
            months >= exact && months < exact + 0.11,
            "{months} vs {exact}"
        );
        assert!(d["employer_cost_share_percent"].as_str().is_some());
        assert!(
            pay["lines"]
                .as_array()
                .unwrap()
                .iter()
                .all(|l| l["source"]["title"].is_string())
        );

        // A draft is nobody else's business.
        let (status, _) =
            problem(app.anonymous().get(&format!("/api/v1/postings/{id}")).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let other = app.demo("employer2").await;
        let (status, _) = problem(other.get(&format!("/api/v1/postings/{id}")).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = problem(
            other
                .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            app.demo("regulator")
                .await
                .get(&format!("/api/v1/postings/{id}"))
                .await
                .status(),
            StatusCode::OK
        );

        let res = employer
            .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let list: Value = app
            .anonymous()
            .get("/api/v1/postings?program=ssw1&prefecture=13")
            .await
            .json()
            .await
            .unwrap();
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id.as_str())
            .expect("listed");
        for key in [
            "id",
            "title",
            "program",
            "field",
            "prefecture",
            "net_pay_jpy",
            "upfront_cost_vnd",
            "employer",
        ] {
            assert!(item.get(key).is_some(), "{key}");
        }
        assert_eq!(item["employer"]["in_good_standing"], true);
        assert_eq!(item["net_pay_jpy"], d["take_home_jpy"]);
        // Workers apply once; others may not apply.
        let worker = app.demo("worker").await;
        let res = worker
            .post(
                &format!("/api/v1/postings/{id}/applications"),
                &json!({"via_organisation_id": sao_viet}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let (status, p) = problem(
            worker
                .post(&format!("/api/v1/postings/{id}/applications"), &json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::CONFLICT, vec!["posting_id".to_owned()])
        );
        let (status, _) = problem(
            employer
                .post(&format!("/api/v1/postings/{id}/applications"), &json!({}))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let applicants: Value = employer
            .get(&format!("/api/v1/postings/{id}/applications"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(applicants["items"][0]["worker_name"], "Nguyễn Văn An");
        let (status, _) = problem(
            other
                .get(&format!("/api/v1/postings/{id}/applications"))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both!(
    publication_lists_every_broken_rule,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let mut body = lawful(&sao_viet);
        body["monthly_wage_jpy"] = json!(150000); // 937.5 yen an hour in Tokyo
        body["fees"] = json!([
            {"kind": "service_fee", "amount": 200000000, "currency": "VND", "payer": "worker"},
            {"kind": "brokerage", "amount": 30000000, "currency": "VND", "payer": "worker"}
        ]);
        body["field"] = json!("aviation_nonexistent_field_for_test");
        let (status, p) = problem(employer.post("/api/v1/postings", &body).await).await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["field".to_owned()]),
            "an unknown field id is bad input"
        );
        body["field"] = json!("nursing"); // an EPA field, not SSW
        let p = created(&employer, &body).await;
        assert_eq!(p["may_publish"], false);
        let id = p["id"].as_str().unwrap();
        let (status, problem) = problem(
            employer
                .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, problem["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("rules_broken"))
        );
        let rules = problem["broken_rules"].as_array().unwrap();
        let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        for expected in [
            "minimum_wage",
            "service_fee_cap",
            "no_brokerage",
            "field_allowed",
        ] {
            assert!(ids.contains(&expected), "{expected} in {ids:?}");
        }
        for r in rules {
            for key in ["value", "limit", "source", "message"] {
                assert!(
                    r[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{key} of {r}"
                );
            }
        }
        let wage = rules.iter().find(|r| r["id"] == "minimum_wage").unwrap();
        assert!(
            wage["limit"].as_str().unwrap().contains("1226"),
            "Tokyo's FY2025 minimum: {wage}"
        );
        let detail: Value = employer
            .get(&format!("/api/v1/postings/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(detail["status"], "draft", "nothing changed");
    }
);

both!(
    bad_posting_input_names_the_field,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        for (change, field) in [
            (json!({"monthly_wage_jpy": -5}), "monthly_wage_jpy"),
            (
                json!({"monthly_wage_jpy": 999999999999i64}),
                "monthly_wage_jpy",
            ),
            (json!({"prefecture": 48}), "prefecture"),
            (json!({"programme": "tourism"}), "programme"),
            (json!({"start_date": "2020-01-01"}), "start_date"),
            (json!({"start_date": "tomorrow"}), "start_date"),
            (
                json!({"fees": [{"kind": "service_fee", "amount": 100, "currency": "USD", "payer": "worker"}]}),
                "fees[0].currency",
            ),
            (
                json!({"fees": [{"kind": "bribe", "amount": 100, "currency": "VND", "payer": "worker"}]}),
                "fees[0].kind",
            ),
            (
                json!({"housing": {"provided": true, "rent_jpy": -1, "utilities_jpy": 0}}),
                "housing.rent_jpy",
            ),
            (
                json!({"title": {"vi": "", "ja": "x", "en": "x"}}),
                "title.vi",
            ),
            (json!({"japanese_level": "fluent"}), "japanese_level"),
            (
                json!({"sending_enterprise_id": app.org_id("JP-EMP-0004").await}),
                "sending_enterprise_id",
            ),
        ] {
            let mut body = lawful(&sao_viet);
            for (k, v) in change.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (status, p) = problem(employer.post("/api/v1/postings", &body).await).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{change}");
            assert!(fields(&p).contains(&field.to_owned()), "{change}: {p}");
        }
        let mine: Value = employer
            .get("/api/v1/me/postings")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            mine["items"].as_array().unwrap().len(),
            1,
            "only the demo's posting; nothing stored"
        );
        // Only employers create postings.
        for who in ["worker", "sending", "regulator"] {
            let (status, _) = problem(
                app.demo(who)
                    .await
                    .post("/api/v1/postings", &lawful(&sao_viet))
                    .await,
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
        }
    }
);

both!(
    a_sanction_hides_postings_refuses_applications_and_notifies,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let p = created(&employer, &lawful(&sao_viet)).await;
        let id = p["id"].as_str().unwrap().to_owned();
        assert_eq!(
            employer
                .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
                .await
                .status(),
            StatusCode::OK
        );
        let worker = app.demo("worker3").await; // no demo applications
        assert_eq!(
            worker
                .post(&format!("/api/v1/postings/{id}/applications"), &json!({}))
                .await
                .status(),
            StatusCode::CREATED
        );
        kakehashi_core::registry::enforcement::sweep(&app.core)
            .await
            .unwrap();

        // The regulator suspends the sending enterprise from 1 December.
        let regulator = app.demo("regulator").await;
        let res = regulator
        .post(&format!("/api/v1/organisations/{sao_viet}/sanctions"), &json!({"kind": "suspension", "starts_on": "2026-12-01", "ends_on": "2026-12-31", "decision_number": "D-88/QĐ-XPHC"}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let listed = |v: Value| {
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == id.as_str())
        };
        assert!(
            listed(
                app.anonymous()
                    .get("/api/v1/postings")
                    .await
                    .json()
                    .await
                    .unwrap()
            ),
            "still listed before its date"
        );

        app.clock.set_date(jiff::civil::date(2026, 12, 1));
        assert!(
            !listed(
                app.anonymous()
                    .get("/api/v1/postings")
                    .await
                    .json()
                    .await
                    .unwrap()
            ),
            "gone on its date, without a restart"
        );
        let (status, _) =
            problem(app.anonymous().get(&format!("/api/v1/postings/{id}")).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let other = app.demo("worker2").await;
        let (status, p) = problem(
            other
                .post(&format!("/api/v1/postings/{id}/applications"), &json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::CONFLICT, Some("refused"))
        );
        assert_eq!(p["params"]["refusal"], "organisation_suspended");
        assert_eq!(p["params"]["since"], "2026-12-01");
        assert!(
            p["detail"].as_str().unwrap().contains("2026-12-31"),
            "the refusal says until when: {p}"
        );
        // Its employer still sees it, and why it is hidden.
        let employer = app.demo("employer").await;
        let own: Value = employer
            .get(&format!("/api/v1/postings/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(own["visible"], false);
        assert_eq!(own["hidden_because"]["code"], "organisation_suspended");
        // The worker with an open application is told, once.
        let report = kakehashi_core::registry::enforcement::sweep(&app.core)
            .await
            .unwrap();
        assert_eq!(report.lost_standing, 1);
        assert_eq!(
            kakehashi_core::registry::enforcement::sweep(&app.core)
                .await
                .unwrap()
                .notified,
            0,
            "not twice"
        );
        let worker = app.demo("worker3").await; // no demo applications
        let inbox: Value = worker
            .get("/api/v1/me/notifications")
            .await
            .json()
            .await
            .unwrap();
        let items = inbox["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{inbox}");
        assert_eq!(items[0]["kind"], "standing_organisation_suspended");
        assert!(items[0]["message"].as_str().unwrap().contains("2026-12-31"));
        // New postings through it are refused, saying why.
        let p2 = created(&employer, &lawful(&sao_viet)).await;
        let (status, p) = problem(
            employer
                .post(
                    &format!("/api/v1/postings/{}/publish", p2["id"].as_str().unwrap()),
                    &json!({}),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, p["params"]["refusal"].as_str()),
            (StatusCode::CONFLICT, Some("organisation_suspended"))
        );

        // The suspension ends: the posting is back.
        app.clock.set_date(jiff::civil::date(2027, 1, 1));
        assert!(listed(
            app.anonymous()
                .get("/api/v1/postings")
                .await
                .json()
                .await
                .unwrap()
        ));
        assert_eq!(
            kakehashi_core::registry::enforcement::sweep(&app.core)
                .await
                .unwrap()
                .restored,
            1
        );
    }
);

fn score_line(record: &Value, item: &str) -> Value {
    record["compliance_score"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["item"] == item)
        .unwrap()
        .clone()
}

async fn record(app: &TestApp, id: &str, on: Option<&str>) -> Value {
    let q = on.map(|d| format!("?on={d}")).unwrap_or_default();
    let res = app
        .anonymous()
        .get(&format!("/api/v1/organisations/{id}{q}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

both!(the_record_shows_fee_compliance, |app: TestApp| async move {
    let app = app.with_demo().await;
    let hokuto = app.org_id("JP-EMP-0005").await;
    let r = record(&app, &hokuto, None).await;
    // The demo has one lawful published posting; its draft charging brokerage is private and
    // does not count.
    assert_eq!(r["fee_compliance"]["postings"], 1);
    assert_eq!(r["fee_compliance"]["passed"], 1);
    assert_eq!(r["fee_compliance"]["share_percent"], 100);
    assert_eq!(score_line(&r, "postings_failing_fee_rules")["count"], 0);
});

both!(
    private_drafts_do_not_lower_another_organisations_score,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let before = record(&app, &sao_viet, None).await;
        assert_eq!(before["compliance_score"]["score"], 100);
        // Another employer names the licensed sending enterprise on ten drafts charging
        // brokerage to the worker.
        let hikari = app.demo("employer2").await;
        let mut unlawful = lawful(&sao_viet);
        unlawful["fees"].as_array_mut().unwrap().push(
            json!({"kind": "brokerage", "amount": 40000000, "currency": "VND", "payer": "worker"}),
        );
        for _ in 0..10 {
            let p = created(&hikari, &unlawful).await;
            assert_eq!(p["may_publish"], false);
        }
        let after = record(&app, &sao_viet, None).await;
        assert_eq!(after["compliance_score"]["score"], 100);
        assert_eq!(after["fee_compliance"], before["fee_compliance"]);
        assert_eq!(score_line(&after, "postings_failing_fee_rules")["count"], 0);
    }
);

both!(
    fee_compliance_counts_published_postings_within_the_window,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let counted = |r: &Value| r["fee_compliance"]["postings"].as_i64().unwrap();
        let before = counted(&record(&app, &sao_viet, None).await);
        let employer = app.demo("employer").await;
        let p = created(&employer, &lawful(&sao_viet)).await;
        let id = p["id"].as_str().unwrap();
        assert_eq!(counted(&record(&app, &sao_viet, None).await), before);
        let res = employer
            .post(&format!("/api/v1/postings/{id}/publish"), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(counted(&record(&app, &sao_viet, None).await), before + 1);
        // Closed, it still counts: it was public.
        let res = employer
            .post(&format!("/api/v1/postings/{id}/close"), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(counted(&record(&app, &sao_viet, None).await), before + 1);
        // Judged on a date before it was published, or more than 36 months after, it does not
        // (the demo's postings were published the same day, 2026-11-23).
        assert_eq!(
            counted(&record(&app, &sao_viet, Some("2026-11-22")).await),
            0
        );
        assert_eq!(
            counted(&record(&app, &sao_viet, Some("2029-11-23")).await),
            before + 1
        );
        assert_eq!(
            counted(&record(&app, &sao_viet, Some("2029-11-24")).await),
            0
        );
    }
);

both!(withdrawing_an_application, |app: TestApp| async move {
    let app = app.with_demo().await;
    let list: Value = app
        .anonymous()
        .get("/api/v1/postings")
        .await
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let worker = app.demo("worker3").await; // no demo applications
    let a: Value = worker
        .post(&format!("/api/v1/postings/{id}/applications"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let aid = a["id"].as_str().unwrap();
    let other = app.demo("worker2").await;
    let (status, _) = problem(
        other
            .post(&format!("/api/v1/applications/{aid}/withdraw"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        worker
            .post(&format!("/api/v1/applications/{aid}/withdraw"), &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let mine: Value = worker
        .get("/api/v1/me/applications")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["state"], "withdrawn");
    let (status, _) = problem(
        worker
            .send(
                Method::POST,
                &format!("/api/v1/applications/{aid}/withdraw"),
                &json!({}),
            )
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
});

/// The posting form's fields for a lawful job in Osaka, with the wage as typed.
fn posting_form(wage: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("programme", "ssw1"),
        ("field", "food_service"),
        ("title_vi", "Phụ bếp"),
        ("title_ja", "調理補助"),
        ("title_en", "Kitchen assistant"),
        ("description_vi", "Sơ chế nguyên liệu."),
        ("description_ja", "食材の下ごしらえ。"),
        ("description_en", "Preparing ingredients."),
        ("prefecture", "27"),
        ("municipality", "大阪市"),
        ("start_date", "2027-03-01"),
        ("contract_months", "12"),
        ("openings", "2"),
        ("japanese_level", "jlpt_n4"),
        ("monthly_wage_jpy", wage),
        ("scheduled_hours_per_month", "160"),
        ("housing_provided", "0"),
        ("fee0_kind", "service_fee"),
        ("fee0_amount", "10000000"),
        ("fee0_currency", "VND"),
        ("fee0_payer", "worker"),
    ]
}

both!(
    the_form_looks_partners_up_in_the_registry,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let form = employer.get("/postings/new").await.text().await.unwrap();
        assert!(
            form.contains("<input id=\"sending_enterprise_id\""),
            "a look-up, not a list of the whole register"
        );
        let r: Value = app
            .anonymous()
            .get(&format!("/api/v1/organisations/{sao_viet}"))
            .await
            .json()
            .await
            .unwrap();
        let licence = r["licences"][0]["number"].as_str().unwrap().to_owned();
        let name = r["name_romanised"].as_str().unwrap().to_owned();
        for typed in [licence.as_str(), name.as_str(), "0109000001"] {
            let mut fields = posting_form("215000");
            fields.push(("sending_enterprise_id", typed));
            let res = employer.form("/postings/new", &fields).await;
            assert_eq!(res.status(), StatusCode::SEE_OTHER, "{typed}");
            let id = res.headers()["location"].to_str().unwrap()["/jobs/".len()..]
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            let p: Value = employer
                .get(&format!("/api/v1/postings/{id}"))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(p["sending_enterprise"]["id"], sao_viet.as_str(), "{typed}");
        }
        // Nothing matches: said beside the field.
        let mut fields = posting_form("215000");
        fields.push(("sending_enterprise_id", "khong ton tai xyz"));
        let res = employer.form("/postings/new", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text()
                .await
                .unwrap()
                .contains("id=\"sending_enterprise_id-error\"")
        );
        // Several match: offered to choose from.
        let mut fields = posting_form("215000");
        fields.push(("sending_enterprise_id", "cong ty"));
        let res = employer.form("/postings/new", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("<select id=\"sending_enterprise_id\""),
            "{html}"
        );
        assert!(html.contains(&format!("<option value=\"{sao_viet}\">")));
    }
);

both!(
    job_pages_in_three_languages_and_the_posting_form,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let anon = app.anonymous();
        let list: Value = anon
            .get("/api/v1/postings?sort=net_pay")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 3, "the demo's three published jobs");
        let pays: Vec<i64> = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["net_pay_jpy"].as_i64().unwrap())
            .collect();
        assert!(
            pays.windows(2).all(|w| w[0] >= w[1]),
            "sorted by take-home pay: {pays:?}"
        );
        let id = list["items"][0]["id"].as_str().unwrap().to_owned();
        for (lang, word) in [
            ("vi", "Lương thực nhận"),
            ("ja", "手取り額"),
            ("en", "Take-home pay"),
        ] {
            let html = anon
                .get(&format!("/jobs?lang={lang}"))
                .await
                .text()
                .await
                .unwrap();
            assert_eq!(html.matches("data-testid=\"job\"").count(), 3, "{lang}");
            let html = anon
                .get(&format!("/jobs/{id}?lang={lang}"))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                html.contains(word)
                    && html.contains("data-testid=\"disclosure\"")
                    && html.contains("data-testid=\"check\""),
                "{lang}"
            );
            for key in ["check-", "job-", "disclosure-", "fee-", "payer-", "table-"] {
                assert!(
                    !html.contains(&format!(">{key}")),
                    "untranslated {key} in {lang}"
                );
            }
        }
        // The employer writes a posting on the form: a mistake is shown beside its field.
        let employer = app.demo("employer").await;
        let form = employer.get("/postings/new").await.text().await.unwrap();
        assert!(form.contains("name=\"fee0_kind\""));
        let mut fields = posting_form("abc");
        let res = employer.form("/postings/new", &fields).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"monthly_wage_jpy-error\""),
            "message beside the wage"
        );
        assert!(
            html.contains("value=\"調理補助\""),
            "what was typed is kept"
        );
        fields.retain(|(k, _)| *k != "monthly_wage_jpy");
        fields.push(("monthly_wage_jpy", "215000"));
        let res = employer.form("/postings/new", &fields).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let new_id = location
            .trim_start_matches("/jobs/")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let res = employer.form(&format!("/jobs/{new_id}/publish"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let mine = employer.get("/postings").await.text().await.unwrap();
        assert!(
            mine.contains("調理補助")
                || mine.contains("Phụ bếp")
                || mine.contains("Kitchen assistant")
        );
        // A worker applies from the page.
        let worker = app.demo("worker").await;
        let res = worker.form(&format!("/jobs/{new_id}/apply"), &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let again = worker.form(&format!("/jobs/{new_id}/apply"), &[]).await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        assert!(
            again
                .text()
                .await
                .unwrap()
                .contains("data-testid=\"refusal\"")
        );
    }
);
