//! The take-home pay calculator: API, CLI and page.
//!
//! The issue's example, Tokyo, 220,000 yen, 25, no dependants, rules of 2026-04-01:
//! the API, the CLI and the page give the same figures; bad input is refused naming the field
//! (or flag) and the rule; every id the rules produce has a message in every language.

use crate::both;
use crate::support::*;
use kakehashi_i18n::Lang;
use kakehashi_rules::payroll::{BusinessType, HealthInsurer, NetPayInput, PayrollRules, net_pay};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const PATH: &str = "/api/v1/calc/net-pay";

const INTEGER_FIELDS: [&str; 10] = [
    "standard_monthly_remuneration_jpy",
    "pension_standard_monthly_remuneration_jpy",
    "health_insurance_jpy",
    "long_term_care_jpy",
    "pension_jpy",
    "employment_insurance_jpy",
    "income_tax_jpy",
    "resident_tax_jpy",
    "net_pay_jpy",
    "net_pay_first_year_jpy",
];

const DEDUCTIONS: [&str; 6] = [
    "health_insurance_jpy",
    "long_term_care_jpy",
    "pension_jpy",
    "employment_insurance_jpy",
    "income_tax_jpy",
    "resident_tax_jpy",
];

fn example() -> Value {
    json!({"prefecture": 13, "monthly_wage_jpy": 220000, "age": 25, "dependents": 0, "date": "2026-04-01"})
}

fn int(v: &Value, field: &str) -> i64 {
    v[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} is an integer in {v}"))
}

