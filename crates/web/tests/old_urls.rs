//! Old addresses of imported articles answer with a 301 to the new ones, on SQLite and
//! PostgreSQL; anything else still gets the 404 page.
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{article, get, sites_with};
use toasoan_core::Status;
use tower::ServiceExt;

#[tokio::test]
async fn old_addresses_move_permanently_to_the_articles() {
    let mut with_query = article("o1", "Kinh tế", "Giá vàng hôm nay", 0);
    with_query.old_url = Some("/tin-tuc/7.html?id=3".into());
    let mut vietnamese = article("o2", "Kinh tế", "Xuất khẩu gạo", -10);
    vietnamese.old_url = Some("/tin-tức/8.html".into());
    let mut hidden = article("o3", "Kinh tế", "Bài đã gỡ", -20);
    hidden.old_url = Some("/tin-tuc/9.html".into());
    hidden.status = Status::Unpublished;
    for site in sites_with(&[with_query, vietnamese, hidden], 10).await {
        let moved = get(&site.app, "/tin-tuc/7.html?id=3").await;
        assert_eq!(moved.status(), StatusCode::MOVED_PERMANENTLY, "{}", site.engine);
        let location = moved.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/kinh-te/gia-vang-hom-nay-"), "{location}");
        assert_eq!(get(&site.app, &location).await.status(), StatusCode::OK);

        let encoded = get(&site.app, "/tin-t%E1%BB%A9c/8.html").await;
        assert_eq!(encoded.status(), StatusCode::MOVED_PERMANENTLY, "{}: stored decoded, asked encoded", site.engine);
        assert!(encoded.headers()["location"].to_str().unwrap().starts_with("/kinh-te/xuat-khau-gao-"));

        assert_eq!(get(&site.app, "/tin-tuc/9.html").await.status(), StatusCode::NOT_FOUND, "unpublished stays gone");
        assert_eq!(get(&site.app, "/khong-co.html").await.status(), StatusCode::NOT_FOUND);
        let head = Request::head("/tin-tuc/7.html?id=3").body(Body::empty()).unwrap();
        assert_eq!(site.app.clone().oneshot(head).await.unwrap().status(), StatusCode::MOVED_PERMANENTLY);
        let post = Request::post("/tin-tuc/7.html?id=3").body(Body::empty()).unwrap();
        assert_ne!(site.app.clone().oneshot(post).await.unwrap().status(), StatusCode::MOVED_PERMANENTLY);
    }
}
