//! Turning a cached page into an HTTP answer: conditional requests (ETag, Last-Modified → 304),
//! Cache-Control, and the pre-compressed body when the client takes gzip.

use axum::body::Body;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH,
    LAST_MODIFIED, VARY,
};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::kernel::cache::CachedPage;

pub const HTML: &str = "text/html; charset=utf-8";

/// Browsers and proxies may keep a page a minute, then must ask again (cheaply, with its ETag).
const PAGE_CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";
/// The same for pages holding a per-reader token: the reader's browser only.
const PRIVATE_PAGE_CACHE_CONTROL: &str = "private, max-age=60";

/// Answers `request_headers` with `page`: 304 when the client's copy is current; `fill()` goes
/// in the page's hole if it has one (a per-reader form token). Such a page is private: a shared
/// cache must not hand one reader's token to the next.
pub fn respond_filled(
    page: &CachedPage,
    request_headers: &HeaderMap,
    content_type: &'static str,
    fill: impl FnOnce() -> String,
) -> Response {
    let cache_control = if page.slot.is_some() { PRIVATE_PAGE_CACHE_CONTROL } else { PAGE_CACHE_CONTROL };
    let mut builder = Response::builder()
        .header(ETAG, page.etag.as_str())
        .header(CACHE_CONTROL, cache_control)
        .header(VARY, "Accept-Encoding");
    if let Some(modified) = page.last_modified {
        builder = builder.header(LAST_MODIFIED, httpdate::fmt_http_date(modified.into()));
    }
    if is_fresh(page, request_headers) {
        return builder.status(StatusCode::NOT_MODIFIED).body(Body::empty()).unwrap_or_default();
    }
    builder = builder.status(StatusCode::OK).header(CONTENT_TYPE, content_type);
    if let Some(slot) = &page.slot {
        let fill = fill();
        let body = if accepts_gzip(request_headers) {
            builder = builder.header(CONTENT_ENCODING, "gzip");
            slot.gzip(&fill)
        } else {
            slot.plain(&fill)
        };
        return builder.body(Body::from(body)).unwrap_or_default();
    }
    let body = match (&page.gzip, accepts_gzip(request_headers)) {
        (Some(gzip), true) => {
            builder = builder.header(CONTENT_ENCODING, "gzip");
            gzip.clone()
        }
        _ => page.body.clone(),
    };
    builder.body(Body::from(body)).unwrap_or_default()
}

/// Whether the client's cached copy matches: If-None-Match wins over If-Modified-Since.
fn is_fresh(page: &CachedPage, headers: &HeaderMap) -> bool {
    if let Some(tags) = headers.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        return tags.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == page.etag);
    }
    let since =
        headers.get(IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()).and_then(|v| httpdate::parse_http_date(v).ok());
    match (since, page.last_modified) {
        (Some(since), Some(modified)) => {
            chrono::DateTime::<chrono::Utc>::from(since).timestamp() >= modified.timestamp()
        }
        _ => false,
    }
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|coding| {
        let mut parts = coding.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn gzip_is_taken_unless_refused() {
        assert!(accepts_gzip(&headers(&[("accept-encoding", "gzip, deflate, br")])));
        assert!(accepts_gzip(&headers(&[("accept-encoding", "br;q=1.0, gzip;q=0.8")])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "gzip;q=0")])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "br")])));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