async fn ok(api: &Api, body: &Value) -> Value {
    let res = api.post(PATH, body).await;
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// The problem's status, and its fields with their codes.
async fn refused(api: &Api, body: &Value) -> (StatusCode, Vec<(String, String)>, Value) {
    let (status, p) = problem(api.post(PATH, body).await).await;
    let errors = p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or_default().to_owned(),
                        e["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (status, errors, p)
}

both!(
    the_issues_example_through_the_api_and_the_cli,
    |app: TestApp| async move {
        let anon = app.anonymous();
        let v = ok(&anon, &example()).await;
        for field in INTEGER_FIELDS {
            int(&v, field);
        }
        let deductions: i64 = DEDUCTIONS.iter().map(|f| int(&v, f)).sum();
        assert_eq!(int(&v, "net_pay_jpy"), 220_000 - deductions);
        assert_eq!(
            int(&v, "net_pay_first_year_jpy"),
            220_000 - deductions + int(&v, "resident_tax_jpy")
        );
        // The figures of the 2026 tables for Tokyo (grade 220,000 yen; health 9.85 % + levy
        // 0.23 %, pension 18.3 %, employment 0.5 %; no care insurance at 25).
        let figures: Vec<i64> = INTEGER_FIELDS.iter().map(|f| int(&v, f)).collect();
        assert_eq!(
            figures,
            [
                220_000, 220_000, 11_088, 0, 20_130, 1_100, 3_900, 8_100, 175_682, 183_782
            ]
        );
        // The explanation: every line with its rule and source.
        let lines = v["lines"].as_array().unwrap();
        assert!(lines.len() >= 14, "{}", lines.len());
        for l in lines {
            for key in ["id", "base_jpy", "amount_jpy", "rule", "source"] {
                assert!(!l[key].is_null(), "{key} in {l}");
            }
            assert!(l.get("rate").is_some() && l.get("effective_from").is_some());
            assert!(!l["source"]["title"].as_str().unwrap().is_empty());
        }
        let line = |id: &str| lines.iter().find(|l| l["id"] == id).unwrap().clone();
        assert_eq!(line("pension")["rate"], "9.15%");
        assert_eq!(line("pension")["amount_jpy"], 20_130);
        assert_eq!(line("net_pay")["amount_jpy"], v["net_pay_jpy"]);
        assert!(
            line("health_insurance")["source"]["title"]
                .as_str()
                .unwrap()
                .contains("協会けんぽ")
                || line("health_insurance")["source"]["title"]
                    .as_str()
                    .unwrap()
                    .contains("全国健康保険協会")
        );
        assert_eq!(v["notes"], json!([]), "2026-04-01 is within the data");

        // Dependants default to 0; the date to today on the server's clock (2026-11-23).
        let mut body = example();
        body.as_object_mut().unwrap().remove("dependents");
        assert_eq!(ok(&anon, &body).await, v);
        body.as_object_mut().unwrap().remove("date");
        let today = ok(&anon, &body).await;
        let employment = today["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == "employment_insurance")
            .unwrap()
            .clone();
        assert_eq!(employment["effective_from"], "2026-04-01");
        // More dependants never lower take-home pay.
        let mut body = example();
        body["dependents"] = json!(2);
        let two = ok(&anon, &body).await;
        assert!(int(&two, "income_tax_jpy") < int(&v, "income_tax_jpy"));
        assert!(int(&two, "net_pay_jpy") > int(&v, "net_pay_jpy"));

        // The CLI: the same object.
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "13",
            "--monthly-wage",
            "220000",
            "--age",
            "25",
            "--dependents",
            "0",
            "--date",
            "2026-04-01",
            "--json",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let cli: Value = serde_json::from_slice(&out.stdout).expect("only JSON on stdout");
        assert_eq!(cli, v);
        // Without --json: a readable table with every line.
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "Tokyo",
            "--monthly-wage",
            "220000",
            "--age",
            "25",
            "--date",
            "2026-04-01",
        ]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("175,682"), "{text}");
        assert!(text.contains("kyokai_kenpo_employee_half"), "{text}");
        assert!(text.contains("https://"), "{text}");
    }
);

both!(
    dates_beyond_and_before_the_data,
    |app: TestApp| async move {
        let anon = app.anonymous();
        // After the newest table: the newest rules, and notes naming `date`.
        let mut body = example();
        body["date"] = json!("2031-04-01");
        let v = ok(&anon, &body).await;
        let notes = v["notes"].as_array().unwrap();
        assert!(
            notes
                .iter()
                .any(|n| n["code"] == "beyond_data" && n["field"] == "date"),
            "{notes:?}"
        );
        assert!(int(&v, "net_pay_jpy") > 0);
        // Before the oldest: refused naming `date` and the rule's start.
        body["date"] = json!("2000-04-01");
        let (status, errors, p) = refused(&anon, &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(errors, [("date".into(), "before_oldest_rule".into())]);
        assert!(p["errors"][0]["params"]["oldest"].is_string(), "{p}");
        assert!(!p["errors"][0]["message"].as_str().unwrap().is_empty());
        // Not a date.
        for bad in ["2026-13-01", "01/04/2026", "tomorrow"] {
            body["date"] = json!(bad);
            let (status, errors, _) = refused(&anon, &body).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert_eq!(errors, [("date".into(), "invalid_date".into())], "{bad}");
        }
        // The CLI: exit code 1 naming --date.
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "13",
            "--monthly-wage",
            "220000",
            "--age",
            "25",
            "--date",
            "2000-04-01",
        ]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--date") && stderr.contains("before_oldest_rule"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
        // A date after the data on the CLI: the notes are printed.
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "13",
            "--monthly-wage",
            "220000",
            "--age",
            "25",
            "--date",
            "2031-04-01",
        ]);
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("beyond_data"));
    }
);

