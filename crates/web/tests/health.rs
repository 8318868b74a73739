//! `/healthz`, `/readyz` and request ids, on SQLite and PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{article, body_json, get_with, sites};

#[tokio::test]
async fn a_live_node_says_so_and_a_ready_one_has_its_search_caught_up() {
    for site in sites().await {
        let live = get_with(&site.app, "/healthz", &[]).await;
        assert_eq!(live.status(), StatusCode::OK, "{}", site.engine);
        assert_eq!(live.headers()["cache-control"], "no-store");
        let ready = get_with(&site.app, "/readyz", &[]).await;
        assert_eq!(ready.status(), StatusCode::OK, "{}", site.engine);
        let answer = body_json(ready).await;
        assert_eq!((answer["ready"].as_bool(), answer["search_backlog"].as_i64()), (Some(true), Some(0)), "{answer}");

        // A write the index has not applied, made ten seconds ago: the node is behind.
        let then = chrono::Utc::now() - chrono::Duration::seconds(10);
        let mut tx = site.state.db.begin().await.unwrap();
        let mut cache = toasoan_store::CategoryCache::default();
        tx.upsert_article(&mut cache, &article("late", "Kinh tế", "Bài viết muộn", 5), then).await.unwrap();
        tx.commit().await.unwrap();
        let behind = get_with(&site.app, "/readyz", &[]).await;
        assert_eq!(behind.status(), StatusCode::SERVICE_UNAVAILABLE, "{}", site.engine);
        let answer = body_json(behind).await;
        assert_eq!(answer["search_backlog"], 1, "{answer}");
        assert!(answer["reason"].as_str().unwrap().contains("behind"), "{answer}");

        toasoan_search::catch_up(&site.state.db, &site.state.search).await.unwrap();
        assert_eq!(get_with(&site.app, "/readyz", &[]).await.status(), StatusCode::OK, "{}", site.engine);
    }
}

#[tokio::test]
async fn every_answer_carries_the_request_id_it_came_with_or_a_new_one() {
    for site in sites().await {
        let passed = get_with(&site.app, "/healthz", &[("x-request-id", "lb-42.a_b")]).await;
        assert_eq!(passed.headers()["x-request-id"], "lb-42.a_b", "{}", site.engine);
        let forged = get_with(&site.app, "/", &[("x-request-id", "<script>")]).await;
        let id = forged.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert_eq!(id.len(), 16, "a forged id is replaced: {id}");
        let missing = get_with(&site.app, "/khong-co-trang-nay", &[]).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(missing.headers().contains_key("x-request-id"), "{}: even a 404", site.engine);
    }
}
