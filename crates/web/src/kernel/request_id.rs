//! Every request gets an id — the one a load balancer or proxy sent in `X-Request-Id` when it is
//! a sane token, else a new one — that is echoed in the answer and carried by every log line
//! written while it is served, so one request can be followed across nginx and the nodes.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

pub const HEADER: &str = "x-request-id";

pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .map(str::to_owned)
        .unwrap_or_else(fresh_id);
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(HEADER, value);
    }
    let span = tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path());
    let started = std::time::Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::debug!(status = response.status().as_u16(), micros = started.elapsed().as_micros() as u64, "answered");
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// 1 to 64 letters, digits, `-`, `_` or `.`: anything else (a forged header stuffed with log
/// lines or markup) is replaced.
fn is_sane(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// 16 hex digits of a random token; without a random source, the clock's nanoseconds (still
/// unique enough for following logs).
fn fresh_id() -> String {
    match super::random::new_token() {
        Ok(token) => token[..16].to_owned(),
        Err(_) => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            format!("{:016x}", now.as_nanos() as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sane_ids_are_taken_from_outside() {
        assert!(is_sane("3f2a-9b.c_1"));
        assert!(!is_sane(""));
        assert!(!is_sane(&"a".repeat(65)));
        assert!(!is_sane("a b"));
        assert!(!is_sane("x\ninjected"));
        assert_eq!(fresh_id().len(), 16);
    }
}
