//! The search page and the search API, through the real router, on SQLite and PostgreSQL.

#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test
mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn the_api_finds_articles_however_the_words_are_typed() {
    for site in sites().await {
        for q in ["Gi%C3%A1%20l%C3%BAa", "gia%20lua", "giaa%20luas", "gia1%20lu1a"] {
            let json = body_json(get(&site.app, &format!("/api/v1/search?q={q}")).await).await;
            assert_eq!(json["hits"][0]["title"], "Giá lúa tăng", "{}: {q} gave {json}", site.engine);
        }
        let json = body_json(get(&site.app, "/api/v1/search?q=gia+lua&limit=1").await).await;
        let hit = &json["hits"][0];
        for field in ["id", "source_id", "title", "url", "published_at", "category", "snippet"] {
            assert!(!hit[field].is_null(), "{}: {field} missing in {hit}", site.engine);
        }
        assert_eq!(hit["published_at"], "2021-12-01T18:54:00+07:00");
    }
}

#[tokio::test]
async fn api_filters_and_errors() {
    for site in sites().await {
        let all = body_json(get(&site.app, "/api/v1/search?q=nghi+quyet").await).await;
        let economy = body_json(get(&site.app, "/api/v1/search?q=nghi+quyet&category=kinh-te").await).await;
        assert!(all["total"].as_u64() > economy["total"].as_u64(), "{}", site.engine);
        let newest = body_json(get(&site.app, "/api/v1/search?q=sang&sort=newest&limit=2").await).await;
        assert_eq!(newest["hits"][0]["title"], "Đồng chí Trưởng Ban Tổ chức Trung ương làm việc với Thành ủy");
        let later = body_json(get(&site.app, "/api/v1/search?q=sang&from=2021-12-02").await).await;
        assert_eq!(later["total"], 0, "{}", site.engine);
        for (uri, status) in [
            ("/api/v1/search?q=x&limit=101", StatusCode::BAD_REQUEST),
            ("/api/v1/search?q=x&from=yesterday", StatusCode::BAD_REQUEST),
            ("/api/v1/search?q=x&sort=best", StatusCode::BAD_REQUEST),
            ("/api/v1/search?q=x&category=khong-co", StatusCode::NOT_FOUND),
        ] {
            let response = get(&site.app, uri).await;
            assert_eq!(response.status(), status, "{}: {uri}", site.engine);
            assert!(body_json(response).await["error"]["message"].is_string());
        }
    }
}

#[tokio::test]
async fn hostile_queries_never_break_the_search() {
    for site in sites().await {
        let long = "a".repeat(5000);
        for q in ["%22", "%3A", "(", "*", "-", "%E0%A4", "%F0%9F%92%A5", "a%", &long, "%22gi%C3%A1"] {
            for path in ["/api/v1/search", "/tim-kiem", "/api/v1/suggest"] {
                let response = get(&site.app, &format!("{path}?q={q}")).await;
                assert!(response.status().is_success(), "{}: {path}?q={q} gave {}", site.engine, response.status());
            }
        }
        for path in ["/api/v1/search", "/tim-kiem", "/api/v1/suggest"] {
            let response = get(&site.app, &format!("{path}?q=%00%01")).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{}: control characters in {path}", site.engine);
        }
        let json = body_json(get(&site.app, &format!("/api/v1/search?q={long}")).await).await;
        assert_eq!(json["query_truncated"], true);
    }
}

#[tokio::test]
async fn the_search_page_highlights_words_typed_without_marks() {
    for site in sites().await {
        let html = body_text(get(&site.app, "/tim-kiem?q=gia+lua").await).await;
        assert!(html.contains("<mark>Giá</mark> <mark>lúa</mark> tăng"), "{}", site.engine);
        assert!(html.contains(r#"value="gia lua""#), "the box keeps what was typed");
        let repaired = body_text(get(&site.app, "/tim-kiem?q=giaas+luas").await).await;
        assert!(repaired.contains("Có phải bạn muốn tìm"), "{}", site.engine);
    }
}

#[tokio::test]
async fn the_search_page_helps_with_empty_queries_no_results_and_bad_dates() {
    for site in sites().await {
        let empty = body_text(get(&site.app, "/tim-kiem").await).await;
        assert!(empty.contains("Mẹo tìm kiếm"), "{}", site.engine);
        let none = body_text(get(&site.app, "/tim-kiem?q=zzzyyyxxx").await).await;
        assert!(none.contains("Không tìm thấy kết quả nào"), "{}", site.engine);
        let bad = get(&site.app, "/tim-kiem?q=gia+lua&from=h%C3%B4m-qua").await;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let html = body_text(bad).await;
        assert!(html.contains(r#"aria-invalid="true""#) && html.contains(r#"value="gia lua""#), "{}", site.engine);
        assert!(html.contains("Ngày «từ ngày» không hợp lệ"), "{}", site.engine);
    }
}

#[tokio::test]
async fn results_are_paginated_keeping_the_filters() {
    for site in sites().await {
        let html = body_text(get(&site.app, "/tim-kiem?q=sang&sort=newest").await).await;
        assert!(html.contains("Tìm thấy 5 kết quả"), "{}", site.engine);
        let drafts: Vec<_> =
            (0..12).map(|i| article(&format!("x{i}"), "Kinh tế", &format!("Lúa gạo số {i}"), i)).collect();
        write(&site.state.db, &drafts).await;
        toasoan_search::catch_up(&site.state.db, &site.state.search).await.expect("catch up");
        let first = body_text(get(&site.app, "/tim-kiem?q=lua+gao&category=kinh-te").await).await;
        assert!(first.contains("/tim-kiem?q=lua+gao&amp;category=kinh-te&amp;page=2"), "{}", site.engine);
        let second = body_text(get(&site.app, "/tim-kiem?q=lua+gao&category=kinh-te&page=2").await).await;
        assert!(second.contains("Trang 2"), "{}", site.engine);
    }
}

#[tokio::test]
async fn suggestions_complete_titles() {
    for site in sites().await {
        let json = body_json(get(&site.app, "/api/v1/suggest?q=gia+l").await).await;
        assert_eq!(json["items"][0]["title"], "Giá lúa tăng", "{}", site.engine);
        assert_eq!(json["items"][0]["url"], "/kinh-te/gia-lua-tang-4");
        assert_eq!(body_json(get(&site.app, "/api/v1/suggest").await).await["items"], serde_json::json!([]));
    }
}

#[tokio::test]
async fn every_page_has_a_search_box_that_works_without_javascript() {
    for site in sites().await {
        let html = body_text(get(&site.app, "/kinh-te").await).await;
        assert!(html.contains(
            r#"<form class="site-search" action="/tim-kiem" method="get" role="search" aria-label="Tìm nhanh">"#
        ));
        assert!(html.contains(r#"name="q""#), "{}", site.engine);
    }
}