both!(bad_input_names_the_field, |app: TestApp| async move {
    let anon = app.anonymous();
    let audit_before = app.cli(&["audit", "verify"]);
    let with = |field: &str, value: Value| {
        let mut b = example();
        b[field] = value;
        b
    };
    for (body, field, code) in [
        (
            with("monthly_wage_jpy", json!(-220000)),
            "monthly_wage_jpy",
            "must_be_positive",
        ),
        (
            with("monthly_wage_jpy", json!(0)),
            "monthly_wage_jpy",
            "must_be_positive",
        ),
        (
            with("monthly_wage_jpy", json!(1_000_000_000_000_i64)),
            "monthly_wage_jpy",
            "too_large",
        ),
        (
            with("monthly_wage_jpy", json!(220000.5)),
            "monthly_wage_jpy",
            "invalid_type",
        ),
        (
            with("prefecture", json!(48)),
            "prefecture",
            "unknown_prefecture",
        ),
        (
            with("prefecture", json!(0)),
            "prefecture",
            "unknown_prefecture",
        ),
        (with("age", json!("x")), "age", "invalid_type"),
        (with("age", json!(12)), "age", "out_of_range"),
        (with("age", json!(250)), "age", "out_of_range"),
        (with("dependents", json!(-1)), "dependents", "out_of_range"),
        (with("dependents", json!(99)), "dependents", "out_of_range"),
        (with("bonus_jpy", json!(1)), "bonus_jpy", "unknown_field"),
        (
            json!({"prefecture": 13, "age": 25}),
            "monthly_wage_jpy",
            "required",
        ),
    ] {
        let (status, errors, p) = refused(&anon, &body).await;
        assert!(status.is_client_error(), "{body}: {status}");
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(errors, [(field.into(), code.into())], "{body}: {p}");
    }
    // The limits are in the answer.
    let (_, _, p) = refused(&anon, &with("age", json!(12))).await;
    assert_eq!(p["errors"][0]["params"], json!({"min": "15", "max": "100"}));
    // Not JSON at all.
    let res = anon
        .client
        .post(app.url(PATH))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(res).await.0, StatusCode::BAD_REQUEST);
    // Nothing was stored: the audit trail is as it was.
    let audit_after = app.cli(&["audit", "verify"]);
    assert_eq!(audit_before.stdout, audit_after.stdout);

    // The CLI names the flag (exit 1), or clap refuses the syntax (exit 2).
    let cli = |extra: &[&str]| {
        let mut args = vec!["calc", "net-pay"];
        args.extend_from_slice(extra);
        app.cli(&args)
    };
    for (args, flag) in [
        (
            &["--prefecture", "13", "--monthly-wage", "-5", "--age", "25"][..],
            "--monthly-wage",
        ),
        (
            &[
                "--prefecture",
                "48",
                "--monthly-wage",
                "220000",
                "--age",
                "25",
            ][..],
            "--prefecture",
        ),
        (
            &[
                "--prefecture",
                "13",
                "--monthly-wage",
                "220000",
                "--age",
                "7",
            ][..],
            "--age",
        ),
        (
            &[
                "--prefecture",
                "13",
                "--monthly-wage",
                "220000",
                "--age",
                "25",
                "--dependents",
                "-1",
            ][..],
            "--dependents",
        ),
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
    }
    let out = cli(&["--prefecture", "13", "--monthly-wage", "abc", "--age", "25"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--monthly-wage"));
});

/// A page's text with askama's HTML escapes undone, to compare with messages.
async fn page(res: reqwest::Response) -> String {
    let html = res.text().await.unwrap();
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn page_query(lang: &str) -> String {
    format!(
        "/calculator?prefecture=13&monthly_wage_jpy=220000&age=25&dependents=0&date=2026-04-01&lang={lang}"
    )
}

/// Message ids that would show if a message were missing.
fn untranslated(html: &str) -> Vec<String> {
    let known = kakehashi_i18n::keys(Lang::En);
    known
        .into_iter()
        .filter(|k| {
            ["calc-", "line-", "rule-", "note-", "error-", "problem-"]
                .iter()
                .any(|p| k.starts_with(p))
        })
        .filter(|k| {
            html.match_indices(k.as_str()).any(|(i, _)| {
                let before = html[..i].chars().next_back();
                let after = html[i + k.len()..].chars().next();
                let word = |c: Option<char>| {
                    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                };
                !word(before) && !word(after)
            })
        })
        .collect()
}

both!(the_page_in_three_languages, |app: TestApp| async move {
    let anon = app.anonymous();
    for lang in Lang::ALL {
        let res = anon.get(&page_query(lang.code())).await;
        assert_eq!(res.status(), StatusCode::OK, "{lang}");
        let html = page(res).await;
        assert!(html.contains(&format!("<html lang=\"{}\">", lang.code())));
        assert!(html.contains(&lang.t("calc-title")), "{lang}");
        for amount in [
            175_682,
            183_782,
            11_088 - 253,
            253,
            20_130,
            1_100,
            3_900,
            8_100,
        ] {
            let shown = kakehashi_i18n::format_jpy(lang, amount);
            assert!(html.contains(&shown), "{lang}: {shown}");
        }
        assert!(html.contains(&lang.t("line-pension")), "{lang}");
        assert!(
            html.contains(&lang.t("rule-kou_computation_method")),
            "{lang}"
        );
        assert!(html.contains("<details"), "{lang}: lines on demand");
        assert!(html.contains("href=\"https://"), "{lang}: sources link");
        assert!(
            html.contains("class=\"p80 net\""),
            "{lang}: the bar of take-home pay"
        );
        assert!(!html.contains("style="), "{lang}: no inline styles (CSP)");
        let missing = untranslated(&html);
        assert!(missing.is_empty(), "{lang}: untranslated {missing:?}");
        // Tokyo by name in the page's language, selected.
        let tokyo = if lang == Lang::Ja {
            "東京都"
        } else {
            "Tokyo"
        };
        assert!(
            html.contains(&format!("<option value=\"13\" selected>{tokyo}</option>")),
            "{lang}"
        );
    }
    // Empty: the form only, in the visitor's language.
    let res = anon.get("/calculator?lang=vi").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = page(res).await;
    assert!(html.contains("name=\"monthly_wage_jpy\""));
    assert!(!html.contains("data-testid=\"pay-result\""));
    assert!(untranslated(&html).is_empty());
    // A date beyond the data: the notes, in a prominent box.
    let res = anon
        .get("/calculator?prefecture=13&monthly_wage_jpy=220000&age=45&date=2031-04-01&lang=en")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = page(res).await;
    assert!(html.contains("data-testid=\"pay-notes\""));
    assert!(html.contains(&Lang::En.t("note-beyond_data")));
    // Grouped digits as people type them.
    let res = anon
        .get("/calculator?prefecture=13&monthly_wage_jpy=220.000&age=25&date=2026-04-01&lang=vi")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        page(res)
            .await
            .contains(&kakehashi_i18n::format_jpy(Lang::Vi, 175_682))
    );
});

both!(
    the_page_shows_errors_beside_the_field,
    |app: TestApp| async move {
        let anon = app.anonymous();
        for lang in Lang::ALL {
            let res = anon
                .get(&format!(
                    "/calculator?prefecture=13&monthly_wage_jpy=-5&age=25&lang={}",
                    lang.code()
                ))
                .await;
            assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{lang}");
            let html = page(res).await;
            let message = lang.t("error-must_be_positive");
            assert!(
                html.contains(&format!(
                    "<p class=\"field-error\" id=\"monthly_wage_jpy-error\">{message}</p>"
                )),
                "{lang}: {html}"
            );
            assert!(html.contains("aria-invalid=\"true\""));
            assert!(!html.contains("data-testid=\"pay-result\""));
            // What was typed is kept.
            assert!(html.contains("value=\"-5\""));
            assert!(untranslated(&html).is_empty(), "{lang}");
        }
        // Every wrong field at once, each beside its own.
        let res = anon
        .get("/calculator?prefecture=&monthly_wage_jpy=abc&age=x&dependents=&date=2026-02-30&lang=en")
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page(res).await;
        for field in ["prefecture", "monthly_wage_jpy", "age", "date"] {
            assert!(
                html.contains(&format!("id=\"{field}-error\"")),
                "{field}: {html}"
            );
        }
        assert!(!html.contains("id=\"dependents-error\""));
        assert!(html.contains(&Lang::En.t("error-not_a_whole_number")));
        assert!(html.contains(&Lang::En.t("error-invalid_date")));
        // Mistakes the rules find and mistakes of form, all at once.
        let res = anon
        .get("/calculator?prefecture=48&monthly_wage_jpy=-5&age=x&dependents=99&date=2000-01-01&lang=en")
        .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page(res).await;
        for (field, code) in [
            ("prefecture", "unknown_prefecture"),
            ("monthly_wage_jpy", "must_be_positive"),
            ("age", "not_a_whole_number"),
            ("dependents", "out_of_range"),
        ] {
            let message = Lang::En.t(&format!("error-{code}"));
            assert!(
                html.contains(&format!("id=\"{field}-error\">{message}</p>")),
                "{field}: {html}"
            );
        }
        assert!(html.contains("id=\"date-error\""), "{html}");
        // Rules' errors too: an unknown prefecture, a date before the data.
        let res = anon
            .get("/calculator?prefecture=48&monthly_wage_jpy=220000&age=25&lang=ja")
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page(res).await;
        assert!(html.contains(&format!(
            "id=\"prefecture-error\">{}</p>",
            Lang::Ja.t("error-unknown_prefecture")
        )));
        let res = anon
            .get("/calculator?prefecture=13&monthly_wage_jpy=220000&age=25&date=2000-01-01&lang=en")
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page(res).await.contains("id=\"date-error\""));
        // A malformed address: our error page, not a bare 400.
        let res = anon.get("/calculator?age=25&age=26&lang=en").await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let html = page(res).await;
        assert!(
            html.contains(&Lang::En.t("problem-invalid_query")),
            "{html}"
        );
    }
);

