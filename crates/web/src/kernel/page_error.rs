//! Why a reader or newsroom page could not be made, and the plain answers that go with it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::http::HTML;

/// Why a page could not be made.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    /// The page lives at another address (a renamed slug, an old URL).
    MovedTo(String),
    Internal(String),
}

impl From<toasoan_store::StoreError> for PageError {
    fn from(e: toasoan_store::StoreError) -> Self {
        PageError::Internal(e.to_string())
    }
}

impl From<minijinja::Error> for PageError {
    fn from(e: minijinja::Error) -> Self {
        PageError::Internal(format!("template: {e:#}"))
    }
}

/// A 301 to `location` (browsers and search engines keep it; 308 is not understood by every
/// crawler of news sites).
pub fn moved_permanently(location: String) -> Response {
    (StatusCode::MOVED_PERMANENTLY, [(axum::http::header::LOCATION, location)]).into_response()
}

/// The answer when something broke on our side: short, in Vietnamese, never cached.
pub fn server_error() -> Response {
    let body = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Lỗi máy chủ</title>\
        <h1>Xin lỗi, đã có lỗi xảy ra</h1><p>Trang chưa hiển thị được. Vui lòng thử lại sau ít phút.</p></html>";
    (StatusCode::INTERNAL_SERVER_ERROR, [(axum::http::header::CONTENT_TYPE, HTML)], body).into_response()
}
