//! Importing a licence register: the CLI, the API and the upload page.

use crate::both;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::Value;

fn sample() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/samples/licence-register-sample.csv"
    ))
    .unwrap()
}

fn write_temp(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("kk-{}-{name}", uuid::Uuid::now_v7()));
    std::fs::write(&path, text).unwrap();
    path
}

fn last_line(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .to_owned()
}

async fn org_count(app: &TestApp) -> i64 {
    let mut conn = app.core.db().conn().await.unwrap();
    kakehashi_store::organisations::count(&mut conn)
        .await
        .unwrap()
}

both!(
    the_sample_register_imports_once,
    |app: TestApp| async move {
        let path = write_temp("sample.csv", &sample());
        let rows = sample().lines().count() as u64 - 1;
        let out = app.cli(&["import", "licences", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            last_line(&out),
            format!("imported={rows} unchanged=0 rejected=0")
        );
        // Again: nothing changes.
        let out = app.cli(&["import", "licences", path.to_str().unwrap()]);
        assert_eq!(
            last_line(&out),
            format!("imported=0 unchanged={rows} rejected=0")
        );
        // The look-up finds an imported enterprise without diacritics.
        let v: Value = app
            .anonymous()
            .get("/api/v1/organisations?q=song%20lam%20xanh")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["total"], 1);
        assert_eq!(v["items"][0]["licence_number"], "801/LĐTBXH-GP");
        // One row changes: that row is updated, audited.
        let changed = sample().replacen(
            "+84 24 3000 0801,https://songlamxanh.example,active",
            "+84 24 3000 0801,https://songlamxanh.example,suspended",
            1,
        );
        let path2 = write_temp("changed.csv", &changed);
        let out = app.cli(&["import", "licences", path2.to_str().unwrap()]);
        assert_eq!(
            last_line(&out),
            format!("imported=1 unchanged={} rejected=0", rows - 1)
        );
        let v: Value = app
            .anonymous()
            .get("/api/v1/organisations?q=song%20lam%20xanh")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["items"][0]["status"], "suspended");
        let audit = app.cli(&["audit", "verify"]);
        assert!(audit.status.success());
        for p in [path, path2] {
            let _ = std::fs::remove_file(p);
        }
    }
);

both!(
    a_bad_register_imports_nothing_and_says_where,
    |app: TestApp| async move {
        let header = "licence_number,issued_on,name,name_romanised,enterprise_code,kind,country,address,phone,website,status,ends_on";
        let text = format!(
            "\u{feff}{header}\n\
         1/LĐTBXH-GP,2020-01-01,Công ty A,Cong ty A,0100000001,sending_enterprise,VN,\"Số 1, Hà Nội\",,,active,\n\
         \n\
         2/LĐTBXH-GP,31/12/2021,Công ty B,Cong ty B,0100000002,bank,VN,,,,active,\n\
         1/LĐTBXH-GP,2020-01-01,Công ty C,Cong ty C,0100000003,sending_enterprise,VN,,,,active,\n\
         4/LĐTBXH-GP,2022-05-01,Công ty D,Cong ty D,0100000004,sending_enterprise,VN,,,,active,2021-01-01\n\
         5/LĐTBXH-GP,2022-05-01,Công ty E,Cong ty E\n\
         6/LĐTBXH-GP,2022-05-01,\"Công ty F\nchi nhánh\",Cong ty F,0100000006,sending_enterprise,VN,,,,closed,\n\
         7/LĐTBXH-GP,2022-05-01,Công ty G,Cong ty G,0100000007,employer,JP,,,,active,\n"
        );
        let path = write_temp("bad.csv", &text);
        let before = org_count(&app).await;
        let out = app.cli(&["import", "licences", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        for expected in [
            "line 4, column kind",
            "line 5, column licence_number",
            "line 6, column ends_on",
            "line 7",
            "line 8, column status",
        ] {
            assert!(stderr.contains(expected), "{expected} in:\n{stderr}");
        }
        assert_eq!(last_line(&out), "imported=0 unchanged=0 rejected=5");
        assert_eq!(org_count(&app).await, before, "nothing imported");
        // --skip-invalid imports the good rows and still reports the bad.
        let out = app.cli(&[
            "import",
            "licences",
            path.to_str().unwrap(),
            "--skip-invalid",
        ]);
        assert!(out.status.success());
        assert_eq!(last_line(&out), "imported=2 unchanged=0 rejected=5");
        assert_eq!(org_count(&app).await, before + 2);
        let _ = std::fs::remove_file(path);
        // Not UTF-8 at all.
        let path = write_temp("latin1.csv", "");
        std::fs::write(
            &path,
            [
                header.as_bytes(),
                b"\n1/X,2020-01-01,C\xf4ng ty,Cong ty,1,ngo,VN,,,,active,\n",
            ]
            .concat(),
        )
        .unwrap();
        let out = app.cli(&["import", "licences", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
        let _ = std::fs::remove_file(path);
    }
);

both!(
    regulators_upload_through_the_api_and_the_page,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let regulator = app.demo("regulator").await;
        let post = |api: &Api, body: String, query: &str| {
            api.client
                .post(format!("{}/api/v1/licence-register{query}", api.base))
                .header("x-csrf-token", &api.csrf)
                .header("content-type", "text/csv")
                .body(body)
                .send()
        };
        let employer = app.demo("employer").await;
        let (status, _) = problem(post(&employer, sample(), "").await.unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let res = post(&regulator, sample(), "").await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["imported"], 25);
        let bad = sample().replacen(",active,", ",dormant,", 1);
        let res = post(&regulator, bad, "").await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["errors"][0]["line"], 2);
        assert_eq!(report["errors"][0]["column"], "status");
        // The page: a multipart upload with the CSRF token.
        let form = reqwest::multipart::Form::new()
            .text("_csrf", regulator.csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(sample().into_bytes()).file_name("register.csv"),
            );
        let res = regulator
            .client
            .post(app.url("/regulator/import"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        // The upload is queued as a job; its status page refreshes itself until it is done.
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let status_page = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            status_page.starts_with("/regulator/import/"),
            "{status_page}"
        );
        let html = regulator.get(&status_page).await.text().await.unwrap();
        assert!(html.contains(r#"http-equiv="refresh""#), "{html}");
        assert!(html.contains(r#"data-state="queued""#), "{html}");
        // Another regulator's (or anyone else's) eyes: not found.
        assert_eq!(
            employer.get(&status_page).await.status(),
            StatusCode::FORBIDDEN
        );
        let worker = kakehashi_core::jobs::Worker::new(
            app.core.clone(),
            kakehashi_core::jobs::Registry::standard(),
            kakehashi_core::jobs::WorkerOptions::default(),
        );
        let attempt = worker.run_once().await.unwrap().expect("the upload's job");
        assert_eq!(attempt.state, "succeeded");
        let html = regulator.get(&status_page).await.text().await.unwrap();
        assert!(
            html.contains("imported=0 unchanged=25 rejected=0"),
            "{html}"
        );
        assert!(
            !html.contains(r#"http-equiv="refresh""#),
            "a finished job stops refreshing"
        );
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(sample().into_bytes()).file_name("r.csv"),
        );
        let res = regulator
            .client
            .post(app.url("/regulator/import"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "no CSRF token, no import"
        );
    }
);