/// Every line id, rule, and note code the computation produces, over ages (insured or not),
/// dates (before and after the levy, beyond the data), wages (low, high) and dependants.
fn produced_ids() -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let rules = PayrollRules::embedded();
    let (mut lines, mut rule_ids, mut notes) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let dates = [
        "2025-03-15",
        "2025-06-01",
        "2026-04-01",
        "2026-11-23",
        "2031-04-01",
    ];
    let rate = |s: &str| kakehashi_rules::payroll::Rate::parse_percent(s).unwrap();
    for (i, date) in dates.into_iter().enumerate() {
        // Each insurer in turn, a society with and without a declared care rate.
        let society = HealthInsurer::Society {
            health_employee: rate("4.6"),
            care_employee: (i % 2 == 0).then(|| rate("0.9")),
        };
        let insurers = match i % 3 {
            0 => [HealthInsurer::KyokaiKenpo, society],
            1 => [
                HealthInsurer::NationalHealthInsurance,
                HealthInsurer::KyokaiKenpo,
            ],
            _ => [society, HealthInsurer::NationalHealthInsurance],
        };
        for age in [18, 25, 45, 66, 72, 80] {
            for wage in [1_000, 60_000, 90_000, 220_000, 1_500_000, 5_000_000] {
                for (dependents, insurer) in [0, 3].into_iter().zip(insurers) {
                    let input = NetPayInput {
                        prefecture: 13,
                        monthly_wage_jpy: wage,
                        age,
                        dependents,
                        date: date.parse().unwrap(),
                        commuting_allowance_jpy: wage % 7 * 1_000,
                        health_insurer: insurer,
                        business_type: BusinessType::ALL[(age as usize) % 3],
                    };
                    let pay = net_pay(rules, &input).unwrap();
                    lines.extend(pay.lines.iter().map(|l| l.id.to_owned()));
                    rule_ids.extend(pay.lines.iter().map(|l| l.rule.to_owned()));
                    notes.extend(pay.notes.iter().map(|n| n.code.to_owned()));
                }
            }
        }
    }
    (lines, rule_ids, notes)
}

