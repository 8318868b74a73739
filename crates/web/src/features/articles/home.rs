//! The home page: featured articles, then the latest of each top-level category.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;
use toasoan_store::{ArticleQuery, ListFilter};

use crate::SharedState;
use crate::kernel::meta::PageMeta;
use crate::kernel::to_value;
use crate::kernel::views::{Card, NavItem, cards};
use crate::kernel::{PageError, Rendered, layout, render, serve_cached};

/// Articles per category section on the home page.
const SECTION_SIZE: i64 = 4;
const FEATURED: i64 = 5;
const LATEST: i64 = 10;

#[derive(Serialize)]
struct Section<'a> {
    category: &'a NavItem,
    articles: Vec<Card>,
}

pub async fn home(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    serve_cached(&state, "/", &headers, || render_home(&state)).await
}

async fn render_home(state: &SharedState) -> Result<Rendered, PageError> {
    let layout = layout(state, Some("trang-chu".to_owned())).await?;
    let latest_query = ArticleQuery { filter: ListFilter::All, limit: LATEST, offset: 0 };
    let (_, latest) = state.db.published_articles(&latest_query).await?;
    let mut featured = state.db.featured_articles(FEATURED).await?;
    if featured.is_empty() {
        featured = latest.iter().take(FEATURED as usize).cloned().collect();
    }
    let mut sections = Vec::new();
    for item in &layout.nav {
        let query = ArticleQuery { filter: ListFilter::Category(item.id), limit: SECTION_SIZE, offset: 0 };
        let (_, articles) = state.db.published_articles(&query).await?;
        if !articles.is_empty() {
            sections.push(Section { category: item, articles: cards(&articles) });
        }
    }
    let last_modified = latest.iter().map(|a| a.updated_at).max();
    let page = minijinja::context! {
        featured => to_value(cards(&featured)),
        latest => to_value(cards(&latest)),
        sections => to_value(sections),
        canonical => "/",
        meta => to_value(PageMeta::website(&state.site, "/", &state.site.name, &state.site.description, &[])),
    };
    Ok(Rendered { html: render(state, "home.html", &layout, page)?, last_modified })
}
