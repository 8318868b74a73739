//! Author pages: `/tac-gia/{slug}` and `/tac-gia/{slug}/trang-{n}`, the author's name and
//! biography above every published article naming them.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::ListFilter;

use super::listing::{Listing, serve_listing, serve_numbered_page};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::views::author_path;

pub async fn author_first_page(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    serve_listing(&state, &author_path(&slug), 1, &headers, || find_author(&state, &slug)).await
}

pub async fn author_page(
    State(state): State<SharedState>,
    Path((slug, page)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    serve_numbered_page(&state, &author_path(&slug), &page, &headers, || find_author(&state, &slug)).await
}

async fn find_author(state: &SharedState, slug: &str) -> Result<Option<Listing>, PageError> {
    Ok(state.db.author_by_slug(slug).await?.map(|author| Listing {
        base_path: author_path(&author.slug),
        heading: author.name,
        kind: "Tác giả",
        filter: ListFilter::Author(author.id),
        parent: None,
        active: None,
        feeds: None,
        about: Some(author.bio).filter(|b| !b.is_empty()),
    }))
}