#[test]
fn every_line_rule_and_note_has_a_message_in_every_language() {
    let (lines, rule_ids, notes) = produced_ids();
    assert!(lines.len() >= 16, "{lines:?}");
    assert!(rule_ids.len() >= 20, "{rule_ids:?}");
    for code in [
        "beyond_data",
        "unverified",
        "not_computed",
        "deductions_exceed_wage",
        "assumed",
        "declared_by_employer",
        "paid_by_worker",
        "paid_separately",
    ] {
        assert!(notes.contains(code), "{code} was produced: {notes:?}");
    }
    let wanted: Vec<String> = lines
        .iter()
        .map(|id| format!("line-{id}"))
        .chain(rule_ids.iter().map(|r| format!("rule-{r}")))
        .chain(notes.iter().map(|c| format!("note-{c}")))
        .collect();
    let mut missing = Vec::new();
    for lang in Lang::ALL {
        let have = kakehashi_i18n::keys(lang);
        missing.extend(
            wanted
                .iter()
                .filter(|k| !have.contains(*k))
                .map(|k| format!("{}: {k}", lang.code())),
        );
    }
    assert!(
        missing.is_empty(),
        "messages missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_benchmark_prints_its_result_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
        .args(["bench", "net-pay", "--computations", "20000"])
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("RESULT computations=20000 seconds="),
        "{last}"
    );
    for key in ["per_second=", "baseline_per_second=", "ratio="] {
        assert!(last.contains(key), "{last}");
    }
    let per_second: f64 = last
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix("per_second="))
        .and_then(|v| v.parse().ok())
        .expect("a number");
    assert!(per_second > 0.0);
    if cfg!(debug_assertions) {
        assert!(stdout.contains("debug build"), "{stdout}");
    }
}

