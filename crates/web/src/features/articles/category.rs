//! Category pages: `/{category}` and `/{category}/trang-{n}`, with the articles of the category
//! and its children.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::ListFilter;

use super::listing::{Listing, serve_listing};
use crate::SharedState;
use crate::kernel::PageError;
use crate::kernel::views::category_path;

pub async fn category_first_page(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    category_page(&state, &slug, 1, &headers).await
}

pub async fn category_page(state: &SharedState, slug: &str, page: i64, headers: &HeaderMap) -> Response {
    serve_listing(state, &category_path(slug), page, headers, || find_category(state, slug)).await
}

async fn find_category(state: &SharedState, slug: &str) -> Result<Option<Listing>, PageError> {
    let Some(category) = state.db.category_by_slug(slug).await? else {
        return Ok(None);
    };
    let parent = match category.parent_id {
        Some(parent_id) => state.db.categories().await?.into_iter().find(|c| c.id == parent_id),
        None => None,
    };
    let active = parent.as_ref().map_or_else(|| category.slug.clone(), |p| p.slug.clone());
    Ok(Some(Listing {
        base_path: category_path(&category.slug),
        heading: category.name.clone(),
        kind: "Chuyên mục",
        filter: ListFilter::Category(category.id),
        parent,
        active: Some(active),
        feeds: Some((format!("/{}/rss.xml", category.slug), format!("/{}/atom.xml", category.slug))),
        about: None,
    }))
}
