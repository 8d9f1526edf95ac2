//! Job search over HTTP: the answer's shape, words in three languages, facets that ignore
//! their own filter, standing by date, bad input.

use crate::both;
use crate::support::{TestApp, fields, problem};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(app: &TestApp, query: &str) -> Value {
    let res = app
        .anonymous()
        .get(&format!("/api/v1/postings?{query}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{query}");
    res.json().await.unwrap()
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    items(v)
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

both!(
    search_answers_in_the_workers_words,
    |app: TestApp| async move {
        let app = app.with_demo_jobs().await;
        let all = get(&app, "per_page=100").await;
        let demo = kakehashi_core::demo_jobs::DEMO_JOBS as u64;
        // The demo's three published jobs and its generated ones, less the suspended employers'.
        assert_eq!(all["total"], demo + 3 - 8);
        assert_eq!(all["page"], 1);
        assert_eq!(all["per_page"], 100);
        let item = &items(&all)[0];
        for key in [
            "id",
            "title",
            "program",
            "field",
            "prefecture",
            "municipality",
            "net_pay_jpy",
            "upfront_cost_vnd",
            "months_to_repay",
            "start_date",
            "published_at",
            "employer",
        ] {
            assert!(item.get(key).is_some(), "{key}: {item}");
        }
        for key in ["id", "name", "name_romanised", "in_good_standing"] {
            assert!(item["employer"].get(key).is_some(), "employer.{key}");
        }
        for lang in ["vi", "ja", "en"] {
            assert!(item["title"][lang].as_str().is_some_and(|t| !t.is_empty()));
        }
        // Newest first without a query.
        let times: Vec<i64> = items(&all)
            .iter()
            .map(|i| i["published_at"].as_i64().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]));
        let facets = &all["facets"];
        assert!(facets["prefecture"].as_object().unwrap().len() >= 30);
        for p in kakehashi_rules::recruitment::Programme::ALL {
            assert!(
                facets["program"][p.id()].as_u64().unwrap() > 0,
                "{}",
                p.id()
            );
        }
        assert!(facets["field"].as_object().unwrap().len() >= 20);
        assert!(facets["japanese_level"].as_object().unwrap().len() >= 4);
        // The suspended employers' postings never appear.
        let mut page = 1;
        loop {
            let v = get(&app, &format!("per_page=100&page={page}")).await;
            if items(&v).is_empty() {
                break;
            }
            for i in items(&v) {
                let name = i["employer"]["name_romanised"].as_str().unwrap();
                assert!(
                    !name.contains("Higashi Nihon") && !name.contains("Nankai"),
                    "{name}"
                );
                assert_eq!(i["employer"]["in_good_standing"], true);
            }
            page += 1;
        }
        assert_eq!(page, 5, "four pages of 100, then an empty one");

        // Vietnamese words as words, with or without diacritics.
        let ship = get(&app, "q=dong%20tau").await;
        assert!(ship["total"].as_u64().unwrap() >= 5);
        assert!(
            items(&ship)
                .iter()
                .all(|i| i["field"] == "shipbuilding_ship_machinery")
        );
        assert_eq!(
            ids(&get(&app, "q=%C4%91%C3%B3ng%20t%C3%A0u").await),
            ids(&ship)
        );
        // 'đóng gói' (packing) and 'tàu' apart do not make shipbuilding.
        let pack = get(&app, "q=dong%20goi").await;
        assert!(
            items(&pack)
                .iter()
                .all(|i| i["field"] != "shipbuilding_ship_machinery")
        );
        // Japanese without spaces; English plurals.
        let care = get(&app, "q=%E4%BB%8B%E8%AD%B7").await;
        assert!(care["total"].as_u64().unwrap() >= 5);
        assert!(items(&care).iter().all(|i| i["field"] == "nursing_care"));
        let weld = get(&app, "q=%E6%BA%B6%E6%8E%A5").await;
        assert!(
            items(&weld)
                .iter()
                .all(|i| i["field"] == "shipbuilding_ship_machinery")
        );
        let welders = get(&app, "q=welders").await;
        assert_eq!(welders["total"], ship["total"]);

        // A facet's own filter does not empty the rest of that facet.
        let tokyo = get(&app, "prefecture=13").await;
        assert!(tokyo["total"].as_u64().unwrap() > 0);
        assert!(tokyo["facets"]["prefecture"].as_object().unwrap().len() >= 30);
        assert!(items(&tokyo).iter().all(|i| i["prefecture"] == 13));
        assert_eq!(
            tokyo["facets"]["prefecture"]["13"], tokyo["total"],
            "the filtered value's count is the total"
        );
        let kanto = get(&app, "region=kanto&per_page=100").await;
        assert!(
            items(&kanto)
                .iter()
                .all(|i| (8..=14).contains(&i["prefecture"].as_i64().unwrap()))
        );
        // Ranges and sorts.
        let rich = get(&app, "min_net_pay=180000&sort=net_pay&per_page=100").await;
        let pays: Vec<i64> = items(&rich)
            .iter()
            .map(|i| i["net_pay_jpy"].as_i64().unwrap())
            .collect();
        assert!(pays.iter().all(|&p| p >= 180_000) && pays.windows(2).all(|w| w[0] >= w[1]));
        let cheap = get(
            &app,
            "max_upfront_cost=12000000&sort=upfront_cost&per_page=100",
        )
        .await;
        let costs: Vec<i64> = items(&cheap)
            .iter()
            .map(|i| i["upfront_cost_vnd"].as_i64().unwrap())
            .collect();
        assert!(
            !costs.is_empty()
                && costs.iter().all(|&c| c <= 12_000_000)
                && costs.windows(2).all(|w| w[0] <= w[1])
        );
        let quick = get(&app, "max_months_to_repay=0.5&sort=months_to_repay").await;
        assert!(
            items(&quick)
                .iter()
                .all(|i| i["months_to_repay"].as_f64().unwrap() <= 0.5)
        );
        let housed = get(&app, "housing=false&per_page=100").await;
        assert!(housed["total"].as_u64().unwrap() > 0);
        let n4 = get(&app, "japanese_level=jlpt_n4&program=ssw1").await;
        assert!(items(&n4).iter().all(|i| i["program"] == "ssw1"));
        assert_eq!(n4["total"], n4["facets"]["japanese_level"]["jlpt_n4"]);
    }
);

