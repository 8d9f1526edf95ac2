//! Pages in the reader's language (issue 15): malformed addresses answer a translated page or
//! problem+json naming the parameter, never axum's plain-text English; counts use plural forms.

use crate::both;
use crate::support::*;
use reqwest::StatusCode;

both!(
    a_malformed_query_answers_in_the_readers_language,
    |app: TestApp| async move {
        let anon = app.anonymous();
        for (lang, title) in [
            ("ja", "アドレスに無効なパラメータが含まれています"),
            ("vi", "Địa chỉ chứa tham số không hợp lệ"),
        ] {
            let res = anon.get(&format!("/jobs?page=x&lang={lang}")).await;
            assert_eq!(res.status(), StatusCode::BAD_REQUEST);
            let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(ct.starts_with("text/html"), "{ct}");
            let body = res.text().await.unwrap();
            assert!(body.contains(title), "{body}");
            assert!(
                body.contains("<code>page</code>"),
                "names the parameter: {body}"
            );
            assert!(body.contains(r#"href="/jobs" data-testid="without-query""#));
        }
        let (status, p) = problem(anon.get("/api/v1/postings?prefecture=x").await).await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_query"))
        );
        assert_eq!(fields(&p), ["prefecture"]);
        // An extractor axum answers itself (a path that is not UTF-8) is ours too.
        let res = anon.get("/registry/%FF?lang=ja").await;
        assert!(res.status().is_client_error());
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/html"), "{ct}");
    }
);

both!(counts_use_plural_forms, |app: TestApp| async move {
    let app = app.with_demo().await;
    let anon = app.anonymous();
    let body = anon
        .get("/registry?q=Hikari+Medical&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("1 organisation found"), "{body}");
    let body = anon
        .get("/registry?q=Hikari+Medical&lang=vi")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Tìm thấy 1 tổ chức"), "{body}");
});
