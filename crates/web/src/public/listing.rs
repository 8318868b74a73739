//! Paginated lists of articles, newest first: the category pages and the tag pages share this.

use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use toasoan_store::{ArticleQuery, Category, ListFilter};

use super::{PageError, Rendered, layout, render, serve_cached, to_value};
use crate::SharedState;
use crate::meta::{Crumb, PageMeta};
use crate::views::{cards, category_path, page_path, pagination};

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
        PageSegment::FirstPage => super::moved_permanently(base_path.to_owned()),
        PageSegment::Other => super::not_found_page(state).await,
    }
}

/// The cards, each with its number of approved comments (one query for the page).
async fn cards_with_comment_counts(
    state: &SharedState,
    articles: &[toasoan_store::ArticleSummary],
) -> Result<Vec<crate::views::Card>, PageError> {
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

/// What the last segment of a list's address asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSegment {
    /// `trang-N`, N ≥ 2.
    Page(i64),
    /// `trang-1`: page 1 lives at the list's own address.
    FirstPage,
    /// Anything else (an article's slug, a typo).
    Other,
}

pub fn page_segment(segment: &str) -> PageSegment {
    match segment.strip_prefix("trang-") {
        Some("1") => PageSegment::FirstPage,
        Some(number) => parse_page_number(number).map_or(PageSegment::Other, PageSegment::Page),
        None => PageSegment::Other,
    }
}

/// Page numbers as written in URLs: digits only, no sign, no leading zero, at least 2 (page 1
/// is the category's own address).
fn parse_page_number(text: &str) -> Option<i64> {
    if text.is_empty() || text.starts_with('0') || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| (2..=crate::views::MAX_PAGE_NUMBER).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_plain_digits_from_two() {
        assert_eq!(parse_page_number("2"), Some(2));
        assert_eq!(parse_page_number("120"), Some(120));
        for bad in ["", "1", "0", "02", "-3", "+3", "3a", "99999999999999999999", "9223372036854775807"] {
            assert_eq!(parse_page_number(bad), None, "{bad}");
        }
        assert_eq!(page_segment("trang-3"), PageSegment::Page(3));
        assert_eq!(page_segment("trang-1"), PageSegment::FirstPage);
        assert_eq!(page_segment("trang-01"), PageSegment::Other);
        assert_eq!(page_segment("gia-lua-tang-4"), PageSegment::Other);
        assert_eq!(page_segment("trang-9223372036854775807"), PageSegment::Other, "no overflow later");
        let pages = ["", "x", "-5", "0", "3", "9223372036854775807"].map(crate::views::page_number);
        assert_eq!(pages, [1, 1, 1, 1, 3, crate::views::MAX_PAGE_NUMBER]);
    }
}
