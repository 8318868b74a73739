//! Article pages at `/{category}/{slug}-{id}`; the same two-segment shape also carries category
//! pages (`/{category}/trang-{n}`).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use toasoan_core::Status;

use super::category::category_page;
use super::comment_form::{CommentFormView, comments_context, slot_html};
use crate::SharedState;
use crate::kernel::meta::{PageMeta, share_links};
use crate::kernel::page_error::moved_permanently;
use crate::kernel::to_value;
use crate::kernel::views::{ArticleView, cards, category_page_path, category_path};
use crate::kernel::{PageError, Rendered, layout, not_found_page, render, serve_cached_filled};
use crate::kernel::{PageSegment, page_segment};
use toasoan_comments::captcha::ChallengeKind;

/// How many "Bài cùng chuyên mục" to show.
const RELATED: i64 = 6;

pub async fn article_or_category_page(
    State(state): State<SharedState>,
    Path((first, second)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match page_segment(&second) {
        PageSegment::Page(page) => return category_page(&state, &first, page, &headers).await,
        PageSegment::FirstPage => return moved_permanently(category_page_path(&first, 1)),
        PageSegment::Other => {}
    }
    if let Some(format) = crate::features::syndication::Format::from_file(&second) {
        return crate::features::syndication::category_feed(&state, &first, format, &headers).await;
    }
    let Some(id) = second.rsplit_once('-').map_or(second.as_str(), |(_, id)| id).parse::<i64>().ok() else {
        return not_found_page(&state).await;
    };
    let key = format!("/{first}/{second}");
    let fill = || slot_html(&state, ChallengeKind::Image);
    serve_cached_filled(&state, &key, &headers, || render_article(&state, id, &key), fill).await
}

async fn render_article(state: &SharedState, id: i64, requested: &str) -> Result<Rendered, PageError> {
    let article = state.db.article(id).await?.ok_or(PageError::NotFound)?;
    if article.status != Status::Published {
        return Err(PageError::NotFound);
    }
    let canonical = article.path();
    if canonical != requested {
        return Err(PageError::MovedTo(canonical));
    }
    let html = article_html(state, &article, &CommentFormView::blank(article.id)).await?;
    Ok(Rendered { html, last_modified: Some(article.updated_at) })
}

/// The width and height of each body figure that is a library picture (none for the others),
/// by block index: the page gives them to the browser, which keeps the picture's place before
/// it arrives (no layout shift). Read when the page is rendered; the page is then cached.
async fn figure_sizes(state: &SharedState, article: &toasoan_store::Article) -> Vec<Option<(i64, i64)>> {
    let mut sizes = Vec::with_capacity(article.blocks.len());
    for block in &article.blocks {
        let id = match block {
            toasoan_core::Block::Figure { image: Some(image), .. } => crate::features::library::library_id(image),
            _ => None,
        };
        let item = match id {
            Some(id) => state.db.media(id).await.ok().flatten(),
            None => None,
        };
        sizes.push(item.filter(|i| i.width > 0 && i.height > 0).map(|i| (i.width, i.height)));
    }
    sizes
}

/// The article's page, as readers see it, with `form` as the comment form (blank on the cached
/// page, filled in when it comes back with errors); the newsroom's preview shows exactly this.
pub async fn article_html(
    state: &SharedState,
    article: &toasoan_store::Article,
    form: &CommentFormView,
) -> Result<String, PageError> {
    let canonical = article.path();
    let related = state.db.related_articles(article.category.id, article.id, RELATED).await?;
    let parent = match article.category.parent_id {
        Some(parent) => state.db.categories().await?.into_iter().find(|c| c.id == parent),
        None => None,
    };
    let active = Some(parent.as_ref().map_or_else(|| article.category.slug.clone(), |p| p.slug.clone()));
    let layout = layout(state, active).await?;
    let parent_crumb = parent.as_ref().map(|p| (p.name.as_str(), category_path(&p.slug)));
    let meta = PageMeta::article(&state.site, article, parent_crumb);
    let comments = state.db.approved_comments(article.id).await?;
    let context = minijinja::context! {
        article => to_value(ArticleView::from(article)),
        figure_sizes => to_value(figure_sizes(state, article).await),
        related => to_value(cards(&related)),
        canonical => to_value(canonical),
        share => to_value(share_links(&meta)),
        meta => to_value(meta),
        ..comments_context(&comments, form)
    };
    render(state, "article.html", &layout, context)
}
