//! The newsroom API, route by route and role by role, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::{Login, PASSWORD, TestSite, add_user, body_json, log_in, send, sites};
use serde_json::{Value, json};
use toasoan_core::Role;

async fn category_id(site: &TestSite, slug: &str) -> i64 {
    site.state.db.category_by_slug(slug).await.expect("read").expect("category").id
}

fn new_article() -> Value {
    json!({
        "title": "Bài mới của phóng viên",
        "category": "kinh-te",
        "lead": "Sa-pô",
        "blocks": [{"type": "paragraph", "text": "x", "html": "Có <b>chữ đậm</b><script>alert(1)</script>"}],
        "tags": ["Thử nghiệm"]
    })
}

#[tokio::test]
async fn login_sets_a_session_and_wrong_passwords_lock_the_account() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let login = log_in(&site, "PV@toasoan.vn").await;
        let me = send(&site.app, "GET", "/api/v1/session", Some(&login), None).await;
        assert_eq!(me.headers()["cache-control"], "no-store");
        assert_eq!(body_json(me).await["user"]["role"], "writer", "{}", site.engine);
        for _ in 0..5 {
            let wrong = json!({"email": "pv@toasoan.vn", "password": "sai mật khẩu rồi"});
            let response = send(&site.app, "POST", "/api/v1/session", None, Some(wrong)).await;
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{}", site.engine);
        }
        let right = json!({"email": "pv@toasoan.vn", "password": PASSWORD});
        let locked = send(&site.app, "POST", "/api/v1/session", None, Some(right)).await;
        assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS, "{}", site.engine);
        assert!(locked.headers().contains_key("retry-after"));
        let out = send(&site.app, "DELETE", "/api/v1/session", Some(&login), None).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT, "{}", site.engine);
        let gone = send(&site.app, "GET", "/api/v1/session", Some(&login), None).await;
        assert_eq!(gone.status(), StatusCode::UNAUTHORIZED, "{}", site.engine);
    }
}

#[tokio::test]
async fn writes_need_a_session_and_its_csrf_token() {
    for site in sites().await {
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        let anonymous = send(&site.app, "POST", "/api/v1/articles", None, Some(new_article())).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED, "{}", site.engine);
        let login = log_in(&site, "pv@toasoan.vn").await;
        let forged = Login { cookie: login.cookie.clone(), csrf: "wrong".into() };
        let response = send(&site.app, "POST", "/api/v1/articles", Some(&forged), Some(new_article())).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{}", site.engine);
        assert_eq!(body_json(response).await["error"]["code"], "csrf");
        let response = send(&site.app, "POST", "/api/v1/articles", Some(&login), Some(new_article())).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", site.engine);
        let odd = send(&site.app, "PATCH", "/api/v1/articles/abc", Some(&login), Some(json!({"title": "x"}))).await;
        assert_eq!(odd.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        assert_eq!(body_json(odd).await["error"]["code"], "not_found", "a JSON error: {}", site.engine);
        let created = body_json(response).await;
        assert_eq!(created["status"], "draft");
        assert_eq!(created["blocks"][0]["html"], "Có <b>chữ đậm</b>", "markup is sanitised: {}", site.engine);
    }
}