both!(
    search_refuses_bad_input_clearly,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let anon = app.anonymous();
        for (query, field) in [
            ("program=nope", "program"),
            ("field=nope", "field"),
            ("prefecture=48", "prefecture"),
            ("region=atlantis", "region"),
            ("japanese_level=n9", "japanese_level"),
            ("sort=best", "sort"),
            ("per_page=101", "per_page"),
            ("page=0", "page"),
            ("max_months_to_repay=abc", "max_months_to_repay"),
            ("lang=fr", "lang"),
            ("min_net_pay=-1", "min_net_pay"),
        ] {
            let (status, body) =
                problem(anon.get(&format!("/api/v1/postings?{query}")).await).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert_eq!(fields(&body), [field], "{query}");
        }
        let (status, body) = problem(anon.get("/api/v1/postings?prefecture=tokyo").await).await;
        assert!(status.is_client_error(), "{body}");
        assert_eq!(fields(&body), ["prefecture"]);
        let (status, _) = problem(anon.get("/api/v1/postings?colour=red").await).await;
        assert!(status.is_client_error());
        // Long queries and query syntax are safe; beyond 10,000 characters is refused.
        // 9,999 characters of words.
        let long = "dong%20tau%20".repeat(1111);
        assert_eq!(
            anon.get(&format!("/api/v1/postings?q={long}"))
                .await
                .status(),
            StatusCode::OK
        );
        let (status, body) = problem(
            anon.get(&format!("/api/v1/postings?q={}", "a".repeat(10_001)))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&body), ["q"]);
        for q in [
            "%22",
            "*",
            "%3A",
            "-",
            "((",
            "%22unbalanced",
            "NOT%20OR%20AND",
            "%29%29%2A%3A",
        ] {
            let res = anon.get(&format!("/api/v1/postings?q={q}")).await;
            assert_eq!(res.status(), StatusCode::OK, "{q}");
        }
        // Invalid UTF-8 is a clear client error, not a 500.
        let (status, body) = problem(anon.get("/api/v1/postings?q=%FF%FE").await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let v = get(&app, "page=99999999").await;
        assert!(items(&v).is_empty());
        assert_eq!(v["total"], 3);
    }
);

