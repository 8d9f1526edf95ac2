//! The register import as a background job: a killed import resumes from its last batch and
//! leaves the whole register, never half of it; a busy database answers 503 with
//! `Retry-After`, never 500; the import benchmark prints its figures.

use crate::both;
use crate::support::*;
use jiff::SignedDuration;
use kakehashi_core::audit::By;
use kakehashi_core::jobs::{Registry, Worker, WorkerOptions};
use kakehashi_core::registry::import::{BATCH, queue_import, run_here};
use kakehashi_store::Backend;
use reqwest::StatusCode;

/// A valid register of `n` rows.
fn register(n: usize) -> Vec<u8> {
    register_from(0, n)
}

/// Rows `first..first + n` (licence numbers and enterprise codes from `first`).
fn register_from(first: usize, n: usize) -> Vec<u8> {
    let mut out = String::from(
        "licence_number,issued_on,name,name_romanised,enterprise_code,kind,country,address,phone,website,status\n",
    );
    for i in first..first + n {
        out.push_str(&format!(
            "{i}/LĐTBXH-GP,2020-01-15,Công ty Cung ứng {i},Cong ty Cung ung {i},{:010},\
             sending_enterprise,VN,\"Số {i}, Hà Nội\",+84 24 3000 {:04},https://e{i}.example,active\n",
            8_000_000_000u64 + i as u64,
            i % 10_000
        ));
    }
    out.into_bytes()
}

async fn licence_count(app: &TestApp) -> i64 {
    let mut conn = app.core.db().conn().await.unwrap();
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM licences")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
}

both!(
    a_killed_import_resumes_and_leaves_the_whole_register,
    |app: TestApp| async move {
        let rows = BATCH * 2 + 37;
        let id = queue_import(&app.core, By::System("test"), &register(rows), false)
            .await
            .unwrap();
        // The importing process dies right after its first batch is committed.
        let core = app.core.clone();
        let job = id.clone();
        let killed = tokio::spawn(async move {
            run_here(&core, &job, &|phase, done, _| {
                if phase == "writing" && done > 0 {
                    panic!("killed after {done} rows");
                }
            })
            .await
        })
        .await;
        assert!(killed.is_err_and(|e| e.is_panic()));
        assert_eq!(
            licence_count(&app).await,
            BATCH as i64,
            "one batch committed"
        );
        let row = kakehashi_core::jobs::get(&app.core, &id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (row.state.as_str(), row.progress_done),
            ("running", BATCH as i64)
        );
        // A server's worker claims it when the lease runs out and finishes from the checkpoint.
        let worker = Worker::new(
            app.core.clone(),
            Registry::standard(),
            WorkerOptions::default(),
        );
        assert_eq!(
            worker.run_once().await.unwrap(),
            None,
            "the lease still holds"
        );
        app.clock.advance(SignedDuration::from_secs(61));
        let attempt = worker.run_once().await.unwrap().expect("claimed again");
        assert_eq!(attempt.state, "succeeded");
        assert_eq!(licence_count(&app).await, rows as i64);
        let row = kakehashi_core::jobs::get(&app.core, &id)
            .await
            .unwrap()
            .unwrap();
        let report = kakehashi_core::registry::import::report_of(&row).unwrap();
        assert_eq!(
            (report.imported, report.unchanged, report.rejected),
            (rows as u64, 0, 0)
        );
        assert_eq!(row.attempts, 2);
        // Every row once, and the audit chain intact across the two attempts.
        let verdict = kakehashi_core::audit::verify(app.core.db(), |_, _| {})
            .await
            .unwrap();
        assert_eq!(
            verdict,
            kakehashi_core::audit::Verdict::Intact {
                records: 2 * rows as i64
            }
        );
        // Importing the same file again changes nothing.
        let out = kakehashi_core::registry::import::import_register(
            &app.core,
            By::System("test"),
            &register(rows),
            false,
            &|_, _, _| {},
        )
        .await
        .unwrap();
        assert_eq!((out.imported, out.unchanged), (0, rows as u64));
    }
);

both!(
    a_conflict_with_the_record_refuses_the_whole_file_before_writing,
    |app: TestApp| async move {
        let first = register(3);
        kakehashi_core::registry::import::import_register(
            &app.core,
            By::System("test"),
            &first,
            false,
            &|_, _, _| {},
        )
        .await
        .unwrap();
        // A bigger file whose last row names licence 0 under another enterprise's code.
        let mut text = String::from_utf8(register_from(1000, BATCH + 10)).unwrap();
        text.push_str("0/LĐTBXH-GP,2020-01-15,Khác,Khac,8000000002,sending_enterprise,VN,Hà Nội,+84 24 3000 0000,,active\n");
        let report = kakehashi_core::registry::import::import_register(
            &app.core,
            By::System("test"),
            text.as_bytes(),
            false,
            &|_, _, _| {},
        )
        .await
        .unwrap();
        assert!(!report.written);
        assert_eq!(report.rejected, 1);
        assert_eq!(report.errors[0].code, "licence_of_another_organisation");
        assert_eq!(
            licence_count(&app).await,
            3,
            "nothing of the bigger file was written"
        );
    }
);

both!(
    a_busy_database_answers_503_with_retry_after,
    |app: TestApp| async move {
        // Hold the database: SQLite's write lock from another connection; on PostgreSQL every
        // connection of the server's pool.
        let other = kakehashi_store::Db::connect(&app.db_url).await.unwrap();
        let mut held_tx = None;
        let mut held_conns = Vec::new();
        match app.core.db().backend() {
            Backend::Sqlite => held_tx = Some(other.begin().await.unwrap()),
            Backend::Postgres => {
                while let Ok(Ok(c)) = tokio::time::timeout(
                    std::time::Duration::from_millis(500),
                    app.core.db().conn(),
                )
                .await
                {
                    held_conns.push(c);
                }
            }
        }
        let res = app
        .anonymous()
        .post(
            "/api/v1/accounts",
            &serde_json::json!({"email": "busy@example.vn", "password": "một mật khẩu dài", "display_name": "Busy"}),
        )
        .await;
        let retry_after = res
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        let (status, body) = problem(res).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["code"], "busy", "{body}");
        assert_eq!(retry_after.as_deref(), Some("2"));
        drop(held_tx);
        drop(held_conns);
        // Released: the same sign-up goes through.
        let res = app
        .anonymous()
        .post(
            "/api/v1/accounts",
            &serde_json::json!({"email": "busy@example.vn", "password": "một mật khẩu dài", "display_name": "Busy"}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        other.close().await;
    }
);

both!(
    the_import_benchmark_prints_its_figures,
    |app: TestApp| async move {
        let backend = match app.core.db().backend() {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        };
        let out = app.cli(&["bench", "import", "--rows", "600", "--backend", backend]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line = stdout.lines().last().unwrap_or("");
        for key in [
            "rows=600 ",
            "import_secs=",
            "baseline_rows=150 ",
            "per_row_vs_baseline=",
            "reimport_unchanged_secs=",
            "projected_50mb_secs=",
        ] {
            assert!(line.contains(key), "{key} in {line}");
        }
    }
);