#[tokio::test]
async fn the_workflow_follows_the_roles() {
    for site in sites().await {
        let economy = category_id(&site, "kinh-te").await;
        let politics = category_id(&site, "thoi-su-chinh-tri").await;
        add_user(&site, "pv@toasoan.vn", Role::Writer, &[]).await;
        add_user(&site, "pv2@toasoan.vn", Role::Writer, &[]).await;
        add_user(&site, "btv@toasoan.vn", Role::Editor, &[economy]).await;
        add_user(&site, "btv2@toasoan.vn", Role::Editor, &[politics]).await;
        add_user(&site, "kd@toasoan.vn", Role::Moderator, &[]).await;
        let writer = log_in(&site, "pv@toasoan.vn").await;
        let created =
            body_json(send(&site.app, "POST", "/api/v1/articles", Some(&writer), Some(new_article())).await).await;
        let id = created["id"].as_i64().expect("id");
        let to = |status: &str| Some(json!({"to": status, "note": "ghi chú"}));
        let transitions = format!("/api/v1/articles/{id}/transitions");

        let publish = send(&site.app, "POST", &transitions, Some(&writer), to("published")).await;
        assert_eq!(publish.status(), StatusCode::FORBIDDEN, "writer publishes: {}", site.engine);
        let unpublish = send(&site.app, "POST", &transitions, Some(&writer), to("unpublished")).await;
        assert_eq!(unpublish.status(), StatusCode::CONFLICT, "draft → unpublished: {}", site.engine);
        let other = log_in(&site, "pv2@toasoan.vn").await;
        let peek = send(&site.app, "GET", &format!("/api/v1/articles/{id}/revisions"), Some(&other), None).await;
        assert_eq!(peek.status(), StatusCode::NOT_FOUND, "another writer's draft: {}", site.engine);
        let moderator = log_in(&site, "kd@toasoan.vn").await;
        let write = send(&site.app, "POST", "/api/v1/articles", Some(&moderator), Some(new_article())).await;
        assert_eq!(write.status(), StatusCode::FORBIDDEN, "moderator writes: {}", site.engine);

        let submit = send(&site.app, "POST", &transitions, Some(&writer), to("submitted")).await;
        assert_eq!(body_json(submit).await["status"], "submitted", "{}", site.engine);
        let edit =
            send(&site.app, "PATCH", &format!("/api/v1/articles/{id}"), Some(&writer), Some(json!({"title": "Sửa"})))
                .await;
        assert_eq!(edit.status(), StatusCode::FORBIDDEN, "writer edits after submitting: {}", site.engine);

        let elsewhere = log_in(&site, "btv2@toasoan.vn").await;
        let approve = send(&site.app, "POST", &transitions, Some(&elsewhere), to("approved")).await;
        assert_eq!(approve.status(), StatusCode::FORBIDDEN, "editor of another category: {}", site.engine);
        let editor = log_in(&site, "btv@toasoan.vn").await;
        let approve = send(&site.app, "POST", &transitions, Some(&editor), to("approved")).await;
        assert_eq!(approve.status(), StatusCode::OK, "{}", site.engine);
        let soon = (Utc::now() + Duration::hours(1)).to_rfc3339();
        let schedule =
            send(&site.app, "POST", &transitions, Some(&editor), Some(json!({"to": "scheduled", "at": soon}))).await;
        assert_eq!(body_json(schedule).await["status"], "scheduled", "{}", site.engine);
        let public = common::get(&site.app, &format!("/api/v1/articles/{id}")).await;
        assert_eq!(public.status(), StatusCode::NOT_FOUND, "scheduled is not public yet: {}", site.engine);
        let events = site.state.db.article_events(id).await.expect("events");
        assert_eq!(events.len(), 3, "{}", site.engine);
        assert_eq!(events[0].note, "ghi chú");
    }
}

#[tokio::test]
async fn saves_make_revisions_that_can_be_restored() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let created =
            body_json(send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(new_article())).await).await;
        let id = created["id"].as_i64().expect("id");
        let path = format!("/api/v1/articles/{id}");
        let publish =
            send(&site.app, "POST", &format!("{path}/transitions"), Some(&chief), Some(json!({"to": "published"})))
                .await;
        assert_eq!(publish.status(), StatusCode::OK, "{}", site.engine);
        let patch = send(&site.app, "PATCH", &path, Some(&chief), Some(json!({"title": "Tiêu đề sửa"}))).await;
        assert_eq!(body_json(patch).await["title"], "Tiêu đề sửa", "{}", site.engine);
        let empty = send(&site.app, "PATCH", &path, Some(&chief), Some(json!({"title": " "}))).await;
        assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", site.engine);
        let revisions = body_json(send(&site.app, "GET", &format!("{path}/revisions"), Some(&chief), None).await).await;
        let items = revisions["items"].as_array().expect("items");
        assert_eq!(items.len(), 2, "{}", site.engine);
        let first = items[1]["id"].as_i64().expect("id");
        let restore = send(&site.app, "POST", &format!("{path}/revisions/{first}/restore"), Some(&chief), None).await;
        assert_eq!(body_json(restore).await["title"], "Bài mới của phóng viên", "{}", site.engine);
        let public = body_json(common::get(&site.app, &path).await).await;
        assert_eq!(public["title"], "Bài mới của phóng viên", "{}", site.engine);
    }
}

#[tokio::test]
async fn scheduled_articles_are_published_once_by_racing_schedulers() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let chief = log_in(&site, "tbt@toasoan.vn").await;
        let created =
            body_json(send(&site.app, "POST", "/api/v1/articles", Some(&chief), Some(new_article())).await).await;
        let id = created["id"].as_i64().expect("id");
        let at = (Utc::now() + Duration::seconds(1)).to_rfc3339();
        let path = format!("/api/v1/articles/{id}/transitions");
        send(&site.app, "POST", &path, Some(&chief), Some(json!({"to": "scheduled", "at": at}))).await;
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let (a, b) = tokio::join!(
            toasoan_web::features::articles::publish_due(&site.state),
            toasoan_web::features::articles::publish_due(&site.state)
        );
        assert_eq!(a.expect("first") + b.expect("second"), 1, "{}", site.engine);
        let public = common::get(&site.app, &format!("/api/v1/articles/{id}")).await;
        assert_eq!(public.status(), StatusCode::OK, "{}", site.engine);
        let published = site.state.db.article_events(id).await.expect("events");
        assert_eq!(published.iter().filter(|e| e.to == toasoan_core::Status::Published).count(), 1);
    }
}