both!(
    a_future_sanction_removes_postings_on_its_date,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let list = get(&app, "q=toyota").await;
        assert_eq!(list["total"], 1);
        let employer = list["items"][0]["employer"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let regulator = app.demo("regulator").await;
        let res = regulator
            .post(
                &format!("/api/v1/organisations/{employer}/sanctions"),
                &json!({"kind": "suspension", "starts_on": "2026-11-25", "ends_on": "2027-01-31",
                    "decision_number": "T-1/2026"}),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::CREATED,
            "{}",
            res.text().await.unwrap()
        );
        // This instance applies the outbox row (what its poller does every 100 ms).
        app.core.search().catch_up(&app.core).await.unwrap();
        assert_eq!(get(&app, "q=toyota").await["total"], 1, "not yet in force");
        app.clock.set_date(jiff::civil::date(2026, 11, 25));
        assert_eq!(
            get(&app, "q=toyota").await["total"],
            0,
            "in force on its date"
        );
        app.clock.set_date(jiff::civil::date(2027, 2, 1));
        assert_eq!(
            get(&app, "q=toyota").await["total"],
            1,
            "over after its end"
        );
    }
);

/// Polls `url` until `done(answer)`, returning how long it took; fails after `limit`.
async fn until(
    url: &str,
    limit: std::time::Duration,
    done: impl Fn(&Value) -> bool,
) -> std::time::Duration {
    let started = std::time::Instant::now();
    let client = reqwest::Client::new();
    loop {
        let v: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        if done(&v) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "{url}: not within {limit:?}: {v}"
        );
        // Freshness is what is measured here: ask again at once, the server does the waiting.
        tokio::task::yield_now().await;
    }
}

