//! Cross-site request forgery: every state-changing request from a logged-in browser must carry
//! the session's CSRF token (a form field or the `X-CSRF-Token` header) and must not come from
//! another site (`Sec-Fetch-Site`, else `Origin`, compared with our own host).

use axum::http::HeaderMap;
use axum::http::header::{HOST, ORIGIN};

pub const HEADER: &str = "x-csrf-token";

/// Whether the browser says the request came from another site.
pub fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let (Some(origin), Some(host)) = (header(headers, ORIGIN.as_str()), header(headers, HOST.as_str())) else {
        return false;
    };
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin == "null" || origin_host != host
}

/// The whole rule for a state-changing request: refused when it came from another site or
/// without the session's token (`sent`: the form field or the header).
pub fn forged(headers: &HeaderMap, sent: Option<&str>, expected: &str) -> bool {
    cross_site(headers) || !token_matches(sent, expected)
}

/// Constant-time comparison of the token sent with the session's.
pub fn token_matches(sent: Option<&str>, expected: &str) -> bool {
    let Some(sent) = sent else { return false };
    sent.len() == expected.len() && sent.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// The token in the `X-CSRF-Token` header.
pub fn header_token(headers: &HeaderMap) -> Option<&str> {
    header(headers, HEADER)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn other_sites_are_told_apart_from_ours() {
        let mut headers = HeaderMap::new();
        assert!(!cross_site(&headers), "scripts and old browsers send neither header");
        headers.insert(HOST, HeaderValue::from_static("toasoan.vn"));
        headers.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(cross_site(&headers));
        headers.insert(ORIGIN, HeaderValue::from_static("https://toasoan.vn"));
        assert!(!cross_site(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&headers));
    }

    #[test]
    fn tokens_must_match_exactly() {
        assert!(token_matches(Some("abc"), "abc"));
        assert!(!token_matches(Some("abd"), "abc"));
        assert!(!token_matches(Some("ab"), "abc"));
        assert!(!token_matches(None, "abc"));
    }
}