both!(
    commuting_and_insurance_schemes_through_the_api_the_page_and_the_cli,
    |app: TestApp| async move {
        let anon = app.anonymous();
        // Aichi, 228,000 + 5,000 commuting (FY2026 tables, paid in May 2026): the 240,000 grade.
        let body = json!({"prefecture": 23, "monthly_wage_jpy": 228000, "age": 25,
            "commuting_allowance_jpy": 5000, "date": "2026-05-01"});
        let v = ok(&anon, &body).await;
        assert_eq!(int(&v, "standard_monthly_remuneration_jpy"), 240_000);
        assert_eq!(int(&v, "commuting_allowance_jpy"), 5_000);
        assert_eq!(int(&v, "health_insurance_jpy"), 11_916 + 276);
        assert_eq!(int(&v, "pension_jpy"), 21_960);
        assert_eq!(int(&v, "employment_insurance_jpy"), 1_165);
        assert_eq!(v["health_insurer"], "kyokai_kenpo");
        assert_eq!(v["employment_insurance_business_type"], "general");
        // Construction, FY2026: 6/1000 on the wage and allowance.
        let mut b = body.clone();
        b["employment_insurance_business_type"] = json!("construction");
        assert_eq!(int(&ok(&anon, &b).await, "employment_insurance_jpy"), 1_398);
        // A society at declared rates; National Health Insurance with National Pension.
        let mut b = body.clone();
        b["health_insurer"] = json!("health_insurance_society");
        b["society_health_employee_percent"] = json!("4.6");
        let s = ok(&anon, &b).await;
        assert_eq!(int(&s, "health_insurance_jpy"), 11_040 + 276);
        let mut b = body.clone();
        b["health_insurer"] = json!("national_health_insurance");
        let n = ok(&anon, &b).await;
        assert_eq!(int(&n, "national_pension_jpy"), 17_920);
        assert_eq!(int(&n, "pension_jpy"), 0);

        // Bad input: every field named, nothing computed.
        let mut b = body.clone();
        b["commuting_allowance_jpy"] = json!(-1);
        b["health_insurer"] = json!("mutual");
        b["employment_insurance_business_type"] = json!("fishing");
        let (status, errors, _) = refused(&anon, &b).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for (field, code) in [
            ("commuting_allowance_jpy", "must_not_be_negative"),
            ("health_insurer", "unknown_health_insurer"),
            (
                "employment_insurance_business_type",
                "unknown_business_type",
            ),
        ] {
            assert!(
                errors.contains(&(field.to_owned(), code.to_owned())),
                "{field}: {errors:?}"
            );
        }
        let mut b = body.clone();
        b["health_insurer"] = json!("health_insurance_society");
        let (_, errors, _) = refused(&anon, &b).await;
        assert_eq!(
            errors,
            vec![(
                "society_health_employee_percent".to_owned(),
                "required".to_owned()
            )]
        );

        // The CLI gives the same object.
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "Aichi",
            "--monthly-wage",
            "228000",
            "--commuting-allowance",
            "5000",
            "--age",
            "25",
            "--date",
            "2026-05-01",
            "--json",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(cli, v);
        let out = app.cli(&[
            "calc",
            "net-pay",
            "--prefecture",
            "23",
            "--monthly-wage",
            "228000",
            "--age",
            "25",
            "--business-type",
            "fishing",
        ]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--business-type: unknown_business_type"),
            "{err}"
        );

        // The page: the fields, the schemes named, errors beside the field.
        for lang in Lang::ALL {
            let res = anon
                .get(&format!(
                    "/calculator?prefecture=23&monthly_wage_jpy=228.000&commuting_allowance_jpy=5.000&age=25&date=2026-05-01&health_insurer=kyokai_kenpo&employment_insurance_business_type=construction&lang={}",
                    lang.code()
                ))
                .await;
            assert_eq!(res.status(), StatusCode::OK, "{lang}");
            let html = page(res).await;
            assert!(
                html.contains(&lang.t("calc-insurer-kyokai_kenpo")),
                "{lang}"
            );
            assert!(
                html.contains(&lang.t("calc-business-construction")),
                "{lang}"
            );
            assert!(
                html.contains(&kakehashi_i18n::format_jpy(lang, 1_398)),
                "{lang}"
            );
            assert!(untranslated(&html).is_empty(), "{lang}");
        }
        let res = anon
            .get("/calculator?prefecture=23&monthly_wage_jpy=228000&commuting_allowance_jpy=-5&age=25&health_insurer=health_insurance_society&society_health_employee_percent=abc&lang=en")
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = page(res).await;
        for (field, code) in [
            ("commuting_allowance_jpy", "must_not_be_negative"),
            ("society_health_employee_percent", "not_a_percentage"),
        ] {
            let message = Lang::En.t(&format!("error-{code}"));
            assert!(
                html.contains(&format!("id=\"{field}-error\">{message}</p>")),
                "{field}: {html}"
            );
        }
    }
);