both!(
    changes_reach_this_instance_at_once_and_another_within_two_seconds,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        // Both instances follow the outbox, as `serve` makes them.
        app.core.search().follow(&app.core);
        let (second, _core2, stop) = app.second_server().await;
        let q = "/api/v1/postings?q=toyota";
        let first_url = app.url(q);
        let second_url = format!("{second}{q}");
        // Both instances have built their index.
        until(&first_url, std::time::Duration::from_secs(5), |v| {
            v["total"] == 1
        })
        .await;
        until(&second_url, std::time::Duration::from_secs(5), |v| {
            v["total"] == 1
        })
        .await;
        let id = get(&app, "q=toyota").await["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let employer = app.demo("employer").await;
        let res = employer
            .post(&format!("/api/v1/postings/{id}/close"), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let here = until(&first_url, std::time::Duration::from_secs(1), |v| {
            v["total"] == 0
        })
        .await;
        let there = until(&second_url, std::time::Duration::from_secs(2), |v| {
            v["total"] == 0
        })
        .await;
        assert!(here <= std::time::Duration::from_secs(1), "{here:?}");
        assert!(there <= std::time::Duration::from_secs(2), "{there:?}");
        // A sanction recorded through the second instance reaches the first.
        let care = get(&app, "q=setagaya").await;
        assert_eq!(care["total"], 1);
        let org = care["items"][0]["employer"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let regulator =
            crate::support::Api::sign_in_at(&second, "regulator@kakehashi.example").await;
        let res = regulator
        .post(
            &format!("/api/v1/organisations/{org}/sanctions"),
            &json!({"kind": "suspension", "starts_on": "2026-11-01", "ends_on": "2027-01-31", "decision_number": "T-2/2026"}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        until(
            &app.url("/api/v1/postings?q=setagaya"),
            std::time::Duration::from_secs(2),
            |v| v["total"] == 0,
        )
        .await;
        let _ = stop.send(());
    }
);

/// Starts another instance over the same database with its snapshot in `dir`, searches once,
/// and says where its index came from and how many postings it found.
async fn restart(
    app: &TestApp,
    dir: &std::path::Path,
) -> (Option<kakehashi_core::search::Origin>, u64) {
    let settings = kakehashi_core::Settings {
        search_dir: Some(dir.to_owned()),
        ..Default::default()
    };
    let core = app.another_core(settings).await;
    let q = kakehashi_core::search::SearchQuery::default();
    let total = kakehashi_core::search::search(&core, &q)
        .await
        .unwrap()
        .total;
    (core.search().origin(), total)
}

fn rebuilt_because(origin: Option<kakehashi_core::search::Origin>) -> String {
    match origin {
        Some(kakehashi_core::search::Origin::Rebuilt(why)) => why,
        other => panic!("not rebuilt: {other:?}"),
    }
}

both!(
    the_index_is_rebuilt_when_its_snapshot_is_missing_or_corrupt,
    |app: TestApp| async move {
        use kakehashi_core::search::Origin;
        let app = app.with_demo().await;
        let dir =
            std::env::temp_dir().join(format!("kakehashi-search-it-{}", uuid::Uuid::new_v4()));
        let file = dir.join("postings.index");
        // First start: no snapshot, so rebuilt from the database, and the snapshot written.
        assert_eq!(
            restart(&app, &dir).await,
            (Some(Origin::Rebuilt("no snapshot".into())), 3)
        );
        assert!(file.is_file());
        // A restart reads the snapshot.
        assert_eq!(restart(&app, &dir).await, (Some(Origin::Snapshot), 3));
        // Deleted: rebuilt.
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            restart(&app, &dir).await,
            (Some(Origin::Rebuilt("no snapshot".into())), 3)
        );
        // Corrupt (one byte changed): refused and rebuilt; the file is good again afterwards.
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x55;
        std::fs::write(&file, &bytes).unwrap();
        let (origin, total) = restart(&app, &dir).await;
        assert!(rebuilt_because(origin).contains("corrupt"));
        assert_eq!(total, 3);
        assert_eq!(restart(&app, &dir).await, (Some(Origin::Snapshot), 3));
        // An older schema version: rebuilt.
        let text = std::fs::read(&file).unwrap();
        let header_end = text.iter().position(|&b| b == b'\n').unwrap();
        let header = String::from_utf8(text[..header_end].to_vec()).unwrap();
        let older = header.replace(
            &format!(
                "\"schema_version\":{}",
                kakehashi_search::snapshot::SCHEMA_VERSION
            ),
            "\"schema_version\":0",
        );
        assert_ne!(older, header);
        std::fs::write(&file, [older.as_bytes(), &text[header_end..]].concat()).unwrap();
        let (origin, total) = restart(&app, &dir).await;
        assert!(rebuilt_because(origin).contains("schema version"));
        assert_eq!(total, 3);
        // A change made after the snapshot was written is applied from the outbox at start.
        let employer = app.demo("employer").await;
        let id = get(&app, "q=toyota").await["items"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        employer
            .post(&format!("/api/v1/postings/{id}/close"), &json!({}))
            .await;
        assert_eq!(restart(&app, &dir).await, (Some(Origin::Snapshot), 2));
        let _ = std::fs::remove_dir_all(&dir);
    }
);
