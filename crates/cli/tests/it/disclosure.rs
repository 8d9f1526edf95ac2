//! Honest figures for recruitment: dated exchange rates imported by regulators and admins
//! (buying rate for take-home pay, selling rate for fees paid in yen, a warning when the rate
//! is old), the realistic months to repay with interest and a server-drawn chart, and the
//! minimum wage over the whole contract.

use crate::both;
use crate::postings::lawful;
use crate::support::*;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Rates for the tests: figures made up for the test, not bank rates.
const GOOD: &str = "date,currency,buying,transfer,selling,source\n\
                    2026-11-16,JPY,158.00,,168.00,Test bank table | https://bank.example/16\n\
                    2026-11-20,JPY,160.00,161.50,170.00,Test bank table | https://bank.example/20\n";

/// Two bad lines: a selling rate below the buying rate, a date without a buying rate.
const BAD: &str = "date,currency,buying,transfer,selling,source\n\
                   2026-11-18,JPY,170.00,,160.00,Test bank\n\
                   2026-11-19,JPY,,,170.00,Test bank\n";

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("kk-{}-{name}", uuid::Uuid::now_v7()));
    std::fs::write(&path, text).unwrap();
    path
}

async fn post_csv(api: &Api, text: &str) -> reqwest::Response {
    api.client
        .post(format!("{}/api/v1/exchange-rates", api.base))
        .header("x-csrf-token", &api.csrf)
        .header("content-type", "text/csv")
        .body(text.to_owned())
        .send()
        .await
        .unwrap()
}

async fn json_of(res: reqwest::Response, want: StatusCode) -> Value {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, want, "{body}");
    serde_json::from_str(&body).unwrap()
}

async fn create(api: &Api, body: &Value) -> Value {
    json_of(
        api.post("/api/v1/postings", body).await,
        StatusCode::CREATED,
    )
    .await
}

