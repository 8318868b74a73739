//! Paginated lists of articles, newest first: the category pages and the tag pages share this.

use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use toasoan_store::{ArticleQuery, Category, ListFilter};

use crate::SharedState;
use crate::kernel::meta::{Crumb, PageMeta};
use crate::kernel::pagination::{PageSegment, page_path, page_segment, pagination};
use crate::kernel::views::{cards, category_path};
use crate::kernel::{PageError, Rendered, layout, render, serve_cached, to_value};

/// What a list page shows and where it lives.
#[derive(Debug, Serialize)]
pub struct Listing {
    /// The address of page 1.
    pub base_path: String,
    /// The page's heading: the category's name, or the tag.
    pub heading: String,
    /// What kind of list, shown above the heading ("Chuyên mục", "Từ khóa").
    pub kind: &'static str,
    #[serde(skip)]
    pub filter: ListFilter,
    /// The category above this one, for the breadcrumb.
    pub parent: Option<Category>,
    /// The menu entry to highlight.
    pub active: Option<String>,
    /// The list's own RSS and Atom feeds, where it has them (categories).
    pub feeds: Option<(String, String)>,
    /// A few lines under the heading (an author's biography).
    pub about: Option<String>,
}

/// Serves page `page` of the list that `find` locates (`None` → 404).
pub async fn serve_listing<F, Fut>(
    state: &SharedState,
    base_path: &str,
    page: i64,
    headers: &HeaderMap,
    find: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Option<Listing>, PageError>>,
{
    let key = page_path(base_path, page);
    serve_cached(state, &key, headers, || async move {
        let listing = find().await?.ok_or(PageError::NotFound)?;
        render_listing(state, &listing, page).await
    })
    .await
}

/// The list's address followed by `segment`: page N for `trang-N`, a permanent redirect to the
/// list's own address for `trang-1`, the 404 page for anything else.
pub async fn serve_numbered_page<F, Fut>(
    state: &SharedState,
    base_path: &str,
    segment: &str,
    headers: &HeaderMap,
    find: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Option<Listing>, PageError>>,
{
    match page_segment(segment) {
        PageSegment::Page(page) => serve_listing(state, base_path, page, headers, find).await,
        PageSegment::FirstPage => crate::kernel::page_error::moved_permanently(base_path.to_owned()),
        PageSegment::Other => crate::kernel::not_found_page(state).await,
    }
}

/// The cards, each with its number of approved comments (one query for the page).
async fn cards_with_comment_counts(
    state: &SharedState,
    articles: &[toasoan_store::ArticleSummary],
) -> Result<Vec<crate::kernel::views::Card>, PageError> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let counts = state.db.comment_counts(&ids).await?;
    let mut list = cards(articles);
    for (card, article) in list.iter_mut().zip(articles) {
        card.comments = counts.get(&article.id).copied().unwrap_or(0);
    }
    Ok(list)
}

async fn render_listing(state: &SharedState, listing: &Listing, page: i64) -> Result<Rendered, PageError> {
    let size = state.site.page_size.max(1);
    let query = ArticleQuery::new(listing.filter, size, (page - 1) * size);
    let (total, articles) = state.db.published_articles(&query).await?;
    let last = ((total + size - 1) / size).max(1);
    if page < 1 || page > last {
        return Err(PageError::NotFound);
    }
    let layout = layout(state, listing.active.clone()).await?;
    let context = minijinja::context! {
        listing => to_value(listing),
        articles => to_value(cards_with_comment_counts(state, &articles).await?),
        total => to_value(total),
        pagination => to_value(pagination(&listing.base_path, page, last)),
        canonical => to_value(page_path(&listing.base_path, page)),
        meta => to_value(listing_meta(state, listing, page)),
    };
    let last_modified = articles.iter().map(|a| a.updated_at).max();
    Ok(Rendered { html: render(state, "list.html", &layout, context)?, last_modified })
}

/// The list as a shared link: its name, and the way to it from the home page.
fn listing_meta(state: &SharedState, listing: &Listing, page: i64) -> PageMeta {
    let path = page_path(&listing.base_path, page);
    let title = format!("{} | {}", listing.heading, state.site.name);
    let description = format!("{} {}: các bài viết mới nhất của {}", listing.kind, listing.heading, state.site.name);
    let mut crumbs: Vec<Crumb<'_>> = listing.parent.iter().map(|p| (p.name.as_str(), category_path(&p.slug))).collect();
    crumbs.push((&listing.heading, listing.base_path.clone()));
    PageMeta::website(&state.site, &path, &title, &description, &crumbs)
}
