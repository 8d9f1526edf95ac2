//! Accounts, sessions, roles and authorisation.

use crate::both;
use crate::support::*;
use reqwest::StatusCode;
use serde_json::json;

both!(
    worker_signs_up_signs_out_and_in_again,
    |app: TestApp| async move {
        let anon = app.anonymous();
        let res = anon
        .post("/api/v1/accounts", &json!({"email": "Lan@Example.VN", "password": "một mật khẩu dài", "display_name": "Hoàng Lan"}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let cookie = res
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        let me: serde_json::Value = anon.get("/api/v1/me").await.json().await.unwrap();
        assert_eq!(me["email"], "lan@example.vn");
        assert_eq!(me["role"], "worker");
        assert_eq!(me["language"], "vi");

        // Signing up again with the same address (any case) is refused, naming the field.
        let (status, p) = problem(
        app.anonymous()
            .post("/api/v1/accounts", &json!({"email": "lan@example.vn", "password": "another long one", "display_name": "X"}))
            .await,
    )
    .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(fields(&p), ["email"]);

        let res = anon
            .send(reqwest::Method::DELETE, "/api/v1/session", &json!({}))
            .await;
        // The sign-up answer carried the CSRF token; without it the change is refused.
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let signed = app.sign_in("lan@example.vn", "một mật khẩu dài").await;
        assert_eq!(
            signed
                .send(reqwest::Method::DELETE, "/api/v1/session", &json!({}))
                .await
                .status(),
            StatusCode::NO_CONTENT
        );
        let (status, p) = problem(signed.get("/api/v1/me").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(p["code"], "unauthenticated");
    }
);

both!(sign_up_validates_every_field, |app: TestApp| async move {
    let (status, p) = problem(
        app.anonymous()
            .post("/api/v1/accounts", &json!({"email": "not-an-address", "password": "short", "display_name": "  ", "language": "fr"}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut f = fields(&p);
    f.sort();
    assert_eq!(f, ["display_name", "email", "language", "password"]);
    assert!(p["errors"][0]["message"].as_str().unwrap().len() > 5);
    let mut conn = app.core.db().conn().await.unwrap();
    assert_eq!(
        kakehashi_store::users::count(&mut conn).await.unwrap(),
        0,
        "nothing stored"
    );
});

both!(
    wrong_passwords_are_throttled_per_account,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        for _ in 0..5 {
            let (status, p) = problem(
            app.anonymous()
                .post("/api/v1/session", &json!({"email": "worker@kakehashi.example", "password": "wrong password!"}))
                .await,
        )
        .await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(p["code"], "bad_credentials");
        }
        let res = app
            .anonymous()
            .post(
                "/api/v1/session",
                &json!({"email": "worker@kakehashi.example", "password": DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(res.headers().contains_key("retry-after"));
        // An unknown account answers exactly like a wrong password.
        let (status, p) = problem(
            app.anonymous()
                .post(
                    "/api/v1/session",
                    &json!({"email": "nobody@kakehashi.example", "password": "whatever123"}),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, p["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("bad_credentials"))
        );
        // After the window, the right password works again.
        app.clock.advance(jiff::SignedDuration::from_mins(16));
        app.demo("worker").await;
    }
);

both!(
    password_change_ends_other_sessions,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let first = app.demo("worker").await;
        let second = app.demo("worker").await;
        let (status, p) = problem(
        first
            .post("/api/v1/me/password", &json!({"current_password": "not it at all", "new_password": "a brand new passphrase"}))
            .await,
    )
    .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&p), ["current_password"]);
        let res = first
        .post("/api/v1/me/password", &json!({"current_password": DEMO_PASSWORD, "new_password": "a brand new passphrase"}))
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        assert_eq!(first.get("/api/v1/me").await.status(), StatusCode::OK);
        assert_eq!(
            second.get("/api/v1/me").await.status(),
            StatusCode::UNAUTHORIZED
        );
        app.sign_in("worker@kakehashi.example", "a brand new passphrase")
            .await;
    }
);

both!(
    staff_of_one_organisation_cannot_see_or_change_another,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let tokai = app.org_id("JP-EMP-0003").await;
        let hikari = app.org_id("JP-EMP-0004").await;
        let employer = app.demo("employer").await; // Tokai
        assert_eq!(
            employer
                .get(&format!("/api/v1/organisations/{tokai}/staff"))
                .await
                .status(),
            StatusCode::OK
        );
        let (status, _) = problem(
            employer
                .get(&format!("/api/v1/organisations/{hikari}/staff"))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let change = json!({"name": "乗っ取り", "name_romanised": "Takeover", "country": "JP"});
        let (status, _) = problem(
            employer
                .patch(&format!("/api/v1/organisations/{hikari}"), &change)
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let mut conn = app.core.db().conn().await.unwrap();
        let row = kakehashi_store::organisations::by_id(&mut conn, &hikari)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.name, "医療法人社団ひかり会", "unchanged");
        // Its own profile it may change.
        let own = json!({"name": "株式会社東海精密工業", "name_romanised": "Tokai Precision Industries Co., Ltd.", "country": "JP", "phone": "+81 565 00 9999"});
        assert_eq!(
            employer
                .patch(&format!("/api/v1/organisations/{tokai}"), &own)
                .await
                .status(),
            StatusCode::OK
        );
        // A non-existent id looks the same as someone else's.
        let (status, _) =
            problem(employer.get("/api/v1/organisations/not-an-id/staff").await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

both!(
    a_worker_sees_only_their_own_record,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let an = app.demo("worker").await;
        let lan = app.demo("worker2").await;
        assert_eq!(
            an.get(&format!("/api/v1/workers/{}", an.id()))
                .await
                .status(),
            StatusCode::OK
        );
        let (status, _) = problem(an.get(&format!("/api/v1/workers/{}", lan.id())).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let employer = app.demo("employer").await;
        let (status, _) =
            problem(employer.get(&format!("/api/v1/workers/{}", an.id())).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // Workers and staff may not administer.
        for who in ["worker", "employer", "regulator"] {
            let api = app.demo(who).await;
            let (status, p) = problem(api.get("/api/v1/admin/accounts").await).await;
            assert_eq!(
                (status, p["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("forbidden")),
                "{who}"
            );
        }
        let (status, _) = problem(app.anonymous().get("/api/v1/admin/accounts").await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
);

both!(
    admin_creates_organisations_and_staff,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let admin = app.demo("admin").await;
        let res = admin
        .post("/api/v1/admin/organisations", &json!({"kind": "employer", "name": "株式会社さくら農園", "name_romanised": "Sakura Farm Co., Ltd.", "country": "jp", "enterprise_code": "JP-EMP-0099"}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let org: serde_json::Value = res.json().await.unwrap();
        let org_id = org["id"].as_str().unwrap();
        // The same enterprise code again is a conflict on that field.
        let (status, p) = problem(
        admin
            .post("/api/v1/admin/organisations", &json!({"kind": "employer", "name": "Other", "name_romanised": "Other", "country": "JP", "enterprise_code": "JP-EMP-0099"}))
            .await,
    )
    .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::CONFLICT, vec!["enterprise_code".to_owned()])
        );
        // A regulator cannot belong to an employer.
        let (status, p) = problem(
        admin
            .post("/api/v1/admin/accounts", &json!({"email": "x@farm.example", "display_name": "X", "role": "regulator", "organisation_id": org_id}))
            .await,
    )
    .await;
        assert_eq!(
            (status, fields(&p)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["role".to_owned()])
        );
        let res = admin
        .post("/api/v1/admin/accounts", &json!({"email": "boss@farm.example", "display_name": "山田 太郎", "role": "employer", "organisation_id": org_id}))
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: serde_json::Value = res.json().await.unwrap();
        let password = body["password"].as_str().expect("generated password");
        let boss = app.sign_in("boss@farm.example", password).await;
        assert_eq!(boss.account["organisation_id"], org_id);
        // The e-mail is sealed at rest: the raw row does not contain it.
        let mut conn = app.core.db().conn().await.unwrap();
        let rows = kakehashi_store::users::list(&mut conn, Some(org_id), 10, 0)
            .await
            .unwrap();
        assert!(
            !rows[0].email_sealed.contains("farm.example") && !rows[0].email_index.contains("farm")
        );
    }
);

both!(
    admin_pages_create_accounts_with_csrf,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let admin = app.demo("admin").await;
        let page = admin.get("/admin").await.text().await.unwrap();
        assert!(page.contains("Sao Viet Manpower Supply JSC"));
        // A form without the token is refused and changes nothing.
        let res = admin
            .client
            .post(app.url("/admin/organisations"))
            .form(&[
                ("kind", "ngo"),
                ("name", "No token"),
                ("name_romanised", "No token"),
                ("country", "VN"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = admin
            .form(
                "/admin/organisations",
                &[
                    ("kind", "ngo"),
                    ("name", "<script>alert(1)</script>"),
                    ("name_romanised", "Script NGO"),
                    ("country", "VN"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let html = res.text().await.unwrap();
        assert!(!html.contains("<script>alert(1)</script>"), "escaped");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || html.contains("&#60;script&#62;")
        );
        // A mistake shows the form again with the message beside the field.
        let res = admin
            .form(
                "/admin/accounts",
                &[
                    ("email", "bad"),
                    ("display_name", "Y"),
                    ("role", "employer"),
                    ("organisation_id", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("id=\"email-error\""),
            "message beside the e-mail field"
        );
        assert!(html.contains("id=\"organisation_id-error\""));
    }
);

both!(
    pages_sign_in_and_out_in_three_languages,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let client = app.client();
        // Default Vietnamese; Accept-Language; ?lang= wins and sticks.
        let html = client
            .get(app.url("/sign-in"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<html lang=\"vi\">") && html.contains("Đăng nhập"));
        let html = client
            .get(app.url("/sign-in"))
            .header("accept-language", "ja-JP,ja;q=0.9")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<html lang=\"ja\">") && html.contains("ログイン"));
        let html = client
            .get(app.url("/sign-in?lang=en"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("<html lang=\"en\">"));
        let html = client
            .get(app.url("/sign-in"))
            .header("accept-language", "ja")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("<html lang=\"en\">"),
            "the chosen language sticks over Accept-Language"
        );
        let csrf = html
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        // Wrong password: the form again, 401, with a message.
        let res = client
            .post(app.url("/sign-in"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("email", "employer@kakehashi.example"),
                ("password", "nope nope nope"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let res = client
            .post(app.url("/sign-in"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("email", "employer@kakehashi.example"),
                ("password", DEMO_PASSWORD),
                ("next", "/account"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/account");
        // The language chosen in this browser (en) stays after signing in; the account's (ja)
        // applies in a browser where none was chosen.
        let home = client
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            home.contains("data-home=\"employer\"") && home.contains("<html lang=\"en\">"),
            "{home}"
        );
        let elsewhere = app
            .demo("employer")
            .await
            .get("/")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            elsewhere.contains("<html lang=\"ja\">") && elsewhere.contains("ようこそ"),
            "{elsewhere}"
        );
        let csrf = home
            .split("name=\"_csrf\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let res = client
            .post(app.url("/sign-out"))
            .form(&[("_csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let home = client
            .get(app.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("data-home=\"public\""));
    }
);

both!(every_role_has_its_home_page, |app: TestApp| async move {
    let app = app.with_demo().await;
    for who in [
        "worker",
        "sending",
        "employer",
        "supervising",
        "officer",
        "regulator",
        "admin",
    ] {
        let api = app.demo(who).await;
        let role = api.account["role"].as_str().unwrap().to_owned();
        for lang in ["vi", "ja", "en"] {
            let html = api
                .get(&format!("/?lang={lang}"))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                html.contains(&format!("data-home=\"{role}\"")),
                "{who} {lang}"
            );
            assert!(html.contains(&format!("<html lang=\"{lang}\">")));
            assert!(
                !html.contains(&format!("home-{role}-")) && !html.contains("tile-"),
                "no untranslated keys for {who} in {lang}"
            );
        }
    }
});

both!(
    a_key_rotation_reseals_every_account,
    |app: TestApp| async move {
        let app = app.with_demo().await;
        let new_secret = kakehashi_core::crypto::Keys::generate_secret();
        let reseal = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_kakehashi"))
                .args(["admin", "reseal"])
                .env("DATABASE_URL", &app.db_url)
                .env("KAKEHASHI_SECRET_KEY", &new_secret)
                .env("KAKEHASHI_PREVIOUS_SECRET_KEYS", &app.secret)
                .output()
                .unwrap()
        };
        let out = reseal();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "resealed=12");
        assert_eq!(
            String::from_utf8_lossy(&reseal().stdout).trim(),
            "resealed=0",
            "nothing left to do"
        );
        // The new key alone now finds and opens every account; the old key no longer does.
        let keys = kakehashi_core::crypto::Keys::from_base64(&new_secret, &[]).unwrap();
        let clock = std::sync::Arc::new(app.clock.clone());
        let rotated =
            kakehashi_core::Core::new(app.core.db().clone(), clock, keys, Default::default());
        let client = kakehashi_core::accounts::Client::default();
        let start = kakehashi_core::accounts::sign_in(
            &rotated,
            "worker@kakehashi.example",
            DEMO_PASSWORD,
            &client,
        )
        .await
        .unwrap();
        let view = kakehashi_core::accounts::account(&rotated, &start.actor)
            .await
            .unwrap();
        assert_eq!(view.email, "worker@kakehashi.example");
        let old = kakehashi_core::accounts::sign_in(
            &app.core,
            "worker2@kakehashi.example",
            DEMO_PASSWORD,
            &client,
        )
        .await;
        assert!(matches!(
            old,
            Err(kakehashi_core::CoreError::BadCredentials)
        ));
        assert!(app.cli(&["audit", "verify"]).status.success());
    }
);
