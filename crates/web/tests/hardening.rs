//! What held and what was fixed when the site was attacked, on SQLite and PostgreSQL: control
//! characters in every kind of text input get the same answer on both engines, and every answer
//! carries the security headers.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{add_user, body_json, body_text, get, log_in, send, sites, sites_configured, standard_articles};
use serde_json::json;
use toasoan_core::Role;

#[tokio::test]
async fn a_nul_in_an_address_is_refused_alike_on_both_engines() {
    for site in sites().await {
        for (uri, status) in [
            ("/api/v1/issues?q=a%00b", StatusCode::BAD_REQUEST),
            ("/api/v1/search?q=%00", StatusCode::BAD_REQUEST),
            ("/api/v1/articles?tag=x%00", StatusCode::BAD_REQUEST),
            ("/api/v1/articles/%C2%84/revisions", StatusCode::NOT_FOUND),
            ("/tap-chi-in?q=%00", StatusCode::BAD_REQUEST),
            ("/tim-kiem?q=ngh%E1%BB%8B%00", StatusCode::BAD_REQUEST),
            ("/the/a%00b", StatusCode::NOT_FOUND),
            ("/tac-gia/a%00b", StatusCode::NOT_FOUND),
            ("/kinh-te/a%00-1", StatusCode::NOT_FOUND),
        ] {
            let response = get(&site.app, uri).await;
            assert_eq!(response.status(), status, "{uri}: {}", site.engine);
            if uri.starts_with("/api/") {
                let code = if status == StatusCode::NOT_FOUND { "not_found" } else { "bad_request" };
                assert_eq!(body_json(response).await["error"]["code"], code, "{uri}");
            }
        }
    }
}

#[tokio::test]
async fn control_characters_in_written_text_are_dropped_alike_on_both_engines() {
    for site in sites().await {
        add_user(&site, "tbt@toasoan.vn", Role::EditorInChief, &[]).await;
        let login = log_in(&site, "tbt@toasoan.vn").await;
        let article = json!({
            "title": "Tiêu\u{0}đề có\u{1} NUL",
            "category": "kinh-te",
            "lead": "Sa\u{0}-pô",
            "blocks": [{"type": "paragraph", "text": "Đoạn\u{0} văn"}],
            "tags": ["Thẻ\u{0}một"]
        });
        let created = send(&site.app, "POST", "/api/v1/articles", Some(&login), Some(article)).await;
        assert_eq!(created.status(), StatusCode::CREATED, "{}", site.engine);
        let created = body_json(created).await;
        assert_eq!(created["title"], "Tiêuđề có NUL", "{}", site.engine);
        assert_eq!(created["lead"], "Sa-pô", "{}", site.engine);
        assert_eq!(created["tags"][0]["name"], "Thẻmột", "{}", site.engine);
        let comment = json!({"name": "Bạn\u{0} đọc", "email": "a@x.vn", "body": "Hay\u{0} quá!"});
        let posted = send(&site.app, "POST", "/api/v1/articles/1/comments", None, Some(comment)).await;
        assert!(posted.status().is_client_error() || posted.status() == StatusCode::ACCEPTED, "{}", site.engine);
    }
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    for site in sites().await {
        for uri in ["/", "/kinh-te", "/khong-co-trang-nay", "/tim-kiem?q=a", "/api/v1/categories", "/rss.xml"] {
            let response = get(&site.app, uri).await;
            let headers = response.headers();
            let policy = headers["content-security-policy"].to_str().expect("ascii");
            assert!(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "{uri}");
            assert!(!policy.contains("unsafe-inline"), "{uri}");
            assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
            assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
            assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{uri}");
            assert!(!headers.contains_key("strict-transport-security"), "http: {uri}");
        }
    }
    for site in sites_configured(&standard_articles(), |s| s.base_url = "https://toasoan.vn".into()).await {
        let response = get(&site.app, "/").await;
        assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    }
}

#[tokio::test]
async fn text_is_gzipped_for_browsers_that_accept_it_and_the_favicon_exists() {
    for site in sites().await {
        let home = body_text(get(&site.app, "/").await).await;
        let stylesheet = home.split("href=\"/static/site.").nth(1).expect("the stylesheet").split('"').next().unwrap();
        let stylesheet = format!("/static/site.{stylesheet}");
        for uri in
            [stylesheet.as_str(), "/tim-kiem?q=gi%C3%A1+l%C3%BAa", "/khong-co", "/toa-soan/dang-nhap", "/sitemap.xml"]
        {
            let response = common::get_with(&site.app, uri, &[("accept-encoding", "gzip")]).await;
            assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some("gzip"), "{uri}");
        }
        let icon = get(&site.app, "/favicon.ico").await;
        assert_eq!(icon.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(icon.headers()["content-type"], "image/svg+xml");
        assert!(home.contains(r#"<link rel="icon" href="/static/favicon."#));
    }
}

#[tokio::test]
async fn the_menu_marks_only_the_page_it_is_on_and_headings_go_in_order() {
    for site in sites().await {
        let home = body_text(get(&site.app, "/").await).await;
        assert!(home.contains(r#"<a href="/" aria-current="page">Trang chủ</a>"#), "{}", site.engine);
        for uri in ["/tim-kiem?q=a", "/tap-chi-in", "/khong-co"] {
            let page = body_text(get(&site.app, uri).await).await;
            assert!(!page.contains(r#"<a href="/" aria-current="page">"#), "{uri}: not the home page");
        }
        let search = body_text(get(&site.app, "/tim-kiem?q=a").await).await;
        assert!(search.contains(r#"aria-label="Tìm nhanh""#) && search.contains(r#"aria-label="Tìm kiếm nâng cao""#));
        let category = body_text(get(&site.app, "/kinh-te").await).await;
        assert!(category.contains("<h2 class=\"card-title\"") && !category.contains("<h3 class=\"card-title\""));
    }
}
