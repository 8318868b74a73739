//! What every request and every answer passes through, whatever the route: addresses holding
//! control characters are refused before any handler (or database) sees them, and every answer
//! carries the security headers.

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiError;
use crate::SharedState;

/// Scripts, styles and frames from our own origin only (no inline script or style anywhere);
/// pictures and media may come from elsewhere (imported articles link them); the players a
/// clip's facade opens on click; nobody may frame our pages.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: https:; media-src 'self' https:; \
     frame-src https://www.youtube-nocookie.com https://player.vimeo.com; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Refuses an address that holds a control character (`%00`…) once percent-decoded, before any
/// handler or the database sees it (PostgreSQL refuses a NUL in text, SQLite stores it): in the
/// path it names nothing, so 404 (the site's page, or the API's JSON); in the query it is a bad
/// value, so 400.
pub async fn refuse_control_characters(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    let (in_path, in_query) = (has_control_characters(uri.path()), has_control_characters(uri.query().unwrap_or("")));
    let api = uri.path().starts_with("/api/");
    match (in_path, in_query, api) {
        (false, false, _) => next.run(request).await,
        (true, _, true) => ApiError::not_found("no such address: it holds a control character").into_response(),
        (true, _, false) => crate::kernel::not_found_page(&state).await,
        (false, true, true) => ApiError::bad_request("a query value holds a control character").into_response(),
        (false, true, false) => {
            let body = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Địa chỉ không hợp lệ</title>\
                <h1>Địa chỉ không hợp lệ</h1><p>Địa chỉ chứa ký tự điều khiển. Hãy kiểm tra lại đường dẫn.</p>\
                <p><a href=\"/\">Về trang chủ</a></p></html>";
            (StatusCode::BAD_REQUEST, [(CONTENT_TYPE, crate::kernel::http::HTML)], body).into_response()
        }
    }
}

/// Whether a path or query, percent-decoded, holds a control character.
fn has_control_characters(part: &str) -> bool {
    form_urlencoded::parse(part.as_bytes()).any(|(key, value)| key.chars().chain(value.chars()).any(char::is_control))
}

/// Adds the security headers to every answer (a handler's own value is kept).
pub async fn security_headers(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_VALUE),
        (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if state.site.base_url.starts_with("https://") {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_however_they_are_encoded() {
        for part in ["/the/a%00b", "q=x%00", "q%01=x", "q=a%0Ab", "%7F", "/a/%C2%84"] {
            assert!(has_control_characters(part), "{part}");
        }
        for part in ["/", "q=ngh%E1%BB%8B+quy%E1%BA%BFt", "/the/%C4%91%C3%A0-n%E1%BA%B5ng", "a=%25"] {
            assert!(!has_control_characters(part), "{part}");
        }
    }
}
