//! Why a reader or newsroom page could not be made, and the plain answers that go with it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::http::HTML;

/// Why a page could not be made. Reader pages and newsroom pages alike return
/// `Result<_, PageError>` and use `?`; the answer is the site's own 404 page, or the newsroom's
/// message page with the member's menu (see [`super::error_pages`], which finishes it with the
/// state at hand).
#[derive(Debug)]
pub enum PageError {
    NotFound,
    /// The member's role does not allow this (newsroom pages).
    Forbidden,
    /// The page lives at another address (a renamed slug, an old URL).
    MovedTo(String),
    /// Something broke on our side; the message goes to the log, never to the reader.
    Internal(String),
}

impl PageError {
    /// Any error of ours (a store, a template, a random source) as a 500, its text logged.
    pub fn internal(error: impl std::fmt::Display) -> PageError {
        PageError::Internal(error.to_string())
    }
}

/// Marks an answer made from a [`PageError`] without the state at hand; the router's
/// [`super::error_pages`] layer replaces it with the page itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorPage(pub StatusCode);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = match self {
            PageError::MovedTo(location) => return moved_permanently(location),
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Forbidden => StatusCode::FORBIDDEN,
            PageError::Internal(message) => {
                tracing::error!(%message, "page failed");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let mut response = server_error();
        *response.status_mut() = status;
        response.extensions_mut().insert(ErrorPage(status));
        response
    }
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
