//! Category pages: `/{category}` and `/{category}/trang-{n}`, newest first.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_store::ArticleQuery;

use super::to_value;
use super::{PageError, Rendered, layout, render, serve_cached};
use crate::SharedState;
use crate::views::{cards, category_page_path, pagination};

pub async fn category_first_page(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    category_page(&state, &slug, 1, &headers).await
}

pub async fn category_page(
    state: &SharedState,
    slug: &str,
    page: i64,
    headers: &HeaderMap,
) -> Response {
    let key = category_page_path(slug, page);
    serve_cached(state, &key, headers, || render_category(state, slug, page)).await
}

async fn render_category(
    state: &SharedState,
    slug: &str,
    page: i64,
) -> Result<Rendered, PageError> {
    let category = state
        .db
        .category_by_slug(slug)
        .await?
        .ok_or(PageError::NotFound)?;
    let size = state.site.page_size.max(1);
    let query = ArticleQuery {
        category_id: Some(category.id),
        limit: size,
        offset: (page - 1) * size,
    };
    let (total, articles) = state.db.published_articles(&query).await?;
    let last = ((total + size - 1) / size).max(1);
    if page < 1 || page > last {
        return Err(PageError::NotFound);
    }
    let parent = match category.parent_id {
        Some(_) => state
            .db
            .categories()
            .await?
            .into_iter()
            .find(|c| Some(c.id) == category.parent_id),
        None => None,
    };
    let active = parent
        .as_ref()
        .map_or_else(|| category.slug.clone(), |p| p.slug.clone());
    let layout = layout(state, Some(active)).await?;
    let last_modified = articles.iter().map(|a| a.updated_at).max();
    let context = minijinja::context! {
        category => to_value(category),
        parent => to_value(parent),
        articles => to_value(cards(&articles)),
        total => to_value(total),
        pagination => to_value(pagination(slug, page, last)),
        canonical => to_value(category_page_path(slug, page)),
    };
    Ok(Rendered {
        html: render(state, "category.html", &layout, context)?,
        last_modified,
    })
}
