//! Static files built into the binary: the stylesheet. Their URLs carry a content hash, so they
//! can be cached for a year and still change the moment a new version ships.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

const SITE_CSS: &str = include_str!("../assets/site.css");

/// The stylesheet's versioned file name, e.g. `site.3f2a….css`.
pub static SITE_CSS_NAME: LazyLock<String> = LazyLock::new(|| {
    let mut hasher = DefaultHasher::new();
    SITE_CSS.hash(&mut hasher);
    format!("site.{:012x}.css", hasher.finish() & 0xffff_ffff_ffff)
});

pub async fn asset(Path(file): Path<String>) -> Response {
    if file == *SITE_CSS_NAME || file == "site.css" {
        let cache = if file == "site.css" { "public, max-age=300" } else { "public, max-age=31536000, immutable" };
        return ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, cache)], SITE_CSS).into_response();
    }
    (StatusCode::NOT_FOUND, [(CACHE_CONTROL, "no-store")], "không có tệp này").into_response()
}
