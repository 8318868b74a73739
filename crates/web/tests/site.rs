//! The public site, through the real router, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::*;

fn header(response: &axum::http::Response<axum::body::Body>, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_article_page_shows_every_part_of_the_article() {
    for site in sites().await {
        let response =
            get(&site.app, "/thoi-su-chinh-tri/dong-chi-truong-ban-to-chuc-trung-uong-lam-viec-voi-thanh-uy-1").await;
        assert_eq!(response.status(), StatusCode::OK, "{}", site.engine);
        let html = body_text(response).await;
        insta::assert_snapshot!("article_page", without_asset_hashes(&html));
    }
}

#[tokio::test]
async fn the_home_page_lists_the_latest_articles_by_category() {
    for site in sites().await {
        let html = body_text(get(&site.app, "/").await).await;
        assert!(html.contains(r#"<html lang="vi">"#), "{}", site.engine);
        for needle in ["Thời sự - Chính trị", "Kinh tế", "Giá lúa tăng", "Xuất khẩu cà phê", "Tiếp xúc cử tri"]
        {
            assert!(html.contains(needle), "{}: {needle} missing", site.engine);
        }
        insta::assert_snapshot!("home_page", without_asset_hashes(&html));
    }
}

#[tokio::test]
async fn category_pages_are_paginated_with_stable_urls() {
    for site in sites().await {
        let first = body_text(get(&site.app, "/thoi-su-chinh-tri").await).await;
        assert!(first.contains("Đồng chí Trưởng Ban") && first.contains("Hội nghị quán triệt"), "{}", site.engine);
        assert!(!first.contains("Tiếp xúc cử tri"), "{}: page size is 2", site.engine);
        assert!(first.contains(r#"href="/thoi-su-chinh-tri/trang-2""#), "{}", site.engine);
        let second = get(&site.app, "/thoi-su-chinh-tri/trang-2").await;
        assert_eq!(second.status(), StatusCode::OK, "{}", site.engine);
        let second = body_text(second).await;
        assert!(second.contains("Tiếp xúc cử tri") && second.contains(r#"rel="prev" href="/thoi-su-chinh-tri""#));
        for missing in ["/thoi-su-chinh-tri/trang-3", "/thoi-su-chinh-tri/trang-0", "/khong-co-chuyen-muc"] {
            assert_eq!(get(&site.app, missing).await.status(), StatusCode::NOT_FOUND, "{}: {missing}", site.engine);
        }
        let page_one = get(&site.app, "/thoi-su-chinh-tri/trang-1").await;
        assert_eq!(page_one.status(), StatusCode::MOVED_PERMANENTLY, "{}", site.engine);
        assert_eq!(header(&page_one, "location"), "/thoi-su-chinh-tri");
    }
}

#[tokio::test]
async fn unknown_addresses_get_the_vietnamese_404_page() {
    for site in sites().await {
        for uri in ["/khong-ton-tai", "/a/b/c", "/thoi-su-chinh-tri/bai-khong-co-999", "/thoi-su-chinh-tri/abc"] {
            let response = get(&site.app, uri).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{}: {uri}", site.engine);
            let html = body_text(response).await;
            assert!(html.contains("Không tìm thấy trang") && html.contains(r#"lang="vi""#), "{}: {uri}", site.engine);
        }
    }
}

#[tokio::test]
async fn a_wrong_slug_redirects_to_the_canonical_address() {
    for site in sites().await {
        let response = get(&site.app, "/kinh-te/ten-cu-1").await;
        assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY, "{}", site.engine);
        let location = header(&response, "location");
        assert_eq!(location, "/thoi-su-chinh-tri/dong-chi-truong-ban-to-chuc-trung-uong-lam-viec-voi-thanh-uy-1");
    }
}

#[tokio::test]
async fn unpublished_articles_are_not_shown() {
    let mut drafts = standard_articles();
    drafts[0].status = toasoan_core::Status::Draft;
    for site in sites_with(&drafts, 10).await {
        let response =
            get(&site.app, "/thoi-su-chinh-tri/dong-chi-truong-ban-to-chuc-trung-uong-lam-viec-voi-thanh-uy-1").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        assert!(!body_text(get(&site.app, "/").await).await.contains("Đồng chí Trưởng Ban"), "{}", site.engine);
    }
}

#[tokio::test]
async fn pages_carry_validators_and_answer_304() {
    for site in sites().await {
        let response = get(&site.app, "/kinh-te").await;
        let etag = header(&response, "etag");
        assert!(etag.starts_with('"') && etag.len() > 4, "{}: {etag}", site.engine);
        assert!(header(&response, "cache-control").contains("max-age"), "{}", site.engine);
        assert!(!header(&response, "last-modified").is_empty(), "{}", site.engine);
        let again = get_with(&site.app, "/kinh-te", &[("if-none-match", &etag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{}", site.engine);
        assert!(body_text(again).await.is_empty());
        let stale = get_with(&site.app, "/kinh-te", &[("if-none-match", "\"other\"")]).await;
        assert_eq!(stale.status(), StatusCode::OK, "{}", site.engine);
        let modified = header(&response, "last-modified");
        let since = get_with(&site.app, "/kinh-te", &[("if-modified-since", &modified)]).await;
        assert_eq!(since.status(), StatusCode::NOT_MODIFIED, "{}", site.engine);
    }
}

#[tokio::test]
async fn pages_are_gzipped_for_clients_that_accept_it() {
    for site in sites().await {
        let plain = body_text(get(&site.app, "/").await).await;
        let response = get_with(&site.app, "/", &[("accept-encoding", "gzip, br")]).await;
        assert_eq!(header(&response, "content-encoding"), "gzip", "{}", site.engine);
        assert_eq!(header(&response, "vary"), "Accept-Encoding");
        let bytes = http_body_util::BodyExt::collect(response.into_body()).await.expect("body").to_bytes();
        let mut decoded = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut decoded).expect("gzip");
        assert_eq!(decoded, plain, "{}", site.engine);
    }
}

#[tokio::test]
async fn a_write_invalidates_the_rendered_pages() {
    for site in sites().await {
        assert!(body_text(get(&site.app, "/kinh-te").await).await.contains("Giá lúa tăng"));
        let mut changed = article("k1", "Kinh tế", "Giá lúa giảm", -30);
        changed.byline = None;
        write(&site.state.db, &[changed]).await;
        let version = site.state.db.content_version().await.expect("version");
        site.state.cache.observe_version(version);
        let html = body_text(get(&site.app, "/kinh-te").await).await;
        assert!(html.contains("Giá lúa giảm") && !html.contains("Giá lúa tăng"), "{}", site.engine);
    }
}

#[tokio::test]
async fn the_stylesheet_is_served_with_a_long_cache() {
    for site in sites().await {
        let html = body_text(get(&site.app, "/").await).await;
        let start = html.find("/static/site.").expect("stylesheet link");
        let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
        let response = get(&site.app, &href).await;
        assert_eq!(response.status(), StatusCode::OK, "{}", site.engine);
        assert!(header(&response, "cache-control").contains("immutable"));
        assert_eq!(get(&site.app, "/static/khong-co.css").await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn tags_link_to_their_page_of_articles() {
    for site in sites().await {
        let article = body_text(get(&site.app, "/kinh-te/gia-lua-tang-4").await).await;
        assert!(
            article.contains(r#"<a class="tag" href="/the/nghi-quyet" rel="tag">Nghị quyết</a>"#),
            "{}",
            site.engine
        );
        let response = get(&site.app, "/the/nghi-quyet").await;
        assert_eq!(response.status(), StatusCode::OK, "{}", site.engine);
        let html = body_text(response).await;
        assert!(
            html.contains("Từ khóa")
                && html.contains("5 bài viết")
                && html.contains(r#"href="/the/nghi-quyet/trang-2""#)
        );
        assert_eq!(get(&site.app, "/the/nghi-quyet/trang-3").await.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(get(&site.app, "/the/nghi-quyet/trang-4").await.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        assert_eq!(get(&site.app, "/the/khong-co").await.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        assert_eq!(get(&site.app, "/the/nghi-quyet/trang-1").await.status(), StatusCode::MOVED_PERMANENTLY);
    }
}
