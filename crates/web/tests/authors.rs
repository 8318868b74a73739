//! Authors: named on articles through the API and the editor, shown on the article page, each
//! with a page of their own; on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{add_user, body_json, body_text, get, get_with, log_in, post_form, send, sites};
use serde_json::json;
use toasoan_core::Role;

#[tokio::test]
async fn articles_name_their_authors_who_each_have_a_page() {
    for site in sites().await {
        let writer = add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let admin = add_user(&site, "admin@toasoan.vn", Role::Admin, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let article = |authors: serde_json::Value| {
            json!({"title": "Hai người viết", "category": "kinh-te", "lead": "Sa-pô", "authors": authors,
                   "blocks": [{"type": "paragraph", "text": "Nội dung."}]})
        };
        let unknown = send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(article(json!(["ai-do"])))).await;
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let error = body_json(unknown).await["error"].clone();
        assert_eq!(error["field"], "authors", "{}", site.engine);
        assert!(error["fields"][0]["message"].as_str().expect("message").contains("ai-do"), "{error}");

        let both = article(json!(["pv-toasoan-vn", "tbt-toasoan-vn"]));
        let created = send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(both)).await;
        assert_eq!(created.status(), StatusCode::CREATED, "{}", site.engine);
        let created = body_json(created).await;
        let names: Vec<&str> =
            created["authors"].as_array().expect("authors").iter().filter_map(|a| a["name"].as_str()).collect();
        assert_eq!(names, vec!["pv@toasoan.vn", "tbt@toasoan.vn"], "in the order given: {}", site.engine);
        let id = created["id"].as_i64().expect("id");

        let editor =
            body_text(get_with(&site.app, &format!("/toa-soan/bai-viet/{id}"), &[("cookie", &chief.cookie)]).await)
                .await;
        assert!(editor.contains(r#"name="authors" value="pv-toasoan-vn" checked"#), "{}", site.engine);
        assert!(!editor.contains(r#"value="admin-toasoan-vn" checked"#), "{}", site.engine);

        let author_page = "/tac-gia/pv-toasoan-vn";
        assert_eq!(get(&site.app, author_page).await.status(), StatusCode::NOT_FOUND, "unpublished: {}", site.engine);
        let publish = json!({"to": "published"});
        let url = format!("/api/v1/articles/{id}/transitions");
        assert_eq!(send(&site.app, "POST", &url, Some(&chief), Some(publish)).await.status(), StatusCode::OK);
        let page = body_text(get(&site.app, created["url"].as_str().expect("url")).await).await;
        assert!(page.contains(r#"<a href="/tac-gia/pv-toasoan-vn" rel="author">pv@toasoan.vn</a>"#), "{}", site.engine);
        assert!(page.contains(r#""url":"http://127.0.0.1:8080/tac-gia/tbt-toasoan-vn""#), "JSON-LD: {}", site.engine);

        let administrator = log_in(&site, "admin@toasoan.vn").await;
        let profile = format!("/toa-soan/nguoi-dung/{writer}/tac-gia");
        let taken = post_form(&site, &profile, &administrator, &[("slug", "tbt toasoan vn"), ("bio", "")]).await;
        assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let fields = [("slug", "Phóng viên Lan"), ("bio", "Phóng viên ban Kinh tế.")];
        assert_eq!(post_form(&site, &profile, &administrator, &fields).await.status(), StatusCode::SEE_OTHER);
        let nobody = post_form(
            &site,
            "/toa-soan/nguoi-dung/999999/tac-gia",
            &administrator,
            &[("slug", "khong-ai"), ("bio", "")],
        )
        .await;
        assert_eq!(nobody.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        let page = get(&site.app, "/tac-gia/phong-vien-lan").await;
        assert_eq!(page.status(), StatusCode::OK, "{}", site.engine);
        let page = body_text(page).await;
        assert!(page.contains("Phóng viên ban Kinh tế.") && page.contains("Hai người viết"), "{}", site.engine);
        assert_eq!(get(&site.app, author_page).await.status(), StatusCode::NOT_FOUND, "old address: {}", site.engine);
        let first = get(&site.app, "/tac-gia/phong-vien-lan/trang-1").await;
        assert_eq!(first.status(), StatusCode::MOVED_PERMANENTLY, "{}", site.engine);
        let writer_login = log_in(&site, "pv@toasoan.vn").await;
        let refused = post_form(&site, &format!("/toa-soan/nguoi-dung/{admin}/tac-gia"), &writer_login, &fields).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "only admins: {}", site.engine);
    }
}
