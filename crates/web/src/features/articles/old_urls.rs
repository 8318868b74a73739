//! Addresses of the old site keep working: an article imported with its old URL answers a
//! request for it with a 301 to its new address, so links from elsewhere and search engines
//! follow. Only requests that found nothing else are looked up (a 404 on the way out), so this
//! costs nothing on the pages that exist.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use toasoan_core::Status;

use crate::SharedState;
use crate::kernel::page_error::moved_permanently;

pub async fn redirect_old_urls(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    // Only the address is kept (a cheap clone); its forms are worked out for 404s alone.
    let asked = matches!(*request.method(), Method::GET | Method::HEAD).then(|| request.uri().clone());
    let response = next.run(request).await;
    let Some(uri) = asked.filter(|_| response.status() == StatusCode::NOT_FOUND) else { return response };
    for candidate in candidates(&uri) {
        for form in [Some(candidate.clone()), other_slash(&candidate)].into_iter().flatten() {
            match new_address(&state, &form).await {
                Ok(Some(path)) => return moved_permanently(path),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "looking up an old address failed"),
            }
        }
    }
    response
}

/// The same address with its final slash added or removed (`/bai-viet/` ~ `/bai-viet`): sites
/// answered both, and links to either are out there. Not for an address with a query.
fn other_slash(address: &str) -> Option<String> {
    if address.contains('?') || address == "/" {
        return None;
    }
    Some(match address.strip_suffix('/') {
        Some(without) => without.to_owned(),
        None => format!("{address}/"),
    })
}

/// The forms an old address may have been stored in: with its query, without, and decoded.
fn candidates(uri: &axum::http::Uri) -> Vec<String> {
    let path = uri.path();
    let mut forms = Vec::with_capacity(4);
    if let Some(query) = uri.query() {
        forms.push(format!("{path}?{query}"));
    }
    forms.push(path.to_owned());
    let decoded: String = percent_decode(path);
    if decoded != path {
        forms.push(decoded);
    }
    forms
}

fn percent_decode(path: &str) -> String {
    let bytes: Vec<u8> = form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned().into_bytes())
        .unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|_| path.to_owned())
}

/// An article's old address, else any other old address an import kept (pictures, categories).
async fn new_address(state: &SharedState, old: &str) -> Result<Option<String>, toasoan_store::StoreError> {
    let Some(id) = state.db.article_id_by_old_url(old).await? else { return state.db.redirect_for(old).await };
    Ok(state.db.article_text(id).await?.filter(|a| a.status == Status::Published).map(|a| a.path()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_address_is_also_tried_with_its_final_slash_toggled() {
        assert_eq!(other_slash("/bai-viet/").as_deref(), Some("/bai-viet"));
        assert_eq!(other_slash("/bai-viet").as_deref(), Some("/bai-viet/"));
        assert_eq!(other_slash("/"), None);
        assert_eq!(other_slash("/?p=4"), None);
    }

    #[test]
    fn an_old_address_is_tried_with_and_without_its_query_and_decoded() {
        let uri: axum::http::Uri = "/tin-t%E1%BB%A9c/7.html?id=3".parse().expect("uri");
        assert_eq!(candidates(&uri), ["/tin-t%E1%BB%A9c/7.html?id=3", "/tin-t%E1%BB%A9c/7.html", "/tin-tức/7.html"]);
        let plain: axum::http::Uri = "/a+b/7.html".parse().expect("uri");
        assert_eq!(candidates(&plain), ["/a+b/7.html"], "a plus stays a plus in a path");
    }
}
