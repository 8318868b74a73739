//! What every request and every answer passes through, whatever the route: addresses holding
//! control characters are refused before any handler (or database) sees them, and every answer
//! carries the security headers.

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::SharedState;
use crate::api::ApiError;

/// Scripts, styles and frames from our own origin only (no inline script or style anywhere);
/// pictures and media may come from elsewhere (imported articles link them); the players a
/// clip's facade opens on click; nobody may frame our pages.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: https:; media-src 'self' https:; \
     frame-src https://www.youtube-nocookie.com https://player.vimeo.com; connect-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Refuses an address whose path or query, once percent-decoded, holds a control character
/// (`%00`…): no page or lookup has a use for one, and PostgreSQL would refuse it as text.
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    if !has_control_characters(request.uri()) {
        return next.run(request).await;
    }
    if request.uri().path().starts_with("/api/") {
        return ApiError::bad_request("the address holds a control character").into_response();
    }
    let body = "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Địa chỉ không hợp lệ</title>\
        <h1>Địa chỉ không hợp lệ</h1><p>Địa chỉ chứa ký tự điều khiển. Hãy kiểm tra lại đường dẫn.</p>\
        <p><a href=\"/\">Về trang chủ</a></p></html>";
    (StatusCode::BAD_REQUEST, [(CONTENT_TYPE, crate::http::HTML)], body).into_response()
}

fn has_control_characters(uri: &Uri) -> bool {
    let path = uri.path().as_bytes();
    let query = uri.query().unwrap_or_default().as_bytes();
    [path, query].into_iter().any(|part| {
        form_urlencoded::parse(part).any(|(key, value)| key.chars().chain(value.chars()).any(char::is_control))
    })
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
        for uri in ["/the/a%00b", "/tap-chi-in?q=x%00", "/tap-chi-in?q%01=x", "/tim-kiem?q=a%0Ab", "/x?%7F"] {
            assert!(has_control_characters(&uri.parse().expect("uri")), "{uri}");
        }
        for uri in ["/", "/tim-kiem?q=ngh%E1%BB%8B+quy%E1%BA%BFt", "/the/%C4%91%C3%A0-n%E1%BA%B5ng", "/x?a=%25"] {
            assert!(!has_control_characters(&uri.parse().expect("uri")), "{uri}");
        }
    }
}
