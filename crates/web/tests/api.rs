//! The JSON API v1, through the real router, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // helpers of tests: a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn one_article_has_the_documented_shape() {
    for site in sites().await {
        let response = get(&site.app, "/api/v1/articles/1").await;
        assert_eq!(response.status(), StatusCode::OK, "{}", site.engine);
        let json = body_json(response).await;
        assert_eq!(json["published_at"], "2021-12-01T19:24:00+07:00", "{}", site.engine);
        insta::assert_json_snapshot!("api_article", json, { ".updated_at" => "[updated_at]" });
    }
}

#[tokio::test]
async fn the_list_is_newest_first_with_a_total() {
    for site in sites().await {
        let json = body_json(get(&site.app, "/api/v1/articles?limit=2&offset=1").await).await;
        assert_eq!(json["total"], 5, "{}", site.engine);
        let titles: Vec<&str> =
            json["items"].as_array().expect("items").iter().filter_map(|a| a["title"].as_str()).collect();
        assert_eq!(titles, ["Giá lúa tăng", "Hội nghị quán triệt Nghị quyết"], "{}", site.engine);
        let economy = body_json(get(&site.app, "/api/v1/articles?category=kinh-te").await).await;
        assert_eq!(economy["total"], 2, "{}", site.engine);
        assert!(economy["items"][0]["blocks"].is_array(), "{}", site.engine);
    }
}

#[tokio::test]
async fn bad_parameters_get_json_errors_with_the_right_status() {
    for site in sites().await {
        let cases = [
            ("/api/v1/articles?limit=0", StatusCode::BAD_REQUEST, "bad_request"),
            ("/api/v1/articles?limit=1000", StatusCode::BAD_REQUEST, "bad_request"),
            ("/api/v1/articles?offset=-5", StatusCode::BAD_REQUEST, "bad_request"),
            ("/api/v1/articles?limit=nhieu", StatusCode::BAD_REQUEST, "bad_request"),
            ("/api/v1/articles?category=khong-co", StatusCode::NOT_FOUND, "not_found"),
            ("/api/v1/articles/999", StatusCode::NOT_FOUND, "not_found"),
            ("/api/v1/articles/abc", StatusCode::NOT_FOUND, "not_found"),
            ("/api/v2/anything", StatusCode::NOT_FOUND, "not_found"),
        ];
        for (uri, status, code) in cases {
            let response = get(&site.app, uri).await;
            assert_eq!(response.status(), status, "{}: {uri}", site.engine);
            let json = body_json(response).await;
            assert_eq!(json["error"]["code"], code, "{}: {uri}", site.engine);
            assert!(json["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{uri}");
        }
    }
}

#[tokio::test]
async fn categories_are_listed_with_their_urls() {
    for site in sites().await {
        let json = body_json(get(&site.app, "/api/v1/categories").await).await;
        insta::assert_json_snapshot!("api_categories", json);
    }
}

#[tokio::test]
async fn an_unpublished_article_is_not_in_the_api() {
    let mut drafts = standard_articles();
    drafts[0].status = toasoan_core::Status::Draft;
    for site in sites_with(&drafts, 10).await {
        assert_eq!(get(&site.app, "/api/v1/articles/1").await.status(), StatusCode::NOT_FOUND, "{}", site.engine);
        assert_eq!(body_json(get(&site.app, "/api/v1/articles").await).await["total"], 4, "{}", site.engine);
    }
}
