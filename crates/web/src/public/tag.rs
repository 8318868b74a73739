//! Tag pages: `/the/{tag}` and `/the/{tag}/trang-{n}`, every article carrying the tag.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::ListFilter;

use super::listing::{Listing, PageSegment, page_segment, serve_listing};
use super::{PageError, not_found_page};
use crate::SharedState;
use crate::views::tag_path;

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
    match page_segment(&page) {
        PageSegment::Page(page) => {
            serve_listing(&state, &tag_path(&slug), page, &headers, || find_tag(&state, &slug)).await
        }
        PageSegment::FirstPage => super::moved_permanently(tag_path(&slug)),
        PageSegment::Other => not_found_page(&state).await,
    }
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
