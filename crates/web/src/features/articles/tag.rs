//! Tag pages: `/the/{tag}` and `/the/{tag}/trang-{n}`, every article carrying the tag.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::ListFilter;

use super::listing::{Listing, serve_listing, serve_numbered_page};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::views::tag_path;

pub async fn tag_first_page(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve_listing(&state, &tag_path(&slug), 1, &headers, || find_tag(&state, &slug)).await
}

pub async fn tag_page(
    State(state): State<SharedState>,
    Path((slug, page)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    serve_numbered_page(&state, &tag_path(&slug), &page, &headers, || find_tag(&state, &slug)).await
}

async fn find_tag(state: &SharedState, slug: &str) -> Result<Option<Listing>, PageError> {
    Ok(state.db.tag_by_slug(slug).await?.map(|(id, tag)| Listing {
        base_path: tag_path(&tag.slug),
        heading: tag.name,
        kind: "Từ khóa",
        filter: ListFilter::Tag(id),
        parent: None,
        active: None,
        feeds: None,
        about: None,
    }))
}
