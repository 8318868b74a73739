//! How reader pages are made: the layout every page shares, rendering a template, and serving
//! through the page cache — each page is built once per content version by [`serve_cached`];
//! everything after that is a memory lookup.

use std::future::Future;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use minijinja::Value;
use serde::Serialize;

use super::cache::CachedPage;
use super::http::{HTML, respond_filled};
use super::not_found::not_found_page;
use super::page_error::{PageError, server_error};
use super::views::{IssueView, NavItem, SiteView, VideoView, navigation};
use crate::SharedState;

/// A page rendered by a handler, before caching.
pub struct Rendered {
    pub html: String,
    pub last_modified: Option<DateTime<Utc>>,
}

/// Serves the page cached under `key`, rendering it with `render` when the cache lacks it.
pub async fn serve_cached<F, Fut>(state: &SharedState, key: &str, headers: &HeaderMap, render: F) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered, PageError>>,
{
    serve_cached_filled(state, key, headers, render, String::new).await
}

/// Like [`serve_cached`] for a document that is not HTML (a feed, a sitemap).
pub async fn serve_cached_as<F, Fut>(
    state: &SharedState,
    key: &str,
    headers: &HeaderMap,
    content_type: &'static str,
    render: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered, PageError>>,
{
    cached(state, key, headers, content_type, render, String::new).await
}

/// Like [`serve_cached`], with `fill()` put into the page's per-request hole (the comment
/// form's token) on every answer.
pub async fn serve_cached_filled<F, Fut>(
    state: &SharedState,
    key: &str,
    headers: &HeaderMap,
    render: F,
    fill: impl FnOnce() -> String,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered, PageError>>,
{
    cached(state, key, headers, HTML, render, fill).await
}

async fn cached<F, Fut>(
    state: &SharedState,
    key: &str,
    headers: &HeaderMap,
    content_type: &'static str,
    render: F,
    fill: impl FnOnce() -> String,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Rendered, PageError>>,
{
    if let Some(page) = state.cache.get(key) {
        return respond_filled(&page, headers, content_type, fill);
    }
    let version = state.cache.version();
    match render().await {
        Ok(rendered) => {
            let page = CachedPage::new(version, rendered.html, rendered.last_modified);
            let response = respond_filled(&page, headers, content_type, fill);
            state.cache.insert(key.to_owned(), page);
            response
        }
        Err(PageError::NotFound) => not_found_page(state).await,
        Err(PageError::Internal(message)) => {
            tracing::error!(key, %message, "page failed");
            server_error()
        }
        Err(other) => other.into_response(),
    }
}

/// A page that must not be cached (a form shown back with its errors), with its status.
pub async fn serve_uncached(
    state: &SharedState,
    status: StatusCode,
    render: impl Future<Output = Result<Rendered, PageError>>,
) -> Response {
    match render.await {
        Ok(rendered) => {
            let headers = [(axum::http::header::CONTENT_TYPE, HTML), (axum::http::header::CACHE_CONTROL, "no-store")];
            (status, headers, rendered.html).into_response()
        }
        Err(PageError::NotFound) => not_found_page(state).await,
        Err(other) => other.into_response(),
    }
}

/// What every page's layout needs: the site and its menu.
#[derive(Serialize)]
pub struct Layout<'a> {
    pub site: SiteView<'a>,
    pub nav: Vec<NavItem>,
    /// The slug of the menu entry to highlight.
    pub active: Option<String>,
    /// The newest print issue, for the box on every page.
    pub print_issue: Option<IssueView>,
    /// The newest clips, for the "Video clips" box.
    pub latest_videos: Vec<VideoView>,
}

/// Clips in the "Video clips" box.
const BOX_VIDEOS: i64 = 3;

pub async fn layout<'a>(state: &'a SharedState, active: Option<String>) -> Result<Layout<'a>, PageError> {
    let categories = state.db.categories().await?;
    let print_issue = state.db.latest_print_issue().await?.as_ref().map(IssueView::from);
    let filter = toasoan_store::VideoFilter { limit: BOX_VIDEOS, ..toasoan_store::VideoFilter::default() };
    let latest_videos = state.db.videos(&filter).await?.1.iter().map(VideoView::from).collect();
    Ok(Layout { site: SiteView::from(&state.site), nav: navigation(&categories), active, print_issue, latest_videos })
}

/// Any serialisable value as a template value.
pub fn to_value<T: Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// Renders `template` with the layout and the page's own values merged.
pub fn render(state: &SharedState, template: &str, layout: &Layout<'_>, page: Value) -> Result<String, PageError> {
    let context = minijinja::context! { ..to_value(layout), ..page };
    Ok(state.templates.render(template, context)?)
}