both!(
    rates_import_from_the_command_line_and_dong_figures_follow_them,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // Bad lines: named with their column, nothing stored, exit code 1.
        let bad = write_temp("bad.csv", BAD);
        let out = app.cli(&["rates", "import", bad.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("line 2, column selling"), "{stderr}");
        assert!(stderr.contains("selling_below_buying"), "{stderr}");
        assert!(stderr.contains("line 3, column buying"), "{stderr}");
        assert!(stderr.contains("missing_rate"), "{stderr}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "imported=0 unchanged=0 rejected=2"
        );
        let rates = json_of(
            app.anonymous().get("/api/v1/exchange-rates").await,
            StatusCode::OK,
        )
        .await;
        assert!(
            rates["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["origin"] == "shipped")
        );

        let good = write_temp("good.csv", GOOD);
        let out = app.cli(&["rates", "import", good.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "imported=2 unchanged=0 rejected=0",
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = app.cli(&["rates", "import", good.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "imported=0 unchanged=2 rejected=0"
        );
        let regulator = app.demo("regulator").await;
        let audit = json_of(
            regulator.get("/api/v1/audit?limit=500").await,
            StatusCode::OK,
        )
        .await;
        let imported = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["action"] == "exchange_rate.imported")
            .count();
        assert_eq!(imported, 2, "{audit}");
        assert!(app.cli(&["audit", "verify"]).status.success());

        // A posting's dong figures use the newest rate on or before today (2026-11-23):
        // take-home pay at the buying rate, a fee the worker pays in yen at the selling rate.
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let mut body = lawful(&sao_viet);
        body["fees"].as_array_mut().unwrap().push(
            json!({"kind": "training", "amount": 50000, "currency": "JPY", "payer": "worker"}),
        );
        let p = create(&employer, &body).await;
        let d = &p["disclosure"];
        assert_eq!(d["exchange_rate"]["date"], "2026-11-20");
        assert_eq!(d["exchange_rate"]["vnd_per_100_jpy"], 16000);
        assert_eq!(d["exchange_rate"]["sell_vnd_per_100_jpy"], 17000);
        assert_eq!(d["exchange_rate"]["origin"], "imported");
        assert_eq!(d["exchange_rate"]["age_days"], 3);
        assert_eq!(d["exchange_rate"]["stale"], false);
        assert_eq!(
            d["take_home_vnd"].as_i64().unwrap(),
            d["take_home_jpy"].as_i64().unwrap() * 160
        );
        // 20,000,000 + 1,500,000 dong, and 50,000 yen bought at 170 dong per yen.
        assert_eq!(d["upfront_cost_vnd"], 21_500_000 + 8_500_000);
        // In yen: the dong fees at the buying rate, plus the yen fee.
        assert_eq!(d["upfront_cost_jpy"], 21_500_000 / 160 + 50_000);
        let id = p["id"].as_str().unwrap().to_owned();
        let page = employer
            .get(&format!("/jobs/{id}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("data-testid=\"rate\""), "{page}");
        assert!(page.contains("buying 160.00, selling 170.00"), "{page}");
        assert!(!page.contains("data-testid=\"rate-stale\""));

        // Four weeks later the rate is 31 days old: a visible warning, not a note code.
        app.clock.advance(SignedDuration::from_hours(24 * 28));
        // (The session has idled out meanwhile.)
        let employer = app.demo("employer").await;
        let p = json_of(
            employer.get(&format!("/api/v1/postings/{id}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(p["disclosure"]["exchange_rate"]["stale"], true);
        assert_eq!(p["disclosure"]["exchange_rate"]["age_days"], 31);
        assert!(
            p["disclosure"]["notes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n.as_str().is_some_and(|n| !n.contains("exchange")))
        );
        let page = employer
            .get(&format!("/jobs/{id}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("data-testid=\"rate-stale\""), "{page}");
        assert!(page.contains("31 days ago"), "{page}");
    }
);

both!(
    rates_import_over_http_is_for_regulators_and_admins,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let worker = app.demo("worker").await;
        let (status, _) = problem(post_csv(&worker, GOOD).await).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = problem(post_csv(&app.anonymous(), GOOD).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let regulator = app.demo("regulator").await;
        let report = json_of(
            post_csv(&regulator, BAD).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(report["rejected"], 2);
        assert_eq!(report["imported"], 0);
        assert_eq!(report["errors"][0]["line"], 2);
        assert_eq!(report["errors"][0]["column"], "selling");
        assert_eq!(report["errors"][0]["code"], "selling_below_buying");
        assert_eq!(report["errors"][1]["column"], "buying");
        // A rate dated after today cannot be a published rate.
        let future = "date,currency,buying,transfer,selling,source\n\
                      2026-11-24,JPY,160.00,,170.00,Test bank\n";
        let report = json_of(
            post_csv(&regulator, future).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(report["errors"][0]["code"], "date_in_future");

        let admin = app.demo("admin").await;
        let report = json_of(post_csv(&admin, GOOD).await, StatusCode::OK).await;
        assert_eq!(report["imported"], 2);
        let rates = json_of(
            app.anonymous().get("/api/v1/exchange-rates").await,
            StatusCode::OK,
        )
        .await;
        let newest = &rates["items"][0];
        assert_eq!(newest["date"], "2026-11-20");
        assert_eq!(newest["transfer"], 16150);
        assert_eq!(newest["origin"], "imported");

        // The page: everyone sees the rates, only regulators and admins the upload form;
        // an upload with a bad line stores nothing and names it.
        let page = app
            .anonymous()
            .get("/rates?lang=en")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Test bank table"), "{page}");
        assert!(!page.contains("data-testid=\"rates-submit\""));
        let page = regulator.get("/rates?lang=en").await.text().await.unwrap();
        assert!(page.contains("data-testid=\"rates-submit\""));
        let form = reqwest::multipart::Form::new()
            .text("_csrf", regulator.csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(BAD.as_bytes().to_vec()).file_name("rates.csv"),
            );
        let res = regulator
            .client
            .post(format!("{}/rates?lang=en", regulator.base))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("The selling rate is below the buying rate."),
            "{page}"
        );
        assert!(page.contains("rejected=2"));
    }
);

both!(
    the_realistic_months_to_repay_count_living_costs_interest_and_the_first_wage,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        let p = create(&employer, &lawful(&sao_viet)).await;
        let id = p["id"].as_str().unwrap().to_owned();
        let d = &p["disclosure"];
        let r = &d["repayment"];
        // SSW (i): no post-entry course, the first wage a month after the start.
        assert_eq!(r["months_without_wage"], 1);
        assert_eq!(r["interest_is_default"], true);
        assert_eq!(d["loan_interest_percent_per_year"], "0");
        // Housing is provided: necessities only, 88,383 yen (2024 household survey).
        assert_eq!(r["living_costs"]["monthly_jpy"], 88_383);
        assert_eq!(r["living_costs"]["survey_year"], 2024);
        // Without interest: the first month nothing, then (take-home − living costs) at the
        // buying rate each month until the dong debt is repaid.
        let take_home = d["take_home_jpy"].as_i64().unwrap();
        let rate = d["exchange_rate"]["vnd_per_100_jpy"].as_i64().unwrap();
        let debt = d["upfront_cost_vnd"].as_i64().unwrap();
        let saving_vnd = ((take_home - 88_383) * rate + 50) / 100;
        let expected = 1 + (debt + saving_vnd - 1) / saving_vnd;
        assert_eq!(d["months_to_repay_realistic"], expected);
        let lower: f64 = d["months_to_repay"].as_str().unwrap().parse().unwrap();
        assert!(expected as f64 > lower, "{expected} vs {lower}");
        let schedule = r["schedule"].as_array().unwrap();
        assert_eq!(schedule.len() as i64, expected);
        assert_eq!(schedule[0]["payment_vnd"], 0);
        assert_eq!(schedule.last().unwrap()["balance_vnd"], 0);

        // The reader's loan rate: interest on what is owed each month, a longer schedule.
        let with = json_of(
            employer
                .get(&format!(
                    "/api/v1/postings/{id}?loan_interest_percent_per_year=24"
                ))
                .await,
            StatusCode::OK,
        )
        .await;
        let w = &with["disclosure"];
        assert_eq!(w["loan_interest_percent_per_year"], "24");
        assert_eq!(w["repayment"]["interest_is_default"], false);
        // The first month: 2 % of the whole debt.
        assert_eq!(
            w["repayment"]["schedule"][0]["interest_vnd"],
            (debt * 200 + 5_000) / 10_000
        );
        assert!(w["repayment"]["total_interest_vnd"].as_i64().unwrap() > 0);
        assert!(w["months_to_repay_realistic"].as_i64().unwrap() >= expected);
        let (status, body) = problem(
            employer
                .get(&format!(
                    "/api/v1/postings/{id}?loan_interest_percent_per_year=lots"
                ))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec!["loan_interest_percent_per_year"]);
        let (status, body) = problem(
            employer
                .get(&format!(
                    "/api/v1/postings/{id}?loan_interest_percent_per_year=101"
                ))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), vec!["loan_interest_percent_per_year"]);

        // A technical intern starts with a month of lectures on an allowance: two months
        // without a full wage.
        let mut titp = lawful(&sao_viet);
        titp["programme"] = json!("titp");
        titp["field"] = json!("titp_food_manufacturing");
        let preview = json_of(
            app.anonymous()
                .post(
                    "/api/v1/postings/preview?loan_interest_percent_per_year=12",
                    &titp,
                )
                .await,
            StatusCode::OK,
        )
        .await;
        let r = &preview["disclosure"]["repayment"];
        assert_eq!(r["months_without_wage"], 2);
        assert_eq!(r["schedule"][1]["payment_vnd"], 0);
        assert!(r["schedule"][2]["payment_vnd"].as_i64().unwrap() > 0);

        // The page: the realistic months, the lower bound labelled so, the chart drawn on
        // the server, and a bad rate shown beside its field.
        let page = employer
            .get(&format!("/jobs/{id}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Months to repay (lower bound)"), "{page}");
        assert!(page.contains("data-testid=\"months-realistic\""));
        assert!(page.contains("data-testid=\"debt-chart\""));
        assert!(page.contains("<polyline points=\"0,0 "), "{page}");
        assert!(page.contains(&format!("Repaid after {expected} months")));
        assert!(page.contains("No interest is counted"));
        let page = employer
            .get(&format!(
                "/jobs/{id}?lang=en&loan_interest_percent_per_year=abc"
            ))
            .await;
        assert_eq!(page.status(), StatusCode::OK);
        let page = page.text().await.unwrap();
        assert!(
            page.contains("id=\"loan_interest_percent_per_year-error\""),
            "{page}"
        );
        assert!(page.contains("Enter a percentage such as 12 or 6.6"));
        let page = employer
            .get(&format!(
                "/jobs/{id}?lang=vi&loan_interest_percent_per_year=12"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Lãi 12 %/năm"), "{page}");
    }
);

both!(
    the_minimum_wage_check_reads_the_latest_known_figure_in_neutral_colour,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        // Starts 2027-02-01: the FY2026 revision (from October 2026) is not in the data.
        let p = create(&employer, &lawful(&sao_viet)).await;
        let c = p["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "minimum_wage")
            .unwrap()
            .clone();
        assert_eq!(c["status"], "passed");
        assert_eq!(c["code"], "meets_latest_known");
        assert_eq!(c["params"]["fiscal_year"], "2026");
        let id = p["id"].as_str().unwrap();
        let page = employer
            .get(&format!("/jobs/{id}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("data-tone=\"neutral\""), "{page}");
        assert!(
            page.contains("the latest known minimum wage for this prefecture"),
            "{page}"
        );
        assert!(page.contains("the revision for FY2026 is not in our data yet"));
    }
);

both!(
    a_posting_states_its_insurance_schemes_and_the_commuting_allowance_counts,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let sao_viet = app.org_id("0109000001").await;
        let employer = app.demo("employer").await;
        // Kyokai Kenpo by default; the 10,000-yen commuting allowance is in the insurance base:
        // 230,000 + 10,000 allowance + 10,000 commuting = 250,000 → the 260,000 grade.
        let p = create(&employer, &lawful(&sao_viet)).await;
        let payroll = &p["disclosure"]["payroll"];
        assert_eq!(payroll["health_insurer"], "kyokai_kenpo");
        assert_eq!(payroll["employment_insurance_business_type"], "general");
        assert_eq!(payroll["standard_monthly_remuneration_jpy"], 260_000);
        assert_eq!(payroll["commuting_allowance_jpy"], 10_000);
        // A health-insurance society at declared rates, construction (FY2026: 6/1000).
        let mut body = lawful(&sao_viet);
        body["insurance"] = json!({"health_insurer": "health_insurance_society",
            "society_health_employee_percent": "4.6",
            "employment_insurance_business_type": "construction"});
        let p = create(&employer, &body).await;
        let payroll = &p["disclosure"]["payroll"];
        assert_eq!(payroll["health_insurer"], "health_insurance_society");
        // 260,000 × 4.6 % = 11,960; the levy 260,000 × 0.115 % = 299.
        assert_eq!(payroll["health_insurance_jpy"], 11_960 + 299);
        assert_eq!(payroll["employment_insurance_jpy"], 1_500);
        assert!(
            payroll["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["code"] == "declared_by_employer")
        );
        // Stored and read back the same; the page names the schemes.
        let id = p["id"].as_str().unwrap();
        let again = json_of(
            employer.get(&format!("/api/v1/postings/{id}")).await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(again["insurance"], p["insurance"]);
        assert_eq!(again["disclosure"]["payroll"], p["disclosure"]["payroll"]);
        for lang in kakehashi_i18n::Lang::ALL {
            let page = employer
                .get(&format!("/jobs/{id}?lang={}", lang.code()))
                .await
                .text()
                .await
                .unwrap();
            for key in [
                "calc-insurer-health_insurance_society",
                "calc-business-construction",
                "job-schemes",
            ] {
                assert!(page.contains(&lang.t(key)), "{lang}: {key}");
            }
        }
        // Bad schemes: each field named, nothing stored.
        let before = json_of(employer.get("/api/v1/me/postings").await, StatusCode::OK).await;
        let mut body = lawful(&sao_viet);
        body["insurance"] = json!({"health_insurer": "mutual",
            "employment_insurance_business_type": "fishing"});
        let (status, problem) = problem(employer.post("/api/v1/postings", &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&"insurance.health_insurer"), "{problem}");
        assert!(
            fields.contains(&"insurance.employment_insurance_business_type"),
            "{problem}"
        );
        let after = json_of(employer.get("/api/v1/me/postings").await, StatusCode::OK).await;
        assert_eq!(before["items"], after["items"]);
    }
);
