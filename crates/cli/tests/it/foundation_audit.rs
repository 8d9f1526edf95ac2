//! The audit trail: every change recorded in its transaction, chained, and verifiable.

use crate::both;
use crate::support::*;
use serde_json::json;

both!(
    changes_are_audited_and_the_chain_verifies,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let admin = app.demo("admin").await;
        let res = admin
        .post("/api/v1/admin/organisations", &json!({"kind": "ngo", "name": "Nhóm Hỗ trợ", "name_romanised": "Support Group", "country": "VN"}))
        .await;
        let id = res.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let records: serde_json::Value = admin
            .get(&format!(
                "/api/v1/audit?entity_type=organisation&entity_id={id}"
            ))
            .await
            .json()
            .await
            .unwrap();
        let r = &records["items"][0];
        assert_eq!(r["action"], "organisation.created");
        assert_eq!(r["actor_id"], admin.id());
        assert_eq!(r["after"]["name"], "Nhóm Hỗ trợ");
        assert!(r["before"].is_null());
        // A worker may not read the trail.
        let worker = app.demo("worker").await;
        assert_eq!(
            worker.get("/api/v1/audit").await.status(),
            reqwest::StatusCode::FORBIDDEN
        );

        let out = app.cli(&["audit", "verify"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("intact"));
    }
);

both!(
    an_edit_behind_the_servers_back_is_caught,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let mut conn = app.core.db().conn().await.unwrap();
        let (head, _): (i64, String) = kakehashi_store::audit::head(&mut conn).await.unwrap();
        assert!(head > 20, "the demo wrote {head} records");
        // Someone rewrites history: record 5 now says it created something else.
        sqlx::query("UPDATE audit_log SET after_json = '{\"name\":\"forged\"}' WHERE seq = 5")
            .execute(&mut *conn)
            .await
            .unwrap();
        let out = app.cli(&["audit", "verify"]);
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("broken at record 5"), "{stdout}");
    }
);

both!(a_deleted_record_is_caught, |app: TestApp| async move {
    let app = app.with_demo().await;
    let mut conn = app.core.db().conn().await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq = 7")
        .execute(&mut *conn)
        .await
        .unwrap();
    let out = app.cli(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("broken at record 8"));
    // Truncating the tail is caught too.
    let mut conn = app.core.db().conn().await.unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq >= 7")
        .execute(&mut *conn)
        .await
        .unwrap();
    let out = app.cli(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("truncated"));
});

both!(
    concurrent_changes_keep_one_chain,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let admin = std::sync::Arc::new(app.demo("admin").await);
        let mut tasks = Vec::new();
        for i in 0..12 {
            let admin = admin.clone();
            tasks.push(tokio::spawn(async move {
            admin
                .post("/api/v1/admin/organisations", &json!({"kind": "ngo", "name": format!("NGO {i}"), "name_romanised": format!("NGO {i}"), "country": "VN"}))
                .await
                .status()
        }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), reqwest::StatusCode::CREATED);
        }
        let verdict = kakehashi_core::audit::verify(app.core.db(), |_, _| {})
            .await
            .unwrap();
        assert!(
            matches!(verdict, kakehashi_core::audit::Verdict::Intact { .. }),
            "{verdict:?}"
        );
    }
);
