//! Two people on one article: the second to open it is told who is editing; a save made on an
//! older version is refused with 409 and the editor shows both texts, nobody's lost; the API
//! refuses a PATCH on an older `version` the same way. Also: who the authors are is what the
//! editor chose (a new article under a byline names no account by itself).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{Login, TestSite, add_user, body_json, body_text, get_with, log_in, post_form, send, sites};
use serde_json::json;
use toasoan_core::Role;

/// The version the editor page carries in its form.
fn version_in(page: &str) -> String {
    let start = page.find(r#"name="version" value=""#).expect("a version field") + r#"name="version" value=""#.len();
    page[start..].split('"').next().expect("closing quote").to_owned()
}

async fn open(site: &TestSite, uri: &str, login: &Login) -> String {
    let response = get_with(&site.app, uri, &[("cookie", &login.cookie)]).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", site.engine);
    body_text(response).await
}

#[tokio::test]
async fn the_second_editor_is_warned_and_an_out_of_date_save_keeps_both_texts() {
    for site in sites().await {
        add_user(&site, "lan@toasoan.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "minh@toasoan.vn", Role::EditorInChief, &[]).await;
        let (lan, minh) = (log_in(&site, "lan@toasoan.vn").await, log_in(&site, "minh@toasoan.vn").await);
        let created = send(&site.app, "POST", "/api/v1/articles", Some(&lan),
            Some(json!({"title": "Bản đầu", "category": "kinh-te", "blocks": [{"type": "paragraph", "text": "Đoạn đầu."}]})))
            .await;
        let id = body_json(created).await["id"].as_i64().expect("id");
        let uri = format!("/toa-soan/bai-viet/{id}");
        let category = site.state.db.category_by_slug("kinh-te").await.expect("read").expect("exists").id.to_string();

        let lans_page = open(&site, &uri, &lan).await;
        assert!(!lans_page.contains("đang sửa bài này"), "{}: alone", site.engine);
        let minhs_page = open(&site, &uri, &minh).await;
        assert!(minhs_page.contains("lan@toasoan.vn (lúc "), "{}", site.engine);
        assert!(minhs_page.contains("đang sửa bài này"), "{}", site.engine);

        let minhs_save =
            [("title", "Bản của Minh"), ("category", &category), ("body", "Minh viết lại."), ("version", "")];
        let mut fields = minhs_save.to_vec();
        let minhs_version = version_in(&minhs_page);
        fields[3].1 = &minhs_version;
        assert_eq!(post_form(&site, &uri, &minh, &fields).await.status(), StatusCode::SEE_OTHER, "{}", site.engine);

        let lans_version = version_in(&lans_page);
        let lans = [
            ("title", "Bản của Lan"),
            ("category", &category),
            ("body", "Lan thêm một đoạn."),
            ("version", &lans_version),
        ];
        let refused = post_form(&site, &uri, &lan, &lans).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT, "{}", site.engine);
        let page = body_text(refused).await;
        assert!(page.contains("minh@toasoan.vn đã lưu bài này lúc"), "{}", site.engine);
        assert!(page.contains("Minh viết lại.") && page.contains("Lan thêm một đoạn."), "{}: both texts", site.engine);
        assert!(page.contains(r#"value="Bản của Lan""#), "{}: Lan's text is still in the form", site.engine);
        let saved = site.state.db.article(id).await.expect("read").expect("exists");
        assert_eq!(saved.title, "Bản của Minh", "{}: nothing overwritten", site.engine);

        let new_version = version_in(&page);
        let again =
            [("title", "Bản của Lan và Minh"), ("category", &category), ("body", "Cả hai."), ("version", &new_version)];
        assert_eq!(post_form(&site, &uri, &lan, &again).await.status(), StatusCode::SEE_OTHER, "{}", site.engine);
        assert_eq!(site.state.db.article(id).await.expect("read").expect("exists").title, "Bản của Lan và Minh");
    }
}

#[tokio::test]
async fn the_api_refuses_a_patch_on_an_older_version() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let created = send(
            &site.app,
            "POST",
            "/api/v1/articles",
            Some(&chief),
            Some(json!({"title": "Một", "category": "kinh-te"})),
        )
        .await;
        let created = body_json(created).await;
        let (id, first) =
            (created["id"].as_i64().expect("id"), created["version"].as_str().expect("version").to_owned());
        let uri = format!("/api/v1/articles/{id}");
        let patched =
            send(&site.app, "PATCH", &uri, Some(&chief), Some(json!({"title": "Hai", "version": first}))).await;
        assert_eq!(patched.status(), StatusCode::OK, "{}", site.engine);
        let second = body_json(patched).await["version"].as_str().expect("version").to_owned();
        assert_ne!(first, second);
        let stale = send(&site.app, "PATCH", &uri, Some(&chief), Some(json!({"title": "Ba", "version": first}))).await;
        assert_eq!(stale.status(), StatusCode::CONFLICT, "{}", site.engine);
        assert_eq!(body_json(stale).await["error"]["code"], "stale");
        let bad = send(&site.app, "PATCH", &uri, Some(&chief), Some(json!({"version": "hôm qua"}))).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let unversioned = send(&site.app, "PATCH", &uri, Some(&chief), Some(json!({"title": "Bốn"}))).await;
        assert_eq!(unversioned.status(), StatusCode::OK, "{}: no version, the one just read", site.engine);
    }
}

#[tokio::test]
async fn authors_are_the_ones_chosen() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let (chief, writer) = (log_in(&site, "tbt@toasoan.vn").await, log_in(&site, "pv@toasoan.vn").await);
        let new_for_chief = open(&site, "/toa-soan/bai-viet/moi", &chief).await;
        assert!(
            !new_for_chief.contains(r#"value="tbt-toasoan-vn" checked"#),
            "{}: an editor starts with none",
            site.engine
        );
        let new_for_writer = open(&site, "/toa-soan/bai-viet/moi", &writer).await;
        assert!(
            new_for_writer.contains(r#"value="pv-toasoan-vn" checked"#),
            "{}: a writer starts with themself",
            site.engine
        );

        let bylined = json!({"title": "Bài cộng tác viên", "category": "kinh-te", "byline": "Nguyễn Văn Cộng Tác"});
        let created = body_json(send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(bylined)).await).await;
        assert_eq!(created["authors"], json!([]), "{}: a byline names no account by itself", site.engine);
        let plain = json!({"title": "Bài của tổng biên tập", "category": "kinh-te"});
        let created = body_json(send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(plain)).await).await;
        assert_eq!(
            created["authors"][0]["slug"], "tbt-toasoan-vn",
            "{}: no byline, no authors: the creator",
            site.engine
        );
    }
}
