//! Media files answer HTTP Range requests, so videos can be sought and PDFs opened at a page:
//! first, middle and last bytes (206 with Content-Range), the whole file (200), and a range
//! past the end (416).
#![allow(clippy::expect_used, clippy::unwrap_used)] // a failed step is a failed test

mod common;

use axum::http::StatusCode;
use common::{get_with, sites};
use http_body_util::BodyExt;

async fn fetch(app: &axum::Router, range: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let headers: Vec<(&str, &str)> = range.map(|r| vec![("range", r)]).unwrap_or_default();
    let response = get_with(app, "/media/video/2026/clip.mp4", &headers).await;
    let (parts, body) = response.into_parts();
    (parts.status, parts.headers, body.collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn media_answers_range_requests() {
    for site in sites().await {
        let file: Vec<u8> = (0..100u8).collect();
        site.state.media.put("video/2026/clip.mp4", file.clone()).await.unwrap();

        let (status, headers, body) = fetch(&site.app, None).await;
        assert_eq!((status, body.len()), (StatusCode::OK, 100));
        assert_eq!(headers["accept-ranges"], "bytes");
        assert_eq!(headers["content-type"], "video/mp4");
        assert_eq!(headers["content-length"], "100");

        for (range, bytes, content_range) in [
            ("bytes=0-0", 0..1, "bytes 0-0/100"),
            ("bytes=40-49", 40..50, "bytes 40-49/100"),
            ("bytes=99-", 99..100, "bytes 99-99/100"),
            ("bytes=-1", 99..100, "bytes 99-99/100"),
            ("bytes=90-1000", 90..100, "bytes 90-99/100"),
        ] {
            let (status, headers, body) = fetch(&site.app, Some(range)).await;
            assert_eq!(status, StatusCode::PARTIAL_CONTENT, "{range}");
            assert_eq!(body, file[bytes.clone()], "{range}");
            assert_eq!(headers["content-range"], content_range, "{range}");
            assert_eq!(headers["content-length"], bytes.len().to_string().as_str(), "{range}");
        }

        let (status, headers, body) = fetch(&site.app, Some("bytes=100-")).await;
        assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(headers["content-range"], "bytes */100");
        assert!(body.is_empty());
        let (status, _, body) = fetch(&site.app, Some("bytes=0-1,5-6")).await;
        assert_eq!((status, body.len()), (StatusCode::OK, 100), "several ranges: the whole file");
        let missing = get_with(&site.app, "/media/video/none.mp4", &[("range", "bytes=0-0")]).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}
